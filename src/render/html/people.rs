//! Internal pages across cohorts (`build --internal`): one page per person (by stable
//! person id) with every cohort they were in, their rank, points and result, and holds; the
//! index of people; and the talent pipeline (梯队).

use super::audit::{self, Origins, Source};
use super::pages::Page;
use crate::compute::Computed;
use crate::model::{Content, Rank};
use serde::Serialize;

#[derive(Serialize)]
struct PersonPage<'a> {
    person: PersonName<'a>,
    rows: Vec<PersonYear<'a>>,
    holds: Vec<PersonHold>,
}

#[derive(Serialize)]
struct PersonName<'a> {
    id: &'a str,
    name: &'a str,
}

/// A person's year in one cohort.
#[derive(Serialize)]
struct PersonYear<'a> {
    year: i32,
    programme: Option<&'a str>,
    group: Option<&'a str>,
    department: &'a str,
    position: Option<&'a str>,
    rank: &'static str,
    /// Higher rank than in the person's previous cohort.
    promoted: bool,
    total: Option<u32>,
    passed: Option<bool>,
    pass_mark: Option<u32>,
    /// The member's ledger page, when the cohort kept points.
    url: Option<String>,
    source: Source,
}

#[derive(Serialize)]
struct PersonHold {
    year: i32,
    until: i32,
    total: u32,
    pass_mark: u32,
    source: Option<Source>,
}

#[derive(Serialize)]
struct PeoplePage<'a> {
    people: Vec<PersonEntry<'a>>,
}

#[derive(Serialize)]
struct PersonEntry<'a> {
    id: &'a str,
    name: &'a str,
    url: String,
    /// Years of the cohorts the person was in.
    cohorts: Vec<i32>,
    held: bool,
}

#[derive(Serialize)]
struct PipelinePage {
    years: Vec<PipelineYear>,
    ranks: [&'static str; 3],
}

#[derive(Serialize)]
struct PipelineYear {
    year: i32,
    ranks: Vec<RankCount>,
    members: usize,
    /// Members in no earlier cohort.
    new: usize,
    /// Members with a higher rank than in an earlier cohort.
    promoted: usize,
    programmes: Vec<ProgrammeCount>,
}

#[derive(Serialize)]
struct RankCount {
    rank: &'static str,
    count: usize,
    passed: Option<usize>,
}

#[derive(Serialize)]
struct ProgrammeCount {
    name: String,
    count: usize,
}

pub fn people_pages(pages: &mut Vec<Page>, content: &Content, computed: &Computed) {
    let mut ids: Vec<(&str, &str)> = Vec::new();
    for c in &content.cohorts {
        for m in &c.members {
            if !ids.iter().any(|(i, _)| *i == m.id.value) {
                ids.push((&m.id.value, &m.name.value));
            }
        }
    }
    let opts = crate::compute::order::options(&content.site);
    ids.sort_by(|a, b| showcase_collate::compare(a.1, b.1, &opts));
    let origins: Vec<Origins> = content.cohorts.iter().map(Origins::of).collect();
    let mut people = Vec::new();
    for &(id, name) in &ids {
        let mut rows = Vec::new();
        let mut prev_rank: Option<Rank> = None;
        for ((c, f), o) in content.cohorts.iter().zip(&computed.cohorts).zip(&origins) {
            let Some((i, m)) = c.members.iter().enumerate().find(|(_, m)| m.id.value == id) else {
                continue;
            };
            let row = f.ledger.as_ref().and_then(|l| l.row(i));
            let promoted = prev_rank.is_some_and(|p| m.rank > p);
            prev_rank = Some(m.rank);
            rows.push(PersonYear {
                year: c.year,
                programme: c.programme(&m.programme.value).map(|p| p.name.as_str()),
                group: c.group_of(i).map(|g| g.name.as_str()),
                department: &m.department,
                position: m.position.as_deref(),
                rank: m.rank.name(),
                promoted,
                total: row.map(|r| r.total),
                passed: row.map(|r| r.passed),
                pass_mark: f.ledger.as_ref().map(|l| l.rules.pass_mark),
                url: row.map(|_| format!("{}/members/{id}/index.html", c.year)),
                source: audit::source(content, o, m.pos),
            });
        }
        let holds: Vec<PersonHold> = computed
            .holds
            .iter()
            .filter(|h| h.person == id)
            .map(|h| PersonHold {
                year: h.year,
                until: h.until,
                total: h.total,
                pass_mark: h.pass_mark,
                source: content
                    .cohorts
                    .iter()
                    .position(|c| c.year == h.year)
                    .and_then(|i| origins.get(i))
                    .map(|o| audit::source(content, o, h.source)),
            })
            .collect();
        people.push(PersonEntry {
            id,
            name,
            url: format!("people/{id}/index.html"),
            cohorts: rows.iter().map(|r| r.year).collect(),
            held: !holds.is_empty(),
        });
        let page = PersonPage {
            person: PersonName { id, name },
            rows,
            holds,
        };
        let path = format!("people/{id}/index.html");
        let title = format!("{name} · 历年培养情况");
        pages.push(Page::new(path, "internal/person.html", title).with(&page));
    }
    let index = PeoplePage { people };
    pages.push(
        Page::new(
            "people/index.html".into(),
            "internal/people.html",
            "人员历年档案",
        )
        .with(&index),
    );
    let pipeline = PipelinePage {
        years: pipeline(content, computed),
        ranks: Rank::NAMES,
    };
    pages.push(
        Page::new(
            "pipeline/index.html".into(),
            "internal/pipeline.html",
            "干部梯队",
        )
        .with(&pipeline),
    );
}

/// The talent pipeline (computed in `compute::stats`) in the template's words.
fn pipeline(content: &Content, computed: &Computed) -> Vec<PipelineYear> {
    let years = crate::compute::stats::pipeline(content, &computed.cohorts);
    content
        .cohorts
        .iter()
        .zip(years)
        .map(|(c, y)| PipelineYear {
            year: y.year,
            ranks: Rank::NAMES
                .iter()
                .zip(&y.ranks)
                .map(|(rank, &(count, passed))| RankCount {
                    rank,
                    count,
                    passed,
                })
                .collect(),
            members: y.members,
            new: y.new,
            promoted: y.promoted,
            programmes: c
                .programmes
                .iter()
                .zip(&y.programmes)
                .map(|(p, &count)| ProgrammeCount {
                    name: p.name.clone(),
                    count,
                })
                .collect(),
        })
        .collect()
}

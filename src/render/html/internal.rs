//! Pages only the organisation office sees (`build --internal`): the full ledger, every
//! member's audit trail with source records, members below the pass mark, promotion holds.

use super::audit::{self, Origins};
use super::pages::Page;
use crate::compute::Computed;
use crate::compute::holds::Hold;
use crate::model::Content;
use crate::text::date_cn;
use serde_json::{Value, json};

pub fn pages<'a>(pages: &mut Vec<Page<'a>>, content: &'a Content, computed: &'a Computed) {
    for (c, f) in content.cohorts.iter().zip(&computed.cohorts) {
        let Some(l) = &f.ledger else { continue };
        let y = c.year;
        let origins = std::sync::Arc::new(Origins::of(c));
        let group_name = |i: usize| {
            c.members[i]
                .group
                .as_ref()
                .and_then(|g| c.group(&g.value))
                .map(|g| g.name.clone())
                .unwrap_or_default()
        };
        let row = |r: &crate::compute::ledger::MemberLedger| {
            let m = &c.members[r.member];
            json!({
                "rank": r.rank, "id": m.id.value, "name": m.name.value, "department": m.department,
                "group": group_name(r.member), "programme": c.programme(&m.programme.value).map(|p| p.name.clone()),
                "total": r.total, "passed": r.passed, "url": format!("{y}/members/{}/index.html", m.id.value),
                "entries": r.entries.len(),
            })
        };
        let rows: Vec<Value> = l.rows.iter().map(row).collect();
        let failed: Vec<Value> = l.failed().map(row).collect();
        let cohort = json!({ "year": y, "title": c.title, "url": format!("{y}/index.html"), "pass_mark": l.rules.pass_mark, "hold_years": l.rules.hold_years });
        pages.push(Page {
            path: format!("{y}/ledger/index.html"),
            template: "internal/ledger.html",
            lazy: None,
            title: format!("积分台账 · {}", c.title),
            ctx: json!({ "cohort": cohort, "rows": rows }),
        });
        pages.push(Page {
            path: format!("{y}/failed/index.html"),
            template: "internal/failed.html",
            lazy: None,
            title: format!("积分不合格人员 · {}", c.title),
            ctx: json!({ "cohort": cohort, "rows": failed }),
        });
        for r in &l.rows {
            let m = &c.members[r.member];
            // The audit trail is built when the page is rendered: with many activity records
            // every member's trail at once would be most of the build's memory.
            let origins = origins.clone();
            let entries: super::pages::Lazy<'a> = Box::new(move || {
                let entries: Vec<Value> = r
                    .entries
                    .iter()
                    .map(|e| {
                        json!({
                            "date": e.date.map(date_cn), "rule": e.rule.label(&l.rules), "points": e.points,
                            "what": e.what, "source": audit::source(content, &origins, e.source),
                        })
                    })
                    .collect();
                json!({ "entries": entries })
            });
            let holds: Vec<Value> = computed
                .holds
                .iter()
                .filter(|h| h.person == m.id.value)
                .map(|h| json!({ "year": h.year, "until": h.until, "total": h.total }))
                .collect();
            let history: Vec<Value> = content
                .cohorts
                .iter()
                .filter_map(|oc| {
                    let om = oc.members.iter().find(|x| x.id.value == m.id.value)?;
                    Some(json!({
                        "year": oc.year,
                        "programme": oc.programme(&om.programme.value).map(|p| p.name.clone()),
                        "rank": om.rank.name(), "department": om.department,
                    }))
                })
                .collect();
            pages.push(Page {
                path: format!("{y}/members/{}/index.html", m.id.value),
                template: "internal/member.html",
                lazy: Some(entries),
                title: format!("{} · 积分明细", m.name.value),
                ctx: json!({
                    "cohort": cohort, "row": row(r), "holds": holds, "history": history,
                    "personal": {
                        "gender": m.female.map(|f| if f { "女" } else { "男" }),
                        "birth_date": m.personal.birth_date.map(date_cn),
                        "phone": m.personal.phone, "political_status": m.personal.political_status,
                        "position": m.position, "rank": m.rank.name(), "line": m.line, "home_line": m.home_line,
                        "consent": m.consent,
                    },
                }),
            });
        }
    }
    let latest = content.cohorts.last().map(|c| c.year).unwrap_or(0);
    let origins = all_origins(content);
    let holds: Vec<Value> = holds_in_reading_order(&computed.holds, content)
        .into_iter()
        .map(|h| {
            json!({
                "person": h.person, "name": h.name, "department": h.department, "year": h.year,
                "total": h.total, "pass_mark": h.pass_mark, "until": h.until,
                "active": h.until >= latest, "source": hold_source(content, &origins, h),
                "url": format!("{}/members/{}/index.html", h.year, h.person),
            })
        })
        .collect();
    pages.push(Page {
        path: "holds/index.html".into(),
        template: "internal/holds.html",
        lazy: None,
        title: "暂缓提拔名单".into(),
        ctx: json!({ "holds": holds }),
    });
}

/// Each cohort's record origins, in `content.cohorts` order.
fn all_origins(content: &Content) -> Vec<Origins> {
    content.cohorts.iter().map(Origins::of).collect()
}

/// The roster record a hold rests on, named for people.
fn hold_source(content: &Content, origins: &[Origins], h: &Hold) -> Option<Value> {
    let i = content.cohorts.iter().position(|c| c.year == h.year)?;
    Some(audit::source(content, origins.get(i)?, h.source))
}

/// The hold list as the office reads it: the latest failing year first (those holds are
/// still in force and are what a promotion decision is checked against; expired ones sink
/// to the bottom), and within a year the lowest total first — the furthest below the pass
/// mark are the cases the office is asked about; equal totals in name order.
pub fn holds_in_reading_order<'h>(holds: &'h [Hold], content: &Content) -> Vec<&'h Hold> {
    let opts = crate::compute::order::options(&content.site);
    let mut v: Vec<&Hold> = holds.iter().collect();
    v.sort_by(|a, b| {
        b.year
            .cmp(&a.year)
            .then(a.total.cmp(&b.total))
            .then_with(|| showcase_collate::compare(&a.name, &b.name, &opts))
            .then_with(|| a.person.cmp(&b.person))
    });
    v
}

/// People across cohorts (by stable person id): one page per person with every cohort they
/// were in, their rank, points and result, holds; an index; and the talent pipeline (梯队).
pub fn people_pages(pages: &mut Vec<Page>, content: &Content, computed: &Computed) {
    let mut ids: Vec<(String, String)> = Vec::new();
    for c in &content.cohorts {
        for m in &c.members {
            if !ids.iter().any(|(i, _)| *i == m.id.value) {
                ids.push((m.id.value.clone(), m.name.value.clone()));
            }
        }
    }
    let opts = crate::compute::order::options(&content.site);
    ids.sort_by(|a, b| showcase_collate::compare(&a.1, &b.1, &opts));
    let origins = all_origins(content);
    let mut index = Vec::new();
    for (id, name) in &ids {
        let mut rows = Vec::new();
        let mut prev_rank: Option<crate::model::Rank> = None;
        for ((c, f), o) in content.cohorts.iter().zip(&computed.cohorts).zip(&origins) {
            let Some((i, m)) = c
                .members
                .iter()
                .enumerate()
                .find(|(_, m)| m.id.value == *id)
            else {
                continue;
            };
            let row = f.ledger.as_ref().and_then(|l| l.row(i));
            let promoted = prev_rank.is_some_and(|p| m.rank > p);
            prev_rank = Some(m.rank);
            rows.push(json!({
                "year": c.year,
                "programme": c.programme(&m.programme.value).map(|p| p.name.clone()),
                "group": m.group.as_ref().and_then(|g| c.group(&g.value)).map(|g| g.name.clone()),
                "department": m.department, "position": m.position, "rank": m.rank.name(), "promoted": promoted,
                "total": row.map(|r| r.total), "passed": row.map(|r| r.passed),
                "pass_mark": f.ledger.as_ref().map(|l| l.rules.pass_mark),
                "url": row.map(|_| format!("{}/members/{id}/index.html", c.year)),
                "source": audit::source(content, o, m.pos),
            }));
        }
        let holds: Vec<Value> = computed
            .holds
            .iter()
            .filter(|h| h.person == *id)
            .map(|h| json!({ "year": h.year, "until": h.until, "total": h.total, "pass_mark": h.pass_mark, "source": hold_source(content, &origins, h) }))
            .collect();
        index.push(json!({
            "id": id, "name": name, "url": format!("people/{id}/index.html"),
            "cohorts": rows.iter().map(|r| r["year"].clone()).collect::<Vec<_>>(),
            "held": !holds.is_empty(),
        }));
        pages.push(Page {
            path: format!("people/{id}/index.html"),
            template: "internal/person.html",
            lazy: None,
            title: format!("{name} · 历年培养情况"),
            ctx: json!({ "person": { "id": id, "name": name }, "rows": rows, "holds": holds }),
        });
    }
    pages.push(Page {
        path: "people/index.html".into(),
        template: "internal/people.html",
        lazy: None,
        title: "人员历年档案".into(),
        ctx: json!({ "people": index }),
    });
    // The talent pipeline: members by cohort, programme and rank, with how many passed.
    let pipeline: Vec<Value> = content
        .cohorts
        .iter()
        .zip(&computed.cohorts)
        .map(|(c, f)| {
            let ranks: Vec<Value> = crate::model::Rank::NAMES
                .iter()
                .map(|name| {
                    let members: Vec<usize> = c.members.iter().enumerate().filter(|(_, m)| m.rank.name() == *name).map(|(i, _)| i).collect();
                    let passed = f.ledger.as_ref().map(|l| members.iter().filter(|&&i| l.row(i).is_some_and(|r| r.passed)).count());
                    json!({ "rank": name, "count": members.len(), "passed": passed })
                })
                .collect();
            let new_people = c
                .members
                .iter()
                .filter(|m| !content.cohorts.iter().filter(|o| o.year < c.year).any(|o| o.members.iter().any(|x| x.id.value == m.id.value)))
                .count();
            let promoted = c
                .members
                .iter()
                .filter(|m| {
                    content.cohorts.iter().filter(|o| o.year < c.year).filter_map(|o| o.members.iter().find(|x| x.id.value == m.id.value)).any(|x| x.rank < m.rank)
                })
                .count();
            json!({ "year": c.year, "ranks": ranks, "members": c.members.len(), "new": new_people, "promoted": promoted,
                    "programmes": c.programmes.iter().map(|p| json!({ "name": p.name, "count": c.members.iter().filter(|m| m.programme.value == p.id.value).count() })).collect::<Vec<_>>() })
        })
        .collect();
    pages.push(Page {
        path: "pipeline/index.html".into(),
        template: "internal/pipeline.html",
        lazy: None,
        title: "干部梯队".into(),
        ctx: json!({ "years": pipeline, "ranks": crate::model::Rank::NAMES }),
    });
}

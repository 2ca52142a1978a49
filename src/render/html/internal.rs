//! Pages only the organisation office sees (`build --internal`): the full ledger, every
//! member's audit trail with source records, members below the pass mark, promotion holds.

use super::pages::Page;
use crate::compute::Computed;
use crate::model::Content;
use crate::text::date_cn;
use serde_json::{Value, json};

pub fn pages<'a>(pages: &mut Vec<Page<'a>>, content: &'a Content, computed: &'a Computed) {
    for (c, f) in content.cohorts.iter().zip(&computed.cohorts) {
        let Some(l) = &f.ledger else { continue };
        let y = c.year;
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
            let entries: super::pages::Lazy<'a> = Box::new(move || {
                let entries: Vec<Value> = r
                    .entries
                    .iter()
                    .map(|e| {
                        json!({
                            "date": e.date.map(date_cn), "rule": e.rule.name(), "points": e.points,
                            "what": e.what, "source": content.sources.display_pos(e.source),
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
    let holds: Vec<Value> = computed
        .holds
        .iter()
        .map(|h| {
            json!({
                "person": h.person, "name": h.name, "department": h.department, "year": h.year,
                "total": h.total, "pass_mark": h.pass_mark, "until": h.until,
                "active": h.until >= latest, "source": content.sources.display_pos(h.source),
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
    let mut index = Vec::new();
    for (id, name) in &ids {
        let mut rows = Vec::new();
        let mut prev_rank: Option<crate::model::Rank> = None;
        for (c, f) in content.cohorts.iter().zip(&computed.cohorts) {
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
                "source": content.sources.display_pos(m.pos),
            }));
        }
        let holds: Vec<Value> = computed
            .holds
            .iter()
            .filter(|h| h.person == *id)
            .map(|h| json!({ "year": h.year, "until": h.until, "total": h.total, "pass_mark": h.pass_mark, "source": content.sources.display_pos(h.source) }))
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

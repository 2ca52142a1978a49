//! Pages only the organisation office sees (`build --internal`): the full ledger, every
//! member's audit trail with source records, members below the pass mark, promotion holds.

use super::pages::Page;
use crate::compute::Computed;
use crate::model::Content;
use crate::text::date_cn;
use serde_json::{Value, json};

pub fn pages(pages: &mut Vec<Page>, content: &Content, computed: &Computed) {
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
            title: format!("积分台账 · {}", c.title),
            ctx: json!({ "cohort": cohort, "rows": rows }),
        });
        pages.push(Page {
            path: format!("{y}/failed/index.html"),
            template: "internal/failed.html",
            title: format!("积分不合格人员 · {}", c.title),
            ctx: json!({ "cohort": cohort, "rows": failed }),
        });
        for r in &l.rows {
            let m = &c.members[r.member];
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
                title: format!("{} · 积分明细", m.name.value),
                ctx: json!({
                    "cohort": cohort, "row": row(r), "entries": entries, "holds": holds, "history": history,
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
        title: "暂缓提拔名单".into(),
        ctx: json!({ "holds": holds }),
    });
}

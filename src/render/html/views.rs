//! View models for templates, built from the model and the computed figures. This is where
//! privacy is enforced: public views carry names and departments only, never personal
//! fields, individual totals or the names of members who did not consent.

use crate::compute::CohortFigures;
use crate::compute::honours::Recipients;
use crate::compute::stats::GroupStats;
use crate::model::{Cohort, DocKind, Document, Site};
use crate::render::names;
use crate::text::{date_cn, month_cn};
use serde_json::{Value, json};

/// Which audience a page is for.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Audience {
    Public,
    Internal,
}

pub fn pct(x: Option<f64>) -> String {
    x.map(|v| format!("{:.0}%", v * 100.0))
        .unwrap_or_else(|| "—".into())
}

fn one_decimal(x: f64) -> String {
    format!("{x:.1}")
}

/// A member as the audience may see them; `None` when the public may not see the name.
pub fn member(c: &Cohort, i: usize, aud: Audience) -> Option<Value> {
    if aud == Audience::Public {
        let p = crate::render::public::person(c, i)?;
        return Some(json!({ "name": p.name, "department": p.department }));
    }
    let m = &c.members[i];
    let mut v = json!({ "name": m.name.value, "department": m.department });
    {
        v["id"] = json!(m.id.value);
        v["position"] = json!(m.position);
        v["rank"] = json!(m.rank.name());
        v["consent"] = json!(m.consent);
    }
    Some(v)
}

pub fn doc_url(d: &Document, year: i32) -> String {
    let section = match d.kind {
        DocKind::Report => "reports",
        DocKind::Case => "cases",
        DocKind::Preface => "preface",
        DocKind::Afterword => "afterword",
    };
    match d.kind {
        DocKind::Report | DocKind::Case => format!("{year}/{section}/{}/index.html", d.slug),
        _ => format!("{year}/{section}/index.html"),
    }
}

/// Authors the audience may see, joined; hidden authors become "（另一名作者）".
pub fn authors(c: &Cohort, d: &Document, aud: Audience) -> Vec<String> {
    if aud == Audience::Public {
        return crate::render::public::authors(c, d);
    }
    d.authors
        .iter()
        .filter_map(|a| a.member)
        .map(|i| match member(c, i, aud) {
            Some(v) => v["name"].as_str().unwrap_or_default().to_string(),
            None => "（作者之一未公开姓名）".to_string(),
        })
        .collect()
}

pub fn doc_summary(c: &Cohort, d: &Document, aud: Audience) -> Value {
    json!({
        "title": d.title.value,
        "url": doc_url(d, c.year),
        "authors": authors(c, d, aud).join("、"),
        "group": d.group.as_ref().and_then(|g| c.group(&g.value)).map(|g| g.name.clone()),
        "group_url": d.group.as_ref().map(|g| format!("{}/groups/{}/index.html", c.year, g.value)),
        "date": d.date.as_ref().map(|x| date_cn(x.value)),
        "abstract": d.abstract_,
        "keywords": d.keywords,
        "kind": if d.kind == DocKind::Report { "调研文章" } else { "活动案例" },
        "draft": d.draft,
    })
}

pub fn group_row(c: &Cohort, g: &GroupStats, aud: Audience) -> Value {
    let group = &c.groups[g.group];
    let mut v = json!({
        "id": group.id.value,
        "name": group.name,
        "url": format!("{}/groups/{}/index.html", c.year, group.id.value),
        "programme": c.programme(&group.programme.value).map(|p| p.name.clone()),
        "line": group.line,
        "mentor": group.mentor.as_ref().map(|m| m.name.clone()),
        "mentor_title": group.mentor.as_ref().and_then(|m| m.title.clone()),
        "members": g.members,
        "activities": g.activities,
        "attendance": pct(g.attendance),
        "active_months": g.by_month.len() - g.idle_months,
        "idle_months": g.idle_months,
        "months": g.by_month.len(),
        "reports": g.reports,
        "cases": g.cases,
    });
    if aud == Audience::Internal {
        v["average_points"] = json!(g.average_points.map(one_decimal));
    }
    v
}

pub fn cohort_summary(c: &Cohort, f: &CohortFigures) -> Value {
    let s = &f.stats;
    json!({
        "year": c.year,
        "title": c.title,
        "url": format!("{}/index.html", c.year),
        "period": format!("{} 至 {}", date_cn(c.start), date_cn(c.end)),
        "archived": c.status == crate::model::Status::Archived,
        "programmes": c.programmes.iter().map(|p| p.name.clone()).collect::<Vec<_>>().join("、"),
        "groups": c.groups.len(),
        "members": s.members,
        "activities": s.activities,
        "has_activities": c.has_activity_records(),
        "reports": s.reports,
        "cases": s.cases,
        "has_points": c.points.is_some(),
        "pass_rate": match (s.passed, s.members) { (Some(p), n) if n > 0 => format!("{:.0}%", p as f64 * 100.0 / n as f64), _ => "—".into() },
        "average_points": s.average_points.map(one_decimal),
        "honours": f.honours.len(),
    })
}

/// The honour roll: each award with its names in publication order, padded for alignment.
pub fn honour_roll(
    c: &Cohort,
    f: &CohortFigures,
    site: &Site,
    note: &str,
    aud: Audience,
) -> Vec<Value> {
    f.honours
        .iter()
        .map(|h| match &h.recipients {
            Recipients::Members(list) => {
                let (people, hidden) = match aud {
                    Audience::Public => crate::render::public::split(c, list),
                    Audience::Internal => (list.iter().map(|&i| internal_person(c, i)).collect(), 0),
                };
                let shown: Vec<Value> = people
                    .iter()
                    .map(|p| {
                        let extra = names::honour_extra(p, &site.honour_roll);
                        json!({ "name": names::padded(p.name), "plain": p.name, "extra": extra })
                    })
                    .collect();
                json!({
                    "name": h.name, "count": list.len(), "unit": "名", "note": note, "basis": h.basis,
                    "members": shown, "hidden": hidden, "is_group": false,
                })
            }
            Recipients::Groups(list) => json!({
                "name": h.name, "count": list.len(), "unit": "个", "note": "", "basis": h.basis, "is_group": true,
                "groups": list.iter().map(|&g| {
                    let gr = &c.groups[g];
                    json!({ "name": gr.name, "mentor": gr.mentor.as_ref().map(|m| m.name.clone()), "url": format!("{}/groups/{}/index.html", c.year, gr.id.value) })
                }).collect::<Vec<_>>(),
            }),
        })
        .collect()
}

/// The office sees every honoured member, consent or not (internal site only).
fn internal_person(c: &Cohort, i: usize) -> crate::render::public::NamedPerson<'_> {
    let m = &c.members[i];
    crate::render::public::NamedPerson {
        name: &m.name.value,
        department: &m.department,
        female: m.female == Some(true),
    }
}

pub fn points_rules(c: &Cohort) -> Option<Value> {
    let p = c.points.as_ref()?;
    Some(json!([
        { "what": "参加一次学习、培训或活动", "points": format!("{} 分", p.attend) },
        { "what": "完成一篇作业或调研文章", "points": format!("{} 分", p.submission) },
        { "what": format!("组织一次 {} 人以上活动并亲自参加", p.organise_min_headcount), "points": format!("加 {} 分", p.organise) },
        { "what": "在活动中有其他突出贡献", "points": format!("加 {} 分", p.contribution) },
        { "what": "自愿参加重点工作实践小组并完成工作", "points": format!("{} 分", p.practice_team) },
        { "what": "年终合格分", "points": format!("{} 分", p.pass_mark) },
        { "what": "不合格的后果", "points": format!("{} 年内不考虑提拔", p.hold_years) },
    ]))
}

/// Month labels of a cohort's period ("5月", or "2018年1月" across a year end).
pub fn month_labels(c: &Cohort, months: &[(i32, u32)]) -> Vec<String> {
    months
        .iter()
        .map(|&(y, m)| {
            if y == c.year {
                format!("{m}月")
            } else {
                format!("{y}年{m}月")
            }
        })
        .collect()
}

/// The activity timeline of a group: month headings with their activities.
pub fn timeline(c: &Cohort, group: &str, aud: Audience) -> Vec<Value> {
    let mut acts: Vec<&crate::model::Activity> = c.group_activities(group).collect();
    acts.sort_by_key(|a| a.date.value);
    let mut out: Vec<Value> = Vec::new();
    for a in acts {
        let month = month_cn(a.date.value);
        let participants: Vec<String> = a
            .participants
            .iter()
            .filter_map(|r| r.member)
            .filter_map(|i| member(c, i, aud))
            .map(|v| v["name"].as_str().unwrap_or_default().to_string())
            .collect();
        let item = json!({
            "date": date_cn(a.date.value),
            "iso": a.date.value.to_string(),
            "title": a.title.value,
            "kind": a.kind.name(),
            "summary": a.summary,
            "count": a.participants.len(),
            "headcount": a.headcount.as_ref().map(|h| h.value),
            "participants": participants.join("、"),
        });
        match out.last_mut() {
            Some(last) if last["month"] == month => last["items"]
                .as_array_mut()
                .map(|v| v.push(item))
                .unwrap_or(()),
            _ => out.push(json!({ "month": month, "items": [item] })),
        }
    }
    out
}

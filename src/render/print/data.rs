//! `data.json`: everything a print theme needs to lay out one cohort's booklet and cover —
//! book, print settings, cohort, programmes, groups, rules, statistics, charts, honours,
//! chronicle and the documents in reading order. Plain data only: Typst shows JSON strings
//! as text, so nothing needs escaping, and the theme decides order, headings and wording.
//! Documented for theme authors in docs/themes.md. People's names come only through
//! [`crate::render::public`].

use crate::compute::CohortFigures;
use crate::compute::honours::Recipients;
use crate::model::{Cohort, Content, Document, Scope};
use crate::render::reading::reading_order;
use crate::render::{names, public};
use crate::text::{date_cn, date_cn_numerals};
use chrono::Datelike;
use serde_json::{Value, json};
use std::collections::BTreeMap;

pub fn build(
    content: &Content,
    c: &Cohort,
    f: &CohortFigures,
    charts: &[(String, String)],
    cover_image: Option<&str>,
    fonts: &super::fonts::FontSet,
) -> Value {
    let date = super::source::book_date(c);
    let p = &c.print;
    let (w, h) = p.paper.size_mm();
    json!({
        "book": {
            "title": c.title,
            "issuer": content.site.issuer,
            "site_title": content.site.title,
            "year": c.year,
            "date": { "year": date.year(), "month": date.month(), "day": date.day() },
            "date_cn": date_cn_numerals(date.year(), date.month()),
            "date_full": date_cn(date),
            "programmes_line": c.programmes.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join("　"),
            "keywords": std::iter::once("成果汇编".to_string())
                .chain(c.programmes.iter().map(|p| p.name.clone()))
                .collect::<Vec<_>>(),
        },
        "print": {
            "width_mm": w,
            "height_mm": h,
            "margin_inside_mm": p.margin_inside_mm,
            "margin_outside_mm": p.margin_outside_mm,
            "body_size_pt": p.body_size_pt,
            "bleed_mm": p.bleed_mm,
            "paper_thickness_mm": p.paper_thickness_mm,
            "pages_multiple_of": p.pages_multiple_of,
            "cover_image": cover_image,
            "cover_color": p.cover_color,
            "accent_color": p.accent_color,
        },
        "fonts": fonts,
        "cohort": {
            "year": c.year,
            "start": date_cn(c.start),
            "end": date_cn(c.end),
            "has_points": c.points.is_some(),
            "has_activities": c.has_activity_records(),
        },
        "programmes": programmes(c),
        "groups": groups(c, f),
        "rules": rules(c),
        "statistics": statistics(c, f),
        "charts": charts.iter().map(|(path, title)| json!({ "path": path, "title": title })).collect::<Vec<_>>(),
        "honours": honours(content, c, f),
        "honour_roll": {
            "ordering_note": crate::compute::order::ordering_note(&crate::compute::order::options(&content.site)),
            "signed": content.site.issuer,
            "date": date_cn(date),
        },
        "chronicle": chronicle(c),
        "documents": {
            "preface": c.preface.as_ref().map(|d| document(c, d)),
            "reports": reading_order(c, &c.reports).into_iter().map(|d| document(c, d)).collect::<Vec<_>>(),
            "cases": reading_order(c, &c.cases).into_iter().map(|d| document(c, d)).collect::<Vec<_>>(),
            "afterword": c.afterword.as_ref().map(|d| document(c, d)),
        },
    })
}

fn document(c: &Cohort, d: &Document) -> Value {
    let group = d
        .group
        .as_ref()
        .and_then(|g| c.group(&g.value))
        .map(|g| g.name.clone());
    json!({
        "id": super::source::doc_id(d),
        "file": format!("/docs/{}.typ", super::source::doc_id(d)),
        "source": d.rel_path.to_string_lossy().replace('\\', "/"),
        "title": d.title.value,
        "group": group,
        // The booklet is public (the site links it): names through the public view only.
        "authors": public::authors(c, d),
        "abstract": d.abstract_,
        "keywords": d.keywords,
        "signed": d.signed,
        "date": d.date.as_ref().map(|x| date_cn(x.value)),
    })
}

fn programmes(c: &Cohort) -> Vec<Value> {
    c.programmes
        .iter()
        .map(|p| {
            let members = c
                .members
                .iter()
                .filter(|x| x.programme.value == p.id.value)
                .count();
            let groups = c
                .groups
                .iter()
                .filter(|g| g.programme.value == p.id.value)
                .count();
            json!({
                "id": p.id.value,
                "name": p.name,
                "description": p.description,
                "members": members,
                "groups": groups,
            })
        })
        .collect()
}

fn groups(c: &Cohort, f: &CohortFigures) -> Vec<Value> {
    f.stats
        .groups
        .iter()
        .map(|g| {
            let gr = &c.groups[g.group];
            json!({
                "id": gr.id.value,
                "name": gr.name,
                "programme": gr.programme.value,
                "mentor": gr.mentor.as_ref().map(|m| m.name.clone()),
                "line": gr.line,
                "members": g.members,
                "activities": g.activities,
                "attendance": g.attendance.map(|r| format!("{:.0}%", r * 100.0)),
            })
        })
        .collect()
}

fn rules(c: &Cohort) -> Value {
    let Some(p) = &c.points else {
        return Value::Null;
    };
    json!({
        "attend": p.attend,
        "submission": p.submission,
        "organise": p.organise,
        "organise_min_headcount": p.organise_min_headcount,
        "contribution": p.contribution,
        "practice_team": p.practice_team,
        "pass_mark": p.pass_mark,
        "hold_years": p.hold_years,
        // Rows with labels that state the configured numbers.
        "rows": crate::render::labels::points_rules(c),
    })
}

fn statistics(c: &Cohort, f: &CohortFigures) -> Value {
    let s = &f.stats;
    let most = s.groups.iter().max_by_key(|g| g.activities);
    let least = s.groups.iter().min_by_key(|g| g.activities);
    let pick = |g: Option<&crate::compute::stats::GroupStats>| {
        g.map(|g| json!({ "group": c.groups[g.group].name, "activities": g.activities }))
    };
    json!({
        "members": s.members,
        "activities": s.activities,
        "programme_activities": s.programme_activities,
        "attendances": s.attendances,
        "average_group_activities": format!("{:.1}", s.average_group_activities),
        "reports": s.reports,
        "cases": s.cases,
        "most": pick(most),
        "least": pick(least),
        "passed": s.passed,
        "pass_rate": s.passed.map(|p| if s.members > 0 {
            format!("{:.0}%", p as f64 * 100.0 / s.members as f64)
        } else {
            "0%".into()
        }),
    })
}

fn honours(content: &Content, c: &Cohort, f: &CohortFigures) -> Vec<Value> {
    let note = crate::compute::order::ordering_note(&crate::compute::order::options(&content.site));
    f.honours
        .iter()
        .map(|h| {
            let groups = matches!(h.recipients, Recipients::Groups(_));
            let (names, hidden) = match &h.recipients {
                Recipients::Members(list) => {
                    let (people, hidden) = public::split(c, list);
                    let names: Vec<String> = people
                        .iter()
                        .map(|p| {
                            let extra = names::honour_extra(p, &content.site.honour_roll);
                            format!("{}{extra}", names::padded(p.name))
                        })
                        .collect();
                    (names, hidden)
                }
                Recipients::Groups(list) => (
                    list.iter()
                        .map(|&g| {
                            let gr = &c.groups[g];
                            let mentor = gr
                                .mentor
                                .as_ref()
                                .map(|x| format!("（导师：{}）", x.name))
                                .unwrap_or_default();
                            format!("{}{mentor}", gr.name)
                        })
                        .collect(),
                    0,
                ),
            };
            let wide = groups || content.site.honour_roll.show_department;
            json!({
                "name": h.name,
                "count": h.len(),
                "unit": if groups { "个" } else { "名" },
                "kind": if groups { "groups" } else { "members" },
                "note": if groups { "" } else { note },
                "basis": h.basis,
                "columns": if wide { 2 } else { 5 },
                "hidden": hidden,
                "names": names,
            })
        })
        .collect()
}

/// The chronicle: per month, every programme-level event with its full date, and the
/// group activities summarised (how many, by how many groups, the repeated kinds of event).
fn chronicle(c: &Cohort) -> Vec<Value> {
    /// Per month: programme-level events, group activities.
    type Month<'a> = (Vec<Value>, Vec<&'a crate::model::Activity>);
    let mut months: BTreeMap<(i32, u32), Month> = BTreeMap::new();
    let mut acts: Vec<&crate::model::Activity> = c.activities.iter().collect();
    acts.sort_by_key(|a| (a.date.value, a.pos));
    for a in acts {
        let d = a.date.value;
        let slot = months.entry((d.year(), d.month())).or_default();
        match &a.scope {
            Scope::Programme(p) => slot.0.push(json!({
                "date": date_cn(d),
                "title": a.title.value,
                "by": c.programme(&p.value).map(|x| x.name.clone()),
            })),
            Scope::Group(_) => slot.1.push(a),
        }
    }
    months
        .into_iter()
        .map(|((y, m), (events, group_acts))| {
            let mut groups: Vec<&str> = group_acts
                .iter()
                .filter_map(|a| match &a.scope {
                    Scope::Group(g) => Some(g.value.as_str()),
                    _ => None,
                })
                .collect();
            groups.sort_unstable();
            groups.dedup();
            let mut titles: BTreeMap<&str, usize> = BTreeMap::new();
            for a in &group_acts {
                *titles.entry(a.title.value.as_str()).or_default() += 1;
            }
            let mut repeated: Vec<(&str, usize)> =
                titles.into_iter().filter(|(_, n)| *n > 1).collect();
            repeated.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            json!({
                "month": format!("{y}年{m}月"),
                "events": events,
                "group_activities": group_acts.len(),
                "groups": groups.len(),
                "repeated": repeated.iter().map(|(t, n)| json!({ "title": t, "count": n })).collect::<Vec<_>>(),
            })
        })
        .collect()
}

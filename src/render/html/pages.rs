//! The page set of the site: which pages exist, at which path, with which template and view.
//! Public pages first; the internal build adds the ledger, member audit trails, the failed
//! list and the promotion holds.

use super::views::{
    self, Audience, cohort_summary, doc_summary, group_row, honour_roll, points_rules, timeline,
};
use crate::compute::Computed;
use crate::model::{Cohort, Content, DocKind, Document};
use crate::text::date_cn;
use serde_json::{Value, json};

pub struct Page<'a> {
    /// Path relative to the site root, always ending in `.html`.
    pub path: String,
    pub template: &'static str,
    pub title: String,
    pub ctx: Value,
    /// Context computed only when the page is rendered and merged over `ctx` — document pages
    /// use it, so a large site never holds every converted body and context at once.
    pub lazy: Option<Lazy<'a>>,
}

pub type Lazy<'a> = Box<dyn Fn() -> Value + Send + Sync + 'a>;

fn page<'a>(
    path: String,
    template: &'static str,
    title: impl Into<String>,
    ctx: Value,
) -> Page<'a> {
    Page {
        path,
        template,
        title: title.into(),
        ctx,
        lazy: None,
    }
}

pub fn all<'a>(
    content: &'a Content,
    computed: &'a Computed,
    aud: Audience,
    booklets: &[i32],
) -> Vec<Page<'a>> {
    let opts = crate::compute::order::options(&content.site);
    let note = crate::compute::order::ordering_note(&opts);
    let mut pages = Vec::new();
    let cohorts: Vec<Value> = content
        .cohorts
        .iter()
        .zip(&computed.cohorts)
        .rev()
        .map(|(c, f)| {
            let mut v = cohort_summary(c, f);
            v["booklet"] = json!(booklets.contains(&c.year));
            v
        })
        .collect();
    if let (Some(c), Some(f)) = (content.cohorts.last(), computed.cohorts.last()) {
        let featured: Vec<Value> = c
            .reports
            .iter()
            .take(6)
            .map(|d| doc_summary(c, d, aud))
            .collect();
        let groups: Vec<Value> = f
            .stats
            .groups
            .iter()
            .map(|g| group_row(c, g, aud))
            .collect();
        pages.push(page(
            "index.html".into(),
            "home.html",
            "首页",
            json!({ "latest": cohorts.first(), "featured": featured, "groups": groups, "cohorts": cohorts }),
        ));
    } else {
        pages.push(page(
            "index.html".into(),
            "home.html",
            "首页",
            json!({ "cohorts": cohorts }),
        ));
    }
    let unrecorded: Vec<i32> = content
        .cohorts
        .iter()
        .filter(|c| !c.has_activity_records())
        .map(|c| c.year)
        .collect();
    let comparison = super::charts::comparison_chart(content, computed).map(|ch| {
        json!({ "url": format!("archive/{}", ch.file), "title": ch.title, "unrecorded": unrecorded,
                "min_width": super::charts::legible_width(&ch.svg) })
    });
    pages.push(page(
        "archive/index.html".into(),
        "archive.html",
        "历届展示",
        json!({ "cohorts": cohorts, "comparison": comparison }),
    ));
    pages.push(page(
        "search/index.html".into(),
        "search.html",
        "全文搜索",
        json!({}),
    ));
    pages.push(page(
        "404.html".into(),
        "404.html",
        "页面未找到",
        json!({ "cohorts": cohorts }),
    ));
    for (c, f) in content.cohorts.iter().zip(&computed.cohorts) {
        cohort_pages(
            &mut pages,
            c,
            f,
            aud,
            note,
            booklets.contains(&c.year),
            content,
        );
    }
    if aud == Audience::Internal {
        super::internal::pages(&mut pages, content, computed);
        super::internal::people_pages(&mut pages, content, computed);
    }
    pages
}

fn cohort_pages<'a>(
    pages: &mut Vec<Page<'a>>,
    c: &'a Cohort,
    f: &'a crate::compute::CohortFigures,
    aud: Audience,
    note: &str,
    booklet: bool,
    content: &'a Content,
) {
    let y = c.year;
    let summary = {
        let mut v = cohort_summary(c, f);
        v["booklet"] = json!(booklet);
        v
    };
    let groups: Vec<Value> = f
        .stats
        .groups
        .iter()
        .map(|g| group_row(c, g, aud))
        .collect();
    let programmes: Vec<Value> = c
        .programmes
        .iter()
        .map(|p| {
            json!({
                "name": p.name, "description": p.description,
                "members": c.members.iter().filter(|m| m.programme.value == p.id.value).count(),
                "groups": groups.iter().filter(|g| g["programme"] == json!(p.name)).cloned().collect::<Vec<_>>(),
            })
        })
        .collect();
    let charts: Vec<Value> = super::charts::cohort_charts(c, f)
        .iter()
        .map(|ch| json!({ "url": format!("{y}/charts/{}", ch.file), "title": ch.title, "min_width": super::charts::legible_width(&ch.svg) }))
        .collect();
    let s = &f.stats;
    let kinds: Vec<Value> = crate::model::ActivityKind::ALL
        .iter()
        .filter(|k| s.kind_count(**k) > 0)
        .map(|k| json!({ "name": k.name(), "count": s.kind_count(*k) }))
        .collect();
    let base = json!({ "cohort": summary });
    let with = |extra: Value| {
        let mut v = base.clone();
        if let (Some(o), Value::Object(e)) = (v.as_object_mut(), extra) {
            o.extend(e);
        }
        v
    };
    let teams: Vec<Value> = c
        .teams
        .iter()
        .map(|t| json!({ "name": t.name, "work": t.work, "members": t.members.iter().filter_map(|m| m.member.member).filter_map(|i| views::member(c, i, aud)).map(|v| v["name"].as_str().unwrap_or_default().to_string()).collect::<Vec<_>>().join("、") }))
        .collect();
    pages.push(page(
        format!("{y}/index.html"),
        "cohort.html",
        c.title.clone(),
        with(json!({
            "programmes": programmes, "groups": groups, "charts": charts, "kinds": kinds,
            "rules": points_rules(c), "teams": teams,
            "average_activities": format!("{:.1}", s.average_group_activities),
            "average_attendance": views::pct(s.average_attendance),
            "programme_activities": s.programme_activities,
            "preface": c.preface.as_ref().map(|d| views::doc_url(d, y)),
            "afterword": c.afterword.as_ref().map(|d| views::doc_url(d, y)),
        })),
    ));
    let cohort_avg = json!({
        "activities": format!("{:.1}", s.average_group_activities),
        "attendance": views::pct(s.average_attendance),
        "active_months": format!("{:.1}", if s.groups.is_empty() { 0.0 } else { s.groups.iter().map(|g| (g.by_month.len() - g.idle_months) as f64).sum::<f64>() / s.groups.len() as f64 }),
        "reports": format!("{:.1}", if s.groups.is_empty() { 0.0 } else { s.reports as f64 / s.groups.len() as f64 }),
    });
    let months = std::sync::Arc::new(views::month_labels(c, &s.months));
    let shared = std::sync::Arc::new((base.clone(), cohort_avg));
    for g in &s.groups {
        let group = &c.groups[g.group];
        let id = group.id.value.as_str();
        let (months, shared) = (months.clone(), shared.clone());
        // Built when rendered: a group page lists its documents, and a large cohort's group
        // pages together would hold every document's summary at once.
        let lazy: Lazy<'a> = Box::new(move || {
            let members: Vec<Value> = c
                .group_members(id)
                .filter_map(|(i, _)| views::member(c, i, aud))
                .collect();
            let hidden = c.group_members(id).count() - members.len();
            let docs = |list: &[Document]| -> Vec<Value> {
                list.iter()
                    .filter(|d| d.group.as_ref().is_some_and(|x| x.value == id))
                    .map(|d| doc_summary(c, d, aud))
                    .collect()
            };
            let by_month: Vec<Value> = months
                .iter()
                .zip(&g.by_month)
                .map(|(m, n)| json!({ "month": m, "count": n }))
                .collect();
            let max_month = g.by_month.iter().copied().max().unwrap_or(0).max(1);
            let mut v = shared.0.clone();
            if let (Some(o), Value::Object(e)) = (
                v.as_object_mut(),
                json!({
                    "group": group_row(c, g, aud), "members": members, "hidden_members": hidden,
                    "timeline": timeline(c, id, aud), "reports": docs(&c.reports), "cases": docs(&c.cases),
                    "average": shared.1, "by_month": by_month, "max_month": max_month,
                    "has_activities": c.has_activity_records(),
                }),
            ) {
                o.extend(e);
            }
            v
        });
        let mut p = page(
            format!("{y}/groups/{id}/index.html"),
            "group.html",
            format!("{} · {}", group.name, c.title),
            Value::Null,
        );
        p.lazy = Some(lazy);
        pages.push(p);
    }
    for (list, kind, title) in [
        (&c.reports, "reports", "调研文章"),
        (&c.cases, "cases", "活动案例"),
    ] {
        let mut by_group: Vec<Value> = Vec::new();
        for g in &c.groups {
            let items: Vec<Value> = list
                .iter()
                .filter(|d| d.group.as_ref().is_some_and(|x| x.value == g.id.value))
                .map(|d| doc_summary(c, d, aud))
                .collect();
            if !items.is_empty() {
                by_group.push(json!({ "name": g.name, "items": items }));
            }
        }
        let orphans: Vec<Value> = list
            .iter()
            .filter(|d| d.group.as_ref().is_none_or(|x| c.group(&x.value).is_none()))
            .map(|d| doc_summary(c, d, aud))
            .collect();
        if !orphans.is_empty() {
            by_group.push(json!({ "name": "其他", "items": orphans }));
        }
        pages.push(page(
            format!("{y}/{kind}/index.html"),
            "doc-list.html",
            format!("{title} · {}", c.title),
            with(json!({ "heading": title, "groups": by_group, "count": list.len() })),
        ));
        let ordered = reading_order(c, list);
        let base = std::sync::Arc::new(base.clone());
        for (i, d) in ordered.iter().enumerate() {
            let prev = i.checked_sub(1).map(|j| ordered[j]);
            let next = ordered.get(i + 1).copied();
            pages.push(doc_page(c, d, aud, prev, next, base.clone(), content));
        }
    }
    let base = std::sync::Arc::new(base.clone());
    for d in c.preface.iter().chain(c.afterword.iter()) {
        pages.push(doc_page(c, d, aud, None, None, base.clone(), content));
    }
    pages.push(page(
        format!("{y}/honours/index.html"),
        "honours.html",
        format!("表彰名单 · {}", c.title),
        with(json!({ "awards": honour_roll(c, f, &content.site, note, aud) })),
    ));
}

/// Reports and cases read group by group (in groups.yaml order), then by date.
pub fn reading_order<'a>(c: &Cohort, list: &'a [Document]) -> Vec<&'a Document> {
    let mut v: Vec<&Document> = list.iter().collect();
    v.sort_by_key(|d| {
        (
            d.group
                .as_ref()
                .and_then(|g| c.group_index(&g.value))
                .unwrap_or(usize::MAX),
            d.date.as_ref().map(|x| x.value),
            d.slug.clone(),
        )
    });
    v
}

/// A document page; its whole context (Markdown → HTML included) is built when rendered.
fn doc_page<'a>(
    c: &'a Cohort,
    d: &'a Document,
    aud: Audience,
    prev: Option<&'a Document>,
    next: Option<&'a Document>,
    base: std::sync::Arc<Value>,
    content: &'a Content,
) -> Page<'a> {
    let y = c.year;
    let url = views::doc_url(d, y);
    let up = "../".repeat(url.matches('/').count());
    let lazy: Lazy<'a> = Box::new(move || {
        let body = super::markdown::to_html(d.body(), &|src| {
            let img = crate::render::images::resolve(content, c, d, src)?;
            Some(
                match crate::render::images::web_variants(&content.root, &img) {
                    Some(sizes) => super::markdown::ImageUrl::Sizes(
                        sizes
                            .into_iter()
                            .map(|(w, under)| (w, format!("{up}{y}/{under}")))
                            .collect(),
                    ),
                    None => super::markdown::ImageUrl::One(format!("{up}{y}/{}", img.under)),
                },
            )
        });
        let mut v = doc_summary(c, d, aud);
        v["body"] = json!(body);
        v["signed"] = json!(d.signed);
        v["date_cn"] = json!(d.date.as_ref().map(|x| date_cn(x.value)));
        let kind_title = match d.kind {
            DocKind::Report => "调研文章",
            DocKind::Case => "活动案例",
            DocKind::Preface => "前言",
            DocKind::Afterword => "后记",
        };
        let link = |o: Option<&Document>| {
            o.map(|p| json!({ "title": p.title.value, "url": views::doc_url(p, y) }))
        };
        let mut ctx = (*base).clone();
        if let (Some(o), Value::Object(extra)) = (
            ctx.as_object_mut(),
            json!({
                "doc": v, "prev": link(prev), "next": link(next), "kind_title": kind_title,
                "is_article": matches!(d.kind, DocKind::Report | DocKind::Case),
                "list_url": match d.kind { DocKind::Report => format!("{y}/reports/index.html"), DocKind::Case => format!("{y}/cases/index.html"), _ => format!("{y}/index.html") },
            }),
        ) {
            o.extend(extra);
        }
        ctx
    });
    let mut p = page(
        url,
        "document.html",
        format!("{} · {}", d.title.value, c.title),
        Value::Null,
    );
    p.lazy = Some(lazy);
    p
}

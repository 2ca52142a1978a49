//! The page set of the site: which pages exist, at which path, with which template and
//! typed view, built for one audience type ([`Views`]). The internal build adds the
//! ledger, member audit trails, the failed list and the promotion holds (`internal.rs`),
//! and the people across cohorts and the pipeline (`people.rs`).

use super::deferred::{Deferred, Fwd, Key, Sink, sink};
use super::summaries::{Item, Summaries, Summary};
use super::views::{
    self, Audience, Award, CohortSummary, DocSummary, OfficeViews, PublicViews, TimelineMonth,
    Views, cohort_summary, doc_summary, group_row, honour_roll, timeline,
};
use crate::compute::{CohortFigures, Computed};
use crate::model::{Cohort, Content, DocKind, Document};
use crate::render::charts;
use crate::render::labels::{self, RuleRow, one_decimal, pct};
use crate::render::reading::reading_indices;
use crate::text::date_cn;
use serde::Serialize;
use serde_json::Value;
use std::sync::Arc;

pub struct Page<'a> {
    /// Path relative to the site root, always ending in `.html`.
    pub path: String,
    pub template: &'static str,
    pub title: String,
    /// The page's view, serialised.
    pub ctx: Value,
    /// View computed only when the page is rendered and merged over `ctx` — document pages
    /// use it, so a large site never holds every converted body and context at once.
    pub lazy: Option<Lazy<'a>>,
    /// Feeds the hasher everything `lazy` is built from, without building it (the live
    /// preview fingerprints unchanged document pages by this); `None` when it cannot tell
    /// (a body not converted before).
    pub key: Option<Key<'a>>,
}

/// Builds the lazy view into the sink it is given (`None` when it cannot).
pub type Lazy<'a> = Box<dyn Fn(Sink) -> Option<()> + Send + Sync + 'a>;

/// A typed view as the JSON object Tera reads. View structs have string keys only, so
/// serialising them cannot fail.
pub fn view(v: &impl Serialize) -> Value {
    serde_json::to_value(v).expect("template views serialise to JSON")
}

impl<'a> Page<'a> {
    pub fn new(path: String, template: &'static str, title: impl Into<String>) -> Self {
        Page {
            path,
            template,
            title: title.into(),
            ctx: Value::Object(Default::default()),
            lazy: None,
            key: None,
        }
    }

    pub fn with(mut self, ctx: &impl Serialize) -> Self {
        self.ctx = view(ctx);
        self
    }

    pub fn lazy(mut self, lazy: Lazy<'a>) -> Self {
        self.lazy = Some(lazy);
        self
    }

    fn key(mut self, key: Key<'a>) -> Self {
        self.key = Some(key);
        self
    }

    /// The page's view, built when rendered or fingerprinted.
    pub fn deferred(self, d: Deferred<'a>) -> Self {
        let lazy = Arc::clone(&d);
        self.lazy(Box::new(move |to| lazy(to)))
            .key(Box::new(move |h| d(Sink::Key(h))))
    }
}

#[derive(Serialize)]
struct Home<'a, 'b, G> {
    latest: Option<&'b CohortSummary<'a>>,
    featured: Vec<DocSummary<'a>>,
    groups: Vec<G>,
    cohorts: &'b [CohortSummary<'a>],
}

#[derive(Serialize)]
struct Cohorts<'a, 'b> {
    cohorts: &'b [CohortSummary<'a>],
}

#[derive(Serialize)]
struct Archive<'a, 'b> {
    cohorts: &'b [CohortSummary<'a>],
    comparison: Option<ChartLink<'a>>,
}

#[derive(Serialize)]
struct ChartLink<'a> {
    url: String,
    title: String,
    min_width: u32,
    /// Years without activity records (archive comparison only).
    #[serde(skip_serializing_if = "Option::is_none")]
    unrecorded: Option<&'a [i32]>,
}

#[derive(Serialize)]
struct Empty {}

pub fn all<'a>(
    content: &'a Content,
    computed: &'a Computed,
    aud: Audience,
    booklets: &[i32],
) -> Vec<Page<'a>> {
    match aud {
        Audience::Public => site::<PublicViews>(content, computed, booklets),
        Audience::Internal => {
            let mut pages = site::<OfficeViews>(content, computed, booklets);
            super::internal::pages(&mut pages, content, computed);
            super::people::people_pages(&mut pages, content, computed);
            pages
        }
    }
}

/// The pages both builds have, with `V`'s views of people and groups.
fn site<'a, V: Views>(
    content: &'a Content,
    computed: &'a Computed,
    booklets: &[i32],
) -> Vec<Page<'a>> {
    let opts = crate::compute::order::options(&content.site);
    let note = crate::compute::order::ordering_note(&opts);
    let mut pages = Vec::new();
    let cohorts: Vec<CohortSummary> = content
        .cohorts
        .iter()
        .zip(&computed.cohorts)
        .rev()
        .map(|(c, f)| cohort_summary(c, f, booklets.contains(&c.year)))
        .collect();
    let home = match (content.cohorts.last(), computed.cohorts.last()) {
        (Some(c), Some(f)) => Home {
            latest: cohorts.first(),
            featured: c
                .reports
                .iter()
                .take(6)
                .map(|d| doc_summary::<V>(c, d))
                .collect(),
            groups: f
                .stats
                .groups
                .iter()
                .map(|g| group_row::<V>(c, g))
                .collect(),
            cohorts: &cohorts,
        },
        _ => Home {
            latest: None,
            featured: Vec::new(),
            groups: Vec::new(),
            cohorts: &cohorts,
        },
    };
    pages.push(Page::new("index.html".into(), "home.html", "首页").with(&home));
    let unrecorded: Vec<i32> = content
        .cohorts
        .iter()
        .filter(|c| !c.has_activity_records())
        .map(|c| c.year)
        .collect();
    let comparison = charts::comparison_chart(content, computed).map(|ch| ChartLink {
        url: format!("archive/{}", ch.file),
        min_width: charts::legible_width(&ch.svg),
        title: ch.title,
        unrecorded: Some(&unrecorded),
    });
    let archive = Archive {
        cohorts: &cohorts,
        comparison,
    };
    pages.push(Page::new("archive/index.html".into(), "archive.html", "历届展示").with(&archive));
    pages.push(Page::new("search/index.html".into(), "search.html", "全文搜索").with(&Empty {}));
    let not_found = Cohorts { cohorts: &cohorts };
    pages.push(Page::new("404.html".into(), "404.html", "页面未找到").with(&not_found));
    for (c, f) in content.cohorts.iter().zip(&computed.cohorts) {
        let summary = cohort_summary(c, f, booklets.contains(&c.year));
        cohort_pages::<V>(&mut pages, c, f, note, summary, content);
    }
    pages
}

#[derive(Serialize)]
struct CohortPage<'a, 'b, G> {
    cohort: &'b CohortSummary<'a>,
    programmes: Vec<ProgrammeView<'a, G>>,
    groups: Vec<G>,
    charts: Vec<ChartLink<'a>>,
    kinds: Vec<KindCount>,
    rules: Option<Vec<RuleRow>>,
    teams: Vec<TeamView<'a>>,
    average_activities: String,
    average_attendance: String,
    programme_activities: usize,
    preface: Option<String>,
    afterword: Option<String>,
}

#[derive(Serialize)]
struct ProgrammeView<'a, G> {
    name: &'a str,
    description: Option<&'a str>,
    members: usize,
    groups: Vec<G>,
}

#[derive(Serialize)]
struct KindCount {
    name: &'static str,
    count: u32,
}

#[derive(Serialize)]
struct TeamView<'a> {
    name: &'a str,
    work: &'a str,
    /// The members the audience may see, joined with 「、」.
    members: String,
}

#[derive(Serialize)]
struct GroupPage<'a, 'b, M, G> {
    cohort: &'b CohortSummary<'a>,
    group: G,
    members: Vec<M>,
    hidden_members: usize,
    timeline: Vec<TimelineMonth<'a>>,
    reports: Vec<Item<'b, 'a>>,
    cases: Vec<Item<'b, 'a>>,
    average: &'b CohortAverage,
    by_month: Vec<MonthCount<'b>>,
    max_month: u32,
    has_activities: bool,
}

/// The cohort's per-group averages a group page compares itself with.
#[derive(Serialize)]
struct CohortAverage {
    activities: String,
    attendance: String,
    active_months: String,
    reports: String,
}

#[derive(Serialize)]
struct MonthCount<'b> {
    month: &'b str,
    count: u32,
}

#[derive(Serialize)]
struct DocList<'a, 'b> {
    cohort: &'b CohortSummary<'a>,
    heading: &'static str,
    groups: Vec<DocGroup<'a, 'b>>,
    count: usize,
}

#[derive(Serialize)]
struct DocGroup<'a, 'b> {
    name: &'a str,
    items: Vec<Item<'b, 'a>>,
}

#[derive(Serialize)]
struct Honours<'a, 'b> {
    cohort: &'b CohortSummary<'a>,
    awards: Vec<Award<'a>>,
}

fn cohort_pages<'a, V: Views>(
    pages: &mut Vec<Page<'a>>,
    c: &'a Cohort,
    f: &'a CohortFigures,
    note: &'static str,
    summary: CohortSummary<'a>,
    content: &'a Content,
) {
    let y = c.year;
    let s = &f.stats;
    let programmes = c
        .programmes
        .iter()
        .map(|p| ProgrammeView {
            name: &p.name,
            description: p.description.as_deref(),
            members: c
                .members
                .iter()
                .filter(|m| m.programme.value == p.id.value)
                .count(),
            groups: s
                .groups
                .iter()
                .filter(|g| c.groups[g.group].programme.value == p.id.value)
                .map(|g| group_row::<V>(c, g))
                .collect(),
        })
        .collect();
    let charts = charts::cohort_charts(c, f)
        .into_iter()
        .map(|ch| ChartLink {
            url: format!("{y}/charts/{}", ch.file),
            min_width: charts::legible_width(&ch.svg),
            title: ch.title,
            unrecorded: None,
        })
        .collect();
    let kinds = crate::model::ActivityKind::ALL
        .iter()
        .filter(|k| s.kind_count(**k) > 0)
        .map(|k| KindCount {
            name: k.name(),
            count: s.kind_count(*k),
        })
        .collect();
    let teams = c
        .teams
        .iter()
        .map(|t| TeamView {
            name: &t.name,
            work: &t.work,
            members: views::names::<V>(c, t.members.iter().filter_map(|m| m.member.member)),
        })
        .collect();
    let cohort_page = CohortPage {
        cohort: &summary,
        programmes,
        groups: s.groups.iter().map(|g| group_row::<V>(c, g)).collect(),
        charts,
        kinds,
        rules: labels::points_rules(c),
        teams,
        average_activities: one_decimal(s.average_group_activities),
        average_attendance: pct(s.average_attendance),
        programme_activities: s.programme_activities,
        preface: c.preface.as_ref().map(|d| views::doc_url(d, y)),
        afterword: c.afterword.as_ref().map(|d| views::doc_url(d, y)),
    };
    pages.push(
        Page::new(format!("{y}/index.html"), "cohort.html", c.title.clone()).with(&cohort_page),
    );
    let average = CohortAverage {
        activities: one_decimal(s.average_group_activities),
        attendance: pct(s.average_attendance),
        active_months: one_decimal(s.average_active_months),
        reports: one_decimal(s.average_group_reports),
    };
    let months = Arc::new(labels::month_labels(c, &s.months));
    let summary = Arc::new(summary);
    let average = Arc::new(average);
    let by_group = Arc::new(by_group(c));
    let summaries = Arc::new(Summaries::new::<V>(c));
    // Each group's records found in one pass: filtering every record per group page costs
    // groups × records (100 × 100,000 string comparisons in the benchmark).
    let activities = Arc::new(c.activities_by_group());
    for g in &s.groups {
        let group = &c.groups[g.group];
        let id = group.id.value.as_str();
        let (months, summary, average) = (months.clone(), summary.clone(), average.clone());
        let by_group = Arc::clone(&by_group);
        let summaries = Arc::clone(&summaries);
        let activities = Arc::clone(&activities);
        // Built when rendered or fingerprinted: a group page lists its documents, and a large
        // cohort's group pages together would hold every document's summary at once.
        let deferred: Deferred<'a> = Arc::new(move |to: Sink| {
            let members: Vec<V::Member<'a>> = c
                .group_members(id)
                .filter_map(|(i, _)| V::member(c, i))
                .collect();
            let docs = |kind: usize| -> Vec<Item> {
                by_group.get(id).map_or_else(Vec::new, |lists| {
                    lists[kind]
                        .iter()
                        .map(|&i| summaries.lists[kind][i].item(&to))
                        .collect()
                })
            };
            sink(
                &GroupPage {
                    cohort: &summary,
                    group: group_row::<V>(c, g),
                    hidden_members: c.group_members(id).count() - members.len(),
                    members,
                    timeline: timeline::<V>(c, activities.get(id).map_or(&[][..], Vec::as_slice)),
                    reports: docs(0),
                    cases: docs(1),
                    average: &average,
                    by_month: months
                        .iter()
                        .zip(&g.by_month)
                        .map(|(m, &n)| MonthCount { month: m, count: n })
                        .collect(),
                    max_month: g.by_month.iter().copied().max().unwrap_or(0).max(1),
                    has_activities: c.has_activity_records(),
                },
                to,
            )
        });
        let title = format!("{} · {}", group.name, c.title);
        pages.push(
            Page::new(format!("{y}/groups/{id}/index.html"), "group.html", title)
                .deferred(deferred),
        );
    }
    let known: Arc<rustc_hash::FxHashSet<&str>> =
        Arc::new(c.groups.iter().map(|g| g.id.value.as_str()).collect());
    for (i, (list, kind, heading)) in [
        (&c.reports, "reports", "调研文章"),
        (&c.cases, "cases", "活动案例"),
    ]
    .into_iter()
    .enumerate()
    {
        let (by_group, known, list_summary, list_items) = (
            Arc::clone(&by_group),
            Arc::clone(&known),
            Arc::clone(&summary),
            Arc::clone(&summaries),
        );
        // Deferred: 10,000 summaries as a context only when the list is rendered.
        let deferred: Deferred<'a> = Arc::new(move |to: Sink| {
            let mut groups: Vec<DocGroup> = Vec::new();
            let summaries = &list_items.lists[i];
            for g in &c.groups {
                let items: Vec<Item> = by_group
                    .get(g.id.value.as_str())
                    .map_or(&[][..], |lists| &lists[i])
                    .iter()
                    .map(|&j| summaries[j].item(&to))
                    .collect();
                if !items.is_empty() {
                    groups.push(DocGroup {
                        name: &g.name,
                        items,
                    });
                }
            }
            let orphans: Vec<Item> = list
                .iter()
                .zip(summaries)
                .filter(|(d, _)| {
                    d.group
                        .as_ref()
                        .is_none_or(|x| !known.contains(x.value.as_str()))
                })
                .map(|(_, s)| s.item(&to))
                .collect();
            if !orphans.is_empty() {
                groups.push(DocGroup {
                    name: "其他",
                    items: orphans,
                });
            }
            let doc_list = DocList {
                cohort: &list_summary,
                heading,
                groups,
                count: list.len(),
            };
            sink(&doc_list, to)
        });
        let title = format!("{heading} · {}", c.title);
        pages.push(
            Page::new(format!("{y}/{kind}/index.html"), "doc-list.html", title).deferred(deferred),
        );
        let ordered = reading_indices(c, list);
        for (k, &j) in ordered.iter().enumerate() {
            let prev = k.checked_sub(1).map(|k| &list[ordered[k]]);
            let next = ordered.get(k + 1).map(|&n| &list[n]);
            let own = Arc::clone(&summaries.lists[i][j]);
            pages.push(doc_page(
                c,
                &list[j],
                prev,
                next,
                own,
                summary.clone(),
                content,
            ));
        }
    }
    for d in c.preface.iter().chain(c.afterword.iter()) {
        let own = Arc::new(Summary::new::<V>(c, d));
        pages.push(doc_page(c, d, None, None, own, summary.clone(), content));
    }
    let honours = Honours {
        cohort: &summary,
        awards: honour_roll::<V>(c, f, &content.site, note),
    };
    let title = format!("表彰名单 · {}", c.title);
    pages.push(Page::new(format!("{y}/honours/index.html"), "honours.html", title).with(&honours));
}

/// Each group id's reports and cases (positions in `c.reports` and `c.cases`), in list
/// order: the group pages and the document lists take their documents from here instead of
/// filtering 10,000 documents per group.
fn by_group(c: &Cohort) -> rustc_hash::FxHashMap<&str, [Vec<usize>; 2]> {
    let mut map: rustc_hash::FxHashMap<&str, [Vec<usize>; 2]> = Default::default();
    for (i, list) in [&c.reports, &c.cases].into_iter().enumerate() {
        for (j, d) in list.iter().enumerate() {
            if let Some(g) = &d.group {
                map.entry(g.value.as_str()).or_default()[i].push(j);
            }
        }
    }
    map
}

#[derive(Serialize)]
struct DocPage<'a, 'b> {
    cohort: &'b CohortSummary<'a>,
    doc: DocView<'a, 'b>,
    prev: Option<DocLink<'a>>,
    next: Option<DocLink<'a>>,
    kind_title: &'static str,
    is_article: bool,
    list_url: String,
}

/// A document with its body (HTML converted from the Markdown).
#[derive(Serialize)]
struct DocView<'a, 'b> {
    #[serde(flatten)]
    summary: Item<'b, 'a>,
    body: String,
    signed: Option<&'a str>,
    date_cn: Option<String>,
}

#[derive(Serialize)]
struct DocLink<'a> {
    title: &'a str,
    url: String,
}

/// A document page; its whole view (Markdown → HTML included) is built when rendered. Its
/// key is the same view with an empty body, plus what the body is converted from.
fn doc_page<'a>(
    c: &'a Cohort,
    d: &'a Document,
    prev: Option<&'a Document>,
    next: Option<&'a Document>,
    own: Arc<Summary<'a>>,
    summary: Arc<CohortSummary<'a>>,
    content: &'a Content,
) -> Page<'a> {
    let y = c.year;
    let url = views::doc_url(d, y);
    let up = "../".repeat(url.matches('/').count());
    let image_url = move |src: &str| {
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
    };
    let image_url = Arc::new(image_url);
    let page = move |body: String, to: Sink| {
        let item = own.item(&to);
        sink(&doc_view(c, d, prev, next, &summary, item, body), to)
    };
    let page = Arc::new(page);
    let lazy: Lazy<'a> = {
        let (page, image_url) = (Arc::clone(&page), Arc::clone(&image_url));
        Box::new(move |to| page(super::markdown::to_html(d.body(), &*image_url), to))
    };
    let key: Key<'a> = Box::new(move |h| {
        super::body_cache::fingerprint(&d.text, d.body_start, &*image_url, &mut Fwd(&mut *h))?;
        page(String::new(), Sink::Key(h))
    });
    let title = format!("{} · {}", d.title.value, c.title);
    Page::new(url, "document.html", title).lazy(lazy).key(key)
}

/// A document page's view with its summary (`item`) and `body`.
fn doc_view<'a, 'b>(
    c: &'a Cohort,
    d: &'a Document,
    prev: Option<&'a Document>,
    next: Option<&'a Document>,
    summary: &'b CohortSummary<'a>,
    item: Item<'b, 'a>,
    body: String,
) -> DocPage<'a, 'b> {
    let y = c.year;
    let link = |o: Option<&'a Document>| {
        o.map(|p| DocLink {
            title: &p.title.value,
            url: views::doc_url(p, y),
        })
    };
    DocPage {
        cohort: summary,
        doc: DocView {
            summary: item,
            body,
            signed: d.signed.as_deref(),
            date_cn: d.date.as_ref().map(|x| date_cn(x.value)),
        },
        prev: link(prev),
        next: link(next),
        kind_title: match d.kind {
            DocKind::Report => "调研文章",
            DocKind::Case => "活动案例",
            DocKind::Preface => "前言",
            DocKind::Afterword => "后记",
        },
        is_article: matches!(d.kind, DocKind::Report | DocKind::Case),
        list_url: match d.kind {
            DocKind::Report => format!("{y}/reports/index.html"),
            DocKind::Case => format!("{y}/cases/index.html"),
            _ => format!("{y}/index.html"),
        },
    }
}

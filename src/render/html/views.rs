//! Typed views for templates, built from the model and the computed figures. Each view is
//! a `Serialize` struct whose fields are exactly the variables a template sees (documented
//! in docs/themes.md). Privacy is by type: the page set is built for one [`Views`] —
//! [`PublicViews`] gives people as [`PublicMember`] (made only by `render::public`, name and
//! department only) and groups as [`GroupRow`]; [`OfficeViews`] (internal build) gives
//! [`OfficeMember`] and [`OfficeGroupRow`]. A public page's view has no field an internal
//! value could be put in.

use crate::compute::CohortFigures;
use crate::compute::honours::Recipients;
use crate::compute::stats::GroupStats;
use crate::model::{Cohort, DocKind, Document, Member, Site};
use crate::render::labels::{one_decimal, pct};
use crate::render::names;
use crate::render::public::{self, NamedPerson, PublicMember};
use crate::text::{date_cn, month_cn};
use chrono::Datelike;
use serde::Serialize;

/// Which audience a page is for.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Audience {
    Public,
    Internal,
}

/// What differs between the public site and the office's internal build, as types: a page
/// view is built for one `V: Views` and holds `V::Member`s and `V::Group`s, so a public
/// page (built for [`PublicViews`]) has no field a withheld or internal value could go in.
pub trait Views: Copy + Send + Sync + 'static {
    const AUDIENCE: Audience;
    /// A member on a page.
    type Member<'a>: Serialize + Send + Sync;
    /// A group's row in the group tables.
    type Group<'a>: Serialize + Send + Sync;
    /// Member `i`, or `None` when this audience may not see the name.
    fn member(c: &Cohort, i: usize) -> Option<Self::Member<'_>>;
    fn member_name<'a>(m: &Self::Member<'a>) -> &'a str;
    fn group<'a>(row: GroupRow<'a>, g: &GroupStats) -> Self::Group<'a>;
    /// Honoured members this audience may see by name, and how many it may not.
    fn honoured<'a>(c: &'a Cohort, list: &[usize]) -> (Vec<NamedPerson<'a>>, usize);
}

/// The public site: people through `render::public` only.
#[derive(Clone, Copy, Debug)]
pub struct PublicViews;

/// The office's internal build (`build --internal`).
#[derive(Clone, Copy, Debug)]
pub struct OfficeViews;

impl Views for PublicViews {
    const AUDIENCE: Audience = Audience::Public;
    type Member<'a> = PublicMember<'a>;
    type Group<'a> = GroupRow<'a>;
    fn member(c: &Cohort, i: usize) -> Option<PublicMember<'_>> {
        public::member(c, i)
    }
    fn member_name<'a>(m: &Self::Member<'a>) -> &'a str {
        m.name()
    }
    fn group<'a>(row: GroupRow<'a>, _: &GroupStats) -> GroupRow<'a> {
        row
    }
    fn honoured<'a>(c: &'a Cohort, list: &[usize]) -> (Vec<NamedPerson<'a>>, usize) {
        public::split(c, list)
    }
}

impl Views for OfficeViews {
    const AUDIENCE: Audience = Audience::Internal;
    type Member<'a> = OfficeMember<'a>;
    type Group<'a> = OfficeGroupRow<'a>;
    fn member(c: &Cohort, i: usize) -> Option<OfficeMember<'_>> {
        c.members.get(i).map(office_member)
    }
    fn member_name<'a>(m: &Self::Member<'a>) -> &'a str {
        m.name
    }
    fn group<'a>(row: GroupRow<'a>, g: &GroupStats) -> OfficeGroupRow<'a> {
        OfficeGroupRow {
            row,
            average_points: g.average_points.map(one_decimal),
        }
    }
    // The office sees every honoured member, consent or not.
    fn honoured<'a>(c: &'a Cohort, list: &[usize]) -> (Vec<NamedPerson<'a>>, usize) {
        let people = list
            .iter()
            .filter_map(|&i| public::office_person(c, i))
            .collect();
        (people, 0)
    }
}

/// A member as the office sees them on the internal site.
#[derive(Debug, Clone, Serialize)]
pub struct OfficeMember<'a> {
    pub name: &'a str,
    pub department: &'a str,
    pub id: &'a str,
    pub position: Option<&'a str>,
    pub rank: &'static str,
    pub consent: bool,
}

fn office_member(m: &Member) -> OfficeMember<'_> {
    OfficeMember {
        name: &m.name.value,
        department: &m.department,
        id: &m.id.value,
        position: m.position.as_deref(),
        rank: m.rank.name(),
        consent: m.consent,
    }
}

/// The names of members the audience may see, joined with 「、」 (hidden ones left out).
pub fn names<V: Views>(c: &Cohort, list: impl Iterator<Item = usize>) -> String {
    list.filter_map(|i| V::member(c, i))
        .map(|m| V::member_name(&m))
        .collect::<Vec<_>>()
        .join("、")
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

/// Authors the audience may see; on the public site a hidden author becomes
/// 「（作者之一未公开姓名）」, the office sees every name.
pub fn authors(c: &Cohort, d: &Document, aud: Audience) -> Vec<String> {
    match aud {
        Audience::Public => public::authors(c, d),
        Audience::Internal => d
            .authors
            .iter()
            .filter_map(|a| a.member)
            .map(|i| match OfficeViews::member(c, i) {
                Some(m) => m.name.to_string(),
                None => public::HIDDEN_AUTHOR.to_string(),
            })
            .collect(),
    }
}

/// A report or case in a list (and the head of its own page).
#[derive(Debug, Clone, Serialize)]
pub struct DocSummary<'a> {
    pub title: &'a str,
    pub url: String,
    pub authors: String,
    pub group: Option<&'a str>,
    pub group_url: Option<String>,
    pub date: Option<String>,
    #[serde(rename = "abstract")]
    pub abstract_: Option<&'a str>,
    pub keywords: &'a [String],
    pub kind: &'static str,
    pub draft: bool,
}

pub fn doc_summary<'a, V: Views>(c: &'a Cohort, d: &'a Document) -> DocSummary<'a> {
    DocSummary {
        title: &d.title.value,
        url: doc_url(d, c.year),
        authors: authors(c, d, V::AUDIENCE).join("、"),
        group: d
            .group
            .as_ref()
            .and_then(|g| c.group(&g.value))
            .map(|g| g.name.as_str()),
        group_url: d
            .group
            .as_ref()
            .map(|g| format!("{}/groups/{}/index.html", c.year, g.value)),
        date: d.date.as_ref().map(|x| date_cn(x.value)),
        abstract_: d.abstract_.as_deref(),
        keywords: &d.keywords,
        kind: if d.kind == DocKind::Report {
            "调研文章"
        } else {
            "活动案例"
        },
        draft: d.draft,
    }
}

/// A group's row in the group tables (public figures only).
#[derive(Debug, Clone, Serialize)]
pub struct GroupRow<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub url: String,
    pub programme: Option<&'a str>,
    pub line: Option<&'a str>,
    pub mentor: Option<&'a str>,
    pub mentor_title: Option<&'a str>,
    pub members: usize,
    pub activities: usize,
    pub attendance: String,
    pub active_months: usize,
    pub idle_months: usize,
    pub months: usize,
    pub reports: usize,
    pub cases: usize,
}

/// A group's row on the internal site: the public row plus the members' average points.
#[derive(Debug, Clone, Serialize)]
pub struct OfficeGroupRow<'a> {
    #[serde(flatten)]
    pub row: GroupRow<'a>,
    pub average_points: Option<String>,
}

pub fn group_row<'a, V: Views>(c: &'a Cohort, g: &GroupStats) -> V::Group<'a> {
    let group = &c.groups[g.group];
    let row = GroupRow {
        id: &group.id.value,
        name: &group.name,
        url: format!("{}/groups/{}/index.html", c.year, group.id.value),
        programme: c.programme(&group.programme.value).map(|p| p.name.as_str()),
        line: group.line.as_deref(),
        mentor: group.mentor.as_ref().map(|m| m.name.as_str()),
        mentor_title: group.mentor.as_ref().and_then(|m| m.title.as_deref()),
        members: g.members,
        activities: g.activities,
        attendance: pct(g.attendance),
        active_months: g.active_months(),
        idle_months: g.idle_months,
        months: g.by_month.len(),
        reports: g.reports,
        cases: g.cases,
    };
    V::group(row, g)
}

/// A cohort as the home, archive and cohort pages summarise it.
#[derive(Debug, Clone, Serialize)]
pub struct CohortSummary<'a> {
    pub year: i32,
    pub title: &'a str,
    pub url: String,
    pub period: String,
    pub archived: bool,
    pub programmes: String,
    pub groups: usize,
    pub members: usize,
    pub activities: usize,
    pub has_activities: bool,
    pub reports: usize,
    pub cases: usize,
    pub has_points: bool,
    pub pass_rate: String,
    pub average_points: Option<String>,
    pub honours: usize,
    pub booklet: bool,
}

pub fn cohort_summary<'a>(c: &'a Cohort, f: &CohortFigures, booklet: bool) -> CohortSummary<'a> {
    let s = &f.stats;
    CohortSummary {
        year: c.year,
        title: &c.title,
        url: format!("{}/index.html", c.year),
        period: format!("{} 至 {}", date_cn(c.start), date_cn(c.end)),
        archived: c.status == crate::model::Status::Archived,
        programmes: c
            .programmes
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>()
            .join("、"),
        groups: c.groups.len(),
        members: s.members,
        activities: s.activities,
        has_activities: c.has_activity_records(),
        reports: s.reports,
        cases: s.cases,
        has_points: c.points.is_some(),
        pass_rate: s
            .pass_percent
            .map(|p| format!("{p:.0}%"))
            .unwrap_or_else(|| "—".into()),
        average_points: s.average_points.map(one_decimal),
        honours: f.honours.len(),
        booklet,
    }
}

/// One award of the honour roll: named members, or groups.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Award<'a> {
    Members(MemberAward<'a>),
    Groups(GroupAward<'a>),
}

#[derive(Debug, Clone, Serialize)]
pub struct MemberAward<'a> {
    pub name: &'a str,
    pub count: usize,
    pub unit: &'static str,
    pub note: &'static str,
    pub basis: &'a str,
    pub members: Vec<HonouredName<'a>>,
    /// Recipients not named (no consent; public site only).
    pub hidden: usize,
    pub is_group: bool,
}

/// A name on the roll: `name` padded for alignment (李　丹), `plain` as written, `extra` the
/// department and gender marks the site settings ask for.
#[derive(Debug, Clone, Serialize)]
pub struct HonouredName<'a> {
    pub name: String,
    pub plain: &'a str,
    pub extra: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupAward<'a> {
    pub name: &'a str,
    pub count: usize,
    pub unit: &'static str,
    pub note: &'static str,
    pub basis: &'a str,
    pub is_group: bool,
    pub groups: Vec<HonouredGroup<'a>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HonouredGroup<'a> {
    pub name: &'a str,
    pub mentor: Option<&'a str>,
    pub url: String,
}

/// The honour roll: each award with its names in publication order, padded for alignment.
pub fn honour_roll<'a, V: Views>(
    c: &'a Cohort,
    f: &'a CohortFigures,
    site: &Site,
    note: &'static str,
) -> Vec<Award<'a>> {
    f.honours
        .iter()
        .map(|h| match &h.recipients {
            Recipients::Members(list) => {
                let (people, hidden) = V::honoured(c, list);
                let members = people
                    .iter()
                    .map(|p| HonouredName {
                        name: names::padded(p.name),
                        plain: p.name,
                        extra: names::honour_extra(p, &site.honour_roll),
                    })
                    .collect();
                Award::Members(MemberAward {
                    name: &h.name,
                    count: list.len(),
                    unit: "名",
                    note,
                    basis: &h.basis,
                    members,
                    hidden,
                    is_group: false,
                })
            }
            Recipients::Groups(list) => Award::Groups(GroupAward {
                name: &h.name,
                count: list.len(),
                unit: "个",
                note: "",
                basis: &h.basis,
                is_group: true,
                groups: list
                    .iter()
                    .map(|&g| {
                        let gr = &c.groups[g];
                        HonouredGroup {
                            name: &gr.name,
                            mentor: gr.mentor.as_ref().map(|m| m.name.as_str()),
                            url: format!("{}/groups/{}/index.html", c.year, gr.id.value),
                        }
                    })
                    .collect(),
            }),
        })
        .collect()
}

/// A month of a group's activity timeline.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineMonth<'a> {
    pub month: String,
    pub items: Vec<TimelineItem<'a>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TimelineItem<'a> {
    pub date: String,
    pub iso: String,
    pub title: &'a str,
    pub kind: &'static str,
    pub summary: Option<&'a str>,
    /// Participants recorded (named or not).
    pub count: usize,
    pub headcount: Option<u32>,
    /// The participants the audience may see, joined with 「、」.
    pub participants: String,
}

/// The activity timeline of a group from its records (`Cohort::activities_by_group`, in file
/// order): month headings with their activities.
pub fn timeline<'a, V: Views>(
    c: &'a Cohort,
    acts: &[&'a crate::model::Activity],
) -> Vec<TimelineMonth<'a>> {
    let mut acts = acts.to_vec();
    acts.sort_by_key(|a| a.date.value);
    let mut out: Vec<TimelineMonth> = Vec::new();
    let mut current: Option<(i32, u32)> = None;
    for a in acts {
        let ym = (a.date.value.year(), a.date.value.month());
        let item = TimelineItem {
            date: date_cn(a.date.value),
            iso: a.date.value.to_string(),
            title: &a.title.value,
            kind: a.kind.name(),
            summary: a.summary.as_deref(),
            count: a.participants.len(),
            headcount: a.headcount.as_ref().map(|h| h.value),
            participants: names::<V>(c, a.participants.iter().filter_map(|r| r.member)),
        };
        match out.last_mut() {
            Some(last) if current == Some(ym) => last.items.push(item),
            _ => {
                current = Some(ym);
                out.push(TimelineMonth {
                    month: month_cn(a.date.value),
                    items: vec![item],
                })
            }
        }
    }
    out
}

//! Pages only the organisation office sees (`build --internal`): the full ledger, every
//! member's audit trail with source records, members below the pass mark, promotion holds,
//! people across cohorts and the talent pipeline. These views may carry personal data; the
//! public page set never builds them.

use super::audit::{self, Origins, Source};
use super::deferred::sink;
use super::pages::{Lazy, Page};
use crate::compute::Computed;
use crate::compute::holds::Hold;
use crate::compute::ledger::MemberLedger;
use crate::model::{Cohort, Content};
use crate::text::date_cn;
use serde::Serialize;
use std::sync::Arc;

/// The cohort as the ledger pages head it.
#[derive(Serialize)]
struct LedgerCohort<'a> {
    year: i32,
    title: &'a str,
    url: String,
    pass_mark: u32,
    hold_years: u32,
}

/// A member's line of the ledger.
#[derive(Serialize)]
struct LedgerRow<'a> {
    rank: u32,
    id: &'a str,
    name: &'a str,
    department: &'a str,
    group: String,
    programme: Option<&'a str>,
    total: u32,
    passed: bool,
    url: String,
    /// Number of ledger entries.
    entries: usize,
}

#[derive(Serialize)]
struct LedgerPage<'a, 'b> {
    cohort: &'b LedgerCohort<'a>,
    rows: Vec<LedgerRow<'a>>,
}

#[derive(Serialize)]
struct MemberPage<'a, 'b> {
    cohort: &'b LedgerCohort<'a>,
    row: LedgerRow<'a>,
    holds: Vec<MemberHold>,
    history: Vec<HistoryRow<'a>>,
    personal: Personal<'a>,
}

#[derive(Serialize)]
struct MemberHold {
    year: i32,
    until: i32,
    total: u32,
}

#[derive(Serialize)]
struct HistoryRow<'a> {
    year: i32,
    programme: Option<&'a str>,
    rank: &'static str,
    department: &'a str,
}

/// The roster's personal fields — internal pages only.
#[derive(Serialize)]
struct Personal<'a> {
    gender: Option<&'static str>,
    birth_date: Option<String>,
    phone: Option<&'a str>,
    political_status: Option<&'a str>,
    position: Option<&'a str>,
    rank: &'static str,
    line: Option<&'a str>,
    home_line: Option<&'a str>,
    consent: bool,
}

/// A member's audit trail, built when the page is rendered.
#[derive(Serialize)]
struct Entries<'a> {
    entries: Vec<EntryView<'a>>,
}

#[derive(Serialize)]
struct EntryView<'a> {
    date: Option<String>,
    rule: String,
    points: u32,
    what: &'a str,
    source: Source,
}

#[derive(Serialize)]
struct HoldsPage<'a> {
    holds: Vec<HoldRow<'a>>,
}

#[derive(Serialize)]
struct HoldRow<'a> {
    person: &'a str,
    name: &'a str,
    department: &'a str,
    year: i32,
    total: u32,
    pass_mark: u32,
    until: i32,
    /// Still in force in the latest cohort's year.
    active: bool,
    source: Option<Source>,
    url: String,
}

pub fn pages<'a>(pages: &mut Vec<Page<'a>>, content: &'a Content, computed: &'a Computed) {
    for (c, f) in content.cohorts.iter().zip(&computed.cohorts) {
        let Some(l) = &f.ledger else { continue };
        let y = c.year;
        let origins = Arc::new(Origins::of(c));
        let row = |r: &MemberLedger| ledger_row(c, r);
        let cohort = LedgerCohort {
            year: y,
            title: &c.title,
            url: format!("{y}/index.html"),
            pass_mark: l.rules.pass_mark,
            hold_years: l.rules.hold_years,
        };
        let ledger = LedgerPage {
            cohort: &cohort,
            rows: l.rows.iter().map(row).collect(),
        };
        let title = format!("积分台账 · {}", c.title);
        pages.push(
            Page::new(
                format!("{y}/ledger/index.html"),
                "internal/ledger.html",
                title,
            )
            .with(&ledger),
        );
        let failed = LedgerPage {
            cohort: &cohort,
            rows: l.failed().map(row).collect(),
        };
        let title = format!("积分不合格人员 · {}", c.title);
        pages.push(
            Page::new(
                format!("{y}/failed/index.html"),
                "internal/failed.html",
                title,
            )
            .with(&failed),
        );
        for r in &l.rows {
            let m = &c.members[r.member];
            // The audit trail is built when the page is rendered: with many activity records
            // every member's trail at once would be most of the build's memory.
            let origins = origins.clone();
            let entries: Lazy<'a> = Box::new(move |to| {
                let entries = Entries {
                    entries: r
                        .entries
                        .iter()
                        .map(|e| EntryView {
                            date: e.date.map(date_cn),
                            rule: e.rule.label(&l.rules),
                            points: e.points,
                            what: &e.what,
                            source: audit::source(content, &origins, e.source),
                        })
                        .collect(),
                };
                sink(&entries, to)
            });
            let holds = computed
                .holds
                .iter()
                .filter(|h| h.person == m.id.value)
                .map(|h| MemberHold {
                    year: h.year,
                    until: h.until,
                    total: h.total,
                })
                .collect();
            let history = content
                .cohorts
                .iter()
                .filter_map(|oc| {
                    let om = oc.members.iter().find(|x| x.id.value == m.id.value)?;
                    Some(HistoryRow {
                        year: oc.year,
                        programme: oc.programme(&om.programme.value).map(|p| p.name.as_str()),
                        rank: om.rank.name(),
                        department: &om.department,
                    })
                })
                .collect();
            let page = MemberPage {
                cohort: &cohort,
                row: row(r),
                holds,
                history,
                personal: Personal {
                    gender: m.female.map(|f| if f { "女" } else { "男" }),
                    birth_date: m.personal.birth_date.map(date_cn),
                    phone: m.personal.phone.as_deref(),
                    political_status: m.personal.political_status.as_deref(),
                    position: m.position.as_deref(),
                    rank: m.rank.name(),
                    line: m.line.as_deref(),
                    home_line: m.home_line.as_deref(),
                    consent: m.consent,
                },
            };
            let path = format!("{y}/members/{}/index.html", m.id.value);
            let title = format!("{} · 积分明细", m.name.value);
            pages.push(
                Page::new(path, "internal/member.html", title)
                    .with(&page)
                    .lazy(entries),
            );
        }
    }
    let latest = content.cohorts.last().map(|c| c.year).unwrap_or(0);
    let origins = all_origins(content);
    let holds = holds_in_reading_order(&computed.holds, content)
        .into_iter()
        .map(|h| HoldRow {
            person: &h.person,
            name: &h.name,
            department: &h.department,
            year: h.year,
            total: h.total,
            pass_mark: h.pass_mark,
            until: h.until,
            active: h.until >= latest,
            source: hold_source(content, &origins, h),
            url: format!("{}/members/{}/index.html", h.year, h.person),
        })
        .collect();
    pages.push(
        Page::new(
            "holds/index.html".into(),
            "internal/holds.html",
            "暂缓提拔名单",
        )
        .with(&HoldsPage { holds }),
    );
}

fn ledger_row<'a>(c: &'a Cohort, r: &MemberLedger) -> LedgerRow<'a> {
    let m = &c.members[r.member];
    let group = c
        .group_of(r.member)
        .map(|g| g.name.clone())
        .unwrap_or_default();
    LedgerRow {
        rank: r.rank,
        id: &m.id.value,
        name: &m.name.value,
        department: &m.department,
        group,
        programme: c.programme(&m.programme.value).map(|p| p.name.as_str()),
        total: r.total,
        passed: r.passed,
        url: format!("{}/members/{}/index.html", c.year, m.id.value),
        entries: r.entries.len(),
    }
}

/// Each cohort's record origins, in `content.cohorts` order.
fn all_origins(content: &Content) -> Vec<Origins> {
    content.cohorts.iter().map(Origins::of).collect()
}

/// The roster record a hold rests on, named for people.
fn hold_source(content: &Content, origins: &[Origins], h: &Hold) -> Option<Source> {
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

//! Statistics the showcase shows: activities per group by month and kind, attendance rates,
//! points distribution, pass rate — per group and for the cohort, so uneven groups stand out;
//! and across cohorts, the talent pipeline (梯队).

use super::CohortFigures;
use super::ledger::Ledger;
use crate::model::{ActivityKind, Cohort, Content, Rank};
use crate::validate::months_of;
use chrono::Datelike;

#[derive(Debug, Clone, PartialEq)]
pub struct GroupStats {
    /// Index into `Cohort::groups`.
    pub group: usize,
    pub members: usize,
    pub activities: usize,
    /// Activities per month of the period (same order as `CohortStats::months`).
    pub by_month: Vec<u32>,
    pub by_kind: [u32; 6],
    /// Months of the period without any group activity.
    pub idle_months: usize,
    /// Share of possible attendances that happened (group members at group activities).
    pub attendance: Option<f64>,
    pub average_points: Option<f64>,
    pub reports: usize,
    pub cases: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CohortStats {
    pub months: Vec<(i32, u32)>,
    pub groups: Vec<GroupStats>,
    pub members: usize,
    pub activities: usize,
    /// Programme-wide activities (not counted in any group).
    pub programme_activities: usize,
    pub by_kind: [u32; 6],
    pub by_month: Vec<u32>,
    pub reports: usize,
    pub cases: usize,
    pub attendances: usize,
    pub passed: Option<usize>,
    pub failed: Option<usize>,
    pub average_points: Option<f64>,
    /// Every member's total, highest first (for the distribution chart).
    pub totals: Vec<u32>,
    pub average_group_activities: f64,
    pub average_attendance: Option<f64>,
    /// Months with at least one activity, averaged over the groups (0 without groups).
    pub average_active_months: f64,
    /// Reports per group (0 without groups).
    pub average_group_reports: f64,
    /// Members who passed, in percent of all members; `None` without points or members.
    pub pass_percent: Option<f64>,
}

pub fn stats(c: &Cohort, ledger: Option<&Ledger>) -> CohortStats {
    let months = months_of(c);
    let month_index =
        |d: chrono::NaiveDate| months.iter().position(|&m| m == (d.year(), d.month()));
    let by_group = c.activities_by_group();
    // Each group's reports and cases counted in one pass (a scan of 10,000 reports per
    // group was most of computing a large cohort).
    let mut docs: rustc_hash::FxHashMap<&str, [usize; 2]> = Default::default();
    for (k, list) in [&c.reports, &c.cases].into_iter().enumerate() {
        for d in list {
            if let Some(g) = &d.group {
                docs.entry(g.value.as_str()).or_default()[k] += 1;
            }
        }
    }
    let groups: Vec<GroupStats> = c
        .groups
        .iter()
        .enumerate()
        .map(|(gi, g)| {
            let id = g.id.value.as_str();
            let members: Vec<usize> = c.group_members(id).map(|(i, _)| i).collect();
            let mut by_month = vec![0u32; months.len()];
            let mut by_kind = [0u32; 6];
            let mut present = 0usize;
            let mut count = 0usize;
            for a in by_group.get(id).into_iter().flatten() {
                count += 1;
                if let Some(i) = month_index(a.date.value) {
                    by_month[i] += 1;
                }
                by_kind[a.kind as usize] += 1;
                present += a
                    .participants
                    .iter()
                    .filter(|r| r.member.is_some_and(|m| members.contains(&m)))
                    .count();
            }
            let possible = count * members.len();
            GroupStats {
                group: gi,
                members: members.len(),
                activities: count,
                idle_months: by_month.iter().filter(|&&n| n == 0).count(),
                by_month,
                by_kind,
                attendance: (possible > 0).then(|| present as f64 / possible as f64),
                average_points: ledger.filter(|_| !members.is_empty()).map(|l| {
                    members.iter().map(|&m| l.total(m) as f64).sum::<f64>() / members.len() as f64
                }),
                reports: docs.get(id).map_or(0, |n| n[0]),
                cases: docs.get(id).map_or(0, |n| n[1]),
            }
        })
        .collect();
    let mut by_kind = [0u32; 6];
    let mut by_month = vec![0u32; months.len()];
    for a in &c.activities {
        by_kind[a.kind as usize] += 1;
        if let Some(i) = month_index(a.date.value) {
            by_month[i] += 1;
        }
    }
    let totals: Vec<u32> = ledger
        .map(|l| l.rows.iter().map(|r| r.total).collect())
        .unwrap_or_default();
    let rates: Vec<f64> = groups.iter().filter_map(|g| g.attendance).collect();
    let per_group = |sum: f64| {
        if groups.is_empty() {
            0.0
        } else {
            sum / groups.len() as f64
        }
    };
    let passed = ledger.map(|l| l.rows.iter().filter(|r| r.passed).count());
    CohortStats {
        average_active_months: per_group(
            groups.iter().map(|g| g.active_months() as f64).sum::<f64>(),
        ),
        average_group_reports: per_group(c.reports.len() as f64),
        pass_percent: passed
            .filter(|_| !c.members.is_empty())
            .map(|p| p as f64 * 100.0 / c.members.len() as f64),
        programme_activities: c
            .activities
            .iter()
            .filter(|a| matches!(a.scope, crate::model::Scope::Programme(_)))
            .count(),
        average_group_activities: if groups.is_empty() {
            0.0
        } else {
            groups.iter().map(|g| g.activities as f64).sum::<f64>() / groups.len() as f64
        },
        average_attendance: (!rates.is_empty())
            .then(|| rates.iter().sum::<f64>() / rates.len() as f64),
        months,
        groups,
        members: c.members.len(),
        activities: c.activities.len(),
        by_kind,
        by_month,
        reports: c.reports.len(),
        cases: c.cases.len(),
        attendances: c
            .activities
            .iter()
            .map(|a| a.participants.iter().filter(|r| r.member.is_some()).count())
            .sum(),
        passed,
        failed: ledger.map(|l| l.rows.iter().filter(|r| !r.passed).count()),
        average_points: ledger
            .filter(|l| !l.rows.is_empty())
            .map(|l| l.rows.iter().map(|r| r.total as f64).sum::<f64>() / l.rows.len() as f64),
        totals,
    }
}

impl GroupStats {
    /// Months of the period with at least one group activity.
    pub fn active_months(&self) -> usize {
        self.by_month.len() - self.idle_months
    }
}

impl CohortStats {
    pub fn kind_count(&self, k: ActivityKind) -> u32 {
        self.by_kind[k as usize]
    }
}

/// One cohort in the talent pipeline (梯队).
#[derive(Debug, Clone, PartialEq)]
pub struct PipelineYear {
    pub year: i32,
    /// Per rank in [`Rank::NAMES`] order (lowest first): members of that rank and, with a
    /// points scheme, how many of them passed.
    pub ranks: Vec<(usize, Option<usize>)>,
    pub members: usize,
    /// Members in no earlier cohort.
    pub new: usize,
    /// Members with a higher rank than in an earlier cohort.
    pub promoted: usize,
    /// Members per programme, in the cohort's programme order.
    pub programmes: Vec<usize>,
}

/// The talent pipeline: every cohort's members by rank, programme, newcomers and promotions.
pub fn pipeline(content: &Content, figures: &[CohortFigures]) -> Vec<PipelineYear> {
    content
        .cohorts
        .iter()
        .zip(figures)
        .map(|(c, f)| {
            let ranks = Rank::NAMES
                .iter()
                .map(|name| {
                    let members: Vec<usize> = c
                        .members
                        .iter()
                        .enumerate()
                        .filter(|(_, m)| m.rank.name() == *name)
                        .map(|(i, _)| i)
                        .collect();
                    let passed = f.ledger.as_ref().map(|l| {
                        members
                            .iter()
                            .filter(|&&i| l.row(i).is_some_and(|r| r.passed))
                            .count()
                    });
                    (members.len(), passed)
                })
                .collect();
            let earlier = || content.cohorts.iter().filter(|o| o.year < c.year);
            let new = c
                .members
                .iter()
                .filter(|m| !earlier().any(|o| o.members.iter().any(|x| x.id.value == m.id.value)))
                .count();
            let promoted = c
                .members
                .iter()
                .filter(|m| {
                    earlier()
                        .filter_map(|o| o.members.iter().find(|x| x.id.value == m.id.value))
                        .any(|x| x.rank < m.rank)
                })
                .count();
            PipelineYear {
                year: c.year,
                ranks,
                members: c.members.len(),
                new,
                promoted,
                programmes: c
                    .programmes
                    .iter()
                    .map(|p| {
                        c.members
                            .iter()
                            .filter(|m| m.programme.value == p.id.value)
                            .count()
                    })
                    .collect(),
            }
        })
        .collect()
}

//! Compute: pure functions from the validated model to the figures every renderer shows —
//! the points ledger, honours, statistics and promotion holds. No I/O here.

pub mod holds;
pub mod honours;
pub mod ledger;
pub mod order;
pub mod stats;

use crate::model::Content;

/// Everything computed for one cohort.
#[derive(Debug, Clone)]
pub struct CohortFigures {
    pub year: i32,
    /// `None` when the cohort had no points scheme.
    pub ledger: Option<ledger::Ledger>,
    pub honours: Vec<honours::HonourList>,
    pub stats: stats::CohortStats,
}

#[derive(Debug, Clone)]
pub struct Computed {
    /// Same order as `Content::cohorts`.
    pub cohorts: Vec<CohortFigures>,
    pub holds: Vec<holds::Hold>,
}

impl Computed {
    pub fn cohort(&self, year: i32) -> Option<&CohortFigures> {
        self.cohorts.iter().find(|c| c.year == year)
    }
}

pub fn compute(content: &Content) -> Computed {
    let opts = order::options(&content.site);
    let cohorts: Vec<CohortFigures> = content
        .cohorts
        .iter()
        .map(|c| {
            let ledger = ledger::ledger(c);
            let honours = honours::honours(c, ledger.as_ref(), &opts);
            let stats = stats::stats(c, ledger.as_ref());
            CohortFigures {
                year: c.year,
                ledger,
                honours,
                stats,
            }
        })
        .collect();
    let holds = holds::holds(content, &cohorts);
    Computed { cohorts, holds }
}

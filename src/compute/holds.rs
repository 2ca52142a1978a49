//! Promotion holds: a member who fails the pass mark in year Y is not considered for
//! promotion through Y + hold_years. Followed across cohorts by person id.

use super::CohortFigures;
use crate::model::Content;
use crate::source::Pos;

#[derive(Debug, Clone, PartialEq)]
pub struct Hold {
    pub person: String,
    pub name: String,
    pub department: String,
    /// The cohort year in which the member failed.
    pub year: i32,
    pub total: u32,
    pub pass_mark: u32,
    /// Last year of the hold (inclusive).
    pub until: i32,
    /// The roster record of the member in the failing cohort.
    pub source: Pos,
}

pub fn holds(content: &Content, figures: &[CohortFigures]) -> Vec<Hold> {
    let mut out = Vec::new();
    for (c, f) in content.cohorts.iter().zip(figures) {
        let Some(l) = &f.ledger else { continue };
        for r in l.failed() {
            let m = &c.members[r.member];
            out.push(Hold {
                person: m.id.value.clone(),
                name: m.name.value.clone(),
                department: m.department.clone(),
                year: c.year,
                total: r.total,
                pass_mark: l.rules.pass_mark,
                until: c.year + l.rules.hold_years as i32,
                source: m.pos,
            });
        }
    }
    out.sort_by(|a, b| (a.year, &a.person).cmp(&(b.year, &b.person)));
    out
}

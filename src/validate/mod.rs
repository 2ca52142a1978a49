//! Validate: check the loaded content against itself — references, duplicates, dates,
//! headcounts, files — resolving every member reference on the way. Reports every problem;
//! warnings for what is legal but suspicious.

mod activities;
mod documents;
mod edition;
mod images;
mod index;
mod markdown;
mod roster;
mod warnings;

pub use warnings::months_of;

use crate::diag::Diagnostics;
use crate::model::Content;

pub use index::Roster;

/// Runs every check over every cohort. Member references are resolved in place.
pub fn validate(content: &mut Content, diags: &mut Diagnostics) {
    let root = content.root.clone();
    for i in 0..content.cohorts.len() {
        let cohort = &mut content.cohorts[i];
        roster::check(cohort, diags);
        let roster = Roster::new(cohort);
        activities::check(cohort, &roster, diags);
        documents::check(cohort, &roster, diags);
        images::check(cohort, &root, diags);
        markdown::check(cohort, diags);
        warnings::check(cohort, diags);
        warnings::placeholders(cohort, diags);
        edition::check(cohort, &root, diags);
    }
    roster::check_across_cohorts(content, diags);
    markdown::sweep();
}

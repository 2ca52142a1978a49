//! The talent pipeline (梯队, `compute::stats::pipeline`) over the sample content: three
//! cohorts of 青干班 (2015, 2016) and 青干班 + 导师班 (2017); six members of 2016 and six
//! of 2017 were in an earlier cohort, four of the latter now at a higher rank.

mod common;

use common::sample_content;
use showcase::compute::stats::pipeline;
use showcase::pipeline::{Drafts, analyse_with};

#[test]
fn the_pipeline_counts_ranks_newcomers_and_promotions() {
    let a = analyse_with(&sample_content(), Drafts::Exclude);
    assert!(a.ok(), "the sample content has errors");
    let years = pipeline(&a.content, &a.computed.cohorts);
    let brief: Vec<_> = years
        .iter()
        .map(|y| (y.year, y.members, y.new, y.promoted))
        .collect();
    assert_eq!(
        brief,
        [(2015, 18, 18, 0), (2016, 24, 18, 0), (2017, 53, 47, 4)]
    );
    // The first two cohorts had no points scheme: no pass counts.
    assert_eq!(years[0].ranks, [(18, None), (0, None), (0, None)]);
    assert_eq!(
        years[2].ranks,
        [(20, Some(18)), (33, Some(30)), (0, Some(0))]
    );
    assert_eq!(years[2].programmes, [20, 33]);
    for y in &years {
        let by_rank: usize = y.ranks.iter().map(|r| r.0).sum();
        assert_eq!(
            by_rank, y.members,
            "{}: ranks add up to the members",
            y.year
        );
        let by_programme: usize = y.programmes.iter().sum();
        assert_eq!(by_programme, y.members, "{}: programmes add up", y.year);
    }
}

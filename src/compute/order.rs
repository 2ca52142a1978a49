//! The one place that decides the order of published names (honour rolls, member lists):
//! the site's collation settings applied through `showcase-collate`.

use crate::model::{Cohort, Site};
use showcase_collate::{Collation, Options};

/// Collation options from site.yaml (`honour_roll.collation`, `single_given_name`).
pub fn options(site: &Site) -> Options {
    Options {
        collation: site.honour_roll.collation,
        single: site.honour_roll.single_given_name,
        ..Options::default()
    }
}

/// The name a member is collated by (`sort_as` overrides it for rare characters).
pub fn sort_key(c: &Cohort, member: usize) -> &str {
    let m = &c.members[member];
    m.sort_as.as_deref().unwrap_or(&m.name.value)
}

/// Orders member indices as a Chinese office publishes them (按姓氏笔画排序 by default).
pub fn order_members(c: &Cohort, members: &mut [usize], opts: &Options) {
    members.sort_by(|&a, &b| showcase_collate::compare(sort_key(c, a), sort_key(c, b), opts));
}

/// The heading note for the collation in use.
pub fn ordering_note(opts: &Options) -> &'static str {
    match opts.collation {
        Collation::Pinyin => "（按姓氏拼音排序）",
        Collation::Stroke | Collation::StrokeCodepoint => "（按姓氏笔画排序）",
    }
}

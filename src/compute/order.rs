//! The one place that decides the order of published names (temporary code-point order
//! until the collation crate lands).

use crate::model::{Cohort, Site};

#[derive(Default, Clone)]
pub struct Options {
    pub collation: String,
}

pub fn options(site: &Site) -> Options {
    Options {
        collation: site.honour_roll.collation.clone(),
    }
}

pub fn sort_key(c: &Cohort, member: usize) -> &str {
    let m = &c.members[member];
    m.sort_as.as_deref().unwrap_or(&m.name.value)
}

pub fn order_members(c: &Cohort, members: &mut [usize], _opts: &Options) {
    members.sort_by(|&a, &b| sort_key(c, a).cmp(sort_key(c, b)));
}

pub fn unknown_chars(_name: &str, _opts: &Options) -> Vec<char> {
    Vec::new()
}

pub fn ordering_note(_opts: &Options) -> &'static str {
    "（按姓氏笔画排序）"
}

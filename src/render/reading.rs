//! The reading order of a cohort's reports and cases, shared by the site (previous/next
//! links) and the booklet (chapter order).

use crate::model::{Cohort, Document};

/// Reports and cases read group by group (in groups.yaml order), then by date.
pub fn reading_order<'a>(c: &Cohort, list: &'a [Document]) -> Vec<&'a Document> {
    reading_indices(c, list)
        .into_iter()
        .map(|i| &list[i])
        .collect()
}

/// The reading order as positions in `list`.
pub fn reading_indices(c: &Cohort, list: &[Document]) -> Vec<usize> {
    let mut v: Vec<usize> = (0..list.len()).collect();
    // Each key once (a group lookup and a slug copy), not once per comparison: 10,000
    // reports took ~30 ms with `sort_by_key`.
    v.sort_by_cached_key(|&i| {
        let d = &list[i];
        (
            d.group
                .as_ref()
                .and_then(|g| c.group_index(&g.value))
                .unwrap_or(usize::MAX),
            d.date.as_ref().map(|x| x.value),
            d.slug.clone(),
        )
    });
    v
}

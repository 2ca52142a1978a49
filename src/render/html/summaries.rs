//! Every report's and case's summary in a cohort, built once per build: the document lists,
//! the group pages and the document pages all show them (a 10,000-report cohort built each
//! summary three times over). Each also has a fingerprint, computed on first use, that the
//! live preview's page keys take in place of the summary ([`Item`]): the key of the
//! 10,000-entry report list then hashes 10,000 numbers, not 10,000 serialised summaries.

use super::deferred::Sink;
use super::views::{DocSummary, Views, doc_summary};
use crate::model::{Cohort, Document};
use rayon::prelude::*;
use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};
use std::sync::{Arc, OnceLock};

/// One document's summary and its fingerprint.
pub struct Summary<'a> {
    pub view: DocSummary<'a>,
    print: OnceLock<u128>,
}

impl<'a> Summary<'a> {
    pub fn new<V: Views>(c: &'a Cohort, d: &'a Document) -> Self {
        Summary {
            view: doc_summary::<V>(c, d),
            print: OnceLock::new(),
        }
    }

    /// The summary as a page view shows it: whole for `Sink::View`, as its fingerprint
    /// for `Sink::Key`. Call before the view is handed to the sink (the fingerprint is
    /// serialised through the same per-thread buffer).
    pub fn item(&self, to: &Sink) -> Item<'_, 'a> {
        match to {
            Sink::View(_) | Sink::Tera(_) => Item::View(&self.view),
            Sink::Key(_) => Item::Key(
                *self
                    .print
                    .get_or_init(|| super::incremental::print_of(&self.view)),
            ),
        }
    }
}

/// A summary inside a page view (see [`Summary::item`]).
pub enum Item<'s, 'a> {
    View(&'s DocSummary<'a>),
    Key(u128),
}

impl Serialize for Item<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Item::View(v) => v.serialize(s),
            // A struct, so that a view may flatten it like the summary itself.
            Item::Key(p) => {
                let mut st = s.serialize_struct("SummaryPrint", 1)?;
                st.serialize_field("summary_print", &[(p >> 64) as u64, *p as u64])?;
                st.end()
            }
        }
    }
}

/// A cohort's summaries, in the order of `c.reports` and `c.cases`.
pub struct Summaries<'a> {
    pub lists: [Vec<Arc<Summary<'a>>>; 2],
}

impl<'a> Summaries<'a> {
    pub fn new<V: Views>(c: &'a Cohort) -> Self {
        let build = |list: &'a [Document]| -> Vec<Arc<Summary<'a>>> {
            list.par_iter()
                .map(|d| Arc::new(Summary::new::<V>(c, d)))
                .collect()
        };
        Summaries {
            lists: [build(&c.reports), build(&c.cases)],
        }
    }
}

//! The one place that decides what the public may see of a person. Every public output —
//! site pages, search index, booklet PDF, charts, exports — gets people through
//! [`person`] or [`member`]; nothing public reads `Cohort::members` directly. A member who
//! withheld consent (`consent: false`) has no public view at all, so no renderer can print
//! the name.
//!
//! The guarantee is in the types: [`PublicMember`], the member a public page template
//! receives, has fields for the name and the department only and private fields, so only
//! this module can make one — a public page cannot carry a phone number, a points total or
//! the name of someone who withheld consent, because its view has nowhere to put them.

use crate::model::{Cohort, Document};
use serde::Serialize;

/// A person as a name list shows them: the name, the department and (for honour rolls that
/// mark it) whether she is a woman. [`person`] is the only way public output gets one.
#[derive(Debug, Clone, Copy)]
pub struct NamedPerson<'a> {
    pub name: &'a str,
    pub department: &'a str,
    pub female: bool,
}

/// A member as a public page template receives them (`name`, `department`). The fields are
/// private: [`member`] is the only way to make one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PublicMember<'a> {
    name: &'a str,
    department: &'a str,
}

impl<'a> PublicMember<'a> {
    pub fn name(&self) -> &'a str {
        self.name
    }
}

/// Shown in place of an author who withheld consent.
pub const HIDDEN_AUTHOR: &str = "（作者之一未公开姓名）";

/// The public view of member `i` of `c`; `None` when the member withheld consent (or the
/// index is unknown).
pub fn person(c: &Cohort, i: usize) -> Option<NamedPerson<'_>> {
    let m = c.members.get(i)?;
    if !m.consent {
        return None;
    }
    Some(NamedPerson {
        name: &m.name.value,
        department: &m.department,
        female: m.female == Some(true),
    })
}

/// Member `i` of `c` as a public page shows them; `None` when they withheld consent.
pub fn member(c: &Cohort, i: usize) -> Option<PublicMember<'_>> {
    person(c, i).map(|p| PublicMember {
        name: p.name,
        department: p.department,
    })
}

/// Member `i` of `c` as the office's internal site names them on an honour roll: everyone,
/// consent or not. Only for `build --internal` output.
pub fn office_person(c: &Cohort, i: usize) -> Option<NamedPerson<'_>> {
    let m = c.members.get(i)?;
    Some(NamedPerson {
        name: &m.name.value,
        department: &m.department,
        female: m.female == Some(true),
    })
}

/// A document's authors as the public may see them, in order; a hidden author becomes
/// [`HIDDEN_AUTHOR`] so the number of authors stays true.
pub fn authors(c: &Cohort, d: &Document) -> Vec<String> {
    d.authors
        .iter()
        .filter_map(|a| a.member)
        .map(|i| {
            person(c, i)
                .map(|p| p.name.to_string())
                .unwrap_or_else(|| HIDDEN_AUTHOR.to_string())
        })
        .collect()
}

/// Splits members into the public views of those who may be named and the number of
/// those who may not.
pub fn split<'a>(c: &'a Cohort, list: &[usize]) -> (Vec<NamedPerson<'a>>, usize) {
    let shown: Vec<NamedPerson> = list.iter().filter_map(|&i| person(c, i)).collect();
    let hidden = list.len() - shown.len();
    (shown, hidden)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_public_member_serialises_to_name_and_department_only() {
        let m = super::PublicMember {
            name: "李丹",
            department: "党政办",
        };
        let v = serde_json::to_value(m).unwrap();
        let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["department", "name"]);
    }
}

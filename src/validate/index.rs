//! Lookup of members by name or id within one cohort, with did-you-mean suggestions.

use crate::diag::{Diagnostic, Diagnostics, did_you_mean};
use crate::model::{Cohort, MemberRef};
use std::collections::HashMap;

pub struct Roster {
    year: i32,
    by_id: HashMap<String, usize>,
    by_name: HashMap<String, Vec<usize>>,
    names: Vec<String>,
    ids: Vec<String>,
}

impl Roster {
    pub fn new(c: &Cohort) -> Self {
        let mut by_id = HashMap::new();
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, m) in c.members.iter().enumerate() {
            by_id.entry(m.id.value.clone()).or_insert(i);
            by_name.entry(m.name.value.clone()).or_default().push(i);
        }
        Roster {
            year: c.year,
            by_id,
            by_name,
            names: c.members.iter().map(|m| m.name.value.clone()).collect(),
            ids: c.members.iter().map(|m| m.id.value.clone()).collect(),
        }
    }

    /// Resolves a reference (id first, then name); reports unknown and ambiguous names.
    /// `role` names the field for the message, e.g. "参加人".
    pub fn resolve(&self, r: &mut MemberRef, role: &str, diags: &mut Diagnostics) -> Option<usize> {
        let t = r.text.value.as_str();
        let found = if let Some(&i) = self.by_id.get(t) {
            Some(i)
        } else {
            match self.by_name.get(t).map(Vec::as_slice) {
                Some([i]) => Some(*i),
                Some(many) => {
                    let ids: Vec<&str> = many.iter().map(|&i| self.ids[i].as_str()).collect();
                    diags.push(
                        Diagnostic::error(
                            r.text.pos,
                            format!("{role}「{t}」有同名学员 {} 人，无法确定是谁", many.len()),
                        )
                        .hint(format!("改写人员编号：{}", ids.join(" 或 ")))
                        .width(t.chars().count()),
                    );
                    None
                }
                None => {
                    let hint = match did_you_mean(t, self.names.iter().map(String::as_str)) {
                        Some(s) => format!("是否指「{s}」？若是新学员，请先加入 members.yaml。"),
                        None => {
                            "检查姓名是否有错别字；若是新学员，请先加入 members.yaml。".to_string()
                        }
                    };
                    diags.push(
                        Diagnostic::error(
                            r.text.pos,
                            format!("{role}「{t}」不是 {} 届学员", self.year),
                        )
                        .hint(hint)
                        .width(t.chars().count()),
                    );
                    None
                }
            }
        };
        r.member = found;
        found
    }
}

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
                    let close = suggestions(t, &self.names);
                    let hint = if self.names.is_empty() {
                        "本届名册中没有学员：members.yaml 缺失、是空的或未能读取，请先修正 members.yaml。".to_string()
                    } else if close.is_empty() {
                        "检查姓名是否有错别字；若是新学员，请先加入 members.yaml。".to_string()
                    } else {
                        let quoted: Vec<String> =
                            close.iter().map(|s| format!("「{s}」")).collect();
                        format!(
                            "是否指{}？若是新学员，请先加入 members.yaml。",
                            quoted.join("或")
                        )
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

/// The members' names closest to `t`. A slip in a two-character name often has several equally
/// close corrections (吴浩: 吴昊 or 崔浩); naming only the first in roster order would point
/// the clerk at the wrong person, so all of them are given (at most three), same surname first.
fn suggestions<'a>(t: &str, names: &'a [String]) -> Vec<&'a str> {
    let Some(best) = did_you_mean(t, names.iter().map(String::as_str)) else {
        return Vec::new();
    };
    let score = |c: &str| strsim::normalized_levenshtein(t, c);
    let top = score(best);
    let mut out: Vec<&str> = Vec::new();
    for c in names.iter().map(String::as_str) {
        if score(c) == top && did_you_mean(t, [c]).is_some() && !out.contains(&c) {
            out.push(c);
        }
    }
    let surname = t.chars().next();
    out.sort_by_key(|c| c.chars().next() != surname);
    out.truncate(3);
    out
}

#[cfg(test)]
mod tests {
    use super::suggestions;

    #[test]
    fn equally_close_names_are_all_suggested_same_surname_first() {
        let names: Vec<String> = ["崔浩", "李倩", "吴昊", "李军", "王芳", "李军"]
            .map(String::from)
            .to_vec();
        assert_eq!(suggestions("吴浩", &names), ["吴昊", "崔浩"]);
        assert_eq!(suggestions("李君", &names), ["李倩", "李军"]);
        assert_eq!(suggestions("王芳芳", &names), ["王芳"]);
        assert!(suggestions("欧阳修", &names).is_empty());
    }
}

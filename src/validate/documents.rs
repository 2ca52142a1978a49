//! Reports, cases, preface and afterword: authors are members, the group exists, the date is
//! in the period. (Referenced images are checked in `images.rs`.)

use super::activities::unknown;
use super::index::Roster;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Cohort;
use chrono::Datelike;

pub fn check(c: &mut Cohort, roster: &Roster, diags: &mut Diagnostics) {
    let group_ids: Vec<String> = c.groups.iter().map(|g| g.id.value.clone()).collect();
    // Looked up once per document (a scan of 100 ids for each of 10,000 reports showed).
    let known: rustc_hash::FxHashSet<&str> = group_ids.iter().map(String::as_str).collect();
    let (start, end, year) = (c.start, c.end, c.year);
    let docs = c
        .reports
        .iter_mut()
        .chain(c.cases.iter_mut())
        .chain(c.preface.iter_mut())
        .chain(c.afterword.iter_mut());
    for d in docs {
        let mut seen: Vec<usize> = Vec::new();
        for a in d.authors.iter_mut() {
            roster.resolve(a, "作者", diags);
            if let Some(i) = a.member {
                if seen.contains(&i) {
                    // Listed twice would be paid twice (and printed twice).
                    diags.push(
                        Diagnostic::error(a.text.pos, format!("作者「{}」重复列出", a.text.value))
                            .hint("删去重复的名字：每位作者每篇文章只计一次分。")
                            .width(a.text.value.chars().count()),
                    );
                    a.member = None;
                } else {
                    seen.push(i);
                }
            }
        }
        if let Some(g) = &d.group
            && !known.contains(g.value.as_str())
        {
            unknown(diags, g, "小组", &group_ids, year, "groups.yaml");
        }
        if let Some(date) = &d.date
            && (date.value.year() != year
                && (date.value < start || date.value > end + chrono::Days::new(62)))
        {
            diags.push(
                Diagnostic::error(date.pos, format!("日期 {} 与 {year} 届不符", date.value))
                    .hint(format!(
                        "文章日期应在 {year} 年内（通常在培养期末），核对年份是否写错。"
                    ))
                    .width(10),
            );
        }
    }
}

//! `showcase new report` / `new case`: a Markdown document with its front matter filled in,
//! named after the group and title, dated so that the checker accepts it.

use super::text;
use super::{create_file, editable, latest_hint, load, pick_cohort, pick_group, shown, slug};
use crate::model::Cohort;
use chrono::{Datelike, NaiveDate};
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub struct DocOutcome {
    /// Relative to the content root.
    pub path: PathBuf,
    pub year: i32,
    /// The cohort is marked `status: archived` (still editable, but rarely meant).
    pub archived: bool,
    pub group: String,
    pub date: NaiveDate,
}

/// A document date the checker accepts for the cohort: today when possible, else the
/// period's last day.
pub fn doc_date(c: &Cohort, today: NaiveDate) -> NaiveDate {
    let late = c.end + chrono::Days::new(62);
    if today.year() == c.year || (c.start <= today && today <= late) {
        today
    } else {
        c.end
    }
}

/// The file name (without `.md`) `new report` gives a document titled `title` in `dir`:
/// `<group>-<pinyin of the title>`, or `<group>-report-<n>` (`case-<n>`) when the title has
/// nothing to transliterate (also used by `import report`).
pub fn document_stem(dir: &Path, group: &str, case: bool, title: &str) -> String {
    if let Some(t) = slug::transliterate(title) {
        return format!("{group}-{t}");
    }
    let kind = if case { "case" } else { "report" };
    let prefix = format!("{group}-{kind}-");
    let mut n = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
                .count()
        })
        .unwrap_or(0)
        + 1;
    while dir.join(format!("{prefix}{n}.md")).exists() {
        n += 1;
    }
    format!("{prefix}{n}")
}

pub struct NewDoc<'a> {
    pub group: &'a str,
    pub cohort: Option<i32>,
    pub case: bool,
    pub title: &'a str,
    pub slug: Option<&'a str>,
}

pub fn new_document(root: &Path, req: &NewDoc, today: NaiveDate) -> Result<DocOutcome, String> {
    let title = req.title.trim();
    if title.is_empty() {
        return Err("错误：标题是空的。用法：showcase new report --group 小组编号 文章标题".into());
    }
    if title.chars().any(char::is_control) {
        return Err("错误：标题中不能有换行或制表符。".into());
    }
    let (content, _) = load(root)?;
    let c = pick_cohort(&content, req.cohort)?;
    editable(c)?;
    let g = pick_group(c, req.group).map_err(|e| latest_hint(e, c, req.cohort))?;
    let group = g.id.value.as_str();
    let dir_rel = c.dir.join(if req.case { "cases" } else { "reports" });
    let dir = root.join(&dir_rel);
    let name = match req.slug {
        Some(s) => {
            let s = s.trim().trim_end_matches(".md");
            if !slug::is_valid(s) {
                return Err(format!(
                    "错误：文件名「{s}」不可用：它会成为网址，只能用小写英文字母、数字和连字符，如 {group}-weijian。"
                ));
            }
            s.to_string()
        }
        None => document_stem(&dir, group, req.case, title),
    };
    let rel = dir_rel.join(format!("{name}.md"));
    if root.join(&rel).exists() {
        return Err(format!(
            "错误：{} 已存在，未覆盖。\n  若是另一篇文章，请用 --slug 另取文件名，如 --slug {name}-2。",
            shown(&root.join(&rel))
        ));
    }
    let date = doc_date(c, today);
    let body = text::document_md(title, group, &g.name, date, req.case);
    create_file(&root.join(&rel), body.as_bytes())?;
    Ok(DocOutcome {
        path: rel,
        year: c.year,
        archived: c.status == crate::model::Status::Archived,
        group: group.to_string(),
        date,
    })
}

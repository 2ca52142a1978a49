//! `showcase new activity`: a commented activity template appended to a group's activity
//! file through the same checked append as `import attendance`.

use super::text;
use super::{editable, latest_hint, load, pick_cohort, pick_group, shown};
use crate::atomic_file::write_atomically;
use crate::model::{Cohort, Content};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub struct ActivityOutcome {
    /// Relative to the content root.
    pub path: PathBuf,
    pub created: bool,
    pub year: i32,
    /// The cohort is marked `status: archived` (still editable, but rarely meant).
    pub archived: bool,
    pub group: String,
    pub date: NaiveDate,
    /// 1-based lines of the appended template.
    pub first_line: usize,
    pub last_line: usize,
}

/// The activity file of `group`: `activities/<group>.yaml`, or the file its records already
/// live in when that is named otherwise.
fn activity_file(content: &Content, c: &Cohort, group: &str) -> PathBuf {
    let default = c.dir.join("activities").join(format!("{group}.yaml"));
    if content.root.join(&default).exists() {
        return default;
    }
    c.group_activities(group)
        .next()
        .map(|a| content.sources.path(a.pos.file).to_path_buf())
        .unwrap_or(default)
}

pub fn new_activity(
    root: &Path,
    group: &str,
    cohort: Option<i32>,
    today: NaiveDate,
) -> Result<ActivityOutcome, String> {
    let (content, _) = load(root)?;
    let c = pick_cohort(&content, cohort)?;
    editable(c)?;
    let g = pick_group(c, group).map_err(|e| latest_hint(e, c, cohort))?;
    let group = g.id.value.as_str();
    let rel = activity_file(&content, c, group);
    let path = root.join(&rel);
    let old = match std::fs::read(&path) {
        Ok(bytes) => Some(String::from_utf8(bytes).map_err(|_| {
            format!(
                "错误：{} 不是 UTF-8 编码，未做任何改动。\n  用记事本打开，“另存为”时编码选 UTF-8，再运行本命令。",
                shown(&rel)
            )
        })?),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(format!("错误：无法读取 {}：{e}", shown(&rel))),
    };
    let date = if c.start <= today && today <= c.end {
        today
    } else {
        c.start
    };
    let template =
        |indent: usize, nl: &str| text::activity_template(indent, nl, date, c.start, c.end, today);
    let new = append_activity(old.as_deref(), group, &g.name, template)
        .map_err(|e| format!("错误：{}：{e}未做任何改动。", shown(&rel)))?;
    write_atomically(&path, &new)
        .map_err(|e| format!("错误：无法写入 {}：{e}。未做任何改动。", shown(&rel)))?;
    let old_lines = old.as_deref().map(|t| t.lines().count()).unwrap_or(0);
    // The template's first line is its comment; point at the record itself.
    let first_line = new
        .lines()
        .enumerate()
        .skip(old_lines)
        .find(|(_, l)| l.trim_start().starts_with("- date:"))
        .map(|(i, _)| i + 1)
        .unwrap_or(old_lines + 1);
    Ok(ActivityOutcome {
        path: rel,
        created: old.is_none(),
        year: c.year,
        archived: c.status == crate::model::Status::Archived,
        group: group.to_string(),
        date,
        first_line,
        last_line: new.lines().count(),
    })
}

/// The full new text of a group's activity file: `existing` (`None` when the file does not
/// exist yet) with one template record appended — through the same checked append as
/// `import attendance`, so existing bytes and records never change.
pub fn append_activity(
    existing: Option<&str>,
    group: &str,
    group_name: &str,
    template: impl Fn(usize, &str) -> String,
) -> Result<String, String> {
    let new_file = || {
        let mut out = format!("# {group_name}活动记录：一次活动一条，按日期先后排列\n");
        out += &text::line(
            &format!("group: {}", crate::yaml_write::scalar(group)),
            "归属小组编号",
        );
        out + "activities:\n"
    };
    crate::yaml_write::append_with(existing, group, new_file, 1, template)
        .map_err(|e| format!("{}。{}", e.message, e.hint))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tpl(indent: usize, nl: &str) -> String {
        let d = NaiveDate::from_ymd_opt(2017, 6, 1).unwrap();
        text::activity_template(indent, nl, d, d, d, d)
    }

    #[test]
    fn appends_after_the_existing_bytes() {
        let old = "# 注释\ngroup: g\nactivities:\n  - date: 2017-05-01\n    title: 旧\n    kind: 学习\n    participants: 全体   # 行尾注释";
        let new = append_activity(Some(old), "g", "组", tpl).unwrap();
        assert!(new.starts_with(old));
        assert!(new.contains("\n  - date: 2017-06-01"), "{new}");
    }

    #[test]
    fn keeps_crlf_and_column_zero_dashes() {
        let old = "group: g\r\nactivities:\r\n- date: 2017-05-01\r\n  title: 旧\r\n  kind: 学习\r\n  participants: 全体\r\n";
        let new = append_activity(Some(old), "g", "组", tpl).unwrap();
        assert!(new.starts_with(old));
        assert!(new.contains("\r\n- date: 2017-06-01"), "{new:?}");
        assert!(!new[old.len()..].replace("\r\n", "").contains('\n'));
    }

    #[test]
    fn creates_missing_files_and_fills_empty_ones() {
        let new = append_activity(None, "g", "组", tpl).unwrap();
        assert!(new.contains("group: g"));
        let new = append_activity(Some("group: g\nactivities:\n"), "g", "组", tpl).unwrap();
        assert!(new.starts_with("group: g\nactivities:\n"));
        let new = append_activity(Some("group: g\n"), "g", "组", tpl).unwrap();
        assert!(new.starts_with("group: g\nactivities:\n"), "{new}");
    }

    #[test]
    fn refuses_what_it_cannot_append_to() {
        let e = append_activity(Some("group: g\nactivities: []\n"), "g", "组", tpl).unwrap_err();
        assert!(e.contains("activities: []"), "{e}");
        let e = append_activity(Some("programme: p\nactivities:\n"), "g", "组", tpl).unwrap_err();
        assert!(e.contains("归属"), "{e}");
        let e = append_activity(
            Some("activities:\n  - date: 2017-05-01\n    title: 旧\ngroup: g\n"),
            "g",
            "组",
            tpl,
        )
        .unwrap_err();
        assert!(e.contains("结构"), "{e}");
    }
}

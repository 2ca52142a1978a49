//! Activity records from a sign-in sheet written as YAML and appended to a group's activity
//! file through [`crate::yaml_write`], which keeps the existing text byte-identical.

use super::attendance::{Participants, Record};
pub use crate::yaml_write::AppendError;
use crate::yaml_write::{append_with, scalar};

/// One record as a block-sequence item whose dash is indented by `indent` spaces.
pub fn record_text(r: &Record, indent: usize, nl: &str) -> String {
    let dash = " ".repeat(indent);
    let pad = " ".repeat(indent + 2);
    let mut out = format!("{dash}- date: {}{nl}", r.date);
    out += &format!("{pad}title: {}{nl}", scalar(&r.title));
    out += &format!("{pad}kind: {}{nl}", r.kind.name());
    if let Some(o) = &r.organiser {
        out += &format!("{pad}organiser: {}{nl}", scalar(o));
    }
    if let Some(h) = r.headcount {
        out += &format!("{pad}headcount: {h}{nl}");
    }
    match &r.participants {
        Participants::Everyone => out += &format!("{pad}participants: 全体{nl}"),
        Participants::List(names) => {
            let list: Vec<String> = names.iter().map(|n| scalar(n)).collect();
            out += &format!("{pad}participants: [{}]{nl}", list.join(", "));
        }
    }
    if !r.absent.is_empty() {
        let list: Vec<String> = r.absent.iter().map(|n| scalar(n)).collect();
        out += &format!("{pad}absent: [{}]{nl}", list.join(", "));
    }
    if let Some(s) = &r.summary {
        out += &format!("{pad}summary: {}{nl}", scalar(s));
    }
    out
}

/// The full new text of a group's activity file: `existing` (the file's text, `None` when it
/// does not exist yet) followed by `records`. `note` becomes a comment line above them.
pub fn append(
    existing: Option<&str>,
    group: &str,
    records: &[Record],
    note: &str,
) -> Result<String, AppendError> {
    let note: String = note
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let new_file = || format!("group: {}\nactivities:\n", scalar(group));
    append_with(existing, group, new_file, records.len(), |indent, nl| {
        let mut out = format!("{}# {note}{nl}", " ".repeat(indent));
        for (i, r) in records.iter().enumerate() {
            if i > 0 {
                out.push_str(nl);
            }
            out += &record_text(r, indent, nl);
        }
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ActivityKind;
    use chrono::NaiveDate;

    fn rec(title: &str) -> Record {
        Record {
            row: 2,
            date: NaiveDate::from_ymd_opt(2017, 6, 10).unwrap(),
            title: title.into(),
            kind: ActivityKind::Practice,
            organiser: Some("李泗".into()),
            headcount: Some(12),
            participants: Participants::List(vec!["李泗".into(), "张三".into()]),
            absent: Vec::new(),
            summary: None,
        }
    }

    #[test]
    fn appends_without_touching_existing_text() {
        let old = "# 注释\ngroup: g\nactivities:\n  - date: 2017-05-01\n    title: 旧\n    kind: 学习\n    participants: 全体   # 行尾注释\n";
        let new = append(Some(old), "g", &[rec("新: 记录")], "导入").unwrap();
        assert!(new.starts_with(old));
        assert!(new.ends_with("    title: \"新: 记录\"\n    kind: 实践\n    organiser: 李泗\n    headcount: 12\n    participants: [李泗, 张三]\n"), "{new}");
    }

    #[test]
    fn keeps_crlf_and_column_zero_dashes() {
        let old = "group: g\r\nactivities:\r\n- date: 2017-05-01\r\n  title: 旧\r\n  kind: 学习\r\n  participants: 全体";
        let new = append(Some(old), "g", &[rec("新")], "导入").unwrap();
        assert!(new.starts_with(old));
        assert!(
            new.contains("\r\n- date: 2017-06-10\r\n  title: 新\r\n"),
            "{new:?}"
        );
    }

    #[test]
    fn creates_a_missing_file() {
        let new = append(None, "g", &[rec("新"), rec("又一条")], "导入").unwrap();
        assert!(new.starts_with("group: g\nactivities:\n"));
    }

    #[test]
    fn refuses_what_it_cannot_append_to() {
        let e = append(Some("group: g\nactivities: []\n"), "g", &[rec("新")], "x").unwrap_err();
        assert!(e.message.contains("activities: []"));
        let e = append(
            Some("activities:\n  - date: 2017-05-01\n    title: 旧\ngroup: g\n"),
            "g",
            &[rec("新")],
            "x",
        )
        .unwrap_err();
        assert!(e.message.contains("结构"), "{e:?}");
        let e = append(Some("programme: p\nactivities:\n"), "g", &[rec("新")], "x").unwrap_err();
        assert!(e.message.contains("归属"), "{e:?}");
        let keep = "group: g\nactivities:\n  - date: 2017-05-01\n    title: 旧\n    summary: |+\n      保留尾部空行\n";
        assert!(append(Some(keep), "g", &[rec("新")], "x").is_err());
    }
}

//! Writing YAML text by hand, so that a file the office keeps can be extended by appending to
//! its end: the existing entries, comments and formatting stay byte-identical. Scalars are
//! written plain when YAML would read them back as the same string, double-quoted otherwise.
//! Shared by the sheet imports, `new activity` and the docx import.

use crate::load::yaml::{self, Node, Value};
use crate::source::FileId;

/// A scalar that YAML reads back as exactly `s` (a string), in block and flow context alike.
pub fn scalar(s: &str) -> String {
    if plain_ok(s) {
        s.to_string()
    } else {
        quoted(s)
    }
}

fn plain_ok(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if s.trim() != s || s.chars().any(|c| c.is_whitespace() && c != ' ') {
        return false;
    }
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        return false;
    }
    if s.chars().any(|c| {
        ",[]{}#:'\"\\".contains(c)
            || c.is_control()
            || matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}')
    }) {
        return false;
    }
    // Anything YAML could take for a number, date, boolean or null.
    let lower = s.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | "null" | "~"
    ) {
        return false;
    }
    let numberish = s
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "+-._:".contains(c))
        && (first.is_ascii_digit() || "+-.".contains(first));
    !numberish
}

fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Why records cannot be appended to a file.
#[derive(Debug, Clone, PartialEq)]
pub struct AppendError {
    pub message: String,
    pub hint: String,
}

fn refuse(message: impl Into<String>, hint: impl Into<String>) -> AppendError {
    AppendError {
        message: message.into(),
        hint: hint.into(),
    }
}

/// Appends `added` records, written by `body(indent, line_ending)`, to a group's activity
/// file without changing its existing bytes; `new_file()` starts a file that does not exist
/// yet (it must end with `activities:` and a newline). Used by `import attendance` and by
/// `new activity`.
///
/// The result is parsed again and compared with the original: the scope must be the group,
/// every existing record must read back identically, and exactly `added` new ones must
/// follow. Anything else (an `activities: []` line, `activities` not being the last key, a
/// `|+` block at the very end) is refused rather than risk changing a record.
pub fn append_with(
    existing: Option<&str>,
    group: &str,
    new_file: impl FnOnce() -> String,
    added: usize,
    body: impl Fn(usize, &str) -> String,
) -> Result<String, AppendError> {
    let Some(old) = existing else {
        let out = new_file() + &body(2, "\n");
        check(None, &out, group, added)?;
        return Ok(out);
    };
    let before = top_level(old).map_err(|m| {
        refuse(
            format!("现有文件无法解析：{m}"),
            "先运行 showcase check 改正这个文件，再重新运行本命令。",
        )
    })?;
    if before.group.as_deref() != Some(group) {
        return Err(refuse(
            format!("该文件写的归属不是小组 {group}"),
            format!(
                "小组 {group} 的活动记录文件开头应写 group: {group}；请核对 --group 和文件内容。"
            ),
        ));
    }
    let indent = match &before.activities {
        Some(Value::Seq(items)) if items.is_empty() => {
            return Err(refuse(
                "现有文件写的是 activities: []（空列表），无法在末尾追加",
                "把这一行改成 activities:（冒号后什么也不写），再重新运行本命令。",
            ));
        }
        Some(Value::Seq(items)) => dash_indent(old, items[0].line).unwrap_or(2),
        _ => 2,
    };
    let nl = if old.contains("\r\n") { "\r\n" } else { "\n" };
    let mut out = old.to_string();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push_str(nl);
    }
    if before.activities.is_none() {
        // No `activities:` key at all: add it after everything else, so nothing changes.
        out += &format!("activities:{nl}");
    } else {
        out.push_str(nl);
    }
    out += &body(indent, nl);
    check(Some(&before), &out, group, added)?;
    Ok(out)
}

/// The top-level entries of an activity file.
struct Top {
    /// Every entry except `activities`, compared as parsed (with positions).
    others: Vec<(Node, Node)>,
    group: Option<String>,
    activities: Option<Value>,
}

fn top_level(text: &str) -> Result<Top, String> {
    let node = yaml::parse(text, FileId(0), 0).map_err(|d| d.message)?;
    let entries = match node.value {
        Value::Map(e) => e,
        Value::Null => Vec::new(),
        _ => return Err("文件内容不是“字段: 值”的形式".into()),
    };
    let mut top = Top {
        others: Vec::new(),
        group: None,
        activities: None,
    };
    for (k, v) in entries {
        match &k.value {
            Value::Str(key) if key == "activities" => top.activities = Some(v.value),
            Value::Str(key) if key == "group" => {
                top.group = v.scalar_text();
                top.others.push((k, v));
            }
            _ => top.others.push((k, v)),
        }
    }
    Ok(top)
}

fn items(v: &Option<Value>) -> &[Node] {
    match v {
        Some(Value::Seq(items)) => items,
        _ => &[],
    }
}

fn check(
    before: Option<&Top>,
    new_text: &str,
    group: &str,
    added: usize,
) -> Result<(), AppendError> {
    let fail = |why: &str| {
        refuse(
            format!("追加后文件的结构与预期不符（{why}），为免改动原有记录，未写入"),
            "请确认 activities: 是文件的最后一项、其下各条记录以“- ”开头；调整后重新导入。",
        )
    };
    let after = top_level(new_text).map_err(|m| fail(&m))?;
    if let Some(b) = before
        && b.others != after.others
    {
        return Err(fail("文件开头的字段会被改变"));
    }
    if after.group.as_deref() != Some(group) {
        return Err(refuse(
            format!("该文件写的归属不是小组 {group}"),
            format!(
                "小组 {group} 的活动记录文件开头应写 group: {group}；请核对 --group 和文件内容。"
            ),
        ));
    }
    let old_items = before.map(|b| items(&b.activities)).unwrap_or(&[]);
    let new_items = items(&after.activities);
    if new_items.len() != old_items.len() + added {
        return Err(fail("新增记录数不对"));
    }
    if new_items[..old_items.len()] != *old_items {
        return Err(fail("原有记录会被改变"));
    }
    Ok(())
}

/// Spaces before the `-` of the list item that starts on `line` (1-based).
fn dash_indent(text: &str, line: u32) -> Option<usize> {
    let l = text.lines().nth(line.checked_sub(1)? as usize)?;
    let spaces = l.chars().take_while(|c| *c == ' ').count();
    (l[spaces..].starts_with('-')).then_some(spaces)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reads_back(s: &str) {
        let q = scalar(s);
        for doc in [format!("k: {q}\n"), format!("k: [{q}, x]\n")] {
            let n = yaml::parse(&doc, FileId(0), 0).unwrap_or_else(|e| panic!("{doc}: {e:?}"));
            let Value::Map(e) = n.value else { panic!() };
            let v = match &e[0].1.value {
                Value::Seq(items) => items[0].value.clone(),
                v => v.clone(),
            };
            assert_eq!(v, Value::Str(s.to_string()), "{s:?} written as {q}");
        }
    }

    #[test]
    fn scalars_read_back_as_the_same_string() {
        for s in [
            "夜间市容巡查",
            "学习《条例》：第一章",
            "会议: 第一次",
            "#1 会议",
            "巡查 #2",
            "[草案]",
            "{x}",
            "a, b",
            "true",
            "No",
            "null",
            "~",
            "12",
            "1.10",
            "2017-06-10",
            "12:30",
            "-负数开头",
            "- 列表",
            "'单引号'",
            "\"双引号\"",
            "反斜杠\\n",
            "@提及",
            "`反引号`",
            "%百分",
            "&锚",
            "*别名",
            "!标签",
            "|竖线",
            ">大于",
            "?问号",
            " 前导空格",
            "尾随空格 ",
            "换\n行",
            "制表\t符",
            "2017年度总结",
            "p017",
        ] {
            reads_back(s);
        }
        assert_eq!(scalar("夜间市容巡查"), "夜间市容巡查");
        assert_eq!(scalar("2017年度总结"), "2017年度总结");
        assert_eq!(scalar("a: b"), "\"a: b\"");
    }
}

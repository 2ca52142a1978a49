//! Reading the cells of office spreadsheets as office staff fill them in: sign-in ticks,
//! dates in every spelling, names separated by any Chinese or Western list mark, header
//! titles with notes. Shared by the sign-in sheet and roster imports.

use super::grid::{Cell, number_text};
use chrono::NaiveDate;

/// A header title without spaces, a trailing bracketed note and `*`/`:` marks, lower-cased:
/// 「实到人数（含非学员）」→「实到人数」.
pub fn normalise_header(s: &str) -> String {
    let mut t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    // Drop a trailing bracketed note: 实到人数（含非学员） → 实到人数.
    for (open, close) in [('（', '）'), ('(', ')'), ('【', '】'), ('[', ']')] {
        if t.ends_with(close)
            && let Some(i) = t.rfind(open)
            && i > 0
        {
            t.truncate(i);
        }
    }
    t.trim_end_matches(['*', ':', '：'])
        .trim_start_matches('*')
        .to_lowercase()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tick {
    Present,
    Absent,
    Unknown,
}

/// Reads a sign-in mark generously: √ ✓ ✔ ☑ 1 是 Y yes x 到 出席 … mean present; an empty
/// cell, 0, 否, N, ×, 缺席, 请假 … mean absent.
pub fn tick(c: &Cell) -> Tick {
    match c {
        Cell::Empty => Tick::Absent,
        Cell::Bool(b) => {
            if *b {
                Tick::Present
            } else {
                Tick::Absent
            }
        }
        Cell::Number(n) if *n == 1.0 => Tick::Present,
        Cell::Number(n) if *n == 0.0 => Tick::Absent,
        Cell::Number(_) | Cell::Date(_) => Tick::Unknown,
        Cell::Text(s) => {
            let t = s.trim().to_lowercase();
            const PRESENT: [&str; 27] = [
                "√",
                "✓",
                "✔",
                "☑",
                "✅",
                "1",
                "是",
                "y",
                "yes",
                "x",
                "v",
                "t",
                "true",
                "到",
                "已到",
                "出席",
                "参加",
                "已参加",
                "签到",
                "已签到",
                "有",
                "○",
                "〇",
                "●",
                "o",
                "迟到",
                "ok",
            ];
            const ABSENT: [&str; 22] = [
                "", "0", "否", "n", "no", "f", "false", "×", "✗", "✘", "❌", "缺", "缺席", "请假",
                "未到", "无", "-", "—", "－", "/", "／", "病假",
            ];
            if PRESENT.contains(&t.as_str()) {
                Tick::Present
            } else if ABSENT.contains(&t.as_str()) {
                Tick::Absent
            } else {
                Tick::Unknown
            }
        }
    }
}

/// Days from Excel's day 0 (1899-12-30, accounting for its 1900 leap-year bug).
fn excel_serial(n: f64) -> Option<NaiveDate> {
    if n.fract() != 0.0 || !(61.0..=2_958_465.0).contains(&n) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(chrono::Days::new(n as u64))
}

fn yyyymmdd(s: &str) -> Option<NaiveDate> {
    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        NaiveDate::parse_from_str(s, "%Y%m%d").ok()
    } else {
        None
    }
}

/// A date as office staff write it: a real Excel date, a serial number, `2017-06-10`,
/// `2017/6/10`, `2017.6.10`, `2017年6月10日`, `20170610`, with or without a weekday or a time
/// after it; `6月10日` takes `year` when one is given.
pub fn parse_date(c: &Cell, year: Option<i32>) -> Option<NaiveDate> {
    match c {
        Cell::Date(d) => Some(*d),
        Cell::Number(n) => yyyymmdd(&number_text(*n)).or_else(|| excel_serial(*n)),
        Cell::Text(s) => {
            let s = s.trim();
            // Cut a weekday or time: "2017-06-10（周六）", "2017/6/10 14:30".
            let s = s
                .split(|c: char| c.is_whitespace() || "（(星周".contains(c))
                .next()
                .unwrap_or("");
            if let Some(d) = yyyymmdd(s) {
                return Some(d);
            }
            if s.len() == 5
                && s.bytes().all(|b| b.is_ascii_digit())
                && let Ok(n) = s.parse::<f64>()
            {
                return excel_serial(n);
            }
            let t = s
                .replace(['年', '月'], "-")
                .replace(['日', '号'], "")
                .replace(['－', '／', '．'], "-");
            if let Some(d) = crate::text::parse_date(&t) {
                return Some(d);
            }
            let y = year?;
            if s.contains('月') {
                return crate::text::parse_date(&format!("{y}-{t}"));
            }
            None
        }
        Cell::Empty | Cell::Bool(_) => None,
    }
}

/// Names in one cell: separated by 、，, ； ; or line breaks, and by spaces too, except inside
/// a name padded for alignment (王　芳), which `known` recognises.
pub fn split_names(s: &str, known: impl Fn(&str) -> bool) -> Vec<String> {
    let mut out = Vec::new();
    for part in s.split(|c: char| "、，,；;\n\r".contains(c)) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let joined = clean_name(part);
        if part.contains(char::is_whitespace) && !known(&joined) {
            out.extend(
                part.split_whitespace()
                    .map(clean_name)
                    .filter(|p| !p.is_empty()),
            );
        } else if !joined.is_empty() {
            out.push(joined);
        }
    }
    out
}

/// A name as written in a cell, without padding spaces and a bracketed note:
/// 「王　芳」→「王芳」，「高峰（组长）」→「高峰」.
pub fn clean_name(s: &str) -> String {
    let mut t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    for (open, close) in [('（', '）'), ('(', ')')] {
        if t.ends_with(close)
            && let Some(i) = t.rfind(open)
            && i > 0
        {
            t.truncate(i);
        }
    }
    t
}

/// Runs of whitespace collapsed to one space, trimmed.
pub fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_read_generously() {
        for t in ["√", "✓", "1", "是", "Y", "y", "x", "X", "到", " √ "] {
            assert_eq!(tick(&Cell::Text(t.into())), Tick::Present, "{t}");
        }
        for t in ["", "0", "否", "N", "×", "缺席", "请假"] {
            assert_eq!(tick(&Cell::Text(t.into())), Tick::Absent, "{t}");
        }
        assert_eq!(tick(&Cell::Number(1.0)), Tick::Present);
        assert_eq!(tick(&Cell::Empty), Tick::Absent);
        assert_eq!(tick(&Cell::Text("？".into())), Tick::Unknown);
    }

    #[test]
    fn dates_in_every_office_spelling() {
        let d = NaiveDate::from_ymd_opt(2017, 6, 10).unwrap();
        for t in [
            "2017-06-10",
            "2017/6/10",
            "2017.6.10",
            "2017年6月10日",
            "20170610",
            "42896",
            "2017-06-10（周六）",
            "2017/6/10 14:30",
        ] {
            assert_eq!(parse_date(&Cell::Text(t.into()), None), Some(d), "{t}");
        }
        assert_eq!(parse_date(&Cell::Number(42896.0), None), Some(d));
        assert_eq!(parse_date(&Cell::Number(20170610.0), None), Some(d));
        assert_eq!(parse_date(&Cell::Date(d), None), Some(d));
        assert_eq!(
            parse_date(&Cell::Text("6月10日".into()), Some(2017)),
            Some(d)
        );
        assert_eq!(parse_date(&Cell::Text("6月10日".into()), None), None);
        assert_eq!(parse_date(&Cell::Text("2017-02-30".into()), None), None);
        assert_eq!(parse_date(&Cell::Text("下周".into()), None), None);
    }

    #[test]
    fn names_in_one_cell() {
        assert_eq!(
            split_names(
                "李泗、张三，王五, 赵六 钱七\n孙八（组长）、王　芳",
                |n| n == "王芳"
            ),
            ["李泗", "张三", "王五", "赵六", "钱七", "孙八", "王芳"]
        );
        assert_eq!(normalise_header("实到人数（含非学员）"), "实到人数");
    }
}

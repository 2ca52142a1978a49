//! Small text helpers shared by loader, validator and renderers (character classes, display
//! width, dates in Chinese style).

use chrono::{Datelike, NaiveDate};
use unicode_width::UnicodeWidthStr;

/// True for CJK ideographs, kana, hangul and full-width forms: the characters of a Chinese
/// name (see `render::names`). For widths use [`display_width`].
pub fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// Width of a text in terminal cells (and in Excel column units, and in the columns of a
/// monospaced editor): two for CJK characters and full-width forms, one for ASCII, none for
/// combining marks (UAX #11 via `unicode-width`; ambiguous characters such as “” count one).
pub fn display_width(s: &str) -> usize {
    s.width()
}

/// A plain text table with columns padded to their widest cell (by display width).
pub fn text_table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| display_width(h)).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(display_width(c));
        }
    }
    let line = |cells: &mut dyn Iterator<Item = &str>| -> String {
        let cells: Vec<String> = cells
            .enumerate()
            .map(|(i, c)| {
                let pad = widths[i].saturating_sub(display_width(c));
                format!("{c}{}", " ".repeat(pad))
            })
            .collect();
        cells.join("  ").trim_end().to_string() + "\n"
    };
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    let mut out = line(&mut header.iter().copied());
    out += &line(&mut rule.iter().map(String::as_str));
    for r in rows {
        out += &line(&mut r.iter().map(String::as_str));
    }
    out
}

/// `2017年5月8日` — the body-text date style.
pub fn date_cn(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// `2017年5月`.
pub fn month_cn(d: NaiveDate) -> String {
    format!("{}年{}月", d.year(), d.month())
}

/// `二〇一七年十二月` — the cover date style.
pub fn date_cn_numerals(year: i32, month: u32) -> String {
    const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let y: String = year
        .to_string()
        .chars()
        .filter_map(|c| c.to_digit(10).map(|d| DIGITS[d as usize]))
        .collect();
    let m = match month {
        1..=9 => DIGITS[month as usize].to_string(),
        10 => "十".to_string(),
        11 => "十一".to_string(),
        _ => "十二".to_string(),
    };
    format!("{y}年{m}月")
}

/// Parses `2017-05-08` (also accepts `2017/5/8` and `2017.5.8`).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
    if parts.len() != 3 {
        return None;
    }
    let y: i32 = parts[0].parse().ok()?;
    let m: u32 = parts[1].parse().ok()?;
    let d: u32 = parts[2].parse().ok()?;
    NaiveDate::from_ymd_opt(y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_width_counts_cjk_twice_and_marks_not_at_all() {
        assert_eq!(display_width("城管组"), 6);
        assert_eq!(display_width("p017"), 4);
        assert_eq!(display_width("Ａ，"), 4);
        assert_eq!(display_width("e\u{301}"), 1);
        assert_eq!(display_width("“李”"), 4);
    }

    #[test]
    fn text_tables_pad_by_display_width() {
        let t = text_table(
            &["姓名", "积分"],
            &[
                vec!["李泗".into(), "12".into()],
                vec!["Li".into(), "3".into()],
            ],
        );
        assert_eq!(t, "姓名  积分\n----  ----\n李泗  12\nLi    3\n");
    }

    #[test]
    fn chinese_dates() {
        let d = NaiveDate::from_ymd_opt(2017, 5, 8).unwrap();
        assert_eq!(date_cn(d), "2017年5月8日");
        assert_eq!(date_cn_numerals(2017, 12), "二〇一七年十二月");
        assert_eq!(date_cn_numerals(2020, 10), "二〇二〇年十月");
        assert_eq!(parse_date("2017-02-30"), None);
        assert_eq!(parse_date("2017/5/8"), Some(d));
    }
}

//! Problems found in a spreadsheet, located by sheet row and column as the clerk sees them in
//! Excel or WPS ("第 5 行 C 列（类型）"), each with a hint on how to fix it.

use std::fmt::Write as _;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Error,
    Warning,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub level: Level,
    /// 1-based sheet row, as numbered in Excel.
    pub row: Option<u32>,
    /// 0-based column index (A = 0).
    pub col: Option<u32>,
    /// The column's header text, to name the column in words as well as by letter.
    pub column_name: Option<String>,
    pub message: String,
    pub hint: Option<String>,
}

impl Problem {
    pub fn error(message: impl Into<String>) -> Self {
        Self::new(Level::Error, message)
    }
    pub fn warning(message: impl Into<String>) -> Self {
        Self::new(Level::Warning, message)
    }
    fn new(level: Level, message: impl Into<String>) -> Self {
        Problem {
            level,
            row: None,
            col: None,
            column_name: None,
            message: message.into(),
            hint: None,
        }
    }
    pub fn row(mut self, row: u32) -> Self {
        self.row = Some(row);
        self
    }
    pub fn col(mut self, col: u32, name: Option<&str>) -> Self {
        self.col = Some(col);
        self.column_name = name.filter(|n| !n.trim().is_empty()).map(str::to_string);
        self
    }
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
    pub fn is_error(&self) -> bool {
        self.level == Level::Error
    }

    /// `签到表.xlsx 第 5 行 C 列（类型）`
    pub fn location(&self, file: &str) -> String {
        let mut out = file.to_string();
        if let Some(r) = self.row {
            let _ = write!(out, " 第 {r} 行");
        }
        if let Some(c) = self.col {
            let _ = write!(out, " {} 列", column_letter(c));
            if let Some(n) = &self.column_name {
                let _ = write!(out, "（{n}）");
            }
        }
        out
    }

    /// Two lines: `错误：<where>：<what>` and `  修改建议：<hint>`.
    pub fn render(&self, file: &str) -> String {
        let label = match self.level {
            Level::Error => "错误",
            Level::Warning => "警告",
        };
        let mut out = format!("{label}：{}：{}\n", self.location(file), self.message);
        if let Some(h) = &self.hint {
            let _ = writeln!(out, "  修改建议：{h}");
        }
        out
    }
}

/// Excel column letters: 0 → A, 25 → Z, 26 → AA.
pub fn column_letter(col: u32) -> String {
    let mut n = col as u64 + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = ((n - 1) % 26) as u8;
        out.push((b'A' + r) as char);
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_like_excel() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn renders_row_column_and_hint() {
        let p = Problem::error("活动类型「学系」不在可选范围内")
            .row(5)
            .col(2, Some("类型"))
            .hint("是否应为「学习」？");
        assert_eq!(
            p.render("签到表.xlsx"),
            "错误：签到表.xlsx 第 5 行 C 列（类型）：活动类型「学系」不在可选范围内\n  修改建议：是否应为「学习」？\n"
        );
    }
}

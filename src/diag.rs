//! Diagnostics: every problem found while loading or validating content, with its place,
//! what is wrong and how to fix it. Collected, never thrown: one run reports them all.

use crate::source::{FileId, Pos, SourceMap};
use crate::text::display_width;
use anstyle::{AnsiColor, Style};
use std::fmt::Write as _;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Where; `None` only for problems with no file (e.g. a missing content folder).
    pub pos: Option<Pos>,
    /// Width (in characters) of the underlined part of the line, at least 1.
    pub width: u32,
    /// What is wrong (Chinese, for office staff).
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
    /// Path text for problems in files that are not in the source map (unreadable files).
    pub path: Option<String>,
    /// A root cause (the file could not be parsed: syntax, duplicate key, tab, encoding):
    /// listed before everything else, since the other problems may only follow from it.
    pub root: bool,
}

impl Diagnostic {
    pub fn error(pos: Pos, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, Some(pos), message)
    }
    pub fn warning(pos: Pos, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, Some(pos), message)
    }
    /// A problem with a file that could not be read as text (not in the source map).
    pub fn file_error(
        path: impl Into<String>,
        line: u32,
        col: u32,
        message: impl Into<String>,
    ) -> Self {
        let mut d = Self::new(Severity::Error, None, message).root_cause();
        d.path = Some(format!("{}:{}:{}", path.into(), line, col));
        d
    }
    fn new(severity: Severity, pos: Option<Pos>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            pos,
            width: 1,
            message: message.into(),
            hint: None,
            path: None,
            root: false,
        }
    }
    /// Marks a problem that stops a file from being read at all (see [`Diagnostic::root`]).
    pub fn root_cause(mut self) -> Self {
        self.root = true;
        self
    }
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
    pub fn width(mut self, width: usize) -> Self {
        self.width = width.max(1) as u32;
        self
    }
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col`, or the bare path text for unreadable files.
    pub fn location(&self, sources: &SourceMap) -> String {
        match (self.pos, &self.path) {
            (Some(p), _) => sources.display_pos(p),
            (None, Some(p)) => p.clone(),
            (None, None) => String::from("(内容目录)"),
        }
    }

    /// Renders like a compiler message, with the quoted line and a caret under the problem.
    pub fn render(&self, sources: &SourceMap, color: bool) -> String {
        let paint = |s: Style, t: &str| {
            if color {
                format!("{}{}{}", s.render(), t, s.render_reset())
            } else {
                t.to_string()
            }
        };
        let (label, style) = match self.severity {
            Severity::Error => (
                "错误",
                Style::new().bold().fg_color(Some(AnsiColor::Red.into())),
            ),
            Severity::Warning => (
                "警告",
                Style::new().bold().fg_color(Some(AnsiColor::Yellow.into())),
            ),
        };
        let blue = Style::new().fg_color(Some(AnsiColor::Blue.into()));
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{}: {}",
            paint(style, label),
            paint(Style::new().bold(), &printable(&self.message))
        );
        let _ = writeln!(
            out,
            "  {} {}",
            paint(blue, "-->"),
            printable(&self.location(sources))
        );
        if let Some(pos) = self.pos
            && let Some(line) = sources.line_text(pos)
        {
            let num = pos.line.to_string();
            let pad = " ".repeat(num.len());
            let shown: String = line
                .chars()
                .take(160)
                .map(|c| match c {
                    '\t' => ' ',
                    c if c.is_control() => '\u{FFFD}',
                    c => c,
                })
                .collect();
            let _ = writeln!(out, "  {} {}", pad, paint(blue, "|"));
            let _ = writeln!(
                out,
                "  {} {} {}",
                paint(blue, &num),
                paint(blue, "|"),
                shown
            );
            // Caret column: count display width (CJK characters are two cells wide).
            let skip = pos.col.saturating_sub(1) as usize;
            let lead: String = shown.chars().take(skip).collect();
            let marked: String = shown.chars().skip(skip).take(self.width as usize).collect();
            let lead = display_width(&lead);
            let under = display_width(&marked).max(1);
            let _ = writeln!(
                out,
                "  {} {} {}{}",
                pad,
                paint(blue, "|"),
                " ".repeat(lead),
                paint(style, &"^".repeat(under))
            );
        }
        if let Some(h) = &self.hint {
            let _ = writeln!(out, "  {} 修改建议：{}", paint(blue, "="), printable(h));
        }
        out
    }
}

/// Text from content made safe for a terminal: control characters (escape sequences that
/// could retitle the window, move the cursor or hide text) are shown as `\u{1b}` escapes.
pub fn printable(s: &str) -> String {
    if !s.chars().any(|c| c.is_control() && c != '\n') {
        return s.to_string();
    }
    s.chars()
        .map(|c| {
            if c.is_control() && c != '\n' {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// A growing list of diagnostics.
#[derive(Debug, Default)]
pub struct Diagnostics {
    pub list: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.list.push(d);
    }
    pub fn error_count(&self) -> usize {
        self.list.iter().filter(|d| d.is_error()).count()
    }
    pub fn warning_count(&self) -> usize {
        self.list.len() - self.error_count()
    }
    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }
    /// Root causes first (a file that could not be parsed explains what follows), then
    /// errors, then warnings; each by file and line, so related problems read together.
    pub fn sort(&mut self) {
        self.list.sort_by(|a, b| {
            (
                !a.root,
                a.severity,
                a.pos.map(|p| (p.file, p.line, p.col)),
                &a.path,
            )
                .cmp(&(
                    !b.root,
                    b.severity,
                    b.pos.map(|p| (p.file, p.line, p.col)),
                    &b.path,
                ))
        });
        self.list.dedup();
    }

    /// The diagnostics to print: at most [`PER_FILE`] of each severity per file (root causes
    /// always), each file's overflow summed up in one note naming the file, so a pasted
    /// 50,000-line list can't bury the cause under megabytes of repeats.
    pub fn shown(&self, sources: &SourceMap) -> (Vec<&Diagnostic>, Vec<String>) {
        let mut count: std::collections::HashMap<(Option<FileId>, Severity), usize> =
            std::collections::HashMap::new();
        let mut shown = Vec::new();
        let mut hidden: std::collections::BTreeMap<Option<FileId>, (usize, usize)> =
            std::collections::BTreeMap::new();
        for d in &self.list {
            let file = d.pos.map(|p| p.file);
            let n = count.entry((file, d.severity)).or_default();
            *n += 1;
            if d.root || *n <= PER_FILE {
                shown.push(d);
            } else {
                let h = hidden.entry(file).or_default();
                match d.severity {
                    Severity::Error => h.0 += 1,
                    Severity::Warning => h.1 += 1,
                }
            }
        }
        let notes = hidden
            .into_iter()
            .map(|(file, (errors, warnings))| {
                let place = file
                    .map(|f| sources.path(f).display().to_string())
                    .unwrap_or_else(|| "(其他)".into());
                let mut what = Vec::new();
                if errors > 0 {
                    what.push(format!("{errors} 个错误"));
                }
                if warnings > 0 {
                    what.push(format!("{warnings} 个警告"));
                }
                format!(
                    "{}：另有 {} 未列出（同一文件同类问题只列前 {PER_FILE} 个）。修正以上问题后再运行 showcase check 查看其余问题。",
                    printable(&place),
                    what.join("、")
                )
            })
            .collect();
        (shown, notes)
    }
}

/// Diagnostics of one severity printed per file before the rest are summed up.
pub const PER_FILE: usize = 50;

/// The closest candidate to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::normalized_levenshtein(word, c);
        let shared = word.chars().filter(|ch| c.contains(*ch)).count();
        // Chinese names are short: one differing character in two or three is a likely typo.
        let close = score >= 0.5
            || (shared > 0 && word.chars().count() == c.chars().count() && score >= 0.3);
        if close && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_and_fields() {
        assert_eq!(did_you_mean("李四", ["李泗", "王五"]), Some("李泗"));
        assert_eq!(
            did_you_mean("partcipants", ["participants", "title"]),
            Some("participants")
        );
        assert_eq!(did_you_mean("zzz", ["participants", "title"]), None);
    }
}

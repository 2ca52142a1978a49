//! The nesting bound: documents nested deeper than [`MAX_NESTING`] are refused before the
//! recursive walk (a cheap byte scan first, the parser only for suspicious documents).

use pulldown_cmark::{Event, Parser};
use std::ops::Range;

/// Deepest nesting of Markdown elements (lists, quotes, emphasis, …) the converter accepts.
/// The converter walks the element tree recursively; this bound keeps the walk far from any
/// thread's stack limit (a 10 KB line of `- - - …` once overflowed it). Real reports nest a
/// handful of levels.
pub const MAX_NESTING: usize = 32;

/// Markdown nested deeper than [`MAX_NESTING`]: where the limit was crossed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooDeep {
    /// 1-based line of the element that crossed the limit.
    pub line: u32,
    /// 1-based column (in characters) of that element.
    pub column: u32,
}

impl std::fmt::Display for TooDeep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Markdown nested deeper than {MAX_NESTING} levels at line {}, column {}",
            self.line, self.column
        )
    }
}

pub(crate) fn parser_options() -> pulldown_cmark::Options {
    let mut md = pulldown_cmark::Options::empty();
    md.insert(pulldown_cmark::Options::ENABLE_TABLES);
    md.insert(pulldown_cmark::Options::ENABLE_FOOTNOTES);
    md.insert(pulldown_cmark::Options::ENABLE_STRIKETHROUGH);
    md.insert(pulldown_cmark::Options::ENABLE_TASKLISTS);
    md
}

/// Whether the document nests elements deeper than [`MAX_NESTING`], for checks that run
/// before any conversion. A byte scan finds the documents that could possibly nest that
/// deep (many container markers at a line start, or long runs of emphasis markers); only
/// those are parsed, so checking ordinary documents costs almost nothing.
pub fn nesting_problem(markdown: &str) -> Option<TooDeep> {
    if !could_nest_deeply(markdown) {
        return None;
    }
    let events: Vec<(Event, Range<usize>)> = Parser::new_ext(markdown, parser_options())
        .into_offset_iter()
        .collect();
    match_ends(&events, markdown).err()
}

/// Conservative pre-scan: `true` for every document that [`match_ends`] could reject.
/// Containers nest by markers at a line start (`>`, `-`, `1.`) and by indentation; inline
/// elements (emphasis, strikethrough, links) nest within one paragraph, across its lines.
pub(crate) fn could_nest_deeply(markdown: &str) -> bool {
    let limit = MAX_NESTING / 2;
    let mut inline = 0;
    for line in markdown.lines() {
        if line.trim().is_empty() {
            inline = 0;
            continue;
        }
        let indent: usize = line
            .chars()
            .take_while(|c| c.is_whitespace())
            .map(|c| if c == '\t' { 4 } else { 1 })
            .sum();
        let mut markers = indent / 2;
        let mut rest = line.trim_start();
        loop {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            let after = &rest[digits..];
            let step = if after.starts_with('>') {
                1
            } else if digits == 0
                && (after.starts_with("- ") || after.starts_with("* ") || after.starts_with("+ "))
            {
                2
            } else if digits > 0 && (after.starts_with(". ") || after.starts_with(") ")) {
                digits + 2
            } else {
                break;
            };
            markers += 1;
            rest = rest[step..].trim_start();
        }
        inline += line
            .bytes()
            .filter(|b| matches!(b, b'*' | b'_' | b'~' | b'['))
            .count();
        if markers >= limit || inline >= limit {
            return true;
        }
    }
    false
}

/// Index of the matching end event for every start event; an error when elements nest
/// deeper than [`MAX_NESTING`].
pub(crate) fn match_ends(
    events: &[(Event, Range<usize>)],
    markdown: &str,
) -> Result<Vec<usize>, TooDeep> {
    let mut ends = vec![0usize; events.len()];
    let mut stack = Vec::new();
    for (i, (ev, range)) in events.iter().enumerate() {
        ends[i] = i;
        match ev {
            Event::Start(_) => {
                stack.push(i);
                if stack.len() > MAX_NESTING {
                    let before = &markdown[..range.start.min(markdown.len())];
                    let line_start = before.rfind('\n').map_or(0, |p| p + 1);
                    return Err(TooDeep {
                        line: before.matches('\n').count() as u32 + 1,
                        column: before[line_start..].chars().count() as u32 + 1,
                    });
                }
            }
            Event::End(_) => {
                if let Some(s) = stack.pop() {
                    ends[s] = i;
                }
            }
            _ => {}
        }
    }
    Ok(ends)
}

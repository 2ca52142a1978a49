//! Text and string literals that Typst reads back exactly: markup escapes, one-line
//! string literals, break opportunities in very long runs, numbered labels (「图1　」).

use std::fmt::Write as _;

/// Byte length of an author's label such as 「图1　」「表 2：」「图3.」 at the start of `t`
/// (the word, a number, then spaces or punctuation); `None` when `t` does not start so.
pub fn numbered_label_len(t: &str, word: char) -> Option<usize> {
    let rest = t.strip_prefix(word)?;
    let rest = rest.trim_start_matches([' ', '\u{3000}']);
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 {
        return None;
    }
    let after = &rest[digits..];
    let tail = after.trim_start_matches([' ', '\u{3000}', '：', ':', '.', '、', '．']);
    if tail.len() == after.len() && !tail.is_empty() {
        // 「图10年」: a number that is part of the text, not a label.
        return None;
    }
    Some(t.len() - tail.len())
}

/// Longest run of characters without a break opportunity kept as it is.
pub(crate) const MAX_RUN: usize = 40;

/// Inserts a zero-width space (U+200B, a line-break opportunity that prints nothing) after
/// every [`MAX_RUN`] characters of a run without spaces or CJK characters — a pasted hash
/// or a 40,000-letter "word" — so it wraps instead of running off the page (and no PDF
/// string exceeds the PDF/A limit of 32,767 bytes).
pub fn break_long_runs(t: &str) -> std::borrow::Cow<'_, str> {
    let breaks = |c: char| c.is_whitespace() || c == '\u{200B}' || c as u32 >= 0x2E80;
    let mut run = 0;
    let mut longest = 0;
    for c in t.chars() {
        run = if breaks(c) { 0 } else { run + 1 };
        longest = longest.max(run);
    }
    if longest <= MAX_RUN {
        return std::borrow::Cow::Borrowed(t);
    }
    let mut out = String::with_capacity(t.len() + t.len() / MAX_RUN * 3);
    run = 0;
    for c in t.chars() {
        if breaks(c) {
            run = 0;
        } else {
            if run == MAX_RUN {
                out.push('\u{200B}');
                run = 0;
            }
            run += 1;
        }
        out.push(c);
    }
    std::borrow::Cow::Owned(out)
}

/// A table cell that is a number: digits with optional sign, separators, decimal point
/// and a trailing % or ‰.
pub(crate) fn is_number(t: &str) -> bool {
    let t = t.strip_prefix(['-', '+', '−']).unwrap_or(t);
    let t = t.strip_suffix(['%', '‰']).unwrap_or(t);
    !t.is_empty()
        && t.starts_with(|c: char| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

/// Characters escaped with a backslash in markup.
pub(crate) fn needs_escape(c: char) -> bool {
    matches!(
        c,
        '\\' | '#'
            | '$'
            | '*'
            | '_'
            | '`'
            | '<'
            | '>'
            | '@'
            | '='
            | '-'
            | '+'
            | '/'
            | '['
            | ']'
            | '~'
            | '\''
            | '"'
            | ':'
            | '.'
    )
}

/// Characters Typst treats as a newline.
pub(crate) fn is_typst_newline(c: char) -> bool {
    matches!(
        c,
        '\n' | '\x0B' | '\x0C' | '\r' | '\u{0085}' | '\u{2028}' | '\u{2029}'
    )
}

/// Plain text to Typst markup that displays exactly `s`.
///
/// Markup-significant ASCII characters get a backslash; characters Typst would take
/// as a line break (`\n`, `\r`, U+2028, ...) become Unicode escapes (`\u{a}`), so the
/// result is always a single line. Spaces and tabs are kept as they are (Typst
/// collapses runs of them, as any text layout does).
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 4);
    for c in s.chars() {
        if needs_escape(c) {
            out.push('\\');
            out.push(c);
        } else if is_typst_newline(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

/// `s` as a Typst string literal (`"..."`), with `\`, `"` and control characters
/// escaped. The literal is always a single line.
pub fn string_literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || is_typst_newline(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

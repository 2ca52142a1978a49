//! Markdown (CommonMark + GFM) to Typst markup converter for the showcase booklet.
//!
//! The output never contains content text that Typst could read as code or markup:
//! every piece of text from the document is either escaped with [`escape_text`] or
//! passed through a string literal built by [`string_literal`]. All structure is
//! emitted as explicit function calls (`#heading(...)[...]`, `#list(...)`,
//! `#table(...)`, ...) and every embedded expression ends with `;`, so the text that
//! follows can never continue the expression (for example `(` after `]`).
//!
//! Construct mapping:
//!
//! | Markdown | Typst |
//! | --- | --- |
//! | `#` heading | `#heading(level: 1 + offset)[...];` (no numbering is set) |
//! | paragraph | text, blocks separated by a blank line |
//! | soft break | newline (a space), or `/*` newline `*/` (nothing) between CJK characters |
//! | hard break | `\` + newline |
//! | emphasis / strong / strikethrough | `#emph[...];` / `#strong[...];` / `#strike[...];` |
//! | inline code | `#raw("...");` |
//! | code block | `#raw("...", block: true, lang: "...");` |
//! | block quote | `#quote(block: true)[...];` |
//! | lists | `#list(tight: ..., [...], ...);` / `#enum(start: n, tight: ..., [...]);` |
//! | task items | item text prefixed with ☐ / ☑ (bullet lists made only of tasks get no bullet) |
//! | table | `#table(columns: n, align: (...), table.header(...), ...);` (number-only columns right-aligned) |
//! | footnote | `#footnote[definition];` at each reference (repeated for each reference) |
//! | link | `#link("url")[...];` |
//! | image | `#figure(image("path"), caption: [alt]);` (a leading 「图1　」 dropped), or `#image("path");` |
//! | 「表1　…」 paragraph + table | `#figure(kind: table, caption: figure.caption(position: top)[…], table(...));` |
//! | thematic break | `#line(length: 100%);` |
//! | raw / inline HTML | escaped plain text |

mod blocks;
mod cjk;
mod escape;
mod nesting;
mod out;
mod walk;

pub use escape::{break_long_runs, escape_text, numbered_label_len, string_literal};
pub use nesting::{MAX_NESTING, TooDeep, nesting_problem};

use nesting::{match_ends, parser_options};
use out::{Ctx, Out, footnote_key};
use pulldown_cmark::{Event, Parser, Tag};
use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use walk::Conv;

/// Conversion options.
pub struct Options<'a> {
    /// Markdown `#` becomes Typst heading level `1 + heading_offset`.
    pub heading_offset: u8,
    /// Maps a Markdown image source to the path used in `image("...")`; `None` renders
    /// the alt text in brackets as plain text instead.
    pub resolve_image: &'a dyn Fn(&str) -> Option<String>,
}

/// The result of [`convert`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Converted {
    /// Typst markup; ends with a newline unless empty.
    pub typst: String,
    /// Image sources referenced (as written in Markdown), in order, deduplicated.
    pub images: Vec<String>,
    /// `line_map[i]` is the 1-based Markdown line that produced Typst line `i + 1`.
    pub line_map: Vec<u32>,
}

/// Budget for nesting. Every wrapper the converter opens costs about the show-rule
/// depth it uses in Typst (measured on 0.15.1: 16 nested quotes, figures or 14
/// tables exceed Typst's limit of 64; lists cost about half as much). Wrappers that
/// do not fit are dropped and only their content is kept, which leaves room for the
/// booklet template's own show rules and keeps far below the parser's depth limit.
pub(crate) const DEPTH_BUDGET: u32 = 40;
pub(crate) const COST_QUOTE: u32 = 5;
pub(crate) const COST_TABLE: u32 = 5;
pub(crate) const COST_FIGURE: u32 = 5;
pub(crate) const COST_LIST: u32 = 3;
pub(crate) const COST_FOOTNOTE: u32 = 3;
pub(crate) const COST_HEADING: u32 = 2;
pub(crate) const COST_INLINE: u32 = 1;

/// Nesting depth of footnotes within footnotes.
pub(crate) const MAX_FOOTNOTE_DEPTH: usize = 3;

/// Links with longer URLs are rendered as their text only (Typst rejects very long URLs).
pub(crate) const MAX_URL_LEN: usize = 2000;

/// Convert Markdown to Typst markup; an error (and no output) when elements nest deeper
/// than [`MAX_NESTING`].
pub fn convert(markdown: &str, opts: &Options) -> Result<Converted, TooDeep> {
    let events: Vec<(Event, Range<usize>)> = Parser::new_ext(markdown, parser_options())
        .into_offset_iter()
        .collect();
    let ends = match_ends(&events, markdown)?;

    // First pass: footnote definitions, which may come after their use.
    let mut footnotes = HashMap::new();
    for (i, (ev, _)) in events.iter().enumerate() {
        if let Event::Start(Tag::FootnoteDefinition(label)) = ev {
            footnotes
                .entry(footnote_key(label))
                .or_insert((i + 1, ends[i]));
        }
    }

    let mut line_starts = vec![0usize];
    line_starts.extend(markdown.match_indices('\n').map(|(i, _)| i + 1));

    let conv = Conv {
        events,
        ends,
        footnotes,
        line_starts,
        opts,
        images: RefCell::new(Vec::new()),
        footnote_stack: RefCell::new(Vec::new()),
    };
    let mut out = Out::default();
    let n = conv.events.len();
    conv.children(0, n, &mut out, Ctx::root());
    let (typst, line_map) = out.finish();
    Ok(Converted {
        typst,
        images: conv.images.into_inner(),
        line_map,
    })
}

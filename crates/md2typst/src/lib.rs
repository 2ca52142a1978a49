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

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;

use pulldown_cmark::{Alignment, CodeBlockKind, Event, LinkType, Parser, Tag};
use unicase::UniCase;

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
const DEPTH_BUDGET: u32 = 40;
const COST_QUOTE: u32 = 5;
const COST_TABLE: u32 = 5;
const COST_FIGURE: u32 = 5;
const COST_LIST: u32 = 3;
const COST_FOOTNOTE: u32 = 3;
const COST_HEADING: u32 = 2;
const COST_INLINE: u32 = 1;

/// Nesting depth of footnotes within footnotes.
const MAX_FOOTNOTE_DEPTH: usize = 3;

/// Links with longer URLs are rendered as their text only (Typst rejects very long URLs).
const MAX_URL_LEN: usize = 2000;

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
const MAX_RUN: usize = 40;

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
fn is_number(t: &str) -> bool {
    let t = t.strip_prefix(['-', '+', '−']).unwrap_or(t);
    let t = t.strip_suffix(['%', '‰']).unwrap_or(t);
    !t.is_empty()
        && t.starts_with(|c: char| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

/// Characters escaped with a backslash in markup.
fn needs_escape(c: char) -> bool {
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
fn is_typst_newline(c: char) -> bool {
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

fn parser_options() -> pulldown_cmark::Options {
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
fn could_nest_deeply(markdown: &str) -> bool {
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
fn match_ends(events: &[(Event, Range<usize>)], markdown: &str) -> Result<Vec<usize>, TooDeep> {
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

/// Footnote labels match case-insensitively, as in pulldown-cmark.
type FootnoteKey = UniCase<String>;

fn footnote_key(label: &str) -> FootnoteKey {
    UniCase::new(label.to_string())
}

/// Output buffer that records, for every line, the Markdown line it came from.
#[derive(Default)]
struct Out {
    buf: String,
    /// Source lines of the completed output lines.
    map: Vec<u32>,
    /// Source line of the current (unterminated) output line, once it has content.
    line_src: Option<u32>,
    /// Source line of the event being converted.
    cur: u32,
}

impl Out {
    fn at(&mut self, line: u32) {
        self.cur = line;
    }

    /// Append converter-made markup (never content text).
    fn raw(&mut self, s: &str) {
        for (k, part) in s.split('\n').enumerate() {
            if k > 0 {
                self.newline();
            }
            if !part.is_empty() {
                self.line_src.get_or_insert(self.cur);
                self.buf.push_str(part);
            }
        }
    }

    fn newline(&mut self) {
        self.buf.push('\n');
        let src = self.line_src.take().unwrap_or(self.cur);
        self.map.push(src);
    }

    /// Append content text, escaped.
    fn text(&mut self, s: &str) {
        self.raw(&escape_text(&break_long_runs(s)));
    }

    /// Splice another buffer into this one, keeping its line map.
    fn append(&mut self, other: Out) {
        let Out {
            buf,
            mut map,
            line_src,
            cur,
        } = other;
        map.push(line_src.unwrap_or(cur));
        for (k, part) in buf.split('\n').enumerate() {
            if k > 0 {
                self.newline();
                // Lines of `other` keep their source line, even empty ones.
                self.line_src = Some(map[k]);
            }
            if !part.is_empty() {
                self.line_src.get_or_insert(map[k]);
                self.buf.push_str(part);
            }
        }
    }

    fn finish(mut self) -> (String, Vec<u32>) {
        while self.buf.ends_with('\n') {
            self.buf.pop();
            self.map.pop();
        }
        if !self.buf.is_empty() {
            // The last line has content, so line_src is set.
            self.newline();
        }
        (self.buf, self.map)
    }
}

#[derive(Clone, Copy)]
struct Ctx {
    /// Content blocks opened so far.
    nest: u32,
    /// Inside a tight list item: blocks are separated by a single newline.
    tight: bool,
    /// Images with alt text may become figures.
    figure_ok: bool,
    /// Links may be emitted (not inside another link).
    link_ok: bool,
}

impl Ctx {
    fn root() -> Self {
        Ctx {
            nest: 0,
            tight: false,
            figure_ok: true,
            link_ok: true,
        }
    }

    /// Whether a wrapper of this cost still fits in the depth budget.
    fn fits(&self, cost: u32) -> bool {
        self.nest + cost <= DEPTH_BUDGET
    }

    /// Context inside a block wrapper.
    fn nested(self, cost: u32) -> Self {
        Ctx {
            nest: self.nest + cost,
            ..self
        }
    }

    /// Context for inline content wrapped in a function call.
    fn inline(self, cost: u32) -> Self {
        Ctx {
            nest: self.nest + cost,
            figure_ok: false,
            ..self
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Prev {
    Nothing,
    Inline,
    Block,
}

struct Conv<'a, 'o> {
    events: Vec<(Event<'a>, Range<usize>)>,
    ends: Vec<usize>,
    footnotes: HashMap<FootnoteKey, (usize, usize)>,
    line_starts: Vec<usize>,
    opts: &'o Options<'o>,
    images: RefCell<Vec<String>>,
    footnote_stack: RefCell<Vec<FootnoteKey>>,
}

fn is_block(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::BlockQuote(_)
            | Tag::CodeBlock(_)
            | Tag::HtmlBlock
            | Tag::List(_)
            | Tag::Item
            | Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::Table(_)
            | Tag::TableHead
            | Tag::TableRow
            | Tag::TableCell
            | Tag::MetadataBlock(_)
    )
}

impl Conv<'_, '_> {
    fn line(&self, offset: usize) -> u32 {
        self.line_starts.partition_point(|&s| s <= offset) as u32
    }

    fn at(&self, i: usize, out: &mut Out) {
        if let Some((_, r)) = self.events.get(i) {
            out.at(self.line(r.start));
        }
    }

    /// Convert the events in `from..to` (a sequence of siblings).
    fn children(&self, from: usize, to: usize, out: &mut Out, ctx: Ctx) {
        let sep = if ctx.tight { "\n" } else { "\n\n" };
        let mut prev = Prev::Nothing;
        let mut i = from;
        while i < to {
            self.at(i, out);
            let kind = match &self.events[i].0 {
                Event::Start(Tag::FootnoteDefinition(_)) | Event::End(_) => None,
                Event::Start(tag) if is_block(tag) => Some(Prev::Block),
                Event::Rule => Some(Prev::Block),
                _ => Some(Prev::Inline),
            };
            match kind {
                Some(Prev::Block) if prev != Prev::Nothing => out.raw(sep),
                Some(Prev::Inline) if prev == Prev::Block => out.raw(sep),
                _ => {}
            }
            if let Some(k) = kind {
                prev = k;
            }
            if let Some(next) = self.table_caption(i, to, out, ctx) {
                i = next;
                continue;
            }
            i = self.event(i, out, ctx) + 1;
        }
    }

    /// A paragraph 「表1　标题」 directly followed by a table becomes the table's caption:
    /// `#figure(kind: table, caption: figure.caption(position: top)[标题], table(...));`.
    /// The author's number is dropped (the booklet numbers tables per article, so 见表1
    /// stays true). Returns the index after the table, or `None` when this is not the case.
    fn table_caption(&self, i: usize, to: usize, out: &mut Out, ctx: Ctx) -> Option<usize> {
        if !matches!(self.events[i].0, Event::Start(Tag::Paragraph)) {
            return None;
        }
        let end = self.ends[i];
        let next = end + 1;
        if next >= to || !ctx.fits(COST_FIGURE + COST_TABLE) {
            return None;
        }
        let Event::Start(Tag::Table(aligns)) = &self.events[next].0 else {
            return None;
        };
        let mut text = String::new();
        for (ev, _) in &self.events[i + 1..end] {
            match ev {
                Event::Text(t) => text.push_str(t),
                Event::SoftBreak => text.push(' '),
                _ => return None,
            }
        }
        let skip = numbered_label_len(&text, '表')?;
        out.raw("#figure(kind: table, caption: figure.caption(position: top)[");
        out.text(text[skip..].trim());
        out.raw("],");
        self.at(next, out);
        self.table_call(
            aligns,
            next,
            self.ends[next],
            out,
            ctx.nested(COST_FIGURE),
            "\n  table(",
            "",
        );
        out.raw(");");
        Some(self.ends[next] + 1)
    }

    /// Convert the event at `i` (with its content, for a start event); returns the
    /// index of the last event consumed.
    fn event(&self, i: usize, out: &mut Out, ctx: Ctx) -> usize {
        match &self.events[i].0 {
            Event::Start(tag) => {
                let end = self.ends[i];
                self.tag(tag, i, end, out, ctx);
                end
            }
            Event::End(_) => i,
            Event::Text(t) => {
                out.text(t);
                i
            }
            Event::Code(t) => {
                out.raw(&format!("#raw({});", string_literal(t)));
                i
            }
            Event::InlineMath(t) => {
                out.text(&format!("${t}$"));
                i
            }
            Event::DisplayMath(t) => {
                out.text(&format!("$${t}$$"));
                i
            }
            Event::Html(t) | Event::InlineHtml(t) => {
                self.multiline_text(t, "\n", out);
                i
            }
            Event::FootnoteReference(label) => {
                self.footnote_ref(label, out, ctx);
                i
            }
            Event::SoftBreak => {
                if self.cjk_join(i) {
                    // A comment spanning the line end keeps the source lines apart
                    // without producing a space.
                    out.raw("/*\n*/");
                } else {
                    out.raw("\n");
                }
                i
            }
            Event::HardBreak => {
                out.raw("\\\n");
                i
            }
            Event::Rule => {
                out.raw("#line(length: 100%);");
                i
            }
            Event::TaskListMarker(done) => {
                out.text(if *done { "☑ " } else { "☐ " });
                i
            }
        }
    }

    /// Text that may contain newlines: each line escaped, lines joined by `joiner`
    /// (converter markup).
    fn multiline_text(&self, t: &str, joiner: &str, out: &mut Out) {
        let t = t.strip_suffix('\n').unwrap_or(t);
        let t = t.strip_suffix('\r').unwrap_or(t);
        for (k, line) in t.split('\n').enumerate() {
            if k > 0 {
                out.raw(joiner);
            }
            out.text(line.strip_suffix('\r').unwrap_or(line));
        }
    }

    fn tag(&self, tag: &Tag, i: usize, end: usize, out: &mut Out, ctx: Ctx) {
        match tag {
            Tag::Paragraph
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::Superscript
            | Tag::Subscript
            | Tag::TableHead
            | Tag::TableRow
            | Tag::TableCell
            | Tag::Item => self.children(i + 1, end, out, ctx),
            Tag::FootnoteDefinition(_) | Tag::MetadataBlock(_) => {}
            Tag::Heading { level, .. } => {
                let level = *level as u32 + u32::from(self.opts.heading_offset);
                if ctx.fits(COST_HEADING) {
                    out.raw(&format!("#heading(level: {level})["));
                    self.children(i + 1, end, out, ctx.inline(COST_HEADING));
                    out.raw("];");
                } else {
                    self.children(i + 1, end, out, ctx);
                }
            }
            Tag::BlockQuote(_) => {
                if ctx.fits(COST_QUOTE) {
                    out.raw("#quote(block: true)[");
                    let inner = Ctx {
                        tight: false,
                        ..ctx.nested(COST_QUOTE)
                    };
                    self.children(i + 1, end, out, inner);
                    out.raw("];");
                } else {
                    self.children(
                        i + 1,
                        end,
                        out,
                        Ctx {
                            tight: false,
                            ..ctx
                        },
                    );
                }
            }
            Tag::CodeBlock(kind) => {
                let mut code = String::new();
                for (ev, _) in &self.events[i + 1..end] {
                    if let Event::Text(t) = ev {
                        code.push_str(t);
                    }
                }
                if code.ends_with('\n') {
                    code.pop();
                }
                let mut call = format!("#raw({}, block: true", string_literal(&code));
                if let CodeBlockKind::Fenced(info) = kind
                    && let Some(lang) = info.split_whitespace().next()
                {
                    let _ = write!(call, ", lang: {}", string_literal(lang));
                }
                call.push_str(");");
                out.raw(&call);
            }
            Tag::HtmlBlock => {
                // One output line per HTML line, joined by hard line breaks.
                let mut pending_break = false;
                for k in i + 1..end {
                    let (Event::Html(t) | Event::Text(t)) = &self.events[k].0 else {
                        continue;
                    };
                    let first_line = self.line(self.events[k].1.start);
                    for (n, piece) in t.split('\n').enumerate() {
                        if n > 0 {
                            pending_break = true;
                        }
                        if piece.is_empty() && n > 0 {
                            continue;
                        }
                        out.at(first_line + n as u32);
                        if pending_break {
                            out.raw("\\\n");
                            pending_break = false;
                        }
                        out.text(piece.strip_suffix('\r').unwrap_or(piece));
                    }
                }
            }
            Tag::List(start) => self.list(*start, i, end, out, ctx),
            Tag::Table(aligns) => self.table(aligns, i, end, out, ctx),
            Tag::Emphasis => self.wrap("#emph[", i, end, out, ctx),
            Tag::Strong => self.wrap("#strong[", i, end, out, ctx),
            Tag::Strikethrough => self.wrap("#strike[", i, end, out, ctx),
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => {
                let url = if *link_type == LinkType::Email {
                    format!("mailto:{dest_url}")
                } else {
                    dest_url.to_string()
                };
                if ctx.fits(COST_INLINE)
                    && ctx.link_ok
                    && !url.is_empty()
                    && url.len() <= MAX_URL_LEN
                {
                    out.raw(&format!("#link({})", string_literal(&url)));
                    if end > i + 1 {
                        out.raw("[");
                        let inner = Ctx {
                            link_ok: false,
                            ..ctx.inline(COST_INLINE)
                        };
                        self.children(i + 1, end, out, inner);
                        out.raw("]");
                    }
                    out.raw(";");
                } else {
                    self.children(i + 1, end, out, ctx);
                }
            }
            Tag::Image { dest_url, .. } => self.image(dest_url, i, end, out, ctx),
        }
    }

    fn wrap(&self, open: &str, i: usize, end: usize, out: &mut Out, ctx: Ctx) {
        if ctx.fits(COST_INLINE) {
            out.raw(open);
            self.children(i + 1, end, out, ctx.inline(COST_INLINE));
            out.raw("];");
        } else {
            self.children(i + 1, end, out, ctx);
        }
    }

    /// Start indices of the direct children of the container `i..end`.
    fn child_starts(&self, i: usize, end: usize) -> Vec<usize> {
        let mut v = Vec::new();
        let mut j = i + 1;
        while j < end {
            v.push(j);
            j = self.ends[j] + 1;
        }
        v
    }

    fn list(&self, start: Option<u64>, i: usize, end: usize, out: &mut Out, ctx: Ctx) {
        let items: Vec<usize> = self
            .child_starts(i, end)
            .into_iter()
            .filter(|&j| matches!(self.events[j].0, Event::Start(Tag::Item)))
            .collect();
        let tight = !items.iter().any(|&j| {
            self.child_starts(j, self.ends[j])
                .iter()
                .any(|&k| matches!(self.events[k].0, Event::Start(Tag::Paragraph)))
        });
        let all_tasks = !items.is_empty()
            && items.iter().all(|&j| {
                let k = match self.events.get(j + 1) {
                    Some((Event::Start(Tag::Paragraph), _)) => j + 2,
                    _ => j + 1,
                };
                matches!(self.events.get(k), Some((Event::TaskListMarker(_), _)))
            });
        let item_ctx = Ctx {
            tight,
            ..ctx.nested(COST_LIST)
        };
        if !ctx.fits(COST_LIST) {
            // Too deep for more content blocks: items become plain paragraphs.
            let flat = Ctx {
                tight: false,
                ..ctx
            };
            for (n, &j) in items.iter().enumerate() {
                if n > 0 {
                    out.raw("\n\n");
                }
                self.at(j, out);
                match start {
                    Some(s) => out.text(&format!("{}. ", s.saturating_add(n as u64))),
                    None if all_tasks => {}
                    None => out.text("• "),
                }
                self.children(j + 1, self.ends[j], out, flat);
            }
            return;
        }
        let mut call = match start {
            Some(s) => format!("#enum(start: {s}, tight: {tight}"),
            None => format!("#list(tight: {tight}"),
        };
        if all_tasks && start.is_none() {
            // The boxes replace the bullets (numbered task lists keep their numbers).
            call.push_str(", marker: []");
        }
        call.push(',');
        out.raw(&call);
        for &j in &items {
            self.at(j, out);
            out.raw("\n  [");
            self.children(j + 1, self.ends[j], out, item_ctx);
            out.raw("],");
        }
        out.raw("\n);");
    }

    fn table(&self, aligns: &[Alignment], i: usize, end: usize, out: &mut Out, ctx: Ctx) {
        self.table_call(aligns, i, end, out, ctx, "#table(", ";");
    }

    /// The table as `open` … `)` + `close`; `open` is `#table(` in markup or `table(` as a
    /// figure's argument.
    #[allow(clippy::too_many_arguments)]
    fn table_call(
        &self,
        aligns: &[Alignment],
        i: usize,
        end: usize,
        out: &mut Out,
        ctx: Ctx,
        open: &str,
        close: &str,
    ) {
        let columns = aligns.len().max(1);
        // Rows as lists of cell start indices; the first row is the header if it is
        // a TableHead.
        let mut rows: Vec<(bool, usize, Vec<usize>)> = Vec::new();
        for j in self.child_starts(i, end) {
            let head = matches!(self.events[j].0, Event::Start(Tag::TableHead));
            let mut cells = Vec::new();
            for k in self.child_starts(j, self.ends[j]) {
                match self.events[k].0 {
                    Event::Start(Tag::TableCell) => cells.push(k),
                    // Tolerate a row nested in the head.
                    Event::Start(Tag::TableRow) => cells.extend(
                        self.child_starts(k, self.ends[k])
                            .into_iter()
                            .filter(|&c| matches!(self.events[c].0, Event::Start(Tag::TableCell))),
                    ),
                    _ => {}
                }
            }
            cells.truncate(columns);
            rows.push((head, j, cells));
        }
        if !ctx.fits(COST_TABLE) {
            // Too deep: one line per row, cells separated by a bar.
            let flat = Ctx { tight: true, ..ctx };
            for (n, (_, j, cells)) in rows.iter().enumerate() {
                if n > 0 {
                    out.raw("\\\n");
                }
                self.at(*j, out);
                for (c, &k) in cells.iter().enumerate() {
                    if c > 0 {
                        out.text(" | ");
                    }
                    self.children(k + 1, self.ends[k], out, flat);
                }
            }
            return;
        }
        // Columns without an explicit alignment are right-aligned when every body cell is
        // a number, so figures line up the same way in every table.
        let align: Vec<&str> = aligns
            .iter()
            .enumerate()
            .map(|(c, a)| match a {
                Alignment::None if self.numeric_column(&rows, c) => "right",
                Alignment::None | Alignment::Left => "left",
                Alignment::Center => "center",
                Alignment::Right => "right",
            })
            .collect();
        let align = if align.is_empty() {
            "left".to_string()
        } else {
            format!("({},)", align.join(", "))
        };
        out.raw(&format!("{open}\n  columns: {columns},\n  align: {align},"));
        let cell_ctx = Ctx {
            tight: true,
            figure_ok: false,
            ..ctx.nested(COST_TABLE)
        };
        for (head, j, cells) in &rows {
            self.at(*j, out);
            out.raw(if *head { "\n  table.header(" } else { "\n  " });
            for (c, &k) in cells.iter().enumerate() {
                if c > 0 {
                    out.raw(" ");
                }
                out.raw("[");
                self.children(k + 1, self.ends[k], out, cell_ctx);
                out.raw("],");
            }
            for c in cells.len()..columns {
                out.raw(if c > 0 { " []," } else { "[]," });
            }
            if *head {
                out.raw("),");
            }
        }
        out.raw("\n)");
        out.raw(close);
    }

    /// Whether every non-empty body cell of column `c` is a number (12, 3.5%, 1,200, -4).
    fn numeric_column(&self, rows: &[(bool, usize, Vec<usize>)], c: usize) -> bool {
        let mut any = false;
        for (head, _, cells) in rows {
            if *head {
                continue;
            }
            let Some(&k) = cells.get(c) else { continue };
            let mut t = String::new();
            for (ev, _) in &self.events[k + 1..self.ends[k]] {
                match ev {
                    Event::Text(x) | Event::Code(x) => t.push_str(x),
                    Event::Start(_) | Event::End(_) => {}
                    _ => return false,
                }
            }
            let t = t.trim();
            if t.is_empty() || t == "—" || t == "-" {
                continue;
            }
            if !is_number(t) {
                return false;
            }
            any = true;
        }
        any
    }

    fn image(&self, src: &str, i: usize, end: usize, out: &mut Out, ctx: Ctx) {
        {
            let mut images = self.images.borrow_mut();
            if !images.iter().any(|s| s == src) {
                images.push(src.to_string());
            }
        }
        let mut alt = String::new();
        for (ev, _) in &self.events[i + 1..end] {
            match ev {
                Event::Text(t) | Event::Code(t) => alt.push_str(t),
                Event::SoftBreak | Event::HardBreak => alt.push(' '),
                _ => {}
            }
        }
        match (self.opts.resolve_image)(src) {
            Some(path) => {
                let image = format!("image({})", string_literal(&path));
                if ctx.figure_ok && ctx.fits(COST_FIGURE) && !alt.trim().is_empty() {
                    out.raw(&format!("#figure({image}, caption: ["));
                    let inner = Ctx {
                        link_ok: true,
                        ..ctx.inline(COST_FIGURE)
                    };
                    // One number per figure: the booklet numbers figures per article, so
                    // the author's own 「图1　」 is dropped from the caption.
                    let mut from = i + 1;
                    if let Some((Event::Text(t), _)) = self.events.get(from)
                        && let Some(skip) = numbered_label_len(t, '图')
                    {
                        out.text(&t[skip..]);
                        from += 1;
                    }
                    self.children(from, end, out, inner);
                    out.raw("]);");
                } else {
                    out.raw(&format!("#{image};"));
                }
            }
            None => {
                let shown = if alt.trim().is_empty() { src } else { &alt };
                out.text(&format!("[{shown}]"));
            }
        }
    }

    fn footnote_ref(&self, label: &str, out: &mut Out, ctx: Ctx) {
        let key = footnote_key(label);
        let def = self.footnotes.get(&key).copied();
        let usable = {
            let stack = self.footnote_stack.borrow();
            !stack.contains(&key) && stack.len() < MAX_FOOTNOTE_DEPTH
        };
        match def {
            Some((from, to)) if usable && ctx.fits(COST_FOOTNOTE) => {
                self.footnote_stack.borrow_mut().push(key);
                let mut sub = Out {
                    cur: out.cur,
                    ..Out::default()
                };
                let inner = Ctx {
                    nest: ctx.nest + COST_FOOTNOTE,
                    tight: false,
                    figure_ok: false,
                    link_ok: true,
                };
                self.children(from, to, &mut sub, inner);
                self.footnote_stack.borrow_mut().pop();
                let here = out.cur;
                let multiline = sub.buf.contains('\n');
                out.raw("#footnote[");
                out.append(sub);
                out.at(here);
                out.raw("];");
                if multiline {
                    // Start a new output line (without a space) so that the text after
                    // the reference maps back to the reference's line.
                    out.raw("/*\n*/");
                }
            }
            _ => out.text(&format!("[^{label}]")),
        }
    }

    /// Whether the soft break at `i` joins two CJK characters (and so must vanish).
    fn cjk_join(&self, i: usize) -> bool {
        let before = self.events[..i].iter().rev().map(|(ev, _)| ev);
        let after = self.events[i + 1..].iter().map(|(ev, _)| ev);
        let (Some(a), Some(b)) = (
            adjacent_char(before, |s| s.chars().next_back()),
            adjacent_char(after, |s| s.chars().next()),
        ) else {
            return false;
        };
        (is_cjk(a) && (is_cjk(b) || is_cjk_punct(b))) || (is_cjk_punct(a) && is_cjk(b))
    }
}

/// The character nearest to a soft break in one direction, looking through inline
/// markup and footnote references.
fn adjacent_char<'e, 'a: 'e>(
    mut events: impl Iterator<Item = &'e Event<'a>>,
    pick: impl Fn(&str) -> Option<char>,
) -> Option<char> {
    for ev in events.by_ref() {
        match ev {
            Event::Text(t) | Event::Code(t) => return pick(t),
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. })
            | Event::End(
                pulldown_cmark::TagEnd::Emphasis
                | pulldown_cmark::TagEnd::Strong
                | pulldown_cmark::TagEnd::Strikethrough
                | pulldown_cmark::TagEnd::Link,
            )
            | Event::FootnoteReference(_) => {}
            _ => return None,
        }
    }
    None
}

/// CJK ideographs, kana, CJK punctuation and full-width forms.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF     // radicals, Kangxi
        | 0x2FF0..=0x2FFF   // ideographic description
        | 0x3000..=0x303F   // CJK symbols and punctuation
        | 0x3040..=0x30FF   // hiragana, katakana
        | 0x3100..=0x312F   // bopomofo
        | 0x3190..=0x31FF   // kanbun, bopomofo ext, strokes, katakana ext
        | 0x3200..=0x33FF   // enclosed CJK, compatibility
        | 0x3400..=0x4DBF   // extension A
        | 0x4E00..=0x9FFF   // unified ideographs
        | 0xF900..=0xFAFF   // compatibility ideographs
        | 0xFE10..=0xFE1F   // vertical forms
        | 0xFE30..=0xFE4F   // compatibility forms
        | 0xFE50..=0xFE6F   // small forms
        | 0xFF00..=0xFFEF   // half-width and full-width forms
        | 0x20000..=0x3FFFF // extensions B and later
    )
}

/// Punctuation shared with Western text that Chinese uses too (quotes, dashes,
/// ellipsis, middle dot): joins only when the other side is CJK proper.
fn is_cjk_punct(c: char) -> bool {
    matches!(
        c,
        '\u{2014}'
            | '\u{2015}'
            | '\u{2018}'
            | '\u{2019}'
            | '\u{201C}'
            | '\u{201D}'
            | '\u{2026}'
            | '\u{00B7}'
    )
}

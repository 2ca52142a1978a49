//! The walk over the parser's events: containers, inline markup, headings, code, links and
//! text, each emitted as an explicit Typst call.

use crate::escape::{numbered_label_len, string_literal};
use crate::out::{Ctx, FootnoteKey, Out};
use crate::{COST_FIGURE, COST_HEADING, COST_INLINE, COST_QUOTE, COST_TABLE, MAX_URL_LEN, Options};

use pulldown_cmark::{CodeBlockKind, Event, LinkType, Tag};
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Prev {
    Nothing,
    Inline,
    Block,
}

pub(crate) struct Conv<'a, 'o> {
    pub(crate) events: Vec<(Event<'a>, Range<usize>)>,
    pub(crate) ends: Vec<usize>,
    pub(crate) footnotes: HashMap<FootnoteKey, (usize, usize)>,
    pub(crate) line_starts: Vec<usize>,
    pub(crate) opts: &'o Options<'o>,
    pub(crate) images: RefCell<Vec<String>>,
    pub(crate) footnote_stack: RefCell<Vec<FootnoteKey>>,
}

pub(crate) fn is_block(tag: &Tag) -> bool {
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
    pub(crate) fn line(&self, offset: usize) -> u32 {
        self.line_starts.partition_point(|&s| s <= offset) as u32
    }

    pub(crate) fn at(&self, i: usize, out: &mut Out) {
        if let Some((_, r)) = self.events.get(i) {
            out.at(self.line(r.start));
        }
    }

    /// Convert the events in `from..to` (a sequence of siblings).
    pub(crate) fn children(&self, from: usize, to: usize, out: &mut Out, ctx: Ctx) {
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
    pub(crate) fn table_caption(
        &self,
        i: usize,
        to: usize,
        out: &mut Out,
        ctx: Ctx,
    ) -> Option<usize> {
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
    pub(crate) fn event(&self, i: usize, out: &mut Out, ctx: Ctx) -> usize {
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
    pub(crate) fn multiline_text(&self, t: &str, joiner: &str, out: &mut Out) {
        let t = t.strip_suffix('\n').unwrap_or(t);
        let t = t.strip_suffix('\r').unwrap_or(t);
        for (k, line) in t.split('\n').enumerate() {
            if k > 0 {
                out.raw(joiner);
            }
            out.text(line.strip_suffix('\r').unwrap_or(line));
        }
    }

    pub(crate) fn tag(&self, tag: &Tag, i: usize, end: usize, out: &mut Out, ctx: Ctx) {
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

    pub(crate) fn wrap(&self, open: &str, i: usize, end: usize, out: &mut Out, ctx: Ctx) {
        if ctx.fits(COST_INLINE) {
            out.raw(open);
            self.children(i + 1, end, out, ctx.inline(COST_INLINE));
            out.raw("];");
        } else {
            self.children(i + 1, end, out, ctx);
        }
    }

    /// Start indices of the direct children of the container `i..end`.
    pub(crate) fn child_starts(&self, i: usize, end: usize) -> Vec<usize> {
        let mut v = Vec::new();
        let mut j = i + 1;
        while j < end {
            v.push(j);
            j = self.ends[j] + 1;
        }
        v
    }
}

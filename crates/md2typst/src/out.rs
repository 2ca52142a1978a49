//! The output buffer (Typst text with the Markdown line of every output line) and the
//! nesting budget a conversion carries down the tree.

use crate::DEPTH_BUDGET;
use crate::escape::{break_long_runs, escape_text};
use unicase::UniCase;

/// Footnote labels match case-insensitively, as in pulldown-cmark.
pub(crate) type FootnoteKey = UniCase<String>;

pub(crate) fn footnote_key(label: &str) -> FootnoteKey {
    UniCase::new(label.to_string())
}

/// Output buffer that records, for every line, the Markdown line it came from.
#[derive(Default)]
pub(crate) struct Out {
    pub(crate) buf: String,
    /// Source lines of the completed output lines.
    pub(crate) map: Vec<u32>,
    /// Source line of the current (unterminated) output line, once it has content.
    pub(crate) line_src: Option<u32>,
    /// Source line of the event being converted.
    pub(crate) cur: u32,
}

impl Out {
    pub(crate) fn at(&mut self, line: u32) {
        self.cur = line;
    }

    /// Append converter-made markup (never content text).
    pub(crate) fn raw(&mut self, s: &str) {
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

    pub(crate) fn newline(&mut self) {
        self.buf.push('\n');
        let src = self.line_src.take().unwrap_or(self.cur);
        self.map.push(src);
    }

    /// Append content text, escaped.
    pub(crate) fn text(&mut self, s: &str) {
        self.raw(&escape_text(&break_long_runs(s)));
    }

    /// Splice another buffer into this one, keeping its line map.
    pub(crate) fn append(&mut self, other: Out) {
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

    pub(crate) fn finish(mut self) -> (String, Vec<u32>) {
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
pub(crate) struct Ctx {
    /// Content blocks opened so far.
    pub(crate) nest: u32,
    /// Inside a tight list item: blocks are separated by a single newline.
    pub(crate) tight: bool,
    /// Images with alt text may become figures.
    pub(crate) figure_ok: bool,
    /// Links may be emitted (not inside another link).
    pub(crate) link_ok: bool,
}

impl Ctx {
    pub(crate) fn root() -> Self {
        Ctx {
            nest: 0,
            tight: false,
            figure_ok: true,
            link_ok: true,
        }
    }

    /// Whether a wrapper of this cost still fits in the depth budget.
    pub(crate) fn fits(&self, cost: u32) -> bool {
        self.nest + cost <= DEPTH_BUDGET
    }

    /// Context inside a block wrapper.
    pub(crate) fn nested(self, cost: u32) -> Self {
        Ctx {
            nest: self.nest + cost,
            ..self
        }
    }

    /// Context for inline content wrapped in a function call.
    pub(crate) fn inline(self, cost: u32) -> Self {
        Ctx {
            nest: self.nest + cost,
            figure_ok: false,
            ..self
        }
    }
}

//! The intermediate model between Word's XML and Markdown: paragraphs of formatted inline
//! pieces, tables of cells, pictures and notes. `body.rs` builds it, `classify.rs` and
//! `front.rs` refine it, `markdown.rs` writes it out.

use super::numbering::Label;

/// Character formatting that Markdown (or plain Unicode) can carry.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Fmt {
    pub bold: bool,
    pub italic: bool,
    pub strike: bool,
    pub sup: bool,
    pub sub: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text(String, Fmt),
    /// A soft line break (Shift+Enter in Word).
    Break,
    /// An external hyperlink: address and its text.
    Link(String, Vec<Inline>),
    /// Index into [`Doc::pictures`].
    Image(usize),
    /// Index into [`Doc::notes`].
    Note(usize),
}

/// What a paragraph is, once classified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Role {
    #[default]
    Body,
    /// The document title (goes to the front matter).
    Title,
    /// A heading; 1 is the title's level, so section headings start at 2.
    Heading(u8),
    /// A 「图1 …」 line or Caption-styled paragraph.
    Caption,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Para {
    pub inlines: Vec<Inline>,
    pub role: Role,
    /// Heading level from the style or outline level (1-based, `heading 1` → 1).
    pub style_heading: Option<u8>,
    pub style_title: bool,
    pub style_caption: bool,
    pub centered: bool,
    /// Largest font size used, in half-points.
    pub size: Option<u32>,
    /// List numbering and its level.
    pub label: Option<Label>,
    pub ilvl: u8,
}

impl Para {
    /// The paragraph's text, formatting dropped (link text included, pictures and notes not).
    pub fn plain(&self) -> String {
        let mut s = String::new();
        plain_into(&self.inlines, &mut s);
        s
    }
    /// The text as shown, with a numbering label in front.
    pub fn shown(&self) -> String {
        match &self.label {
            Some(Label::Text(l)) => format!("{l}{}", self.plain()),
            _ => self.plain(),
        }
    }
    /// Every visible character is bold.
    pub fn all_bold(&self) -> bool {
        let mut any = false;
        let ok = all_texts(&self.inlines, &mut |t, f| {
            if t.trim().is_empty() {
                return true;
            }
            any = true;
            f.bold
        });
        ok && any
    }
    pub fn has_pictures(&self) -> bool {
        self.inlines.iter().any(|i| matches!(i, Inline::Image(_)))
    }
    /// Only pictures (and whitespace).
    pub fn only_pictures(&self) -> bool {
        self.has_pictures() && self.plain().trim().is_empty()
    }
    pub fn is_empty(&self) -> bool {
        self.plain().trim().is_empty()
            && !self
                .inlines
                .iter()
                .any(|i| matches!(i, Inline::Image(_) | Inline::Note(_)))
            && !matches!(self.label, Some(Label::Text(_)))
    }
}

fn plain_into(inl: &[Inline], s: &mut String) {
    for i in inl {
        match i {
            Inline::Text(t, _) => s.push_str(t),
            Inline::Break => s.push('\n'),
            Inline::Link(_, inner) => plain_into(inner, s),
            Inline::Image(_) | Inline::Note(_) => {}
        }
    }
}

fn all_texts(inl: &[Inline], f: &mut impl FnMut(&str, Fmt) -> bool) -> bool {
    inl.iter().all(|i| match i {
        Inline::Text(t, fmt) => f(t, *fmt),
        Inline::Link(_, inner) => all_texts(inner, f),
        _ => true,
    })
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cell {
    pub paras: Vec<Para>,
    /// Grid columns covered (`w:gridSpan`).
    pub span: usize,
    /// Continues the cell above (`w:vMerge` without `restart`).
    pub merged_above: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Para(Para),
    Table(Table),
}

/// A picture found in the document.
#[derive(Debug, Clone, PartialEq)]
pub struct Picture {
    /// Path of the image inside the package (`word/media/image1.png`).
    pub part: String,
    /// Lower-case extension (`png`).
    pub ext: String,
    /// The picture's name or description in Word, for messages.
    pub name: String,
    /// Caption (alt text), filled in by `classify`.
    pub caption: String,
}

/// A parsed document: body blocks, pictures, notes (in reference order), and what could not
/// be carried over.
#[derive(Debug, Default)]
pub struct Doc {
    pub blocks: Vec<Block>,
    pub pictures: Vec<Picture>,
    /// Footnotes then endnotes, numbered in order of first reference.
    pub notes: Vec<Vec<Para>>,
    pub warnings: Vec<String>,
    /// `docProps/core.xml`: title, modified / created dates (`2017-12-15…`).
    pub prop_title: Option<String>,
    pub prop_date: Option<String>,
}

/// A short quotation of `text` for messages: the first 20 characters.
pub fn quote(text: &str) -> String {
    let t: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut s: String = t.chars().take(20).collect();
    if t.chars().count() > 20 {
        s.push('…');
    }
    s
}

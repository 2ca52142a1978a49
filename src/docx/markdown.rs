//! Blocks → Markdown the renderers read literally: text escaped (`*`, `_`, `#`, `1.` at a
//! line start, `<`, `|`, `[`…), emphasis markers kept outside CJK punctuation so they still
//! open and close, superscripts and subscripts as Unicode where possible, GFM tables with
//! merged cells filled, pictures with their captions, notes as `[^n]`.

use super::blocks::{Block, Cell, Doc, Fmt, Inline, Para, Role, Table};
use super::numbering::Label;

/// Where each picture was written: Markdown path by picture index.
pub struct Out<'a> {
    pub doc: &'a Doc,
    pub image_paths: &'a [String],
}

#[derive(Clone, Copy)]
struct Mode {
    /// Line breaks allowed (paragraphs); otherwise a break is a space (headings, cells).
    breaks: bool,
    /// Bold/italic/strike kept (not in headings).
    emphasis: bool,
}

const PARA: Mode = Mode {
    breaks: true,
    emphasis: true,
};
const CELL: Mode = Mode {
    breaks: false,
    emphasis: true,
};
const HEADING: Mode = Mode {
    breaks: false,
    emphasis: false,
};

/// The Markdown body (without front matter).
pub fn render(o: &Out) -> String {
    let mut out = String::new();
    let mut in_list = false;
    // List nesting: the first item's level, and the depth of the previous item.
    let (mut base, mut depth) = (0u8, 0usize);
    let mut top_bullet: Option<bool> = None;
    for b in &o.doc.blocks {
        match b {
            Block::Para(p) => {
                if p.role == Role::Caption || p.is_empty() {
                    continue;
                }
                let item = match &p.label {
                    Some(Label::Bullet) => Some("-".to_string()),
                    Some(Label::Ordered(n)) => Some(format!("{n}.")),
                    _ => None,
                };
                if let Some(marker) = item
                    && !matches!(p.role, Role::Heading(_))
                {
                    if !in_list {
                        if !out.is_empty() {
                            out.push('\n');
                        }
                        (base, depth, top_bullet) = (p.ilvl, 0, None);
                    }
                    in_list = true;
                    base = base.min(p.ilvl);
                    // One level deeper at most, or the item would become indented code.
                    depth = ((p.ilvl - base) as usize).min(depth + 1);
                    let indent = "    ".repeat(depth);
                    // A bullet list next to a numbered one: separate them.
                    let bullet = marker == "-";
                    if depth == 0 && top_bullet.is_some_and(|b| b != bullet) {
                        out.push('\n');
                    }
                    if depth == 0 {
                        top_bullet = Some(bullet);
                    }
                    out += &format!("{indent}{marker} {}\n", para_text(o, p, PARA));
                    continue;
                }
                if in_list {
                    in_list = false;
                }
                if !out.is_empty() {
                    out.push('\n');
                }
                out += &para(o, p);
                out.push('\n');
            }
            Block::Table(t) => {
                in_list = false;
                if !out.is_empty() {
                    out.push('\n');
                }
                out += &table(o, t);
            }
        }
    }
    if !o.doc.notes.is_empty() {
        out.push('\n');
        for (i, note) in o.doc.notes.iter().enumerate() {
            let text: Vec<String> = note
                .iter()
                .filter(|p| !p.is_empty())
                .map(|p| para_text(o, p, CELL))
                .collect();
            out += &format!("[^{}]: {}\n", i + 1, text.join(" "));
        }
    }
    out
}

fn para(o: &Out, p: &Para) -> String {
    match p.role {
        Role::Heading(l) => {
            let text = para_text(o, p, HEADING);
            let text = text.replace("\\#", "#").replace('#', "\\#");
            format!("{} {}", "#".repeat(l as usize), text)
        }
        _ if p.only_pictures() => p
            .inlines
            .iter()
            .filter(|i| matches!(i, Inline::Image(_)))
            .map(|i| inline(o, i, PARA))
            .collect::<Vec<_>>()
            .join("\n\n"),
        _ => para_text(o, p, PARA),
    }
}

/// A paragraph's content: numbering label, then its text, each line's start made safe.
fn para_text(o: &Out, p: &Para, mode: Mode) -> String {
    let mut s = String::new();
    match &p.label {
        Some(Label::Text(l)) => s += &escape(l),
        // A numbered heading keeps its number (lists are written as Markdown lists).
        Some(Label::Ordered(n)) if matches!(p.role, Role::Heading(_)) => s += &format!("{n}. "),
        _ => {}
    }
    let trimmed = tidy_breaks(&p.inlines);
    s += &inlines(o, &trimmed, mode);
    let lines: Vec<String> = s.split('\n').map(line_start).collect();
    lines.join("\n")
}

/// Breaks at either end of a paragraph would leave a stray backslash: they go, as does
/// blank text beside a break, and runs of breaks count as one.
fn tidy_breaks(inl: &[Inline]) -> Vec<Inline> {
    let blank = |i: &Inline| matches!(i, Inline::Text(t, _) if t.trim().is_empty());
    let is_break = |i: Option<&Inline>| i.is_none_or(|i| *i == Inline::Break);
    let mut kept: Vec<Inline> = Vec::with_capacity(inl.len());
    for (k, i) in inl.iter().enumerate() {
        let beside_break =
            is_break(k.checked_sub(1).and_then(|j| inl.get(j))) || is_break(inl.get(k + 1));
        if blank(i) && beside_break {
            continue;
        }
        if *i == Inline::Break && matches!(kept.last(), None | Some(Inline::Break)) {
            continue;
        }
        kept.push(i.clone());
    }
    while kept.last() == Some(&Inline::Break) {
        kept.pop();
    }
    kept
}

/// Drops the indent (spaces, full-width spaces) and escapes what would start a block.
fn line_start(line: &str) -> String {
    let t = line
        .trim_start_matches([' ', '\u{3000}', '\t', '\u{a0}'])
        .trim_end_matches([' ', '\u{3000}', '\t', '\u{a0}']);
    if t.starts_with(['#', '-', '+', '=']) {
        return format!("\\{t}");
    }
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 && digits <= 9 && t[digits..].starts_with(['.', ')']) {
        return format!("{}\\{}", &t[..digits], &t[digits..]);
    }
    t.to_string()
}

/// Escapes Markdown punctuation so text renders literally.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '|' | '~' | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

enum Seg {
    Text(String, Fmt),
    Raw(String),
}

fn inlines(o: &Out, inl: &[Inline], mode: Mode) -> String {
    let mut segs: Vec<Seg> = Vec::new();
    for i in inl {
        match i {
            Inline::Text(t, f) => {
                let (t, f) = script(t, *f);
                let f = if mode.emphasis { f } else { Fmt::default() };
                match segs.last_mut() {
                    Some(Seg::Text(prev, pf)) if *pf == f => prev.push_str(&t),
                    _ => segs.push(Seg::Text(t, f)),
                }
            }
            other => segs.push(Seg::Raw(inline(o, other, mode))),
        }
    }
    let mut out = String::new();
    for s in segs {
        match s {
            Seg::Raw(r) => out += &r,
            Seg::Text(t, f) => emphasised(&mut out, &t, f),
        }
    }
    out
}

fn inline(o: &Out, i: &Inline, mode: Mode) -> String {
    match i {
        Inline::Text(t, _) => escape(t),
        Inline::Break if mode.breaks => "\\\n".into(),
        Inline::Break => " ".into(),
        Inline::Link(url, inner) => {
            format!("[{}]({})", inlines(o, inner, mode), url_escape(url))
        }
        Inline::Image(k) => {
            let cap = o
                .doc
                .pictures
                .get(*k)
                .map(|p| escape(&p.caption))
                .unwrap_or_default();
            match o.image_paths.get(*k).filter(|p| !p.is_empty()) {
                Some(path) => format!("![{cap}]({path})"),
                // The picture's file was missing (already a warning): keep its caption.
                None => cap,
            }
        }
        Inline::Note(n) => format!("[^{}]", n + 1),
    }
}

fn url_escape(u: &str) -> String {
    let mut s = String::new();
    for c in u.chars() {
        match c {
            ' ' => s += "%20",
            '(' => s += "%28",
            ')' => s += "%29",
            '<' => s += "%3C",
            '>' => s += "%3E",
            c => s.push(c),
        }
    }
    s
}

/// Wraps `t` in its emphasis markers, with leading and trailing spaces and punctuation left
/// outside (CommonMark does not close `**` between CJK punctuation and a letter).
fn emphasised(out: &mut String, t: &str, f: Fmt) {
    // One delimiter run only: nested runs (`~~**a**~~b`) do not close before a letter.
    // Bold and italic together are `***`; strikethrough only when it is alone.
    let open = match (f.bold, f.italic, f.strike) {
        (true, true, _) => "***",
        (true, false, _) => "**",
        (false, true, _) => "*",
        (false, false, true) => "~~",
        (false, false, false) => "",
    };
    let outside = |c: char| c.is_whitespace() || is_punct(c);
    let core_start = t.find(|c: char| !outside(c)).unwrap_or(t.len());
    let core_end = t
        .char_indices()
        .rev()
        .find(|&(_, c)| !outside(c))
        .map_or(core_start, |(i, c)| i + c.len_utf8());
    let conflict = out.ends_with(['*', '~']) && core_start == 0;
    if open.is_empty() || core_start >= core_end || conflict {
        *out += &escape(t);
        return;
    }
    *out += &escape(&t[..core_start]);
    *out += open;
    *out += &escape(&t[core_start..core_end]);
    *out += open;
    *out += &escape(&t[core_end..]);
}

fn is_punct(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c,
            '\u{2000}'..='\u{206f}' | '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ff0f}'
            | '\u{ff1a}'..='\u{ff20}' | '\u{ff3b}'..='\u{ff40}' | '\u{ff5b}'..='\u{ff65}')
}

/// Superscript / subscript text as Unicode characters when every character has one
/// (m², H₂O); otherwise the plain text, which stays readable.
fn script(t: &str, f: Fmt) -> (String, Fmt) {
    let plain = Fmt {
        sup: false,
        sub: false,
        ..f
    };
    let table: &[(char, char)] = if f.sup {
        &[
            ('0', '⁰'),
            ('1', '¹'),
            ('2', '²'),
            ('3', '³'),
            ('4', '⁴'),
            ('5', '⁵'),
            ('6', '⁶'),
            ('7', '⁷'),
            ('8', '⁸'),
            ('9', '⁹'),
            ('+', '⁺'),
            ('-', '⁻'),
            ('=', '⁼'),
            ('(', '⁽'),
            (')', '⁾'),
            ('n', 'ⁿ'),
            ('i', 'ⁱ'),
        ]
    } else if f.sub {
        &[
            ('0', '₀'),
            ('1', '₁'),
            ('2', '₂'),
            ('3', '₃'),
            ('4', '₄'),
            ('5', '₅'),
            ('6', '₆'),
            ('7', '₇'),
            ('8', '₈'),
            ('9', '₉'),
            ('+', '₊'),
            ('-', '₋'),
            ('=', '₌'),
            ('(', '₍'),
            (')', '₎'),
        ]
    } else {
        return (t.to_string(), f);
    };
    let mapped: Option<String> = t
        .chars()
        .map(|c| table.iter().find(|(a, _)| *a == c).map(|(_, b)| *b))
        .collect();
    (mapped.unwrap_or_else(|| t.to_string()), plain)
}

/// A GFM table; a single cell becomes plain paragraphs.
fn table(o: &Out, t: &Table) -> String {
    let cols = t
        .rows
        .iter()
        .map(|r| r.iter().map(|c| c.span).sum::<usize>())
        .max()
        .unwrap_or(0);
    if cols == 0 {
        return String::new();
    }
    if t.rows.len() == 1 && cols == 1 {
        return t.rows[0][0]
            .paras
            .iter()
            .filter(|p| !p.is_empty())
            .map(|p| para(o, p) + "\n")
            .collect::<Vec<_>>()
            .join("\n");
    }
    let mut out = String::new();
    for (i, row) in t.rows.iter().enumerate() {
        let mut cells: Vec<String> = Vec::with_capacity(cols);
        for c in row {
            cells.push(cell(o, c));
            for _ in 1..c.span {
                cells.push(String::new());
            }
        }
        cells.resize(cols, String::new());
        out += &format!("| {} |\n", cells.join(" | "));
        if i == 0 {
            out += &format!("|{}\n", " --- |".repeat(cols));
        }
    }
    out
}

fn cell(o: &Out, c: &Cell) -> String {
    let parts: Vec<String> = c
        .paras
        .iter()
        .filter(|p| !p.is_empty())
        .map(|p| {
            // A cell cannot hold a Markdown list: the marker is written as text.
            let marker = match p.label {
                Some(Label::Bullet) => "• ".to_string(),
                Some(Label::Ordered(n)) => format!("{n}. "),
                _ => String::new(),
            };
            marker + &para_text(o, p, CELL)
        })
        .collect();
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_line_starts() {
        assert_eq!(escape("a*b_c<d>|[e]"), "a\\*b\\_c\\<d\\>\\|\\[e\\]");
        assert_eq!(line_start("　　1. 不是列表"), "1\\. 不是列表");
        assert_eq!(line_start("# 不是标题"), "\\# 不是标题");
        assert_eq!(line_start("- 不是列表"), "\\- 不是列表");
        assert_eq!(line_start("2017年"), "2017年");
    }

    #[test]
    fn emphasis_outside_cjk_punctuation() {
        let mut s = String::new();
        let b = Fmt {
            bold: true,
            ..Fmt::default()
        };
        emphasised(&mut s, "“违建”", b);
        assert_eq!(s, "“**违建**”");
        let mut s = String::new();
        emphasised(&mut s, "。", b);
        assert_eq!(s, "。");
    }

    /// The text pulldown-cmark reads back from a one-paragraph body.
    fn read_back(md: &str) -> String {
        use pulldown_cmark::{Event, Parser};
        let mut s = String::new();
        for e in Parser::new_ext(md, crate::load::markdown_options()) {
            match e {
                Event::Text(t) | Event::Code(t) => s.push_str(&t),
                Event::SoftBreak | Event::HardBreak => s.push('\n'),
                _ => {}
            }
        }
        s
    }

    proptest::proptest! {
        /// Any text, with or without bold, reads back as itself: escaping is complete.
        #[test]
        fn text_reads_back_literally(
            text in "[*_`\\[\\]<>|~&#+=.!()\\\\^{}$:1-9a-z中文“”。，　 -]{1,24}",
            bold in proptest::bool::ANY,
        ) {
            let doc = Doc {
                blocks: vec![Block::Para(Para {
                    inlines: vec![Inline::Text(text.clone(), Fmt { bold, ..Fmt::default() })],
                    ..Para::default()
                })],
                ..Doc::default()
            };
            let md = render(&Out { doc: &doc, image_paths: &[] });
            let want = text.trim_matches([' ', '\u{3000}']);
            proptest::prop_assert_eq!(read_back(&md), want, "markdown: {:?}", md);
        }

        /// Runs of mixed bold / italic / strike never leave a stray marker in the text.
        #[test]
        fn mixed_emphasis_keeps_the_text(
            runs in proptest::collection::vec(
                ("[*_~a-z中文“”。，（） ]{1,6}", 0u8..8),
                1..6,
            ),
        ) {
            let inlines: Vec<Inline> = runs
                .iter()
                .map(|(t, f)| Inline::Text(t.clone(), Fmt {
                    bold: f & 1 != 0,
                    italic: f & 2 != 0,
                    strike: f & 4 != 0,
                    ..Fmt::default()
                }))
                .collect();
            let doc = Doc {
                blocks: vec![Block::Para(Para { inlines, ..Para::default() })],
                ..Doc::default()
            };
            let md = render(&Out { doc: &doc, image_paths: &[] });
            let all: String = runs.iter().map(|(t, _)| t.as_str()).collect();
            let want = all.trim_matches(' ');
            proptest::prop_assert_eq!(read_back(&md), want, "markdown: {:?}", md);
        }

        /// Table cells keep their text, `|` and all, and the columns stay aligned.
        #[test]
        fn table_cells_read_back(
            cells in proptest::collection::vec("[|*#<>\\[\\]1-9. a-z中-]{0,8}", 6),
        ) {
            use pulldown_cmark::{Event, Parser, Tag, TagEnd};
            let cell = |t: &str| Cell {
                paras: vec![Para {
                    inlines: vec![Inline::Text(t.to_string(), Fmt::default())],
                    ..Para::default()
                }],
                span: 1,
                merged_above: false,
            };
            let rows: Vec<Vec<Cell>> = cells.chunks(3).map(|r| r.iter().map(|t| cell(t)).collect()).collect();
            let doc = Doc { blocks: vec![Block::Table(Table { rows })], ..Doc::default() };
            let md = render(&Out { doc: &doc, image_paths: &[] });
            let mut got: Vec<String> = Vec::new();
            for e in Parser::new_ext(&md, crate::load::markdown_options()) {
                match e {
                    Event::Start(Tag::TableCell) => got.push(String::new()),
                    Event::Text(t) => if let Some(c) = got.last_mut() { c.push_str(&t) },
                    Event::End(TagEnd::TableCell) => {}
                    _ => {}
                }
            }
            let want: Vec<String> = cells.iter().map(|c| c.trim().to_string()).collect();
            let got: Vec<String> = got.iter().map(|c| c.trim().to_string()).collect();
            proptest::prop_assert_eq!(got, want, "markdown: {:?}", md);
        }

        /// Headings read back as written, `#` and all.
        #[test]
        fn headings_read_back(text in "[#*_1-9. a-z中（）、-]{1,16}", level in 2u8..7) {
            // A blank paragraph is no heading (it is skipped).
            proptest::prop_assume!(!text.trim().is_empty());
            let doc = Doc {
                blocks: vec![Block::Para(Para {
                    inlines: vec![Inline::Text(text.clone(), Fmt { bold: true, ..Fmt::default() })],
                    role: Role::Heading(level),
                    ..Para::default()
                })],
                ..Doc::default()
            };
            let md = render(&Out { doc: &doc, image_paths: &[] });
            let prefix = "#".repeat(level as usize) + " ";
            proptest::prop_assert!(md.starts_with(&prefix), "markdown: {:?}", md);
            proptest::prop_assert_eq!(read_back(&md), text.trim(), "markdown: {:?}", md);
        }

        /// Every line after a soft break starts safely too (`# `, `1. `, `- `, `> `…).
        #[test]
        fn lines_read_back_literally(
            a in "[a-z中文]{1,6}",
            b in "[#>+=*1-9. a-z中-]{1,12}",
        ) {
            let doc = Doc {
                blocks: vec![Block::Para(Para {
                    inlines: vec![
                        Inline::Text(a.clone(), Fmt::default()),
                        Inline::Break,
                        Inline::Text(b.clone(), Fmt::default()),
                    ],
                    ..Para::default()
                })],
                ..Doc::default()
            };
            let md = render(&Out { doc: &doc, image_paths: &[] });
            let b = b.trim_matches(' ');
            let want = if b.is_empty() { a.clone() } else { format!("{a}\n{b}") };
            proptest::prop_assert_eq!(read_back(&md), want, "markdown: {:?}", md);
        }
    }

    #[test]
    fn scripts() {
        let sup = Fmt {
            sup: true,
            ..Fmt::default()
        };
        assert_eq!(script("2", sup).0, "²");
        assert_eq!(script("[1]", sup).0, "[1]");
        let sub = Fmt {
            sub: true,
            ..Fmt::default()
        };
        assert_eq!(script("2", sub).0, "₂");
    }
}

//! Walks `document.xml` (and the notes parts) into the block model: paragraphs with their
//! style facts and numbering, runs with formatting, hyperlinks, breaks, note references,
//! tables with merged cells (pictures and text boxes: `pictures.rs`). Tracked insertions
//! are kept and deletions dropped; field codes, TOC fields, comments, bookmarks and page
//! breaks are left out. Anything that cannot be carried over becomes a warning.

use super::blocks::{Block, Cell, Fmt, Inline, Para, Picture, Table, quote};
use super::numbering::Numbering;
use super::styles::{self, Styles};
use super::xml::Node;
use std::collections::HashMap;

/// One relationship of a part.
#[derive(Debug, Clone)]
pub struct Rel {
    pub target: String,
    pub external: bool,
    /// The relationship type, e.g. `…/relationships/image`.
    pub kind: String,
}

/// Relationships by id.
pub type Rels = HashMap<String, Rel>;

#[derive(Debug)]
struct Field {
    /// The field code so far.
    code: String,
    /// Past `separate`: the shown result follows.
    result: bool,
    /// A table of contents: its result is not carried over.
    toc: bool,
    /// A HYPERLINK field: its address, where its result starts in the paragraph's inlines,
    /// and which paragraph that is.
    link: Option<(String, usize, usize)>,
}

pub struct Walker<'a> {
    pub styles: &'a Styles,
    pub numbering: Numbering,
    /// Relationships of the part being walked, and that part's folder (`word/`).
    pub rels: Rels,
    pub base: String,
    pub pictures: Vec<Picture>,
    /// (is endnote, id) in order of first reference.
    pub note_refs: Vec<(bool, String)>,
    pub warnings: Vec<String>,
    fields: Vec<Field>,
    /// Paragraphs started so far (a field's link must end in the paragraph it began).
    para_seq: usize,
}

impl<'a> Walker<'a> {
    pub fn new(styles: &'a Styles, numbering: Numbering) -> Self {
        Walker {
            styles,
            numbering,
            rels: Rels::new(),
            base: "word/".into(),
            pictures: Vec::new(),
            note_refs: Vec::new(),
            warnings: Vec::new(),
            fields: Vec::new(),
            para_seq: 0,
        }
    }

    pub(super) fn warn(&mut self, w: String) {
        if !self.warnings.contains(&w) {
            self.warnings.push(w);
        }
    }

    /// Text is shown unless it is a field's code or inside a TOC field.
    fn visible(&self) -> bool {
        self.fields.iter().all(|f| f.result && !f.toc)
    }

    /// Block-level content of `node` (the body, a cell, a note, a text box).
    pub fn blocks(&mut self, node: &Node, out: &mut Vec<Block>) {
        for el in node.elements() {
            match el.name.as_str() {
                "p" => self.para(el, out),
                "tbl" => {
                    let t = self.table(el);
                    out.push(Block::Table(t));
                }
                "sdt" => {
                    if is_toc(el) {
                        continue;
                    }
                    if let Some(c) = el.child("sdtContent") {
                        self.blocks(c, out);
                    }
                }
                "customXml" | "ins" | "moveTo" | "smartTag" => self.blocks(el, out),
                "altChunk" => self.warn(
                    "文中嵌入了另一个文档（altChunk），其内容无法导入；请在 Word 中把它的文字复制到正文后重新导入。"
                        .into(),
                ),
                "AlternateContent" => {
                    if let Some(c) = el.child("Choice").or_else(|| el.child("Fallback")) {
                        self.blocks(c, out);
                    }
                }
                "del" | "moveFrom" | "sectPr" => {}
                // An unknown wrapper that holds text: read through it rather than lose it.
                _ if el.find("t").is_some() => self.blocks(el, out),
                _ => {}
            }
        }
    }

    fn para(&mut self, p: &Node, out: &mut Vec<Block>) {
        self.para_seq += 1;
        let ppr = p.child("pPr");
        let st = self.styles.resolve(ppr.and_then(|x| x.child_val("pStyle")));
        let direct_outline = ppr.and_then(|x| x.child_val("outlineLvl"));
        let style_heading = match direct_outline.and_then(|v| v.parse::<u8>().ok()) {
            Some(v) if v < 9 => Some(v + 1),
            Some(_) => None,
            None => st.heading,
        };
        let centered = ppr
            .and_then(|x| x.child_val("jc"))
            .map(styles::is_center)
            .unwrap_or(st.centered);
        let num = match ppr.and_then(styles::num_pr) {
            Some((id, l)) => Some((id, l.unwrap_or(st.num.as_ref().map_or(0, |n| n.1)))),
            None => st.num.clone(),
        };
        let (label, ilvl) = match num {
            Some((id, l)) => (self.numbering.next(&id, l), l),
            None => (None, 0),
        };
        let base = Fmt {
            bold: st.bold,
            ..Fmt::default()
        };
        let mut inlines = Vec::new();
        let mut extra = Vec::new();
        let mut size = st.size;
        self.inlines(p, base, &mut inlines, &mut extra, &mut size);
        out.push(Block::Para(Para {
            inlines,
            style_heading,
            style_title: st.title,
            style_caption: st.caption,
            centered,
            size,
            label,
            ilvl,
            ..Para::default()
        }));
        out.extend(extra);
    }

    /// Inline content of a paragraph (or of a hyperlink, insertion, field…).
    fn inlines(
        &mut self,
        node: &Node,
        fmt: Fmt,
        out: &mut Vec<Inline>,
        extra: &mut Vec<Block>,
        size: &mut Option<u32>,
    ) {
        for el in node.elements() {
            match el.name.as_str() {
                "r" => self.run(el, fmt, out, extra, size),
                "hyperlink" => {
                    let mut inner = Vec::new();
                    self.inlines(el, fmt, &mut inner, extra, size);
                    match el.attr("id").and_then(|id| self.rels.get(id)) {
                        Some(rel) if rel.external && !inner.is_empty() => {
                            out.push(Inline::Link(rel.target.clone(), inner))
                        }
                        _ => out.extend(inner),
                    }
                }
                "ins" | "moveTo" | "smartTag" | "customXml" | "bdo" | "dir" | "fldSimple" => {
                    let toc = el
                        .attr("instr")
                        .is_some_and(|i| i.trim().to_uppercase().starts_with("TOC"));
                    if !toc {
                        self.inlines(el, fmt, out, extra, size);
                    }
                }
                "sdt" => {
                    if let Some(c) = el.child("sdtContent") {
                        self.inlines(c, fmt, out, extra, size);
                    }
                }
                "oMath" | "oMathPara" => {
                    let mut ts = Vec::new();
                    el.find_all("t", &mut ts);
                    let text: String = ts.iter().map(|t| t.text()).collect();
                    if !text.is_empty() && self.visible() {
                        self.warn(format!(
                            "公式「{}」按文字导入（网页和印刷册不排公式），请核对。",
                            quote(&text)
                        ));
                        out.push(Inline::Text(text, fmt));
                    }
                }
                "AlternateContent" => {
                    if let Some(c) = el.child("Choice").or_else(|| el.child("Fallback")) {
                        self.inlines(c, fmt, out, extra, size);
                    }
                }
                "del" | "moveFrom" | "pPr" => {}
                // An unknown wrapper that holds text: read through it rather than lose it.
                _ if el.find("t").is_some() => self.inlines(el, fmt, out, extra, size),
                _ => {}
            }
        }
    }

    fn run(
        &mut self,
        r: &Node,
        fmt: Fmt,
        out: &mut Vec<Inline>,
        extra: &mut Vec<Block>,
        size: &mut Option<u32>,
    ) {
        let mut fmt = fmt;
        if let Some(rpr) = r.child("rPr") {
            if let Some(cs) = rpr.child_val("rStyle") {
                let (b, i) = self.styles.run_style(cs);
                fmt.bold = b.unwrap_or(fmt.bold);
                fmt.italic = i.unwrap_or(fmt.italic);
            }
            if let Some(b) = rpr.flag("b") {
                fmt.bold = b;
            }
            if let Some(i) = rpr.flag("i") {
                fmt.italic = i;
            }
            fmt.strike = rpr
                .flag("strike")
                .or(rpr.flag("dstrike"))
                .unwrap_or(fmt.strike);
            match rpr.child_val("vertAlign") {
                Some("superscript") => fmt.sup = true,
                Some("subscript") => fmt.sub = true,
                _ => {}
            }
            if let Some(s) = styles::size(rpr) {
                *size = Some(size.map_or(s, |m| m.max(s)));
            }
        }
        self.run_content(r, fmt, out, extra);
    }

    fn run_content(&mut self, r: &Node, fmt: Fmt, out: &mut Vec<Inline>, extra: &mut Vec<Block>) {
        for el in r.elements() {
            match el.name.as_str() {
                "t" if self.visible() => {
                    // The first text of a HYPERLINK field's result starts a new piece.
                    let fresh = self
                        .fields
                        .last()
                        .is_some_and(|f| f.link.as_ref().is_some_and(|l| l.1 == out.len()));
                    if fresh {
                        out.push(Inline::Text(el.text(), fmt));
                    } else {
                        push_text(out, &el.text(), fmt);
                    }
                }
                "tab" | "ptab" if self.visible() => push_text(out, " ", fmt),
                "br" if self.visible() && !matches!(el.attr("type"), Some("page" | "column")) => {
                    out.push(Inline::Break)
                }
                "cr" if self.visible() => out.push(Inline::Break),
                "noBreakHyphen" if self.visible() => push_text(out, "-", fmt),
                "sym" if self.visible() => {
                    let font = el.attr("font").unwrap_or("");
                    let code = el.attr("char").unwrap_or("");
                    self.warn(format!(
                        "特殊符号（字体 {font} 的 {code}）无法导入，已略去；请在 Word 中改用普通文字或“插入 → 符号”中的常用符号。"
                    ));
                }
                "fldChar" => match el.attr("fldCharType") {
                    Some("begin") => self.fields.push(Field {
                        code: String::new(),
                        result: false,
                        toc: false,
                        link: None,
                    }),
                    Some("separate") => {
                        let seq = self.para_seq;
                        if let Some(f) = self.fields.last_mut() {
                            f.result = true;
                            f.toc = f.code.trim().to_uppercase().starts_with("TOC");
                            f.link = hyperlink_field(&f.code).map(|u| (u, out.len(), seq));
                        }
                    }
                    Some("end") => {
                        if let Some(Field {
                            link: Some((url, start, seq)),
                            ..
                        }) = self.fields.pop()
                            && seq == self.para_seq
                            && start < out.len()
                        {
                            let inner: Vec<Inline> = out.drain(start..).collect();
                            out.push(Inline::Link(url, inner));
                        }
                    }
                    _ => {}
                },
                "instrText" => {
                    if let Some(f) = self.fields.last_mut() {
                        f.code.push_str(&el.text());
                    }
                }
                "drawing" if self.visible() => self.drawing(el, out, extra),
                "pict" | "object" if self.visible() => self.vml(el, out, extra),
                "AlternateContent" => {
                    if let Some(choice) = el.child("Choice").or_else(|| el.child("Fallback")) {
                        self.run_content(choice, fmt, out, extra);
                    }
                }
                "footnoteReference" | "endnoteReference" => {
                    if let Some(id) = el.attr("id") {
                        let key = (el.name == "endnoteReference", id.to_string());
                        let i = match self.note_refs.iter().position(|k| *k == key) {
                            Some(i) => i,
                            None => {
                                self.note_refs.push(key);
                                self.note_refs.len() - 1
                            }
                        };
                        out.push(Inline::Note(i));
                    }
                }
                "ruby" => {
                    if let Some(base) = el.child("rubyBase") {
                        self.inlines(base, fmt, out, extra, &mut None);
                    }
                }
                _ => {}
            }
        }
    }

    fn table(&mut self, tbl: &Node) -> Table {
        let mut rows = Vec::new();
        let mut trs = Vec::new();
        collect_rows(tbl, &mut trs);
        for tr in trs {
            let mut row = Vec::new();
            let before = tr
                .child("trPr")
                .and_then(|p| p.child_val("gridBefore"))
                .and_then(|v| v.parse::<usize>().ok())
                .unwrap_or(0);
            for _ in 0..before.min(64) {
                row.push(Cell {
                    span: 1,
                    ..Cell::default()
                });
            }
            let mut tcs = Vec::new();
            collect_cells(tr, &mut tcs);
            for tc in tcs {
                let pr = tc.child("tcPr");
                let span = pr
                    .and_then(|p| p.child_val("gridSpan"))
                    .and_then(|v| v.parse::<usize>().ok())
                    .unwrap_or(1)
                    .clamp(1, 64);
                let merged_above = pr
                    .and_then(|p| p.child("vMerge"))
                    .is_some_and(|m| m.attr("val") != Some("restart"));
                let mut blocks = Vec::new();
                self.blocks(tc, &mut blocks);
                let mut paras = Vec::new();
                for b in blocks {
                    match b {
                        Block::Para(p) => paras.push(p),
                        Block::Table(inner) => {
                            self.warn(format!(
                                "表格中嵌套了表格（「{}」），Markdown 表格无法嵌套，内层表格已按行并入单元格文字，请核对。",
                                quote(&flat_text(&inner))
                            ));
                            paras.extend(flatten(inner));
                        }
                    }
                }
                row.push(Cell {
                    paras,
                    span,
                    merged_above,
                });
            }
            rows.push(row);
        }
        Table { rows }
    }
}

/// The address of a `HYPERLINK "url"` field code (not `\\l` bookmarks inside the document).
fn hyperlink_field(code: &str) -> Option<String> {
    let rest = code.trim().strip_prefix("HYPERLINK")?;
    if rest.contains("\\l") {
        return None;
    }
    let start = rest.find('"')? + 1;
    let end = start + rest[start..].find('"')?;
    Some(rest[start..end].to_string()).filter(|u| !u.is_empty())
}

fn collect_rows<'n>(n: &'n Node, out: &mut Vec<&'n Node>) {
    for el in n.elements() {
        match el.name.as_str() {
            "tr" => out.push(el),
            "sdt" | "sdtContent" | "customXml" | "ins" | "moveTo" => collect_rows(el, out),
            _ => {}
        }
    }
}

fn collect_cells<'n>(n: &'n Node, out: &mut Vec<&'n Node>) {
    for el in n.elements() {
        match el.name.as_str() {
            "tc" => out.push(el),
            "sdt" | "sdtContent" | "customXml" | "ins" | "moveTo" => collect_cells(el, out),
            _ => {}
        }
    }
}

/// An inner table as paragraphs: one per row, cells separated by 「 / 」.
fn flatten(t: Table) -> Vec<Para> {
    t.rows
        .into_iter()
        .map(|row| {
            let mut inl = Vec::new();
            for (i, c) in row.into_iter().enumerate() {
                if i > 0 {
                    inl.push(Inline::Text(" / ".into(), Fmt::default()));
                }
                for (j, p) in c.paras.into_iter().enumerate() {
                    if j > 0 {
                        inl.push(Inline::Text(" ".into(), Fmt::default()));
                    }
                    inl.extend(p.inlines);
                }
            }
            Para {
                inlines: inl,
                ..Para::default()
            }
        })
        .collect()
}

fn flat_text(t: &Table) -> String {
    t.rows
        .iter()
        .flatten()
        .flat_map(|c| c.paras.iter().map(Para::plain))
        .collect()
}

fn push_text(out: &mut Vec<Inline>, t: &str, fmt: Fmt) {
    if t.is_empty() {
        return;
    }
    if let Some(Inline::Text(prev, f)) = out.last_mut()
        && *f == fmt
    {
        prev.push_str(t);
        return;
    }
    out.push(Inline::Text(t.to_string(), fmt));
}

/// A content control that holds a table of contents.
fn is_toc(sdt: &Node) -> bool {
    sdt.child("sdtPr")
        .and_then(|p| p.find("docPartGallery"))
        .and_then(|g| g.attr("val"))
        .is_some_and(|v| v.to_lowercase().contains("table of contents"))
}

/// A relationship target as a package path: relative to the part's folder, or absolute.
pub fn resolve_target(base: &str, target: &str) -> String {
    let t = target.replace('\\', "/");
    let joined = match t.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None => format!("{base}{t}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// Relationships of a `.rels` part.
pub fn parse_rels(root: Option<&Node>) -> Rels {
    let mut m = Rels::new();
    if let Some(root) = root {
        for r in root.elements().filter(|e| e.name == "Relationship") {
            if let (Some(id), Some(t)) = (r.attr("Id"), r.attr("Target")) {
                m.insert(
                    id.to_string(),
                    Rel {
                        target: t.to_string(),
                        external: r.attr("TargetMode").is_some_and(|m| m == "External"),
                        kind: r.attr("Type").unwrap_or_default().to_string(),
                    },
                );
            }
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets() {
        assert_eq!(resolve_target("word/", "media/a.png"), "word/media/a.png");
        assert_eq!(
            resolve_target("word/", "/word/media/a.png"),
            "word/media/a.png"
        );
        assert_eq!(resolve_target("word/", "../media/a.png"), "media/a.png");
    }
}

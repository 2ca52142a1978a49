//! Reading Word documents (.docx) for `showcase import report`.
//!
//! package (bounded zip) → xml (element tree) → styles, numbering → body (block model) →
//! classify (headings, captions) → front (title, authors, abstract, keywords) → markdown.
//! `plan` turns converted documents into the files to write.

pub mod blocks;
pub mod body;
pub mod classify;
pub mod front;
pub mod markdown;
pub mod numbering;
pub mod package;
pub mod pictures;
pub mod plan;
pub mod styles;
pub mod xml;

pub use crate::sheets::problem::Problem;
use blocks::{Block, Doc, Para};
use body::{Walker, parse_rels, resolve_target};
use package::Package;

const REL_DOC: &str = "/officeDocument";

/// Reads a .docx into the block model (headings and captions classified). Errors are
/// problems for the user, in Chinese.
pub fn parse(bytes: &[u8]) -> Result<(Doc, Media), Problem> {
    let mut pkg = Package::open(bytes)?;
    let root_rels = parse_rels(pkg.xml("_rels/.rels")?.as_ref());
    let main = root_rels
        .values()
        .find(|r| r.kind.ends_with(REL_DOC) && !r.external)
        .map(|r| resolve_target("", &r.target))
        .filter(|p| pkg.has(p))
        .unwrap_or_else(|| "word/document.xml".to_string());
    let Some(document) = pkg.xml(&main)? else {
        return Err(Problem::error(
            "不是 Word 文档：文件里没有正文部件（word/document.xml），可能是 Excel、PowerPoint 或其他程序的文件",
        )
        .hint("请确认选对了文件；Word/WPS 文档请『另存为』.docx 后再导入。"));
    };
    let (base, name) = main.rsplit_once('/').unwrap_or(("", main.as_str()));
    let base = if base.is_empty() {
        String::new()
    } else {
        format!("{base}/")
    };
    let rels = parse_rels(pkg.xml(&format!("{base}_rels/{name}.rels"))?.as_ref());
    let part = |kind: &str, default: &str| {
        rels.values()
            .find(|r| r.kind.ends_with(kind) && !r.external)
            .map(|r| resolve_target(&base, &r.target))
            .unwrap_or_else(|| format!("{base}{default}"))
    };
    let styles = styles::Styles::parse(pkg.xml(&part("/styles", "styles.xml"))?.as_ref());
    let numbering =
        numbering::Numbering::parse(pkg.xml(&part("/numbering", "numbering.xml"))?.as_ref());
    let foot_part = part("/footnotes", "footnotes.xml");
    let end_part = part("/endnotes", "endnotes.xml");

    let mut w = Walker::new(&styles, numbering);
    w.rels = rels;
    w.base = base.clone();
    let mut doc = Doc::default();
    let Some(body_el) = document.child("body") else {
        return Err(Problem::error("文件已损坏：正文部件中没有 body（正文）")
            .hint("请在 Word/WPS 中打开确认后重新『另存为』.docx 再导入。"));
    };
    w.blocks(body_el, &mut doc.blocks);

    // Notes, in order of first reference; each notes part has its own relationships.
    let mut notes: Vec<Option<Vec<Para>>> = vec![None; w.note_refs.len()];
    for (endnote, part_name) in [(false, &foot_part), (true, &end_part)] {
        if !w.note_refs.iter().any(|(e, _)| *e == endnote) {
            continue;
        }
        let Some(root) = pkg.xml(part_name)? else {
            continue;
        };
        let (pb, pn) = part_name
            .rsplit_once('/')
            .unwrap_or(("", part_name.as_str()));
        let prefix = if pb.is_empty() {
            String::new()
        } else {
            format!("{pb}/")
        };
        w.rels = parse_rels(pkg.xml(&format!("{prefix}_rels/{pn}.rels"))?.as_ref());
        w.base = prefix;
        let tag = if endnote { "endnote" } else { "footnote" };
        for n in root.elements().filter(|e| e.name == tag) {
            let Some(id) = n.attr("id") else { continue };
            let Some(k) = w
                .note_refs
                .iter()
                .position(|(e, i)| *e == endnote && i == id)
            else {
                continue;
            };
            let mut blocks = Vec::new();
            w.blocks(n, &mut blocks);
            let mut paras = Vec::new();
            for b in blocks {
                match b {
                    Block::Para(p) => paras.push(p),
                    Block::Table(t) => {
                        for c in t.rows.into_iter().flatten() {
                            paras.extend(c.paras);
                        }
                    }
                }
            }
            if k < notes.len() {
                notes[k] = Some(paras);
            }
        }
    }
    let missing = notes.iter().filter(|n| n.is_none()).count();
    if missing > 0 {
        w.warnings.push(format!(
            "正文引用了 {missing} 个找不到内容的脚注/尾注，已保留编号、内容为空；请在 Word 中核对脚注。"
        ));
    }
    doc.notes = notes.into_iter().map(Option::unwrap_or_default).collect();

    let mut media = Media::default();
    for p in &w.pictures {
        if media.get(&p.part).is_some() {
            continue;
        }
        match pkg.read(&p.part)? {
            Some(bytes) => media.0.push((p.part.clone(), bytes)),
            None => w.warnings.push(format!(
                "图片「{}」在文件中缺失（{}），未导入；请在 Word 中重新插入该图片。",
                p.name, p.part
            )),
        }
    }
    doc.pictures = std::mem::take(&mut w.pictures);
    doc.warnings = std::mem::take(&mut w.warnings);
    if let Some(core) = pkg.xml("docProps/core.xml")? {
        let get = |n: &str| {
            core.child(n)
                .map(|e| e.text().trim().to_string())
                .filter(|t| !t.is_empty())
        };
        doc.prop_title = get("title");
        doc.prop_date = get("modified").or_else(|| get("created"));
    }
    let has_text = doc.blocks.iter().any(|b| match b {
        Block::Para(p) => !p.is_empty(),
        Block::Table(t) => t
            .rows
            .iter()
            .flatten()
            .any(|c| c.paras.iter().any(|p| !p.is_empty())),
    });
    if !has_text {
        return Err(Problem::error("文档是空的：正文里没有文字、表格或图片").hint(
            "请确认选对了文件，并在 Word/WPS 中保存后再导入（文字若在文本框或页眉中，请移到正文）。",
        ));
    }
    classify::classify(&mut doc);
    Ok((doc, media))
}

/// Picture bytes by package path.
#[derive(Debug, Default)]
pub struct Media(pub Vec<(String, Vec<u8>)>);

impl Media {
    pub fn get(&self, part: &str) -> Option<&[u8]> {
        self.0
            .iter()
            .find(|(p, _)| p == part)
            .map(|(_, b)| b.as_slice())
    }
    /// Moves the bytes of `part` out (each picture file is written once).
    pub fn take(&mut self, part: &str) -> Option<Vec<u8>> {
        let i = self.0.iter().position(|(p, _)| p == part)?;
        Some(self.0.swap_remove(i).1)
    }
}

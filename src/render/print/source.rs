//! The files of one cohort's booklet build root that come from content: `data.json` (see
//! [`super::data`]), one converted body per Markdown document (`docs/<id>.typ`, with a line
//! map back to the Markdown), the charts and the images the documents use. Layout — order,
//! headings, tables, wording — belongs to the theme's `print/*.typ`.

use crate::compute::CohortFigures;
use crate::model::{Cohort, Content, DocKind, Document};
use crate::render::charts::{Chart, cohort_charts};
use chrono::NaiveDate;
use showcase_md2typst::{Options, convert};
use std::path::PathBuf;

/// A generated file of the build root.
pub struct GenFile {
    pub rel: String,
    pub bytes: Vec<u8>,
}

/// Where a generated `.typ` came from, to map Typst diagnostics back to Markdown.
pub struct DocMap {
    pub typ: String,
    /// Markdown file, relative to the content root.
    pub markdown: PathBuf,
    /// `lines[i]` = Markdown file line for Typst line i + 1.
    pub lines: Vec<u32>,
}

/// An image a document (or the cover) prints, for the copy and the preflight report.
pub struct UsedImage {
    /// A document's image as `load::images` accepted it: written through
    /// `render::images::publish` (SVGs sanitised, type re-checked). `None` for the cover
    /// artwork named in the print settings, which is copied.
    pub publish: Option<crate::load::images::Publishable>,
    /// Content-relative source.
    pub from: PathBuf,
    /// Build-root-relative target.
    pub to: String,
    /// Where it is used: Markdown file (content-relative) and line.
    pub used_in: PathBuf,
    pub line: u32,
}

pub struct BookSources {
    pub files: Vec<GenFile>,
    pub images: Vec<UsedImage>,
    pub maps: Vec<DocMap>,
    /// Document date (cover month, PDF metadata, SOURCE_DATE_EPOCH).
    pub date: NaiveDate,
    /// Documents that could not be converted (validation rejects them first; this keeps
    /// the booklet from ever being built without them).
    pub problems: Vec<crate::diag::Diagnostic>,
}

/// The date printed on the cover: the preface's date, else the end of the period.
pub fn book_date(c: &Cohort) -> NaiveDate {
    c.preface
        .as_ref()
        .and_then(|p| p.date.as_ref())
        .map(|d| d.value)
        .unwrap_or(c.end)
}

/// The id of a document in `data.json` and its body's file name (`docs/<id>.typ`).
pub fn doc_id(d: &Document) -> String {
    match d.kind {
        DocKind::Report => format!("report-{}", d.slug),
        DocKind::Case => format!("case-{}", d.slug),
        _ => d.slug.clone(),
    }
}

pub fn generate(
    content: &Content,
    c: &Cohort,
    f: &CohortFigures,
    fonts: &super::fonts::FontSet,
) -> BookSources {
    let mut out = BookSources {
        files: Vec::new(),
        images: Vec::new(),
        maps: Vec::new(),
        date: book_date(c),
        problems: Vec::new(),
    };
    for d in c.documents() {
        convert_doc(&mut out, content, c, d);
    }
    let mut charts = Vec::new();
    for Chart { file, title, svg } in cohort_charts(c, f) {
        let rel = format!("charts/{file}");
        charts.push((format!("/{rel}"), title));
        out.files.push(GenFile {
            rel,
            bytes: svg.into_bytes(),
        });
    }
    let cover = cover_image(content, c, &mut out);
    let data = super::data::build(content, c, f, &charts, cover.as_deref(), fonts);
    out.files.push(GenFile {
        rel: "data.json".into(),
        bytes: serde_json::to_vec_pretty(&data).unwrap_or_default(),
    });
    out
}

/// The cover artwork from the print settings, copied as `/cover/<name>`; a missing file is
/// an error at its line in site.yaml / cohort.yaml.
fn cover_image(content: &Content, c: &Cohort, out: &mut BookSources) -> Option<String> {
    let img = c.print.cover_image.as_ref()?;
    let rel = PathBuf::from(img.value.trim());
    let ok = crate::load::resolve_inside(std::path::Path::new(""), img.value.trim()).is_some()
        && content.root.join(&rel).is_file();
    if !ok {
        out.problems.push(
            crate::diag::Diagnostic::error(img.pos, format!("找不到封面图片「{}」", img.value))
                .hint(
                    "cover_image 写相对于内容文件夹的路径，如 images/cover.jpg，并确认文件存在。",
                ),
        );
        return None;
    }
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let to = format!("cover/{name}");
    out.images.push(UsedImage {
        publish: None,
        from: rel.clone(),
        to: to.clone(),
        used_in: content.sources.path(img.pos.file).to_path_buf(),
        line: img.pos.line,
    });
    Some(format!("/{to}"))
}

fn convert_doc(out: &mut BookSources, content: &Content, c: &Cohort, d: &Document) {
    let rel = format!("docs/{}.typ", doc_id(d));
    let images = std::cell::RefCell::new(Vec::new());
    // Only images load::images accepts (the same decision as check and the site).
    let resolve = |src: &str| -> Option<String> {
        let img = crate::render::images::resolve(content, c, d, src)?;
        let url = format!("/{}", img.under);
        images.borrow_mut().push((src.to_string(), img));
        Some(url)
    };
    let heading_offset = if matches!(d.kind, DocKind::Report | DocKind::Case) {
        2
    } else {
        1
    };
    let conv = match convert(
        d.body(),
        &Options {
            heading_offset,
            resolve_image: &resolve,
        },
    ) {
        Ok(conv) => conv,
        Err(deep) => {
            let pos = crate::source::Pos::new(d.pos.file, d.body_line + deep.line - 1, deep.column);
            out.problems.push(crate::diag::Diagnostic::error(
                pos,
                format!(
                    "格式嵌套过深（超过 {} 层），无法排入印刷册",
                    showcase_md2typst::MAX_NESTING
                ),
            ));
            return;
        }
    };
    for (src, img) in images.into_inner() {
        let line = d
            .body()
            .lines()
            .position(|l| l.contains(&src))
            .map(|i| i as u32 + d.body_line)
            .unwrap_or(d.body_line);
        out.images.push(UsedImage {
            from: img.source.clone(),
            to: img.under.clone(),
            publish: Some(img),
            used_in: d.rel_path.clone(),
            line,
        });
    }
    out.maps.push(DocMap {
        typ: rel.clone(),
        markdown: d.rel_path.clone(),
        lines: conv.line_map.iter().map(|l| l + d.body_line - 1).collect(),
    });
    out.files.push(GenFile {
        rel,
        bytes: conv.typst.into_bytes(),
    });
}

//! Publishing images, shared by the site and the booklet: only images that a document
//! references and that `load::images::resolve` accepts are written, each at its path
//! inside the cohort folder; SVGs are written sanitised (`showcase-svgclean`), raster images
//! copied after their magic number is checked again. Nothing else of the content folder
//! is ever copied.

use crate::load::images::{self, Format, Publishable};
use crate::model::{Cohort, Content, Document};
use crate::source::Pos;
use std::path::Path;

/// The publishable image that `src`, written in document `d` of cohort `c`, names.
pub fn resolve(content: &Content, c: &Cohort, d: &Document, src: &str) -> Option<Publishable> {
    images::resolve(&content.root, &c.dir, &d.rel_path, src).ok()
}

/// Every publishable image the cohort's documents reference, once each, sorted.
pub fn referenced(content: &Content, c: &Cohort) -> Vec<Publishable> {
    let mut out: Vec<Publishable> = c
        .reports
        .iter()
        .chain(&c.cases)
        .chain(&c.preface)
        .chain(&c.afterword)
        .flat_map(|d| {
            d.images
                .iter()
                .filter_map(|i| resolve(content, c, d, &i.value))
        })
        .collect();
    out.sort_by(|a, b| a.under.cmp(&b.under));
    out.dedup_by(|a, b| a.under == b.under);
    out
}

/// Writes one image to `target`: an SVG sanitised, anything else byte for byte once its
/// content is confirmed to be the type its name says.
pub fn publish(root: &Path, img: &Publishable, target: &Path) -> Result<(), String> {
    let from = root.join(&img.source);
    let shown = img.source.to_string_lossy().replace('\\', "/");
    let bytes = std::fs::read(&from).map_err(|e| format!("无法读取图片 {shown}：{e}"))?;
    let bytes = match img.format {
        Format::Svg => showcase_svgclean::clean(&bytes)
            .map_err(|e| {
                format!(
                    "SVG 图片 {shown}:{}:{} 无法解析：{}（运行 showcase check 查看详情）",
                    e.line, e.col, e.message
                )
            })?
            .svg
            .into_bytes(),
        f if images::sniff(&bytes) == Some(f) => bytes,
        f => {
            return Err(format!(
                "图片 {shown} 的内容不是 {}（运行 showcase check 查看详情）",
                f.name()
            ));
        }
    };
    if let Some(p) = target.parent() {
        std::fs::create_dir_all(p).map_err(|e| format!("无法创建 {}：{e}", p.display()))?;
    }
    std::fs::write(target, bytes).map_err(|e| format!("无法写入 {}：{e}", target.display()))
}

/// Where the first of `docs` (content-relative Markdown paths) references `img`: to report
/// a problem typst finds inside an image at the Markdown line, not in the build folder.
pub fn first_reference(content: &Content, docs: &[&Path], img: &Publishable) -> Option<Pos> {
    content.cohorts.iter().find_map(|c| {
        c.reports
            .iter()
            .chain(&c.cases)
            .chain(&c.preface)
            .chain(&c.afterword)
            .filter(|d| docs.contains(&d.rel_path.as_path()))
            .flat_map(|d| d.images.iter().map(move |i| (d, i)))
            .find(|(d, i)| resolve(content, c, d, &i.value).is_some_and(|p| p.source == img.source))
            .map(|(_, i)| i.pos)
    })
}

//! Publishing images, shared by the site and the booklet: only images that a document
//! references and that `load::images::resolve` accepts are written, each at its path
//! inside the cohort folder; SVGs are written sanitised (`showcase-svgclean`), raster images
//! copied after their magic number is checked again. Nothing else of the content folder
//! is ever copied.

use crate::load::images::{self, Format, Publishable};
use crate::model::{Cohort, Content, Document};
use crate::render::web_images::{self, WebImage};
use std::path::Path;

/// The publishable image that `src`, written in document `d` of cohort `c`, names.
pub fn resolve(content: &Content, c: &Cohort, d: &Document, src: &str) -> Option<Publishable> {
    images::resolve(&content.root, &c.dir, &d.rel_path, src).ok()
}

/// Every publishable image the cohort's documents reference, once each, sorted.
pub fn referenced(content: &Content, c: &Cohort) -> Vec<Publishable> {
    let mut out: Vec<Publishable> = c
        .documents()
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

/// A raster image as the site shows it: the web copies (largest first) as
/// (width in pixels, path under the cohort), or `None` when the original is published as
/// it is (small enough, upright, or not a photo format). See [`crate::render::web_images`].
pub fn web_variants(root: &Path, img: &Publishable) -> Option<Vec<(u32, String)>> {
    if !matches!(img.format, Format::Png | Format::Jpeg) {
        return None;
    }
    let bytes = std::fs::read(root.join(&img.source)).ok()?;
    match web_images::prepare(&bytes, &web_images::cache_dir()).ok()? {
        WebImage::AsIs => None,
        WebImage::Resized { copies, ext } => {
            let stem = img
                .under
                .rsplit_once('.')
                .map_or(img.under.as_str(), |(s, _)| s);
            Some(
                copies
                    .iter()
                    .map(|c| (c.width, format!("{stem}-{}.{ext}", c.long_side)))
                    .collect(),
            )
        }
    }
}

/// Publishes a referenced image for the site into `year_dir`: the web copies of a large
/// photo (never the original, which only the booklet uses), else the image itself.
/// Returns the number of files written.
pub fn publish_for_web(root: &Path, img: &Publishable, year_dir: &Path) -> Result<usize, String> {
    let Some(variants) = web_variants(root, img) else {
        publish(root, img, &year_dir.join(&img.under))?;
        return Ok(1);
    };
    let bytes = std::fs::read(root.join(&img.source)).map_err(|e| e.to_string())?;
    let WebImage::Resized { copies, .. } = web_images::prepare(&bytes, &web_images::cache_dir())?
    else {
        return Err(format!("图片 {} 的网页版本无法生成", img.under));
    };
    for (c, (_, under)) in copies.iter().zip(&variants) {
        let target = year_dir.join(under);
        if let Some(p) = target.parent() {
            std::fs::create_dir_all(p).map_err(|e| format!("无法创建 {}：{e}", p.display()))?;
        }
        std::fs::copy(&c.file, &target)
            .map_err(|e| format!("无法写入 {}：{e}", target.display()))?;
    }
    Ok(copies.len())
}

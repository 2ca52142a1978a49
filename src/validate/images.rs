//! Images: every `![](…)` in a report, case, preface or afterword must name a file the
//! site and booklet will publish (same decision as the renderers: `load::images::resolve`);
//! every referenced raster image is decoded (as Typst would) and every published SVG is
//! sanitised here too, so `check` names what publishing removes or cannot use. Files in the cohort folder that will never be published (hidden files,
//! non-images in `images/`) are warned about, so nobody believes they are on the site.

use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::load::images::{self, Damage, Format, Refusal, Unpublished};
use crate::model::Cohort;
use crate::source::Located;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

const MOVE_OUT: &str = "内容目录中的文件可能被发布或随内容目录一起分发：请把它移出内容目录（如放到内容目录旁的“原始资料”文件夹）。";

/// A referenced photo over this size gets a warning (a phone photo straight from the camera).
const LARGE_IMAGE_BYTES: u64 = 5 * 1024 * 1024;

pub fn check(c: &Cohort, root: &Path, diags: &mut Diagnostics) {
    // SVG verdicts per file: each SVG is parsed once however often it is referenced.
    let mut svgs: HashMap<PathBuf, Option<showcase_svgclean::ParseError>> = HashMap::new();
    let mut rasters = Vec::new();
    for d in c.documents() {
        for img in &d.images {
            match images::resolve(root, &c.dir, &d.rel_path, &img.value) {
                Ok(p) if p.format == Format::Svg => {
                    let verdict = svgs
                        .entry(p.source.clone())
                        .or_insert_with(|| svg(root, &p.source, diags));
                    if let Some(e) = verdict {
                        diags.push(
                            Diagnostic::error(
                                img.pos,
                                format!(
                                    "SVG 图片「{}」无法解析：{}（{}:{}:{}）",
                                    img.value,
                                    e.message,
                                    shown(&p.source),
                                    e.line,
                                    e.col
                                ),
                            )
                            .hint("用绘图软件重新导出为“普通 SVG”（SVG 1.1，不含 DTD），或另存为 PNG 再引用。")
                            .width(img.value.chars().count()),
                        );
                    }
                }
                Ok(p) => rasters.push((p, img)),
                Err(r) => diags.push(refused(c, img, r)),
            }
        }
    }
    // Decode every referenced raster once (in parallel); report at each reference.
    let mut unique: Vec<&images::Publishable> = rasters.iter().map(|(p, _)| p).collect();
    unique.sort_by(|a, b| a.under.cmp(&b.under));
    unique.dedup_by(|a, b| a.under == b.under);
    let damaged: HashMap<&str, Damage> = unique
        .par_iter()
        .filter_map(|p| images::decode(root, p).err().map(|e| (p.under.as_str(), e)))
        .collect();
    let mut warned_large: Vec<&str> = Vec::new();
    for (p, img) in &rasters {
        if let Some(e) = damaged.get(p.under.as_str()) {
            diags.push(damage(img, p.format, e));
        } else if let Ok(m) = std::fs::metadata(root.join(&p.source))
            && m.len() > LARGE_IMAGE_BYTES
            && !warned_large.contains(&p.under.as_str())
        {
            warned_large.push(p.under.as_str());
            diags.push(
                Diagnostic::warning(
                    img.pos,
                    format!(
                        "图片「{}」有 {:.1} MB，偏大",
                        img.value,
                        m.len() as f64 / 1024.0 / 1024.0
                    ),
                )
                .hint("网站会自动生成缩小的版本，印刷册用原图；若不是为了印刷，建议先在电脑上压缩（如长边 2000 像素以内）再放入，资料文件夹会小很多。")
                .width(img.value.chars().count()),
            );
        }
    }
    for (p, why) in &c.unpublished {
        let what = match *why {
            Unpublished::Hidden => "是隐藏文件或文件夹（名称以 . 开头），不会发布",
            Unpublished::NotAnImage => "不是图片（PNG、JPG、GIF、WebP、SVG），不会发布",
        };
        let mut d = Diagnostic::file_error(shown(p), 1, 1, format!("「{}」{what}", shown(p)))
            .hint(MOVE_OUT);
        d.severity = Severity::Warning;
        diags.push(d);
    }
}

fn shown(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// Sanitises one SVG as publishing will; reports what goes, returns the parse error if any.
fn svg(root: &Path, rel: &Path, diags: &mut Diagnostics) -> Option<showcase_svgclean::ParseError> {
    let bytes = match std::fs::read(root.join(rel)) {
        Ok(b) => b,
        Err(e) => {
            return Some(showcase_svgclean::ParseError {
                line: 1,
                col: 1,
                message: format!("无法读取（{e}）"),
            });
        }
    };
    match showcase_svgclean::clean(&bytes) {
        Err(e) => Some(e),
        Ok(c) if c.removed.is_empty() => None,
        Ok(c) => {
            let first = &c.removed[0];
            let mut list: Vec<String> = c
                .removed
                .iter()
                .take(8)
                .map(|r| format!("第 {} 行 {}", r.line, r.what))
                .collect();
            if c.removed_total > list.len() {
                list.push(format!("等共 {} 处", c.removed_total));
            }
            let mut d = Diagnostic::file_error(
                shown(rel),
                first.line,
                first.col,
                format!(
                    "SVG 图片中有脚本、外部引用或不支持的内容，发布时已移除：{}",
                    list.join("；")
                ),
            )
            .hint("网站和印刷册只发布清理后的副本，原文件不变。若图片因此显示不全，请在绘图软件中去掉这些内容后重新导出，或另存为 PNG。");
            d.severity = Severity::Warning;
            diags.push(d);
            None
        }
    }
}

fn damage(img: &Located<String>, f: Format, e: &Damage) -> Diagnostic {
    let src = img.value.as_str();
    let (msg, hint) = match e {
        Damage::TooLarge(why) => (
            format!("图片「{src}」尺寸过大，无法排版（{why}）"),
            format!(
                "每边不超过 {} 像素：印刷时整页宽的图约 2500 像素已足够，请缩小后另存。",
                images::MAX_SIDE
            ),
        ),
        Damage::Broken(why) => (
            format!("图片「{src}」已损坏，无法按 {} 解码（{why}）", f.name()),
            "用看图软件打开确认；能打开的话另存为新的 PNG 或 JPG 再引用，打不开的请重新获取原图。"
                .to_string(),
        ),
    };
    Diagnostic::error(img.pos, msg)
        .hint(hint)
        .width(src.chars().count())
}

fn refused(c: &Cohort, img: &Located<String>, r: Refusal) -> Diagnostic {
    let src = img.value.as_str();
    let year = c.year;
    let (msg, hint) = match r {
        Refusal::Remote => (
            if src.contains("//") {
                format!("图片「{src}」是网络地址")
            } else {
                format!("图片「{src}」不是本地文件路径")
            },
            "网站和印刷册都须离线可用：请把图片下载后放入本届 images/ 文件夹，再写相对路径，如 ../images/map.png。".to_string(),
        ),
        Refusal::Outside => (
            format!("图片路径「{src}」指向内容目录以外"),
            "图片须放在本届文件夹中（通常是 images/ 文件夹），用 ../images/文件名 引用。".to_string(),
        ),
        Refusal::OtherCohort(p) => (
            format!("图片「{src}」不在 {year} 届的文件夹中（找到的是 {}）", shown(&p)),
            format!("每届的网站和印刷册单独发布、单独定稿，不能引用别届的文件：请把图片复制到 {}/images/，再写 ../images/文件名。", shown(&c.dir)),
        ),
        Refusal::Hidden(p) => (
            format!("图片「{src}」是隐藏文件或在隐藏文件夹中（{}），不会发布", shown(&p)),
            "隐藏文件（名称以 . 开头）从不发布：请改名去掉开头的点。".to_string(),
        ),
        Refusal::Reserved(p) => (
            format!("图片「{src}」放在 {} 中，该文件夹留给自动生成的统计图", shown(&p)),
            "请把图片移到本届 images/ 文件夹，再写 ../images/文件名。".to_string(),
        ),
        Refusal::Missing(p) => (
            format!("图片「{src}」不存在（找的是 {}）", shown(&p)),
            "检查文件名和大小写，并确认图片已放入 images/ 文件夹。".to_string(),
        ),
        Refusal::Symlink(_) => (
            format!("图片「{src}」是符号链接"),
            "请把图片文件本身复制到 images/ 文件夹。".to_string(),
        ),
        Refusal::Extension(_) => (
            format!("图片「{src}」的格式不受支持"),
            "只发布 PNG、JPG、GIF、WebP 和 SVG 图片：请转换为其中一种（照片用 JPG，图表用 PNG 或 SVG）。".to_string(),
        ),
        Refusal::Mismatch { named, found, .. } => match found {
            Some(f) => (
                format!("图片「{src}」的扩展名是 {}，文件内容却是 {}", named.name(), f.name()),
                format!("把扩展名改成与内容一致（{} 文件用 .{}）。", f.name(), f.name().to_lowercase().replace("jpeg", "jpg")),
            ),
            None => (
                format!("图片「{src}」的内容不是 {} 图片，不会发布", named.name()),
                "这个文件可能不是图片（例如改了扩展名的表格或文本）：请换成真正的图片文件；不要发布的资料请移出内容目录。".to_string(),
            ),
        },
        Refusal::Unreadable(p, e) => (
            format!("无法读取图片「{src}」（{}：{e}）", shown(&p)),
            "确认文件有读取权限。".to_string(),
        ),
    };
    Diagnostic::error(img.pos, msg)
        .hint(hint)
        .width(src.chars().count())
}

//! The print renderer: per cohort, a clean Typst build root (generated sources, copied
//! images and charts, the theme — no symlinks) compiled by the typst CLI into
//! `print/<year>/booklet.pdf`. Cohorts compile in parallel; an unchanged build root (same
//! content hash) reuses the previous PDF.

pub mod runner;
pub mod source;

use crate::compute::Computed;
use crate::diag::Diagnostic;
use crate::model::Content;
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub struct PrintOptions<'a> {
    pub theme: &'a Path,
    /// Staging folder for `print/`.
    pub out: &'a Path,
    /// The published `print/` folder of the previous build (for reuse of unchanged PDFs).
    pub previous: &'a Path,
    pub timeout: Duration,
    /// Build only this cohort (used by `showcase archive`).
    pub only: Option<i32>,
}

#[derive(Debug)]
pub struct Booklet {
    pub year: i32,
    pub pdf: PathBuf,
    pub reused: bool,
    /// Served from the cohort's frozen edition, not compiled.
    pub frozen: bool,
}

/// Font folders passed to typst: the theme's `print/fonts/` when present.
pub fn font_paths(theme: &Path) -> Vec<PathBuf> {
    let p = theme.join("print/fonts");
    if p.is_dir() { vec![p] } else { Vec::new() }
}

/// Checks typst and fonts once, then builds every cohort's booklet.
pub fn build_booklets(
    content: &Content,
    computed: &Computed,
    opts: &PrintOptions,
) -> Result<Vec<Booklet>, Vec<Diagnostic>> {
    let one = |msg: String| vec![Diagnostic::file_error("印刷册", 1, 1, msg)];
    let typst = runner::find().map_err(one)?;
    let fonts = font_paths(opts.theme);
    runner::check_fonts(&typst, &fonts).map_err(one)?;
    let theme_file = opts.theme.join("print/booklet.typ");
    let theme = std::fs::read_to_string(&theme_file)
        .map_err(|e| one(format!("无法读取印刷主题 {}：{e}", theme_file.display())))?;
    let results: Vec<Result<Booklet, Vec<Diagnostic>>> = content
        .cohorts
        .par_iter()
        .zip(computed.cohorts.par_iter())
        .filter(|(c, _)| opts.only.is_none_or(|y| y == c.year))
        .map(|(c, f)| {
            let dir = opts.out.join(c.year.to_string());
            if let Some(e) = &c.edition {
                // Archived: serve the exact published PDF (its checksum was verified by validation).
                let frozen = content
                    .root
                    .join(&c.dir)
                    .join(crate::edition::EDITION_DIR)
                    .join(&e.booklet);
                std::fs::create_dir_all(&dir)
                    .map_err(|err| one(format!("无法创建 {}：{err}", dir.display())))?;
                let pdf = dir.join("booklet.pdf");
                std::fs::copy(&frozen, &pdf).map_err(|err| {
                    one(format!("无法复制定稿印刷册 {}：{err}", frozen.display()))
                })?;
                return Ok(Booklet {
                    year: c.year,
                    pdf,
                    reused: true,
                    frozen: true,
                });
            }
            let mut src = source::generate(content, c, f, &theme);
            if !src.problems.is_empty() {
                return Err(std::mem::take(&mut src.problems));
            }
            write_root(content, &src, &dir)
                .map_err(|e| one(format!("无法写入印刷册源文件 {}：{e}", dir.display())))?;
            let hash = root_hash(&dir, &typst.version, c.print.pdf_standard.as_deref())
                .map_err(|e| one(e.to_string()))?;
            let pdf = dir.join("booklet.pdf");
            let prev = opts.previous.join(c.year.to_string());
            if std::fs::read_to_string(prev.join("booklet.hash")).is_ok_and(|h| h.trim() == hash)
                && std::fs::copy(prev.join("booklet.pdf"), &pdf).is_ok()
            {
                let _ = std::fs::write(dir.join("booklet.hash"), &hash);
                return Ok(Booklet {
                    year: c.year,
                    pdf,
                    reused: true,
                    frozen: false,
                });
            }
            let epoch = src
                .date
                .and_hms_opt(0, 0, 0)
                .map(|d| d.and_utc().timestamp())
                .unwrap_or(0);
            let job = runner::CompileJob {
                root: &dir,
                main: "booklet.typ",
                pdf: &pdf,
                font_paths: &fonts,
                pdf_standard: c.print.pdf_standard.as_deref(),
                epoch,
                timeout: opts.timeout,
            };
            let (ok, diags) = runner::compile(&typst, &job).map_err(one)?;
            let mapped: Vec<Diagnostic> = diags
                .iter()
                .map(|d| map_diag(content, &src, &dir, &theme_file, d))
                .collect();
            if !ok {
                return Err(mapped);
            }
            let _ = std::fs::write(dir.join("booklet.hash"), &hash);
            Ok(Booklet {
                year: c.year,
                pdf,
                reused: false,
                frozen: false,
            })
        })
        .collect();
    let mut ok = Vec::new();
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(b) => ok.push(b),
            Err(e) => errors.extend(e),
        }
    }
    // A theme error is the same in every cohort: report it once.
    errors.sort_by(|a, b| (&a.path, &a.message).cmp(&(&b.path, &b.message)));
    errors.dedup();
    if errors.is_empty() {
        Ok(ok)
    } else {
        Err(errors)
    }
}

fn write_root(content: &Content, src: &source::BookSources, dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for f in &src.files {
        let p = dir.join(&f.rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(p, &f.bytes)?;
    }
    for img in &src.images {
        // A copy (SVGs sanitised), never a link: typst must not reach outside the build root.
        crate::render::images::publish(&content.root, img, &dir.join(&img.under))
            .map_err(std::io::Error::other)?;
    }
    Ok(())
}

/// SHA-256 over every file of the build root (sorted paths and bytes), the typst version
/// and the PDF standard.
fn root_hash(dir: &Path, version: &str, standard: Option<&str>) -> std::io::Result<String> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().to_path_buf())
        .filter(|p| {
            !matches!(
                p.file_name().and_then(|n| n.to_str()),
                Some("booklet.pdf" | "booklet.hash")
            )
        })
        .collect();
    files.sort();
    let mut h = Sha256::new();
    h.update(version.as_bytes());
    h.update(standard.unwrap_or("").as_bytes());
    for f in files {
        h.update(
            f.strip_prefix(dir)
                .unwrap_or(&f)
                .to_string_lossy()
                .as_bytes(),
        );
        h.update([0]);
        h.update(std::fs::read(&f)?);
    }
    Ok(format!("{:x}", h.finalize()))
}

/// Points a Typst diagnostic at the Markdown file and line it came from, when it came from
/// a converted document; otherwise at the generated source in the build root.
fn map_diag(
    content: &Content,
    src: &source::BookSources,
    dir: &Path,
    theme_file: &Path,
    d: &runner::TypstDiag,
) -> Diagnostic {
    let image = src.images.iter().find(|i| i.under == d.file);
    let col = d.col + 1;
    let (path, line, col) = match src.maps.iter().find(|m| m.typ == d.file) {
        Some(m) => (
            content
                .root
                .join(&m.markdown)
                .strip_prefix(&content.root)
                .unwrap_or(&m.markdown)
                .to_string_lossy()
                .to_string(),
            m.lines
                .get(d.line.saturating_sub(1) as usize)
                .copied()
                .unwrap_or(1),
            col,
        ),
        // The theme is copied into the build root as theme.typ: point at the theme's own file,
        // which outlives the staging folder.
        None if d.file == "theme.typ" => (theme_file.display().to_string(), d.line, col),
        // Inside a published image: the Markdown line that references it.
        None => match image.and_then(|i| {
            let docs: Vec<&Path> = src.maps.iter().map(|m| m.markdown.as_path()).collect();
            crate::render::images::first_reference(content, &docs, i)
        }) {
            Some(pos) => (
                content.sources.path(pos.file).display().to_string(),
                pos.line,
                pos.col,
            ),
            None => (dir.join(&d.file).display().to_string(), d.line, col),
        },
    };
    let msg = format!(
        "印刷册排版{}：{}{}",
        if d.error { "错误" } else { "警告" },
        image
            .map(|i| format!("图片 {} ", i.source.to_string_lossy().replace('\\', "/")))
            .unwrap_or_default(),
        d.message
    );
    let lower = d.message.to_lowercase();
    let hint = if image.is_some() || lower.contains("image") || lower.contains("decode") {
        "图片文件已损坏或格式与扩展名不符：用看图软件打开确认，另存为 PNG 或 JPG 后重试。"
    } else if lower.contains("font") || lower.contains("glyph") {
        "排版所需字体缺失：运行 showcase doctor 查看，按提示安装字体。"
    } else {
        "检查所指行的写法；若无法判断，请把此信息连同该文件发给技术人员。"
    };
    let mut diag = Diagnostic::file_error(path, line, col, msg).hint(hint);
    if !d.error {
        diag.severity = crate::diag::Severity::Warning;
    }
    diag
}

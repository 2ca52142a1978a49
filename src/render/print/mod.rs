//! The print renderer: per cohort, a clean Typst build root (`data.json`, converted
//! document bodies, copied images and charts, the theme's `print/*.typ` — no symlinks)
//! compiled by the typst CLI into the reading copy `print/<year>/booklet.pdf` (front cover
//! first) and the print shop's package `print/<year>/print-shop/` (text block with bleed,
//! padded to a multiple of pages; the cover spread with its spine; the preflight report;
//! one zip). Cohorts compile in parallel; an unchanged build root (same content hash)
//! reuses the previous output.

pub mod data;
pub mod fonts;
pub mod glyphs;
pub mod package;
pub mod runner;
pub mod source;

use crate::compute::Computed;
use crate::diag::Diagnostic;
use crate::model::{Cohort, Content};
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

/// Font folders passed to typst: the `print/fonts/` of each of the theme's layers that has
/// one (see [`crate::theme`]).
pub fn font_paths(theme: &Path) -> Vec<PathBuf> {
    // The theme's own fonts, and a fonts/ folder beside the showcase binary (the packaged
    // folder of scripts/package.sh carries the booklet's fonts there, so an office PC needs
    // nothing installed).
    let beside = std::env::current_exe()
        .ok()
        .and_then(|e| e.parent().map(|d| d.join("fonts")));
    let own = match crate::theme::Theme::open(theme) {
        Ok(t) => t.dirs("print/fonts"),
        // The broken theme.yaml is reported by whatever reads the theme's files.
        Err(_) => vec![theme.join("print/fonts")],
    };
    own.into_iter()
        .chain(beside)
        .filter(|p| p.is_dir())
        .collect()
}

/// The theme's print files: every `.typ` directly in `print/` over the theme's layers
/// (booklet.typ and cover.typ are required), copied into each build root under the same
/// names.
pub fn theme_files(theme: &Path) -> Result<Vec<(String, Vec<u8>)>, String> {
    let dir = theme.join("print");
    let layers = crate::theme::Theme::open(theme)?;
    if layers.dirs("print").is_empty() {
        return Err(format!("找不到印刷主题目录 {}", dir.display()));
    }
    let mut files = Vec::new();
    for (name, path) in layers.files("print") {
        if name.ends_with(".typ") && !name.contains('/') {
            let bytes = std::fs::read(&path)
                .map_err(|err| format!("无法读取印刷主题 {}：{err}", path.display()))?;
            files.push((name, bytes));
        }
    }
    for need in ["booklet.typ", "cover.typ"] {
        if !files.iter().any(|(n, _)| n == need) {
            return Err(format!("印刷主题缺少 {}", dir.join(need).display()));
        }
    }
    Ok(files)
}

struct Shared<'a> {
    typst: runner::Typst,
    fonts: Vec<PathBuf>,
    /// Font families typst can see.
    have: Vec<String>,
    /// The theme's font roles (`print/fonts.yaml`), installed families only.
    roles: std::collections::BTreeMap<String, Vec<String>>,
    theme: Vec<(String, Vec<u8>)>,
    /// The theme's layers, to point a problem at the layer a print file comes from.
    layers: crate::theme::Theme,
    opts: &'a PrintOptions<'a>,
}

/// Checks typst and fonts once, then builds every cohort's booklet and print package.
pub fn build_booklets(
    content: &Content,
    computed: &Computed,
    opts: &PrintOptions,
) -> Result<Vec<Booklet>, Vec<Diagnostic>> {
    let one = |msg: String| vec![Diagnostic::file_error("印刷册", 1, 1, msg)];
    let typst = runner::find().map_err(one)?;
    let fonts = font_paths(opts.theme);
    let have = runner::fonts(&typst, &fonts).map_err(one)?;
    runner::check_fonts(&have).map_err(one)?;
    let roles = fonts::resolve(&fonts::roles(opts.theme).map_err(one)?, &have).map_err(one)?;
    let shared = Shared {
        roles,
        theme: theme_files(opts.theme).map_err(one)?,
        layers: crate::theme::Theme::open(opts.theme).map_err(one)?,
        typst,
        fonts,
        have,
        opts,
    };
    let results: Vec<Result<Booklet, Vec<Diagnostic>>> = content
        .cohorts
        .par_iter()
        .zip(computed.cohorts.par_iter())
        .filter(|(c, _)| opts.only.is_none_or(|y| y == c.year))
        .map(|(c, f)| {
            if c.edition.is_some() {
                return frozen(content, c, opts).map_err(one);
            }
            build_one(content, c, f, &shared)
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

/// Archived: serve the exact published PDF (its checksum was verified by validation).
fn frozen(content: &Content, c: &Cohort, opts: &PrintOptions) -> Result<Booklet, String> {
    let Some(e) = &c.edition else {
        return Err("internal: no edition".into());
    };
    let dir = opts.out.join(c.year.to_string());
    let frozen = content
        .root
        .join(&c.dir)
        .join(crate::edition::EDITION_DIR)
        .join(&e.booklet);
    std::fs::create_dir_all(&dir).map_err(|err| format!("无法创建 {}：{err}", dir.display()))?;
    let pdf = dir.join("booklet.pdf");
    std::fs::copy(&frozen, &pdf)
        .map_err(|err| format!("无法复制定稿印刷册 {}：{err}", frozen.display()))?;
    Ok(Booklet {
        year: c.year,
        pdf,
        reused: true,
        frozen: true,
    })
}

fn build_one(
    content: &Content,
    c: &Cohort,
    f: &crate::compute::CohortFigures,
    sh: &Shared,
) -> Result<Booklet, Vec<Diagnostic>> {
    let one = |msg: String| vec![Diagnostic::file_error("印刷册", 1, 1, msg)];
    let dir = sh.opts.out.join(c.year.to_string());
    let font_set = fonts::FontSet {
        fallback: glyphs::available(&sh.have),
        roles: sh.roles.clone(),
    };
    let mut src = source::generate(content, c, f, &font_set);
    if !src.problems.is_empty() {
        return Err(std::mem::take(&mut src.problems));
    }
    write_root(content, &src, &sh.theme, &dir)
        .map_err(|e| one(format!("无法写入印刷册源文件 {}：{e}", dir.display())))?;
    let hash = root_hash(&dir, &sh.typst.version, c.print.pdf_standard.as_deref())
        .map_err(|e| one(e.to_string()))?;
    let pdf = dir.join("booklet.pdf");
    let prev = sh.opts.previous.join(c.year.to_string());
    if std::fs::read_to_string(prev.join("booklet.hash")).is_ok_and(|h| h.trim() == hash)
        && std::fs::copy(prev.join("booklet.pdf"), &pdf).is_ok()
        && copy_flat(&prev.join(package::DIR), &dir.join(package::DIR)).is_ok()
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
    let compile = |main: &str, out: &Path, inputs: Vec<(&str, String)>| {
        let job = runner::CompileJob {
            root: &dir,
            main,
            pdf: out,
            font_paths: &sh.fonts,
            pdf_standard: c.print.pdf_standard.as_deref(),
            epoch,
            timeout: sh.opts.timeout,
            inputs,
        };
        let (ok, diags) = runner::compile(&sh.typst, &job).map_err(one)?;
        let mapped: Vec<Diagnostic> = diags
            .iter()
            .map(|d| map_diag(content, c, &src, &dir, sh, d))
            .collect();
        if ok { Ok(()) } else { Err(mapped) }
    };
    compile("booklet.typ", &pdf, vec![("edition", "reading".into())])?;
    let read =
        |p: &Path| std::fs::read(p).map_err(|e| one(format!("无法读取 {}：{e}", p.display())));
    let reading = read(&pdf)?;
    // The theme's contract (docs/themes.md): the reading copy is the front cover and its
    // blank inside page, then the text block.
    let pages = package::pdf_pages(&reading)
        .map(|n| n.saturating_sub(2))
        .ok_or_else(|| one(format!("无法读出 {} 的页数", pdf.display())))?;
    let padded = pages + package::padding(pages, c.print.pages_multiple_of);
    let spine = package::spine_mm(padded, c.print.paper_thickness_mm);
    let bleed = package::bleed_mm(&c.print);
    let shop = dir.join(package::DIR);
    std::fs::create_dir_all(&shop).map_err(|e| one(format!("无法创建 {}：{e}", shop.display())))?;
    let text_pdf = shop.join(package::TEXT_PDF);
    let cover_pdf = shop.join(package::COVER_PDF);
    let (a, b) = rayon::join(
        || {
            compile(
                "booklet.typ",
                &text_pdf,
                vec![
                    ("edition", "print".into()),
                    ("bleed", format!("{bleed}")),
                    ("pad", (padded - pages).to_string()),
                ],
            )
        },
        || {
            compile(
                "cover.typ",
                &cover_pdf,
                vec![
                    ("bleed", format!("{bleed}")),
                    ("spine", format!("{spine}")),
                    ("pages", padded.to_string()),
                ],
            )
        },
    );
    a?;
    b?;
    let text = read(&text_pdf)?;
    let cover = read(&cover_pdf)?;
    if package::pdf_pages(&text) != Some(padded) {
        return Err(one(format!(
            "印刷主题排出的内文页数（{:?}）与阅读版推算的 {padded} 页不一致：阅读版须以封面和一张空白页开头（见 docs/themes.md）。",
            package::pdf_pages(&text)
        )));
    }
    let (w, _) = c.print.paper.size_mm();
    let text_width = w - c.print.margin_inside_mm - c.print.margin_outside_mm;
    let mut image_lines = Vec::new();
    let mut low = 0;
    for img in &src.images {
        let printed = if img.to.starts_with("cover/") {
            w + bleed
        } else {
            text_width
        };
        let (l, is_low) = package::image_line(&content.root, img, printed);
        low += usize::from(is_low);
        image_lines.push(l);
    }
    let mut fonts = package::pdf_fonts(&text);
    fonts.extend(package::pdf_fonts(&cover));
    fonts.sort();
    fonts.dedup();
    let report = package::report_text(&package::Report {
        year: c.year,
        print: &c.print,
        pages,
        padded,
        spine_mm: spine,
        fonts,
        image_lines,
        low_images: low,
        standard: c.print.pdf_standard.as_deref(),
    });
    let zip = shop.join(format!("印刷包-{}.zip", c.year));
    std::fs::write(shop.join(package::REPORT), &report)
        .and_then(|_| {
            package::write_zip(
                &zip,
                &[
                    (package::TEXT_PDF, text),
                    (package::COVER_PDF, cover),
                    (package::REPORT, report.into_bytes()),
                ],
            )
        })
        .map_err(|e| one(format!("无法写入印刷包 {}：{e}", shop.display())))?;
    let _ = std::fs::write(dir.join("booklet.hash"), &hash);
    Ok(Booklet {
        year: c.year,
        pdf,
        reused: false,
        frozen: false,
    })
}

/// Copies the plain files of one folder (the previous print package).
fn copy_flat(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for e in std::fs::read_dir(from)? {
        let e = e?;
        if e.file_type()?.is_file() {
            std::fs::copy(e.path(), to.join(e.file_name()))?;
        }
    }
    Ok(())
}

fn write_root(
    content: &Content,
    src: &source::BookSources,
    theme: &[(String, Vec<u8>)],
    dir: &Path,
) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let generated = src.files.iter().map(|f| (f.rel.as_str(), &f.bytes));
    for (rel, bytes) in generated.chain(theme.iter().map(|(n, b)| (n.as_str(), b))) {
        let p = dir.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(p, bytes)?;
    }
    for img in &src.images {
        let p = dir.join(&img.to);
        // A copy (document images through the publishing gate: SVGs sanitised), never a
        // link: typst must not reach outside the build root.
        match &img.publish {
            Some(pubimg) => crate::render::images::publish(&content.root, pubimg, &p)
                .map_err(std::io::Error::other)?,
            None => {
                if let Some(parent) = p.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                std::fs::copy(content.root.join(&img.from), p)?;
            }
        }
    }
    Ok(())
}

/// SHA-256 over every file of the build root (sorted paths and bytes), the typst version
/// and the PDF standard; the outputs (booklet.pdf, the print package) are left out.
fn root_hash(dir: &Path, version: &str, standard: Option<&str>) -> std::io::Result<String> {
    let shop = dir.join(package::DIR);
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().to_path_buf())
        .filter(|p| {
            !p.starts_with(&shop)
                && !matches!(
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
/// a converted document; at the theme's own file when it came from the theme; otherwise at
/// the generated source in the build root. A character no font has is explained.
fn map_diag(
    content: &Content,
    c: &Cohort,
    src: &source::BookSources,
    dir: &Path,
    sh: &Shared,
    d: &runner::TypstDiag,
) -> Diagnostic {
    let (mut path, mut line, mut col) = match src.maps.iter().find(|m| m.typ == d.file) {
        Some(m) => (
            m.markdown.to_string_lossy().to_string(),
            m.lines
                .get(d.line.saturating_sub(1) as usize)
                .copied()
                .unwrap_or(1),
            d.col + 1,
        ),
        // Theme files are copied into the build root under their own names: point at the
        // theme's file, which outlives the staging folder.
        None if sh.theme.iter().any(|(n, _)| *n == d.file) => (
            sh.layers
                .file(&format!("print/{}", d.file))
                .unwrap_or_else(|| sh.opts.theme.join("print").join(&d.file))
                .display()
                .to_string(),
            d.line,
            d.col + 1,
        ),
        // Inside an image: the Markdown line that uses it, never the staging folder.
        None if let Some(img) = src.images.iter().find(|i| i.to == d.file) => {
            (img.used_in.display().to_string(), img.line, 1)
        }
        // Typst reports some export errors without a place: name the cohort, not the
        // staging folder that is gone after the build.
        None if d.file.is_empty() || d.line == 0 => (c.dir.display().to_string(), 1, 1),
        None => (dir.join(&d.file).display().to_string(), d.line, d.col + 1),
    };
    if d.message.contains("string is longer")
        && let Some((p, l, cl)) = long_run(c)
    {
        (path, line, col) = (p, l, cl);
    }
    if let Some(ch) = glyphs::missing_char(&d.message) {
        if !src.maps.iter().any(|m| m.typ == d.file) {
            if let Some((p, l, cl)) = glyphs::find_in_sources(c, ch) {
                (path, line, col) = (p, l, cl);
            }
        } else if let Some(cl) = line_col_of(content, &path, line, ch) {
            col = cl;
        }
        let (msg, hint) = glyphs::explain(ch, &sh.have);
        return Diagnostic::file_error(path, line, col, msg).hint(hint);
    }
    let msg = format!(
        "印刷册排版{}：{}",
        if d.error { "错误" } else { "警告" },
        d.message
    );
    let lower = d.message.to_lowercase();
    let hint = if lower.contains("string is longer") {
        "某篇文章里有一段极长、不能分行的内容（如粘贴的长代码或长链接）：请删去或分成多段后重试。"
    } else if lower.contains("image") || lower.contains("decode") {
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

/// Column (1-based, in characters) of `ch` on a line of a content file.
fn line_col_of(content: &Content, rel: &str, line: u32, ch: char) -> Option<u32> {
    let text = std::fs::read_to_string(content.root.join(rel)).ok()?;
    let l = text.lines().nth(line.checked_sub(1)? as usize)?;
    l.chars().position(|x| x == ch).map(|i| i as u32 + 1)
}

/// The first Markdown line of a cohort with a run of more than 10,000 characters without
/// a space in inline code or a link (plain text gets break opportunities from md2typst;
/// code and URLs cannot, and the PDF/A limit on one string is 32,767 bytes); else any
/// such run.
fn long_run(c: &Cohort) -> Option<(String, u32, u32)> {
    long_run_where(c, |w| {
        w.contains('`') || w.contains("](") || w.contains("://")
    })
    .or_else(|| long_run_where(c, |_| true))
}

fn long_run_where(c: &Cohort, pick: impl Fn(&str) -> bool) -> Option<(String, u32, u32)> {
    for d in c.documents() {
        for (i, line) in d.text.lines().enumerate() {
            let mut col = 0;
            for word in line.split(char::is_whitespace) {
                if word.chars().count() > 10_000 && pick(word) {
                    return Some((
                        d.rel_path.to_string_lossy().to_string(),
                        i as u32 + 1,
                        col as u32 + 1,
                    ));
                }
                col += word.chars().count() + 1;
            }
        }
    }
    None
}

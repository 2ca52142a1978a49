//! The HTML renderer: Tera templates from the theme, pages rendered in parallel (rayon),
//! charts, referenced images (SVGs sanitised) and booklets, and the offline full-text
//! search index (`search/`, its own format read by the theme's search.js).
//! Every link is relative, so the site works from disk and from any sub-path.

//! Templates receive typed views (`views.rs`, `pages.rs`, `internal.rs`, `people.rs`); the
//! variables of each template are listed in docs/themes.md, kept true by tests/theme_docs.rs.

mod audit;
pub mod body_cache;
mod deferred;
pub mod incremental;
mod internal;
pub mod markdown;
mod pages;
mod people;
pub mod search;
pub use search::live::LiveIndex;
mod summaries;
pub mod views;

pub use views::Audience;

use crate::compute::Computed;
use crate::model::Content;
use crate::render::charts::{cohort_charts, comparison_chart};
use deferred::Sink;
use pages::{Page, view};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

pub struct SiteOptions<'a> {
    pub theme: &'a Path,
    pub out: &'a Path,
    pub audience: Audience,
    /// Booklet PDFs to publish: (year, file).
    pub booklets: &'a [(i32, PathBuf)],
    pub progress: bool,
}

#[derive(Debug, Default)]
pub struct SiteReport {
    pub pages: usize,
    pub files: usize,
}

/// Loads the theme's templates (every `*.html` below `templates/`, over the theme's layers:
/// see [`crate::theme`]).
pub fn load_templates(theme: &Path) -> Result<tera::Tera, String> {
    let dir = theme.join("templates");
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html"]);
    let files: Vec<(PathBuf, Option<String>)> = crate::theme::Theme::open(theme)?
        .files("templates")
        .into_iter()
        .filter(|(name, _)| name.ends_with(".html"))
        .map(|(name, path)| (path, Some(name)))
        .collect();
    if files.is_empty() {
        return Err(format!("主题模板目录 {} 中没有模板", dir.display()));
    }
    tera.add_template_files(files)
        .map_err(|e| format!("主题模板有错误：{}", error_chain(&e)))?;
    Ok(tera)
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut src = e.source();
    while let Some(x) = src {
        s.push('：');
        s.push_str(&x.to_string());
        src = x.source();
    }
    s
}

pub fn build_site(
    content: &Content,
    computed: &Computed,
    opts: &SiteOptions,
) -> Result<SiteReport, String> {
    let timer = Timings::start();
    let tera = load_templates(opts.theme)?;
    // The search index is independent of the pages: build it on its own thread meanwhile.
    std::thread::scope(|scope| {
        let search = scope.spawn(|| search::build_index(content, opts.audience, opts.out));
        let report = render_pages(content, computed, opts, &tera, &timer);
        let n = search
            .join()
            .map_err(|_| "生成搜索索引时出错".to_string())??;
        timer.lap("search (overlapped)");
        report.map(|mut r| {
            r.files += n;
            r
        })
    })
}

/// The site without the search index, rendered with templates loaded beforehand: the live
/// preview (`showcase serve`) keeps its templates between rebuilds and builds the index in
/// the background with a [`LiveIndex`].
pub fn build_site_with_templates(
    content: &Content,
    computed: &Computed,
    opts: &SiteOptions,
    tera: &tera::Tera,
) -> Result<SiteReport, String> {
    render_pages(content, computed, opts, tera, &Timings::start())
}

fn render_pages(
    content: &Content,
    computed: &Computed,
    opts: &SiteOptions,
    tera: &tera::Tera,
    timer: &Timings,
) -> Result<SiteReport, String> {
    let years: Vec<i32> = opts.booklets.iter().map(|(y, _)| *y).collect();
    let pages = pages::all(content, computed, opts.audience, &years);
    let common = common(content, opts.audience);
    timer.lap("pages");
    let bar = progress(opts.progress, pages.len() as u64);
    pages.par_iter().try_for_each(|p| -> Result<(), String> {
        render_page(tera, p, &page_base(&common, p), true, opts.out)?;
        bar.inc(1);
        Ok(())
    })?;
    bar.finish_and_clear();
    timer.lap("render");
    let files = pages.len() + write_assets(content, computed, opts)?;
    timer.lap("assets");
    Ok(SiteReport {
        pages: pages.len(),
        files,
    })
}

fn io_err(p: &Path, e: std::io::Error) -> String {
    format!("无法写入 {}：{e}", p.display())
}

/// Renders one page and writes it below `out`: `ctx` is its whole context
/// ([`page_context`]), or with `lazy` its context without the lazy view ([`page_base`]),
/// which is then built straight into the template engine's values.
fn render_page(
    tera: &tera::Tera,
    p: &Page,
    ctx: &Value,
    lazy: bool,
    out: &Path,
) -> Result<(), String> {
    let mut context = tera::Context::from_serialize(ctx).map_err(|e| e.to_string())?;
    if let Some(view) = p.lazy.as_ref().filter(|_| lazy) {
        let mut more = tera::Context::new();
        view(Sink::Tera(&mut more)).ok_or_else(|| {
            format!(
                "渲染 {}（模板 {}）失败：页面数据无法转换",
                p.path, p.template
            )
        })?;
        context.extend(more);
    }
    // Into bytes: `render` would check the whole page is UTF-8 again (4% of a 10,000-page
    // build, perf), and the file takes bytes.
    let mut html = Vec::with_capacity(32 << 10);
    tera.render_to(p.template, &context, &mut html)
        .map_err(|e| {
            format!(
                "渲染 {}（模板 {}）失败：{}",
                p.path,
                p.template,
                error_chain(&e)
            )
        })?;
    let target = out.join(&p.path);
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io_err(parent, e))?;
    }
    std::fs::write(&target, html).map_err(|e| io_err(&target, e))
}

/// Everything of the site that is not a page: the theme's static files, charts, the
/// referenced images and the booklets. Returns the number of files written.
fn write_assets(
    content: &Content,
    computed: &Computed,
    opts: &SiteOptions,
) -> Result<usize, String> {
    let statics = crate::theme::Theme::open(opts.theme)?.files("static");
    let mut files = copy_files(&statics, &opts.out.join("assets"))
        .map_err(|e| format!("复制主题静态文件失败：{e}"))?;
    for (c, f) in content.cohorts.iter().zip(&computed.cohorts) {
        for ch in cohort_charts(c, f) {
            let p = opts.out.join(format!("{}/charts/{}", c.year, ch.file));
            std::fs::create_dir_all(p.parent().unwrap_or(opts.out)).map_err(|e| io_err(&p, e))?;
            std::fs::write(&p, ch.svg).map_err(|e| io_err(&p, e))?;
            files += 1;
        }
        // Only referenced, verified images; SVGs sanitised (never the whole images/ folder);
        // large photos as resized web copies, in parallel (cached, so done once).
        let year_dir = opts.out.join(c.year.to_string());
        let written: Vec<Result<usize, String>> = crate::render::images::referenced(content, c)
            .par_iter()
            .map(|img| crate::render::images::publish_for_web(&content.root, img, &year_dir))
            .collect();
        for w in written {
            files += w?;
        }
    }
    if let Some(ch) = comparison_chart(content, computed) {
        let p = opts.out.join(format!("archive/{}", ch.file));
        std::fs::write(&p, ch.svg).map_err(|e| io_err(&p, e))?;
        files += 1;
    }
    for (year, pdf) in opts.booklets {
        let target = opts.out.join(format!("{year}/booklet.pdf"));
        std::fs::copy(pdf, &target).map_err(|e| io_err(&target, e))?;
        files += 1;
    }
    Ok(files)
}

/// The variables every page receives (`base.html` uses them).
#[derive(Serialize)]
struct Common<'a> {
    site: SiteInfo<'a>,
    /// Whether this is the office's internal build.
    internal: bool,
    nav: Vec<NavLink>,
    /// The latest cohort with a points scheme (the internal ledger link).
    ledger_year: Option<i32>,
}

#[derive(Serialize)]
struct SiteInfo<'a> {
    title: &'a str,
    issuer: &'a str,
    base_url: String,
    base_path: String,
}

#[derive(Serialize)]
struct NavLink {
    year: i32,
    url: String,
}

/// Where the page is: relative path to the site root, its title and path.
#[derive(Serialize)]
struct Frame<'a> {
    root: String,
    is_404: bool,
    page_title: &'a str,
    path: &'a str,
}

fn common(content: &Content, audience: Audience) -> Map<String, Value> {
    let common = Common {
        site: SiteInfo {
            title: &content.site.title,
            issuer: &content.site.issuer,
            base_url: normalise_base(&content.site.base_url),
            base_path: crate::serve::base_path(&content.site.base_url),
        },
        internal: audience == Audience::Internal,
        nav: content
            .cohorts
            .iter()
            .rev()
            .map(|c| NavLink {
                year: c.year,
                url: format!("{}/index.html", c.year),
            })
            .collect(),
        ledger_year: content
            .cohorts
            .iter()
            .rev()
            .find(|c| c.points.is_some())
            .map(|c| c.year),
    };
    match view(&common) {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// A page's whole context: the common variables, its frame, its view and its lazy view.
fn page_context(common: &Map<String, Value>, p: &Page) -> Value {
    let mut ctx = page_base(common, p);
    if let (Some(lazy), Value::Object(m)) = (&p.lazy, &mut ctx) {
        let mut v = Value::Null;
        lazy(Sink::View(&mut v));
        if let Value::Object(more) = v {
            m.extend(more);
        }
    }
    ctx
}

/// A page's context without its lazy view.
fn page_base(common: &Map<String, Value>, p: &Page) -> Value {
    let is_404 = p.template == "404.html";
    let frame = Frame {
        // The 404 page is served at any depth: it links through `site.base_path` instead.
        root: if is_404 {
            String::new()
        } else {
            "../".repeat(p.path.matches('/').count())
        },
        is_404,
        page_title: &p.title,
        path: &p.path,
    };
    let mut ctx = common.clone();
    let mut merge = |v: Value| {
        if let Value::Object(m) = v {
            ctx.extend(m);
        }
    };
    merge(view(&frame));
    merge(p.ctx.clone());
    Value::Object(ctx)
}

/// Every page's template and whole context for `audience` — the variables the templates
/// receive (rendering builds the same views, a lazy one straight into Tera's values).
/// tests/theme_docs.rs compares these with the variable tables of docs/themes.md.
pub fn template_contexts(
    content: &Content,
    computed: &Computed,
    audience: Audience,
    booklets: &[i32],
) -> Vec<(&'static str, Value)> {
    let common = common(content, audience);
    pages::all(content, computed, audience, booklets)
        .iter()
        .map(|p| (p.template, page_context(&common, p)))
        .collect()
}

fn normalise_base(b: &str) -> String {
    let t = b.trim().trim_end_matches('/');
    format!("{t}/")
}

fn progress(show: bool, n: u64) -> indicatif::ProgressBar {
    if !show {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(n);
    if let Ok(style) = indicatif::ProgressStyle::with_template("生成页面 {bar:30} {pos}/{len}")
    {
        bar.set_style(style);
    }
    bar
}

/// Copies a theme's merged `static/` files (relative path → file) below `to`.
fn copy_files(
    files: &std::collections::BTreeMap<String, PathBuf>,
    to: &Path,
) -> std::io::Result<usize> {
    for (rel, from) in files {
        let target = to.join(rel);
        if let Some(p) = target.parent() {
            std::fs::create_dir_all(p)?;
        }
        std::fs::copy(from, &target)?;
    }
    Ok(files.len())
}

/// Stage timings on stderr when `SHOWCASE_TIMINGS` is set (for profiling and the benchmark).
struct Timings {
    on: bool,
    last: std::sync::Mutex<std::time::Instant>,
}

impl Timings {
    fn start() -> Self {
        Timings {
            on: std::env::var_os("SHOWCASE_TIMINGS").is_some(),
            last: std::sync::Mutex::new(std::time::Instant::now()),
        }
    }
    fn lap(&self, stage: &str) {
        if self.on
            && let Ok(mut last) = self.last.lock()
        {
            let now = std::time::Instant::now();
            eprintln!("timing {stage}: {:.3}s", (now - *last).as_secs_f64());
            *last = now;
        }
    }
}

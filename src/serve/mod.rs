//! `showcase serve`: the live preview. A builder loop polls `content/` and the theme for
//! changes, re-runs analyse + render into a fresh build folder and swaps it in (the last good
//! build stays online while the content has errors); a small HTTP server serves the current
//! build with a reload script injected into every page (the internal site, with `--internal`,
//! on a port of its own). The search index and the booklets are rebuilt on background
//! threads so that an edit reaches the browser in milliseconds.
//!
//! Everything the preview writes lives in one temporary folder it owns (mode 0700) and
//! removes on Ctrl-C (memory-backed `/dev/shm` on Linux); `output/` is only read, to reuse
//! booklets.

mod folder;
mod http;
pub use http::{content_type, percent_decode};
mod listen;
mod pool;
mod state;
mod watch;

use state::{Output, Shared, Tree};
use watch::Snapshot;

use crate::diag::Diagnostic;
use crate::pipeline::Analysis;
use crate::render::html::{
    Audience, SiteOptions, build_search_index, build_site_with_templates, load_templates,
};
use crate::render::print::{PrintOptions, build_booklets};
use crate::source::SourceMap;
use serde_json::{Value, json};
use std::io::IsTerminal;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, RwLock, RwLockReadGuard};
use std::time::{Duration, Instant};

pub struct ServeOptions {
    pub content: PathBuf,
    pub theme: PathBuf,
    pub bind: IpAddr,
    /// `None`: 8000, or the next free port up to 8009.
    pub port: Option<u16>,
    /// Also preview the internal site, on a port of its own.
    pub internal: bool,
    /// Rebuild the booklets in the background.
    pub booklet: bool,
    /// The `print/` folder of the last `showcase build`, read to reuse unchanged PDFs.
    pub previous_print: PathBuf,
    pub typst_timeout: Duration,
    /// Open the preview in the default browser once it is ready.
    pub open: bool,
}

/// At most this many problems are sent to the page; the terminal lists them all.
const OVERLAY_LIMIT: usize = 30;

pub fn run(opts: ServeOptions) -> Result<(), String> {
    if !opts.content.is_dir() {
        return Err(format!(
            "找不到内容目录 {}。请在项目文件夹中运行，或用 --content 指定内容目录。",
            opts.content.display()
        ));
    }
    if theme_layers(&opts.theme)?.dirs("templates").is_empty() {
        return Err(format!(
            "找不到主题目录 {}（其中应有 templates 文件夹）。请在项目文件夹中运行，或用 --theme 指定主题目录。",
            opts.theme.display()
        ));
    }
    let listener = listen::bind(&opts)?;
    let addr = listener
        .local_addr()
        .map_err(|e| format!("无法读取预览地址：{e}"))?;
    let internal = match opts.internal {
        true => Some(listen::bind_internal(&opts, addr.port())?),
        false => None,
    };
    let internal_addr = match &internal {
        Some(l) => Some(
            l.local_addr()
                .map_err(|e| format!("无法读取内部版预览地址：{e}"))?,
        ),
        None => None,
    };
    let root = folder::preview_root()?;
    let shared = Arc::new(Shared::new(opts.internal));
    // Read-held while the builder or the search index writes into the preview folder, so that
    // Ctrl-C (which takes it for writing) never deletes the folder under a write.
    let writing = Arc::new(RwLock::new(()));
    on_stop({
        let root = root.clone();
        let writing = Arc::clone(&writing);
        move || {
            let _held = writing.write().unwrap_or_else(|e| e.into_inner());
            println!("\n正在停止预览…");
            for _ in 0..5 {
                if std::fs::remove_dir_all(&root).is_ok() || !root.exists() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            println!("预览已停止。");
            std::process::exit(0);
        }
    })?;
    {
        let cant = |e: std::io::Error| format!("无法启动预览服务：{e}");
        let pool = pool::Pool::start(&shared).map_err(cant)?;
        pool.listen(listener, Tree::Public).map_err(cant)?;
        if let Some(l) = internal {
            pool.listen(l, Tree::Internal).map_err(cant)?;
        }
    }
    let booklets = Arc::new(Mutex::new(Booklets::default()));
    let search = start_search_worker(&opts, &root, &shared, &writing);
    let booklet = opts
        .booklet
        .then(|| start_booklet_worker(&opts, &root, &shared, &booklets))
        .flatten();
    let mut b = Builder {
        snapshot: scan(&opts.content, &opts.theme).0,
        opts: &opts,
        shared,
        root,
        writing,
        generation: 0,
        tera: None,
        last: None,
        content_failed: false,
        search,
        booklet,
        booklets,
        retired: None,
    };
    println!("正在生成预览…");
    b.rebuild(&Changes::everything());
    listen::print_address(&opts, addr, internal_addr);
    if opts.open {
        let url = listen::local_url(addr);
        if let Err(e) = opener::open_browser(&url) {
            println!("提示：无法自动打开浏览器（{e}），请手动打开 {url}");
        }
    }
    b.watch()
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn read<T>(m: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    m.read().unwrap_or_else(|e| e.into_inner())
}

/// Runs `stop` on Ctrl-C (and, on Unix, on SIGTERM and SIGHUP). The handlers are in place
/// when this returns.
fn on_stop(stop: impl FnOnce() + Send + 'static) -> Result<(), String> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("无法注册 Ctrl-C 处理：{e}"))?;
    #[cfg(unix)]
    let wait = {
        use tokio::signal::unix::{SignalKind, signal};
        let _entered = rt.enter();
        let mut signals = Vec::new();
        for kind in [
            SignalKind::interrupt(),
            SignalKind::terminate(),
            SignalKind::hangup(),
        ] {
            signals.push(signal(kind).map_err(|e| format!("无法注册 Ctrl-C 处理：{e}"))?);
        }
        std::future::poll_fn(move |cx| {
            if signals.iter_mut().any(|s| s.poll_recv(cx).is_ready()) {
                std::task::Poll::Ready(())
            } else {
                std::task::Poll::Pending
            }
        })
    };
    #[cfg(not(unix))]
    let wait = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    std::thread::Builder::new()
        .name("preview-signals".into())
        .spawn(move || {
            rt.block_on(wait);
            stop();
        })
        .map_err(|e| format!("无法注册 Ctrl-C 处理：{e}"))?;
    Ok(())
}

/// The latest successful booklet build: its folder (kept alive while a render copies from
/// it) and the PDFs to publish.
#[derive(Default)]
struct Booklets {
    out: Option<Arc<Output>>,
    list: Vec<(i32, PathBuf)>,
    /// A booklet appeared or went since the pages were last rendered.
    dirty: bool,
}

/// What changed since the last rebuild.
#[derive(Default)]
struct Changes {
    content: bool,
    templates: bool,
    print: bool,
    booklets: bool,
    /// Changed files, relative, for the message.
    files: Vec<String>,
    first: bool,
}

impl Changes {
    fn everything() -> Changes {
        Changes {
            content: true,
            templates: true,
            print: true,
            first: true,
            ..Changes::default()
        }
    }

    /// `layers`: the theme folder and its parents (see [`crate::theme`]).
    fn classify(paths: &[PathBuf], content: &Path, layers: &[PathBuf]) -> Changes {
        let mut c = Changes::default();
        for p in paths {
            if let Ok(rel) = p.strip_prefix(content) {
                c.content = true;
                c.files.push(rel.to_string_lossy().replace('\\', "/"));
            } else if let Some(rel) = layers.iter().find_map(|l| p.strip_prefix(l).ok()) {
                if rel.starts_with("print") {
                    c.print = true;
                } else if rel == Path::new(crate::theme::MANIFEST) {
                    // Another parent: anything may differ.
                    c.print = true;
                    c.templates = true;
                } else {
                    c.templates = true;
                }
                c.files
                    .push(format!("主题 {}", rel.to_string_lossy().replace('\\', "/")));
            }
        }
        c
    }

    fn describe(&self) -> String {
        if self.first {
            return "首次生成".into();
        }
        let mut parts = Vec::new();
        match self.files.len() {
            0 => {}
            1..=3 => parts.push(format!("{} 有变化", self.files.join("、"))),
            n => parts.push(format!("{}等 {n} 个文件有变化", self.files[..2].join("、"))),
        }
        if self.booklets {
            parts.push("印刷册已更新".into());
        }
        parts.join("；")
    }
}

/// A background thread that always works on the newest job: jobs submitted while it is busy
/// replace each other, so a burst of edits costs one more run, not one per edit.
struct Worker<J> {
    slot: Arc<(Mutex<Option<J>>, Condvar)>,
}

impl<J: Send + 'static> Worker<J> {
    fn start(name: &str, mut work: impl FnMut(J) + Send + 'static) -> Option<Worker<J>> {
        let slot: Arc<(Mutex<Option<J>>, Condvar)> = Arc::new((Mutex::new(None), Condvar::new()));
        let inner = Arc::clone(&slot);
        std::thread::Builder::new()
            .name(name.into())
            .spawn(move || {
                loop {
                    let job = {
                        let mut g = lock(&inner.0);
                        loop {
                            if let Some(j) = g.take() {
                                break j;
                            }
                            g = inner.1.wait(g).unwrap_or_else(|e| e.into_inner());
                        }
                    };
                    work(job);
                }
            })
            .ok()?;
        Some(Worker { slot })
    }

    fn submit(&self, job: J) {
        *lock(&self.slot.0) = Some(job);
        self.slot.1.notify_one();
    }
}

fn trees(internal: bool) -> Vec<(Tree, Audience)> {
    let mut v = vec![(Tree::Public, Audience::Public)];
    if internal {
        v.push((Tree::Internal, Audience::Internal));
    }
    v
}

fn start_search_worker(
    opts: &ServeOptions,
    root: &Path,
    shared: &Arc<Shared>,
    writing: &Arc<RwLock<()>>,
) -> Option<Worker<Arc<Analysis>>> {
    let root = root.to_path_buf();
    let shared = Arc::clone(shared);
    let writing = Arc::clone(writing);
    let internal = opts.internal;
    let mut n = 0u64;
    Worker::start("preview-search", move |a: Arc<Analysis>| {
        n += 1;
        let dir = root.join(format!("search-{n}"));
        let _held = read(&writing);
        let mut result = Ok(());
        for (tree, aud) in trees(internal) {
            result = build_search_index(&a.content, aud, &dir.join(tree.folder())).map(|_| ());
            if result.is_err() {
                break;
            }
        }
        match result {
            Ok(()) => shared.publish_search(Output { dir, generation: n }),
            Err(e) => {
                let _ = std::fs::remove_dir_all(&dir);
                eprintln!("搜索索引生成失败，预览中的搜索暂不可用：{e}");
            }
        }
    })
}

fn start_booklet_worker(
    opts: &ServeOptions,
    root: &Path,
    shared: &Arc<Shared>,
    booklets: &Arc<Mutex<Booklets>>,
) -> Option<Worker<Arc<Analysis>>> {
    let root = root.to_path_buf();
    let shared = Arc::clone(shared);
    let booklets = Arc::clone(booklets);
    let theme = opts.theme.clone();
    let first_previous = opts.previous_print.clone();
    let timeout = opts.typst_timeout;
    // Its own threads: typst runs for seconds and must not hold the pool that renders pages.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(std::thread::available_parallelism().map_or(2, |n| n.get()))
        .thread_name(|i| format!("preview-booklet-{i}"))
        .build()
        .ok();
    let mut n = 0u64;
    let mut typst_checked: Option<bool> = None;
    Worker::start("preview-booklet", move |a: Arc<Analysis>| {
        let Some(pool) = &pool else { return };
        if typst_checked.is_none() {
            let found = crate::render::print::runner::find();
            if let Err(e) = &found {
                println!("提示：预览中不生成印刷册。{e}");
            }
            typst_checked = Some(found.is_ok());
        }
        if typst_checked != Some(true) {
            return;
        }
        n += 1;
        let out = root.join(format!("print-{n}"));
        let previous = lock(&booklets)
            .out
            .as_ref()
            .map(|o| o.dir.clone())
            .unwrap_or_else(|| first_previous.clone());
        let started = Instant::now();
        let popts = PrintOptions {
            theme: &theme,
            out: &out,
            previous: &previous,
            timeout,
            only: None,
        };
        let result = pool.install(|| build_booklets(&a.content, &a.computed, &popts));
        match result {
            Ok(built) => {
                let compiled: Vec<String> = built
                    .iter()
                    .filter(|b| !b.reused)
                    .map(|b| b.year.to_string())
                    .collect();
                let list: Vec<(i32, PathBuf)> =
                    built.into_iter().map(|b| (b.year, b.pdf)).collect();
                let print = Arc::new(Output {
                    dir: out,
                    generation: n,
                });
                {
                    let mut b = lock(&booklets);
                    // The server answers `<year>/booklet.pdf` from the newest booklet build,
                    // so the pages need rendering again only when a booklet appears or goes.
                    let years = |l: &[(i32, PathBuf)]| l.iter().map(|x| x.0).collect::<Vec<_>>();
                    if years(&b.list) != years(&list) {
                        b.dirty = true;
                    }
                    b.list = list;
                    b.out = Some(Arc::clone(&print));
                }
                shared.publish_print(print);
                if !compiled.is_empty() {
                    println!(
                        "印刷册已在后台重新排版：{} 年度，用时 {:.1} 秒",
                        compiled.join("、"),
                        started.elapsed().as_secs_f64()
                    );
                }
                shared.set_booklet_problems(Vec::new());
            }
            Err(diags) => {
                let _ = std::fs::remove_dir_all(&out);
                let diags = theme_locations(diags);
                eprintln!("印刷册生成失败（网站预览不受影响）：");
                print_diags(&diags, &a.content.sources);
                let shown = diags
                    .iter()
                    .take(OVERLAY_LIMIT)
                    .map(|d| {
                        let mut v = diag_json(d, &a.content.sources);
                        theme_line(&mut v, &theme);
                        v
                    })
                    .collect();
                shared.set_booklet_problems(shown);
            }
        }
    })
}

/// The theme's layers (the folder and the parents its theme.yaml names).
fn theme_layers(theme: &Path) -> Result<crate::theme::Theme, String> {
    crate::theme::Theme::open(theme)
}

/// Scans the content folder and every layer of the theme (a change to a parent theme
/// rebuilds too); returns the layers watched. A broken theme.yaml watches the theme folder
/// alone until it is fixed (rendering reports the problem).
fn scan(content: &Path, theme: &Path) -> (Snapshot, Vec<PathBuf>) {
    let layers = theme_layers(theme).map_or_else(|_| vec![theme.to_path_buf()], |t| t.layers);
    let roots: Vec<&Path> = std::iter::once(content)
        .chain(layers.iter().map(PathBuf::as_path))
        .collect();
    (Snapshot::scan(&roots), layers)
}

/// The same problem reported by every cohort's booklet (an error in the theme's own Typst
/// files, which `map_diag` already points at the theme folder) is shown once.
fn theme_locations(diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen = std::collections::HashSet::new();
    diags
        .into_iter()
        .filter(|d| seen.insert((d.path.clone(), d.pos, d.message.clone())))
        .collect()
}

/// Adds the quoted line of a theme print file (`print/booklet.typ`, `lib.typ`, `cover.typ`)
/// to a problem located there.
fn theme_line(v: &mut Value, theme: &Path) {
    let print = theme.join("print").display().to_string();
    let Some(rest) = v["location"]
        .as_str()
        .and_then(|l| l.strip_prefix(&print))
        .map(|l| l.trim_start_matches(['/', '\\']).to_string())
    else {
        return;
    };
    let mut it = rest.rsplitn(3, ':');
    let (Some(col), Some(line), Some(file)) = (it.next(), it.next(), it.next()) else {
        return;
    };
    let (Ok(line), Ok(col)) = (line.parse::<usize>(), col.parse::<usize>()) else {
        return;
    };
    if let Ok(text) = std::fs::read_to_string(theme.join("print").join(file))
        && let Some(l) = text.lines().nth(line.saturating_sub(1))
    {
        v["line"] = json!(l.chars().take(160).collect::<String>().replace('\t', " "));
        v["line_no"] = json!(line);
        v["col"] = json!(col);
    }
}

fn print_diags(diags: &[Diagnostic], sources: &SourceMap) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for d in diags {
        eprintln!("{}", d.render(sources, color));
    }
}

/// A diagnostic as the overlay shows it; every field is plain text.
fn diag_json(d: &Diagnostic, sources: &SourceMap) -> Value {
    let line = d
        .pos
        .and_then(|p| sources.line_text(p))
        .map(|l| l.chars().take(160).collect::<String>().replace('\t', " "));
    json!({
        "error": d.is_error(),
        "location": d.location(sources),
        "message": d.message,
        "hint": d.hint,
        "line": line,
        "line_no": d.pos.map(|p| p.line),
        "col": d.pos.map(|p| p.col),
    })
}

/// The path part of `base_url` (`https://x.org/showcase/` → `/showcase/`).
pub(crate) fn base_path(base_url: &str) -> String {
    let t = base_url.trim();
    let path = match t.find("://") {
        Some(i) => t[i + 3..].find('/').map_or("/", |j| &t[i + 3 + j..]),
        None => t,
    };
    let inner = path.trim_matches('/');
    if inner.is_empty() {
        "/".into()
    } else {
        format!("/{inner}/")
    }
}

/// Background work a rebuild asks for.
struct Background {
    search: bool,
    booklet: bool,
    analysis: Arc<Analysis>,
}

struct Builder<'a> {
    opts: &'a ServeOptions,
    shared: Arc<Shared>,
    root: PathBuf,
    writing: Arc<RwLock<()>>,
    generation: u64,
    tera: Option<tera::Tera>,
    /// The last analysis without errors.
    last: Option<Arc<Analysis>>,
    /// The content on disk has errors (the last analysis failed).
    content_failed: bool,
    snapshot: Snapshot,
    search: Option<Worker<Arc<Analysis>>>,
    booklet: Option<Worker<Arc<Analysis>>>,
    booklets: Arc<Mutex<Booklets>>,
    /// The build just replaced, deleted once the timing is taken.
    retired: Option<Arc<Output>>,
}

impl Builder<'_> {
    /// Polls for changes forever.
    fn watch(&mut self) -> ! {
        let mut interval = Duration::from_millis(50);
        loop {
            std::thread::sleep(interval);
            let t = Instant::now();
            let (mut snap, layers) = scan(&self.opts.content, &self.opts.theme);
            // A slow disk or a huge folder: poll less often (at most a tenth of the time).
            interval = (t.elapsed() * 10).clamp(Duration::from_millis(50), Duration::from_secs(2));
            let mut paths = snap.changes(&self.snapshot);
            let booklets = std::mem::take(&mut lock(&self.booklets).dirty);
            if paths.is_empty() && !booklets {
                continue;
            }
            if !paths.is_empty() {
                // Let a save in several writes finish before reading.
                for _ in 0..20 {
                    std::thread::sleep(Duration::from_millis(10));
                    let again = scan(&self.opts.content, &self.opts.theme).0;
                    if again.changes(&snap).is_empty() {
                        break;
                    }
                    snap = again;
                }
                paths = snap.changes(&self.snapshot);
            }
            self.snapshot = snap;
            let mut changes = Changes::classify(&paths, &self.opts.content, &layers);
            changes.booklets = booklets;
            self.rebuild(&changes);
        }
    }

    fn rebuild(&mut self, changes: &Changes) {
        let started = Instant::now();
        let pages_affected =
            changes.first || changes.content || changes.templates || changes.booklets;
        if !pages_affected
            && !self.content_failed
            && let Some(a) = &self.last
        {
            // Only the print theme: the pages stay, the booklets are rebuilt in the background.
            if self.booklet.is_some() {
                println!("{}，正在后台重新排版印刷册…", changes.describe());
            }
            self.start_background(Background {
                search: false,
                booklet: changes.print,
                analysis: Arc::clone(a),
            });
            return;
        }
        let reanalyse = changes.content || self.content_failed;
        let analysis = match (&self.last, reanalyse) {
            (Some(a), false) => Arc::clone(a),
            _ => {
                let a = crate::pipeline::analyse_with(
                    &self.opts.content,
                    crate::pipeline::Drafts::Include,
                );
                if !a.ok() {
                    self.content_failed = true;
                    self.report_content_errors(&a, changes);
                    return;
                }
                self.content_failed = false;
                let a = Arc::new(a);
                self.last = Some(Arc::clone(&a));
                a
            }
        };
        let analysed = started.elapsed();
        let rendered = self.render(&analysis, changes.templates);
        let total = started.elapsed();
        // Deleting the previous build is not part of getting the new one out.
        self.retired = None;
        // The background jobs start once the pages are out: they share the CPU.
        self.start_background(Background {
            search: changes.content,
            booklet: changes.content || changes.print,
            analysis: Arc::clone(&analysis),
        });
        if let Err(e) = rendered {
            self.report_render_error(&e);
            return;
        }
        let warnings = analysis.diags.warning_count();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let check = if reanalyse || changes.first {
            format!("检查 {:.1} 毫秒，", ms(analysed))
        } else {
            String::new()
        };
        println!(
            "已更新预览（{}）：{check}生成 {:.1} 毫秒，共 {:.1} 毫秒{}",
            changes.describe(),
            ms(total - analysed),
            ms(total),
            if warnings > 0 {
                format!("；{warnings} 个警告，运行 showcase check 查看")
            } else {
                String::new()
            }
        );
    }

    /// Renders every tree into a fresh build folder and publishes it.
    fn render(&mut self, analysis: &Analysis, templates_changed: bool) -> Result<(), String> {
        if templates_changed || self.tera.is_none() {
            self.tera = None;
            self.tera = Some(load_templates(&self.opts.theme)?);
        }
        let Some(tera) = &self.tera else {
            return Ok(());
        };
        self.generation += 1;
        let dir = self.root.join(format!("build-{}", self.generation));
        // Holds the booklet folder the PDFs are copied from until the copy is done.
        let (_keep, list) = {
            let b = lock(&self.booklets);
            (b.out.clone(), b.list.clone())
        };
        let rendered = {
            let _held = read(&self.writing);
            trees(self.opts.internal)
                .into_iter()
                .try_for_each(|(tree, audience)| {
                    let site = SiteOptions {
                        theme: &self.opts.theme,
                        out: &dir.join(tree.folder()),
                        audience,
                        booklets: &list,
                        progress: false,
                    };
                    build_site_with_templates(&analysis.content, &analysis.computed, &site, tera)
                        .map(|_| ())
                })
        };
        if let Err(e) = rendered {
            let _ = std::fs::remove_dir_all(&dir);
            return Err(e);
        }
        self.retired = self.shared.publish(
            Output {
                dir,
                generation: self.generation,
            },
            base_path(&analysis.content.site.base_url),
        );
        Ok(())
    }

    fn start_background(&self, b: Background) {
        if b.search
            && let Some(w) = &self.search
        {
            w.submit(Arc::clone(&b.analysis));
        }
        if b.booklet
            && let Some(w) = &self.booklet
        {
            w.submit(b.analysis);
        }
    }

    fn report_content_errors(&self, a: &Analysis, changes: &Changes) {
        let n = a.diags.error_count();
        // Problems in the files just saved first: usually the cause of the others.
        let in_changed = |d: &Diagnostic| {
            let loc = d.location(&a.content.sources);
            changes.files.iter().any(|f| {
                loc.strip_prefix(f.as_str())
                    .is_some_and(|r| r.starts_with(':'))
            })
        };
        let mut errors: Vec<&Diagnostic> = a.diags.list.iter().filter(|d| d.is_error()).collect();
        errors.sort_by_key(|d| !in_changed(d));
        eprintln!(
            "内容有 {n} 个错误（{}），{}：",
            changes.describe(),
            if self.shared.current_gen() > 0 {
                "预览保持上次成功生成的版本，浏览器中同时显示这些错误"
            } else {
                "尚未生成预览，浏览器中显示这些错误"
            }
        );
        let owned: Vec<Diagnostic> = errors.iter().map(|d| (*d).clone()).collect();
        print_diags(&owned, &a.content.sources);
        let shown = errors
            .iter()
            .take(OVERLAY_LIMIT)
            .map(|d| diag_json(d, &a.content.sources))
            .collect();
        self.shared.set_errors(shown, n);
    }

    fn report_render_error(&self, e: &str) {
        eprintln!("网站生成失败，预览保持上次成功生成的版本：{e}");
        let hint = if e.contains("模板") {
            "检查主题模板中所指的写法；保存后会自动重试。"
        } else {
            "保存任一文件后会自动重试；若仍失败，请把此信息发给技术人员。"
        };
        self.shared.set_errors(
            vec![json!({ "error": true, "location": null, "message": e, "hint": hint })],
            1,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_is_the_path_of_base_url() {
        assert_eq!(base_path("/"), "/");
        assert_eq!(base_path(""), "/");
        assert_eq!(base_path("/showcase"), "/showcase/");
        assert_eq!(base_path("https://example.org/showcase/"), "/showcase/");
        assert_eq!(base_path("https://example.org"), "/");
    }

    #[test]
    fn changes_are_classified_by_folder() {
        let c = Changes::classify(
            &[
                PathBuf::from("content/cohorts/2017/reports/a.md"),
                PathBuf::from("themes/default/print/booklet.typ"),
            ],
            Path::new("content"),
            &[
                PathBuf::from("themes/gongwen"),
                PathBuf::from("themes/default"),
            ],
        );
        assert!(c.content && c.print && !c.templates);
        assert_eq!(
            c.describe(),
            "cohorts/2017/reports/a.md、主题 print/booklet.typ 有变化"
        );
    }
}

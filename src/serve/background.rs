//! The preview's background jobs: the search index and the booklets, each on a [`Worker`]
//! thread, rebuilt after the pages are out and published when done (the search index of an
//! edit is usually updated in place instead: [`LiveIndex`]).

use super::overlay::{OVERLAY_LIMIT, diag_json, print_diags, theme_line, theme_locations};
use super::state::{Output, Shared};
use super::worker::Worker;
use super::{ServeOptions, lock, read, trees};
use crate::pipeline::Analysis;
use crate::render::html::{Audience, LiveIndex};
use crate::render::print::{PrintOptions, build_booklets};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

/// The latest successful booklet build: its folder (kept alive while a render copies from
/// it) and the PDFs to publish.
#[derive(Default)]
pub struct Booklets {
    pub out: Option<Arc<Output>>,
    pub list: Vec<(i32, PathBuf)>,
    /// A booklet appeared or went since the pages were last rendered.
    pub dirty: bool,
}

pub fn start_search_worker(
    opts: &ServeOptions,
    root: &Path,
    shared: &Arc<Shared>,
    writing: &Arc<RwLock<()>>,
) -> Option<Worker<Arc<Analysis>>> {
    let root = root.to_path_buf();
    let shared = Arc::clone(shared);
    let writing = Arc::clone(writing);
    let internal = opts.internal;
    // Its own low-priority threads: on the shared global pool the index (seconds of CPU
    // on a large site) queued ahead of the next edit's pages and delayed the reload.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(std::thread::available_parallelism().map_or(2, |n| n.get()))
        .thread_name(|i| format!("preview-search-{i}"))
        .start_handler(|_| lower_priority())
        .build()
        .ok();
    let mut n = 0u64;
    let mut live = LiveIndex::default();
    // The search folder published last, which `live` describes.
    let mut current: Option<PathBuf> = None;
    // SHOWCASE_SERVE_FULL=1 (the preview without its incremental caches, for comparison):
    // the whole index every time, as before.
    let in_place = std::env::var_os("SHOWCASE_SERVE_FULL").is_none();
    Worker::start("preview-search", move |a: Arc<Analysis>| {
        let Some(pool) = &pool else { return };
        let sites = |dir: &Path| -> Vec<(Audience, PathBuf)> {
            trees(internal)
                .into_iter()
                .map(|(tree, aud)| (aud, dir.join(tree.folder())))
                .collect()
        };
        let _held = read(&writing);
        // Most edits: the changed documents' files, replaced in the published folder.
        if let Some(dir) = current.as_ref().filter(|_| in_place) {
            match pool.install(|| live.update(&a.content, &sites(dir))) {
                Ok(Some(_)) => return,
                Ok(None) => {}
                // A full build into a fresh folder follows (and says so if it fails too).
                Err(e) => eprintln!("搜索索引就地更新失败，正在重新生成整个索引：{e}"),
            }
        }
        n += 1;
        let dir = root.join(format!("search-{n}"));
        match pool.install(|| live.build(&a.content, &sites(&dir))) {
            Ok(_) => {
                current = Some(dir.clone());
                shared.publish_search(Output { dir, generation: n });
            }
            Err(e) => {
                current = None;
                let _ = std::fs::remove_dir_all(&dir);
                eprintln!("搜索索引生成失败，预览中的搜索暂不可用：{e}");
            }
        }
    })
}

/// Lowers the calling thread's scheduling priority (nice 10): the preview's pages come
/// first, the search index uses what CPU is left. Linux applies `setpriority` with `who = 0`
/// to the calling thread only; elsewhere this does nothing.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority takes plain integers and touches no memory of ours.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}

pub fn start_booklet_worker(
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

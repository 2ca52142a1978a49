//! The builder loop: polls for changes, re-analyses the content, renders the pages (into
//! the current build folder, in place, when its page caches are valid; else into a fresh
//! build folder), publishes them and hands the search index and booklets to the background
//! workers.

use super::background::Booklets;
use super::changes::Changes;
use super::overlay::{OVERLAY_LIMIT, diag_json, print_diags};
use super::state::{Output, Shared};
use super::watch::Snapshot;
use super::worker::Worker;
use super::{ServeOptions, base_path, lock, read, trees};
use crate::diag::Diagnostic;
use crate::pipeline::Analysis;
use crate::render::html::incremental::{PageCache, Reuse, build_site_incremental};
use crate::render::html::{SiteOptions, body_cache, build_site_with_templates, load_templates};
use rayon::prelude::*;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

/// Background work a rebuild asks for.
struct Background {
    search: bool,
    booklet: bool,
    analysis: Arc<Analysis>,
}

pub struct Builder<'a> {
    pub(super) opts: &'a ServeOptions,
    pub(super) shared: Arc<Shared>,
    pub(super) root: PathBuf,
    pub(super) writing: Arc<RwLock<()>>,
    pub(super) generation: u64,
    pub(super) tera: Option<tera::Tera>,
    /// The last analysis without errors.
    pub(super) last: Option<Arc<Analysis>>,
    /// The content on disk has errors (the last analysis failed).
    pub(super) content_failed: bool,
    pub(super) snapshot: Snapshot,
    pub(super) search: Option<Worker<Arc<Analysis>>>,
    pub(super) booklet: Option<Worker<Arc<Analysis>>>,
    pub(super) booklets: Arc<Mutex<Booklets>>,
    /// The build just replaced, deleted once the timing is taken.
    pub(super) retired: Option<Arc<Output>>,
    /// The folder of the published build, which the next rebuild may update in place.
    pub(super) live: Option<PathBuf>,
    /// The last build of each tree (public, internal), for pages that did not change.
    pub(super) pages: [PageCache; 2],
    /// The files seen changing most recently, newest first, re-stated between full scans.
    pub(super) hot: Vec<PathBuf>,
}

/// Files re-stated on every tick between full scans.
const HOT: usize = 16;

/// The shortest time between two full scans (a new file is seen within it).
const FULL_SCAN_MIN: Duration = Duration::from_millis(100);

/// Puts `changed` at the front of `hot` (newest first, each once, at most [`HOT`]).
fn remember_hot(hot: &mut Vec<PathBuf>, changed: &[PathBuf]) {
    hot.retain(|p| !changed.contains(p));
    let mut front: Vec<PathBuf> = changed.iter().take(HOT).cloned().collect();
    front.append(hot);
    front.truncate(HOT);
    *hot = front;
}

/// Scans the content folder and every layer of the theme (a change to a parent theme
/// rebuilds too); returns the layers watched. A broken theme.yaml watches the theme folder
/// alone until it is fixed (rendering reports the problem).
pub fn scan(content: &Path, theme: &Path) -> (Snapshot, Vec<PathBuf>) {
    let layers =
        crate::theme::Theme::open(theme).map_or_else(|_| vec![theme.to_path_buf()], |t| t.layers);
    let roots: Vec<&Path> = std::iter::once(content)
        .chain(layers.iter().map(PathBuf::as_path))
        .collect();
    (Snapshot::scan(&roots), layers)
}

impl Builder<'_> {
    /// Polls for changes forever. A full scan of every file costs ~10 % of the time between
    /// scans (a 10,000-report site: ~30 ms scanned, every ~0.3 s; a small site every
    /// [`FULL_SCAN_MIN`]); the files changed most recently (the ones being edited) are
    /// re-stated every tick in between, so saving the same report again is seen within one
    /// tick (20 ms, half of it on average: the tick was 50 ms, a third of the wait for a
    /// reload). Changes to other files wait for the next full scan, which compares against
    /// a snapshot that only ever took the re-stated files' new stamps, so nothing is missed.
    pub fn watch(&mut self) -> ! {
        let tick = Duration::from_millis(20);
        let mut interval = FULL_SCAN_MIN;
        let mut last_scan = Instant::now();
        // The theme folder and its parents, as of the last full scan.
        let mut layers = vec![self.opts.theme.clone()];
        loop {
            std::thread::sleep(tick);
            let t = Instant::now();
            let (mut snap, mut paths) = if t - last_scan >= interval {
                let (snap, watched) = scan(&self.opts.content, &self.opts.theme);
                layers = watched;
                last_scan = Instant::now();
                // A slow disk or a huge folder: scan less often (at most a tenth of the time).
                interval = (t.elapsed() * 10).clamp(FULL_SCAN_MIN, Duration::from_secs(2));
                let paths = snap.changes(&self.snapshot);
                (snap, paths)
            } else {
                let paths = self.snapshot.moved(&self.hot);
                if paths.is_empty() {
                    (Snapshot::default(), paths)
                } else {
                    let mut snap = self.snapshot.clone();
                    snap.restat(&paths);
                    (snap, paths)
                }
            };
            let booklets = std::mem::take(&mut lock(&self.booklets).dirty);
            if paths.is_empty() && !booklets {
                continue;
            }
            if !paths.is_empty() && std::env::var_os("SHOWCASE_TIMINGS").is_some() {
                eprintln!(
                    "timing scan: {:.3}s (full scan every {:.3}s)",
                    t.elapsed().as_secs_f64(),
                    interval.as_secs_f64()
                );
            }
            if !paths.is_empty() {
                // Let a save in several writes finish before reading.
                for _ in 0..20 {
                    std::thread::sleep(Duration::from_millis(10));
                    if !snap.restat(&paths) {
                        break;
                    }
                }
                paths = snap.changes(&self.snapshot);
                remember_hot(&mut self.hot, &paths);
                self.snapshot = snap;
            }
            let mut changes = Changes::classify(&paths, &self.opts.content, &layers);
            changes.booklets = booklets;
            self.rebuild(&changes);
        }
    }

    pub fn rebuild(&mut self, changes: &Changes) {
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
        // The analysis replaced, freed once the new pages are out (10,000 reports: ~10-20 ms).
        let mut previous = None;
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
                previous = self.last.replace(Arc::clone(&a));
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
        let count = match rendered {
            Ok(c) => c,
            Err(e) => {
                self.report_render_error(&e);
                return;
            }
        };
        let warnings = analysis.diags.warning_count();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let check = if reanalyse || changes.first {
            format!("检查 {:.1} 毫秒，", ms(analysed))
        } else {
            String::new()
        };
        let pages = match count {
            Some((new, all)) if new < all => format!("（{all} 个页面中 {new} 个有变化）"),
            _ => String::new(),
        };
        println!(
            "已更新预览（{}）：{check}生成 {:.1} 毫秒{pages}，共 {:.1} 毫秒{}",
            changes.describe(),
            ms(total - analysed),
            ms(total),
            if warnings > 0 {
                format!("；{warnings} 个警告，运行 showcase check 查看")
            } else {
                String::new()
            }
        );
        drop(previous);
    }

    /// Renders every tree, in place or into a fresh build folder, and publishes it.
    /// Returns the pages rendered anew and the pages in all (`None` without the cache).
    fn render(
        &mut self,
        analysis: &Analysis,
        templates_changed: bool,
    ) -> Result<Option<(usize, usize)>, String> {
        if templates_changed || self.tera.is_none() {
            self.tera = None;
            self.pages = Default::default();
            self.tera = Some(load_templates(&self.opts.theme)?);
        }
        let Some(tera) = &self.tera else {
            return Ok(None);
        };
        let full = std::env::var_os("SHOWCASE_SERVE_FULL").is_some();
        let trees = trees(self.opts.internal);
        let in_place = match &self.live {
            Some(live) if !full => trees
                .iter()
                .zip(&self.pages)
                .all(|((tree, _), cache)| cache.folder() == Some(&live.join(tree.folder()))),
            _ => false,
        };
        self.generation += 1;
        let dir = match (&self.live, in_place) {
            (Some(live), true) => live.clone(),
            _ => self.root.join(format!("build-{}", self.generation)),
        };
        // Holds the booklet folder the PDFs are copied from until the copy is done.
        let (_keep, list) = {
            let b = lock(&self.booklets);
            (b.out.clone(), b.list.clone())
        };
        // The trees side by side: each has a few long pages (a 10,000-entry list) that one
        // thread renders while the other threads would otherwise wait for it.
        let built: Vec<Result<Option<Reuse>, String>> = {
            let _held = read(&self.writing);
            trees
                .into_par_iter()
                .zip(self.pages.par_iter_mut())
                .map(|((tree, audience), cache)| {
                    let site = SiteOptions {
                        theme: &self.opts.theme,
                        out: &dir.join(tree.folder()),
                        audience,
                        booklets: &list,
                        progress: false,
                    };
                    let (a, t) = (&analysis.content, &analysis.computed);
                    if full {
                        return build_site_with_templates(a, t, &site, tera).map(|_| None);
                    }
                    let (_, reuse) = build_site_incremental(a, t, &site, tera, cache)?;
                    if std::env::var_os("SHOWCASE_TIMINGS").is_some() {
                        eprintln!(
                            "timing pages {}: {} rendered, {} unchanged{}",
                            tree.folder(),
                            reuse.rendered,
                            reuse.unchanged,
                            if in_place { " (in place)" } else { "" }
                        );
                    }
                    Ok(Some(reuse))
                })
                .collect()
        };
        let rendered: Result<Vec<Option<Reuse>>, String> = built.into_iter().collect();
        let count = rendered.as_ref().ok().and_then(|list| {
            list.iter().try_fold((0, 0), |(new, all), r| {
                r.map(|r| (new + r.rendered, all + r.rendered + r.unchanged))
            })
        });
        body_cache::sweep();
        if let Err(e) = rendered {
            // A failed in-place update left the published folder as it was (a render
            // error) or partly updated (a file system error): the next build starts afresh.
            if !in_place {
                let _ = std::fs::remove_dir_all(&dir);
            }
            self.pages = Default::default();
            return Err(e);
        }
        let base = base_path(&analysis.content.site.base_url);
        if in_place {
            self.shared.advance(self.generation, base);
        } else {
            self.live = Some(dir.clone());
            self.retired = self.shared.publish(
                Output {
                    dir,
                    generation: self.generation,
                },
                base,
            );
        }
        Ok(count)
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
    fn hot_files_are_newest_first_each_once_and_bounded() {
        let p = |s: &str| PathBuf::from(s);
        let mut hot = Vec::new();
        remember_hot(&mut hot, &[p("a"), p("b")]);
        remember_hot(&mut hot, &[p("c"), p("a")]);
        assert_eq!(hot, [p("c"), p("a"), p("b")]);
        let many: Vec<PathBuf> = (0..40).map(|i| p(&format!("f{i}"))).collect();
        remember_hot(&mut hot, &many);
        assert_eq!(hot.len(), HOT);
        assert_eq!(hot[0], p("f0"));
    }
}

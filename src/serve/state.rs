//! What the builder publishes and the server reads: the current build folders (swapped
//! atomically under a lock; an old folder is deleted when the last request reading it is
//! done; a build that updated the current folder in place only advances the generation)
//! and the status the open pages are told about.

use serde_json::{Value, json};
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

/// A folder the preview owns, deleted when the last handle to it is dropped.
#[derive(Debug)]
pub struct Output {
    pub dir: PathBuf,
    /// The build generation (1, 2, …) the folder holds.
    pub generation: u64,
}

impl Drop for Output {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The two sites a preview can serve, each at `/` of its own origin: public, and internal
/// (with `--internal`) on a second port, so that nothing on the public site (an SVG, a
/// report's link) can read the internal pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tree {
    Public,
    Internal,
}

impl Tree {
    pub fn folder(self) -> &'static str {
        match self {
            Tree::Public => "site",
            Tree::Internal => "internal",
        }
    }
}

/// A tree's folder in the current build, with a handle that keeps the build alive.
pub struct Served {
    pub dir: PathBuf,
    pub generation: u64,
    _keep: Arc<Output>,
}

#[derive(Default)]
struct State {
    site: Option<Arc<Output>>,
    /// The generation of the pages in `site` (advanced by in-place updates too).
    site_gen: u64,
    search: Option<Arc<Output>>,
    /// The newest booklet build: `<year>/booklet.pdf`.
    print: Option<Arc<Output>>,
    /// Path part of site.yaml's base_url, e.g. `/` or `/showcase/`.
    base_path: String,
    /// Bumped on every status change.
    version: u64,
    /// Errors that keep the content from being published (shown in the overlay).
    errors: Vec<Value>,
    /// Booklet problems (shown, but the site is still published).
    booklet: Vec<Value>,
    /// Error counts of the current problem, for the overlay's title.
    error_count: usize,
}

pub struct Shared {
    state: Mutex<State>,
    changed: Condvar,
    pub internal: bool,
}

impl Shared {
    pub fn new(internal: bool) -> Shared {
        Shared {
            state: Mutex::new(State {
                base_path: "/".into(),
                ..State::default()
            }),
            changed: Condvar::new(),
            internal,
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn bump(&self, mut s: MutexGuard<'_, State>) {
        s.version += 1;
        drop(s);
        self.changed.notify_all();
    }

    /// Swaps in a new build and clears the content errors. Returns the previous build, whose
    /// folder is deleted when the caller and the last request reading it let go of it.
    pub fn publish(&self, out: Output, base_path: String) -> Option<Arc<Output>> {
        let mut s = self.lock();
        s.site_gen = out.generation;
        let old = s.site.replace(Arc::new(out));
        s.base_path = base_path;
        s.errors.clear();
        s.error_count = 0;
        self.bump(s);
        old
    }

    /// Announces generation `generation` of the current build folder, updated in place, and
    /// clears the content errors.
    pub fn advance(&self, generation: u64, base_path: String) {
        let mut s = self.lock();
        s.site_gen = generation;
        s.base_path = base_path;
        s.errors.clear();
        s.error_count = 0;
        self.bump(s);
    }

    pub fn publish_search(&self, out: Output) {
        let old = self.lock().search.replace(Arc::new(out));
        drop(old);
    }

    pub fn publish_print(&self, out: Arc<Output>) {
        let old = self.lock().print.replace(out);
        drop(old);
    }

    /// The newest booklet PDF of a year, if one was built.
    pub fn booklet(&self, year: &str) -> Option<Served> {
        let s = self.lock();
        let out = s.print.clone()?;
        let dir = out.dir.join(year);
        dir.join("booklet.pdf").is_file().then(|| Served {
            dir,
            generation: out.generation,
            _keep: out,
        })
    }

    /// Keeps the current build and reports why the new one was not published.
    pub fn set_errors(&self, errors: Vec<Value>, count: usize) {
        let mut s = self.lock();
        s.errors = errors;
        s.error_count = count;
        self.bump(s);
    }

    pub fn set_booklet_problems(&self, problems: Vec<Value>) {
        let mut s = self.lock();
        if s.booklet != problems {
            s.booklet = problems;
            self.bump(s);
        }
    }

    pub fn base_path(&self) -> String {
        self.lock().base_path.clone()
    }

    /// The folder of a tree in the current build (`search`: of its search index).
    pub fn tree_dir(&self, tree: Tree, search: bool) -> Option<Served> {
        if tree == Tree::Internal && !self.internal {
            return None;
        }
        let s = self.lock();
        let out = if search { &s.search } else { &s.site }.clone()?;
        Some(Served {
            dir: out.dir.join(tree.folder()),
            generation: s.site_gen,
            _keep: out,
        })
    }

    pub fn current_gen(&self) -> u64 {
        self.lock().site_gen
    }

    fn json(s: &State) -> Value {
        json!({
            "generation": s.site_gen,
            "errors": s.errors,
            "error_count": s.error_count,
            "booklet": s.booklet,
        })
    }

    pub fn status_json(&self) -> Value {
        Self::json(&self.lock())
    }

    /// The status and its version.
    pub fn status(&self) -> (u64, Value) {
        let s = self.lock();
        (s.version, Self::json(&s))
    }

    /// Waits until the status differs from version `seen` (at once when `seen` is `None`);
    /// `None` after `timeout` without change.
    pub fn wait_status(&self, seen: Option<u64>, timeout: Duration) -> Option<(u64, Value)> {
        let s = self.lock();
        let (s, _) = self
            .changed
            .wait_timeout_while(s, timeout, |s| Some(s.version) == seen)
            .unwrap_or_else(|e| e.into_inner());
        (Some(s.version) != seen).then(|| (s.version, Self::json(&s)))
    }
}

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

mod background;
mod builder;
mod changes;
mod folder;
mod http;
pub use http::{content_type, percent_decode};
mod listen;
mod overlay;
mod pool;
mod signals;
mod state;
mod watch;
mod worker;

use background::{Booklets, start_booklet_worker, start_search_worker};
use builder::Builder;
use changes::Changes;
use state::{Shared, Tree};

use crate::render::html::Audience;
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard};
use std::time::Duration;

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

pub fn run(opts: ServeOptions) -> Result<(), String> {
    if !opts.content.is_dir() {
        return Err(format!(
            "找不到内容目录 {}。请在项目文件夹中运行，或用 --content 指定内容目录。",
            opts.content.display()
        ));
    }
    if crate::theme::Theme::open(&opts.theme)?
        .dirs("templates")
        .is_empty()
    {
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
    // The caches of the incremental rebuild (SHOWCASE_SERVE_FULL=1: without, for comparison).
    if std::env::var_os("SHOWCASE_SERVE_FULL").is_none() {
        crate::render::html::body_cache::enable();
        crate::load::cache::enable();
    }
    let shared = Arc::new(Shared::new(opts.internal));
    // Read-held while the builder or the search index writes into the preview folder, so that
    // Ctrl-C (which takes it for writing) never deletes the folder under a write.
    let writing = Arc::new(RwLock::new(()));
    signals::on_stop({
        let root = root.clone();
        let writing = Arc::clone(&writing);
        move || {
            let _held = writing.write().unwrap_or_else(|e| e.into_inner());
            // Not println!: after SIGHUP (the terminal closed) stdout is gone, and a panic
            // here would leave the preview running and its folder behind.
            let say = |s: &str| {
                use std::io::Write;
                let _ = writeln!(std::io::stdout(), "{s}");
            };
            say("\n正在停止预览…");
            for _ in 0..5 {
                if std::fs::remove_dir_all(&root).is_ok() || !root.exists() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            say("预览已停止。");
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
        snapshot: builder::scan(&opts.content, &opts.theme).0,
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
        live: None,
        pages: Default::default(),
        hot: Vec::new(),
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

pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

pub(crate) fn read<T>(m: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    m.read().unwrap_or_else(|e| e.into_inner())
}

pub(crate) fn trees(internal: bool) -> Vec<(Tree, Audience)> {
    let mut v = vec![(Tree::Public, Audience::Public)];
    if internal {
        v.push((Tree::Internal, Audience::Internal));
    }
    v
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
}

//! Incremental page output for the live preview. Every page has a fingerprint: a 128-bit
//! hash of its template and whole context, or for a document page of its key (the page's
//! view with an empty body, plus the text and image answers the body is converted from, see
//! [`super::body_cache::fingerprint`]), so the 10,000 unchanged document pages of a large
//! site cost no Markdown conversion and no context. The first build (and any build after a
//! failure) renders every page into a fresh folder; later builds update that folder in
//! place: the pages whose fingerprint changed are rendered into a staging folder, and only
//! when all of them are rendered are they renamed over the old files (a reader gets the old
//! file or the new one, never half of one), pages that are gone are deleted, and the assets
//! (theme files, charts, images, booklets) are replaced where their bytes differ. A render
//! error leaves the folder as it was.
//!
//! The result equals a full render: a page is kept only when everything its template sees
//! is the same, and the templates themselves are the same (the caller starts a fresh
//! [`PageCache`] when they change).

use super::pages::Page;
use super::{
    SiteOptions, SiteReport, common, io_err, page_base, page_context, render_page, write_assets,
};
use crate::compute::Computed;
use crate::model::Content;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet, FxHasher};
use serde_json::Value;
use std::hash::Hasher;
use std::path::{Path, PathBuf};

/// What one tree's last build left: its folder, each page's fingerprint, the asset files.
#[derive(Default)]
pub struct PageCache {
    last: Option<Last>,
}

struct Last {
    dir: PathBuf,
    prints: FxHashMap<String, u128>,
    assets: FxHashSet<String>,
}

/// How a build went: pages rendered and pages left as they were.
#[derive(Debug, Default, Clone, Copy)]
pub struct Reuse {
    pub rendered: usize,
    pub unchanged: usize,
}

impl PageCache {
    /// Forgets the last build (templates changed, or its folder is gone).
    pub fn clear(&mut self) {
        self.last = None;
    }

    /// The folder the next build can update in place (the last build's, while it exists).
    pub fn folder(&self) -> Option<&Path> {
        self.last
            .as_ref()
            .map(|l| l.dir.as_path())
            .filter(|d| d.is_dir())
    }
}

/// Like `build_site_with_templates`; when `opts.out` is the folder of the last build that
/// `cache` knows, that folder is updated in place (see the module comment), else every
/// page is written into `opts.out`. On success `cache` describes this build; after an error
/// it is empty.
pub fn build_site_incremental(
    content: &Content,
    computed: &Computed,
    opts: &SiteOptions,
    tera: &tera::Tera,
    cache: &mut PageCache,
) -> Result<(SiteReport, Reuse), String> {
    let timer = super::Timings::start();
    let years: Vec<i32> = opts.booklets.iter().map(|(y, _)| *y).collect();
    let pages = super::pages::all(content, computed, opts.audience, &years);
    let common = common(content, opts.audience);
    let common_print = fingerprint("", &Value::Object(common.clone()));
    timer.lap("pages");
    let last = cache
        .last
        .take()
        .filter(|l| l.dir == opts.out && l.dir.is_dir());
    let name = opts
        .out
        .file_name()
        .map_or_else(|| "site".into(), |n| n.to_string_lossy().into_owned());
    let parent = opts.out.parent().unwrap_or(opts.out);
    let stage = parent.join(format!(".stage-{name}"));
    let _ = std::fs::remove_dir_all(&stage);
    // Pages into the staging folder when updating in place, else straight into `out`.
    let target = if last.is_some() { &stage } else { opts.out };
    let done: Result<Vec<(u128, bool)>, String> = pages
        .par_iter()
        .map(|p| {
            let keyed = key_print(common_print, p);
            let prev = last.as_ref().and_then(|l| l.prints.get(&p.path));
            if keyed.is_some() && keyed.as_ref() == prev {
                return Ok((keyed.unwrap_or_default(), false));
            }
            // A keyed page's lazy view goes straight into the template engine; the others
            // need their whole context for the fingerprint.
            // (`keyed` is only ever `Some` for a page with a key.)
            let lazy = p.key.is_some();
            let ctx = if lazy {
                page_base(&common, p)
            } else {
                page_context(&common, p)
            };
            let print = match keyed {
                Some(k) => k,
                None if p.key.is_none() => fingerprint(p.template, &ctx),
                // Not known before rendering: the render converts the body, then it is.
                None => 0,
            };
            if p.key.is_none() && Some(&print) == prev {
                return Ok((print, false));
            }
            render_page(tera, p, &ctx, lazy, target)?;
            let print = match print {
                0 => key_print(common_print, p)
                    // A page that cannot be keyed never matches (0 is never a fingerprint).
                    .unwrap_or(0),
                k => k,
            };
            Ok((print, true))
        })
        .collect();
    timer.lap("fingerprints and render");
    let done = match done {
        Ok(d) => d,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&stage);
            return Err(e);
        }
    };
    let assets_dir = parent.join(format!(".assets-{name}"));
    let assets = stage_assets(content, computed, opts, &assets_dir);
    let assets = match assets {
        Ok(a) => a,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&stage);
            let _ = std::fs::remove_dir_all(&assets_dir);
            return Err(e);
        }
    };
    timer.lap("assets");
    let paths: FxHashSet<&str> = pages.iter().map(|p| p.path.as_str()).collect();
    let committed = match &last {
        Some(l) => commit(&pages, &done, &paths, l, &stage, opts.out),
        None => Ok(()),
    }
    .and_then(|()| {
        sync_assets(
            &assets_dir,
            &assets,
            last.as_ref().map(|l| &l.assets),
            &paths,
            opts.out,
        )
    });
    let _ = std::fs::remove_dir_all(&stage);
    let _ = std::fs::remove_dir_all(&assets_dir);
    committed?;
    timer.lap("swap in");
    let rendered = done.iter().filter(|d| d.1).count();
    let reuse = Reuse {
        rendered,
        unchanged: done.len() - rendered,
    };
    let report = SiteReport {
        pages: pages.len(),
        files: pages.len() + assets.len(),
    };
    cache.last = Some(Last {
        dir: opts.out.to_path_buf(),
        prints: pages
            .iter()
            .zip(&done)
            .map(|(p, d)| (p.path.clone(), d.0))
            .collect(),
        assets: assets.into_iter().collect(),
    });
    Ok((report, reuse))
}

/// A page's fingerprint from its key, when it has one that can tell.
fn key_print(common: u128, p: &Page) -> Option<u128> {
    let key = p.key.as_ref()?;
    let mut h = hasher();
    h.write_u8(0xfe);
    str_(p.template, &mut h);
    h.write_u128(common);
    str_(&p.path, &mut h);
    str_(&p.title, &mut h);
    hash_value(&p.ctx, &mut h);
    key(&mut h)?;
    Some(finish(&h))
}

/// The fingerprint of a view part shown on many pages (a document's summary), which
/// their keys take in its place.
pub(super) fn print_of(t: &impl serde::Serialize) -> u128 {
    let mut h = hasher();
    super::deferred::sink(t, super::deferred::Sink::Key(&mut h));
    finish(&h)
}

/// Moves the rendered pages from `stage` over their old files in `out` and deletes the
/// pages that are gone.
fn commit(
    pages: &[Page],
    done: &[(u128, bool)],
    paths: &FxHashSet<&str>,
    last: &Last,
    stage: &Path,
    out: &Path,
) -> Result<(), String> {
    for (p, _) in pages.iter().zip(done).filter(|(_, d)| d.1) {
        replace(&stage.join(&p.path), &out.join(&p.path))?;
    }
    for gone in last.prints.keys().filter(|k| !paths.contains(k.as_str())) {
        remove(out, gone)?;
    }
    Ok(())
}

/// Renames `from` over `to` (creating `to`'s folder).
fn replace(from: &Path, to: &Path) -> Result<(), String> {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io_err(parent, e))?;
    }
    std::fs::rename(from, to).map_err(|e| io_err(to, e))
}

/// Deletes `out/rel` and the folders it leaves empty.
fn remove(out: &Path, rel: &str) -> Result<(), String> {
    let file = out.join(rel);
    match std::fs::remove_file(&file) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(io_err(&file, e)),
    }
    let mut dir = file.parent();
    while let Some(d) = dir.filter(|d| *d != out && d.starts_with(out)) {
        if std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
    Ok(())
}

/// Writes the site's assets into `dir` (fresh); returns their paths relative to it.
fn stage_assets(
    content: &Content,
    computed: &Computed,
    opts: &SiteOptions,
    dir: &Path,
) -> Result<Vec<String>, String> {
    let _ = std::fs::remove_dir_all(dir);
    // The folders a full build's pages would have made for the charts and booklets.
    for sub in std::iter::once("archive".to_string())
        .chain(content.cohorts.iter().map(|c| c.year.to_string()))
    {
        let d = dir.join(sub);
        std::fs::create_dir_all(&d).map_err(|e| io_err(&d, e))?;
    }
    write_assets(content, computed, &SiteOptions { out: dir, ..*opts })?;
    let mut files = Vec::new();
    for e in walkdir::WalkDir::new(dir).into_iter() {
        let e = e.map_err(|e| format!("无法读取 {}：{e}", dir.display()))?;
        if e.file_type().is_file()
            && let Ok(rel) = e.path().strip_prefix(dir)
        {
            files.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    Ok(files)
}

/// Puts the staged assets into `out` where they differ from what is there, and deletes the
/// assets of the last build that are no longer produced (unless a page took the path).
fn sync_assets(
    dir: &Path,
    assets: &[String],
    last: Option<&FxHashSet<String>>,
    pages: &FxHashSet<&str>,
    out: &Path,
) -> Result<(), String> {
    for rel in assets {
        let (from, to) = (dir.join(rel), out.join(rel));
        let same = last.is_some()
            && match (std::fs::read(&from), std::fs::read(&to)) {
                (Ok(a), Ok(b)) => a == b,
                _ => false,
            };
        if !same {
            replace(&from, &to)?;
        }
    }
    if let Some(last) = last {
        let now: FxHashSet<&str> = assets.iter().map(String::as_str).collect();
        for gone in last
            .iter()
            .filter(|a| !now.contains(a.as_str()) && !pages.contains(a.as_str()))
        {
            remove(out, gone)?;
        }
    }
    Ok(())
}

fn hasher() -> Both {
    Both(
        FxHasher::with_seed(0x5157_4e44),
        FxHasher::with_seed(0x9e37_79b9_7f4a_7c15),
    )
}

fn finish(h: &Both) -> u128 {
    // 0 marks a page that has no fingerprint.
    ((u128::from(h.0.finish()) << 64) | u128::from(h.1.finish())).max(1)
}

/// A 128-bit hash of the template name and everything in the context (two differently
/// seeded hashers: a collision would silently keep a stale page). FxHasher, not SipHash:
/// the contexts of 10,000 document pages are over 100 MB per rebuild.
fn fingerprint(template: &str, ctx: &Value) -> u128 {
    let mut h = hasher();
    h.write(template.as_bytes());
    h.write_u8(0xff);
    hash_value(ctx, &mut h);
    finish(&h)
}

struct Both(FxHasher, FxHasher);

impl Hasher for Both {
    fn finish(&self) -> u64 {
        self.0.finish() ^ self.1.finish()
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0.write(bytes);
        // The second also takes each part's length first: the two differ in more than
        // their seed.
        self.1.write_usize(bytes.len());
        self.1.write(bytes);
    }
}

/// Hashes a JSON value unambiguously (a tag and a length before every part).
fn hash_value(v: &Value, h: &mut impl Hasher) {
    match v {
        Value::Null => h.write_u8(0),
        Value::Bool(b) => h.write_u8(if *b { 1 } else { 2 }),
        Value::Number(n) => {
            h.write_u8(3);
            str_(&n.to_string(), h);
        }
        Value::String(s) => {
            h.write_u8(4);
            str_(s, h);
        }
        Value::Array(a) => {
            h.write_u8(5);
            h.write_usize(a.len());
            for x in a {
                hash_value(x, h);
            }
        }
        Value::Object(o) => {
            h.write_u8(6);
            h.write_usize(o.len());
            for (k, x) in o {
                str_(k, h);
                hash_value(x, h);
            }
        }
    }
}

fn str_(s: &str, h: &mut impl Hasher) {
    h.write_usize(s.len());
    h.write(s.as_bytes());
}

#[cfg(test)]
#[path = "incremental_tests.rs"]
mod tests;

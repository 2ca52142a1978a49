//! What the live preview keeps between analyses (off unless [`enable`] was called, so
//! `build` and `check` always read everything): the text of every Markdown document, by
//! size and modification time, and each document's parse, by its text. A one-report edit
//! then re-reads and re-parses one file, not 10,000.
//!
//! A file modified in the last few seconds is always read again: on file systems with
//! coarse timestamps (FAT keeps 2 s) a second same-size save can keep size and time.

use crate::diag::Diagnostic;
use crate::model::{DocKind, Document};
use crate::source::FileId;
use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, SystemTime};

static ON: AtomicBool = AtomicBool::new(false);

/// Files modified more recently than this are read again.
const SETTLED: Duration = Duration::from_secs(5);

/// Turns the caches on for this process.
pub fn enable() {
    ON.store(true, Ordering::Relaxed);
}

pub fn on() -> bool {
    ON.load(Ordering::Relaxed)
}

/// Cached texts by [`path_key`], each with its path (compared on a hit), size and time.
type Texts = FxHashMap<u64, (PathBuf, u64, SystemTime, Arc<str>)>;

/// A hash of a path's bytes: hashing a `Path` walks its components, and 10,000 lookups per
/// rebuild (two maps) showed in the preview's profile.
fn path_key(p: &Path, extra: u64) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(p.as_os_str().as_encoded_bytes());
    h.write_u64(extra);
    h.finish()
}

fn texts() -> &'static Mutex<Texts> {
    static T: OnceLock<Mutex<Texts>> = OnceLock::new();
    T.get_or_init(Default::default)
}

/// The size and time a text may be cached under: `None` when it changed too recently.
pub fn stamp(meta: &std::fs::Metadata) -> Option<(u64, SystemTime)> {
    let t = meta.modified().ok()?;
    let age = SystemTime::now().duration_since(t).ok()?;
    (age >= SETTLED).then_some((meta.len(), t))
}

/// The cached text of `full` when its size and time are still `stamp`.
pub fn text(full: &Path, stamp: (u64, SystemTime)) -> Option<Arc<str>> {
    let key = path_key(full, 0);
    let t = texts().lock().ok()?;
    let (path, len, time, text) = t.get(&key)?;
    (path.as_os_str() == full.as_os_str() && (*len, *time) == stamp).then(|| Arc::clone(text))
}

pub fn keep_text(full: &Path, stamp: (u64, SystemTime), text: &Arc<str>) {
    if let Ok(mut t) = texts().lock() {
        t.insert(
            path_key(full, 0),
            (full.to_path_buf(), stamp.0, stamp.1, Arc::clone(text)),
        );
    }
}

/// A parse, shared: a hit takes the lock only to clone the `Arc`s, and copies the document
/// after letting go (10,000 copies under one lock kept the loader's threads waiting).
struct Parsed {
    rel: PathBuf,
    kind: u8,
    file: FileId,
    text: Arc<str>,
    parse: Arc<(Option<Document>, Vec<Diagnostic>)>,
}

/// Parses by [`path_key`] of the path, kind and file id.
type Docs = FxHashMap<u64, Parsed>;

fn docs() -> &'static Mutex<Docs> {
    static D: OnceLock<Mutex<Docs>> = OnceLock::new();
    D.get_or_init(Default::default)
}

fn kind_key(k: DocKind) -> u8 {
    match k {
        DocKind::Report => 0,
        DocKind::Case => 1,
        DocKind::Preface => 2,
        DocKind::Afterword => 3,
    }
}

/// `parse(text)` for the document at `rel`, from the cache when the same text was parsed
/// at the same place (path, kind, file id: every position it reports) before.
pub fn parsed(
    rel: &Path,
    kind: DocKind,
    file: FileId,
    text: Arc<str>,
    parse: impl FnOnce(Arc<str>) -> (Option<Document>, Vec<Diagnostic>),
) -> (Option<Document>, Vec<Diagnostic>) {
    if !on() {
        return parse(text);
    }
    let kind = kind_key(kind);
    let key = path_key(rel, u64::from(kind) << 32 | u64::from(file.0));
    let hit = docs().lock().ok().and_then(|d| {
        d.get(&key)
            .filter(|p| {
                p.rel.as_os_str() == rel.as_os_str()
                    && (p.kind, p.file) == (kind, file)
                    && (Arc::ptr_eq(&p.text, &text) || *p.text == *text)
            })
            .map(|p| Arc::clone(&p.parse))
    });
    if let Some(p) = hit {
        return (p.0.clone(), p.1.clone());
    }
    let (doc, diags) = parse(Arc::clone(&text));
    if let Ok(mut d) = docs().lock() {
        d.insert(
            key,
            Parsed {
                rel: rel.to_path_buf(),
                kind,
                file,
                text,
                parse: Arc::new((doc.clone(), diags.clone())),
            },
        );
    }
    (doc, diags)
}

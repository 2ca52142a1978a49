//! Reusing an index just written: `build --internal` builds the public and the internal site
//! from the same content, and their indexes are identical unless an author withheld consent
//! (the only audience-dependent input is the authors' names). The inputs' fingerprint is
//! remembered with the folder written; an identical fingerprint hard-links (or copies) those
//! files instead of building the index again.

use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

static LAST: Mutex<Option<(u64, PathBuf, usize)>> = Mutex::new(None);

/// Fingerprint of everything the index is built from, for one audience.
/// `feed` passes every input text to the function it is given.
pub fn fingerprint(feed: impl FnOnce(&mut dyn FnMut(&str))) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    feed(&mut |p: &str| {
        h.write(p.as_bytes());
        h.write_u8(0xff);
    });
    h.finish()
}

/// Remembers the index written to `dir` (its `search/` folder) with `files` files.
pub fn remember(print: u64, dir: &Path, files: usize) {
    if let Ok(mut last) = LAST.lock() {
        *last = Some((print, dir.to_path_buf(), files));
    }
}

/// Links (or copies) the remembered index into `dir` when its fingerprint is `print`;
/// `None` when there is nothing to reuse or it cannot be linked.
pub fn reuse(print: u64, dir: &Path) -> Option<usize> {
    let (from, files) = match LAST.lock().ok()?.as_ref() {
        Some((p, from, files)) if *p == print && from != dir => (from.clone(), *files),
        _ => return None,
    };
    if !from.join("manifest.js").is_file() {
        return None;
    }
    let linked = link_all(&from, dir);
    if linked.is_none() {
        // Nothing half-linked may stay: the full build would write through the links.
        let _ = std::fs::remove_dir_all(dir);
    }
    linked.map(|()| files)
}

/// Hard-links (or copies) every file below `from` into `dir`.
pub(super) fn link_all(from: &Path, dir: &Path) -> Option<()> {
    for e in walkdir::WalkDir::new(from).follow_links(false) {
        let e = e.ok()?;
        let target = dir.join(e.path().strip_prefix(from).ok()?);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&target).ok()?;
        } else if e.file_type().is_file() && !target.exists() {
            std::fs::hard_link(e.path(), &target)
                .or_else(|_| std::fs::copy(e.path(), &target).map(|_| ()))
                .ok()?;
        }
    }
    Some(())
}

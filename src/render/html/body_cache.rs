//! A cache of converted document bodies for the live preview: on a one-report edit the other
//! 9,999 bodies need not go through pulldown-cmark again. Off unless [`enable`] was called
//! (`showcase build` converts every body once and keeps nothing).
//!
//! An entry is keyed by the Markdown text (its length and hash) and remembers every image the
//! conversion asked about with the answer it got; a hit re-asks those images and is used
//! only when every answer is the same, so a moved or resized picture is converted again.

use super::markdown::ImageUrl;
use rustc_hash::{FxHashMap, FxHasher};
use std::hash::Hasher;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};

static ON: AtomicBool = AtomicBool::new(false);
/// The current build round; entries not used in a round are dropped by [`sweep`].
static ROUND: AtomicU64 = AtomicU64::new(0);

struct Entry {
    /// Each image src the conversion mapped, with the answer.
    images: Vec<(String, Option<ImageUrl>)>,
    html: String,
    round: u64,
}

type Key = (usize, u64);

fn cache() -> &'static Mutex<FxHashMap<Key, Entry>> {
    static CACHE: OnceLock<Mutex<FxHashMap<Key, Entry>>> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(FxHashMap::default()))
}

/// Turns the cache on for this process.
pub fn enable() {
    ON.store(true, Ordering::Relaxed);
}

/// Drops the entries the last round did not use and starts a new round.
pub fn sweep() {
    if !ON.load(Ordering::Relaxed) {
        return;
    }
    let round = ROUND.fetch_add(1, Ordering::Relaxed);
    if let Ok(mut c) = cache().lock() {
        c.retain(|_, e| e.round >= round);
    }
}

fn key(markdown: &str) -> Key {
    let mut h = FxHasher::default();
    h.write(markdown.as_bytes());
    (markdown.len(), h.finish())
}

/// `convert(markdown, image_url)`, from the cache when the same text with the same images
/// was converted before.
pub fn converted(
    markdown: &str,
    image_url: &dyn Fn(&str) -> Option<ImageUrl>,
    convert: impl FnOnce(&dyn Fn(&str) -> Option<ImageUrl>) -> String,
) -> String {
    if !ON.load(Ordering::Relaxed) {
        return convert(image_url);
    }
    let k = key(markdown);
    let round = ROUND.load(Ordering::Relaxed);
    if let Ok(mut c) = cache().lock()
        && let Some(e) = c.get_mut(&k)
        && e.images.iter().all(|(src, url)| image_url(src) == *url)
    {
        e.round = round;
        return e.html.clone();
    }
    let asked = Mutex::new(Vec::new());
    let html = convert(&|src: &str| {
        let url = image_url(src);
        if let Ok(mut a) = asked.lock() {
            a.push((src.to_string(), url.clone()));
        }
        url
    });
    if let Ok(mut c) = cache().lock() {
        c.insert(
            k,
            Entry {
                images: asked.into_inner().unwrap_or_default(),
                html: html.clone(),
                round,
            },
        );
    }
    html
}

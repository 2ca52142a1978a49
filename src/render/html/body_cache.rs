//! A cache of converted document bodies for the live preview: on a one-report edit the other
//! 9,999 bodies need not go through pulldown-cmark again. Off unless [`enable`] was called
//! (`showcase build` converts every body once and keeps nothing).
//!
//! An entry is keyed by the Markdown text (its length and hash) and remembers every image the
//! conversion asked about with the answer it got; a hit re-asks those images and is used
//! only when every answer is the same, so a moved or resized picture is converted again.
//!
//! [`fingerprint`] answers, without converting, what a body would be converted from (its
//! text and the images' answers): the incremental preview keys a document page on it
//! instead of the converted HTML.

use super::markdown::ImageUrl;
use rustc_hash::{FxHashMap, FxHasher};
use std::hash::Hasher;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

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

/// Each document text's body key, by the text's address (the `Arc` is kept, so the address
/// is not reused while the entry lives): hashing 10,000 bodies on every rebuild costs more
/// than the rest of a page's fingerprint.
struct Known {
    text: Arc<str>,
    start: usize,
    key: Key,
    round: u64,
}

fn known() -> &'static Mutex<FxHashMap<(usize, usize), Known>> {
    static KNOWN: OnceLock<Mutex<FxHashMap<(usize, usize), Known>>> = OnceLock::new();
    KNOWN.get_or_init(|| Mutex::new(FxHashMap::default()))
}

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
    if let Ok(mut k) = known().lock() {
        k.retain(|_, e| e.round >= round);
    }
}

/// The body key of `text[start..]`, remembered by the text's address.
fn body_key(text: &Arc<str>, start: usize, round: u64) -> Key {
    let at = (Arc::as_ptr(text).cast::<u8>() as usize, text.len());
    if let Ok(mut k) = known().lock()
        && let Some(e) = k.get_mut(&at)
        && Arc::ptr_eq(&e.text, text)
        && e.start == start
    {
        e.round = round;
        return e.key;
    }
    let key = key(text.get(start..).unwrap_or(""));
    if let Ok(mut k) = known().lock() {
        k.insert(
            at,
            Known {
                text: Arc::clone(text),
                start,
                key,
                round,
            },
        );
    }
    key
}

/// What the body `text[start..]` converts to, as a 128-bit value fed to `h`: its text's key
/// and every image answer, when the cache holds a conversion of that text whose images still
/// answer the same (the HTML [`converted`] returns is then a function of exactly these).
/// `None` when it would have to be converted (or the cache is off).
pub fn fingerprint(
    text: &Arc<str>,
    start: usize,
    image_url: &dyn Fn(&str) -> Option<ImageUrl>,
    h: &mut impl Hasher,
) -> Option<()> {
    if !ON.load(Ordering::Relaxed) {
        return None;
    }
    let round = ROUND.load(Ordering::Relaxed);
    let k = body_key(text, start, round);
    let mut c = cache().lock().ok()?;
    let e = c.get_mut(&k)?;
    if !e.images.iter().all(|(src, url)| image_url(src) == *url) {
        return None;
    }
    e.round = round;
    h.write_usize(k.0);
    h.write_u64(k.1);
    h.write_usize(e.images.len());
    for (src, url) in &e.images {
        h.write_usize(src.len());
        h.write(src.as_bytes());
        match url {
            None => h.write_u8(0),
            Some(ImageUrl::One(u)) => {
                h.write_u8(1);
                h.write_usize(u.len());
                h.write(u.as_bytes());
            }
            Some(ImageUrl::Sizes(list)) => {
                h.write_u8(2);
                h.write_usize(list.len());
                for (w, u) in list {
                    h.write_u32(*w);
                    h.write_usize(u.len());
                    h.write(u.as_bytes());
                }
            }
        }
    }
    Some(())
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

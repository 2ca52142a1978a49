//! Compact postings: the ascending document ids holding a token, written as text a script
//! shard can carry without escaping. Each id is stored as its gap to the previous id + 1 in
//! base64url digits of 5 bits, low digit first (digit values 32–63 mean "more digits
//! follow"). A list holding more than about a sixth of all documents is written as a bitmap
//! instead: `~` and then one digit per six documents (bit j of digit i is document 6i + j).
//! search.js decodes both.

use super::tokens::{TITLE, WORD, cjk_text};
use rustc_hash::FxHashMap as HashMap;

const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
/// Digit values by byte.
const VALUES: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 64 {
        t[DIGITS[i] as usize] = i as u8;
        i += 1;
    }
    t
};

/// One list being built: encoded gaps and the id the next gap counts from.
#[derive(Default)]
struct List {
    bytes: Vec<u8>,
    next: u32,
    len: u32,
}

impl List {
    fn push(&mut self, doc: u32) {
        let mut v = doc - self.next;
        while v >= 32 {
            self.bytes.push(DIGITS[(32 | (v & 31)) as usize]);
            v >>= 5;
        }
        self.bytes.push(DIGITS[v as usize]);
        self.next = doc + 1;
        self.len += 1;
    }

    fn ids(&self) -> Vec<u32> {
        let mut out = Vec::with_capacity(self.len as usize);
        let (mut id, mut v, mut shift) = (0u32, 0u32, 0);
        for &b in &self.bytes {
            let d = u32::from(VALUES[b as usize]);
            v |= (d & 31) << shift;
            if d >= 32 {
                shift += 5;
            } else {
                id += v;
                out.push(id);
                id += 1;
                v = 0;
                shift = 0;
            }
        }
        out
    }

    /// The list as written: gaps, or a bitmap over `docs` documents when that is shorter.
    fn write(&self, docs: u32, out: &mut String) {
        let bitmap_len = docs.div_ceil(6) as usize + 1;
        if bitmap_len >= self.bytes.len() {
            out.push_str(std::str::from_utf8(&self.bytes).unwrap_or_default());
            return;
        }
        let mut bits = vec![0u8; bitmap_len - 1];
        for id in self.ids() {
            bits[(id / 6) as usize] |= 1 << (id % 6);
        }
        out.push('~');
        out.extend(bits.iter().map(|&b| DIGITS[b as usize] as char));
    }
}

#[derive(Default)]
struct Entry {
    body: List,
    title: List,
}

/// The tokens of one shard and their postings; documents must be added in id order.
#[derive(Default)]
pub struct Shard {
    entries: HashMap<u64, Entry>,
    words: HashMap<u64, String>,
}

impl Shard {
    /// Adds document `doc` to the postings of `key` (a key with [`TITLE`] set goes to the
    /// token's title postings). `word` gives an ASCII word's text.
    pub fn add(&mut self, key: u64, doc: u32, word: impl FnOnce() -> Option<String>) {
        let base = key & !TITLE;
        let e = self.entries.entry(base).or_default();
        if key & TITLE != 0 {
            e.title.push(doc);
        } else {
            e.body.push(doc);
        }
        if base & WORD != 0
            && !self.words.contains_key(&base)
            && let Some(w) = word()
        {
            self.words.insert(base, w);
        }
    }

    /// The shard's script: `{"token":"body postings[ title postings]", …}` sorted by token.
    pub fn script(&self, k: usize, docs: u32) -> String {
        let mut list: Vec<(String, &Entry)> = self
            .entries
            .iter()
            .map(|(&key, e)| {
                let t = if key & WORD != 0 {
                    self.words.get(&key).cloned().unwrap_or_default()
                } else {
                    cjk_text(key)
                };
                (t, e)
            })
            .collect();
        list.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let size: usize = list
            .iter()
            .map(|(t, e)| t.len() + e.body.bytes.len() + 8)
            .sum();
        let mut s = String::with_capacity(size + 64);
        s.push_str(&format!("__showcaseSearch.shard({k},{{"));
        for (j, (t, e)) in list.iter().enumerate() {
            if j > 0 {
                s.push(',');
            }
            s.push('"');
            s.push_str(t);
            s.push_str("\":\"");
            e.body.write(docs, &mut s);
            if e.title.len > 0 {
                s.push(' ');
                e.title.write(docs, &mut s);
            }
            s.push('"');
        }
        s.push_str("});\n");
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(ids: &[u32], docs: u32) -> String {
        let mut l = List::default();
        ids.iter().for_each(|&i| l.push(i));
        assert_eq!(l.ids(), ids);
        let mut s = String::new();
        l.write(docs, &mut s);
        s
    }

    #[test]
    fn gaps_and_bitmaps() {
        // Gaps 0, 0, 31, 32 (ids 0, 1, 33, 66): one digit below 32, two from 32.
        assert_eq!(written(&[0, 1, 33, 66], 1000), "AAfgB");
        // Every document of 12: a bitmap is shorter than 12 one-digit gaps.
        assert_eq!(written(&(0..12).collect::<Vec<_>>(), 12), "~__");
    }
}

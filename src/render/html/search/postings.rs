//! Compact postings: the ascending document ids holding a token, as a bit stream
//! ([`super::bits`]). The first bit chooses the form: `0`, then a 5-bit Rice parameter `k`
//! and every id's gap to the previous id + 1 as a Rice code (the gap's high part in unary,
//! its low `k` bits as they are); or `1` and a bitmap of one bit per document, when that is
//! shorter (tokens in most documents). search.js decodes both.

use super::bits::{Reader, Writer};
use super::tokens::{TITLE, WORD, cjk_text};
use rustc_hash::FxHashMap as HashMap;

/// One list being built: its gaps as LEB128 bytes (compact while the index is built).
#[derive(Default)]
struct List {
    bytes: Vec<u8>,
    next: u32,
    len: u32,
}

impl List {
    fn push(&mut self, doc: u32) {
        let mut v = doc - self.next;
        while v >= 0x80 {
            self.bytes.push(0x80 | (v & 0x7F) as u8);
            v >>= 7;
        }
        self.bytes.push(v as u8);
        self.next = doc + 1;
        self.len += 1;
    }

    /// The ids of the list, ascending.
    fn ids(&self) -> Vec<u32> {
        let mut ids = Vec::with_capacity(self.len as usize);
        self.gaps(&mut ids);
        let mut next = 0;
        for g in &mut ids {
            *g += next;
            next = *g + 1;
        }
        ids
    }

    /// Adds `doc` to the list or takes it out (the list stays ascending).
    fn set(&mut self, doc: u32, present: bool) {
        if present && doc >= self.next {
            self.push(doc);
            return;
        }
        let mut ids = self.ids();
        match (ids.binary_search(&doc), present) {
            (Err(i), true) => ids.insert(i, doc),
            (Ok(i), false) => {
                ids.remove(i);
            }
            _ => return,
        }
        *self = List::default();
        ids.into_iter().for_each(|d| self.push(d));
    }

    fn gaps(&self, out: &mut Vec<u32>) {
        out.clear();
        let (mut v, mut shift) = (0u32, 0);
        for &b in &self.bytes {
            v |= u32::from(b & 0x7F) << shift;
            if b & 0x80 != 0 {
                shift += 7;
            } else {
                out.push(v);
                v = 0;
                shift = 0;
            }
        }
    }

    /// Writes the list in its shorter form over `docs` documents; `gaps` is scratch space.
    fn write(&self, docs: u32, gaps: &mut Vec<u32>) -> Vec<u16> {
        self.gaps(gaps);
        // The best k is near log2 of the mean gap: cost three around it in one pass.
        let mean = (self.next as u64 / u64::from(self.len.max(1))).max(1);
        let k0 = (63 - mean.leading_zeros()).saturating_sub(1).min(18);
        let mut high = [0u64; 3];
        for &g in gaps.iter() {
            for (j, h) in high.iter_mut().enumerate() {
                *h += u64::from(g >> (k0 + j as u32));
            }
        }
        let (k, bits) = (0..3u32)
            .map(|j| {
                let k = k0 + j;
                (k, high[j as usize] + u64::from(self.len) * u64::from(1 + k))
            })
            .min_by_key(|e| e.1)
            .unwrap_or((k0, u64::MAX));
        let mut w = Writer::default();
        if bits + 5 > u64::from(docs) {
            w.bits(1, 1);
            let mut id = 0u32;
            let mut word = 0u32;
            let mut filled = 0u32;
            let mut it = gaps.iter().map(|&g| {
                id += g;
                let this = id;
                id += 1;
                this
            });
            let mut next = it.next();
            for d in 0..docs {
                let set = next == Some(d);
                if set {
                    next = it.next();
                }
                word = word << 1 | u32::from(set);
                filled += 1;
                if filled == 32 {
                    w.bits(word, 32);
                    (word, filled) = (0, 0);
                }
            }
            w.bits(word, filled);
        } else {
            w.bits(0, 1);
            w.bits(k, 5);
            for &g in gaps.iter() {
                let q = g >> k;
                if q + 1 + k <= 32 {
                    // q ones, a zero and the low k bits in one write.
                    let ones = ((1u64 << q) - 1) << (k + 1);
                    w.bits((ones | u64::from(g & ((1 << k) - 1))) as u32, q + 1 + k);
                } else {
                    w.unary(q);
                    w.bits(g, k);
                }
            }
        }
        w.finish()
    }
}

/// Document ids of a list written by [`List::write`] (search.js decodes the same way).
pub fn decode(units: &[u16], docs: u32) -> Option<Vec<u32>> {
    let mut r = Reader::new(units);
    let mut ids = Vec::new();
    if r.bit()? == 1 {
        for d in 0..docs {
            if r.bit()? == 1 {
                ids.push(d);
            }
        }
        return Some(ids);
    }
    let k = r.bits(5)?;
    let mut next = 0u32;
    while let Some(q) = r.unary() {
        let id = next + (q << k | r.bits(k)?);
        ids.push(id);
        next = id + 1;
    }
    Some(ids)
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

    /// Adds document `doc` to the postings of `key` or takes it out of them, in any order
    /// (the live preview's index: [`super::live`]); a token no document holds any more goes.
    /// `word` gives a new ASCII word's text.
    pub fn set(
        &mut self,
        key: u64,
        doc: u32,
        present: bool,
        word: impl FnOnce() -> Option<String>,
    ) {
        let base = key & !TITLE;
        if !present && !self.entries.contains_key(&base) {
            return;
        }
        let e = self.entries.entry(base).or_default();
        if key & TITLE != 0 {
            e.title.set(doc, present);
        } else {
            e.body.set(doc, present);
        }
        if e.body.len == 0 && e.title.len == 0 {
            self.entries.remove(&base);
            self.words.remove(&base);
        } else if base & WORD != 0
            && !self.words.contains_key(&base)
            && let Some(w) = word()
        {
            self.words.insert(base, w);
        }
    }

    /// Tokens, and bytes of memory held (about: the table and the lists' buffers).
    pub fn size(&self) -> (usize, usize) {
        let table = self.entries.capacity() * (std::mem::size_of::<(u64, Entry)>() + 1);
        let lists: usize = self
            .entries
            .values()
            .map(|e| e.body.bytes.capacity() + e.title.bytes.capacity())
            .sum();
        let words: usize = self.words.values().map(|w| w.capacity() + 40).sum();
        (self.entries.len(), table + lists + words)
    }

    /// Body and title postings of every token, by key (tests compare two indexes with it).
    #[cfg(test)]
    pub fn lists(&self) -> std::collections::BTreeMap<u64, (Vec<u32>, Vec<u32>)> {
        self.entries
            .iter()
            .map(|(&k, e)| (k, (e.body.ids(), e.title.ids())))
            .collect()
    }

    /// The shard's script: `shard(k, "token token …", "list list …")`, tokens sorted, each
    /// list the body postings and, for a token of some title, `!` and the title postings.
    pub fn script(&self, k: usize, docs: u32) -> Vec<u16> {
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
        let mut s: Vec<u16> = Vec::new();
        s.extend(format!("__showcaseSearch.shard({k},\"").encode_utf16());
        for (j, (t, _)) in list.iter().enumerate() {
            if j > 0 {
                s.push(u16::from(b' '));
            }
            s.extend(t.encode_utf16());
        }
        s.extend("\",\"".encode_utf16());
        let mut gaps = Vec::new();
        for (j, (_, e)) in list.iter().enumerate() {
            if j > 0 {
                s.push(u16::from(b' '));
            }
            s.extend(e.body.write(docs, &mut gaps));
            if e.title.len > 0 {
                s.push(u16::from(b'!'));
                s.extend(e.title.write(docs, &mut gaps));
            }
        }
        s.extend("\");\n".encode_utf16());
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(ids: &[u32], docs: u32) -> Vec<u16> {
        let mut l = List::default();
        ids.iter().for_each(|&i| l.push(i));
        let units = l.write(docs, &mut Vec::new());
        assert_eq!(decode(&units, docs).as_deref(), Some(ids));
        units
    }

    #[test]
    fn rice_codes_and_bitmaps() {
        // Sparse: Rice codes, a few bits an id.
        let sparse: Vec<u32> = (0..200).map(|i| i * 37 + i % 5).collect();
        let units = round_trip(&sparse, 10_000);
        assert!(units.len() * 15 < 200 * 9, "{} units", units.len());
        // Dense: a bitmap of 12 documents fits one unit.
        assert_eq!(round_trip(&(0..12).collect::<Vec<_>>(), 12).len(), 1);
        round_trip(&[0], 1);
        round_trip(&[9_999], 10_000);
        round_trip(&[0, 5_000_000], 6_000_000);
    }

    #[test]
    fn set_inserts_and_removes_in_any_order() {
        let mut l = List::default();
        for (d, present) in [
            (5, true),
            (2, true),
            (9, true),
            (2, true),
            (5, false),
            (7, false),
        ] {
            l.set(d, present);
        }
        assert_eq!(l.ids(), [2, 9]);
        assert_eq!((l.len, l.next), (2, 10));
        let mut s = Shard::default();
        s.set(WORD | 3, 4, true, || Some("abc".into()));
        s.set(WORD | 3 | TITLE, 4, true, || None);
        s.set(WORD | 3, 1, true, || None);
        assert_eq!(s.lists()[&(WORD | 3)], (vec![1, 4], vec![4]));
        s.set(WORD | 3, 4, false, || None);
        s.set(WORD | 3, 1, false, || None);
        // Still in a title list: the token stays until that goes too.
        assert_eq!(s.words.len(), 1);
        s.set(WORD | 3 | TITLE, 4, false, || None);
        assert!(s.entries.is_empty() && s.words.is_empty());
    }
}

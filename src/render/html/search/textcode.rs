//! The stored text of the search index, compressed with a dictionary learnt from the site's
//! own text: the commonest character pairs and triples become symbols beside the single
//! characters, a text is cut greedily into the longest symbols, and the symbols are written
//! with a canonical Huffman code (about 7 bits a Chinese character on realistic prose,
//! against 16 as UTF-16). The model (`search/text.js`) is the symbol list in code order and
//! the count of codes of each length; search.js rebuilds the code from those counts.
//! A character outside the model is written as the escape symbol and its 21-bit code point;
//! every text ends with the end symbol.

use super::bits::{Reader, Writer};
use rustc_hash::FxHashMap as HashMap;

/// Character pairs kept as symbols (the commonest, seen at least [`MIN_GRAM`] times).
const PAIRS: usize = 12_000;
/// Character triples kept as symbols.
const TRIPLES: usize = 4_000;
const MIN_GRAM: u32 = 4;
/// Longest code; the counts are flattened until the Huffman code fits.
const MAX_LEN: u8 = 24;
const END: u32 = 0;
const ESC: u32 = 1;
/// Bits of an escaped code point.
const CP_BITS: u32 = 21;
/// A pair's key has this in the third character's place.
const NONE: u64 = 0x1F_FFFF;

fn pair(a: char, b: char) -> u64 {
    (a as u64) << 42 | (b as u64) << 21 | NONE
}

fn triple(a: char, b: char, c: char) -> u64 {
    (a as u64) << 42 | (b as u64) << 21 | c as u64
}

/// A learnt text model: symbols and their codes.
pub struct Model {
    /// Symbol texts by id (`END` and `ESC` are empty).
    syms: Vec<String>,
    chars: HashMap<char, u32>,
    grams: HashMap<u64, u32>,
    /// Code and code length by symbol id.
    codes: Vec<(u32, u8)>,
    end: u32,
    esc: u32,
}

impl Model {
    /// Learns the model from `sample` (texts representative of everything to be encoded).
    pub fn learn<'a>(sample: impl Iterator<Item = &'a str> + Clone) -> Model {
        let mut pairs: HashMap<u64, u32> = HashMap::default();
        let mut chars: HashMap<char, u32> = HashMap::default();
        for t in sample.clone() {
            let mut b = None;
            for c in t.chars() {
                *chars.entry(c).or_default() += 1;
                if let Some(y) = b {
                    *pairs.entry(pair(y, c)).or_default() += 1;
                }
                b = Some(c);
            }
        }
        let pairs = commonest(pairs, PAIRS);
        // A common triple is made of two common pairs: only those are counted (the map of
        // every triple of a large sample is most of the learning time).
        let kept: rustc_hash::FxHashSet<u64> = pairs.iter().copied().collect();
        let mut triples: HashMap<u64, u32> = HashMap::default();
        for t in sample.clone() {
            let (mut a, mut b, mut ab) = (None, None, false);
            for c in t.chars() {
                if let Some(y) = b {
                    let bc = kept.contains(&pair(y, c));
                    if let (Some(x), true, true) = (a, ab, bc) {
                        *triples.entry(triple(x, y, c)).or_default() += 1;
                    }
                    ab = bc;
                }
                (a, b) = (b, Some(c));
            }
        }
        let triples = commonest(triples, TRIPLES);
        let mut m = Model {
            syms: vec![String::new(), String::new()],
            chars: HashMap::default(),
            grams: HashMap::default(),
            codes: Vec::new(),
            end: END,
            esc: ESC,
        };
        let mut sorted: Vec<(char, u32)> = chars.into_iter().collect();
        sorted.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        for (c, _) in sorted {
            m.chars.insert(c, m.syms.len() as u32);
            m.syms.push(c.to_string());
        }
        for k in pairs.into_iter().chain(triples) {
            m.grams.insert(k, m.syms.len() as u32);
            m.syms.push(gram_text(k));
        }
        // Symbol frequencies as the encoder will cut the sample.
        let mut freq = vec![0u64; m.syms.len()];
        for t in sample {
            m.cut(t, |s, _| freq[s as usize] += 1);
            freq[END as usize] += 1;
        }
        freq[ESC as usize] += 1;
        m.drop_unused(&mut freq);
        m.codes = canonical(&huffman_lengths(&freq));
        m
    }

    /// Forgets grams the greedy cut never chose (characters stay: they cover the text).
    fn drop_unused(&mut self, freq: &mut Vec<u64>) {
        let mut keep: Vec<bool> = (0..self.syms.len())
            .map(|i| freq[i] > 0 || i < 2 || self.syms[i].chars().nth(1).is_none())
            .collect();
        // The cut looks for a triple only after its first pair: keep the pairs of used triples.
        for (&k, &id) in &self.grams {
            if k & NONE != NONE
                && keep[id as usize]
                && let Some(&p) = self.grams.get(&(k | NONE))
            {
                keep[p as usize] = true;
            }
        }
        let mut new_id = vec![u32::MAX; keep.len()];
        let mut n = 0;
        for (i, k) in keep.iter().enumerate() {
            if *k {
                new_id[i] = n;
                n += 1;
            }
        }
        let mut j = 0;
        self.syms.retain(|_| {
            j += 1;
            keep[j - 1]
        });
        let mut j = 0;
        freq.retain(|_| {
            j += 1;
            keep[j - 1]
        });
        freq.iter_mut().for_each(|f| *f = (*f).max(1));
        self.chars
            .values_mut()
            .for_each(|v| *v = new_id[*v as usize]);
        self.grams.retain(|_, v| keep[*v as usize]);
        self.grams
            .values_mut()
            .for_each(|v| *v = new_id[*v as usize]);
    }

    /// Cuts `text` greedily into the longest symbols; `emit(symbol, char)` (`ESC` with the
    /// character it stands for).
    fn cut(&self, text: &str, mut emit: impl FnMut(u32, char)) {
        let cs: Vec<char> = text.chars().collect();
        let mut i = 0;
        while i < cs.len() {
            let c = cs[i];
            // Every kept triple starts with a kept pair: no pair, no triple to look for.
            let two = cs.get(i + 1).and_then(|&b| self.grams.get(&pair(c, b)));
            if let Some(&p) = two {
                match cs
                    .get(i + 2)
                    .and_then(|&d| self.grams.get(&triple(c, cs[i + 1], d)))
                {
                    Some(&t) => {
                        emit(t, c);
                        i += 3;
                    }
                    None => {
                        emit(p, c);
                        i += 2;
                    }
                }
            } else {
                emit(self.chars.get(&c).copied().unwrap_or(ESC), c);
                i += 1;
            }
        }
    }

    /// The text as code units of a bit stream ([`super::bits`]).
    pub fn encode(&self, text: &str) -> Vec<u16> {
        let mut w = Writer::default();
        let put = |w: &mut Writer, s: u32| {
            let (code, len) = self.codes[s as usize];
            w.bits(code, u32::from(len));
        };
        self.cut(text, |s, c| {
            put(&mut w, s);
            if s == ESC {
                w.bits(c as u32, CP_BITS);
            }
        });
        put(&mut w, END);
        w.finish()
    }

    /// Decodes what [`Model::encode`] wrote (search.js does the same); `None` if malformed.
    pub fn decode(&self, units: &[u16]) -> Option<String> {
        let (firsts, order) = self.decoding();
        let mut r = Reader::new(units);
        let mut out = String::new();
        loop {
            let (mut code, mut len) = (0u32, 0usize);
            let s = loop {
                code = code << 1 | r.bit()?;
                len += 1;
                let (first, count, at) = *firsts.get(len)?;
                if code.wrapping_sub(first) < count {
                    break order[(at + code - first) as usize];
                }
            };
            if s == self.end {
                return Some(out);
            } else if s == self.esc {
                out.push(char::from_u32(r.bits(CP_BITS)?)?);
            } else {
                out.push_str(self.syms.get(s as usize)?);
            }
        }
    }

    /// Per code length: first code, count, index of its first symbol in code order; and the
    /// symbol ids in code order.
    fn decoding(&self) -> (Vec<(u32, u32, u32)>, Vec<u32>) {
        let order = self.code_order();
        let counts = self.length_counts();
        let mut firsts = vec![(0, 0, 0)];
        let (mut code, mut at) = (0u32, 0u32);
        for &n in &counts[1..] {
            firsts.push((code, n, at));
            code = (code + n) << 1;
            at += n;
        }
        (firsts, order)
    }

    fn code_order(&self) -> Vec<u32> {
        let mut ids: Vec<u32> = (0..self.syms.len() as u32).collect();
        ids.sort_by_key(|&i| (self.codes[i as usize].1, i));
        ids
    }

    /// Codes of each length, index 0 unused.
    fn length_counts(&self) -> Vec<u32> {
        let max = self.codes.iter().map(|c| c.1).max().unwrap_or(0) as usize;
        let mut n = vec![0u32; max + 1];
        self.codes.iter().for_each(|c| n[c.1 as usize] += 1);
        n
    }

    /// `search/text.js`'s call: `text([codes of length 1, 2, …], "symbols")`, the symbols in
    /// code order, each written as its length in characters (`0` for the end symbol) and its
    /// characters, the escape symbol as `e`.
    pub fn script(&self) -> String {
        let counts = &self.length_counts()[1..];
        let mut syms = String::new();
        for i in self.code_order() {
            if i == self.esc {
                syms.push('e');
            } else {
                let s = &self.syms[i as usize];
                syms.push(char::from(b'0' + s.chars().count() as u8));
                syms.push_str(s);
            }
        }
        format!(
            "__showcaseSearch.text({},{});\n",
            serde_json::to_string(counts).unwrap_or_default(),
            serde_json::to_string(&syms).unwrap_or_default()
        )
    }
}

impl Model {
    /// The model of a `text.js` call's arguments (for reading an index back; it decodes only).
    pub fn from_script(counts: &[u32], packed: &str) -> Option<Model> {
        let mut syms: Vec<Option<String>> = Vec::new();
        let mut it = packed.chars();
        while let Some(c) = it.next() {
            syms.push(match c {
                'e' => None,
                '0'..='3' => Some(it.by_ref().take(c as usize - '0' as usize).collect()),
                _ => return None,
            });
        }
        let mut lens = Vec::with_capacity(syms.len());
        for (l, &n) in counts.iter().enumerate() {
            lens.extend(std::iter::repeat_n(u8::try_from(l + 1).ok()?, n as usize));
        }
        if lens.len() != syms.len() {
            return None;
        }
        let end = syms.iter().position(|s| s.as_deref() == Some(""))? as u32;
        let esc = syms.iter().position(Option::is_none)? as u32;
        Some(Model {
            syms: syms.into_iter().map(Option::unwrap_or_default).collect(),
            chars: HashMap::default(),
            grams: HashMap::default(),
            codes: canonical(&lens),
            end,
            esc,
        })
    }
}

/// The `keep` commonest keys seen at least [`MIN_GRAM`] times, commonest first.
fn commonest(counts: HashMap<u64, u32>, keep: usize) -> Vec<u64> {
    let mut g: Vec<(u64, u32)> = counts.into_iter().filter(|e| e.1 >= MIN_GRAM).collect();
    g.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    g.into_iter().take(keep).map(|e| e.0).collect()
}

fn gram_text(k: u64) -> String {
    [k >> 42, (k >> 21) & NONE, k & NONE]
        .into_iter()
        .filter(|&c| c != NONE)
        .filter_map(|c| char::from_u32(c as u32))
        .collect()
}

/// Huffman code lengths, at most [`MAX_LEN`] (counts are flattened until they fit).
fn huffman_lengths(freq: &[u64]) -> Vec<u8> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    let mut f: Vec<u64> = freq.to_vec();
    loop {
        let n = f.len();
        if n < 2 {
            return vec![1; n];
        }
        // Nodes: leaves 0..n, inner nodes after; parent links give the depths.
        let mut parent = vec![usize::MAX; 2 * n - 1];
        let mut heap: BinaryHeap<Reverse<(u64, usize)>> = f
            .iter()
            .enumerate()
            .map(|(i, &w)| Reverse((w, i)))
            .collect();
        let mut next = n;
        while heap.len() > 1 {
            let Reverse((wa, a)) = heap.pop().unwrap_or(Reverse((0, 0)));
            let Reverse((wb, b)) = heap.pop().unwrap_or(Reverse((0, 0)));
            parent[a] = next;
            parent[b] = next;
            heap.push(Reverse((wa + wb, next)));
            next += 1;
        }
        let mut depth = vec![0u8; 2 * n - 1];
        for i in (0..2 * n - 2).rev() {
            depth[i] = depth[parent[i]].saturating_add(1);
        }
        let lens = depth[..n].to_vec();
        if lens.iter().all(|&l| l <= MAX_LEN) {
            return lens;
        }
        f.iter_mut().for_each(|w| *w = (*w >> 1) + 1);
    }
}

/// Canonical codes for the lengths: shorter codes first, ties by symbol id.
fn canonical(lens: &[u8]) -> Vec<(u32, u8)> {
    let mut ids: Vec<usize> = (0..lens.len()).collect();
    ids.sort_by_key(|&i| (lens[i], i));
    let mut codes = vec![(0u32, 0u8); lens.len()];
    let (mut code, mut len) = (0u32, 0u8);
    for i in ids {
        code <<= lens[i] - len;
        len = lens[i];
        codes[i] = (code, len);
        code += 1;
    }
    codes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_with_escapes_and_every_kind_of_character() {
        let sample = [
            "社区网格化管理，社区居家养老服务。",
            "网格员走访社区。\n第二行 ABC",
        ];
        let m = Model::learn(sample.iter().copied());
        // The model as search.js reads it from text.js decodes the same.
        let script = m.script();
        let args = &script[script.find('(').unwrap() + 1..script.rfind(')').unwrap()];
        let (counts, packed): (Vec<u32>, String) =
            serde_json::from_str(&format!("[{args}]")).unwrap();
        let read = Model::from_script(&counts, &packed).unwrap();
        for t in [
            sample[0],
            sample[1],
            "",
            "未见过的字：𠀀、\"引号\"与\\反斜杠\u{2028}",
            "社区社区社区",
        ] {
            let units = m.encode(t);
            assert_eq!(m.decode(&units).as_deref(), Some(t), "{t}");
            assert_eq!(read.decode(&units).as_deref(), Some(t), "{t}");
        }
    }

    #[test]
    fn common_text_takes_fewer_bits_than_utf16() {
        let line = "社区网格化管理推动居家养老服务落地，网格员每周走访独居老人。";
        let sample: Vec<String> = (0..50).map(|i| format!("{line}第{i}次。")).collect();
        let m = Model::learn(sample.iter().map(String::as_str));
        let units = m.encode(line);
        assert!(
            units.len() * 4 < line.encode_utf16().count(),
            "{}",
            units.len()
        );
    }

    #[test]
    fn a_triple_whose_pair_never_stands_alone_is_still_found() {
        // 甲乙 only ever occurs in 甲乙丙: the pair is never cut on its own, yet the cut
        // reaches the triple through it.
        let sample: Vec<String> = (0..20).map(|i| format!("甲乙丙{}", i % 3)).collect();
        let m = Model::learn(sample.iter().map(String::as_str));
        let t = m.grams[&triple('甲', '乙', '丙')];
        let mut cut = Vec::new();
        m.cut("甲乙丙", |s, _| cut.push(s));
        assert_eq!(cut, [t]);
    }

    #[test]
    fn lengths_are_limited_and_the_code_is_prefix_free() {
        // Fibonacci weights make the deepest Huffman tree.
        let mut f = vec![1u64, 1];
        while f.len() < 40 {
            let n = f.len();
            f.push(f[n - 1] + f[n - 2]);
        }
        let lens = huffman_lengths(&f);
        assert!(lens.iter().all(|&l| l <= MAX_LEN));
        let kraft: f64 = lens.iter().map(|&l| 0.5f64.powi(l.into())).sum();
        assert!(kraft <= 1.0 + 1e-12, "{kraft}");
        let codes = canonical(&lens);
        for (i, a) in codes.iter().enumerate() {
            for b in &codes[i + 1..] {
                let (s, l) = if a.1 <= b.1 { (a, b) } else { (b, a) };
                assert_ne!(l.0 >> (l.1 - s.1), s.0, "{a:?} prefixes {b:?}");
            }
        }
    }
}

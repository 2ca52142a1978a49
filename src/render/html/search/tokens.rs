//! Search tokens as integer keys: a CJK bigram (or a lone CJK character) packs into a u64,
//! an ASCII word is keyed by its hash and carried with its text. The shard of a token is an
//! FNV-1a hash over its code points, which `search.js` computes the same way.

/// Marks a key as an ASCII word (the low 39 bits are a hash of the word). CJK keys stay below
/// 2^39 (code points below 2^18).
pub const WORD: u64 = 1 << 40;
/// Marks a key as coming from a title (the token's title postings).
pub const TITLE: u64 = 1 << 41;
/// Bits of a key; a document's tokens sort as `shard << KEY_BITS | key`.
pub const KEY_BITS: u32 = 42;

/// One token of a text.
pub enum Tok<'a> {
    /// A bigram `(a << 21) | b`, or a lone character `a << 21`.
    Cjk(u64),
    Word(&'a str),
}

pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// Search tokens of a text: bigrams of adjacent CJK characters (a lone character is its own
/// token) and lower-cased ASCII words/numbers. Must match `tokens()` in the theme's search.js.
pub fn tokens(text: &str, mut emit: impl FnMut(Tok)) {
    let mut prev: Option<char> = None;
    let mut run = 0usize;
    let mut word = String::new();
    let end_run = |prev: Option<char>, run: usize, emit: &mut dyn FnMut(Tok)| {
        if let (Some(p), 1) = (prev, run) {
            emit(Tok::Cjk((p as u64) << 21));
        }
    };
    for ch in text.chars() {
        if is_cjk(ch) {
            if !word.is_empty() {
                emit(Tok::Word(&word));
                word.clear();
            }
            if let (Some(p), true) = (prev, run > 0) {
                emit(Tok::Cjk(((p as u64) << 21) | ch as u64));
            }
            prev = Some(ch);
            run += 1;
        } else {
            end_run(prev, run, &mut emit);
            run = 0;
            prev = None;
            if ch.is_ascii_alphanumeric() {
                word.push(ch.to_ascii_lowercase());
            } else if !word.is_empty() {
                emit(Tok::Word(&word));
                word.clear();
            }
        }
    }
    end_run(prev, run, &mut emit);
    if !word.is_empty() {
        emit(Tok::Word(&word));
    }
}

/// FNV-1a (32-bit) over code points; search.js computes the same.
pub fn fnv(cps: impl IntoIterator<Item = u32>) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for c in cps {
        h ^= c;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// The key and the FNV hash of a token (the shard is the hash modulo the shard count).
pub fn key_and_hash(t: &Tok) -> (u64, u32) {
    match t {
        Tok::Cjk(k) => {
            let (a, b) = ((k >> 21) as u32, (k & 0x1F_FFFF) as u32);
            let h = if b == 0 { fnv([a]) } else { fnv([a, b]) };
            (*k, h)
        }
        Tok::Word(w) => {
            let h = fnv(w.bytes().map(u32::from));
            // FxHash of the word, 39 bits: collisions among a site's few thousand words are
            // very unlikely, and would only merge two words' postings.
            let x = rustc_hash::FxHasher::default();
            let mut x = x;
            std::hash::Hasher::write(&mut x, w.as_bytes());
            let k = std::hash::Hasher::finish(&x) >> 25;
            (WORD | k, h)
        }
    }
}

/// The text of a CJK key.
pub fn cjk_text(k: u64) -> String {
    let mut s = String::new();
    for c in [(k >> 21) as u32 & 0x1F_FFFF, (k & 0x1F_FFFF) as u32] {
        if let Some(ch) = char::from_u32(c).filter(|_| c != 0) {
            s.push(ch);
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<String> {
        let mut v = Vec::new();
        tokens(s, |t| {
            v.push(match t {
                Tok::Cjk(k) => cjk_text(k),
                Tok::Word(w) => w.to_string(),
            })
        });
        v
    }

    #[test]
    fn bigrams_for_chinese_words_for_ascii() {
        assert_eq!(toks("违建治理"), ["违建", "建治", "治理"]);
        assert_eq!(
            toks("党建、PPT制作 2017年"),
            ["党建", "ppt", "制作", "2017", "年"]
        );
        assert_eq!(toks("一"), ["一"]);
        assert_eq!(toks("a一b"), ["a", "一", "b"]);
    }

    #[test]
    fn fnv_matches_the_reference_values() {
        assert_eq!(fnv([]), 0x811c9dc5);
        assert_eq!(fnv([u32::from(b'a')]), 0xe40c292c);
    }
}

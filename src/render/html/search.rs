//! The offline full-text search index: an inverted index of character bigrams (every pair of
//! adjacent Chinese characters, so 违建 matches 违建治理 without a word segmenter) and of
//! ASCII words, written as small JavaScript shards under `search/` that the theme's
//! search script loads with `<script>` tags — so search works from a static host and even
//! from a site opened from disk.
//!
//! Layout (all files call a global `__showcaseSearch` registry):
//! - `search/manifest.js`: shard count, documents per chunk, document count;
//! - `search/docs/<n>.js`: documents `[url, title, kind, year, excerpt]` in chunks;
//! - `search/index/<k>.js`: `{token: [doc-delta, tf, doc-delta, tf, …]}` for tokens whose
//!   FNV-1a hash (of the UTF-8 bytes) modulo the shard count is `k`.

use super::views::{Audience, authors, doc_url};
use crate::model::{Content, DocKind};
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use serde_json::{Value, json};
use std::fmt::Write as _;
use std::path::Path;

/// Documents holding a token (ascending ids) and the token's frequency in each.
type Postings = (Vec<u32>, Vec<u8>);

/// Documents per `docs/<n>.js` chunk.
const DOC_CHUNK: usize = 500;
/// Documents tokenised at once (bounds transient memory on large sites).
const BATCH: usize = 512;

struct Record {
    url: String,
    title: String,
    kind: &'static str,
    year: i32,
    excerpt: String,
    /// Title and keywords count double: they are indexed twice.
    text: String,
}

fn records(content: &Content, aud: Audience) -> Vec<(&crate::model::Cohort, RecordSource<'_>)> {
    let mut out = Vec::new();
    for c in &content.cohorts {
        for d in c.reports.iter().chain(&c.cases) {
            out.push((c, RecordSource::Doc(d)));
        }
        for g in &c.groups {
            out.push((c, RecordSource::Group(g)));
        }
    }
    let _ = aud;
    out
}

enum RecordSource<'a> {
    Doc(&'a crate::model::Document),
    Group(&'a crate::model::Group),
}

fn make_record(c: &crate::model::Cohort, src: &RecordSource, aud: Audience) -> Record {
    match src {
        RecordSource::Doc(d) => {
            let kind = if d.kind == DocKind::Report {
                "调研文章"
            } else {
                "活动案例"
            };
            // Tokens come from the raw Markdown: markup is ASCII punctuation, which the
            // tokenizer skips, so a second Markdown parse per document is not needed.
            let body = d.body();
            let excerpt: String = d
                .abstract_
                .clone()
                .unwrap_or_else(|| super::markdown::to_text(body).chars().take(120).collect());
            let title_kw = format!("{} {}", d.title.value, d.keywords.join(" "));
            Record {
                url: doc_url(d, c.year),
                title: d.title.value.clone(),
                kind,
                year: c.year,
                text: format!(
                    "{title_kw} {title_kw} {} {excerpt} {body}",
                    authors(c, d, aud).join(" ")
                ),
                excerpt,
            }
        }
        RecordSource::Group(g) => {
            let mentor = g
                .mentor
                .as_ref()
                .map(|m| m.name.clone())
                .unwrap_or_default();
            let acts: Vec<&str> = c
                .group_activities(&g.id.value)
                .map(|a| a.title.value.as_str())
                .collect();
            let excerpt = format!(
                "{}年{}，导师{}，{}",
                c.year,
                g.name,
                if mentor.is_empty() { "—" } else { &mentor },
                g.line.clone().unwrap_or_default()
            );
            Record {
                url: format!("{}/groups/{}/index.html", c.year, g.id.value),
                title: format!("{}（{}年）", g.name, c.year),
                kind: "小组",
                year: c.year,
                text: format!(
                    "{} {} {} {}",
                    g.name,
                    g.line.clone().unwrap_or_default(),
                    mentor,
                    acts.join(" ")
                ),
                excerpt,
            }
        }
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// Search tokens of a text: bigrams of adjacent CJK characters (a lone character is its own
/// token) and lower-cased ASCII words/numbers. Must match `tokens()` in the theme's search.js.
pub fn tokens(text: &str, mut emit: impl FnMut(&str)) {
    let mut run: Vec<char> = Vec::new();
    let mut word = String::new();
    let mut buf = String::new();
    let mut flush_run = |run: &mut Vec<char>, emit: &mut dyn FnMut(&str)| {
        if run.len() == 1 {
            buf.clear();
            buf.push(run[0]);
            emit(&buf);
        }
        for w in run.windows(2) {
            buf.clear();
            buf.push(w[0]);
            buf.push(w[1]);
            emit(&buf);
        }
        run.clear();
    };
    for ch in text.chars() {
        if is_cjk(ch) {
            if !word.is_empty() {
                emit(&word);
                word.clear();
            }
            run.push(ch);
        } else if ch.is_ascii_alphanumeric() {
            flush_run(&mut run, &mut emit);
            word.push(ch.to_ascii_lowercase());
        } else {
            flush_run(&mut run, &mut emit);
            if !word.is_empty() {
                emit(&word);
                word.clear();
            }
        }
    }
    flush_run(&mut run, &mut emit);
    if !word.is_empty() {
        emit(&word);
    }
}

/// FNV-1a (32-bit) over UTF-8 bytes; search.js computes the same.
pub fn fnv1a(s: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in s.bytes() {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// Builds the index and writes its files; returns how many files were written.
pub fn build_index(content: &Content, aud: Audience, out: &Path) -> Result<usize, String> {
    let sources = records(content, aud);
    let dir = out.join("search");
    let write = |rel: String, text: String| -> Result<(), String> {
        let p = dir.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("无法创建 {}：{e}", parent.display()))?;
        }
        std::fs::write(&p, text).map_err(|e| format!("无法写入 {}：{e}", p.display()))
    };
    // Postings per token: documents in increasing order with their term frequency.
    let mut postings: HashMap<String, Postings> = HashMap::default();
    let mut docs: Vec<Value> = Vec::with_capacity(sources.len());
    for (b, batch) in sources.chunks(BATCH).enumerate() {
        let done: Vec<(Record, Vec<(String, u8)>)> = batch
            .par_iter()
            .map(|(c, s)| {
                let r = make_record(c, s, aud);
                // Allocate a key only for a token's first occurrence.
                let mut counts: HashMap<String, u8> = HashMap::default();
                tokens(&r.text, |t| match counts.get_mut(t) {
                    Some(n) => *n = n.saturating_add(1),
                    None => {
                        counts.insert(t.to_string(), 1);
                    }
                });
                let mut list: Vec<(String, u8)> = counts.into_iter().collect();
                list.sort_unstable();
                (r, list)
            })
            .collect();
        for (i, (r, list)) in done.into_iter().enumerate() {
            let id = (b * BATCH + i) as u32;
            docs.push(json!([r.url, r.title, r.kind, r.year, r.excerpt]));
            for (t, n) in list {
                let e = postings.entry(t).or_default();
                e.0.push(id);
                e.1.push(n);
            }
        }
    }
    let total: usize = postings.values().map(|p| p.0.len()).sum();
    let shards = (total / 20_000).clamp(8, 1024).next_power_of_two();
    let mut by_shard: Vec<Vec<(&String, &Postings)>> = vec![Vec::new(); shards];
    for (t, p) in &postings {
        by_shard[(fnv1a(t) as usize) % shards].push((t, p));
    }
    let mut files = 0;
    by_shard
        .par_iter_mut()
        .enumerate()
        .try_for_each(|(k, entries)| {
            entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
            let mut s = format!("__showcaseSearch.shard({k},{{");
            for (j, (t, (ids, tfs))) in entries.iter().enumerate() {
                if j > 0 {
                    s.push(',');
                }
                s.push_str(&serde_json::to_string(t).unwrap_or_default());
                s.push_str(":[");
                let mut prev = 0u32;
                for (n, (id, tf)) in ids.iter().zip(tfs).enumerate() {
                    if n > 0 {
                        s.push(',');
                    }
                    let _ = write!(s, "{},{}", id - prev, tf);
                    prev = *id;
                }
                s.push(']');
            }
            s.push_str("});\n");
            write(format!("index/{k}.js"), s)
        })?;
    files += shards;
    for (n, chunk) in docs.chunks(DOC_CHUNK).enumerate() {
        let body = serde_json::to_string(chunk).map_err(|e| e.to_string())?;
        write(
            format!("docs/{n}.js"),
            format!("__showcaseSearch.docs({n},{body});\n"),
        )?;
        files += 1;
    }
    write(
        "manifest.js".into(),
        format!(
            "__showcaseSearch.manifest({});\n",
            json!({ "shards": shards, "chunk": DOC_CHUNK, "docs": docs.len() })
        ),
    )?;
    Ok(files + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<String> {
        let mut v = Vec::new();
        tokens(s, |t| v.push(t.to_string()));
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
    }

    #[test]
    fn fnv_matches_the_reference_values() {
        assert_eq!(fnv1a(""), 0x811c9dc5);
        assert_eq!(fnv1a("a"), 0xe40c292c);
    }
}

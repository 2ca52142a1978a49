//! The offline full-text search index: an inverted index of character bigrams (every pair of
//! adjacent Chinese characters, so 违建 matches 违建治理 without a word segmenter) and of
//! ASCII words, written as small JavaScript shards under `search/` that the theme's
//! search script loads with `<script>` tags — so search works from a static host and even
//! from a site opened from disk.
//!
//! Layout (all files call a global `__showcaseSearch` registry; all but the manifest are
//! UTF-16 with a byte-order mark, two bytes a Chinese character and 15 bits of a bit stream
//! per code unit, see [`bits`]):
//! - `search/manifest.js`: `{v: 3, shards, docs}`;
//! - `search/index/<k>.js`: the tokens whose hash ([`tokens::fnv`] over code points) modulo
//!   the shard count is `k`, and their postings ([`postings`]);
//! - `search/text.js`: the model the stored texts are compressed with ([`textcode`]);
//! - `search/doc/<n>.js`: `[url, title, kind, year, text]` of documents 4n to 4n + 3 (see
//!   [`PACK`]), the text compressed: the stored plain text lets search.js check that a hit
//!   holds the query as a phrase and show the sentence around it, loading only the documents
//!   it shows.
//!
//! Build: a sample of the documents teaches the text model; then documents are tokenised
//! and compressed in parallel batches, their tokens as sorted integer keys grouped by shard;
//! every shard takes its part of the batch in parallel (no global token map). The preview
//! keeps what a full build knew and updates the index in place after an edit ([`live`]).

mod bits;
pub mod live;
mod plain;
mod postings;
pub mod read;
mod reuse;
mod textcode;
mod tokens;

use super::views::{Audience, authors, doc_url};
use crate::model::{Content, DocKind};
use rayon::prelude::*;
use std::path::Path;
use tokens::{KEY_BITS, TITLE, Tok, WORD};

/// Documents tokenised at once (bounds transient memory on large sites).
const BATCH: usize = 256;
/// Shards are filled in this many groups in parallel (a few per thread is enough; one per
/// shard made every document carry thousands of range starts).
const GROUPS: usize = 64;
/// Documents stored per `search/doc/` file: a query shows ten results, often of neighbouring
/// ids, and loads at most 40 files of them; four keeps that well under 1 MB and writes a
/// quarter of the files.
const PACK: usize = 4;

#[derive(Clone)]
struct Record {
    url: String,
    title: String,
    kind: &'static str,
    year: i32,
    /// Stored and indexed text besides the title (keywords, authors, abstract, body).
    text: String,
}

/// One document's distinct tokens as `shard << KEY_BITS | key`, sorted, with the start of
/// each group of shards ([`GROUPS`]).
struct DocTokens {
    keys: Vec<u64>,
    starts: Vec<u32>,
    words: Vec<(u64, String)>,
}

fn records(content: &Content) -> Vec<(&crate::model::Cohort, RecordSource<'_>)> {
    let mut out = Vec::new();
    for c in &content.cohorts {
        for d in c.reports.iter().chain(&c.cases) {
            out.push((c, RecordSource::Doc(d)));
        }
        // Each group's records found in one pass (filtering 100,000 records per group was
        // most of a large archive's index time).
        let mut by_group = c.activities_by_group();
        for g in &c.groups {
            let acts = by_group.remove(g.id.value.as_str()).unwrap_or_default();
            out.push((c, RecordSource::Group(g, acts)));
        }
    }
    out
}

enum RecordSource<'a> {
    Doc(&'a crate::model::Document),
    /// A group and its activity records, in file order.
    Group(&'a crate::model::Group, Vec<&'a crate::model::Activity>),
}

fn make_record(c: &crate::model::Cohort, src: &RecordSource, aud: Audience) -> Record {
    match src {
        RecordSource::Doc(d) => {
            let kind = if d.kind == DocKind::Report {
                "调研文章"
            } else {
                "活动案例"
            };
            let text = format!(
                "{}\n{}\n{}\n{}",
                d.keywords.join(" "),
                authors(c, d, aud).join("、"),
                d.abstract_.as_deref().unwrap_or_default(),
                plain::plain(d.body())
            );
            Record {
                url: record_url(c, src),
                title: d.title.value.clone(),
                kind,
                year: c.year,
                text,
            }
        }
        RecordSource::Group(g, acts) => {
            let mentor = g.mentor.as_ref().map(|m| m.name.as_str()).unwrap_or("—");
            let acts: Vec<&str> = acts.iter().map(|a| a.title.value.as_str()).collect();
            Record {
                url: record_url(c, src),
                title: format!("{}（{}年）", g.name, c.year),
                kind: "小组",
                year: c.year,
                text: format!(
                    "{}年{}，导师{}，{}\n{}",
                    c.year,
                    g.name,
                    mentor,
                    g.line.as_deref().unwrap_or_default(),
                    acts.join("、")
                ),
            }
        }
    }
}

/// The address of a record's page.
fn record_url(c: &crate::model::Cohort, src: &RecordSource) -> String {
    match src {
        RecordSource::Doc(d) => doc_url(d, c.year),
        RecordSource::Group(g, _) => format!("{}/groups/{}/index.html", c.year, g.id.value),
    }
}

/// The script of the `doc/` file holding `records` from id `at`: their url, title, kind,
/// year and compressed text.
fn pack_script(at: u32, records: &[Record], model: &textcode::Model) -> Vec<u16> {
    let mut units: Vec<u16> = format!("__showcaseSearch.docs({at},[")
        .encode_utf16()
        .collect();
    for (i, r) in records.iter().enumerate() {
        if i > 0 {
            units.push(u16::from(b','));
        }
        // The metadata as a JSON array left open for the text (which needs no escaping).
        let meta = serde_json::json!([r.url, r.title, r.kind, r.year]).to_string();
        units.extend(meta.trim_end_matches(']').encode_utf16());
        units.extend(",\"".encode_utf16());
        units.extend(model.encode(&r.text));
        units.extend("\"]".encode_utf16());
    }
    units.extend("]);\n".encode_utf16());
    units
}

/// Distinct tokens of a record (its title and text), grouped by shard (title tokens once
/// more, marked [`TITLE`]).
fn doc_tokens(title: &str, text: &str, shards: usize) -> DocTokens {
    let mask = shards as u32 - 1;
    let mut keys: Vec<u64> = Vec::with_capacity(text.len() / 3 + 64);
    let mut words: Vec<(u64, String)> = Vec::new();
    let mut add = |t: Tok, flag: u64| {
        let (k, h) = tokens::key_and_hash(&t);
        if let Tok::Word(w) = t
            && flag == 0
        {
            words.push((k, w.to_string()));
        }
        keys.push(u64::from(h & mask) << KEY_BITS | k | flag);
    };
    tokens::tokens(title, |t| add(t, 0));
    tokens::tokens(title, |t| add(t, TITLE));
    tokens::tokens(text, |t| add(t, 0));
    keys.sort_unstable();
    keys.dedup();
    words.sort_unstable();
    words.dedup();
    let per_group = shards.div_ceil(GROUPS) as u64;
    let mut starts = Vec::with_capacity(GROUPS + 1);
    let mut i = 0;
    for g in 0..=GROUPS as u64 {
        while i < keys.len() && keys[i] >> KEY_BITS < g * per_group {
            i += 1;
        }
        starts.push(i as u32);
    }
    DocTokens {
        keys,
        starts,
        words,
    }
}

/// Shard count for about 12 KB per shard: a query loads one shard per token.
fn shard_count(content: &Content) -> usize {
    let bytes: usize = content
        .cohorts
        .iter()
        .flat_map(|c| c.reports.iter().chain(&c.cases))
        .map(|d| d.body().len())
        .sum();
    // ~1 posting per 3 bytes of Chinese text, ~0.6 bytes (of UTF-16) per posting.
    (bytes / 3 / 20_000).clamp(8, 4096).next_power_of_two()
}

/// Markdown bytes of documents sampled for the text model: enough for the commonest pairs
/// and triples of a large site, while learning stays a small part of the build.
const SAMPLE_BYTES: usize = 2 << 20;

/// The text model, learnt from evenly spaced documents up to [`SAMPLE_BYTES`].
fn learn_model(
    sources: &[(&crate::model::Cohort, RecordSource)],
    aud: Audience,
) -> textcode::Model {
    let size = |s: &RecordSource| match s {
        RecordSource::Doc(d) => d.body().len() + 200,
        RecordSource::Group(..) => 200,
    };
    let total: usize = sources.iter().map(|(_, s)| size(s)).sum();
    let step = total.div_ceil(SAMPLE_BYTES).max(1);
    let texts: Vec<String> = sources
        .par_iter()
        .step_by(step)
        .map(|(c, s)| make_record(c, s, aud).text)
        .collect();
    textcode::Model::learn(texts.iter().map(String::as_str))
}

/// Builds the index and writes its files; returns how many files were written.
pub fn build_index(content: &Content, aud: Audience, out: &Path) -> Result<usize, String> {
    let sources = records(content);
    let dir = out.join("search");
    let print = reuse::fingerprint(|add| {
        for (c, s) in &sources {
            if let RecordSource::Doc(d) = s {
                add(&d.text);
            }
            record_inputs(c, s, aud, add);
        }
    });
    if let Some(n) = reuse::reuse(print, &dir) {
        return Ok(n);
    }
    let built = write_index(content, &sources, aud, &dir)?;
    reuse::remember(print, &dir, built.files);
    Ok(built.files)
}

/// Feeds everything a record is made from ([`make_record`]) but a document's file text
/// (`d.text`: the front matter and the body) to `add`: equal inputs and text, equal record.
fn record_inputs(
    c: &crate::model::Cohort,
    src: &RecordSource,
    aud: Audience,
    add: &mut dyn FnMut(&str),
) {
    add(&record_url(c, src));
    match src {
        RecordSource::Doc(d) => {
            add(&d.title.value);
            add(&authors(c, d, aud).join("、"));
        }
        RecordSource::Group(g, acts) => {
            let mentor = g.mentor.as_ref().map(|m| m.name.as_str());
            add(&format!(
                "{}{}{}{:?}{mentor:?}",
                c.year, g.id.value, g.name, g.line
            ));
            acts.iter().for_each(|a| add(&a.title.value));
        }
    }
}

/// What a full build wrote: its file count, and what the live index keeps of it.
struct Built {
    files: usize,
    model: textcode::Model,
    shards: Vec<postings::Shard>,
}

/// Writes the whole index of `sources` into `dir` (a site's `search/` folder).
fn write_index(
    content: &Content,
    sources: &[(&crate::model::Cohort, RecordSource)],
    aud: Audience,
    dir: &Path,
) -> Result<Built, String> {
    for sub in ["index", "doc"] {
        let p = dir.join(sub);
        std::fs::create_dir_all(&p).map_err(|e| format!("无法创建 {}：{e}", p.display()))?;
    }
    let write_bytes = |rel: String, bytes: &[u8]| -> Result<(), String> {
        let p = dir.join(rel);
        std::fs::write(&p, bytes).map_err(|e| format!("无法写入 {}：{e}", p.display()))
    };
    let write = |rel: String, text: &str| write_bytes(rel, text.as_bytes());
    let shards = shard_count(content);
    let timings = std::env::var_os("SHOWCASE_TIMINGS").is_some();
    let started = std::time::Instant::now();
    let lap = |what: &str| {
        if timings {
            eprintln!(
                "timing search {what}: {:.3}s",
                started.elapsed().as_secs_f64()
            );
        }
    };
    let model = learn_model(sources, aud);
    lap("model learnt");
    write_bytes(
        "text.js".into(),
        &bits::utf16_file(&model.script().encode_utf16().collect::<Vec<_>>()),
    )?;
    let docs = sources.len() as u32;
    let per_group = shards.div_ceil(GROUPS);
    let mut built: Vec<postings::Shard> = (0..shards).map(|_| postings::Shard::default()).collect();
    for (b, batch) in sources.chunks(BATCH).enumerate() {
        let first = (b * BATCH) as u32;
        let toks: Vec<DocTokens> = batch
            .par_chunks(PACK)
            .enumerate()
            .map(|(p, pack)| {
                let at = first + (p * PACK) as u32;
                let records: Vec<Record> =
                    pack.iter().map(|(c, s)| make_record(c, s, aud)).collect();
                write_bytes(
                    format!("doc/{}.js", at / PACK as u32),
                    &bits::utf16_file(&pack_script(at, &records, &model)),
                )?;
                Ok(records
                    .iter()
                    .map(|r| doc_tokens(&r.title, &r.text, shards))
                    .collect())
            })
            .collect::<Result<Vec<Vec<DocTokens>>, String>>()?
            .into_iter()
            .flatten()
            .collect();
        built
            .par_chunks_mut(per_group)
            .enumerate()
            .for_each(|(g, group)| {
                for (i, t) in toks.iter().enumerate() {
                    let range = t.starts[g] as usize..t.starts[g + 1] as usize;
                    for &v in &t.keys[range] {
                        let key = v & ((1 << KEY_BITS) - 1);
                        let shard = &mut group[(v >> KEY_BITS) as usize - g * per_group];
                        shard.add(key, first + i as u32, || {
                            let base = key & !TITLE;
                            (base & WORD != 0)
                                .then(|| t.words.iter().find(|w| w.0 == base).map(|w| w.1.clone()))
                                .flatten()
                        });
                    }
                }
            });
    }
    lap("documents and postings");
    built.par_iter().enumerate().try_for_each(|(k, shard)| {
        write_bytes(
            format!("index/{k}.js"),
            &bits::utf16_file(&shard.script(k, docs)),
        )
    })?;
    write(
        "manifest.js".into(),
        &format!("__showcaseSearch.manifest({{\"v\":3,\"shards\":{shards},\"docs\":{docs}}});\n"),
    )?;
    lap("shards written");
    Ok(Built {
        files: shards + sources.len().div_ceil(PACK) + 2,
        model,
        shards: built,
    })
}

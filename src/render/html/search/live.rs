//! The live preview's search index (`showcase serve`): what the last full build knew stays in
//! memory (the text model, the postings, what each record was made from), so that after an
//! edit only the changed documents are made into records and tokenised again, and only the
//! shards whose postings changed and the `doc/` packs holding those documents are rewritten —
//! in place, each file written under a temporary name and renamed over the old one (a reader
//! sees the old file or the new one, never half). Their texts are compressed with the kept
//! model (any text encodes with any model: an unknown character escapes), so `text.js` and
//! the manifest stay as they are. A changed document's old tokens come from its old record,
//! read back from its pack (keeping every document's tokens took 110 MB on 10,000 reports).
//!
//! Documents added, removed or reordered, another shard count, another set of audiences or
//! many documents changed at once: a full build ([`super::write_index`], the same as
//! `showcase build` writes), and the state is taken from it.

use super::{
    DocTokens, PACK, Record, RecordSource, bits, doc_tokens, make_record, pack_script, postings,
    read, record_inputs, record_url, records, reuse, shard_count, textcode,
    tokens::{KEY_BITS, TITLE},
    write_index,
};
use crate::atomic_file::write_atomically;
use crate::model::{Cohort, Content};
use crate::render::html::views::Audience;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

/// At most one document in this many changed: updated in place (re-encoding most of the
/// index file by file would cost more than building it again).
const MOST_CHANGED: usize = 4;

/// The search indexes of the preview's sites, kept between edits.
#[derive(Default)]
pub struct LiveIndex {
    kept: Vec<Kept>,
}

/// One index as last written, and the site folders holding it: an audience whose records
/// are those of another (no author withheld consent) shares its index, the files linked.
struct Kept {
    /// The audiences and their `search/` folders.
    dirs: Vec<(Audience, PathBuf)>,
    model: textcode::Model,
    shards: Vec<postings::Shard>,
    docs: Vec<KeptDoc>,
}

struct KeptDoc {
    url: String,
    inputs: Inputs,
}

/// What a record is made from: a document's file text (shared with the loader's cache in
/// the preview, so that an unchanged file compares by pointer) and a fingerprint of the rest.
#[derive(Default)]
struct Inputs {
    text: Option<Arc<str>>,
    print: u64,
}

impl PartialEq for Inputs {
    fn eq(&self, other: &Inputs) -> bool {
        // `Arc`'s own `==` compared the 79 MB of a 10,000-report site byte by byte (~8 ms).
        let text = match (&self.text, &other.text) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b) || a == b,
            (a, b) => a.is_none() && b.is_none(),
        };
        self.print == other.print && text
    }
}

impl Inputs {
    fn of(c: &Cohort, s: &RecordSource, aud: Audience) -> Inputs {
        Inputs {
            text: match s {
                RecordSource::Doc(d) => Some(Arc::clone(&d.text)),
                RecordSource::Group(..) => None,
            },
            print: reuse::fingerprint(|add| record_inputs(c, s, aud, add)),
        }
    }
}

/// What an in-place update did.
#[derive(Debug, Default, PartialEq)]
pub struct Updated {
    /// Documents whose record changed.
    pub changed: usize,
    /// Shards and packs rewritten (per index; an index shared by two sites counts once).
    pub shards: usize,
    pub packs: usize,
    /// Every file replaced.
    pub files: Vec<PathBuf>,
}

type Sources<'a> = Vec<(&'a Cohort, RecordSource<'a>)>;

/// One kept index's part of an update: the ids of the changed documents, and every
/// document's inputs now.
struct Plan {
    changed: Vec<u32>,
    inputs: Vec<Inputs>,
}

impl LiveIndex {
    /// Builds the index of every audience into its site folder (`search/` under each `out`)
    /// and keeps what the next [`LiveIndex::update`] needs; returns the files written.
    pub fn build(
        &mut self,
        content: &Content,
        trees: &[(Audience, PathBuf)],
    ) -> Result<usize, String> {
        self.kept.clear();
        let built = self.build_all(content, trees);
        if built.is_err() {
            self.kept.clear();
        }
        built
    }

    fn build_all(
        &mut self,
        content: &Content,
        trees: &[(Audience, PathBuf)],
    ) -> Result<usize, String> {
        let sources = records(content);
        let mut files = 0;
        for (aud, out) in trees {
            let dir = out.join("search");
            let inputs: Vec<Inputs> = sources
                .par_iter()
                .map(|(c, s)| Inputs::of(c, s, *aud))
                .collect();
            let same = |k: &&mut Kept| k.docs.iter().zip(&inputs).all(|(d, i)| d.inputs == *i);
            if let Some(k) = self.kept.iter_mut().find(same) {
                reuse::link_all(&k.dirs[0].1, &dir)
                    .ok_or_else(|| format!("无法写入 {}", dir.display()))?;
                k.dirs.push((*aud, dir));
                continue;
            }
            let built = write_index(content, &sources, *aud, &dir)?;
            files += built.files;
            let docs: Vec<KeptDoc> = sources
                .iter()
                .zip(inputs)
                .map(|((c, s), inputs)| KeptDoc {
                    url: record_url(c, s),
                    inputs,
                })
                .collect();
            timing(|| {
                let (tokens, bytes) = built
                    .shards
                    .iter()
                    .map(postings::Shard::size)
                    .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
                format!("kept {tokens} tokens in {:.1} MB", bytes as f64 / 1e6)
            });
            self.kept.push(Kept {
                dirs: vec![(*aud, dir)],
                model: built.model,
                shards: built.shards,
                docs,
            });
        }
        Ok(files)
    }

    /// Updates in place the indexes the last [`LiveIndex::build`] wrote for the same
    /// `trees`. `Ok(None)`: the content changed too much, a full build is needed. On an
    /// error the state is dropped (a full build into a fresh folder must follow).
    pub fn update(
        &mut self,
        content: &Content,
        trees: &[(Audience, PathBuf)],
    ) -> Result<Option<Updated>, String> {
        let started = Instant::now();
        let sources = records(content);
        let Some(plans) = self.plan(content, &sources, trees) else {
            timing(|| format!("full build needed ({:.1} ms)", ms(started)));
            return Ok(None);
        };
        let planned = ms(started);
        let mut done = Updated::default();
        for (kept, plan) in self.kept.iter_mut().zip(plans) {
            if let Err(e) = kept.apply(&sources, plan, &mut done) {
                self.kept.clear();
                return Err(e);
            }
        }
        timing(|| {
            format!(
                "in place: {} docs changed, {} shards and {} packs rewritten ({} files), planned in {planned:.1} ms, done in {:.1} ms",
                done.changed,
                done.shards,
                done.packs,
                done.files.len(),
                ms(started)
            )
        });
        Ok(Some(done))
    }

    /// Per kept index: the changed documents and their new inputs; `None` when a full
    /// build is needed.
    fn plan(
        &self,
        content: &Content,
        sources: &Sources,
        trees: &[(Audience, PathBuf)],
    ) -> Option<Vec<Plan>> {
        let mut dirs: Vec<(Audience, PathBuf)> =
            self.kept.iter().flat_map(|k| k.dirs.clone()).collect();
        let mut asked: Vec<(Audience, PathBuf)> = trees
            .iter()
            .map(|(a, out)| (*a, out.join("search")))
            .collect();
        let key = |d: &(Audience, PathBuf)| (d.0 == Audience::Public, d.1.clone());
        dirs.sort_by_key(key);
        asked.sort_by_key(key);
        if self.kept.is_empty() || dirs != asked {
            return None;
        }
        let shards = shard_count(content);
        let same_docs = |k: &Kept| {
            k.shards.len() == shards
                && k.docs.len() == sources.len()
                && k.docs
                    .par_iter()
                    .zip(sources.par_iter())
                    .all(|(d, (c, s))| d.url == record_url(c, s))
        };
        let mut plans = Vec::new();
        for k in &self.kept {
            if !same_docs(k) {
                return None;
            }
            let mut per_aud = k.dirs.iter().map(|(aud, _)| {
                sources
                    .par_iter()
                    .map(|(c, s)| Inputs::of(c, s, *aud))
                    .collect::<Vec<_>>()
            });
            let inputs = per_aud.next()?;
            // Audiences sharing an index must still see the same records.
            if per_aud.any(|other| other != inputs) {
                return None;
            }
            let changed: Vec<u32> = (0..sources.len() as u32)
                .into_par_iter()
                .filter(|&i| k.docs[i as usize].inputs != inputs[i as usize])
                .collect();
            if changed.len() * MOST_CHANGED > sources.len().max(1) {
                return None;
            }
            plans.push(Plan { changed, inputs });
        }
        Some(plans)
    }
}

impl Kept {
    /// Re-tokenises the changed documents, edits the postings and rewrites their packs and
    /// the shards whose lists changed, in every folder of the index.
    fn apply(&mut self, sources: &Sources, plan: Plan, done: &mut Updated) -> Result<(), String> {
        let Plan {
            changed,
            mut inputs,
        } = plan;
        if changed.is_empty() {
            return Ok(());
        }
        let aud = self.dirs[0].0;
        let shards = self.shards.len();
        let docs = self.docs.len() as u32;
        let record = |id: u32| {
            let (c, s) = &sources[id as usize];
            make_record(c, s, aud)
        };
        let fresh: Vec<(u32, Record, DocTokens)> = changed
            .par_iter()
            .map(|&id| {
                let r = record(id);
                let t = doc_tokens(&r.title, &r.text, shards);
                (id, r, t)
            })
            .collect();
        let by_id: FxHashMap<u32, &Record> = fresh.iter().map(|f| (f.0, &f.1)).collect();
        let mut packs: Vec<u32> = changed.iter().map(|id| id / PACK as u32).collect();
        packs.dedup();
        // The changed documents' old tokens, from their old records in the packs.
        let search = &self.dirs[0].1;
        let old: FxHashMap<u32, DocTokens> = packs
            .par_iter()
            .map(|&p| {
                let path = search.join(format!("doc/{p}.js"));
                let stored = read::stored_pack(&self.model, &path)
                    .ok_or_else(|| format!("无法读取 {}", path.display()))?;
                Ok(stored
                    .into_iter()
                    .zip(p * PACK as u32..)
                    .filter(|(_, id)| by_id.contains_key(id))
                    .map(|((_, title, _, _, text), id)| (id, doc_tokens(&title, &text, shards)))
                    .collect::<Vec<_>>())
            })
            .collect::<Result<Vec<_>, String>>()?
            .into_iter()
            .flatten()
            .collect();
        // The postings: the document leaves the lists of tokens it lost, joins those gained.
        let mut dirty: FxHashSet<usize> = FxHashSet::default();
        for (id, _, t) in &fresh {
            let old = old
                .get(id)
                .ok_or_else(|| format!("搜索索引中缺少第 {id} 篇"))?;
            for (v, present) in diff(&old.keys, &t.keys) {
                let k = (v >> KEY_BITS) as usize;
                let key = v & ((1 << KEY_BITS) - 1);
                self.shards[k].set(key, *id, present, || {
                    let base = key & !TITLE;
                    t.words.iter().find(|w| w.0 == base).map(|w| w.1.clone())
                });
                dirty.insert(k);
            }
        }
        // Documents first: a reader that finds a new token in a new shard loads new texts.
        let pack_files: Vec<(String, Vec<u8>)> = packs
            .par_iter()
            .map(|&p| {
                let at = p * PACK as u32;
                let records: Vec<Record> = (at..(at + PACK as u32).min(docs))
                    .map(|id| match by_id.get(&id) {
                        Some(r) => (*r).clone(),
                        None => record(id),
                    })
                    .collect();
                let units = pack_script(at, &records, &self.model);
                (format!("doc/{p}.js"), bits::utf16_file(&units))
            })
            .collect();
        self.write_all(&pack_files, done)?;
        let mut dirty: Vec<usize> = dirty.into_iter().collect();
        dirty.sort_unstable();
        let shard_files: Vec<(String, Vec<u8>)> = dirty
            .par_iter()
            .map(|&k| {
                let units = self.shards[k].script(k, docs);
                (format!("index/{k}.js"), bits::utf16_file(&units))
            })
            .collect();
        self.write_all(&shard_files, done)?;
        done.changed += changed.len();
        done.packs += pack_files.len();
        done.shards += shard_files.len();
        for (id, _, _) in fresh {
            let d = &mut self.docs[id as usize];
            d.inputs = std::mem::take(&mut inputs[id as usize]);
        }
        Ok(())
    }

    /// Writes each file into every folder of the index, replacing the old one.
    fn write_all(&self, files: &[(String, Vec<u8>)], done: &mut Updated) -> Result<(), String> {
        for (_, dir) in &self.dirs {
            let written: Vec<PathBuf> = files
                .par_iter()
                .map(|(rel, bytes)| {
                    let p = dir.join(rel);
                    match write_atomically(&p, bytes) {
                        Ok(()) => Ok(p),
                        Err(e) => Err(format!("无法写入 {}：{e}", p.display())),
                    }
                })
                .collect::<Result<_, _>>()?;
            done.files.extend(written);
        }
        Ok(())
    }
}

/// The keys in `new` but not in `old` (`true`) and those in `old` but not in `new`
/// (`false`); both ascending.
fn diff(old: &[u64], new: &[u64]) -> Vec<(u64, bool)> {
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < old.len() || j < new.len() {
        match (old.get(i), new.get(j)) {
            (Some(a), Some(b)) if a == b => {
                i += 1;
                j += 1;
            }
            (Some(&a), Some(&b)) if a < b => {
                out.push((a, false));
                i += 1;
            }
            (Some(&a), None) => {
                out.push((a, false));
                i += 1;
            }
            (_, Some(&b)) => {
                out.push((b, true));
                j += 1;
            }
            (None, None) => break,
        }
    }
    out
}

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}

fn timing(line: impl FnOnce() -> String) {
    if std::env::var_os("SHOWCASE_TIMINGS").is_some() {
        eprintln!("timing search live: {}", line());
    }
}

#[cfg(test)]
#[path = "live_tests.rs"]
mod tests;

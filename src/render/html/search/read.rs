//! Reading a written index back, as search.js does: a token's postings, a document's stored
//! record with its text decompressed, and any search file as readable text. For tests and
//! audits (the privacy test reads every public file through [`readable`]).

use super::bits::utf16_units;
use super::postings;
use super::textcode::Model;
use super::tokens;
use std::path::Path;

fn units(path: &Path) -> Option<Vec<u16>> {
    utf16_units(&std::fs::read(path).ok()?)
}

/// The arguments of the one call in a script: the text between `(` and the last `)`.
fn call_args(text: &str) -> Option<&str> {
    Some(&text[text.find('(')? + 1..text.rfind(')')?])
}

fn model(search: &Path) -> Option<Model> {
    let text = String::from_utf16(&units(&search.join("text.js"))?).ok()?;
    let (counts, syms): (Vec<u32>, String) =
        serde_json::from_str(&format!("[{}]", call_args(&text)?)).ok()?;
    Model::from_script(&counts, &syms)
}

fn manifest(search: &Path) -> Option<serde_json::Value> {
    let text = std::fs::read_to_string(search.join("manifest.js")).ok()?;
    serde_json::from_str(call_args(&text)?).ok()
}

/// Body and title postings of `token` (a bigram, a lone Chinese character or an ASCII word)
/// in the index under `search` (a site's `search/` folder).
pub fn postings(search: &Path, token: &str) -> Option<(Vec<u32>, Vec<u32>)> {
    let m = manifest(search)?;
    let (shards, docs) = (m["shards"].as_u64()? as u32, m["docs"].as_u64()? as u32);
    let mut hash = None;
    tokens::tokens(token, |t| {
        if hash.is_none() {
            hash = Some(tokens::key_and_hash(&t).1);
        }
    });
    let k = hash? % shards;
    let text = units(&search.join(format!("index/{k}.js")))?;
    let s = String::from_utf16_lossy(&text);
    let args = call_args(&s)?;
    let (keys, lists) = args.split_once("\",\"")?;
    let keys = keys.split_once('"')?.1;
    let at = keys.split(' ').position(|t| t == token)?;
    let list = lists.trim_end_matches('"').split(' ').nth(at)?;
    let (body, title) = list.split_once('!').unwrap_or((list, ""));
    let decode = |l: &str| -> Option<Vec<u32>> {
        if l.is_empty() {
            return Some(Vec::new());
        }
        postings::decode(&l.encode_utf16().collect::<Vec<_>>(), docs)
    };
    Some((decode(body)?, decode(title)?))
}

/// Document `id`'s stored record: url, title, kind, year and the decompressed text.
pub fn document(search: &Path, id: u32) -> Option<Stored> {
    let model = model(search)?;
    let pack = super::PACK as u32;
    stored_pack(&model, &search.join(format!("doc/{}.js", id / pack)))?
        .into_iter()
        .nth((id % pack) as usize)
}

/// A stored document: url, title, kind, year, text.
pub type Stored = (String, String, String, i64, String);

/// The documents of one `doc/` file.
pub(super) fn stored_pack(model: &Model, path: &Path) -> Option<Vec<Stored>> {
    let s = String::from_utf16(&units(path)?).ok()?;
    let args = call_args(&s)?;
    // The packed texts hold no quote, so the file parses as JSON with them as strings.
    let (_, docs) = args.split_once(',')?;
    let docs: Vec<serde_json::Value> = serde_json::from_str(docs).ok()?;
    docs.iter()
        .map(|d| {
            let text = model.decode(&d[4].as_str()?.encode_utf16().collect::<Vec<_>>())?;
            Some((
                d[0].as_str()?.to_string(),
                d[1].as_str()?.to_string(),
                d[2].as_str()?.to_string(),
                d[3].as_i64()?,
                text,
            ))
        })
        .collect()
}

/// A file of a site as text a person (or a test looking for a name) can read: a stored
/// document decompressed, any other UTF-16 search file decoded, other files as UTF-8.
pub fn readable(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_default();
    let search = path
        .ancestors()
        .find(|a| a.file_name().is_some_and(|n| n == "search"));
    if let (Some(search), Some(parent)) = (search, path.parent())
        && parent.file_name().is_some_and(|n| n == "doc")
        && let Some(model) = model(search)
        && let Some(docs) = stored_pack(&model, path)
    {
        return docs
            .into_iter()
            .map(|(url, title, kind, year, text)| {
                format!("{url}\n{title}\n{kind}\n{year}\n{text}\n")
            })
            .collect();
    }
    match utf16_units(&bytes) {
        Some(u) => String::from_utf16_lossy(&u),
        None => String::from_utf8_lossy(&bytes).into_owned(),
    }
}

//! Frozen editions of archived cohorts: hashing a cohort's records, counting PDF pages and
//! writing `edition/manifest.yaml`. Used by `showcase archive` (freeze) and by validation
//! (has anything changed since?).

use sha2::{Digest, Sha256};
use std::path::Path;

pub const EDITION_DIR: &str = "edition";

pub fn sha256(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// SHA-256 of every file in a cohort folder except `edition/`, as (relative path, hash),
/// sorted by path.
pub fn record_hashes(cohort_dir: &Path) -> std::io::Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(cohort_dir)
        .follow_links(false)
        .sort_by_file_name()
    {
        let e = e.map_err(std::io::Error::other)?;
        if !e.file_type().is_file() {
            continue;
        }
        let rel = e.path().strip_prefix(cohort_dir).unwrap_or(e.path());
        let rel_s = rel.to_string_lossy().replace('\\', "/");
        if rel_s.starts_with(&format!("{EDITION_DIR}/"))
            || rel.iter().any(|c| c.to_string_lossy().starts_with('.'))
        {
            continue;
        }
        out.push((rel_s, sha256(&std::fs::read(e.path())?)));
    }
    Ok(out)
}

/// Number of pages of a PDF: the `/Count` of its root `/Type /Pages` node (the largest one).
/// Whitespace between PDF tokens is optional, so both `/Type /Pages` and `/Type/Pages` match.
pub fn pdf_page_count(pdf: &[u8]) -> u32 {
    let skip_ws = |mut k: usize| {
        while k < pdf.len() && pdf[k].is_ascii_whitespace() {
            k += 1;
        }
        k
    };
    let mut best = 0;
    let mut i = 0;
    while let Some(pos) = find(&pdf[i..], b"/Type") {
        let at = i + pos;
        let k = skip_ws(at + 5);
        i = at + 5;
        if !pdf[k..].starts_with(b"/Pages")
            || pdf.get(k + 6).is_some_and(|b| b.is_ascii_alphanumeric())
        {
            continue;
        }
        // Only the dictionary that holds this /Type: from its "<<" to the next ">>".
        let window_start = pdf[..at].windows(2).rposition(|w| w == b"<<").unwrap_or(at);
        let end = find(&pdf[k..], b">>").map(|e| k + e).unwrap_or(pdf.len());
        let mut j = window_start;
        while let Some(c) = find(&pdf[j..end], b"/Count") {
            let d = skip_ws(j + c + 6);
            let digits: String = pdf[d..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .map(|&b| b as char)
                .collect();
            if let Ok(n) = digits.parse::<u32>() {
                best = best.max(n);
            }
            j = j + c + 6;
        }
    }
    best
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

pub struct Manifest<'a> {
    pub year: i32,
    pub frozen: chrono::NaiveDate,
    pub tool: &'a str,
    pub booklet_sha256: &'a str,
    pub pages: u32,
    pub records: &'a [(String, String)],
}

pub fn manifest_yaml(m: &Manifest) -> String {
    let mut s = String::from(
        "# 由 showcase archive 生成，记录定稿印刷册和归档时每个资料文件的校验值。请勿手工修改。\n",
    );
    s += &format!(
        "year: {}\nfrozen: {}\ntool: \"{}\"\nbooklet:\n  file: booklet.pdf\n  sha256: {}\n  pages: {}\nrecords:\n",
        m.year,
        m.frozen,
        m.tool.replace('"', "'"),
        m.booklet_sha256,
        m.pages
    );
    for (p, h) in m.records {
        s += &format!(
            "  - path: \"{}\"\n    sha256: {h}\n",
            p.replace('\\', "/").replace('"', "\\\"")
        );
    }
    s
}

/// Today's date (UTC) without a clock dependency.
pub fn today() -> chrono::NaiveDate {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default()
        + chrono::Days::new(secs / 86_400)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_pages_from_the_root_pages_node() {
        let pdf = b"1 0 obj << /Type /Pages /Kids [3 0 R] /Count 12 >> endobj 2 0 obj << /Type /Outlines /Count 3 >>";
        assert_eq!(pdf_page_count(pdf), 12);
        assert_eq!(pdf_page_count(b"1 0 obj\n<</Type/Pages/Count 27/Kids[5 0 R]>> 2 0 obj <</Count 99/Type/Outlines>>"), 27);
    }
}

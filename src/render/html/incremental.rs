//! Incremental page output for the live preview. Each page's whole template context is
//! fingerprinted (with its template name); a page whose fingerprint equals the previous
//! build's is hard-linked from the previous build folder instead of rendered and written,
//! so a one-report edit renders the handful of pages that show it (the report, its
//! neighbours, its group, the lists) and links the rest. Contexts are cheap to rebuild
//! because unchanged document bodies come from [`super::body_cache`].
//!
//! The result equals a full render: a page is reused only when everything its template
//! sees is the same, and the templates themselves are the same (the caller starts a fresh
//! [`PageCache`] when they change).

use super::{SiteOptions, SiteReport, common, page_context, render_page, write_assets};
use crate::compute::Computed;
use crate::model::Content;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHasher};
use serde_json::Value;
use std::hash::Hasher;
use std::path::{Path, PathBuf};

/// What one tree's last build left: its folder and each page's fingerprint.
#[derive(Default)]
pub struct PageCache {
    last: Option<(PathBuf, FxHashMap<String, u128>)>,
}

/// How a build went: pages rendered and pages linked unchanged.
#[derive(Debug, Default, Clone, Copy)]
pub struct Reuse {
    pub rendered: usize,
    pub linked: usize,
}

impl PageCache {
    /// Forgets the last build (templates changed, or its folder is gone).
    pub fn clear(&mut self) {
        self.last = None;
    }
}

/// Like `build_site_with_templates`, reusing what `cache` knows of the last build; on
/// success `cache` describes this build.
pub fn build_site_incremental(
    content: &Content,
    computed: &Computed,
    opts: &SiteOptions,
    tera: &tera::Tera,
    cache: &mut PageCache,
) -> Result<(SiteReport, Reuse), String> {
    let timer = super::Timings::start();
    let years: Vec<i32> = opts.booklets.iter().map(|(y, _)| *y).collect();
    let pages = super::pages::all(content, computed, opts.audience, &years);
    let common = common(content, opts.audience);
    timer.lap("pages");
    let last = cache.last.as_ref().filter(|(dir, _)| dir.is_dir());
    let done: Vec<(String, u128, bool)> = pages
        .par_iter()
        .map(|p| -> Result<(String, u128, bool), String> {
            let ctx = page_context(&common, p);
            let fp = fingerprint(p.template, &ctx);
            if let Some((dir, prints)) = last
                && prints.get(&p.path) == Some(&fp)
                && link(&dir.join(&p.path), &opts.out.join(&p.path)).is_ok()
            {
                return Ok((p.path.clone(), fp, true));
            }
            render_page(tera, p, &ctx, opts.out)?;
            Ok((p.path.clone(), fp, false))
        })
        .collect::<Result<_, String>>()?;
    timer.lap("contexts, render or link");
    let files = pages.len() + write_assets(content, computed, opts)?;
    timer.lap("assets");
    let linked = done.iter().filter(|d| d.2).count();
    let reuse = Reuse {
        rendered: done.len() - linked,
        linked,
    };
    cache.last = Some((
        opts.out.to_path_buf(),
        done.into_iter().map(|(p, fp, _)| (p, fp)).collect(),
    ));
    Ok((
        SiteReport {
            pages: pages.len(),
            files,
        },
        reuse,
    ))
}

/// Hard-links `from` to `to` (creating `to`'s folder); the caller renders when this fails.
fn link(from: &Path, to: &Path) -> std::io::Result<()> {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::hard_link(from, to)
}

/// A 128-bit hash of the template name and everything in the context (two differently
/// seeded hashers: a collision would silently keep a stale page). FxHasher, not SipHash:
/// the contexts of 10,000 document pages are over 100 MB per rebuild.
fn fingerprint(template: &str, ctx: &Value) -> u128 {
    let mut h = Both(
        FxHasher::with_seed(0x5157_4e44),
        FxHasher::with_seed(0x9e37_79b9_7f4a_7c15),
    );
    h.write(template.as_bytes());
    h.write_u8(0xff);
    hash_value(ctx, &mut h);
    (u128::from(h.0.finish()) << 64) | u128::from(h.1.finish())
}

struct Both(FxHasher, FxHasher);

impl Hasher for Both {
    fn finish(&self) -> u64 {
        self.0.finish() ^ self.1.finish()
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0.write(bytes);
        // The second also takes each part's length first: the two differ in more than
        // their seed.
        self.1.write_usize(bytes.len());
        self.1.write(bytes);
    }
}

/// Hashes a JSON value unambiguously (a tag and a length before every part).
fn hash_value(v: &Value, h: &mut impl Hasher) {
    match v {
        Value::Null => h.write_u8(0),
        Value::Bool(b) => h.write_u8(if *b { 1 } else { 2 }),
        Value::Number(n) => {
            h.write_u8(3);
            str_(&n.to_string(), h);
        }
        Value::String(s) => {
            h.write_u8(4);
            str_(s, h);
        }
        Value::Array(a) => {
            h.write_u8(5);
            h.write_usize(a.len());
            for x in a {
                hash_value(x, h);
            }
        }
        Value::Object(o) => {
            h.write_u8(6);
            h.write_usize(o.len());
            for (k, x) in o {
                str_(k, h);
                hash_value(x, h);
            }
        }
    }
}

fn str_(s: &str, h: &mut impl Hasher) {
    h.write_usize(s.len());
    h.write(s.as_bytes());
}

#[cfg(test)]
#[path = "incremental_tests.rs"]
mod tests;

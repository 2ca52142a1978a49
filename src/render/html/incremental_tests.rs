//! The incremental preview build must equal a full build, file for file, byte for byte.

use super::*;
use crate::pipeline::{Drafts, analyse_with};
use crate::render::html::{Audience, build_site_with_templates, load_templates};
use std::collections::BTreeMap;

/// Copies the files below `from` to `to` (the sample content into a scratch folder).
fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    for e in walkdir::WalkDir::new(from).into_iter().flatten() {
        let target = to.join(e.path().strip_prefix(from).unwrap_or(e.path()));
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&target)?;
        } else if e.file_type().is_file() {
            std::fs::copy(e.path(), &target)?;
        }
    }
    Ok(())
}

/// Every file below `dir`, relative path → bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn an_incremental_build_equals_a_full_build() {
    super::super::body_cache::enable();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let theme = repo.join("themes/default");
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_dir(&repo.join("content"), &content).unwrap();
    let tera = load_templates(&theme).unwrap();
    for audience in [Audience::Public, Audience::Internal] {
        let mut cache = PageCache::default();
        let site = |out: &'static str| tmp.path().join(format!("{audience:?}-{out}"));
        let build = |out: &Path, cache: &mut PageCache| {
            let a = analyse_with(&content, Drafts::Include);
            assert!(a.ok());
            let opts = SiteOptions {
                theme: &theme,
                out,
                audience,
                booklets: &[],
                progress: false,
            };
            let incremental = build_site_incremental(&a.content, &a.computed, &opts, &tera, cache)
                .unwrap()
                .1;
            let full = out.with_extension("full");
            let opts = SiteOptions { out: &full, ..opts };
            build_site_with_templates(&a.content, &a.computed, &opts, &tera).unwrap();
            assert_eq!(tree(out), tree(&full), "{audience:?}: incremental ≠ full");
            incremental
        };
        let first = build(&site("1"), &mut cache);
        assert_eq!(first.linked, 0);
        let again = build(&site("2"), &mut cache);
        assert_eq!(again.rendered, 0, "nothing changed, nothing rendered");
        // One report's title (its page, its neighbours' links, its group, the lists) and
        // another one's body.
        let reports = content.join("cohorts/2016/reports");
        edit(
            &reports.join("qg-2-minimum-living-allowance.md"),
            "title: ",
            "title: 改过的",
        );
        let edited = build(&site("3"), &mut cache);
        assert!(
            edited.rendered > 0 && edited.linked > edited.rendered,
            "{edited:?}"
        );
        let other = reports.join("qg-1-old-estate-rooftop-and-corridor.md");
        let text = std::fs::read_to_string(&other).unwrap();
        std::fs::write(&other, format!("{text}\n\n新加的一段。\n")).unwrap();
        let body = build(&site("4"), &mut cache);
        assert!(body.rendered >= 1 && body.linked > 0, "{body:?}");
        // The previous folder gone (a failed build removed it): everything is rendered.
        std::fs::remove_dir_all(site("4")).unwrap();
        let fresh = build(&site("5"), &mut cache);
        assert_eq!(fresh.linked, 0);
    }
}

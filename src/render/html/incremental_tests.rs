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

/// Runs the analysis and an incremental build into `live`, then a full build into a
/// fresh folder, and asserts the two trees are equal.
fn build_and_compare(
    content: &Path,
    theme: &Path,
    live: &Path,
    audience: Audience,
    tera: &tera::Tera,
    cache: &mut PageCache,
) -> Reuse {
    let a = analyse_with(content, Drafts::Include);
    assert!(a.ok());
    let opts = SiteOptions {
        theme,
        out: live,
        audience,
        booklets: &[],
        progress: false,
    };
    let incremental = build_site_incremental(&a.content, &a.computed, &opts, tera, cache)
        .unwrap()
        .1;
    let full = live.with_extension("full");
    let _ = std::fs::remove_dir_all(&full);
    let opts = SiteOptions { out: &full, ..opts };
    build_site_with_templates(&a.content, &a.computed, &opts, tera).unwrap();
    assert_eq!(tree(live), tree(&full), "{audience:?}: incremental ≠ full");
    incremental
}

/// The pages below `dir` holding `text`.
fn showing(dir: &Path, text: &str) -> Vec<String> {
    tree(dir)
        .into_iter()
        .filter(|(_, bytes)| String::from_utf8_lossy(bytes).contains(text))
        .map(|(path, _)| path)
        .collect()
}

/// A copy of the sample content in a temporary folder, the default theme and its templates
/// (with the body cache on, as in the preview).
fn sample() -> (tempfile::TempDir, PathBuf, PathBuf, tera::Tera) {
    super::super::body_cache::enable();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let theme = repo.join("themes/default");
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_dir(&repo.join("content"), &content).unwrap();
    let tera = load_templates(&theme).unwrap();
    (tmp, content, theme, tera)
}

#[test]
fn an_incremental_build_equals_a_full_build() {
    let (tmp, content, theme, tera) = sample();
    let reports = content.join("cohorts/2016/reports");
    for audience in [Audience::Public, Audience::Internal] {
        let mut cache = PageCache::default();
        let live = tmp.path().join(format!("{audience:?}-live"));
        let build = |cache: &mut PageCache| {
            build_and_compare(&content, &theme, &live, audience, &tera, cache)
        };
        let first = build(&mut cache);
        assert_eq!(first.unchanged, 0);
        assert_eq!(cache.folder(), Some(live.as_path()));
        let again = build(&mut cache);
        assert_eq!(again.rendered, 0, "nothing changed, nothing rendered");
        // One report's title: its page, its neighbours' prev/next links, its group, the lists.
        let retitled = format!("改过的{audience:?}");
        edit(
            &reports.join("qg-2-minimum-living-allowance.md"),
            "title: ",
            &format!("title: {retitled}"),
        );
        let edited = build(&mut cache);
        assert!(
            edited.rendered > 0 && edited.unchanged > edited.rendered,
            "{edited:?}"
        );
        let shown = showing(&live, &retitled);
        let neighbours = shown
            .iter()
            .filter(|p| p.contains("/reports/") && !p.contains("minimum-living"))
            .count();
        assert!(
            neighbours >= 1,
            "no neighbour shows the new title: {shown:?}"
        );
        assert!(
            shown.iter().any(|p| p.contains("/groups/qg-2/")),
            "{shown:?}"
        );
        assert!(edited.rendered >= shown.len(), "{edited:?} {shown:?}");
        // Another report's body.
        let other = reports.join("qg-1-old-estate-rooftop-and-corridor.md");
        let text = std::fs::read_to_string(&other).unwrap();
        std::fs::write(&other, format!("{text}\n\n新加的一段。\n")).unwrap();
        let body = build(&mut cache);
        assert!(body.rendered >= 1 && body.unchanged > 0, "{body:?}");
        // A report added (a copy under a new name), then the original deleted: the tree
        // comparison fails on a page left behind.
        let added = reports.join(format!("qg-2-added-{audience:?}.md").to_lowercase());
        std::fs::copy(reports.join("qg-2-minimum-living-allowance.md"), &added).unwrap();
        build(&mut cache);
        assert!(!showing(&live, &format!("added-{audience:?}").to_lowercase()).is_empty());
        std::fs::remove_file(&added).unwrap();
        build(&mut cache);
        assert!(showing(&live, &format!("added-{audience:?}").to_lowercase()).is_empty());
        // The folder gone: everything is rendered again.
        std::fs::remove_dir_all(&live).unwrap();
        assert_eq!(cache.folder(), None);
        let fresh = build(&mut cache);
        assert_eq!(fresh.unchanged, 0);
    }
}

#[test]
fn a_failed_render_leaves_the_folder_as_it_was() {
    let (tmp, content, theme, tera) = sample();
    let live = tmp.path().join("live");
    let mut cache = PageCache::default();
    build_and_compare(&content, &theme, &live, Audience::Public, &tera, &mut cache);
    let before = tree(&live);
    // A document template that fails, and a report edited so that its page is rendered.
    let mut broken = load_templates(&theme).unwrap();
    broken
        .add_raw_template("document.html", "{{ no_such_variable.at_all }}")
        .unwrap();
    let report = content.join("cohorts/2016/reports/qg-2-minimum-living-allowance.md");
    edit(&report, "title: ", "title: 失败前改过的");
    let a = analyse_with(&content, Drafts::Include);
    let opts = SiteOptions {
        theme: &theme,
        out: &live,
        audience: Audience::Public,
        booklets: &[],
        progress: false,
    };
    let failed = build_site_incremental(&a.content, &a.computed, &opts, &broken, &mut cache);
    assert!(failed.is_err());
    assert!(tree(&live) == before, "the failed build changed the folder");
    assert_eq!(
        cache.folder(),
        None,
        "after a failure the next build starts afresh"
    );
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "staging folders left: {leftovers:?}");
}

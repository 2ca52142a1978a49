//! The live index updated in place must read back as a fresh full build of the same content:
//! every shard byte for byte (postings do not depend on the text model), every stored
//! document decoded equal; and only the files holding the edit are replaced.

use super::*;
use crate::pipeline::{Analysis, Drafts, analyse_with};
use crate::render::html::search::read;
use std::collections::BTreeMap;
use std::path::Path;

fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from).into_iter().flatten() {
        let target = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// Every file below `dir`, relative path → bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

fn analyse(content: &Path) -> Analysis {
    let a = analyse_with(content, Drafts::Include);
    assert!(a.ok(), "{:?}", a.diags);
    a
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// Asserts that the index in `live` (a site folder) reads as a full build of `a` for `aud`.
fn assert_equals_full_build(a: &Analysis, aud: Audience, live: &Path, scratch: &Path) {
    let fresh = scratch.join(format!("fresh-{aud:?}"));
    let _ = std::fs::remove_dir_all(&fresh);
    let sources = records(&a.content);
    write_index(&a.content, &sources, aud, &fresh.join("search")).unwrap();
    let (live, fresh) = (live.join("search"), fresh.join("search"));
    let (l, f) = (files(&live), files(&fresh));
    assert_eq!(
        l.keys().collect::<Vec<_>>(),
        f.keys().collect::<Vec<_>>(),
        "the same files"
    );
    for (rel, bytes) in &f {
        if rel.starts_with("index") || rel.ends_with("manifest.js") {
            assert!(
                l[rel] == *bytes,
                "{} differs from a full build",
                rel.display()
            );
        }
    }
    for id in 0..sources.len() as u32 {
        let doc = read::document(&live, id);
        assert!(doc.is_some(), "document {id} reads back");
        assert_eq!(doc, read::document(&fresh, id), "document {id}");
    }
}

fn sample() -> (tempfile::TempDir, PathBuf) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_dir(&repo.join("content"), &content);
    (tmp, content)
}

const REPORT: &str = "cohorts/2017/reports/qg-3-community-grid-workers.md";

/// The id of the record at `url` in the index under `site`.
fn id_of(a: &Analysis, url: &str) -> u32 {
    let sources = records(&a.content);
    sources
        .iter()
        .position(|(c, s)| record_url(c, s) == url)
        .unwrap() as u32
}

#[test]
fn an_edit_rewrites_its_pack_and_shards_and_reads_as_a_full_build() {
    let (tmp, content) = sample();
    let trees = vec![
        (Audience::Public, tmp.path().join("site")),
        (Audience::Internal, tmp.path().join("internal")),
    ];
    let mut live = LiveIndex::default();
    let a = analyse(&content);
    live.build(&a.content, &trees).unwrap();
    // A withheld author: the audiences' records differ, each keeps an index of its own.
    assert_eq!(live.kept.len(), 2);
    let before: Vec<_> = trees.iter().map(|t| files(&t.1)).collect();

    // Nothing changed: nothing written.
    let same = live.update(&analyse(&content).content, &trees).unwrap();
    assert_eq!(same, Some(Updated::default()));

    edit(
        &content.join(REPORT),
        "title: 关于社区网格员队伍建设的调研",
        "title: 关于网格员队伍建设的再调研 ZQX",
    );
    edit(
        &content.join(REPORT),
        "网格员是社区治理的",
        "网格员堪称社区治理的",
    );
    edit(
        &content.join(REPORT),
        "## 一、基本情况",
        "## 一、基本情况\n\n鹦鹉螺xylophone。",
    );
    let a = analyse(&content);
    let done = live.update(&a.content, &trees).unwrap().expect("in place");
    assert_eq!(done.changed, 2, "the report, in each audience's index");
    assert!(done.shards >= 4, "{done:?}");
    assert_eq!(done.packs, 2);
    let id = id_of(&a, "2017/reports/qg-3-community-grid-workers/index.html");
    for ((aud, out), before) in trees.iter().zip(&before) {
        assert_equals_full_build(&a, *aud, out, tmp.path());
        let search = out.join("search");
        // The new words are found, in the title lists too; the old title's are not.
        let (body, title) = read::postings(&search, "zqx").unwrap();
        assert_eq!((body, title), (vec![id], vec![id]));
        assert_eq!(
            read::postings(&search, "xylophone").unwrap(),
            (vec![id], vec![])
        );
        assert_eq!(read::postings(&search, "鹦鹉").unwrap().0, vec![id]);
        assert!(!read::postings(&search, "社区").unwrap().1.contains(&id));
        assert!(read::postings(&search, "再调").unwrap().1.contains(&id));
        // Exactly the files whose bytes changed were replaced: the report's pack and shards.
        let after = files(out);
        let changed: Vec<PathBuf> = after
            .iter()
            .filter(|(rel, bytes)| before.get(*rel) != Some(bytes))
            .map(|(rel, _)| out.join(rel))
            .collect();
        let mut replaced: Vec<PathBuf> = done
            .files
            .iter()
            .filter(|p| p.starts_with(out))
            .cloned()
            .collect();
        replaced.sort();
        assert_eq!(changed, replaced);
        assert!(replaced.contains(&search.join(format!("doc/{}.js", id / PACK as u32))));
        assert_eq!(after.len(), before.len(), "no temporary file left");
    }
}

#[test]
fn an_activity_edit_updates_its_group_record() {
    let (tmp, content) = sample();
    let trees = vec![(Audience::Public, tmp.path().join("site"))];
    let mut live = LiveIndex::default();
    live.build(&analyse(&content).content, &trees).unwrap();
    edit(
        &content.join("cohorts/2017/activities/qg-3.yaml"),
        "title: 小区消防通道检查",
        "title: 小区消防通道夜查",
    );
    let a = analyse(&content);
    let done = live.update(&a.content, &trees).unwrap().expect("in place");
    assert_eq!(done.changed, 1, "the group's record");
    assert_equals_full_build(&a, Audience::Public, &trees[0].1, tmp.path());
    let search = trees[0].1.join("search");
    let id = read::postings(&search, "夜查").unwrap().0;
    assert_eq!(id.len(), 1);
    let group = read::document(&search, id[0]).unwrap();
    assert_eq!(group.2, "小组");
}

#[test]
fn a_failed_update_drops_the_state_and_a_full_build_follows() {
    let (tmp, content) = sample();
    let trees = vec![(Audience::Public, tmp.path().join("site"))];
    let mut live = LiveIndex::default();
    let a = analyse(&content);
    live.build(&a.content, &trees).unwrap();
    // The report's pack is gone: its old tokens cannot be read.
    let id = id_of(&a, "2017/reports/qg-3-community-grid-workers/index.html");
    let pack = trees[0]
        .1
        .join(format!("search/doc/{}.js", id / PACK as u32));
    std::fs::remove_file(&pack).unwrap();
    edit(
        &content.join(REPORT),
        "网格员是社区治理的",
        "网格员确是社区治理的",
    );
    let a = analyse(&content);
    assert!(live.update(&a.content, &trees).is_err());
    assert!(live.kept.is_empty());
    assert_eq!(live.update(&a.content, &trees).unwrap(), None);
    let fresh = vec![(Audience::Public, tmp.path().join("site-2"))];
    live.build(&a.content, &fresh).unwrap();
    assert_equals_full_build(&a, Audience::Public, &fresh[0].1, tmp.path());
}

#[test]
fn one_site_shares_the_index_of_another_with_the_same_records() {
    let (tmp, content) = sample();
    // Without the withheld author the two audiences see the same records.
    edit(
        &content.join("cohorts/2017/members.yaml"),
        "consent: false",
        "consent: true",
    );
    let trees = vec![
        (Audience::Public, tmp.path().join("site")),
        (Audience::Internal, tmp.path().join("internal")),
    ];
    let mut live = LiveIndex::default();
    live.build(&analyse(&content).content, &trees).unwrap();
    assert_eq!(live.kept.len(), 1);
    edit(
        &content.join(REPORT),
        "网格员是社区治理的",
        "网格员乃社区治理的",
    );
    let a = analyse(&content);
    let done = live.update(&a.content, &trees).unwrap().expect("in place");
    assert_eq!(done.changed, 1);
    for (aud, out) in &trees {
        assert_equals_full_build(&a, *aud, out, tmp.path());
    }
    // Withholding consent again parts the audiences: a full build.
    edit(
        &content.join("cohorts/2017/members.yaml"),
        "consent: true",
        "consent: false",
    );
    assert_eq!(
        live.update(&analyse(&content).content, &trees).unwrap(),
        None
    );
}

#[test]
fn added_removed_or_many_changed_documents_need_a_full_build() {
    let (tmp, content) = sample();
    let trees = vec![(Audience::Public, tmp.path().join("site"))];
    let mut live = LiveIndex::default();
    live.build(&analyse(&content).content, &trees).unwrap();
    // Another folder than the one built: never written in place.
    let elsewhere = vec![(Audience::Public, tmp.path().join("other"))];
    assert_eq!(
        live.update(&analyse(&content).content, &elsewhere).unwrap(),
        None
    );

    let added = content.join("cohorts/2017/reports/qg-9-added.md");
    let text = std::fs::read_to_string(content.join(REPORT)).unwrap();
    std::fs::write(&added, text.replacen("关于社区网格员", "新增的网格员", 1)).unwrap();
    let a = analyse(&content);
    assert_eq!(live.update(&a.content, &trees).unwrap(), None);
    live.build(&a.content, &trees).unwrap();
    assert_equals_full_build(&a, Audience::Public, &trees[0].1, tmp.path());
    // The state rebuilt from the full build takes the next edit in place.
    edit(&added, "网格员是社区治理的", "网格员正是社区治理的");
    let a = analyse(&content);
    assert!(live.update(&a.content, &trees).unwrap().is_some());
    assert_equals_full_build(&a, Audience::Public, &trees[0].1, tmp.path());

    std::fs::remove_file(&added).unwrap();
    let a = analyse(&content);
    assert_eq!(live.update(&a.content, &trees).unwrap(), None);
    live.build(&a.content, &trees).unwrap();
    assert_equals_full_build(&a, Audience::Public, &trees[0].1, tmp.path());

    // More than a quarter of the documents edited at once.
    let reports: Vec<PathBuf> = walkdir::WalkDir::new(&content)
        .into_iter()
        .flatten()
        .map(|e| e.path().to_path_buf())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "md") && p.to_string_lossy().contains("/reports/")
        })
        .collect();
    assert!(reports.len() * 4 > records(&a.content).len());
    for r in &reports {
        let text = std::fs::read_to_string(r).unwrap();
        std::fs::write(r, format!("{text}\n补记。\n")).unwrap();
    }
    assert_eq!(
        live.update(&analyse(&content).content, &trees).unwrap(),
        None
    );
}

#[test]
fn diff_of_sorted_keys() {
    assert_eq!(
        diff(&[1, 3, 5, 9], &[2, 3, 9, 10]),
        [(1, false), (2, true), (5, false), (10, true)]
    );
}

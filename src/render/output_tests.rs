//! Unit tests of the output swap: ownership, lock, and a failure or a crash at every step.

use super::*;

fn read_id(out: &Path, part: &str) -> Option<String> {
    std::fs::read_to_string(out.join(part).join(BUILD_ID))
        .ok()
        .map(|s| s.trim().to_string())
}

/// Builds `parts` (each with one file) into `out` and returns the build id.
fn build(out: &Path, parts: &[&str]) -> String {
    let o = OutputDir::open(out, || {}).unwrap();
    let s = o.staging().unwrap();
    for p in parts {
        std::fs::create_dir_all(s.path(p)).unwrap();
        std::fs::write(s.path(p).join("index.html"), p).unwrap();
    }
    s.commit().unwrap()
}

/// The build id every present part holds, or a panic if they differ or one has none.
fn one_build(out: &Path) -> (String, Vec<&'static str>) {
    let mut ids = Vec::new();
    let mut present = Vec::new();
    for p in PARTS {
        if out.join(p).exists() {
            ids.push(read_id(out, p).unwrap_or_else(|| panic!("{p} has no build id")));
            present.push(p);
        }
    }
    ids.dedup();
    assert_eq!(ids.len(), 1, "parts of several builds: {ids:?}");
    (ids.remove(0), present)
}

fn leftovers(out: &Path) -> Vec<String> {
    std::fs::read_dir(out)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".staging-") || n.starts_with(".old-") || n.contains("swap"))
        .collect()
}

#[test]
fn a_build_replaces_every_part_and_removes_parts_it_did_not_make() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let first = build(&out, &["site", "internal", "print"]);
    assert_eq!(one_build(&out), (first, PARTS.to_vec()));
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let second = build(&out, &["site"]);
    assert_eq!(one_build(&out), (second, vec!["site"]));
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "mine"
    );
    assert!(out.join(MARKER).is_file());
    assert!(leftovers(&out).is_empty(), "{:?}", leftovers(&out));
}

#[test]
fn a_folder_without_the_marker_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("internal")).unwrap();
    std::fs::write(dir.path().join("internal/notes.txt"), "x").unwrap();
    let e = OutputDir::open(dir.path(), || {}).err().expect("refused");
    assert!(e.contains("没有 showcase 的标记文件"), "{e}");
    assert!(e.contains("internal"), "{e}");
    assert!(!dir.path().join(MARKER).exists(), "nothing written");
    assert!(dir.path().join("internal/notes.txt").is_file());
    // An empty folder or a missing one is fine; a file is not a folder.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    assert!(check_owned(&empty).is_ok());
    assert!(check_owned(&dir.path().join("missing")).is_ok());
    assert!(check_owned(&dir.path().join("internal/notes.txt")).is_err());
}

#[cfg(unix)]
#[test]
fn staging_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let o = OutputDir::open(dir.path(), || {}).unwrap();
    let s = o.staging().unwrap();
    let mode = std::fs::metadata(&s.dir).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o700);
}

#[test]
fn a_second_build_waits_for_the_lock() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_path_buf();
    let first = OutputDir::open(&out, || {}).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let second = std::thread::spawn(move || {
        let o = OutputDir::open(&out, move || tx.send(()).unwrap()).unwrap();
        drop(o);
    });
    rx.recv().expect("the second build was told to wait");
    drop(first);
    second.join().unwrap();
}

/// A staged build over a committed one, and its journal, ready for `forward`.
fn pending(out: &Path, parts: &[&str]) -> (String, Journal) {
    let old = build(out, &["site", "internal", "print"]);
    let staging = out.join(".staging-77");
    for p in parts {
        std::fs::create_dir_all(staging.join(p)).unwrap();
        std::fs::write(staging.join(p).join(BUILD_ID), "new\n").unwrap();
    }
    let j = Journal {
        staging: ".staging-77".into(),
        old: ".old-77".into(),
        staged: parts.iter().map(|p| p.to_string()).collect(),
        build: "new".into(),
    };
    write_journal(out, &j).unwrap();
    (old, j)
}

/// A rename that fails from the `n`-th call on.
fn failing_after(n: usize) -> impl FnMut(&Path, &Path) -> io::Result<()> {
    let mut calls = 0;
    move |a, b| {
        calls += 1;
        if calls > n {
            Err(io::Error::other("simulated"))
        } else {
            std::fs::rename(a, b)
        }
    }
}

#[test]
fn a_crash_at_any_step_of_the_swap_is_completed_by_the_next_build() {
    for parts in [&["site", "internal", "print"][..], &["site"][..]] {
        for k in 0..8 {
            let dir = tempfile::tempdir().unwrap();
            let out = dir.path();
            let (_, j) = pending(out, parts);
            let crashed = forward(out, &j, &mut failing_after(k)).is_err();
            // And a crash while rolling back, too.
            if crashed {
                let _ = backward(out, &j, &mut failing_after(k / 2));
            }
            let o = OutputDir::open(out, || {}).unwrap();
            assert!(o.recovered);
            assert_eq!(
                one_build(out),
                ("new".into(), parts.to_vec()),
                "{parts:?} {k}"
            );
            assert!(leftovers(out).is_empty(), "{k}: {:?}", leftovers(out));
        }
    }
}

#[test]
fn a_failed_rename_rolls_back_to_the_previous_build() {
    for k in 0..6 {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        let (old, j) = pending(out, &["site", "print"]);
        if forward(out, &j, &mut failing_after(k)).is_ok() {
            continue;
        }
        backward(out, &j, &mut fs_rename).unwrap();
        assert_eq!(one_build(out), (old.clone(), PARTS.to_vec()), "{k}");
    }
}

#[test]
fn a_journal_naming_foreign_folders_is_ignored() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(MARKER), "").unwrap();
    std::fs::write(
        dir.path().join(JOURNAL),
        r#"{"staging":"../x","old":".old-1","staged":["site"],"build":"b"}"#,
    )
    .unwrap();
    assert!(read_journal(dir.path()).is_none());
    let o = OutputDir::open(dir.path(), || {}).unwrap();
    assert!(!o.recovered);
    assert!(!dir.path().join(JOURNAL).exists());
}

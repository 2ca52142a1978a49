//! Random damage to the valid sample content never makes the loader or validator panic, and
//! every diagnostic still points at a real place in the damaged file.
//!
//! The library is called directly (`showcase::pipeline::analyse`) on a temporary copy of the
//! sample, which each case mutates and then restores. It runs on the test thread (the
//! standard 2 MB stack), which also guards against deep recursion.

mod common;

use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence};
use showcase::diag::Diagnostic;
use showcase::pipeline::analyse;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// A copy of the sample, one per test so the tests can run side by side; the lock
/// serialises the cases of one test.
struct Sample {
    ws: common::Workspace,
    /// Relative paths of the text files a clerk edits (YAML and Markdown).
    files: Vec<String>,
}

impl Sample {
    fn new() -> Self {
        let ws = common::Workspace::new();
        let mut files = Vec::new();
        collect(&ws.content(), &ws.content(), &mut files);
        files.sort();
        Sample { ws, files }
    }
}

static ONE_FILE: OnceLock<Mutex<Sample>> = OnceLock::new();
static SEVERAL_FILES: OnceLock<Mutex<Sample>> = OnceLock::new();

fn sample(cell: &'static OnceLock<Mutex<Sample>>) -> &'static Mutex<Sample> {
    cell.get_or_init(|| Mutex::new(Sample::new()))
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<String>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            collect(root, &p, out);
        } else if matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "md")) {
            out.push(p.strip_prefix(root).unwrap().to_string_lossy().into_owned());
        }
    }
}

/// Fragments that mean something to YAML, Markdown, the front-matter splitter or the
/// decoder; inserted at random places.
const FRAGMENTS: &[&[u8]] = &[
    b":",
    b": ",
    b"- ",
    b"-",
    b"[",
    b"]",
    b"{",
    b"}",
    b"\"",
    b"'",
    b"\t",
    b"\0",
    b"\r",
    b"\n",
    b"\r\n",
    b"#",
    b"&a ",
    b"*a",
    b"<<: *a",
    b"!!binary ",
    b"? ",
    b"|",
    b">",
    b"%YAML 1.2\n",
    b"---\n",
    b"...\n",
    b"\xEF\xBB\xBF",
    b"\xFF",
    b"\xC3",
    b"\xE4\xB8",
    b"\xB9\xD8",
    b"\xFE\xFF",
    b"  ",
    b"    ",
    "全体".as_bytes(),
    "李四".as_bytes(),
    "、".as_bytes(),
    "：".as_bytes(),
    "\u{2028}".as_bytes(),
    "\u{FEFF}".as_bytes(),
    "\u{1F600}".as_bytes(),
    b"99999999999999999999999",
    b"-1",
    b"1e400",
    b".nan",
    b"null",
    b"~",
    b"true",
    b"2017-02-30",
    b"0000-00-00",
    b"![x](../../../../etc/passwd)",
    b"![x](",
    b"[^1]",
    b"[^1]: ",
    b"```",
    b"<!--",
    b"| a | b |\n|---|---|\n",
];

#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    Insert(usize, Vec<u8>),
    InsertRandom(usize, Vec<u8>),
    OverwriteByte(usize, u8),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    // Positions are taken modulo the file's size when applied.
    let pos = any::<usize>();
    prop_oneof![
        3 => pos.prop_map(Mutation::DeleteLine),
        2 => pos.prop_map(Mutation::DuplicateLine),
        2 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        6 => (any::<usize>(), proptest::sample::select(FRAGMENTS))
            .prop_map(|(p, f)| Mutation::Insert(p, f.to_vec())),
        2 => (any::<usize>(), proptest::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(p, b)| Mutation::InsertRandom(p, b)),
        2 => (any::<usize>(), any::<u8>()).prop_map(|(p, b)| Mutation::OverwriteByte(p, b)),
        1 => pos.prop_map(Mutation::Truncate),
    ]
}

fn lines(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes
        .split_inclusive(|&b| b == b'\n')
        .map(<[u8]>::to_vec)
        .collect()
}

fn apply(bytes: &[u8], m: &Mutation) -> Vec<u8> {
    let n = bytes.len().max(1);
    match m {
        Mutation::DeleteLine(i) => {
            let mut l = lines(bytes);
            if !l.is_empty() {
                let i = i % l.len();
                l.remove(i);
            }
            l.concat()
        }
        Mutation::DuplicateLine(i) => {
            let mut l = lines(bytes);
            if !l.is_empty() {
                let i = i % l.len();
                let dup = l[i].clone();
                l.insert(i, dup);
            }
            l.concat()
        }
        Mutation::SwapLines(a, b) => {
            let mut l = lines(bytes);
            if !l.is_empty() {
                let (a, b) = (a % l.len(), b % l.len());
                l.swap(a, b);
            }
            l.concat()
        }
        Mutation::Insert(p, f) | Mutation::InsertRandom(p, f) => {
            let p = p % (bytes.len() + 1);
            [&bytes[..p], f.as_slice(), &bytes[p..]].concat()
        }
        Mutation::OverwriteByte(p, b) => {
            let mut v = bytes.to_vec();
            if !v.is_empty() {
                let p = p % n;
                v[p] = *b;
            }
            v
        }
        Mutation::Truncate(p) => bytes[..p % (bytes.len() + 1)].to_vec(),
    }
}

/// Every diagnostic must point inside its file, and render without panicking.
fn check_positions(a: &showcase::pipeline::Analysis, root: &Path) -> Result<(), String> {
    let sources = &a.content.sources;
    for d in &a.diags.list {
        let _ = d.render(sources, false);
        let _ = d.render(sources, true);
        if let Some(p) = d.pos {
            let text = &sources.get(p.file).text;
            let file_lines: Vec<&str> = text.lines().collect();
            let max_line = file_lines.len().max(1) as u32;
            if p.line == 0 || p.col == 0 || p.line > max_line + 1 {
                return Err(bad(d, &sources.display_pos(p), "line outside the file"));
            }
            if let Some(l) = file_lines.get(p.line as usize - 1) {
                let len = l.trim_end_matches('\r').chars().count() as u32;
                if p.col > len + 1 {
                    return Err(bad(d, &sources.display_pos(p), "column past the line end"));
                }
            }
        } else if let Some(loc) = &d.path {
            // Unreadable files: `path:line:col`, the path relative to the content folder.
            let mut it = loc.rsplitn(3, ':');
            let (col, line, path) = (it.next(), it.next(), it.next());
            let (Some(col), Some(line), Some(path)) = (col, line, path) else {
                return Err(bad(d, loc, "location is not path:line:col"));
            };
            let (Ok(line), Ok(col)) = (line.parse::<u32>(), col.parse::<u32>()) else {
                return Err(bad(d, loc, "line or column is not a number"));
            };
            if line == 0 || col == 0 {
                return Err(bad(d, loc, "0-based position"));
            }
            let full: PathBuf = root.join(path);
            if let Ok(bytes) = std::fs::read(&full) {
                let lossy = String::from_utf8_lossy(&bytes);
                if line as usize > lossy.lines().count().max(1) + 1 {
                    return Err(bad(d, loc, "line outside the file"));
                }
            }
        }
    }
    Ok(())
}

fn bad(d: &Diagnostic, loc: &str, what: &str) -> String {
    format!("{what}: {loc}: {}", d.message)
}

fn run_case(
    cell: &'static OnceLock<Mutex<Sample>>,
    edits: &[(usize, Vec<Mutation>)],
) -> Result<(), TestCaseError> {
    let guard = sample(cell).lock().unwrap_or_else(|e| e.into_inner());
    let root = guard.ws.content();
    let mut saved: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for (file, muts) in edits {
        let rel = &guard.files[file % guard.files.len()];
        let path = root.join(rel);
        let original = match saved.iter().find(|(p, _)| *p == path) {
            Some((_, b)) => b.clone(),
            None => {
                let b = std::fs::read(&path).unwrap();
                saved.push((path.clone(), b.clone()));
                b
            }
        };
        let current = std::fs::read(&path).unwrap_or(original);
        let changed = muts.iter().fold(current, |b, m| apply(&b, m));
        std::fs::write(&path, changed).unwrap();
    }
    let result = std::panic::catch_unwind(|| {
        let a = analyse(&root);
        check_positions(&a, &root)
    });
    // Restore before judging, so a failure leaves the shared copy intact for shrinking.
    for (p, b) in &saved {
        std::fs::write(p, b).unwrap();
    }
    drop(guard);
    match result {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(TestCaseError::fail(e)),
        Err(panic) => {
            let msg = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            Err(TestCaseError::fail(format!("analyse panicked: {msg}")))
        }
    }
}

/// `PROPTEST_CASES=2000 cargo test --test loader_props` for a longer hunt.
fn config(cases: u32) -> Config {
    Config {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(cases),
        // Failures are shrunk and printed; no regression files are written into tests/.
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config(48))]

    /// One file, one to four mutations.
    #[test]
    fn one_damaged_file_never_panics(
        file in any::<usize>(),
        muts in proptest::collection::vec(mutation(), 1..5),
    ) {
        run_case(&ONE_FILE, &[(file, muts)])?;
    }
}

proptest! {
    #![proptest_config(config(16))]

    /// Several files damaged at once (cross-file references break together).
    #[test]
    fn several_damaged_files_never_panic(
        edits in proptest::collection::vec(
            (any::<usize>(), proptest::collection::vec(mutation(), 1..4)),
            2..6,
        ),
    ) {
        run_case(&SEVERAL_FILES, &edits)?;
    }
}

/// The unmodified copy is clean (the test harness itself is sound).
#[test]
fn sample_copy_analyses_without_errors() {
    let s = Sample::new();
    let a = analyse(&s.ws.content());
    assert!(
        a.ok(),
        "{:?}",
        a.diags
            .list
            .iter()
            .filter(|d| d.is_error())
            .collect::<Vec<_>>()
    );
    check_positions(&a, &s.ws.content()).unwrap();
}

/// Where a file is cut: emptied, after its first line, inside its first multi-byte
/// character, in the middle.
fn cuts(bytes: &[u8]) -> [usize; 4] {
    let first_line = bytes
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| i + 1);
    let mid_char = bytes
        .iter()
        .position(|&b| b >= 0xC0)
        .map_or(bytes.len(), |i| i + 1);
    [0, first_line, mid_char, bytes.len() / 2]
}

/// Deterministic worst cases: every file truncated in four ways. The files that gate a whole
/// cohort (site.yaml, cohort.yaml, the rosters) are cut one at a time; all others together.
#[test]
fn truncated_files_never_panic() {
    let s = Sample::new();
    let root = s.ws.content();
    let originals: Vec<(String, Vec<u8>)> = s
        .files
        .iter()
        .map(|r| (r.clone(), std::fs::read(root.join(r)).unwrap()))
        .collect();
    let gating = |r: &str| {
        r == "site.yaml"
            || r.ends_with("/cohort.yaml")
            || r.ends_with("/members.yaml")
            || r.ends_with("/groups.yaml")
    };
    let mut batches: Vec<Vec<&(String, Vec<u8>)>> =
        vec![originals.iter().filter(|(r, _)| !gating(r)).collect()];
    batches.extend(originals.iter().filter(|(r, _)| gating(r)).map(|o| vec![o]));
    for which in 0..4 {
        for batch in &batches {
            for (rel, bytes) in batch {
                std::fs::write(root.join(rel), &bytes[..cuts(bytes)[which]]).unwrap();
            }
            let result = std::panic::catch_unwind(|| {
                let a = analyse(&root);
                check_positions(&a, &root)
            });
            for (rel, bytes) in batch {
                std::fs::write(root.join(rel), bytes).unwrap();
            }
            let names: Vec<&str> = batch.iter().map(|(r, _)| r.as_str()).take(3).collect();
            match result {
                Ok(Ok(())) => {}
                Ok(Err(e)) => panic!("cut {which} of {names:?}…: {e}"),
                Err(_) => panic!("cut {which} of {names:?}…: analyse panicked"),
            }
        }
    }
}

/// Deeply nested Markdown and YAML through the library on the test thread's standard 2 MB
/// stack (the binary's main thread has 8 MB; threads of a future server or a parallel
/// renderer have 2 MB).
#[test]
fn deep_nesting_on_a_small_stack() {
    let s = Sample::new();
    let head = "---\ntitle: 嵌套\nauthors: [王芳]\ngroup: qg-1\ndate: 2017-12-15\nabstract: 摘要\nkeywords: [嵌套]\n---\n\n";
    let bodies = [
        ">".repeat(10_000) + " 引文\n",
        "- ".repeat(5_000) + "列表\n",
        "[".repeat(10_000) + "链接" + &"](x)".repeat(10_000) + "\n",
    ];
    for (i, b) in bodies.iter().enumerate() {
        s.ws.write(
            &format!("cohorts/2017/reports/qg-1-deep-{i}.md"),
            format!("{head}{b}"),
        );
    }
    for depth in [17, 40, 64, 65, 100, 300] {
        s.ws.write(
            &format!("cohorts/2017/activities/qg-1-deep-{depth}.yaml"),
            format!(
                "group: qg-1\nactivities: {}{}\n",
                "[".repeat(depth),
                "]".repeat(depth)
            ),
        );
    }
    s.ws.write(
        "cohorts/2017/reports/qg-1-deep-fm.md",
        format!(
            "---\ntitle: x\nauthors: {}王芳{}\n---\n\n正文\n",
            "[".repeat(60),
            "]".repeat(60)
        ),
    );
    let a = analyse(&s.ws.content());
    check_positions(&a, &s.ws.content()).unwrap();
    let yaml_errors = a
        .diags
        .list
        .iter()
        .filter(|d| d.message.starts_with("YAML 格式错误"))
        .count();
    assert_eq!(yaml_errors, 7, "one nesting error per deep YAML text");
}

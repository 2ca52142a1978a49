//! Whole-program validation tests: every kind of bad input is reported clearly — the right
//! message at the right `file:line:col`, exit code 1 — and nothing ever panics.
//!
//! Most cases are folders under `tests/broken/<case>/`, each a small patch over a fresh copy
//! of the sample `content/` (format in `tests/broken/README.md`). Cases that need generated
//! bytes (a 5 MB file, 10,000-deep nesting, GBK re-encoding of a sample file) are written
//! here in Rust.

mod common;

use common::{Diag, Run, Severity, Workspace, assert_sane, locations_are_real};
use std::path::Path;

// ---------------------------------------------------------------------------------------------
// Fixture cases
// ---------------------------------------------------------------------------------------------

/// One expected diagnostic: location (`file:line:col`, or `file:line` for any column), a
/// substring of the header line (`错误: …` / `警告: …`) and optionally of the hint.
/// `file:line` matches any column and a bare `file` any place in that file.
#[derive(Debug)]
struct Expected {
    location: String,
    message: String,
    hint: Option<String>,
}

#[derive(Debug, Default)]
struct Expectations {
    exit: i32,
    errors: Option<usize>,
    diags: Vec<Expected>,
    absent: Vec<String>,
}

fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('\\') => out.push('\\'),
                Some(o) => {
                    out.push('\\');
                    out.push(o);
                }
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Non-empty, non-comment lines of an optional text file.
fn lines_of(path: &Path) -> Vec<String> {
    match std::fs::read_to_string(path) {
        Ok(t) => t
            .lines()
            .map(|l| l.trim_end_matches('\r'))
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .map(str::to_string)
            .collect(),
        Err(_) => Vec::new(),
    }
}

fn read_expectations(case: &Path) -> Expectations {
    let mut e = Expectations {
        exit: 1,
        ..Default::default()
    };
    let file = case.join("expect.txt");
    assert!(file.is_file(), "{} has no expect.txt", case.display());
    for line in lines_of(&file) {
        let cols: Vec<&str> = line.split('\t').collect();
        match cols.as_slice() {
            ["exit", n] => e.exit = n.trim().parse().expect("exit code"),
            ["errors", n] => e.errors = Some(n.trim().parse().expect("error count")),
            ["not", s] => e.absent.push(unescape(s)),
            [loc, msg] => e.diags.push(Expected {
                location: loc.trim().to_string(),
                message: unescape(msg),
                hint: None,
            }),
            [loc, msg, hint] => e.diags.push(Expected {
                location: loc.trim().to_string(),
                message: unescape(msg),
                hint: Some(unescape(hint)),
            }),
            _ => panic!("{}: bad expect line {line:?}", file.display()),
        }
    }
    e
}

/// Applies `files/`, `replace.txt`, `delete.txt` and `symlinks.txt` of a case to a copy.
fn apply_case(case: &Path, ws: &Workspace) {
    let files = case.join("files");
    if files.is_dir() {
        common::copy_dir(&files, &ws.content());
    }
    for line in lines_of(&case.join("replace.txt")) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [path, old, new] = cols.as_slice() else {
            panic!("{}: bad replace line {line:?}", case.display());
        };
        ws.replace(path, &unescape(old), &unescape(new));
    }
    for line in lines_of(&case.join("delete.txt")) {
        ws.remove(line.trim());
    }
    for line in lines_of(&case.join("symlinks.txt")) {
        let (link, target) = line
            .split_once(" -> ")
            .unwrap_or_else(|| panic!("{}: bad symlink line {line:?}", case.display()));
        let link = ws.path(link.trim());
        if let Some(d) = link.parent() {
            std::fs::create_dir_all(d).expect("create parent");
        }
        common::symlink(Path::new(target.trim()), &link);
    }
}

fn header(d: &Diag) -> String {
    let sev = match d.severity {
        Severity::Error => "错误",
        Severity::Warning => "警告",
    };
    format!("{sev}: {}", d.message)
}

fn location_matches(expected: &str, actual: &str) -> bool {
    if expected == actual {
        return true;
    }
    // `file:line` matches any column on that line, a bare `file` any place in the file.
    let colons = expected.matches(':').count();
    colons <= 1 && actual.starts_with(&format!("{expected}:"))
}

/// Everything wrong with one run against its expectations (empty when it passes).
fn judge(
    name: &str,
    run: &Run,
    exp: &Expectations,
    content: &Path,
    baseline: &[String],
) -> Vec<String> {
    let mut problems = Vec::new();
    if run.stderr.contains("panicked") || run.code.is_none() {
        problems.push("the program panicked or was killed".to_string());
    }
    if run.code != Some(exp.exit) {
        problems.push(format!("exit code {:?}, expected {}", run.code, exp.exit));
    }
    let verdict = if exp.exit == 0 {
        "检查通过"
    } else {
        "检查未通过"
    };
    if !run.stdout.starts_with(verdict) {
        problems.push(format!(
            "summary line does not start with {verdict}: {:?}",
            run.stdout
        ));
    }
    let diags = run.diagnostics();
    let counted = run.summary_counts();
    // Beyond the first 50 of a file, problems are summed up in a note: 「另有 N 个错误」.
    let summed: usize = run
        .stderr
        .lines()
        .filter_map(|l| l.split("另有 ").nth(1))
        .filter_map(|rest| rest.split(" 个错误").next()?.parse::<usize>().ok())
        .sum();
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count()
        + summed;
    if counted.map(|c| c.0) != Some(errors) {
        problems.push(format!(
            "summary counts {counted:?} do not match the {errors} errors printed"
        ));
    }
    if let Some(n) = exp.errors
        && n != errors
    {
        problems.push(format!("{errors} errors reported, expected exactly {n}"));
    }
    if exp.exit == 0 && errors > 0 {
        problems.push(format!("{errors} errors in a warnings-only case"));
    }
    for e in &exp.diags {
        let found = diags.iter().any(|d| {
            location_matches(&e.location, &d.location)
                && header(d).contains(&e.message)
                && e.hint
                    .as_ref()
                    .is_none_or(|h| d.hint.as_deref().is_some_and(|dh| dh.contains(h)))
        });
        if !found {
            let near: Vec<String> = diags
                .iter()
                .filter(|d| {
                    header(d).contains(&e.message) || location_matches(&e.location, &d.location)
                })
                .map(|d| format!("      {d}"))
                .collect();
            problems.push(format!(
                "missing: {} {:?}{}\n    closest:\n{}",
                e.location,
                e.message,
                e.hint
                    .as_ref()
                    .map(|h| format!(" hint {h:?}"))
                    .unwrap_or_default(),
                if near.is_empty() {
                    "      (none)".to_string()
                } else {
                    near.join("\n")
                }
            ));
        }
    }
    for s in &exp.absent {
        if run.stderr.contains(s.as_str()) {
            problems.push(format!("stderr must not contain {s:?}"));
        }
    }
    problems.extend(locations_are_real(content, &diags));
    if !problems.is_empty() {
        // What the patch changed: the diagnostics the unmodified sample does not have.
        let new: Vec<String> = diags
            .iter()
            .map(|d| d.to_string())
            .filter(|d| !baseline.contains(d))
            .collect();
        let shown = new.len().min(60);
        problems.push(format!(
            "diagnostics of {name} not in the sample's ({} in all{}):\n    {}",
            new.len(),
            if shown < new.len() { ", first 60" } else { "" },
            new[..shown].join("\n    ")
        ));
    }
    problems
}

fn fixture_cases() -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken");
    let mut cases: Vec<_> = std::fs::read_dir(&root)
        .expect("tests/broken")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    cases
}

#[test]
fn fixture_cases_report_every_problem_at_its_place() {
    let cases = fixture_cases();
    assert!(cases.len() >= 20, "only {} fixture cases", cases.len());
    // Two worker threads: the machine has two cores and each case runs the binary once.
    let baseline: Vec<String> = common::run_showcase(&[
        "check",
        "--content",
        &common::sample_content().to_string_lossy(),
    ])
    .diagnostics()
    .iter()
    .map(|d| d.to_string())
    .collect();
    let queue = std::sync::Mutex::new(cases.clone());
    let failures = std::sync::Mutex::new(Vec::<String>::new());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                loop {
                    let Some(case) = queue.lock().unwrap().pop() else {
                        break;
                    };
                    let name = case.file_name().unwrap().to_string_lossy().into_owned();
                    let exp = read_expectations(&case);
                    let ws = Workspace::new();
                    apply_case(&case, &ws);
                    let run = ws.check();
                    let problems = judge(&name, &run, &exp, &ws.content(), &baseline);
                    if std::env::var_os("BROKEN_DUMP").is_some() {
                        // BROKEN_DUMP=1 cargo test --test broken_inputs -- --nocapture
                        let new: Vec<String> = run
                            .diagnostics()
                            .iter()
                            .map(|d| d.to_string())
                            .filter(|d| !baseline.contains(d))
                            .collect();
                        eprintln!("== {name}\n  {}", new.join("\n  "));
                    }
                    if !problems.is_empty() {
                        failures
                            .lock()
                            .unwrap()
                            .push(format!("== case {name}:\n  {}", problems.join("\n  ")));
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

// ---------------------------------------------------------------------------------------------
// The unmodified sample: no errors, and the three kinds of warning it is known to contain
// ---------------------------------------------------------------------------------------------

#[test]
fn sample_passes_with_the_expected_warnings() {
    let run = common::run_showcase(&[
        "check",
        "--content",
        &common::sample_content().to_string_lossy(),
    ]);
    assert_sane(&run, "sample");
    assert_eq!(run.code, Some(0), "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.starts_with("检查通过"), "{}", run.stdout);
    let diags = run.diagnostics();
    assert!(
        diags.iter().all(|d| d.severity == Severity::Warning),
        "{}",
        run.stderr
    );
    let problems = locations_are_real(&common::sample_content(), &diags);
    assert!(problems.is_empty(), "{problems:#?}");
    let has = |loc: &str, msg: &str| {
        diags
            .iter()
            .any(|d| d.location == loc && d.message.contains(msg))
    };
    // Organiser who did not take part (minsheng, 梁佳慧 organised but is not listed).
    assert!(
        has(
            "cohorts/2017/activities/minsheng.yaml:69:16",
            "组织者「梁佳慧」未列为参加人，不计组织加分"
        ),
        "{}",
        run.stderr
    );
    // Member with no activity at all (李军 is absent from every 导师班 session).
    assert!(
        has(
            "cohorts/2017/members.yaml:671:11",
            "「李军」在 2017 届没有任何活动记录"
        ),
        "{}",
        run.stderr
    );
    // Groups idle in some months, pointing at the group id in groups.yaml.
    assert!(
        has(
            "cohorts/2017/groups.yaml:47:9",
            "稳定二组在 6月、8月、9月、11月 没有开展小组活动"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(run.summary_counts().map(|c| c.0), Some(0));
}

// ---------------------------------------------------------------------------------------------
// Generated cases
// ---------------------------------------------------------------------------------------------

fn expect_error_at(run: &Run, ws: &Workspace, location: &str, msg: &str) {
    assert_sane(run, location);
    assert_eq!(run.code, Some(1), "{location}: exit code\n{}", run.stderr);
    let diags = run.diagnostics();
    assert!(
        diags.iter().any(|d| d.severity == Severity::Error
            && location_matches(location, &d.location)
            && d.message.contains(msg)),
        "expected error {msg:?} at {location}; got:\n{}",
        run.stderr
    );
    let problems = locations_are_real(&ws.content(), &diags);
    assert!(problems.is_empty(), "{problems:#?}");
}

/// A 5 MB report is refused by size, without reading it into a diagnostic.
#[test]
fn five_megabyte_report_is_refused() {
    let ws = Workspace::new();
    let mut text = String::from(
        "---\ntitle: 超大文件\nauthors: [高晓峰]\ngroup: chengguan\ndate: 2017-12-15\nabstract: 摘要\nkeywords: [测试]\n---\n\n",
    );
    let para = "这是一段被反复粘贴的正文，用来模拟误粘贴了大量数据的文章。\n\n";
    while text.len() < 5 * 1024 * 1024 {
        text.push_str(para);
    }
    ws.write("cohorts/2017/reports/huge-paste.md", &text);
    let run = ws.check();
    expect_error_at(
        &run,
        &ws,
        "cohorts/2017/reports/huge-paste.md:1:1",
        "文件过大（5.0 MB），超过 2 MB 的上限",
    );
    assert!(
        run.stderr.len() < 100_000,
        "the huge file leaked into stderr"
    );
}

/// A file just under the limit is read normally (the limit is not off by a lot).
#[test]
fn large_but_allowed_report_is_read() {
    let ws = Workspace::new();
    let mut text = String::from(
        "---\ntitle: 较长的调研文章\nauthors: [高晓峰]\ngroup: chengguan\ndate: 2017-12-15\nabstract: 摘要\nkeywords: [测试]\n---\n\n",
    );
    while text.len() < 1_900_000 {
        text.push_str("正文段落，内容很长但仍在上限之内。\n\n");
    }
    ws.write("cohorts/2017/reports/long-but-fine.md", &text);
    let run = ws.check();
    assert_sane(&run, "long report");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let reports = |out: &str| -> usize {
        let before = out.split(" 篇调研文章").next().unwrap();
        before.rsplit('、').next().unwrap().trim().parse().unwrap()
    };
    let sample = common::run_showcase(&[
        "check",
        "--content",
        &common::sample_content().to_string_lossy(),
    ]);
    assert_eq!(
        reports(&run.stdout),
        reports(&sample.stdout) + 1,
        "{}",
        run.stdout
    );
}

/// `[[[[…]]]]` 10,000 deep in an activity file and in a report's front matter: a YAML
/// error (nesting too deep), not a stack overflow.
#[test]
fn ten_thousand_deep_flow_nesting_is_an_error() {
    let ws = Workspace::new();
    let deep = "[".repeat(10_000) + &"]".repeat(10_000);
    ws.write(
        "cohorts/2017/activities/deep.yaml",
        format!("group: chengguan\nactivities: {deep}\n"),
    );
    let braces = "{a: ".repeat(10_000) + "1" + &"}".repeat(10_000);
    ws.write(
        "cohorts/2017/reports/deep-front-matter.md",
        format!("---\ntitle: 嵌套\nauthors: {braces}\n---\n\n正文。\n"),
    );
    let run = ws.check();
    expect_error_at(
        &run,
        &ws,
        "cohorts/2017/activities/deep.yaml:2",
        "YAML 格式错误",
    );
    expect_error_at(
        &run,
        &ws,
        "cohorts/2017/reports/deep-front-matter.md:3",
        "YAML 格式错误",
    );
    let d = run
        .diagnostics()
        .into_iter()
        .find(|d| d.location.starts_with("cohorts/2017/activities/deep.yaml"))
        .unwrap();
    assert!(
        d.hint
            .as_deref()
            .is_some_and(|h| h.contains("嵌套层次过深")),
        "hint should explain the nesting: {d}"
    );
}

/// The same depth in block style: `- - - - …` (a sequence in a sequence, 10,000 deep on one
/// line), and block mappings indented 1,000 levels deep (as deep as fits under the 2 MB limit).
#[test]
fn ten_thousand_deep_block_nesting_is_an_error() {
    let ws = Workspace::new();
    ws.write(
        "cohorts/2017/activities/deep-block.yaml",
        format!(
            "group: chengguan\nactivities:\n  {}x\n",
            "- ".repeat(10_000)
        ),
    );
    let mut members = String::from("members:\n");
    for depth in 0..1_000 {
        members.push_str(&" ".repeat(2 + 2 * depth));
        members.push_str("x:\n");
    }
    assert!(members.len() < 2 * 1024 * 1024);
    ws.write("cohorts/2016/members.yaml", &members);
    let run = ws.check();
    expect_error_at(
        &run,
        &ws,
        "cohorts/2017/activities/deep-block.yaml:3",
        "YAML 格式错误",
    );
    expect_error_at(&run, &ws, "cohorts/2016/members.yaml", "YAML 格式错误");
}

/// A sample file saved again in GBK: the message names GBK, the position is that of the
/// first non-ASCII character.
#[test]
fn gbk_encoded_sample_file_is_diagnosed() {
    let ws = Workspace::new();
    let rel = "cohorts/2017/activities/chengguan.yaml";
    let text = ws.read(rel);
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    ws.write(rel, &gbk);
    // The first non-ASCII character: its line and column (1-based, in characters).
    let first = text.char_indices().find(|(_, c)| !c.is_ascii()).unwrap().0;
    let before = &text[..first];
    let line = before.matches('\n').count() + 1;
    let col = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    let run = ws.check();
    expect_error_at(
        &run,
        &ws,
        &format!("{rel}:{line}:{col}"),
        "文件不是 UTF-8 编码，看起来是 GBK",
    );
    let d = run
        .diagnostics()
        .into_iter()
        .find(|d| d.location.starts_with(rel) && d.message.contains("GBK"))
        .unwrap();
    assert!(
        d.hint.as_deref().is_some_and(|h| h.contains("UTF-8")),
        "{d}"
    );
}

/// UTF-16 with a byte-order mark (Notepad's "Unicode").
#[test]
fn utf16_file_is_diagnosed() {
    let ws = Workspace::new();
    let rel = "cohorts/2017/practice-teams.yaml";
    let text = ws.read(rel);
    let mut bytes = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    ws.write(rel, &bytes);
    let run = ws.check();
    expect_error_at(&run, &ws, &format!("{rel}:1:1"), "UTF-16");
}

/// Every file of the sample truncated to nothing in turn would be slow; instead empty every
/// YAML and Markdown file at once: one run, no panic, every file that needs content reported.
#[test]
fn every_file_empty_at_once() {
    let ws = Workspace::new();
    let mut emptied = Vec::new();
    for entry in walk(&ws.content()) {
        let rel = entry
            .strip_prefix(ws.content())
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if rel.ends_with(".yaml") || rel.ends_with(".md") {
            ws.write(&rel, "");
            emptied.push(rel);
        }
    }
    let run = ws.check();
    assert_sane(&run, "all empty");
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let diags = run.diagnostics();
    let problems = locations_are_real(&ws.content(), &diags);
    assert!(problems.is_empty(), "{problems:#?}");
    for rel in emptied
        .iter()
        .filter(|r| r.contains("/reports/") || r.contains("/cases/"))
    {
        assert!(
            diags
                .iter()
                .any(|d| d.location == format!("{rel}:1:1") && d.message.contains("缺少文头")),
            "no diagnostic for the empty {rel}:\n{}",
            run.stderr
        );
    }
    for rel in [
        "site.yaml",
        "cohorts/2017/cohort.yaml",
        "cohorts/2016/cohort.yaml",
    ] {
        assert!(
            diags
                .iter()
                .any(|d| d.location.starts_with(&format!("{rel}:"))
                    && d.message.contains("缺少必填字段")),
            "no diagnostic for the empty {rel}:\n{}",
            run.stderr
        );
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// No content folder at all, a file instead of a folder, and an empty folder.
#[test]
fn missing_or_empty_content_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("nope");
    let run = common::run_showcase(&["check", "--content", &missing.to_string_lossy()]);
    assert_sane(&run, "missing");
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("找不到内容目录"), "{}", run.stderr);

    let file = tmp.path().join("file.yaml");
    std::fs::write(&file, "title: x\n").unwrap();
    let run = common::run_showcase(&["check", "--content", &file.to_string_lossy()]);
    assert_sane(&run, "file");
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("找不到内容目录"), "{}", run.stderr);

    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let run = common::run_showcase(&["check", "--content", &empty.to_string_lossy()]);
    assert_sane(&run, "empty");
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("缺少总设置文件 site.yaml"),
        "{}",
        run.stderr
    );
}

/// `ledger` refuses to print a ledger from broken content and says why.
#[test]
fn ledger_refuses_broken_content() {
    let ws = Workspace::new();
    ws.replace(
        "cohorts/2017/activities/qg-1.yaml",
        "participants: [王芳, 何雨婷, 张宇, 黄丽君]",
        "participants: [王芳, 何雨亭, 张宇, 黄丽君]",
    );
    let run = common::run_showcase(&[
        "ledger",
        "--content",
        &ws.content().to_string_lossy(),
        "--cohort",
        "2017",
        "--format",
        "csv",
    ]);
    assert_sane(&run, "ledger");
    assert_eq!(run.code, Some(1));
    assert!(run.stdout.is_empty(), "no partial ledger: {}", run.stdout);
    assert!(
        run.stderr.contains("参加人「何雨亭」不是 2017 届学员"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("请先修正上述错误"), "{}", run.stderr);
}

/// A file name that is not valid UTF-8 (possible on Linux when copying from an old Windows
/// share): reported by name, with the undecodable byte shown as a replacement character.
#[cfg(unix)]
#[test]
fn non_utf8_file_name() {
    use std::os::unix::ffi::OsStrExt;
    let ws = Workspace::new();
    let name = std::ffi::OsStr::from_bytes(b"qg-1-\xb5\xf7\xd1\xd0.md");
    let path = ws.path("cohorts/2017/reports").join(name);
    std::fs::write(
        &path,
        "---\ntitle: 文件名是 GBK\nauthors: [王芳]\ngroup: qg-1\ndate: 2017-12-15\nabstract: 摘要。\nkeywords: [文件名]\n---\n\n正文。\n",
    )
    .unwrap();
    let run = ws.check();
    assert_sane(&run, "non-UTF-8 name");
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.diagnostics()
            .iter()
            .any(|d| d.location.starts_with("cohorts/2017/reports/qg-1-")
                && d.message.contains("会成为网址")),
        "{}",
        run.stderr
    );
}

/// A single 1.9 MB line with a problem at its very end: reported at the right column, the
/// quoted line cut short, no slow or broken rendering.
#[test]
fn problem_at_the_end_of_a_very_long_line() {
    let ws = Workspace::new();
    let filler = "很长的标题".repeat(120_000);
    ws.write(
        "cohorts/2017/activities/qg-1-long.yaml",
        format!(
            "group: qg-1\nactivities:\n  - date: 2017-06-01\n    kind: 学习\n    title: {filler}\n    participants: [王芳]\n    organiser: 何雨亭\n"
        ),
    );
    ws.write(
        "cohorts/2017/activities/qg-2-long.yaml",
        format!(
            "group: qg-2\nactivities:\n  - {{date: 2017-06-01, kind: 学习, title: {filler}, participants: [李明宣]}}\n"
        ),
    );
    let run = ws.check();
    expect_error_at(
        &run,
        &ws,
        "cohorts/2017/activities/qg-1-long.yaml:7:16",
        "组织者「何雨亭」",
    );
    let col = "  - {date: 2017-06-01, kind: 学习, title: ".chars().count()
        + filler.chars().count()
        + ", participants: [".chars().count()
        + 1;
    expect_error_at(
        &run,
        &ws,
        &format!("cohorts/2017/activities/qg-2-long.yaml:3:{col}"),
        "参加人「李明宣」",
    );
    assert!(
        run.stderr.len() < 20_000,
        "the long line leaked into the output"
    );
}

/// Deeply nested Markdown in a report body (block quotes, lists, links, emphasis, images):
/// handled without a crash; each broken image is reported at its own place.
#[test]
fn deeply_nested_markdown_body() {
    let ws = Workspace::new();
    let head = "---\ntitle: 嵌套\nauthors: [王芳]\ngroup: qg-1\ndate: 2017-12-15\nabstract: 摘要。\nkeywords: [嵌套]\n---\n\n";
    let bodies = [
        ">".repeat(20_000) + " 引文\n",
        "- ".repeat(10_000) + "列表\n",
        "[".repeat(20_000) + "链接" + &"](x)".repeat(20_000) + "\n",
        "*".repeat(20_000) + "强调" + &"*".repeat(20_000) + "\n",
        (0..3000)
            .map(|i| format!("{}- 项\n", "  ".repeat(i)))
            .collect::<String>(),
        "> ".repeat(3000) + "![图](../images/nope.png)\n",
    ];
    for (i, b) in bodies.iter().enumerate() {
        ws.write(
            &format!("cohorts/2017/reports/qg-1-deep-{i}.md"),
            format!("{head}{b}"),
        );
    }
    let run = ws.check();
    expect_error_at(
        &run,
        &ws,
        "cohorts/2017/reports/qg-1-deep-5.md:10",
        "图片「../images/nope.png」不存在",
    );
    // What the booklet writer would refuse, `check` refuses first, at the place it happens.
    // (Case 4 is over the 2 MB file limit and refused as a whole.)
    for i in [0, 1, 3, 5] {
        expect_error_at(
            &run,
            &ws,
            &format!("cohorts/2017/reports/qg-1-deep-{i}.md"),
            "嵌套过深",
        );
    }
}

/// The same input gives the same report, errors first, then by file and line.
#[test]
fn output_is_deterministic_and_ordered() {
    let ws = Workspace::new();
    apply_case(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken/many-problems"),
        &ws,
    );
    let first = ws.check();
    let second = ws.check();
    assert_eq!(first.stderr, second.stderr);
    assert_eq!(first.stdout, second.stdout);
    let diags = first.diagnostics();
    let errors_then_warnings = diags
        .windows(2)
        .all(|w| !(w[0].severity == Severity::Warning && w[1].severity == Severity::Error));
    assert!(errors_then_warnings, "{}", first.stderr);
    // Within one file, by line then column.
    for w in diags.windows(2) {
        if let (Some((f0, l0, c0)), Some((f1, l1, c1))) =
            (w[0].parsed_location(), w[1].parsed_location())
            && f0 == f1
            && w[0].severity == w[1].severity
        {
            assert!((l0, c0) <= (l1, c1), "{} before {}", w[0], w[1]);
        }
    }
}

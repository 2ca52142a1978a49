//! Careless or hostile input, through the binary: each case reproduces an attack or accident
//! that once got through (issue: trust under attack) and checks it now gets a clear error at
//! its place, without flooding, escaping or silently changing anything.

mod common;

use common::{Severity, Workspace, run_showcase};
use std::io::Write;

const ACTS: &str = "cohorts/2017/activities/chengguan.yaml";
const FIRST_ACTIVITY: &str = "  - date: 2017-05-12\n    title: 导师见面会暨年度学习计划制定\n";

fn append_activity(ws: &Workspace, body: &str) {
    let mut text = ws.read(ACTS);
    text.push_str(&format!("\n  - date: 2017-06-02\n    kind: 学习\n{body}"));
    ws.write(ACTS, text);
}

fn has_error(run: &common::Run, location_prefix: &str, msg: &str) -> bool {
    run.diagnostics().iter().any(|d| {
        d.severity == Severity::Error
            && d.location.starts_with(location_prefix)
            && d.message.contains(msg)
    })
}

#[test]
fn an_author_listed_twice_is_an_error_not_double_points() {
    let ws = Workspace::new();
    let rel = "cohorts/2017/cases/wending-1-petition-reception-drill.md";
    ws.replace(rel, "authors: [沈佳, 吴昊]", "authors: [沈佳, 吴昊, 吴昊]");
    let run = ws.check();
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        has_error(&run, &format!("{rel}:3:"), "作者「吴昊」重复列出"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_script_base_url_is_refused() {
    let ws = Workspace::new();
    ws.replace(
        "site.yaml",
        "base_url: /",
        "base_url: \"javascript:alert(1)//\"",
    );
    let run = ws.check();
    assert!(
        has_error(&run, "site.yaml:4:", "base_url"),
        "{}",
        run.stderr
    );
}

#[test]
fn terminal_escapes_from_content_are_shown_not_obeyed() {
    let ws = Workspace::new();
    append_activity(
        &ws,
        "    title: 夜查\n    participants: [\"\\e]0;pwned\\a高晓峰\"]\n",
    );
    let run = ws.check();
    assert_eq!(run.code, Some(1));
    assert!(
        !run.stderr.contains('\u{1b}') && !run.stderr.contains('\u{7}'),
        "raw escape sequence printed: {:?}",
        run.stderr
    );
    assert!(run.stderr.contains("\\u{1b}]0;pwned"), "{}", run.stderr);

    let mut child = std::process::Command::new(common::showcase_bin())
        .arg("sort-names")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("王芳\n\u{1b}]0;x\u{7}李丹\n".as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "{text:?}"
    );
    assert!(text.contains("王芳"), "{text}");
}

#[test]
fn fifty_thousand_problems_are_summed_up_not_printed() {
    let ws = Workspace::new();
    let names: Vec<String> = (0..50_000).map(|i| format!("无名{i}")).collect();
    append_activity(
        &ws,
        &format!(
            "    title: 大会\n    participants: [{}]\n",
            names.join(", ")
        ),
    );
    let run = ws.check();
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.len() < 200_000,
        "{} bytes of diagnostics",
        run.stderr.len()
    );
    assert!(run.stderr.contains("另有"), "{}", &run.stderr[..2000]);
    let (errors, _) = run.summary_counts().expect("summary line");
    assert!(errors >= 50_000, "every problem still counted: {errors}");
}

#[test]
fn the_root_cause_comes_first() {
    // A duplicate key makes the roster unreadable; every name elsewhere then looks unknown.
    let ws = Workspace::new();
    ws.replace(
        "cohorts/2017/members.yaml",
        "    name: 沈佳\n",
        "    name: 沈佳\n    name: 沈佳\n",
    );
    let run = ws.check();
    let diags = run.diagnostics();
    assert!(diags.len() > 20, "follow-on problems expected");
    assert!(
        diags[0].message.contains("写了两次"),
        "first: {}\n{}",
        diags[0],
        run.stderr
    );
    // A tab in the indentation, likewise.
    let ws = Workspace::new();
    ws.replace(
        "cohorts/2017/members.yaml",
        "    name: 沈佳\n",
        "\tname: 沈佳\n",
    );
    let diags = ws.check().diagnostics();
    assert!(diags[0].message.contains("Tab"), "first: {}", diags[0]);
}

#[test]
fn yaml_tags_are_errors_not_ignored() {
    for tag in ["!include other.yaml", "!!binary aGVsbG8=", "!custom 夜查"] {
        let ws = Workspace::new();
        append_activity(&ws, &format!("    title: {tag}\n    participants: 全体\n"));
        let run = ws.check();
        assert_eq!(run.code, Some(1), "{tag}: {}", run.stderr);
        assert!(has_error(&run, ACTS, "不受支持"), "{tag}: {}", run.stderr);
    }
    // An exclamation mark in ordinary text is fine.
    let ws = Workspace::new();
    ws.replace(
        ACTS,
        FIRST_ACTIVITY,
        "  - date: 2017-05-12\n    title: 导师见面会！Go!\n",
    );
    let run = ws.check();
    assert!(
        !run.stderr.contains("不受支持"),
        "false alarm: {}",
        run.stderr
    );
}

#[test]
fn oversized_text_fields_and_points_are_refused() {
    let ws = Workspace::new();
    append_activity(
        &ws,
        &format!(
            "    title: {}\n    participants: 全体\n",
            "长".repeat(300_000)
        ),
    );
    let run = ws.check();
    assert!(
        has_error(&run, ACTS, "过长"),
        "{}",
        &run.stderr[..run.stderr.len().min(3000)]
    );
    assert!(
        run.stderr.len() < 20_000,
        "the title leaked into the output"
    );

    let ws = Workspace::new();
    ws.replace(
        "cohorts/2017/cohort.yaml",
        "  attend: 5 ",
        "  attend: 4294967295 ",
    );
    let run = ws.check();
    assert!(
        has_error(&run, "cohorts/2017/cohort.yaml:15:", "过大"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_zip_bomb_sheet_is_refused() {
    let ws = Workspace::new();
    let bomb = ws.dir.path().join("签到表.xlsx");
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    w.start_file("[Content_Types].xml", opts).unwrap();
    w.write_all(b"<Types/>").unwrap();
    w.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
    let chunk = vec![b' '; 1024 * 1024];
    for _ in 0..210 {
        w.write_all(&chunk).unwrap();
    }
    let bytes = w.finish().unwrap().into_inner();
    assert!(bytes.len() < 2 * 1024 * 1024, "{}", bytes.len());
    std::fs::write(&bomb, bytes).unwrap();
    let run = run_showcase(&[
        "import",
        "attendance",
        &bomb.to_string_lossy(),
        "--group",
        "chengguan",
        "--content",
        &ws.content().to_string_lossy(),
    ]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("解压后超过"), "{}", run.stderr);
}

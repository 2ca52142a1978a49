//! `showcase import report` through the binary on a copy of the sample content: the
//! realistic report imported, checked and built (site page and booklet PDF); every class of
//! bad input refused with a Chinese error naming the file, exit 1 and nothing written;
//! batches all or nothing; existing files never overwritten.

mod common;
mod docx;

use common::{Run, Workspace, assert_sane, run_showcase};
use docx::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn import(ws: &Workspace, path: &Path, extra: &[&str]) -> Run {
    let content = ws.content();
    let mut args = vec![
        "import",
        "report",
        path.to_str().unwrap(),
        "--group",
        "chengguan",
        "--cohort",
        "2017",
        "--content",
        content.to_str().unwrap(),
    ];
    args.extend(extra);
    let run = run_showcase(&args);
    assert_sane(&run, "import report");
    run
}

/// Every file under the content folder with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir) {
        let e = e.unwrap();
        if e.file_type().is_file() {
            out.insert(e.path().to_path_buf(), std::fs::read(e.path()).unwrap());
        }
    }
    out
}

/// Imports `bytes` saved as `name` and expects a refusal mentioning every `needles`.
fn refused(name: &str, bytes: &[u8], needles: &[&str]) {
    let ws = Workspace::new();
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join(name);
    std::fs::write(&f, bytes).unwrap();
    let before = snapshot(&ws.content());
    let run = import(&ws, &f, &[]);
    assert_eq!(
        run.code,
        Some(1),
        "{name}: expected exit 1\n{}{}",
        run.stdout,
        run.stderr
    );
    assert!(
        run.stderr.contains(name),
        "{name}: error does not name the file:\n{}",
        run.stderr
    );
    assert!(run.stderr.contains("未写入任何内容"), "{}", run.stderr);
    for n in needles {
        assert!(
            run.stderr.contains(n),
            "{name}: error lacks {n:?}:\n{}",
            run.stderr
        );
    }
    assert!(
        snapshot(&ws.content()) == before,
        "{name}: the content folder changed"
    );
}

fn ole(extra: &[u8]) -> Vec<u8> {
    let mut b = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    b.extend(vec![0u8; 504]);
    b.extend(extra);
    b
}

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
}

/// The realistic report's parts with `document.xml` replaced.
fn with_document(xml: &str) -> Vec<u8> {
    let parts: Vec<(String, Vec<u8>)> = realistic()
        .parts()
        .into_iter()
        .map(|(n, b)| {
            if n == "word/document.xml" {
                (n, xml.as_bytes().to_vec())
            } else {
                (n, b)
            }
        })
        .collect();
    zip_parts(&parts)
}

#[test]
fn not_a_zip() {
    refused(
        "报告.docx",
        "这只是一段文字，不是 Word 文档".as_bytes(),
        &["不是 Word 文档", "另存为"],
    );
}

#[test]
fn old_doc_and_wps() {
    refused(
        "旧报告.doc",
        &ole(&utf16("WordDocument")),
        &["旧版 Word", "另存为"],
    );
    refused(
        "金山报告.wps",
        &ole(&utf16("WordDocument")),
        &[".wps", "另存为"],
    );
}

#[test]
fn password_protected() {
    let mut b = utf16("EncryptionInfo");
    b.extend(utf16("EncryptedPackage"));
    refused("加密报告.docx", &ole(&b), &["密码"]);
}

#[test]
fn corrupt_and_truncated_zip() {
    let good = realistic().bytes();
    refused("截断.docx", &good[..good.len() / 2], &["损坏或不完整"]);
    // Damage the compressed bytes of document.xml (its CRC no longer matches).
    let mut bad = good.clone();
    let at = bad
        .windows(17)
        .position(|w| w == b"word/document.xml")
        .unwrap()
        + 17
        + 40;
    for b in &mut bad[at..at + 30] {
        *b ^= 0x5A;
    }
    refused("损坏.docx", &bad, &["损坏"]);
}

#[test]
fn corrupt_and_truncated_xml() {
    let xml = realistic().document_xml();
    refused(
        "坏XML.docx",
        &with_document(&xml.replace("</w:p>", "</w:q>")),
        &["word/document.xml", "XML"],
    );
    refused(
        "半截XML.docx",
        &with_document(&xml[..xml.len() / 2]),
        &["word/document.xml", "XML"],
    );
    let cut = xml[..xml.len() / 2].rfind("</w:p>").unwrap() + 6;
    refused(
        "截断XML.docx",
        &with_document(&xml[..cut]),
        &["word/document.xml", "不完整"],
    );
}

#[test]
fn zip_bombs() {
    // Too many entries.
    let many: Vec<(String, Vec<u8>)> = realistic()
        .parts()
        .into_iter()
        .chain((0..5001).map(|i| (format!("word/media/x{i}.bin"), Vec::new())))
        .collect();
    refused("炸弹一.docx", &zip_parts(&many), &["部件", "上限"]);
    // An entry declaring 4 GB.
    let mut b = realistic().bytes();
    let sig = [0x50, 0x4b, 0x01, 0x02];
    let cd = b.windows(4).position(|w| w == sig).unwrap();
    b[cd + 24..cd + 28].copy_from_slice(&u32::MAX.to_le_bytes());
    refused("炸弹二.docx", &b, &["上限"]);
}

#[test]
fn entry_names_that_climb_out() {
    let mut parts = realistic().parts();
    parts.push(("../../evil.txt".into(), b"x".to_vec()));
    refused("路径.docx", &zip_parts(&parts), &["不安全"]);
}

#[test]
fn empty_document_and_not_word() {
    refused(
        "空白.docx",
        &Docx::new(p("", "") + &para("　　")).bytes(),
        &["文档是空的"],
    );
    let parts: Vec<(String, Vec<u8>)> = vec![("xl/workbook.xml".into(), b"<workbook/>".to_vec())];
    refused("表格.docx", &zip_parts(&parts), &["没有正文"]);
}

#[test]
fn batch_is_all_or_nothing() {
    let ws = Workspace::new();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a-好.docx"), realistic().bytes()).unwrap();
    std::fs::write(dir.path().join("b-坏.doc"), ole(&[])).unwrap();
    // Word's lock file is skipped, not reported.
    std::fs::write(dir.path().join("~$a-好.docx"), b"lock").unwrap();
    let before = snapshot(&ws.content());
    let run = import(&ws, dir.path(), &[]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("b-坏.doc"), "{}", run.stderr);
    assert!(!run.stderr.contains("~$"), "{}", run.stderr);
    assert!(
        snapshot(&ws.content()) == before,
        "a failed batch wrote files"
    );
    // Without the bad file the batch goes through; two documents with one title get two names.
    std::fs::remove_file(dir.path().join("b-坏.doc")).unwrap();
    std::fs::write(dir.path().join("c-同题.docx"), realistic().bytes()).unwrap();
    let run = import(&ws, dir.path(), &[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let reports = ws.path("cohorts/2017/reports");
    let names: Vec<String> = std::fs::read_dir(&reports)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("beijie"))
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names.iter().any(|n| n.ends_with("-2.md")), "{names:?}");
}

#[test]
fn never_overwrites() {
    let ws = Workspace::new();
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("报告.docx");
    std::fs::write(&f, realistic().bytes()).unwrap();
    assert_eq!(import(&ws, &f, &[]).code, Some(0));
    let before = snapshot(&ws.content());
    let run = import(&ws, &f, &[]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("已存在") && run.stderr.contains(".md"),
        "{}",
        run.stderr
    );
    assert!(snapshot(&ws.content()) == before);
}

#[test]
fn dry_run_writes_nothing() {
    let ws = Workspace::new();
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("报告.docx");
    std::fs::write(&f, realistic().bytes()).unwrap();
    let before = snapshot(&ws.content());
    let run = import(&ws, &f, &["--dry-run"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stdout.contains("## 一、基本情况"), "{}", run.stdout);
    assert!(
        run.stdout.contains("→ cohorts/2017/reports/chengguan-"),
        "{}",
        run.stdout
    );
    let run = import(&ws, &f, &["--dry-run", "--case"]);
    assert!(
        run.stdout.contains("→ cohorts/2017/cases/chengguan-"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("导入的活动案例"), "{}", run.stdout);
    assert!(snapshot(&ws.content()) == before);
}

/// Imports the realistic report into a fresh copy; returns the workspace and the report slug.
fn imported() -> (Workspace, String) {
    let ws = Workspace::new();
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("背街小巷调研.docx");
    std::fs::write(&f, realistic().bytes()).unwrap();
    let run = import(&ws, &f, &[]);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("检查通过"),
        "{}{}",
        run.stdout,
        run.stderr
    );
    let slug = "chengguan-qingxi-jiedao-beijie-xiaoxiang".to_string();
    assert!(
        ws.path(&format!("cohorts/2017/reports/{slug}.md"))
            .is_file()
    );
    for n in [1, 2] {
        let img = ws.path(&format!("cohorts/2017/images/{slug}-{n}.png"));
        assert!(std::fs::read(&img).unwrap().starts_with(b"\x89PNG"));
    }
    (ws, slug)
}

fn build(ws: &Workspace, out: &Path, booklet: bool) {
    let content = ws.content();
    let mut args = vec![
        "build",
        "--content",
        content.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    if !booklet {
        args.push("--no-booklet");
    }
    let run = run_showcase(&args);
    assert_sane(&run, "build");
    assert_eq!(run.code, Some(0), "build failed:\n{}", run.stderr);
}

#[test]
fn imported_report_checks_and_builds_the_site() {
    let (ws, slug) = imported();
    let check = ws.check();
    assert_eq!(check.code, Some(0), "{}", check.stderr);
    assert!(
        !check.stderr.contains(&slug),
        "check reports problems in the imported file:\n{}",
        check.stderr
    );
    let out = tempfile::tempdir().unwrap();
    build(&ws, out.path(), false);
    let page = out
        .path()
        .join(format!("site/2017/reports/{slug}/index.html"));
    let html = std::fs::read_to_string(&page).unwrap();
    for want in [
        "关于青溪街道背街小巷环境整治的调研",
        "一、基本情况",
        "（一）管护主体不明确",
        "1．建立巷长制",
        "含两条断头路",
        "桂园社区",
        "数据来源：街道城管办2017年台账。",
        "图1　背街小巷分社区数量（条）",
        "图2　整治前后对比",
        "高晓峰",
    ] {
        assert!(
            html.contains(want),
            "{want} missing from {}",
            page.display()
        );
    }
    assert!(html.contains("<table"), "no table");
    let imgs = html.matches(&format!("{slug}-")).count();
    assert!(imgs >= 2, "pictures missing from the page");
}

#[test]
fn imported_report_reaches_the_booklet() {
    let (ws, _) = imported();
    let out = tempfile::tempdir().unwrap();
    build(&ws, out.path(), true);
    let pdf = out.path().join("print/2017/booklet.pdf");
    let text = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils; run scripts/setup.sh --test)");
    let text = String::from_utf8_lossy(&text.stdout).replace(char::is_whitespace, "");
    for want in [
        "关于青溪街道背街小巷环境整治的调研",
        "一、基本情况",
        "（一）管护主体不明确",
        "含两条断头路",
        "数据来源：街道城管办2017年台账。",
        "图1背街小巷分社区数量（条）",
        "图2整治前后对比",
    ] {
        let w = want
            .replace(char::is_whitespace, "")
            .replace('\u{3000}', "");
        assert!(text.contains(&w), "{want} missing from the booklet text");
    }
    let list = std::process::Command::new("pdfimages")
        .arg("-list")
        .arg(&pdf)
        .output()
        .expect("pdfimages (poppler-utils)");
    let list = String::from_utf8_lossy(&list.stdout);
    // Our two pictures: 40×30 and 30×40 pixels.
    assert!(
        list.lines()
            .any(|l| l.split_whitespace().nth(3) == Some("40")
                && l.split_whitespace().nth(4) == Some("30")),
        "picture 1 not in the PDF:\n{list}"
    );
    assert!(
        list.lines()
            .any(|l| l.split_whitespace().nth(3) == Some("30")
                && l.split_whitespace().nth(4) == Some("40")),
        "picture 2 not in the PDF:\n{list}"
    );
}

#[test]
fn problems_in_the_new_file_are_shown_as_check_shows_them() {
    let ws = Workspace::new();
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("作者不在名册.docx");
    let d = Docx::new(
        [
            centred("名册外作者的调研", 44),
            para("作者：高晓峰、欧阳某某"),
            para("【摘要】摘要。"),
            para("【关键词】甲；乙"),
            bold("一、正文"),
            para("正文。"),
        ]
        .concat(),
    );
    std::fs::write(&f, d.bytes()).unwrap();
    let run = import(&ws, &f, &[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    // The import's own warning, then check's diagnostic with file:line:col.
    assert!(
        run.stderr.contains("「欧阳某某」不在本届学员名册中"),
        "{}",
        run.stderr
    );
    let diags = run.diagnostics();
    let d = diags
        .iter()
        .find(|d| d.message.contains("欧阳某某"))
        .unwrap_or_else(|| panic!("no check diagnostic:\n{}", run.stderr));
    let (path, line, _) = d.parsed_location().expect("file:line:col");
    assert!(
        path.starts_with("cohorts/2017/reports/chengguan-") && path.ends_with(".md"),
        "{path}"
    );
    let text = ws.read(&path);
    assert!(
        text.lines()
            .nth(line as usize - 1)
            .unwrap()
            .starts_with("authors:")
    );
    assert!(run.stdout.contains("1 个错误"), "{}", run.stdout);
}

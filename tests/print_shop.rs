//! Whole-program tests of the print-shop edition: the package in `print/<year>/print-shop/`
//! (text block padded to a multiple of 4, cover spread as wide as back + spine + front +
//! bleed, preflight report naming a low-resolution image), every character printing, and
//! figure / footnote numbers restarting per article. Needs typst and poppler-utils
//! (scripts/setup.sh --test).

mod common;

use common::{
    Workspace, build_booklet as build, build_booklet_ok as build_ok, pdf_text, pdftotext, tool,
};
use std::path::Path;

fn pages(pdf: &Path) -> u32 {
    tool("pdfinfo", &[], pdf)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count")
}

/// (width, height) in pt of a box (`MediaBox`, `TrimBox`) of page 1.
fn page_box(pdf: &Path, which: &str) -> (f64, f64) {
    let info = tool("pdfinfo", &["-box", "-f", "1", "-l", "1"], pdf);
    let line = info
        .lines()
        .find(|l| l.contains(which))
        .unwrap_or_else(|| panic!("no {which}: {info}"));
    let v: Vec<f64> = line
        .split(':')
        .nth(1)
        .unwrap()
        .split_whitespace()
        .map(|x| x.parse().unwrap())
        .collect();
    (v[2] - v[0], v[3] - v[1])
}

fn mm(pt: f64) -> f64 {
    pt / 72.0 * 25.4
}

/// The sample built once per theme (shared by the tests of this file).
fn sample_with(theme: &str) -> &'static Path {
    common::sample_booklet_build(theme)
}

fn the_print_package_has_a_padded_text_block_a_cover_spread_and_a_report(theme: &str) {
    let shop = sample_with(theme).join("print/2017/print-shop");
    let text = shop.join("内文.pdf");
    let cover = shop.join("封面.pdf");
    let n = pages(&text);
    assert_eq!(n % 4, 0, "内文.pdf has {n} pages, not a multiple of 4");
    // The reading copy is the front cover + inside cover + the unpadded text block.
    let reading = pages(&sample_with(theme).join("print/2017/booklet.pdf"));
    assert!(n >= reading - 2 && n < reading - 2 + 4, "{n} vs {reading}");
    // 3 mm bleed around the trim box of the text block.
    let (tw, th) = page_box(&text, "TrimBox");
    let (mw, _) = page_box(&text, "MediaBox");
    assert!((mm(tw) - 185.0).abs() < 0.1 && (mm(th) - 260.0).abs() < 0.1);
    assert!((mm(mw) - 191.0).abs() < 0.1, "media {} mm", mm(mw));
    // Cover: 2 × trim + spine + 2 × bleed, spine = ⌈pages ÷ 2⌉ × 0.1 mm.
    let spine = n.div_ceil(2) as f64 * 0.1;
    let (cw, ch) = page_box(&cover, "MediaBox");
    let want = 2.0 * 185.0 + spine + 2.0 * 3.0;
    assert!(
        (mm(cw) - want).abs() < 0.1,
        "cover is {:.2} mm wide, want {want:.2}",
        mm(cw)
    );
    assert!((mm(ch) - 266.0).abs() < 0.1);
    assert_eq!(pages(&cover), 1);
    let report = std::fs::read_to_string(shop.join("印前检查.txt")).unwrap();
    for needle in [
        "成品尺寸：185×260mm",
        "出血：3mm",
        &format!("共 {n} 页"),
        &format!("书脊宽度：{spine:.2}mm"),
        "NotoSerifCJKsc",
        "RGB",
        "PDF/X",
    ] {
        assert!(report.contains(needle), "report lacks {needle}:\n{report}");
    }
    let zip = std::fs::read(shop.join("印刷包-2017.zip")).unwrap();
    assert_eq!(&zip[..2], b"PK");
    // The cover spread carries the title (front and spine) and the reading copy starts
    // with the front cover.
    let cover_text = pdf_text(&cover);
    assert!(cover_text.contains("2017年度"), "{cover_text}");
    let first = pdftotext(
        &sample_with(theme).join("print/2017/booklet.pdf"),
        &["-f", "1", "-l", "1"],
    );
    assert!(
        first.contains("二〇一七年十二月"),
        "page 1 is the cover: {first}"
    );
}

fn figures_and_footnotes_are_numbered_per_article(theme: &str) {
    // Layout mode keeps a caption on its visual line.
    let text = pdftotext(
        &sample_with(theme).join("print/2017/booklet.pdf"),
        &["-layout"],
    );
    // Three reports each have one figure their authors call 图1: each stays 图1, and the
    // author's own number is not printed twice.
    for caption in [
        "图1青溪街道网格划分示意图",
        "图1老旧小区存量违建分社区数量",
        "图1望江路4幢商务楼宇空置率",
    ] {
        assert!(text.contains(caption), "caption {caption} not found");
    }
    assert!(!text.contains("图1图1") && !text.contains("图2图1"));
}

#[test]
fn footnotes_restart_with_each_article() {
    let ws = Workspace::new();
    let authors = ws
        .read("cohorts/2017/reports/chengguan-illegal-structures.md")
        .lines()
        .find(|l| l.starts_with("authors:"))
        .unwrap()
        .to_string();
    for (slug, mark) in [("zz-a", "甲方注释"), ("zz-b", "乙方注释")] {
        ws.write(
            &format!("cohorts/2017/reports/{slug}.md"),
            format!(
                "---\ntitle: 脚注测试{slug}\n{authors}\ngroup: chengguan\ndate: 2017-12-20\nabstract: 脚注编号。\nkeywords: [脚注]\n---\n\n正文[^x]。\n\n[^x]: {mark}\n"
            ),
        );
    }
    let out = ws.dir.path().join("out");
    build_ok(&ws.content(), &out);
    let text = pdf_text(&out.join("print/2017/booklet.pdf"));
    assert!(text.contains("1甲方注释"), "first article's footnote is 1");
    assert!(
        text.contains("1乙方注释"),
        "second article's footnote is 1 again"
    );
}

/// A PNG of `w` × `h` grey pixels.
fn png(w: u32, h: u32) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    image::GrayImage::from_pixel(w, h, image::Luma([128]))
        .write_to(&mut out, image::ImageFormat::Png)
        .expect("encode png");
    out.into_inner()
}

#[test]
fn preflight_names_a_low_resolution_image_at_its_markdown_line() {
    let ws = Workspace::new();
    ws.write("cohorts/2017/images/small.png", png(120, 80));
    let rel = "cohorts/2017/reports/chengguan-illegal-structures.md";
    let mut text = ws.read(rel);
    let line = text.lines().count() + 2;
    text.push_str("\n![图2　现场照片](../images/small.png)\n");
    ws.write(rel, text);
    let out = ws.dir.path().join("out");
    build_ok(&ws.content(), &out);
    let report = std::fs::read_to_string(out.join("print/2017/print-shop/印前检查.txt")).unwrap();
    let entry = report
        .lines()
        .find(|l| l.contains("small.png"))
        .unwrap_or_else(|| panic!("image not listed:\n{report}"));
    assert!(entry.contains(&format!("{rel}:{line}")), "{entry}");
    assert!(
        entry.contains("120×80") && entry.contains("低于 300 dpi"),
        "{entry}"
    );
}

fn every_character_prints_and_reads_back(theme: &str) {
    let ws = Workspace::new();
    let rel = "cohorts/2017/reports/chengguan-illegal-structures.md";
    let mut text = ws.read(rel);
    text.push_str("\n罕见字符：ℋ 👍 ① ™ ㎡ ℃ 𠮷 结束。\n\n");
    // A 40,000-letter "word" (a pasted hash) wraps instead of failing the book.
    text.push_str(&"a".repeat(40_000));
    text.push('\n');
    ws.write(rel, text);
    let out = ws.dir.path().join("out");
    common::build_booklet_with_ok(&ws.content(), &out, &common::theme_dir(theme));
    let pdf = pdf_text(&out.join("print/2017/booklet.pdf"));
    for c in ["ℋ", "👍", "①", "™", "㎡", "℃", "𠮷"] {
        assert!(pdf.contains(c), "{c} not read back from the PDF");
    }
    assert!(pdf.contains(&"a".repeat(40)));
}

#[test]
fn a_character_in_no_font_is_named_with_its_code_point_and_line() {
    let ws = Workspace::new();
    let rel = "cohorts/2017/reports/chengguan-illegal-structures.md";
    let mut text = ws.read(rel);
    let line = text.lines().count() + 2;
    text.push_str("\n无字形：\u{10FFFD} 结束。\n");
    ws.write(rel, text);
    let out = ws.dir.path().join("out");
    let o = build(&ws.content(), &out);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("U+10FFFD"), "{err}");
    assert!(err.contains(&format!("{rel}:{line}:")), "{err}");
}

/// Inline code cannot be broken into lines: 40,000 characters of it exceed a PDF/A string
/// and the error names the Markdown line, not the build's staging folder.
#[test]
fn an_unbreakable_40000_character_code_span_is_reported_at_its_line() {
    let ws = Workspace::new();
    let rel = "cohorts/2017/reports/chengguan-illegal-structures.md";
    let mut text = ws.read(rel);
    let line = text.lines().count() + 2;
    text.push_str(&format!("\n`{}`\n", "b".repeat(40_000)));
    ws.write(rel, text);
    let out = ws.dir.path().join("out");
    let o = build(&ws.content(), &out);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains(&format!("{rel}:{line}:")), "{err}");
    assert!(!err.contains(".staging"), "{err}");
}

for_each_theme!(
    the_print_package_has_a_padded_text_block_a_cover_spread_and_a_report,
    figures_and_footnotes_are_numbered_per_article,
    every_character_prints_and_reads_back,
);

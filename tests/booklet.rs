//! Whole-program tests of the print booklet: typst + poppler-utils (installed by
//! scripts/setup.sh --test). Page size, embedded fonts, text read back from the PDF,
//! reproducibility, bleed, escaping of every Typst-special character, error mapping.

mod common;

use common::{
    build_booklet as build, build_booklet_ok as build_ok, copy_dir, pdf_text, sample_content,
    showcase_bin, tool,
};
use std::path::Path;
use std::process::Command;

/// The sample built once per theme (shared by the tests of this file).
fn sample_with(theme: &str) -> &'static Path {
    common::sample_booklet_build(theme)
}

fn sample() -> &'static Path {
    sample_with("default")
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn front_matter_titles(dir: &Path) -> Vec<String> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    rd.filter_map(|e| {
        let text = std::fs::read_to_string(e.ok()?.path()).ok()?;
        let line = text.lines().find(|l| l.starts_with("title:"))?;
        Some(
            line.trim_start_matches("title:")
                .trim()
                .trim_matches('"')
                .to_string(),
        )
    })
    .collect()
}

fn sample_booklet_has_the_right_size_fonts_and_text(theme: &str) {
    let pdf = sample_with(theme).join("print/2017/booklet.pdf");
    assert!(pdf.is_file(), "no booklet for 2017");
    assert!(
        sample_with(theme).join("print/2017/booklet.typ").is_file(),
        "typst sources are kept beside the PDF"
    );
    assert!(
        sample_with(theme).join("site/2017/booklet.pdf").is_file(),
        "the site publishes the booklet"
    );
    let info = tool("pdfinfo", &[], &pdf);
    // 16k = 185 × 260 mm = 524.41 × 737.01 pt
    assert!(
        info.contains("Page size:       524.41 x 737.01 pts") || info.contains("524.409 x 737.008"),
        "{info}"
    );
    assert!(info.contains("Title:           2017年度"), "{info}");
    let fonts = tool("pdffonts", &[], &pdf);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty());
    for r in &rows {
        let cols: Vec<&str> = r.split_whitespace().collect();
        let emb = cols[cols.len() - 5];
        assert_eq!(emb, "yes", "font not embedded: {r}");
    }
    assert!(
        fonts.contains("NotoSerifCJKsc") && fonts.contains("NotoSansCJKsc"),
        "{fonts}"
    );
    let text = pdf_text(&pdf);
    assert!(text.contains("二〇一七年十二月"), "cover date missing");
    let cohort = sample_content().join("cohorts/2017");
    let mut titles = front_matter_titles(&cohort.join("reports"));
    titles.extend(front_matter_titles(&cohort.join("cases")));
    assert!(titles.len() >= 20);
    for t in titles {
        assert!(text.contains(&squash(&t)), "title not in PDF: {t}");
    }
    // Every honoured name: from the site's honour roll (computed by the same build).
    let roll =
        std::fs::read_to_string(sample_with(theme).join("site/2017/honours/index.html")).unwrap();
    let ledger = Command::new(showcase_bin())
        .args(["ledger", "--cohort", "2017", "--format", "csv", "--content"])
        .arg(sample_content())
        .output()
        .unwrap();
    let csv = String::from_utf8(ledger.stdout).unwrap();
    let mut honoured = 0;
    for line in csv.lines().skip(1) {
        let name = line.split(',').nth(2).unwrap();
        let padded = if name.chars().count() == 2 {
            name.chars()
                .map(String::from)
                .collect::<Vec<_>>()
                .join("\u{3000}")
        } else {
            name.to_string()
        };
        if roll.contains(&padded) {
            honoured += 1;
            assert!(text.contains(name), "honoured {name} not in the booklet");
        }
    }
    assert!(
        honoured >= 10,
        "expected the honour roll names, found {honoured}"
    );
    assert!(text.contains("按姓氏笔画排序"));
    assert!(
        sample_with(theme).join("print/2016/booklet.pdf").is_file(),
        "every cohort gets a booklet"
    );
}

#[test]
fn two_builds_give_byte_identical_pdfs() {
    let a = tempfile::tempdir().unwrap();
    build_ok(&sample_content(), a.path());
    let first = std::fs::read(a.path().join("print/2017/booklet.pdf")).unwrap();
    let second = std::fs::read(sample().join("print/2017/booklet.pdf")).unwrap();
    assert!(first == second, "PDFs differ between two builds");
    // The print shop's package too: text block, cover spread, report and zip.
    for f in ["内文.pdf", "封面.pdf", "印前检查.txt", "印刷包-2017.zip"] {
        let rel = format!("print/2017/print-shop/{f}");
        let a = std::fs::read(a.path().join(&rel)).unwrap();
        let b = std::fs::read(sample().join(&rel)).unwrap();
        assert!(a == b, "{f} differs between two builds");
    }
}

#[test]
fn an_unchanged_booklet_is_not_compiled_again() {
    let tmp = tempfile::tempdir().unwrap();
    build_ok(&sample_content(), tmp.path());
    let o = build(&sample_content(), tmp.path());
    assert!(o.status.success());
    let n = std::fs::read_dir(sample_content().join("cohorts"))
        .unwrap()
        .count();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains(&format!("印刷册 {n} 册（{n} 册未变化沿用")),
        "{stdout}"
    );
}

#[test]
fn bleed_builds_have_a_trim_box_and_a_larger_media_box() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_dir(&sample_content(), &content);
    let site = std::fs::read_to_string(content.join("site.yaml")).unwrap();
    let site = if site.contains("bleed:") {
        site.lines()
            .map(|l| {
                if l.trim_start().starts_with("bleed:") {
                    "  bleed: 3mm".to_string()
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    } else {
        format!("{site}\nprint:\n  bleed: 3mm\n")
    };
    std::fs::write(content.join("site.yaml"), site).unwrap();
    let out = tmp.path().join("out");
    build_ok(&content, &out);
    let boxes = tool(
        "pdfinfo",
        &["-box", "-f", "3", "-l", "3"],
        &out.join("print/2017/booklet.pdf"),
    );
    let trim = boxes
        .lines()
        .find(|l| l.contains("TrimBox"))
        .expect("TrimBox");
    let media = boxes
        .lines()
        .find(|l| l.contains("MediaBox"))
        .expect("MediaBox");
    assert_ne!(trim.split(':').nth(1), media.split(':').nth(1), "{boxes}");
    assert!(trim.contains("8.50"), "3mm bleed is 8.50pt: {boxes}");
}

#[test]
fn every_typst_special_character_survives_into_the_pdf() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_dir(&sample_content(), &content);
    let src = std::fs::read_to_string(
        sample_content().join("cohorts/2017/reports/chengguan-illegal-structures.md"),
    )
    .unwrap();
    let authors = src.lines().find(|l| l.starts_with("authors:")).unwrap();
    let cols: Vec<String> = (1..=200).map(|i| format!("c{i}")).collect();
    let body = format!(
        "---\ntitle: 特殊字符测试\n{authors}\ngroup: chengguan\ndate: 2017-12-20\nabstract: 检查转义。\nkeywords: [转义]\n---\n\n\
         特殊字符：A#B$C*D_E@F<G>H[I]J\\K~L//M/*N=O-P+Q:R 结束。\n\n\
         = 不是标题 #let x = 1 $x^2$ @ref <label>\n\n\
         链接 https://example.org/a_(b)[c] 与 [文字](https://example.org/x?(y)=[z])。\n\n\
         <div onclick=\"x()\">原始HTML文字</div>\n\n|{}|\n|{}|\n|{}|\n",
        cols.join("|"),
        cols.iter().map(|_| "-").collect::<Vec<_>>().join("|"),
        cols.iter()
            .map(|c| c.to_uppercase())
            .collect::<Vec<_>>()
            .join("|")
    );
    std::fs::write(content.join("cohorts/2017/reports/zz-special.md"), body).unwrap();
    let out = tmp.path().join("out");
    build_ok(&content, &out);
    let text = pdf_text(&out.join("print/2017/booklet.pdf"));
    for needle in [
        "A#B$C*D_E@F<G>H[I]J\\K~L//M/*N=O-P+Q:R",
        "=不是标题#letx=1$x^2$@ref<label>",
        "https://example.org/a_(b)[c]",
        "原始HTML文字",
        "<divonclick=\"x()\">",
    ] {
        assert!(text.contains(needle), "not read back from PDF: {needle}");
    }
}

#[test]
fn a_typst_error_points_at_the_markdown_file_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_dir(&sample_content(), &content);
    // A file that is not really a PNG passes validation (it exists) but typst cannot decode it.
    std::fs::write(content.join("cohorts/2017/images/broken.png"), b"not a png").unwrap();
    let report = content.join("cohorts/2017/reports/chengguan-illegal-structures.md");
    let mut text = std::fs::read_to_string(&report).unwrap();
    let line = text.lines().count() + 2;
    text.push_str("\n![坏图](../images/broken.png)\n");
    std::fs::write(&report, text).unwrap();
    let out = tmp.path().join("out");
    std::fs::create_dir_all(out.join("site")).unwrap();
    std::fs::write(out.join("site/keep.txt"), "old").unwrap();
    // A previous showcase output: marked, or the build refuses to touch the folder.
    std::fs::write(out.join(".showcase-output"), "").unwrap();
    let o = build(&content, &out);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "cohorts/2017/reports/chengguan-illegal-structures.md:{line}:"
        )),
        "{err}"
    );
    assert!(
        out.join("site/keep.txt").is_file(),
        "previous output must stay"
    );
}

/// The honour roll in site and PDF: each award with its count and ordering note; the names
/// in the order `showcase sort-names` gives (按姓氏笔画排序); two-character names padded on
/// the site (李　丹); the PDF lists the same names in the same order.
fn honour_roll_in_site_and_pdf_is_in_stroke_order(theme: &str) {
    let site =
        std::fs::read_to_string(sample_with(theme).join("site/2017/honours/index.html")).unwrap();
    let start = site.find("优秀学员（").expect("award heading with count");
    let block = &site[start..site[start..].find("积极分子（").map(|e| start + e).unwrap()];
    assert!(block.contains("（按姓氏笔画排序）"));
    // Names as shown: the text of each name cell (padded with U+3000 when two characters).
    let shown: Vec<String> = block
        .split('>')
        .filter_map(|part| part.split('<').next())
        .map(str::trim)
        .filter(|t| {
            let n = t.chars().filter(|c| *c != '\u{3000}').count();
            (2..=4).contains(&n)
                && t.chars()
                    .all(|c| c == '\u{3000}' || ('\u{4e00}'..='\u{9fff}').contains(&c))
        })
        .filter(|t| !["优秀学员", "评选依据"].contains(t))
        .map(String::from)
        .collect();
    assert!(shown.len() >= 8, "{shown:?}");
    for n in &shown {
        if n.chars().count() == 3 && n.contains('\u{3000}') {
            continue; // padded two-character name
        }
        assert!(n.chars().count() != 2, "two-character name not padded: {n}");
    }
    let names: Vec<String> = shown.iter().map(|n| n.replace('\u{3000}', "")).collect();
    let count: usize = block["优秀学员（".len()..]
        .split('名')
        .next()
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert_eq!(
        count,
        names.len(),
        "the count in the heading matches the names: {names:?}"
    );
    let sorted = Command::new(showcase_bin())
        .arg("sort-names")
        .write_stdin_compat(names.join("\n"))
        .unwrap();
    assert_eq!(
        sorted.lines().collect::<Vec<_>>(),
        names.iter().map(String::as_str).collect::<Vec<_>>()
    );
    // Layout mode keeps rows in order and cells left to right within a row.
    let o = Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-layout"])
        .arg(sample_with(theme).join("print/2017/booklet.pdf"))
        .arg("-")
        .output()
        .unwrap();
    let pdf = squash(&String::from_utf8_lossy(&o.stdout));
    assert!(
        pdf.contains(&format!("优秀学员（{count}名）（按姓氏笔画排序）")),
        "award heading in the PDF"
    );
    assert!(
        pdf.contains(&names.concat()),
        "PDF lists {names:?} in this order"
    );
}

trait StdinCompat {
    fn write_stdin_compat(&mut self, input: String) -> std::io::Result<String>;
}

impl StdinCompat for Command {
    fn write_stdin_compat(&mut self, input: String) -> std::io::Result<String> {
        use std::io::Write;
        let mut child = self
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()?;
        child.stdin.take().unwrap().write_all(input.as_bytes())?;
        let out = child.wait_with_output()?;
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }
}

/// A table's caption (表1 …, above the table) is never the last line of a page with its
/// table on the next one: the caption keeps with the table. Read back from the PDF, every
/// booklet of the sample.
fn no_page_ends_with_a_table_caption(theme: &str) {
    for year in ["2015", "2016", "2017"] {
        let pdf = sample_with(theme).join(format!("print/{year}/booklet.pdf"));
        let out = Command::new("pdftotext")
            .args(["-enc", "UTF-8", "-layout"])
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("pdftotext (poppler-utils; run scripts/setup.sh --test)");
        let text = String::from_utf8_lossy(&out.stdout);
        for (n, page) in text.split('\u{c}').enumerate() {
            let last = page
                .lines()
                .map(str::trim)
                .rfind(|l| !l.is_empty() && (!l.starts_with('—') || !l.ends_with('—')));
            if let Some(last) = last {
                let caption = last
                    .strip_prefix('表')
                    .is_some_and(|r| r.trim_start().starts_with(|c: char| c.is_ascii_digit()));
                assert!(
                    !caption,
                    "{theme} {year}: page {} ends with the caption 「{last}」, its table is on the next page",
                    n + 1
                );
            }
        }
    }
}

for_each_theme!(
    sample_booklet_has_the_right_size_fonts_and_text,
    honour_roll_in_site_and_pdf_is_in_stroke_order,
    no_page_ends_with_a_table_caption,
);

//! `showcase import report --dry-run` on one Word fixture per construct (headings by style
//! id/name/outline level and by 公文 numbering, formatting, lists, tables, notes, pictures,
//! tracked changes and fields, text boxes, escaping) and on a realistic report; plus the
//! check that every `w:t` text of every fixture reaches the Markdown.

mod common;
mod docx;

use common::{Run, assert_sane, run_showcase, sample_content};
use docx::constructs::*;
use docx::*;

/// Imports `d` with --dry-run into the sample content (nothing is written).
fn dry(d: &Docx) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("调研报告.docx");
    std::fs::write(&f, d.bytes()).unwrap();
    let run = run_showcase(&[
        "import",
        "report",
        &f.to_string_lossy(),
        "--group",
        "chengguan",
        "--cohort",
        "2017",
        "--dry-run",
        "--content",
        &sample_content().to_string_lossy(),
    ]);
    assert_sane(&run, "import report --dry-run");
    assert_eq!(run.code, Some(0), "import failed:\n{}", run.stderr);
    run
}

fn has(run: &Run, needle: &str) {
    assert!(
        run.stdout.contains(needle),
        "Markdown lacks {needle:?}:\n{}\n--- stderr:\n{}",
        run.stdout,
        run.stderr
    );
}

fn lacks(run: &Run, needle: &str) {
    assert!(
        !run.stdout.contains(needle),
        "Markdown should not contain {needle:?}:\n{}",
        run.stdout
    );
}

fn warns(run: &Run, needle: &str) {
    assert!(
        run.stderr.contains(needle) && run.stderr.contains("调研报告.docx"),
        "expected a warning naming the file with {needle:?}:\n{}",
        run.stderr
    );
}

/// The Markdown body: what follows the front matter.
fn body(run: &Run) -> String {
    let s = &run.stdout;
    let open = s.find("---\n").expect("front matter") + 4;
    let start = s[open..]
        .find("\n---\n")
        .map(|i| open + i + 5)
        .expect("front matter end");
    s[start..].to_string()
}

// ---------------------------------------------------------------------------------------
// Tests

#[test]
fn every_w_t_reaches_the_markdown() {
    for (name, d, dropped) in all() {
        let run = dry(&d);
        let md = letters(&run.stdout);
        for t in w_texts(&d) {
            if dropped.contains(&t.as_str()) {
                continue;
            }
            assert!(
                md.contains(&letters(&t)),
                "{name}: w:t {t:?} is missing from the Markdown:\n{}",
                run.stdout
            );
        }
    }
}

#[test]
fn realistic_report() {
    let run = dry(&realistic());
    has(&run, "title: 关于青溪街道背街小巷环境整治的调研\n");
    has(&run, "authors: [高晓峰, 梁志刚]\n");
    has(&run, "group: chengguan\n");
    has(&run, "date: 2017-12-15\n");
    has(&run, "abstract: 本文以辖区42条背街小巷为对象");
    has(&run, "keywords: [背街小巷, 环境整治, 长效管护]\n");
    has(&run, "\n## 一、基本情况\n");
    has(&run, "\n## 二、存在的问题\n");
    has(&run, "\n### （一）管护主体不明确\n");
    has(&run, "\n#### 1．建立巷长制\n");
    has(&run, "\n青溪街道共有背街小巷42条");
    has(&run, "专项[^1]，街道配套约三成。");
    has(&run, "[^1]: 数据来源：街道城管办2017年台账。");
    has(
        &run,
        "| 社区 | 小巷数 | 已整治 |\n| --- | --- | --- |\n| 溪口社区 | 14 | 6 |\n|  | 含两条断头路 |  |\n| 桂园社区 | 11 | 5 |\n",
    );
    has(
        &run,
        "![图1　背街小巷分社区数量（条）](../images/chengguan-",
    );
    has(&run, "-1.png)");
    has(&run, "![图2　整治前后对比](../images/chengguan-");
    has(&run, "-2.png)");
    // The title, author line and markers are front matter, not body text.
    let b = body(&run);
    assert!(
        !b.contains("【摘要】") && !b.contains("城管组　高晓峰"),
        "{b}"
    );
    assert!(!b.contains("关于青溪街道背街小巷环境整治的调研"), "{b}");
    assert!(!b.contains("\n图1"), "caption left in the body:\n{b}");
    assert!(!run.stderr.contains("警告"), "{}", run.stderr);
}

#[test]
fn title_in_heading_1_and_stray_breaks() {
    let run = dry(&heading_title());
    has(&run, "title: 用一级标题写的题目\n");
    has(&run, "\n## 第一部分\n\n段末换行\n\n甲\\\n乙\n");
}

#[test]
fn front_matter_variants() {
    let run = dry(&front_variants());
    has(&run, "title: 字号最大的才是题目\n");
    has(&run, "authors: [高晓峰, 欧阳某某]\n");
    has(&run, "abstract: 摘要写在下一段。\n");
    has(&run, "keywords: [甲乙, 丙丁, 戊己]\n");
    has(&run, "\n青溪街道青年干部培训班\n");
    warns(&run, "「欧阳某某」不在本届学员名册中");
}

#[test]
fn headings_by_style_name_and_outline_level() {
    let run = dry(&headings());
    has(&run, "title: 标题样式的题目\n");
    has(&run, "\n## 样式一级标题\n");
    has(&run, "\n### 样式二级标题\n");
    has(&run, "\n#### 中文名三级标题\n");
    has(&run, "\n### 大纲级别二的自定样式\n");
    has(&run, "\n### 继承大纲级别的样式\n");
    has(&run, "\n#### 段落直接设的大纲级别\n");
}

#[test]
fn gongwen_numbering_makes_headings() {
    let run = dry(&gongwen());
    has(&run, "title: 公文格式的题目\n");
    has(&run, "\n## 一、基本情况\n");
    has(&run, "\n这是正文。\n");
    has(&run, "\n### （一）存在的问题\n");
    has(&run, "\n#### 1．建立巡查机制\n");
    has(&run, "\n1\\.5万平方米是去年的数字。\n");
    has(&run, "\n一、这是一句很长的话");
    lacks(&run, "## 一、这是一句");
    has(&run, "\n二是加强宣传。\n");
}

#[test]
fn formatting_links_breaks() {
    let run = dry(&formatting());
    has(
        &run,
        "\n普通**粗体**和*斜体*以及“**违建**”治理，面积100m²，水H₂O，引文\\[1\\]~~删除线~~。\n",
    );
    has(
        &run,
        "见[政府网站](https://example.org/a_b?x=1)。又见[字段链接](https://example.org/f)。",
    );
    has(&run, "第一行\\\n第二行 制表符后");
}

#[test]
fn lists_from_numbering() {
    let run = dry(&lists());
    has(
        &run,
        "\n- 圆点一\n    - 圆点嵌套\n- 圆点二\n- 样式圆点\n\n1. 编号一\n2. 编号二\n\n中间的正文。\n",
    );
    has(&run, "\n## 一、中文编号甲\n");
    has(&run, "\n二、中文编号乙的内容比较长");
}

#[test]
fn tables_with_merged_cells() {
    let run = dry(&tables());
    has(
        &run,
        "| 合并两列 |  | 丙 |\n| --- | --- | --- |\n| 纵向合并 | 第一段 第二段 | a\\|b |\n|  | 乙3 | 丙3 |\n",
    );
    has(&run, "| 外层 | 内甲 / 内乙 |");
    warns(&run, "嵌套");
}

#[test]
fn footnotes_and_endnotes() {
    let run = dry(&notes());
    has(&run, "有脚注[^1]也有尾注[^2]再一个脚注[^3]");
    has(
        &run,
        "[^1]: 第一个脚注的内容。\n[^2]: 尾注的内容。\n[^3]: 第二个脚注。\n",
    );
}

#[test]
fn pictures_captions_and_emf() {
    let run = dry(&pictures());
    has(&run, "![图1　新式图片](../images/chengguan-");
    has(&run, "![题注样式的说明](../images/chengguan-");
    has(&run, "![图3 同段的说明](../images/chengguan-");
    has(&run, "![图5　上方的说明](../images/chengguan-");
    has(&run, "\n后文。\n");
    // The same picture used twice is one file.
    let files: std::collections::BTreeSet<&str> = run
        .stdout
        .lines()
        .filter_map(|l| l.strip_prefix("（图片 "))
        .collect();
    assert_eq!(files.len(), 2, "{}", run.stdout);
    warns(&run, "image3.emf");
    warns(&run, "PNG");
    warns(&run, "图表 9");
    lacks(&run, ".emf)");
}

#[test]
fn revisions_fields_and_breaks() {
    let run = dry(&revisions());
    has(&run, "\n保留插入的字结束\n");
    lacks(&run, "删掉的字");
    has(&run, "\n批注和书签\n");
    has(&run, "\n第7页\n");
    lacks(&run, "PAGE");
    lacks(&run, "TOC");
    lacks(&run, "目录条目");
    has(&run, "\n分页后的正文。\n");
}

#[test]
fn text_boxes_kept_once_with_a_warning() {
    let run = dry(&text_boxes());
    assert_eq!(
        run.stdout.matches("文本框里的话").count(),
        1,
        "{}",
        run.stdout
    );
    has(&run, "\n框前文字\n\n文本框里的话\n\n框后文字。\n");
    warns(&run, "文本框");
}

#[test]
fn text_renders_literally() {
    let run = dry(&escaping());
    let b = body(&run);
    let html = {
        let mut s = String::new();
        pulldown_cmark::html::push_html(
            &mut s,
            pulldown_cmark::Parser::new_ext(&b, {
                use pulldown_cmark::Options as O;
                O::ENABLE_TABLES | O::ENABLE_FOOTNOTES | O::ENABLE_STRIKETHROUGH
            }),
        );
        s
    };
    for want in [
        "<p># 井号开头</p>",
        "<p>1. 数字点开头</p>",
        "<p>- 减号开头</p>",
        "<p>星号*下划线_反引号`尖括号&lt;b&gt;竖线|方括号[x](y)与号&amp;波浪~</p>",
        "<p>+ 加号开头</p>",
    ] {
        assert!(html.contains(want), "{want} not in\n{html}\nfrom\n{b}");
    }
}

/// Writes every fixture as a .docx into $DOCX_FIXTURE_DIR, to open them in Word or WPS:
/// `DOCX_FIXTURE_DIR=/tmp/fx cargo test --test docx_constructs -- --ignored`.
#[test]
#[ignore]
fn write_fixtures() {
    let dir =
        std::path::PathBuf::from(std::env::var("DOCX_FIXTURE_DIR").expect("DOCX_FIXTURE_DIR"));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, d, _) in all() {
        std::fs::write(dir.join(format!("{name}.docx")), d.bytes()).unwrap();
    }
}

#[test]
fn missing_picture_file_is_named_and_its_caption_kept() {
    let mut d = Docx::new(
        [
            centred("缺图测试", 44),
            p("", &drawing("rIdM", "图片 9")),
            para("图9　不见了的图"),
        ]
        .concat(),
    );
    d.rels.push((
        "rIdM".into(),
        "image".into(),
        "media/missing.png".into(),
        false,
    ));
    let run = dry(&d);
    warns(&run, "缺失");
    lacks(&run, "![");
    has(&run, "图9　不见了的图");
}

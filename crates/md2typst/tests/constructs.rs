//! Snapshot tests, one per Markdown construct. Each snapshot shows the Markdown input,
//! then the Typst output with the Markdown line of every Typst line in front.

use showcase_md2typst::{Options, convert};

fn resolve(src: &str) -> Option<String> {
    if src.starts_with("missing") {
        None
    } else {
        Some(format!("assets/{src}"))
    }
}

fn render_with(md: &str, heading_offset: u8) -> String {
    let opts = Options {
        heading_offset,
        resolve_image: &resolve,
    };
    let out = convert(md, &opts).expect("nesting within bounds");
    let parsed = typst_syntax::parse(&out.typst);
    assert!(
        !parsed.diagnosis().errors,
        "syntax errors {:?} in:\n{}",
        parsed.errors_and_warnings().0,
        out.typst
    );
    assert_eq!(out.line_map.len(), out.typst.lines().count());
    let mut s = String::new();
    for line in md.lines() {
        s.push_str("md   | ");
        s.push_str(line);
        s.push('\n');
    }
    s.push_str("-----+\n");
    for (line, src) in out.typst.lines().zip(&out.line_map) {
        s.push_str(&format!("{src:>4} | {line}\n"));
    }
    if !out.images.is_empty() {
        s.push_str(&format!("images: {:?}\n", out.images));
    }
    s
}

fn render(md: &str) -> String {
    render_with(md, 0)
}

macro_rules! snap {
    ($name:ident, $md:expr) => {
        #[test]
        fn $name() {
            insta::assert_snapshot!(render($md));
        }
    };
}

#[test]
fn headings() {
    insta::assert_snapshot!(render(
        "# 一级 *标题*\n\n## Two\n\n###### Six #\n\n多行\nSetext 标题\n==========\n\nSub\n---\n\n#no space\n"
    ));
}

#[test]
fn heading_offset() {
    insta::assert_snapshot!(render_with("# 章\n\n## 节\n", 1));
}

snap!(
    paragraphs_and_soft_breaks,
    "中文第一行\n中文第二行，\n“引号”\n接着。\nLatin line\njoins with a space\n中文\nEnglish\n末尾*强调*\n**加粗**开头\n\n第二段 second paragraph.\n"
);

snap!(hard_breaks, "two spaces  \nbackslash\\\n中文  \n继续\n");

snap!(
    emphasis,
    "*em* _em_ **strong** __strong__ ***both*** ~~strike~~ ~one~ a**b**c snake_case_word 中**文**字\n"
);

snap!(
    inline_code,
    "Use `#set text(\"x\")` and ``a ` b`` and `\\` and ` `` `.\n"
);

snap!(
    code_blocks,
    "```rust\nfn main() {\n    println!(\"{}\\n\", \"x\");\n}\n```\n\n```c {.numberLines}\nint x;\n```\n\n```\nno lang \"\"\"\n\n```\n\n    indented\n      code\n\n```\n```\n"
);

snap!(
    block_quotes,
    "> 引用第一段\n> 续行\n>\n> > 嵌套 **引用**\n>\n> - 列表\n\n> 另一个\n"
);

snap!(
    tight_and_nested_lists,
    "- 一\n- 二\n  - 二.1\n    1. 深\n- 三\n\n1. first\n2. second\n\n7) seven\n8) eight\n"
);

snap!(loose_list, "- 第一项\n\n  第一项第二段\n- 第二项\n");

snap!(
    task_lists,
    "- [ ] 待办\n- [x] 完成\n\n- [ ] task\n- plain\n\n1. [x] numbered task\n"
);

snap!(
    tables,
    "| 左 | 中 | 右 | 默认 |\n|:---|:--:|---:|------|\n| *a* | `b\\|c` | [l](https://x.org) | 1 |\n| 短行 |\n| 1 | 2 | 3 | 4 | 5 |\n"
);

snap!(single_column_table, "| 一 |\n|---|\n| 1 |\n");

snap!(
    footnotes,
    "正文[^a]，再次[^a]，后定义[^later]，未定义[^none]。\n\n[^a]: 脚注 *A*。\n\n    第二段。\n\n后文。\n\n[^later]: 在后面 [链接](https://x.org)。\n"
);

snap!(
    links,
    "[文本](https://x.org/a_(b)?q=\"1\"&r=[2]) [ref][r] <https://auto.org/p> <me@x.org> [](https://empty.org) [**粗**](/rel/path.md \"title\") [anchor](#sec)\n\n[r]: https://ref.org\n"
);

snap!(
    images,
    "![图 1 示意图](a.png)\n\n![](b.png)\n\n![缺失的图](missing.png) ![](missing-noalt.png)\n\n[![in link](c.png)](https://x.org)\n\n| t |\n|---|\n| ![cell](a.png) |\n\n文字 ![*强调* alt](d.png \"title\") 文字\n"
);

snap!(thematic_breaks, "上\n\n---\n\n***\n\n下\n");

snap!(
    raw_html,
    "<div class=\"note\">\n  <p>HTML *块*</p>\n</div>\n\n行内 <span style=\"color:red\">红</span> 与 <!-- 注释 --> 和 <br/>\n\n<!--\n多行\n\n注释\n-->\n"
);

snap!(
    typst_specials_in_text,
    "#set page(width: 1cm) $x$ @ref <label> *[a]* \\\\ ~ // /* */ = - + : ' \" ... -- -? -1 http://x.org/a(b\n\n= not heading\n\n\\+ not enum\n\n/ not: term\n\n1\\. not enum\n"
);

snap!(empty_input, "");

snap!(
    crlf_input,
    "# 标题\r\n\r\n第一行\r\n第二行\r\n\r\n```\r\ncode\r\n```\r\n"
);

snap!(
    footnote_labels_ignore_case,
    "x[^Note] y[^STRASSE]\n\n[^note]: 一\n\n[^straße]: 二\n"
);

snap!(
    table_caption_and_numeric_columns,
    "表1　各社区情况（截至11月）\n\n| 社区 | 户数 | 占比 | 备注 |\n|---|---|---|---|\n| 东苑 | 1,200 | 12.5% | 老旧 |\n| 西苑 | 800 | — | 新建 |\n\n表格之外的表2说明文字。\n"
);

#[test]
fn long_runs_get_break_opportunities_and_labels_are_recognised() {
    use showcase_md2typst::{break_long_runs, numbered_label_len};
    let word = "a".repeat(100);
    let broken = break_long_runs(&word);
    assert_eq!(broken.matches('\u{200B}').count(), 2);
    assert_eq!(broken.replace('\u{200B}', ""), word);
    // Short runs, spaces and CJK text are left alone.
    assert_eq!(break_long_runs("short words only"), "short words only");
    assert_eq!(break_long_runs(&"汉".repeat(100)), "汉".repeat(100));
    assert_eq!(numbered_label_len("图1　示意图", '图'), Some("图1　".len()));
    assert_eq!(
        numbered_label_len("表 12：数据", '表'),
        Some("表 12：".len())
    );
    assert_eq!(numbered_label_len("图10年变化", '图'), None);
    assert_eq!(numbered_label_len("图示", '图'), None);
}

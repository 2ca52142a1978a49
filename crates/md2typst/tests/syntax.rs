//! The converter's output always parses as Typst markup without errors, and text from
//! the content never becomes Typst code or markup.

use proptest::prelude::*;
use showcase_md2typst::{
    Converted, Options, TooDeep, convert, escape_text, nesting_problem, string_literal,
};
use typst_syntax::{SyntaxKind, SyntaxNode};

fn resolve(src: &str) -> Option<String> {
    // Every other image is "missing", to exercise both paths.
    if src.len().is_multiple_of(2) {
        Some(format!("img/{src}"))
    } else {
        None
    }
}

fn conv(md: &str) -> Converted {
    let opts = Options {
        heading_offset: 1,
        resolve_image: &resolve,
    };
    convert(md, &opts).expect("nesting within bounds")
}

/// Identifiers the converter emits (function names and argument names).
const IDENTS: &[&str] = &[
    "heading", "level", "emph", "strong", "strike", "raw", "block", "lang", "quote", "list",
    "enum", "start", "tight", "marker", "table", "columns", "align", "left", "center", "right",
    "header", "footnote", "link", "figure", "image", "caption", "line", "length",
];

/// Node kinds that only content could have produced: markup shortcuts and syntax the
/// converter never writes.
const FORBIDDEN: &[SyntaxKind] = &[
    SyntaxKind::Strong,
    SyntaxKind::Emph,
    SyntaxKind::Heading,
    SyntaxKind::ListItem,
    SyntaxKind::EnumItem,
    SyntaxKind::TermItem,
    SyntaxKind::Link,
    SyntaxKind::Label,
    SyntaxKind::Ref,
    SyntaxKind::Equation,
    SyntaxKind::Shorthand,
    SyntaxKind::SmartQuote,
    SyntaxKind::LineComment,
    SyntaxKind::Shebang,
];

fn walk(node: &SyntaxNode, f: &mut impl FnMut(&SyntaxNode)) {
    f(node);
    for child in node.children() {
        walk(child, f);
    }
}

/// Panics unless `typst` parses without errors or warnings and contains only the
/// syntax the converter writes itself.
fn check_typst(typst: &str) {
    let root = typst_syntax::parse(typst);
    let (errors, warnings) = root.errors_and_warnings();
    assert!(
        errors.is_empty() && warnings.is_empty(),
        "syntax errors {errors:?} / warnings {warnings:?} in:\n{typst}"
    );
    walk(&root, &mut |node| {
        let kind = node.kind();
        assert!(
            !FORBIDDEN.contains(&kind),
            "unexpected {kind:?} {:?} in:\n{typst}",
            node.full_text()
        );
        if kind == SyntaxKind::Ident || kind == SyntaxKind::MathIdent {
            assert!(
                IDENTS.contains(&node.leaf_text().as_str()),
                "unexpected identifier {:?} in:\n{typst}",
                node.leaf_text()
            );
        }
        if kind == SyntaxKind::BlockComment {
            assert_eq!(node.leaf_text().as_str(), "/*\n*/", "in:\n{typst}");
        }
    });
}

fn check(md: &str) -> Converted {
    let out = conv(md);
    check_typst(&out.typst);
    let lines = out.typst.matches('\n').count();
    assert_eq!(
        out.line_map.len(),
        lines,
        "line map length for:\n{}",
        out.typst
    );
    assert!(out.typst.is_empty() || out.typst.ends_with('\n'));
    let md_lines = md.split('\n').count() as u32;
    for &l in &out.line_map {
        assert!(l >= 1 && l <= md_lines, "line {l} out of 1..={md_lines}");
    }
    out
}

/// Decode the text that parsed markup displays; panics on any node that is not
/// text, an escape or a space.
fn displayed_text(root: &SyntaxNode) -> String {
    assert_eq!(root.kind(), SyntaxKind::Markup);
    let mut out = String::new();
    for node in root.children() {
        let text = node.leaf_text();
        match node.kind() {
            SyntaxKind::Text | SyntaxKind::Space => out.push_str(text),
            SyntaxKind::Escape => {
                let rest = &text[1..];
                if let Some(hex) = rest.strip_prefix("u{").and_then(|r| r.strip_suffix('}')) {
                    let c = u32::from_str_radix(hex, 16).unwrap();
                    out.push(char::from_u32(c).unwrap());
                } else {
                    out.push_str(rest);
                }
            }
            kind => panic!("escape_text produced {kind:?}: {:?}", node.full_text()),
        }
    }
    out
}

fn check_escape(s: &str) {
    let escaped = escape_text(s);
    let root = typst_syntax::parse(&escaped);
    assert!(!root.diagnosis().errors, "{escaped:?}");
    assert_eq!(displayed_text(&root), s, "escaped as {escaped:?}");
}

/// A string literal evaluates to exactly the input.
fn check_literal(s: &str) {
    let lit = string_literal(s);
    assert!(!lit.contains('\n'));
    let root = typst_syntax::parse_code(&lit);
    assert!(!root.diagnosis().errors, "{lit:?}");
    let node = root.children().next().expect("one node");
    let expr: typst_syntax::ast::Str = node.cast().expect("a string literal");
    assert_eq!(expr.get().as_str(), s);
}

const SPECIALS: &[&str] = &[
    "#",
    "$",
    "*",
    "_",
    "@",
    "<",
    ">",
    "[",
    "]",
    "\\",
    "~",
    "//",
    "/*",
    "*/",
    "=",
    "-",
    "+",
    ":",
    "'",
    "\"",
    "`",
    ".",
    "..",
    "...",
    "--",
    "---",
    "-?",
    "-1",
    "http://",
    "https://x.org/a(",
    "(",
    ")",
    "{",
    "}",
    ";",
    ",",
    "h",
    "u{",
    "\\u{41}",
    "<a>",
    "@a",
    "#let x = 1",
    "$x$",
    "1. ",
    "/ t: d",
    "= ",
    "+ ",
    "- ",
    "中",
    "文",
    "，",
    "。",
    "“",
    "”",
    "…",
    "\u{3000}",
    "\u{a0}",
    "\u{2028}",
    "\u{2029}",
    "\u{85}",
    "\u{b}",
    "\u{c}",
    "\r",
    "\t",
    " ",
    "\u{0}",
    "\u{1}",
    "\u{feff}",
    "\u{200b}",
    "a",
    "b",
];

const MARKDOWN: &[&str] = &[
    "\n",
    "\n\n",
    "# ",
    "## ",
    "###### ",
    "\n===\n",
    "\n---\n",
    "- ",
    "* ",
    "+ ",
    "1. ",
    "2) ",
    "  ",
    "    ",
    "> ",
    ">> ",
    "```",
    "```rust\n",
    "~~~",
    "`",
    "``",
    "*",
    "**",
    "_",
    "__",
    "~~",
    "~",
    "[",
    "]",
    "](",
    ")",
    "![",
    "](a.png)",
    "](ab.png \"t\")",
    "[^1]",
    "[^a]",
    "\n[^1]: ",
    "\n[^a]: ",
    "|",
    "| a | b |\n|---|:-:|\n",
    "|---|",
    "- [ ] ",
    "- [x] ",
    "***",
    "<div>",
    "</div>",
    "<!--",
    "-->",
    "<span>",
    "<br>",
    "<https://x.org/(a>",
    "<me@x.org>",
    "[t](https://x.org/a_(b) \"x\")",
    "[t][r]",
    "\n[r]: /url\n",
    "\\",
    "  \n",
    "&amp;",
    "&#x23;",
    "<pre>\n\n</pre>",
    "\n\n    code\n",
    "\n| x | y |\n|:-|-:|\n| ",
    "\n\n|a|\n|-|\n|",
    "![alt](ab.png)",
    "![图](abc.png)",
    "\n\n- [ ] ",
    "\n> ",
    "\n  - ",
];

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::sample::select(SPECIALS).prop_map(str::to_string),
        3 => proptest::sample::select(MARKDOWN).prop_map(str::to_string),
        1 => any::<String>(),
        1 => "[a-z中文 ]{0,8}",
    ]
}

fn markdown() -> impl Strategy<Value = String> {
    proptest::collection::vec(fragment(), 0..60).prop_map(|v| v.concat())
}

/// 2000 cases unless PROPTEST_CASES says otherwise.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn random_markdown_parses(md in markdown()) {
        prop_assume!(nesting_problem(&md).is_none());
        check(&md);
    }

    #[test]
    fn escape_text_round_trips(parts in proptest::collection::vec(
        prop_oneof![
            proptest::sample::select(SPECIALS).prop_map(str::to_string),
            any::<String>(),
        ],
        0..20,
    )) {
        check_escape(&parts.concat());
    }

    #[test]
    fn string_literal_round_trips(s in any::<String>(), t in proptest::sample::select(SPECIALS)) {
        check_literal(&format!("{s}{t}{s}"));
    }
}

#[test]
fn escape_every_special() {
    for s in SPECIALS {
        check_escape(s);
        check_literal(s);
    }
    check_escape(&SPECIALS.concat());
    check_escape("http://x.org/a(b and https://x.org/a]b");
    check_escape("\\u{41} \\u{zz} \\");
    // Every ASCII character, and each one at the start of a line of markup.
    let ascii: String = (0u8..128).map(char::from).collect();
    check_escape(&ascii);
    for c in (0u8..128).map(char::from) {
        check_escape(&format!("{c} x"));
        check_escape(&format!("x{c}{c}{c}1"));
    }
}

/// Converts on a thread with a small stack (512 KiB, a quarter of a default test thread):
/// any nesting must either convert and parse, or be refused with its position — never
/// overflow the stack. The check used by `showcase check` must agree with the converter.
fn convert_bounded(md: &str) -> Result<Converted, TooDeep> {
    let md_owned = md.to_string();
    let result = std::thread::Builder::new()
        .stack_size(512 * 1024)
        .spawn(move || {
            let resolve = |s: &str| Some(s.to_string());
            let opts = Options {
                heading_offset: 0,
                resolve_image: &resolve,
            };
            convert(&md_owned, &opts)
        })
        .unwrap()
        .join()
        .expect("converter thread must not crash");
    assert_eq!(
        nesting_problem(md),
        result.as_ref().err().cloned(),
        "check and converter disagree on:\n{md}"
    );
    if let Ok(out) = &result {
        check_typst(&out.typst);
    }
    result
}

#[test]
fn deep_nesting_is_refused_with_its_position_never_a_crash() {
    // The attacks from the field: 5,000 nested list markers on one line, 3,000 quotes.
    let e = convert_bounded(&format!("前言\n\n{}深", "- ".repeat(5000))).unwrap_err();
    assert_eq!(e.line, 3, "{e:?}");
    assert!(convert_bounded(&format!("{} x", "> ".repeat(3000))).is_err());
    assert!(convert_bounded(&">".repeat(300)).is_err());
    let mut list = String::new();
    for depth in 0..100 {
        list.push_str(&"  ".repeat(depth));
        list.push_str("- item\n");
    }
    let e = convert_bounded(&list).unwrap_err();
    assert!(e.line > 1 && e.line < 40, "{e:?}");
    assert!(convert_bounded(&format!("{}x{}", "*".repeat(200), "*".repeat(200))).is_err());
    // Emphasis nested across the lines of one paragraph.
    let lines: String = (0..400)
        .map(|i| if i % 2 == 0 { "*a\n" } else { "_b\n" })
        .collect();
    let _ = convert_bounded(&format!("{lines}c{}", "_*".repeat(200)));
    // Realistic nesting converts.
    assert!(convert_bounded("> 1. a\n>    - b\n>      > **c _d_**\n").is_ok());
    let mut list = String::new();
    for depth in 0..6 {
        list.push_str(&"  ".repeat(depth));
        list.push_str("- item\n");
    }
    assert!(convert_bounded(&list).is_ok());
    let mut quoted = String::new();
    for depth in 0..60 {
        quoted.push_str(&"> ".repeat(depth));
        quoted.push_str("- [a](b) | c\n");
    }
    let _ = convert_bounded(&quoted);
    let _ = convert_bounded(&format!(
        "{}| a | b |\n{}|---|---|\n",
        "> - ".repeat(40),
        "> ".repeat(40)
    ));
}

/// Deeply nested documents built from lists, quotes, emphasis, links and tables.
fn nested_markdown() -> impl Strategy<Value = String> {
    let opener = proptest::sample::select(vec![
        "> ", "- ", "1. ", "* ", "  ", "**", "_", "~~", "[", "*", "| ",
    ]);
    (
        proptest::collection::vec(opener, 0..120),
        proptest::collection::vec(
            proptest::sample::select(vec!["\n", "", " 文字", "\n\n"]),
            0..120,
        ),
    )
        .prop_map(|(open, breaks)| {
            let mut s = String::new();
            for (i, o) in open.iter().enumerate() {
                s.push_str(o);
                if let Some(b) = breaks.get(i) {
                    s.push_str(b);
                }
            }
            s.push('深');
            for o in open.iter().rev() {
                match *o {
                    "**" | "_" | "~~" | "*" => s.push_str(o),
                    "[" => s.push_str("](x)"),
                    _ => {}
                }
            }
            s
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases() / 4))]

    #[test]
    fn nested_markdown_converts_or_is_refused(md in nested_markdown()) {
        let _ = convert_bounded(&md);
    }
}

#[test]
fn footnote_cycles_terminate() {
    let out = check("a[^1]\n\n[^1]: b[^2]\n\n[^2]: c[^1]\n");
    assert_eq!(out.typst.matches("#footnote[").count(), 2, "{}", out.typst);
}

#[test]
fn fixture_parses_cleanly() {
    let mut md = String::from(include_str!("fixtures/specials.md"));
    // A 200-column table.
    let cols = 200;
    md.push_str("\n\n|");
    for c in 0..cols {
        md.push_str(&format!(" 列{c} |"));
    }
    md.push_str("\n|");
    for c in 0..cols {
        md.push_str(match c % 3 {
            0 => ":---|",
            1 => ":---:|",
            _ => "---:|",
        });
    }
    for r in 0..3 {
        md.push_str("\n|");
        for c in 0..cols {
            md.push_str(&format!(" #{r}*{c}_[x] |"));
        }
    }
    md.push('\n');
    let out = check(&md);
    assert!(out.typst.contains("columns: 200,"));
    assert_eq!(out.typst.matches("#table(").count(), 2);
    // Content text survives escaped, never as code.
    assert!(out.typst.contains(r"\#1\*199\_\[x\]"));
    assert!(out.typst.contains(r"\<script\>alert(1)\<\/script\>"));
    assert!(
        out.typst
            .contains(r#"#link("https://example.com/wiki/Foo_(bar)?q=[1]&r=\"2\"")"#)
    );
    assert_eq!(out.images, ["ab.png", "a.png"]);
}

/// The `typst` binary, if installed (tests never require it).
fn typst_binary() -> Option<std::path::PathBuf> {
    let mut candidates: Vec<std::path::PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).map(|d| d.join("typst")).collect())
        .unwrap_or_default();
    if let Some(home) = std::env::var_os("HOME") {
        candidates.push(std::path::Path::new(&home).join(".cargo/bin/typst"));
    }
    candidates.into_iter().find(|p| p.is_file())
}

/// With the `typst` CLI available, the fixture, deep nesting and random documents
/// compile to PDF without errors (syntax is not all: this checks argument names and
/// types too). Skipped when the CLI is not installed.
#[test]
fn compiles_with_typst_cli_if_available() {
    use proptest::strategy::ValueTree;
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};

    let Some(typst) = typst_binary() else {
        eprintln!("typst CLI not found: compile check skipped");
        return;
    };
    let dir = std::env::temp_dir().join(format!("md2typst-compile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("img.svg"),
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="gray"/></svg>"#,
    )
    .unwrap();
    let resolve_all = |_: &str| Some("img.svg".to_string());
    let opts = Options {
        heading_offset: 0,
        resolve_image: &resolve_all,
    };

    let mut docs = vec![
        include_str!("fixtures/specials.md").to_string(),
        ">".repeat(300) + " deep",
        format!("{}x{}", "**_~~".repeat(60), "~~_**".repeat(60)),
        (0..60)
            .map(|d| format!("{}- [a](b)[^1] ![i](i.png) | c\n", "> ".repeat(d)))
            .collect::<String>()
            + "\n[^1]: note\n",
        (0..100)
            .map(|d| format!("{}- item\n", "  ".repeat(d)))
            .collect(),
    ];
    for d in [4, 8, 12, 20] {
        let q = "> ".repeat(d);
        let l: String = (0..d).map(|k| format!("{}- ", "  ".repeat(k))).collect();
        docs.push(format!(
            "{q}| ![图](a.png)[^1] | *b* |\n{q}|---|---|\n{q}| > | ![图](b.png) |\n\n[^1]: note"
        ));
        docs.push(format!(
            "{l}x\n{}  | a |\n{}  |---|\n",
            "  ".repeat(d),
            "  ".repeat(d)
        ));
        docs.push(format!("{q}![*图* [链接](u)[^1]](a.png)\n\n[^1]: {q} note"));
    }
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    for _ in 0..300 {
        docs.push(markdown().new_tree(&mut runner).unwrap().current());
    }
    // Show rules of the kind a booklet template uses, to leave them room.
    let mut source = String::from(
        "#set text(lang: \"zh\")\n\
         #show emph: set text(style: \"italic\")\n\
         #show strong: set text(stroke: 0.02em)\n\
         #show quote: it => block(inset: (left: 1em), it)\n\
         #show heading: it => block(it)\n\
         #show link: underline\n\
         #show figure: it => align(center, it)\n\
         #show table.cell: set text(size: 9pt)\n\n",
    );
    let mut compiled = 0;
    for md in &docs {
        // Documents nested deeper than MAX_NESTING are refused (tested above).
        let Ok(out) = convert(md, &opts) else {
            continue;
        };
        compiled += 1;
        check_typst(&out.typst);
        source.push_str(&out.typst);
        source.push_str("\n#pagebreak(weak: true)\n\n");
    }
    assert!(
        compiled > 300,
        "only {compiled} documents within the nesting bound"
    );
    let main = dir.join("main.typ");
    std::fs::write(&main, &source).unwrap();

    let mut child = Command::new(&typst)
        .arg("compile")
        .arg("--root")
        .arg(&dir)
        .arg("--diagnostic-format")
        .arg("short")
        .arg(&main)
        .arg(dir.join("main.pdf"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run typst");
    // Read stderr on another thread so a full pipe cannot stall the child.
    let mut pipe = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut pipe, &mut text).unwrap();
        text
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(300) {
            child.kill().unwrap();
            panic!("typst compile timed out; source in {}", main.display());
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let stderr = reader.join().unwrap();
    assert!(
        status.success() && !stderr.contains("error"),
        "typst failed ({status}); source in {}:\n{stderr}",
        main.display()
    );
    if !stderr.is_empty() {
        eprintln!("typst warnings:\n{stderr}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

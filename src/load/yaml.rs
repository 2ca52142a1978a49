//! YAML → a position-carrying node tree, parsed by serde-saphyr (a maintained, panic-free
//! successor of serde_yaml). Typed reading happens in `reader`, which can then report every
//! unknown or missing field of a file at once instead of stopping at the first.

use crate::diag::Diagnostic;
use crate::source::{FileId, Pos};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;
use std::fmt;

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

/// A YAML value with its 1-based line and column.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub line: u32,
    pub col: u32,
}

impl Node {
    pub fn pos(&self, file: FileId) -> Pos {
        Pos::new(file, self.line.max(1), self.col.max(1))
    }
    /// Scalar text as a clerk wrote it (numbers and booleans included), `None` for collections.
    pub fn scalar_text(&self) -> Option<String> {
        match &self.value {
            Value::Str(s) => Some(s.clone()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Null | Value::Seq(_) | Value::Map(_) => None,
        }
    }
    pub fn type_name(&self) -> &'static str {
        match self.value {
            Value::Null => "空值",
            Value::Bool(_) => "是/否",
            Value::Int(_) | Value::Float(_) => "数字",
            Value::Str(_) => "文字",
            Value::Seq(_) => "列表",
            Value::Map(_) => "字段组",
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s: Spanned<Value> = Spanned::deserialize(d)?;
        Ok(Node {
            value: s.value,
            line: s.referenced.line() as u32,
            col: s.referenced.column() as u32,
        })
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(i64::try_from(v)
            .map(Value::Int)
            .unwrap_or(Value::Float(v as f64)))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(n) = seq.next_element::<Node>()? {
            items.push(n);
        }
        Ok(Value::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(k) = map.next_key::<Node>()? {
            let v = map.next_value::<Node>()?;
            entries.push((k, v));
        }
        Ok(Value::Map(entries))
    }
    fn visit_bytes<E: de::Error>(self, _v: &[u8]) -> Result<Value, E> {
        Err(E::custom("binary data is not supported"))
    }
}

/// Parses one YAML document. An empty file is an empty map. Errors carry the parser's position.
pub fn parse(text: &str, file: FileId, line_offset: u32) -> Result<Node, Diagnostic> {
    if text.trim().is_empty() {
        return Ok(Node {
            value: Value::Null,
            line: 1 + line_offset,
            col: 1,
        });
    }
    let parsed = super::yaml_fast::parse(text).map_or_else(|| full(text), Ok);
    match parsed {
        Ok(mut n) => {
            if let Some(d) = tags(text, file, line_offset) {
                return Err(d);
            }
            if line_offset > 0 {
                shift(&mut n, line_offset);
            }
            Ok(n)
        }
        Err(e) => {
            let (line, col) = e
                .location()
                .map(|l| (l.line() as u32, l.column() as u32))
                .unwrap_or((1, 1));
            let raw = e.without_snippet().to_string();
            let first = raw.lines().next().unwrap_or("").trim();
            // The parser's own "at line N, column M" counts from the start of the YAML text,
            // which for front matter is not the file's line; the `-->` line has the real one.
            let msg = first.split(" at line ").next().unwrap_or(first).trim();
            Err(Diagnostic::error(
                Pos::new(file, line.max(1) + line_offset, col.max(1)),
                format!("YAML 格式错误：{}", explain(msg)),
            )
            .hint(yaml_hint(first))
            .root_cause())
        }
    }
}

/// The tree as serde-saphyr builds it (the path for everything `yaml_fast` leaves).
pub(super) fn full(text: &str) -> Result<Node, serde_saphyr::Error> {
    serde_saphyr::from_str_with_options::<Node>(text, options())
}

/// Core-schema tags that only restate a plain value's type.
const HARMLESS_TAGS: &[&str] = &["str", "int", "float", "bool", "null", "seq", "map"];

/// The first YAML tag (`!include`, `!!binary`, `!custom`) in the text, as an error: the
/// parser would otherwise ignore it silently and read the value as if untagged. Only texts
/// with a `!` are scanned, so ordinary files pay nothing.
fn tags(text: &str, file: FileId, line_offset: u32) -> Option<Diagnostic> {
    if !text.contains('!') {
        return None;
    }
    for event in granit_parser::Parser::new_from_str(text) {
        let Ok((event, span)) = event else {
            return None;
        };
        let tag = match &event {
            granit_parser::Event::Scalar(_, _, _, t)
            | granit_parser::Event::SequenceStart(_, _, t)
            | granit_parser::Event::MappingStart(_, _, t) => t.as_deref(),
            _ => None,
        };
        let Some(tag) = tag else {
            continue;
        };
        let core = tag.handle() == "tag:yaml.org,2002:";
        if core && HARMLESS_TAGS.contains(&tag.suffix()) {
            continue;
        }
        let written = if core {
            format!("!!{}", tag.suffix())
        } else {
            format!("{}{}", tag.handle(), tag.suffix())
        };
        let at = span.tag_start.unwrap_or(span.start);
        return Some(
            Diagnostic::error(
                Pos::new(file, at.line() as u32 + line_offset, at.col() as u32 + 1),
                format!("YAML 标记「{written}」不受支持"),
            )
            .hint("以 ! 开头的标记（如 !include、!!binary）在这里没有作用，会被误读：请删去标记；若 ! 是文字的一部分，请把整个值用引号括起来。")
            .width(written.chars().count())
            .root_cause(),
        );
    }
    None
}

/// Deepest nesting accepted. The format needs five levels (an activity's contributions);
/// the parser's default (64) lets a deserializer running on a thread with the standard 2 MB
/// stack overflow it in a debug build before the limit is reached (about 35 KB per level),
/// which aborts the whole process.
pub const MAX_DEPTH: usize = 16;

fn options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = MAX_DEPTH;
    let mut o = serde_saphyr::Options::default();
    o.budget = Some(budget);
    o
}

/// The parser's English message in words an office clerk can act on, the original kept in
/// parentheses for whoever supports them.
fn explain(msg: &str) -> String {
    let m = msg.to_lowercase();
    let cn = if let Some(key) = msg.strip_prefix("duplicate mapping key: ") {
        let key = key.split(',').next().unwrap_or(key).trim();
        format!("字段「{key}」在同一处写了两次")
    } else if m.contains("mapping values are not allowed") || m.contains("placement of ':'") {
        "这里不能出现“字段: 值”：冒号位置不对，或这一行与上一行的缩进不一致".to_string()
    } else if m.contains("did not find expected key") || m.contains("indentation") {
        "缩进不一致：同一层的字段要左对齐".to_string()
    } else if m.contains("unclosed quote") || m.contains("quoted scalar") {
        "引号没有配对".to_string()
    } else if m.contains("unclosed bracket")
        || m.contains("misplaced bracket")
        || m.contains("expected ',' or ']'")
        || m.contains("expected ',' or '}'")
    {
        "方括号或花括号没有配对".to_string()
    } else if m.contains("cannot start any token") || m.contains("unexpected character") {
        "出现了不能放在开头的字符（如 @ 或 `）：含这类字符的文字请用引号括起来".to_string()
    } else if m.contains("recursion") || m.contains("depth") {
        "嵌套层次过深".to_string()
    } else if m.contains("end of stream") || m.contains("unexpected end") {
        "文件意外结束：括号或引号没有配对".to_string()
    } else {
        "写法不符合 YAML 格式".to_string()
    };
    // Library advice ("set DuplicateKeyPolicy in Options…") means nothing to a reader.
    let original = msg.split(", set ").next().unwrap_or(msg);
    format!("{cn}（{original}）")
}

fn yaml_hint(msg: &str) -> String {
    let m = msg.to_lowercase();
    // Match whole words: the duplicate-key message says "if acceptable", which contains "tab".
    let has_word = |w: &str| {
        m.split(|c: char| !c.is_ascii_alphanumeric())
            .any(|word| word == w)
    };
    if has_word("duplicate") {
        "同一字段写了两次，请删去其中一个。".into()
    } else if has_word("tab") || has_word("tabs") {
        "YAML 不能用 Tab 缩进，请把 Tab 换成空格（每级两个空格）。".into()
    } else if has_word("depth") || has_word("nesting") || has_word("recursion") {
        "嵌套层次过深；请检查缩进是否错位，资料文件一般不超过五层。".into()
    } else if has_word("nodes") || has_word("aliases") || has_word("anchors") {
        "别名（& 和 *）展开后内容过多；资料文件不需要别名，请直接写出内容。".into()
    } else if m.contains("unexpected character") && m.contains("\\u{") {
        "这一行有看不见的控制字符（常见于从网页或 Word 复制的文字），请删去后重新输入。".into()
    } else {
        "检查这一行及上一行的缩进、冒号后的空格、引号和括号是否成对；含冒号的文字请用引号括起来。"
            .into()
    }
}

fn shift(n: &mut Node, by: u32) {
    n.line += by;
    match &mut n.value {
        Value::Seq(items) => items.iter_mut().for_each(|i| shift(i, by)),
        Value::Map(entries) => entries.iter_mut().for_each(|(k, v)| {
            shift(k, by);
            shift(v, by);
        }),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_positions_of_keys_and_values() {
        let n = parse("a: 1\nlist:\n  - x\n  - 李泗\n", FileId(0), 0).unwrap();
        let Value::Map(entries) = &n.value else {
            panic!()
        };
        let (k, v) = &entries[1];
        assert_eq!((k.line, k.col), (2, 1));
        let Value::Seq(items) = &v.value else {
            panic!()
        };
        assert_eq!((items[1].line, items[1].col), (4, 5));
        assert_eq!(items[1].value, Value::Str("李泗".into()));
    }

    #[test]
    fn syntax_error_has_a_line() {
        let e = parse("a: 1\nb: [1, 2\nc: 3\n", FileId(0), 0).unwrap_err();
        assert!(e.pos.unwrap().line >= 2, "{e:?}");
        assert!(e.message.starts_with("YAML 格式错误"));
    }

    #[test]
    fn hints_match_the_parser_messages() {
        let hint = |text: &str| parse(text, FileId(0), 0).unwrap_err().hint.unwrap();
        // serde-saphyr: "duplicate mapping key: a, set DuplicateKeyPolicy ... if acceptable"
        assert!(hint("a: 1\na: 2\n").contains("同一字段写了两次"));
        // "recursion limit exceeded" (flow) and "budget breached: Depth" (block)
        let block = "- ".repeat(500) + "x";
        assert!(hint(&block).contains("嵌套层次过深"));
        let flow = "[".repeat(500) + &"]".repeat(500);
        assert!(hint(&flow).contains("嵌套层次过深"));
        assert!(hint("a:\n\t- b\n").contains("Tab"));
        assert!(hint("a: x \0 y\n").contains("控制字符"));
        let lol = "a: &a [x, x, x, x, x, x, x, x, x, x]\n".to_string()
            + &(b'b'..=b'h')
                .map(|c| {
                    let p = (c - 1) as char;
                    format!(
                        "{}: &{} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n",
                        c as char, c as char
                    )
                })
                .collect::<String>();
        assert!(hint(&lol).contains("别名"), "{}", hint(&lol));
    }

    #[test]
    fn front_matter_errors_do_not_quote_the_parser_line() {
        // Front matter starts on line 2 of its file: the message must not say "line 2".
        let e = parse("title: a\nb: [1,\nc: 2\n", FileId(0), 1).unwrap_err();
        assert!(!e.message.contains("line"), "{}", e.message);
        assert!(e.pos.unwrap().line >= 3, "{e:?}");
    }

    #[test]
    fn deep_nesting_fails_before_the_stack_runs_out_on_a_small_thread() {
        // Every depth from legal to absurd, on a thread with half the standard stack.
        std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(|| {
                for depth in [5, MAX_DEPTH, MAX_DEPTH + 1, 40, 64, 65, 100, 255, 300] {
                    let flow = "[".repeat(depth) + &"]".repeat(depth);
                    assert_eq!(
                        parse(&flow, FileId(0), 0).is_ok(),
                        depth <= MAX_DEPTH,
                        "{depth}"
                    );
                    let block = "- ".repeat(depth) + "x";
                    assert_eq!(
                        parse(&block, FileId(0), 0).is_ok(),
                        depth <= MAX_DEPTH,
                        "{depth}"
                    );
                }
            })
            .unwrap()
            .join()
            .unwrap();
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = "[".repeat(5000) + &"]".repeat(5000);
        assert!(parse(&deep, FileId(0), 0).is_err());
    }
}

#[cfg(test)]
mod explain_tests {
    use super::explain;

    #[test]
    fn parser_messages_are_explained_in_chinese_with_the_original_kept() {
        assert_eq!(
            explain(
                "duplicate mapping key: title, set DuplicateKeyPolicy in Options if acceptable"
            ),
            "字段「title」在同一处写了两次（duplicate mapping key: title）"
        );
        assert!(explain("unclosed quote").starts_with("引号没有配对"));
        assert!(explain("something new").starts_with("写法不符合 YAML 格式（something new）"));
    }
}

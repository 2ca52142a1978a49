//! The node tree of `yaml::parse`, built straight from the parser's events for the plain
//! files clerks write (no anchors, aliases, tags, duplicate keys, several documents or
//! unusual plain scalars). serde-saphyr's typeless `Spanned` path costs about four times the
//! parsing itself; for anything this module is not sure about it answers `None` and the
//! caller parses with serde-saphyr as before, so every error message stays serde-saphyr's.
//! The tests below hold both paths to the same trees.

use super::yaml::{Node, Value};
use granit_parser::{Event, Parser, ScalarStyle};

/// Deepest nesting handled here (the format needs five; `yaml::MAX_DEPTH` is the limit).
const MAX_DEPTH: usize = 12;
/// serde-saphyr's node budget is 250,000 per document; well below it nothing can breach it.
const MAX_NODES: usize = 200_000;

enum Frame {
    Seq(Node),
    Map(Node, Option<Node>),
}

/// The tree serde-saphyr would produce for `text`, or `None` when the fast paths are unsure
/// (the caller then parses with serde-saphyr, which also reports any error): first the line
/// reader of `yaml_block`, then the parser's events.
pub fn parse(text: &str) -> Option<Node> {
    super::yaml_block::parse(text).or_else(|| events(text))
}

/// The tree built from granit-parser's events.
fn events(text: &str) -> Option<Node> {
    // A byte-order mark or control characters: the full parser's own handling decides.
    if text.starts_with('\u{feff}') || text.bytes().any(|b| b < 0x20 && b != b'\n' && b != b'\r') {
        return None;
    }
    let mut options = granit_parser::Options::default();
    options.emit_comments = false;
    let mut stack: Vec<Frame> = Vec::new();
    let mut root: Option<Node> = None;
    let mut documents = 0;
    let mut nodes = 0usize;
    for event in Parser::new_from_str_with_options(text, options) {
        let (event, span) = event.ok()?;
        let (line, col) = (span.start.line() as u32, span.start.col() as u32 + 1);
        let node = |value| Node { value, line, col };
        let done = match event {
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => continue,
            Event::DocumentStart(..) => {
                documents += 1;
                if documents > 1 {
                    return None;
                }
                continue;
            }
            Event::Scalar(v, style, anchor, tag) => {
                if anchor != 0 || tag.is_some() {
                    return None;
                }
                let value = match style {
                    ScalarStyle::Plain => plain(&v)?,
                    _ => Value::Str(v.into_owned()),
                };
                node(value)
            }
            Event::SequenceStart(_, anchor, ref tag) | Event::MappingStart(_, anchor, ref tag) => {
                if anchor != 0 || tag.is_some() || stack.len() >= MAX_DEPTH {
                    return None;
                }
                let map = matches!(event, Event::MappingStart(..));
                stack.push(if map {
                    Frame::Map(node(Value::Map(Vec::new())), None)
                } else {
                    Frame::Seq(node(Value::Seq(Vec::new())))
                });
                nodes += 1;
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop()? {
                Frame::Seq(n) => n,
                Frame::Map(n, None) => n,
                Frame::Map(_, Some(_)) => return None,
            },
            _ => return None,
        };
        if matches!(
            done.value,
            Value::Str(_) | Value::Int(_) | Value::Bool(_) | Value::Null
        ) {
            nodes += 1;
        }
        if nodes > MAX_NODES {
            return None;
        }
        match stack.last_mut() {
            None if root.is_none() => root = Some(done),
            None => return None,
            Some(Frame::Seq(seq)) => {
                let Value::Seq(items) = &mut seq.value else {
                    return None;
                };
                items.push(done);
            }
            Some(Frame::Map(map, key)) => {
                let Value::Map(entries) = &mut map.value else {
                    return None;
                };
                match key.take() {
                    Some(k) => entries.push((k, done)),
                    None => {
                        // Only text keys, each once: anything else is serde-saphyr's to judge.
                        let Value::Str(s) = &done.value else {
                            return None;
                        };
                        if entries.len() >= super::yaml_block::MAX_KEYS
                            || entries
                                .iter()
                                .any(|(k, _)| matches!(&k.value, Value::Str(x) if x == s))
                        {
                            return None;
                        }
                        *key = Some(done);
                    }
                }
            }
        }
    }
    if !stack.is_empty() {
        return None;
    }
    root
}

/// Words that serde-saphyr reads as something other than text (booleans of YAML 1.1, null,
/// and the float spellings Rust's parser accepts), in lower case.
const SPECIAL_WORDS: &[&str] = &[
    "true", "false", "yes", "no", "on", "off", "y", "n", "null", "inf", "nan", "infinity",
];

/// An untagged plain scalar as serde-saphyr resolves it, where the answer is certain: text
/// with any non-ASCII character, a lower-case identifier, an ISO date, a small decimal
/// integer, true/false and the empty value (or `~`). `None` for the rest.
pub(super) fn plain(s: &str) -> Option<Value> {
    let b = s.as_bytes();
    // The parser gives an empty value as "~".
    if b.is_empty() || s == "~" {
        return Some(Value::Null);
    }
    if !s.is_ascii() {
        return Some(Value::Str(s.to_owned()));
    }
    if b.len() <= 18 && b.iter().all(u8::is_ascii_digit) && (b[0] != b'0' || b.len() == 1) {
        return s.parse().ok().map(Value::Int);
    }
    match s {
        "true" => return Some(Value::Bool(true)),
        "false" => return Some(Value::Bool(false)),
        _ => {}
    }
    let date = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    let ident = b[0].is_ascii_lowercase()
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-' || *c == b'_')
        && !SPECIAL_WORDS.contains(&s);
    (date || ident).then(|| Value::Str(s.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::super::yaml::full;
    use super::*;
    use std::path::Path;

    /// Where a fast path answers, its tree is serde-saphyr's exactly (positions included).
    /// Returns whether the line reader and the event builder answered.
    fn both(text: &str) -> (bool, bool) {
        let (block, events) = (super::super::yaml_block::parse(text), events(text));
        for n in [&block, &events].into_iter().flatten() {
            assert_eq!(
                Ok(n),
                full(text).as_ref().map_err(|e| e.to_string()),
                "{text:?}"
            );
        }
        (block.is_some(), events.is_some())
    }

    fn same(text: &str) -> bool {
        let (block, events) = both(text);
        block || events
    }

    #[test]
    fn plain_files_take_the_fast_path_with_the_same_tree() {
        for text in [
            "a: 1\nlist:\n  - x\n  - 李泗\n",
            "group: g0\nactivities:\n  - date: 2017-01-01\n    title: 学习\n    kind: 学习\n    headcount: 12\n    participants: [李泗, 张三]\n    contributions:\n      - member: 李泗\n        note: 主持\n",
            "a: ''\nb: \"\"\nc:\nd: 0\ne: 123456789012345678\n",
            "completed: true\nother: false\n",
            "a: |\n  第一行\n  第二行\nb: >\n  折叠\n  文字\nc: |-\n  x\n",
            "a: [x, z, {b: 李泗}]\nb: {}\nc: []\n",
            "a: 多行\n  文字\nb: x # 注释\n# 注释\n",
            "- 甲\n- 乙\n",
            "participants: 全体\n",
            "a: g0\nb: kebab-id\nc: snake_id\n",
            "a:\n  - b: 1\n    c: 2\n  -\n    d: 标题\n",
            "a: 'it''s'\nb: \"\\u4e2d\"\n\"引号键\": 1\n'ok': 2\n",
            "a: 2017-13-45\nb: 0000-00-00\n",
            "---\na: 1\n",
            "a: 1\r\nb: 李\r\n",
            "标题: 值\n",
            "a:    \n  b: 1\n",
            "a: ~\nb:\nc: x\n",
        ] {
            assert!(same(text), "fast path refused {text:?}");
        }
    }

    #[test]
    fn anything_unusual_is_left_to_serde_saphyr() {
        for text in [
            "a: yes\n",
            "a: on\n",
            "a: y\n",
            "a: null\n",
            "a: True\n",
            "1: x\n",
            "a: 012\n",
            "a: 1234567890123456789012\n",
            "a: -1\n",
            "a: 1.5\n",
            "a: 1e5\n",
            "a: inf\n",
            "a: nan\n",
            "a: .inf\n",
            "a: hello world\n",
            "a: Abc\n",
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "a: !include x.yaml\n",
            "a: 1\na: 2\n",
            &(0..300).map(|i| format!("k{i}: 1\n")).collect::<String>(),
            "---\na: 1\n---\nb: 2\n",
            "# only a comment\n",
            "<<: {a: 1}\n",
            "? [complex]\n: value\n",
            "a: x \0 y\n",
            "\u{feff}a: 1\n",
            "a: [1, 2\n",
            "a:\n\t- b\n",
            &("[".repeat(20) + &"]".repeat(20)),
        ] {
            assert!(!same(text), "fast path took {text:?}");
        }
    }

    #[test]
    fn every_yaml_file_of_the_repository_gives_the_same_tree() {
        fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
            for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
                    out.push(p);
                }
            }
        }
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for dir in ["content", "tests/broken", "themes"] {
            walk(&root.join(dir), &mut files);
        }
        assert!(files.len() > 30, "{}", files.len());
        let (mut fast, mut lines) = (0, 0);
        for f in &files {
            let Ok(text) = std::fs::read_to_string(f) else {
                continue;
            };
            let (block, events) = both(&text);
            fast += usize::from(block || events);
            lines += usize::from(block);
        }
        assert!(lines * 2 > files.len(), "{lines} of {}", files.len());
        // The sample content is plain: nearly all of it takes the fast path.
        assert!(fast * 4 > files.len() * 3, "{fast} of {}", files.len());
    }

    const RECORDS: &str = "# 第一小组
group: g0
activities:
  - date: 2017-01-01
    title: 学习 二十大 精神
    kind: 学习
    organiser: 李泗
    headcount: 12
    participants: [李泗, 张三 ,王五]
    absent: []
    contributions:
      - member: 李泗
        note: 主持

  # 下一条
  - date: 2017-02-01
    title: 调研
    kind: 调研
    participants:
    - 李泗
    - 张三
    summary: 走访社区
";

    #[test]
    fn records_take_the_line_reader() {
        for text in [
            RECORDS,
            &RECORDS.replace('\n', "\r\n"),
            "title: 标题\ndate: 2017-05-01\ngroup: g1\nauthors: [李泗]\n",
            "title: 增长92%，\"好\"的[一]{二}|三>四!五&六*七?八@九`十',x\n",
            "key:\n- a\n- b\nnext: 1\n",
            "  a: 1\n  b:\n    c: true\n",
            "- 甲\n-   乙\n- [丙, 丁]\n",
            "标题: 值\n",
            "a:\n  - b: 1\n    c:\n      - d: 2\n",
        ] {
            assert!(both(text).0, "line reader refused {text:?}");
        }
    }

    #[test]
    fn the_line_reader_leaves_anything_else() {
        for text in [
            "a: x # 注释\n",
            "a: '引号'\n",
            "a: |\n  块\n",
            "a:\nb: 1\n",
            "a: ~\n",
            "a: 多行\n  文字\n",
            "a: 标题: x\n",
            "a: b:c\n",
            "a: [x, [y]]\n",
            "a: [x,, y]\n",
            "a: [x\n",
            "- - x\n",
            "-\n  a: 1\n",
            "- a: 1\n    b: 2\n",
            "a: 1\n- b\n",
            "a: 1\na: 2\n",
            "---\na: 1\n",
            "a:\tb\n",
            "Key: 1\n",
            "a b: 1\n",
            "a: -1\n",
            "# 只有注释\n",
        ] {
            assert!(!both(text).0, "line reader took {text:?}");
        }
    }

    #[test]
    fn every_one_character_edit_of_a_record_file_gives_the_same_tree_or_none() {
        let chars: Vec<(usize, char)> = RECORDS.char_indices().collect();
        for &(at, _) in &chars {
            for c in [
                " ", ":", "-", "\n", "#", "[", "]", "{", "}", ",", "x", "李", "0", ": ", "- ",
                "\n  ", "%", "\"", "'", "!", "&", "*", "|", ">", "?", "@", "`", " #", "~",
            ] {
                let mut t = RECORDS.to_string();
                t.insert_str(at, c);
                both(&t);
            }
            let mut t = RECORDS.to_string();
            t.remove(at);
            both(&t);
        }
    }
}

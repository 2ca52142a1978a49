//! A line reader for the block-style YAML that activity records and front matter are written
//! in: `key: value` lines, `- ` list items, one-line `[a, b]` lists and plain values, with
//! comments on lines of their own. It gives the same node tree as `yaml::parse` in a small
//! fraction of the general parser's time. Any line it does not fully understand — quotes, block
//! scalars, continuation lines, inline comments, `: ` or other YAML indicators inside a
//! value, empty values, tabs — makes it answer `None`, and `yaml_fast` / serde-saphyr decide.

use super::yaml::{Node, Value};
use super::yaml_fast::plain;

/// Deepest nesting handled here (the format needs five).
const MAX_DEPTH: usize = 12;
/// Well below serde-saphyr's node budget (250,000 per document).
const MAX_NODES: usize = 200_000;
/// Widest mapping read here (wider ones are left to serde-saphyr).
pub(super) const MAX_KEYS: usize = 256;

struct Line<'t> {
    /// 1-based line number.
    no: u32,
    /// Leading spaces (the column of `body`, 0-based).
    indent: usize,
    /// The rest of the line, trailing spaces removed.
    body: &'t str,
}

/// YAML indicators: a plain value cannot start with one, and a key here has none.
fn indicator(c: char) -> bool {
    matches!(
        c,
        '-' | '?'
            | ':'
            | ','
            | '['
            | ']'
            | '{'
            | '}'
            | '#'
            | '&'
            | '*'
            | '!'
            | '|'
            | '>'
            | '\''
            | '"'
            | '%'
            | '@'
            | '`'
    )
}

/// The tree `yaml::parse` would give, or `None` when a line is outside this reader's subset.
pub fn parse(text: &str) -> Option<Node> {
    if text.starts_with('\u{feff}') {
        return None;
    }
    let mut lines = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if raw.bytes().any(|b| b < 0x20) {
            return None;
        }
        let body = raw.trim_start_matches(' ');
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        // Document markers and directives.
        if raw.starts_with("---") || raw.starts_with("...") || body.starts_with('%') {
            return None;
        }
        lines.push(Line {
            no: u32::try_from(i + 1).ok()?,
            indent: raw.len() - body.len(),
            body: body.trim_end_matches(' '),
        });
    }
    let first = lines.first()?.indent;
    let mut p = Reader {
        lines,
        i: 0,
        nodes: 0,
    };
    let root = p.block(first, 0)?;
    (p.i == p.lines.len()).then_some(root)
}

struct Reader<'t> {
    lines: Vec<Line<'t>>,
    i: usize,
    nodes: usize,
}

fn is_item(body: &str) -> bool {
    body == "-" || body.starts_with("- ")
}

impl<'t> Reader<'t> {
    fn count(&mut self) -> Option<()> {
        self.nodes += 1;
        (self.nodes <= MAX_NODES).then_some(())
    }

    /// The node whose first line is the current one, at exactly `indent`.
    fn block(&mut self, indent: usize, depth: usize) -> Option<Node> {
        if depth >= MAX_DEPTH {
            return None;
        }
        let line = self.lines.get(self.i)?;
        if line.indent != indent {
            return None;
        }
        if is_item(line.body) {
            self.seq(indent, depth, false)
        } else {
            self.map(indent, depth)
        }
    }

    /// A block sequence at `indent`; `indentless`: the value of a key at the same indent,
    /// whose position the parser gives as its first item's.
    fn seq(&mut self, indent: usize, depth: usize, indentless: bool) -> Option<Node> {
        self.count()?;
        let first = &self.lines[self.i];
        let skip = if indentless {
            first.body.len() - first.body.get(1..)?.trim_start_matches(' ').len()
        } else {
            0
        };
        let mut node = Node {
            value: Value::Seq(Vec::new()),
            line: first.no,
            col: (indent + skip) as u32 + 1,
        };
        let mut items = Vec::new();
        while let Some(line) = self.lines.get(self.i) {
            if line.indent != indent || !is_item(line.body) {
                break;
            }
            let rest = line.body.get(1..)?.trim_start_matches(' ');
            if rest.is_empty() || is_item(rest) {
                return None;
            }
            let at = indent + (line.body.len() - rest.len());
            if key_split(rest).is_some() {
                // `- key: value`: a mapping whose keys line up at the first key.
                let line = &mut self.lines[self.i];
                line.indent = at;
                line.body = rest;
                items.push(self.map(at, depth + 1)?);
            } else {
                let (no, col) = (line.no, at as u32 + 1);
                items.push(self.value(rest, no, col)?);
                self.i += 1;
            }
        }
        if self.lines.get(self.i).is_some_and(|l| l.indent > indent) {
            return None;
        }
        node.value = Value::Seq(items);
        Some(node)
    }

    fn map(&mut self, indent: usize, depth: usize) -> Option<Node> {
        self.count()?;
        let first = &self.lines[self.i];
        let mut node = Node {
            value: Value::Map(Vec::new()),
            line: first.no,
            col: indent as u32 + 1,
        };
        let mut entries: Vec<(Node, Node)> = Vec::new();
        while let Some(line) = self.lines.get(self.i) {
            if line.indent != indent || is_item(line.body) {
                break;
            }
            let (no, body): (u32, &'t str) = (line.no, line.body);
            let (key, rest) = key_split(body)?;
            if key.is_empty() || key.contains(' ') || key.chars().any(indicator) {
                return None;
            }
            let Some(Value::Str(k)) = plain(key) else {
                return None;
            };
            // The duplicate check is quadratic: a mapping this wide is no record.
            if entries.len() >= MAX_KEYS
                || entries
                    .iter()
                    .any(|(x, _)| matches!(&x.value, Value::Str(s) if *s == k))
            {
                return None;
            }
            self.count()?;
            let key = Node {
                value: Value::Str(k),
                line: no,
                col: indent as u32 + 1,
            };
            let value = if rest.is_empty() {
                self.i += 1;
                match self.lines.get(self.i) {
                    Some(next) if next.indent > indent => self.block(next.indent, depth + 1)?,
                    Some(next) if next.indent == indent && is_item(next.body) => {
                        self.seq(indent, depth + 1, true)?
                    }
                    // An empty value: the parser's position for it is its own affair.
                    _ => return None,
                }
            } else {
                let offset = body.len() - rest.len();
                let col = (indent + body[..offset].chars().count()) as u32 + 1;
                let v = self.value(rest, no, col)?;
                self.i += 1;
                v
            };
            entries.push((key, value));
        }
        if self
            .lines
            .get(self.i)
            .is_some_and(|l| l.indent > indent || (l.indent == indent && is_item(l.body)))
        {
            return None;
        }
        node.value = Value::Map(entries);
        Some(node)
    }

    /// A value on the rest of a line: a plain scalar or a one-line list of plain scalars.
    fn value(&mut self, text: &str, line: u32, col: u32) -> Option<Node> {
        if let Some(inner) = text.strip_prefix('[') {
            self.count()?;
            let inner = inner.strip_suffix(']')?;
            let mut items = Vec::new();
            if !inner.trim_matches(' ').is_empty() {
                let mut offset = 1; // chars from `[`
                for raw in inner.split(',') {
                    let item = raw.trim_start_matches(' ');
                    let at = col + offset + (raw.len() - item.len()) as u32;
                    items.push(self.scalar(item.trim_end_matches(' '), line, at, true)?);
                    offset += raw.chars().count() as u32 + 1;
                }
            }
            return Some(Node {
                value: Value::Seq(items),
                line,
                col,
            });
        }
        self.scalar(text, line, col, false)
    }

    /// A plain value; `flow`: an item of a `[...]` list.
    fn scalar(&mut self, text: &str, line: u32, col: u32, flow: bool) -> Option<Node> {
        self.count()?;
        // Indicators start something else; `: ` and ` #` end a plain value (any `:` or `#` is
        // left to the parser); in a list `,[]{}` are structure.
        if text.starts_with(indicator)
            || text.contains([':', '#'])
            || (flow && text.contains([',', '[', ']', '{', '}']))
        {
            return None;
        }
        // `~` and other nulls are left to the parser: it also writes them for empty values.
        let value = plain(text).filter(|v| *v != Value::Null)?;
        Some(Node { value, line, col })
    }
}

/// `key: rest` or `key:` → (key, rest); `None` when the line is not a mapping entry.
fn key_split(body: &str) -> Option<(&str, &str)> {
    let colon = body.find(':')?;
    let after = &body[colon + 1..];
    if !after.is_empty() && !after.starts_with(' ') {
        return None;
    }
    Some((&body[..colon], after.trim_start_matches(' ')))
}

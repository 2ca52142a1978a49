//! A strict SVG sanitiser for published images: the file is parsed with `roxmltree`
//! (entities expanded with its billion-laughs limits, nothing fetched) and written back
//! with only allow-listed elements and attributes. No script, no event handler, no
//! animation, no `foreignObject`, no reference outside the file (`href` only to
//! `#fragment`, or a raster `data:` image on `<image>`), no `url()` or `@import` to
//! anything else. Every removal that could change what the picture does is reported with
//! its line; editor metadata (Inkscape, Illustrator…) and comments go without a word.
//! The tree walk is iterative and depth-capped, so content cannot overflow the stack.

mod rules;

use roxmltree::{Document, Node, NodeType, ParsingOptions};
use rules::{ElementRule, SVG_NS, XLINK_NS, XML_NS};

/// Deepest element nesting accepted (drawing programs stay far below).
pub const MAX_DEPTH: usize = 256;
/// Most XML nodes accepted (bounds memory on hostile input).
pub const MAX_NODES: u32 = 500_000;
/// Removals kept in [`Cleaned::removed`]; the rest are only counted.
const MAX_LISTED: usize = 100;

/// A sanitised SVG.
#[derive(Debug)]
pub struct Cleaned {
    /// The SVG to publish (UTF-8, namespaces declared on the root).
    pub svg: String,
    /// What was removed (the first [`MAX_LISTED`]), in document order.
    pub removed: Vec<Removal>,
    /// How many removals there were in all.
    pub removed_total: usize,
}

/// One removed element or attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removal {
    /// 1-based line and column in the input.
    pub line: u32,
    pub col: u32,
    /// What it was, for people (Chinese), e.g. 「脚本 <script>」.
    pub what: String,
}

/// The input is not an SVG that can be published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub line: u32,
    pub col: u32,
    /// What is wrong (Chinese; the parser's own words in parentheses).
    pub message: String,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.col, self.message)
    }
}

/// Sanitises an SVG file's bytes.
pub fn clean(bytes: &[u8]) -> Result<Cleaned, ParseError> {
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, col) = line_col(&bytes[..e.valid_up_to()]);
        ParseError {
            line,
            col,
            message: "SVG 文件不是 UTF-8 编码".into(),
        }
    })?;
    let opts = ParsingOptions {
        allow_dtd: true,
        nodes_limit: MAX_NODES,
        entity_resolver: None,
    };
    let doc = Document::parse_with_options(text, opts).map_err(parse_error)?;
    let root = doc.root_element();
    if root.tag_name().namespace() != Some(SVG_NS) || root.tag_name().name() != "svg" {
        let p = doc.text_pos_at(root.range().start);
        return Err(ParseError {
            line: p.row,
            col: p.col,
            message: format!(
                "根元素是 <{}>，不是 SVG 的 <svg>（或缺少 xmlns=\"{SVG_NS}\"）",
                root.tag_name().name()
            ),
        });
    }
    size(&doc, root)?;
    let mut w = Writer {
        doc: &doc,
        out: String::with_capacity(text.len()),
        removed: Vec::new(),
        removed_total: 0,
    };
    // Processing instructions around the root (`<?xml-stylesheet href=…?>`) are dropped too.
    for n in doc.root().children().filter(|n| n.is_pi()) {
        let name = n.pi().map(|p| p.target).unwrap_or_default();
        w.remove(n.range().start, format!("处理指令 <?{name}?>"));
    }
    w.walk(root)?;
    w.removed.sort_by_key(|r| (r.line, r.col));
    Ok(Cleaned {
        svg: w.out,
        removed: w.removed,
        removed_total: w.removed_total,
    })
}

/// A drawing of no size cannot be placed on a page (Typst's SVG reader refuses it): the
/// root's `width`/`height`, when given, must be positive, and so must a `viewBox`'s.
fn size(doc: &Document, root: Node) -> Result<(), ParseError> {
    let bad = |attr: &str, v: &str| {
        let at = root
            .attribute_node(attr)
            .map_or(root.range().start, |a| a.range().start);
        let p = doc.text_pos_at(at);
        Err(ParseError {
            line: p.row,
            col: p.col,
            message: format!("SVG 的尺寸无效（{attr}=\"{v}\"），宽和高都须大于 0"),
        })
    };
    for attr in ["width", "height"] {
        if let Some(v) = root.attribute(attr) {
            let t = v.trim();
            let end = t
                .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E')))
                .unwrap_or(t.len());
            if t[..end].parse::<f64>().is_ok_and(|n| n <= 0.0) {
                return bad(attr, v);
            }
        }
    }
    if let Some(v) = root.attribute("viewBox") {
        let n: Vec<f64> = v
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|s| !s.is_empty())
            .filter_map(|s| s.parse().ok())
            .collect();
        if n.len() != 4 || n[2] <= 0.0 || n[3] <= 0.0 {
            return bad("viewBox", v);
        }
    }
    Ok(())
}

fn line_col(prefix: &[u8]) -> (u32, u32) {
    let line = prefix.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
    let last = prefix
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let col = String::from_utf8_lossy(&prefix[last..]).chars().count() as u32 + 1;
    (line, col)
}

fn parse_error(e: roxmltree::Error) -> ParseError {
    use roxmltree::Error as E;
    let p = e.pos();
    let message = match &e {
        E::EntityReferenceLoop(_) => "实体引用嵌套过深或循环（疑似恶意文件）".to_string(),
        E::UnknownEntityReference(name, _) => format!("使用了未定义的实体 &{name};"),
        E::NodesLimitReached => format!("元素过多（超过 {MAX_NODES} 个）或嵌套过深"),
        _ => format!("不是有效的 XML（{e}）"),
    };
    ParseError {
        line: p.row,
        col: p.col,
        message,
    }
}

enum Step<'a, 'i> {
    Open(Node<'a, 'i>, usize),
    Close(&'a str),
}

struct Writer<'a, 'i> {
    doc: &'a Document<'i>,
    out: String,
    removed: Vec<Removal>,
    removed_total: usize,
}

impl<'a, 'i> Writer<'a, 'i> {
    fn remove(&mut self, at: usize, what: String) {
        self.removed_total += 1;
        if self.removed.len() < MAX_LISTED {
            let p = self.doc.text_pos_at(at);
            self.removed.push(Removal {
                line: p.row,
                col: p.col,
                what,
            });
        }
    }

    fn walk(&mut self, root: Node<'a, 'i>) -> Result<(), ParseError> {
        let mut stack = vec![Step::Open(root, 0)];
        while let Some(step) = stack.pop() {
            let (node, depth) = match step {
                Step::Close(name) => {
                    self.out.push_str("</");
                    self.out.push_str(name);
                    self.out.push('>');
                    continue;
                }
                Step::Open(n, d) => (n, d),
            };
            if depth > MAX_DEPTH {
                let p = self.doc.text_pos_at(node.range().start);
                return Err(ParseError {
                    line: p.row,
                    col: p.col,
                    message: format!("元素嵌套超过 {MAX_DEPTH} 层"),
                });
            }
            match node.node_type() {
                NodeType::Text => escape(&mut self.out, node.text().unwrap_or_default(), false),
                NodeType::PI => {
                    let name = node.pi().map(|p| p.target).unwrap_or_default();
                    self.remove(node.range().start, format!("处理指令 <?{name}?>"));
                }
                NodeType::Element => {
                    let children = match self.element(node, depth == 0) {
                        Some(ElementRule::Keep) => {
                            let name = node.tag_name().name();
                            if node.has_children() {
                                self.out.push('>');
                                stack.push(Step::Close(name));
                                true
                            } else {
                                self.out.push_str("/>");
                                false
                            }
                        }
                        Some(ElementRule::Unwrap) => true,
                        _ => false,
                    };
                    if children {
                        stack.extend(node.children().rev().map(|c| Step::Open(c, depth + 1)));
                    }
                }
                NodeType::Comment | NodeType::Root => {}
            }
        }
        Ok(())
    }

    /// Decides an element's fate; for a kept one, writes its start tag without the closing
    /// `>` (the caller adds `>` or `/>`).
    fn element(&mut self, node: Node<'a, 'i>, is_root: bool) -> Option<ElementRule> {
        let tag = node.tag_name();
        let name = tag.name();
        let at = node.range().start;
        let rule = rules::element_rule(tag.namespace(), name);
        if rule == ElementRule::Keep && name == "style" {
            let css: String = node.children().filter_map(|c| c.text()).collect();
            if let Some(why) = rules::css_problem(&css) {
                self.remove(at, format!("样式表 <style>（{why}）"));
                return None;
            }
        }
        match rule {
            ElementRule::Keep => {}
            ElementRule::Unwrap => {
                self.remove(at, format!("链接 <{name}>（其中的图形保留）"));
                return Some(rule);
            }
            ElementRule::DropQuietly => return None,
            ElementRule::Drop => {
                let what = match name {
                    "script" => "脚本 <script>".to_string(),
                    "foreignObject" => "嵌入网页内容 <foreignObject>".to_string(),
                    "animate" | "animateMotion" | "animateTransform" | "set" | "discard" => {
                        format!("动画 <{name}>")
                    }
                    _ if tag.namespace() == Some(SVG_NS) => format!("不支持的元素 <{name}>"),
                    _ => format!(
                        "不支持的元素 <{name}>（命名空间 {}）",
                        tag.namespace().unwrap_or("无")
                    ),
                };
                self.remove(at, what);
                return Some(rule);
            }
        }
        self.out.push('<');
        self.out.push_str(name);
        if is_root {
            self.out.push_str(" xmlns=\"");
            self.out.push_str(SVG_NS);
            self.out.push_str("\" xmlns:xlink=\"");
            self.out.push_str(XLINK_NS);
            self.out.push('"');
        }
        for a in node.attributes() {
            let (ans, an, v) = (a.namespace(), a.name(), a.value());
            let at = a.range().start;
            let written = match ans {
                None if an.len() > 2 && an[..2].eq_ignore_ascii_case("on") => {
                    self.remove(at, format!("事件处理属性 {an}"));
                    continue;
                }
                None if an == "href" => self.href(name, an, v, at),
                None if an == "style" => match rules::css_problem(v) {
                    None => Some(an.to_string()),
                    Some(why) => {
                        self.remove(at, format!("style 属性（{why}）"));
                        None
                    }
                },
                None if rules::attribute_allowed(an) => Some(an.to_string()),
                None if an.starts_with("data-") => None,
                None => {
                    self.remove(at, format!("不支持的属性 {an}"));
                    None
                }
                Some(XLINK_NS) if an == "href" => self.href(name, "xlink:href", v, at),
                Some(XML_NS) if an == "space" || an == "lang" => Some(format!("xml:{an}")),
                Some(XLINK_NS) | Some(XML_NS) => None,
                Some(ns) if rules::is_editor_namespace(ns) => None,
                Some(ns) => {
                    self.remove(at, format!("不支持的属性 {an}（命名空间 {ns}）"));
                    None
                }
            };
            let Some(out_name) = written else { continue };
            if let Some(why) = rules::value_problem(v) {
                self.remove(at, format!("属性 {out_name}（{why}）"));
                continue;
            }
            self.out.push(' ');
            self.out.push_str(&out_name);
            self.out.push_str("=\"");
            escape(&mut self.out, v, true);
            self.out.push('"');
        }
        Some(ElementRule::Keep)
    }

    fn href(&mut self, element: &str, shown: &str, v: &str, at: usize) -> Option<String> {
        if rules::href_allowed(element, v) {
            Some(shown.to_string())
        } else {
            let short: String = v.chars().take(60).collect();
            let more = if v.chars().count() > 60 { "…" } else { "" };
            self.remove(at, format!("外部引用 {shown}=\"{short}{more}\""));
            None
        }
    }
}

fn escape(out: &mut String, s: &str, attr: bool) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attr => out.push_str("&quot;"),
            '\n' if attr => out.push_str("&#10;"),
            '\t' if attr => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests;

//! A small element tree of one XML part, built with quick-xml. Element and attribute names
//! are kept without their namespace prefix (`w:p` → `p`): every part we read uses one prefix
//! per vocabulary, and the walkers look only at the elements they know in context.

use quick_xml::events::Event;

/// Deepest element nesting accepted (a real document stays far below; a hostile one would
/// otherwise overflow the stack of the recursive walkers).
const MAX_DEPTH: usize = 200;

#[derive(Debug, Default)]
pub struct Node {
    /// Local name, e.g. `p` for `w:p`.
    pub name: String,
    /// (local name, value), values unescaped.
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Child>,
}

#[derive(Debug)]
pub enum Child {
    El(Node),
    Text(String),
}

impl Node {
    /// The value of the attribute with this local name (`val` finds `w:val`).
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    /// Child elements.
    pub fn elements(&self) -> impl Iterator<Item = &Node> {
        self.children.iter().filter_map(|c| match c {
            Child::El(n) => Some(n),
            Child::Text(_) => None,
        })
    }
    /// The first child element named `name`.
    pub fn child(&self, name: &str) -> Option<&Node> {
        self.elements().find(|n| n.name == name)
    }
    /// `w:val` of the child `name`, e.g. `pPr.child_val("jc")`.
    pub fn child_val(&self, name: &str) -> Option<&str> {
        self.child(name).and_then(|n| n.attr("val"))
    }
    /// The first element named `name` anywhere below (depth first).
    pub fn find(&self, name: &str) -> Option<&Node> {
        for n in self.elements() {
            if n.name == name {
                return Some(n);
            }
            if let Some(f) = n.find(name) {
                return Some(f);
            }
        }
        None
    }
    /// Every element named `name` below, depth first, not looking inside matches.
    pub fn find_all<'a>(&'a self, name: &str, out: &mut Vec<&'a Node>) {
        for n in self.elements() {
            if n.name == name {
                out.push(n);
            } else {
                n.find_all(name, out);
            }
        }
    }
    /// The character data directly inside this element.
    pub fn text(&self) -> String {
        let mut s = String::new();
        for c in &self.children {
            if let Child::Text(t) = c {
                s.push_str(t);
            }
        }
        s
    }
    /// A toggle property such as `<w:b/>` or `<w:b w:val="0"/>`.
    pub fn flag(&self, name: &str) -> Option<bool> {
        self.child(name)
            .map(|n| !matches!(n.attr("val"), Some("0" | "false" | "off" | "none")))
    }
}

fn local(qname: &str) -> &str {
    qname.rsplit(':').next().unwrap_or(qname)
}

/// Parses `text` into its root element. The error is a Chinese description with the byte
/// offset where the XML went wrong.
pub fn parse(text: &str) -> Result<Node, String> {
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Node> = vec![Node::default()];
    let bad = |pos: u64, what: String| format!("第 {pos} 字节处 XML 格式错误（{what}）");
    loop {
        let ev = reader
            .read_event()
            .map_err(|e| bad(reader.error_position(), e.to_string()))?;
        match ev {
            Event::Start(e) => {
                if stack.len() > MAX_DEPTH {
                    return Err(format!("元素嵌套超过 {MAX_DEPTH} 层"));
                }
                stack.push(element(&e).map_err(|m| bad(reader.buffer_position(), m))?);
            }
            Event::Empty(e) => {
                let n = element(&e).map_err(|m| bad(reader.buffer_position(), m))?;
                if let Some(top) = stack.last_mut() {
                    top.children.push(Child::El(n));
                }
            }
            Event::End(_) => {
                let n = stack.pop().unwrap_or_default();
                match stack.last_mut() {
                    Some(top) => top.children.push(Child::El(n)),
                    None => return Err(bad(reader.buffer_position(), "多余的结束标签".into())),
                }
            }
            Event::Text(t) => push_text(&mut stack, &t.xml10_content()),
            Event::CData(t) => push_text(&mut stack, &t.xml10_content()),
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => c,
                    Ok(None) => match &*r {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        other => {
                            return Err(bad(
                                reader.buffer_position(),
                                format!("未知的实体 &{other};"),
                            ));
                        }
                    },
                    Err(e) => return Err(bad(reader.buffer_position(), e.to_string())),
                };
                push_text(&mut stack, c.encode_utf8(&mut [0; 4]));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if stack.len() != 1 {
        return Err(format!(
            "XML 不完整：文件在第 {} 字节处提前结束（可能已损坏或被截断）",
            text.len()
        ));
    }
    let root = stack.pop().unwrap_or_default();
    root.children
        .into_iter()
        .find_map(|c| match c {
            Child::El(n) => Some(n),
            Child::Text(_) => None,
        })
        .ok_or_else(|| "XML 是空的".to_string())
}

fn push_text(stack: &mut [Node], t: &str) {
    if let Some(top) = stack.last_mut() {
        // Adjacent text pieces (split by entity references) are joined.
        if let Some(Child::Text(s)) = top.children.last_mut() {
            s.push_str(t);
        } else {
            top.children.push(Child::Text(t.to_string()));
        }
    }
}

fn element(e: &quick_xml::events::BytesStart) -> Result<Node, String> {
    let mut attrs = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|e| e.to_string())?;
        let v = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| e.to_string())?;
        attrs.push((local(a.key.as_ref()).to_string(), v.into_owned()));
    }
    Ok(Node {
        name: local(e.name().as_ref()).to_string(),
        attrs,
        children: Vec::new(),
    })
}

/// Decodes a part's bytes: UTF-8 (with or without BOM) or UTF-16 with a BOM.
pub fn decode(bytes: &[u8]) -> Result<std::borrow::Cow<'_, str>, String> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (t, had_errors) = enc.decode_without_bom_handling(&bytes[bom..]);
        if had_errors {
            return Err(format!("文字编码（{}）有误", enc.name()));
        }
        return Ok(t);
    }
    std::str::from_utf8(bytes)
        .map(std::borrow::Cow::Borrowed)
        .map_err(|e| format!("第 {} 字节处不是 UTF-8 文字", e.valid_up_to()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tree_with_local_names_and_entities() {
        let n = parse(r#"<?xml version="1.0"?><w:p xmlns:w="x"><w:r><w:t xml:space="preserve">a &amp; b&#x4E00;</w:t></w:r><w:b w:val="0"/></w:p>"#).unwrap();
        assert_eq!(n.name, "p");
        assert_eq!(n.find("t").unwrap().text(), "a & b一");
        assert_eq!(n.flag("b"), Some(false));
        assert_eq!(n.child("r").unwrap().name, "r");
    }

    #[test]
    fn broken_xml_is_an_error() {
        assert!(parse("<a><b></a>").is_err());
        let e = parse("<a><b>text").unwrap_err();
        assert!(e.contains("不完整"), "{e}");
        assert!(parse("").is_err());
    }
}

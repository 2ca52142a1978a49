//! Paragraph styles from `styles.xml`, keyed by what they mean rather than their id: Chinese
//! Word and WPS write ids such as `1`, `2`, `a3`, so a heading is known by its *name*
//! (`heading 1`, `标题 1`, `Title`, `标题`) or its outline level, both followed along
//! `w:basedOn`.

use super::xml::Node;
use std::collections::HashMap;

/// basedOn chains longer than this are treated as broken (and cycles end here).
const MAX_CHAIN: usize = 16;

#[derive(Debug, Default, Clone)]
struct Style {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    num: Option<(String, Option<u8>)>,
    centered: Option<bool>,
    bold: Option<bool>,
    size: Option<u32>,
}

/// What a paragraph style says about a paragraph.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Resolved {
    /// The document title style.
    pub title: bool,
    /// Heading level, 1-based (`heading 1` → 1).
    pub heading: Option<u8>,
    pub caption: bool,
    /// List numbering from the style: (numId, ilvl).
    pub num: Option<(String, u8)>,
    pub centered: bool,
    pub bold: bool,
    /// Font size in half-points.
    pub size: Option<u32>,
}

/// A character style's bold and italic (Word's 「要点」/Strong, 「强调」/Emphasis…).
#[derive(Debug, Default, Clone)]
struct CharStyle {
    based_on: Option<String>,
    bold: Option<bool>,
    italic: Option<bool>,
}

#[derive(Debug, Default)]
pub struct Styles {
    by_id: HashMap<String, Style>,
    chars: HashMap<String, CharStyle>,
    default_para: Option<String>,
    default_size: Option<u32>,
}

/// What a style name means: `Some(0)` title, `Some(n)` heading n.
fn name_level(name: &str) -> Option<u8> {
    let n = name.trim().to_lowercase();
    if n == "title" || n == "标题" {
        return Some(0);
    }
    for prefix in ["heading", "标题"] {
        if let Some(rest) = n.strip_prefix(prefix)
            && let Ok(k) = rest.trim().parse::<u8>()
            && (1..=9).contains(&k)
        {
            return Some(k);
        }
    }
    None
}

fn is_caption(name: &str) -> bool {
    let n = name.trim().to_lowercase();
    n == "caption" || n == "题注"
}

impl Styles {
    pub fn parse(root: Option<&Node>) -> Self {
        let mut s = Styles::default();
        let Some(root) = root else {
            return s;
        };
        s.default_size = root
            .child("docDefaults")
            .and_then(|d| d.find("rPr"))
            .and_then(size);
        for st in root.elements().filter(|n| n.name == "style") {
            let Some(id) = st.attr("styleId") else {
                continue;
            };
            if st.attr("type") == Some("character") {
                let rpr = st.child("rPr");
                s.chars.insert(
                    id.to_string(),
                    CharStyle {
                        based_on: st.child_val("basedOn").map(str::to_string),
                        bold: rpr.and_then(|r| r.flag("b")),
                        italic: rpr.and_then(|r| r.flag("i")),
                    },
                );
                continue;
            }
            if st.attr("type").is_some_and(|t| t != "paragraph") {
                continue;
            }
            let ppr = st.child("pPr");
            let rpr = st.child("rPr");
            let style = Style {
                name: st.child_val("name").unwrap_or_default().to_string(),
                based_on: st.child_val("basedOn").map(str::to_string),
                outline: ppr.and_then(outline_level),
                num: ppr.and_then(num_pr),
                centered: ppr.and_then(|p| p.child_val("jc")).map(is_center),
                bold: rpr.and_then(|r| r.flag("b")),
                size: rpr.and_then(size),
            };
            if st.attr("default").is_some_and(|d| d == "1" || d == "true") {
                s.default_para = Some(id.to_string());
            }
            s.by_id.insert(id.to_string(), style);
        }
        s
    }

    /// The chain from `id` up through basedOn (the style itself first).
    fn chain(&self, id: Option<&str>) -> Vec<&Style> {
        let mut out = Vec::new();
        let mut cur = id.or(self.default_para.as_deref());
        while let Some(i) = cur {
            let Some(st) = self.by_id.get(i) else { break };
            if out.len() >= MAX_CHAIN {
                break;
            }
            out.push(st);
            cur = st.based_on.as_deref();
        }
        out
    }

    /// Everything a paragraph gets from its style `id` (`None`: the default style).
    pub fn resolve(&self, id: Option<&str>) -> Resolved {
        let chain = self.chain(id);
        let mut r = Resolved::default();
        // The nearest style that names a level (by name or outline level) decides.
        for st in &chain {
            if let Some(l) = name_level(&st.name) {
                r.title = l == 0;
                r.heading = (l > 0).then_some(l);
                break;
            }
            if let Some(o) = st.outline {
                r.heading = Some(o);
                break;
            }
        }
        r.caption = chain.iter().any(|s| is_caption(&s.name));
        r.num = chain
            .iter()
            .find_map(|s| s.num.as_ref().map(|(id, l)| (id.clone(), l.unwrap_or(0))));
        r.centered = chain.iter().find_map(|s| s.centered).unwrap_or(false);
        r.bold = chain.iter().find_map(|s| s.bold).unwrap_or(false);
        r.size = chain.iter().find_map(|s| s.size).or(self.default_size);
        r
    }
}

impl Styles {
    /// Bold and italic of the character style `id`, along basedOn.
    pub fn run_style(&self, id: &str) -> (Option<bool>, Option<bool>) {
        let (mut bold, mut italic) = (None, None);
        let mut cur = Some(id);
        for _ in 0..MAX_CHAIN {
            let Some(st) = cur.and_then(|i| self.chars.get(i)) else {
                break;
            };
            bold = bold.or(st.bold);
            italic = italic.or(st.italic);
            cur = st.based_on.as_deref();
        }
        (bold, italic)
    }
}

/// `w:outlineLvl` as a 1-based heading level (9 means body text).
pub fn outline_level(ppr: &Node) -> Option<u8> {
    let v: u8 = ppr.child_val("outlineLvl")?.parse().ok()?;
    (v < 9).then_some(v + 1)
}

/// `w:numPr`: (numId, ilvl).
pub fn num_pr(ppr: &Node) -> Option<(String, Option<u8>)> {
    let np = ppr.child("numPr")?;
    let id = np.child_val("numId")?.to_string();
    let lvl = np.child_val("ilvl").and_then(|v| v.parse().ok());
    Some((id, lvl))
}

pub fn is_center(jc: &str) -> bool {
    jc == "center"
}

/// `w:sz` in half-points.
pub fn size(rpr: &Node) -> Option<u32> {
    rpr.child_val("sz").and_then(|v| v.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn styles(xml: &str) -> Styles {
        Styles::parse(Some(&super::super::xml::parse(xml).unwrap()))
    }

    #[test]
    fn headings_by_name_and_outline_through_based_on() {
        let s = styles(
            r#"<w:styles xmlns:w="w">
            <w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/><w:rPr><w:sz w:val="24"/></w:rPr></w:style>
            <w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/></w:style>
            <w:style w:type="paragraph" w:styleId="a3"><w:name w:val="Title"/><w:pPr><w:jc w:val="center"/></w:pPr></w:style>
            <w:style w:type="paragraph" w:styleId="a5"><w:name w:val="标题"/></w:style>
            <w:style w:type="paragraph" w:styleId="21"><w:name w:val="标题 2"/></w:style>
            <w:style w:type="paragraph" w:styleId="x"><w:name w:val="我的小标题"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
            <w:style w:type="paragraph" w:styleId="y"><w:name w:val="派生"/><w:basedOn w:val="x"/></w:style>
            <w:style w:type="paragraph" w:styleId="loop"><w:name w:val="loop"/><w:basedOn w:val="loop"/></w:style>
            </w:styles>"#,
        );
        assert_eq!(s.resolve(Some("1")).heading, Some(1));
        assert_eq!(s.resolve(Some("1")).size, Some(24));
        assert!(s.resolve(Some("a3")).title);
        assert!(s.resolve(Some("a3")).centered);
        assert!(s.resolve(Some("a5")).title);
        assert_eq!(s.resolve(Some("21")).heading, Some(2));
        assert_eq!(s.resolve(Some("y")).heading, Some(3));
        assert_eq!(s.resolve(None).heading, None);
        assert_eq!(s.resolve(Some("loop")).heading, None);
        assert_eq!(s.resolve(Some("missing")).heading, None);
    }
}

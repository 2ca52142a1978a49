//! Front matter found in the document itself: the title (Title style, else the first
//! centred or largest-font paragraph at the top), the author line (「城管组　高晓峰　梁志刚」,
//! 「作者：…」, 「执笔：…」) matched against the roster, 【摘要】 and 【关键词】. The paragraphs
//! used are taken out of the body.

use super::blocks::{Block, Doc, Para, Role, quote};

/// Paragraphs at the top searched for the title and author line.
const TOP: usize = 8;
/// Paragraphs searched for the abstract and keywords.
const HEAD: usize = 40;

#[derive(Debug, Default, PartialEq)]
pub struct Front {
    pub title: Option<String>,
    pub authors: Vec<String>,
    /// The author line as written, kept as a comment beside `authors`.
    pub author_line: Option<String>,
    pub abstract_: Option<String>,
    pub keywords: Vec<String>,
    pub warnings: Vec<String>,
}

/// Who may be an author: the cohort's member names, and its group names (which may lead an
/// author line and are not authors).
pub struct Roster<'a> {
    pub names: &'a [String],
    pub groups: &'a [String],
}

const AUTHOR_PREFIXES: [&str; 9] = [
    "作者",
    "执笔人",
    "执笔",
    "撰稿人",
    "撰稿",
    "调研组成员",
    "课题组成员",
    "课题组",
    "调研组",
];
const ABSTRACT_MARKS: [&str; 3] = ["内容摘要", "摘要", "提要"];
const KEYWORD_MARKS: [&str; 3] = ["关键词", "关键字", "主题词"];

/// Indices of top-level paragraphs (not tables), in order.
fn para_indices(doc: &Doc) -> Vec<usize> {
    doc.blocks
        .iter()
        .enumerate()
        .filter_map(|(i, b)| match b {
            Block::Para(p) if !p.is_empty() => Some(i),
            _ => None,
        })
        .collect()
}

/// The paragraph at `i` (indices come from `para_indices`; anything else reads as empty).
fn para(doc: &Doc, i: usize) -> &Para {
    static EMPTY: std::sync::LazyLock<Para> = std::sync::LazyLock::new(Para::default);
    match doc.blocks.get(i) {
        Some(Block::Para(p)) => p,
        _ => &EMPTY,
    }
}

pub fn extract(doc: &mut Doc, roster: &Roster) -> Front {
    let mut front = Front::default();
    let paras = para_indices(doc);
    // The top: paragraphs before the first heading (at most TOP of them).
    let first_heading = paras
        .iter()
        .position(|&i| matches!(para(doc, i).role, Role::Heading(_)))
        .unwrap_or(paras.len());
    let top: Vec<usize> = paras[..first_heading.min(TOP).min(paras.len())].to_vec();
    let mut used = Vec::new();
    // A title typed as the first paragraph in `heading 1` (centred, or the only one).
    let heading_title = paras.first().copied().filter(|&i| {
        let p = para(doc, i);
        let ones = paras
            .iter()
            .filter(|&&j| para(doc, j).style_heading == Some(1))
            .count();
        p.style_heading == Some(1) && (p.centered || ones == 1) && short(p)
    });

    let title = paras
        .iter()
        .take(HEAD)
        .copied()
        .find(|&i| para(doc, i).role == Role::Title)
        .or_else(|| {
            // The largest of the centred paragraphs (a unit name above the title is smaller).
            top.iter()
                .copied()
                .filter(|&i| para(doc, i).centered && short(para(doc, i)))
                .max_by_key(|&i| (para(doc, i).size.unwrap_or(0), std::cmp::Reverse(i)))
        })
        .or(heading_title)
        .or_else(|| largest(doc, &top));
    if let Some(i) = title {
        front.title = Some(one_line(&para(doc, i).shown()));
        used.push(i);
    }
    // The title took `heading 1`: the document's heading 2 is a section heading (`##`).
    if title.is_some() && title == heading_title {
        for b in &mut doc.blocks {
            if let Block::Para(p) = b
                && p.style_heading.is_some()
                && let Role::Heading(l) = p.role
            {
                p.role = Role::Heading(l.saturating_sub(1).max(2));
            }
        }
    }

    let head: Vec<usize> = paras.iter().take(HEAD).copied().collect();
    for (k, &i) in head.iter().enumerate() {
        if used.contains(&i) {
            continue;
        }
        let text = para(doc, i).shown();
        let abs = after_mark(&text, &ABSTRACT_MARKS).filter(|_| front.abstract_.is_none());
        let kw = after_mark(&text, &KEYWORD_MARKS).filter(|_| front.keywords.is_empty());
        let Some(rest) = abs.or(kw) else { continue };
        used.push(i);
        // A marker alone on its line: the text is the next paragraph.
        let rest = match (rest.is_empty(), head.get(k + 1)) {
            (true, Some(&j)) if !used.contains(&j) => {
                used.push(j);
                para(doc, j).shown()
            }
            _ => rest.to_string(),
        };
        if abs.is_some() {
            front.abstract_ = Some(one_line(&rest)).filter(|a| !a.is_empty());
        } else {
            front.keywords = split_keywords(&rest);
        }
    }

    for &i in &top {
        if used.contains(&i) {
            continue;
        }
        let text = para(doc, i).shown();
        if let Some(names) = author_line(&text, roster) {
            for n in &names {
                if !roster.names.contains(n) {
                    front.warnings.push(format!(
                        "作者行「{}」中的「{n}」不在本届学员名册中，按原样写入 authors；请核对姓名，或在 members.yaml 中添加该学员。",
                        quote(&text)
                    ));
                }
            }
            front.authors = names;
            front.author_line = Some(one_line(&text));
            used.push(i);
            break;
        }
    }

    used.sort_unstable();
    for &i in &used {
        let p = para(doc, i);
        if p.inlines
            .iter()
            .any(|x| matches!(x, super::blocks::Inline::Note(_)))
        {
            front.warnings.push(format!(
                "「{}」中的脚注标号随该段移入了文头，脚注内容仍在文末；请在正文中合适位置补上 [^编号]。",
                quote(&p.plain())
            ));
        }
    }
    for i in used.into_iter().rev() {
        doc.blocks.remove(i);
    }
    front
}

fn short(p: &Para) -> bool {
    let n = p.plain().trim().chars().count();
    n > 0 && n <= 60
}

/// The paragraph set in the largest font at the top, when some paragraph is set smaller.
fn largest(doc: &Doc, top: &[usize]) -> Option<usize> {
    let (i, max) = top
        .iter()
        .filter_map(|&i| para(doc, i).size.map(|s| (i, s)))
        .max_by_key(|&(i, s)| (s, std::cmp::Reverse(i)))?;
    let smaller = doc
        .blocks
        .iter()
        .any(|b| matches!(b, Block::Para(p) if !p.is_empty() && p.size.is_some_and(|s| s < max)));
    (smaller && short(para(doc, i))).then_some(i)
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text after a marker such as 【摘要】, [摘要], 摘要：, 摘　要: .
fn after_mark<'t>(text: &'t str, marks: &[&str]) -> Option<&'t str> {
    let t = text.trim_start_matches(|c: char| c.is_whitespace());
    let (open, rest) = match t.chars().next()? {
        c @ ('【' | '[' | '〖' | '（' | '(') => (Some(c), &t[c.len_utf8()..]),
        _ => (None, t),
    };
    // The marker, allowing spaces between its characters (摘　要).
    for m in marks {
        let mut r = rest;
        let mut ok = true;
        for mc in m.chars() {
            r = r.trim_start_matches(|c: char| c.is_whitespace());
            match r.strip_prefix(mc) {
                Some(x) => r = x,
                None => {
                    ok = false;
                    break;
                }
            }
        }
        if !ok {
            continue;
        }
        r = r.trim_start_matches(|c: char| c.is_whitespace());
        let r = match open {
            Some(_) => r.strip_prefix(['】', ']', '〗', '）', ')'])?,
            None => r.strip_prefix(['：', ':'])?,
        };
        let r = r.trim_start_matches(|c: char| c.is_whitespace() || c == '：' || c == ':');
        return Some(r.trim_end());
    }
    None
}

pub fn split_keywords(s: &str) -> Vec<String> {
    s.split(|c: char| "；;，,、".contains(c) || c.is_whitespace())
        .map(|k| k.trim().trim_end_matches(['。', '.']).to_string())
        .filter(|k| !k.is_empty())
        .collect()
}

/// The names of an author line, or `None` when the paragraph is not one.
fn author_line(text: &str, roster: &Roster) -> Option<Vec<String>> {
    let t = text.trim();
    if t.chars().count() > 60 {
        return None;
    }
    let (prefixed, rest) = match after_mark(t, &AUTHOR_PREFIXES) {
        Some(r) => (true, r),
        None => (false, t),
    };
    // Parenthesised notes such as （执笔） are not names.
    let mut cleaned = String::new();
    let mut depth = 0;
    for c in rest.chars() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth = (depth - 1).max(0),
            _ if depth == 0 => cleaned.push(c),
            _ => {}
        }
    }
    let raw: Vec<&str> = cleaned
        .split(|c: char| c.is_whitespace() || "、，,；;：:".contains(c))
        .filter(|s| !s.is_empty())
        .collect();
    // Two-character names padded to three with a space (「王　刚」) come apart: join them.
    let mut tokens: Vec<String> = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        let one = |s: &str| s.chars().count() == 1;
        if one(raw[i]) && i + 1 < raw.len() && one(raw[i + 1]) {
            tokens.push(format!("{}{}", raw[i], raw[i + 1]));
            i += 2;
        } else {
            tokens.push(raw[i].to_string());
            i += 1;
        }
    }
    let mut names = Vec::new();
    let mut known = 0;
    for tok in tokens {
        if roster.names.contains(&tok) {
            known += 1;
            names.push(tok);
        } else if is_affiliation(&tok, roster) {
            continue;
        } else if looks_like_name(&tok) {
            names.push(tok);
        } else {
            return None;
        }
    }
    if names.is_empty() || (!prefixed && known == 0) {
        return None;
    }
    Some(names)
}

fn is_affiliation(tok: &str, roster: &Roster) -> bool {
    roster.groups.iter().any(|g| g == tok)
        || [
            "组", "班", "办", "科", "室", "所", "站", "队", "中心", "社区", "街道", "部", "局",
            "委",
        ]
        .iter()
        .any(|s| tok.ends_with(s) && tok.chars().count() > 1)
}

fn looks_like_name(tok: &str) -> bool {
    let n = tok.chars().count();
    (2..=4).contains(&n)
        && tok
            .chars()
            .all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) || c == '·')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roster() -> (Vec<String>, Vec<String>) {
        (
            vec!["高晓峰".into(), "梁志刚".into(), "王刚".into()],
            vec!["城管组".into()],
        )
    }

    #[test]
    fn author_lines() {
        let (n, g) = roster();
        let r = Roster {
            names: &n,
            groups: &g,
        };
        assert_eq!(
            author_line("城管组　高晓峰　梁志刚", &r),
            Some(vec!["高晓峰".into(), "梁志刚".into()])
        );
        assert_eq!(
            author_line("作者：高晓峰、李某某", &r),
            Some(vec!["高晓峰".into(), "李某某".into()])
        );
        assert_eq!(
            author_line("执笔：王　刚（城管组）", &r),
            Some(vec!["王刚".into()])
        );
        assert_eq!(
            author_line("城管组：高晓峰 梁志刚", &r),
            Some(vec!["高晓峰".into(), "梁志刚".into()])
        );
        assert_eq!(author_line("青溪街道办事处", &r), None);
        assert_eq!(author_line("张三　李四", &r), None);
        assert_eq!(author_line("本文调查了老旧小区", &r), None);
    }

    #[test]
    fn marks() {
        assert_eq!(
            after_mark("【摘要】本文……", &ABSTRACT_MARKS),
            Some("本文……")
        );
        assert_eq!(after_mark("摘　要：本文", &ABSTRACT_MARKS), Some("本文"));
        assert_eq!(after_mark("[关键词] 违建", &KEYWORD_MARKS), Some("违建"));
        assert_eq!(after_mark("摘要显示", &ABSTRACT_MARKS), None);
        assert_eq!(
            split_keywords("违建治理；老旧小区，城市管理、长效管理。"),
            vec!["违建治理", "老旧小区", "城市管理", "长效管理"]
        );
    }
}

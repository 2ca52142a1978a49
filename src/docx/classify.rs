//! What each paragraph is: title, heading (from its style or outline level, else the 公文
//! outline 「一、」「（一）」「1.」 many writers type by hand), caption, or body text; and which
//! picture each 「图1 …」 caption belongs to.

use super::blocks::{Block, Doc, Inline, Para, Role};
use super::numbering::Label;

/// Longest paragraph (characters) taken for a hand-numbered heading.
const HEADING_MAX: usize = 40;

const CN_DIGITS: &str = "一二三四五六七八九十百零〇两";

pub fn classify(doc: &mut Doc) {
    for b in &mut doc.blocks {
        if let Block::Para(p) = b {
            p.role = role(p);
        }
    }
    captions(doc);
}

fn role(p: &Para) -> Role {
    if p.is_empty() {
        return Role::Body;
    }
    if p.style_title {
        return Role::Title;
    }
    if let Some(l) = p.style_heading {
        return Role::Heading((l + 1).min(6));
    }
    if p.style_caption {
        // Whether it labels a picture is decided by `captions`.
        return Role::Body;
    }
    if matches!(p.label, Some(Label::Bullet | Label::Ordered(_))) || p.has_pictures() {
        return Role::Body;
    }
    match outline_number(&p.shown(), p.all_bold()) {
        Some(l) => Role::Heading(l),
        None => Role::Body,
    }
}

/// The 公文 outline level of a hand-numbered heading: 「一、」 2, 「（一）」 3, 「1.」 (bold) 4.
pub fn outline_number(text: &str, bold: bool) -> Option<u8> {
    let t = text.trim_matches(|c: char| c.is_whitespace());
    let n = t.chars().count();
    if !(3..=HEADING_MAX).contains(&n) || t.contains('\n') {
        return None;
    }
    // A sentence is not a heading: no full stop before the end.
    let body: String = t.chars().take(n - 1).collect();
    if body.contains('。') {
        return None;
    }
    let cn_prefix = t.chars().take_while(|c| CN_DIGITS.contains(*c)).count();
    if cn_prefix > 0 && t.chars().nth(cn_prefix) == Some('、') {
        return Some(2);
    }
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(rest) = t.strip_prefix(open) {
            let k = rest.chars().take_while(|c| CN_DIGITS.contains(*c)).count();
            if k > 0 && rest.chars().nth(k) == Some(close) {
                return Some(3);
            }
        }
    }
    let d = t.chars().take_while(|c| c.is_ascii_digit()).count();
    if bold && d > 0 && d <= 2 {
        let mut rest = t.chars().skip(d);
        let sep = rest.next();
        let next = rest.next();
        if matches!(sep, Some('.' | '．' | '、')) && !next.is_some_and(|c| c.is_ascii_digit()) {
            return Some(4);
        }
    }
    None
}

/// 「图1　…」「图 2-1 …」「图一 …」
pub fn is_figure_caption(text: &str) -> bool {
    let t = text.trim();
    let Some(rest) = t.strip_prefix('图') else {
        return false;
    };
    let rest = rest.trim_start();
    rest.chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || ('０'..='９').contains(&c) || CN_DIGITS.contains(c))
        && t.chars().count() <= 80
}

/// A paragraph that can be a picture's caption: Caption style or 「图1 …」, no pictures or
/// notes of its own, not already taken.
fn caption_candidate(b: Option<&Block>) -> Option<String> {
    let Some(Block::Para(p)) = b else {
        return None;
    };
    let text = p.shown();
    let free = p.role != Role::Caption
        && !p.has_pictures()
        && !p.inlines.iter().any(|x| matches!(x, Inline::Note(_)))
        && !text.trim().is_empty();
    (free && (p.style_caption || is_figure_caption(&text))).then(|| text.trim().to_string())
}

fn only_pictures(b: Option<&Block>) -> bool {
    matches!(b, Some(Block::Para(p)) if p.only_pictures())
}

fn captions(doc: &mut Doc) {
    for i in 0..doc.blocks.len() {
        let Block::Para(p) = &doc.blocks[i] else {
            continue;
        };
        let Some(first) = p.inlines.iter().find_map(|x| match x {
            Inline::Image(k) => Some(*k),
            _ => None,
        }) else {
            continue;
        };
        // Caption typed in the picture's own paragraph, after a line break.
        let own = p.plain();
        if is_figure_caption(&own) {
            doc.pictures[first].caption = own.split_whitespace().collect::<Vec<_>>().join(" ");
            if let Block::Para(p) = &mut doc.blocks[i] {
                p.inlines.retain(|x| matches!(x, Inline::Image(_)));
            }
            continue;
        }
        if !p.only_pictures() {
            continue;
        }
        let prev = i
            .checked_sub(1)
            .and_then(|j| caption_candidate(doc.blocks.get(j)));
        let next = caption_candidate(doc.blocks.get(i + 1));
        // Captions go below pictures; one above is taken when the line below belongs to
        // the next picture (captions above throughout) or there is none below.
        let below_is_next_ones = only_pictures(doc.blocks.get(i + 2));
        let pick = match (prev, next) {
            (Some(p), Some(_)) if below_is_next_ones => Some((p, i - 1)),
            (_, Some(n)) => Some((n, i + 1)),
            (Some(p), None) => Some((p, i - 1)),
            (None, None) => None,
        };
        if let Some((text, j)) = pick {
            doc.pictures[first].caption = text;
            if let Block::Para(c) = &mut doc.blocks[j] {
                c.role = Role::Caption;
            }
        }
    }
    // A Caption-styled paragraph that labels no picture (a table title) stays body text.
    for b in &mut doc.blocks {
        if let Block::Para(p) = b
            && p.role == Role::Caption
            && !doc
                .pictures
                .iter()
                .any(|pic| pic.caption == p.shown().trim())
        {
            p.role = Role::Body;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gongwen_outline() {
        assert_eq!(outline_number("一、基本情况", false), Some(2));
        assert_eq!(outline_number("　　十二、对策建议", false), Some(2));
        assert_eq!(outline_number("（一）存量大、类型杂", false), Some(3));
        assert_eq!(outline_number("(三)拆后反弹", false), Some(3));
        assert_eq!(outline_number("1．建立巡查机制", true), Some(4));
        assert_eq!(outline_number("1.建立巡查机制", false), None);
        assert_eq!(outline_number("1.5万平方米的违建", true), None);
        assert_eq!(
            outline_number(
                "一、调研发现，违建多数形成于10年以前。有的已经转手。",
                false
            ),
            None
        );
        assert_eq!(
            outline_number("一是居民的合理需求没有得到回应", false),
            None
        );
    }

    #[test]
    fn figure_captions() {
        assert!(is_figure_caption("图1　老旧小区违建分布"));
        assert!(is_figure_caption("图 2 拆违前后对比"));
        assert!(is_figure_caption("图一 示意"));
        assert!(!is_figure_caption("图书馆建设"));
    }
}

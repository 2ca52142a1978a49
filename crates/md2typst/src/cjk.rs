//! Soft line breaks between CJK characters: joined without a space, as Chinese text is.

use crate::walk::Conv;
use pulldown_cmark::{Event, Tag};

impl Conv<'_, '_> {
    /// Whether the soft break at `i` joins two CJK characters (and so must vanish).
    pub(crate) fn cjk_join(&self, i: usize) -> bool {
        let before = self.events[..i].iter().rev().map(|(ev, _)| ev);
        let after = self.events[i + 1..].iter().map(|(ev, _)| ev);
        let (Some(a), Some(b)) = (
            adjacent_char(before, |s| s.chars().next_back()),
            adjacent_char(after, |s| s.chars().next()),
        ) else {
            return false;
        };
        (is_cjk(a) && (is_cjk(b) || is_cjk_punct(b))) || (is_cjk_punct(a) && is_cjk(b))
    }
}

/// The character nearest to a soft break in one direction, looking through inline
/// markup and footnote references.
pub(crate) fn adjacent_char<'e, 'a: 'e>(
    mut events: impl Iterator<Item = &'e Event<'a>>,
    pick: impl Fn(&str) -> Option<char>,
) -> Option<char> {
    for ev in events.by_ref() {
        match ev {
            Event::Text(t) | Event::Code(t) => return pick(t),
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. })
            | Event::End(
                pulldown_cmark::TagEnd::Emphasis
                | pulldown_cmark::TagEnd::Strong
                | pulldown_cmark::TagEnd::Strikethrough
                | pulldown_cmark::TagEnd::Link,
            )
            | Event::FootnoteReference(_) => {}
            _ => return None,
        }
    }
    None
}

/// CJK ideographs, kana, CJK punctuation and full-width forms.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF     // radicals, Kangxi
        | 0x2FF0..=0x2FFF   // ideographic description
        | 0x3000..=0x303F   // CJK symbols and punctuation
        | 0x3040..=0x30FF   // hiragana, katakana
        | 0x3100..=0x312F   // bopomofo
        | 0x3190..=0x31FF   // kanbun, bopomofo ext, strokes, katakana ext
        | 0x3200..=0x33FF   // enclosed CJK, compatibility
        | 0x3400..=0x4DBF   // extension A
        | 0x4E00..=0x9FFF   // unified ideographs
        | 0xF900..=0xFAFF   // compatibility ideographs
        | 0xFE10..=0xFE1F   // vertical forms
        | 0xFE30..=0xFE4F   // compatibility forms
        | 0xFE50..=0xFE6F   // small forms
        | 0xFF00..=0xFFEF   // half-width and full-width forms
        | 0x20000..=0x3FFFF // extensions B and later
    )
}

/// Punctuation shared with Western text that Chinese uses too (quotes, dashes,
/// ellipsis, middle dot): joins only when the other side is CJK proper.
pub(crate) fn is_cjk_punct(c: char) -> bool {
    matches!(
        c,
        '\u{2014}'
            | '\u{2015}'
            | '\u{2018}'
            | '\u{2019}'
            | '\u{201C}'
            | '\u{201D}'
            | '\u{2026}'
            | '\u{00B7}'
    )
}

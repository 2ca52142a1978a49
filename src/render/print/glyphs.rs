//! Every character prints: the fallback fonts tried after the body fonts (emoji, symbols
//! and math, rare CJK, then Typst's embedded fonts), which of them this machine has, and —
//! when a character is still in no font — an error naming the character, its code point,
//! the Markdown line it is on and a font that has it.

use crate::model::Cohort;

/// Fallback families in the order tried after the theme's body fonts, with the Debian
/// package that installs each. Typst's embedded fonts come last and need no package.
pub const FALLBACK_FONTS: [(&str, &str); 9] = [
    ("Noto Sans Math", "fonts-noto-core"),
    ("Noto Sans Symbols", "fonts-noto-core"),
    ("Noto Sans Symbols2", "fonts-noto-core"),
    ("Noto Color Emoji", "fonts-noto-color-emoji"),
    ("HanaMinA", "fonts-hanazono"),
    ("HanaMinB", "fonts-hanazono"),
    ("DejaVu Sans", "fonts-dejavu-core"),
    ("New Computer Modern", "（typst 内置）"),
    ("New Computer Modern Math", "（typst 内置）"),
];

/// The Debian packages of the fallback chain (for setup hints).
pub const FALLBACK_PACKAGES: &str = "fonts-noto-core fonts-noto-color-emoji fonts-hanazono";

/// The fallback families typst can see on this machine, in chain order. A family that is
/// not installed is left out (Typst warns about unknown families, which we treat as errors).
pub fn available(have: &[String]) -> Vec<String> {
    FALLBACK_FONTS
        .iter()
        .filter(|(f, _)| have.iter().any(|h| h == f))
        .map(|(f, _)| f.to_string())
        .collect()
}

/// A font (and its package) that has `c`, by Unicode block.
pub fn font_for(c: char) -> (&'static str, &'static str) {
    let u = c as u32;
    match u {
        0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0xFE0F => {
            ("Noto Color Emoji", "fonts-noto-color-emoji")
        }
        0x2100..=0x214F
        | 0x2200..=0x22FF
        | 0x27C0..=0x27EF
        | 0x2980..=0x2AFF
        | 0x1D400..=0x1D7FF => ("Noto Sans Math", "fonts-noto-core"),
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF => ("HanaMinA", "fonts-hanazono"),
        0x20000..=0x3FFFF => ("HanaMinB", "fonts-hanazono"),
        _ => ("Noto Sans Symbols2", "fonts-noto-core"),
    }
}

/// The character of a Typst "could not be displayed" message. Typst quotes the text as a
/// debug string: ``the text `"ℋ"` could not be displayed with font `"Noto Serif CJK SC"` ``,
/// with unprintable characters escaped (`"\u{10fffd}"`).
pub fn missing_char(message: &str) -> Option<char> {
    if !message.contains("could not be displayed") {
        return None;
    }
    let start = message.find("text `\"").map(|i| i + 7)?;
    let rest = &message[start..];
    let end = rest.find("\"`")?;
    unescape(&rest[..end]).chars().find(|c| !c.is_whitespace())
}

/// Undoes Rust's debug escaping (`\u{…}`, `\\`, `\"`, `\n`, `\t`).
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('u') if it.peek() == Some(&'{') => {
                it.next();
                let hex: String = it.by_ref().take_while(|&h| h != '}').collect();
                if let Some(ch) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    out.push(ch);
                }
            }
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// `U+210B`.
pub fn code_point(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

/// The first Markdown file and line of a cohort that contains `ch` (documents first, then
/// the cohort's YAML files), for errors Typst reports in the theme (a title from data.json).
pub fn find_in_sources(c: &Cohort, ch: char) -> Option<(String, u32, u32)> {
    for d in c.documents() {
        for (i, line) in d.text.lines().enumerate() {
            if let Some(col) = line.chars().position(|x| x == ch) {
                return Some((
                    d.rel_path.to_string_lossy().to_string(),
                    i as u32 + 1,
                    col as u32 + 1,
                ));
            }
        }
    }
    None
}

/// The message and hint for a character no font has.
pub fn explain(ch: char, have: &[String]) -> (String, String) {
    let (font, package) = font_for(ch);
    let installed = have.iter().any(|h| h == font);
    let msg = format!(
        "字符「{ch}」（{}）在印刷册的所有字体中都没有字形，无法印出",
        code_point(ch)
    );
    let hint = if installed {
        format!(
            "字体 {font} 已安装但也没有这个字：换用常见写法，或把含有该字的字体文件放入主题的 print/fonts/ 目录。"
        )
    } else {
        format!(
            "字体 {font} 有这个字：安装 Debian 软件包 {package}（./scripts/setup.sh 会自动安装），或把该字体文件放入主题的 print/fonts/ 目录；也可以换用常见写法。"
        )
    };
    (msg, hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_character_and_a_font_for_it() {
        let m = "PDF/A-2b error: the text `\"ℋ\"` could not be displayed with font `\"Noto Serif CJK SC\"`";
        assert_eq!(missing_char(m), Some('ℋ'));
        let m = "the text `\"\\u{10fffd}\"` could not be displayed with font `\"X\"`";
        assert_eq!(missing_char(m), Some('\u{10FFFD}'));
        assert_eq!(missing_char("unknown variable: x"), None);
        assert_eq!(code_point('𠮷'), "U+20BB7");
        assert_eq!(font_for('𠮷').1, "fonts-hanazono");
        assert_eq!(font_for('👍').0, "Noto Color Emoji");
        assert_eq!(font_for('ℋ').0, "Noto Sans Math");
        let have = vec!["HanaMinB".to_string(), "Noto Serif CJK SC".to_string()];
        assert_eq!(available(&have), vec!["HanaMinB".to_string()]);
    }
}

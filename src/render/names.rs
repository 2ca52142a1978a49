//! How names are set on an honour roll or member list, shared by site and booklet:
//! two-character names get a full-width space in the middle so columns align (李　丹).

/// Full-width space (U+3000).
pub const IDEOGRAPHIC_SPACE: char = '\u{3000}';

/// `李丹` → `李　丹`; other names unchanged.
pub fn padded(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    if chars.len() == 2 && chars.iter().all(|&c| crate::text::is_wide(c)) {
        format!("{}{IDEOGRAPHIC_SPACE}{}", chars[0], chars[1])
    } else {
        name.to_string()
    }
}

/// What follows a name on an honour roll: 「（department）」 and 「（女）」 as the site settings ask.
pub fn honour_extra(
    p: &crate::render::public::NamedPerson,
    settings: &crate::model::HonourRollSettings,
) -> String {
    let mut extra = String::new();
    if settings.show_department {
        extra.push_str(&format!("（{}）", p.department));
    }
    if settings.show_gender && p.female {
        extra.push_str("（女）");
    }
    extra
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pads_two_character_names_only() {
        assert_eq!(padded("李丹"), "李　丹");
        assert_eq!(padded("高晓峰"), "高晓峰");
        assert_eq!(padded("Li"), "Li");
    }
}

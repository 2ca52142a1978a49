//! File names (which become web addresses) for new reports and cases: the group id, then a
//! short pinyin transliteration of the Chinese title, e.g. 关于老旧小区违建治理的调研 →
//! `chengguan-laojiu-xiaoqu-weijian-zhili`.

/// Han characters transliterated at most; the rest of a long title is left out.
const MAX_HAN: usize = 8;
/// Longest transliteration kept (bytes, all ASCII).
const MAX_LEN: usize = 40;

/// Words that frame a title rather than name its subject.
const PREFIXES: [&str; 3] = ["关于对", "关于", "对于"];
const SUFFIXES: [&str; 12] = [
    "的调研报告",
    "的调查报告",
    "调研报告",
    "调查报告",
    "的调研",
    "的调查",
    "的思考",
    "的探索",
    "的研究",
    "的实践",
    "调研",
    "研究",
];

/// A short ASCII rendering of `title`: Han characters as tone-less pinyin, two syllables to a
/// word (most Chinese words have two characters), ASCII letters and digits kept, everything
/// else a word break. `None` when nothing usable is left.
pub fn transliterate(title: &str) -> Option<String> {
    let mut t = title.trim();
    for p in PREFIXES {
        if let Some(rest) = t.strip_prefix(p) {
            t = rest;
            break;
        }
    }
    for s in SUFFIXES {
        if let Some(rest) = t.strip_suffix(s)
            && !rest.is_empty()
        {
            t = rest;
            break;
        }
    }
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut syllables_in_word = 0;
    let mut han = 0;
    let flush = |word: &mut String, words: &mut Vec<String>, n: &mut usize| {
        if !word.is_empty() {
            words.push(std::mem::take(word));
        }
        *n = 0;
    };
    let mut last_ascii = false;
    for c in t.chars() {
        if c.is_ascii_alphanumeric() {
            if !last_ascii {
                flush(&mut word, &mut words, &mut syllables_in_word);
            }
            word.push(c.to_ascii_lowercase());
            last_ascii = true;
            continue;
        }
        if last_ascii {
            flush(&mut word, &mut words, &mut syllables_in_word);
            last_ascii = false;
        }
        match showcase_collate::pinyin(c, false) {
            Some(reading) => {
                if han == MAX_HAN {
                    break;
                }
                han += 1;
                if syllables_in_word == 2 {
                    flush(&mut word, &mut words, &mut syllables_in_word);
                }
                // Readings are letters (ü as v) and a tone digit; the digit goes.
                word.extend(reading.chars().filter(|c| c.is_ascii_lowercase()));
                syllables_in_word += 1;
            }
            None => flush(&mut word, &mut words, &mut syllables_in_word),
        }
    }
    flush(&mut word, &mut words, &mut syllables_in_word);
    let mut out = String::new();
    for w in words {
        let extra = if out.is_empty() { w.len() } else { w.len() + 1 };
        if out.len() + extra > MAX_LEN {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&w);
    }
    (!out.is_empty()).then_some(out)
}

/// Whether `s` may be used as a file name that becomes part of a web address.
pub fn is_valid(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_titles_become_short_pinyin() {
        assert_eq!(
            transliterate("关于老旧小区违建治理的调研").as_deref(),
            Some("laojiu-xiaoqu-weijian-zhili")
        );
        assert_eq!(
            transliterate("夜间市容巡查").as_deref(),
            Some("yejian-shirong-xuncha")
        );
        assert_eq!(
            transliterate("9·24暴雨中的下穿通道值守").as_deref(),
            Some("9-24-baoyu-zhongde-xiachuan-tongdao")
        );
        let s = transliterate("PPT与新媒体运用工作坊").unwrap();
        assert!(s.starts_with("ppt-"), "{s}");
        assert!(is_valid(&s), "{s}");
    }

    #[test]
    fn long_titles_are_cut_and_empty_ones_give_none() {
        let s = transliterate("关于进一步加强和改进街道社区基层党组织建设工作的若干思考").unwrap();
        assert!(s.len() <= MAX_LEN, "{s}");
        assert!(is_valid(&s), "{s}");
        assert_eq!(transliterate("——？"), None);
        assert_eq!(transliterate("调研"), Some("diaoyan".into()));
    }

    #[test]
    fn validity() {
        assert!(is_valid("qg-1-report-3"));
        assert!(!is_valid("Qg-1"));
        assert!(!is_valid("qg_1"));
        assert!(!is_valid("-x"));
        assert!(!is_valid("城管"));
    }
}

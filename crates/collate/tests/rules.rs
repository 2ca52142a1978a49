//! The collation rules on hand-picked cases and on random names.

use showcase_collate::{
    CharOverride, Collation, Options, SingleGivenName, compare, pinyin, sort, stroke_count,
    stroke_sequence, unknown_chars,
};
use std::cmp::Ordering::{self, Equal, Greater, Less};

fn opts(collation: Collation, single: SingleGivenName) -> Options {
    Options {
        collation,
        single,
        ..Options::default()
    }
}

fn sorted(names: &[&str], o: &Options) -> Vec<String> {
    let mut v: Vec<String> = names.iter().rev().map(|s| s.to_string()).collect();
    sort(&mut v, |s| s.as_str(), o);
    v
}

#[test]
fn mainland_stroke_counts() {
    for (c, n) in [
        ('之', 3),
        ('阝', 2),
        ('陈', 7),
        ('黄', 11),
        ('龚', 11),
        ('崔', 11),
        ('梁', 11),
        ('李', 7),
        ('何', 7),
        ('张', 7),
        ('王', 4),
        ('马', 3),
        ('刘', 6),
        ('德', 15),
        ('䴓', 9), // Unihan 15.0 says 15 (the traditional count)
    ] {
        assert_eq!(stroke_count(c), Some(n), "{c}");
    }
    assert_eq!(stroke_count('a'), None);
    assert_eq!(stroke_count('·'), None);
}

#[test]
fn folded_sequences() {
    for (c, s) in [
        ('之', "454"),
        ('阝', "52"),
        ('王', "1121"),
        ('井', "1132"),
        ('天', "1134"),
        ('陈', "5215234"),
        ('黄', "12212512134"),
        ('龚', "13534122134"),
        ('崔', "25232411121"),
        ('梁', "44153441234"),
        ('李', "1234521"),
        ('何', "3212512"),
        ('张', "5153154"),
        ('习', "541"),             // 提 -> 1
        ('小', "234"),             // 竖钩 -> 2
        ('心', "4544"),            // 卧钩 -> 5
        ('德', "332122522114544"), // corrected from cnchar-order's 3321325...
    ] {
        assert_eq!(stroke_sequence(c), Some(s), "{c}");
    }
}

#[test]
fn equal_counts_tie_break_by_sequence_then_code_point() {
    let o = Options::default();
    // 4 strokes: 王 1121 < 井 1132 = 开 1132 (U+4E95 < U+5F00) < 天 1134 = 夫 < 元 1135 = 无 < 五 1251.
    assert_eq!(
        sorted(&["五", "无", "元", "夫", "天", "开", "井", "王"], &o),
        ["王", "井", "开", "天", "夫", "元", "无", "五"]
    );
    // 7 strokes: 李 1… < 何 3… < 张 5153154 < 陈 5215234.
    assert_eq!(
        sorted(&["陈", "张", "何", "李"], &o),
        ["李", "何", "张", "陈"]
    );
    // 11 strokes: 黄 1221… < 龚 1353… < 崔 2… < 梁 4…
    assert_eq!(
        sorted(&["梁", "崔", "龚", "黄"], &o),
        ["黄", "龚", "崔", "梁"]
    );
    // Code-point variant: 何 U+4F55 < 张 U+5F20 < 李 U+674E < 陈 U+9648; 崔 < 梁 < 黄 < 龚.
    let cp = opts(Collation::StrokeCodepoint, SingleGivenName::BlankFirst);
    assert_eq!(
        sorted(&["陈", "张", "何", "李"], &cp),
        ["何", "张", "李", "陈"]
    );
    assert_eq!(
        sorted(&["梁", "崔", "龚", "黄"], &cp),
        ["崔", "梁", "黄", "龚"]
    );
    // Counts always come first.
    assert_eq!(
        sorted(&["黄", "王", "李", "于"], &cp),
        ["于", "王", "李", "黄"]
    );
}

#[test]
fn names_compare_character_by_character() {
    let o = Options::default();
    assert_eq!(
        sorted(&["王小明", "李四", "王五", "王大明", "马力", "张三"], &o),
        ["马力", "王五", "王大明", "王小明", "李四", "张三"]
    );
    // Same surname runs stay together even when another surname has the same count.
    assert_eq!(
        sorted(&["井一", "王二", "井三", "王一"], &o),
        ["王一", "王二", "井一", "井三"]
    );
}

#[test]
fn single_given_name_rules() {
    let blank = opts(Collation::Stroke, SingleGivenName::BlankFirst);
    let plain = opts(Collation::Stroke, SingleGivenName::ByCharacter);
    assert_eq!(compare("高富", "高大富", &blank), Less);
    assert_eq!(compare("高大富", "高富", &blank), Greater);
    assert_eq!(compare("高富", "高大富", &plain), Greater);
    assert_eq!(
        sorted(&["高大富", "高", "高富", "高一"], &blank),
        ["高", "高一", "高富", "高大富"]
    );
    assert_eq!(
        sorted(&["高大富", "高", "高富", "高一"], &plain),
        ["高", "高一", "高大富", "高富"]
    );
    // The padded form used in print compares like the bare one.
    assert_eq!(sorted(&["高大富", "高　富"], &blank), ["高　富", "高大富"]);
    // Also in the pinyin collation.
    let py = opts(Collation::Pinyin, SingleGivenName::BlankFirst);
    assert_eq!(compare("高富", "高大富", &py), Less);
    let py_plain = opts(Collation::Pinyin, SingleGivenName::ByCharacter);
    assert_eq!(compare("高富", "高大富", &py_plain), Greater);
    // Compound surnames get no special rule.
    assert_eq!(compare("欧阳娜", "欧文", &blank), Greater); // 欧+blank+文 vs 欧阳…: blank first
}

#[test]
fn spaces_and_middle_dots_are_ignored() {
    let o = Options::default();
    for (a, b) in [
        ("李　丹", "李丹"),
        ("李 丹", "李丹"),
        ("阿依古丽·买买提", "阿依古丽买买提"),
        ("阿依古丽・买买提", "阿依古丽．买买提"),
    ] {
        // Equal keys: ordered by code points, and nothing sorts between them.
        assert_ne!(compare(a, b, &o), Equal);
        assert_eq!(compare(a, "李一", &o), compare(b, "李一", &o));
        assert_eq!(compare(a, "阿", &o), compare(b, "阿", &o));
        assert!(unknown_chars(a, &o).is_empty(), "{a}");
    }
    // 巴依卡·凯力迪别克 is compared as 巴依卡凯力迪别克, not as a two-part name.
    assert_eq!(compare("巴依卡·凯力迪别克", "巴依", &o), Greater);
}

#[test]
fn unknown_characters_sort_last_and_are_reported() {
    let o = Options::default();
    let rare = '\u{20BB7}'; // 𠮷, outside the tables
    assert_eq!(stroke_count(rare), None);
    let name = format!("{rare}一");
    assert_eq!(unknown_chars(&name, &o), vec![rare]);
    assert_eq!(unknown_chars("Anna 李", &o), vec!['A', 'n', 'a']);
    assert_eq!(
        sorted(&[&name, "龘", "王一"], &o),
        ["王一", "龘", name.as_str()]
    );
    // Unknown characters among themselves: by code point.
    assert_eq!(sorted(&["B", "A", "李"], &o), ["李", "A", "B"]);

    // An override makes the character known and places it by its count.
    let mut o = Options::default();
    o.overrides.insert(
        rare,
        CharOverride {
            strokes: 6,
            sequence: Some("121251".into()),
        },
    );
    assert!(unknown_chars(&name, &o).is_empty());
    assert_eq!(
        sorted(&[&name, "刘一", "吉一", "李一"], &o),
        ["吉一", name.as_str(), "刘一", "李一"]
    );
    // Without a sequence it sorts after the characters of its count that have one.
    o.overrides.insert(
        rare,
        CharOverride {
            strokes: 6,
            sequence: None,
        },
    );
    assert_eq!(
        sorted(&[&name, "刘一", "吉一", "李一"], &o),
        ["吉一", "刘一", name.as_str(), "李一"]
    );
    // An override replaces built-in data too.
    o.overrides.insert(
        '李',
        CharOverride {
            strokes: 2,
            sequence: Some("34".into()),
        },
    );
    assert_eq!(
        sorted(&["刘一", "李一", "于一"], &o),
        ["李一", "于一", "刘一"]
    );
    // StrokeCodepoint ignores sequences.
    o.collation = Collation::StrokeCodepoint;
    assert_eq!(
        sorted(&["刘一", "李一", "于一"], &o),
        ["李一", "于一", "刘一"]
    );
}

#[test]
fn override_validation() {
    assert!(
        CharOverride {
            strokes: 3,
            sequence: Some("454".into())
        }
        .validate()
        .is_ok()
    );
    assert!(
        CharOverride {
            strokes: 3,
            sequence: None
        }
        .validate()
        .is_ok()
    );
    assert!(
        CharOverride {
            strokes: 3,
            sequence: Some("45".into())
        }
        .validate()
        .is_err()
    );
    assert!(
        CharOverride {
            strokes: 3,
            sequence: Some("456".into())
        }
        .validate()
        .is_err()
    );
}

#[test]
fn surname_readings() {
    assert_eq!(pinyin('单', true), Some("shan4"));
    assert_eq!(pinyin('单', false), Some("dan1"));
    for (c, r) in [
        ('曾', "zeng1"),
        ('区', "ou1"),
        ('解', "xie4"),
        ('仇', "qiu2"),
        ('朴', "piao2"),
        ('查', "zha1"),
        ('盖', "ge3"),
        ('覃', "qin2"),
        ('缪', "miao4"),
        ('召', "shao4"),
        ('秘', "bi4"),
        ('翟', "zhai2"),
        ('乐', "yue4"),
        ('华', "hua4"),
        ('任', "ren2"),
    ] {
        assert_eq!(pinyin(c, true), Some(r), "{c}");
    }
    assert_eq!(pinyin('吕', false), Some("lv3"));
    assert_eq!(pinyin('张', true), Some("zhang1"));
    assert_eq!(pinyin('a', false), None);
}

#[test]
fn pinyin_collation() {
    let o = opts(Collation::Pinyin, SingleGivenName::BlankFirst);
    // 单 first is shan4: after 山 (shan1), before 沈 (shen3).
    assert_eq!(
        sorted(&["沈阳", "单田芳", "山口", "丁一"], &o),
        ["丁一", "山口", "单田芳", "沈阳"]
    );
    // Not in first position it is dan1.
    assert_eq!(
        sorted(&["王单", "王丹", "王大"], &o),
        ["王大", "王丹", "王单"]
    );
    // Letters before tones: li2 < li3 < lin2.
    assert_eq!(
        sorted(&["林一", "李一", "黎一"], &o),
        ["黎一", "李一", "林一"]
    );
    // lu < lü.
    assert_eq!(sorted(&["吕一", "卢一"], &o), ["卢一", "吕一"]);
    // 曾 as a surname is zeng1: before 张 (zhang1).
    assert_eq!(sorted(&["张三", "曾志"], &o), ["曾志", "张三"]);
    assert!(unknown_chars("单田芳", &o).is_empty());
    assert_eq!(unknown_chars("Li 李", &o), vec!['L', 'i']);
}

#[test]
fn from_str_and_display() {
    for s in ["stroke", "stroke-codepoint", "pinyin"] {
        assert_eq!(s.parse::<Collation>().unwrap().to_string(), s);
    }
    for s in ["blank-first", "by-character"] {
        assert_eq!(s.parse::<SingleGivenName>().unwrap().to_string(), s);
    }
    assert!("strokes".parse::<Collation>().is_err());
    assert!(
        "blank"
            .parse::<SingleGivenName>()
            .unwrap_err()
            .to_string()
            .contains("blank-first")
    );
    let d = Options::default();
    assert_eq!(
        (d.collation, d.single),
        (Collation::Stroke, SingleGivenName::BlankFirst)
    );
}

// --- totality on random names -------------------------------------------------

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn random_names(rng: &mut Rng, n: usize) -> Vec<String> {
    // Same-count and same-sequence characters, surname readings, unknown and
    // ignored characters.
    let pool: Vec<char> = "王井开天夫元无五李何张陈黄龚崔梁单曾区解高大富一丹山沈吕卢𠮷Ab ·　"
        .chars()
        .collect();
    (0..n)
        .map(|_| {
            let len = 1 + rng.below(4);
            (0..len).map(|_| pool[rng.below(pool.len())]).collect()
        })
        .collect()
}

#[test]
fn compare_is_a_total_order() {
    let mut rng = Rng(0x1234_5678_9ABC_DEF1);
    let mut o = Options::default();
    o.overrides.insert(
        '\u{20BB7}',
        CharOverride {
            strokes: 6,
            sequence: None,
        },
    );
    for collation in [
        Collation::Stroke,
        Collation::StrokeCodepoint,
        Collation::Pinyin,
    ] {
        for single in [SingleGivenName::BlankFirst, SingleGivenName::ByCharacter] {
            o.collation = collation;
            o.single = single;
            let names = random_names(&mut rng, 60);
            for a in &names {
                assert_eq!(compare(a, a, &o), Equal);
                for b in &names {
                    let ab = compare(a, b, &o);
                    assert_eq!(ab, compare(b, a, &o).reverse(), "{a} {b}");
                    assert_eq!(ab == Equal, a == b, "{a} {b}");
                    for c in &names {
                        if ab != Greater && compare(b, c, &o) != Greater {
                            assert_ne!(
                                compare(a, c, &o),
                                Greater,
                                "{a} {b} {c} ({collation}, {single})"
                            );
                        }
                    }
                }
            }
            // sort agrees with compare and is stable for equal names.
            let mut v: Vec<(String, usize)> = names
                .iter()
                .cloned()
                .enumerate()
                .map(|(i, s)| (s, i))
                .collect();
            sort(&mut v, |x| x.0.as_str(), &o);
            for w in v.windows(2) {
                let ord: Ordering = compare(&w[0].0, &w[1].0, &o);
                assert!(ord == Less || (ord == Equal && w[0].1 < w[1].1), "{w:?}");
            }
        }
    }
}

#[test]
fn unknown_chars_lists_each_once() {
    let o = Options::default();
    assert_eq!(unknown_chars("AAB李A", &o), vec!['A', 'B']);
}

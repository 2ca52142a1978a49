//! List numbering from `numbering.xml`: which paragraphs are bullets, which are numbered, and
//! the number text Word would show (「一、」「（二）」「3.」「①」), counted as the document
//! goes, with deeper levels restarting under a new parent item.

use super::xml::Node;
use std::collections::HashMap;

#[derive(Debug, Clone, Default)]
struct Level {
    format: String,
    text: String,
    start: u32,
}

#[derive(Debug, Default)]
pub struct Numbering {
    abstracts: HashMap<String, Vec<Level>>,
    /// numId → (abstractNumId, start overrides by level).
    nums: HashMap<String, (String, HashMap<u8, u32>)>,
    /// Running counters by numId.
    counters: HashMap<String, [u32; 9]>,
}

/// How a numbered paragraph is written.
#[derive(Debug, Clone, PartialEq)]
pub enum Label {
    /// A bullet list item.
    Bullet,
    /// A Markdown ordered list item (`1.` style numbering) with its number.
    Ordered(u32),
    /// Any other numbering, written as text before the paragraph (「一、」「（1）」).
    Text(String),
}

impl Numbering {
    pub fn parse(root: Option<&Node>) -> Self {
        let mut n = Numbering::default();
        let Some(root) = root else {
            return n;
        };
        for a in root.elements().filter(|e| e.name == "abstractNum") {
            let Some(id) = a.attr("abstractNumId") else {
                continue;
            };
            let mut levels = vec![Level::default(); 9];
            for l in a.elements().filter(|e| e.name == "lvl") {
                let Some(i) = l.attr("ilvl").and_then(|v| v.parse::<usize>().ok()) else {
                    continue;
                };
                if i < 9 {
                    levels[i] = Level {
                        format: l.child_val("numFmt").unwrap_or("decimal").to_string(),
                        text: l.child_val("lvlText").unwrap_or_default().to_string(),
                        start: l
                            .child_val("start")
                            .and_then(|v| v.parse().ok())
                            .unwrap_or(1),
                    };
                }
            }
            n.abstracts.insert(id.to_string(), levels);
        }
        for num in root.elements().filter(|e| e.name == "num") {
            let (Some(id), Some(abs)) = (num.attr("numId"), num.child_val("abstractNumId")) else {
                continue;
            };
            let mut overrides = HashMap::new();
            for o in num.elements().filter(|e| e.name == "lvlOverride") {
                if let (Some(l), Some(s)) = (
                    o.attr("ilvl").and_then(|v| v.parse().ok()),
                    o.child_val("startOverride").and_then(|v| v.parse().ok()),
                ) {
                    overrides.insert(l, s);
                }
            }
            n.nums.insert(id.to_string(), (abs.to_string(), overrides));
        }
        n
    }

    fn levels(&self, num_id: &str) -> Option<(&Vec<Level>, &HashMap<u8, u32>)> {
        let (abs, over) = self.nums.get(num_id)?;
        Some((self.abstracts.get(abs)?, over))
    }

    /// Counts one paragraph numbered (numId, ilvl) and returns how to write its number;
    /// `None` for numId 0 / unknown lists / numbering with no visible text.
    pub fn next(&mut self, num_id: &str, ilvl: u8) -> Option<Label> {
        let ilvl = ilvl.min(8) as usize;
        let (levels, over) = self.levels(num_id)?;
        let levels = levels.clone();
        let start = |i: usize| over.get(&(i as u8)).copied().unwrap_or(levels[i].start);
        let starts: Vec<u32> = (0..9).map(start).collect();
        let c = self.counters.entry(num_id.to_string()).or_insert_with(|| {
            let mut z = [0; 9];
            for (i, s) in starts.iter().enumerate() {
                z[i] = s.saturating_sub(1);
            }
            z
        });
        c[ilvl] = c[ilvl].saturating_add(1);
        for (i, v) in c.iter_mut().enumerate().skip(ilvl + 1) {
            *v = starts[i].saturating_sub(1);
        }
        let lvl = &levels[ilvl];
        if lvl.format == "none" || lvl.text.is_empty() && lvl.format != "bullet" {
            return None;
        }
        if lvl.format == "bullet" {
            return Some(Label::Bullet);
        }
        if lvl.format == "decimal" && lvl.text == format!("%{}.", ilvl + 1) {
            return Some(Label::Ordered(c[ilvl]));
        }
        let mut text = String::new();
        let mut chars = lvl.text.chars().peekable();
        while let Some(ch) = chars.next() {
            if ch == '%'
                && let Some(d) = chars.peek().and_then(|d| d.to_digit(10))
                && (1..=9).contains(&d)
            {
                chars.next();
                let i = d as usize - 1;
                let f = if i == ilvl {
                    &lvl.format
                } else {
                    &levels[i].format
                };
                text.push_str(&format_number(c[i].max(1), f));
            } else {
                text.push(ch);
            }
        }
        Some(Label::Text(text))
    }
}

/// One counter value in a Word number format.
pub fn format_number(n: u32, format: &str) -> String {
    match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "ideographDigital"
        | "chineseLegalSimplified" => chinese(n),
        "ideographTraditional" => nth("甲乙丙丁戊己庚辛壬癸", n),
        "ideographZodiac" => nth("子丑寅卯辰巳午未申酉戌亥", n),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => nth("①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳", n),
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c))
            .collect(),
        "upperLetter" => letter(n).to_uppercase(),
        "lowerLetter" => letter(n),
        "upperRoman" => roman(n),
        "lowerRoman" => roman(n).to_lowercase(),
        "decimalZero" if n < 10 => format!("0{n}"),
        _ => n.to_string(),
    }
}

fn nth(list: &str, n: u32) -> String {
    (n as usize)
        .checked_sub(1)
        .and_then(|k| list.chars().nth(k))
        .map(String::from)
        .unwrap_or_else(|| n.to_string())
}

/// 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五.
pub fn chinese(n: u32) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    if n == 0 || n >= 10_000 {
        return n.to_string();
    }
    let digits = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
    let units = ["千", "百", "十", ""];
    let mut s = String::new();
    let mut zero = false;
    for (i, &d) in digits.iter().enumerate() {
        if d == 0 {
            zero = !s.is_empty();
            continue;
        }
        if zero {
            s.push('零');
            zero = false;
        }
        if !(i == 2 && d == 1 && s.is_empty()) {
            s.push_str(D[d as usize]);
        }
        s.push_str(units[i]);
    }
    s
}

fn letter(n: u32) -> String {
    let mut n = n;
    let mut out = Vec::new();
    while n > 0 {
        out.push((b'a' + ((n - 1) % 26) as u8) as char);
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

fn roman(mut n: u32) -> String {
    const T: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (v, r) in T {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numbers() {
        assert_eq!(chinese(1), "一");
        assert_eq!(chinese(10), "十");
        assert_eq!(chinese(12), "十二");
        assert_eq!(chinese(20), "二十");
        assert_eq!(chinese(105), "一百零五");
        assert_eq!(chinese(110), "一百一十");
        assert_eq!(format_number(3, "decimalEnclosedCircle"), "③");
        assert_eq!(format_number(28, "upperLetter"), "AB");
        assert_eq!(format_number(14, "lowerRoman"), "xiv");
    }

    #[test]
    fn counts_and_restarts() {
        let root = super::super::xml::parse(
            r#"<w:numbering xmlns:w="w">
            <w:abstractNum w:abstractNumId="0">
              <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
              <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
              <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
            </w:abstractNum>
            <w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum>
            <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
            <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
            </w:numbering>"#,
        )
        .unwrap();
        let mut n = Numbering::parse(Some(&root));
        assert_eq!(n.next("1", 0), Some(Label::Text("一、".into())));
        assert_eq!(n.next("1", 1), Some(Label::Text("（一）".into())));
        assert_eq!(n.next("1", 1), Some(Label::Text("（二）".into())));
        assert_eq!(n.next("1", 2), Some(Label::Ordered(1)));
        assert_eq!(n.next("1", 0), Some(Label::Text("二、".into())));
        assert_eq!(n.next("1", 1), Some(Label::Text("（一）".into())));
        assert_eq!(n.next("2", 0), Some(Label::Bullet));
        assert_eq!(n.next("0", 0), None);
    }
}

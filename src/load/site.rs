//! site.yaml: site title, issuing body, base URL, honour-roll layout and print settings.

use super::reader::{Fields, Reader};
use super::yaml::Node;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Collation, HonourRollSettings, Paper, PrintSettings, SingleGivenName, Site};
use crate::source::FileId;

pub fn read(node: &Node, file: FileId, diags: &mut Diagnostics) -> Site {
    let mut r = Reader::new(file, diags);
    let mut site = Site::default();
    let Some(f) = r.fields(
        node,
        "总设置",
        &[
            "title",
            "issuer",
            "base_url",
            "honour_roll",
            "print",
            "theme",
        ],
    ) else {
        return site;
    };
    site.title = r
        .req_str(&f, "title", "总设置")
        .map(|t| t.value)
        .unwrap_or_default();
    site.issuer = r
        .req_str(&f, "issuer", "总设置")
        .map(|t| t.value)
        .unwrap_or_default();
    site.base_url = match r.opt_str(&f, "base_url") {
        Some(b) if valid_base_url(&b.value) => b.value,
        Some(b) => {
            r.diags.push(
                Diagnostic::error(b.pos, format!("网站地址 base_url「{}」无效", b.value))
                    .hint("写网站所在的路径（如 / 或 /showcase/），或完整网址（如 https://www.example.gov.cn/showcase/）；不能含空格、引号或其他协议。")
                    .width(b.value.chars().count()),
            );
            "/".into()
        }
        None => "/".into(),
    };
    if let Some(h) = f.get("honour_roll") {
        site.honour_roll = honour_roll(&mut r, h);
    }
    site.print = print(&mut r, f.get("print"), &PrintSettings::default());
    // Which themes exist depends on the project folder: the command that uses the theme
    // checks the name (and lists the available ones); here only its form.
    site.theme = r.opt_str(&f, "theme").and_then(|t| {
        if t.value.chars().any(|c| c.is_control() || c == '"') {
            r.diags.push(
                Diagnostic::error(t.pos, format!("主题 theme「{}」无效", t.value))
                    .hint("写内置主题名 default 或 gongwen，或项目 themes/ 下的主题文件夹名。")
                    .width(t.value.chars().count()),
            );
            return None;
        }
        Some(t.value)
    });
    site
}

fn honour_roll(r: &mut Reader, node: &Node) -> HonourRollSettings {
    let mut s = HonourRollSettings::default();
    let allowed = [
        "collation",
        "single_given_name",
        "show_department",
        "show_gender",
    ];
    let Some(f) = r.fields(node, "表彰名单设置", &allowed) else {
        return s;
    };
    if let Some(v) = pick(r, &f, "collation", &COLLATIONS) {
        s.collation = v;
    }
    if let Some(v) = pick(r, &f, "single_given_name", &SINGLE_GIVEN_NAMES) {
        s.single_given_name = v;
    }
    if let Some(v) = r.opt_bool(&f, "show_department") {
        s.show_department = v.value;
    }
    if let Some(v) = r.opt_bool(&f, "show_gender") {
        s.show_gender = v.value;
    }
    s
}

const COLLATIONS: [(&str, Collation); 3] = [
    ("stroke", Collation::Stroke),
    ("stroke-codepoint", Collation::StrokeCodepoint),
    ("pinyin", Collation::Pinyin),
];
const SINGLE_GIVEN_NAMES: [(&str, SingleGivenName); 2] = [
    ("blank-first", SingleGivenName::BlankFirst),
    ("by-character", SingleGivenName::ByCharacter),
];

/// One of the named values of `key` (a bad name is reported by [`Reader::choice`]).
fn pick<T: Copy>(r: &mut Reader, f: &Fields, key: &str, table: &[(&str, T)]) -> Option<T> {
    let names: Vec<&str> = table.iter().map(|(n, _)| *n).collect();
    let v = r.choice(f, key, &names)?;
    table.iter().find(|(n, _)| *n == v.value).map(|(_, t)| *t)
}

/// Print settings over a base (the site's, or the defaults for the site itself).
pub fn print(r: &mut Reader, node: Option<&Node>, base: &PrintSettings) -> PrintSettings {
    let mut p = base.clone();
    let Some(node) = node else { return p };
    let allowed = [
        "paper",
        "margin_inside",
        "margin_outside",
        "body_size",
        "bleed",
        "pdf_standard",
        "paper_thickness",
        "pages_multiple_of",
        "cover_image",
        "cover_color",
        "accent_color",
    ];
    let Some(f): Option<Fields> = r.fields(node, "印刷设置", &allowed) else {
        return p;
    };
    if let Some(v) = r.choice(&f, "paper", &Paper::NAMES) {
        p.paper = Paper::parse(&v.value).unwrap_or(p.paper);
    }
    if let Some(v) = r.length(&f, "margin_inside", "mm") {
        p.margin_inside_mm = v.value;
    }
    if let Some(v) = r.length(&f, "margin_outside", "mm") {
        p.margin_outside_mm = v.value;
    }
    if let Some(v) = r.length(&f, "body_size", "pt") {
        if (7.0..=16.0).contains(&v.value) {
            p.body_size_pt = v.value;
        } else {
            r.diags.push(
                crate::diag::Diagnostic::error(v.pos, format!("正文字号 {}pt 不合常规", v.value))
                    .hint("常用 10.5pt（五号）或 12pt（小四）。"),
            );
        }
    }
    if let Some(v) = r.length(&f, "bleed", "mm") {
        p.bleed_mm = v.value;
    }
    if let Some(v) = r.choice(
        &f,
        "pdf_standard",
        &["a-2b", "a-3b", "a-2u", "a-3u", "a-4", "1.7", "2.0"],
    ) {
        p.pdf_standard = Some(v.value);
    }
    if let Some(v) = r.length(&f, "paper_thickness", "mm") {
        if v.value > 0.0 && v.value <= 1.0 {
            p.paper_thickness_mm = v.value;
        } else {
            r.diags.push(
                crate::diag::Diagnostic::error(v.pos, format!("纸张厚度 {}mm 不合常规", v.value))
                    .hint("80 克胶版纸约 0.1mm，写作 paper_thickness: 0.1mm。"),
            );
        }
    }
    if let Some(v) = r.opt_u32(&f, "pages_multiple_of") {
        if (1..=64).contains(&v.value) {
            p.pages_multiple_of = v.value;
        } else {
            r.diags.push(
                crate::diag::Diagnostic::error(v.pos, format!("页数倍数 {} 不合常规", v.value))
                    .hint("骑马钉写 4，胶装按印张写 16 或 32。"),
            );
        }
    }
    if let Some(v) = r.opt_str(&f, "cover_image") {
        p.cover_image = Some(v);
    }
    for key in ["cover_color", "accent_color"] {
        if let Some(v) = r.opt_str(&f, key) {
            let hex = v.value.trim();
            let ok = hex.len() == 7
                && hex.starts_with('#')
                && hex[1..].chars().all(|c| c.is_ascii_hexdigit());
            if ok {
                let s = Some(hex.to_ascii_lowercase());
                if key == "cover_color" {
                    p.cover_color = s;
                } else {
                    p.accent_color = s;
                }
            } else {
                r.diags.push(
                    crate::diag::Diagnostic::error(v.pos, format!("颜色「{}」写法不对", v.value))
                        .hint("写成井号加六位十六进制数，并加引号，如 \"#8b1a1a\"。"),
                );
            }
        }
    }
    p
}

/// `base_url` ends up in links of every page: only a path (`/`, `/showcase/`) or an
/// http(s) address, nothing a browser would run or send to another host (`//host`).
pub fn valid_base_url(s: &str) -> bool {
    let rest = if let Some(r) = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
    {
        let host = r.split('/').next().unwrap_or("");
        if host.is_empty() {
            return false;
        }
        r
    } else if s.starts_with('/') && !s.starts_with("//") {
        s
    } else {
        return false;
    };
    rest.chars()
        .all(|c| c.is_alphanumeric() || "-._~/:%@!$&()*+,;=".contains(c))
        && !rest.contains("..")
}

#[cfg(test)]
mod tests {
    use super::valid_base_url;

    #[test]
    fn base_url_is_a_path_or_a_web_address() {
        for ok in [
            "/",
            "/showcase/",
            "https://www.example.gov.cn/showcase/",
            "http://10.0.0.5:8080/",
        ] {
            assert!(valid_base_url(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)//",
            "//evil.example/",
            "data:text/html,x",
            "showcase/",
            "/a\"onmouseover=\"x",
            "/a b/",
            "https:///x",
            "/../",
            "",
        ] {
            assert!(!valid_base_url(bad), "{bad}");
        }
    }
}

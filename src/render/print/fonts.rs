//! Font roles a print theme declares in `print/fonts.yaml` (optional): per role (标题, 正文,
//! 黑体, 楷体…) the families in order of preference, the last a free font. Only the installed
//! ones reach Typst (`data.fonts.roles.<key>`), so a theme can prefer fonts a machine may
//! lack without Typst's "unknown font family" (which the build treats as an error), and
//! `showcase doctor` can say which one each role gets.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// One role of `print/fonts.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// Name in `data.fonts.roles` (`title`, `body`…).
    pub key: String,
    /// What the role is, for messages: 「正文（仿宋）」.
    pub label: String,
    /// Families in order of preference.
    pub fonts: Vec<String>,
    /// The Debian package of the free family, for install hints.
    #[serde(default)]
    pub package: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    roles: Vec<Role>,
}

/// The fonts a booklet's `data.json` carries: the glyph fallback chain and each role's
/// installed families.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FontSet {
    pub fallback: Vec<String>,
    pub roles: BTreeMap<String, Vec<String>>,
}

/// The roles of the theme folder `theme` (none when none of its layers has a
/// `print/fonts.yaml`; the nearest one counts, whole).
pub fn roles(theme: &Path) -> Result<Vec<Role>, String> {
    let Some(path) = crate::theme::Theme::open(theme)?.file("print/fonts.yaml") else {
        return Ok(Vec::new());
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(format!("无法读取 {}：{e}", path.display())),
    };
    let m: Manifest = serde_saphyr::from_str(&text).map_err(|e| {
        format!(
            "{} 格式有误：{e}（每个角色写 key、label、fonts，可选 package，见 docs/themes.md）",
            path.display()
        )
    })?;
    if let Some(r) = m.roles.iter().find(|r| r.fonts.is_empty()) {
        return Err(format!(
            "{} 中字体角色 {} 没有列出字体",
            path.display(),
            r.label
        ));
    }
    Ok(m.roles)
}

/// The installed families of one role, in its order of preference.
pub fn installed<'a>(role: &'a Role, have: &[String]) -> Vec<&'a str> {
    role.fonts
        .iter()
        .filter(|f| have.iter().any(|h| h == *f))
        .map(String::as_str)
        .collect()
}

/// Each role's installed families; an error names every role with none installed and
/// what to install.
pub fn resolve(roles: &[Role], have: &[String]) -> Result<BTreeMap<String, Vec<String>>, String> {
    let mut out = BTreeMap::new();
    let mut missing = Vec::new();
    for r in roles {
        let got = installed(r, have);
        if got.is_empty() {
            missing.push(format!(
                "{}（{} 都未安装{}）",
                r.label,
                r.fonts.join("、"),
                r.package
                    .as_deref()
                    .map(|p| format!("，请安装 Debian 软件包 {p}"))
                    .unwrap_or_default()
            ));
        }
        out.insert(r.key.clone(), got.into_iter().map(str::to_string).collect());
    }
    if missing.is_empty() {
        Ok(out)
    } else {
        Err(format!(
            "印刷主题的字体角色没有可用的字体：{}。也可把字体文件放入主题的 print/fonts/ 目录。",
            missing.join("；")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme(yaml: &str) -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(d.path().join("print")).unwrap();
        std::fs::write(d.path().join("print/fonts.yaml"), yaml).unwrap();
        d
    }

    #[test]
    fn keeps_only_installed_families_in_order() {
        let d = theme(
            "roles:\n  - key: body\n    label: 正文（仿宋）\n    fonts: [FangSong, FZFangSong-Z02S, Noto Serif CJK SC]\n    package: fonts-noto-cjk\n",
        );
        let roles = roles(d.path()).unwrap();
        let have = vec![
            "Noto Serif CJK SC".to_string(),
            "FZFangSong-Z02S".to_string(),
        ];
        let got = resolve(&roles, &have).unwrap();
        assert_eq!(got["body"], ["FZFangSong-Z02S", "Noto Serif CJK SC"]);
        let e = resolve(&roles, &["LXGW WenKai".to_string()]).unwrap_err();
        assert!(e.contains("正文（仿宋）"), "{e}");
        assert!(e.contains("fonts-noto-cjk"), "{e}");
    }

    #[test]
    fn a_theme_without_roles_has_none_and_a_bad_file_is_named() {
        let d = tempfile::tempdir().unwrap();
        assert!(roles(d.path()).unwrap().is_empty());
        let d = theme("roles:\n  - key: body\n    fonts: [X]\n    colour: red\n");
        let e = roles(d.path()).unwrap_err();
        assert!(e.contains("fonts.yaml"), "{e}");
    }

    #[test]
    fn the_gongwen_theme_ends_every_role_with_a_required_free_font() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/gongwen");
        let roles = roles(&dir).unwrap();
        let keys: Vec<&str> = roles.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys, ["title", "body", "hei", "kai"]);
        for r in &roles {
            let last = r.fonts.last().unwrap();
            assert!(
                super::super::runner::REQUIRED_FONTS.contains(&last.as_str()),
                "{} ends with {last}",
                r.key
            );
        }
    }
}

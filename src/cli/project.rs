//! Where the project is, wherever a command runs: like Zola, commands walk up from the
//! current folder to the first folder holding `content/site.yaml`, and resolve the content,
//! theme and output folders against it. A theme is named by `--theme` or `theme:` in
//! site.yaml (else `default`); a project without `themes/<name>/` uses the built-in theme
//! of that name embedded in the binary, written once (flattened) into the user's cache folder
//! (see [`crate::theme`]).

use crate::scaffold::theme::{builtin, builtin_names};
use std::path::{Path, PathBuf};

/// The nearest folder at or above `start` that holds `content/site.yaml`.
pub fn find_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|d| d.join("content").join("site.yaml").is_file())
        .map(Path::to_path_buf)
}

/// The project folder of a content folder: its parent (`<project>/content`).
pub fn root_of_content(content: &Path) -> PathBuf {
    let abs = std::path::absolute(content).unwrap_or_else(|_| content.to_path_buf());
    abs.parent().map(Path::to_path_buf).unwrap_or(abs)
}

/// The folder of the theme `choice` — a name or a folder, from `--theme` or `theme:` in
/// site.yaml. A bare name (no `/`) means the project's `themes/<name>/` when it has one,
/// else the built-in theme of that name (written out to the cache on first use), else a
/// folder of that name in the current folder; anything else is a folder.
pub fn resolve_theme(project: &Path, choice: &str) -> Result<PathBuf, String> {
    let bare =
        !choice.is_empty() && !choice.contains(['/', '\\']) && choice != "." && choice != "..";
    if bare {
        let own = project.join("themes").join(choice);
        if own.is_dir() {
            return Ok(own);
        }
        if builtin(choice).is_some() {
            return crate::theme::builtin_dir(choice, &crate::theme::cache_dir(project))
                .map_err(|e| format!("无法准备内置主题 {choice}：{e}"));
        }
    }
    let dir = PathBuf::from(choice);
    if dir.is_dir() {
        return Ok(dir);
    }
    Err(format!(
        "找不到主题「{choice}」。可用的主题：{}",
        available_themes(project)
    ))
}

/// The themes a project can name, for messages: the built-in ones and the project's own
/// `themes/*/` folders — 「default、gongwen（内置）；mine（themes/mine/）」.
pub fn available_themes(project: &Path) -> String {
    let mut own: Vec<String> = std::fs::read_dir(project.join("themes"))
        .map(|rd| {
            rd.flatten()
                .filter(|e| e.path().is_dir())
                .filter_map(|e| e.file_name().to_str().map(str::to_string))
                .filter(|n| builtin(n).is_none())
                .collect()
        })
        .unwrap_or_default();
    own.sort();
    let mut s = format!("{}（内置）", builtin_names());
    if !own.is_empty() {
        let list: Vec<String> = own.iter().map(|n| format!("{n}（themes/{n}/）")).collect();
        s.push('；');
        s.push_str(&list.join("、"));
    }
    s
}

/// The `theme:` of the project's site.yaml with its line, when it names one. A site.yaml
/// that can't be read or parsed gives `None`: loading reports that file's problems.
pub fn site_theme(content: &Path) -> Option<(String, u64)> {
    #[derive(serde::Deserialize)]
    struct Site {
        theme: Option<serde_saphyr::Spanned<String>>,
    }
    let text = std::fs::read_to_string(content.join("site.yaml")).ok()?;
    let site: Site = serde_saphyr::from_str(&text).ok()?;
    let t = site.theme?;
    Some((t.value.trim().to_string(), t.referenced.line()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_project_from_a_sub_folder() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(d.path().join("content/cohorts/2017/reports")).unwrap();
        std::fs::write(d.path().join("content/site.yaml"), "title: x\n").unwrap();
        let deep = d.path().join("content/cohorts/2017/reports");
        assert_eq!(find_root(&deep).as_deref(), Some(d.path()));
        assert_eq!(find_root(d.path()).as_deref(), Some(d.path()));
        let other = tempfile::tempdir().unwrap();
        assert_eq!(find_root(other.path()), None);
    }

    #[test]
    fn a_bare_name_prefers_the_projects_own_theme_folder() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(d.path().join("themes/default")).unwrap();
        std::fs::create_dir_all(d.path().join("themes/mine")).unwrap();
        assert_eq!(
            resolve_theme(d.path(), "default").unwrap(),
            d.path().join("themes/default")
        );
        assert_eq!(
            resolve_theme(d.path(), "mine").unwrap(),
            d.path().join("themes/mine")
        );
        let dir = d.path().join("themes/mine").display().to_string();
        assert_eq!(resolve_theme(d.path(), &dir).unwrap(), PathBuf::from(&dir));
        let e = resolve_theme(d.path(), "gongwenn").unwrap_err();
        assert!(e.contains("「gongwenn」"), "{e}");
        assert!(
            e.contains("default、gongwen（内置）；mine（themes/mine/）"),
            "{e}"
        );
    }

    #[test]
    fn reads_the_theme_of_site_yaml_with_its_line() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(
            d.path().join("site.yaml"),
            "title: x\nissuer: y\ntheme: gongwen\n",
        )
        .unwrap();
        assert_eq!(site_theme(d.path()), Some(("gongwen".into(), 3)));
        std::fs::write(d.path().join("site.yaml"), "title: x\n").unwrap();
        assert_eq!(site_theme(d.path()), None);
    }
}

//! What changed since the last rebuild, from the watcher's list of changed files: content,
//! page templates, print theme, booklets; and the one-line description the terminal shows.

use std::path::{Path, PathBuf};

/// What changed since the last rebuild.
#[derive(Default)]
pub struct Changes {
    pub content: bool,
    pub templates: bool,
    pub print: bool,
    pub booklets: bool,
    /// Changed files, relative, for the message.
    pub files: Vec<String>,
    pub first: bool,
}

impl Changes {
    pub fn everything() -> Changes {
        Changes {
            content: true,
            templates: true,
            print: true,
            first: true,
            ..Changes::default()
        }
    }

    /// `layers`: the theme folder and its parents (see [`crate::theme`]).
    pub fn classify(paths: &[PathBuf], content: &Path, layers: &[PathBuf]) -> Changes {
        let mut c = Changes::default();
        for p in paths {
            if let Ok(rel) = p.strip_prefix(content) {
                c.content = true;
                c.files.push(rel.to_string_lossy().replace('\\', "/"));
            } else if let Some(rel) = layers.iter().find_map(|l| p.strip_prefix(l).ok()) {
                if rel.starts_with("print") {
                    c.print = true;
                } else if rel == Path::new(crate::theme::MANIFEST) {
                    // Another parent: anything may differ.
                    c.print = true;
                    c.templates = true;
                } else {
                    c.templates = true;
                }
                c.files
                    .push(format!("主题 {}", rel.to_string_lossy().replace('\\', "/")));
            }
        }
        c
    }

    pub fn describe(&self) -> String {
        if self.first {
            return "首次生成".into();
        }
        let mut parts = Vec::new();
        match self.files.len() {
            0 => {}
            1..=3 => parts.push(format!("{} 有变化", self.files.join("、"))),
            n => parts.push(format!("{}等 {n} 个文件有变化", self.files[..2].join("、"))),
        }
        if self.booklets {
            parts.push("印刷册已更新".into());
        }
        parts.join("；")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_classified_by_folder() {
        let c = Changes::classify(
            &[
                PathBuf::from("content/cohorts/2017/reports/a.md"),
                PathBuf::from("themes/default/print/booklet.typ"),
            ],
            Path::new("content"),
            &[
                PathBuf::from("themes/gongwen"),
                PathBuf::from("themes/default"),
            ],
        );
        assert!(c.content && c.print && !c.templates);
        assert_eq!(
            c.describe(),
            "cohorts/2017/reports/a.md、主题 print/booklet.typ 有变化"
        );
    }
}

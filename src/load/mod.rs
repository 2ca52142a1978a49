//! Load: walk the content folder, read every file as UTF-8 text (refusing symlinks, paths
//! that leave the folder, other encodings and oversized files), and turn YAML and Markdown
//! into the [`Content`] model. Problems become diagnostics; loading never stops early.

mod activities;
pub mod cache;
mod cohort;
mod document;
mod edition;
mod files;
mod honours;
pub mod images;
pub mod reader;
mod roster;
mod site;
pub mod yaml;
mod yaml_block;
mod yaml_fast;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Content;
use crate::source::FileId;
use std::path::{Path, PathBuf};

pub use document::{markdown_options, split_front_matter};
pub use files::stays_inside as resolve_inside;

/// Files larger than this are refused (a pasted image or a wrong file, never a real text).
pub const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024;

/// Reads the whole content folder. The returned content holds everything that could be read;
/// `diags` holds every problem found on the way.
pub fn load(root: &Path, diags: &mut Diagnostics) -> Content {
    let mut content = Content {
        root: root.to_path_buf(),
        ..Content::default()
    };
    if !root.is_dir() {
        diags.push(
            Diagnostic::file_error(root.display().to_string(), 1, 1, "找不到内容目录")
                .hint("用 --content 指定内容目录，或在含有 content/ 的文件夹中运行。"),
        );
        return content;
    }
    let mut ld = Loader {
        root: root.to_path_buf(),
        content: &mut content,
        diags,
    };
    ld.load_all();
    content
}

/// Shared state while loading.
pub(crate) struct Loader<'a> {
    pub root: PathBuf,
    pub content: &'a mut Content,
    pub diags: &'a mut Diagnostics,
}

impl Loader<'_> {
    fn load_all(&mut self) {
        let tree = files::scan(&self.root, self.diags);
        if let Some(site) = tree.site {
            if let Some((id, node)) = self.read_yaml(&site) {
                self.content.site = site::read(&node, id, self.diags);
            }
        } else {
            self.diags.push(
                Diagnostic::file_error("site.yaml", 1, 1, "缺少总设置文件 site.yaml")
                    .hint("在内容目录下新建 site.yaml，至少写上 title 和 issuer，格式见 docs/content-format.md 第 2 节。"),
            );
        }
        for dir in tree.cohorts {
            if let Some(c) = cohort::load(self, &dir) {
                self.content.cohorts.push(c);
            }
        }
        self.content.cohorts.sort_by_key(|c| c.year);
    }

    /// Reads a text file into the source map; reports unreadable or non-UTF-8 files.
    pub fn read_text(&mut self, rel: &Path) -> Option<FileId> {
        let text = files::read_text(&self.root, rel, self.diags)?;
        Some(self.content.sources.add(rel.to_path_buf(), text))
    }

    /// Reads and parses a YAML file.
    pub fn read_yaml(&mut self, rel: &Path) -> Option<(FileId, yaml::Node)> {
        let id = self.read_text(rel)?;
        let text = &self.content.sources.get(id).text;
        if !files::check_tabs(text, id, self.diags) {
            return None;
        }
        match yaml::parse(text, id, 0) {
            Ok(n) => Some((id, n)),
            Err(d) => {
                self.diags.push(d);
                None
            }
        }
    }
}

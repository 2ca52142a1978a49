//! File-system edge of the loader: find the content files (walkdir), refuse symlinks and
//! anything outside the content folder, read text as UTF-8 with helpful encoding errors.

use crate::diag::{Diagnostic, Diagnostics};
use crate::source::{FileId, Pos};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use walkdir::WalkDir;

/// The content folder as found on disk.
#[derive(Debug, Default)]
pub struct Tree {
    pub site: Option<PathBuf>,
    pub cohorts: Vec<CohortDir>,
}

#[derive(Debug)]
pub struct CohortDir {
    /// `cohorts/2017`
    pub rel: PathBuf,
    /// Files below it, relative to the content root, sorted.
    pub files: Vec<PathBuf>,
    /// Entries below it that are never published ([`super::images::unpublished`]), in
    /// folder order: found in this walk, so `check` need not walk the folder again.
    pub unpublished: Vec<(PathBuf, super::images::Unpublished)>,
}

fn rel_display(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// Walks the content folder. Symlinks are refused (they may point outside the folder).
pub fn scan(root: &Path, diags: &mut Diagnostics) -> Tree {
    let mut tree = Tree::default();
    let mut walker = WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let p = err
                    .path()
                    .map(|p| rel_display(p.strip_prefix(root).unwrap_or(p)))
                    .unwrap_or_default();
                diags.push(
                    Diagnostic::file_error(p, 1, 1, format!("无法读取：{err}"))
                        .hint("检查文件权限，或把该文件移出内容目录。"),
                );
                continue;
            }
        };
        let Ok(rel) = entry.path().strip_prefix(root) else {
            continue;
        };
        if rel.as_os_str().is_empty() {
            continue;
        }
        let rel = rel.to_path_buf();
        let is_file = entry.file_type().is_file();
        // The cohort folder this entry is inside of (not the cohort folder itself).
        let cohort = tree
            .cohorts
            .last_mut()
            .filter(|c| rel.starts_with(&c.rel) && rel != c.rel);
        if is_hidden(entry.file_name()) {
            // Hidden entries are never read; a hidden folder is not walked.
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            if let Some(c) = cohort {
                c.unpublished
                    .push((rel, super::images::Unpublished::Hidden));
            }
            continue;
        }
        if let Some(c) = cohort
            && is_file
            && let Ok(inner) = rel.strip_prefix(&c.rel)
            && let Some(why) = super::images::unpublished(inner, true)
        {
            c.unpublished.push((rel.clone(), why));
        }
        if entry.path_is_symlink() {
            diags.push(
                Diagnostic::file_error(
                    rel_display(&rel),
                    1,
                    1,
                    "内容目录中不允许使用符号链接（快捷方式）",
                )
                .hint("符号链接可能指向内容目录以外的文件。请把实际文件复制到这里，再删除链接。"),
            );
            continue;
        }
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        match parts.as_slice() {
            [f] if is_file && f == "site.yaml" => tree.site = Some(rel),
            [d] if d == "cohorts" && !is_file => {}
            [d, _] if d == "cohorts" && !is_file => tree.cohorts.push(CohortDir {
                rel,
                files: Vec::new(),
                unpublished: Vec::new(),
            }),
            [d, f] if d == "cohorts" && is_file => diags.push(
                Diagnostic::file_error(
                    rel_display(&rel),
                    1,
                    1,
                    format!("cohorts 目录下的文件「{f}」不属于任何一届"),
                )
                .hint("每届资料放在以年份命名的文件夹中，如 cohorts/2017/。"),
            ),
            [d, _y, ..] if d == "cohorts" && is_file => {
                if let Some(c) = tree.cohorts.last_mut()
                    && rel.starts_with(&c.rel)
                {
                    c.files.push(rel);
                }
            }
            _ => {}
        }
    }
    tree
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

/// True when a relative reference stays inside the content folder (no `..` above the root,
/// no absolute paths).
pub fn stays_inside(base_dir: &Path, reference: &str) -> Option<PathBuf> {
    let r = Path::new(reference);
    if r.is_absolute() || reference.starts_with('/') || reference.contains(':') {
        return None;
    }
    let mut out = base_dir.to_path_buf();
    for c in r.components() {
        match c {
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            _ => return None,
        }
    }
    Some(out)
}

/// Reads a file as UTF-8 text (a UTF-8 BOM is dropped). Reports size, encoding and I/O
/// problems with the position of the first bad byte.
pub fn read_text(root: &Path, rel: &Path, diags: &mut Diagnostics) -> Option<String> {
    read_checked(root, rel, diags).map(|(text, _)| text)
}

/// [`read_text`] as a shared text; in the live preview from [`super::cache`] when the file
/// has not changed since it was last read.
pub fn read_shared(root: &Path, rel: &Path, diags: &mut Diagnostics) -> Option<Arc<str>> {
    let full = root.join(rel);
    if super::cache::on()
        && let Ok(meta) = std::fs::symlink_metadata(&full)
        && !meta.file_type().is_symlink()
        && meta.len() <= super::MAX_FILE_BYTES
        && let Some(stamp) = super::cache::stamp(&meta)
        && let Some(text) = super::cache::text(&full, stamp)
    {
        return Some(text);
    }
    let before = diags.list.len();
    let (text, meta) = read_checked(root, rel, diags)?;
    let text: Arc<str> = Arc::from(text);
    // Only a text read without remarks: the remarks would be lost on the next reuse.
    if super::cache::on()
        && diags.list.len() == before
        && let Some(stamp) = super::cache::stamp(&meta)
    {
        super::cache::keep_text(&full, stamp, &text);
    }
    Some(text)
}

fn read_checked(
    root: &Path,
    rel: &Path,
    diags: &mut Diagnostics,
) -> Option<(String, std::fs::Metadata)> {
    let shown = rel_display(rel);
    let full = root.join(rel);
    let meta = match std::fs::symlink_metadata(&full) {
        Ok(m) => m,
        Err(e) => {
            diags.push(
                Diagnostic::file_error(&shown, 1, 1, format!("无法读取文件：{e}"))
                    .hint("确认文件存在且有读取权限。"),
            );
            return None;
        }
    };
    if meta.file_type().is_symlink() {
        diags.push(
            Diagnostic::file_error(&shown, 1, 1, "内容目录中不允许使用符号链接（快捷方式）")
                .hint("请把实际文件复制到这里，再删除链接。"),
        );
        return None;
    }
    if meta.len() > super::MAX_FILE_BYTES {
        diags.push(
            Diagnostic::file_error(
                &shown,
                1,
                1,
                format!("文件过大（{:.1} MB），超过 {} MB 的上限", meta.len() as f64 / 1_048_576.0, super::MAX_FILE_BYTES / 1_048_576),
            )
            .hint("文字资料通常只有几十 KB：检查是否误粘贴了图片或表格数据；图片请另存到 images/ 文件夹再引用。"),
        );
        return None;
    }
    let bytes = match std::fs::read(&full) {
        Ok(b) => b,
        Err(e) => {
            diags.push(
                Diagnostic::file_error(&shown, 1, 1, format!("无法读取文件：{e}"))
                    .hint("确认文件有读取权限。"),
            );
            return None;
        }
    };
    decode(&bytes, &shown, diags).map(|t| (t, meta))
}

/// A carriage return not followed by a line feed (old Mac line ends, or one stray byte) is
/// a line break to the YAML parser and to editors: make it one in the text too, so every
/// line:column we print and every line we quote agree with the parser's.
fn lone_cr_as_newline(s: &str) -> String {
    if !s.contains('\r') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() != Some(&'\n') {
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

/// UTF-8 decoding with a diagnosis of the usual wrong encodings.
pub fn decode(bytes: &[u8], shown: &str, diags: &mut Diagnostics) -> Option<String> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        diags.push(
            Diagnostic::file_error(shown, 1, 1, "文件是 UTF-16 编码，不是 UTF-8")
                .hint("用记事本打开，“另存为”时编码选择“UTF-8”。"),
        );
        return None;
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Some(lone_cr_as_newline(s)),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let good = std::str::from_utf8(good).unwrap_or_default();
            let (line, col) = crate::source::line_col(good, good.len());
            let gbk = encoding_rs::GBK
                .decode_without_bom_handling_and_without_replacement(bytes)
                .is_some();
            let (msg, hint) = if gbk {
                (
                    "文件不是 UTF-8 编码，看起来是 GBK（Windows 中文默认编码）",
                    "用记事本打开，“另存为”时编码选择“UTF-8”；或运行 iconv -f GBK -t UTF-8 原文件 > 新文件。",
                )
            } else {
                (
                    "文件不是有效的 UTF-8 文本",
                    "确认这是文本文件；用记事本“另存为”并选择 UTF-8 编码。",
                )
            };
            diags.push(Diagnostic::file_error(shown, line, col, msg).hint(hint));
            None
        }
    }
}

/// YAML does not allow tabs in indentation: report each such line with its column.
pub fn check_tabs(text: &str, file: FileId, diags: &mut Diagnostics) -> bool {
    let mut ok = true;
    for (i, line) in text.lines().enumerate() {
        let indent: String = line.chars().take_while(|c| c.is_whitespace()).collect();
        if let Some(col) = indent.chars().position(|c| c == '\t') {
            ok = false;
            diags.push(
                Diagnostic::error(
                    Pos::new(file, i as u32 + 1, col as u32 + 1),
                    "缩进中使用了 Tab 字符",
                )
                .hint("YAML 只能用空格缩进：把这一行开头的 Tab 换成空格（每级两个空格）。")
                .root_cause(),
            );
        }
    }
    ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_walk_lists_what_a_cohort_never_publishes() {
        let d = tempfile::tempdir().expect("tempdir");
        for p in [
            "site.yaml",
            ".git/config",
            "cohorts/.DS_Store",
            "cohorts/2017/cohort.yaml",
            "cohorts/2017/images/a.png",
            "cohorts/2017/images/.env",
            "cohorts/2017/images/.git/config",
            "cohorts/2017/images/roster.yaml",
            "cohorts/2017/reports/.DS_Store",
            "cohorts/2017/reports/r.md",
            "cohorts/2018/.hidden/x.md",
            "cohorts/2018/cohort.yaml",
        ] {
            let f = d.path().join(p);
            std::fs::create_dir_all(f.parent().expect("parent")).expect("mkdir");
            std::fs::write(f, b"x").expect("write");
        }
        let mut diags = Diagnostics::default();
        let tree = scan(d.path(), &mut diags);
        let listed = |i: usize| -> Vec<(String, super::super::images::Unpublished)> {
            tree.cohorts[i]
                .unpublished
                .iter()
                .map(|(p, u)| (rel_display(p), *u))
                .collect()
        };
        use super::super::images::Unpublished::{Hidden, NotAnImage};
        assert_eq!(
            listed(0),
            [
                ("cohorts/2017/images/.env".to_string(), Hidden),
                ("cohorts/2017/images/.git".to_string(), Hidden),
                ("cohorts/2017/images/roster.yaml".to_string(), NotAnImage),
                ("cohorts/2017/reports/.DS_Store".to_string(), Hidden),
            ]
        );
        assert_eq!(listed(1), [("cohorts/2018/.hidden".to_string(), Hidden)]);
        // Hidden entries are never read as content.
        let files: Vec<String> = tree.cohorts[0]
            .files
            .iter()
            .map(|p| rel_display(p))
            .collect();
        assert!(files.iter().all(|f| !f.contains("/.")), "{files:?}");
        assert!(diags.list.is_empty(), "{:?}", diags.list);
    }

    #[test]
    fn a_lone_carriage_return_is_a_line_break() {
        assert_eq!(lone_cr_as_newline("a\rb\r\nc\r"), "a\nb\r\nc\n");
        assert_eq!(lone_cr_as_newline("甲\r\n乙"), "甲\r\n乙");
    }

    #[test]
    fn gbk_bytes_are_diagnosed_with_position() {
        let mut d = Diagnostics::default();
        let (gbk, _, _) = encoding_rs::GBK.encode("title: 调研\n");
        let mut bytes = b"year: 2017\n".to_vec();
        bytes.extend_from_slice(&gbk);
        assert!(decode(&bytes, "x.yaml", &mut d).is_none());
        let diag = &d.list[0];
        assert!(diag.message.contains("GBK"), "{}", diag.message);
        assert_eq!(diag.path.as_deref(), Some("x.yaml:2:8"));
    }

    #[test]
    fn bom_is_dropped() {
        let mut d = Diagnostics::default();
        assert_eq!(
            decode("\u{feff}a: 1".as_bytes(), "x", &mut d).as_deref(),
            Some("a: 1")
        );
    }

    #[test]
    fn references_must_stay_inside() {
        let base = Path::new("cohorts/2017/reports");
        assert_eq!(
            stays_inside(base, "../images/a.png"),
            Some(PathBuf::from("cohorts/2017/images/a.png"))
        );
        assert_eq!(stays_inside(base, "../../../../etc/passwd"), None);
        assert_eq!(stays_inside(base, "/etc/passwd"), None);
    }
}

//! Source files and positions: every loaded file is kept here so that diagnostics and
//! ledger entries can point at `file:line:column` and quote the offending line.

use std::path::{Path, PathBuf};

/// Index of a file in the [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FileId(pub u32);

/// A position in a source file: 1-based line and 1-based column (in characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Pos {
    pub file: FileId,
    pub line: u32,
    pub col: u32,
}

impl Pos {
    pub fn new(file: FileId, line: u32, col: u32) -> Self {
        Pos { file, line, col }
    }
    /// The start of a file (used when a problem concerns a file as a whole).
    pub fn file_start(file: FileId) -> Self {
        Pos {
            file,
            line: 1,
            col: 1,
        }
    }
}

/// A value together with the place it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Located<T> {
    pub value: T,
    pub pos: Pos,
}

impl<T> Located<T> {
    pub fn new(value: T, pos: Pos) -> Self {
        Located { value, pos }
    }
}

impl Located<String> {
    pub fn as_str(&self) -> &str {
        &self.value
    }
}

/// One loaded file: its path relative to the content root and its text.
#[derive(Debug)]
pub struct SourceFile {
    pub rel_path: PathBuf,
    /// Shared with the documents loaded from it (no second copy of a report's text).
    pub text: std::sync::Arc<str>,
    /// Byte offsets of line starts, built on first use (quoting a line is then O(1), so
    /// printing N problems of one file is linear, not N × lines).
    line_starts: std::sync::OnceLock<Vec<usize>>,
}

/// All files read while loading the content folder.
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    pub fn add(&mut self, rel_path: PathBuf, text: impl Into<std::sync::Arc<str>>) -> FileId {
        self.files.push(SourceFile {
            rel_path,
            text: text.into(),
            line_starts: std::sync::OnceLock::new(),
        });
        FileId((self.files.len() - 1) as u32)
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn path(&self, id: FileId) -> &Path {
        &self.get(id).rel_path
    }

    /// Display form of a position: `cohorts/2017/members.yaml:12:5`.
    pub fn display_pos(&self, pos: Pos) -> String {
        format!("{}:{}:{}", self.path(pos.file).display(), pos.line, pos.col)
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, pos: Pos) -> Option<&str> {
        let file = self.files.get(pos.file.0 as usize)?;
        let starts = file.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(file.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let i = pos.line.checked_sub(1)? as usize;
        let start = *starts.get(i)?;
        if start >= file.text.len() && i > 0 {
            return None;
        }
        let end = starts.get(i + 1).map_or(file.text.len(), |e| e - 1);
        Some(file.text[start..end].trim_end_matches('\r'))
    }
}

/// Converts a byte offset in `text` to a 1-based (line, column-in-chars) pair.
pub fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() as u32 + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let col = before[line_start..].chars().count() as u32 + 1;
    (line, col)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_text_matches_lines() {
        let mut m = SourceMap::default();
        let text = "a\r\n\n第三行\nlast";
        let f = m.add(PathBuf::from("x"), text);
        for (i, l) in text.lines().enumerate() {
            let got = m.line_text(Pos::new(f, i as u32 + 1, 1));
            assert_eq!(got, Some(l.trim_end_matches('\r')), "line {}", i + 1);
        }
        assert_eq!(m.line_text(Pos::new(f, 5, 1)), None);
        assert_eq!(m.line_text(Pos::new(f, 0, 1)), None);
        let g = m.add(PathBuf::from("y"), "ends\n");
        assert_eq!(m.line_text(Pos::new(g, 1, 1)), Some("ends"));
        assert_eq!(m.line_text(Pos::new(g, 2, 1)), None);
    }

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let t = "甲乙\n丙丁x";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 3), (1, 2));
        assert_eq!(line_col(t, 7), (2, 1));
        assert_eq!(line_col(t, 13), (2, 3));
        assert_eq!(line_col(t, 999), (2, 4));
    }
}

//! Helpers shared by the whole-program tests: copy the sample content into a temporary
//! folder, run the `showcase` binary on it, and read the diagnostics it prints back into
//! structured form so tests can assert on message, location and hint.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The sample content folder of the repository.
pub fn sample_content() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content")
}

/// The binary built by cargo for this test run (built once, shared by every test).
pub fn showcase_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_showcase"))
}

/// Recursive copy of a folder of plain files and folders. Symlinks are copied as symlinks
/// (the sample has none; the tests add their own).
pub fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap_or_else(|e| panic!("create {}: {e}", dst.display()));
    let mut entries: Vec<_> = std::fs::read_dir(src)
        .unwrap_or_else(|e| panic!("read {}: {e}", src.display()))
        .map(|e| e.expect("dir entry"))
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let from = e.path();
        let to = dst.join(e.file_name());
        let ft = e.file_type().expect("file type");
        if ft.is_dir() {
            copy_dir(&from, &to);
        } else if ft.is_symlink() {
            let target = std::fs::read_link(&from).expect("read link");
            symlink(&target, &to);
        } else {
            std::fs::copy(&from, &to)
                .unwrap_or_else(|e| panic!("copy {} -> {}: {e}", from.display(), to.display()));
        }
    }
}

#[cfg(unix)]
pub fn symlink(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link)
        .unwrap_or_else(|e| panic!("symlink {} -> {}: {e}", link.display(), target.display()));
}

#[cfg(not(unix))]
pub fn symlink(_target: &Path, _link: &Path) {
    panic!("symlink tests need a Unix file system");
}

/// A fresh copy of the sample content in a temporary folder. Keep the returned guard alive
/// while the copy is in use; the content folder is `guard.path().join("content")`.
pub struct Workspace {
    pub dir: tempfile::TempDir,
}

impl Workspace {
    pub fn new() -> Self {
        let dir = tempfile::Builder::new()
            .prefix("showcase-test-")
            .tempdir()
            .expect("tempdir");
        copy_dir(&sample_content(), &dir.path().join("content"));
        Workspace { dir }
    }
    pub fn content(&self) -> PathBuf {
        self.dir.path().join("content")
    }
    /// Absolute path of a file inside the content copy.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.content().join(rel)
    }
    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let p = self.path(rel);
        if let Some(d) = p.parent() {
            std::fs::create_dir_all(d).expect("create parent");
        }
        std::fs::write(&p, bytes).unwrap_or_else(|e| panic!("write {}: {e}", p.display()));
    }
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }
    /// Replaces the single occurrence of `old` in a file (panics if it occurs zero or
    /// several times, so a changed sample fails loudly instead of silently testing nothing).
    pub fn replace(&self, rel: &str, old: &str, new: &str) {
        let text = self.read(rel);
        let n = text.matches(old).count();
        assert_eq!(
            n, 1,
            "{rel}: expected exactly one occurrence of {old:?}, found {n}"
        );
        self.write(rel, text.replacen(old, new, 1));
    }
    pub fn remove(&self, rel: &str) {
        let p = self.path(rel);
        if p.is_dir() {
            std::fs::remove_dir_all(&p).expect("remove dir");
        } else {
            std::fs::remove_file(&p).unwrap_or_else(|e| panic!("remove {rel}: {e}"));
        }
    }
    pub fn check(&self) -> Run {
        run_showcase(&["check", "--content", &self.content().to_string_lossy()])
    }
}

/// The outcome of one run of the binary.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn diagnostics(&self) -> Vec<Diag> {
        parse_diagnostics(&self.stderr)
    }
    /// Error and warning counts from the summary line of `check`.
    pub fn summary_counts(&self) -> Option<(usize, usize)> {
        let line = self.stdout.lines().find(|l| l.contains("个错误"))?;
        let nums: Vec<usize> = line
            .rsplit('；')
            .next()?
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .filter_map(|s| s.parse().ok())
            .collect();
        match nums.as_slice() {
            [e, w] => Some((*e, *w)),
            _ => None,
        }
    }
}

pub fn run_showcase(args: &[&str]) -> Run {
    let out = Command::new(showcase_bin())
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run showcase");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// One diagnostic as printed by `showcase check`.
#[derive(Debug, Clone)]
pub struct Diag {
    pub severity: Severity,
    pub message: String,
    /// `file:line:col` as printed on the `-->` line.
    pub location: String,
    /// The quoted source line (`  12 | text`), when printed.
    pub quoted: Option<(u32, String)>,
    pub hint: Option<String>,
}

impl Diag {
    /// `(path, line, col)` when the location has that form.
    pub fn parsed_location(&self) -> Option<(String, u32, u32)> {
        let mut it = self.location.rsplitn(3, ':');
        let col = it.next()?.parse().ok()?;
        let line = it.next()?.parse().ok()?;
        let path = it.next()?.to_string();
        Some((path, line, col))
    }
}

impl std::fmt::Display for Diag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sev = match self.severity {
            Severity::Error => "错误",
            Severity::Warning => "警告",
        };
        write!(f, "{sev}: {} @ {}", self.message, self.location)?;
        if let Some(h) = &self.hint {
            write!(f, " [建议: {h}]")?;
        }
        Ok(())
    }
}

/// Reads the rendered diagnostics back: a header `错误: …` / `警告: …`, the `  --> loc` line
/// right after it, an optional quoted line and an optional `= 修改建议：…` hint.
pub fn parse_diagnostics(stderr: &str) -> Vec<Diag> {
    let lines: Vec<&str> = stderr.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i];
        let (severity, message) = if let Some(m) = l.strip_prefix("错误: ") {
            (Severity::Error, m)
        } else if let Some(m) = l.strip_prefix("警告: ") {
            (Severity::Warning, m)
        } else {
            i += 1;
            continue;
        };
        let location = lines
            .get(i + 1)
            .and_then(|n| n.trim_start().strip_prefix("--> "))
            .unwrap_or("")
            .to_string();
        let mut d = Diag {
            severity,
            message: message.to_string(),
            location,
            quoted: None,
            hint: None,
        };
        i += 2;
        while i < lines.len() && !lines[i].is_empty() {
            let t = lines[i].trim_start();
            if let Some(h) = t.strip_prefix("= 修改建议：") {
                // A hint may run over several lines (an example block): keep them all.
                let mut hint = h.to_string();
                while i + 1 < lines.len()
                    && !lines[i + 1].is_empty()
                    && !lines[i + 1].starts_with("错误: ")
                    && !lines[i + 1].starts_with("警告: ")
                {
                    i += 1;
                    hint.push('\n');
                    hint.push_str(lines[i]);
                }
                d.hint = Some(hint);
            } else if let Some((num, rest)) = t.split_once(" | ")
                && let Ok(n) = num.trim().parse::<u32>()
            {
                d.quoted = Some((n, rest.to_string()));
            } else if let Some(num) = t.strip_suffix(" |")
                && let Ok(n) = num.trim().parse::<u32>()
            {
                // An empty source line is printed as `12 |`.
                d.quoted = Some((n, String::new()));
            }
            i += 1;
        }
        out.push(d);
    }
    out
}

/// Checks that every diagnostic points at a real place: the file exists in `content`, the
/// line and column are inside it, and the quoted line is that line of the file. Returns the
/// problems found (empty when all is well).
pub fn locations_are_real(content: &Path, diags: &[Diag]) -> Vec<String> {
    let mut problems = Vec::new();
    for d in diags {
        if d.location.is_empty() {
            problems.push(format!("no `-->` location line: {d}"));
            continue;
        }
        let Some((path, line, col)) = d.parsed_location() else {
            problems.push(format!("location is not file:line:col: {d}"));
            continue;
        };
        if line == 0 || col == 0 {
            problems.push(format!("0-based position: {d}"));
        }
        let full = content.join(&path);
        let Ok(meta) = std::fs::symlink_metadata(&full) else {
            // A missing required file is reported at the place it should be.
            if !d.message.contains("缺少") {
                problems.push(format!("location names a file that does not exist: {d}"));
            }
            continue;
        };
        if !meta.is_file() {
            continue;
        }
        let Ok(bytes) = std::fs::read(&full) else {
            continue;
        };
        let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(&bytes);
        let Ok(text) = std::str::from_utf8(bytes) else {
            // Undecodable files: the position is that of the first bad byte, checked by the
            // encoding cases themselves.
            continue;
        };
        let file_lines: Vec<&str> = text.lines().map(|l| l.trim_end_matches('\r')).collect();
        let max_line = file_lines.len().max(1) as u32;
        // A problem at the end of a file may sit on the line after the last newline.
        if line > max_line + 1 {
            problems.push(format!(
                "line {line} is past the end of {path} ({max_line} lines): {d}"
            ));
            continue;
        }
        let src = file_lines.get(line as usize - 1).copied().unwrap_or("");
        let len = src.chars().count() as u32;
        if col > len + 1 {
            problems.push(format!(
                "column {col} is past the end of line {line} ({len} characters): {d}"
            ));
        }
        if let Some((qn, q)) = &d.quoted {
            // Tabs print as spaces; other control characters as U+FFFD (never raw).
            let expected: String = src
                .chars()
                .take(160)
                .map(|c| match c {
                    '\t' => ' ',
                    c if c.is_control() => '\u{FFFD}',
                    c => c,
                })
                .collect();
            if *qn != line || q.trim_end() != expected.trim_end() {
                problems.push(format!(
                    "quoted line {qn} {q:?} is not line {line} of {path} {expected:?}: {d}"
                ));
            }
        }
    }
    problems
}

/// Everything that must hold for any run: no panic, no Rust backtrace noise, a summary line.
pub fn assert_sane(run: &Run, what: &str) {
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("RUST_BACKTRACE"),
        "{what}: the program panicked:\n{}",
        run.stderr
    );
    assert!(
        run.code.is_some(),
        "{what}: killed by a signal (stack overflow?)\n{}",
        run.stderr
    );
}

/// The theme the whole-program booklet tests build with: `SHOWCASE_TEST_THEME`, else the
/// repository's default theme.
pub fn test_theme() -> PathBuf {
    std::env::var_os("SHOWCASE_TEST_THEME")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"))
}

/// The folder of a built-in theme for tests parametrised over themes: `default` is
/// [`test_theme`], any other name the repository's `themes/<name>/`.
pub fn theme_dir(name: &str) -> PathBuf {
    match name {
        "default" => test_theme(),
        _ => Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("themes")
            .join(name),
    }
}

/// Runs each named test body (a `fn(&str)` taking a theme name) once per built-in theme, as
/// `<name>::default_theme` and `<name>::gongwen_theme`.
#[macro_export]
macro_rules! for_each_theme {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[test]
                fn default_theme() {
                    super::$name("default")
                }
                #[test]
                fn gongwen_theme() {
                    super::$name("gongwen")
                }
            }
        )*
    };
}

/// The sample content built (site and booklets) with the built-in theme `theme`, once per
/// theme and test binary: the booklet tests share one build instead of compiling it again.
pub fn sample_booklet_build(theme: &str) -> &'static Path {
    use std::sync::OnceLock;
    static DEFAULT: OnceLock<tempfile::TempDir> = OnceLock::new();
    static GONGWEN: OnceLock<tempfile::TempDir> = OnceLock::new();
    let cell = match theme {
        "gongwen" => &GONGWEN,
        _ => &DEFAULT,
    };
    cell.get_or_init(|| {
        let d = tempfile::tempdir().unwrap();
        build_booklet_with_ok(&sample_content(), d.path(), &theme_dir(theme));
        d
    })
    .path()
}

/// `showcase build` (site and booklets) of `content` into `out` with [`test_theme`].
pub fn build_booklet(content: &Path, out: &Path) -> std::process::Output {
    build_booklet_with(content, out, &test_theme())
}

/// `showcase build` (site and booklets) of `content` into `out` with the theme folder `theme`.
pub fn build_booklet_with(content: &Path, out: &Path, theme: &Path) -> std::process::Output {
    Command::new(showcase_bin())
        .arg("build")
        .arg("--content")
        .arg(content)
        .arg("--out")
        .arg(out)
        .arg("--theme")
        .arg(theme)
        .output()
        .expect("run showcase")
}

/// [`build_booklet`], which must succeed.
pub fn build_booklet_ok(content: &Path, out: &Path) {
    build_booklet_with_ok(content, out, &test_theme());
}

/// [`build_booklet_with`], which must succeed.
pub fn build_booklet_with_ok(content: &Path, out: &Path, theme: &Path) {
    let o = build_booklet_with(content, out, theme);
    assert!(
        o.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Standard output of a poppler tool (pdfinfo, pdffonts…) run on `file`.
pub fn tool(name: &str, args: &[&str], file: &Path) -> String {
    let o = Command::new(name)
        .args(args)
        .arg(file)
        .output()
        .unwrap_or_else(|e| panic!("{name} not available ({e}); run scripts/setup.sh --test"));
    assert!(
        o.status.success(),
        "{name} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// pdftotext of a PDF (with extra arguments, e.g. pages), all whitespace (incl. U+3000)
/// removed so wrapped lines compare.
pub fn pdftotext(pdf: &Path, args: &[&str]) -> String {
    let o = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .args(args)
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils; run scripts/setup.sh --test)");
    String::from_utf8_lossy(&o.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// [`pdftotext`] of the whole PDF.
pub fn pdf_text(pdf: &Path) -> String {
    pdftotext(pdf, &[])
}

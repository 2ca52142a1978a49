//! The typst CLI runner: find the binary (TYPST env, PATH, cargo's bin folder), check its
//! version and the fonts the theme needs up front, compile with a timeout in a clean root
//! (Typst's embedded fonts stay available as the last glyph fallback),
//! and turn Typst's short diagnostics into ours — font and glyph warnings count as errors.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub const REQUIRED_MINOR: &str = "0.15.";
pub const REQUIRED_FONTS: [&str; 3] = ["Noto Serif CJK SC", "Noto Sans CJK SC", "LXGW WenKai"];
/// How to install typst on this platform.
#[cfg(windows)]
pub const INSTALL_HINT: &str =
    "把随软件包提供的 typst.exe 放在 showcase.exe 同一文件夹（或 PATH 中的文件夹）里";
#[cfg(not(windows))]
pub const INSTALL_HINT: &str =
    "运行 ./scripts/setup.sh 安装（或 cargo install typst-cli --locked --version 0.15.1）";

/// How to install the body fonts on this platform.
#[cfg(windows)]
pub const FONT_HINT: &str = "安装思源宋体/思源黑体（Noto Serif CJK SC、Noto Sans CJK SC）和霞鹜文楷（LXGW WenKai）：双击字体文件选“为所有用户安装”，或把字体文件放入主题的 print/fonts/ 目录";
#[cfg(target_os = "macos")]
pub const FONT_HINT: &str = "用“字体册”安装思源宋体/思源黑体（Noto Serif CJK SC、Noto Sans CJK SC）和霞鹜文楷（LXGW WenKai），或把字体文件放入主题的 print/fonts/ 目录";
#[cfg(not(any(windows, target_os = "macos")))]
pub const FONT_HINT: &str = "安装 Debian 软件包 fonts-noto-cjk 和 fonts-lxgw-wenkai（./scripts/setup.sh 会自动安装），或把字体文件放入主题的 print/fonts/ 目录";

#[derive(Debug, Clone)]
pub struct Typst {
    pub path: PathBuf,
    pub version: String,
}

/// One line of Typst output, parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct TypstDiag {
    pub file: String,
    pub line: u32,
    pub col: u32,
    pub error: bool,
    pub message: String,
}

/// Finds typst: `$TYPST`, then beside the showcase binary (the packaged folder), then PATH
/// (`which` knows `typst.exe` and PATHEXT on Windows), then cargo's bin folder in the home
/// folder (`dirs`: `HOME` is unset on Windows); checks it is 0.15.x.
pub fn find() -> Result<Typst, String> {
    let path = candidates()
        .into_iter()
        .find(|p| p.is_file())
        .ok_or_else(|| format!("找不到 typst 排版程序，无法生成印刷册。{INSTALL_HINT}；或用环境变量 TYPST 指定其路径。"))?;
    let out = Command::new(&path)
        .arg("--version")
        .output()
        .map_err(|e| format!("无法运行 {}：{e}", path.display()))?;
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let version = text.split_whitespace().nth(1).unwrap_or("").to_string();
    if !version.starts_with(REQUIRED_MINOR) {
        return Err(format!(
            "{} 的版本是「{}」，印刷册需要 typst 0.15.x。{INSTALL_HINT}",
            path.display(),
            text.trim()
        ));
    }
    Ok(Typst { path, version })
}

/// Where typst may be, best first.
pub fn candidates() -> Vec<PathBuf> {
    let exe = format!("typst{}", std::env::consts::EXE_SUFFIX);
    let mut v: Vec<PathBuf> = Vec::new();
    if let Some(p) = std::env::var_os("TYPST") {
        v.push(PathBuf::from(p));
    }
    if let Some(dir) = std::env::current_exe()
        .ok()
        .and_then(|e| e.parent().map(Path::to_path_buf))
    {
        v.push(dir.join(&exe));
    }
    if let Ok(p) = which::which("typst") {
        v.push(p);
    }
    if let Some(home) = dirs::home_dir() {
        v.push(home.join(".cargo").join("bin").join(&exe));
    }
    v
}

/// Font families typst can see (system fonts plus `font_paths`).
pub fn fonts(t: &Typst, font_paths: &[PathBuf]) -> Result<Vec<String>, String> {
    let mut cmd = Command::new(&t.path);
    cmd.arg("fonts");
    for p in font_paths {
        cmd.arg("--font-path").arg(p);
    }
    let out = cmd
        .output()
        .map_err(|e| format!("无法运行 typst fonts：{e}"))?;
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect())
}

/// Every required font must be present (in `have`, from [`fonts`]); the error names the
/// missing ones and how to install. The fallback chain ([`super::glyphs`]) is optional.
pub fn check_fonts(have: &[String]) -> Result<(), String> {
    let missing: Vec<&str> = REQUIRED_FONTS
        .iter()
        .copied()
        .filter(|f| !have.iter().any(|h| h == f))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "缺少印刷册所需字体：{}。请{FONT_HINT}。",
            missing.join("、")
        ))
    }
}

pub struct CompileJob<'a> {
    pub root: &'a Path,
    pub main: &'a str,
    pub pdf: &'a Path,
    pub font_paths: &'a [PathBuf],
    pub pdf_standard: Option<&'a str>,
    /// Unix time used for the PDF's dates (reproducible output).
    pub epoch: i64,
    pub timeout: Duration,
    /// `--input key=value` pairs the theme reads from `sys.inputs`.
    pub inputs: Vec<(&'a str, String)>,
}

/// Compiles; returns all diagnostics. Err only when typst could not run or timed out.
pub fn compile(t: &Typst, job: &CompileJob) -> Result<(bool, Vec<TypstDiag>), String> {
    // Run inside the root so typst reports paths relative to it (`reports/x.typ:3:0`).
    let pdf = std::path::absolute(job.pdf)
        .map_err(|e| format!("无效的输出路径 {}：{e}", job.pdf.display()))?;
    let mut cmd = Command::new(&t.path);
    cmd.current_dir(job.root)
        .arg("compile")
        .arg("--root")
        .arg(".")
        .arg("--diagnostic-format")
        .arg("short");
    for p in job.font_paths {
        cmd.arg("--font-path")
            .arg(std::path::absolute(p).unwrap_or_else(|_| p.clone()));
    }
    for (k, v) in &job.inputs {
        cmd.arg("--input").arg(format!("{k}={v}"));
    }
    if let Some(s) = job.pdf_standard {
        cmd.arg("--pdf-standard").arg(s);
    }
    cmd.arg(job.main)
        .arg(&pdf)
        .env("SOURCE_DATE_EPOCH", job.epoch.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // A build killed outright (kill -9, a closed terminal) takes typst with it instead of
    // leaving it to run into a staging folder that the next build removes.
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::process::CommandExt;
        // SAFETY: prctl only sets this child's parent-death signal; it allocates nothing
        // and is async-signal-safe, as pre_exec requires.
        unsafe {
            cmd.pre_exec(|| {
                libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
                Ok(())
            });
        }
    }
    let mut child = cmd.spawn().map_err(|e| format!("无法启动 typst：{e}"))?;
    let mut stderr = child.stderr.take();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        if let Some(e) = stderr.as_mut() {
            let _ = e.read_to_string(&mut s);
        }
        s
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break s,
            Ok(None) if started.elapsed() > job.timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "typst 排版超过 {} 秒仍未完成，已中止。",
                    job.timeout.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(format!("等待 typst 时出错：{e}")),
        }
    };
    let text = reader.join().unwrap_or_default();
    let diags = parse_diagnostics(&text, Path::new("./"));
    let ok = status.success() && !diags.iter().any(|d| d.error);
    Ok((ok, diags))
}

/// Parses `file:line:col: error|warning: message`; hint lines join the message before them.
/// Warnings about fonts or glyphs become errors (a missing font silently drops Chinese text).
pub fn parse_diagnostics(text: &str, root: &Path) -> Vec<TypstDiag> {
    let root_s = root.to_string_lossy().to_string();
    let mut out: Vec<TypstDiag> = Vec::new();
    for line in text.lines() {
        if let Some(d) = parse_line(line, &root_s) {
            out.push(d);
        } else if let Some(last) = out.last_mut() {
            let l = line.trim();
            if !l.is_empty() {
                last.message.push('；');
                last.message.push_str(l);
            }
        } else if !line.trim().is_empty() {
            out.push(TypstDiag {
                file: String::new(),
                line: 0,
                col: 0,
                error: true,
                message: line.trim().to_string(),
            });
        }
    }
    for d in &mut out {
        let m = d.message.to_lowercase();
        if m.contains("font") || m.contains("glyph") {
            d.error = true;
        }
    }
    out
}

fn parse_line(line: &str, root: &str) -> Option<TypstDiag> {
    for (marker, error) in [(": error: ", true), (": warning: ", false)] {
        if let Some(i) = line.find(marker) {
            let head = &line[..i];
            let message = line[i + marker.len()..].to_string();
            let mut parts = head.rsplitn(3, ':');
            let col = parts.next()?.trim().parse().ok()?;
            let ln = parts.next()?.trim().parse().ok()?;
            let file = parts.next()?.to_string();
            let file = file
                .strip_prefix(root)
                .unwrap_or(&file)
                .trim_start_matches('/')
                .to_string();
            return Some(TypstDiag {
                file,
                line: ln,
                col,
                error,
                message,
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typst_is_looked_for_under_the_platform_name() {
        let exe = format!("typst{}", std::env::consts::EXE_SUFFIX);
        let c = candidates();
        assert!(
            c.iter()
                .any(|p| p.ends_with(std::path::Path::new(".cargo").join("bin").join(&exe))),
            "{c:?}"
        );
    }

    #[test]
    fn parses_short_diagnostics_and_promotes_font_warnings() {
        let t = "/b/reports/x.typ:3:0: error: unclosed delimiter\n/b/booklet.typ:1:5: warning: unknown font family: noto\nhint: check\n";
        let d = parse_diagnostics(t, Path::new("/b"));
        assert_eq!(d.len(), 2);
        assert_eq!(
            (d[0].file.as_str(), d[0].line, d[0].col, d[0].error),
            ("reports/x.typ", 3, 0, true)
        );
        assert!(d[1].error, "font warning must be an error");
        assert!(d[1].message.ends_with("hint: check"));
    }
}

//! The output folder (`--out`): who owns it, who may write it, and how a whole build replaces
//! the previous one.
//!
//! **Ownership.** showcase writes a marker file `.showcase-output` into every output folder it
//! creates. A folder that exists, is not empty and has no marker is refused before anything is
//! written (it may be a project folder: `--out .`). Inside a marked folder showcase only ever
//! touches its parts `site/`, `internal/`, `print/` and its own dot-files
//! (`.showcase-*`, `.staging-*`, `.old-*`); anything else in it is left alone.
//!
//! **Lock.** A build holds an exclusive lock on the marker file (the standard library's file
//! lock: `flock` on Unix, `LockFileEx` on Windows) from before it reads the previous output
//! until its swap is done. A second build on the same folder waits for the first to finish
//! (it says so once) and then replaces the first one's output as a whole. The lock dies with
//! its process, so a killed build never blocks the next one.
//!
//! **Swap.** Everything is rendered into `.staging-<pid>/` (mode 0700 on Unix). When the whole
//! build succeeded, a journal `.showcase-swap` naming the staging folder and the staged parts
//! is written (to a temporary name, synced, renamed: it appears whole or not at all). The
//! journal is the commit point. Then, part by part, the live part is renamed into
//! `.old-<pid>/` and the staged one renamed into its place; parts this build did not produce
//! (`internal/` without `--internal`, `print/` with `--no-booklet`) are moved out as well, so
//! the folder never holds parts of two builds once the swap is complete.
//!
//! Guarantees:
//! - A build that fails or is killed before the journal exists leaves the previous output
//!   exactly as it was; its staging folder is removed by the next build.
//! - A rename that fails during the swap (Windows: a file in the part is open, e.g. the PDF
//!   in WPS) rolls the parts already moved back and reports which part and why; the previous
//!   output stays whole.
//! - A build killed during the swap (after the journal) leaves the journal behind; the next
//!   build on the folder — also one that then stops on content errors — first completes that
//!   swap, so the folder ends up holding exactly the build that committed. Until then, the
//!   folder may be mid-swap (the journal says so).
//! - Every `.staging-*`, `.old-*` and journal leftover is removed by the next build, under the
//!   lock, so never while another live build uses it.
//!
//! Each part gets a `.showcase-build` file naming its build, so a mix is detectable.

use serde::{Deserialize, Serialize};
use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The marker file showcase writes into every output folder it owns (and locks).
pub const MARKER: &str = ".showcase-output";
/// The parts of a build, swapped together.
pub const PARTS: [&str; 3] = ["site", "internal", "print"];
/// The build id file written into every part.
pub const BUILD_ID: &str = ".showcase-build";
const JOURNAL: &str = ".showcase-swap";
const JOURNAL_TMP: &str = ".showcase-swap.tmp";
const MARKER_TEXT: &str = "此文件夹由 showcase 生成和管理：每次构建会整体替换其中的 site/、internal/、print/，\
其他文件不会被改动。请勿删除本文件。\n";

/// What a commit that went wrong left behind.
#[derive(Debug)]
pub enum CommitError {
    /// Nothing changed: the previous output is whole.
    Unchanged(String),
    /// The swap stopped half-way and could not be rolled back; the next build completes it.
    Interrupted(String),
}

/// An output folder this process owns: checked, marked and locked. The lock is released
/// when this is dropped.
pub struct OutputDir {
    out: PathBuf,
    _lock: File,
    /// An interrupted swap of an earlier build was completed when the folder was opened.
    pub recovered: bool,
    /// The file system has no locks (some network drives): the folder is used unlocked.
    pub unlocked: bool,
}

/// Refuses a folder showcase must not write into: it exists and is not a folder, or it holds
/// something and no marker. Reads only.
pub fn check_owned(out: &Path) -> Result<(), String> {
    let meta = match std::fs::metadata(out) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(format!("无法读取输出目录 {}：{e}", out.display())),
    };
    if !meta.is_dir() {
        return Err(format!(
            "输出目录 {} 不是文件夹。请用 --out 指定一个文件夹（不存在时会自动创建）。",
            out.display()
        ));
    }
    if out.join(MARKER).is_file() {
        return Ok(());
    }
    let mut names: Vec<String> = std::fs::read_dir(out)
        .map_err(|e| format!("无法读取输出目录 {}：{e}", out.display()))?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    if names.is_empty() {
        return Ok(());
    }
    names.sort();
    let shown = names.iter().take(3).cloned().collect::<Vec<_>>().join("、");
    let more = if names.len() > 3 {
        format!(" 等 {} 项", names.len())
    } else {
        String::new()
    };
    Err(format!(
        "输出目录 {} 中已有其他文件（{shown}{more}），且没有 showcase 的标记文件 {MARKER}，\
不是 showcase 生成的输出目录。为免删除或覆盖这些文件，构建已停止，没有改动任何文件。\n\
修改建议：用 --out 指定一个新的或空的文件夹（例如 --out output）；如果这确实是旧版 showcase \
生成的输出目录，确认其中没有要保留的文件后把它删除，再重新构建。",
        out.display()
    ))
}

impl OutputDir {
    /// Checks ownership, creates the folder and its marker when needed, takes the lock
    /// (`waiting` is called once if another build holds it), completes an interrupted swap
    /// and removes the leftovers of dead builds.
    pub fn open(out: &Path, waiting: impl FnOnce()) -> Result<OutputDir, String> {
        check_owned(out)?;
        let cant = |e: io::Error| format!("无法准备输出目录 {}：{e}", out.display());
        std::fs::create_dir_all(out).map_err(cant)?;
        let lock = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(out.join(MARKER))
            .map_err(cant)?;
        let mut unlocked = false;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                waiting();
                lock.lock().map_err(cant)?;
            }
            // Some network drives have no file locks: build unlocked rather than not at all.
            Err(std::fs::TryLockError::Error(e)) if e.kind() == io::ErrorKind::Unsupported => {
                unlocked = true;
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(cant(e)),
        }
        if lock.metadata().map_err(cant)?.len() == 0 {
            (&lock).write_all(MARKER_TEXT.as_bytes()).map_err(cant)?;
        }
        let recovered = recover(out, &mut fs_rename).map_err(|(part, e)| {
            format!(
                "上次构建在替换输出时中断，现在无法完成这次替换（{}）：{e}。{}",
                out.join(part).display(),
                OPEN_FILE_HINT
            )
        })?;
        remove_leftovers(out);
        Ok(OutputDir {
            out: out.to_path_buf(),
            _lock: lock,
            recovered,
            unlocked,
        })
    }

    /// A fresh, private staging folder `.staging-<pid>/` for this build.
    pub fn staging(&self) -> io::Result<Staging<'_>> {
        let name = format!(".staging-{}", std::process::id());
        let dir = self.out.join(&name);
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        create_private_dir(&dir)?;
        Ok(Staging {
            owner: self,
            name,
            dir,
            keep: false,
        })
    }
}

const OPEN_FILE_HINT: &str = "其中的文件可能正被其他程序打开（例如在 WPS 或浏览器中打开的 PDF、\
在资源管理器中打开的文件夹）：关闭后重新构建。";

/// A build in progress: parts are written to `path(part)` and swapped in by `commit`.
/// Dropped without commit, the staging folder is removed.
pub struct Staging<'a> {
    owner: &'a OutputDir,
    name: String,
    pub dir: PathBuf,
    /// The swap stopped half-way: the next build needs this folder to complete it.
    keep: bool,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Journal {
    staging: String,
    old: String,
    /// The parts the build produced; every other part is removed.
    staged: Vec<String>,
    build: String,
}

impl Staging<'_> {
    pub fn path(&self, part: &str) -> PathBuf {
        self.dir.join(part)
    }

    /// Swaps the staged parts in, as one build (see the module doc). Returns the build id.
    pub fn commit(mut self) -> Result<String, CommitError> {
        let out = self.owner.out.clone();
        let build = build_id();
        let staged: Vec<String> = PARTS
            .iter()
            .filter(|p| self.dir.join(p).is_dir())
            .map(|p| p.to_string())
            .collect();
        let unchanged = |e: io::Error| {
            CommitError::Unchanged(format!("无法写入输出目录 {}：{e}", out.display()))
        };
        for p in &staged {
            std::fs::write(self.dir.join(p).join(BUILD_ID), format!("{build}\n"))
                .map_err(unchanged)?;
        }
        let journal = Journal {
            staging: self.name.clone(),
            old: format!(".old-{}", std::process::id()),
            staged,
            build: build.clone(),
        };
        write_journal(&out, &journal).map_err(unchanged)?;
        if let Err((part, e)) = forward(&out, &journal, &mut fs_rename) {
            let what = format!("无法替换 {}：{e}。", out.join(part).display());
            return match backward(&out, &journal, &mut fs_rename) {
                Ok(()) => {
                    let _ = std::fs::remove_file(out.join(JOURNAL));
                    let _ = std::fs::remove_dir(out.join(&journal.old));
                    Err(CommitError::Unchanged(format!("{what}{OPEN_FILE_HINT}")))
                }
                Err((_, e2)) => {
                    self.keep = true;
                    Err(CommitError::Interrupted(format!(
                        "{what}退回原输出也失败（{e2}）。{OPEN_FILE_HINT}下次构建会先完成这次替换。"
                    )))
                }
            };
        }
        // The swap is complete: the journal and the old parts can go (a failure here is
        // harmless, the next build removes them).
        let _ = std::fs::remove_file(out.join(JOURNAL));
        let _ = std::fs::remove_dir_all(out.join(&journal.old));
        Ok(build)
    }
}

impl Drop for Staging<'_> {
    fn drop(&mut self) {
        if !self.keep {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

type Rename<'r> = dyn FnMut(&Path, &Path) -> io::Result<()> + 'r;

fn fs_rename(from: &Path, to: &Path) -> io::Result<()> {
    std::fs::rename(from, to)
}

fn exists(p: &Path) -> bool {
    std::fs::symlink_metadata(p).is_ok()
}

/// A build id: time and process, unique enough to tell two builds apart.
fn build_id() -> String {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    format!(
        "{}.{:09}-{}",
        t.as_secs(),
        t.subsec_nanos(),
        std::process::id()
    )
}

fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut b = std::fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    b.create(dir)
}

fn write_journal(out: &Path, j: &Journal) -> io::Result<()> {
    let tmp = out.join(JOURNAL_TMP);
    let mut f = File::create(&tmp)?;
    f.write_all(
        serde_json::to_string(j)
            .map_err(io::Error::other)?
            .as_bytes(),
    )?;
    f.sync_all()?;
    drop(f);
    std::fs::rename(&tmp, out.join(JOURNAL))?;
    sync_dir(out);
    Ok(())
}

/// Makes the journal's rename durable where the platform allows it (best effort).
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// The journal of an interrupted swap, when there is a valid one.
fn read_journal(out: &Path) -> Option<Journal> {
    let text = std::fs::read_to_string(out.join(JOURNAL)).ok()?;
    let j: Journal = serde_json::from_str(&text).ok()?;
    // The folder is the user's: accept only names this module writes.
    let plain = |n: &str, prefix: &str| {
        n.strip_prefix(prefix)
            .is_some_and(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()))
    };
    (plain(&j.staging, ".staging-")
        && plain(&j.old, ".old-")
        && j.staged.iter().all(|p| PARTS.contains(&p.as_str())))
    .then_some(j)
}

/// Moves every part into its final place: the live part into the old folder, the staged one
/// into its place. Idempotent, so it also completes a swap a killed build began.
fn forward(out: &Path, j: &Journal, rename: &mut Rename) -> Result<(), (&'static str, io::Error)> {
    let staging = out.join(&j.staging);
    let old = out.join(&j.old);
    if !old.is_dir() {
        create_private_dir(&old).map_err(|e| ("", e))?;
    }
    for part in PARTS {
        let live = out.join(part);
        let new = staging.join(part);
        let ours = j.staged.iter().any(|p| p == part);
        if ours && !exists(&new) {
            continue; // already swapped in
        }
        if exists(&live) {
            let o = old.join(part);
            if exists(&o) {
                std::fs::remove_dir_all(&o).map_err(|e| (part, e))?;
            }
            rename(&live, &o).map_err(|e| (part, e))?;
        }
        if ours {
            rename(&new, &live).map_err(|e| (part, e))?;
        }
    }
    Ok(())
}

/// Undoes a partial `forward`: new parts back into staging, old parts back into place.
fn backward(out: &Path, j: &Journal, rename: &mut Rename) -> Result<(), (&'static str, io::Error)> {
    let staging = out.join(&j.staging);
    let old = out.join(&j.old);
    for part in PARTS.iter().rev().copied() {
        let live = out.join(part);
        let new = staging.join(part);
        let o = old.join(part);
        if j.staged.iter().any(|p| p == part) && !exists(&new) && exists(&live) {
            rename(&live, &new).map_err(|e| (part, e))?;
        }
        if exists(&o) && !exists(&live) {
            rename(&o, &live).map_err(|e| (part, e))?;
        }
    }
    Ok(())
}

/// Completes the swap an interrupted build committed to. `Ok(true)` when there was one.
fn recover(out: &Path, rename: &mut Rename) -> Result<bool, (&'static str, io::Error)> {
    let Some(j) = read_journal(out) else {
        return Ok(false);
    };
    forward(out, &j, rename)?;
    let _ = std::fs::remove_file(out.join(JOURNAL));
    Ok(true)
}

/// Removes what dead builds left: staging and old folders, a journal nobody will complete.
/// Called under the lock, after `recover`, so none of it belongs to a live build.
fn remove_leftovers(out: &Path) {
    let Ok(entries) = std::fs::read_dir(out) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let p = e.path();
        if name.starts_with(".staging-") || name.starts_with(".old-") {
            if p.is_dir() {
                let _ = std::fs::remove_dir_all(&p);
            } else {
                let _ = std::fs::remove_file(&p);
            }
        } else if name == JOURNAL || name == JOURNAL_TMP {
            let _ = std::fs::remove_file(&p);
        }
    }
}

#[cfg(test)]
#[path = "output_tests.rs"]
mod tests;

//! Change detection by polling: a snapshot of every file's size and modification time under
//! the watched folders, compared with the previous one. No platform watcher, so it behaves the
//! same on every system and with every editor (in-place writes, atomic renames, network
//! drives); a scan of a few thousand files takes a few milliseconds. Files saved in the
//! last few seconds are also hashed: on file systems with coarse timestamps (FAT on a USB
//! stick keeps 2 s) a second same-length save within one tick changes only the content.

use rustc_hash::FxHashMap;
use std::hash::{DefaultHasher, Hasher};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// Files modified this recently are hashed too.
const RECENT: Duration = Duration::from_secs(5);

/// What is known about one file.
#[derive(Clone, Copy, Debug)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    /// Content hash, for recently modified files only.
    hash: Option<u64>,
}

impl Stamp {
    fn same(&self, other: &Stamp) -> bool {
        self.len == other.len
            && self.modified == other.modified
            && match (self.hash, other.hash) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            }
    }
}

/// A file's stamp; hashed when modified in the last [`RECENT`] seconds.
fn stamp(p: &Path, m: &std::fs::Metadata, now: SystemTime) -> Stamp {
    let modified = m.modified().ok();
    let recent =
        modified.is_none_or(|t| now.duration_since(t).is_ok_and(|age| age < RECENT) || t > now);
    Stamp {
        len: m.len(),
        modified,
        hash: if recent { hash_file(p) } else { None },
    }
}

fn hash_file(p: &Path) -> Option<u64> {
    let bytes = std::fs::read(p).ok()?;
    let mut h = DefaultHasher::new();
    h.write(&bytes);
    Some(h.finish())
}

#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    files: FxHashMap<PathBuf, Stamp>,
}

impl Snapshot {
    /// Scans every folder (a missing folder contributes nothing).
    pub fn scan(roots: &[&Path]) -> Snapshot {
        let now = SystemTime::now();
        let mut files = FxHashMap::default();
        for root in roots {
            for e in walkdir::WalkDir::new(root)
                .follow_links(true)
                .into_iter()
                .filter_entry(|e| e.depth() == 0 || !ignored(e.file_name()))
                .flatten()
            {
                if !e.file_type().is_file() {
                    continue;
                }
                if let Ok(m) = e.metadata() {
                    files.insert(e.path().to_path_buf(), stamp(e.path(), &m, now));
                }
            }
        }
        Snapshot { files }
    }

    /// Files added, removed or changed since `old`, sorted.
    pub fn changes(&self, old: &Snapshot) -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = self
            .files
            .iter()
            .filter(|(p, s)| !old.files.get(*p).is_some_and(|o| o.same(s)))
            .map(|(p, _)| p.clone())
            .collect();
        out.extend(
            old.files
                .keys()
                .filter(|p| !self.files.contains_key(*p))
                .cloned(),
        );
        out.sort();
        out
    }

    /// Those of `paths` whose stamp on disk differs from this snapshot's (added, removed or
    /// changed), without a scan of every file.
    pub fn moved(&self, paths: &[PathBuf]) -> Vec<PathBuf> {
        let now = SystemTime::now();
        paths
            .iter()
            .filter(|p| {
                let new = std::fs::metadata(p).ok().map(|m| stamp(p, &m, now));
                match (self.files.get(*p), &new) {
                    (Some(old), Some(new)) => !old.same(new),
                    (None, None) => false,
                    _ => true,
                }
            })
            .cloned()
            .collect()
    }

    /// Reads the stamps of `paths` (files just seen changing) again; true when any of them
    /// changed since this snapshot took it (a save still being written). Cheaper than a
    /// new scan of every file.
    pub fn restat(&mut self, paths: &[PathBuf]) -> bool {
        let now = SystemTime::now();
        let mut moved = false;
        for p in paths {
            let new = std::fs::metadata(p).ok().map(|m| stamp(p, &m, now));
            let same = match (self.files.get(p), &new) {
                (Some(old), Some(new)) => old.same(new),
                (None, None) => true,
                _ => false,
            };
            if !same {
                moved = true;
                match new {
                    Some(n) => self.files.insert(p.clone(), n),
                    None => self.files.remove(p),
                };
            }
        }
        moved
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.files.len()
    }
}

/// Editor scratch files that never belong to the content: hidden files (`.x.swp`, `.~lock`),
/// backups (`x~`), vim's write test (`4913`), Office lock files (`~$x.xlsx`).
fn ignored(name: &std::ffi::OsStr) -> bool {
    let n = name.to_string_lossy();
    n.starts_with('.')
        || n.starts_with("~$")
        || n.ends_with('~')
        || n.ends_with(".swp")
        || n.ends_with(".swx")
        || n.ends_with(".tmp")
        || n == "4913"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sees_edits_additions_and_removals_but_not_scratch_files() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.yaml");
        std::fs::write(&a, "x: 1\n").unwrap();
        std::fs::write(dir.path().join("b.md"), "b").unwrap();
        let s1 = Snapshot::scan(&[dir.path()]);
        assert_eq!(s1.len(), 2);
        assert!(Snapshot::scan(&[dir.path()]).changes(&s1).is_empty());
        std::fs::write(&a, "x: 12\n").unwrap();
        std::fs::remove_file(dir.path().join("b.md")).unwrap();
        std::fs::write(dir.path().join("c.md"), "c").unwrap();
        std::fs::write(dir.path().join(".a.yaml.swp"), "scratch").unwrap();
        std::fs::write(dir.path().join("a.yaml~"), "backup").unwrap();
        let s2 = Snapshot::scan(&[dir.path()]);
        let names: Vec<String> = s2
            .changes(&s1)
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["a.yaml", "b.md", "c.md"]);
        // A save still being written is seen by a re-stat of the changed files alone.
        let mut s3 = Snapshot::scan(&[dir.path()]);
        let changed = [a.clone()];
        assert!(!s3.restat(&changed));
        std::fs::write(&a, "x: 123\n").unwrap();
        assert!(s3.restat(&changed));
        assert!(!s3.restat(&changed));
        assert_eq!(Snapshot::scan(&[dir.path()]).changes(&s3).len(), 0);
        // The quick check between full scans: only a watched file that moved.
        let b = dir.path().join("c.md");
        assert!(s3.moved(&[a.clone(), b.clone()]).is_empty());
        std::fs::write(&b, "cc").unwrap();
        let moved = s3.moved(&[a.clone(), b.clone()]);
        assert_eq!(moved.as_slice(), std::slice::from_ref(&b));
        std::fs::remove_file(&a).unwrap();
        assert_eq!(s3.moved(&[a.clone(), b.clone()]), [a.clone(), b]);
        let gone = dir.path().join("never.md");
        assert!(s3.moved(&[gone]).is_empty());
    }

    #[test]
    fn sees_a_same_length_save_with_the_same_timestamp() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.yaml");
        std::fs::write(&a, "x: 1\n").unwrap();
        let t = std::fs::metadata(&a).unwrap().modified().unwrap();
        let s1 = Snapshot::scan(&[dir.path()]);
        // A coarse-clock file system: the second save keeps length and time.
        std::fs::write(&a, "x: 2\n").unwrap();
        std::fs::File::options()
            .write(true)
            .open(&a)
            .unwrap()
            .set_modified(t)
            .unwrap();
        assert_eq!(Snapshot::scan(&[dir.path()]).changes(&s1).len(), 1);
    }
}

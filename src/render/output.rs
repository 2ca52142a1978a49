//! Atomic output: everything is written into a staging folder next to `output/`'s parts and
//! swapped in only when the whole build succeeded, so a failed build leaves the previous
//! output untouched.

use std::io;
use std::path::{Path, PathBuf};

pub struct Staging {
    pub dir: PathBuf,
    out: PathBuf,
}

impl Staging {
    /// Creates `output/.staging-<pid>/`.
    pub fn new(out: &Path) -> io::Result<Staging> {
        std::fs::create_dir_all(out)?;
        let dir = out.join(format!(".staging-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir_all(&dir)?;
        Ok(Staging {
            dir,
            out: out.to_path_buf(),
        })
    }

    pub fn path(&self, part: &str) -> PathBuf {
        self.dir.join(part)
    }

    /// Moves each staged part (e.g. `site`, `print`) over the published one. `remove` lists
    /// parts that must disappear from the output when not staged (e.g. `internal` after a
    /// public-only build).
    pub fn commit(self, parts: &[&str], remove: &[&str]) -> io::Result<()> {
        let staged: Vec<&str> = parts
            .iter()
            .copied()
            .filter(|p| self.dir.join(p).exists())
            .collect();
        for part in &staged {
            let live = self.out.join(part);
            let old = self.out.join(format!(".old-{part}-{}", std::process::id()));
            if live.exists() {
                std::fs::rename(&live, &old)?;
            }
            std::fs::rename(self.dir.join(part), &live)?;
            if old.exists() {
                std::fs::remove_dir_all(&old)?;
            }
        }
        for part in remove {
            let live = self.out.join(part);
            if live.exists() && !staged.contains(part) {
                std::fs::remove_dir_all(&live)?;
            }
        }
        let _ = std::fs::remove_dir_all(&self.dir);
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_swaps_staged_parts_and_removes_stale_ones() {
        let out = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(out.path().join("site")).unwrap();
        std::fs::write(out.path().join("site/old.html"), "old").unwrap();
        std::fs::create_dir_all(out.path().join("internal")).unwrap();
        let s = Staging::new(out.path()).unwrap();
        std::fs::create_dir_all(s.path("site")).unwrap();
        std::fs::write(s.path("site/new.html"), "new").unwrap();
        s.commit(&["site", "internal"], &["internal"]).unwrap();
        assert!(out.path().join("site/new.html").is_file());
        assert!(!out.path().join("site/old.html").exists());
        assert!(
            !out.path().join("internal").exists(),
            "stale internal build must go"
        );
        let s = Staging::new(out.path()).unwrap();
        std::fs::create_dir_all(s.path("internal")).unwrap();
        s.commit(&["site", "internal"], &["internal"]).unwrap();
        assert!(
            out.path().join("internal").is_dir(),
            "a staged part must stay"
        );
        assert!(
            out.path().join("site/new.html").is_file(),
            "an unstaged part is left alone"
        );
        assert_eq!(
            std::fs::read_dir(out.path()).unwrap().count(),
            2,
            "no staging folders left"
        );
    }
}

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
        for part in parts {
            let staged = self.dir.join(part);
            if !staged.exists() {
                continue;
            }
            let live = self.out.join(part);
            let old = self.out.join(format!(".old-{part}-{}", std::process::id()));
            if live.exists() {
                std::fs::rename(&live, &old)?;
            }
            std::fs::rename(&staged, &live)?;
            if old.exists() {
                std::fs::remove_dir_all(&old)?;
            }
        }
        for part in remove {
            let live = self.out.join(part);
            if live.exists() && !self.dir.join(part).exists() {
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

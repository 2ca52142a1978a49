//! Where the project is, wherever a command runs: like Zola, commands walk up from the
//! current folder to the first folder holding `content/site.yaml`, and resolve the content,
//! theme and output folders against it. A project without `themes/` uses the default theme
//! embedded in the binary, written once into the user's cache folder (per user, never a
//! shared temporary folder another account could plant files in).

use crate::scaffold::theme::{DEFAULT_THEME, DEFAULT_THEME_DIR};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// The nearest folder at or above `start` that holds `content/site.yaml`.
pub fn find_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|d| d.join("content").join("site.yaml").is_file())
        .map(Path::to_path_buf)
}

/// The project folder of a content folder: its parent (`<project>/content`).
pub fn root_of_content(content: &Path) -> PathBuf {
    let abs = std::path::absolute(content).unwrap_or_else(|_| content.to_path_buf());
    abs.parent().map(Path::to_path_buf).unwrap_or(abs)
}

/// The theme to use when none is given: the project's `themes/default/` if it has one,
/// else the embedded default theme (written out to the cache on first use).
pub fn default_theme(project: &Path) -> std::io::Result<PathBuf> {
    let own = project.join(DEFAULT_THEME_DIR);
    if own.is_dir() {
        return Ok(own);
    }
    let cache = dirs::cache_dir()
        .or_else(dirs::home_dir)
        .unwrap_or_else(|| project.join(".showcase-cache"))
        .join("showcase");
    embedded_theme(&cache)
}

/// Writes the embedded theme under `cache/theme-<hash of its files>/` (once: an existing,
/// complete copy is reused) and returns that folder.
pub fn embedded_theme(cache: &Path) -> std::io::Result<PathBuf> {
    let mut h = Sha256::new();
    for (rel, bytes) in DEFAULT_THEME {
        h.update(rel.as_bytes());
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    }
    let hash: String = h.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let dir = cache.join(format!("theme-{hash}"));
    let done = dir.join(".complete");
    if done.is_file() {
        return Ok(dir);
    }
    // Written beside, then renamed: a half-written theme is never used.
    let tmp = cache.join(format!(".theme-{hash}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    for (rel, bytes) in DEFAULT_THEME {
        let p = tmp.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&p, bytes)?;
    }
    std::fs::write(tmp.join(".complete"), hash.as_bytes())?;
    match std::fs::rename(&tmp, &dir) {
        Ok(()) => Ok(dir),
        // Another run got there first: use its copy.
        Err(_) if done.is_file() => {
            let _ = std::fs::remove_dir_all(&tmp);
            Ok(dir)
        }
        Err(e) => {
            let _ = std::fs::remove_dir_all(&tmp);
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_project_from_a_sub_folder() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(d.path().join("content/cohorts/2017/reports")).unwrap();
        std::fs::write(d.path().join("content/site.yaml"), "title: x\n").unwrap();
        let deep = d.path().join("content/cohorts/2017/reports");
        assert_eq!(find_root(&deep).as_deref(), Some(d.path()));
        assert_eq!(find_root(d.path()).as_deref(), Some(d.path()));
        let other = tempfile::tempdir().unwrap();
        assert_eq!(find_root(other.path()), None);
    }

    #[test]
    fn a_project_without_themes_gets_the_embedded_theme_once() {
        let cache = tempfile::tempdir().unwrap();
        let a = embedded_theme(cache.path()).unwrap();
        for (rel, bytes) in DEFAULT_THEME {
            assert_eq!(&std::fs::read(a.join(rel)).unwrap(), bytes, "{rel}");
        }
        let b = embedded_theme(cache.path()).unwrap();
        assert_eq!(a, b);
        assert_eq!(std::fs::read_dir(cache.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_project_with_its_own_theme_keeps_it() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(d.path().join("themes/default")).unwrap();
        assert_eq!(
            default_theme(d.path()).unwrap(),
            d.path().join("themes/default")
        );
    }
}

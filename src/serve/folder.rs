//! The preview's own folder: fresh, private (0700: it holds the internal pages), in memory
//! where possible; the folders of killed previews are removed.

use std::path::{Path, PathBuf};

/// Where preview folders go, best first: memory-backed `/dev/shm` where there is one (every
/// rebuild writes every page; on a journaling disk that costs several times the rendering),
/// then the system temporary folder.
fn preview_bases() -> Vec<PathBuf> {
    let mut v = Vec::new();
    if cfg!(target_os = "linux") && Path::new("/dev/shm").is_dir() {
        v.push(PathBuf::from("/dev/shm"));
    }
    v.push(std::env::temp_dir());
    v
}

/// `<base>/showcase-preview-<pid>/`, fresh and private (0700: it holds the internal pages);
/// leftovers of killed previews are removed. Created, never reused: a folder of that name
/// that cannot be removed (someone else's, in a shared `/dev/shm`) makes it try the next base.
pub fn preview_root() -> Result<PathBuf, String> {
    let name = format!("showcase-preview-{}", std::process::id());
    let mut last = String::new();
    for base in preview_bases() {
        remove_stale(&base);
        let root = base.join(&name);
        let _ = std::fs::remove_dir_all(&root);
        let mut dir = std::fs::DirBuilder::new();
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut dir, 0o700);
        match dir.create(&root) {
            Ok(()) => return Ok(root),
            Err(e) => last = format!("无法创建预览临时目录 {}：{e}", root.display()),
        }
    }
    Err(last)
}

/// Removes the folders of previews that were killed (their process is gone).
fn remove_stale(base: &Path) {
    if !Path::new("/proc/self").is_dir() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(base) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if let Some(pid) = name.strip_prefix("showcase-preview-")
            && pid.parse::<u32>().is_ok()
            && !Path::new("/proc").join(pid).exists()
        {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

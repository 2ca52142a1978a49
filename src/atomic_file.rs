//! Writing a file so that no reader ever sees half of it: the bytes go to a temporary file
//! in the same folder, which is then renamed over the target. Used for content files the
//! commands edit (`new`, `import`) and for the preview's search files replaced in place.

use std::path::Path;

/// Writes `bytes` to `path` through a temporary file beside it (creating the folder).
pub fn write_atomically(path: &Path, bytes: impl AsRef<[u8]>) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.new.tmp"));
    std::fs::write(&tmp, bytes)?;
    if let Err(e) = std::fs::rename(&tmp, path) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    Ok(())
}

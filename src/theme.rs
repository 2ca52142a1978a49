//! Theme inheritance: a theme folder may name a parent in an optional `theme.yaml` at its
//! root (`extends: default`). Its files override the parent's per relative path
//! (`templates/**`, `static/**`, `print/**`); everything else comes from the parent. This is
//! the one resolver every consumer goes through (templates, static copy, print files and
//! fonts, doctor, serve's watching); it also writes the built-in themes, flattened, into the
//! per-user cache.

use crate::scaffold::theme::{builtin, builtin_names};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The file naming a theme's parent.
pub const MANIFEST: &str = "theme.yaml";

/// At most this many parents above a theme (a longer chain is an error).
pub const MAX_DEPTH: usize = 4;

/// A theme resolved into its layers, the chosen folder first and its root parent last.
#[derive(Debug, Clone)]
pub struct Theme {
    pub layers: Vec<PathBuf>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    extends: Option<serde_saphyr::Spanned<String>>,
}

/// The parent named in theme.yaml, with its line and column; `None` without a theme.yaml
/// or without `extends`.
fn parent_name(text: &str) -> Result<Option<(String, u64, u64)>, String> {
    if text.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#') || l == "---"
    }) {
        return Ok(None);
    }
    let m: Manifest = serde_saphyr::from_str(text).map_err(|e| e.to_string())?;
    Ok(m.extends.map(|s| {
        (
            s.value.trim().to_string(),
            s.referenced.line(),
            s.referenced.column(),
        )
    }))
}

fn manifest_error(yaml: &Path, e: &str) -> String {
    format!(
        "{} 格式有误：{e}（theme.yaml 只能写一项 extends: 父主题名或相对本主题文件夹的路径，见 docs/themes.md）",
        yaml.display()
    )
}

impl Theme {
    /// Resolves the theme folder `dir`: follows `extends` up to [`MAX_DEPTH`] parents.
    pub fn open(dir: &Path) -> Result<Theme, String> {
        let mut layers = vec![dir.to_path_buf()];
        let mut seen = vec![canonical(dir)];
        loop {
            let cur = layers.last().cloned().unwrap_or_default();
            let yaml = cur.join(MANIFEST);
            let text = match std::fs::read_to_string(&yaml) {
                Ok(t) => t,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => break,
                Err(e) => return Err(format!("无法读取 {}：{e}", yaml.display())),
            };
            let Some((name, line, col)) =
                parent_name(&text).map_err(|e| manifest_error(&yaml, &e))?
            else {
                break;
            };
            let at = format!("{}:{line}:{col}", yaml.display());
            let parent = parent_dir(&cur, &name).ok_or_else(|| {
                if cur.parent().is_some_and(|p| canonical(&p.join(&name)) == canonical(&cur)) {
                    return format!(
                        "{at}：extends 写的是本主题自己「{name}」，形成了循环。请写父主题的名称。"
                    );
                }
                format!(
                    "{at}：extends 写的父主题「{name}」找不到。可用的主题：{}（写内置主题名、与本主题同在一个文件夹下的主题名，或相对本主题文件夹的路径）",
                    available(&cur)
                )
            })??;
            let key = canonical(&parent);
            let chain = |extra: &Path| {
                layers
                    .iter()
                    .map(|l| l.display().to_string())
                    .chain([extra.display().to_string()])
                    .collect::<Vec<_>>()
                    .join(" → ")
            };
            if seen.contains(&key) {
                return Err(format!(
                    "{at}：主题继承形成了循环：{}。请删去其中一个 theme.yaml 的 extends。",
                    chain(&parent)
                ));
            }
            if layers.len() > MAX_DEPTH {
                return Err(format!(
                    "{at}：主题继承层数过多（最多 {MAX_DEPTH} 层父主题）：{}。请把中间的主题合并。",
                    chain(&parent)
                ));
            }
            seen.push(key);
            layers.push(parent);
        }
        Ok(Theme { layers })
    }

    /// Every file below `sub` (e.g. `templates`) over all layers, by path relative to `sub`
    /// (`/`-separated): a child's file wins over its parent's.
    pub fn files(&self, sub: &str) -> BTreeMap<String, PathBuf> {
        let mut map = BTreeMap::new();
        for layer in self.layers.iter().rev() {
            let dir = layer.join(sub);
            if !dir.is_dir() {
                continue;
            }
            for e in walkdir::WalkDir::new(&dir)
                .follow_links(false)
                .sort_by_file_name()
                .into_iter()
                .flatten()
            {
                if e.file_type().is_file() {
                    let rel = e.path().strip_prefix(&dir).unwrap_or(e.path());
                    let rel = rel.to_string_lossy().replace('\\', "/");
                    map.insert(rel, e.path().to_path_buf());
                }
            }
        }
        map
    }

    /// The file `rel` (relative to the theme folder) of the nearest layer that has it.
    pub fn file(&self, rel: &str) -> Option<PathBuf> {
        self.layers
            .iter()
            .map(|l| l.join(rel))
            .find(|p| p.is_file())
    }

    /// The folders `sub` of every layer that has one, the chosen theme's first.
    pub fn dirs(&self, sub: &str) -> Vec<PathBuf> {
        self.layers
            .iter()
            .map(|l| l.join(sub))
            .filter(|p| p.is_dir())
            .collect()
    }
}

fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| std::path::absolute(p).unwrap_or(p.into()))
}

/// The folder of the parent `name` of the theme `dir`: a path (with `/`) relative to `dir`;
/// a bare name is a folder beside `dir` (a project's `themes/<name>/`, never `dir` itself),
/// else the built-in theme of that name.
fn parent_dir(dir: &Path, name: &str) -> Option<Result<PathBuf, String>> {
    let bare = !name.is_empty() && !name.contains(['/', '\\']) && name != "." && name != "..";
    if !bare {
        let p = dir.join(name);
        return p.is_dir().then_some(Ok(p));
    }
    if let Some(p) = dir.parent().map(|d| d.join(name))
        && p.is_dir()
        && canonical(&p) != canonical(dir)
    {
        return Some(Ok(p));
    }
    builtin(name).map(|_| {
        builtin_dir(name, &cache_dir(dir)).map_err(|e| format!("无法准备内置主题 {name}：{e}"))
    })
}

/// The themes a parent can name, for messages: the built-in ones and the folders beside
/// `dir` — 「default、gongwen（内置）；mine（themes/mine/）」.
fn available(dir: &Path) -> String {
    let mut own: Vec<String> = dir
        .parent()
        .and_then(|p| std::fs::read_dir(p).ok())
        .map(|rd| {
            rd.flatten()
                .filter(|e| e.path().is_dir() && canonical(&e.path()) != canonical(dir))
                .filter_map(|e| e.file_name().to_str().map(str::to_string))
                .filter(|n| !n.starts_with('.'))
                .collect()
        })
        .unwrap_or_default();
    own.sort();
    let beside = dir
        .parent()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let mut s = format!("{}（内置）", builtin_names());
    if !own.is_empty() {
        let list: Vec<String> = own
            .iter()
            .map(|n| format!("{n}（{}）", Path::new(&beside).join(n).display()))
            .collect();
        s.push('；');
        s.push_str(&list.join("、"));
    }
    s
}

/// The built-in theme `name` as one complete theme: its parents' files with its own over
/// them, without theme.yaml (what the cache holds and `theme eject` writes).
pub fn builtin_flat(name: &str) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut chain = vec![name.to_string()];
    let mut map: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut layers = Vec::new();
    let mut cur = name.to_string();
    loop {
        let files = builtin(&cur).ok_or_else(|| format!("没有名为「{cur}」的内置主题"))?;
        layers.push(files);
        let Some((_, yaml)) = files.iter().find(|(p, _)| *p == MANIFEST) else {
            break;
        };
        let text = String::from_utf8_lossy(yaml);
        let parent = parent_name(&text)
            .map_err(|e| manifest_error(Path::new(MANIFEST), &e))?
            .map(|(p, _, _)| p);
        let Some(parent) = parent else { break };
        if chain.contains(&parent) || chain.len() > MAX_DEPTH {
            return Err(format!(
                "内置主题的继承有误：{} → {parent}",
                chain.join(" → ")
            ));
        }
        chain.push(parent.clone());
        cur = parent;
    }
    for files in layers.iter().rev() {
        for (rel, bytes) in *files {
            map.insert(rel.to_string(), bytes.to_vec());
        }
    }
    map.remove(MANIFEST);
    Ok(map.into_iter().collect())
}

/// The cache folder of the built-in theme `name`, written out flattened on first use.
/// Remembered for the process (serve resolves the layers on every poll), as long as the
/// folder is still complete.
pub fn builtin_dir(name: &str, cache: &Path) -> std::io::Result<PathBuf> {
    type Known = std::sync::Mutex<Vec<((String, PathBuf), PathBuf)>>;
    static KNOWN: std::sync::OnceLock<Known> = std::sync::OnceLock::new();
    let known = KNOWN.get_or_init(Default::default);
    let key = (name.to_string(), cache.to_path_buf());
    if let Ok(k) = known.lock()
        && let Some((_, dir)) = k.iter().find(|(k, _)| *k == key)
        && dir.join(".complete").is_file()
    {
        return Ok(dir.clone());
    }
    let files = builtin_flat(name).map_err(std::io::Error::other)?;
    let dir = embedded_theme(cache, name, &files)?;
    if let Ok(mut k) = known.lock() {
        k.retain(|(k, _)| *k != key);
        k.push((key, dir.clone()));
    }
    Ok(dir)
}

/// The per-user cache folder the built-in themes are written to (never a shared temporary
/// folder another account could plant files in); `fallback/.showcase-cache` without one.
pub fn cache_dir(fallback: &Path) -> PathBuf {
    dirs::cache_dir()
        .or_else(dirs::home_dir)
        .unwrap_or_else(|| fallback.join(".showcase-cache"))
        .join("showcase")
}

/// Writes a theme's files under `cache/theme-<name>-<hash of its files>/` (once: an
/// existing, complete copy is reused) and returns that folder.
pub fn embedded_theme<S: AsRef<str>, B: AsRef<[u8]>>(
    cache: &Path,
    name: &str,
    files: &[(S, B)],
) -> std::io::Result<PathBuf> {
    let mut h = Sha256::new();
    for (rel, bytes) in files {
        let (rel, bytes) = (rel.as_ref(), bytes.as_ref());
        h.update(rel.as_bytes());
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    }
    let hash: String = h.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let dir = cache.join(format!("theme-{name}-{hash}"));
    let done = dir.join(".complete");
    if done.is_file() {
        return Ok(dir);
    }
    // Written beside, then renamed: a half-written theme is never used.
    let tmp = cache.join(format!(".theme-{name}-{hash}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    write_files(&tmp, files)?;
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

/// Writes theme files below `dir`, creating folders as needed.
pub fn write_files<S: AsRef<str>, B: AsRef<[u8]>>(
    dir: &Path,
    files: &[(S, B)],
) -> std::io::Result<()> {
    for (rel, bytes) in files {
        let p = dir.join(rel.as_ref());
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&p, bytes.as_ref())?;
    }
    Ok(())
}

#[cfg(test)]
#[path = "theme_tests.rs"]
mod tests;

//! Scaffolding for office staff: `showcase init` writes a project folder (content skeleton
//! and the embedded default theme) that checks and builds at once; `showcase new` adds a
//! cohort, a report or case, or an activity template to existing content.
//!
//! Every function here returns the Chinese message for the user as its error; the CLI
//! (`cli/scaffold.rs`) only prints. Nothing is ever overwritten: new files are created with
//! `create_new`, and activity templates are appended after the file's existing bytes.
//!
//! One file per command ([`init`], [`cohort`], [`document`], [`activity`]); this module holds
//! what they share: reading the existing content, picking a cohort or group, writing files.

mod activity;
mod cohort;
mod document;
mod init;
pub mod slug;
pub mod text;
pub mod theme;

pub use activity::{ActivityOutcome, append_activity, new_activity};
pub use cohort::{CohortOutcome, new_cohort};
pub use document::{DocOutcome, NewDoc, doc_date, document_stem, new_document};
pub use init::{InitOutcome, init, init_files};

use crate::diag::{Diagnostics, did_you_mean};
use crate::model::{Cohort, Content};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Years a cohort folder may be named after (the loader's range).
pub const YEARS: std::ops::RangeInclusive<i32> = 1949..=2200;

/// Path text for messages, always with `/`.
pub fn shown(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// Creates `path` with `bytes`; fails if it already exists (never overwrites).
pub fn create_file(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("错误：无法创建文件夹 {}：{e}", shown(dir)))?;
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                format!("错误：{} 已存在，未覆盖。", shown(path))
            } else {
                format!("错误：无法创建 {}：{e}", shown(path))
            }
        })?;
    f.write_all(bytes)
        .map_err(|e| format!("错误：无法写入 {}：{e}", shown(path)))
}

// ---------------------------------------------------------------------------------------
// Reading existing content

fn load(root: &Path) -> Result<(Content, Diagnostics), String> {
    if !root.is_dir() {
        return Err(format!(
            "错误：找不到内容目录 {}。\n  请在含有 content/ 的项目文件夹中运行，或用 --content 指定内容目录；新建项目用 showcase init 文件夹名。",
            shown(root)
        ));
    }
    let mut diags = Diagnostics::default();
    let content = crate::load::load(root, &mut diags);
    Ok((content, diags))
}

fn years(content: &Content) -> String {
    if content.cohorts.is_empty() {
        return "（还没有任何一届）".into();
    }
    content
        .cohorts
        .iter()
        .map(|c| c.year.to_string())
        .collect::<Vec<_>>()
        .join("、")
}

/// The cohort `year`, or the latest one.
pub fn pick_cohort(content: &Content, year: Option<i32>) -> Result<&Cohort, String> {
    match year {
        Some(y) => content
            .cohort(y)
            .ok_or_else(|| format!("错误：没有 {y} 届。现有各届：{}", years(content))),
        None => content.latest().ok_or_else(|| {
            "错误：内容目录中还没有任何一届。先用 showcase new cohort 年份 新建一届。".to_string()
        }),
    }
}

/// The cohort must still be editable.
pub fn editable(c: &Cohort) -> Result<(), String> {
    if c.edition.is_some() {
        return Err(format!(
            "错误：{} 届已归档定稿（showcase archive），资料只读，未做任何改动。\n  若是选错了届次，请用 --cohort 年份 指定。",
            c.year
        ));
    }
    Ok(())
}

/// A group by id or name; an unknown one names every group of the cohort.
pub fn pick_group<'a>(c: &'a Cohort, want: &str) -> Result<&'a crate::model::Group, String> {
    let want = want.trim();
    if let Some(g) = c
        .groups
        .iter()
        .find(|g| g.id.value == want || g.name == want)
    {
        return Ok(g);
    }
    if c.groups.is_empty() {
        return Err(format!(
            "错误：{} 届还没有任何小组，找不到「{want}」。请先在 {} 中添加小组。",
            c.year,
            shown(&c.dir.join("groups.yaml"))
        ));
    }
    let list: Vec<String> = c
        .groups
        .iter()
        .map(|g| format!("{}（{}）", g.id.value, g.name))
        .collect();
    let candidates = c
        .groups
        .iter()
        .flat_map(|g| [g.id.value.as_str(), g.name.as_str()]);
    let hint = match did_you_mean(want, candidates) {
        Some(s) => format!("是否应为「{s}」？"),
        None => String::new(),
    };
    Err(format!(
        "错误：{} 届没有小组「{want}」。{hint}\n  本届小组：{}",
        c.year,
        list.join("、")
    ))
}

/// When the cohort was not named, says which one was taken and how to pick another.
fn latest_hint(e: String, c: &Cohort, asked: Option<i32>) -> String {
    match asked {
        Some(_) => e,
        None => format!(
            "{e}\n  （未指定届次，用的是最近一届 {}；其他届请加 --cohort 年份）",
            c.year
        ),
    }
}

/// Errors the loader reported in any of `files` (paths relative to the content root).
fn errors_in(content: &Content, diags: &Diagnostics, files: &[PathBuf]) -> usize {
    diags
        .list
        .iter()
        .filter(|d| d.is_error())
        .filter(|d| match (&d.pos, &d.path) {
            (Some(p), _) => files.iter().any(|f| content.sources.path(p.file) == f),
            (None, Some(path)) => files.iter().any(|f| shown(f) == *path),
            _ => false,
        })
        .count()
}

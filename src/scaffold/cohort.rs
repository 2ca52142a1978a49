//! `showcase new cohort`: a new year's folder, its groups and programmes copied from an
//! earlier cohort when asked (members are not copied: each year has its own roster).

use super::text::{self, GroupSpec, ProgrammeSpec};
use super::{YEARS, create_file, errors_in, load, shown, years};
use crate::model::PointsRules;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub struct CohortOutcome {
    /// `cohorts/2018`, relative to the content root.
    pub dir: PathBuf,
    pub files: Vec<PathBuf>,
    pub copied_from: Option<i32>,
    pub groups: usize,
    /// The latest existing cohort, when nothing was copied (for a hint).
    pub previous: Option<i32>,
}

pub fn new_cohort(root: &Path, year: i32, copy_from: Option<i32>) -> Result<CohortOutcome, String> {
    if !YEARS.contains(&year) {
        return Err(format!(
            "错误：「{year}」不是有效的年份。届用四位年份表示，如 showcase new cohort 2018。"
        ));
    }
    let (content, diags) = load(root)?;
    let rel = PathBuf::from("cohorts").join(year.to_string());
    if root.join(&rel).exists() {
        return Err(format!(
            "错误：{} 已存在，未做任何改动。\n  {year} 届的资料请直接在该文件夹中修改。",
            shown(&root.join(&rel))
        ));
    }
    let (programmes, groups) = match copy_from {
        Some(y) => {
            let src = content.cohort(y).ok_or_else(|| {
                format!("错误：没有 {y} 届，无法复制。现有各届：{}", years(&content))
            })?;
            let needed = [src.dir.join("cohort.yaml"), src.dir.join("groups.yaml")];
            let n = errors_in(&content, &diags, &needed);
            if n > 0 {
                return Err(format!(
                    "错误：{y} 届的 cohort.yaml 或 groups.yaml 有 {n} 个错误，复制出来也会带着错误；未做任何改动。\n  请先运行 showcase check 改正，再重新运行本命令。"
                ));
            }
            let programmes: Vec<ProgrammeSpec> = src
                .programmes
                .iter()
                .map(|p| ProgrammeSpec {
                    id: p.id.value.clone(),
                    name: p.name.clone(),
                    description: p.description.clone(),
                })
                .collect();
            let groups: Vec<GroupSpec> = src
                .groups
                .iter()
                .map(|g| GroupSpec {
                    id: g.id.value.clone(),
                    name: g.name.clone(),
                    programme: g.programme.value.clone(),
                    line: g.line.clone(),
                    mentor: g.mentor.as_ref().map(|m| (m.name.clone(), m.title.clone())),
                })
                .collect();
            (programmes, groups)
        }
        None => (text::default_programmes(), Vec::new()),
    };
    let programmes = if programmes.is_empty() {
        text::default_programmes()
    } else {
        programmes
    };
    let start = NaiveDate::from_ymd_opt(year, 1, 1).ok_or("错误：无效的年份")?;
    let end = NaiveDate::from_ymd_opt(year, 12, 31).ok_or("错误：无效的年份")?;
    let dir = root.join(&rel);
    std::fs::create_dir_all(root.join("cohorts"))
        .map_err(|e| format!("错误：无法创建文件夹 {}：{e}", shown(&root.join("cohorts"))))?;
    // create_dir (not _all): fails if the folder appeared meanwhile.
    std::fs::create_dir(&dir).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            format!("错误：{} 已存在，未做任何改动。", shown(&dir))
        } else {
            format!("错误：无法创建文件夹 {}：{e}", shown(&dir))
        }
    })?;
    let files = vec![
        (
            rel.join("cohort.yaml"),
            text::cohort_yaml(
                year,
                start,
                end,
                &programmes,
                &PointsRules::default(),
                copy_from,
            ),
        ),
        (
            rel.join("groups.yaml"),
            text::groups_yaml(year, &groups, copy_from),
        ),
        (
            rel.join("members.yaml"),
            text::members_yaml(year, &[], "", ""),
        ),
    ];
    let mut written = Vec::new();
    for (f, t) in files {
        create_file(&root.join(&f), t.as_bytes())?;
        written.push(f);
    }
    let activities = rel.join("activities");
    std::fs::create_dir_all(root.join(&activities)).map_err(|e| {
        format!(
            "错误：无法创建文件夹 {}：{e}",
            shown(&root.join(&activities))
        )
    })?;
    written.push(activities);
    let previous = content
        .cohorts
        .iter()
        .filter(|c| c.year < year)
        .map(|c| c.year)
        .max();
    Ok(CohortOutcome {
        dir: rel,
        files: written,
        copied_from: copy_from,
        groups: groups.len(),
        previous: if copy_from.is_none() { previous } else { None },
    })
}

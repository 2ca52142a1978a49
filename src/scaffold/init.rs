//! `showcase init`: a project folder (content skeleton with one cohort, group, three members
//! and example records, and the embedded default theme) that checks and builds at once.

use super::text::{self, GroupSpec, MemberSpec};
use super::theme;
use super::{create_file, shown};
use crate::model::PointsRules;
use chrono::{Datelike, NaiveDate};
use std::path::{Path, PathBuf};

/// The skeleton's group and members.
const INIT_GROUP: &str = "qg-1";
const INIT_MEMBERS: [MemberSpec; 3] = [
    MemberSpec {
        id: "p001",
        name: "张明",
        gender: "男",
        department: "党政办公室",
        position: Some("科员"),
        rank: "一般工作人员",
    },
    MemberSpec {
        id: "p002",
        name: "李华",
        gender: "女",
        department: "社区管理办公室",
        position: None,
        rank: "一般工作人员",
    },
    MemberSpec {
        id: "p003",
        name: "王芳",
        gender: "女",
        department: "经济发展办公室",
        position: None,
        rank: "一般工作人员",
    },
];

/// What `init` wrote.
#[derive(Debug)]
pub struct InitOutcome {
    pub year: i32,
    /// Files written, relative to the project folder.
    pub files: Vec<PathBuf>,
}

/// Every file of a new project, relative to the project folder.
pub fn init_files(today: NaiveDate) -> Vec<(PathBuf, Vec<u8>)> {
    let year = today.year();
    let start = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(today);
    let end = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(today);
    let cohort = PathBuf::from("content/cohorts").join(year.to_string());
    let names: Vec<&str> = INIT_MEMBERS.iter().map(|m| m.name).collect();
    let group = GroupSpec {
        id: INIT_GROUP.into(),
        name: "青干班第一组".into(),
        programme: "qinggan".into(),
        line: None,
        mentor: None,
    };
    let mut files: Vec<(PathBuf, Vec<u8>)> = vec![
        ("content/site.yaml".into(), text::site_yaml().into_bytes()),
        (
            cohort.join("cohort.yaml"),
            text::cohort_yaml(
                year,
                start,
                end,
                &text::default_programmes(),
                &PointsRules::default(),
                None,
            )
            .into_bytes(),
        ),
        (
            cohort.join("groups.yaml"),
            text::groups_yaml(year, &[group], None).into_bytes(),
        ),
        (
            cohort.join("members.yaml"),
            text::members_yaml(year, &INIT_MEMBERS, "qinggan", INIT_GROUP).into_bytes(),
        ),
        (
            cohort.join("activities").join(format!("{INIT_GROUP}.yaml")),
            text::example_activity_file(INIT_GROUP, today, &names).into_bytes(),
        ),
        (
            cohort
                .join("reports")
                .join(format!("{INIT_GROUP}-example.md")),
            text::example_report_md(INIT_GROUP, today, &names[..2]).into_bytes(),
        ),
        (
            cohort.join("preface.md"),
            text::preface_md(today).into_bytes(),
        ),
    ];
    for (rel, bytes) in theme::DEFAULT_THEME {
        files.push((
            Path::new(theme::DEFAULT_THEME_DIR).join(rel),
            bytes.to_vec(),
        ));
    }
    files
}

/// Writes a new project into `dir` (created if missing; must be empty if it exists).
pub fn init(dir: &Path, today: NaiveDate) -> Result<InitOutcome, String> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(format!(
                    "错误：文件夹 {} 不是空的，未做任何改动。\n  为免覆盖已有文件，init 只在新文件夹或空文件夹中创建项目；请换一个文件夹名，如 showcase init 青干展示{}。",
                    shown(dir),
                    today.year()
                ));
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(_) if dir.exists() => {
            return Err(format!(
                "错误：{} 已存在且不是文件夹，未做任何改动。请换一个名称。",
                shown(dir)
            ));
        }
        Err(e) => return Err(format!("错误：无法读取 {}：{e}", shown(dir))),
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("错误：无法创建文件夹 {}：{e}", shown(dir)))?;
    let files = init_files(today);
    let mut written = Vec::with_capacity(files.len());
    for (rel, bytes) in files {
        create_file(&dir.join(&rel), &bytes)?;
        written.push(rel);
    }
    Ok(InitOutcome {
        year: today.year(),
        files: written,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn init_files_include_the_whole_theme() {
        let today = NaiveDate::from_ymd_opt(2025, 3, 4).unwrap();
        let files = init_files(today);
        assert!(
            files
                .iter()
                .any(|(p, _)| p == Path::new("themes/default/print/booklet.typ"))
        );
        assert!(
            files
                .iter()
                .any(|(p, _)| p == Path::new("content/cohorts/2025/cohort.yaml"))
        );
    }
}

//! Scaffolding for office staff: `showcase init` writes a project folder (content skeleton
//! and the embedded default theme) that checks and builds at once; `showcase new` adds a
//! cohort, a report or case, or an activity template to existing content.
//!
//! Every function here returns the Chinese message for the user as its error; the CLI
//! (`cli/scaffold.rs`) only prints. Nothing is ever overwritten: new files are created with
//! `create_new`, and activity templates are appended after the file's existing bytes.

pub mod slug;
pub mod text;
pub mod theme;

use crate::diag::{Diagnostics, did_you_mean};
use crate::model::{Cohort, Content, PointsRules};
use chrono::{Datelike, NaiveDate};
use std::io::Write;
use std::path::{Path, PathBuf};
use text::{GroupSpec, MemberSpec, ProgrammeSpec};

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
// showcase init

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

// ---------------------------------------------------------------------------------------
// showcase new cohort

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

// ---------------------------------------------------------------------------------------
// showcase new report / case

#[derive(Debug)]
pub struct DocOutcome {
    /// Relative to the content root.
    pub path: PathBuf,
    pub year: i32,
    /// The cohort is marked `status: archived` (still editable, but rarely meant).
    pub archived: bool,
    pub group: String,
    pub date: NaiveDate,
}

/// A document date the checker accepts for the cohort: today when possible, else the
/// period's last day.
pub fn doc_date(c: &Cohort, today: NaiveDate) -> NaiveDate {
    let late = c.end + chrono::Days::new(62);
    if today.year() == c.year || (c.start <= today && today <= late) {
        today
    } else {
        c.end
    }
}

/// The file name (without `.md`) `new report` gives a document titled `title` in `dir`:
/// `<group>-<pinyin of the title>`, or `<group>-report-<n>` (`case-<n>`) when the title has
/// nothing to transliterate (also used by `import report`).
pub fn document_stem(dir: &Path, group: &str, case: bool, title: &str) -> String {
    if let Some(t) = slug::transliterate(title) {
        return format!("{group}-{t}");
    }
    let kind = if case { "case" } else { "report" };
    let prefix = format!("{group}-{kind}-");
    let mut n = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
                .count()
        })
        .unwrap_or(0)
        + 1;
    while dir.join(format!("{prefix}{n}.md")).exists() {
        n += 1;
    }
    format!("{prefix}{n}")
}

pub struct NewDoc<'a> {
    pub group: &'a str,
    pub cohort: Option<i32>,
    pub case: bool,
    pub title: &'a str,
    pub slug: Option<&'a str>,
}

pub fn new_document(root: &Path, req: &NewDoc, today: NaiveDate) -> Result<DocOutcome, String> {
    let title = req.title.trim();
    if title.is_empty() {
        return Err("错误：标题是空的。用法：showcase new report --group 小组编号 文章标题".into());
    }
    if title.chars().any(char::is_control) {
        return Err("错误：标题中不能有换行或制表符。".into());
    }
    let (content, _) = load(root)?;
    let c = pick_cohort(&content, req.cohort)?;
    editable(c)?;
    let g = pick_group(c, req.group).map_err(|e| latest_hint(e, c, req.cohort))?;
    let group = g.id.value.as_str();
    let dir_rel = c.dir.join(if req.case { "cases" } else { "reports" });
    let dir = root.join(&dir_rel);
    let name = match req.slug {
        Some(s) => {
            let s = s.trim().trim_end_matches(".md");
            if !slug::is_valid(s) {
                return Err(format!(
                    "错误：文件名「{s}」不可用：它会成为网址，只能用小写英文字母、数字和连字符，如 {group}-weijian。"
                ));
            }
            s.to_string()
        }
        None => document_stem(&dir, group, req.case, title),
    };
    let rel = dir_rel.join(format!("{name}.md"));
    if root.join(&rel).exists() {
        return Err(format!(
            "错误：{} 已存在，未覆盖。\n  若是另一篇文章，请用 --slug 另取文件名，如 --slug {name}-2。",
            shown(&root.join(&rel))
        ));
    }
    let date = doc_date(c, today);
    let body = text::document_md(title, group, &g.name, date, req.case);
    create_file(&root.join(&rel), body.as_bytes())?;
    Ok(DocOutcome {
        path: rel,
        year: c.year,
        archived: c.status == crate::model::Status::Archived,
        group: group.to_string(),
        date,
    })
}

// ---------------------------------------------------------------------------------------
// showcase new activity

#[derive(Debug)]
pub struct ActivityOutcome {
    /// Relative to the content root.
    pub path: PathBuf,
    pub created: bool,
    pub year: i32,
    /// The cohort is marked `status: archived` (still editable, but rarely meant).
    pub archived: bool,
    pub group: String,
    pub date: NaiveDate,
    /// 1-based lines of the appended template.
    pub first_line: usize,
    pub last_line: usize,
}

/// The activity file of `group`: `activities/<group>.yaml`, or the file its records already
/// live in when that is named otherwise.
fn activity_file(content: &Content, c: &Cohort, group: &str) -> PathBuf {
    let default = c.dir.join("activities").join(format!("{group}.yaml"));
    if content.root.join(&default).exists() {
        return default;
    }
    c.group_activities(group)
        .next()
        .map(|a| content.sources.path(a.pos.file).to_path_buf())
        .unwrap_or(default)
}

pub fn new_activity(
    root: &Path,
    group: &str,
    cohort: Option<i32>,
    today: NaiveDate,
) -> Result<ActivityOutcome, String> {
    let (content, _) = load(root)?;
    let c = pick_cohort(&content, cohort)?;
    editable(c)?;
    let g = pick_group(c, group).map_err(|e| latest_hint(e, c, cohort))?;
    let group = g.id.value.as_str();
    let rel = activity_file(&content, c, group);
    let path = root.join(&rel);
    let old = match std::fs::read(&path) {
        Ok(bytes) => Some(String::from_utf8(bytes).map_err(|_| {
            format!(
                "错误：{} 不是 UTF-8 编码，未做任何改动。\n  用记事本打开，“另存为”时编码选 UTF-8，再运行本命令。",
                shown(&rel)
            )
        })?),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(format!("错误：无法读取 {}：{e}", shown(&rel))),
    };
    let date = if c.start <= today && today <= c.end {
        today
    } else {
        c.start
    };
    let template =
        |indent: usize, nl: &str| text::activity_template(indent, nl, date, c.start, c.end, today);
    let new = append_activity(old.as_deref(), group, &g.name, template)
        .map_err(|e| format!("错误：{}：{e}未做任何改动。", shown(&rel)))?;
    write_atomically(&path, &new)
        .map_err(|e| format!("错误：无法写入 {}：{e}。未做任何改动。", shown(&rel)))?;
    let old_lines = old.as_deref().map(|t| t.lines().count()).unwrap_or(0);
    // The template's first line is its comment; point at the record itself.
    let first_line = new
        .lines()
        .enumerate()
        .skip(old_lines)
        .find(|(_, l)| l.trim_start().starts_with("- date:"))
        .map(|(i, _)| i + 1)
        .unwrap_or(old_lines + 1);
    Ok(ActivityOutcome {
        path: rel,
        created: old.is_none(),
        year: c.year,
        archived: c.status == crate::model::Status::Archived,
        group: group.to_string(),
        date,
        first_line,
        last_line: new.lines().count(),
    })
}

/// The full new text of a group's activity file: `existing` (`None` when the file does not
/// exist yet) with one template record appended — through the same checked append as
/// `import attendance`, so existing bytes and records never change.
pub fn append_activity(
    existing: Option<&str>,
    group: &str,
    group_name: &str,
    template: impl Fn(usize, &str) -> String,
) -> Result<String, String> {
    let new_file = || {
        let mut out = format!("# {group_name}活动记录：一次活动一条，按日期先后排列\n");
        out += &text::line(
            &format!("group: {}", crate::sheets::yaml_out::scalar(group)),
            "归属小组编号",
        );
        out + "activities:\n"
    };
    crate::sheets::yaml_out::append_with(existing, group, new_file, 1, template)
        .map_err(|e| format!("{}。{}", e.message, e.hint))
}

/// Writes through a temporary file in the same folder and renames it into place, so a content
/// file is never left half-written (also used by `import attendance`).
pub fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.new.tmp"));
    std::fs::write(&tmp, text)?;
    if let Err(e) = std::fs::rename(&tmp, path) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tpl(indent: usize, nl: &str) -> String {
        let d = NaiveDate::from_ymd_opt(2017, 6, 1).unwrap();
        text::activity_template(indent, nl, d, d, d, d)
    }

    #[test]
    fn appends_after_the_existing_bytes() {
        let old = "# 注释\ngroup: g\nactivities:\n  - date: 2017-05-01\n    title: 旧\n    kind: 学习\n    participants: 全体   # 行尾注释";
        let new = append_activity(Some(old), "g", "组", tpl).unwrap();
        assert!(new.starts_with(old));
        assert!(new.contains("\n  - date: 2017-06-01"), "{new}");
    }

    #[test]
    fn keeps_crlf_and_column_zero_dashes() {
        let old = "group: g\r\nactivities:\r\n- date: 2017-05-01\r\n  title: 旧\r\n  kind: 学习\r\n  participants: 全体\r\n";
        let new = append_activity(Some(old), "g", "组", tpl).unwrap();
        assert!(new.starts_with(old));
        assert!(new.contains("\r\n- date: 2017-06-01"), "{new:?}");
        assert!(!new[old.len()..].replace("\r\n", "").contains('\n'));
    }

    #[test]
    fn creates_missing_files_and_fills_empty_ones() {
        let new = append_activity(None, "g", "组", tpl).unwrap();
        assert!(new.contains("group: g"));
        let new = append_activity(Some("group: g\nactivities:\n"), "g", "组", tpl).unwrap();
        assert!(new.starts_with("group: g\nactivities:\n"));
        let new = append_activity(Some("group: g\n"), "g", "组", tpl).unwrap();
        assert!(new.starts_with("group: g\nactivities:\n"), "{new}");
    }

    #[test]
    fn refuses_what_it_cannot_append_to() {
        let e = append_activity(Some("group: g\nactivities: []\n"), "g", "组", tpl).unwrap_err();
        assert!(e.contains("activities: []"), "{e}");
        let e = append_activity(Some("programme: p\nactivities:\n"), "g", "组", tpl).unwrap_err();
        assert!(e.contains("归属"), "{e}");
        let e = append_activity(
            Some("activities:\n  - date: 2017-05-01\n    title: 旧\ngroup: g\n"),
            "g",
            "组",
            tpl,
        )
        .unwrap_err();
        assert!(e.contains("结构"), "{e}");
    }

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

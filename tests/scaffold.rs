//! `showcase init` and `showcase new`: a new project checks and builds at once; new cohorts,
//! reports, cases and activity templates keep the content valid; existing bytes are never
//! changed; refusals exit 1 with a clear message. Everything runs in temporary folders.

mod common;

use assert_cmd::Command;
use common::Workspace;
use std::path::{Path, PathBuf};

fn showcase(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("showcase").unwrap();
    c.current_dir(dir).env("NO_COLOR", "1");
    c
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs and expects success; returns stdout.
fn ok(cmd: &mut Command) -> String {
    let out = cmd.output().expect("run showcase");
    assert!(
        out.status.success(),
        "expected success\nstdout:\n{}\nstderr:\n{}",
        stdout(&out),
        stderr(&out)
    );
    stdout(&out)
}

/// Runs and expects exit code 1; returns stderr.
fn fails(cmd: &mut Command) -> String {
    let out = cmd.output().expect("run showcase");
    assert_eq!(
        out.status.code(),
        Some(1),
        "expected exit 1\nstdout:\n{}\nstderr:\n{}",
        stdout(&out),
        stderr(&out)
    );
    stderr(&out)
}

fn check_passes(dir: &Path, content: &Path) {
    let out = ok(showcase(dir).arg("check").arg("--content").arg(content));
    assert!(out.contains("检查通过"), "{out}");
    assert!(out.contains("；0 个错误"), "{out}");
}

fn files_below(root: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(root).unwrap().to_path_buf())
        .collect();
    out.sort();
    out
}

fn new_project() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = ok(showcase(tmp.path()).args(["init", "青干展示"]));
    assert!(out.contains("下一步"), "{out}");
    assert!(out.contains("cd 青干展示"), "{out}");
    assert!(out.contains("showcase check"), "{out}");
    assert!(out.contains("showcase build"), "{out}");
    let dir = tmp.path().join("青干展示");
    (tmp, dir)
}

#[test]
fn init_creates_a_project_that_checks_and_builds() {
    let (_tmp, dir) = new_project();
    let year = chrono_year();
    let cohort = dir.join("content/cohorts").join(year.to_string());
    for f in [
        "cohort.yaml",
        "groups.yaml",
        "members.yaml",
        "activities/qg-1.yaml",
        "reports/qg-1-example.md",
        "preface.md",
    ] {
        assert!(cohort.join(f).is_file(), "missing {f}");
    }
    let cohort_yaml = std::fs::read_to_string(cohort.join("cohort.yaml")).unwrap();
    assert!(cohort_yaml.contains("points:"), "{cohort_yaml}");
    assert!(cohort_yaml.contains("pass_mark: 60"), "{cohort_yaml}");
    // Every YAML field line carries a Chinese comment.
    let site = std::fs::read_to_string(dir.join("content/site.yaml")).unwrap();
    for l in site.lines().filter(|l| !l.trim_start().starts_with('#')) {
        assert!(l.contains(" # "), "line without a comment: {l}");
    }
    let report = std::fs::read_to_string(cohort.join("reports/qg-1-example.md")).unwrap();
    for key in [
        "title:",
        "authors:",
        "group:",
        "date:",
        "abstract:",
        "keywords:",
    ] {
        assert!(report.contains(key), "{key} missing:\n{report}");
    }

    let out = ok(showcase(&dir).arg("check"));
    assert!(
        out.contains("检查通过：1 届、1 个小组、3 名学员、1 条活动记录、1 篇调研文章"),
        "{out}"
    );
    assert!(out.contains("；0 个错误"), "{out}");
    ok(showcase(&dir).args(["build", "--no-booklet"]));
    assert!(dir.join("output/site/index.html").is_file());
    assert!(dir.join("output/site/assets/style.css").is_file());
}

fn chrono_year() -> i32 {
    use chrono::Datelike;
    showcase::edition::today().year()
}

#[test]
fn init_writes_every_file_of_the_default_theme() {
    let (_tmp, dir) = new_project();
    let repo_theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    let written = dir.join("themes/default");
    let expected = files_below(&repo_theme);
    assert_eq!(
        files_below(&written),
        expected,
        "src/scaffold/theme.rs must list every file of themes/default"
    );
    for f in expected {
        assert!(
            std::fs::read(written.join(&f)).unwrap() == std::fs::read(repo_theme.join(&f)).unwrap(),
            "{} differs from the repository's theme (rebuild, or the file changed during the test)",
            f.display()
        );
    }
}

/// The repository's theme `name` flattened: its parents' files (theme.yaml `extends:`) with
/// its own over them, without theme.yaml — what `theme eject` writes. Path → file.
fn flattened(name: &str) -> std::collections::BTreeMap<PathBuf, PathBuf> {
    let themes = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes");
    let mut chain = vec![themes.join(name)];
    while let Ok(yaml) = std::fs::read_to_string(chain.last().unwrap().join("theme.yaml")) {
        match yaml.lines().find_map(|l| l.strip_prefix("extends:")) {
            Some(parent) => chain.push(themes.join(parent.trim())),
            None => break,
        }
    }
    let mut map = std::collections::BTreeMap::new();
    for dir in chain.iter().rev() {
        for f in files_below(dir) {
            map.insert(f.clone(), dir.join(f));
        }
    }
    map.remove(Path::new("theme.yaml"));
    map
}

/// `theme eject` writes each built-in theme as the repository has it, flattened over its
/// parent (so the embedded lists in src/scaffold/theme.rs match the folders), refuses to
/// overwrite it, and the project then builds with `theme:` in site.yaml; an unknown theme is
/// refused with the list. `--layer` writes exactly the theme's own folder.
#[test]
fn eject_writes_every_builtin_theme_and_site_yaml_selects_it() {
    let (_tmp, dir) = new_project();
    for name in ["gongwen", "default2"] {
        let (theme, target) = match name {
            "default2" => ("default", "themes/default2"),
            _ => (name, "themes/gongwen"),
        };
        let mut cmd = showcase(&dir);
        cmd.args(["theme", "eject", "--theme", theme]);
        if name == "default2" {
            cmd.arg(target);
        }
        let out = ok(&mut cmd);
        assert!(out.contains("下一步"), "{out}");
        let written = dir.join(target);
        let expected = flattened(theme);
        assert_eq!(
            files_below(&written),
            expected.keys().cloned().collect::<Vec<_>>(),
            "src/scaffold/theme.rs must list every file of themes/{theme}"
        );
        for (f, repo) in expected {
            assert!(
                std::fs::read(written.join(&f)).unwrap() == std::fs::read(&repo).unwrap(),
                "{theme}: {} differs from the repository's theme",
                f.display()
            );
        }
    }
    // --layer: exactly the repository's folder, theme.yaml included.
    for theme in ["default", "gongwen"] {
        let target = dir.join(format!("layer-{theme}"));
        let t = target.to_str().unwrap();
        ok(showcase(&dir).args(["theme", "eject", "--layer", "--theme", theme, t]));
        let repo_theme = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("themes")
            .join(theme);
        let expected = files_below(&repo_theme);
        assert_eq!(
            files_below(&target),
            expected,
            "src/scaffold/theme.rs must list every file of themes/{theme}"
        );
        for f in expected {
            assert!(
                std::fs::read(target.join(&f)).unwrap()
                    == std::fs::read(repo_theme.join(&f)).unwrap(),
                "{theme}: {} differs from the repository's theme",
                f.display()
            );
        }
    }
    let err = fails(showcase(&dir).args(["theme", "eject", "--theme", "gongwen"]));
    assert!(err.contains("已经存在"), "{err}");

    // theme: in site.yaml picks the (ejected, edited) theme; an unknown one lists the choices.
    let css = dir.join("themes/gongwen/static/theme.css");
    let mut text = std::fs::read_to_string(&css).unwrap();
    text.push_str("\n/* ejected and edited */\n");
    std::fs::write(&css, text).unwrap();
    let site = dir.join("content/site.yaml");
    let yaml = std::fs::read_to_string(&site).unwrap();
    std::fs::write(&site, format!("{yaml}theme: gongwen\n")).unwrap();
    ok(showcase(&dir).args(["build", "--no-booklet"]));
    let built = std::fs::read_to_string(dir.join("output/site/assets/theme.css")).unwrap();
    assert!(built.contains("ejected and edited"));
    std::fs::write(&site, format!("{yaml}theme: gongwenn\n")).unwrap();
    let err = fails(showcase(&dir).args(["build", "--no-booklet"]));
    assert!(err.contains("site.yaml:"), "{err}");
    assert!(err.contains("「gongwenn」"), "{err}");
    assert!(err.contains("default、gongwen（内置）"), "{err}");
    assert!(err.contains("default2（themes/default2/）"), "{err}");
    // The flag wins over site.yaml.
    ok(showcase(&dir).args(["build", "--no-booklet", "--theme", "default"]));
}

/// A project theme holding only what differs (`theme.yaml`: `extends: gongwen`): its file
/// wins, the rest comes from the built-in parent and its own parent default; doctor lists the
/// layers; an unknown parent stops the build naming theme.yaml and the available themes.
#[test]
fn a_project_theme_extends_a_builtin_one() {
    let (_tmp, dir) = new_project();
    let mine = dir.join("themes/mine");
    std::fs::create_dir_all(mine.join("templates")).unwrap();
    std::fs::write(mine.join("theme.yaml"), "extends: gongwen\n").unwrap();
    let ours = "<!doctype html><title>mine</title><p>mine: {{ site.title }}</p>\n";
    std::fs::write(mine.join("templates/404.html"), ours).unwrap();
    let site = dir.join("content/site.yaml");
    let yaml = std::fs::read_to_string(&site).unwrap();
    std::fs::write(&site, format!("{yaml}theme: mine\n")).unwrap();
    ok(showcase(&dir).args(["build", "--no-booklet"]));
    let page = std::fs::read_to_string(dir.join("output/site/404.html")).unwrap();
    assert!(
        page.contains("<p>mine: "),
        "the child's template wins: {page}"
    );
    let home = std::fs::read_to_string(dir.join("output/site/index.html")).unwrap();
    assert!(
        home.contains("assets/theme.css"),
        "default's base.html is inherited"
    );
    let assets = dir.join("output/site/assets");
    let gongwen = std::fs::read_to_string(assets.join("theme.css")).unwrap();
    assert!(gongwen.contains("gongwen"), "gongwen's layer is inherited");
    assert!(assets.join("style.css").is_file() && assets.join("search.js").is_file());
    let doctor = stdout(&showcase(&dir).args(["doctor"]).output().unwrap());
    assert!(doctor.contains("主题继承"), "{doctor}");
    assert!(doctor.contains("themes/mine →"), "{doctor}");

    std::fs::write(mine.join("theme.yaml"), "# mine\nextends: gongwenn\n").unwrap();
    let err = fails(showcase(&dir).args(["build", "--no-booklet"]));
    assert!(err.contains("theme.yaml:2:10"), "{err}");
    assert!(err.contains("「gongwenn」"), "{err}");
    assert!(err.contains("default、gongwen（内置）"), "{err}");
}

/// doctor names the selected theme and, for gongwen, reports every font role with the
/// family it gets (here the free fallbacks, unless the official faces are installed).
#[test]
fn doctor_reports_the_font_roles_of_the_selected_theme() {
    let (_tmp, dir) = new_project();
    let out = showcase(&dir)
        .args(["doctor", "--theme", "gongwen"])
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(text.contains("主题："), "{text}");
    for role in ["标题（小标宋）", "正文（仿宋）", "（黑体）", "（楷体）"] {
        let line = text
            .lines()
            .find(|l| l.contains("字体角色") && l.contains(role))
            .unwrap_or_else(|| panic!("no line for {role}:\n{text}"));
        assert!(
            line.starts_with("[正常]") || line.contains("缺失"),
            "{line}"
        );
    }
    let default = stdout(&showcase(&dir).arg("doctor").output().unwrap());
    assert!(
        !default.contains("字体角色"),
        "default declares no roles:\n{default}"
    );
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("旧项目");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("笔记.txt"), "保留").unwrap();
    let err = fails(showcase(tmp.path()).args(["init", "旧项目"]));
    assert!(err.contains("不是空的"), "{err}");
    assert!(err.contains("未做任何改动"), "{err}");
    assert_eq!(files_below(&dir), vec![PathBuf::from("笔记.txt")]);
    // An empty folder is fine.
    std::fs::create_dir(tmp.path().join("空")).unwrap();
    ok(showcase(tmp.path()).args(["init", "空"]));
}

#[test]
fn new_cohort_without_copy_is_valid_and_empty() {
    let ws = Workspace::new();
    let root = ws.dir.path();
    let out = ok(showcase(root).args(["new", "cohort", "2018"]));
    assert!(out.contains("已新建 2018 届"), "{out}");
    assert!(out.contains("--copy-from 2017"), "hint at copying: {out}");
    let cohort = ws.read("cohorts/2018/cohort.yaml");
    assert!(cohort.contains("year: 2018"), "{cohort}");
    assert!(cohort.contains("start: 2018-01-01"), "{cohort}");
    assert!(cohort.contains("end: 2018-12-31"), "{cohort}");
    assert!(cohort.contains("status: active"), "{cohort}");
    assert!(cohort.contains("attend: 5"), "{cohort}");
    assert!(ws.read("cohorts/2018/groups.yaml").contains("groups: []"));
    let members = ws.read("cohorts/2018/members.yaml");
    assert!(members.contains("members: []"), "{members}");
    assert!(
        members.contains("#  - id: p001"),
        "commented example: {members}"
    );
    assert!(ws.path("cohorts/2018/activities").is_dir());
    check_passes(root, &ws.content());
}

#[test]
fn new_cohort_copies_programmes_and_groups_with_mentors() {
    let ws = Workspace::new();
    let root = ws.dir.path();
    let out = ok(showcase(root).args(["new", "cohort", "2018", "--copy-from", "2017"]));
    assert!(out.contains("13 个小组"), "{out}");
    let cohort = ws.read("cohorts/2018/cohort.yaml");
    assert!(cohort.contains("id: daoshi"), "{cohort}");
    assert!(cohort.contains("name: 导师班"), "{cohort}");
    let groups = ws.read("cohorts/2018/groups.yaml");
    let old = ws.read("cohorts/2017/groups.yaml");
    for id in old.lines().filter_map(|l| l.trim().strip_prefix("- id: ")) {
        assert!(groups.contains(&format!("- id: {id}")), "{id} missing");
    }
    assert!(groups.contains("name: 卢志强"), "mentors copied: {groups}");
    assert!(groups.contains("title: 办事处副主任"), "{groups}");
    assert!(ws.read("cohorts/2018/members.yaml").contains("members: []"));
    check_passes(root, &ws.content());

    // An activity file for a group of the new cohort is created when missing.
    let out = ok(showcase(root).args([
        "new",
        "activity",
        "--group",
        "chengguan",
        "--cohort",
        "2018",
    ]));
    assert!(out.contains("已新建"), "{out}");
    let file = ws.read("cohorts/2018/activities/chengguan.yaml");
    assert!(file.contains("group: chengguan"), "{file}");
    assert!(file.contains("date: 2018-"), "{file}");
    check_passes(root, &ws.content());
}

#[test]
fn new_cohort_refuses_existing_and_unknown_cohorts() {
    let ws = Workspace::new();
    let root = ws.dir.path();
    let before = ws.read("cohorts/2017/cohort.yaml");
    let err = fails(showcase(root).args(["new", "cohort", "2017"]));
    assert!(err.contains("已存在"), "{err}");
    assert_eq!(ws.read("cohorts/2017/cohort.yaml"), before);
    let err = fails(showcase(root).args(["new", "cohort", "2018", "--copy-from", "2013"]));
    assert!(err.contains("没有 2013 届"), "{err}");
    assert!(err.contains("2017"), "lists the cohorts: {err}");
    assert!(!ws.path("cohorts/2018").exists());
}

#[test]
fn new_report_case_and_activity_keep_the_content_valid() {
    let ws = Workspace::new();
    let root = ws.dir.path();
    let rel = "cohorts/2017/activities/chengguan.yaml";
    let original = std::fs::read(ws.path(rel)).unwrap();

    let out = ok(showcase(root).args([
        "new",
        "activity",
        "--group",
        "chengguan",
        "--cohort",
        "2017",
    ]));
    assert!(out.contains("原有内容未改动"), "{out}");
    let after = std::fs::read(ws.path(rel)).unwrap();
    assert!(after.len() > original.len());
    assert_eq!(
        &after[..original.len()],
        &original[..],
        "existing bytes changed"
    );
    let added = String::from_utf8(after[original.len()..].to_vec()).unwrap();
    assert!(added.contains("title: 待填写：活动名称"), "{added}");
    for field in [
        "date:",
        "kind:",
        "organiser:",
        "headcount:",
        "participants:",
        "absent:",
        "contributions:",
        "submissions:",
        "summary:",
    ] {
        let l = added
            .lines()
            .find(|l| l.trim_start().trim_start_matches("- ").starts_with(field))
            .unwrap_or_else(|| panic!("{field} missing:\n{added}"));
        assert!(l.contains("# "), "{field} without a comment: {l}");
    }
    // Today is outside the 2017 period: the template takes the period's first day.
    assert!(added.contains("- date: 2017-05-01"), "{added}");

    // A second template goes after the first, again without touching what is there.
    let before_second = std::fs::read(ws.path(rel)).unwrap();
    ok(showcase(root).args(["new", "activity", "--group", "城管组", "--cohort", "2017"]));
    let after_second = std::fs::read(ws.path(rel)).unwrap();
    assert_eq!(&after_second[..before_second.len()], &before_second[..]);

    let out = ok(showcase(root).args([
        "new",
        "report",
        "--group",
        "chengguan",
        "--cohort",
        "2017",
        "关于背街小巷环境卫生的调研",
    ]));
    assert!(out.contains("已新建调研文章"), "{out}");
    let report = ws.read("cohorts/2017/reports/chengguan-beijie-xiaoxiang-huanjing-weisheng.md");
    assert!(report.starts_with("---\n"), "{report}");
    assert!(
        report.contains("title: 关于背街小巷环境卫生的调研"),
        "{report}"
    );
    assert!(report.contains("authors: []"), "{report}");
    assert!(report.contains("group: chengguan"), "{report}");
    assert!(report.contains("abstract: 待填写"), "{report}");
    assert!(report.contains("keywords: [待填写]"), "{report}");
    assert!(report.contains("date: 2017-12-31"), "{report}");

    let out = ok(showcase(root).args([
        "new", "report", "--case", "--group", "qg-2", "--cohort", "2017", "——",
    ]));
    assert!(out.contains("已新建活动案例"), "{out}");
    assert!(ws.path("cohorts/2017/cases/qg-2-case-1.md").is_file());

    check_passes(root, &ws.content());
}

#[test]
fn new_report_never_overwrites() {
    let ws = Workspace::new();
    let root = ws.dir.path();
    let args = [
        "new",
        "report",
        "--group",
        "qg-1",
        "--cohort",
        "2017",
        "垃圾分类宣传",
    ];
    ok(showcase(root).args(args));
    let rel = "cohorts/2017/reports/qg-1-laji-fenlei-xuanchuan.md";
    ws.write(rel, "---\ntitle: 已写好的文章\n---\n正文\n");
    let err = fails(showcase(root).args(args));
    assert!(err.contains("已存在，未覆盖"), "{err}");
    assert!(err.contains("--slug"), "{err}");
    assert_eq!(ws.read(rel), "---\ntitle: 已写好的文章\n---\n正文\n");
    let err = fails(showcase(root).args([
        "new", "report", "--group", "qg-1", "--cohort", "2017", "--slug", "城管", "标题",
    ]));
    assert!(err.contains("只能用小写英文字母"), "{err}");
}

#[test]
fn unknown_group_lists_the_groups() {
    let ws = Workspace::new();
    let root = ws.dir.path();
    let rel = "cohorts/2017/activities/chengguan.yaml";
    let before = ws.read(rel);
    for cmd in [
        vec![
            "new",
            "activity",
            "--group",
            "chengguang",
            "--cohort",
            "2017",
        ],
        vec![
            "new",
            "report",
            "--group",
            "chengguang",
            "--cohort",
            "2017",
            "标题",
        ],
    ] {
        let err = fails(showcase(root).args(&cmd));
        assert!(err.contains("2017 届没有小组「chengguang」"), "{err}");
        assert!(err.contains("是否应为「chengguan」"), "{err}");
        assert!(err.contains("chengguan（城管组）"), "lists groups: {err}");
        assert!(err.contains("qg-1（青干班第一组）"), "lists groups: {err}");
    }
    assert_eq!(ws.read(rel), before);
    assert!(
        !ws.path("cohorts/2017/reports/chengguang-biaoti.md")
            .exists()
    );
}

#[test]
fn new_outside_a_project_says_where_to_run() {
    let tmp = tempfile::tempdir().unwrap();
    let err = fails(showcase(tmp.path()).args(["new", "activity", "--group", "qg-1"]));
    assert!(err.contains("找不到内容目录"), "{err}");
    assert!(err.contains("showcase init"), "{err}");
}

//! Command-line tests: check summary, ledger formats and audit trail, sort-names (UTF-8,
//! GBK, unknown characters), doctor.

mod common;

use assert_cmd::Command;
use common::sample_content;
use predicates::prelude::*;

fn showcase() -> Command {
    let mut c = Command::cargo_bin("showcase").unwrap();
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

#[test]
fn check_on_the_sample_passes_with_a_summary() {
    showcase().arg("check").assert().success().stdout(
        predicate::str::contains("检查通过：3 届").and(predicate::str::contains("0 个错误")),
    );
}

#[test]
fn ledger_member_prints_every_entry_with_its_source() {
    let out = showcase()
        .args(["ledger", "--cohort", "2017", "--member", "p043"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("高峰（p043"), "{text}");
    assert!(
        text.contains("cohorts/2017/activities/"),
        "sources must name the record file: {text}"
    );
    // The printed total equals the sum of the entries.
    let sum: u32 = text
        .lines()
        .filter_map(|l| l.split_whitespace().find(|c| c.starts_with('+')))
        .map(|c| c[1..].parse::<u32>().unwrap())
        .sum();
    assert!(text.contains(&format!("合计 {sum} 分")), "{text}");
}

#[test]
fn ledger_json_and_unknown_cohort() {
    let out = showcase()
        .args(["ledger", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["cohort"], 2017);
    assert!(v["members"].as_array().unwrap().len() > 50);
    showcase()
        .args(["ledger", "--cohort", "1999"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("没有 1999 届"));
    showcase()
        .args(["ledger", "--cohort", "2016"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("没有实行积分制"));
}

#[test]
fn sort_names_orders_by_strokes_from_stdin() {
    showcase()
        .arg("sort-names")
        .write_stdin("梁佳慧\n高大富\n李丹\n高富\n王建华\n崔红\n张伟\n黄海涛\n")
        .assert()
        .success()
        .stdout("王建华\n李丹\n张伟\n高富\n高大富\n黄海涛\n崔红\n梁佳慧\n");
    showcase()
        .args(["sort-names", "--single", "by-character"])
        .write_stdin("高富\n高大富\n")
        .assert()
        .success()
        .stdout("高大富\n高富\n");
}

#[test]
fn sort_names_reads_gbk_files_and_warns_about_unknown_characters() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("名单.txt");
    let (gbk, _, _) = encoding_rs::GBK.encode("张伟\n王芳\n李明\n");
    std::fs::write(&f, gbk).unwrap();
    showcase()
        .arg("sort-names")
        .arg(&f)
        .assert()
        .success()
        .stdout("王芳\n李明\n张伟\n");
    showcase()
        .arg("sort-names")
        .write_stdin("王芳\nＸ先生\n")
        .assert()
        .success()
        .stderr(predicate::str::contains("没有排序数据"));
    showcase()
        .args(["sort-names", "--by", "pinyin"])
        .write_stdin("张伟\n单雄\n安然\n")
        .assert()
        .success()
        .stdout("安然\n单雄\n张伟\n");
}

#[test]
fn missing_content_folder_is_a_clear_error() {
    showcase()
        .args(["check", "--content", "/nonexistent-folder"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("找不到内容目录"));
    let _ = sample_content();
}

#[test]
fn check_reports_names_the_collation_tables_do_not_know() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    common::copy_dir(&sample_content(), &content);
    let members = content.join("cohorts/2016/members.yaml");
    let text = std::fs::read_to_string(&members).unwrap();
    let first = text
        .lines()
        .find(|l| l.trim_start().starts_with("name:"))
        .unwrap()
        .to_string();
    let name = first
        .trim_start()
        .trim_start_matches("name:")
        .trim()
        .to_string();
    // A placeholder from CJK Extension G: no stroke data. Keep references valid with sort_as.
    let rare = format!("{}\u{30001}", name.chars().next().unwrap());
    let patched = text.replacen(&first, &first.replace(&name, &rare), 1);
    std::fs::write(&members, patched).unwrap();
    let out = showcase()
        .arg("check")
        .arg("--content")
        .arg(&content)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("排序字库中没有「\u{30001}」"), "{err}");
    assert!(err.contains("sort_as"), "{err}");
}

/// Usage errors are in Chinese and exit 1 like every other error (clap's default is 2 and
/// English); help is in Chinese and exits 0.
#[test]
fn usage_errors_and_help_are_chinese() {
    let run = common::run_showcase(&["ledger", "--format", "pdf"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("「pdf」无效"), "{}", run.stderr);
    for english in ["Usage:", "error:", "For more information"] {
        assert!(!run.stderr.contains(english), "{english}: {}", run.stderr);
    }
    let run = common::run_showcase(&["bulid"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("build"),
        "suggests the command: {}",
        run.stderr
    );
    let run = common::run_showcase(&["build", "--help"]);
    assert_eq!(run.code, Some(0));
    assert!(
        run.stdout.contains("用法：showcase build [选项]"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("Options:"), "{}", run.stdout);
}

/// Commands find the project from any sub-folder, and a project without `themes/` uses the
/// embedded default theme (it once looked for `themes/default` in the current folder).
#[test]
fn runs_from_anywhere_with_the_embedded_theme() {
    let tmp = tempfile::tempdir().unwrap();
    let project = tmp.path().join("青干展示");
    common::copy_dir(&sample_content(), &project.join("content"));
    let cache = tmp.path().join("cache");
    let sub = project.join("content/cohorts/2017/reports");
    let out = std::process::Command::new(common::showcase_bin())
        .args(["build", "--no-booklet"])
        .current_dir(&sub)
        .env("XDG_CACHE_HOME", &cache)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(project.join("output/site/index.html").is_file());
    assert!(!sub.join("output").exists(), "output goes to the project");
    assert!(
        std::fs::read_dir(cache.join("showcase")).unwrap().count() == 1,
        "the embedded theme is written once to the cache"
    );

    // --content from an unrelated folder.
    let elsewhere = tmp.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    let out = std::process::Command::new(common::showcase_bin())
        .args(["build", "--no-booklet", "--out", "o", "--content"])
        .arg(project.join("content"))
        .current_dir(&elsewhere)
        .env("XDG_CACHE_HOME", &cache)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(elsewhere.join("o/site/index.html").is_file());
}

//! The archive: stable URLs and pages when cohorts are added, frozen editions (served PDF,
//! checksum mismatch, edits after freezing), a person across three cohorts, cohorts
//! without points.

mod common;

use common::{copy_dir, sample_content, showcase_bin};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn theme() -> PathBuf {
    std::env::var_os("SHOWCASE_TEST_THEME")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"))
}

fn run(args: &[&str], content: &Path, extra: &[&Path]) -> Output {
    let mut c = Command::new(showcase_bin());
    c.arg("--content").arg(content).args(args);
    for e in extra {
        c.arg(e);
    }
    c.output().expect("run showcase")
}

fn build(content: &Path, out: &Path, flags: &[&str]) -> Output {
    let mut c = Command::new(showcase_bin());
    c.arg("build")
        .args(flags)
        .arg("--content")
        .arg(content)
        .arg("--out")
        .arg(out)
        .arg("--theme")
        .arg(theme());
    c.output().expect("run showcase")
}

fn ok(o: &Output) {
    assert!(
        o.status.success(),
        "failed:\n{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

fn fresh() -> (tempfile::TempDir, PathBuf) {
    let t = tempfile::tempdir().unwrap();
    let c = t.path().join("content");
    copy_dir(&sample_content(), &c);
    (t, c)
}

/// Every file of a tree with its bytes; HTML with the navigation (`<nav>…</nav>`) removed,
/// because the cohort list in the navigation is the one thing shared by all pages.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let rel = e
            .path()
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .to_string();
        let mut bytes = std::fs::read(e.path()).unwrap();
        if rel.ends_with(".html") {
            bytes = strip_nav(&String::from_utf8(bytes).unwrap()).into_bytes();
        }
        out.insert(rel, bytes);
    }
    out
}

fn strip_nav(html: &str) -> String {
    let mut s = html.to_string();
    while let (Some(a), Some(b)) = (s.find("<nav"), s.find("</nav>")) {
        if b < a {
            break;
        }
        s.replace_range(a..b + 6, "");
    }
    s
}

fn add_2018(content: &Path) {
    let d = content.join("cohorts/2018");
    std::fs::create_dir_all(d.join("reports")).unwrap();
    std::fs::create_dir_all(d.join("activities")).unwrap();
    std::fs::write(
        d.join("cohort.yaml"),
        "year: 2018\ntitle: 2018年度青年干部培养成果汇编\nperiod:\n  start: 2018-03-01\n  end: 2018-12-31\nstatus: active\nprogrammes:\n  - id: qinggan\n    name: 青干班\npoints:\n  pass_mark: 60\n",
    )
    .unwrap();
    std::fs::write(
        d.join("groups.yaml"),
        "groups:\n  - id: qg-1\n    name: 青干班第一组\n    programme: qinggan\n",
    )
    .unwrap();
    std::fs::write(
        d.join("members.yaml"),
        "members:\n  - id: p901\n    name: 欧阳青\n    department: 党政办公室\n    rank: 一般工作人员\n    programme: qinggan\n    group: qg-1\n  - id: p902\n    name: 孟凡\n    department: 财政所\n    rank: 一般工作人员\n    programme: qinggan\n    group: qg-1\n",
    )
    .unwrap();
    let mut acts = String::from("group: qg-1\nactivities:\n");
    for m in 3..=12 {
        acts += &format!(
            "  - date: 2018-{m:02}-10\n    title: 第{m}月学习会\n    kind: 学习\n    participants: [欧阳青, 孟凡]\n"
        );
    }
    std::fs::write(d.join("activities/qg-1.yaml"), acts).unwrap();
    std::fs::write(
        d.join("reports/qg-1-new-topic.md"),
        "---\ntitle: 关于新时期社区治理的调研\nauthors: [欧阳青]\ngroup: qg-1\ndate: 2018-12-10\nabstract: 新一届的调研。\nkeywords: [社区治理]\n---\n\n## 一、基本情况\n\n正文。\n",
    )
    .unwrap();
}

#[test]
fn adding_a_cohort_changes_no_url_or_page_of_earlier_cohorts() {
    let (t, content) = fresh();
    let out1 = t.path().join("out1");
    ok(&build(&content, &out1, &["--no-booklet"]));
    add_2018(&content);
    let out2 = t.path().join("out2");
    ok(&build(&content, &out2, &["--no-booklet"]));
    for year in ["2015", "2016", "2017"] {
        let a = snapshot(&out1.join("site").join(year));
        let b = snapshot(&out2.join("site").join(year));
        assert_eq!(
            a.keys().collect::<Vec<_>>(),
            b.keys().collect::<Vec<_>>(),
            "URLs of {year} changed"
        );
        for (k, v) in &a {
            assert!(b[k] == *v, "{year}/{k} changed after adding 2018");
        }
    }
    // What may differ: the site-wide pages that list every cohort.
    for shared in ["index.html", "archive/index.html"] {
        assert!(out2.join("site").join(shared).is_file());
    }
    assert!(
        std::fs::read_to_string(out2.join("site/archive/index.html"))
            .unwrap()
            .contains("2018")
    );
}

#[test]
fn a_frozen_cohort_serves_its_exact_pdf_and_rejects_tampering() {
    let (t, content) = fresh();
    let o = run(&["archive", "2016", "--theme"], &content, &[&theme()]);
    ok(&o);
    let frozen = content.join("cohorts/2016/edition/booklet.pdf");
    let manifest =
        std::fs::read_to_string(content.join("cohorts/2016/edition/manifest.yaml")).unwrap();
    assert!(
        manifest.contains("sha256:")
            && manifest.contains("pages:")
            && manifest.contains("tool: \"showcase")
    );
    assert!(!manifest.contains("pages: 0"), "{manifest}");
    assert!(
        std::fs::read_to_string(content.join("cohorts/2016/cohort.yaml"))
            .unwrap()
            .contains("status: archived")
    );
    // Archiving twice is refused.
    assert_eq!(
        run(&["archive", "2016", "--theme"], &content, &[&theme()])
            .status
            .code(),
        Some(1)
    );
    let out = t.path().join("out");
    let b = build(&content, &out, &[]);
    ok(&b);
    assert!(String::from_utf8_lossy(&b.stdout).contains("1 册为归档定稿"));
    assert_eq!(
        std::fs::read(out.join("print/2016/booklet.pdf")).unwrap(),
        std::fs::read(&frozen).unwrap()
    );
    assert_eq!(
        std::fs::read(out.join("site/2016/booklet.pdf")).unwrap(),
        std::fs::read(&frozen).unwrap()
    );
    // A damaged frozen PDF is an error naming the file.
    let mut bytes = std::fs::read(&frozen).unwrap();
    bytes.push(b'\n');
    std::fs::write(&frozen, bytes).unwrap();
    let c = run(&["check"], &content, &[]);
    assert_eq!(c.status.code(), Some(1));
    let err = String::from_utf8_lossy(&c.stderr);
    assert!(
        err.contains("cohorts/2016/edition/booklet.pdf") && err.contains("校验值"),
        "{err}"
    );
}

#[test]
fn edits_after_freezing_are_reported() {
    let (_t, content) = fresh();
    ok(&run(&["archive", "2016", "--theme"], &content, &[&theme()]));
    ok(&run(&["check"], &content, &[]));
    let members = content.join("cohorts/2016/members.yaml");
    let text = std::fs::read_to_string(&members).unwrap();
    std::fs::write(&members, text.replacen("department:", "department: ", 1)).unwrap();
    std::fs::remove_file(
        std::fs::read_dir(content.join("cohorts/2016/reports"))
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path(),
    )
    .unwrap();
    std::fs::write(content.join("cohorts/2016/cases/zz-late.md"), "---\ntitle: 补交\nauthors: []\ngroup: qg-1\ndate: 2016-12-01\nabstract: x\nkeywords: [x]\n---\n正文\n").unwrap();
    let c = run(&["check"], &content, &[]);
    assert_eq!(c.status.code(), Some(1));
    let err = String::from_utf8_lossy(&c.stderr);
    assert!(
        err.contains("cohorts/2016/members.yaml") && err.contains("归档后被修改"),
        "{err}"
    );
    assert!(err.contains("归档后被删除"), "{err}");
    assert!(
        err.contains("cohorts/2016/cases/zz-late.md") && err.contains("归档后新增"),
        "{err}"
    );
}

/// Somebody in all three sample cohorts: 青干班 2015 → 青干班 2016 → 导师班 2017.
#[test]
fn a_person_is_followed_across_three_cohorts() {
    let yaml = |y: &str| -> serde_json::Value {
        serde_saphyr::from_str(
            &std::fs::read_to_string(sample_content().join(format!("cohorts/{y}/members.yaml")))
                .unwrap(),
        )
        .unwrap()
    };
    let ids = |v: &serde_json::Value| -> Vec<String> {
        v["members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["id"].as_str().unwrap().to_string())
            .collect()
    };
    let (a, b, c) = (ids(&yaml("2015")), ids(&yaml("2016")), ids(&yaml("2017")));
    let person = a
        .iter()
        .find(|i| b.contains(i) && c.contains(i))
        .expect("someone in 2015, 2016 and 2017")
        .clone();
    let t = tempfile::tempdir().unwrap();
    ok(&build(
        &sample_content(),
        t.path(),
        &["--no-booklet", "--internal"],
    ));
    let page = std::fs::read_to_string(
        t.path()
            .join(format!("internal/people/{person}/index.html")),
    )
    .expect("person page");
    for y in ["2015", "2016", "2017"] {
        assert!(page.contains(y), "{person}'s page lacks {y}");
    }
    assert!(page.contains("导师班") && page.contains("青干班"));
    assert!(
        !t.path().join("site/people").exists(),
        "people pages are internal only"
    );
    let pipeline = std::fs::read_to_string(t.path().join("internal/pipeline/index.html")).unwrap();
    assert!(pipeline.contains("中层副职"));
}

#[test]
fn cohorts_without_points_or_activity_records_build_and_say_so() {
    let t = tempfile::tempdir().unwrap();
    ok(&build(&sample_content(), t.path(), &["--no-booklet"]));
    let cohort = std::fs::read_to_string(t.path().join("site/2015/index.html")).unwrap();
    assert!(
        cohort.contains("未实行积分制"),
        "2015 should say it had no points scheme"
    );
    assert!(
        cohort.contains("未留存活动记录"),
        "2015 should say no activity records were kept"
    );
    let honours = std::fs::read_to_string(t.path().join("site/2015/honours/index.html")).unwrap();
    assert!(honours.contains("优秀学员"));
    let l = run(&["ledger", "--cohort", "2015"], &sample_content(), &[]);
    assert_eq!(l.status.code(), Some(1));
}

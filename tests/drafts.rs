//! `draft: true` keeps a report out of everything that publishes (public and internal site,
//! search index, booklet, points) while `check` lists it and the `serve` preview shows it
//! with a 「草稿」 badge.

mod common;

use common::{Workspace, run_showcase, showcase_bin};
use showcase::pipeline::{Drafts, analyse_with};
use showcase::render::html::{Audience, SiteOptions, build_site};
use std::path::Path;
use std::process::Command;

const REPORT: &str = "cohorts/2017/reports/chengguan-illegal-structures.md";
const TITLE: &str = "关于青溪街道老旧小区违建治理的调研";

fn grep_tree(dir: &Path, needle: &str) -> Vec<String> {
    let mut hits = Vec::new();
    for e in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        if !e.file_type().is_file() {
            continue;
        }
        let text = if e.path().extension().is_some_and(|x| x == "pdf") {
            let o = Command::new("pdftotext")
                .arg(e.path())
                .arg("-")
                .output()
                .expect("pdftotext (poppler-utils)");
            String::from_utf8_lossy(&o.stdout).replace(char::is_whitespace, "")
        } else {
            String::from_utf8_lossy(&std::fs::read(e.path()).unwrap()).into_owned()
        };
        if text.contains(needle) {
            hits.push(e.path().display().to_string());
        }
    }
    hits
}

fn total_of(content: &Path, name: &str) -> u32 {
    let run = run_showcase(&[
        "ledger",
        "--cohort",
        "2017",
        "--format",
        "json",
        "--content",
        &content.to_string_lossy(),
    ]);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("ledger json");
    v["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == name)
        .and_then(|m| m["total"].as_u64())
        .expect("member in ledger") as u32
}

#[test]
fn a_draft_is_published_nowhere_and_earns_nothing() {
    let ws = Workspace::new();
    let before = total_of(&ws.content(), "高晓峰");
    ws.replace(
        REPORT,
        "group: chengguan\n",
        "group: chengguan\ndraft: true\n",
    );

    let run = ws.check();
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout.contains("草稿（不发布") && run.stdout.contains(TITLE),
        "check lists drafts: {}",
        run.stdout
    );
    // 高晓峰 co-wrote the draft: its points are gone until it is published.
    let points = {
        let text = std::fs::read_to_string(ws.path("cohorts/2017/cohort.yaml")).unwrap();
        let line = text
            .lines()
            .find(|l| l.trim_start().starts_with("submission:"))
            .unwrap();
        line.split(':')
            .nth(1)
            .unwrap()
            .split('#')
            .next()
            .unwrap()
            .trim()
            .parse::<u32>()
            .unwrap()
    };
    assert_eq!(total_of(&ws.content(), "高晓峰"), before - points);

    let out = ws.dir.path().join("out");
    let o = Command::new(showcase_bin())
        .args(["build", "--internal", "--content"])
        .arg(ws.content())
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let hits = grep_tree(&out, "老旧小区违建治理的调研");
    assert!(hits.is_empty(), "the draft was published in {hits:#?}");
}

#[test]
fn the_preview_shows_a_draft_with_a_badge() {
    let ws = Workspace::new();
    ws.replace(
        REPORT,
        "group: chengguan\n",
        "group: chengguan\ndraft: true\n",
    );
    let a = analyse_with(&ws.content(), Drafts::Include);
    assert!(a.ok());
    let site = ws.dir.path().join("preview");
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    build_site(
        &a.content,
        &a.computed,
        &SiteOptions {
            theme: &theme,
            out: &site,
            audience: Audience::Public,
            booklets: &[],
            progress: false,
        },
    )
    .unwrap();
    let heading = format!("<h1 class=\"doc-title\">{TITLE}");
    let page = grep_tree(&site, &heading)
        .into_iter()
        .next()
        .expect("draft page in the preview");
    let html = std::fs::read_to_string(page).unwrap();
    assert!(
        html.contains(&format!(
            "{heading} <span class=\"badge-draft\">草稿</span>"
        )),
        "no 草稿 badge"
    );
}

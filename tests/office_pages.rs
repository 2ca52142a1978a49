//! Pages as the organisation office reads them (issue 15, items 5–7): the audit trail names
//! records in words, holds are in reading order, ids and names are typeset for people, the
//! archive chart does not invent zeros, nothing links to an empty page, charts stay legible
//! on a phone, and the 404 page works under a sub-path and from disk.

mod common;

use common::{copy_dir, sample_content, showcase_bin};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn theme() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default")
}

fn build(content: &Path, out: &Path) {
    let o = Command::new(showcase_bin())
        .args(["build", "--no-booklet", "--internal", "--content"])
        .arg(content)
        .arg("--out")
        .arg(out)
        .arg("--theme")
        .arg(theme())
        .env("NO_COLOR", "1")
        .output()
        .expect("run showcase");
    assert!(
        o.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// The sample, built once (public + internal), with base_url set to a sub-path.
fn sample() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let d = tempfile::tempdir().expect("tempdir");
        let content = d.path().join("content");
        copy_dir(&sample_content(), &content);
        let site = content.join("site.yaml");
        let yaml = std::fs::read_to_string(&site).unwrap();
        let line = yaml.lines().find(|l| l.starts_with("base_url:")).unwrap();
        std::fs::write(&site, yaml.replacen(line, "base_url: /showcase/", 1)).unwrap();
        build(&content, &d.path().join("out"));
        d
    })
    .path()
}

fn read(rel: &str) -> String {
    let p = sample().join("out").join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()))
}

/// The inner HTML of every `<td class="source">` cell of a page.
fn source_cells(html: &str) -> Vec<&str> {
    html.split("<td class=\"source\">")
        .skip(1)
        .map(|p| &p[..p.find("</td>").unwrap()])
        .collect()
}

fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in s.chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// The text of a span with `class` inside `cell`.
fn span(cell: &str, class: &str) -> Option<String> {
    let start = cell.find(&format!("class=\"{class}\""))?;
    let rest = &cell[start..];
    let open = rest.find('>')? + 1;
    Some(strip_tags(
        &rest[open..open + rest[open..].find("</span>")?],
    ))
}

#[test]
fn audit_trail_names_the_record_in_words() {
    // 李泽宇 (p003), 拆建组: organised the night patrol of 2017-05-24 (chaijian.yaml).
    let html = read("internal/2017/members/p003/index.html");
    let cells = source_cells(&html);
    assert!(cells.len() > 5, "too few audit rows: {}", cells.len());
    let labels: Vec<String> = cells
        .iter()
        .map(|c| span(c, "source-label").unwrap_or_default())
        .collect();
    assert!(
        labels.iter().any(|l| l == "拆建组活动记录 · 2017年5月24日"),
        "no 「拆建组活动记录 · 2017年5月24日」 among {labels:?}"
    );
    for (cell, label) in cells.iter().zip(&labels) {
        assert!(
            !label.is_empty() && !label.contains(".yaml") && !label.contains(".md"),
            "source label is a file, not a record: {cell}"
        );
        let file = span(cell, "source-file").unwrap_or_default();
        assert!(
            file.contains(".yaml:") || file.contains(".md:"),
            "file:line missing as secondary text: {cell}"
        );
        assert!(cell.contains("title=\"cohorts/2017/"), "no tooltip: {cell}");
    }
    // Other kinds of record: a report (调研文章《…》) and a practice team.
    let all: Vec<String> = std::fs::read_dir(sample().join("out/internal/2017/members"))
        .unwrap()
        .flat_map(|e| {
            let p = e.unwrap().path().join("index.html");
            let html = std::fs::read_to_string(p).unwrap();
            source_cells(&html)
                .iter()
                .filter_map(|c| span(c, "source-label"))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(
        all.iter().any(|l| l.starts_with("调研文章《")),
        "no report source"
    );
    assert!(
        all.iter().any(|l| l.starts_with("实践小组 · ")),
        "no team source"
    );
    assert!(
        all.iter().any(|l| l.contains("集中活动记录 · ")),
        "no programme-wide source"
    );
    // No monospace ids or paths in the member page's main text.
    assert!(
        !html.contains("class=\"mono"),
        "monospace left on the member page"
    );
}

#[test]
fn holds_read_newest_year_first_then_lowest_total() {
    let html = read("internal/holds/index.html");
    let body = &html[html.find("<tbody>").unwrap()..html.find("</tbody>").unwrap()];
    let rows: Vec<(i32, u32)> = body
        .split("<tr")
        .skip(1)
        .map(|r| {
            let nums: Vec<String> = r
                .split("<td class=\"num\">")
                .skip(1)
                .map(|c| strip_tags(&c[..c.find("</td>").unwrap()]))
                .collect();
            let year = nums[0].parse().unwrap();
            let total = nums[1].split('/').next().unwrap().parse().unwrap();
            (year, total)
        })
        .collect();
    assert!(
        rows.len() >= 3,
        "sample should have several holds: {rows:?}"
    );
    let mut sorted = rows.clone();
    sorted.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    assert_eq!(rows, sorted, "holds not in year-desc, total-asc order");
    assert!(
        body.contains("年成员名册"),
        "hold basis is not named in words"
    );
    for cell in source_cells(body) {
        assert!(!span(cell, "source-label").unwrap().contains(".yaml"));
    }
    assert!(body.contains("class=\"name-cell\""), "name cells may wrap");
}

#[test]
fn ids_are_not_monospace_and_names_do_not_wrap() {
    for page in [
        "internal/2017/ledger/index.html",
        "internal/people/index.html",
        "internal/people/p003/index.html",
        "internal/holds/index.html",
    ] {
        let html = read(page);
        assert!(!html.contains("class=\"mono"), "monospace on {page}");
    }
    for page in [
        "internal/2017/ledger/index.html",
        "internal/2017/failed/index.html",
        "internal/people/index.html",
    ] {
        let html = read(page);
        let rows = html.matches("<th scope=\"row\"").count();
        let named = html
            .matches("<th scope=\"row\" class=\"name-cell\"")
            .count();
        assert!(
            rows > 0 && rows == named,
            "{page}: {named} of {rows} name cells nowrap"
        );
    }
    let css = read("site/assets/style.css");
    let rule = &css[css.find(".name-cell,").unwrap()..];
    assert!(rule[..rule.find('}').unwrap()].contains("white-space: nowrap"));
}

#[test]
fn archive_chart_leaves_a_gap_for_a_cohort_without_activity_records() {
    // 2015 kept no activity records (未留存): no 0 on the chart, a note instead.
    let svg = read("site/archive/comparison.svg");
    let desc = &svg[svg.find("<desc>").unwrap()..svg.find("</desc>").unwrap()];
    let acts = &desc[desc.find("活动次数:").unwrap()..];
    let acts = &acts[..acts.find(';').unwrap_or(acts.len())];
    assert!(
        acts.contains("2015年 –"),
        "2015 activities not a gap: {acts}"
    );
    assert!(!acts.contains("2015年 0"), "2015 plotted as 0: {acts}");
    assert!(svg.contains(">活动次数：2015年无数据，图中空缺。</text>"));
    let html = read("site/archive/index.html");
    assert!(
        html.contains("2015年度未留存活动记录"),
        "archive chart has no note on the gap"
    );
}

#[test]
fn no_link_leads_to_an_empty_section() {
    // 2015 has reports but no cases: nothing may link to its (empty) case list.
    for page in [
        "site/archive/index.html",
        "site/index.html",
        "site/2015/index.html",
        "site/2016/index.html",
        "site/2017/index.html",
        "internal/archive/index.html",
        "internal/2015/index.html",
    ] {
        let html = read(page);
        for year in [2015, 2016, 2017] {
            for (section, heading) in [("cases", "活动案例"), ("reports", "调研文章")] {
                let needle = format!("{year}/{section}/index.html\"");
                if !html.contains(&needle) {
                    continue;
                }
                let list = read(&format!("site/{year}/{section}/index.html"));
                assert!(
                    list.contains("class=\"doc-item\""),
                    "{page} links to the empty {year} {heading} list"
                );
            }
        }
    }
    assert!(!read("site/2015/index.html").contains("2015/cases/index.html"));
    assert!(!read("site/archive/index.html").contains("2015/cases/index.html"));
}

#[test]
fn not_found_page_links_relatively_and_finds_its_base_over_http() {
    let html = read("site/404.html");
    for attr in ["href=\"", "src=\""] {
        for part in html.split(attr).skip(1) {
            let url = &part[..part.find('"').unwrap()];
            assert!(
                !url.starts_with('/') && !url.contains("://"),
                "404 links {url} absolutely: breaks from disk"
            );
            let path = url.split('#').next().unwrap();
            if !path.is_empty() {
                assert!(
                    sample().join("out/site").join(path).is_file(),
                    "404 link {url} does not resolve from the site root"
                );
            }
        }
    }
    // Served at any depth over http, a script points relative links at base_url's path.
    assert!(
        html.contains("var b = \"/showcase/\""),
        "no base path for http"
    );
    assert!(html.contains("createElement(\"base\")"));
    // The stylesheets (style.css, then the theme layer theme.css) are linked by that script
    // after the base (a plain <link> would be fetched too early against the wrong folder),
    // and plainly for browsers without script.
    let script = &html[html.find("<script>").unwrap()..html.find("</script>").unwrap()];
    let base = script.find("createElement(\"base\")");
    assert!(base < script.find("assets/style.css"));
    assert!(script.find("assets/style.css") < script.find("assets/theme.css"));
    assert!(html.contains(
        "<noscript><link rel=\"stylesheet\" href=\"assets/style.css\"><link rel=\"stylesheet\" href=\"assets/theme.css\"></noscript>"
    ));
    for css in ["style.css", "theme.css"] {
        assert!(
            !html.contains(&format!(
                "<link rel=\"stylesheet\" href=\"assets/{css}\">\n"
            )),
            "a plain {css} link outside <noscript> is preloaded against the wrong folder"
        );
    }
}

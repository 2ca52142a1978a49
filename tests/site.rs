//! Whole-program tests of the website: page set, links, privacy, search index, sanitising.

mod common;

use common::{copy_dir, sample_content, showcase_bin};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn theme() -> PathBuf {
    std::env::var_os("SHOWCASE_TEST_THEME")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"))
}

fn build(content: &Path, out: &Path, internal: bool) {
    let mut cmd = Command::new(showcase_bin());
    cmd.arg("build")
        .arg("--no-booklet")
        .arg("--content")
        .arg(content)
        .arg("--out")
        .arg(out)
        .arg("--theme")
        .arg(theme());
    if internal {
        cmd.arg("--internal");
    }
    let o = cmd.output().expect("run showcase");
    assert!(
        o.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// The sample built once (public + internal) for every test of this file.
fn sample() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let d = tempfile::tempdir().expect("tempdir");
        build(&sample_content(), d.path(), true);
        d
    })
    .path()
}

fn html_files(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.path().to_path_buf())
        .collect()
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()))
}

fn yaml(p: &Path) -> serde_json::Value {
    serde_saphyr::from_str(&read(p)).unwrap_or_else(|e| panic!("parse {}: {e}", p.display()))
}

#[test]
fn page_set_is_complete() {
    let site = sample().join("site");
    for p in [
        "index.html",
        "404.html",
        "archive/index.html",
        "search/index.html",
    ] {
        assert!(site.join(p).is_file(), "missing {p}");
    }
    for entry in std::fs::read_dir(sample_content().join("cohorts")).unwrap() {
        let dir = entry.unwrap().path();
        let year = dir.file_name().unwrap().to_string_lossy().to_string();
        for p in [
            "index.html",
            "honours/index.html",
            "reports/index.html",
            "cases/index.html",
        ] {
            assert!(site.join(&year).join(p).is_file(), "missing {year}/{p}");
        }
        let groups = yaml(&dir.join("groups.yaml"));
        for g in groups["groups"].as_array().unwrap() {
            let id = g["id"].as_str().unwrap();
            assert!(
                site.join(format!("{year}/groups/{id}/index.html"))
                    .is_file(),
                "missing group {year}/{id}"
            );
        }
        for kind in ["reports", "cases"] {
            let Ok(rd) = std::fs::read_dir(dir.join(kind)) else {
                continue;
            };
            for f in rd {
                let slug = f
                    .unwrap()
                    .path()
                    .file_stem()
                    .unwrap()
                    .to_string_lossy()
                    .to_string();
                assert!(
                    site.join(format!("{year}/{kind}/{slug}/index.html"))
                        .is_file(),
                    "missing {year}/{kind}/{slug}"
                );
            }
        }
        assert!(
            site.join(format!("{year}/charts")).is_dir() || year == "2015",
            "no charts for {year}"
        );
    }
    // Internal pages exist only in the internal build.
    let internal = sample().join("internal");
    assert!(internal.join("2017/ledger/index.html").is_file());
    assert!(internal.join("holds/index.html").is_file());
    assert!(!site.join("2017/ledger").exists());
    assert!(!site.join("holds").exists());
}

/// Every `href`/`src` that is not external resolves to a file of the site.
#[test]
fn internal_links_resolve() {
    for root in [sample().join("site"), sample().join("internal")] {
        let mut broken = BTreeSet::new();
        for f in html_files(&root) {
            let text = read(&f);
            for attr in ["href=\"", "src=\""] {
                for part in text.split(attr).skip(1) {
                    let url = &part[..part.find('"').unwrap_or(0)];
                    if url.is_empty()
                        || url.starts_with('#')
                        || url.contains("://")
                        || url.starts_with("mailto:")
                        || url.starts_with("data:")
                    {
                        continue;
                    }
                    let path = url.split(['#', '?']).next().unwrap_or("");
                    assert!(
                        !path.starts_with('/'),
                        "absolute link {url} in {}",
                        f.display()
                    );
                    let target = f.parent().unwrap().join(path);
                    if !target.is_file() {
                        broken.insert(format!(
                            "{} -> {url}",
                            f.strip_prefix(&root).unwrap().display()
                        ));
                    }
                }
            }
        }
        assert!(
            broken.is_empty(),
            "broken links:\n{}",
            broken.into_iter().collect::<Vec<_>>().join("\n")
        );
    }
}

#[test]
fn public_site_keeps_personal_data_and_failures_private() {
    let site = sample().join("site");
    let pages: Vec<(PathBuf, String)> = walkdir::WalkDir::new(&site)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_type().is_file()
                && e.path()
                    .extension()
                    .is_some_and(|x| x == "html" || x == "svg")
        })
        .map(|e| (e.path().to_path_buf(), read(e.path())))
        .collect();
    let members = yaml(&sample_content().join("cohorts/2017/members.yaml"));
    let mut checked = 0;
    for m in members["members"].as_array().unwrap() {
        let name = m["name"].as_str().unwrap();
        let p = &m["personal"];
        let mut secrets: Vec<String> = Vec::new();
        if let Some(phone) = p["phone"]
            .as_str()
            .map(String::from)
            .or_else(|| p["phone"].as_i64().map(|x| x.to_string()))
        {
            secrets.push(phone);
        }
        if let Some(b) = p["birth_date"].as_str() {
            secrets.push(b.to_string());
            let parts: Vec<u32> = b.split('-').map(|x| x.parse().unwrap()).collect();
            secrets.push(format!("{}年{}月{}日", parts[0], parts[1], parts[2]));
        }
        for (path, text) in &pages {
            for s in &secrets {
                assert!(
                    !text.contains(s.as_str()),
                    "personal data of {name} ({s}) in {}",
                    path.display()
                );
            }
            if m["consent"].as_bool() == Some(false) {
                assert!(
                    !text.contains(name),
                    "{name} did not consent but is named in {}",
                    path.display()
                );
            }
        }
        checked += secrets.len();
    }
    assert!(
        checked > 50,
        "the sample should carry personal fields to test"
    );
    // Failing members' totals: take them from the ledger and grep every page.
    let out = Command::new(showcase_bin())
        .args(["ledger", "--cohort", "2017", "--format", "csv", "--content"])
        .arg(sample_content())
        .output()
        .unwrap();
    let csv = String::from_utf8(out.stdout).unwrap();
    let mut failing = 0;
    for line in csv.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        let (name, total, passed) = (cells[2], cells[6], cells[7]);
        if passed == "是" {
            continue;
        }
        failing += 1;
        for (path, text) in &pages {
            if !text.contains(name) {
                continue;
            }
            for shown in [
                format!("{total} 分"),
                format!("{total}分"),
                format!(">{total}<"),
            ] {
                assert!(
                    !shows_number(text, &shown),
                    "failing member {name}'s total {total} shown in {}",
                    path.display()
                );
            }
        }
        for (_, text) in &pages {
            assert!(
                !text.contains("不合格人员"),
                "failed list reached the public site"
            );
        }
    }
    assert!(failing >= 3, "the sample should have failing members");
}

/// `needle` (a number with its unit) occurs not as the tail of a longer number ("15分钟").
fn shows_number(text: &str, needle: &str) -> bool {
    text.match_indices(needle).any(|(i, _)| {
        !text[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_digit())
    })
}

/// The bigram index (search/index/*.js) has the Chinese terms of the reports, and the query
/// 违建 resolves — as search.js does it — to the report that contains it, whose stored text
/// (search/doc/<id>.js) holds the phrase.
#[test]
fn search_index_contains_chinese_terms() {
    use showcase::render::html::search::read;
    let dir = sample().join("site/search");
    for term in ["违建", "居家", "养老", "网格", "城管"] {
        assert!(
            read::postings(&dir, term).is_some_and(|(body, _)| !body.is_empty()),
            "search index lacks {term}"
        );
    }
    assert_eq!(
        read::postings(&dir, "龘龘"),
        None,
        "an absent token has no postings"
    );
    let (body, title) = read::postings(&dir, "违建").unwrap();
    let docs: Vec<_> = body
        .iter()
        .map(|&id| read::document(&dir, id).expect("stored document"))
        .collect();
    let urls: Vec<&str> = docs.iter().map(|d| d.0.as_str()).collect();
    assert!(
        urls.contains(&"2017/reports/chengguan-illegal-structures/index.html"),
        "{urls:?}"
    );
    for d in &docs {
        let text = format!("{}{}", d.1, d.4);
        assert!(text.contains("违建"), "{d:?}");
        assert!(
            !text.contains("](") && !text.contains("[^"),
            "markup left: {d:?}"
        );
    }
    for id in title {
        assert!(read::document(&dir, id).unwrap().1.contains("违建"));
    }
    assert!(read(&dir.join("manifest.js")).contains("\"shards\":"));
}

#[test]
fn raw_html_and_script_links_in_a_report_are_neutralised() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_dir(&sample_content(), &content);
    let authors =
        read(&sample_content().join("cohorts/2017/reports/chengguan-illegal-structures.md"));
    let authors_line = authors.lines().find(|l| l.starts_with("authors:")).unwrap();
    let report = format!(
        "---\ntitle: 安全测试\n{authors_line}\ngroup: chengguan\ndate: 2017-12-20\nabstract: 测试。\nkeywords: [测试]\n---\n\n\
         正文<script>alert('x')</script>段落。\n\n<img src=x onerror=\"alert(1)\">\n\n\
         [点我](javascript:alert(1)) [再点](JAVASCRIPT:alert(2)) [外链](https://example.org/)\n\n\
         <iframe src=\"https://evil.example\"></iframe>\n"
    );
    std::fs::write(content.join("cohorts/2017/reports/zz-safety.md"), report).unwrap();
    let out = tmp.path().join("out");
    build(&content, &out, false);
    let html = read(&out.join("site/2017/reports/zz-safety/index.html"));
    let lower = html.to_lowercase();
    assert!(!lower.contains("<script>alert"), "script tag survived");
    assert!(!lower.contains("<img src=x"), "raw img survived");
    assert!(!lower.contains("<iframe"), "iframe survived");
    assert!(!lower.contains("javascript:"), "javascript: link survived");
    assert!(
        html.contains("&lt;script&gt;"),
        "script should be shown as text"
    );
    assert!(html.contains("href=\"https://example.org/\" rel=\"noopener noreferrer\""));
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_dir(&sample_content(), &content);
    let out = tmp.path().join("out");
    build(&content, &out, false);
    let before = read(&out.join("site/index.html"));
    std::fs::write(content.join("cohorts/2017/groups.yaml"), "groups: [\n").unwrap();
    let o = Command::new(showcase_bin())
        .args(["build", "--no-booklet", "--content"])
        .arg(&content)
        .arg("--out")
        .arg(&out)
        .arg("--theme")
        .arg(theme())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("cohorts/2017/groups.yaml:"));
    assert_eq!(read(&out.join("site/index.html")), before);
    // `site/` and the output folder's marker, nothing else.
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n != ".showcase-output")
        .collect();
    assert_eq!(
        leftovers.len(),
        1,
        "staging folders left behind: {leftovers:?}"
    );
}

/// `--internal` reuses the public index when no author is hidden (same inputs, same files),
/// and builds its own when one is: the hidden name is searchable inside, never outside.
#[test]
fn internal_index_is_reused_only_when_the_audiences_see_the_same_text() {
    let hidden = sample();
    let site = read(&hidden.join("site/search/manifest.js"));
    let docs = |root: &Path| -> String {
        let mut all: Vec<PathBuf> = std::fs::read_dir(root.join("search/doc"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        all.sort();
        all.iter()
            .map(|p| showcase::render::html::search::read::readable(p))
            .collect()
    };
    let (public, internal) = (docs(&hidden.join("site")), docs(&hidden.join("internal")));
    assert!(site.contains("\"docs\":"));
    assert_ne!(
        public, internal,
        "a hidden author must make the indexes differ"
    );
    assert!(public.contains("（作者之一未公开姓名）"));

    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_dir(&sample_content(), &content);
    let members = content.join("cohorts/2017/members.yaml");
    std::fs::write(
        &members,
        read(&members).replace("consent: false", "consent: true"),
    )
    .unwrap();
    let out = tmp.path().join("out");
    build(&content, &out, true);
    assert_eq!(docs(&out.join("site")), docs(&out.join("internal")));
    #[cfg(unix)]
    {
        // Linked, not built again (the temporary folder's file system supports hard links).
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(out.join("internal/search/manifest.js")).unwrap();
        assert_eq!(m.nlink(), 2);
    }
}

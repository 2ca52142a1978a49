//! `showcase ledger --format csv` checked against a second, independent computation of every
//! member's points: the raw YAML and Markdown front matter are parsed here (serde-saphyr into
//! `serde_json::Value`), and the rules of docs/content-format.md §3, §6, §7 and §9 are applied
//! from scratch. Nothing of showcase's loader, validator or ledger is used.

mod common;

use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

// ---------------------------------------------------------------------------------------------
// The independent computation
// ---------------------------------------------------------------------------------------------

/// §3: every rule may be left out and then takes its default.
#[derive(Debug, Clone, Copy)]
struct Rules {
    attend: u32,
    submission: u32,
    organise: u32,
    organise_min_headcount: u32,
    contribution: u32,
    practice_team: u32,
    pass_mark: u32,
}

#[derive(Debug, Clone)]
struct Person {
    id: String,
    name: String,
    programme: String,
    group: Option<String>,
}

fn yaml(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    serde_saphyr::from_str::<Value>(text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The YAML between the two `---` lines at the top of a Markdown file.
fn front_matter(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.replace("\r\n", "\n");
    let rest = text
        .strip_prefix("---\n")
        .unwrap_or_else(|| panic!("{} has no front matter", path.display()));
    let end = rest
        .find("\n---\n")
        .unwrap_or_else(|| panic!("{}: front matter not closed", path.display()));
    serde_saphyr::from_str::<Value>(&rest[..end + 1]).unwrap()
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A list of names: a YAML list, or one string, possibly 「李泗、张三」 (§6 accepts both).
fn names(v: Option<&Value>) -> Vec<String> {
    match v {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items.iter().filter_map(text).collect(),
        Some(other) => text(other)
            .map(|s| {
                s.split(['、', '，', ','])
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default(),
    }
}

fn rules(cohort_yaml: &Value) -> Rules {
    let p = &cohort_yaml["points"];
    assert!(p.is_object(), "the cohort has no points scheme");
    let get = |k: &str, default: u32| {
        p.get(k)
            .and_then(Value::as_u64)
            .map_or(default, |v| v as u32)
    };
    Rules {
        attend: get("attend", 5),
        submission: get("submission", 5),
        organise: get("organise", 5),
        organise_min_headcount: get("organise_min_headcount", 10),
        contribution: get("contribution", 5),
        practice_team: get("practice_team", 20),
        pass_mark: get("pass_mark", 60),
    }
}

struct Roster {
    people: Vec<Person>,
}

impl Roster {
    /// §5: records may name a member by person id or by (unique) name.
    fn find(&self, who: &str) -> usize {
        if let Some(i) = self.people.iter().position(|p| p.id == who) {
            return i;
        }
        let by_name: Vec<usize> = (0..self.people.len())
            .filter(|&i| self.people[i].name == who)
            .collect();
        assert_eq!(by_name.len(), 1, "「{who}」 must name exactly one member");
        by_name[0]
    }
}

/// Member totals of one cohort folder, by person id.
fn independent_totals(cohort_dir: &Path) -> (Rules, Vec<Person>, BTreeMap<String, u32>) {
    let rules = rules(&yaml(&cohort_dir.join("cohort.yaml")));
    let people: Vec<Person> = yaml(&cohort_dir.join("members.yaml"))["members"]
        .as_array()
        .expect("members list")
        .iter()
        .map(|m| Person {
            id: text(&m["id"]).unwrap(),
            name: text(&m["name"]).unwrap(),
            programme: text(&m["programme"]).unwrap(),
            group: m.get("group").and_then(text),
        })
        .collect();
    let roster = Roster {
        people: people.clone(),
    };
    let mut points = vec![0u32; people.len()];

    // §6: activity records.
    let mut files: Vec<_> = std::fs::read_dir(cohort_dir.join("activities"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    files.sort();
    for f in files {
        let doc = yaml(&f);
        let scope: Box<dyn Fn(&Person) -> bool> = if let Some(g) = doc.get("group").and_then(text) {
            Box::new(move |p: &Person| p.group.as_deref() == Some(g.as_str()))
        } else {
            let prog = doc
                .get("programme")
                .and_then(text)
                .expect("group or programme");
            Box::new(move |p: &Person| p.programme == prog)
        };
        for a in doc["activities"].as_array().expect("activities list") {
            let everyone = matches!(
                a.get("participants").and_then(text).as_deref(),
                Some("全体" | "all")
            ) && !a["participants"].is_array();
            let present: Vec<usize> = if everyone {
                let absent: Vec<usize> = names(a.get("absent"))
                    .iter()
                    .map(|n| roster.find(n))
                    .collect();
                (0..people.len())
                    .filter(|&i| scope(&people[i]) && !absent.contains(&i))
                    .collect()
            } else {
                names(a.get("participants"))
                    .iter()
                    .map(|n| roster.find(n))
                    .collect()
            };
            for &i in &present {
                points[i] += rules.attend;
            }
            if let Some(o) = a.get("organiser").and_then(text) {
                let o = roster.find(&o);
                let people_there = a
                    .get("headcount")
                    .and_then(Value::as_u64)
                    .map_or(present.len() as u64, |h| h);
                if present.contains(&o) && people_there >= rules.organise_min_headcount as u64 {
                    points[o] += rules.organise;
                }
            }
            for (key, value) in [
                ("contributions", rules.contribution),
                ("submissions", rules.submission),
            ] {
                for n in a.get(key).and_then(Value::as_array).into_iter().flatten() {
                    points[roster.find(&text(&n["member"]).unwrap())] += value;
                }
            }
        }
    }

    // §9: every author of a research report earns `submission` (cases do not count).
    let reports = cohort_dir.join("reports");
    if reports.is_dir() {
        for e in std::fs::read_dir(reports).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|e| e == "md") {
                for a in names(front_matter(&p).get("authors")) {
                    points[roster.find(&a)] += rules.submission;
                }
            }
        }
    }

    // §7: completed practice-team work earns `practice_team`.
    let teams = cohort_dir.join("practice-teams.yaml");
    if teams.is_file() {
        for t in yaml(&teams)["teams"].as_array().into_iter().flatten() {
            for m in t["members"].as_array().into_iter().flatten() {
                if m["completed"].as_bool() == Some(true) {
                    points[roster.find(&text(&m["member"]).unwrap())] += rules.practice_team;
                }
            }
        }
    }

    let totals = people
        .iter()
        .zip(&points)
        .map(|(p, &t)| (p.id.clone(), t))
        .collect();
    (rules, people, totals)
}

// ---------------------------------------------------------------------------------------------
// The program's answer
// ---------------------------------------------------------------------------------------------

/// Minimal RFC 4180 reader (quoted cells, doubled quotes).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    // Excel needs the byte-order mark; it is not part of the first header.
    let text = text
        .strip_prefix('\u{FEFF}')
        .expect("CSV starts with a UTF-8 BOM for Excel");
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') if cell.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => cell.push(c),
        }
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    rows
}

#[derive(Debug)]
struct Row {
    rank: u32,
    id: String,
    name: String,
    total: u32,
    passed: bool,
}

fn program_ledger(content: &Path, year: i32) -> Vec<Row> {
    let run = common::run_showcase(&[
        "ledger",
        "--content",
        &content.to_string_lossy(),
        "--cohort",
        &year.to_string(),
        "--format",
        "csv",
    ]);
    common::assert_sane(&run, "ledger");
    assert_eq!(run.code, Some(0), "ledger failed:\n{}", run.stderr);
    let rows = parse_csv(&run.stdout);
    assert_eq!(
        rows[0],
        [
            "名次", "编号", "姓名", "班次", "小组", "部门", "积分", "合格"
        ],
        "CSV header"
    );
    rows[1..]
        .iter()
        .map(|r| {
            assert_eq!(r.len(), 8, "row {r:?}");
            Row {
                rank: r[0].parse().expect("rank"),
                id: r[1].clone(),
                name: r[2].clone(),
                total: r[6].parse().expect("total"),
                passed: match r[7].as_str() {
                    "是" => true,
                    "否" => false,
                    other => panic!("passed is {other:?}"),
                },
            }
        })
        .collect()
}

/// Compares the program's ledger of `year` in `content` with the independent totals.
fn compare(content: &Path, year: i32) -> (Rules, BTreeMap<String, u32>) {
    let (rules, people, expected) = independent_totals(&content.join(format!("cohorts/{year}")));
    let rows = program_ledger(content, year);

    // One row per member, no more, no less.
    assert_eq!(rows.len(), people.len(), "one CSV row per member");
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for r in &rows {
        *seen.entry(r.id.as_str()).or_default() += 1;
    }
    for p in &people {
        assert_eq!(
            seen.get(p.id.as_str()),
            Some(&1),
            "{} ({}) appears once",
            p.name,
            p.id
        );
    }

    let mut mismatches = Vec::new();
    for r in &rows {
        let want = expected[&r.id];
        let person = people.iter().find(|p| p.id == r.id).unwrap();
        assert_eq!(r.name, person.name, "name of {}", r.id);
        if r.total != want {
            mismatches.push(format!(
                "{} {}: ledger {} , recomputed {want}",
                r.id, r.name, r.total
            ));
        }
        if r.passed != (want >= rules.pass_mark) {
            mismatches.push(format!(
                "{} {}: passed={} but {want} against pass mark {}",
                r.id, r.name, r.passed, rules.pass_mark
            ));
        }
        // Competition ranking: 1 + the number of members with a strictly higher total.
        let rank = 1 + expected.values().filter(|&&t| t > want).count() as u32;
        if r.rank != rank {
            mismatches.push(format!(
                "{} {}: rank {} , expected {rank}",
                r.id, r.name, r.rank
            ));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
    assert!(
        rows.windows(2).all(|w| w[0].total >= w[1].total),
        "rows are ranked by total, highest first"
    );
    (rules, expected)
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[test]
fn ledger_2017_matches_an_independent_recount() {
    let (rules, totals) = compare(&common::sample_content(), 2017);
    // The sample is meant to exercise both outcomes and a tie at the top ranks.
    assert!(totals.values().any(|&t| t >= rules.pass_mark));
    assert!(totals.values().any(|&t| t < rules.pass_mark));
}

/// The same comparison on a copy with extra records aimed at the rules' edges: organiser
/// bonus with and without headcount, exactly at and just under the minimum, an organiser who
/// did not take part, names written as person ids and as one 「、」-separated string, 全体 with
/// absentees, and the point values themselves changed in cohort.yaml (one left to default).
#[test]
fn ledger_matches_on_edge_cases_and_changed_rules() {
    let ws = common::Workspace::new();
    ws.replace(
        "cohorts/2017/cohort.yaml",
        "  attend: 5                      # 参加一次学习、培训或活动\n",
        "  attend: 3                      # 参加一次学习、培训或活动\n",
    );
    ws.replace(
        "cohorts/2017/cohort.yaml",
        "  organise: 5                    # 组织并亲自参加一次达到人数的集体活动，另加\n",
        "  organise: 7                    # 组织并亲自参加一次达到人数的集体活动，另加\n",
    );
    ws.replace(
        "cohorts/2017/cohort.yaml",
        "  contribution: 5                # 其他突出贡献，另加\n",
        "",
    );
    ws.replace(
        "cohorts/2017/cohort.yaml",
        "  pass_mark: 60 ",
        "  pass_mark: 50 ",
    );
    ws.write(
        "cohorts/2017/activities/qinggan-extra.yaml",
        r#"# Extra records for the ledger test
programme: qinggan
activities:
  - date: 2017-06-05
    title: 全班活动，未写人数，全体减两人
    kind: 集体活动
    organiser: 王芳
    participants: 全体
    absent: [唐磊, p041]
  - date: 2017-06-06
    title: 小活动，未写人数，人数不足
    kind: 学习
    organiser: p025
    participants: [王芳, p028, 黄丽君]
  - date: 2017-06-07
    title: 人数恰好达到要求
    kind: 实践
    organiser: 张宇
    headcount: 10
    participants: 何雨婷、张宇，黄丽君
    contributions:
      - member: 何雨婷
        note: 联系场地
  - date: 2017-06-08
    title: 人数差一人
    kind: 实践
    organiser: 张宇
    headcount: 9
    participants: [张宇, 王芳]
    submissions:
      - member: 王芳
        title: 心得
  - date: 2017-06-09
    title: 组织者未参加
    kind: 集体活动
    organiser: 黄丽君
    headcount: 30
    participants: [张宇, 何雨婷]
"#,
    );
    let check = ws.check();
    common::assert_sane(&check, "check");
    assert_eq!(
        check.code,
        Some(0),
        "the edited copy must be valid:\n{}",
        check.stderr
    );
    let (rules, _) = compare(&ws.content(), 2017);
    assert_eq!(
        (
            rules.attend,
            rules.organise,
            rules.contribution,
            rules.pass_mark
        ),
        (3, 7, 5, 50)
    );
}

/// Each member's audit trail (`--member`) adds up to the total in the ranked ledger.
#[test]
fn member_trails_add_up_to_the_totals() {
    let content = common::sample_content();
    let rows = program_ledger(&content, 2017);
    // The first, a middle and the last of the ranking: enough to catch a mismatch cheaply.
    for r in [&rows[0], &rows[rows.len() / 2], &rows[rows.len() - 1]] {
        let run = common::run_showcase(&[
            "ledger",
            "--content",
            &content.to_string_lossy(),
            "--cohort",
            "2017",
            "--member",
            &r.id,
            "--format",
            "csv",
        ]);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        let trail = parse_csv(&run.stdout);
        assert_eq!(trail[0], ["日期", "积分项", "分值", "内容", "来源"]);
        let sum: u32 = trail[1..]
            .iter()
            .map(|e| e[2].parse::<u32>().unwrap())
            .sum();
        assert_eq!(sum, r.total, "trail of {} {}", r.id, r.name);
        for e in &trail[1..] {
            assert!(
                e[4].starts_with("cohorts/2017/") && e[4].matches(':').count() == 2,
                "source is file:line:col: {e:?}"
            );
        }
    }
}

/// A cohort without a points scheme has no ledger, and says so.
#[test]
fn cohort_without_points_has_no_ledger() {
    let run = common::run_showcase(&[
        "ledger",
        "--content",
        &common::sample_content().to_string_lossy(),
        "--cohort",
        "2016",
        "--format",
        "csv",
    ]);
    common::assert_sane(&run, "ledger 2016");
    assert_eq!(run.code, Some(1));
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr.contains("2016 届没有实行积分制"),
        "{}",
        run.stderr
    );
}

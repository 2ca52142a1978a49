//! One cohort folder: cohort.yaml and the files beside it, dispatched to their readers.
//! Every `.yaml` and `.md` file must be one the format knows: nothing is silently skipped.

use super::Loader;
use super::files::CohortDir;
use super::reader::Reader;
use super::{activities, document, honours, roster, site};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Cohort, DocKind, PointsRules, Programme, Status};
use crate::source::{Located, Pos};
use chrono::NaiveDate;
use rayon::prelude::*;

pub fn load(ld: &mut Loader, dir: &CohortDir) -> Option<Cohort> {
    let folder = dir.rel.file_name()?.to_string_lossy().into_owned();
    let shown = dir.rel.to_string_lossy().replace('\\', "/");
    let Ok(year) = folder.parse::<i32>().map_err(|_| ()).and_then(|y| {
        if (1949..=2200).contains(&y) {
            Ok(y)
        } else {
            Err(())
        }
    }) else {
        ld.diags.push(
            Diagnostic::file_error(&shown, 1, 1, format!("届文件夹名「{folder}」不是年份"))
                .hint("每届一个文件夹，用四位年份命名，如 cohorts/2017。"),
        );
        return None;
    };
    let cohort_yaml = dir.rel.join("cohort.yaml");
    if !dir.files.contains(&cohort_yaml) {
        ld.diags.push(
            Diagnostic::file_error(format!("{shown}/cohort.yaml"), 1, 1, format!("{year} 届缺少 cohort.yaml"))
                .hint("新建 cohort.yaml，写明 year、title、period、programmes，格式见 docs/content-format.md 第 3 节。"),
        );
        return None;
    }
    let (file, node) = ld.read_yaml(&cohort_yaml)?;
    let site_print = ld.content.site.print.clone();
    let mut r = Reader::new(file, ld.diags);
    let f = r.fields(
        &node,
        "届信息",
        &[
            "year",
            "title",
            "period",
            "status",
            "programmes",
            "points",
            "print",
        ],
    )?;
    let pos = r.pos(&node);
    if let Some(n) = f.get("year") {
        let y = n.scalar_text().unwrap_or_default();
        if y != year.to_string() {
            r.error(
                n,
                format!("year 写的是「{y}」，但文件夹名是 {year}"),
                format!("把 year 改为 {year}，或把文件夹改名为 cohorts/{y}。"),
            );
        }
    } else {
        r.diags.push(
            Diagnostic::error(pos, "届信息缺少必填字段「year」（年份）")
                .hint(format!("加一行 year: {year}")),
        );
    }
    let title = r
        .req_str(&f, "title", "届信息")
        .map(|t| t.value)
        .unwrap_or_else(|| format!("{year}年度"));
    let (start, end) = period(&mut r, &f, year, pos);
    let status = match r.choice(&f, "status", &["active", "archived"]) {
        Some(s) if s.value == "archived" => Status::Archived,
        _ => Status::Active,
    };
    let programmes = programmes(&mut r, &f);
    let points = f.get("points").map(|n| points(&mut r, n));
    let print = site::print(&mut r, f.get("print"), &site_print);

    let mut c = Cohort {
        year,
        dir: dir.rel.clone(),
        title,
        start,
        end,
        status,
        programmes,
        points,
        print,
        groups: Vec::new(),
        members: Vec::new(),
        activities: Vec::new(),
        teams: Vec::new(),
        awards: Vec::new(),
        reports: Vec::new(),
        cases: Vec::new(),
        preface: None,
        afterword: None,
        edition: None,
        unpublished: dir.unpublished.clone(),
        pos,
    };

    let mut docs: Vec<(DocKind, std::path::PathBuf)> = Vec::new();
    let mut activity_ids: Vec<crate::source::FileId> = Vec::new();
    for rel in &dir.files {
        let Ok(inner) = rel.strip_prefix(&dir.rel) else {
            continue;
        };
        let parts: Vec<String> = inner
            .iter()
            .map(|s| s.to_string_lossy().into_owned())
            .collect();
        let ext = rel
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        match (
            parts
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .as_slice(),
            ext.as_str(),
        ) {
            (["cohort.yaml"], _) => {}
            (["groups.yaml"], _) => {
                if let Some((id, n)) = ld.read_yaml(rel) {
                    c.groups = roster::groups(&n, id, ld.diags);
                }
            }
            (["members.yaml"], _) => {
                if let Some((id, n)) = ld.read_yaml(rel) {
                    c.members = roster::members(&n, id, ld.diags);
                }
            }
            (["practice-teams.yaml"], _) => {
                if let Some((id, n)) = ld.read_yaml(rel) {
                    c.teams = activities::teams(&n, id, ld.diags);
                }
            }
            (["honours.yaml"], _) => {
                if let Some((id, n)) = ld.read_yaml(rel) {
                    c.awards = honours::read(&n, id, ld.diags);
                }
            }
            // Registered here (file ids keep the folder's order), parsed in parallel below.
            (["activities", _], "yaml" | "yml") => {
                if let Some(id) = ld.read_text(rel) {
                    activity_ids.push(id);
                }
            }
            (["preface.md"], _) => docs.push((DocKind::Preface, rel.clone())),
            (["afterword.md"], _) => docs.push((DocKind::Afterword, rel.clone())),
            (["reports", _], "md") => docs.push((DocKind::Report, rel.clone())),
            (["cases", _], "md") => docs.push((DocKind::Case, rel.clone())),
            (["images", ..], _) => {}
            (["edition", "manifest.yaml"], _) => {
                if let Some((id, n)) = ld.read_yaml(rel) {
                    c.edition = super::edition::read(&n, id, rel, ld.diags);
                }
            }
            (["edition", ..], _) => {}
            (_, "yaml" | "yml" | "md" | "markdown" | "txt") => {
                ld.diags.push(
                    Diagnostic::file_error(rel.to_string_lossy().replace('\\', "/"), 1, 1, "无法识别的资料文件，不会被读取")
                        .hint("资料文件的名称和位置见 docs/content-format.md 第 1 节；活动记录放 activities/，文章放 reports/ 或 cases/（扩展名 .md）。"),
                );
            }
            _ => {}
        }
    }
    // Without these two every record of the cohort fails to resolve; name the cause first.
    for (name, what, section) in [("groups.yaml", "小组", 4), ("members.yaml", "学员名册", 5)]
    {
        if !dir.files.contains(&dir.rel.join(name)) {
            ld.diags.push(
                Diagnostic::file_error(
                    format!("{shown}/{name}"),
                    1,
                    1,
                    format!("{year} 届缺少 {name}（{what}）"),
                )
                .hint(format!(
                    "新建 {name}，格式见 docs/content-format.md 第 {section} 节。"
                )),
            );
        }
    }
    // Activity files, registered above in the folder's order: parsed and read in parallel
    // (with many records, YAML parsing is most of the load), collected in the same order.
    let sources = &ld.content.sources;
    let start = c.start;
    let read: Vec<(Vec<crate::model::Activity>, Diagnostics)> = activity_ids
        .into_par_iter()
        .map(|id| {
            let mut d = Diagnostics::default();
            let text = &sources.get(id).text;
            let mut acts = Vec::new();
            if super::files::check_tabs(text, id, &mut d) {
                match super::yaml::parse(text, id, 0) {
                    Ok(n) => acts = activities::read(&n, id, start, &mut d),
                    Err(e) => d.push(e),
                }
            }
            (acts, d)
        })
        .collect();
    for (acts, d) in read {
        ld.diags.list.extend(d.list);
        c.activities.extend(acts);
    }
    // Read and register the documents in a stable order, then parse them in parallel.
    let read: Vec<(
        DocKind,
        std::path::PathBuf,
        Option<std::sync::Arc<str>>,
        Diagnostics,
    )> = docs
        .into_par_iter()
        .map(|(kind, rel)| {
            let mut d = Diagnostics::default();
            let text = super::files::read_shared(&ld.root, &rel, &mut d);
            (kind, rel, text, d)
        })
        .collect();
    let mut registered = Vec::new();
    for (kind, rel, text, d) in read {
        ld.diags.list.extend(d.list);
        if let Some(text) = text {
            let file = ld.content.sources.add(rel.clone(), text.clone());
            registered.push((kind, rel, file, text));
        }
    }
    let parsed: Vec<(DocKind, Option<crate::model::Document>, Diagnostics)> = registered
        .into_par_iter()
        .map(|(kind, rel, file, text)| {
            let (doc, list) = super::cache::parsed(&rel, kind, file, text, |text| {
                let mut d = Diagnostics::default();
                let doc = document::parse(text, file, &rel, kind, &mut d);
                (doc, d.list)
            });
            (kind, doc, Diagnostics { list })
        })
        .collect();
    for (kind, doc, d) in parsed {
        ld.diags.list.extend(d.list);
        if let Some(d) = doc {
            match kind {
                DocKind::Report => c.reports.push(d),
                DocKind::Case => c.cases.push(d),
                DocKind::Preface => c.preface = Some(d),
                DocKind::Afterword => c.afterword = Some(d),
            }
        }
    }
    // Reading order: by group order of groups.yaml is applied when rendering; here by date, then file.
    c.reports.sort_by(|a, b| {
        (a.date.as_ref().map(|d| d.value), &a.slug)
            .cmp(&(b.date.as_ref().map(|d| d.value), &b.slug))
    });
    c.cases.sort_by(|a, b| {
        (a.date.as_ref().map(|d| d.value), &a.slug)
            .cmp(&(b.date.as_ref().map(|d| d.value), &b.slug))
    });
    Some(c)
}

fn period(
    r: &mut Reader,
    f: &super::reader::Fields,
    year: i32,
    pos: Pos,
) -> (NaiveDate, NaiveDate) {
    let whole = (
        NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default(),
        NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default(),
    );
    let Some(n) = f.get("period") else {
        r.diags.push(
            Diagnostic::error(pos, "届信息缺少必填字段「period」（培养期）").hint(format!(
                "加上\nperiod:\n  start: {year}-05-01\n  end: {year}-12-31"
            )),
        );
        return whole;
    };
    let Some(pf) = r.fields(n, "培养期", &["start", "end"]) else {
        return whole;
    };
    let start = r.req_date(&pf, "start", "培养期");
    let end = r.req_date(&pf, "end", "培养期");
    match (start, end) {
        (Some(s), Some(e)) if s.value <= e.value => (s.value, e.value),
        (Some(_), Some(e)) => {
            r.diags.push(
                Diagnostic::error(e.pos, "培养期的结束日期早于开始日期")
                    .hint("检查 start 和 end 是否写反。"),
            );
            // Which of the two is wrong is unknown: check the other dates against the whole
            // year, so that one slip does not also put every activity "outside the period".
            whole
        }
        _ => whole,
    }
}

fn programmes(r: &mut Reader, f: &super::reader::Fields) -> Vec<Programme> {
    if !f.has("programmes") {
        r.diags.push(
            Diagnostic::error(r.pos(f.node), "届信息缺少必填字段「programmes」（班次）")
                .hint("列出本届开设的班次，如\nprogrammes:\n  - id: qinggan\n    name: 青干班"),
        );
    }
    let mut out: Vec<Programme> = Vec::new();
    for n in r.records(f, "programmes", "班次") {
        let Some(pf) = r.fields(n, "班次", &["id", "name", "description"]) else {
            continue;
        };
        let id = r.req_str(&pf, "id", "班次");
        let name = r.req_str(&pf, "name", "班次");
        let description = r.opt_str(&pf, "description").map(|t| t.value);
        if let (Some(id), Some(name)) = (id, name) {
            if !valid_id(&id) {
                bad_id(r, &id);
            }
            if out.iter().any(|p| p.id.value == id.value) {
                r.diags.push(
                    Diagnostic::error(id.pos, format!("班次编号「{}」重复", id.value))
                        .hint("每个班次的 id 必须不同。"),
                );
                continue;
            }
            out.push(Programme {
                id,
                name: name.value,
                description,
            });
        }
    }
    out
}

/// Largest value of one points rule.
const MAX_RULE_POINTS: u32 = 1_000;

fn points(r: &mut Reader, n: &super::yaml::Node) -> PointsRules {
    let mut p = PointsRules::default();
    let allowed = [
        "attend",
        "submission",
        "organise",
        "organise_min_headcount",
        "contribution",
        "practice_team",
        "pass_mark",
        "hold_years",
    ];
    let Some(f) = r.fields(n, "积分规则", &allowed) else {
        return p;
    };
    // Upper bounds keep every total far inside u32 and catch a slipped key (5000 for 50).
    let slots: [(&str, &mut u32, u32); 8] = [
        ("attend", &mut p.attend, MAX_RULE_POINTS),
        ("submission", &mut p.submission, MAX_RULE_POINTS),
        ("organise", &mut p.organise, MAX_RULE_POINTS),
        (
            "organise_min_headcount",
            &mut p.organise_min_headcount,
            10_000,
        ),
        ("contribution", &mut p.contribution, MAX_RULE_POINTS),
        ("practice_team", &mut p.practice_team, MAX_RULE_POINTS),
        ("pass_mark", &mut p.pass_mark, 100_000),
        ("hold_years", &mut p.hold_years, 50),
    ];
    for (key, slot, max) in slots {
        if let Some(v) = r.opt_u32(&f, key) {
            if v.value > max {
                r.diags.push(
                    Diagnostic::error(
                        v.pos,
                        format!("积分规则 {key} 的值 {} 过大，上限为 {max}", v.value),
                    )
                    .hint("核对是否多打了零；默认值见 docs/content-format.md 的积分规则一节。")
                    .width(v.value.to_string().len()),
                );
                continue;
            }
            *slot = v.value;
        }
    }
    p
}

/// Ids appear in URLs: lowercase ASCII letters, digits and hyphens.
pub fn valid_id(id: &Located<String>) -> bool {
    !id.value.is_empty()
        && id
            .value
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

pub fn bad_id(r: &mut Reader, id: &Located<String>) {
    r.diags.push(
        Diagnostic::error(id.pos, format!("编号「{}」含有不允许的字符", id.value))
            .hint("编号会出现在网址中，只能用小写英文字母、数字和连字符，如 chengguan、jingji-1。")
            .width(id.value.chars().count()),
    );
}

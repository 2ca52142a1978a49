//! `showcase ledger`: the ranked points ledger of a cohort as a table, CSV or JSON; with
//! `--member`, the audit trail of one person (every point and the record that earned it).

use super::Cli;
use super::output::{print_diagnostics, table};
use crate::compute::ledger::Ledger;
use crate::model::{Cohort, Content};
use crate::pipeline::analyse;
use clap::{Args, ValueEnum};
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct LedgerArgs {
    /// 届（年份），默认最近一届
    #[arg(long, value_name = "YEAR")]
    pub cohort: Option<i32>,
    /// 只看某一人（人员编号或姓名）的积分明细
    #[arg(long, value_name = "ID")]
    pub member: Option<String>,
    /// 输出格式
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Table,
    Csv,
    Json,
}

pub fn run(cli: &Cli, args: &LedgerArgs) -> ExitCode {
    let a = analyse(&cli.content);
    if !a.ok() {
        print_diagnostics(&a.diags, &a.content.sources);
        eprintln!("内容有错误，积分台账可能不完整：请先修正上述错误（showcase check）。");
        return ExitCode::FAILURE;
    }
    let content = &a.content;
    let cohort = match args.cohort {
        Some(y) => content.cohort(y),
        None => content.cohorts.iter().rev().find(|c| c.points.is_some()),
    };
    let Some(cohort) = cohort else {
        let years: Vec<String> = content.cohorts.iter().map(|c| c.year.to_string()).collect();
        eprintln!(
            "错误：没有 {} 届。现有各届：{}",
            args.cohort.map(|y| y.to_string()).unwrap_or_default(),
            years.join("、")
        );
        return ExitCode::FAILURE;
    };
    let Some(ledger) = a
        .computed
        .cohort(cohort.year)
        .and_then(|f| f.ledger.as_ref())
    else {
        eprintln!(
            "错误：{} 届没有实行积分制（cohort.yaml 中没有 points），没有积分台账。",
            cohort.year
        );
        return ExitCode::FAILURE;
    };
    let out = match &args.member {
        Some(who) => match find_member(cohort, who) {
            Some(i) => member_trail(content, cohort, ledger, i, args.format),
            None => {
                eprintln!(
                    "错误：{} 届中没有编号或姓名为「{who}」的学员。",
                    cohort.year
                );
                return ExitCode::FAILURE;
            }
        },
        None => ranked(cohort, ledger, args.format),
    };
    print!("{out}");
    ExitCode::SUCCESS
}

fn find_member(c: &Cohort, who: &str) -> Option<usize> {
    c.members
        .iter()
        .position(|m| m.id.value == who)
        .or_else(|| c.members.iter().position(|m| m.name.value == who))
}

fn group_name(c: &Cohort, member: usize) -> String {
    c.members[member]
        .group
        .as_ref()
        .and_then(|g| c.group(&g.value))
        .map(|g| g.name.clone())
        .unwrap_or_default()
}

fn programme_name(c: &Cohort, member: usize) -> String {
    let m = &c.members[member];
    c.programme(&m.programme.value)
        .map(|p| p.name.clone())
        .unwrap_or_default()
}

fn ranked(c: &Cohort, l: &Ledger, format: Format) -> String {
    match format {
        Format::Table => {
            let rows: Vec<Vec<String>> = l
                .rows
                .iter()
                .map(|r| {
                    let m = &c.members[r.member];
                    vec![
                        r.rank.to_string(),
                        m.id.value.clone(),
                        m.name.value.clone(),
                        programme_name(c, r.member),
                        group_name(c, r.member),
                        m.department.clone(),
                        r.total.to_string(),
                        if r.passed { "合格" } else { "不合格" }.to_string(),
                    ]
                })
                .collect();
            let passed = l.rows.iter().filter(|r| r.passed).count();
            format!(
                "{} 届积分台账（合格线 {} 分）\n{}共 {} 人，合格 {} 人，不合格 {} 人\n",
                c.year,
                l.rules.pass_mark,
                table(
                    &[
                        "名次", "编号", "姓名", "班次", "小组", "部门", "积分", "结果"
                    ],
                    &rows
                ),
                l.rows.len(),
                passed,
                l.rows.len() - passed
            )
        }
        Format::Csv => {
            let mut out = String::from("rank,id,name,programme,group,department,total,passed\n");
            for r in &l.rows {
                let m = &c.members[r.member];
                let cells = [
                    r.rank.to_string(),
                    m.id.value.clone(),
                    m.name.value.clone(),
                    programme_name(c, r.member),
                    group_name(c, r.member),
                    m.department.clone(),
                    r.total.to_string(),
                    r.passed.to_string(),
                ];
                out += &cells
                    .iter()
                    .map(|s| csv_cell(s))
                    .collect::<Vec<_>>()
                    .join(",");
                out.push('\n');
            }
            out
        }
        Format::Json => {
            let rows: Vec<serde_json::Value> = l
                .rows
                .iter()
                .map(|r| {
                    let m = &c.members[r.member];
                    serde_json::json!({
                        "rank": r.rank, "id": m.id.value, "name": m.name.value,
                        "programme": m.programme.value, "group": m.group.as_ref().map(|g| g.value.clone()),
                        "department": m.department, "total": r.total, "passed": r.passed,
                    })
                })
                .collect();
            let doc = serde_json::json!({ "cohort": c.year, "pass_mark": l.rules.pass_mark, "members": rows });
            serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
        }
    }
}

fn member_trail(
    content: &Content,
    c: &Cohort,
    l: &Ledger,
    member: usize,
    format: Format,
) -> String {
    let m = &c.members[member];
    let Some(row) = l.row(member) else {
        return String::new();
    };
    let src = |e: &crate::compute::ledger::Entry| content.sources.display_pos(e.source);
    match format {
        Format::Table => {
            let rows: Vec<Vec<String>> = row
                .entries
                .iter()
                .map(|e| {
                    vec![
                        e.date.map(|d| d.to_string()).unwrap_or_default(),
                        e.rule.name().to_string(),
                        format!("+{}", e.points),
                        e.what.clone(),
                        src(e),
                    ]
                })
                .collect();
            format!(
                "{}（{}，{}，{}）{} 届积分明细\n{}合计 {} 分，合格线 {} 分：{}（名次 {}）\n",
                m.name.value,
                m.id.value,
                m.department,
                group_name(c, member),
                c.year,
                table(&["日期", "积分项", "分值", "内容", "来源"], &rows),
                row.total,
                l.rules.pass_mark,
                if row.passed { "合格" } else { "不合格" },
                row.rank
            )
        }
        Format::Csv => {
            let mut out = String::from("date,rule,points,what,source\n");
            for e in &row.entries {
                let cells = [
                    e.date.map(|d| d.to_string()).unwrap_or_default(),
                    e.rule.key().to_string(),
                    e.points.to_string(),
                    e.what.clone(),
                    src(e),
                ];
                out += &cells
                    .iter()
                    .map(|s| csv_cell(s))
                    .collect::<Vec<_>>()
                    .join(",");
                out.push('\n');
            }
            out
        }
        Format::Json => {
            let entries: Vec<serde_json::Value> = row
                .entries
                .iter()
                .map(|e| serde_json::json!({"date": e.date.map(|d| d.to_string()), "rule": e.rule.key(), "points": e.points, "what": e.what, "source": src(e)}))
                .collect();
            let doc = serde_json::json!({"cohort": c.year, "id": m.id.value, "name": m.name.value, "total": row.total, "passed": row.passed, "rank": row.rank, "entries": entries});
            serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
        }
    }
}

/// RFC 4180 quoting; also neutralises leading `=`, `+`, `-`, `@` so spreadsheets do not run
/// a cell as a formula.
pub fn csv_cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

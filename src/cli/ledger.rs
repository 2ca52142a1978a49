//! `showcase ledger`: the ranked points ledger of a cohort as a table, CSV or JSON; with
//! `--member`, the audit trail of one person (every point and the record that earned it).
//! `--format xlsx --output FILE` writes an Excel workbook (see `sheets::ledger_book`).

use super::Cli;
use super::output::{print_diagnostics, table};
use crate::compute::ledger::Ledger;
use crate::model::{Cohort, Content};
use crate::pipeline::analyse;
use clap::{Args, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
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
    /// 写入文件而不是显示在屏幕上（xlsx 格式须指定，如 --output 2017积分.xlsx）
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// CSV 的编码：utf8（带 BOM，新版 Excel/WPS 直接打开）或 gbk（旧版 Excel）
    #[arg(long, value_enum, default_value_t = Encoding::Utf8)]
    pub encoding: Encoding,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Gbk,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Table,
    Csv,
    Json,
    /// Excel 工作簿：积分汇总、各小组、积分明细
    Xlsx,
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
    let member = match &args.member {
        Some(who) => match find_member(cohort, who) {
            Some(i) => Some(i),
            None => {
                eprintln!(
                    "错误：{} 届中没有编号或姓名为「{who}」的学员。",
                    cohort.year
                );
                return ExitCode::FAILURE;
            }
        },
        None => None,
    };
    if args.format == Format::Xlsx {
        return write_xlsx(content, cohort, ledger, member, args);
    }
    let out = match member {
        Some(i) => member_trail(content, cohort, ledger, i, args.format),
        None => ranked(cohort, ledger, args.format),
    };
    let bytes = if args.format == Format::Csv {
        match encode_csv(&out, args.encoding) {
            Ok(b) => b,
            Err(c) => {
                eprintln!(
                    "错误：台账中的「{c}」无法用 GBK 编码保存。请改用 --encoding utf8（新版 Excel 与 WPS 均可打开）。"
                );
                return ExitCode::FAILURE;
            }
        }
    } else {
        out.into_bytes()
    };
    match &args.output {
        Some(path) => write_file(path, &bytes),
        None => {
            let _ = std::io::stdout().lock().write_all(&bytes);
            ExitCode::SUCCESS
        }
    }
}

/// CSV bytes as Excel opens them: UTF-8 with a byte-order mark (without it Excel reads
/// Chinese as GBK and shows mojibake), or GBK for old Excel; a character GBK lacks is an
/// error naming it, never a silent '?'.
pub fn encode_csv(text: &str, encoding: Encoding) -> Result<Vec<u8>, char> {
    match encoding {
        Encoding::Utf8 => {
            let mut b = "\u{FEFF}".as_bytes().to_vec();
            b.extend_from_slice(text.as_bytes());
            Ok(b)
        }
        Encoding::Gbk => {
            if let Some(c) = text
                .chars()
                .find(|c| encoding_rs::GBK.encode(&c.to_string()).2)
            {
                return Err(c);
            }
            Ok(encoding_rs::GBK.encode(text).0.into_owned())
        }
    }
}

/// Rows as CSV text (RFC 4180 via the csv crate), every cell through [`csv_cell`].
fn csv_text(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let _ = w.write_record(header);
    for r in rows {
        let _ = w.write_record(r.iter().map(|c| csv_cell(c)));
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn yes_no(b: bool) -> String {
    if b { "是" } else { "否" }.to_string()
}

fn write_file(path: &std::path::Path, bytes: &[u8]) -> ExitCode {
    match std::fs::write(path, bytes) {
        Ok(()) => {
            println!("已写入 {}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!(
                "错误：无法写入 {}：{e}。若该文件正在 Excel 或 WPS 中打开，请先关闭再试。",
                path.display()
            );
            ExitCode::FAILURE
        }
    }
}

fn write_xlsx(
    content: &Content,
    cohort: &Cohort,
    ledger: &Ledger,
    member: Option<usize>,
    args: &LedgerArgs,
) -> ExitCode {
    if args.output.is_none() && std::io::stdout().is_terminal() {
        eprintln!(
            "错误：xlsx 是 Excel 文件，不能显示在屏幕上。请加 --output 指定文件名，如：showcase ledger --format xlsx --output {}积分台账.xlsx",
            cohort.year
        );
        return ExitCode::FAILURE;
    }
    let book = match member {
        Some(i) => crate::sheets::ledger_book::member_workbook(content, cohort, ledger, i),
        None => crate::sheets::ledger_book::workbook(content, cohort, ledger),
    };
    let bytes = match book {
        Ok(b) => b,
        Err(e) => {
            eprintln!("错误：生成 Excel 文件失败：{e}");
            return ExitCode::FAILURE;
        }
    };
    match &args.output {
        Some(path) => write_file(path, &bytes),
        None => match std::io::stdout().lock().write_all(&bytes) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("错误：输出失败：{e}");
                ExitCode::FAILURE
            }
        },
    }
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
        // Xlsx is written by `write_xlsx` and never reaches here.
        Format::Table | Format::Xlsx => {
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
        Format::Csv => csv_text(
            &[
                "名次", "编号", "姓名", "班次", "小组", "部门", "积分", "合格",
            ],
            l.rows.iter().map(|r| {
                let m = &c.members[r.member];
                vec![
                    r.rank.to_string(),
                    m.id.value.clone(),
                    m.name.value.clone(),
                    programme_name(c, r.member),
                    group_name(c, r.member),
                    m.department.clone(),
                    r.total.to_string(),
                    yes_no(r.passed),
                ]
            }),
        ),
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
        // Xlsx is written by `write_xlsx` and never reaches here.
        Format::Table | Format::Xlsx => {
            let rows: Vec<Vec<String>> = row
                .entries
                .iter()
                .map(|e| {
                    vec![
                        e.date.map(|d| d.to_string()).unwrap_or_default(),
                        e.rule.label(&l.rules),
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
        Format::Csv => csv_text(
            &["日期", "积分项", "分值", "内容", "来源"],
            row.entries.iter().map(|e| {
                vec![
                    e.date.map(|d| d.to_string()).unwrap_or_default(),
                    e.rule.label(&l.rules),
                    e.points.to_string(),
                    e.what.clone(),
                    src(e),
                ]
            }),
        ),
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
    if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_opens_in_excel() {
        let t = csv_text(&["姓名", "合格"], [vec!["=1+1".into(), yes_no(true)]]);
        assert_eq!(t, "姓名,合格\r\n'=1+1,是\r\n");
        let b = encode_csv(&t, Encoding::Utf8).unwrap();
        assert_eq!(&b[..3], &[0xEF, 0xBB, 0xBF]);
        let g = encode_csv("姓名\r\n", Encoding::Gbk).unwrap();
        assert_eq!(g, [0xD0, 0xD5, 0xC3, 0xFB, b'\r', b'\n']);
        assert_eq!(encode_csv("👍", Encoding::Gbk), Err('👍'));
    }
}

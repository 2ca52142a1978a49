//! `showcase ledger`: the ranked points ledger of a cohort as a table, CSV or JSON; with
//! `--member`, the audit trail of one person (every point and the record that earned it).
//! `--format xlsx --output FILE` writes an Excel workbook. The formats themselves are
//! [`crate::sheets::ledger`]; this module handles the arguments and writes the bytes.

use super::Cli;
use super::output::print_diagnostics;
use crate::model::Cohort;
use crate::pipeline::analyse;
use crate::sheets::ledger;
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
    if args.format == Format::Xlsx && args.output.is_none() && std::io::stdout().is_terminal() {
        eprintln!(
            "错误：xlsx 是 Excel 文件，不能显示在屏幕上。请加 --output 指定文件名，如：showcase ledger --format xlsx --output {}积分台账.xlsx",
            cohort.year
        );
        return ExitCode::FAILURE;
    }
    let format = match args.format {
        Format::Table => ledger::Format::Table,
        Format::Csv => ledger::Format::Csv,
        Format::Json => ledger::Format::Json,
        Format::Xlsx => ledger::Format::Xlsx,
    };
    let encoding = match args.encoding {
        Encoding::Utf8 => ledger::Encoding::Utf8,
        Encoding::Gbk => ledger::Encoding::Gbk,
    };
    let bytes = match ledger::render(content, cohort, ledger, member, format, encoding) {
        Ok(b) => b,
        Err(ledger::Error::NotGbk(c)) => {
            eprintln!(
                "错误：台账中的「{c}」无法用 GBK 编码保存。请改用 --encoding utf8（新版 Excel 与 WPS 均可打开）。"
            );
            return ExitCode::FAILURE;
        }
        Err(ledger::Error::Xlsx(e)) => {
            eprintln!("错误：生成 Excel 文件失败：{e}");
            return ExitCode::FAILURE;
        }
    };
    match &args.output {
        Some(path) => write_file(path, &bytes),
        None => match std::io::stdout().lock().write_all(&bytes) {
            Ok(()) => ExitCode::SUCCESS,
            // A closed pipe (`| head`) is not an error worth a message for text output.
            Err(_) if args.format != Format::Xlsx => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("错误：输出失败：{e}");
                ExitCode::FAILURE
            }
        },
    }
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

fn find_member(c: &Cohort, who: &str) -> Option<usize> {
    c.members
        .iter()
        .position(|m| m.id.value == who)
        .or_else(|| c.members.iter().position(|m| m.name.value == who))
}

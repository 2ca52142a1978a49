//! `showcase honours`: the honour list of a cohort for the 表彰决定 document, as text or an
//! Excel sheet (see `sheets::honours_book`). Text files get a UTF-8 byte-order mark and
//! CRLF line ends, so Notepad on old Windows and WPS open them as Chinese, not as GBK
//! mojibake; on a terminal the text is shown without the mark.

use super::Cli;
use super::output::print_diagnostics;
use crate::pipeline::analyse;
use crate::scaffold::pick_cohort;
use crate::sheets::honours_book;
use clap::{Args, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct HonoursArgs {
    /// 届（年份），默认最近一届
    #[arg(long, value_name = "YEAR")]
    pub cohort: Option<i32>,
    /// 输出格式：txt 文本（可粘贴进表彰决定）或 xlsx（Excel，一行一人）；不写时按 --output 的扩展名，默认 txt
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// 写入文件而不是显示在屏幕上（xlsx 格式须指定，如 --output 2017表彰名单.xlsx）
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// 文本：UTF-8（带 BOM）、Windows 换行
    Txt,
    /// Excel 工作表：奖项、序号、姓名、部门、评选依据
    Xlsx,
}

/// `--format`, or else what the output file's extension says (`.xlsx`), or else text.
fn format(args: &HonoursArgs) -> Format {
    let by_extension = args
        .output
        .as_ref()
        .and_then(|p| p.extension())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    match args.format {
        Some(f) => f,
        None if by_extension => Format::Xlsx,
        None => Format::Txt,
    }
}

pub fn run(cli: &Cli, args: &HonoursArgs) -> ExitCode {
    let a = analyse(&cli.content);
    if !a.ok() {
        print_diagnostics(&a.diags, &a.content.sources);
        eprintln!("内容有错误，表彰名单可能不准确：请先修正上述错误（showcase check）。");
        return ExitCode::FAILURE;
    }
    let content = &a.content;
    let cohort = match pick_cohort(content, args.cohort) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let Some(figures) = a.computed.cohort(cohort.year) else {
        return ExitCode::FAILURE;
    };
    if figures.honours.is_empty() {
        eprintln!(
            "提示：{} 届没有表彰名单（{} 不存在或没有奖项）。",
            cohort.year,
            cohort.dir.join("honours.yaml").display()
        );
    }
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let bytes = match format(args) {
        Format::Txt => {
            let text = honours_book::text(&content.site, cohort, figures);
            if to_terminal {
                text.replace("\r\n", "\n").into_bytes()
            } else {
                let mut b = "\u{FEFF}".as_bytes().to_vec();
                b.extend_from_slice(text.as_bytes());
                b
            }
        }
        Format::Xlsx => {
            if to_terminal {
                eprintln!(
                    "错误：xlsx 是 Excel 文件，不能显示在屏幕上。请加 --output 指定文件名，如：showcase honours --format xlsx --output {}表彰名单.xlsx",
                    cohort.year
                );
                return ExitCode::FAILURE;
            }
            match honours_book::workbook(&content.site, cohort, figures) {
                Ok(b) => b,
                Err(e) => {
                    eprintln!("错误：生成 Excel 文件失败：{e}");
                    return ExitCode::FAILURE;
                }
            }
        }
    };
    match &args.output {
        Some(path) => match std::fs::write(path, &bytes) {
            Ok(()) => {
                println!("已写入 {}", path.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!(
                    "错误：无法写入 {}：{e}。若该文件正在 Excel、WPS 或记事本中打开，请先关闭再试。",
                    path.display()
                );
                ExitCode::FAILURE
            }
        },
        None => match std::io::stdout().lock().write_all(&bytes) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("错误：输出失败：{e}");
                ExitCode::FAILURE
            }
        },
    }
}

//! `showcase import attendance`: a sign-in sheet (.xlsx or .csv) becomes activity records
//! appended to the group's activity file. Everything is checked first; on any error nothing is
//! written. Existing records stay byte-identical: the new ones are appended as text.
//!
//! `showcase import report`: Word documents (.docx) become reports or cases with their
//! pictures (reading in `crate::docx`); a batch is written whole or not at all, then checked
//! as `showcase check` would.

use super::Cli;
use super::output::print_diagnostics;
use crate::atomic_file::write_atomically;
use crate::pipeline::analyse;
use crate::scaffold::{pick_cohort, pick_group};
use crate::sheets::attendance::{self, Context};
use crate::sheets::problem::Problem;
use crate::sheets::{grid, yaml_out};
use crate::validate::Roster;
use clap::{Args, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct ImportArgs {
    #[command(subcommand)]
    pub what: ImportWhat,
}

#[derive(Subcommand, Debug)]
pub enum ImportWhat {
    /// 把签到表（Excel/WPS 的 .xlsx，或 .csv）导入为某小组的活动记录
    ///
    /// 表格每行一次活动：日期、活动名称、类型、组织者（可省略）、实到人数（可省略），然后每位学员一列（列名为姓名，参加的画 √），或用一列「参加人员」写姓名。先全部检查，有任何错误都不写入。
    ///
    /// 例：showcase import attendance 城管组签到表.xlsx --group chengguan
    Attendance(AttendanceArgs),
    /// 把花名册（Excel/WPS 的 .xlsx，或 .csv）导入为某一届的学员名册 members.yaml
    ///
    /// 表格每行一人，列名如：姓名、性别、部门、职务、职级、班次、小组、出生日期、手机、政治面貌、是否同意公开（顺序不限）。往届学员沿用原编号，新学员自动编号。先全部检查，有任何错误都不写入；本届已有学员时须加 --replace。
    ///
    /// 例：showcase import members 2018花名册.xlsx --cohort 2018
    Members(super::import_members::MembersArgs),
    /// 把 Word 文档（.docx）导入为调研文章或活动案例
    ///
    /// 标题、作者行、【摘要】、【关键词】从文中识别后写入文头，正文转为 Markdown（小标题、表格、脚注、图片都保留），图片存入本届 images/ 文件夹。可以给一个文件夹，一次导入其中全部 .docx；任何一个文件有错误都不写入。导入后按 showcase check 检查新文件。
    ///
    /// 例：showcase import report 违建治理调研.docx --group chengguan
    Report(ReportArgs),
}

#[derive(Args, Debug)]
pub struct ReportArgs {
    /// Word 文档（.docx），或放有多个 .docx 的文件夹
    #[arg(value_name = "FILE|DIR")]
    pub path: PathBuf,
    /// 小组编号（groups.yaml 中的 id），也可写小组名称
    #[arg(long, value_name = "ID")]
    pub group: String,
    /// 届（年份），默认最近一届
    #[arg(long, value_name = "YEAR")]
    pub cohort: Option<i32>,
    /// 导入为活动案例（cases/），默认是调研文章（reports/）
    #[arg(long)]
    pub case: bool,
    /// 只显示转换结果（Markdown），不写入
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Args, Debug)]
pub struct AttendanceArgs {
    /// 签到表文件：.xlsx、.xls、.ods 或 .csv（UTF-8 或 GBK 编码均可）
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// 小组编号（groups.yaml 中的 id），也可写小组名称
    #[arg(long, value_name = "ID")]
    pub group: String,
    /// 届（年份），默认最近一届
    #[arg(long, value_name = "YEAR")]
    pub cohort: Option<i32>,
    /// 工作表名称，默认第一张工作表
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// 只检查，不写入
    #[arg(long)]
    pub dry_run: bool,
}

pub fn run(cli: &Cli, args: &ImportArgs) -> ExitCode {
    match &args.what {
        ImportWhat::Attendance(a) => attendance_run(cli, a),
        ImportWhat::Members(a) => super::import_members::run(cli, a),
        ImportWhat::Report(a) => super::import_report::run(cli, a),
    }
}

/// The analysed content and the index of the cohort an import writes into. Content errors,
/// an unknown cohort and an archived (frozen) cohort stop every import before anything is
/// written; `what` names what would have been imported (活动记录, 名册).
pub(super) fn open_target(
    cli: &Cli,
    cohort: Option<i32>,
    what: &str,
) -> Result<(crate::pipeline::Analysis, usize), ExitCode> {
    let a = analyse(&cli.content);
    if !a.ok() {
        print_diagnostics(&a.diags, &a.content.sources);
        return Err(fail(
            "内容目录本身有错误，导入前请先改正上述错误（showcase check）。未写入任何内容。",
        ));
    }
    let year = match pick_cohort(&a.content, cohort) {
        Ok(c) => c.year,
        Err(e) => return Err(fail(e)),
    };
    let i = a
        .content
        .cohorts
        .iter()
        .position(|c| c.year == year)
        .unwrap_or_default();
    if a.content.cohorts[i].edition.is_some() {
        return Err(fail(format!(
            "错误：{year} 届已归档定稿（showcase archive），资料只读，不能再导入{what}。未写入任何内容。\n  若是选错了届次，请用 --cohort 年份 指定。"
        )));
    }
    Ok((a, i))
}

/// Prints a sheet's problems, each located by sheet row and column; any error stops the
/// import (nothing is written) with the counts. Returns how the sheet is named in messages.
pub(super) fn report_problems(
    grid: &grid::Grid,
    file_label: &str,
    problems: &[Problem],
) -> Result<String, ExitCode> {
    let where_ = match &grid.sheet {
        Some(s) => format!("{file_label}（工作表「{s}」）"),
        None => file_label.to_string(),
    };
    for p in problems {
        eprint!("{}", p.render(&where_));
    }
    let errors = problems.iter().filter(|p| p.is_error()).count();
    if errors > 0 {
        return Err(fail(format!(
            "共 {errors} 个错误、{} 个警告；未写入任何内容。请在表格中改正后重新导入。",
            problems.len() - errors
        )));
    }
    Ok(where_)
}

/// The sheet's file name as problems name it.
pub(super) fn file_label(file: &std::path::Path) -> String {
    file.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.display().to_string())
}

pub(super) fn fail(msg: impl AsRef<str>) -> ExitCode {
    eprintln!("{}", msg.as_ref());
    ExitCode::FAILURE
}

fn attendance_run(cli: &Cli, args: &AttendanceArgs) -> ExitCode {
    let file_label = file_label(&args.file);
    let (a, i) = match open_target(cli, args.cohort, "活动记录") {
        Ok(t) => t,
        Err(code) => return code,
    };
    let content = &a.content;
    let cohort = &content.cohorts[i];
    if cohort.status == crate::model::Status::Archived {
        eprintln!(
            "警告：{} 届在 cohort.yaml 中标为已归档（archived）；请确认确要向往届补录活动。",
            cohort.year
        );
    }
    let group = match pick_group(cohort, &args.group) {
        Ok(g) => g.id.value.as_str(),
        Err(e) => return fail(e),
    };
    let rel = cohort.dir.join("activities").join(format!("{group}.yaml"));
    let path = content.root.join(&rel);
    let rel_text = rel.display().to_string().replace('\\', "/");

    let grid = match grid::read(&args.file, args.sheet.as_deref()) {
        Ok(g) => g,
        Err(p) => {
            eprint!("{}", p.render(&file_label));
            return fail("未写入任何内容。");
        }
    };
    let roster = Roster::new(cohort);
    let existing = cohort
        .group_activities(group)
        .map(|x| {
            (
                x.date.value,
                x.title.value.clone(),
                format!(
                    "{} 第 {} 行",
                    content.sources.path(x.pos.file).display(),
                    x.pos.line
                ),
            )
        })
        .collect();
    let ctx = Context {
        cohort,
        group,
        roster: &roster,
        existing,
    };
    let plan = attendance::plan(&grid, &ctx);
    let where_ = match report_problems(&grid, &file_label, &plan.problems) {
        Ok(w) => w,
        Err(code) => return code,
    };

    let old = match read_existing(&path) {
        Ok(t) => t,
        Err(p) => {
            eprint!("{}", p.render(&rel_text));
            return fail("未写入任何内容。");
        }
    };
    let note = format!(
        "以下 {} 条由 showcase import 从「{}」导入",
        plan.records.len(),
        file_label
    );
    let new = match yaml_out::append(old.as_deref(), group, &plan.records, &note) {
        Ok(t) => t,
        Err(e) => {
            eprint!(
                "{}",
                Problem::error(e.message).hint(e.hint).render(&rel_text)
            );
            return fail("未写入任何内容。");
        }
    };
    let first_line = old.as_deref().map(|t| t.lines().count() + 1).unwrap_or(1);
    let n = plan.records.len();
    if args.dry_run {
        println!(
            "检查通过：{where_} 中的 {n} 条活动可以导入 {rel_text}（{}）。这次只检查，未写入；去掉 --dry-run 即写入。",
            grid.kind
        );
        return ExitCode::SUCCESS;
    }
    if let Err(e) = write_atomically(&path, &new) {
        return fail(format!("错误：无法写入 {rel_text}：{e}。未写入任何内容。"));
    }

    // The records must load cleanly through the real loader; otherwise put the file back.
    let after = analyse(&cli.content);
    let broken: Vec<_> = after
        .diags
        .list
        .iter()
        .filter(|d| {
            d.is_error()
                && d.pos
                    .is_some_and(|p| after.content.sources.path(p.file) == rel)
        })
        .collect();
    if !broken.is_empty() {
        print_diagnostics(&after.diags, &after.content.sources);
        let restored = match &old {
            Some(t) => write_atomically(&path, t),
            None => std::fs::remove_file(&path),
        };
        return fail(match restored {
            Ok(()) => format!(
                "导入后 {rel_text} 出现上述错误，已恢复原文件，未导入任何记录。请把签到表和这段提示发给维护人员。"
            ),
            Err(e) => format!(
                "导入后 {rel_text} 出现上述错误，且无法恢复原文件（{e}）：请手工删去文件末尾新加的记录。"
            ),
        });
    }
    let last_line = new.lines().count();
    println!(
        "已从 {where_} 导入 {n} 条活动记录，追加到 {rel_text} 第 {first_line}–{last_line} 行（原有记录未改动）。"
    );
    let warnings = plan.warnings();
    if warnings > 0 {
        println!("导入时有 {warnings} 个警告（见上方），请核对。");
    }
    println!("请运行 showcase check 检查全部内容，再用 showcase ledger 核对积分。");
    ExitCode::SUCCESS
}

/// The current text of the activity file, `None` when it does not exist yet.
pub(super) fn read_existing(path: &Path) -> Result<Option<String>, Problem> {
    match std::fs::read(path) {
        Ok(bytes) => String::from_utf8(bytes).map(Some).map_err(|_| {
            Problem::error("文件不是 UTF-8 编码")
                .hint("用记事本打开，“另存为”时编码选 UTF-8，再导入。")
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Problem::error(format!("无法读取：{e}"))),
    }
}

//! `showcase import members`: the roster (花名册) the office keeps in Excel becomes a cohort's
//! members.yaml. Everything is checked first; on any error nothing is written.
//!
//! A cohort that already has members is not touched unless `--replace` is given (a roster is
//! replaced whole, never merged row by row: a clerk's sheet is the full list). With
//! `--replace` the old file is kept as members.yaml.bak, and if the content no longer checks
//! cleanly afterwards (an activity naming someone the new roster lacks) the old file is put
//! back.

use super::Cli;
use super::import::{fail, file_label, open_target, read_existing, report_problems};
use super::output::print_diagnostics;
use crate::atomic_file::write_atomically;
use crate::pipeline::analyse;
use crate::sheets::person_ids::Register;
use crate::sheets::roster::{self, Origin};
use crate::sheets::{grid, roster_yaml};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct MembersArgs {
    /// 花名册文件：.xlsx、.xls、.ods 或 .csv（UTF-8 或 GBK 编码均可）
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// 届（年份），默认最近一届
    #[arg(long, value_name = "YEAR")]
    pub cohort: Option<i32>,
    /// 工作表名称，默认第一张工作表
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// 只检查，不写入
    #[arg(long)]
    pub dry_run: bool,
    /// 本届已有学员时，用花名册整体替换现有名册（原文件另存为 members.yaml.bak）
    #[arg(long)]
    pub replace: bool,
}

pub fn run(cli: &Cli, args: &MembersArgs) -> ExitCode {
    let file_label = file_label(&args.file);
    let (a, i) = match open_target(cli, args.cohort, "名册") {
        Ok(t) => t,
        Err(code) => return code,
    };
    let content = &a.content;
    let cohort = &content.cohorts[i];
    let rel = cohort.dir.join("members.yaml");
    let rel_text = rel.display().to_string().replace('\\', "/");
    let path = content.root.join(&rel);

    let grid = match grid::read(&args.file, args.sheet.as_deref()) {
        Ok(g) => g,
        Err(p) => {
            eprint!("{}", p.render(&file_label));
            return fail("未写入任何内容。");
        }
    };
    let mut register = Register::new(content, cohort.year);
    let plan = roster::plan(&grid, cohort, &mut register);
    let where_ = match report_problems(&grid, &file_label, &plan.problems) {
        Ok(w) => w,
        Err(code) => return code,
    };
    let existing = cohort.members.len();
    if existing > 0 && !args.replace {
        return fail(format!(
            "错误：{} 届的名册（{rel_text}）已有 {existing} 名学员，未写入任何内容。\n  若要用这份花名册整体替换现有名册，请加 --replace（原文件另存为 members.yaml.bak，已在名册中的人编号不变）；\n  若只是增补几人，请直接在 {rel_text} 中添加。",
            cohort.year
        ));
    }

    let n = plan.people.len();
    let kept = plan
        .people
        .iter()
        .filter(|p| matches!(p.origin, Origin::OnFile(_) | Origin::Sheet))
        .count();
    let new_ids: Vec<&str> = plan
        .people
        .iter()
        .filter(|p| p.origin == Origin::New)
        .map(|p| p.id.as_str())
        .collect();
    let summary = match (new_ids.first(), new_ids.last()) {
        (Some(a), Some(b)) if a != b => format!(
            "沿用已有编号 {kept} 人，新编号 {} 人（{a}–{b}）",
            new_ids.len()
        ),
        (Some(a), _) => format!("沿用已有编号 {kept} 人，新编号 1 人（{a}）"),
        _ => format!("全部 {kept} 人沿用已有编号"),
    };
    let text = roster_yaml::members_text(cohort.year, &plan.people, &file_label);
    if args.dry_run {
        println!(
            "检查通过：{where_} 中的 {n} 名学员可以导入 {rel_text}（{}；{summary}）。这次只检查，未写入；去掉 --dry-run 即写入。",
            grid.kind
        );
        return ExitCode::SUCCESS;
    }

    let old = match read_existing(&path) {
        Ok(t) => t,
        Err(p) => {
            eprint!("{}", p.render(&rel_text));
            return fail("未写入任何内容。");
        }
    };
    let backup = path.with_file_name("members.yaml.bak");
    if existing > 0
        && let Some(old) = &old
        && let Err(e) = write_atomically(&backup, old)
    {
        return fail(format!(
            "错误：无法保存原名册的备份 {}：{e}。未写入任何内容。",
            backup.display()
        ));
    }
    if let Err(e) = write_atomically(&path, &text) {
        return fail(format!("错误：无法写入 {rel_text}：{e}。未写入任何内容。"));
    }

    // The whole content must still check cleanly (it did before); otherwise put it back.
    let after = analyse(&cli.content);
    if !after.ok() {
        print_diagnostics(&after.diags, &after.content.sources);
        let restored = match &old {
            Some(t) => write_atomically(&path, t),
            None => std::fs::remove_file(&path),
        };
        if existing > 0 {
            let _ = std::fs::remove_file(&backup);
        }
        return fail(match restored {
            Ok(()) => "导入后内容出现上述错误（例如活动记录或文章中的姓名在新名册中找不到），已恢复原名册，未导入。请改正后重新导入。".to_string(),
            Err(e) => format!(
                "导入后内容出现上述错误，且无法恢复原名册（{e}）：请用 members.yaml.bak 手工恢复 {rel_text}。"
            ),
        });
    }
    println!("已从 {where_} 导入 {n} 名学员，写入 {rel_text}（{summary}）。");
    if existing > 0 {
        println!(
            "原名册（{existing} 名）已另存为 {}。",
            rel.with_file_name("members.yaml.bak")
                .display()
                .to_string()
                .replace('\\', "/")
        );
    }
    if plan.warnings() > 0 {
        println!("导入时有 {} 个警告（见上方），请核对。", plan.warnings());
    }
    println!("请运行 showcase check 检查全部内容；小组、条线等可直接在 {rel_text} 中修改。");
    ExitCode::SUCCESS
}

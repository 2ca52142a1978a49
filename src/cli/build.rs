//! `showcase build`: check, then render the site (and with `--internal` the office's
//! internal site) into a staging folder and swap it in atomically.

use super::Cli;
use super::output::print_diagnostics;
use crate::pipeline::analyse;
use crate::render::html::{Audience, SiteOptions, build_site};
use crate::render::output::Staging;
use clap::Args;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Args, Debug)]
pub struct BuildArgs {
    /// 同时生成组织科内部版（积分台账、个人明细、不合格及暂缓提拔名单）到 output/internal/
    #[arg(long)]
    pub internal: bool,
    /// 输出目录
    #[arg(long, default_value = "output", value_name = "DIR")]
    pub out: PathBuf,
    /// 主题目录
    #[arg(long, default_value = "themes/default", value_name = "DIR")]
    pub theme: PathBuf,
}

pub fn run(cli: &Cli, args: &BuildArgs) -> ExitCode {
    let started = Instant::now();
    let a = analyse(&cli.content);
    if !a.ok() {
        print_diagnostics(&a.diags, &a.content.sources);
        eprintln!(
            "构建已取消：发现 {} 个错误（{} 个警告）。{} 保持不变，请修正后重试。",
            a.diags.error_count(),
            a.diags.warning_count(),
            args.out.display()
        );
        return ExitCode::FAILURE;
    }
    if a.diags.warning_count() > 0 {
        eprintln!(
            "提示：内容有 {} 个警告，不影响生成；运行 showcase check 查看详情。",
            a.diags.warning_count()
        );
    }
    match build(&a, args) {
        Ok(msg) => {
            println!("{msg}，用时 {:.2} 秒", started.elapsed().as_secs_f64());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("错误：{e}");
            eprintln!("构建失败，{} 保持不变。", args.out.display());
            ExitCode::FAILURE
        }
    }
}

fn build(a: &crate::pipeline::Analysis, args: &BuildArgs) -> Result<String, String> {
    let staging = Staging::new(&args.out)
        .map_err(|e| format!("无法创建输出目录 {}：{e}", args.out.display()))?;
    let booklets: Vec<(i32, PathBuf)> = Vec::new();
    let progress = std::io::stderr().is_terminal();
    let site = staging.path("site");
    let report = build_site(
        &a.content,
        &a.computed,
        &SiteOptions {
            theme: &args.theme,
            out: &site,
            audience: Audience::Public,
            booklets: &booklets,
            progress,
        },
    )?;
    let mut msg = format!(
        "已生成网站：{} 个页面、{} 个文件 → {}",
        report.pages,
        report.files,
        args.out.join("site/index.html").display()
    );
    if args.internal {
        let internal = staging.path("internal");
        let r = build_site(
            &a.content,
            &a.computed,
            &SiteOptions {
                theme: &args.theme,
                out: &internal,
                audience: Audience::Internal,
                booklets: &booklets,
                progress,
            },
        )?;
        msg.push_str(&format!(
            "；内部版 {} 个页面 → {}",
            r.pages,
            args.out.join("internal/index.html").display()
        ));
    }
    staging
        .commit(&["site", "internal"], &["internal"])
        .map_err(|e| format!("无法更新输出目录：{e}"))?;
    Ok(msg)
}

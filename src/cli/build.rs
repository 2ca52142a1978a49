//! `showcase build`: check, then render the site (and with `--internal` the office's
//! internal site, without `--no-booklet` the booklets) into a staging folder and swap the
//! whole build in at once, under the output folder's lock (see [`crate::render::output`]).

use super::Cli;
use super::output::print_diagnostics;
use crate::pipeline::analyse;
use crate::render::html::{Audience, SiteOptions, build_site};
use crate::render::output::{CommitError, OutputDir};
use crate::render::print::{PrintOptions, build_booklets};
use clap::Args;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

#[derive(Args, Debug)]
pub struct BuildArgs {
    /// 同时生成组织科内部版（积分台账、个人明细、不合格及暂缓提拔名单）到 output/internal/；不加时上次的 internal/ 会被移除
    #[arg(long)]
    pub internal: bool,
    /// 输出目录（由 showcase 管理：不是 showcase 生成、又已有其他文件的文件夹会被拒绝，不会删除其中任何文件）
    #[arg(long, default_value = "output", value_name = "DIR")]
    pub out: PathBuf,
    /// 不生成印刷册 PDF（只生成网站；输出目录中上次的 print/ 会一并移除，不与本次网站混在一起）
    #[arg(long)]
    pub no_booklet: bool,
    /// typst 排版的超时时间（秒）
    #[arg(long, default_value_t = 600, value_name = "SECONDS")]
    pub typst_timeout: u64,
    /// 主题：内置主题名（default、gongwen）或主题目录；不写时用 site.yaml 的 theme，再不写用 default
    #[arg(long, default_value = "default", value_name = "名称或目录")]
    pub theme: PathBuf,
}

pub fn run(cli: &Cli, args: &BuildArgs) -> ExitCode {
    let started = Instant::now();
    // An existing output folder is opened (and locked) first, so that even a build that stops
    // on content errors completes a swap a killed build left half-done.
    let mut out = None;
    if args.out.exists() {
        match open(args) {
            Ok(o) => out = Some(o),
            Err(e) => return fail(&e),
        }
    }
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
    let out = match out.map_or_else(|| open(args), Ok) {
        Ok(o) => o,
        Err(e) => return fail(&e),
    };
    match build(&a, args, &out) {
        Ok(msg) => {
            println!("{msg}，用时 {:.2} 秒", started.elapsed().as_secs_f64());
            ExitCode::SUCCESS
        }
        Err(CommitError::Unchanged(e)) => {
            eprintln!("错误：{e}");
            eprintln!("构建失败，{} 保持不变。", args.out.display());
            ExitCode::FAILURE
        }
        Err(CommitError::Interrupted(e)) => fail(&e),
    }
}

fn fail(e: &str) -> ExitCode {
    eprintln!("错误：{e}");
    ExitCode::FAILURE
}

/// Checks, locks and repairs the output folder (waiting for another build on it).
fn open(args: &BuildArgs) -> Result<OutputDir, String> {
    let out = OutputDir::open(&args.out, || {
        eprintln!(
            "另一个 showcase 构建正在写入 {}，等它完成后继续…",
            args.out.display()
        )
    })?;
    if out.unlocked {
        eprintln!(
            "提示：{} 所在的磁盘不支持文件锁，请不要同时对它运行两个构建。",
            args.out.display()
        );
    }
    if out.recovered {
        eprintln!(
            "提示：上次构建在替换 {} 时被中断，已把那次构建完整换入。",
            args.out.display()
        );
    }
    Ok(out)
}

fn build(
    a: &crate::pipeline::Analysis,
    args: &BuildArgs,
    out: &OutputDir,
) -> Result<String, CommitError> {
    let unchanged = CommitError::Unchanged;
    let staging = out
        .staging()
        .map_err(|e| {
            format!(
                "无法创建输出目录 {} 中的临时文件夹：{e}",
                args.out.display()
            )
        })
        .map_err(unchanged)?;
    let progress = std::io::stderr().is_terminal();
    let mut booklets: Vec<(i32, PathBuf)> = Vec::new();
    let mut print_msg = String::new();
    if !args.no_booklet {
        let opts = PrintOptions {
            theme: &args.theme,
            out: &staging.path("print"),
            previous: &args.out.join("print"),
            timeout: Duration::from_secs(args.typst_timeout),
            only: None,
        };
        let built = build_booklets(&a.content, &a.computed, &opts).map_err(|diags| {
            let color = super::output::color_stderr();
            let text: Vec<String> = diags
                .iter()
                .map(|d| d.render(&a.content.sources, color))
                .collect();
            unchanged(format!("印刷册生成失败：\n{}", text.join("\n")))
        })?;
        let frozen = built.iter().filter(|b| b.frozen).count();
        let reused = built.iter().filter(|b| b.reused && !b.frozen).count();
        print_msg = format!(
            "；印刷册 {} 册（{} 册未变化沿用，{} 册为归档定稿）→ {}",
            built.len(),
            reused,
            frozen,
            args.out.join("print").display()
        );
        booklets = built.into_iter().map(|b| (b.year, b.pdf)).collect();
    }
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
    )
    .map_err(unchanged)?;
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
        )
        .map_err(unchanged)?;
        msg.push_str(&format!(
            "；内部版 {} 个页面 → {}",
            r.pages,
            args.out.join("internal/index.html").display()
        ));
    }
    msg.push_str(&print_msg);
    staging.commit()?;
    Ok(msg)
}

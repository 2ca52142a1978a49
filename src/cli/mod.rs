//! The command line: a thin layer over the pipeline. Each subcommand lives in its own file.

mod archive;
mod build;
mod check;
mod clap_zh;
mod doctor;
mod honours;
mod import;
mod import_members;
mod import_report;
mod ledger;
mod output;
mod project;
mod publish;
mod scaffold;
mod serve;
mod sort_names;
mod theme;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "showcase",
    version,
    about = "青年干部培养成果展示：由一个内容目录生成展示网站、印刷汇编册和表彰名单"
)]
pub struct Cli {
    /// 内容目录
    #[arg(long, global = true, default_value = "content", value_name = "DIR")]
    pub content: PathBuf,
    #[command(subcommand)]
    pub command: Command,
    /// Whether `--theme` was on the command line (it then wins over site.yaml's `theme:`).
    #[arg(skip)]
    pub theme_given: bool,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// 检查内容目录，一次列出全部问题
    ///
    /// 例：showcase check --content content/
    Check,
    /// 积分台账：排名、总分、是否合格；--member 查看某人每一笔积分的来源
    ///
    /// 例：showcase ledger --cohort 2017 --format csv > 2017积分.csv
    Ledger(ledger::LedgerArgs),
    /// 生成展示网站和印刷汇编册（output/site/、output/print/），加 --internal 另生成内部版
    ///
    /// 例：showcase build --internal
    Build(build::BuildArgs),
    /// 归档一届：定稿印刷册存入该届 edition/ 文件夹，此后该届资料只读
    ///
    /// 例：showcase archive 2016
    Archive(archive::ArchiveArgs),
    /// 检查排版环境（typst、字体、主题）和内容
    ///
    /// 例：showcase doctor
    Doctor(doctor::DoctorArgs),
    /// 按姓氏笔画（或拼音）排列任意名单：每行一个姓名，支持 UTF-8 和 GBK
    ///
    /// 例：showcase sort-names 名单.txt > 排序后.txt
    SortNames(sort_names::SortArgs),
    /// 导入资料：attendance 导入 Excel/WPS 签到表，members 导入花名册，report 导入 Word 文档
    ///
    /// 例：showcase import attendance 城管组签到表.xlsx --group chengguan
    ///
    /// 例：showcase import report 违建治理调研.docx --group chengguan
    Import(import::ImportArgs),
    /// 导出表彰名单（供起草表彰决定）：按公布的顺序和版式，文本（.txt）或 Excel（.xlsx）
    ///
    /// 例：showcase honours --cohort 2017 --format xlsx --output 2017表彰名单.xlsx
    Honours(honours::HonoursArgs),
    /// 新建项目文件夹：示例内容（一届、一个小组、三名学员）和默认主题，建好即可检查和生成
    ///
    /// 例：showcase init 青干展示
    Init(scaffold::InitArgs),
    /// 新建资料：cohort 一届、report 一篇调研文章或活动案例、activity 一条活动模板
    ///
    /// 例：showcase new report --group chengguan 关于老旧小区违建治理的调研
    New(scaffold::NewArgs),
    /// 打包已生成的公开网站（output/site/）为 zip，便于上传到内网服务器或静态网站空间
    ///
    /// 例：showcase publish --zip
    Publish(publish::PublishArgs),
    /// 主题：eject 把内置主题（default 或 gongwen）写到项目的 themes/ 下，作为自制主题的起点
    ///
    /// 例：showcase theme eject --theme gongwen
    Theme(theme::ThemeArgs),
    /// 本地预览网站：修改内容或主题并保存后，浏览器自动刷新；内容有错误时在页面上显示
    ///
    /// 例：showcase serve
    Serve(serve::ServeArgs),
}

/// Parses the command line with Chinese help and errors; a usage error prints what is
/// wrong and exits 1, help and version print and exit 0.
fn parse() -> Result<Cli, ExitCode> {
    let parsed = clap_zh::localise(Cli::command())
        .try_get_matches()
        .and_then(|m| {
            let mut cli = Cli::from_arg_matches(&m)?;
            cli.theme_given = m.subcommand().is_some_and(|(_, sub)| {
                sub.try_get_raw("theme").is_ok()
                    && sub.value_source("theme") == Some(clap::parser::ValueSource::CommandLine)
            });
            Ok(cli)
        });
    parsed.map_err(|e| match clap_zh::message(&e) {
        Some(msg) => {
            eprint!("{msg}");
            ExitCode::FAILURE
        }
        None => {
            print!("{}", clap_zh::words(&e.render().to_string()));
            ExitCode::SUCCESS
        }
    })
}

/// Resolves the folders left at their defaults against the project (see [`project`]):
/// without `--content`, the project is found by walking up from the current folder, and
/// its `output/` is the default output; the theme is `--theme`, else `theme:` in site.yaml,
/// else `default` (see [`project::resolve_theme`]).
fn resolve_project(cli: &mut Cli) -> Result<(), String> {
    let default_content = Path::new("content");
    let cwd = std::env::current_dir().map_err(|e| format!("无法确定当前文件夹：{e}"))?;
    let (project, found) = if cli.content == default_content {
        match project::find_root(&cwd) {
            Some(root) => {
                cli.content = root.join("content");
                (root, true)
            }
            None => (cwd.clone(), false),
        }
    } else {
        (project::root_of_content(&cli.content), false)
    };
    let theme = match &mut cli.command {
        Command::Build(a) => Some(&mut a.theme),
        Command::Serve(a) => Some(&mut a.theme),
        Command::Archive(a) => Some(&mut a.theme),
        Command::Doctor(a) => Some(&mut a.theme),
        _ => None,
    };
    if let Some(theme) = theme {
        // `--theme` wins; else `theme:` in site.yaml; else the default theme.
        *theme = if cli.theme_given {
            project::resolve_theme(&project, &theme.to_string_lossy())?
        } else if let Some((name, line)) = project::site_theme(&cli.content) {
            project::resolve_theme(&project, &name).map_err(|e| {
                format!(
                    "{}:{line}：{e}（在 site.yaml 的 theme 中写其中之一，或删去这一行使用默认主题）",
                    cli.content.join("site.yaml").display()
                )
            })?
        } else {
            project::resolve_theme(&project, "default")?
        };
    }
    if found {
        let out = match &mut cli.command {
            Command::Build(a) => Some(&mut a.out),
            Command::Serve(a) => Some(&mut a.out),
            Command::Publish(a) => Some(&mut a.out),
            _ => None,
        };
        if let Some(out) = out
            && out.as_path() == Path::new("output")
        {
            *out = project.join("output");
        }
    }
    Ok(())
}

pub fn run() -> ExitCode {
    let mut cli = match parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    if let Err(e) = resolve_project(&mut cli) {
        eprintln!("错误：{e}");
        return ExitCode::FAILURE;
    }
    match &cli.command {
        Command::Check => check::run(&cli),
        Command::Ledger(args) => ledger::run(&cli, args),
        Command::Build(args) => build::run(&cli, args),
        Command::Doctor(args) => doctor::run(&cli, args),
        Command::Archive(args) => archive::run(&cli, args),
        Command::SortNames(args) => sort_names::run(args),
        Command::Import(args) => import::run(&cli, args),
        Command::Honours(args) => honours::run(&cli, args),
        Command::Init(args) => scaffold::init(args),
        Command::New(args) => scaffold::new(&cli, args),
        Command::Serve(args) => serve::run(&cli, args),
        Command::Publish(args) => publish::run(args),
        Command::Theme(args) => theme::run(&cli, args),
    }
}

//! The command line: a thin layer over the pipeline. Each subcommand lives in its own file.

mod archive;
mod build;
mod check;
mod clap_zh;
mod doctor;
mod honours;
mod import;
mod import_members;
mod ledger;
mod output;
mod scaffold;
mod serve;
mod sort_names;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use std::path::PathBuf;
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
    /// 从 Excel/WPS 表格导入资料：attendance 把签到表导入为活动记录，members 把花名册导入为学员名册
    ///
    /// 例：showcase import attendance 城管组签到表.xlsx --group chengguan
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
        .and_then(|m| Cli::from_arg_matches(&m));
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

pub fn run() -> ExitCode {
    let cli = match parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
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
    }
}

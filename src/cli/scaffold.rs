//! `showcase init` and `showcase new`: thin wrappers that parse arguments, call
//! [`crate::scaffold`] and print what was written and what to do next.

use super::Cli;
use crate::scaffold::{self, NewDoc, shown};
use clap::{Args, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct InitArgs {
    /// 新项目文件夹（不存在时新建；已存在时须是空的）
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
}

#[derive(Args, Debug)]
pub struct NewArgs {
    #[command(subcommand)]
    pub what: NewWhat,
}

#[derive(Subcommand, Debug)]
pub enum NewWhat {
    /// 新建一届：cohorts/年份/ 下的 cohort.yaml、groups.yaml、members.yaml 和 activities/
    ///
    /// 加 --copy-from 上一届年份，沿用上一届的班次和小组（含导师）；学员名册留空待填。
    ///
    /// 例：showcase new cohort 2018 --copy-from 2017
    Cohort(NewCohortArgs),
    /// 新建一篇调研文章（reports/）或活动案例（--case，cases/），文头已填好小组和日期
    ///
    /// 文件名由小组编号加标题的拼音组成，如 chengguan-laojiu-xiaoqu-weijian-zhili.md；也可用 --slug 自定。
    ///
    /// 例：showcase new report --group chengguan 关于老旧小区违建治理的调研
    Report(NewReportArgs),
    /// 在小组活动记录文件末尾追加一条活动模板（原有内容一字不动），再打开文件填写
    ///
    /// 例：showcase new activity --group chengguan
    Activity(NewActivityArgs),
}

#[derive(Args, Debug)]
pub struct NewCohortArgs {
    /// 年份，如 2018
    #[arg(value_name = "YEAR")]
    pub year: i32,
    /// 沿用哪一届的班次和小组（年份）
    #[arg(long, value_name = "YEAR")]
    pub copy_from: Option<i32>,
}

#[derive(Args, Debug)]
pub struct NewReportArgs {
    /// 小组编号（groups.yaml 中的 id），也可写小组名称
    #[arg(long, value_name = "ID")]
    pub group: String,
    /// 届（年份），默认最近一届
    #[arg(long, value_name = "YEAR")]
    pub cohort: Option<i32>,
    /// 新建活动案例（cases/），而不是调研文章
    #[arg(long)]
    pub case: bool,
    /// 自定文件名（不含 .md）：只用小写英文字母、数字和连字符，它会成为网址
    #[arg(long, value_name = "NAME")]
    pub slug: Option<String>,
    /// 文章标题
    #[arg(value_name = "TITLE", required = true, num_args = 1..)]
    pub title: Vec<String>,
}

#[derive(Args, Debug)]
pub struct NewActivityArgs {
    /// 小组编号（groups.yaml 中的 id），也可写小组名称
    #[arg(long, value_name = "ID")]
    pub group: String,
    /// 届（年份），默认最近一届
    #[arg(long, value_name = "YEAR")]
    pub cohort: Option<i32>,
}

fn archived_warning(year: i32) {
    eprintln!(
        "警告：{year} 届在 cohort.yaml 中标为已归档（archived）；请确认确要向往届补录。若是选错了届次，请删去刚才新加的内容，用 --cohort 年份 重新运行。"
    );
}

fn fail(msg: impl AsRef<str>) -> ExitCode {
    eprintln!("{}", msg.as_ref());
    ExitCode::FAILURE
}

/// `cd` argument as the user should type it (quoted when it has spaces).
fn cd_arg(dir: &std::path::Path) -> String {
    let s = shown(dir);
    if s.contains(' ') {
        format!("\"{s}\"")
    } else {
        s
    }
}

pub fn init(args: &InitArgs) -> ExitCode {
    let today = crate::edition::today();
    let out = match scaffold::init(&args.dir, today) {
        Ok(o) => o,
        Err(e) => return fail(e),
    };
    let dir = shown(&args.dir);
    println!("已创建项目 {dir}（{} 个文件）：", out.files.len());
    println!("  content/site.yaml                   网站与印刷总设置");
    println!(
        "  {:<36}{} 届示例：1 个小组、3 名学员、1 条活动、1 篇调研文章、前言",
        format!("content/cohorts/{}/", out.year),
        out.year
    );
    println!("  themes/default/                     网站和印刷册的默认主题");
    println!();
    println!("下一步：");
    println!("  cd {}", cd_arg(&args.dir));
    println!(
        "  showcase check                      检查资料：应当通过（示例只有一条活动，会提示其他月份没有活动，属正常）"
    );
    println!("  showcase build                      生成网站 output/site/ 和印刷册 output/print/");
    println!("  showcase build --no-booklet         只生成网站（未安装 typst 排版时）");
    println!();
    println!(
        "然后打开 content/ 中的文件，按注释把示例改成本单位的实际资料；新建内容可用 showcase new cohort / report / activity。"
    );
    ExitCode::SUCCESS
}

pub fn new(cli: &Cli, args: &NewArgs) -> ExitCode {
    let root = &cli.content;
    let today = crate::edition::today();
    match &args.what {
        NewWhat::Cohort(a) => match scaffold::new_cohort(root, a.year, a.copy_from) {
            Ok(o) => {
                println!("已新建 {} 届：{}", a.year, shown(&root.join(&o.dir)));
                for f in &o.files {
                    println!("  {}", shown(f));
                }
                match o.copied_from {
                    Some(y) => println!(
                        "班次和 {} 个小组（含导师）沿用 {y} 届；培养期暂定 {} 年全年，积分规则为默认值，请核对 cohort.yaml。",
                        o.groups, a.year
                    ),
                    None => println!(
                        "培养期暂定 {} 年全年，积分规则为默认值，请核对 cohort.yaml；再在 groups.yaml 中添加小组。",
                        a.year
                    ),
                }
                if let Some(p) = o.previous {
                    println!(
                        "提示：如要沿用 {p} 届的班次和小组，可删去这个文件夹，改用 showcase new cohort {} --copy-from {p}。",
                        a.year
                    );
                }
                println!("下一步：在 members.yaml 中填写学员名册，然后运行 showcase check。");
                ExitCode::SUCCESS
            }
            Err(e) => fail(e),
        },
        NewWhat::Report(a) => {
            let title = a.title.join(" ");
            let req = NewDoc {
                group: &a.group,
                cohort: a.cohort,
                case: a.case,
                title: &title,
                slug: a.slug.as_deref(),
            };
            match scaffold::new_document(root, &req, today) {
                Ok(o) => {
                    if o.archived {
                        archived_warning(o.year);
                    }
                    let what = if a.case {
                        "活动案例"
                    } else {
                        "调研文章"
                    };
                    println!(
                        "已新建{what}：{}（{} 届，小组 {}，日期 {}）",
                        shown(&root.join(&o.path)),
                        o.year,
                        o.group,
                        o.date
                    );
                    println!(
                        "请打开文件，填写作者（authors）、摘要（abstract）和关键词（keywords），再写正文；“待填写”处都要改。"
                    );
                    println!("文件名就是网址，发布后不要再改。写完后运行 showcase check。");
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        NewWhat::Activity(a) => match scaffold::new_activity(root, &a.group, a.cohort, today) {
            Ok(o) => {
                if o.archived {
                    archived_warning(o.year);
                }
                let file = shown(&root.join(&o.path));
                if o.created {
                    println!(
                        "已新建 {file}，并写入一条活动模板（第 {}–{} 行，{} 届，小组 {}）。",
                        o.first_line, o.last_line, o.year, o.group
                    );
                } else {
                    println!(
                        "已在 {file} 末尾追加一条活动模板（第 {}–{} 行，{} 届，小组 {}；原有内容未改动）。",
                        o.first_line, o.last_line, o.year, o.group
                    );
                }
                println!(
                    "日期暂填 {}。请打开文件，填写活动名称、类型和参加人员（participants 空着不计任何积分），每行“#”后有说明。",
                    o.date
                );
                println!("填好后运行 showcase check，再用 showcase ledger 核对积分。");
                ExitCode::SUCCESS
            }
            Err(e) => fail(e),
        },
    }
}

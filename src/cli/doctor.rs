//! `showcase doctor`: is this machine ready to build — typst, fonts, theme — and is the
//! content healthy? Prints one line per check with what to do when it fails.

use super::Cli;
use crate::pipeline::analyse;
use crate::render::print::{font_paths, runner};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct DoctorArgs {
    /// 主题目录
    #[arg(long, default_value = "themes/default", value_name = "DIR")]
    pub theme: PathBuf,
}

pub fn run(cli: &Cli, args: &DoctorArgs) -> ExitCode {
    let mut failed = 0;
    let mut report = |ok: bool, what: &str, detail: String| {
        if !ok {
            failed += 1;
        }
        println!("{} {what}：{detail}", if ok { "[正常]" } else { "[问题]" });
    };
    match runner::find() {
        Ok(t) => {
            report(
                true,
                "typst 排版程序",
                format!("{}（{}）", t.version, t.path.display()),
            );
            let fonts = font_paths(&args.theme);
            match runner::fonts(&t, &fonts) {
                Ok(have) => {
                    for f in runner::REQUIRED_FONTS {
                        let ok = have.iter().any(|h| h == f);
                        report(
                            ok,
                            &format!("字体 {f}"),
                            if ok {
                                "已安装".into()
                            } else {
                                format!("缺失：{}", crate::render::print::runner::FONT_HINT)
                            },
                        );
                    }
                    // The glyph fallback chain: emoji, symbols and math, rare CJK.
                    for (f, package) in crate::render::print::glyphs::FALLBACK_FONTS {
                        if package.starts_with('（') {
                            continue; // embedded in typst
                        }
                        let ok = have.iter().any(|h| h == f);
                        report(
                            ok,
                            &format!("后备字体 {f}"),
                            if ok {
                                "已安装".into()
                            } else {
                                format!(
                                    "缺失：安装 {package}（./scripts/setup.sh），否则含有这类字符（表情、数学符号、生僻字）的文章无法印出"
                                )
                            },
                        );
                    }
                }
                Err(e) => report(false, "字体", e),
            }
        }
        Err(e) => report(false, "typst 排版程序", e),
    }
    let templates = args.theme.join("templates");
    match crate::render::html::load_templates(&args.theme) {
        Ok(_) => report(true, "网站模板", templates.display().to_string()),
        Err(e) => report(false, "网站模板", e),
    }
    match crate::render::print::theme_files(&args.theme) {
        Ok(files) => report(
            true,
            "印刷主题",
            format!(
                "{}（{}）",
                args.theme.join("print").display(),
                files
                    .iter()
                    .map(|(n, _)| n.as_str())
                    .collect::<Vec<_>>()
                    .join("、")
            ),
        ),
        Err(e) => report(false, "印刷主题", e),
    }
    let a = analyse(&cli.content);
    report(
        a.ok(),
        "内容",
        format!(
            "{}：{} 届，{} 个错误，{} 个警告{}",
            cli.content.display(),
            a.content.cohorts.len(),
            a.diags.error_count(),
            a.diags.warning_count(),
            if a.ok() {
                ""
            } else {
                "（运行 showcase check 查看详情）"
            }
        ),
    );
    if failed == 0 {
        println!("一切就绪，可以运行 showcase build。");
        ExitCode::SUCCESS
    } else {
        println!("发现 {failed} 个问题，请按提示处理。");
        ExitCode::FAILURE
    }
}

//! `showcase doctor`: is this machine ready to build — typst, fonts, theme — and is the
//! content healthy? Prints one line per check with what to do when it fails.

use super::Cli;
use crate::pipeline::analyse;
use crate::render::print::{font_paths, fonts, runner};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct DoctorArgs {
    /// 主题：内置主题名（default、gongwen）或主题目录；不写时用 site.yaml 的 theme，再不写用 default
    #[arg(long, default_value = "default", value_name = "名称或目录")]
    pub theme: PathBuf,
}

pub fn run(cli: &Cli, args: &DoctorArgs) -> ExitCode {
    let mut failed = 0;
    println!("主题：{}", args.theme.display());
    let mut report = |ok: bool, what: &str, detail: String| {
        if !ok {
            failed += 1;
        }
        println!("{} {what}：{detail}", if ok { "[正常]" } else { "[问题]" });
    };
    let layers = crate::theme::Theme::open(&args.theme);
    let with_parents = match &layers {
        Ok(t) if t.layers.len() > 1 => "（含继承自父主题的文件）",
        _ => "",
    };
    match layers {
        Ok(t) if t.layers.len() > 1 => report(
            true,
            "主题继承（theme.yaml）",
            t.layers
                .iter()
                .map(|l| l.display().to_string())
                .collect::<Vec<_>>()
                .join(" → "),
        ),
        Ok(_) => {}
        Err(e) => report(false, "主题继承（theme.yaml）", e),
    }
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
                    role_fonts(&mut report, &args.theme, &have);
                }
                Err(e) => report(false, "字体", e),
            }
        }
        Err(e) => report(false, "typst 排版程序", e),
    }
    let templates = args.theme.join("templates");
    match crate::render::html::load_templates(&args.theme) {
        Ok(t) => report(
            true,
            "网站模板",
            format!(
                "{}{with_parents}，{} 个",
                templates.display(),
                t.get_template_names().count()
            ),
        ),
        Err(e) => report(false, "网站模板", e),
    }
    match crate::render::print::theme_files(&args.theme) {
        Ok(files) => report(
            true,
            "印刷主题",
            format!(
                "{}{with_parents}（{}）",
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

/// The theme's font roles (`print/fonts.yaml`): which installed family each role gets, and
/// whether that is a fallback for the preferred ones.
fn role_fonts(report: &mut impl FnMut(bool, &str, String), theme: &Path, have: &[String]) {
    let roles = match fonts::roles(theme) {
        Ok(r) => r,
        Err(e) => return report(false, "字体角色", e),
    };
    for r in &roles {
        let what = format!("字体角色 {}", r.label);
        let got = fonts::installed(r, have);
        match got.first() {
            Some(f) if *f == r.fonts[0] => report(true, &what, f.to_string()),
            Some(f) => {
                let skipped: Vec<&str> = r
                    .fonts
                    .iter()
                    .map(String::as_str)
                    .take_while(|x| x != f)
                    .collect();
                report(
                    true,
                    &what,
                    format!(
                        "使用后备字体 {f}（未安装 {}；装有其中之一时优先使用）",
                        skipped.join("、")
                    ),
                )
            }
            None => report(
                false,
                &what,
                format!(
                    "缺失：{} 都未安装{}",
                    r.fonts.join("、"),
                    r.package
                        .as_deref()
                        .map(|p| format!("，请安装 Debian 软件包 {p}"))
                        .unwrap_or_default()
                ),
            ),
        }
    }
}

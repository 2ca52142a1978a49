//! clap in Chinese: help headings, the usage line and the help/version flags are set on the
//! whole command tree, and argument errors are re-worded from clap's structured error
//! (kind + context), so an office clerk never meets "Usage:" or "unexpected argument".
//! Usage errors exit with 1, like every other error (the README's one truth).

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

const TEMPLATE: &str = "{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

/// Applies the Chinese texts to `cmd` and all its subcommands.
pub fn localise(cmd: Command) -> Command {
    let cmd = if cmd.get_version().is_some() {
        cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本"),
        )
    } else {
        cmd
    };
    cmd.help_template(TEMPLATE)
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令")
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("显示帮助")
                .global(true),
        )
        .mut_args(|a| {
            if a.get_help_heading().is_some() {
                a
            } else if a.is_positional() {
                a.help_heading("参数")
            } else {
                a.help_heading("选项")
            }
        })
        .mut_subcommands(localise)
}

/// clap's few fixed English words inside rendered help and usage.
pub fn words(text: &str) -> String {
    text.replace("[OPTIONS]", "[选项]")
        .replace("[default: ", "[默认：")
        .replace("[possible values: ", "[可选：")
        .replace("[aliases: ", "[又名：")
        .replace("Possible values:", "可选：")
}

fn context(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join("、")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => Some(
            v.iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join("、"),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The error in Chinese: what is wrong, a suggestion if clap has one, the usage line and
/// where to find help. `None` for help and version output, which are printed as they are.
pub fn message(e: &clap::Error) -> Option<String> {
    let arg = context(e, ContextKind::InvalidArg).unwrap_or_default();
    let value = context(e, ContextKind::InvalidValue).unwrap_or_default();
    let what = match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => return None,
        ErrorKind::InvalidValue => {
            let valid = context(e, ContextKind::ValidValue)
                .map(|v| format!("；可选：{v}"))
                .unwrap_or_default();
            if value.is_empty() {
                format!("{arg} 缺少取值{valid}")
            } else {
                format!("{arg} 的取值「{value}」无效{valid}")
            }
        }
        ErrorKind::UnknownArgument => format!("不认识的选项「{arg}」"),
        ErrorKind::InvalidSubcommand => {
            let cmd = context(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            format!("不认识的命令「{cmd}」")
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{arg}"),
        ErrorKind::MissingSubcommand => "缺少命令".to_string(),
        ErrorKind::ValueValidation => format!("{arg} 的取值「{value}」无效"),
        ErrorKind::TooManyValues => format!("{arg} 的取值「{value}」多了"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("{arg} 的取值个数不对")
        }
        ErrorKind::ArgumentConflict => {
            let prior = context(e, ContextKind::PriorArg).unwrap_or_default();
            format!("{arg} 不能与 {prior} 同时使用")
        }
        ErrorKind::NoEquals => format!("{arg} 须写成 {arg}=取值"),
        _ => format!("命令行有误（{}）", e.kind()),
    };
    let mut out = format!("错误：{what}\n");
    let suggestion = context(e, ContextKind::SuggestedArg)
        .or_else(|| context(e, ContextKind::SuggestedSubcommand))
        .or_else(|| context(e, ContextKind::SuggestedValue));
    if let Some(s) = suggestion {
        out.push_str(&format!("  提示：是不是要写「{s}」？\n"));
    }
    if let Some(u) = context(e, ContextKind::Usage) {
        let u = u.trim().trim_start_matches("Usage:").trim();
        out.push_str(&format!("\n用法：{}\n", words(u)));
    }
    out.push_str("\n查看说明：showcase --help，或 showcase <命令> --help\n");
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::{CommandFactory, FromArgMatches};

    fn parse(args: &[&str]) -> Result<super::super::Cli, clap::Error> {
        let m = localise(super::super::Cli::command()).try_get_matches_from(args)?;
        super::super::Cli::from_arg_matches(&m)
    }

    #[test]
    fn help_is_chinese_all_the_way_down() {
        let mut cmd = localise(super::super::Cli::command());
        let top = words(&cmd.render_help().to_string());
        assert!(
            top.contains("用法：") && top.contains("命令") && top.contains("选项"),
            "{top}"
        );
        for sub in cmd.get_subcommands_mut() {
            let help = sub.render_help().to_string();
            let help = words(&help);
            for english in [
                "Usage:",
                "Options:",
                "Arguments:",
                "Commands:",
                "Print help",
                "[OPTIONS]",
                "default:",
            ] {
                assert!(
                    !help.contains(english),
                    "{english} in {}:\n{help}",
                    sub.get_name()
                );
            }
        }
    }

    #[test]
    fn errors_are_worded_in_chinese() {
        let e = parse(&["showcase", "bulid"]).unwrap_err();
        let m = message(&e).unwrap();
        assert!(
            m.contains("不认识的命令「bulid」") && m.contains("build"),
            "{m}"
        );
        let e = parse(&["showcase", "ledger", "--format", "pdf"]).unwrap_err();
        let m = message(&e).unwrap();
        assert!(m.contains("「pdf」无效") && m.contains("csv"), "{m}");
        assert!(!m.contains("Usage:"), "{m}");
        let e = parse(&["showcase", "check", "--nope"]).unwrap_err();
        assert!(message(&e).unwrap().contains("不认识的选项「--nope」"));
        let e = parse(&["showcase", "--help"]).unwrap_err();
        assert!(message(&e).is_none());
    }
}

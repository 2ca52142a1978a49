//! `showcase theme eject [<dir>] [--theme <name>] [--layer]`: writes a built-in theme out as
//! the starting point of a project's own theme — complete (flattened over its parents), or
//! with `--layer` only its own files and `theme.yaml`. Never overwrites: an existing folder
//! is refused.

use super::Cli;
use crate::scaffold::theme::{builtin, builtin_names};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct ThemeArgs {
    #[command(subcommand)]
    pub command: ThemeCommand,
}

#[derive(clap::Subcommand, Debug)]
pub enum ThemeCommand {
    /// 把内置主题写到一个新文件夹（默认为项目的 themes/<主题名>/），作为自制主题的起点
    ///
    /// 例：showcase theme eject --theme gongwen
    Eject(EjectArgs),
}

#[derive(clap::Args, Debug)]
pub struct EjectArgs {
    /// 写到哪个文件夹（必须还不存在）；不写时为项目的 themes/<主题名>/
    #[arg(value_name = "目录")]
    pub dir: Option<PathBuf>,
    /// 要写出的内置主题：default 或 gongwen
    #[arg(long, default_value = "default", value_name = "名称")]
    pub theme: String,
    /// 只写出该主题自己的文件和 theme.yaml（继承内置父主题，升级后随之更新）；不加时写出完整、独立的主题
    #[arg(long)]
    pub layer: bool,
}

pub fn run(cli: &Cli, args: &ThemeArgs) -> ExitCode {
    match &args.command {
        ThemeCommand::Eject(a) => {
            let project = cli
                .content
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default();
            match eject(&project, a.dir.as_deref(), &a.theme, a.layer) {
                Ok(msg) => {
                    print!("{msg}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("错误：{e}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

/// Writes the built-in theme `name` into `dir` (default `<project>/themes/<name>`) —
/// flattened, or with `layer` only its own files — and returns what to tell the user.
pub fn eject(
    project: &Path,
    dir: Option<&Path>,
    name: &str,
    layer: bool,
) -> Result<String, String> {
    let own_files = builtin(name).ok_or_else(|| {
        format!(
            "没有名为「{name}」的内置主题。可写出的内置主题：{}",
            builtin_names()
        )
    })?;
    let files: Vec<(String, Vec<u8>)> = if layer {
        own_files
            .iter()
            .map(|(rel, bytes)| (rel.to_string(), bytes.to_vec()))
            .collect()
    } else {
        crate::theme::builtin_flat(name)?
    };
    let dir = dir
        .map(Path::to_path_buf)
        .unwrap_or_else(|| project.join("themes").join(name));
    if dir.exists() {
        return Err(format!(
            "{} 已经存在，未做任何改动。为免覆盖已改过的主题，eject 只写到新文件夹：换一个目录（如 showcase theme eject themes/{name}2 --theme {name}），或先把原文件夹改名。",
            dir.display()
        ));
    }
    crate::theme::write_files(&dir, &files)
        .map_err(|e| format!("无法写入 {}：{e}", dir.display()))?;
    let own = dir.parent().and_then(Path::file_name) == Some("themes".as_ref())
        && dir.parent().and_then(Path::parent) == Some(project);
    let select = match dir.file_name().and_then(|n| n.to_str()) {
        Some(n) if own => {
            format!("在 content/site.yaml 中写 theme: {n}（或 showcase build --theme {n}）")
        }
        _ => format!("运行 showcase build --theme {}", dir.display()),
    };
    let kind = if layer
        && own_files
            .iter()
            .any(|(rel, _)| *rel == crate::theme::MANIFEST)
    {
        "（只含与父主题不同的文件，其余继承自 theme.yaml 的 extends）"
    } else {
        ""
    };
    Ok(format!(
        "已把内置主题 {name} 写到 {}（{} 个文件）{kind}。\n下一步：\n  1. 修改其中的 templates/（网站页面）、static/（网站样式，default 的 theme.css 是留给改样式的一层）、print/（印刷册 Typst 文件）；说明见 docs/themes.md。\n  2. {select}，用这份主题生成。\n  3. showcase doctor 检查主题和字体；showcase serve 预览时，保存主题文件即自动刷新。\n",
        dir.display(),
        files.len()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ejects_a_builtin_theme_once_and_never_overwrites() {
        let d = tempfile::tempdir().unwrap();
        let msg = eject(d.path(), None, "gongwen", false).unwrap();
        let dir = d.path().join("themes/gongwen");
        assert!(msg.contains("theme: gongwen"), "{msg}");
        // Complete and standalone: the parent's files with gongwen's over them.
        let flat = crate::theme::builtin_flat("gongwen").unwrap();
        assert!(flat.iter().any(|(rel, _)| rel == "templates/base.html"));
        for (rel, bytes) in &flat {
            assert_eq!(&std::fs::read(dir.join(rel)).unwrap(), bytes, "{rel}");
        }
        assert!(!dir.join("theme.yaml").exists());
        std::fs::write(dir.join("static/style.css"), "/* mine */").unwrap();
        let e = eject(d.path(), None, "gongwen", false).unwrap_err();
        assert!(e.contains("已经存在"), "{e}");
        assert_eq!(
            std::fs::read_to_string(dir.join("static/style.css")).unwrap(),
            "/* mine */"
        );
        let e = eject(d.path(), None, "fancy", false).unwrap_err();
        assert!(e.contains("default、gongwen"), "{e}");
        let other = d.path().join("elsewhere");
        let msg = eject(d.path(), Some(&other), "default", false).unwrap();
        assert!(msg.contains("--theme"), "{msg}");
        assert!(other.join("print/booklet.typ").is_file());
    }

    #[test]
    fn a_layer_is_only_the_themes_own_files() {
        let d = tempfile::tempdir().unwrap();
        let dir = d.path().join("layer");
        let msg = eject(d.path(), Some(&dir), "gongwen", true).unwrap();
        assert!(msg.contains("extends"), "{msg}");
        for (rel, bytes) in builtin("gongwen").unwrap() {
            assert_eq!(&std::fs::read(dir.join(rel)).unwrap(), bytes, "{rel}");
        }
        assert!(!dir.join("templates").exists());
        let t = crate::theme::Theme::open(&dir).unwrap();
        assert_eq!(t.layers.len(), 2);
        assert!(t.files("templates").contains_key("base.html"));
    }
}

//! `showcase import report <file.docx | folder>`: plans every document (crate::docx::plan),
//! writes the batch whole or not at all, then runs the checks of `showcase check` and prints
//! what needs fixing in the new files.

use super::Cli;
use super::import::{ReportArgs, fail};
use super::output::print_diagnostics;
use crate::diag::Diagnostics;
use crate::docx::Problem;
use crate::docx::plan::{self, Ctx};
use crate::pipeline::analyse;
use crate::scaffold::{editable, pick_cohort, pick_group, shown};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn run(cli: &Cli, args: &ReportArgs) -> ExitCode {
    if !cli.content.is_dir() {
        return fail(format!(
            "错误：找不到内容目录 {}。请在含有 content/ 的项目文件夹中运行，或用 --content 指定。",
            shown(&cli.content)
        ));
    }
    let files = match inputs(&args.path) {
        Ok(f) => f,
        Err(e) => return fail(e),
    };
    let a = analyse(&cli.content);
    let content = &a.content;
    let cohort = match pick_cohort(content, args.cohort).and_then(|c| editable(c).map(|_| c)) {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    let group = match pick_group(cohort, &args.group) {
        Ok(g) => g,
        Err(e) => return fail(e),
    };
    let ctx = Ctx {
        root: &content.root,
        cohort,
        group,
        case: args.case,
        today: crate::edition::today(),
    };
    let planned = match plan::plan(&files, &ctx) {
        Ok(p) => p,
        Err(failures) => {
            for (f, p) in &failures {
                eprint!("{}", p.render(&shown(f)));
            }
            return fail(format!(
                "{} 个文件有错误（共 {} 个）；未写入任何内容。请按提示处理后重新导入。",
                failures.len(),
                files.len()
            ));
        }
    };
    for p in &planned {
        for w in &p.warnings {
            eprint!("{}", Problem::warning(w).render(&shown(&p.source)));
        }
    }
    if args.dry_run {
        for p in &planned {
            println!("===== {} → {} =====", shown(&p.source), shown(&p.md));
            for (img, bytes) in &p.images {
                println!("（图片 {}，{} 字节）", shown(img), bytes.len());
            }
            println!("{}", p.text);
        }
        println!(
            "这次只预览，未写入任何文件；去掉 --dry-run 即导入（{} 篇）。",
            planned.len()
        );
        return ExitCode::SUCCESS;
    }
    if let Err(e) = plan::write(&content.root, &planned) {
        return fail(e);
    }
    for p in &planned {
        println!(
            "已导入 {} → {}{}",
            shown(&p.source),
            shown(&p.md),
            if p.images.is_empty() {
                String::new()
            } else {
                format!(
                    "（图片 {} 张，存入 {}）",
                    p.images.len(),
                    shown(&cohort.dir.join("images"))
                )
            }
        );
    }
    // The same checks as `showcase check`, shown for the new files only.
    let after = analyse(&cli.content);
    let new: Vec<&Path> = planned.iter().map(|p| p.md.as_path()).collect();
    let mut mine = Diagnostics::default();
    for d in &after.diags.list {
        if d.pos
            .is_some_and(|pos| new.contains(&after.content.sources.path(pos.file)))
        {
            mine.push(d.clone());
        }
    }
    let errors = mine.list.iter().filter(|d| d.is_error()).count();
    let warnings = mine.list.len() - errors;
    print_diagnostics(&mine, &after.content.sources);
    let imported_warnings: usize = planned.iter().map(|p| p.warnings.len()).sum();
    if errors + warnings + imported_warnings == 0 {
        println!("检查通过。可用 showcase serve 预览，核对标题、作者和图片。");
    } else {
        println!(
            "导入时有 {imported_warnings} 个提醒；检查新文件发现 {errors} 个错误、{warnings} 个警告（见上方）。请打开新文件按提示修改，再运行 showcase check。"
        );
    }
    ExitCode::SUCCESS
}

/// The .docx files to import: the file itself, or every Word file in the folder (old .doc
/// and .wps included, so they are reported rather than skipped; Word's `~$` lock files left
/// out).
fn inputs(path: &Path) -> Result<Vec<PathBuf>, String> {
    if path.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    if !path.is_dir() {
        return Err(format!(
            "错误：找不到 {}。请检查文件名和路径（可以把文件拖进命令行窗口）。",
            shown(path)
        ));
    }
    let rd = std::fs::read_dir(path)
        .map_err(|e| format!("错误：无法读取文件夹 {}：{e}", shown(path)))?;
    let mut files: Vec<PathBuf> = rd
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .filter(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let ext = p
                .extension()
                .map(|e| e.to_string_lossy().to_lowercase())
                .unwrap_or_default();
            !name.starts_with("~$")
                && !name.starts_with('.')
                && matches!(ext.as_str(), "docx" | "doc" | "wps")
        })
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!(
            "错误：文件夹 {} 中没有 Word 文档（.docx）。",
            shown(path)
        ));
    }
    Ok(files)
}

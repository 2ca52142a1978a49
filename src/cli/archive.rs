//! `showcase archive <year>`: freeze a cohort — build its booklet once more, keep that exact
//! PDF in the cohort's `edition/` folder with a manifest (SHA-256, date, pages, tool
//! version, every record's hash) and mark the cohort archived. Later builds serve the frozen
//! PDF and `check` reports any edit to the cohort's records.

use super::Cli;
use super::output::print_diagnostics;
use crate::edition::{
    EDITION_DIR, Manifest, manifest_yaml, pdf_page_count, record_hashes, sha256, today,
};
use crate::pipeline::analyse;
use crate::render::print::{PrintOptions, build_booklets, runner};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

#[derive(clap::Args, Debug)]
pub struct ArchiveArgs {
    /// 要归档的届（年份）
    pub year: i32,
    /// 主题：内置主题名（default、gongwen）或主题目录；不写时用 site.yaml 的 theme，再不写用 default
    #[arg(long, default_value = "default", value_name = "名称或目录")]
    pub theme: PathBuf,
}

pub fn run(cli: &Cli, args: &ArchiveArgs) -> ExitCode {
    match archive(cli, args) {
        Ok(msg) => {
            println!("{msg}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("错误：{e}");
            ExitCode::FAILURE
        }
    }
}

fn archive(cli: &Cli, args: &ArchiveArgs) -> Result<String, String> {
    let a = analyse(&cli.content);
    if !a.ok() {
        print_diagnostics(&a.diags, &a.content.sources);
        return Err("内容有错误，不能归档：请先修正（showcase check）。".into());
    }
    let Some(c) = a.content.cohort(args.year) else {
        return Err(format!("没有 {} 届。", args.year));
    };
    if c.edition.is_some() {
        return Err(format!(
            "{} 届已经归档，定稿印刷册不能替换。确需重新定稿，请先删除 {}/{EDITION_DIR}/ 文件夹。",
            args.year,
            c.dir.display()
        ));
    }
    let tmp = std::env::temp_dir().join(format!("showcase-archive-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    let opts = PrintOptions {
        theme: &args.theme,
        out: &tmp,
        previous: &tmp.join("none"),
        timeout: Duration::from_secs(600),
        only: Some(args.year),
    };
    let built = build_booklets(&a.content, &a.computed, &opts).map_err(|d| {
        d.iter()
            .map(|x| x.render(&a.content.sources, false))
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    let pdf_path = &built.first().ok_or("没有生成印刷册")?.pdf;
    let pdf = std::fs::read(pdf_path).map_err(|e| format!("无法读取生成的印刷册：{e}"))?;
    let _ = std::fs::remove_dir_all(&tmp);
    let dir = cli.content.join(&c.dir);
    let edition = dir.join(EDITION_DIR);
    std::fs::create_dir_all(&edition)
        .map_err(|e| format!("无法创建 {}：{e}", edition.display()))?;
    std::fs::write(edition.join("booklet.pdf"), &pdf)
        .map_err(|e| format!("无法写入定稿印刷册：{e}"))?;
    mark_archived(&dir.join("cohort.yaml"))?;
    let records = record_hashes(&dir).map_err(|e| format!("无法计算资料校验值：{e}"))?;
    let typst = runner::find().map(|t| t.version).unwrap_or_default();
    let tool = format!("showcase {} (typst {typst})", env!("CARGO_PKG_VERSION"));
    let pages = pdf_page_count(&pdf);
    let manifest = manifest_yaml(&Manifest {
        year: args.year,
        frozen: today(),
        tool: &tool,
        booklet_sha256: &sha256(&pdf),
        pages,
        records: &records,
    });
    std::fs::write(edition.join("manifest.yaml"), manifest)
        .map_err(|e| format!("无法写入归档清单：{e}"))?;
    Ok(format!(
        "{} 届已归档：定稿印刷册 {} 页 → {}；记录了 {} 个资料文件的校验值。此后该届资料只读，生成时直接使用这份印刷册。",
        args.year,
        pages,
        edition.join("booklet.pdf").display(),
        records.len()
    ))
}

/// Sets `status: archived` in cohort.yaml, keeping every other line as it is.
fn mark_archived(path: &std::path::Path) -> Result<(), String> {
    let text =
        std::fs::read_to_string(path).map_err(|e| format!("无法读取 {}：{e}", path.display()))?;
    let mut found = false;
    let mut out: Vec<String> = text
        .lines()
        .map(|l| {
            if l.starts_with("status:") {
                found = true;
                "status: archived".to_string()
            } else {
                l.to_string()
            }
        })
        .collect();
    if !found {
        out.push("status: archived".into());
    }
    std::fs::write(path, out.join("\n") + "\n")
        .map_err(|e| format!("无法写入 {}：{e}", path.display()))
}

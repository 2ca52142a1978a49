//! `showcase publish --zip`: packs the built public site (`output/site/`) into one zip file
//! to upload to an intranet server or a static host. Only the public site goes in — never
//! the internal site or the print sources — and the archive is reproducible (sorted entries,
//! fixed timestamps), so two packs of the same site are byte-identical.

use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct PublishArgs {
    /// 打包为 zip 文件（目前唯一的发布方式）
    #[arg(long)]
    pub zip: bool,
    /// 已生成的输出目录（其中的 site/ 即公开网站）
    #[arg(long, default_value = "output", value_name = "DIR")]
    pub out: PathBuf,
    /// zip 文件名，默认 <输出目录>/展示网站.zip
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
}

pub fn run(args: &PublishArgs) -> ExitCode {
    if !args.zip {
        eprintln!("错误：请指明发布方式，如 showcase publish --zip");
        return ExitCode::FAILURE;
    }
    let site = args.out.join("site");
    if !site.join("index.html").is_file() {
        eprintln!(
            "错误：{} 中没有已生成的网站。请先运行 showcase build，再打包。",
            args.out.display()
        );
        return ExitCode::FAILURE;
    }
    let file = args
        .file
        .clone()
        .unwrap_or_else(|| args.out.join("展示网站.zip"));
    match pack(&site, &file) {
        Ok(n) => {
            println!(
                "已打包公开网站：{n} 个文件 → {}（解压后把其中所有文件上传到网站根目录即可；内部版不在其中）",
                file.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!(
                "错误：无法写入 {}：{e}。若该文件正在其他程序中打开，请先关闭再试。",
                file.display()
            );
            ExitCode::FAILURE
        }
    }
}

/// Every regular file under `site`, as `/`-separated relative paths, sorted.
fn files(site: &Path) -> std::io::Result<Vec<(String, PathBuf)>> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(site).follow_links(false) {
        let e = e.map_err(std::io::Error::other)?;
        if !e.file_type().is_file() {
            continue;
        }
        let rel = e
            .path()
            .strip_prefix(site)
            .map_err(std::io::Error::other)?
            .to_string_lossy()
            .replace('\\', "/");
        out.push((rel, e.path().to_path_buf()));
    }
    out.sort();
    Ok(out)
}

/// Writes the zip next to its final name and renames it into place; returns the file count.
pub fn pack(site: &Path, file: &Path) -> std::io::Result<usize> {
    let list = files(site)?;
    let tmp = file.with_extension("zip.partial");
    let result = (|| {
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&tmp)?);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default())
            .unix_permissions(0o644);
        for (rel, path) in &list {
            zip.start_file(rel.as_str(), opts)
                .map_err(std::io::Error::other)?;
            zip.write_all(&std::fs::read(path)?)?;
        }
        zip.finish().map_err(std::io::Error::other)?;
        std::fs::rename(&tmp, file)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map(|()| list.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packs_the_site_only_and_reproducibly() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join("2017/reports")).unwrap();
        std::fs::write(site.join("index.html"), "首页").unwrap();
        std::fs::write(site.join("2017/reports/index.html"), "调研文章").unwrap();
        let a = dir.path().join("a.zip");
        let b = dir.path().join("b.zip");
        assert_eq!(pack(&site, &a).unwrap(), 2);
        std::thread::sleep(std::time::Duration::from_millis(1100));
        pack(&site, &b).unwrap();
        assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
        let mut z = zip::ZipArchive::new(std::fs::File::open(&a).unwrap()).unwrap();
        let names: Vec<String> = (0..z.len())
            .map(|i| z.by_index(i).unwrap().name().unwrap().to_string())
            .collect();
        assert_eq!(names, ["2017/reports/index.html", "index.html"]);
    }
}

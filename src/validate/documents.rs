//! Reports, cases, preface and afterword: authors are members, the group exists, the date is
//! in the period, every referenced image exists inside the content folder.

use super::activities::unknown;
use super::index::Roster;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Cohort;
use chrono::Datelike;
use std::path::Path;

pub fn check(c: &mut Cohort, roster: &Roster, root: &Path, diags: &mut Diagnostics) {
    let group_ids: Vec<String> = c.groups.iter().map(|g| g.id.value.clone()).collect();
    let (start, end, year) = (c.start, c.end, c.year);
    let docs = c
        .reports
        .iter_mut()
        .chain(c.cases.iter_mut())
        .chain(c.preface.iter_mut())
        .chain(c.afterword.iter_mut());
    for d in docs {
        let mut seen: Vec<usize> = Vec::new();
        for a in d.authors.iter_mut() {
            roster.resolve(a, "作者", diags);
            if let Some(i) = a.member {
                if seen.contains(&i) {
                    // Listed twice would be paid twice (and printed twice).
                    diags.push(
                        Diagnostic::error(a.text.pos, format!("作者「{}」重复列出", a.text.value))
                            .hint("删去重复的名字：每位作者每篇文章只计一次分。")
                            .width(a.text.value.chars().count()),
                    );
                    a.member = None;
                } else {
                    seen.push(i);
                }
            }
        }
        if let Some(g) = &d.group
            && !group_ids.contains(&g.value)
        {
            unknown(diags, g, "小组", &group_ids, year, "groups.yaml");
        }
        if let Some(date) = &d.date
            && (date.value.year() != year
                && (date.value < start || date.value > end + chrono::Days::new(62)))
        {
            diags.push(
                Diagnostic::error(date.pos, format!("日期 {} 与 {year} 届不符", date.value))
                    .hint(format!(
                        "文章日期应在 {year} 年内（通常在培养期末），核对年份是否写错。"
                    ))
                    .width(10),
            );
        }
        let base = d.rel_path.parent().unwrap_or(Path::new(""));
        for img in &d.images {
            let src = img.value.as_str();
            if src.starts_with("http://") || src.starts_with("https://") || src.starts_with("//") {
                diags.push(
                    Diagnostic::error(img.pos, format!("图片「{src}」是网络地址"))
                        .hint("网站和印刷册都须离线可用：请把图片下载后放入本届 images/ 文件夹，再写相对路径，如 ../images/map.png。"),
                );
                continue;
            }
            let Some(target) = crate::load::resolve_inside(base, src) else {
                diags.push(
                    Diagnostic::error(img.pos, format!("图片路径「{src}」指向内容目录以外")).hint(
                        "图片须放在内容目录中（本届 images/ 文件夹），用 ../images/文件名 引用。",
                    ),
                );
                continue;
            };
            let full = root.join(&target);
            match std::fs::symlink_metadata(&full) {
                Ok(m) if m.file_type().is_symlink() => diags.push(
                    Diagnostic::error(img.pos, format!("图片「{src}」是符号链接"))
                        .hint("请把图片文件本身复制到 images/ 文件夹。"),
                ),
                Ok(m) if m.is_file() => {
                    let ext = target
                        .extension()
                        .map(|e| e.to_string_lossy().to_lowercase())
                        .unwrap_or_default();
                    if !matches!(
                        ext.as_str(),
                        "png" | "jpg" | "jpeg" | "svg" | "gif" | "webp"
                    ) {
                        diags.push(
                            Diagnostic::error(img.pos, format!("图片「{src}」的格式不受支持"))
                                .hint("请转换为 PNG、JPG 或 SVG。"),
                        );
                    }
                }
                _ => diags.push(
                    Diagnostic::error(
                        img.pos,
                        format!("图片「{src}」不存在（找的是 {}）", target.display()),
                    )
                    .hint("检查文件名和大小写，并确认图片已放入 images/ 文件夹。")
                    .width(src.chars().count()),
                ),
            }
        }
    }
}

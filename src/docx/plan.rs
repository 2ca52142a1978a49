//! From .docx files to the files `import report` writes: the Markdown (front matter and
//! body) under `reports/` or `cases/`, named as `showcase new report` names them, and the
//! pictures under the cohort's `images/` (`<slug>-1.png`, …). Nothing is written here; a
//! batch is planned whole, so one bad file leaves no partial output.

use super::blocks::Doc;
use super::front::{self, Front, Roster};
use super::markdown::{self, Out};
use super::{Media, Problem};
use crate::model::{Cohort, Group};
use crate::scaffold::{doc_date, document_stem, shown};
use crate::yaml_write::scalar;
use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

pub struct Ctx<'a> {
    /// The content root.
    pub root: &'a Path,
    pub cohort: &'a Cohort,
    pub group: &'a Group,
    pub case: bool,
    pub today: NaiveDate,
}

/// One document ready to write. Paths are relative to the content root.
#[derive(Debug)]
pub struct Planned {
    pub source: PathBuf,
    pub md: PathBuf,
    pub text: String,
    pub images: Vec<(PathBuf, Vec<u8>)>,
    pub warnings: Vec<String>,
}

/// A failed file: its path and the problem.
pub type Failure = (PathBuf, Problem);

/// Plans every file; all succeed or the failures are returned (every one of them).
pub fn plan(files: &[PathBuf], ctx: &Ctx) -> Result<Vec<Planned>, Vec<Failure>> {
    let names: Vec<String> = ctx
        .cohort
        .members
        .iter()
        .map(|m| m.name.value.clone())
        .collect();
    let groups: Vec<String> = ctx
        .cohort
        .groups
        .iter()
        .flat_map(|g| [g.name.clone(), g.id.value.clone()])
        .collect();
    let roster = Roster {
        names: &names,
        groups: &groups,
    };
    // Reading is pure and independent per file: in parallel.
    let read: Vec<Result<(Doc, Media, Front), Failure>> = files
        .par_iter()
        .map(|f| {
            let bytes = std::fs::read(f).map_err(|e| {
                (
                    f.clone(),
                    Problem::error(format!("无法读取文件：{e}"))
                        .hint("确认文件存在、未被其他程序占用。"),
                )
            })?;
            let (mut doc, media) = super::parse(&bytes).map_err(|p| (f.clone(), p))?;
            let front = front::extract(&mut doc, &roster);
            Ok((doc, media, front))
        })
        .collect();
    let mut failures = Vec::new();
    let mut out = Vec::new();
    let mut taken: HashSet<PathBuf> = HashSet::new();
    for (f, r) in files.iter().zip(read) {
        match r.and_then(|(doc, media, front)| {
            name_and_render(f, doc, media, front, ctx, &mut taken).map_err(|p| (f.clone(), p))
        }) {
            Ok(p) => out.push(p),
            Err(e) => failures.push(e),
        }
    }
    if failures.is_empty() {
        Ok(out)
    } else {
        Err(failures)
    }
}

fn name_and_render(
    source: &Path,
    doc: Doc,
    mut media: Media,
    front: Front,
    ctx: &Ctx,
    taken: &mut HashSet<PathBuf>,
) -> Result<Planned, Problem> {
    let c = ctx.cohort;
    let mut warnings = doc.warnings.clone();
    warnings.extend(front.warnings.iter().cloned());
    let title = match front.title.clone().or_else(|| doc.prop_title.clone()) {
        Some(t) => t,
        None => {
            let stem = source
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            warnings.push(format!(
                "没有找到标题（“标题”样式、居中或字号最大的首段），暂用文件名「{stem}」作标题；请核对文头 title。"
            ));
            stem
        }
    };
    let dir_rel = c.dir.join(if ctx.case { "cases" } else { "reports" });
    let dir = ctx.root.join(&dir_rel);
    let stem = document_stem(&dir, &ctx.group.id.value, ctx.case, &title);
    let md = dir_rel.join(format!("{stem}.md"));
    if ctx.root.join(&md).exists() {
        return Err(Problem::error(format!(
            "{} 已存在，未覆盖（这篇文章可能已经导入过）",
            shown(&ctx.root.join(&md))
        ))
        .hint(
            "若要重新导入，请先删除或改名已有文件；若是另一篇同题文章，请先改动 Word 中的标题。",
        ));
    }
    // Two documents of one batch with the same name: number the later ones.
    let (stem, md) = {
        let mut n = 1;
        let mut s = stem.clone();
        let mut m = md;
        while taken.contains(&m) || (n > 1 && ctx.root.join(&m).exists()) {
            n += 1;
            s = format!("{stem}-{n}");
            m = dir_rel.join(format!("{s}.md"));
        }
        (s, m)
    };
    taken.insert(md.clone());

    // Pictures: one file per distinct image part, numbered in order of appearance.
    let images_rel = c.dir.join("images");
    let mut parts: Vec<&str> = Vec::new();
    let mut images = Vec::new();
    let mut paths = Vec::with_capacity(doc.pictures.len());
    for p in &doc.pictures {
        let k = match parts.iter().position(|q| *q == p.part) {
            Some(k) => k,
            None => {
                let Some(bytes) = media.take(&p.part) else {
                    paths.push(String::new());
                    continue;
                };
                parts.push(&p.part);
                let name = format!("{stem}-{}.{}", parts.len(), p.ext);
                let rel = images_rel.join(&name);
                if ctx.root.join(&rel).exists() {
                    return Err(Problem::error(format!(
                        "图片 {} 已存在，未覆盖",
                        shown(&ctx.root.join(&rel))
                    ))
                    .hint("这篇文章的图片可能已经导入过；请先删除或改名已有图片再导入。"));
                }
                images.push((rel, bytes));
                parts.len() - 1
            }
        };
        let name = images[k]
            .0
            .file_name()
            .map(|n| n.to_string_lossy().into_owned());
        paths.push(format!("../images/{}", name.unwrap_or_default()));
    }
    let body = markdown::render(&Out {
        doc: &doc,
        image_paths: &paths,
    });
    let date = doc
        .prop_date
        .as_deref()
        .and_then(|d| d.get(..10))
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let date = match date {
        Some(d) if d.year() == c.year || (c.start <= d && d <= c.end + chrono::Days::new(62)) => d,
        Some(d) => {
            let alt = doc_date(c, ctx.today);
            warnings.push(format!(
                "文档属性中的日期 {d} 不在 {} 届，文头 date 暂写 {alt}；请改为定稿日期。",
                c.year
            ));
            alt
        }
        None => doc_date(c, ctx.today),
    };
    let text = front_matter(
        &title,
        &front,
        &ctx.group.id.value,
        date,
        ctx.case,
        &source_name(source),
    ) + "\n"
        + &body;
    if front.authors.is_empty() {
        warnings.push(
            "没有找到作者行（如「城管组　高晓峰　梁志刚」或「作者：……」），请在文头补写 authors。"
                .into(),
        );
    }
    if front.abstract_.is_none() {
        warnings
            .push("没有找到摘要（以【摘要】或“摘要：”开头的段落），请在文头补写 abstract。".into());
    }
    if front.keywords.is_empty() {
        warnings.push(
            "没有找到关键词（以【关键词】或“关键词：”开头的段落），请在文头补写 keywords。".into(),
        );
    }
    Ok(Planned {
        source: source.to_path_buf(),
        md,
        text,
        images,
        warnings,
    })
}

fn source_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn list(items: &[String]) -> String {
    let v: Vec<String> = items.iter().map(|s| scalar(s)).collect();
    format!("[{}]", v.join(", "))
}

/// The front matter; fields not found in the document are left out (with a comment), so
/// `showcase check` names them.
fn front_matter(
    title: &str,
    f: &Front,
    group: &str,
    date: NaiveDate,
    case: bool,
    source: &str,
) -> String {
    let what = if case { "活动案例" } else { "调研文章" };
    let mut s = String::from("---\n");
    s += &format!(
        "# 由 showcase import report 从「{}」导入的{what}\n",
        source.replace('\n', " ")
    );
    s += &format!("title: {}\n", scalar(title));
    if f.authors.is_empty() {
        s += "# authors: [姓名, 姓名]    # 文中没有找到作者行，请补写（须是本届学员）\n";
    } else {
        s += &format!("authors: {}\n", list(&f.authors));
        if let Some(line) = &f.author_line {
            s += &format!("# 原文作者行：{line}\n");
        }
    }
    s += &format!("group: {}\n", scalar(group));
    s += &format!("date: {date}\n");
    match &f.abstract_ {
        Some(a) => s += &format!("abstract: {}\n", scalar(a)),
        None => s += "# abstract: 文中没有找到摘要，请补写\n",
    }
    if f.keywords.is_empty() {
        s += "# keywords: [关键词, 关键词]    # 文中没有找到关键词，请补写\n";
    } else {
        s += &format!("keywords: {}\n", list(&f.keywords));
    }
    s += "---\n";
    s
}

/// Writes every planned file (never overwriting); on any failure removes what it wrote.
pub fn write(root: &Path, planned: &[Planned]) -> Result<(), String> {
    let mut written: Vec<PathBuf> = Vec::new();
    let files = planned.iter().flat_map(|p| {
        p.images
            .iter()
            .map(|(r, b)| (r, b.as_slice()))
            .chain(std::iter::once((&p.md, p.text.as_bytes())))
    });
    for (rel, bytes) in files {
        let path = root.join(rel);
        if let Err(e) = crate::scaffold::create_file(&path, bytes) {
            for w in written.iter().rev() {
                let _ = std::fs::remove_file(w);
            }
            return Err(format!("{e}\n已撤销本次写入的文件，内容目录保持原样。"));
        }
        written.push(path);
    }
    Ok(())
}

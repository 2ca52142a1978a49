//! Markdown documents (reports, cases, preface, afterword): front matter split at byte 0 (not
//! pulldown-cmark's metadata option, which also matches `---` pairs inside the body), then
//! the body is scanned for images so missing files are reported before rendering.

use super::reader::Reader;
use super::yaml;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{DocKind, Document, MemberRef};
use crate::source::{FileId, Located, Pos};
use pulldown_cmark::{Event, Options, Parser, Tag};
use std::path::Path;

/// Splits `---\n<yaml>\n---\n<body>` at the very start of the text. Returns (yaml, body,
/// 1-based line of the body's first line). `None` when the file has no front matter.
pub fn split_front_matter(text: &str) -> Option<(&str, &str, u32)> {
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let trimmed = line.trim_end_matches(['\n', '\r']);
        if trimmed == "---" || trimmed == "..." {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let body_line = 2 + yaml.matches('\n').count() as u32 + 1;
            return Some((yaml, body, body_line));
        }
        offset += line.len();
    }
    None
}

/// Markdown options shared by every renderer (no smart punctuation: it mangles Chinese quotes).
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

/// Parses one document already read into the source map. Pure (no I/O, no shared state), so
/// the documents of a cohort are parsed in parallel.
pub fn parse(
    text: std::sync::Arc<str>,
    file: FileId,
    rel: &Path,
    kind: DocKind,
    diags: &mut Diagnostics,
) -> Option<Document> {
    let slug = rel.file_stem()?.to_string_lossy().into_owned();
    let what = match kind {
        DocKind::Report => "调研文章",
        DocKind::Case => "活动案例",
        DocKind::Preface => "前言",
        DocKind::Afterword => "后记",
    };
    let needs_meta = matches!(kind, DocKind::Report | DocKind::Case);
    if needs_meta
        && !slug
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        diags.push(
            Diagnostic::error(
                Pos::file_start(file),
                format!("文件名「{slug}」会成为网址，只能用英文字母、数字和连字符"),
            )
            .hint("把文件改名，如 chengguan-weijian.md；文章标题写在文头的 title 中。"),
        );
    }
    let (fm, body, body_line) = match split_front_matter(&text) {
        Some(parts) => parts,
        None if needs_meta => {
            diags.push(
                Diagnostic::error(Pos::file_start(file), format!("{what}缺少文头（标题、作者等信息）"))
                    .hint("文件第一行写 ---，接着写 title、authors、group、date、abstract、keywords，再写一行 --- 结束，见 docs/content-format.md 第 9 节。"),
            );
            return None;
        }
        None => ("", &text[..], 1),
    };
    let node = match yaml::parse(fm, file, 1) {
        Ok(n) => n,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let allowed: &[&str] = if needs_meta {
        &[
            "title", "authors", "group", "date", "abstract", "keywords", "draft",
        ]
    } else {
        &["title", "signed", "date"]
    };
    let mut r = Reader::new(file, diags);
    let f = r.fields(&node, "文头", allowed)?;
    let title = if needs_meta {
        r.req_str(&f, "title", what)
    } else {
        Some(
            r.opt_str(&f, "title")
                .unwrap_or_else(|| Located::new(what.to_string(), Pos::file_start(file))),
        )
    };
    let date = if needs_meta {
        r.req_date(&f, "date", what)
    } else {
        r.opt_date(&f, "date")
    };
    let (authors, group, abstract_, keywords) = if needs_meta {
        let authors: Vec<MemberRef> = r
            .str_list(&f, "authors")
            .into_iter()
            .map(MemberRef::new)
            .collect();
        if authors.is_empty() && !f.has("authors") {
            r.diags.push(
                Diagnostic::error(
                    r.pos(&node),
                    format!("{what}缺少必填字段「authors」（作者）"),
                )
                .hint("如 authors: [李泗, 张三]。"),
            );
        }
        let group = r.req_str(&f, "group", what);
        let abstract_ = r.req_str(&f, "abstract", what).map(|t| t.value);
        let keywords: Vec<String> = r
            .str_list(&f, "keywords")
            .into_iter()
            .map(|k| k.value)
            .collect();
        if keywords.is_empty() {
            r.diags.push(
                Diagnostic::error(
                    r.pos(&node),
                    format!("{what}缺少必填字段「keywords」（关键词）"),
                )
                .hint("如 keywords: [违建治理, 老旧小区]。"),
            );
        }
        (authors, group, abstract_, keywords)
    } else {
        (Vec::new(), None, None, Vec::new())
    };
    // A draft is checked like any report but published nowhere (see pipeline::analyse).
    let draft = r.opt_bool(&f, "draft").is_some_and(|b| b.value);
    let signed = if needs_meta {
        None
    } else {
        r.opt_str(&f, "signed").map(|t| t.value)
    };
    if body.trim().is_empty() {
        diags.push(
            Diagnostic::error(Pos::new(file, body_line, 1), format!("{what}正文是空的"))
                .hint("在文头的 --- 之后写正文。"),
        );
    }
    let images = images(body, file, body_line);
    Some(Document {
        kind,
        slug,
        rel_path: rel.to_path_buf(),
        title: title?,
        authors,
        group,
        date,
        abstract_,
        keywords,
        signed,
        draft,
        body_start: body.as_ptr() as usize - text.as_ptr() as usize,
        text: text.clone(),
        body_line,
        images,
        pos: Pos::file_start(file),
    })
}

/// Image sources in a Markdown body with their positions.
fn images(body: &str, file: FileId, body_line: u32) -> Vec<Located<String>> {
    let mut out = Vec::new();
    // Every image starts with `![` (inline or reference style): skip the parse without one.
    if !body.contains("![") {
        return out;
    }
    for (ev, range) in Parser::new_ext(body, markdown_options()).into_offset_iter() {
        if let Event::Start(Tag::Image { dest_url, .. }) = ev {
            let (l, c) = crate::source::line_col(body, range.start);
            out.push(Located::new(
                dest_url.to_string(),
                Pos::new(file, body_line + l - 1, c),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_only_at_start() {
        let t = "---\ntitle: A\n---\n正文\n\n---\n\n更多\n";
        let (fm, body, line) = split_front_matter(t).unwrap();
        assert_eq!(fm, "title: A\n");
        assert!(body.starts_with("正文"));
        assert_eq!(line, 4);
        assert!(split_front_matter("正文\n---\nx: 1\n---\n").is_none());
    }
}

//! `edition/manifest.yaml` of an archived cohort: written by `showcase archive`, read here.

use super::reader::Reader;
use super::yaml::Node;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Edition;
use crate::source::FileId;
use std::path::Path;

pub fn read(node: &Node, file: FileId, rel: &Path, diags: &mut Diagnostics) -> Option<Edition> {
    let mut r = Reader::new(file, diags);
    let f = r.fields(
        node,
        "归档清单",
        &["year", "frozen", "tool", "booklet", "records"],
    )?;
    let frozen = r.req_date(&f, "frozen", "归档清单")?;
    let tool = r.opt_str(&f, "tool").map(|t| t.value).unwrap_or_default();
    let b = match f.get("booklet") {
        Some(b) => b,
        None => {
            r.diags.push(
                Diagnostic::error(r.pos(node), "归档清单缺少「booklet」（定稿印刷册）")
                    .hint("归档清单由 showcase archive 生成，请勿手工修改；可删除 edition/ 文件夹后重新归档。"),
            );
            return None;
        }
    };
    let bf = r.fields(b, "定稿印刷册", &["file", "sha256", "pages"])?;
    let booklet = r.req_str(&bf, "file", "定稿印刷册")?;
    let sha = r.req_str(&bf, "sha256", "定稿印刷册")?;
    let pages = r.opt_u32(&bf, "pages").map(|p| p.value).unwrap_or(0);
    let mut records = Vec::new();
    for n in r.records(&f, "records", "资料文件") {
        let Some(rf) = r.fields(n, "资料文件", &["path", "sha256"]) else {
            continue;
        };
        if let (Some(p), Some(h)) = (
            r.req_str(&rf, "path", "资料文件"),
            r.req_str(&rf, "sha256", "资料文件"),
        ) {
            records.push((p.value, h.value));
        }
    }
    Some(Edition {
        manifest: rel.to_path_buf(),
        frozen: frozen.value,
        tool,
        booklet: booklet.value,
        booklet_sha256: sha.value,
        pages,
        records,
        pos: r.pos(node),
    })
}

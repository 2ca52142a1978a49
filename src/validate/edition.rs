//! Archived cohorts are read-only: every record must still hash as it did when the cohort
//! was frozen, and the frozen booklet must match its checksum.

use crate::diag::{Diagnostic, Diagnostics};
use crate::edition::{EDITION_DIR, record_hashes, sha256};
use crate::model::Cohort;
use std::path::Path;

pub fn check(c: &Cohort, root: &Path, diags: &mut Diagnostics) {
    let Some(e) = &c.edition else { return };
    let dir = root.join(&c.dir);
    let shown = |p: &str| format!("{}/{p}", c.dir.to_string_lossy().replace('\\', "/"));
    let booklet = dir.join(EDITION_DIR).join(&e.booklet);
    match std::fs::read(&booklet) {
        Ok(bytes) if sha256(&bytes) == e.booklet_sha256 => {}
        Ok(_) => diags.push(
            Diagnostic::file_error(shown(&format!("{EDITION_DIR}/{}", e.booklet)), 1, 1, format!("{} 届定稿印刷册的校验值与归档清单不符：文件已被改动或损坏", c.year))
                .hint("从备份中恢复归档时的 booklet.pdf；定稿印刷册不能替换。确需重新定稿，请删除 edition/ 文件夹后重新运行 showcase archive。"),
        ),
        Err(_) => diags.push(
            Diagnostic::file_error(shown(&format!("{EDITION_DIR}/{}", e.booklet)), 1, 1, format!("{} 届定稿印刷册不见了", c.year))
                .hint("从备份中恢复归档时的 booklet.pdf。"),
        ),
    }
    let now = match record_hashes(&dir) {
        Ok(h) => h,
        Err(err) => {
            diags.push(
                Diagnostic::error(e.pos, format!("无法核对 {} 届归档资料：{err}", c.year))
                    .hint("检查文件权限。"),
            );
            return;
        }
    };
    let hint = "已归档的届次资料只读：请撤销这处改动（从备份恢复）。确需更正，须删除 edition/ 文件夹并重新运行 showcase archive 重新定稿。";
    for (path, hash) in &e.records {
        match now.iter().find(|(p, _)| p == path) {
            Some((_, h)) if h == hash => {}
            Some(_) => diags.push(
                Diagnostic::file_error(
                    shown(path),
                    1,
                    1,
                    format!("{} 届已于 {} 归档，此文件在归档后被修改", c.year, e.frozen),
                )
                .hint(hint),
            ),
            None => diags.push(
                Diagnostic::file_error(
                    shown(path),
                    1,
                    1,
                    format!("{} 届已于 {} 归档，此文件在归档后被删除", c.year, e.frozen),
                )
                .hint(hint),
            ),
        }
    }
    for (path, _) in &now {
        if !e.records.iter().any(|(p, _)| p == path) {
            diags.push(
                Diagnostic::file_error(
                    shown(path),
                    1,
                    1,
                    format!("{} 届已于 {} 归档，此文件是归档后新增的", c.year, e.frozen),
                )
                .hint(hint),
            );
        }
    }
}

//! The .docx package (a zip file): what is not a zip (old .doc, .wps, password-protected
//! documents, which are OLE files) is recognised and explained; the parts are then read
//! through the bounded reader of [`crate::zip_limits`] (entry count, names, and bytes counted
//! while decompressing), whose refusals are worded here for a Word user.

use super::Problem;
use crate::zip_limits::{self, Limits, ZipProblem};

/// Largest .docx file accepted.
pub const MAX_FILE: u64 = 200 << 20;

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const SAVE_AS: &str =
    "请在 Word/WPS 中『另存为』.docx 后再导入（文件 → 另存为 → 保存类型选“Word 文档 (*.docx)”）。";

pub struct Package<'a> {
    zip: zip_limits::Package<'a>,
}

impl<'a> Package<'a> {
    pub fn open(bytes: &'a [u8]) -> Result<Self, Problem> {
        Self::open_with(bytes, zip_limits::DOCX)
    }

    pub fn open_with(bytes: &'a [u8], limits: Limits) -> Result<Self, Problem> {
        if bytes.starts_with(&OLE_MAGIC) {
            return Err(ole(bytes));
        }
        if bytes.len() as u64 > MAX_FILE {
            return Err(Problem::error(format!(
                "文件太大（{} MB），超过导入上限 {} MB",
                bytes.len() >> 20,
                MAX_FILE >> 20
            ))
            .hint("请压缩文中图片（Word：图片格式 → 压缩图片）后另存再导入。"));
        }
        if bytes.is_empty() {
            return Err(Problem::error("文件是空的（0 字节）")
                .hint("文件可能没有保存或拷贝完整；请重新从 Word/WPS 保存一份 .docx。"));
        }
        if !bytes.starts_with(b"PK") {
            return Err(Problem::error(
                "不是 Word 文档（.docx）：文件内容不是 .docx 格式，可能是 .doc、.wps、.rtf 或改了扩展名的其他文件",
            )
            .hint(SAVE_AS));
        }
        let zip = zip_limits::Package::open(bytes, limits).map_err(|p| refused(p, None))?;
        Ok(Package { zip })
    }

    pub fn has(&self, name: &str) -> bool {
        self.zip.has(name)
    }

    /// The bytes of one part, `None` when the package has no such part. Decompression stops
    /// as soon as the running total passes the cap, whatever the entry declared.
    pub fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, Problem> {
        self.zip.read(name).map_err(|p| refused(p, Some(name)))
    }

    /// A part read as XML text; `None` when absent.
    pub fn xml(&mut self, name: &str) -> Result<Option<super::xml::Node>, Problem> {
        let Some(bytes) = self.read(name)? else {
            return Ok(None);
        };
        let text = super::xml::decode(&bytes).map_err(|e| bad_xml(name, &e))?;
        super::xml::parse(&text)
            .map(Some)
            .map_err(|e| bad_xml(name, &e))
    }
}

/// A refusal of the bounded reader, worded for a Word user (`part`: while reading it).
fn refused(p: ZipProblem, part: Option<&str>) -> Problem {
    let what = part.map(|n| format!("（部件 {n}）")).unwrap_or_default();
    match p {
        ZipProblem::Corrupt(e) => Problem::error(format!("文件已损坏或不完整{what}（{e}）"))
            .hint("文件可能没有下载或拷贝完整；请重新从 Word/WPS 保存一份 .docx 再导入。"),
        ZipProblem::TooManyEntries { count, limit } => {
            bomb(format!("文件内含 {count} 个部件，超过上限 {limit}"))
        }
        ZipProblem::TooLarge { limit } => bomb(format!("解压后超过上限 {} MB{what}", limit >> 20)),
        ZipProblem::UnsafeName(name) => Problem::error(format!(
            "文件内含不安全的部件名「{name}」（指向文件夹之外）"
        ))
        .hint("这不是 Word 正常保存的文件，可能经过篡改；请重新从 Word/WPS 保存一份 .docx。"),
    }
}

fn bad_xml(part: &str, what: &str) -> Problem {
    Problem::error(format!("文件已损坏：部件 {part} {what}")).hint(
        "请在 Word/WPS 中打开该文件（Word 会提示修复），确认内容无误后重新『另存为』.docx 再导入。",
    )
}

fn bomb(what: String) -> Problem {
    Problem::error(format!(
        "文件异常：{what}，不像正常的 Word 文档，已拒绝导入"
    ))
    .hint("请在 Word/WPS 中打开确认内容后重新『另存为』.docx；若文中图片很多很大，请先压缩图片。")
}

/// An OLE compound file: a password-protected .docx (its streams are named EncryptionInfo
/// and EncryptedPackage), or an old binary .doc / .wps.
fn ole(bytes: &[u8]) -> Problem {
    let utf16 = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect() };
    let needle = utf16("EncryptedPackage");
    if bytes.windows(needle.len()).any(|w| w == needle.as_slice()) {
        return Problem::error("文档设有打开密码（已加密），无法读取").hint(
            "请在 Word/WPS 中打开，取消密码（Word：文件 → 信息 → 保护文档 → 用密码进行加密，清空密码；WPS：文件 → 文档加密）后保存，再导入。",
        );
    }
    Problem::error("这是旧版 Word（.doc）或 WPS（.wps）格式的文件，不能直接导入").hint(SAVE_AS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn zip_of(parts: &[(&str, Vec<u8>)]) -> Vec<u8> {
        use std::io::Write;
        let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let o = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (n, b) in parts {
            z.start_file(*n, o).unwrap();
            z.write_all(b).unwrap();
        }
        z.finish().unwrap().into_inner()
    }

    /// Sets the uncompressed size every central directory entry declares.
    fn lie_about_sizes(bytes: &mut [u8], size: u32) {
        let sig = [0x50, 0x4b, 0x01, 0x02];
        let mut i = 0;
        while i + 28 <= bytes.len() {
            if bytes[i..i + 4] == sig {
                bytes[i + 24..i + 28].copy_from_slice(&size.to_le_bytes());
            }
            i += 1;
        }
    }

    #[test]
    fn sizes_are_checked_while_decompressing() {
        let small = Limits {
            max_entries: 10,
            max_total: 1000,
        };
        let mut z = zip_of(&[("a.xml", vec![b'x'; 5000])]);
        // Declared honestly: refused before reading.
        assert!(Package::open_with(&z, small).is_err());
        // Declared small: refused while decompressing (the zip crate stops at the declared
        // size; our running total is the second guard), never read whole.
        lie_about_sizes(&mut z, 10);
        let e = match Package::open_with(&z, small) {
            Ok(mut p) => p.read("a.xml").unwrap_err(),
            Err(e) => e,
        };
        assert!(
            e.message.contains("上限") || e.message.contains("损坏"),
            "{}",
            e.message
        );
        let many: Vec<(String, Vec<u8>)> = (0..11).map(|i| (format!("{i}.xml"), vec![])).collect();
        let parts: Vec<(&str, Vec<u8>)> =
            many.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
        let e = Package::open_with(&zip_of(&parts), small).err().unwrap();
        assert!(e.message.contains("部件"), "{}", e.message);
        let ok = zip_of(&[("a.xml", vec![b'x'; 500])]);
        assert_eq!(
            Package::open_with(&ok, small)
                .unwrap()
                .read("a.xml")
                .unwrap()
                .unwrap()
                .len(),
            500
        );
    }

    #[test]
    fn not_zips() {
        assert!(Package::open(b"").is_err());
        let e = Package::open(b"{\\rtf1 hello}").err().unwrap();
        assert!(e.hint.unwrap().contains("另存为"));
        let mut ole_bytes = OLE_MAGIC.to_vec();
        ole_bytes.extend(vec![0; 100]);
        let e = Package::open(&ole_bytes).err().unwrap();
        assert!(e.message.contains(".doc"), "{}", e.message);
        ole_bytes.extend(
            "EncryptedPackage"
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes()),
        );
        let e = Package::open(&ole_bytes).err().unwrap();
        assert!(e.message.contains("密码"), "{}", e.message);
        let e = Package::open(b"PK\x03\x04garbage").err().unwrap();
        assert!(e.message.contains("损坏"), "{}", e.message);
    }
}

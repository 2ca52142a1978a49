//! The .docx package (a zip file), read with hard limits: what is not a zip (old .doc, .wps,
//! password-protected documents, which are OLE files) is recognised and explained; entry
//! count and uncompressed bytes are capped, and sizes are checked while decompressing, not
//! only as declared; entry names that climb out (`..`, absolute) are refused.

use super::Problem;
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// Largest .docx file accepted.
pub const MAX_FILE: u64 = 200 << 20;
/// Most entries in one package (a long report with many pictures has a few hundred).
pub const MAX_ENTRIES: usize = 5_000;
/// Most bytes decompressed from one package, all parts together.
pub const MAX_TOTAL: u64 = 512 << 20;

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const SAVE_AS: &str =
    "请在 Word/WPS 中『另存为』.docx 后再导入（文件 → 另存为 → 保存类型选“Word 文档 (*.docx)”）。";

/// The caps a package is read under.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub entries: usize,
    pub total: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            entries: MAX_ENTRIES,
            total: MAX_TOTAL,
        }
    }
}

pub struct Package<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    limits: Limits,
    /// Entry name → index.
    names: HashMap<String, usize>,
    /// Bytes decompressed so far.
    used: u64,
}

impl<'a> Package<'a> {
    pub fn open(bytes: &'a [u8]) -> Result<Self, Problem> {
        Self::open_with(bytes, Limits::default())
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
        let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
            Problem::error(format!("文件已损坏或不完整，无法打开（{e}）"))
                .hint("文件可能没有下载或拷贝完整；请重新从 Word/WPS 保存一份 .docx 再导入。")
        })?;
        if zip.len() > limits.entries {
            return Err(bomb(format!(
                "文件内含 {} 个部件，超过上限 {}",
                zip.len(),
                limits.entries
            )));
        }
        let mut names = HashMap::new();
        let mut declared: u64 = 0;
        for i in 0..zip.len() {
            let entry = zip.by_index_data(i).map_err(corrupt)?;
            let name = entry.name().map_err(corrupt)?.into_owned();
            if unsafe_name(&name) {
                return Err(Problem::error(format!(
                    "文件内含不安全的部件名「{name}」（指向文件夹之外）"
                ))
                .hint(
                    "这不是 Word 正常保存的文件，可能经过篡改；请重新从 Word/WPS 保存一份 .docx。",
                ));
            }
            declared = declared.saturating_add(entry.size());
            // Some writers separate folders with a backslash.
            names.insert(name.replace('\\', "/"), i);
        }
        if declared > limits.total {
            return Err(bomb(format!(
                "解压后共 {} MB，超过上限 {} MB",
                declared >> 20,
                limits.total >> 20
            )));
        }
        Ok(Package {
            zip,
            limits,
            names,
            used: 0,
        })
    }

    pub fn has(&self, name: &str) -> bool {
        self.names.contains_key(name)
    }

    /// The bytes of one part, `None` when the package has no such part. Decompression stops
    /// as soon as the running total passes the cap, whatever the entry declared.
    pub fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, Problem> {
        let Some(&i) = self.names.get(name) else {
            return Ok(None);
        };
        let left = self.limits.total.saturating_sub(self.used);
        let mut f = self.zip.by_index(i).map_err(|e| {
            Problem::error(format!("部件 {name} 无法读取（{e}）")).hint(
                "文件可能已损坏或加了密码；请在 Word/WPS 中打开确认后重新『另存为』.docx 再导入。",
            )
        })?;
        let mut out = Vec::with_capacity(f.size().min(left).min(64 << 20) as usize);
        (&mut f).take(left + 1).read_to_end(&mut out).map_err(|e| {
            Problem::error(format!("部件 {name} 已损坏或不完整（{e}）"))
                .hint("文件可能没有下载或拷贝完整；请重新从 Word/WPS 保存一份 .docx 再导入。")
        })?;
        self.used += out.len() as u64;
        if out.len() as u64 > left {
            return Err(bomb(format!(
                "解压时超过上限 {} MB（部件 {name}）",
                self.limits.total >> 20
            )));
        }
        Ok(Some(out))
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

fn bad_xml(part: &str, what: &str) -> Problem {
    Problem::error(format!("文件已损坏：部件 {part} {what}")).hint(
        "请在 Word/WPS 中打开该文件（Word 会提示修复），确认内容无误后重新『另存为』.docx 再导入。",
    )
}

fn corrupt(e: zip::result::ZipError) -> Problem {
    Problem::error(format!("文件已损坏或不完整（{e}）"))
        .hint("文件可能没有下载或拷贝完整；请重新从 Word/WPS 保存一份 .docx 再导入。")
}

fn bomb(what: String) -> Problem {
    Problem::error(format!(
        "文件异常：{what}，不像正常的 Word 文档，已拒绝导入"
    ))
    .hint("请在 Word/WPS 中打开确认内容后重新『另存为』.docx；若文中图片很多很大，请先压缩图片。")
}

/// `..` anywhere, absolute paths, drive letters and backslash forms of the same.
fn unsafe_name(name: &str) -> bool {
    let n = name.replace('\\', "/");
    n.starts_with('/')
        || n.split('/').any(|seg| seg == "..")
        || n.as_bytes().get(1) == Some(&b':')
        || n.contains('\0')
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

    #[test]
    fn unsafe_names() {
        assert!(unsafe_name("../evil.xml"));
        assert!(unsafe_name("word/../../evil"));
        assert!(unsafe_name("/etc/passwd"));
        assert!(unsafe_name("C:/x"));
        assert!(unsafe_name("word\\..\\x"));
        assert!(!unsafe_name("word/media/image1.png"));
        assert!(!unsafe_name("word/..x.xml"));
    }

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
            entries: 10,
            total: 1000,
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

//! The one bounded reader for zip packages from content or the office (xlsx sheets, docx
//! reports). Entry count, entry names and the declared sizes are checked when a package is
//! opened; bytes are then counted while decompressing, so a small file that inflates to
//! gigabytes (a zip bomb) is refused after at most `max_total` bytes of work and memory,
//! whatever sizes its headers claim. [`Package`] reads parts one by one (docx); [`check`]
//! decompresses every entry into nothing before a package is handed to another reader
//! (calamine, for sheets).

use std::collections::HashMap;
use std::io::{Cursor, Read};

/// How much a package may hold once decompressed.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub max_entries: usize,
    pub max_total: u64,
}

/// A workbook: sign-in sheets and rosters are kilobytes to a few megabytes.
pub const SHEET: Limits = Limits {
    max_entries: 2_000,
    max_total: 200 * 1024 * 1024,
};

/// A Word report: a long one with many pictures has a few hundred parts.
pub const DOCX: Limits = Limits {
    max_entries: 5_000,
    max_total: 512 << 20,
};

/// Why a package was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ZipProblem {
    /// Not a readable zip archive (truncated, corrupt); the reader's words.
    Corrupt(String),
    TooManyEntries {
        count: usize,
        limit: usize,
    },
    /// Decompresses to more than the limit (checked while decompressing).
    TooLarge {
        limit: u64,
    },
    /// An entry name that climbs out of the package (`../x`) or is absolute.
    UnsafeName(String),
}

impl ZipProblem {
    /// The problem in words for office staff.
    pub fn message(&self) -> String {
        match self {
            ZipProblem::Corrupt(e) => format!("文件已损坏或不完整，无法解压（{e}）"),
            ZipProblem::TooManyEntries { count, limit } => {
                format!("压缩包内有 {count} 个部件，超过上限 {limit}，不像是正常的 Office 文件")
            }
            ZipProblem::TooLarge { limit } => format!(
                "解压后超过 {} MB，不像是正常的 Office 文件（可能是“压缩炸弹”）",
                limit / 1024 / 1024
            ),
            ZipProblem::UnsafeName(n) => format!("压缩包内的部件名「{n}」指向包外，文件不安全"),
        }
    }
}

/// Checks a zip package against `limits` by decompressing every entry (into nothing).
pub fn check(bytes: &[u8], limits: Limits) -> Result<(), ZipProblem> {
    let mut p = Package::open(bytes, limits)?;
    for i in 0..p.zip.len() {
        p.read_index(i, &mut std::io::sink())?;
    }
    Ok(())
}

/// An opened package whose parts are read under its limits.
pub struct Package<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    limits: Limits,
    /// Entry name (folders separated by `/`) → index.
    names: HashMap<String, usize>,
    /// Bytes decompressed so far, all parts together.
    used: u64,
}

impl<'a> Package<'a> {
    /// Opens a package: refuses a corrupt archive, too many entries, a name that climbs out,
    /// and declared sizes over the limit (the honest bomb).
    pub fn open(bytes: &'a [u8], limits: Limits) -> Result<Self, ZipProblem> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(corrupt)?;
        if zip.len() > limits.max_entries {
            return Err(ZipProblem::TooManyEntries {
                count: zip.len(),
                limit: limits.max_entries,
            });
        }
        let mut names = HashMap::new();
        let mut declared: u64 = 0;
        for i in 0..zip.len() {
            let entry = zip.by_index_data(i).map_err(corrupt)?;
            let name = entry.name().map_err(corrupt)?.into_owned();
            if unsafe_name(&name) {
                return Err(ZipProblem::UnsafeName(name));
            }
            declared = declared.saturating_add(entry.size());
            // Some writers separate folders with a backslash.
            names.insert(name.replace('\\', "/"), i);
        }
        if declared > limits.max_total {
            return Err(ZipProblem::TooLarge {
                limit: limits.max_total,
            });
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

    /// The bytes of one part, `None` when the package has no such part.
    pub fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, ZipProblem> {
        let Some(&i) = self.names.get(name) else {
            return Ok(None);
        };
        let mut out = Vec::new();
        self.read_index(i, &mut out)?;
        Ok(Some(out))
    }

    /// Decompresses entry `i` into `out`, stopping as soon as the running total passes the
    /// limit, whatever the entry declared.
    fn read_index(&mut self, i: usize, out: &mut impl std::io::Write) -> Result<(), ZipProblem> {
        let mut entry = self.zip.by_index(i).map_err(corrupt)?;
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = entry
                .read(&mut buf)
                .map_err(|e| ZipProblem::Corrupt(e.to_string()))?;
            if n == 0 {
                return Ok(());
            }
            self.used += n as u64;
            if self.used > self.limits.max_total {
                return Err(ZipProblem::TooLarge {
                    limit: self.limits.max_total,
                });
            }
            out.write_all(&buf[..n])
                .map_err(|e| ZipProblem::Corrupt(e.to_string()))?;
        }
    }
}

fn corrupt(e: zip::result::ZipError) -> ZipProblem {
    ZipProblem::Corrupt(e.to_string())
}

/// `..` anywhere, absolute paths, drive letters, NUL, and backslash forms of the same.
fn unsafe_name(name: &str) -> bool {
    let n = name.replace('\\', "/");
    n.starts_with('/')
        || n.split('/').any(|seg| seg == "..")
        || n.as_bytes().get(1) == Some(&b':')
        || n.contains('\0')
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn package(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in entries {
            w.start_file(*name, opts).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    const SMALL: Limits = Limits {
        max_entries: 10,
        max_total: 1024 * 1024,
    };

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

    #[test]
    fn parts_are_read_by_name_under_the_running_total() {
        let p = package(&[("a.xml", vec![b'x'; 600]), ("b.xml", vec![b'y'; 600])]);
        let limits = Limits {
            max_entries: 10,
            max_total: 1000,
        };
        // Declared 1200 > 1000: refused at open.
        assert!(matches!(
            Package::open(&p, limits),
            Err(ZipProblem::TooLarge { .. })
        ));
        let limits = Limits {
            max_entries: 10,
            max_total: 1200,
        };
        let mut pkg = Package::open(&p, limits).unwrap();
        assert!(pkg.has("a.xml") && !pkg.has("c.xml"));
        assert_eq!(pkg.read("a.xml").unwrap().unwrap().len(), 600);
        assert_eq!(pkg.read("c.xml").unwrap(), None);
        assert_eq!(pkg.read("b.xml").unwrap().unwrap().len(), 600);
        // A second read of the same part counts again: the total bounds the work done.
        assert!(matches!(
            pkg.read("a.xml"),
            Err(ZipProblem::TooLarge { .. })
        ));
    }

    #[test]
    fn a_normal_package_passes() {
        let p = package(&[("xl/workbook.xml", b"<workbook/>".to_vec())]);
        assert_eq!(check(&p, SMALL), Ok(()));
    }

    /// Sets the uncompressed size every central directory entry declares.
    fn lie_about_sizes(bytes: &mut [u8], size: u32) {
        let sig = [0x50, 0x4b, 0x01, 0x02];
        for i in 0..bytes.len().saturating_sub(28) {
            if bytes[i..i + 4] == sig {
                bytes[i + 24..i + 28].copy_from_slice(&size.to_le_bytes());
            }
        }
    }

    #[test]
    fn a_bomb_is_refused_by_its_headers_or_while_decompressing() {
        // 8 MiB of spaces deflate to a few kilobytes.
        let mut p = package(&[("xl/worksheets/sheet1.xml", vec![b' '; 8 * 1024 * 1024])]);
        assert!(p.len() < 64 * 1024, "{}", p.len());
        let too_large = Err(ZipProblem::TooLarge {
            limit: SMALL.max_total,
        });
        assert_eq!(check(&p, SMALL), too_large);
        // Headers that claim 10 bytes: the zip crate stops at the declared size or fails its
        // checksum; either way the package is refused and never read whole.
        lie_about_sizes(&mut p, 10);
        let r = check(&p, SMALL);
        assert!(
            r == too_large || matches!(r, Err(ZipProblem::Corrupt(_))),
            "{r:?}"
        );
    }

    #[test]
    fn too_many_entries_unsafe_names_and_garbage_are_refused() {
        let many: Vec<(String, Vec<u8>)> = (0..11).map(|i| (format!("f{i}"), vec![1u8])).collect();
        let many: Vec<(&str, Vec<u8>)> =
            many.iter().map(|(n, d)| (n.as_str(), d.clone())).collect();
        assert!(matches!(
            check(&package(&many), SMALL),
            Err(ZipProblem::TooManyEntries { count: 11, .. })
        ));
        assert!(matches!(
            check(&package(&[("../evil.xml", vec![1])]), SMALL),
            Err(ZipProblem::UnsafeName(_))
        ));
        assert!(matches!(
            check(b"PK\x03\x04garbage", SMALL),
            Err(ZipProblem::Corrupt(_))
        ));
        let p = package(&[("a.xml", vec![b'a'; 100_000])]);
        assert!(matches!(
            check(&p[..p.len() / 2], SMALL),
            Err(ZipProblem::Corrupt(_))
        ));
    }
}

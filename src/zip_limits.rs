//! Limits on zip packages from content or the office (xlsx sheets, docx reports): before a
//! package is handed to a reader, every entry is decompressed into nothing while the bytes
//! are counted, so a small file that inflates to gigabytes (a zip bomb) is refused after at
//! most `max_total` bytes of work and memory, whatever sizes its headers claim.

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
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ZipProblem::Corrupt(e.to_string()))?;
    if zip.len() > limits.max_entries {
        return Err(ZipProblem::TooManyEntries {
            count: zip.len(),
            limit: limits.max_entries,
        });
    }
    let mut total: u64 = 0;
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        let mut entry = zip
            .by_index(i)
            .map_err(|e| ZipProblem::Corrupt(e.to_string()))?;
        if entry.enclosed_name().is_none() {
            let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
            return Err(ZipProblem::UnsafeName(name));
        }
        loop {
            let n = entry
                .read(&mut buf)
                .map_err(|e| ZipProblem::Corrupt(e.to_string()))?;
            if n == 0 {
                break;
            }
            total += n as u64;
            if total > limits.max_total {
                return Err(ZipProblem::TooLarge {
                    limit: limits.max_total,
                });
            }
        }
    }
    Ok(())
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
    fn a_normal_package_passes() {
        let p = package(&[("xl/workbook.xml", b"<workbook/>".to_vec())]);
        assert_eq!(check(&p, SMALL), Ok(()));
    }

    #[test]
    fn a_bomb_is_refused_while_decompressing() {
        // 8 MiB of spaces deflate to a few kilobytes.
        let p = package(&[("xl/worksheets/sheet1.xml", vec![b' '; 8 * 1024 * 1024])]);
        assert!(p.len() < 64 * 1024, "{}", p.len());
        assert_eq!(
            check(&p, SMALL),
            Err(ZipProblem::TooLarge {
                limit: SMALL.max_total
            })
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

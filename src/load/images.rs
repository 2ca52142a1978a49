//! Images on disk: where a Markdown image reference points and whether that file may be
//! published (inside its own cohort folder, not hidden, not a link, an allowed type whose
//! bytes are what its name says), and which files in a cohort's `images/` folder will never
//! be published (hidden files, non-images). One decision shared by `check`, the site and
//! the booklet, so they cannot disagree.

use std::io::Read as _;
use std::path::{Component, Path, PathBuf};

/// The image types that are published. PNG, JPEG, GIF and WebP are shown by every browser
/// and by Typst; SVG is published only after sanitising (see `showcase-svgclean`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Png,
    Jpeg,
    Gif,
    Webp,
    Svg,
}

impl Format {
    pub fn from_extension(ext: &str) -> Option<Format> {
        match ext.to_ascii_lowercase().as_str() {
            "png" => Some(Format::Png),
            "jpg" | "jpeg" => Some(Format::Jpeg),
            "gif" => Some(Format::Gif),
            "webp" => Some(Format::Webp),
            "svg" => Some(Format::Svg),
            _ => None,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Format::Png => "PNG",
            Format::Jpeg => "JPEG",
            Format::Gif => "GIF",
            Format::Webp => "WebP",
            Format::Svg => "SVG",
        }
    }
}

/// The format the first bytes of a file show (magic numbers; an SVG is text whose first
/// non-blank character is `<`). `None`: none of the published types.
pub fn sniff(head: &[u8]) -> Option<Format> {
    if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(Format::Png);
    }
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(Format::Jpeg);
    }
    if head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a") {
        return Some(Format::Gif);
    }
    if head.len() >= 12 && head.starts_with(b"RIFF") && &head[8..12] == b"WEBP" {
        return Some(Format::Webp);
    }
    let text = head.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(head);
    let first = text.iter().find(|b| !b.is_ascii_whitespace());
    (first == Some(&b'<')).then_some(Format::Svg)
}

/// The cohort sub-folder the generated charts are published to (site and booklet): an
/// image there would overwrite a chart.
pub const RESERVED: &str = "charts";

/// A referenced image that may be published.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Publishable {
    /// The file, relative to the content root.
    pub source: PathBuf,
    /// Its path inside the cohort folder (`images/a.png`, `reports/inline.svg`), with `/`:
    /// where it is published under the cohort's year.
    pub under: String,
    pub format: Format,
}

/// Why a referenced image is not published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// `http://…`, `//host/…` or another scheme.
    Remote,
    /// Leaves the content folder (`../../..`, absolute paths).
    Outside,
    /// Inside the content folder but outside the referencing document's cohort.
    OtherCohort(PathBuf),
    /// A path part starts with `.`.
    Hidden(PathBuf),
    /// In the cohort's `charts/` folder, where the generated charts are published.
    Reserved(PathBuf),
    Missing(PathBuf),
    Symlink(PathBuf),
    /// Not one of the published types, by its name.
    Extension(PathBuf),
    /// The name says one type, the bytes another (or none).
    Mismatch {
        path: PathBuf,
        named: Format,
        found: Option<Format>,
    },
    Unreadable(PathBuf, String),
}

/// Resolves `src` as written in the document `doc` (content-relative path) of the cohort
/// whose folder is `cohort_dir`, and decides whether it may be published.
pub fn resolve(
    root: &Path,
    cohort_dir: &Path,
    doc: &Path,
    src: &str,
) -> Result<Publishable, Refusal> {
    let lower = src.trim().to_ascii_lowercase();
    let scheme = lower
        .find(':')
        .is_some_and(|i| !lower[..i].contains(['/', '?', '#']));
    if lower.starts_with("//") || scheme {
        return Err(Refusal::Remote);
    }
    let base = doc.parent().unwrap_or(Path::new(""));
    let target = super::files::stays_inside(base, src).ok_or(Refusal::Outside)?;
    let Ok(inner) = target.strip_prefix(cohort_dir) else {
        return Err(Refusal::OtherCohort(target));
    };
    if inner.as_os_str().is_empty() {
        return Err(Refusal::Missing(target));
    }
    if inner.components().any(|c| match c {
        Component::Normal(p) => p.to_string_lossy().starts_with('.'),
        _ => false,
    }) {
        return Err(Refusal::Hidden(target));
    }
    if inner.components().next() == Some(Component::Normal(RESERVED.as_ref())) {
        return Err(Refusal::Reserved(target));
    }
    let full = root.join(&target);
    match std::fs::symlink_metadata(&full) {
        Ok(m) if m.file_type().is_symlink() => return Err(Refusal::Symlink(target)),
        Ok(m) if m.is_file() => {}
        _ => return Err(Refusal::Missing(target)),
    }
    let ext = target
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_default();
    let Some(named) = Format::from_extension(&ext) else {
        return Err(Refusal::Extension(target));
    };
    let mut head = [0u8; 64];
    let n = std::fs::File::open(&full)
        .and_then(|mut f| read_up_to(&mut f, &mut head))
        .map_err(|e| Refusal::Unreadable(target.clone(), e.to_string()))?;
    let found = sniff(&head[..n]);
    if found != Some(named) {
        return Err(Refusal::Mismatch {
            path: target,
            named,
            found,
        });
    }
    let under = inner.to_string_lossy().replace('\\', "/");
    Ok(Publishable {
        source: target,
        under,
        format: named,
    })
}

/// Largest raster image accepted, per side (pixels), and the most memory its decoding may
/// take: a 50-megapixel photo fits; a decompression bomb does not.
pub const MAX_SIDE: u32 = 16_384;
pub const MAX_DECODE_BYTES: u64 = 256 * 1024 * 1024;

/// Why a raster image cannot be used although its name and magic number are right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Damage {
    /// Larger than [`MAX_SIDE`] or [`MAX_DECODE_BYTES`].
    TooLarge(String),
    /// The decoder's own words.
    Broken(String),
}

/// Decodes a raster image completely (the same decoders Typst uses, within the limits
/// above), so `check` finds a damaged or oversized picture before the booklet does.
pub fn decode(root: &Path, img: &Publishable) -> Result<(), Damage> {
    let format = match img.format {
        Format::Png => image::ImageFormat::Png,
        Format::Jpeg => image::ImageFormat::Jpeg,
        Format::Gif => image::ImageFormat::Gif,
        Format::Webp => image::ImageFormat::WebP,
        Format::Svg => return Ok(()),
    };
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    let mut reader = image::ImageReader::open(root.join(&img.source))
        .map_err(|e| Damage::Broken(e.to_string()))?;
    reader.set_format(format);
    reader.limits(limits);
    match reader.decode() {
        Ok(_) => Ok(()),
        Err(image::ImageError::Limits(e)) => Err(Damage::TooLarge(e.to_string())),
        Err(e) => Err(Damage::Broken(e.to_string())),
    }
}

fn read_up_to(f: &mut std::fs::File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match f.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

pub use crate::model::Unpublished;

/// Whether an entry of a cohort folder is never published although it sits where content
/// goes: a hidden file or folder anywhere in it (a hidden folder counts once, its contents
/// are not looked at), or a file in `images/` that is not a published image type. `inner`
/// is the entry's path below the cohort folder. The loader asks this of every entry in its
/// one walk of the content folder.
pub fn unpublished(inner: &Path, is_file: bool) -> Option<Unpublished> {
    if inner.file_name()?.to_string_lossy().starts_with('.') {
        return Some(Unpublished::Hidden);
    }
    let in_images = inner.components().next() == Some(Component::Normal("images".as_ref()));
    let ext = inner.extension().map(|x| x.to_string_lossy().into_owned());
    (in_images && is_file && ext.as_deref().and_then(Format::from_extension).is_none())
        .then_some(Unpublished::NotAnImage)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_numbers() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0"), Some(Format::Png));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some(Format::Jpeg));
        assert_eq!(sniff(b"GIF89a.."), Some(Format::Gif));
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some(Format::Webp));
        assert_eq!(sniff(b"\xEF\xBB\xBF\n  <svg"), Some(Format::Svg));
        assert_eq!(sniff(b"name: x\nphone: 1\n"), None);
        assert_eq!(sniff(b""), None);
    }

    fn sample(files: &[(&str, &[u8])]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tempdir");
        for (p, b) in files {
            let f = dir.path().join(p);
            std::fs::create_dir_all(f.parent().expect("parent")).expect("mkdir");
            std::fs::write(f, b).expect("write");
        }
        dir
    }

    #[test]
    fn references_are_decided() {
        let d = sample(&[
            ("cohorts/2017/images/a.png", b"\x89PNG\r\n\x1a\n"),
            ("cohorts/2017/images/fake.png", b"name: x\n"),
            ("cohorts/2017/images/.env", b"KEY=1"),
            ("cohorts/2017/reports/inline.svg", b"<svg/>"),
            ("cohorts/2017/images/doc.pdf", b"%PDF"),
            ("cohorts/2016/images/b.png", b"\x89PNG\r\n\x1a\n"),
            ("cohorts/2017/charts/c.png", b"\x89PNG\r\n\x1a\n"),
        ]);
        let (root, c) = (d.path(), Path::new("cohorts/2017"));
        let doc = Path::new("cohorts/2017/reports/r.md");
        let ok = resolve(root, c, doc, "../images/a.png").expect("a.png");
        assert_eq!(ok.under, "images/a.png");
        assert_eq!(
            resolve(root, c, doc, "inline.svg").expect("svg").under,
            "reports/inline.svg"
        );
        let r = |s| resolve(root, c, doc, s).unwrap_err();
        assert!(matches!(
            r("../images/fake.png"),
            Refusal::Mismatch { found: None, .. }
        ));
        assert!(matches!(r("../images/.env"), Refusal::Hidden(_)));
        assert!(matches!(r("../images/doc.pdf"), Refusal::Extension(_)));
        assert!(matches!(
            r("../../2016/images/b.png"),
            Refusal::OtherCohort(_)
        ));
        assert!(matches!(r("../../../../etc/passwd"), Refusal::Outside));
        assert!(matches!(r("https://x/y.png"), Refusal::Remote));
        assert!(matches!(r("//x/y.png"), Refusal::Remote));
        assert!(matches!(r("data:image/png;base64,AAAA"), Refusal::Remote));
        assert!(matches!(r("../images/none.png"), Refusal::Missing(_)));
        assert!(matches!(r("../charts/c.png"), Refusal::Reserved(_)));
    }

    #[test]
    fn rasters_are_decoded_within_limits() {
        let png = |w: u32, h: u32| {
            let mut b = Vec::new();
            image::RgbImage::new(w, h)
                .write_to(&mut std::io::Cursor::new(&mut b), image::ImageFormat::Png)
                .expect("encode");
            b
        };
        let good = png(3, 2);
        let mut cut = good.clone();
        cut.truncate(good.len() - 20);
        // A 20000×1 PNG is tiny on disk but wider than any page needs.
        let wide = png(MAX_SIDE + 1, 1);
        let d = sample(&[
            ("c/good.png", &good),
            ("c/cut.png", &cut),
            ("c/wide.png", &wide),
        ]);
        let at = |name: &str| Publishable {
            source: PathBuf::from("c").join(name),
            under: name.to_string(),
            format: Format::Png,
        };
        assert_eq!(decode(d.path(), &at("good.png")), Ok(()));
        assert!(matches!(
            decode(d.path(), &at("cut.png")),
            Err(Damage::Broken(_))
        ));
        assert!(matches!(
            decode(d.path(), &at("wide.png")),
            Err(Damage::TooLarge(_))
        ));
    }

    #[test]
    fn hidden_entries_and_non_images_are_never_published() {
        let un = |p: &str, file| unpublished(Path::new(p), file);
        assert_eq!(un("images/.env", true), Some(Unpublished::Hidden));
        assert_eq!(un("images/.git", false), Some(Unpublished::Hidden));
        assert_eq!(un("reports/.DS_Store", true), Some(Unpublished::Hidden));
        assert_eq!(
            un("images/roster.yaml", true),
            Some(Unpublished::NotAnImage)
        );
        assert_eq!(un("images/a.PNG", true), None);
        assert_eq!(un("images/sub", false), None);
        assert_eq!(un("reports/r.md", true), None);
    }
}

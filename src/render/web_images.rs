//! Photos for the web: a phone photo (4000×3000, 5 MB) is far too heavy for a page. The site
//! gets resized copies (long side at most [`LARGE`] px, and a [`SMALL`] one for phones,
//! offered with `srcset`), turned upright by their EXIF orientation; the booklet keeps
//! using the originals. Copies are cached by the hash of the original's bytes in the
//! user's cache folder, so an unchanged photo is never resized twice.

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, imageops::FilterType};
use sha2::{Digest, Sha256};
use std::io::Cursor;
use std::path::{Path, PathBuf};

/// Long side of the web copy shown on wide screens.
pub const LARGE: u32 = 1600;
/// Long side of the copy for phones.
pub const SMALL: u32 = 800;
/// Bumped when the way copies are made changes, so old cache entries are not reused.
const VERSION: &str = "web-v1";

/// One resized copy: its width in pixels and the cached file holding it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copy {
    pub width: u32,
    pub long_side: u32,
    pub file: PathBuf,
}

/// What the site publishes for one raster image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebImage {
    /// Small enough and upright: published as it is.
    AsIs,
    /// Resized copies, largest first; the extension they are written with.
    Resized {
        copies: Vec<Copy>,
        ext: &'static str,
    },
}

/// The cache folder for web copies.
pub fn cache_dir() -> PathBuf {
    dirs::cache_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("showcase")
        .join("images")
}

/// Prepares the web copies of `bytes` (PNG or JPEG; other formats are published as they
/// are), reusing cached ones.
pub fn prepare(bytes: &[u8], cache: &Path) -> Result<WebImage, String> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let (format, ext) = match reader.format() {
        Some(ImageFormat::Jpeg) => (ImageFormat::Jpeg, "jpg"),
        Some(ImageFormat::Png) => (ImageFormat::Png, "png"),
        _ => return Ok(WebImage::AsIs),
    };
    let (w, h) = reader.into_dimensions().map_err(|e| e.to_string())?;
    let mut decoder = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?
        .into_decoder()
        .map_err(|e| e.to_string())?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let upright = orientation == image::metadata::Orientation::NoTransforms;
    if w.max(h) <= LARGE && upright {
        return Ok(WebImage::AsIs);
    }
    let key: String = Sha256::digest(bytes)[..12]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let sizes: Vec<u32> = [LARGE, SMALL]
        .into_iter()
        .filter(|&s| s < w.max(h) || s == LARGE)
        .collect();
    let path = |s: u32| cache.join(format!("{key}-{VERSION}-{s}.{ext}"));
    let dims = |s: u32, img_w: u32, img_h: u32| -> u32 {
        // Width after fitting the long side into `s` (never enlarged).
        let long = img_w.max(img_h);
        if long <= s {
            img_w
        } else {
            ((img_w as u64 * s as u64 + long as u64 / 2) / long as u64) as u32
        }
    };
    // Dimensions after turning upright.
    let (uw, uh) = match orientation {
        image::metadata::Orientation::Rotate90
        | image::metadata::Orientation::Rotate270
        | image::metadata::Orientation::Rotate90FlipH
        | image::metadata::Orientation::Rotate270FlipH => (h, w),
        _ => (w, h),
    };
    let copies: Vec<Copy> = sizes
        .iter()
        .map(|&s| Copy {
            width: dims(s, uw, uh),
            long_side: s.min(uw.max(uh)),
            file: path(s),
        })
        .collect();
    if copies.iter().all(|c| c.file.is_file()) {
        return Ok(WebImage::Resized { copies, ext });
    }
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    img.apply_orientation(orientation);
    std::fs::create_dir_all(cache).map_err(|e| e.to_string())?;
    for c in &copies {
        let small = if img.width().max(img.height()) > c.long_side {
            img.resize(c.long_side, c.long_side, FilterType::Lanczos3)
        } else {
            img.clone()
        };
        let mut out = Vec::new();
        let small = if format == ImageFormat::Jpeg {
            DynamicImage::ImageRgb8(small.to_rgb8())
        } else {
            small
        };
        small
            .write_to(&mut Cursor::new(&mut out), format)
            .map_err(|e| e.to_string())?;
        // Into place by rename: a concurrent build never reads half a file.
        let tmp = c
            .file
            .with_extension(format!("{ext}.{}.partial", std::process::id()));
        std::fs::write(&tmp, &out).map_err(|e| e.to_string())?;
        std::fs::rename(&tmp, &c.file).map_err(|e| e.to_string())?;
    }
    Ok(WebImage::Resized { copies, ext })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x % 251) as u8, (y % 241) as u8, ((x + y) % 239) as u8])
        });
        let mut out = Vec::new();
        DynamicImage::ImageRgb8(img)
            .write_to(&mut Cursor::new(&mut out), ImageFormat::Jpeg)
            .unwrap();
        out
    }

    #[test]
    fn a_phone_photo_gets_two_smaller_copies_once() {
        let cache = tempfile::tempdir().unwrap();
        let photo = jpeg(4000, 3000);
        let WebImage::Resized { copies, ext } = prepare(&photo, cache.path()).unwrap() else {
            panic!("a 4000 px photo must be resized");
        };
        assert_eq!(ext, "jpg");
        assert_eq!(
            copies.iter().map(|c| c.width).collect::<Vec<_>>(),
            [1600, 800]
        );
        for c in &copies {
            let (w, h) = image::image_dimensions(&c.file).unwrap();
            assert_eq!((w, h), (c.width, c.width * 3 / 4));
        }
        let stamp = std::fs::metadata(&copies[0].file)
            .unwrap()
            .modified()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        prepare(&photo, cache.path()).unwrap();
        assert_eq!(
            std::fs::metadata(&copies[0].file)
                .unwrap()
                .modified()
                .unwrap(),
            stamp,
            "an unchanged photo is not resized again"
        );
    }

    #[test]
    fn a_sideways_phone_photo_is_turned_upright() {
        use image::ImageEncoder;
        let img = image::RgbImage::from_fn(1000, 500, |x, _| image::Rgb([(x % 256) as u8, 0, 0]));
        let mut out = Vec::new();
        let mut enc = image::codecs::jpeg::JpegEncoder::new(&mut out);
        // TIFF header + one IFD entry: Orientation (0x0112) = 6, "rotate 90° clockwise".
        let exif = [
            0x49, 0x49, 0x2A, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0,
            0, 0,
        ];
        enc.set_exif_metadata(exif.to_vec()).unwrap();
        enc.write_image(img.as_raw(), 1000, 500, image::ExtendedColorType::Rgb8)
            .unwrap();
        let cache = tempfile::tempdir().unwrap();
        let WebImage::Resized { copies, .. } = prepare(&out, cache.path()).unwrap() else {
            panic!("a rotated photo must be turned upright");
        };
        let dims: Vec<(u32, u32)> = copies
            .iter()
            .map(|c| image::image_dimensions(&c.file).unwrap())
            .collect();
        assert_eq!(dims, [(500, 1000), (400, 800)]);
        assert_eq!(copies[0].width, 500);
    }

    #[test]
    fn small_images_and_other_formats_are_published_as_they_are() {
        let cache = tempfile::tempdir().unwrap();
        assert_eq!(prepare(&jpeg(1200, 900), cache.path()), Ok(WebImage::AsIs));
        let mut gif = Vec::new();
        DynamicImage::ImageRgb8(image::RgbImage::new(3000, 10))
            .write_to(&mut Cursor::new(&mut gif), ImageFormat::Gif)
            .unwrap();
        assert_eq!(prepare(&gif, cache.path()), Ok(WebImage::AsIs));
        assert_eq!(prepare(b"not an image", cache.path()), Ok(WebImage::AsIs));
    }
}

//! A phone photo (4000×3000, several MB) in a report: `check` warns that it is large, the
//! site publishes resized copies with `srcset` instead of the original, the booklet keeps
//! the original, and a second build reuses the cached copies.

mod common;

use common::{Workspace, showcase_bin};
use std::process::Command;

/// A 4000×3000 JPEG of noise: incompressible, so the file is as heavy as a real photo.
fn phone_photo() -> Vec<u8> {
    let mut seed: u32 = 12345;
    let img = image::RgbImage::from_fn(4000, 3000, |_, _| {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
        let b = seed.to_le_bytes();
        image::Rgb([b[1], b[2], b[3]])
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(
            &mut std::io::Cursor::new(&mut out),
            image::ImageFormat::Jpeg,
        )
        .unwrap();
    out
}

#[test]
fn a_phone_photo_is_resized_for_the_site_once() {
    let ws = Workspace::new();
    let photo = phone_photo();
    assert!(photo.len() > 5 * 1024 * 1024, "{} bytes", photo.len());
    ws.write("cohorts/2017/images/night-patrol.jpg", &photo);
    let rel = "cohorts/2017/reports/chengguan-illegal-structures.md";
    let mut text = ws.read(rel);
    text.push_str("\n\n![夜间巡查现场](../images/night-patrol.jpg)\n");
    ws.write(rel, text);

    let run = ws.check();
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stderr.contains("「../images/night-patrol.jpg」有") && run.stderr.contains("偏大"),
        "{}",
        run.stderr
    );

    let cache = ws.dir.path().join("cache");
    let build = |out: &str| {
        let o = Command::new(showcase_bin())
            .args(["build", "--no-booklet", "--content"])
            .arg(ws.content())
            .arg("--out")
            .arg(ws.dir.path().join(out))
            .env("XDG_CACHE_HOME", &cache)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    build("out1");
    let images = ws.dir.path().join("out1/site/2017/images");
    assert!(
        !images.join("night-patrol.jpg").exists(),
        "the 4000 px original is not put on the web"
    );
    for (name, long) in [
        ("night-patrol-1600.jpg", 1600),
        ("night-patrol-800.jpg", 800),
    ] {
        let (w, h) = image::image_dimensions(images.join(name)).unwrap();
        assert_eq!((w, h), (long, long * 3 / 4), "{name}");
    }
    let page = std::fs::read_to_string(
        ws.dir
            .path()
            .join("out1/site/2017/reports/chengguan-illegal-structures/index.html"),
    )
    .unwrap();
    assert!(
        page.contains("srcset=\"../../../2017/images/night-patrol-1600.jpg 1600w, ../../../2017/images/night-patrol-800.jpg 800w\""),
        "{}",
        &page[page.find("night-patrol").unwrap_or(0).saturating_sub(200)..][..400]
    );
    assert!(page.contains("alt=\"夜间巡查现场\""));

    // Cached: the second build does not resize again.
    let cached: Vec<_> = walkdir::WalkDir::new(cache.join("showcase/images"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().to_path_buf(),
                e.metadata().unwrap().modified().unwrap(),
            )
        })
        .collect();
    assert_eq!(cached.len(), 2, "{cached:?}");
    build("out2");
    for (p, t) in &cached {
        assert_eq!(&std::fs::metadata(p).unwrap().modified().unwrap(), t);
    }
}

//! The print shop's package of one cohort (`print/<year>/print-shop/`): the numbers the
//! printer asks for (spine width, padded page count), the preflight report `印前检查.txt`
//! (trim, bleed, pages, spine, fonts, image resolution at printed size, colour note) and
//! one zip of the text block, the cover spread and the report.

use super::source::UsedImage;
use crate::model::PrintSettings;
use std::io::Write;
use std::path::Path;

pub const DIR: &str = "print-shop";
pub const TEXT_PDF: &str = "内文.pdf";
pub const COVER_PDF: &str = "封面.pdf";
pub const REPORT: &str = "印前检查.txt";
/// Bleed of the print package when the settings give none (what print shops ask for).
pub const DEFAULT_BLEED_MM: f64 = 3.0;
/// Below this, an image prints visibly soft.
pub const MIN_DPI: f64 = 300.0;

/// Spine width: one leaf per two pages, each `thickness_mm` thick.
pub fn spine_mm(pages: u32, thickness_mm: f64) -> f64 {
    let leaves = pages.div_ceil(2);
    // Round to 0.01 mm so the number printed and the number drawn agree.
    (leaves as f64 * thickness_mm * 100.0).round() / 100.0
}

/// Blank pages to add so that `pages` becomes a multiple of `multiple`.
pub fn padding(pages: u32, multiple: u32) -> u32 {
    let m = multiple.max(1);
    (m - pages % m) % m
}

/// The bleed of the print package.
pub fn bleed_mm(p: &PrintSettings) -> f64 {
    if p.bleed_mm > 0.0 {
        p.bleed_mm
    } else {
        DEFAULT_BLEED_MM
    }
}

/// Pages of a PDF written by Typst: the `/Count` of the page tree root (`/Type/Pages`).
pub fn pdf_pages(bytes: &[u8]) -> Option<u32> {
    let mut best: Option<u32> = None;
    for start in find_all(bytes, b"/Type/Pages")
        .into_iter()
        .chain(find_all(bytes, b"/Type /Pages"))
    {
        // The dictionary around the marker: from its `<<` to the next `>>`.
        let from = bytes[..start]
            .windows(2)
            .rposition(|w| w == b"<<")
            .unwrap_or(start);
        let to = find(&bytes[start..], b">>").map_or(bytes.len(), |e| start + e);
        let dict = &bytes[from..to];
        if let Some(c) = find(dict, b"/Count") {
            let digits: String = dict[c + 6..]
                .iter()
                .skip_while(|b| b.is_ascii_whitespace())
                .take_while(|b| b.is_ascii_digit())
                .map(|&b| b as char)
                .collect();
            if let Ok(n) = digits.parse::<u32>() {
                best = Some(best.map_or(n, |b| b.max(n)));
            }
        }
    }
    best
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn find_all(hay: &[u8], needle: &[u8]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = find(&hay[i..], needle) {
        out.push(i + off);
        i += off + needle.len();
    }
    out
}

/// Font names embedded in a PDF (`/FontName/ABCDEF+Name`), subset prefix removed, sorted.
pub fn pdf_fonts(bytes: &[u8]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for start in find_all(bytes, b"/FontName") {
        let name: String = bytes[start + 9..]
            .iter()
            .skip_while(|b| b.is_ascii_whitespace() || **b == b'/')
            .take_while(|b| !b" /\n\r>[]()<".contains(b))
            .map(|&b| b as char)
            .collect();
        let name = match name.split_once('+') {
            Some((tag, rest)) if tag.len() == 6 => rest.to_string(),
            _ => name,
        };
        if !name.is_empty() && !out.contains(&name) {
            out.push(name);
        }
    }
    out.sort();
    out
}

/// One image's line in the report, and whether it is below [`MIN_DPI`].
pub fn image_line(root: &Path, img: &UsedImage, printed_width_mm: f64) -> (String, bool) {
    let place = format!("{}:{}", img.used_in.display(), img.line);
    let ext = img
        .from
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if ext == "svg" || ext == "pdf" {
        return (
            format!("  {}（{place}）：矢量图，任意尺寸清晰", img.from.display()),
            false,
        );
    }
    match imagesize::size(root.join(&img.from)) {
        Ok(s) => {
            let dpi = s.width as f64 / (printed_width_mm / 25.4);
            let low = dpi < MIN_DPI;
            (
                format!(
                    "  {}（{place}）：{}×{} 像素，印出宽约 {:.0}mm，有效分辨率 {:.0} dpi{}",
                    img.from.display(),
                    s.width,
                    s.height,
                    printed_width_mm,
                    dpi,
                    if low {
                        format!("　【警告】低于 {MIN_DPI:.0} dpi，印出会发虚：请换用更清晰的原图")
                    } else {
                        String::new()
                    }
                ),
                low,
            )
        }
        Err(e) => (
            format!("  {}（{place}）：无法读取尺寸（{e}）", img.from.display()),
            true,
        ),
    }
}

pub struct Report<'a> {
    pub year: i32,
    pub print: &'a PrintSettings,
    pub pages: u32,
    pub padded: u32,
    pub spine_mm: f64,
    pub fonts: Vec<String>,
    pub image_lines: Vec<String>,
    pub low_images: usize,
    pub standard: Option<&'a str>,
}

/// The text of `印前检查.txt`.
pub fn report_text(r: &Report) -> String {
    let (w, h) = r.print.paper.size_mm();
    let bleed = bleed_mm(r.print);
    let mut s = String::new();
    let mut line = |t: String| {
        s.push_str(&t);
        s.push('\n');
    };
    line(format!("{}年度印刷册 印前检查", r.year));
    line(String::new());
    line(format!("成品尺寸：{w}×{h}mm"));
    line(format!(
        "出血：{bleed}mm（四边），已画裁切线；内文.pdf 与 封面.pdf 的 TrimBox 即成品尺寸"
    ));
    line(format!(
        "内文页数：排版 {} 页，补空白页 {} 页，共 {} 页（按 {} 的倍数）",
        r.pages,
        r.padded - r.pages,
        r.padded,
        r.print.pages_multiple_of
    ));
    line(format!(
        "书脊宽度：{:.2}mm（{} 张 × 纸厚 {}mm）",
        r.spine_mm,
        r.padded.div_ceil(2),
        r.print.paper_thickness_mm
    ));
    line(format!(
        "封面展开尺寸：{:.2}×{h}mm（封底 + 书脊 + 封面，另加出血 {bleed}mm）",
        2.0 * w + r.spine_mm
    ));
    line(String::new());
    line(format!("嵌入字体（{} 种，均已嵌入子集）：", r.fonts.len()));
    for f in &r.fonts {
        line(format!("  {f}"));
    }
    line(String::new());
    if r.image_lines.is_empty() {
        line("图片：无位图（图表均为矢量图）".into());
    } else {
        line(format!(
            "图片（按印出尺寸计算有效分辨率，要求不低于 {MIN_DPI:.0} dpi）："
        ));
        for l in &r.image_lines {
            line(l.clone());
        }
        if r.low_images > 0 {
            line(format!("共 {} 张图片分辨率不足。", r.low_images));
        }
    }
    line(String::new());
    line("颜色：文件为 RGB 色彩，由印刷厂转换为 CMYK；大面积深色与品牌色请打样确认。".into());
    line(format!(
        "PDF 标准：阅读版 booklet.pdf 为 {}；印刷厂常要求的 PDF/X-1a 或 PDF/X-4，排版程序 typst 目前不能生成，请告知印刷厂由其预检转换。",
        r.standard
            .map_or("普通 PDF".to_string(), |s| format!("PDF/A（{s}）"))
    ));
    s
}

/// Writes `印刷包-<year>.zip` with the given files (name, bytes), reproducibly: fixed
/// timestamps, fixed order.
pub fn write_zip(path: &Path, files: &[(&str, Vec<u8>)]) -> std::io::Result<()> {
    let f = std::fs::File::create(path)?;
    let mut z = zip::ZipWriter::new(f);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    for (name, bytes) in files {
        z.start_file(*name, opts).map_err(std::io::Error::other)?;
        z.write_all(bytes)?;
    }
    z.finish().map_err(std::io::Error::other)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spine_is_leaves_times_thickness() {
        assert_eq!(spine_mm(92, 0.1), 4.6);
        assert_eq!(spine_mm(91, 0.1), 4.6, "an odd page still takes a leaf");
        assert_eq!(spine_mm(1, 0.1), 0.1);
        assert_eq!(spine_mm(200, 0.12), 12.0);
        assert_eq!(spine_mm(0, 0.1), 0.0);
    }

    #[test]
    fn padding_reaches_the_multiple() {
        assert_eq!(padding(91, 4), 1);
        assert_eq!(padding(92, 4), 0);
        assert_eq!(padding(93, 16), 3);
        assert_eq!(padding(5, 1), 0);
    }

    #[test]
    fn reads_page_count_and_fonts() {
        let pdf = b"<</Type/Pages/Count 12/Kids[1 0 R]>> <</Count 30>> <</Count -3>> /FontName/ABCDEF+NotoSerifCJKsc-Regular/Flags 4 /FontName /Plain";
        assert_eq!(pdf_pages(pdf), Some(12));
        assert_eq!(
            pdf_fonts(pdf),
            vec!["NotoSerifCJKsc-Regular".to_string(), "Plain".to_string()]
        );
    }
}

//! Word fixtures for the import tests: a small writer of OOXML packages (document, styles
//! with the ids Chinese Word and WPS write, numbering, notes, relationships, media, core
//! properties), the paragraph and run snippets the fixtures are made of, a valid PNG maker,
//! and the helper that lists every `w:t` text of a package.

#![allow(dead_code)]

use std::io::Write;

pub mod constructs;

pub const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math""#;

const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// Styles as Chinese Word and WPS write them: ids `a`, `1`, `2`, `3`, `a3`, `a5`, `a7`, names
/// in English (`heading 1`, `Title`) or Chinese (`标题`, `题注`).
pub const STYLES: &str = r#"<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/><w:rPr><w:sz w:val="28"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="a"/><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="3"><w:name w:val="标题 3"/><w:basedOn w:val="a"/></w:style>
<w:style w:type="paragraph" w:styleId="a3"><w:name w:val="Title"/><w:basedOn w:val="a"/><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:sz w:val="44"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="a5"><w:name w:val="标题"/><w:basedOn w:val="a"/></w:style>
<w:style w:type="paragraph" w:styleId="a7"><w:name w:val="题注"/><w:basedOn w:val="a"/></w:style>
<w:style w:type="paragraph" w:styleId="a9"><w:name w:val="公文小标题"/><w:basedOn w:val="a"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="aa"><w:name w:val="派生小标题"/><w:basedOn w:val="a9"/></w:style>
<w:style w:type="character" w:styleId="a4"><w:name w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/><w:basedOn w:val="a"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>"#;

#[derive(Default, Clone)]
pub struct Docx {
    /// Inner XML of `w:body`.
    pub body: String,
    /// Inner XML of `w:styles`; `None` leaves styles.xml out.
    pub styles: Option<String>,
    /// Inner XML of `w:numbering`.
    pub numbering: Option<String>,
    /// Inner XML of `w:footnotes` / `w:endnotes` (separators are added).
    pub footnotes: Option<String>,
    pub endnotes: Option<String>,
    /// Extra relationships of the document: (id, type suffix, target, external).
    pub rels: Vec<(String, String, String, bool)>,
    /// Files under word/media/.
    pub media: Vec<(String, Vec<u8>)>,
    /// `dcterms:modified`.
    pub modified: Option<String>,
}

impl Docx {
    pub fn new(body: impl Into<String>) -> Self {
        Docx {
            body: body.into(),
            styles: Some(STYLES.into()),
            modified: Some("2017-12-15T08:00:00Z".into()),
            ..Docx::default()
        }
    }
    pub fn image(mut self, id: &str, name: &str, bytes: Vec<u8>) -> Self {
        self.rels
            .push((id.into(), "image".into(), format!("media/{name}"), false));
        self.media.push((name.into(), bytes));
        self
    }
    pub fn link(mut self, id: &str, url: &str) -> Self {
        self.rels
            .push((id.into(), "hyperlink".into(), url.into(), true));
        self
    }
    pub fn document_xml(&self) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>"#,
            self.body
        )
    }
    /// Every XML part with its name.
    pub fn parts(&self) -> Vec<(String, Vec<u8>)> {
        let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
        let mut types = String::from(
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Default Extension="emf" ContentType="image/x-emf"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>"#,
        );
        types += "</Types>";
        parts.push(("[Content_Types].xml".into(), types.into_bytes()));
        parts.push((
            "_rels/.rels".into(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#
            )
            .into_bytes(),
        ));
        let mut rels = String::from(
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
        );
        let mut add = |id: &str, kind: &str, target: &str, external: bool| {
            rels += &format!(
                r#"<Relationship Id="{id}" Type="{REL}/{kind}" Target="{target}"{}/>"#,
                if external {
                    r#" TargetMode="External""#
                } else {
                    ""
                }
            );
        };
        if let Some(s) = &self.styles {
            add("rIdS", "styles", "styles.xml", false);
            parts.push((
                "word/styles.xml".into(),
                format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:styles {W}><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="21"/></w:rPr></w:rPrDefault></w:docDefaults>{s}</w:styles>"#).into_bytes(),
            ));
        }
        if let Some(n) = &self.numbering {
            add("rIdN", "numbering", "numbering.xml", false);
            parts.push((
                "word/numbering.xml".into(),
                format!(
                    r#"<?xml version="1.0" encoding="UTF-8"?><w:numbering {W}>{n}</w:numbering>"#
                )
                .into_bytes(),
            ));
        }
        for (tag, body, file) in [
            ("footnote", &self.footnotes, "footnotes.xml"),
            ("endnote", &self.endnotes, "endnotes.xml"),
        ] {
            if let Some(b) = body {
                add(&format!("rId{tag}"), &format!("{tag}s"), file, false);
                parts.push((
                    format!("word/{file}"),
                    format!(
                        r#"<?xml version="1.0" encoding="UTF-8"?><w:{tag}s {W}><w:{tag} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{tag}><w:{tag} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:{tag}>{b}</w:{tag}s>"#
                    )
                    .into_bytes(),
                ));
            }
        }
        for (id, kind, target, ext) in &self.rels {
            add(id, kind, target, *ext);
        }
        rels += "</Relationships>";
        parts.push(("word/_rels/document.xml.rels".into(), rels.into_bytes()));
        parts.push(("word/document.xml".into(), self.document_xml().into_bytes()));
        for (name, bytes) in &self.media {
            parts.push((format!("word/media/{name}"), bytes.clone()));
        }
        if let Some(m) = &self.modified {
            parts.push((
                "docProps/core.xml".into(),
                format!(r#"<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>城管组</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">2017-11-20T08:00:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{m}</dcterms:modified></cp:coreProperties>"#).into_bytes(),
            ));
        }
        parts
    }
    /// The .docx bytes.
    pub fn bytes(&self) -> Vec<u8> {
        zip_parts(&self.parts())
    }
}

/// A zip of `parts`, deflated.
pub fn zip_parts(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in parts {
        z.start_file(name.as_str(), opts).expect("zip entry");
        z.write_all(bytes).expect("zip write");
    }
    z.finish().expect("zip finish").into_inner()
}

// ---------------------------------------------------------------------------------------
// Snippets

fn esc(t: &str) -> String {
    t.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A run: `rpr` is the inner XML of `w:rPr` (may be empty).
pub fn r(rpr: &str, text: &str) -> String {
    let rpr = if rpr.is_empty() {
        String::new()
    } else {
        format!("<w:rPr>{rpr}</w:rPr>")
    };
    format!(
        r#"<w:r>{rpr}<w:t xml:space="preserve">{}</w:t></w:r>"#,
        esc(text)
    )
}

/// A paragraph: `ppr` is the inner XML of `w:pPr`, `runs` its content.
pub fn p(ppr: &str, runs: &str) -> String {
    let ppr = if ppr.is_empty() {
        String::new()
    } else {
        format!("<w:pPr>{ppr}</w:pPr>")
    };
    format!("<w:p>{ppr}{runs}</w:p>")
}

/// A plain paragraph of text.
pub fn para(text: &str) -> String {
    p("", &r("", text))
}

/// A paragraph in style `id`.
pub fn styled(id: &str, text: &str) -> String {
    p(&format!(r#"<w:pStyle w:val="{id}"/>"#), &r("", text))
}

/// A centred paragraph set in `half_points`.
pub fn centred(text: &str, half_points: u32) -> String {
    p(
        r#"<w:jc w:val="center"/>"#,
        &r(&format!(r#"<w:sz w:val="{half_points}"/>"#), text),
    )
}

/// A bold paragraph.
pub fn bold(text: &str) -> String {
    p("", &r("<w:b/>", text))
}

/// An inline DrawingML picture.
pub fn drawing(rid: &str, name: &str) -> String {
    format!(
        r#"<w:r><w:drawing><wp:inline><wp:extent cx="3000000" cy="2000000"/><wp:docPr id="1" name="{name}"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="0" name="{name}"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="{rid}"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"#
    )
}

/// A VML picture (older Word, WPS).
pub fn vml(rid: &str, title: &str) -> String {
    format!(
        r##"<w:r><w:pict><v:shape id="_x0000_i1025" type="#_x0000_t75" style="width:300pt;height:200pt"><v:imagedata r:id="{rid}" o:title="{title}"/></v:shape></w:pict></w:r>"##
    )
}

/// A DrawingML text box (with its VML fallback, which must not be read twice).
pub fn text_box(inner_paras: &str) -> String {
    format!(
        r#"<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:docPr id="5" name="文本框 5"/><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:txbx><w:txbxContent>{inner_paras}</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{inner_paras}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"#
    )
}

pub fn footnote_ref(id: u32) -> String {
    format!(
        r#"<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="{id}"/></w:r>"#
    )
}

pub fn endnote_ref(id: u32) -> String {
    format!(
        r#"<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:endnoteReference w:id="{id}"/></w:r>"#
    )
}

/// A note body as in footnotes.xml.
pub fn note(tag: &str, id: u32, text: &str) -> String {
    format!(
        r#"<w:{tag} w:id="{id}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:{tag}Ref/></w:r>{}</w:p></w:{tag}>"#,
        r("", text)
    )
}

/// A table cell: `tcpr` inner XML of `w:tcPr`, then paragraphs.
pub fn tc(tcpr: &str, paras: &str) -> String {
    format!("<w:tc><w:tcPr>{tcpr}</w:tcPr>{paras}</w:tc>")
}

pub fn tr(cells: &[String]) -> String {
    format!("<w:tr>{}</w:tr>", cells.concat())
}

pub fn tbl(cols: usize, rows: &[String]) -> String {
    let grid: String = (0..cols).map(|_| r#"<w:gridCol w:w="2000"/>"#).collect();
    format!(
        r#"<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{}</w:tbl>"#,
        rows.concat()
    )
}

// ---------------------------------------------------------------------------------------
// PNG

/// A valid RGB PNG of `w`×`h` in one colour.
pub fn png(w: u32, h: u32, rgb: [u8; 3]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    image::RgbImage::from_pixel(w, h, image::Rgb(rgb))
        .write_to(&mut out, image::ImageFormat::Png)
        .expect("encode png");
    out.into_inner()
}

// ---------------------------------------------------------------------------------------
// Every w:t

/// The text of every `<w:t>` element in the document and notes parts, entities decoded.
pub fn w_texts(d: &Docx) -> Vec<String> {
    let mut out = Vec::new();
    let mut xml = d.document_xml();
    xml += d.footnotes.as_deref().unwrap_or("");
    xml += d.endnotes.as_deref().unwrap_or("");
    let mut rest = xml.as_str();
    while let Some(i) = rest.find("<w:t") {
        rest = &rest[i + 4..];
        // `<w:t>` or `<w:t xml:space=…>`, not `<w:tab/>`, `<w:tbl>`…
        if !(rest.starts_with('>') || rest.starts_with(' ')) {
            continue;
        }
        let Some(gt) = rest.find('>') else { break };
        if rest[..gt].ends_with('/') {
            continue;
        }
        rest = &rest[gt + 1..];
        let Some(end) = rest.find("</w:t>") else {
            break;
        };
        let t = rest[..end]
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&amp;", "&");
        out.push(t);
        rest = &rest[end..];
    }
    out
}

/// Text reduced to letters and digits (CJK included), superscripts folded: what must
/// survive whatever escaping, emphasis, YAML quoting or list splitting did around it.
pub fn letters(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '⁰' => '0',
            '¹' => '1',
            '²' => '2',
            '³' => '3',
            '₀' => '0',
            '₁' => '1',
            '₂' => '2',
            '₃' => '3',
            c => c,
        })
        .filter(|c| c.is_alphanumeric())
        .collect()
}

// ---------------------------------------------------------------------------------------
// A realistic report

/// Markers that introduce front matter fields; they become YAML keys, not text.
pub const MARKERS: [&str; 2] = ["【摘要】", "【关键词】"];

/// A research report as the office writes it: title in 标题 style (WPS id `a5`), an author
/// line 「城管组　高晓峰　梁志刚」, 【摘要】 and 【关键词】 with bold markers, 一、/（一）
/// headings typed by hand with full-width indents, a table with merged cells, a footnote,
/// two PNG pictures with 「图1」「图2」 captions (one DrawingML, one VML).
pub fn realistic() -> Docx {
    let indent = "　　";
    let mut body = String::new();
    body += &styled("a5", "关于青溪街道背街小巷环境整治的调研");
    body += &centred("城管组　高晓峰　梁志刚", 28);
    body += &p(
        "",
        &(r("<w:b/>", "【摘要】")
            + &r(
                "",
                "本文以辖区42条背街小巷为对象，梳理环境整治的成效与短板，提出分类施策、长效管护的建议。",
            )),
    );
    body += &p(
        "",
        &(r("<w:b/>", "【关键词】") + &r("", "背街小巷；环境整治；长效管护")),
    );
    body += &bold("一、基本情况");
    body += &para(&format!(
        "{indent}青溪街道共有背街小巷42条，总长约11.6公里。2017年整治了其中的17条。"
    ));
    body += &p(
        "",
        &(r("", &format!("{indent}整治资金主要来自区级专项"))
            + &footnote_ref(1)
            + &r("", "，街道配套约三成。")),
    );
    body += &p("", &drawing("rIdImg1", "图片 1"));
    body += &para("图1　背街小巷分社区数量（条）");
    body += &bold("二、存在的问题");
    body += &bold("（一）管护主体不明确");
    body += &para(&format!("{indent}部分小巷产权复杂，保洁和维修无人负责。"));
    body += &bold("（二）整治标准不统一");
    body += &para(&format!("{indent}各社区整治标准不一，详见下表。"));
    body += &tbl(
        3,
        &[
            tr(&[
                tc("", &para("社区")),
                tc("", &para("小巷数")),
                tc("", &para("已整治")),
            ]),
            tr(&[
                tc(r#"<w:vMerge w:val="restart"/>"#, &para("溪口社区")),
                tc("", &para("14")),
                tc("", &para("6")),
            ]),
            tr(&[
                tc("<w:vMerge/>", &p("", "")),
                tc(r#"<w:gridSpan w:val="2"/>"#, &para("含两条断头路")),
            ]),
            tr(&[
                tc("", &para("桂园社区")),
                tc("", &para("11")),
                tc("", &para("5")),
            ]),
        ],
    );
    body += &bold("三、对策建议");
    body += &bold("1．建立巷长制");
    body += &para(&format!("{indent}每条小巷明确一名巷长，由社区干部担任。"));
    body += &p("", &vml("rIdImg2", "整治前后对比"));
    body += &styled("a7", "图2　整治前后对比");
    body += &para(&format!("{indent}以上建议供街道决策参考。"));
    let mut d = Docx::new(body)
        .image("rIdImg1", "image1.png", png(40, 30, [200, 60, 40]))
        .image("rIdImg2", "image2.png", png(30, 40, [40, 90, 200]));
    d.footnotes = Some(note("footnote", 1, "数据来源：街道城管办2017年台账。"));
    d
}

//! Pictures and drawing objects met in a run: DrawingML pictures, VML pictures and embedded
//! objects' previews, text boxes (their paragraphs kept after the current one), and the
//! warnings for what the web and the booklet cannot show (EMF/WMF, charts, shapes, linked
//! pictures).

use super::blocks::{Block, Inline, Picture, quote};
use super::body::{Rel, Walker, resolve_target};
use super::xml::Node;

impl Walker<'_> {
    /// A DrawingML object: pictures, text boxes, charts, shapes.
    pub(super) fn drawing(&mut self, d: &Node, out: &mut Vec<Inline>, extra: &mut Vec<Block>) {
        let name = d
            .find("docPr")
            .and_then(|p| {
                p.attr("descr")
                    .filter(|s| !s.trim().is_empty())
                    .or(p.attr("title"))
                    .filter(|s| !s.trim().is_empty())
                    .or(p.attr("name"))
            })
            .unwrap_or("")
            .to_string();
        let mut blips = Vec::new();
        d.find_all("blip", &mut blips);
        let mut found = false;
        for b in blips {
            if let Some(id) = b.attr("embed") {
                found = true;
                self.picture(id, &name, out);
            } else if b.attr("link").is_some() {
                found = true;
                self.warn(format!(
                    "图片「{name}」是链接到外部文件的图片，没有存在文档里，无法导入；请在 Word 中改为“插入”图片后重新导入。"
                ));
            }
        }
        if d.find("chart").is_some() {
            found = true;
            self.warn(format!(
                "图表「{name}」无法导入（网页和印刷册只能显示图片）；请在 Word 中复制该图表，“选择性粘贴”为图片（PNG）后重新导入。"
            ));
        }
        if let Some(tx) = d.find("txbxContent") {
            found = true;
            self.text_box(tx, extra);
        }
        if !found {
            self.warn(format!(
                "图形「{name}」（形状、SmartArt 等）无法导入；请在 Word 中把它复制后“选择性粘贴”为图片（PNG）再导入。"
            ));
        }
    }

    /// A VML picture (`w:pict`) or embedded object (`w:object`, whose picture is a preview).
    pub(super) fn vml(&mut self, v: &Node, out: &mut Vec<Inline>, extra: &mut Vec<Block>) {
        let mut imgs = Vec::new();
        v.find_all("imagedata", &mut imgs);
        let name = imgs
            .first()
            .and_then(|i| i.attr("title"))
            .or_else(|| v.find("shape").and_then(|s| s.attr("alt")))
            .unwrap_or("")
            .to_string();
        for i in &imgs {
            if let Some(id) = i.attr("id").or(i.attr("relid")) {
                self.picture(id, &name, out);
            }
        }
        if v.name == "object" {
            self.warn(format!(
                "嵌入对象「{name}」（如公式、Excel 表格）只能导入它的预览图；如需文字或表格，请在 Word 中改为普通文字或表格后重新导入。"
            ));
        }
        if let Some(tx) = v.find("txbxContent") {
            self.text_box(tx, extra);
        }
    }

    fn text_box(&mut self, tx: &Node, extra: &mut Vec<Block>) {
        let mut blocks = Vec::new();
        self.blocks(tx, &mut blocks);
        let text: String = blocks
            .iter()
            .filter_map(|b| match b {
                Block::Para(p) => Some(p.plain()),
                Block::Table(_) => None,
            })
            .collect();
        if !text.trim().is_empty() {
            self.warn(format!(
                "文本框中的文字「{}」已放在所在段落之后，请核对位置。",
                quote(&text)
            ));
        }
        extra.extend(blocks);
    }

    fn picture(&mut self, rid: &str, name: &str, out: &mut Vec<Inline>) {
        let Some(Rel {
            target, external, ..
        }) = self.rels.get(rid).cloned()
        else {
            self.warn(format!(
                "图片「{name}」在文档中找不到对应的图片文件（关系 {rid}），未导入。"
            ));
            return;
        };
        if external {
            self.warn(format!(
                "图片「{name}」是链接到外部文件（{target}）的图片，没有存在文档里，无法导入；请在 Word 中改为“插入”图片后重新导入。"
            ));
            return;
        }
        let part = resolve_target(&self.base, &target);
        let ext = part
            .rsplit_once('.')
            .map(|(_, e)| e.to_lowercase())
            .unwrap_or_default();
        let file = part.rsplit('/').next().unwrap_or(&part).to_string();
        let shown = if name.is_empty() {
            file.clone()
        } else {
            format!("{name}（{file}）")
        };
        match ext.as_str() {
            "png" | "jpg" | "jpeg" | "gif" | "svg" | "webp" => {}
            "emf" | "wmf" => {
                self.warn(format!(
                    "图片「{shown}」是 Windows 图元文件（.{ext}），网页和印刷册都无法显示，未导入；请在 Word 中复制该图，“选择性粘贴”为图片（PNG）后重新导入。"
                ));
                return;
            }
            _ => {
                self.warn(format!(
                    "图片「{shown}」的格式（.{ext}）网页和印刷册不支持，未导入；请把它另存为 PNG 或 JPG，在 Word 中重新插入后再导入。"
                ));
                return;
            }
        }
        self.pictures.push(Picture {
            part,
            ext: if ext == "jpeg" { "jpg".into() } else { ext },
            name: shown,
            caption: String::new(),
        });
        out.push(Inline::Image(self.pictures.len() - 1));
    }
}

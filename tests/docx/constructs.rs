//! One Word fixture per construct the import reads (used by `docx_constructs.rs`).

#![allow(dead_code)]

use super::*;

pub fn headings() -> Docx {
    Docx::new(
        [
            styled("a3", "标题样式的题目"),
            styled("1", "样式一级标题"),
            para("正文一。"),
            styled("2", "样式二级标题"),
            styled("3", "中文名三级标题"),
            styled("a9", "大纲级别二的自定样式"),
            styled("aa", "继承大纲级别的样式"),
            p(
                r#"<w:outlineLvl w:val="2"/>"#,
                &r("", "段落直接设的大纲级别"),
            ),
            para("正文二。"),
        ]
        .concat(),
    )
}

pub fn gongwen() -> Docx {
    Docx::new(
        [
            centred("公文格式的题目", 44),
            bold("一、基本情况"),
            para("　　这是正文。"),
            para("（一）存在的问题"),
            bold("1．建立巡查机制"),
            para("1.5万平方米是去年的数字。"),
            para("一、这是一句很长的话，以一、开头，但它是正文。后面还有句子，超过了标题的长度限制。"),
            para("二是加强宣传。"),
        ]
        .concat(),
    )
}

pub fn formatting() -> Docx {
    let d = Docx::new(
        [
            centred("格式测试", 44),
            p(
                "",
                &[
                    r("", "　　普通"),
                    r(r#"<w:rStyle w:val="a4"/>"#, "粗体"),
                    r("", "和"),
                    r("<w:i/>", "斜体"),
                    r("", "以及"),
                    r("<w:b/>", "“违建”"),
                    r("", "治理，面积100m"),
                    r(r#"<w:vertAlign w:val="superscript"/>"#, "2"),
                    r("", "，水H"),
                    r(r#"<w:vertAlign w:val="subscript"/>"#, "2"),
                    r("", "O，引文"),
                    r(r#"<w:vertAlign w:val="superscript"/>"#, "[1]"),
                    r("<w:strike/>", "删除线"),
                    r("", "。"),
                ]
                .concat(),
            ),
            p(
                "",
                &[
                    r("", "见"),
                    r#"<w:hyperlink r:id="rIdL1"><w:r><w:t>政府网站</w:t></w:r></w:hyperlink>"#
                        .into(),
                    r("", "。又见"),
                    r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "https://example.org/f" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>"#.into(),
                    r("", "字段链接"),
                    r#"<w:r><w:fldChar w:fldCharType="end"/></w:r>"#.into(),
                    r("", "。"),
                ]
                .concat(),
            ),
            p(
                "",
                &[
                    r("", "第一行"),
                    "<w:r><w:br/></w:r>".into(),
                    r("", "第二行"),
                    "<w:r><w:tab/></w:r>".into(),
                    r("", "制表符后"),
                ]
                .concat(),
            ),
        ]
        .concat(),
    );
    d.link("rIdL1", "https://example.org/a_b?x=1")
}

pub fn lists() -> Docx {
    let mut d = Docx::new(
        [
            centred("列表测试", 44),
            p(
                r#"<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>"#,
                &r("", "圆点一"),
            ),
            p(
                r#"<w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr>"#,
                &r("", "圆点嵌套"),
            ),
            p(
                r#"<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>"#,
                &r("", "圆点二"),
            ),
            // Numbering from the paragraph style (Word's List Bullet).
            styled("ListBullet", "样式圆点"),
            p(
                r#"<w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr>"#,
                &r("", "编号一"),
            ),
            p(
                r#"<w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr>"#,
                &r("", "编号二"),
            ),
            para("中间的正文。"),
            p(
                r#"<w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr>"#,
                &r("", "中文编号甲"),
            ),
            p(
                r#"<w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr>"#,
                &r("", "中文编号乙的内容比较长，是一个完整的句子。它不是标题。"),
            ),
        ]
        .concat(),
    );
    d.numbering = Some(
        r#"<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/><w:lvlText w:val="o"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num><w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>"#
            .into(),
    );
    d
}

pub fn tables() -> Docx {
    let nested = tbl(2, &[tr(&[tc("", &para("内甲")), tc("", &para("内乙"))])]);
    Docx::new(
        [
            centred("表格测试", 44),
            tbl(
                3,
                &[
                    tr(&[
                        tc(r#"<w:gridSpan w:val="2"/>"#, &para("合并两列")),
                        tc("", &para("丙")),
                    ]),
                    tr(&[
                        tc(r#"<w:vMerge w:val="restart"/>"#, &para("纵向合并")),
                        tc("", &(para("第一段") + &para("第二段"))),
                        tc("", &para("a|b")),
                    ]),
                    tr(&[
                        tc("<w:vMerge/>", &p("", "")),
                        tc("", &para("乙3")),
                        tc("", &para("丙3")),
                    ]),
                ],
            ),
            para("两表之间。"),
            tbl(2, &[tr(&[tc("", &para("外层")), tc("", &nested)])]),
        ]
        .concat(),
    )
}

pub fn notes() -> Docx {
    let mut d = Docx::new(
        [
            centred("脚注测试", 44),
            p(
                "",
                &(r("", "有脚注")
                    + &footnote_ref(1)
                    + &r("", "也有尾注")
                    + &endnote_ref(1)
                    + &r("", "再一个脚注")
                    + &footnote_ref(2)),
            ),
        ]
        .concat(),
    );
    d.footnotes =
        Some(note("footnote", 1, "第一个脚注的内容。") + &note("footnote", 2, "第二个脚注。"));
    d.endnotes = Some(note("endnote", 1, "尾注的内容。"));
    d
}

pub fn pictures() -> Docx {
    let chart = r#"<w:r><w:drawing><wp:inline><wp:docPr id="9" name="图表 9"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" r:id="rIdC"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"#;
    Docx::new(
        [
            centred("图片测试", 44),
            p("", &drawing("rIdA", "图片 1")),
            para("图1　新式图片"),
            p("", &vml("rIdB", "旧式图片")),
            styled("a7", "题注样式的说明"),
            p(
                "",
                &(drawing("rIdA", "图片 1 再用")
                    + "<w:r><w:br/></w:r>"
                    + &r("", "图3　同段的说明")),
            ),
            p("", &drawing("rIdE", "流程图")),
            para("图4　这是 EMF 图"),
            p("", chart),
            para("图5　上方的说明"),
            p("", &drawing("rIdB", "图片 5")),
            para("后文。"),
        ]
        .concat(),
    )
    .image("rIdA", "image1.png", png(4, 3, [1, 2, 3]))
    .image("rIdB", "image2.png", png(3, 4, [4, 5, 6]))
    .image("rIdE", "image3.emf", b"\x01\x00\x00\x00EMF".to_vec())
}

pub fn revisions() -> Docx {
    Docx::new(
        [
            centred("修订测试", 44),
            p("", &(r("", "保留") + r#"<w:ins w:id="1" w:author="a"><w:r><w:t>插入的字</w:t></w:r></w:ins><w:del w:id="2" w:author="a"><w:r><w:delText>删掉的字</w:delText></w:r></w:del>"# + &r("", "结束"))),
            p("", &(r#"<w:commentRangeStart w:id="0"/><w:bookmarkStart w:id="0" w:name="b"/>"#.to_string() + &r("", "批注和书签") + r#"<w:bookmarkEnd w:id="0"/><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>"#)),
            p("", &(r("", "第") + r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>"# + &r("", "页"))),
            p("", r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \o "1-3" \h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>目录条目一</w:t></w:r>"#),
            p("", r#"<w:r><w:t>目录条目二</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>"#),
            p("", r#"<w:r><w:br w:type="page"/></w:r>"#),
            para("分页后的正文。"),
        ]
        .concat(),
    )
}

pub fn text_boxes() -> Docx {
    Docx::new(
        [
            centred("文本框测试", 44),
            p("", &(r("", "框前文字") + &text_box(&para("文本框里的话")))),
            para("框后文字。"),
        ]
        .concat(),
    )
}

pub fn escaping() -> Docx {
    Docx::new(
        [
            centred("转义测试", 44),
            para("# 井号开头"),
            para("1. 数字点开头"),
            para("- 减号开头"),
            para("星号*下划线_反引号`尖括号<b>竖线|方括号[x](y)与号&波浪~"),
            para("+ 加号开头"),
        ]
        .concat(),
    )
}

pub fn front_variants() -> Docx {
    Docx::new(
        [
            centred("青溪街道青年干部培训班", 28),
            centred("字号最大的才是题目", 44),
            para("作者：高晓峰、欧阳某某"),
            para("摘　要："),
            para("摘要写在下一段。"),
            p("", &(r("", "关键词：") + &r("", "甲乙，丙丁、戊己"))),
            bold("一、正文开始"),
            para("正文。"),
        ]
        .concat(),
    )
}

/// A title in `heading 1`, sections in `heading 2`; line breaks at a paragraph's ends.
pub fn heading_title() -> Docx {
    Docx::new(
        [
            styled("1", "用一级标题写的题目"),
            styled("2", "第一部分"),
            p(
                "",
                &(r("", "段末换行") + "<w:r><w:br/></w:r><w:r><w:br/></w:r>"),
            ),
            p(
                "",
                &("<w:r><w:br/></w:r>".to_string()
                    + &r("", "甲")
                    + "<w:r><w:br/></w:r><w:r><w:br/></w:r>"
                    + &r("", "乙")),
            ),
        ]
        .concat(),
    )
}

/// Every fixture with the `w:t` texts it drops on purpose.
pub fn all() -> Vec<(&'static str, Docx, Vec<&'static str>)> {
    vec![
        ("realistic", realistic(), MARKERS.to_vec()),
        ("headings", headings(), vec![]),
        ("gongwen", gongwen(), vec![]),
        ("formatting", formatting(), vec![]),
        ("lists", lists(), vec![]),
        ("tables", tables(), vec![]),
        ("notes", notes(), vec![]),
        ("pictures", pictures(), vec![]),
        // The TOC field's entries are regenerated from the headings, not copied.
        ("revisions", revisions(), vec!["目录条目一", "目录条目二"]),
        ("text_boxes", text_boxes(), vec![]),
        ("escaping", escaping(), vec![]),
        ("heading_title", heading_title(), vec![]),
        // Markers of front matter fields become YAML keys.
        (
            "front_variants",
            front_variants(),
            vec!["摘　要：", "关键词："],
        ),
    ]
}

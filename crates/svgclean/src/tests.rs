//! Malicious and tricky inputs: each must come out without the dangerous part, and the
//! removal must be reported (or the file refused).

use super::*;

fn ok(svg: &str) -> Cleaned {
    clean(svg.as_bytes()).unwrap_or_else(|e| panic!("{svg}: {e}"))
}

/// The output must itself parse, and must never contain any of `bad` (case-insensitive).
fn assert_clean(c: &Cleaned, bad: &[&str]) {
    roxmltree::Document::parse(&c.svg)
        .unwrap_or_else(|e| panic!("output does not parse: {e}\n{}", c.svg));
    let lower = c.svg.to_lowercase();
    for b in bad {
        assert!(
            !lower.contains(&b.to_lowercase()),
            "{b:?} survived:\n{}",
            c.svg
        );
    }
}

const NS: &str = r#"xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink""#;

#[test]
fn script_element_and_handlers_are_removed_with_lines() {
    let svg = format!(
        "<svg {NS} onload=\"fetch('/internal/')\">\n<script>alert(1)</script>\n<rect width=\"10\" height=\"5\" onclick=\"x()\" OnMouseOver=\"y()\"/>\n</svg>"
    );
    let c = ok(&svg);
    assert_clean(
        &c,
        &[
            "script",
            "alert",
            "onload",
            "onclick",
            "onmouseover",
            "fetch",
        ],
    );
    assert!(
        c.svg.contains("<rect width=\"10\" height=\"5\"/>"),
        "{}",
        c.svg
    );
    let lines: Vec<(u32, &str)> = c
        .removed
        .iter()
        .map(|r| (r.line, r.what.as_str()))
        .collect();
    assert_eq!(lines[0], (1, "事件处理属性 onload"));
    assert_eq!(lines[1], (2, "脚本 <script>"));
    assert_eq!(lines[2].0, 3);
    assert_eq!(c.removed_total, 4);
}

#[test]
fn external_references_are_removed_internal_ones_kept() {
    let svg = format!(
        r##"<svg {NS}>
<defs><linearGradient id="g"><stop offset="0" stop-color="red"/></linearGradient></defs>
<use href="#g"/><use xlink:href="other.svg#x"/>
<image href="https://evil.example/p.png" width="1" height="1"/>
<image xlink:href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>
<image href="data:image/svg+xml;base64,PHN2Zz4=" width="1" height="1"/>
<rect fill="url(#g)" stroke="url(http://evil.example/s.svg#p)" width="1" height="1"/>
<feImage href="file:///etc/passwd"/>
</svg>"##
    );
    let c = ok(&svg);
    assert_clean(&c, &["other.svg", "evil.example", "svg+xml", "file:"]);
    assert!(c.svg.contains(r##"<use href="#g"/>"##), "{}", c.svg);
    assert!(
        c.svg.contains("xlink:href=\"data:image/png;base64,"),
        "{}",
        c.svg
    );
    assert!(c.svg.contains("fill=\"url(#g)\""), "{}", c.svg);
    assert_eq!(c.removed_total, 5, "{:?}", c.removed);
    assert!(
        c.removed
            .iter()
            .any(|r| r.line == 3 && r.what.contains("other.svg"))
    );
}

#[test]
fn foreign_object_links_and_animation() {
    let svg = format!(
        r#"<svg {NS}><foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" src="/internal/"/></foreignObject>
<a href="javascript:alert(1)"><circle r="3"/></a>
<set attributeName="href" to="javascript:alert(1)"/><animate attributeName="x"/>
</svg>"#
    );
    let c = ok(&svg);
    assert_clean(
        &c,
        &[
            "foreignobject",
            "iframe",
            "javascript",
            "<a",
            "<set",
            "animate",
        ],
    );
    // The link goes, the drawing inside it stays.
    assert!(c.svg.contains("<circle r=\"3\"/>"), "{}", c.svg);
    assert_eq!(c.removed_total, 4, "{:?}", c.removed);
}

#[test]
fn xhtml_script_in_another_namespace_is_reported() {
    let svg = format!(
        r#"<svg {NS} xmlns:h="http://www.w3.org/1999/xhtml"><h:script>alert(1)</h:script><svg:script xmlns:svg="http://www.w3.org/2000/svg">alert(2)</svg:script></svg>"#
    );
    let c = ok(&svg);
    assert_clean(&c, &["script", "alert"]);
    assert_eq!(c.removed_total, 2);
}

#[test]
fn cdata_is_escaped_and_checked() {
    // CDATA in a script is dropped with the script; CDATA in a style is checked like text.
    let svg = format!(
        "<svg {NS}><script><![CDATA[ if (a < b) alert(1) ]]></script><style><![CDATA[ rect {{ fill: url(#g) }} text > tspan {{ fill: red }} ]]></style><text><![CDATA[a < b & c]]></text></svg>"
    );
    let c = ok(&svg);
    assert_clean(&c, &["alert", "cdata"]);
    assert!(c.svg.contains("text &gt; tspan"), "{}", c.svg);
    assert!(c.svg.contains("<text>a &lt; b &amp; c</text>"), "{}", c.svg);
    let bad = format!(
        "<svg {NS}><style><![CDATA[ @import url(https://evil.example/x.css); ]]></style><rect/></svg>"
    );
    let c = ok(&bad);
    assert_clean(&c, &["evil", "import", "<style"]);
    assert_eq!(c.removed.len(), 1);
    assert!(c.removed[0].what.contains("@import"), "{:?}", c.removed);
}

#[test]
fn style_attribute_with_external_url_is_removed() {
    let svg = format!(
        r#"<svg {NS}><rect style="fill: url('https://evil.example/a')" width="1"/><rect style="fill:u\72l(x)"/><rect style="fill: url(#ok); stroke: blue"/></svg>"#
    );
    let c = ok(&svg);
    assert_clean(&c, &["evil", "\\72"]);
    assert!(
        c.svg.contains("style=\"fill: url(#ok); stroke: blue\""),
        "{}",
        c.svg
    );
    assert_eq!(c.removed_total, 2);
}

#[test]
fn entities_are_expanded_once_and_bombs_refused() {
    // Illustrator declares its namespaces as entities: they must resolve.
    let svg = r#"<?xml version="1.0"?>
<!DOCTYPE svg [ <!ENTITY ns_svg "http://www.w3.org/2000/svg"> <!ENTITY t "标题"> ]>
<svg xmlns="&ns_svg;"><title>&t;</title></svg>"#;
    let c = ok(svg);
    assert!(c.svg.contains("<title>标题</title>"), "{}", c.svg);
    assert_clean(&c, &["doctype", "entity"]);

    let bomb = r#"<!DOCTYPE svg [
<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
<!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
<!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">
<!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">
<!ENTITY j "&i;&i;&i;&i;&i;&i;&i;&i;&i;&i;&i;&i;&i;&i;&i;&i;">
<!ENTITY k "&j;&j;&j;&j;&j;&j;&j;&j;&j;&j;&j;&j;&j;&j;&j;&j;">
<!ENTITY l "&k;&k;&k;&k;&k;&k;&k;&k;&k;&k;&k;&k;&k;&k;&k;&k;">
]>
<svg xmlns="http://www.w3.org/2000/svg"><text>&l;</text></svg>"#;
    assert!(clean(bomb.as_bytes()).is_err());

    let external = r#"<!DOCTYPE svg [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]>
<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>"#;
    match clean(external.as_bytes()) {
        Err(_) => {}
        Ok(c) => assert_clean(&c, &["root:", "passwd"]),
    }
    let undefined = format!("<svg {NS}><text>&nbsp;</text></svg>");
    let e = clean(undefined.as_bytes()).unwrap_err();
    assert!(e.message.contains("&nbsp;"), "{e}");
    assert_eq!(e.line, 1);
}

#[test]
fn deep_nesting_is_refused_without_overflowing() {
    let n = 100_000;
    let svg = format!("<svg {NS}>{}{}</svg>", "<g>".repeat(n), "</g>".repeat(n));
    let e = clean(svg.as_bytes()).unwrap_err();
    assert!(
        e.message.contains("嵌套") || e.message.contains("过多"),
        "{e}"
    );
    let fine = format!(
        "<svg {NS}>{}<rect/>{}</svg>",
        "<g>".repeat(50),
        "</g>".repeat(50)
    );
    assert!(ok(&fine).svg.contains("<rect/>"));
}

#[test]
fn namespaced_attributes_editor_data_and_processing_instructions() {
    let svg = format!(
        r#"<?xml version="1.0"?><?xml-stylesheet href="https://evil.example/x.css"?><!-- hi -->
<svg {NS} xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" xmlns:ev="http://www.w3.org/2001/xml-events" xml:space="preserve" inkscape:version="1.2" data-name="x">
<metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></metadata>
<inkscape:grid/><rect ev:event="click" xlink:title="t" xml:base="https://evil.example/" width="2"/>
</svg>"#
    );
    let c = ok(&svg);
    assert_clean(
        &c,
        &[
            "evil",
            "inkscape",
            "rdf",
            "metadata",
            "ev:",
            "data-name",
            "xml:base",
            "<!--",
        ],
    );
    assert!(c.svg.contains("xml:space=\"preserve\""), "{}", c.svg);
    // Reported: the stylesheet instruction and the XML Events attribute; editor data is not.
    let what: Vec<&str> = c.removed.iter().map(|r| r.what.as_str()).collect();
    assert_eq!(what.len(), 2, "{what:?}");
    assert!(what[0].contains("xml-stylesheet"));
    assert!(what[1].contains("xml-events"));
}

#[test]
fn not_an_svg_is_refused() {
    assert!(clean(b"name: x\nphone: 123\n").is_err());
    let e = clean(b"<html><script>x</script></html>").unwrap_err();
    assert!(e.message.contains("<html>"), "{e}");
    assert!(clean(b"<svg><rect/></svg>").is_err(), "no SVG namespace");
    assert!(clean(&[0x3c, 0x73, 0xff, 0xfe]).is_err());
}

#[test]
fn attribute_values_are_escaped() {
    let svg = format!(r#"<svg {NS}><text id="a&quot;b&lt;" x="1">t</text></svg>"#);
    let c = ok(&svg);
    assert!(c.svg.contains(r#"id="a&quot;b&lt;""#), "{}", c.svg);
}

#[test]
fn the_sample_charts_pass_unchanged_in_substance() {
    let svg = format!(
        r#"<svg {NS} viewBox="0 0 10 10" role="img" aria-label="图"><title>图</title><g font-family="sans-serif"><text x="1" y="2" text-anchor="middle">甲</text></g></svg>"#
    );
    let c = ok(&svg);
    assert!(c.removed.is_empty(), "{:?}", c.removed);
    assert!(c.svg.contains("aria-label=\"图\""));
}

#[test]
fn nested_dangers_are_found_at_any_depth() {
    let svg = format!(
        r##"<svg {NS}><g><defs><g id="a"><svg><g><script>alert(1)</script><rect onmouseover="x()" width="1"/></g></svg></g></defs>
<a xlink:href="https://evil.example/"><a href="#x"><g><text>链接<tspan onclick="y()">文字</tspan></text></g></a></a>
<switch><foreignObject><p xmlns="http://www.w3.org/1999/xhtml">html</p></foreignObject><rect width="2"/></switch></g></svg>"##
    );
    let c = ok(&svg);
    assert_clean(
        &c,
        &[
            "script",
            "alert",
            "onmouseover",
            "onclick",
            "evil",
            "foreignobject",
            "<p",
            "<a",
        ],
    );
    assert!(
        c.svg.contains("<text>链接<tspan>文字</tspan></text>"),
        "{}",
        c.svg
    );
    assert!(
        c.svg.contains("<switch><rect width=\"2\"/></switch>"),
        "{}",
        c.svg
    );
    assert_eq!(c.removed_total, 6, "{:?}", c.removed);
}

#[test]
fn a_drawing_of_no_size_is_refused() {
    for bad in [
        r#"width="0" height="10""#,
        r#"width="10" height="-1px""#,
        r#"viewBox="0 0 0 10""#,
        r#"viewBox="0 0 10""#,
    ] {
        let svg = format!("<svg {NS} {bad}><rect/></svg>");
        let e = clean(svg.as_bytes()).expect_err(bad);
        assert!(e.message.contains("尺寸无效"), "{bad}: {e}");
    }
    for good in [
        r#"width="10mm" height="5""#,
        r#"width="100%""#,
        r#"viewBox="0,0,10,5""#,
        "",
    ] {
        ok(&format!("<svg {NS} {good}><rect/></svg>"));
    }
}

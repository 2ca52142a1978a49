//! Output checks for every chart: well-formed standalone SVG, escaping,
//! determinism, finite numbers, graceful empty data, text within bounds.

use showcase_charts::{Style, bar_chart, heatmap, histogram, line_chart};

const SVG_NS: &str = "http://www.w3.org/2000/svg";
const NASTY: &str = "A&B <组> \"引号\" '单' >";

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

fn months() -> Vec<String> {
    (1..=12).map(|m| format!("{m}月")).collect()
}

fn groups() -> Vec<String> {
    s(&[
        "第一学习小组",
        "第二学习小组",
        "社区治理调研组",
        "青年理论宣讲团暨志愿服务队第三分队（街道机关）",
    ])
}

/// Every chart with ordinary data, at two widths.
fn samples(style: &Style) -> Vec<(&'static str, String)> {
    let counts = vec![
        vec![2, 1, 3, 2, 0, 1, 2, 2, 3, 1, 2, 4],
        vec![1, 0, 0, 2, 1, 1, 0, 1, 2, 2, 1, 3],
        vec![3, 2, 4, 3, 2, 5, 3, 0, 4, 3, 2, 16],
        vec![0, 0, 1, 1, 0, 2, 1, 1, 0, 1, 1, 2],
    ];
    let points: Vec<f64> = (0..50).map(|i| 40.0 + f64::from(i * 37 % 61)).collect();
    vec![
        (
            "heatmap",
            heatmap("各小组月度活动", &groups(), &months(), &counts, style),
        ),
        (
            "histogram",
            histogram("积分分布", &points, 10.0, Some((60.0, "合格线")), style),
        ),
        (
            "bar",
            bar_chart(
                "完成率",
                &groups(),
                &[92.5, 85.0, 100.0, 61.0],
                "%",
                Some((84.6, "平均")),
                style,
            ),
        ),
        (
            "bar_negative",
            bar_chart(
                "同比变化",
                &groups(),
                &[12.0, -8.0, 0.0, f64::NAN],
                "次",
                Some((1.0, "平均")),
                style,
            ),
        ),
        (
            "line",
            line_chart(
                "月度活动同比",
                &months(),
                &[
                    (
                        "2024年".to_string(),
                        vec![5.0, 3.0, 8.0, 9.0, 4.0, 6.0, 7.0, 6.0, 9.0, 8.0, 7.0, 12.0],
                    ),
                    (
                        "2025年".to_string(),
                        vec![8.0, 4.0, 10.0, 9.0, f64::NAN, 9.0, 6.0, 7.0, 10.0, 8.0, 9.0],
                    ),
                ],
                style,
            ),
        ),
    ]
}

fn styles() -> Vec<Style> {
    vec![
        Style::default(),
        Style {
            width: 360.0,
            ..Style::default()
        },
        Style {
            width: 1000.0,
            font_family: "Source Han Sans SC".to_string(),
        },
    ]
}

fn attr_f64(node: roxmltree::Node<'_, '_>, name: &str) -> Option<f64> {
    node.attribute(name).map(|v| {
        let x: f64 = v
            .parse()
            .unwrap_or_else(|_| panic!("attribute {name}={v:?} is not a number"));
        assert!(x.is_finite(), "{name}={v}");
        assert_ne!(v, "-0", "negative zero in {name}");
        x
    })
}

/// Same metric as the crate: 1 em for wide characters, 0.55 em for ASCII.
fn est_width(text: &str, size: f64) -> f64 {
    text.chars()
        .map(|c| {
            if c.is_ascii() {
                0.55
            } else if (c as u32) < 0x2e80 {
                0.7
            } else {
                1.0
            }
        })
        .sum::<f64>()
        * size
}

/// Structural checks shared by all outputs; returns the parsed document
/// text so that callers can run more checks.
fn check(svg: &str, title: &str, style: &Style) {
    for bad in [
        "NaN",
        "inf",
        "<style",
        "<script",
        "foreignObject",
        "href",
        "class=",
        "url(",
        "@import",
    ] {
        assert!(!svg.contains(bad), "output contains {bad:?}:\n{svg}");
    }
    let doc = roxmltree::Document::parse(svg).expect("output must be well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.tag_name().namespace(), Some(SVG_NS));
    assert_eq!(root.attribute("role"), Some("img"));
    let w = attr_f64(root, "width").expect("width");
    let h = attr_f64(root, "height").expect("height");
    assert!(w > 0.0 && h > 0.0);
    assert_eq!(w, style.width.clamp(240.0, 4000.0));
    let vb = root.attribute("viewBox").expect("viewBox");
    let vb: Vec<f64> = vb.split(' ').map(|x| x.parse().unwrap()).collect();
    assert_eq!(vb, vec![0.0, 0.0, w, h]);

    let mut kids = root.children().filter(|n| n.is_element());
    let t = kids.next().expect("title");
    assert_eq!(t.tag_name().name(), "title");
    assert_eq!(t.text().unwrap_or(""), title);
    let d = kids.next().expect("desc");
    assert_eq!(d.tag_name().name(), "desc");
    assert!(
        !d.text().unwrap_or("").trim().is_empty(),
        "desc must not be empty"
    );

    for node in doc.descendants().filter(|n| n.is_element()) {
        for a in node.attributes() {
            if matches!(
                a.name(),
                "x" | "y"
                    | "x1"
                    | "x2"
                    | "y1"
                    | "y2"
                    | "cx"
                    | "cy"
                    | "r"
                    | "width"
                    | "height"
                    | "stroke-width"
                    | "font-size"
            ) {
                attr_f64(node, a.name());
            }
            if a.name() == "fill" || a.name() == "stroke" {
                let v = a.value();
                assert!(
                    v == "none" || (v.starts_with('#') && v.len() == 7),
                    "colour {v:?} must be inline hex"
                );
            }
        }
        if node.tag_name().name() == "text" {
            assert_eq!(
                node.attribute("font-family"),
                Some(style.font_family.as_str()),
                "every text carries the font family"
            );
            let size = attr_f64(node, "font-size").expect("font-size");
            assert!(size >= 10.0, "font too small: {size}");
            // Horizontal text must lie within the canvas.
            if node.attribute("transform").is_none() {
                let x = attr_f64(node, "x").unwrap();
                let y = attr_f64(node, "y").unwrap();
                let tw = est_width(node.text().unwrap_or(""), size);
                let x0 = match node.attribute("text-anchor") {
                    Some("middle") => x - tw / 2.0,
                    Some("end") => x - tw,
                    _ => x,
                };
                let text = node.text().unwrap_or("");
                assert!(
                    x0 >= 0.0 && x0 + tw <= w + 0.01,
                    "text {text:?} overflows horizontally: {x0}..{} of {w}",
                    x0 + tw
                );
                assert!(
                    y - size >= 0.0 && y + 0.25 * size <= h,
                    "text {text:?} overflows vertically"
                );
            }
        }
        if node.tag_name().name() == "path" {
            let d = node.attribute("d").unwrap();
            for num in d
                .split(|c: char| c.is_ascii_alphabetic() || c == ' ')
                .filter(|t| !t.is_empty())
            {
                let v: f64 = num.parse().unwrap();
                assert!(v.is_finite());
                assert_ne!(num, "-0");
            }
        }
    }
}

fn texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or("").to_string())
        .collect()
}

fn desc(svg: &str) -> String {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .find(|n| n.has_tag_name("desc"))
        .and_then(|n| n.text())
        .unwrap_or("")
        .to_string()
}

#[test]
fn all_samples_are_valid_standalone_svg() {
    for style in styles() {
        for (name, svg) in samples(&style) {
            let title = match name {
                "heatmap" => "各小组月度活动",
                "histogram" => "积分分布",
                "bar" => "完成率",
                "bar_negative" => "同比变化",
                _ => "月度活动同比",
            };
            check(&svg, title, &style);
        }
    }
}

#[test]
fn output_is_deterministic() {
    let style = Style::default();
    let a = samples(&style);
    let b = samples(&style);
    assert_eq!(a, b);
}

#[test]
fn caller_text_is_escaped() {
    let style = Style {
        font_family: "\"Noto Sans CJK SC\", sans-serif".to_string(),
        width: 640.0,
    };
    let labels = vec![NASTY.to_string(), "二组".to_string()];
    let outputs = [
        heatmap(
            NASTY,
            &labels,
            &[NASTY.to_string()],
            &[vec![1], vec![0]],
            &style,
        ),
        histogram(NASTY, &[1.0, 2.0], 1.0, Some((1.5, NASTY)), &style),
        bar_chart(
            NASTY,
            &labels,
            &[1.0, 2.0],
            "<&>",
            Some((1.5, NASTY)),
            &style,
        ),
        line_chart(
            NASTY,
            &labels,
            &[(NASTY.to_string(), vec![1.0, 2.0])],
            &style,
        ),
    ];
    for svg in &outputs {
        check(svg, NASTY, &style);
        assert!(svg.contains("A&amp;B &lt;组&gt; &quot;引号&quot; &apos;单&apos; &gt;"));
        let t = texts(svg);
        assert!(
            t.iter().any(|x| x.contains(NASTY)),
            "label round-trips through XML: {t:?}"
        );
    }
}

#[test]
fn control_characters_do_not_break_xml() {
    let style = Style::default();
    let bad = "组\u{0}\u{1b}名\n换行";
    let svg = bar_chart(bad, &[bad.to_string()], &[3.0], "次", None, &style);
    roxmltree::Document::parse(&svg).unwrap();
}

#[test]
fn empty_inputs_show_no_data() {
    let style = Style::default();
    let outputs = [
        heatmap("空", &[], &[], &[], &style),
        heatmap("空", &groups(), &[], &[], &style),
        histogram("空", &[], 10.0, Some((60.0, "合格线")), &style),
        histogram("空", &[f64::NAN, f64::INFINITY], 10.0, None, &style),
        bar_chart("空", &[], &[], "%", None, &style),
        bar_chart("空", &groups(), &[], "%", Some((50.0, "平均")), &style),
        line_chart("空", &[], &[], &style),
        line_chart("空", &months(), &[], &style),
        line_chart("空", &months(), &[("2025年".into(), vec![])], &style),
    ];
    for svg in &outputs {
        check(svg, "空", &style);
        assert!(texts(svg).iter().any(|t| t == "暂无数据"), "{svg}");
        assert!(desc(svg).contains("暂无数据"));
    }
    // An empty title is fine too.
    let svg = bar_chart("", &[], &[], "", None, &style);
    check(&svg, "", &style);
}

#[test]
fn all_zero_data_is_handled() {
    let style = Style::default();
    let outputs = [
        heatmap("零", &groups(), &months(), &vec![vec![0; 12]; 4], &style),
        bar_chart("零", &groups(), &[0.0; 4], "次", None, &style),
        line_chart("零", &months(), &[("2025年".into(), vec![0.0; 12])], &style),
    ];
    for svg in &outputs {
        check(svg, "零", &style);
        assert!(texts(svg).iter().any(|t| t == "暂无数据"), "{svg}");
    }
    // Zero points are real data for a histogram.
    let svg = histogram("零", &[0.0, 0.0, 0.0], 10.0, Some((60.0, "合格线")), &style);
    check(&svg, "零", &style);
    assert!(texts(&svg).iter().any(|t| t == "3"));
}

#[test]
fn degenerate_numbers_never_leak() {
    let style = Style::default();
    let outputs = [
        histogram("h", &[1.0, 2.0, 3.0], 0.0, None, &style),
        histogram("h", &[1.0, 2.0, 3.0], -5.0, None, &style),
        histogram(
            "h",
            &[1.0, 2.0, 3.0],
            f64::NAN,
            Some((f64::NAN, "x")),
            &style,
        ),
        histogram("h", &[0.0, 1e9], 1e-6, None, &style),
        histogram("h", &[-1e308, 1e308], 1.0, None, &style),
        histogram("h", &[5.0], 1.0, Some((1e308, "far")), &style),
        bar_chart(
            "h",
            &groups(),
            &[f64::INFINITY, -0.0, 1e-12, 3.0],
            "%",
            Some((f64::NAN, "x")),
            &style,
        ),
        bar_chart("h", &s(&["a", "b"]), &[-1e308, 1e308], "", None, &style),
        line_chart(
            "h",
            &s(&["a", "b", "c"]),
            &[("x".into(), vec![-0.0001, f64::NEG_INFINITY, 0.00004])],
            &style,
        ),
        line_chart(
            "h",
            &s(&["a", "b"]),
            &[("x".into(), vec![-1e308, 1e308])],
            &style,
        ),
    ];
    for svg in &outputs {
        check(svg, "h", &style);
        assert!(!svg.contains(">-0<"), "{svg}");
    }
    let odd = Style {
        width: f64::NAN,
        ..Style::default()
    };
    let svg = bar_chart("h", &s(&["a"]), &[1.0], "", None, &odd);
    roxmltree::Document::parse(&svg).unwrap();
    assert!(svg.contains("width=\"640\""));
}

#[test]
fn heatmap_content() {
    let style = Style::default();
    let rows = s(&["一组", "二组"]);
    let cols = s(&["1月", "2月", "3月"]);
    let svg = heatmap("活动", &rows, &cols, &[vec![2, 0, 5], vec![0, 0]], &style);
    check(&svg, "活动", &style);
    let t = texts(&svg);
    for want in ["一组", "二组", "1月", "3月", "合计", "2", "5", "7", "0"] {
        assert!(t.iter().any(|x| x == want), "missing {want:?} in {t:?}");
    }
    // Four empty cells plus the legend swatch are outlined with dashes.
    assert_eq!(svg.matches("stroke-dasharray=\"3 2\"").count(), 5);
    assert_eq!(
        desc(&svg),
        "一组: 7 (1月 2, 2月 0, 3月 5); 二组: 0 (1月 0, 2月 0, 3月 0)"
    );
}

#[test]
fn histogram_content() {
    let style = Style::default();
    let values = [35.0, 52.0, 58.0, 61.0, 75.0, 78.0, 99.0, 100.0];
    let svg = histogram("积分", &values, 10.0, Some((60.0, "合格线")), &style);
    check(&svg, "积分", &style);
    let t = texts(&svg);
    assert!(t.iter().any(|x| x == "合格线 60"), "{t:?}");
    assert!(t.iter().any(|x| x == "30") && t.iter().any(|x| x == "100"));
    // 30–40 and 50–60 are below the pass mark.
    assert_eq!(svg.matches("fill=\"#d8a978\"").count(), 2);
    assert!(svg.contains("stroke-dasharray=\"5 3\""));
    let d = desc(&svg);
    assert!(d.starts_with("n = 8; 30–40: 1; 40–50: 0; 50–60: 2;"), "{d}");
    assert!(d.ends_with("合格线 60 (< 60: 3)"), "{d}");

    // A label that already shows the value is kept as it is.
    let svg = histogram("积分", &values, 10.0, Some((60.0, "合格线 60 分")), &style);
    assert!(texts(&svg).iter().any(|x| x == "合格线 60 分"));
}

#[test]
fn bar_chart_content() {
    let style = Style::default();
    let labels = s(&["一组", "二组"]);
    let svg = bar_chart(
        "完成率",
        &labels,
        &[85.0, 72.5],
        "%",
        Some((78.75, "平均")),
        &style,
    );
    check(&svg, "完成率", &style);
    let t = texts(&svg);
    for want in ["85%", "72.5%", "平均 78.8%", "一组"] {
        assert!(t.iter().any(|x| x == want), "missing {want:?} in {t:?}");
    }
    let svg = bar_chart("次数", &labels, &[12.0, 3.0], "次", None, &style);
    assert!(texts(&svg).iter().any(|x| x == "12 次"));
    assert_eq!(desc(&svg), "一组: 12 次; 二组: 3 次");
}

#[test]
fn line_chart_content() {
    let style = Style::default();
    let cats = s(&["2023年", "2024年", "2025年"]);
    let series = [
        ("参训人数".to_string(), vec![48.0, 56.0, 63.0]),
        ("结业人数".to_string(), vec![45.0, 55.0, 60.0]),
    ];
    let svg = line_chart("对比", &cats, &series, &style);
    check(&svg, "对比", &style);
    let t = texts(&svg);
    for want in ["参训人数", "结业人数", "2024年", "63", "45", "0"] {
        assert!(t.iter().any(|x| x == want), "missing {want:?} in {t:?}");
    }
    assert_eq!(svg.matches("<path d=\"M").count(), 2);
    assert_eq!(
        desc(&svg),
        "参训人数: 2023年 48, 2024年 56, 2025年 63; 结业人数: 2023年 45, 2024年 55, 2025年 60"
    );
}

/// Boxes of the value labels (texts drawn in a series colour).
fn value_label_boxes(svg: &str) -> Vec<(f64, f64, f64, f64)> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter(|n| {
            n.attribute("fill")
                .is_some_and(|f| f != "#333333" && f != "#6b6b6b")
        })
        .map(|n| {
            let x: f64 = n.attribute("x").unwrap().parse().unwrap();
            let y: f64 = n.attribute("y").unwrap().parse().unwrap();
            let size: f64 = n.attribute("font-size").unwrap().parse().unwrap();
            let w = est_width(n.text().unwrap(), size);
            let x0 = match n.attribute("text-anchor") {
                Some("middle") => x - w / 2.0,
                Some("end") => x - w,
                _ => x,
            };
            (x0, y - 0.75 * size, x0 + w, y)
        })
        .collect()
}

fn assert_disjoint(boxes: &[(f64, f64, f64, f64)]) {
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            let ow = a.2.min(b.2) - a.0.max(b.0);
            let oh = a.3.min(b.3) - a.1.max(b.1);
            assert!(!(ow > 0.5 && oh > 0.5), "labels overlap: {a:?} {b:?}");
        }
    }
}

#[test]
fn value_labels_do_not_overlap() {
    let style = Style::default();
    let series = [
        (
            "2023年".to_string(),
            vec![5.0, 5.0, 5.0, 6.0, 5.0, 5.0, 4.0, 5.0, 5.0, 5.0, 5.0, 5.0],
        ),
        (
            "2024年".to_string(),
            vec![5.0, 6.0, 5.0, 5.0, 5.0, 4.0, 5.0, 5.0, 6.0, 5.0, 5.0, 5.0],
        ),
        (
            "2025年".to_string(),
            vec![6.0, 5.0, 5.0, 5.0, 4.0, 5.0, 5.0, 6.0, 5.0, 5.0, 4.0, 5.0],
        ),
    ];
    let svg = line_chart("重叠", &months(), &series, &style);
    check(&svg, "重叠", &style);
    let boxes = value_label_boxes(&svg);
    // Three close series still get every point labelled.
    assert_eq!(boxes.len(), 36);
    assert_disjoint(&boxes);

    // Seven identical series: labels that cannot be placed are dropped
    // rather than stacked.
    let same: Vec<(String, Vec<f64>)> = (0..7)
        .map(|k| (format!("第{k}期"), vec![3.0; 12]))
        .collect();
    let svg = line_chart("重叠", &months(), &same, &style);
    check(&svg, "重叠", &style);
    let boxes = value_label_boxes(&svg);
    assert!(!boxes.is_empty() && boxes.len() < 7 * 12);
    assert_disjoint(&boxes);
}

/// The archive comparison of the sample (issue 15): members, activities (2015 kept no
/// records: a gap, not 0) and reports over three years. Every value is labelled, with clear
/// space between neighbouring labels ("3" beside "14" must not read as one label).
#[test]
fn few_points_get_spaced_labels_and_missing_values_are_gaps() {
    let style = Style::default();
    let years: Vec<String> = ["2015年", "2016年", "2017年"].map(String::from).to_vec();
    let series = [
        ("学员人数".to_string(), vec![18.0, 24.0, 53.0]),
        ("活动次数".to_string(), vec![f64::NAN, 14.0, 135.0]),
        ("调研文章".to_string(), vec![3.0, 3.0, 13.0]),
    ];
    let svg = line_chart("历届对比", &years, &series, &style);
    check(&svg, "历届对比", &style);
    let boxes = value_label_boxes(&svg);
    assert_eq!(
        boxes.len(),
        8,
        "every present value labelled, none for the gap"
    );
    let texts: Vec<String> = roxmltree::Document::parse(&svg)
        .unwrap()
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text().map(str::to_string))
        .collect();
    // The only "0" is the axis tick, no value label.
    assert_eq!(
        texts.iter().filter(|t| *t == "0").count(),
        1,
        "the gap is drawn as 0: {texts:?}"
    );
    assert!(svg.contains("活动次数: 2015年 –"), "desc lacks the gap");
    assert!(
        texts
            .iter()
            .any(|t| t == "活动次数：2015年无数据，图中空缺。"),
        "no note on the gap under the plot: {texts:?}"
    );
    assert_spaced(&boxes);
    // With a real 0 in 2015, its label and the "3" beside it keep clear space as well.
    let mut zero = series.clone();
    zero[1].1[0] = 0.0;
    let svg = line_chart("历届对比", &years, &zero, &style);
    let boxes = value_label_boxes(&svg);
    assert_eq!(boxes.len(), 9);
    assert_spaced(&boxes);
}

fn assert_spaced(boxes: &[(f64, f64, f64, f64)]) {
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            let gap_x = (b.0 - a.2).max(a.0 - b.2);
            let gap_y = (b.1 - a.3).max(a.1 - b.3);
            assert!(
                gap_x >= 6.0 || gap_y >= 6.0,
                "labels too close: {a:?} {b:?}"
            );
        }
    }
}

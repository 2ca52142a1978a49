//! The allow-lists: which SVG elements and attributes survive, and the checks on attribute
//! values and CSS that keep every reference inside the file (`#fragment`) or a raster
//! `data:` image.

pub const SVG_NS: &str = "http://www.w3.org/2000/svg";
pub const XLINK_NS: &str = "http://www.w3.org/1999/xlink";
pub const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// What happens to an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ElementRule {
    /// Kept, with its attributes filtered.
    Keep,
    /// The element goes, its children stay (links: `<a>`).
    Unwrap,
    /// The element and everything in it go, without a word (editor metadata).
    DropQuietly,
    /// The element and everything in it go, reported.
    Drop,
}

/// Static SVG: shapes, text, paint servers, clipping, masking and filters. No scripting,
/// animation, `foreignObject`, fonts or views.
const ELEMENTS: &[&str] = &[
    "svg",
    "g",
    "defs",
    "title",
    "desc",
    "symbol",
    "use",
    "switch",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "textPath",
    "linearGradient",
    "radialGradient",
    "stop",
    "pattern",
    "clipPath",
    "mask",
    "marker",
    "image",
    "style",
    "filter",
    "feBlend",
    "feColorMatrix",
    "feComponentTransfer",
    "feComposite",
    "feConvolveMatrix",
    "feDiffuseLighting",
    "feDisplacementMap",
    "feDistantLight",
    "feDropShadow",
    "feFlood",
    "feFuncA",
    "feFuncB",
    "feFuncG",
    "feFuncR",
    "feGaussianBlur",
    "feImage",
    "feMerge",
    "feMergeNode",
    "feMorphology",
    "feOffset",
    "fePointLight",
    "feSpecularLighting",
    "feSpotLight",
    "feTile",
    "feTurbulence",
];

/// Geometry, presentation and filter attributes (no namespace). `href` and `style` are
/// checked separately; every kept value still goes through [`value_problem`].
const ATTRIBUTES: &[&str] = &[
    "id",
    "class",
    "version",
    "baseProfile",
    "width",
    "height",
    "viewBox",
    "preserveAspectRatio",
    "zoomAndPan",
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "fx",
    "fy",
    "fr",
    "d",
    "points",
    "pathLength",
    "transform",
    "dx",
    "dy",
    "rotate",
    "textLength",
    "lengthAdjust",
    "startOffset",
    "method",
    "spacing",
    "side",
    "fill",
    "fill-opacity",
    "fill-rule",
    "stroke",
    "stroke-width",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-miterlimit",
    "stroke-dasharray",
    "stroke-dashoffset",
    "stroke-opacity",
    "opacity",
    "color",
    "visibility",
    "display",
    "overflow",
    "clip",
    "clip-path",
    "clip-rule",
    "clipPathUnits",
    "mask",
    "maskUnits",
    "maskContentUnits",
    "marker-start",
    "marker-mid",
    "marker-end",
    "markerWidth",
    "markerHeight",
    "markerUnits",
    "refX",
    "refY",
    "orient",
    "offset",
    "stop-color",
    "stop-opacity",
    "gradientUnits",
    "gradientTransform",
    "spreadMethod",
    "patternUnits",
    "patternContentUnits",
    "patternTransform",
    "font",
    "font-family",
    "font-size",
    "font-size-adjust",
    "font-weight",
    "font-style",
    "font-variant",
    "font-stretch",
    "text-anchor",
    "text-decoration",
    "dominant-baseline",
    "alignment-baseline",
    "baseline-shift",
    "letter-spacing",
    "word-spacing",
    "writing-mode",
    "direction",
    "unicode-bidi",
    "glyph-orientation-vertical",
    "glyph-orientation-horizontal",
    "kerning",
    "shape-rendering",
    "text-rendering",
    "image-rendering",
    "color-rendering",
    "color-interpolation",
    "color-interpolation-filters",
    "paint-order",
    "vector-effect",
    "enable-background",
    "isolation",
    "mix-blend-mode",
    "pointer-events",
    "filter",
    "filterUnits",
    "primitiveUnits",
    "in",
    "in2",
    "result",
    "stdDeviation",
    "mode",
    "operator",
    "k1",
    "k2",
    "k3",
    "k4",
    "type",
    "values",
    "tableValues",
    "slope",
    "intercept",
    "amplitude",
    "exponent",
    "flood-color",
    "flood-opacity",
    "lighting-color",
    "radius",
    "scale",
    "xChannelSelector",
    "yChannelSelector",
    "baseFrequency",
    "numOctaves",
    "seed",
    "stitchTiles",
    "kernelMatrix",
    "kernelUnitLength",
    "order",
    "divisor",
    "bias",
    "targetX",
    "targetY",
    "edgeMode",
    "preserveAlpha",
    "surfaceScale",
    "diffuseConstant",
    "specularConstant",
    "specularExponent",
    "azimuth",
    "elevation",
    "pointsAtX",
    "pointsAtY",
    "pointsAtZ",
    "limitingConeAngle",
    "z",
    "systemLanguage",
    "requiredFeatures",
    "requiredExtensions",
    "role",
    "lang",
    "media",
];

/// Namespaces of drawing programs (Inkscape, Illustrator, Sketch, Affinity) and RDF
/// metadata: browsers ignore them, so they are dropped without a word.
const EDITOR_NAMESPACES: &[&str] = &[
    "inkscape",
    "sodipodi",
    "www.w3.org/1999/02/22-rdf-syntax-ns",
    "purl.org/dc/",
    "creativecommons.org",
    "web.resource.org/cc/",
    "ns.adobe.com",
    "bohemiancoding.com/sketch",
    "serif.com",
];

pub fn element_rule(ns: Option<&str>, name: &str) -> ElementRule {
    match ns {
        Some(SVG_NS) if ELEMENTS.contains(&name) => ElementRule::Keep,
        Some(SVG_NS) if name == "a" => ElementRule::Unwrap,
        Some(SVG_NS) if name == "metadata" => ElementRule::DropQuietly,
        Some(ns) if is_editor_namespace(ns) => ElementRule::DropQuietly,
        _ => ElementRule::Drop,
    }
}

pub fn is_editor_namespace(ns: &str) -> bool {
    EDITOR_NAMESPACES.iter().any(|e| ns.contains(e))
}

pub fn attribute_allowed(name: &str) -> bool {
    ATTRIBUTES.contains(&name) || name.starts_with("aria-")
}

/// Lower-case text without whitespace or control characters: `java\tscript:` and
/// `URL( "x" )` are caught like their plain spellings.
fn squash(v: &str) -> String {
    v.chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Why an attribute value may not be published, if it may not: a script URL or a `url()`
/// pointing anywhere but `#fragment`.
pub fn value_problem(v: &str) -> Option<&'static str> {
    let s = squash(v);
    if s.contains("javascript:") || s.contains("vbscript:") {
        return Some("脚本地址");
    }
    if has_external_url(&s) {
        return Some("外部 url() 引用");
    }
    None
}

fn has_external_url(squashed: &str) -> bool {
    squashed.match_indices("url(").any(|(i, m)| {
        let rest = squashed[i + m.len()..].trim_start_matches(['"', '\'']);
        !rest.starts_with('#')
    })
}

/// Why a style sheet or `style` attribute may not be published, if it may not. Strict: CSS
/// escapes (which could spell `url` or `@import` in disguise) are refused outright.
pub fn css_problem(css: &str) -> Option<&'static str> {
    if css.contains('\\') {
        return Some("含转义字符的 CSS");
    }
    let s = squash(css);
    if s.contains("@import") {
        return Some("CSS @import（外部样式表）");
    }
    if ["expression(", "behavior:", "-moz-binding", "javascript:"]
        .iter()
        .any(|k| s.contains(k))
    {
        return Some("CSS 中的脚本");
    }
    if ["image-set(", "image(", "cross-fade(", "element("]
        .iter()
        .any(|k| s.contains(k))
    {
        return Some("CSS 图片函数（可加载外部文件）");
    }
    value_problem(css)
}

/// A `href` stays when it points inside the file, or, on `<image>`/`<feImage>`, when it is
/// a raster image embedded as `data:` (PNG, JPEG, GIF, WebP).
pub fn href_allowed(element: &str, v: &str) -> bool {
    let t = v.trim();
    if t.starts_with('#') {
        return true;
    }
    if matches!(element, "image" | "feImage") {
        let s = squash(t);
        return [
            "data:image/png;base64,",
            "data:image/jpeg;base64,",
            "data:image/jpg;base64,",
            "data:image/gif;base64,",
            "data:image/webp;base64,",
        ]
        .iter()
        .any(|p| s.starts_with(p));
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_must_be_fragments() {
        assert_eq!(value_problem("url(#g)"), None);
        assert_eq!(value_problem("url( '#g' )"), None);
        assert!(value_problem("url(http://x/y.svg#g)").is_some());
        assert!(value_problem("URL( \"//x/y\" )").is_some());
        assert!(value_problem("url(#a) url(b.svg)").is_some());
        assert!(value_problem("java\tscript:alert(1)").is_some());
    }

    #[test]
    fn css_tricks_are_refused() {
        assert_eq!(css_problem("fill: red; stroke: url(#s)"), None);
        assert!(css_problem("@import 'x.css';").is_some());
        assert!(css_problem("@IM PORT url(x)").is_some());
        assert!(css_problem("background: u\\72l(x.png)").is_some());
        assert!(css_problem("background-image: image-set('a.png' 1x)").is_some());
        assert!(css_problem("width: expression(alert(1))").is_some());
    }

    #[test]
    fn hrefs() {
        assert!(href_allowed("use", "#a"));
        assert!(!href_allowed("use", "other.svg#a"));
        assert!(href_allowed("image", "data:image/png;base64,AAAA"));
        assert!(!href_allowed("image", "data:image/svg+xml;base64,AAAA"));
        assert!(!href_allowed("use", "data:image/png;base64,AAAA"));
        assert!(!href_allowed("image", "javascript:alert(1)"));
    }
}

//! Shared building blocks: XML escaping, deterministic number formatting,
//! text measurement, the palette and a tiny SVG document builder.

use std::fmt::Write as _;

use crate::Style;

// ---------------------------------------------------------------------------
// Palette: muted, print friendly, distinguishable in greyscale.
// ---------------------------------------------------------------------------

pub const BACKGROUND: &str = "#ffffff";
pub const TEXT: &str = "#333333";
pub const TEXT_MUTED: &str = "#6b6b6b";
pub const AXIS: &str = "#8c8c8c";
pub const GRID: &str = "#e3e3e3";
/// Main bar colour (slate blue-grey, dark in greyscale).
pub const BAR: &str = "#5d7287";
/// Muted warning colour (light ochre, light in greyscale).
pub const WARN: &str = "#d8a978";
/// Reference / marker lines (muted brick red, mid-dark in greyscale).
pub const MARKER: &str = "#a8503a";
/// Outline of empty heatmap cells.
pub const EMPTY_OUTLINE: &str = "#b9a48e";

/// Heatmap ramp end points (light to dark).
pub const RAMP_LIGHT: (u8, u8, u8) = (0xe4, 0xeb, 0xf2);
pub const RAMP_DARK: (u8, u8, u8) = (0x2f, 0x4b, 0x68);

/// Line-chart series styles: colour and dash pattern (empty = solid).
pub const SERIES: [(&str, &str); 6] = [
    ("#2f4b68", ""),
    ("#b8693a", "7 4"),
    ("#5f8a4f", "2 3"),
    ("#7d5f94", "9 3 2 3"),
    ("#8a8a8a", "4 4"),
    ("#a8503a", "1 2"),
];

/// Linear interpolation between two RGB colours, `t` in `[0, 1]`.
pub fn mix(a: (u8, u8, u8), b: (u8, u8, u8), t: f64) -> String {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let ch = |x: u8, y: u8| -> u8 {
        let v = f64::from(x) + (f64::from(y) - f64::from(x)) * t;
        // Clamped above, so the cast cannot truncate.
        v.round().clamp(0.0, 255.0) as u8
    };
    format!(
        "#{:02x}{:02x}{:02x}",
        ch(a.0, b.0),
        ch(a.1, b.1),
        ch(a.2, b.2)
    )
}

// ---------------------------------------------------------------------------
// Text handling
// ---------------------------------------------------------------------------

/// Escape caller text for use in XML character data and attribute values.
///
/// Besides the five special characters, characters that are not allowed in
/// XML 1.0 (most C0 controls, unpaired surrogates cannot occur in `&str`,
/// U+FFFE/U+FFFF) are dropped, and line breaks / tabs become spaces.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 => {}
            '\u{fffe}' | '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Width of one character in em: ~1 em for CJK and other wide characters,
/// ~0.55 em for ASCII.
fn char_em(c: char) -> f64 {
    if c.is_ascii() {
        if c.is_ascii_control() { 0.0 } else { 0.55 }
    } else if (c as u32) < 0x2e80 {
        // Latin-1 supplement, general punctuation, symbols: a bit wider than
        // ASCII in CJK fonts, overestimate to be safe.
        0.7
    } else {
        1.0
    }
}

/// Estimated rendered width of `s` at `size` px.
pub fn text_width(s: &str, size: f64) -> f64 {
    s.chars().map(char_em).sum::<f64>() * size
}

/// Shorten `s` with an ellipsis so that it fits into `max_w` at `size` px.
pub fn fit(s: &str, size: f64, max_w: f64) -> String {
    if text_width(s, size) <= max_w {
        return s.to_string();
    }
    let budget = max_w - text_width("…", size);
    let mut out = String::new();
    let mut w = 0.0;
    for c in s.chars() {
        let cw = char_em(c) * size;
        if w + cw > budget {
            break;
        }
        w += cw;
        out.push(c);
    }
    let trimmed = out.trim_end().to_string();
    trimmed + "…"
}

/// Break `s` into lines no wider than `max_w` at `size` px. Prefers breaking
/// at spaces between ASCII words, otherwise breaks between any characters
/// (fine for Chinese).
pub fn wrap(s: &str, size: f64, max_w: f64) -> Vec<String> {
    let s = s.trim();
    if s.is_empty() {
        return Vec::new();
    }
    let mut lines = Vec::new();
    let mut cur: Vec<char> = Vec::new();
    let mut w = 0.0;
    for c in s.chars() {
        let cw = char_em(c) * size;
        if w + cw > max_w && !cur.is_empty() {
            // Try to break at the last space if the current line is ASCII-ish.
            let split = if c == ' ' {
                None
            } else {
                cur.iter().rposition(|&x| x == ' ').filter(|&p| p > 0)
            };
            match split {
                Some(p) => {
                    let rest: Vec<char> = cur[p + 1..].to_vec();
                    cur.truncate(p);
                    lines.push(cur.iter().collect::<String>().trim_end().to_string());
                    cur = rest;
                }
                None => {
                    lines.push(cur.iter().collect::<String>().trim_end().to_string());
                    cur.clear();
                }
            }
            w = cur.iter().map(|&x| char_em(x) * size).sum();
            if cur.is_empty() && c == ' ' {
                continue;
            }
        }
        cur.push(c);
        w += cw;
    }
    if !cur.is_empty() {
        lines.push(cur.iter().collect::<String>().trim_end().to_string());
    }
    lines
}

// ---------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------

/// Format with a fixed number of decimals, trimming trailing zeros, never
/// producing "-0", "NaN" or "inf".
pub fn fmt_fixed(x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return "0".to_string();
    }
    if x.abs() >= 1e15 {
        // Absurdly large for this domain: short scientific notation rather
        // than hundreds of digits.
        let s = format!("{x:.2e}");
        let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
        let mant = mant.trim_end_matches('0').trim_end_matches('.');
        return format!("{mant}e{exp}");
    }
    // Round half away from zero (78.25 → 78.3) as readers expect, rather
    // than the round-half-even of the formatter on the binary value.
    let m = 10f64.powi(i32::try_from(decimals).unwrap_or(6).min(12));
    let scaled = (x * m).round() / m;
    let x = if scaled.is_finite() { scaled } else { x };
    let mut s = format!("{x:.decimals$}");
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    if s == "-0" {
        s = "0".to_string();
    }
    s
}

/// Coordinates: two decimals at most.
pub fn n(x: f64) -> String {
    fmt_fixed(x, 2)
}

/// Data values shown to readers: one decimal at most.
pub fn fmt_value(x: f64) -> String {
    fmt_fixed(x, 1)
}

/// Value followed by its unit: no space before symbols such as "%", one
/// space before word units such as "次" or "h".
pub fn with_unit(x: f64, unit: &str) -> String {
    let v = fmt_value(x);
    let unit = unit.trim();
    if unit.is_empty() {
        v
    } else if unit
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '%' | '‰' | '℃' | '°' | '′' | '″'))
    {
        format!("{v}{unit}")
    } else {
        format!("{v} {unit}")
    }
}

/// Compose a reference label such as "合格线 60": the value is appended
/// unless the caller's label already shows it.
pub fn ref_label(label: &str, value_text: &str) -> String {
    let label = label.trim();
    if label.is_empty() {
        value_text.to_string()
    } else if label.contains(value_text) {
        label.to_string()
    } else {
        format!("{label} {value_text}")
    }
}

/// A "nice" step (1, 2, 2.5, 5 × 10^k) of at least `raw`.
pub fn nice_step(raw: f64) -> f64 {
    if !raw.is_finite() || raw <= 0.0 {
        return 1.0;
    }
    let exp = raw.log10().floor();
    let base = 10f64.powf(exp);
    let f = raw / base;
    let m = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 2.5 {
        2.5
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    m * base
}

/// Number of decimals needed to print multiples of `step` exactly enough.
pub fn decimals_for(step: f64) -> usize {
    if !step.is_finite() || step <= 0.0 || step >= 1.0 {
        return 0;
    }
    let mut d = 0;
    let mut s = step;
    while d < 6 && (s - s.round()).abs() > 1e-9 * s.abs().max(1.0) {
        s *= 10.0;
        d += 1;
    }
    d
}

// ---------------------------------------------------------------------------
// Document builder
// ---------------------------------------------------------------------------

pub const PAD: f64 = 16.0;
pub const TITLE_SIZE: f64 = 16.0;
pub const TITLE_LINE: f64 = 22.0;
pub const LABEL_SIZE: f64 = 12.0;
pub const SMALL_SIZE: f64 = 11.0;
pub const MIN_SIZE: f64 = 10.0;

/// Text anchor.
#[derive(Clone, Copy)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    fn as_str(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// Options of one text element beyond position and content.
#[derive(Clone, Copy)]
pub struct TextOpts<'a> {
    pub size: f64,
    pub anchor: Anchor,
    pub fill: &'a str,
    pub bold: bool,
    /// Rotation in degrees around the text position.
    pub rotate: f64,
}

impl Default for TextOpts<'_> {
    fn default() -> Self {
        TextOpts {
            size: LABEL_SIZE,
            anchor: Anchor::Start,
            fill: TEXT,
            bold: false,
            rotate: 0.0,
        }
    }
}

/// Accumulates the body of an SVG document; the height is decided last.
pub struct Canvas {
    pub width: f64,
    font: String,
    body: String,
}

impl Canvas {
    pub fn new(style: &Style) -> Self {
        let width = if style.width.is_finite() {
            style.width.clamp(240.0, 4000.0)
        } else {
            640.0
        };
        let font = if style.font_family.trim().is_empty() {
            "sans-serif".to_string()
        } else {
            esc(style.font_family.trim())
        };
        Canvas {
            width,
            font,
            body: String::new(),
        }
    }

    /// Raw, already well-formed markup.
    fn raw(&mut self, s: &str) {
        self.body.push_str(s);
        self.body.push('\n');
    }

    /// A text element; `content` is caller text and gets escaped here.
    pub fn text(&mut self, x: f64, y: f64, content: &str, o: TextOpts<'_>) {
        let size = o.size.max(MIN_SIZE);
        let mut s = format!(
            "<text x=\"{}\" y=\"{}\" font-family=\"{}\" font-size=\"{}\" fill=\"{}\"",
            n(x),
            n(y),
            self.font,
            n(size),
            o.fill
        );
        if !matches!(o.anchor, Anchor::Start) {
            let _ = write!(s, " text-anchor=\"{}\"", o.anchor.as_str());
        }
        if o.bold {
            s.push_str(" font-weight=\"bold\"");
        }
        if o.rotate != 0.0 {
            let _ = write!(
                s,
                " transform=\"rotate({} {} {})\"",
                n(o.rotate),
                n(x),
                n(y)
            );
        }
        let _ = write!(s, ">{}</text>", esc(content));
        self.raw(&s);
    }

    pub fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str, extra: &str) {
        let s = format!(
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"{}/>",
            n(x),
            n(y),
            n(w.max(0.0)),
            n(h.max(0.0)),
            fill,
            extra
        );
        self.raw(&s);
    }

    pub fn line(
        &mut self,
        (x1, y1): (f64, f64),
        (x2, y2): (f64, f64),
        stroke: &str,
        width: f64,
        dash: &str,
    ) {
        let mut s = format!(
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"{}\"",
            n(x1),
            n(y1),
            n(x2),
            n(y2),
            stroke,
            n(width)
        );
        if !dash.is_empty() {
            let _ = write!(s, " stroke-dasharray=\"{dash}\"");
        }
        s.push_str("/>");
        self.raw(&s);
    }

    /// A right-aligned row label centred vertically on `cy`: one line at
    /// the label size when it fits into `max_w`, otherwise up to two lines
    /// at the small size (the second shortened with "…" if needed).
    pub fn row_label(&mut self, x: f64, cy: f64, label: &str, max_w: f64) {
        let label = label.trim();
        let o = TextOpts {
            anchor: Anchor::End,
            ..TextOpts::default()
        };
        if text_width(label, LABEL_SIZE) <= max_w {
            self.text(x, cy + 0.35 * LABEL_SIZE, label, o);
            return;
        }
        let o = TextOpts {
            size: SMALL_SIZE,
            ..o
        };
        let lines = wrap(label, SMALL_SIZE, max_w);
        if lines.len() <= 1 {
            let line = fit(label, SMALL_SIZE, max_w);
            self.text(x, cy + 0.35 * SMALL_SIZE, &line, o);
            return;
        }
        // Lines broken at a space between ASCII words get the space back.
        let mut rest = String::new();
        for l in &lines[1..] {
            if rest.ends_with(|c: char| c.is_ascii_alphanumeric())
                && l.starts_with(|c: char| c.is_ascii_alphanumeric())
            {
                rest.push(' ');
            }
            rest.push_str(l);
        }
        let second = fit(&rest, SMALL_SIZE, max_w);
        let gap = SMALL_SIZE + 1.0;
        self.text(x, cy - gap / 2.0 + 0.35 * SMALL_SIZE, &lines[0], o);
        self.text(x, cy + gap / 2.0 + 0.35 * SMALL_SIZE, &second, o);
    }

    /// Any other element whose attribute values are produced by this crate.
    pub fn element(&mut self, markup: &str) {
        self.raw(markup);
    }

    /// Draw the (wrapped) chart title starting at the top; returns the y
    /// coordinate below it.
    pub fn title(&mut self, title: &str) -> f64 {
        let lines = wrap(title, TITLE_SIZE, self.width - 2.0 * PAD);
        let mut y = PAD;
        for line in &lines {
            y += TITLE_LINE;
            let o = TextOpts {
                size: TITLE_SIZE,
                bold: true,
                ..TextOpts::default()
            };
            self.text(PAD, y - 6.0, line, o);
        }
        if !lines.is_empty() {
            y += 8.0;
        }
        y
    }

    /// Finish the document with the given height.
    pub fn finish(self, height: f64, title: &str, desc: &str) -> String {
        let w = n(self.width);
        let h = n(height.ceil().max(40.0));
        let mut out = String::with_capacity(self.body.len() + 512);
        let _ = writeln!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\">"
        );
        let _ = writeln!(out, "<title>{}</title>", esc(title));
        let _ = writeln!(out, "<desc>{}</desc>", esc(desc));
        let _ = writeln!(
            out,
            "<rect x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\" fill=\"{BACKGROUND}\"/>"
        );
        out.push_str(&self.body);
        out.push_str("</svg>\n");
        out
    }
}

/// The text shown when there is nothing to draw.
pub const NO_DATA: &str = "暂无数据";

/// A chart consisting of the title and a "no data" note.
pub fn no_data_chart(title: &str, style: &Style) -> String {
    let mut c = Canvas::new(style);
    let top = c.title(title);
    let box_h = 96.0;
    c.rect(
        PAD,
        top,
        c.width - 2.0 * PAD,
        box_h,
        "#fafafa",
        &format!(" stroke=\"{GRID}\" stroke-width=\"1\""),
    );
    let o = TextOpts {
        size: 14.0,
        anchor: Anchor::Middle,
        fill: TEXT_MUTED,
        ..TextOpts::default()
    };
    c.text(c.width / 2.0, top + box_h / 2.0 + 5.0, NO_DATA, o);
    let desc = if title.trim().is_empty() {
        NO_DATA.to_string()
    } else {
        format!("{}: {NO_DATA}", title.trim())
    };
    c.finish(top + box_h + PAD, title, &desc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_specials_and_drops_controls() {
        assert_eq!(
            esc("a&b<c>d\"e'f\u{1}g\nh"),
            "a&amp;b&lt;c&gt;d&quot;e&apos;fg h"
        );
    }

    #[test]
    fn fixed_formatting_never_negative_zero() {
        assert_eq!(fmt_fixed(-0.0, 2), "0");
        assert_eq!(fmt_fixed(-0.001, 2), "0");
        assert_eq!(fmt_fixed(1.50, 2), "1.5");
        assert_eq!(fmt_fixed(2.0, 2), "2");
        assert_eq!(fmt_fixed(f64::NAN, 2), "0");
        assert_eq!(fmt_fixed(f64::INFINITY, 2), "0");
        assert_eq!(fmt_value(-0.04), "0");
        assert_eq!(fmt_value(85.0), "85");
        assert_eq!(fmt_value(78.25), "78.3");
        assert_eq!(fmt_value(2e306), "2e306");
        assert_eq!(fmt_value(-1.256e20), "-1.26e20");
    }

    #[test]
    fn units() {
        assert_eq!(with_unit(85.0, "%"), "85%");
        assert_eq!(with_unit(12.0, "次"), "12 次");
        assert_eq!(with_unit(3.5, ""), "3.5");
    }

    #[test]
    fn reference_labels() {
        assert_eq!(ref_label("合格线", "60"), "合格线 60");
        assert_eq!(ref_label("合格线 60 分", "60"), "合格线 60 分");
        assert_eq!(ref_label("", "60"), "60");
    }

    #[test]
    fn widths() {
        assert!((text_width("一二三", 10.0) - 30.0).abs() < 1e-9);
        assert!((text_width("ab", 10.0) - 11.0).abs() < 1e-9);
        let f = fit("第一党支部青年干部理论学习小组", 12.0, 60.0);
        assert!(text_width(&f, 12.0) <= 60.0);
        assert!(f.ends_with('…'));
    }

    #[test]
    fn wrapping() {
        let lines = wrap(
            "二〇二五年度青年干部培训项目各小组活动开展情况统计",
            16.0,
            160.0,
        );
        assert!(lines.len() > 1);
        for l in &lines {
            assert!(text_width(l, 16.0) <= 160.0);
        }
        let lines = wrap("Monthly activity overview for groups", 10.0, 100.0);
        assert!(
            lines
                .iter()
                .all(|l| !l.starts_with(' ') && !l.ends_with(' '))
        );
        assert!(wrap("   ", 16.0, 100.0).is_empty());
    }

    #[test]
    fn nice_steps() {
        assert_eq!(nice_step(17.0), 20.0);
        assert_eq!(nice_step(0.3), 0.5);
        assert_eq!(nice_step(0.0), 1.0);
        assert_eq!(decimals_for(0.25), 2);
        assert_eq!(decimals_for(5.0), 0);
    }

    #[test]
    fn colour_mix() {
        assert_eq!(mix((0, 0, 0), (255, 255, 255), 0.0), "#000000");
        assert_eq!(mix((0, 0, 0), (255, 255, 255), 1.0), "#ffffff");
        assert_eq!(mix((0, 0, 0), (255, 255, 255), f64::NAN), "#000000");
    }
}

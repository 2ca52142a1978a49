//! Self-contained SVG charts for the showcase site and booklet.
//!
//! Every function returns a complete, standalone SVG document (explicit
//! `width`/`height`/`viewBox`, `role="img"`, `<title>` and `<desc>`), with
//! all colours and fonts inline: no CSS classes, `<style>`, scripts, external
//! references or `foreignObject`. The same files are embedded in HTML and
//! rendered by Typst (usvg), so only plain SVG 1.1 features are used.
//!
//! Output is deterministic: the same input always yields the same bytes.
//! Numbers are printed with fixed precision (never `NaN`, `inf` or `-0`).
//! Caller text is XML-escaped. Empty or all-zero input yields a chart with
//! a "暂无数据" note instead of failing.
//!
//! Text width is estimated (≈1 em per CJK character, ≈0.55 em per ASCII
//! character) to size margins; labels that would not fit are shortened with
//! "…" and titles wrap onto several lines.

mod bar;
mod heatmap;
mod histogram;
mod line;
mod svg;

pub use bar::bar_chart;
pub use heatmap::heatmap;
pub use histogram::histogram;
pub use line::line_chart;

/// Presentation settings shared by all charts.
#[derive(Debug, Clone, PartialEq)]
pub struct Style {
    /// CSS font-family list written on every text element.
    pub font_family: String,
    /// Width of the SVG in px (clamped to 240..=4000); height follows the
    /// content.
    pub width: f64,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            font_family:
                "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
                    .to_string(),
            width: 640.0,
        }
    }
}

//! Horizontal bars, one per group.

use crate::Style;
use crate::svg::{
    AXIS, Anchor, BACKGROUND, BAR, Canvas, LABEL_SIZE, MARKER, NO_DATA, PAD, SMALL_SIZE, TEXT,
    TEXT_MUTED, TextOpts, no_data_chart, ref_label, text_width, with_unit,
};

const ROW_H: f64 = 30.0;
const BAR_H: f64 = 18.0;
const MISSING: &str = "–";

/// Horizontal bar chart: one bar per label, the value (with `unit`, e.g.
/// "85%" or "12 次") printed at the end of the bar.
///
/// `reference` draws a dashed vertical line (e.g. the cohort average) whose
/// label is printed above the bars, with the value and unit appended unless
/// the label already contains the value (`("平均", ..)` → "平均 78%").
///
/// There is one row per label; a missing or non-finite value shows "–"
/// without a bar, values beyond `labels` are ignored. Negative values grow
/// to the left of a zero line. Without labels or values the chart shows
/// "暂无数据"; when all values are zero a "暂无数据" note is added below.
pub fn bar_chart(
    title: &str,
    labels: &[String],
    values: &[f64],
    unit: &str,
    reference: Option<(f64, &str)>,
    style: &Style,
) -> String {
    let vals: Vec<Option<f64>> = (0..labels.len())
        .map(|i| values.get(i).copied().filter(|v| v.is_finite()))
        .collect();
    let present: Vec<f64> = vals.iter().flatten().copied().collect();
    if present.is_empty() {
        return no_data_chart(title, style);
    }
    let reference = reference.filter(|(r, _)| r.is_finite());
    let mut lo = present.iter().copied().fold(0.0, f64::min);
    let mut hi = present.iter().copied().fold(0.0, f64::max);
    if let Some((r, _)) = reference {
        lo = lo.min(r);
        hi = hi.max(r);
    }
    if !(hi - lo).is_finite() {
        return no_data_chart(title, style);
    }
    let all_zero = present.iter().all(|&v| v == 0.0);
    if hi - lo <= 0.0 {
        hi = lo + 1.0;
    }

    let texts: Vec<String> = vals
        .iter()
        .map(|v| v.map_or_else(|| MISSING.to_string(), |v| with_unit(v, unit)))
        .collect();

    let mut c = Canvas::new(style);
    let width = c.width;
    let mut top = c.title(title);

    let ref_text = reference.map(|(r, label)| ref_label(label, &with_unit(r, unit)));
    let ref_row_top = top;
    if ref_text.is_some() {
        top += 22.0;
    }
    let rows_top = top + 2.0;
    let rows_bottom = rows_top + ROW_H * labels.len() as f64;

    let label_w = labels
        .iter()
        .map(|l| text_width(l.trim(), LABEL_SIZE))
        .fold(0.0, f64::max)
        .min((width * 0.32).max(48.0));
    let left = PAD + label_w + 10.0;
    let pos_w = vals
        .iter()
        .zip(&texts)
        .filter(|(v, _)| v.is_none_or(|v| v >= 0.0))
        .map(|(_, t)| text_width(t, LABEL_SIZE))
        .fold(0.0, f64::max)
        + 8.0;
    let neg_w = vals
        .iter()
        .zip(&texts)
        .filter(|(v, _)| v.is_some_and(|v| v < 0.0))
        .map(|(_, t)| text_width(t, LABEL_SIZE) + 8.0)
        .fold(0.0, f64::max);
    let plot_left = left + neg_w;
    let plot_right = (width - PAD - pos_w).max(plot_left + 20.0);
    let x = |v: f64| plot_left + (v - lo) / (hi - lo) * (plot_right - plot_left);
    let x0 = x(0.0);

    // Labels and bars.
    for (i, label) in labels.iter().enumerate() {
        let cy = rows_top + ROW_H * (i as f64 + 0.5);
        c.row_label(left - 10.0, cy, label, label_w);
        if let Some(v) = vals[i] {
            let xv = x(v);
            c.rect(
                xv.min(x0),
                cy - BAR_H / 2.0,
                (xv - x0).abs(),
                BAR_H,
                BAR,
                "",
            );
        }
    }
    c.line((x0, rows_top), (x0, rows_bottom), AXIS, 1.0, "");

    // Reference line above the bars, below the value labels.
    if let (Some((r, _)), Some(text)) = (reference, ref_text.as_deref()) {
        let rx = x(r);
        c.line(
            (rx, ref_row_top + 4.0),
            (rx, rows_bottom + 2.0),
            MARKER,
            1.5,
            "5 3",
        );
        let tw = text_width(text, LABEL_SIZE);
        let (tx, anchor) = if rx + 5.0 + tw <= width - PAD {
            (rx + 5.0, Anchor::Start)
        } else {
            ((rx - 5.0).max(PAD + tw), Anchor::End)
        };
        let o = TextOpts {
            anchor,
            fill: MARKER,
            ..TextOpts::default()
        };
        c.text(tx, ref_row_top + 15.0, text, o);
    }

    // Value labels on a background-coloured plate so that the reference
    // line never runs through them.
    for (i, text) in texts.iter().enumerate() {
        let cy = rows_top + ROW_H * (i as f64 + 0.5);
        let v = vals[i].unwrap_or(0.0);
        let tw = text_width(text, LABEL_SIZE);
        let (tx, anchor, plate_x) = if v < 0.0 {
            let tx = x(v) - 5.0;
            (tx, Anchor::End, tx - tw - 2.0)
        } else {
            let tx = x(v) + 5.0;
            (tx, Anchor::Start, tx - 2.0)
        };
        if reference.is_some() {
            c.rect(plate_x, cy - 8.0, tw + 4.0, 16.0, BACKGROUND, "");
        }
        let o = TextOpts {
            anchor,
            fill: if vals[i].is_some() { TEXT } else { TEXT_MUTED },
            ..TextOpts::default()
        };
        c.text(tx, cy + 4.0, text, o);
    }

    let mut height = rows_bottom + PAD;
    if all_zero {
        let o = TextOpts {
            size: SMALL_SIZE,
            fill: TEXT_MUTED,
            ..TextOpts::default()
        };
        c.text(left, rows_bottom + 16.0, NO_DATA, o);
        height += 18.0;
    }

    let mut parts: Vec<String> = labels
        .iter()
        .zip(&texts)
        .map(|(l, t)| format!("{}: {t}", l.trim()))
        .collect();
    if let Some(t) = ref_text {
        parts.push(t);
    }
    if all_zero {
        parts.push(NO_DATA.to_string());
    }
    c.finish(height, title, &parts.join("; "))
}

//! Distribution of points (or any numeric values).

use crate::Style;
use crate::svg::{
    AXIS, Anchor, BAR, Canvas, LABEL_SIZE, MARKER, PAD, SMALL_SIZE, TEXT, TEXT_MUTED, TextOpts,
    WARN, decimals_for, fmt_fixed, fmt_value, nice_step, no_data_chart, ref_label, text_width,
};

const MAX_BINS: f64 = 60.0;
const PLOT_H: f64 = 180.0;
const EPS: f64 = 1e-9;

struct Bins {
    start: f64,
    width: f64,
    counts: Vec<usize>,
}

fn make_bins(values: &[f64], bin_width: f64, marker: Option<f64>) -> Bins {
    let mut lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let mut hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if let Some(m) = marker {
        lo = lo.min(m);
        hi = hi.max(m);
    }
    let span = hi - lo;
    let mut w = if bin_width.is_finite() && bin_width > 0.0 {
        bin_width
    } else if span > 0.0 {
        nice_step(span / 10.0)
    } else {
        1.0
    };
    if span / w > MAX_BINS {
        w = nice_step(span / MAX_BINS);
    }
    let start = (lo / w + EPS).floor() * w;
    let nb = ((hi - start) / w - EPS).ceil().clamp(1.0, MAX_BINS + 2.0);
    // nb is in 1..=MAX_BINS+2 here.
    let nb = nb as usize;
    let mut counts = vec![0usize; nb];
    for &v in values {
        let k = ((v - start) / w + EPS).floor().max(0.0) as usize;
        counts[k.min(nb - 1)] += 1;
    }
    Bins {
        start,
        width: w,
        counts,
    }
}

/// Histogram of `values` in bins of `bin_width` (aligned to multiples of
/// it), with the count on top of each non-empty bar and bin edges on the x
/// axis.
///
/// `marker` draws a dashed vertical line at a value such as the pass mark;
/// its label is printed at the top of the line with the value appended
/// unless the label already contains it (`("合格线", ..)` → "合格线 60").
/// Bins entirely left of the marker use a muted warning colour.
///
/// Non-finite values are ignored; an invalid `bin_width` is replaced by an
/// automatic one; at most about 60 bins are drawn. Without values the chart
/// shows "暂无数据".
pub fn histogram(
    title: &str,
    values: &[f64],
    bin_width: f64,
    marker: Option<(f64, &str)>,
    style: &Style,
) -> String {
    let vals: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    let lo = vals.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = vals.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if vals.is_empty() || !(hi - lo).is_finite() {
        return no_data_chart(title, style);
    }
    // A marker so far away that the range overflows is dropped.
    let marker = marker.filter(|(m, _)| m.is_finite() && (hi.max(*m) - lo.min(*m)).is_finite());
    let bins = make_bins(&vals, bin_width, marker.map(|(m, _)| m));
    let nb = bins.counts.len();
    let dec = decimals_for(bins.width).min(3);
    let edge = |k: usize| bins.start + bins.width * k as f64;
    let edge_label = |k: usize| fmt_fixed(edge(k), dec);
    let max_count = bins.counts.iter().copied().max().unwrap_or(0).max(1);

    let mut c = Canvas::new(style);
    let width = c.width;
    let mut top = c.title(title);

    // Marker label row.
    let marker_text = marker.map(|(m, label)| ref_label(label, &fmt_value(m)));
    let label_row_top = top;
    if marker_text.is_some() {
        top += 22.0;
    }
    let plot_top = top + 18.0; // headroom for the count on the tallest bar
    let base_y = plot_top + PLOT_H;

    let first_w = text_width(&edge_label(0), SMALL_SIZE);
    let last_w = text_width(&edge_label(nb), SMALL_SIZE);
    let left = PAD + first_w / 2.0 + 2.0;
    let right = width - PAD - last_w / 2.0 - 2.0;
    let bar_w = (right - left) / nb as f64;
    let gap = if bar_w > 6.0 { 1.0 } else { 0.0 };
    let scale = PLOT_H / max_count as f64;

    // Bars and counts.
    let count_size = [SMALL_SIZE, 10.0]
        .into_iter()
        .find(|&s| text_width(&max_count.to_string(), s) <= bar_w + 2.0);
    for (k, &cnt) in bins.counts.iter().enumerate() {
        if cnt == 0 {
            continue;
        }
        let x = left + bar_w * k as f64;
        let h = cnt as f64 * scale;
        let warn = marker.is_some_and(|(m, _)| edge(k + 1) <= m + EPS * bins.width);
        c.rect(
            x + gap,
            base_y - h,
            bar_w - 2.0 * gap,
            h,
            if warn { WARN } else { BAR },
            "",
        );
        if let Some(size) = count_size {
            let o = TextOpts {
                size,
                anchor: Anchor::Middle,
                fill: TEXT,
                ..TextOpts::default()
            };
            c.text(x + bar_w / 2.0, base_y - h - 5.0, &cnt.to_string(), o);
        }
    }

    // Axis with edge labels; thin out labels that would collide.
    c.line((left, base_y), (right, base_y), AXIS, 1.0, "");
    let widest = (0..=nb)
        .map(|k| text_width(&edge_label(k), SMALL_SIZE))
        .fold(0.0, f64::max);
    let every = ((widest + 8.0) / bar_w).ceil().max(1.0) as usize;
    for k in (0..=nb).step_by(every) {
        let x = left + bar_w * k as f64;
        c.line((x, base_y), (x, base_y + 4.0), AXIS, 1.0, "");
        let o = TextOpts {
            size: SMALL_SIZE,
            anchor: Anchor::Middle,
            fill: TEXT_MUTED,
            ..TextOpts::default()
        };
        c.text(x, base_y + 17.0, &edge_label(k), o);
    }

    // Marker line and label.
    if let (Some((m, _)), Some(text)) = (marker, marker_text.as_deref()) {
        let mx = left + (m - bins.start) / bins.width * bar_w;
        c.line((mx, label_row_top + 4.0), (mx, base_y), MARKER, 1.5, "5 3");
        let tw = text_width(text, LABEL_SIZE);
        let (tx, anchor) = if mx + 5.0 + tw <= width - PAD {
            (mx + 5.0, Anchor::Start)
        } else {
            ((mx - 5.0).max(PAD + tw), Anchor::End)
        };
        let o = TextOpts {
            anchor,
            fill: MARKER,
            ..TextOpts::default()
        };
        c.text(tx, label_row_top + 15.0, text, o);
    }
    let height = base_y + 17.0 + PAD;

    // Description.
    let mut parts = vec![format!("n = {}", vals.len())];
    for (k, &cnt) in bins.counts.iter().enumerate() {
        parts.push(format!("{}–{}: {}", edge_label(k), edge_label(k + 1), cnt));
    }
    if let (Some((m, _)), Some(text)) = (marker, marker_text.as_deref()) {
        let below = vals.iter().filter(|&&v| v < m).count();
        parts.push(format!("{text} (< {}: {below})", fmt_value(m)));
    }
    c.finish(height, title, &parts.join("; "))
}

#[cfg(test)]
mod tests {
    use super::make_bins;

    #[test]
    fn bins_cover_range_and_keep_max_in_last_bin() {
        let b = make_bins(&[0.0, 55.0, 100.0], 10.0, Some(60.0));
        assert_eq!(b.start, 0.0);
        assert_eq!(b.counts.len(), 10);
        assert_eq!(b.counts[9], 1);
        assert_eq!(b.counts[5], 1);
    }

    #[test]
    fn bins_extend_to_marker() {
        let b = make_bins(&[72.0, 88.0], 10.0, Some(60.0));
        assert_eq!(b.start, 60.0);
        assert_eq!(b.counts.len(), 3);
    }

    #[test]
    fn bad_bin_width_and_single_value() {
        let b = make_bins(&[5.0, 5.0], 0.0, None);
        assert_eq!(b.counts, vec![2]);
        let b = make_bins(&[0.0, 1e6], 1e-3, None);
        assert!(b.counts.len() <= 61);
        let b = make_bins(&[0.0, 100.0], f64::NAN, None);
        assert_eq!(b.counts.len(), 10);
    }
}

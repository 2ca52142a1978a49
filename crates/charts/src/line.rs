//! Line chart for year-over-year comparisons.

use std::fmt::Write as _;

use crate::Style;
use crate::svg::{
    AXIS, Anchor, BACKGROUND, Canvas, GRID, LABEL_SIZE, NO_DATA, PAD, SERIES, SMALL_SIZE, TEXT,
    TEXT_MUTED, TextOpts, decimals_for, fit, fmt_fixed, fmt_value, n, nice_step, no_data_chart,
    text_width, wrap,
};

const PLOT_H: f64 = 200.0;
const LEGEND_ROW: f64 = 20.0;
const HEADROOM: f64 = 20.0;
const VALUE_SIZE: f64 = SMALL_SIZE;
/// Clear space wanted around a value label: from other labels, so that neighbours ("0"
/// next to "3") do not read as one, and from other series' markers, so that a label is not
/// read as theirs; a position that keeps it is preferred over one that does not.
const LABEL_GAP: f64 = 8.0;

/// Marker shapes cycle through circle, square, triangle, diamond so that
/// series stay distinguishable in greyscale print.
fn marker(s: usize, x: f64, y: f64, fill: &str) -> String {
    let stroke = "stroke=\"#ffffff\" stroke-width=\"1\"";
    match s % 4 {
        0 => format!(
            "<circle cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"{fill}\" {stroke}/>",
            n(x),
            n(y)
        ),
        1 => format!(
            "<rect x=\"{}\" y=\"{}\" width=\"7.5\" height=\"7.5\" fill=\"{fill}\" {stroke}/>",
            n(x - 3.75),
            n(y - 3.75)
        ),
        2 => format!(
            "<path d=\"M{} {}L{} {}L{} {}Z\" fill=\"{fill}\" {stroke}/>",
            n(x),
            n(y - 5.0),
            n(x + 4.6),
            n(y + 3.2),
            n(x - 4.6),
            n(y + 3.2)
        ),
        _ => format!(
            "<path d=\"M{} {}L{} {}L{} {}L{} {}Z\" fill=\"{fill}\" {stroke}/>",
            n(x),
            n(y - 5.0),
            n(x + 5.0),
            n(y),
            n(x),
            n(y + 5.0),
            n(x - 5.0),
            n(y)
        ),
    }
}

fn series_style(s: usize) -> (&'static str, &'static str) {
    SERIES[s % SERIES.len()]
}

/// A straight piece of a series line, from one point to the next.
type Segment = ((f64, f64), (f64, f64));

/// Axis-aligned box in SVG coordinates.
#[derive(Clone, Copy, Debug)]
struct Box {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Box {
    fn area_overlap(&self, o: &Box) -> f64 {
        let w = self.x1.min(o.x1) - self.x0.max(o.x0);
        let h = self.y1.min(o.y1) - self.y0.max(o.y0);
        if w > 0.0 && h > 0.0 { w * h } else { 0.0 }
    }

    /// The box grown by `d` on every side.
    fn grow(&self, d: f64) -> Box {
        Box {
            x0: self.x0 - d,
            y0: self.y0 - d,
            x1: self.x1 + d,
            y1: self.y1 + d,
        }
    }

    fn inside(&self, o: &Box) -> bool {
        self.x0 >= o.x0 && self.x1 <= o.x1 && self.y0 >= o.y0 && self.y1 <= o.y1
    }

    /// Length of the part of segment `p`–`q` inside the box (Liang–Barsky).
    fn segment_inside(&self, p: (f64, f64), q: (f64, f64)) -> f64 {
        let (dx, dy) = (q.0 - p.0, q.1 - p.1);
        let mut t0: f64 = 0.0;
        let mut t1: f64 = 1.0;
        for (pk, qk) in [
            (-dx, p.0 - self.x0),
            (dx, self.x1 - p.0),
            (-dy, p.1 - self.y0),
            (dy, self.y1 - p.1),
        ] {
            if pk == 0.0 {
                if qk < 0.0 {
                    return 0.0;
                }
            } else {
                let r = qk / pk;
                if pk < 0.0 {
                    t0 = t0.max(r);
                } else {
                    t1 = t1.min(r);
                }
            }
        }
        if t1 > t0 {
            (t1 - t0) * (dx * dx + dy * dy).sqrt()
        } else {
            0.0
        }
    }
}

/// A placed value label.
struct Label {
    series: usize,
    x: f64,
    y: f64,
    anchor: Anchor,
    size: f64,
    text: String,
    bbox: Box,
}

fn label_box(x: f64, y: f64, anchor: Anchor, w: f64, size: f64) -> Box {
    let x0 = match anchor {
        Anchor::Start => x,
        Anchor::Middle => x - w / 2.0,
        Anchor::End => x - w,
    };
    Box {
        x0: x0 - 1.5,
        y0: y - 0.8 * size - 1.0,
        x1: x0 + w + 1.5,
        y1: y + 0.2 * size + 1.0,
    }
}

/// Greedy label placement: each label takes the candidate position (above,
/// below, beside, diagonal, further out) with the least overlap with
/// markers, line segments and labels placed before it. Points are
/// `(series, x, y, text)`. Labels that would overlap an earlier label or
/// leave `bounds` in every position are dropped.
fn place_labels(
    points: &[(usize, f64, f64, String)],
    segments: &[Segment],
    bounds: Box,
    size: f64,
) -> Vec<Label> {
    let markers: Vec<(usize, Box)> = points
        .iter()
        .map(|&(s, x, y, _)| {
            let b = Box {
                x0: x - 4.5,
                y0: y - 4.5,
                x1: x + 4.5,
                y1: y + 4.5,
            };
            (s, b)
        })
        .collect();
    const LABEL_CLASH: f64 = 1000.0;
    let below = 6.0 + 0.8 * size;
    // (dx, dy, anchor, preference penalty)
    let candidates = [
        (0.0, -8.0, Anchor::Middle, 0.0),
        (0.0, below, Anchor::Middle, 0.5),
        (7.0, 0.3 * size, Anchor::Start, 1.0),
        (-7.0, 0.3 * size, Anchor::End, 1.0),
        (5.0, -5.0, Anchor::Start, 1.5),
        (5.0, below - 2.0, Anchor::Start, 1.5),
        (-5.0, -5.0, Anchor::End, 1.5),
        (-5.0, below - 2.0, Anchor::End, 1.5),
        (0.0, -8.0 - size - 2.0, Anchor::Middle, 3.0),
        (0.0, below + size + 2.0, Anchor::Middle, 3.0),
    ];
    let mut placed: Vec<Label> = Vec::new();
    for &(series, x, y, ref text) in points {
        let w = text_width(text, size);
        let mut best: Option<(f64, Label)> = None;
        for &(dx, dy, anchor, pref) in &candidates {
            let (lx, ly) = (x + dx, y + dy);
            let bbox = label_box(lx, ly, anchor, w, size);
            let mut score = pref;
            if !bbox.inside(&bounds) {
                score += 2.0 * LABEL_CLASH;
            }
            let label_overlap = placed
                .iter()
                .map(|l| bbox.area_overlap(&l.bbox))
                .sum::<f64>();
            if label_overlap > 0.0 {
                score += LABEL_CLASH + 10.0 * label_overlap;
            }
            // Crowding: touching another label is allowed but avoided where possible.
            score += 2.0
                * placed
                    .iter()
                    .map(|l| bbox.grow(LABEL_GAP).area_overlap(&l.bbox))
                    .sum::<f64>();
            score += 4.0
                * markers
                    .iter()
                    .map(|(_, m)| bbox.area_overlap(m))
                    .sum::<f64>();
            // A label close to another series' marker reads as that point's value.
            score += 2.0
                * markers
                    .iter()
                    .filter(|(s, _)| *s != series)
                    .map(|(_, m)| bbox.area_overlap(&m.grow(LABEL_GAP)))
                    .sum::<f64>();
            score += 3.0
                * segments
                    .iter()
                    .map(|&(p, q)| bbox.segment_inside(p, q))
                    .sum::<f64>();
            if best.as_ref().is_none_or(|(b, _)| score < *b) {
                best = Some((
                    score,
                    Label {
                        series,
                        x: lx,
                        y: ly,
                        anchor,
                        size,
                        text: text.clone(),
                        bbox,
                    },
                ));
            }
        }
        // A label that cannot avoid another one is left out (the data stay
        // in the description); so are labels that would leave the plot.
        if let Some((score, l)) = best
            && score < LABEL_CLASH
        {
            placed.push(l);
        }
    }
    placed
}

/// "活动次数：2015年无数据，图中空缺。" for every series with missing values; empty when
/// nothing is missing.
fn gaps_note(
    categories: &[String],
    series: &[(String, Vec<f64>)],
    get: &dyn Fn(usize, usize) -> Option<f64>,
) -> String {
    let parts: Vec<String> = series
        .iter()
        .enumerate()
        .filter_map(|(s, (name, _))| {
            let missing: Vec<&str> = categories
                .iter()
                .enumerate()
                .filter(|&(i, _)| get(s, i).is_none())
                .map(|(_, c)| c.trim())
                .collect();
            (!missing.is_empty()).then(|| format!("{}：{}无数据", name.trim(), missing.join("、")))
        })
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("{}，图中空缺。", parts.join("；"))
    }
}

/// One line per series over the categories (e.g. one line per year over
/// the months, or one line per indicator over the years), with point
/// markers, value labels and a legend above the plot.
///
/// Series are told apart by colour, dash pattern and marker shape, so the
/// chart also reads in greyscale. The y axis always includes zero. Missing
/// or non-finite values leave a gap in the line, named in a note under the
/// plot ("活动次数：2015年无数据，图中空缺。"). Without categories or
/// finite values the chart shows "暂无数据"; when all values are zero a
/// "暂无数据" note is added below.
pub fn line_chart(
    title: &str,
    categories: &[String],
    series: &[(String, Vec<f64>)],
    style: &Style,
) -> String {
    let ncat = categories.len();
    let get = |s: usize, i: usize| -> Option<f64> {
        series[s].1.get(i).copied().filter(|v| v.is_finite())
    };
    let present: Vec<f64> = (0..series.len())
        .flat_map(|s| (0..ncat).filter_map(move |i| get(s, i)))
        .collect();
    if ncat == 0 || present.is_empty() {
        return no_data_chart(title, style);
    }
    let lo = present.iter().copied().fold(0.0, f64::min);
    let hi = present.iter().copied().fold(0.0, f64::max);
    if !(hi - lo).is_finite() {
        return no_data_chart(title, style);
    }
    let all_zero = present.iter().all(|&v| v == 0.0);
    let step = if hi > lo {
        nice_step((hi - lo) / 5.0)
    } else {
        1.0
    };
    let t0 = (lo / step + 1e-9).floor();
    let t1 = (hi / step - 1e-9).ceil().max(t0 + 1.0);
    let y_lo = t0 * step;
    let y_hi = t1 * step;
    let tick_dec = decimals_for(step).min(4);
    // t1 - t0 is about 5..=7 given the nice step.
    let ticks: Vec<f64> = (0..=((t1 - t0) as usize))
        .map(|k| (t0 + k as f64) * step)
        .collect();

    let mut c = Canvas::new(style);
    let width = c.width;
    let top = c.title(title);

    // Legend, wrapping into rows.
    let mut lx = PAD;
    let mut ly = top;
    let legend_max_name = width - 2.0 * PAD - 30.0;
    for (s, (name, _)) in series.iter().enumerate() {
        let name = fit(name.trim(), LABEL_SIZE, legend_max_name);
        let item_w = 30.0 + text_width(&name, LABEL_SIZE);
        if lx > PAD && lx + item_w > width - PAD {
            lx = PAD;
            ly += LEGEND_ROW;
        }
        let (colour, dash) = series_style(s);
        let cy = ly + 10.0;
        c.line((lx, cy), (lx + 24.0, cy), colour, 2.0, dash);
        c.element(&marker(s, lx + 12.0, cy, colour));
        let o = TextOpts {
            fill: TEXT,
            ..TextOpts::default()
        };
        c.text(lx + 30.0, cy + 4.0, &name, o);
        lx += item_w + 18.0;
    }
    let legend_bottom = if series.is_empty() {
        top
    } else {
        ly + LEGEND_ROW
    };

    // Plot frame.
    let plot_top = legend_bottom + HEADROOM;
    let base_y = plot_top + PLOT_H;
    let tick_labels: Vec<String> = ticks.iter().map(|&t| fmt_fixed(t, tick_dec)).collect();
    let tick_w = tick_labels
        .iter()
        .map(|t| text_width(t, SMALL_SIZE))
        .fold(0.0, f64::max);
    let left = PAD + tick_w + 8.0;
    let right = width - PAD;
    let step_x = (right - left) / ncat as f64;
    let px = |i: usize| left + step_x * (i as f64 + 0.5);
    let py = |v: f64| base_y - (v - y_lo) / (y_hi - y_lo) * PLOT_H;

    for (t, label) in ticks.iter().zip(&tick_labels) {
        let y = py(*t);
        let is_axis = *t == y_lo || *t == 0.0;
        c.line(
            (left, y),
            (right, y),
            if is_axis { AXIS } else { GRID },
            1.0,
            "",
        );
        let o = TextOpts {
            size: SMALL_SIZE,
            anchor: Anchor::End,
            fill: TEXT_MUTED,
            ..TextOpts::default()
        };
        c.text(left - 6.0, y + 4.0, label, o);
    }

    // Category labels: horizontal at the largest size that fits, otherwise
    // rotated by 45 degrees.
    let cat_max_w = |size: f64| {
        categories
            .iter()
            .map(|s| text_width(s.trim(), size))
            .fold(0.0, f64::max)
    };
    let cat_size = [LABEL_SIZE, SMALL_SIZE, 10.0]
        .into_iter()
        .find(|&s| cat_max_w(s) <= step_x - 4.0);
    let x_labels_h = match cat_size {
        Some(size) => {
            for (i, cat) in categories.iter().enumerate() {
                let x = px(i);
                c.line((x, base_y), (x, base_y + 4.0), AXIS, 1.0, "");
                let o = TextOpts {
                    size,
                    anchor: Anchor::Middle,
                    fill: TEXT,
                    ..TextOpts::default()
                };
                c.text(x, base_y + 18.0, cat.trim(), o);
            }
            22.0
        }
        None => {
            let cap = ((px(0) - 2.0) / 0.71).clamp(30.0, 90.0);
            let w = cat_max_w(SMALL_SIZE).min(cap);
            for (i, cat) in categories.iter().enumerate() {
                let x = px(i);
                c.line((x, base_y), (x, base_y + 4.0), AXIS, 1.0, "");
                let o = TextOpts {
                    size: SMALL_SIZE,
                    anchor: Anchor::End,
                    fill: TEXT,
                    rotate: -45.0,
                    ..TextOpts::default()
                };
                c.text(x + 3.0, base_y + 12.0, &fit(cat.trim(), SMALL_SIZE, cap), o);
            }
            w * 0.71 + 18.0
        }
    };

    // Lines.
    let mut segments: Vec<Segment> = Vec::new();
    for (s, _) in series.iter().enumerate() {
        let (colour, dash) = series_style(s);
        let mut d = String::new();
        let mut prev: Option<(f64, f64)> = None;
        for i in 0..ncat {
            match get(s, i) {
                Some(v) => {
                    let p = (px(i), py(v));
                    let cmd = if prev.is_some() { 'L' } else { 'M' };
                    let _ = write!(d, "{cmd}{} {}", n(p.0), n(p.1));
                    if let Some(q) = prev {
                        segments.push((q, p));
                    }
                    prev = Some(p);
                }
                None => prev = None,
            }
        }
        if d.contains('L') {
            let dash_attr = if dash.is_empty() {
                String::new()
            } else {
                format!(" stroke-dasharray=\"{dash}\"")
            };
            c.element(&format!(
                "<path d=\"{d}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" stroke-linejoin=\"round\" stroke-linecap=\"round\"{dash_attr}/>"
            ));
        }
    }

    // Value labels: the font shrinks for dense charts and labels are left
    // out when even the smallest size cannot fit between categories.
    let widest_value = present
        .iter()
        .map(|&v| text_width(&fmt_value(v), VALUE_SIZE))
        .fold(0.0, f64::max);
    let value_size = [VALUE_SIZE, 10.0]
        .into_iter()
        .find(|&sz| widest_value / VALUE_SIZE * sz <= step_x - 4.0);
    let labels = match value_size {
        Some(size) => {
            // Category by category, the highest point first.
            let mut points: Vec<(usize, f64, f64, String)> = Vec::new();
            for i in 0..ncat {
                let mut col: Vec<(usize, f64, f64, String)> = (0..series.len())
                    .filter_map(|s| get(s, i).map(|v| (s, px(i), py(v), fmt_value(v))))
                    .collect();
                col.sort_by(|a, b| a.2.total_cmp(&b.2).then(a.0.cmp(&b.0)));
                points.extend(col);
            }
            let bounds = Box {
                x0: PAD / 2.0,
                y0: legend_bottom + 2.0,
                x1: width - PAD / 2.0,
                y1: base_y - 1.0,
            };
            place_labels(&points, &segments, bounds, size)
        }
        None => Vec::new(),
    };
    // Background plates keep lines from running through the labels.
    for l in &labels {
        c.rect(
            l.bbox.x0,
            l.bbox.y0,
            l.bbox.x1 - l.bbox.x0,
            l.bbox.y1 - l.bbox.y0,
            BACKGROUND,
            " fill-opacity=\"0.85\"",
        );
    }
    for (s, _) in series.iter().enumerate() {
        let (colour, _) = series_style(s);
        for i in 0..ncat {
            if let Some(v) = get(s, i) {
                c.element(&marker(s, px(i), py(v), colour));
            }
        }
    }
    for l in &labels {
        let (colour, _) = series_style(l.series);
        let o = TextOpts {
            size: l.size,
            anchor: l.anchor,
            fill: colour,
            ..TextOpts::default()
        };
        c.text(l.x, l.y, &l.text, o);
    }

    let mut height = base_y + x_labels_h + PAD;
    if all_zero {
        let o = TextOpts {
            size: SMALL_SIZE,
            fill: TEXT_MUTED,
            ..TextOpts::default()
        };
        c.text(left, height - PAD + 14.0, NO_DATA, o);
        height += 18.0;
    }
    // Missing values are gaps, never zeros; say so under the plot.
    let note = gaps_note(categories, series, &get);
    for line in wrap(&note, SMALL_SIZE, width - 2.0 * PAD) {
        let o = TextOpts {
            size: SMALL_SIZE,
            fill: TEXT_MUTED,
            ..TextOpts::default()
        };
        c.text(PAD, height - PAD + 14.0, &line, o);
        height += 16.0;
    }

    let mut parts: Vec<String> = series
        .iter()
        .enumerate()
        .map(|(s, (name, _))| {
            let vals = categories
                .iter()
                .enumerate()
                .map(|(i, cat)| {
                    let v = get(s, i).map_or_else(|| "–".to_string(), fmt_value);
                    format!("{} {v}", cat.trim())
                })
                .collect::<Vec<_>>()
                .join(", ");
            format!("{}: {vals}", name.trim())
        })
        .collect();
    if all_zero {
        parts.push(NO_DATA.to_string());
    }
    c.finish(height, title, &parts.join("; "))
}

//! Activities per group (rows) per month (columns).

use crate::Style;
use crate::svg::{
    Anchor, Canvas, EMPTY_OUTLINE, LABEL_SIZE, NO_DATA, PAD, RAMP_DARK, RAMP_LIGHT, SMALL_SIZE,
    TEXT, TEXT_MUTED, TextOpts, fit, mix, no_data_chart, text_width,
};

const TOTAL_HEADER: &str = "合计";
const ROW_H: f64 = 28.0;
const GAP: f64 = 2.0;

/// Shade of a non-zero cell, `t` in `(0, 1]`.
fn shade(v: u32, max: u32) -> (String, f64) {
    let t = if max == 0 {
        0.0
    } else {
        // Square-root scale keeps low counts apart when one cell is high;
        // a floor of 4 keeps single activities light when counts are small.
        0.15 + 0.85 * (f64::from(v) / f64::from(max.max(4))).sqrt()
    };
    (mix(RAMP_LIGHT, RAMP_DARK, t), t)
}

/// Heatmap of counts: one row per group, one column per month.
///
/// Non-zero cells are shaded by count (darker = more) and show the count;
/// zero cells stay white with a dashed outline so that months without an
/// activity stand out. Row totals are printed at the right under "合计",
/// and a small legend below maps shades to counts.
///
/// Missing values (short `values` rows) count as zero; values beyond
/// `rows`/`cols` are ignored. Without rows or columns the chart shows
/// "暂无数据".
pub fn heatmap(
    title: &str,
    rows: &[String],
    cols: &[String],
    values: &[Vec<u32>],
    style: &Style,
) -> String {
    if rows.is_empty() || cols.is_empty() {
        return no_data_chart(title, style);
    }
    let get =
        |i: usize, j: usize| -> u32 { values.get(i).and_then(|r| r.get(j)).copied().unwrap_or(0) };
    let totals: Vec<u64> = (0..rows.len())
        .map(|i| (0..cols.len()).map(|j| u64::from(get(i, j))).sum())
        .collect();
    let max = (0..rows.len())
        .flat_map(|i| (0..cols.len()).map(move |j| (i, j)))
        .map(|(i, j)| get(i, j))
        .max()
        .unwrap_or(0);

    let mut c = Canvas::new(style);
    let width = c.width;
    let top = c.title(title);

    // Horizontal layout.
    let label_cap = (width * 0.3).max(48.0);
    let label_w = rows
        .iter()
        .map(|r| text_width(r.trim(), LABEL_SIZE))
        .fold(0.0, f64::max)
        .min(label_cap);
    let total_w = totals
        .iter()
        .map(|t| text_width(&t.to_string(), LABEL_SIZE))
        .fold(text_width(TOTAL_HEADER, LABEL_SIZE), f64::max);
    let ncols = cols.len() as f64;
    let grid_right = width - PAD - total_w - 12.0;
    // On narrow charts, give up label width (down to four characters)
    // before the cells get too narrow for their counts.
    let min_cell = 24.0;
    let label_w = label_w
        .min(grid_right - PAD - 10.0 - min_cell * ncols)
        .max(label_w.min(4.0 * LABEL_SIZE));
    let grid_left = PAD + label_w + 10.0;
    let cell_w = ((grid_right - grid_left) / ncols).max(1.0);
    let grid_right = grid_left + cell_w * ncols;

    // Column headers: horizontal at the largest size that fits, otherwise
    // rotated by 45 degrees.
    let col_max_w = |size: f64| {
        cols.iter()
            .map(|s| text_width(s.trim(), size))
            .fold(0.0, f64::max)
    };
    let mut header_size = None;
    for size in [LABEL_SIZE, SMALL_SIZE, 10.0] {
        if col_max_w(size) <= cell_w - 2.0 {
            header_size = Some(size);
            break;
        }
    }
    let (rotated, header_size) = match header_size {
        Some(s) => (false, s),
        None => (true, SMALL_SIZE),
    };
    let rot_cap = ((width - grid_right) + cell_w / 2.0 - 4.0) / 0.71;
    let rot_cap = rot_cap.clamp(40.0, 90.0);
    let header_h = if rotated {
        col_max_w(header_size).min(rot_cap) * 0.71 + 14.0
    } else {
        22.0
    };
    let grid_top = top + header_h;

    // Column headers.
    for (j, col) in cols.iter().enumerate() {
        let cx = grid_left + cell_w * (j as f64 + 0.5);
        if rotated {
            let o = TextOpts {
                size: header_size,
                fill: TEXT_MUTED,
                rotate: -45.0,
                ..TextOpts::default()
            };
            c.text(
                cx - 3.0,
                grid_top - 6.0,
                &fit(col.trim(), header_size, rot_cap),
                o,
            );
        } else {
            let o = TextOpts {
                size: header_size,
                fill: TEXT_MUTED,
                anchor: Anchor::Middle,
                ..TextOpts::default()
            };
            c.text(cx, grid_top - 7.0, col.trim(), o);
        }
    }
    let o = TextOpts {
        anchor: Anchor::End,
        fill: TEXT_MUTED,
        ..TextOpts::default()
    };
    c.text(width - PAD, grid_top - 7.0, TOTAL_HEADER, o);

    // Count font: the largest that fits the widest count.
    let max_count_w = |size: f64| text_width(&max.to_string(), size);
    let count_size = [LABEL_SIZE, SMALL_SIZE, 10.0]
        .into_iter()
        .find(|&s| max_count_w(s) <= cell_w - 4.0);

    // Rows.
    for (i, row) in rows.iter().enumerate() {
        let y = grid_top + ROW_H * i as f64;
        let cy = y + ROW_H / 2.0;
        c.row_label(grid_left - 10.0, cy, row, label_w);
        for j in 0..cols.len() {
            let v = get(i, j);
            let x = grid_left + cell_w * j as f64;
            if v == 0 {
                c.rect(
                    x + GAP / 2.0 + 1.0,
                    y + GAP / 2.0 + 1.0,
                    cell_w - GAP - 2.0,
                    ROW_H - GAP - 2.0,
                    "#ffffff",
                    &format!(
                        " stroke=\"{EMPTY_OUTLINE}\" stroke-width=\"1\" stroke-dasharray=\"3 2\""
                    ),
                );
            } else {
                let (fill, t) = shade(v, max);
                c.rect(
                    x + GAP / 2.0,
                    y + GAP / 2.0,
                    cell_w - GAP,
                    ROW_H - GAP,
                    &fill,
                    "",
                );
                if let Some(size) = count_size {
                    let o = TextOpts {
                        size,
                        anchor: Anchor::Middle,
                        fill: if t > 0.55 { "#ffffff" } else { TEXT },
                        ..TextOpts::default()
                    };
                    c.text(x + cell_w / 2.0, cy + size * 0.36, &v.to_string(), o);
                }
            }
        }
        let o = TextOpts {
            anchor: Anchor::End,
            bold: true,
            ..TextOpts::default()
        };
        c.text(width - PAD, cy + 4.0, &totals[i].to_string(), o);
    }
    let grid_bottom = grid_top + ROW_H * rows.len() as f64;

    // Legend: an empty swatch for 0, then shaded samples.
    let ly = grid_bottom + 14.0;
    let sw = 14.0;
    let mut lx = grid_left;
    let label_o = TextOpts {
        size: SMALL_SIZE,
        fill: TEXT_MUTED,
        ..TextOpts::default()
    };
    c.rect(
        lx + 0.5,
        ly + 0.5,
        sw - 1.0,
        sw - 1.0,
        "#ffffff",
        &format!(" stroke=\"{EMPTY_OUTLINE}\" stroke-width=\"1\" stroke-dasharray=\"3 2\""),
    );
    c.text(lx + sw + 4.0, ly + sw - 2.5, "0", label_o);
    lx += sw + 4.0 + text_width("0", SMALL_SIZE) + 14.0;
    if max == 0 {
        c.text(lx, ly + sw - 2.5, NO_DATA, label_o);
    } else {
        let samples: Vec<u32> = if max <= 5 {
            (1..=max).collect()
        } else {
            let mut s: Vec<u32> = (0..5u32)
                .map(|k| {
                    let v = 1.0 + f64::from(max - 1) * f64::from(k) / 4.0;
                    // Within 1..=max by construction.
                    v.round() as u32
                })
                .collect();
            s.dedup();
            s
        };
        for v in samples {
            let (fill, _) = shade(v, max);
            c.rect(lx, ly, sw, sw, &fill, "");
            let t = v.to_string();
            c.text(lx + sw + 4.0, ly + sw - 2.5, &t, label_o);
            lx += sw + 4.0 + text_width(&t, SMALL_SIZE) + 10.0;
        }
    }
    let height = ly + sw + PAD;

    // Description for screen readers: each row with its total and values.
    let desc = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let cells = cols
                .iter()
                .enumerate()
                .map(|(j, col)| format!("{} {}", col.trim(), get(i, j)))
                .collect::<Vec<_>>()
                .join(", ");
            format!("{}: {} ({})", r.trim(), totals[i], cells)
        })
        .collect::<Vec<_>>()
        .join("; ");
    let desc = if max == 0 {
        format!("{desc}. {NO_DATA}")
    } else {
        desc
    };
    c.finish(height, title, &desc)
}

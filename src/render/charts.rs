//! The cohort charts as standalone SVG files (showcase-charts), written once and used by
//! both the site and the booklet (the print renderer takes them from here, not from the
//! HTML renderer).

use crate::compute::CohortFigures;
use crate::model::Cohort;
use crate::render::labels::month_labels;
use showcase_charts::{Style, bar_chart, heatmap, histogram};

pub struct Chart {
    /// File name, e.g. `activity-heatmap.svg`.
    pub file: &'static str,
    pub title: String,
    pub svg: String,
}

/// The smallest text a chart may show on screen, in CSS px (issue 15: legible on a phone).
pub const MIN_SCREEN_TEXT_PX: f64 = 11.0;

/// The narrowest a chart may be drawn for its smallest text to stay at
/// [`MIN_SCREEN_TEXT_PX`]: its own width, scaled up when it has smaller text. The page
/// gives the image this as `min-width` inside a sideways-scrolling box, so on a phone the
/// chart scrolls instead of shrinking until its labels are 5 px.
pub fn legible_width(svg: &str) -> u32 {
    let attr = |s: &str, name: &str| -> Option<f64> {
        let i = s.find(&format!("{name}=\""))? + name.len() + 2;
        s[i..].split('"').next()?.parse().ok()
    };
    let width = attr(svg, "width").unwrap_or(640.0);
    let smallest = svg
        .match_indices("font-size=\"")
        .filter_map(|(i, _)| attr(&svg[i..], "font-size"))
        .fold(f64::INFINITY, f64::min);
    let scale = if smallest.is_finite() && smallest > 0.0 {
        (MIN_SCREEN_TEXT_PX / smallest).max(1.0)
    } else {
        1.0
    };
    (width * scale).ceil() as u32
}

/// The charts a cohort has data for (none for a cohort without activity records).
pub fn cohort_charts(c: &Cohort, f: &CohortFigures) -> Vec<Chart> {
    let style = Style::default();
    let s = &f.stats;
    let mut out = Vec::new();
    if c.has_activity_records() && !c.groups.is_empty() {
        let rows: Vec<String> = s
            .groups
            .iter()
            .map(|g| c.groups[g.group].name.clone())
            .collect();
        let values: Vec<Vec<u32>> = s.groups.iter().map(|g| g.by_month.clone()).collect();
        let title = format!("{}年各小组每月活动次数", c.year);
        out.push(Chart {
            file: "activity-heatmap.svg",
            svg: heatmap(&title, &rows, &month_labels(c, &s.months), &values, &style),
            title,
        });
        let labels: Vec<String> = s
            .groups
            .iter()
            .filter(|g| g.attendance.is_some())
            .map(|g| c.groups[g.group].name.clone())
            .collect();
        let rates: Vec<f64> = s
            .groups
            .iter()
            .filter_map(|g| g.attendance)
            .map(|r| r * 100.0)
            .collect();
        let title = format!("{}年各小组活动出勤率", c.year);
        let avg = s.average_attendance.map(|a| (a * 100.0, "各组平均"));
        out.push(Chart {
            file: "attendance.svg",
            svg: bar_chart(&title, &labels, &rates, "%", avg, &style),
            title,
        });
    }
    if let Some(l) = &f.ledger {
        let totals: Vec<f64> = s.totals.iter().map(|&t| t as f64).collect();
        let title = format!("{}年学员积分分布（人数）", c.year);
        out.push(Chart {
            file: "points-distribution.svg",
            svg: histogram(
                &title,
                &totals,
                20.0,
                Some((l.rules.pass_mark as f64, "合格线")),
                &style,
            ),
            title,
        });
    }
    out
}

/// Year over year: members, activities and reports per cohort (public archive page).
pub fn comparison_chart(
    content: &crate::model::Content,
    computed: &crate::compute::Computed,
) -> Option<Chart> {
    if content.cohorts.len() < 2 {
        return None;
    }
    let years: Vec<String> = content
        .cohorts
        .iter()
        .map(|c| format!("{}年", c.year))
        .collect();
    let series = vec![
        (
            "学员人数".to_string(),
            computed
                .cohorts
                .iter()
                .map(|f| f.stats.members as f64)
                .collect(),
        ),
        (
            "活动次数".to_string(),
            // A cohort that kept no activity records has no count, not zero: a gap.
            content
                .cohorts
                .iter()
                .zip(&computed.cohorts)
                .map(|(c, f)| {
                    if c.has_activity_records() {
                        f.stats.activities as f64
                    } else {
                        f64::NAN
                    }
                })
                .collect(),
        ),
        (
            "调研文章".to_string(),
            computed
                .cohorts
                .iter()
                .map(|f| f.stats.reports as f64)
                .collect(),
        ),
    ];
    let title = "历届学员、活动与调研文章对比".to_string();
    Some(Chart {
        file: "comparison.svg",
        svg: showcase_charts::line_chart(&title, &years, &series, &Style::default()),
        title,
    })
}

#[cfg(test)]
mod tests {
    use super::legible_width;

    #[test]
    fn legible_width_keeps_the_smallest_text_at_11_px() {
        let svg = |sizes: &[f64]| {
            let texts: String = sizes
                .iter()
                .map(|s| format!("<text font-size=\"{s}\">x</text>"))
                .collect();
            format!("<svg width=\"640\" height=\"300\">{texts}</svg>")
        };
        assert_eq!(legible_width(&svg(&[16.0, 12.0, 11.0])), 640);
        assert_eq!(legible_width(&svg(&[12.0, 10.0])), 704);
        assert_eq!(legible_width(&svg(&[5.5])), 1280);
        assert_eq!(legible_width(&svg(&[])), 640);
    }
}

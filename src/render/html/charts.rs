//! The cohort charts as standalone SVG files (showcase-charts), written once and used by
//! both the site and the booklet.

use crate::compute::CohortFigures;
use crate::model::Cohort;
use crate::render::html::views::month_labels;
use showcase_charts::{Style, bar_chart, heatmap, histogram};

pub struct Chart {
    /// File name, e.g. `activity-heatmap.svg`.
    pub file: &'static str,
    pub title: String,
    pub svg: String,
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

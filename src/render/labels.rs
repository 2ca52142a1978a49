//! Wording shared by the site and the booklet: percentages, one-decimal figures, month
//! labels of a cohort's period and the rows of its points scheme.

use crate::model::Cohort;
use serde::Serialize;

/// `0.915` → `92%`; no value → `—`.
pub fn pct(x: Option<f64>) -> String {
    x.map(|v| format!("{:.0}%", v * 100.0))
        .unwrap_or_else(|| "—".into())
}

/// `12.66` → `12.7`.
pub fn one_decimal(x: f64) -> String {
    format!("{x:.1}")
}

/// Month labels of a cohort's period ("5月", or "2018年1月" across a year end).
pub fn month_labels(c: &Cohort, months: &[(i32, u32)]) -> Vec<String> {
    months
        .iter()
        .map(|&(y, m)| {
            if y == c.year {
                format!("{m}月")
            } else {
                format!("{y}年{m}月")
            }
        })
        .collect()
}

/// One row of the points scheme as the reader sees it: what earns points, and how many.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleRow {
    pub what: String,
    pub points: String,
}

/// The cohort's points scheme in rows whose labels state the configured numbers; `None`
/// when the cohort has no points scheme.
pub fn points_rules(c: &Cohort) -> Option<Vec<RuleRow>> {
    let p = c.points.as_ref()?;
    let row = |what: String, points: String| RuleRow { what, points };
    Some(vec![
        row(
            "参加一次学习、培训或活动".into(),
            format!("{} 分", p.attend),
        ),
        row(
            "完成一篇作业或调研文章".into(),
            format!("{} 分", p.submission),
        ),
        row(
            format!("组织一次 {} 人以上活动并亲自参加", p.organise_min_headcount),
            format!("加 {} 分", p.organise),
        ),
        row(
            "在活动中有其他突出贡献".into(),
            format!("加 {} 分", p.contribution),
        ),
        row(
            "自愿参加重点工作实践小组并完成工作".into(),
            format!("{} 分", p.practice_team),
        ),
        row("年终合格分".into(), format!("{} 分", p.pass_mark)),
        row(
            "不合格的后果".into(),
            format!("{} 年内不考虑提拔", p.hold_years),
        ),
    ])
}

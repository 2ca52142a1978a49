//! Legal but suspicious: members who took part in nothing, groups that skipped whole months.

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Cohort;
use chrono::Datelike;

pub fn check(c: &Cohort, diags: &mut Diagnostics) {
    // Archived cohorts are frozen: nothing about them can be acted on any more.
    if !c.has_activity_records() || c.status == crate::model::Status::Archived {
        return;
    }
    let mut active = vec![false; c.members.len()];
    for a in &c.activities {
        for r in &a.participants {
            if let Some(i) = r.member {
                active[i] = true;
            }
        }
    }
    for (m, act) in c.members.iter().zip(&active) {
        if !act {
            diags.push(
                Diagnostic::warning(
                    m.name.pos,
                    format!("「{}」在 {} 届没有任何活动记录", m.name.value, c.year),
                )
                .hint("若确实未参加任何活动可忽略；否则请检查活动记录是否漏记或写错姓名。")
                .width(m.name.value.chars().count()),
            );
        }
    }
    let months = months_of(c);
    let by_group = c.activities_by_group();
    for g in &c.groups {
        let met: Vec<(i32, u32)> = by_group
            .get(g.id.value.as_str())
            .into_iter()
            .flatten()
            .map(|a| (a.date.value.year(), a.date.value.month()))
            .collect();
        let missing: Vec<String> = months
            .iter()
            .filter(|m| !met.contains(m))
            .map(|(y, m)| {
                if *y == c.year {
                    format!("{m}月")
                } else {
                    format!("{y}年{m}月")
                }
            })
            .collect();
        if !missing.is_empty() {
            diags.push(
                Diagnostic::warning(
                    g.id.pos,
                    format!("{}在 {} 没有开展小组活动", g.name, missing.join("、")),
                )
                .hint("若确实未活动可忽略（展示页会如实显示）；否则请补录活动记录。")
                .width(g.id.value.chars().count()),
            );
        }
    }
}

/// Every (year, month) of the cohort's period.
pub fn months_of(c: &Cohort) -> Vec<(i32, u32)> {
    let mut out = Vec::new();
    let (mut y, mut m) = (c.start.year(), c.start.month());
    while (y, m) <= (c.end.year(), c.end.month()) {
        out.push((y, m));
        if m == 12 {
            y += 1;
            m = 1;
        } else {
            m += 1;
        }
    }
    out
}

/// Text left as the scaffolding placeholder 「待填写」 would be published as is.
pub fn placeholders(c: &Cohort, diags: &mut Diagnostics) {
    const MARK: &str = "待填写";
    let warn = |diags: &mut Diagnostics, pos: crate::source::Pos, what: &str| {
        diags.push(
            Diagnostic::warning(pos, format!("{what}还是占位文字「{MARK}」"))
                .hint("发布前请填写实际内容，否则会原样出现在网站和印刷册中。")
                .width(MARK.chars().count()),
        );
    };
    for d in c.reports.iter().chain(&c.cases) {
        if d.title.value.contains(MARK) {
            warn(diags, d.title.pos, "标题");
        }
        if d.abstract_.as_deref().is_some_and(|a| a.contains(MARK))
            || d.keywords.iter().any(|k| k.contains(MARK))
        {
            warn(diags, d.pos, "摘要或关键词");
        }
    }
    for a in &c.activities {
        if a.title.value.contains(MARK) {
            warn(diags, a.title.pos, "活动名称");
        }
    }
}

//! Roster checks: programmes, groups and members refer to each other correctly; ids and
//! names are unique; a person id means the same person in every cohort.

use crate::diag::{Diagnostic, Diagnostics, did_you_mean};
use crate::model::{Cohort, Content};
use std::collections::HashMap;

pub fn check(c: &Cohort, diags: &mut Diagnostics) {
    let programme_ids: Vec<&str> = c.programmes.iter().map(|p| p.id.value.as_str()).collect();
    let group_ids: Vec<&str> = c.groups.iter().map(|g| g.id.value.as_str()).collect();
    let unknown_programme = |diags: &mut Diagnostics, t: &crate::model::Text| {
        let hint = match did_you_mean(&t.value, programme_ids.iter().copied()) {
            Some(s) => format!("是否应为「{s}」？本届班次：{}", programme_ids.join("、")),
            None => format!(
                "本届班次：{}（在 cohort.yaml 的 programmes 中定义）",
                programme_ids.join("、")
            ),
        };
        diags.push(
            Diagnostic::error(
                t.pos,
                format!("班次「{}」在 {} 届 cohort.yaml 中没有定义", t.value, c.year),
            )
            .hint(hint)
            .width(t.value.chars().count()),
        );
    };
    let mut seen: HashMap<&str, &crate::model::Group> = HashMap::new();
    for g in &c.groups {
        if let Some(first) = seen.insert(&g.id.value, g) {
            diags.push(
                Diagnostic::error(
                    g.id.pos,
                    format!(
                        "小组编号「{}」重复（第 {} 行已用过）",
                        g.id.value, first.id.pos.line
                    ),
                )
                .hint("每个小组的 id 必须不同。"),
            );
        }
        if !programme_ids.contains(&g.programme.value.as_str()) {
            unknown_programme(diags, &g.programme);
        }
    }
    let mut ids: HashMap<&str, usize> = HashMap::new();
    let mut names: HashMap<&str, usize> = HashMap::new();
    for (i, m) in c.members.iter().enumerate() {
        if let Some(&j) = ids.get(m.id.value.as_str()) {
            diags.push(
                Diagnostic::error(
                    m.id.pos,
                    format!(
                        "人员编号「{}」重复：已分配给「{}」",
                        m.id.value, c.members[j].name.value
                    ),
                )
                .hint("同一届中每人编号唯一；同一人历届沿用同一编号。"),
            );
        } else {
            ids.insert(&m.id.value, i);
        }
        if let Some(&j) = names.get(m.name.value.as_str()) {
            diags.push(
                Diagnostic::warning(
                    m.name.pos,
                    format!(
                        "本届有两位学员同名「{}」（另一位编号 {}）",
                        m.name.value, c.members[j].id.value
                    ),
                )
                .hint("活动记录和文章作者中请用人员编号指代他们，否则无法区分。"),
            );
        } else {
            names.insert(&m.name.value, i);
        }
        // An empty programme stands in for a missing one, already reported by the loader.
        let programme_missing = m.programme.value.is_empty();
        if !programme_missing && !programme_ids.contains(&m.programme.value.as_str()) {
            unknown_programme(diags, &m.programme);
        }
        if let Some(g) = &m.group {
            match c.group(&g.value) {
                None => {
                    let hint = match did_you_mean(&g.value, group_ids.iter().copied()) {
                        Some(s) => format!("是否应为「{s}」？"),
                        None if group_ids.is_empty() => "本届没有定义任何小组：groups.yaml 缺失、是空的或未能读取，请先修正 groups.yaml。".to_string(),
                        None => format!("本届小组：{}", group_ids.join("、")),
                    };
                    diags.push(
                        Diagnostic::error(
                            g.pos,
                            format!("小组「{}」在 {} 届 groups.yaml 中没有定义", g.value, c.year),
                        )
                        .hint(hint)
                        .width(g.value.chars().count()),
                    );
                }
                Some(group) if !programme_missing && group.programme.value != m.programme.value => {
                    diags.push(
                        Diagnostic::error(
                            g.pos,
                            format!(
                                "「{}」属于班次 {}，但小组「{}」属于班次 {}",
                                m.name.value, m.programme.value, group.name, group.programme.value
                            ),
                        )
                        .hint("核对该学员的 programme 或 group。"),
                    )
                }
                Some(_) => {}
            }
        }
    }
}

/// The same person id must carry the same name in every cohort.
pub fn check_across_cohorts(content: &Content, diags: &mut Diagnostics) {
    let mut first: HashMap<&str, (&str, i32)> = HashMap::new();
    for c in &content.cohorts {
        for m in &c.members {
            match first.get(m.id.value.as_str()) {
                // A second use of an id within one cohort is an error reported by `check`.
                Some(&(name, year)) if name != m.name.value && year != c.year => diags.push(
                    Diagnostic::warning(
                        m.name.pos,
                        format!(
                            "人员编号「{}」在 {year} 届是「{name}」，在 {} 届却是「{}」",
                            m.id.value, c.year, m.name.value
                        ),
                    )
                    .hint(
                        "同一人历届沿用同一编号；不同的人请用不同编号。若确为改名，可忽略此提醒。",
                    ),
                ),
                Some(_) => {}
                None => {
                    first.insert(&m.id.value, (&m.name.value, c.year));
                }
            }
        }
    }
}

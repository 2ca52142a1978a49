//! Honours: computed awards (top N, top percentage, minimum points, per programme or group;
//! only members who passed) and manual awards, each list in publication order.

use super::ledger::Ledger;
use super::order::order_members;
use crate::model::{AwardKind, Cohort, GroupMetric, MemberRule, Ties};
use showcase_collate::Options;

#[derive(Debug, Clone, PartialEq)]
pub enum Recipients {
    /// Member indices, in publication order.
    Members(Vec<usize>),
    /// Group indices, best first.
    Groups(Vec<usize>),
}

#[derive(Debug, Clone)]
pub struct HonourList {
    pub name: String,
    pub recipients: Recipients,
    /// How the list was made, for readers and auditors (e.g. "导师班积分前 8 名（并列者同列）").
    pub basis: String,
}

impl HonourList {
    pub fn len(&self) -> usize {
        match &self.recipients {
            Recipients::Members(m) => m.len(),
            Recipients::Groups(g) => g.len(),
        }
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

pub fn honours(c: &Cohort, ledger: Option<&Ledger>, opts: &Options) -> Vec<HonourList> {
    c.awards
        .iter()
        .map(|a| {
            let (recipients, basis) = match &a.kind {
                AwardKind::Members(list) => {
                    let mut m: Vec<usize> = list.iter().filter_map(|r| r.member).collect();
                    m.dedup();
                    order_members(c, &mut m, opts);
                    (Recipients::Members(m), "人工评定".to_string())
                }
                AwardKind::MemberRule(rule) => {
                    let mut m = ledger.map(|l| select(c, l, rule)).unwrap_or_default();
                    order_members(c, &mut m, opts);
                    (Recipients::Members(m), describe(c, rule))
                }
                AwardKind::Groups(list) => (
                    Recipients::Groups(
                        list.iter()
                            .filter_map(|g| c.group_index(&g.value))
                            .collect(),
                    ),
                    "人工评定".to_string(),
                ),
                AwardKind::GroupRule(rule) => {
                    let scores: Vec<(usize, f64)> = c
                        .groups
                        .iter()
                        .enumerate()
                        .filter(|(_, g)| {
                            rule.programme
                                .as_ref()
                                .is_none_or(|p| p.value == g.programme.value)
                        })
                        .map(|(i, g)| (i, group_score(c, ledger, &g.id.value, rule.by)))
                        .collect();
                    let picked = top_with_ties(scores, rule.top as usize, Ties::Include);
                    let by = match rule.by {
                        GroupMetric::AveragePoints => "人均积分",
                        GroupMetric::Activities => "小组活动次数",
                    };
                    (
                        Recipients::Groups(picked),
                        format!("按{by}评选前 {} 名", rule.top),
                    )
                }
            };
            HonourList {
                name: a.name.value.clone(),
                recipients,
                basis,
            }
        })
        .collect()
}

fn in_scope(c: &Cohort, rule: &MemberRule, member: usize) -> bool {
    let m = &c.members[member];
    rule.programme
        .as_ref()
        .is_none_or(|p| p.value == m.programme.value)
        && rule
            .group
            .as_ref()
            .is_none_or(|g| m.group.as_ref().is_some_and(|mg| mg.value == g.value))
}

/// Members selected by a computed rule (unordered).
pub fn select(c: &Cohort, l: &Ledger, rule: &MemberRule) -> Vec<usize> {
    let scope: Vec<(usize, u32, bool)> = l
        .rows
        .iter()
        .filter(|r| in_scope(c, rule, r.member))
        .map(|r| (r.member, r.total, r.passed))
        .collect();
    let n = match (rule.top, rule.top_percent) {
        (Some(n), _) => n as usize,
        (None, Some(p)) => ((scope.len() as f64) * p / 100.0).ceil() as usize,
        (None, None) => usize::MAX,
    };
    let candidates: Vec<(usize, f64)> = scope
        .into_iter()
        .filter(|&(_, total, passed)| passed && rule.min_points.is_none_or(|m| total >= m))
        .map(|(i, t, _)| (i, t as f64))
        .collect();
    top_with_ties(candidates, n, rule.ties)
}

/// The best `n` by score; ties at the cut-off are all included or all excluded.
fn top_with_ties(mut scored: Vec<(usize, f64)>, n: usize, ties: Ties) -> Vec<usize> {
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    if n >= scored.len() {
        return scored.into_iter().map(|(i, _)| i).collect();
    }
    if n == 0 {
        return Vec::new();
    }
    let cut = scored[n - 1].1;
    let beyond_tied = scored[n].1 == cut;
    scored
        .into_iter()
        .filter(|&(_, s)| match (ties, beyond_tied) {
            (_, false) => s >= cut,
            (Ties::Include, true) => s >= cut,
            (Ties::Exclude, true) => s > cut,
        })
        .map(|(i, _)| i)
        .collect()
}

pub fn group_score(c: &Cohort, ledger: Option<&Ledger>, group: &str, by: GroupMetric) -> f64 {
    match by {
        GroupMetric::Activities => c.group_activities(group).count() as f64,
        GroupMetric::AveragePoints => {
            let members: Vec<usize> = c.group_members(group).map(|(i, _)| i).collect();
            match (ledger, members.len()) {
                (Some(l), n) if n > 0 => {
                    members.iter().map(|&i| l.total(i) as f64).sum::<f64>() / n as f64
                }
                _ => 0.0,
            }
        }
    }
}

fn describe(c: &Cohort, rule: &MemberRule) -> String {
    let scope = match (&rule.group, &rule.programme) {
        (Some(g), _) => c
            .group(&g.value)
            .map(|g| g.name.clone())
            .unwrap_or_default(),
        (None, Some(p)) => c
            .programme(&p.value)
            .map(|p| p.name.clone())
            .unwrap_or_default(),
        (None, None) => "全体学员".to_string(),
    };
    let mut parts = Vec::new();
    if let Some(n) = rule.top {
        parts.push(format!("积分前 {n} 名"));
    }
    if let Some(p) = rule.top_percent {
        parts.push(format!("积分前 {p}%"));
    }
    if let Some(m) = rule.min_points {
        parts.push(format!("积分不低于 {m} 分"));
    }
    let ties = match rule.ties {
        Ties::Include => "，并列者同时入选",
        Ties::Exclude => "，并列于末位者不入选",
    };
    format!("{scope}{}，限积分合格者{ties}", parts.join("且"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_at_the_cut_are_included_or_excluded_together() {
        let s = vec![(0, 90.0), (1, 80.0), (2, 80.0), (3, 70.0)];
        assert_eq!(top_with_ties(s.clone(), 2, Ties::Include), vec![0, 1, 2]);
        assert_eq!(top_with_ties(s.clone(), 2, Ties::Exclude), vec![0]);
        assert_eq!(top_with_ties(s.clone(), 3, Ties::Exclude), vec![0, 1, 2]);
        assert_eq!(top_with_ties(s, 9, Ties::Exclude).len(), 4);
    }
}

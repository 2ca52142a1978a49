//! The points ledger: every point a member earned, with the rule and the source record
//! (file:line) that earned it, totals, pass/fail and rank.

use crate::model::{Cohort, PointsRules};
use crate::source::Pos;
use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    Attend,
    Organise,
    Contribution,
    Submission,
    Report,
    PracticeTeam,
}

impl Rule {
    /// The rule as the ledger shows it, with the cohort's own numbers: the organiser bonus
    /// is for any activity whose headcount reaches `organise_min_headcount` and in which the
    /// organiser took part (as docs/content-format.md says).
    pub fn label(self, rules: &PointsRules) -> String {
        match self {
            Rule::Attend => "参加学习、培训或活动".into(),
            Rule::Organise => format!("组织{}人以上活动并亲自参加", rules.organise_min_headcount),
            Rule::Contribution => "活动中有突出贡献".into(),
            Rule::Submission => "完成作业".into(),
            Rule::Report => "完成调研文章".into(),
            Rule::PracticeTeam => "参加重点工作实践小组并完成工作".into(),
        }
    }
    pub fn key(self) -> &'static str {
        match self {
            Rule::Attend => "attend",
            Rule::Organise => "organise",
            Rule::Contribution => "contribution",
            Rule::Submission => "submission",
            Rule::Report => "report",
            Rule::PracticeTeam => "practice_team",
        }
    }
}

/// One line of a member's audit trail.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub rule: Rule,
    pub points: u32,
    pub date: Option<NaiveDate>,
    /// What earned it: the activity title, report title or team name.
    pub what: String,
    pub source: Pos,
}

#[derive(Debug, Clone)]
pub struct MemberLedger {
    /// Index into `Cohort::members`.
    pub member: usize,
    pub entries: Vec<Entry>,
    pub total: u32,
    pub passed: bool,
    /// 1-based competition rank ("1, 2, 2, 4").
    pub rank: u32,
}

#[derive(Debug, Clone)]
pub struct Ledger {
    pub year: i32,
    pub rules: PointsRules,
    /// Ranked: highest total first; equal totals in roster order.
    pub rows: Vec<MemberLedger>,
}

impl Ledger {
    pub fn row(&self, member: usize) -> Option<&MemberLedger> {
        self.rows.iter().find(|r| r.member == member)
    }
    pub fn total(&self, member: usize) -> u32 {
        self.row(member).map(|r| r.total).unwrap_or(0)
    }
    pub fn failed(&self) -> impl Iterator<Item = &MemberLedger> {
        self.rows.iter().filter(|r| !r.passed)
    }
}

/// Builds the ledger of a cohort; `None` when the cohort has no points scheme.
pub fn ledger(c: &Cohort) -> Option<Ledger> {
    let rules = c.points.clone()?;
    let mut entries: Vec<Vec<Entry>> = vec![Vec::new(); c.members.len()];
    let mut add = |m: Option<usize>,
                   rule: Rule,
                   points: u32,
                   date: Option<NaiveDate>,
                   what: &str,
                   source: Pos| {
        if let Some(i) = m
            && let Some(list) = entries.get_mut(i)
        {
            list.push(Entry {
                rule,
                points,
                date,
                what: what.to_string(),
                source,
            });
        }
    };
    for a in &c.activities {
        let date = Some(a.date.value);
        let title = a.title.value.as_str();
        let present: Vec<usize> = a.participants.iter().filter_map(|r| r.member).collect();
        for r in &a.participants {
            add(
                r.member,
                Rule::Attend,
                rules.attend,
                date,
                title,
                r.text.pos,
            );
        }
        if let Some(o) = &a.organiser
            && let Some(i) = o.member
            && present.contains(&i)
        {
            let people = a
                .headcount
                .as_ref()
                .map(|h| h.value as usize)
                .unwrap_or(present.len());
            if people >= rules.organise_min_headcount as usize {
                add(
                    Some(i),
                    Rule::Organise,
                    rules.organise,
                    date,
                    title,
                    o.text.pos,
                );
            }
        }
        for (notes, rule, points) in [
            (&a.contributions, Rule::Contribution, rules.contribution),
            (&a.submissions, Rule::Submission, rules.submission),
        ] {
            for n in notes {
                let what = if n.text.is_empty() {
                    title.to_string()
                } else {
                    format!("{title}：{}", n.text)
                };
                add(
                    n.member.member,
                    rule,
                    points,
                    date,
                    &what,
                    n.member.text.pos,
                );
            }
        }
    }
    // A draft earns nothing, even where it is shown (the serve preview).
    for d in c.reports.iter().filter(|d| !d.draft) {
        let date = d.date.as_ref().map(|x| x.value);
        for a in &d.authors {
            add(
                a.member,
                Rule::Report,
                rules.submission,
                date,
                &d.title.value,
                a.text.pos,
            );
        }
    }
    for t in &c.teams {
        let date = t.end.as_ref().map(|x| x.value);
        for m in &t.members {
            if m.completed {
                add(
                    m.member.member,
                    Rule::PracticeTeam,
                    rules.practice_team,
                    date,
                    &t.name,
                    m.member.text.pos,
                );
            }
        }
    }
    let mut rows: Vec<MemberLedger> = entries
        .into_iter()
        .enumerate()
        .map(|(member, mut entries)| {
            entries.sort_by_key(|e| (e.date, e.source));
            let total = entries.iter().map(|e| e.points).sum();
            MemberLedger {
                member,
                entries,
                total,
                passed: total >= rules.pass_mark,
                rank: 0,
            }
        })
        .collect();
    rows.sort_by(|a, b| b.total.cmp(&a.total).then(a.member.cmp(&b.member)));
    let mut prev: Option<(u32, u32)> = None;
    for (i, r) in rows.iter_mut().enumerate() {
        r.rank = match prev {
            Some((t, rank)) if t == r.total => rank,
            _ => i as u32 + 1,
        };
        prev = Some((r.total, r.rank));
    }
    Some(Ledger {
        year: c.year,
        rules,
        rows,
    })
}

#[cfg(test)]
mod label_tests {
    use super::*;

    #[test]
    fn the_organiser_label_states_the_configured_headcount() {
        let rules = PointsRules {
            organise_min_headcount: 9,
            ..PointsRules::default()
        };
        assert_eq!(Rule::Organise.label(&rules), "组织9人以上活动并亲自参加");
    }
}

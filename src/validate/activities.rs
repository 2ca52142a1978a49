//! Activity records, practice teams and awards: scopes exist, dates fall in the cohort's
//! period, every named person is a member, headcounts add up.

use super::index::Roster;
use crate::diag::{Diagnostic, Diagnostics, did_you_mean};
use crate::model::{AwardKind, Cohort, MemberRef, Scope, Text};
use crate::text::date_cn;

pub fn check(c: &mut Cohort, roster: &Roster, diags: &mut Diagnostics) {
    let (start, end, year) = (c.start, c.end, c.year);
    let in_period =
        |d: &crate::source::Located<chrono::NaiveDate>, diags: &mut Diagnostics, what: &str| {
            if d.value < start || d.value > end {
                diags.push(
                    Diagnostic::error(
                        d.pos,
                        format!(
                            "{what}日期 {} 不在 {year} 届培养期（{} 至 {}）内",
                            d.value,
                            date_cn(start),
                            date_cn(end)
                        ),
                    )
                    .hint("核对年份和月份是否写错；若培养期有变，请修改 cohort.yaml 中的 period。")
                    .width(10),
                );
            }
        };
    let group_ids: Vec<String> = c.groups.iter().map(|g| g.id.value.clone()).collect();
    let programme_ids: Vec<String> = c.programmes.iter().map(|p| p.id.value.clone()).collect();
    // Looked up once per record: sets, not a scan of every group id.
    let set = |ids: &[String]| -> rustc_hash::FxHashSet<String> { ids.iter().cloned().collect() };
    let (known_groups, known_programmes) = (set(&group_ids), set(&programme_ids));
    let members_in_scope = |scope: &Scope| -> Vec<usize> {
        c.members
            .iter()
            .enumerate()
            .filter(|(_, m)| match scope {
                Scope::Group(g) => m.group.as_ref().is_some_and(|mg| mg.value == g.value),
                Scope::Programme(p) => m.programme.value == p.value,
            })
            .map(|(i, _)| i)
            .collect()
    };
    // Each scope's members found once: "全体" records are common, and a scan of the roster
    // per record is records x members.
    fn key(s: &Scope) -> (bool, &str) {
        match s {
            Scope::Group(g) => (true, g.value.as_str()),
            Scope::Programme(p) => (false, p.value.as_str()),
        }
    }
    let mut scopes: Vec<((bool, &str), Vec<usize>)> = Vec::new();
    let mut expanded: Vec<Option<Vec<usize>>> = Vec::with_capacity(c.activities.len());
    for a in &c.activities {
        expanded.push(a.everyone.map(|_| {
            let k = key(&a.scope);
            match scopes.iter().find(|(s, _)| *s == k) {
                Some((_, list)) => list.clone(),
                None => {
                    let list = members_in_scope(&a.scope);
                    scopes.push((k, list.clone()));
                    list
                }
            }
        }));
    }
    let mut checked_scopes: Vec<String> = Vec::new();
    for (a, everyone) in c.activities.iter_mut().zip(expanded) {
        match &a.scope {
            Scope::Group(g) => {
                if !known_groups.contains(&g.value) && !checked_scopes.contains(&g.value) {
                    checked_scopes.push(g.value.clone());
                    unknown(diags, g, "小组", &group_ids, year, "groups.yaml");
                }
            }
            Scope::Programme(p) => {
                if !known_programmes.contains(&p.value) && !checked_scopes.contains(&p.value) {
                    checked_scopes.push(p.value.clone());
                    unknown(diags, p, "班次", &programme_ids, year, "cohort.yaml");
                }
            }
        }
        in_period(&a.date, diags, "活动");
        for r in a.absent.iter_mut() {
            roster.resolve(r, "缺席人", diags);
        }
        if let (Some(list), Some(pos)) = (everyone, a.everyone) {
            let absent: Vec<usize> = a.absent.iter().filter_map(|r| r.member).collect();
            a.participants = list
                .into_iter()
                .filter(|i| !absent.contains(i))
                .map(|i| MemberRef {
                    text: Text::new(c.members[i].name.value.clone(), pos),
                    member: Some(i),
                })
                .collect();
        } else {
            let mut seen: Vec<usize> = Vec::new();
            for r in a.participants.iter_mut() {
                if let Some(i) = roster.resolve(r, "参加人", diags) {
                    if seen.contains(&i) {
                        diags.push(
                            Diagnostic::error(
                                r.text.pos,
                                format!("参加人「{}」在同一活动中重复列出", r.text.value),
                            )
                            .hint("删去重复的名字：每人每次活动只计一次。")
                            .width(r.text.value.chars().count()),
                        );
                        r.member = None;
                    } else {
                        seen.push(i);
                    }
                }
            }
        }
        let present: Vec<usize> = a.participants.iter().filter_map(|r| r.member).collect();
        if let Some(h) = &a.headcount
            && (h.value as usize) < a.participants.len()
        {
            diags.push(
                Diagnostic::error(h.pos, format!("实到人数 {} 少于列出的参加学员 {} 人", h.value, a.participants.len()))
                    .hint("headcount 是实到总人数（含非学员），不能少于 participants 的人数；请核对签到表。"),
            );
        }
        if let Some(o) = a.organiser.as_mut()
            && let Some(i) = roster.resolve(o, "组织者", diags)
            && !present.contains(&i)
        {
            diags.push(
                Diagnostic::warning(
                    o.text.pos,
                    format!("组织者「{}」未列为参加人，不计组织加分", o.text.value),
                )
                .hint("组织者须亲自参加才加分；若其实际参加了，请把名字加入 participants。")
                .width(o.text.value.chars().count()),
            );
        }
        for (list, role) in [
            (&mut a.contributions, "突出贡献人"),
            (&mut a.submissions, "作业提交人"),
        ] {
            for n in list.iter_mut() {
                if let Some(i) = roster.resolve(&mut n.member, role, diags)
                    && !present.contains(&i)
                {
                    diags.push(
                        Diagnostic::warning(
                            n.member.text.pos,
                            format!("{role}「{}」未列为该活动参加人", n.member.text.value),
                        )
                        .hint("核对是否漏记了参加人。")
                        .width(n.member.text.value.chars().count()),
                    );
                }
            }
        }
    }
    for t in c.teams.iter_mut() {
        for d in [&t.start, &t.end].into_iter().flatten() {
            in_period(d, diags, "实践小组");
        }
        let mut seen = Vec::new();
        for m in t.members.iter_mut() {
            if let Some(i) = roster.resolve(&mut m.member, "实践小组成员", diags) {
                if seen.contains(&i) {
                    diags.push(
                        Diagnostic::error(
                            m.member.text.pos,
                            format!("「{}」在同一实践小组中重复列出", m.member.text.value),
                        )
                        .hint("删去重复的一行。"),
                    );
                    m.member.member = None;
                }
                seen.push(i);
            }
        }
    }
    for a in c.awards.iter_mut() {
        match &mut a.kind {
            AwardKind::Members(list) => {
                for r in list.iter_mut() {
                    roster.resolve(r, "获奖人", diags);
                }
            }
            AwardKind::Groups(list) => {
                for g in list.iter() {
                    if !group_ids.contains(&g.value) {
                        unknown(diags, g, "小组", &group_ids, year, "groups.yaml");
                    }
                }
            }
            AwardKind::MemberRule(rule) => {
                if c.points.is_none() {
                    diags.push(
                        Diagnostic::error(a.pos, format!("{year} 届没有积分规则，奖项「{}」不能按积分计算", a.name.value))
                            .hint("改为人工名单 members: [...]，或在 cohort.yaml 中加入 points 积分规则。"),
                    );
                }
                if let Some(p) = &rule.programme
                    && !programme_ids.contains(&p.value)
                {
                    unknown(diags, p, "班次", &programme_ids, year, "cohort.yaml");
                }
                if let Some(g) = &rule.group
                    && !group_ids.contains(&g.value)
                {
                    unknown(diags, g, "小组", &group_ids, year, "groups.yaml");
                }
            }
            AwardKind::GroupRule(rule) => {
                if c.points.is_none() && rule.by == crate::model::GroupMetric::AveragePoints {
                    diags.push(
                        Diagnostic::error(
                            a.pos,
                            format!(
                                "{year} 届没有积分规则，小组奖「{}」不能按人均积分计算",
                                a.name.value
                            ),
                        )
                        .hint("改为 by: activities，或人工名单 groups: [...]。"),
                    );
                }
                if let Some(p) = &rule.programme
                    && !programme_ids.contains(&p.value)
                {
                    unknown(diags, p, "班次", &programme_ids, year, "cohort.yaml");
                }
            }
        }
    }
}

pub fn unknown(
    diags: &mut Diagnostics,
    t: &Text,
    what: &str,
    known: &[String],
    year: i32,
    file: &str,
) {
    let hint = match did_you_mean(&t.value, known.iter().map(String::as_str)) {
        Some(s) => format!("是否应为「{s}」？"),
        None if known.is_empty() => {
            format!("本届没有定义任何{what}：{file} 缺失、是空的或未能读取，请先修正 {file}。")
        }
        None => format!("本届{what}编号：{}（在 {file} 中定义）", known.join("、")),
    };
    diags.push(
        Diagnostic::error(t.pos, format!("{what}「{}」在 {year} 届中不存在", t.value))
            .hint(hint)
            .width(t.value.chars().count()),
    );
}

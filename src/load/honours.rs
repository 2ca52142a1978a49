//! honours.yaml: computed and manual awards, for members or for groups, in display order.

use super::reader::Reader;
use super::yaml::Node;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Award, AwardKind, GroupMetric, GroupRule, MemberRef, MemberRule, Ties};
use crate::source::FileId;

pub fn read(node: &Node, file: FileId, diags: &mut Diagnostics) -> Vec<Award> {
    let mut r = Reader::new(file, diags);
    let Some(f) = r.fields(node, "表彰文件", &["awards"]) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for n in r.records(&f, "awards", "奖项") {
        let Some(a) = r.fields(
            n,
            "奖项",
            &["name", "rule", "members", "group_rule", "groups"],
        ) else {
            continue;
        };
        let name = r.req_str(&a, "name", "奖项");
        let given: Vec<&str> = ["rule", "members", "group_rule", "groups"]
            .into_iter()
            .filter(|k| a.has(k))
            .collect();
        if given.len() != 1 {
            r.diags.push(
                Diagnostic::error(r.pos(n), format!("奖项须在 rule、members、group_rule、groups 中恰好写一项，这里写了 {} 项", given.len()))
                    .hint("计算产生的个人奖写 rule；人工评定的个人奖写 members；小组奖写 group_rule 或 groups。"),
            );
            continue;
        }
        let kind = match given[0] {
            "rule" => member_rule(&mut r, a.get("rule").unwrap_or(n)).map(AwardKind::MemberRule),
            "group_rule" => {
                group_rule(&mut r, a.get("group_rule").unwrap_or(n)).map(AwardKind::GroupRule)
            }
            "members" => Some(AwardKind::Members(
                r.str_list(&a, "members")
                    .into_iter()
                    .map(MemberRef::new)
                    .collect(),
            )),
            _ => Some(AwardKind::Groups(r.str_list(&a, "groups"))),
        };
        if let (Some(name), Some(kind)) = (name, kind) {
            out.push(Award {
                name,
                kind,
                pos: r.pos(n),
            });
        }
    }
    out
}

fn member_rule(r: &mut Reader, n: &Node) -> Option<MemberRule> {
    let f = r.fields(
        n,
        "评选规则",
        &[
            "top",
            "top_percent",
            "min_points",
            "programme",
            "group",
            "ties",
        ],
    )?;
    let top = r.opt_u32(&f, "top").map(|v| v.value);
    let top_percent = r.opt_f64(&f, "top_percent");
    if let Some(p) = &top_percent
        && (p.value <= 0.0 || p.value > 100.0)
    {
        r.diags.push(
            Diagnostic::error(p.pos, "top_percent 应在 0 到 100 之间")
                .hint("如前 30% 写 top_percent: 30。"),
        );
    }
    let min_points = r.opt_u32(&f, "min_points").map(|v| v.value);
    if top.is_some() && top_percent.is_some() {
        r.diags.push(
            Diagnostic::error(r.pos(n), "top 与 top_percent 只能写一个").hint("保留其中一项。"),
        );
    }
    if top.is_none() && top_percent.is_none() && min_points.is_none() {
        r.diags.push(
            Diagnostic::error(
                r.pos(n),
                "评选规则至少要有 top、top_percent 或 min_points 之一",
            )
            .hint("例如前 10 名写 top: 10；积分达到 90 分写 min_points: 90。"),
        );
        return None;
    }
    let ties = match r.choice(&f, "ties", &["include", "exclude"]) {
        Some(t) if t.value == "exclude" => Ties::Exclude,
        _ => Ties::Include,
    };
    Some(MemberRule {
        top,
        top_percent: top_percent.map(|p| p.value),
        min_points,
        programme: r.opt_str(&f, "programme"),
        group: r.opt_str(&f, "group"),
        ties,
    })
}

fn group_rule(r: &mut Reader, n: &Node) -> Option<GroupRule> {
    let f = r.fields(n, "小组评选规则", &["by", "top", "programme"])?;
    let by = match r.choice(&f, "by", &["average_points", "activities"]) {
        Some(b) if b.value == "activities" => GroupMetric::Activities,
        Some(_) => GroupMetric::AveragePoints,
        None => {
            if !f.has("by") {
                r.diags.push(
                    Diagnostic::error(r.pos(n), "小组评选规则缺少「by」")
                        .hint("按人均积分写 by: average_points；按活动次数写 by: activities。"),
                );
            }
            return None;
        }
    };
    let Some(top) = r.opt_u32(&f, "top") else {
        r.diags.push(
            Diagnostic::error(r.pos(n), "小组评选规则缺少「top」（评选数量）")
                .hint("如评 2 个小组写 top: 2。"),
        );
        return None;
    };
    Some(GroupRule {
        by,
        top: top.value,
        programme: r.opt_str(&f, "programme"),
    })
}

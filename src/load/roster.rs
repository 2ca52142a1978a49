//! groups.yaml and members.yaml: the groups with their mentors, and the member roster.

use super::cohort::{bad_id, valid_id};
use super::reader::Reader;
use super::yaml::Node;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Group, Member, Mentor, Personal, Rank};
use crate::source::{FileId, Located};

pub fn groups(node: &Node, file: FileId, diags: &mut Diagnostics) -> Vec<Group> {
    let mut r = Reader::new(file, diags);
    let Some(f) = r.fields(node, "小组文件", &["groups"]) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for n in r.records(&f, "groups", "小组") {
        let Some(g) = r.fields(n, "小组", &["id", "name", "programme", "line", "mentor"]) else {
            continue;
        };
        let id = r.req_str(&g, "id", "小组");
        let name = r.req_str(&g, "name", "小组");
        let programme = r.req_str(&g, "programme", "小组");
        let line = r.opt_str(&g, "line").map(|t| t.value);
        let mentor = g.get("mentor").and_then(|m| {
            let mf = r.fields(m, "导师", &["name", "title"])?;
            let name = r.req_str(&mf, "name", "导师")?;
            Some(Mentor {
                name: name.value,
                title: r.opt_str(&mf, "title").map(|t| t.value),
            })
        });
        if let (Some(id), Some(name), Some(programme)) = (id, name, programme) {
            if !valid_id(&id) {
                bad_id(&mut r, &id);
            }
            out.push(Group {
                id,
                name: name.value,
                programme,
                line,
                mentor,
            });
        }
    }
    out
}

const MEMBER_FIELDS: [&str; 13] = [
    "id",
    "name",
    "gender",
    "department",
    "position",
    "rank",
    "programme",
    "group",
    "line",
    "home_line",
    "consent",
    "personal",
    "sort_as",
];

pub fn members(node: &Node, file: FileId, diags: &mut Diagnostics) -> Vec<Member> {
    let mut r = Reader::new(file, diags);
    let Some(f) = r.fields(node, "名册文件", &["members"]) else {
        return Vec::new();
    };
    if !f.has("members") {
        r.diags.push(
            Diagnostic::error(r.pos(node), "名册是空的：缺少「members」列表")
                .hint("按 docs/content-format.md 第 5 节列出本届学员。"),
        );
    }
    let mut out = Vec::new();
    for n in r.records(&f, "members", "学员") {
        let Some(m) = r.fields(n, "学员", &MEMBER_FIELDS) else {
            continue;
        };
        let id = r.req_str(&m, "id", "学员");
        let name = r.req_str(&m, "name", "学员");
        let department = r.req_str(&m, "department", "学员");
        let rank = match r.choice(&m, "rank", &Rank::NAMES) {
            Some(v) => Rank::parse(&v.value),
            None if !m.has("rank") => {
                r.diags.push(
                    Diagnostic::error(r.pos(n), "学员缺少必填字段「rank」（职级）")
                        .hint("填 一般工作人员、中层副职 或 中层正职。"),
                );
                None
            }
            None => None,
        };
        let programme = r.req_str(&m, "programme", "学员");
        let female = r
            .choice(&m, "gender", &["男", "女"])
            .map(|g| g.value == "女");
        let personal = m
            .get("personal")
            .and_then(|p| {
                let pf = r.fields(p, "个人信息", &["birth_date", "phone", "political_status"])?;
                Some(Personal {
                    birth_date: r.opt_date(&pf, "birth_date").map(|d| d.value),
                    phone: r.opt_str(&pf, "phone").map(|t| t.value),
                    political_status: r.opt_str(&pf, "political_status").map(|t| t.value),
                })
            })
            .unwrap_or_default();
        // Only id and name identify a person. Without the other required fields (reported
        // above) the member is kept with stand-ins, so that records naming them are not all
        // reported as naming a stranger.
        let member = Member {
            position: r.opt_str(&m, "position").map(|t| t.value),
            group: r.opt_str(&m, "group"),
            line: r.opt_str(&m, "line").map(|t| t.value),
            home_line: r.opt_str(&m, "home_line").map(|t| t.value),
            sort_as: r.opt_str(&m, "sort_as").map(|t| t.value),
            consent: r.opt_bool(&m, "consent").map(|b| b.value).unwrap_or(true),
            personal,
            female,
            pos: r.pos(n),
            id: match id {
                Some(i) => i,
                None => continue,
            },
            name: match name {
                Some(i) => i,
                None => continue,
            },
            department: department.map(|d| d.value).unwrap_or_default(),
            rank: rank.unwrap_or(Rank::Staff),
            programme: programme.unwrap_or_else(|| Located::new(String::new(), r.pos(n))),
        };
        out.push(member);
    }
    out
}

//! activities/*.yaml (activity records of a group or a whole programme) and
//! practice-teams.yaml (key-work practice teams).

use super::reader::{Fields, Reader};
use super::yaml::{Node, Value};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Activity, ActivityKind, MemberRef, Note, PracticeTeam, Scope, TeamMember};
use crate::source::{FileId, Located};
use chrono::NaiveDate;

const ACTIVITY_FIELDS: [&str; 10] = [
    "date",
    "title",
    "kind",
    "organiser",
    "headcount",
    "participants",
    "absent",
    "contributions",
    "submissions",
    "summary",
];

/// `fallback_date` stands in for a missing or invalid date (the cohort's first day, so no
/// second, misleading "outside the period" error follows the first).
pub fn read(
    node: &Node,
    file: FileId,
    fallback_date: NaiveDate,
    diags: &mut Diagnostics,
) -> Vec<Activity> {
    let mut r = Reader::new(file, diags);
    let Some(f) = r.fields(node, "活动记录文件", &["group", "programme", "activities"])
    else {
        return Vec::new();
    };
    let scope = match (r.opt_str(&f, "group"), r.opt_str(&f, "programme")) {
        (Some(g), None) => Scope::Group(g),
        (None, Some(p)) => Scope::Programme(p),
        (Some(g), Some(_)) => {
            r.diags.push(
                Diagnostic::error(g.pos, "活动记录文件不能同时写 group 和 programme")
                    .hint("小组活动只写 group；全班活动只写 programme。"),
            );
            return Vec::new();
        }
        (None, None) => {
            r.diags.push(
                Diagnostic::error(
                    r.pos(node),
                    "活动记录文件缺少归属：文件开头应写 group 或 programme",
                )
                .hint("小组活动在文件第一行写“group: 小组编号”；全班活动写“programme: 班次编号”。"),
            );
            return Vec::new();
        }
    };
    if !f.has("activities") {
        r.diags.push(
            Diagnostic::error(r.pos(node), "活动记录文件缺少「activities」列表")
                .hint("在 activities: 下逐条列出活动，格式见 docs/content-format.md 第 6 节。"),
        );
    }
    let mut out = Vec::new();
    for n in r.records(&f, "activities", "活动") {
        if let Some(a) = activity(&mut r, n, &scope, fallback_date) {
            out.push(a);
        }
    }
    out
}

fn refs(list: Vec<crate::source::Located<String>>) -> Vec<MemberRef> {
    list.into_iter().map(MemberRef::new).collect()
}

fn activity(r: &mut Reader, n: &Node, scope: &Scope, fallback_date: NaiveDate) -> Option<Activity> {
    let f = r.fields(n, "活动", &ACTIVITY_FIELDS)?;
    let date = r.req_date(&f, "date", "活动");
    let title = r.req_str(&f, "title", "活动");
    let kind = match r.choice(&f, "kind", &ActivityKind::NAMES) {
        Some(k) => ActivityKind::parse(&k.value),
        None if !f.has("kind") => {
            r.diags.push(
                Diagnostic::error(r.pos(n), "活动缺少必填字段「kind」（活动类型）")
                    .hint(format!("填写其一：{}", ActivityKind::NAMES.join("、"))),
            );
            None
        }
        None => None,
    };
    let organiser = r.opt_str(&f, "organiser").map(MemberRef::new);
    let headcount = r.opt_u32(&f, "headcount");
    let (participants, everyone) = participants(r, &f);
    if !f.has("participants") {
        r.diags.push(
            Diagnostic::error(r.pos(n), "活动缺少必填字段「participants」（参加人员）").hint(
                "列出参加的学员，如 participants: [李泗, 张三]；全体参加写 participants: 全体。",
            ),
        );
    }
    let absent = refs(r.str_list(&f, "absent"));
    if !absent.is_empty() && everyone.is_none() {
        r.diags.push(
            Diagnostic::error(
                absent[0].text.pos,
                "只有 participants 写“全体”时才能使用 absent",
            )
            .hint("直接在 participants 中列出实际参加的人，删去 absent。"),
        );
    }
    let contributions = notes(r, &f, "contributions", "note", "突出贡献");
    let submissions = notes(r, &f, "submissions", "title", "作业");
    let summary = r.opt_str(&f, "summary").map(|t| t.value);
    // A missing or invalid date, title or kind has been reported above. The record is kept
    // with stand-ins so that its names, headcount and notes are still checked in this run
    // (nothing is published from content with errors).
    Some(Activity {
        scope: scope.clone(),
        date: date.unwrap_or_else(|| Located::new(fallback_date, r.pos(n))),
        title: title.unwrap_or_else(|| Located::new(String::new(), r.pos(n))),
        kind: kind.unwrap_or(ActivityKind::Other),
        organiser,
        headcount,
        participants,
        everyone,
        absent,
        contributions,
        submissions,
        summary,
        pos: r.pos(n),
    })
}

fn participants(r: &mut Reader, f: &Fields) -> (Vec<MemberRef>, Option<crate::source::Pos>) {
    if let Some(n) = f.get("participants")
        && let Value::Str(s) = &n.value
        && matches!(s.trim(), "全体" | "all")
    {
        return (Vec::new(), Some(r.pos(n)));
    }
    (refs(r.str_list(f, "participants")), None)
}

fn notes(r: &mut Reader, f: &Fields, key: &str, text_key: &str, what: &str) -> Vec<Note> {
    let mut out = Vec::new();
    for n in r.records(f, key, what) {
        let Some(nf) = r.fields(n, what, &["member", text_key]) else {
            continue;
        };
        let member = r.req_str(&nf, "member", what);
        let text = r
            .opt_str(&nf, text_key)
            .map(|t| t.value)
            .unwrap_or_default();
        if let Some(m) = member {
            out.push(Note {
                member: MemberRef::new(m),
                text,
            });
        }
    }
    out
}

pub fn teams(node: &Node, file: FileId, diags: &mut Diagnostics) -> Vec<PracticeTeam> {
    let mut r = Reader::new(file, diags);
    let Some(f) = r.fields(node, "实践小组文件", &["teams"]) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for n in r.records(&f, "teams", "实践小组") {
        let Some(t) = r.fields(
            n,
            "实践小组",
            &["id", "name", "work", "start", "end", "members"],
        ) else {
            continue;
        };
        let id = r.req_str(&t, "id", "实践小组");
        let name = r.req_str(&t, "name", "实践小组");
        let work = r.req_str(&t, "work", "实践小组");
        let start = r.opt_date(&t, "start");
        let end = r.opt_date(&t, "end");
        let mut members = Vec::new();
        for m in r.records(&t, "members", "实践小组成员") {
            let Some(mf) = r.fields(m, "实践小组成员", &["member", "completed"]) else {
                continue;
            };
            let member = r.req_str(&mf, "member", "实践小组成员");
            let completed = r.opt_bool(&mf, "completed");
            if completed.is_none() && !mf.has("completed") {
                r.diags.push(
                    Diagnostic::error(
                        r.pos(m),
                        "实践小组成员缺少必填字段「completed」（是否完成）",
                    )
                    .hint("完成工作写 completed: true，未完成写 completed: false。"),
                );
            }
            if let (Some(member), Some(c)) = (member, completed) {
                members.push(TeamMember {
                    member: MemberRef::new(member),
                    completed: c.value,
                });
            }
        }
        if let (Some(id), Some(name), Some(work)) = (id, name, work) {
            out.push(PracticeTeam {
                id,
                name: name.value,
                work: work.value,
                start,
                end,
                members,
                pos: r.pos(n),
            });
        }
    }
    out
}

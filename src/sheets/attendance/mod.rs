//! Sign-in sheets → activity records. One row per activity: 日期, 活动名称, 类型, optional
//! 组织者, 实到人数, 简介, 缺席人员, then either one column per member (header = the member's
//! name or id, a tick in the cell when present) or a 参加人员 column listing names, or both.
//!
//! Everything is checked before anything is written: names against the cohort's roster (with
//! did-you-mean), dates against the cohort's period, kinds, headcounts and duplicates (in the
//! sheet and against the group's existing records). Each problem names its sheet row and column.
//! The header is read by [`header`], each activity row by [`row`].

mod header;
mod row;

use super::grid::Grid;
use super::problem::Problem;
use crate::diag::Diagnostics;
use crate::model::{ActivityKind, Cohort, MemberRef};
use crate::source::{Located, Pos};
use crate::validate::Roster;
use chrono::NaiveDate;

/// Where the records go and what they are checked against.
pub struct Context<'a> {
    pub cohort: &'a Cohort,
    /// Group id.
    pub group: &'a str,
    pub roster: &'a Roster,
    /// The group's activities already on file: (date, title, `file:line:col`).
    pub existing: Vec<(NaiveDate, String, String)>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Participants {
    /// `participants: 全体` — every member of the group (less `absent`).
    Everyone,
    /// Names or ids as written in the sheet, each resolving to one member.
    List(Vec<String>),
}

/// One activity read from one sheet row, checked and ready to be written.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    pub row: u32,
    pub date: NaiveDate,
    pub title: String,
    pub kind: ActivityKind,
    pub organiser: Option<String>,
    pub headcount: Option<u32>,
    pub participants: Participants,
    pub absent: Vec<String>,
    pub summary: Option<String>,
}

#[derive(Debug, Default)]
pub struct Plan {
    pub records: Vec<Record>,
    pub problems: Vec<Problem>,
    /// Sheet row of the header.
    pub header_row: u32,
    /// Number of member (tick) columns.
    pub member_columns: usize,
}

impl Plan {
    pub fn errors(&self) -> usize {
        self.problems.iter().filter(|p| p.is_error()).count()
    }
    pub fn warnings(&self) -> usize {
        self.problems.len() - self.errors()
    }
}

struct Resolved {
    member: Option<usize>,
    message: String,
    hint: String,
}

/// Resolves a name or id through the validator's roster, so the import finds exactly who
/// `showcase check` will find and suggests the same corrections.
fn resolve(ctx: &Context, text: &str, role: &str) -> Resolved {
    let mut r = MemberRef::new(Located::new(text.to_string(), Pos::default()));
    let mut diags = Diagnostics::default();
    let member = ctx.roster.resolve(&mut r, role, &mut diags);
    let d = diags.list.into_iter().next();
    Resolved {
        member,
        message: d.as_ref().map(|d| d.message.clone()).unwrap_or_default(),
        hint: d.and_then(|d| d.hint).unwrap_or_default(),
    }
}

/// Reads a sign-in sheet into records, with every problem found.
pub fn plan(grid: &Grid, ctx: &Context) -> Plan {
    let mut plan = Plan::default();
    let group_name = ctx
        .cohort
        .group(ctx.group)
        .map(|g| g.name.clone())
        .unwrap_or_else(|| ctx.group.to_string());
    let Some(header) = header::read(grid, ctx, &group_name, &mut plan) else {
        return plan;
    };
    // Rows are checked even when some header names are wrong, so that one run lists every
    // problem; a row's ticks under an unknown name are simply not counted.
    let mut rows = row::Rows::new(ctx, &header, &group_name, plan.errors());
    for (no, cells) in &grid.rows[header.index + 1..] {
        if let Some(record) = rows.check(*no, cells, &mut plan.problems) {
            plan.records.push(record);
        }
    }
    if plan.records.is_empty() && plan.errors() == 0 {
        plan.problems.push(
            Problem::error(format!("表头（第 {} 行）下面没有任何活动记录", header.row))
                .hint("每次活动填一行；确认选对了文件和工作表（--sheet）。"),
        );
    }
    plan
}

fn not_in_group_warning(
    ctx: &Context,
    group_name: &str,
    m: usize,
    text: &str,
    out: &mut Vec<Problem>,
    at: impl Fn(Problem) -> Problem,
) {
    let member = &ctx.cohort.members[m];
    let g = member.group.as_ref().map(|g| g.value.as_str());
    if g == Some(ctx.group) {
        return;
    }
    let theirs = ctx
        .cohort
        .group_of(m)
        .map(|g| format!("是{}成员", g.name))
        .unwrap_or_else(|| "未分组".to_string());
    out.push(at(Problem::warning(format!(
        "「{text}」不是{group_name}成员（{theirs}），其参加记录仍会记入{group_name}的活动"
    ))
    .hint(
        "若是跨组参加活动，可不理会；若是写错了人或选错了小组（--group），请改正。",
    )));
}

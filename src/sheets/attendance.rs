//! Sign-in sheets → activity records. One row per activity: 日期, 活动名称, 类型, optional
//! 组织者, 实到人数, 简介, 缺席人员, then either one column per member (header = the member's
//! name or id, a tick in the cell when present) or a 参加人员 column listing names, or both.
//!
//! Everything is checked before anything is written: names against the cohort's roster (with
//! did-you-mean), dates against the cohort's period, kinds, headcounts and duplicates (in the
//! sheet and against the group's existing records). Each problem names its sheet row and column.

use super::grid::{Cell, Grid, number_text};
use super::problem::Problem;
use crate::diag::{Diagnostics, did_you_mean};
use crate::model::{ActivityKind, Cohort, MemberRef};
use crate::source::{Located, Pos};
use crate::text::date_cn;
use crate::validate::Roster;
use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;

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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Role {
    Date,
    Title,
    Kind,
    Organiser,
    Headcount,
    Participants,
    Absent,
    Summary,
    Ignore,
}

/// Column titles recognised (after removing spaces and a bracketed note); the first of each
/// list is the documented one.
const ROLES: [(Role, &[&str]); 9] = [
    (Role::Date, &["日期", "活动日期", "时间", "活动时间"]),
    (
        Role::Title,
        &[
            "活动名称",
            "活动名",
            "名称",
            "活动",
            "活动主题",
            "主题",
            "标题",
            "活动项目",
            "项目",
        ],
    ),
    (
        Role::Kind,
        &["类型", "活动类型", "类别", "活动类别", "形式", "活动形式"],
    ),
    (
        Role::Organiser,
        &["组织者", "组织人", "负责人", "牵头人", "召集人"],
    ),
    (
        Role::Headcount,
        &[
            "实到人数",
            "实到",
            "人数",
            "参加人数",
            "实到总人数",
            "到会人数",
            "出席人数",
        ],
    ),
    (
        Role::Participants,
        &[
            "参加人员",
            "参加人",
            "参加学员",
            "参会人员",
            "出席人员",
            "到会人员",
            "参加者",
        ],
    ),
    (
        Role::Absent,
        &["缺席人员", "缺席", "缺席人", "请假人员", "未到人员"],
    ),
    (
        Role::Summary,
        &[
            "简介",
            "活动简介",
            "内容",
            "活动内容",
            "内容摘要",
            "摘要",
            "情况简介",
            "主要内容",
        ],
    ),
    (Role::Ignore, &["序号", "编号", "备注", "说明", "no", "no."]),
];

const LAYOUT_HINT: &str = "第一行（表头）依次写：日期、活动名称、类型、组织者（可省略）、实到人数（可省略），然后每位学员一列（列名为姓名，参加的画 √），或用一列「参加人员」写姓名（用顿号分隔）。格式见 docs/content-format.md 中“从 Excel 签到表导入活动记录”一节。";

pub(crate) fn normalise_header(s: &str) -> String {
    let mut t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    // Drop a trailing bracketed note: 实到人数（含非学员） → 实到人数.
    for (open, close) in [('（', '）'), ('(', ')'), ('【', '】'), ('[', ']')] {
        if t.ends_with(close)
            && let Some(i) = t.rfind(open)
            && i > 0
        {
            t.truncate(i);
        }
    }
    t.trim_end_matches(['*', ':', '：'])
        .trim_start_matches('*')
        .to_lowercase()
}

fn role_of(header: &str) -> Option<Role> {
    let h = normalise_header(header);
    ROLES
        .iter()
        .find(|(_, names)| names.contains(&h.as_str()))
        .map(|(r, _)| *r)
}

fn role_title(r: Role) -> &'static str {
    ROLES
        .iter()
        .find(|(x, _)| *x == r)
        .map(|(_, n)| n[0])
        .unwrap_or("")
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tick {
    Present,
    Absent,
    Unknown,
}

/// Reads a sign-in mark generously: √ ✓ ✔ ☑ 1 是 Y yes x 到 出席 … mean present; an empty
/// cell, 0, 否, N, ×, 缺席, 请假 … mean absent.
pub fn tick(c: &Cell) -> Tick {
    match c {
        Cell::Empty => Tick::Absent,
        Cell::Bool(b) => {
            if *b {
                Tick::Present
            } else {
                Tick::Absent
            }
        }
        Cell::Number(n) if *n == 1.0 => Tick::Present,
        Cell::Number(n) if *n == 0.0 => Tick::Absent,
        Cell::Number(_) | Cell::Date(_) => Tick::Unknown,
        Cell::Text(s) => {
            let t = s.trim().to_lowercase();
            const PRESENT: [&str; 27] = [
                "√",
                "✓",
                "✔",
                "☑",
                "✅",
                "1",
                "是",
                "y",
                "yes",
                "x",
                "v",
                "t",
                "true",
                "到",
                "已到",
                "出席",
                "参加",
                "已参加",
                "签到",
                "已签到",
                "有",
                "○",
                "〇",
                "●",
                "o",
                "迟到",
                "ok",
            ];
            const ABSENT: [&str; 22] = [
                "", "0", "否", "n", "no", "f", "false", "×", "✗", "✘", "❌", "缺", "缺席", "请假",
                "未到", "无", "-", "—", "－", "/", "／", "病假",
            ];
            if PRESENT.contains(&t.as_str()) {
                Tick::Present
            } else if ABSENT.contains(&t.as_str()) {
                Tick::Absent
            } else {
                Tick::Unknown
            }
        }
    }
}

/// Days from Excel's day 0 (1899-12-30, accounting for its 1900 leap-year bug).
fn excel_serial(n: f64) -> Option<NaiveDate> {
    if n.fract() != 0.0 || !(61.0..=2_958_465.0).contains(&n) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(chrono::Days::new(n as u64))
}

fn yyyymmdd(s: &str) -> Option<NaiveDate> {
    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        NaiveDate::parse_from_str(s, "%Y%m%d").ok()
    } else {
        None
    }
}

/// A date as office staff write it: a real Excel date, a serial number, `2017-06-10`,
/// `2017/6/10`, `2017.6.10`, `2017年6月10日`, `20170610`, with or without a weekday or a time
/// after it; `6月10日` takes `year` when one is given.
pub fn parse_date(c: &Cell, year: Option<i32>) -> Option<NaiveDate> {
    match c {
        Cell::Date(d) => Some(*d),
        Cell::Number(n) => yyyymmdd(&number_text(*n)).or_else(|| excel_serial(*n)),
        Cell::Text(s) => {
            let s = s.trim();
            // Cut a weekday or time: "2017-06-10（周六）", "2017/6/10 14:30".
            let s = s
                .split(|c: char| c.is_whitespace() || "（(星周".contains(c))
                .next()
                .unwrap_or("");
            if let Some(d) = yyyymmdd(s) {
                return Some(d);
            }
            if s.len() == 5
                && s.bytes().all(|b| b.is_ascii_digit())
                && let Ok(n) = s.parse::<f64>()
            {
                return excel_serial(n);
            }
            let t = s
                .replace(['年', '月'], "-")
                .replace(['日', '号'], "")
                .replace(['－', '／', '．'], "-");
            if let Some(d) = crate::text::parse_date(&t) {
                return Some(d);
            }
            let y = year?;
            if s.contains('月') {
                return crate::text::parse_date(&format!("{y}-{t}"));
            }
            None
        }
        Cell::Empty | Cell::Bool(_) => None,
    }
}

/// Names in one cell: separated by 、，, ； ; or line breaks, and by spaces too, except inside
/// a name padded for alignment (王　芳), which `known` recognises.
pub fn split_names(s: &str, known: impl Fn(&str) -> bool) -> Vec<String> {
    let mut out = Vec::new();
    for part in s.split(|c: char| "、，,；;\n\r".contains(c)) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let joined = clean_name(part);
        if part.contains(char::is_whitespace) && !known(&joined) {
            out.extend(
                part.split_whitespace()
                    .map(clean_name)
                    .filter(|p| !p.is_empty()),
            );
        } else if !joined.is_empty() {
            out.push(joined);
        }
    }
    out
}

/// A name as written in a cell, without padding spaces and a bracketed note:
/// 「王　芳」→「王芳」，「高峰（组长）」→「高峰」.
pub fn clean_name(s: &str) -> String {
    let mut t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    for (open, close) in [('（', '）'), ('(', ')')] {
        if t.ends_with(close)
            && let Some(i) = t.rfind(open)
            && i > 0
        {
            t.truncate(i);
        }
    }
    t
}

pub(crate) fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Column of the header row.
#[derive(Debug)]
enum Col {
    /// A recognised column (日期, 类型, …), found through `role_col`.
    Role,
    /// A member column: the header as written, and the member it names (if it resolves).
    Member(String, Option<usize>),
    Blank,
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

pub fn plan(grid: &Grid, ctx: &Context) -> Plan {
    let mut plan = Plan::default();
    let c = ctx.cohort;
    let group_name = c
        .group(ctx.group)
        .map(|g| g.name.clone())
        .unwrap_or_else(|| ctx.group.to_string());
    let Some(hidx) = grid.rows.iter().take(30).position(|(_, cells)| {
        let roles: Vec<Role> = cells.iter().filter_map(|x| role_of(&x.text())).collect();
        roles.contains(&Role::Date) && roles.contains(&Role::Title)
    }) else {
        plan.problems.push(
            Problem::error("找不到表头：表格前 30 行中没有同时含「日期」和「活动名称」两列的一行")
                .hint(LAYOUT_HINT),
        );
        return plan;
    };
    let (hrow, header) = (&grid.rows[hidx].0, &grid.rows[hidx].1);
    let hrow = *hrow;
    plan.header_row = hrow;

    // ---- header ----
    let mut cols: Vec<Col> = Vec::new();
    let mut role_col: HashMap<Role, usize> = HashMap::new();
    let mut member_col: HashMap<usize, usize> = HashMap::new();
    let all_titles: Vec<&str> = ROLES
        .iter()
        .filter(|(r, _)| *r != Role::Ignore)
        .flat_map(|(_, n)| n.iter().copied())
        .collect();
    for (i, cell) in header.iter().enumerate() {
        let h = collapse(&cell.text());
        let at = |p: Problem| p.row(hrow).col(i as u32, Some(&h));
        if h.is_empty() {
            cols.push(Col::Blank);
            continue;
        }
        if let Some(role) = role_of(&h) {
            if role != Role::Ignore
                && let Some(&first) = role_col.get(&role)
            {
                plan.problems.push(at(Problem::error(format!(
                    "「{}」列出现了两次（另一处在 {} 列）",
                    role_title(role),
                    super::problem::column_letter(first as u32)
                ))
                .hint("删去或改名其中一列。")));
                cols.push(Col::Blank);
                continue;
            }
            role_col.insert(role, i);
            cols.push(Col::Role);
            continue;
        }
        let name = clean_name(&h);
        let r = resolve(ctx, &name, "参加人");
        match r.member {
            Some(m) => {
                if let Some(&first) = member_col.get(&m) {
                    plan.problems.push(at(Problem::error(format!(
                        "学员「{}」有两列（另一列在 {} 列）",
                        c.members[m].name.value,
                        super::problem::column_letter(first as u32)
                    ))
                    .hint("把两列的勾合并到一列，删去另一列。")));
                    cols.push(Col::Blank);
                    continue;
                }
                member_col.insert(m, i);
                not_in_group_warning(ctx, &group_name, m, &name, &mut plan.problems, at);
                cols.push(Col::Member(name, Some(m)));
            }
            None => {
                let p = if r.message.contains("同名") {
                    Problem::error(format!("表头「{h}」：{}", r.message)).hint(format!(
                        "{}（列名写人员编号即可）",
                        r.hint.trim_end_matches('。')
                    ))
                } else if let Some(t) =
                    did_you_mean(&normalise_header(&h), all_titles.iter().copied())
                {
                    Problem::error(format!(
                        "表头「{h}」既不是可识别的列名，也不是 {} 届学员的姓名",
                        c.year
                    ))
                    .hint(format!("是否应为「{t}」？{}", LAYOUT_HINT))
                } else {
                    Problem::error(format!(
                        "表头「{h}」不是 {} 届学员的姓名，也不是可识别的列名",
                        c.year
                    ))
                    .hint(format!("{}不需要的列可改名为「备注」。", r.hint))
                };
                plan.problems.push(at(p));
                cols.push(Col::Member(h, None));
            }
        }
    }
    plan.member_columns = cols.iter().filter(|c| matches!(c, Col::Member(..))).count();
    let unknown_members = cols
        .iter()
        .filter(|c| matches!(c, Col::Member(_, None)))
        .count();
    if unknown_members >= 3 && unknown_members == plan.member_columns {
        plan.problems.push(
            Problem::error(format!(
                "表头中的 {unknown_members} 个姓名都不是 {} 届学员",
                c.year
            ))
            .row(hrow)
            .hint("是否选错了届次？用 --cohort 年份 指定签到表所属的届。"),
        );
    }
    let mut structural = false;
    if !role_col.contains_key(&Role::Kind) {
        structural = true;
        plan.problems.push(
            Problem::error("表头中没有「类型」列")
                .row(hrow)
                .hint(format!(
                    "加一列「类型」，填写其一：{}。",
                    ActivityKind::NAMES.join("、")
                )),
        );
    }
    if !role_col.contains_key(&Role::Participants) && plan.member_columns == 0 {
        structural = true;
        plan.problems.push(
            Problem::error(
                "表格中没有参加人：既没有以学员姓名为列名的签到列，也没有「参加人员」列",
            )
            .row(hrow)
            .hint(LAYOUT_HINT),
        );
    }
    if structural {
        return plan;
    }
    // Rows are checked even when some header names are wrong, so that one run lists every
    // problem; a row's ticks under an unknown name are simply not counted.
    let header_errors = plan.errors();

    // ---- rows ----
    let year_hint = (c.start.year() == c.end.year()).then_some(c.start.year());
    let in_scope: Vec<usize> = c.group_members(ctx.group).map(|(i, _)| i).collect();
    let mut seen_rows: HashMap<(NaiveDate, String), u32> = HashMap::new();
    let mut warned_outside: Vec<usize> = member_col.keys().copied().collect();
    let mut blank_col_reported: Vec<usize> = Vec::new();
    let header_text = |i: usize| collapse(&Grid::cell(header, i).text());
    for (rowno, cells) in &grid.rows[hidx + 1..] {
        let rowno = *rowno;
        if cells.iter().all(Cell::is_blank) {
            continue;
        }
        let get = |role: Role| role_col.get(&role).map(|&i| (i, Grid::cell(cells, i)));
        let first_text = get(Role::Date).map(|(_, x)| x.text()).unwrap_or_default();
        if ["合计", "小计", "总计", "统计", "注", "备注", "说明", "填表"]
            .iter()
            .any(|w| first_text.starts_with(w))
        {
            continue;
        }
        let errors_before = plan.errors();
        let mut problems: Vec<Problem> = Vec::new();
        let at = |i: usize, p: Problem| p.row(rowno).col(i as u32, Some(&header_text(i)));

        for (i, col) in cols.iter().enumerate() {
            if matches!(col, Col::Blank)
                && !Grid::cell(cells, i).is_blank()
                && !blank_col_reported.contains(&i)
                && header.get(i).is_none_or(Cell::is_blank)
            {
                blank_col_reported.push(i);
                problems.push(at(
                    i,
                    Problem::error(format!(
                        "这一列没有表头，却填了「{}」",
                        Grid::cell(cells, i).text()
                    ))
                    .hint("在第一行给这一列写上列名（学员姓名或「备注」），或清空这一列。"),
                ));
            }
        }

        // Date.
        let (dcol, dcell) = get(Role::Date).expect("header has a date column");
        let date = match parse_date(dcell, year_hint) {
            None if dcell.is_blank() => {
                problems.push(at(
                    dcol,
                    Problem::error("没有填日期").hint("填写活动日期，如 2017-06-10。"),
                ));
                None
            }
            None => {
                problems.push(at(
                    dcol,
                    Problem::error(format!("日期「{}」无法识别", dcell.text())).hint(
                        "写成 2017-06-10、2017/6/10 或 2017年6月10日；在 Excel 中也可把这一列设为“日期”格式。",
                    ),
                ));
                None
            }
            Some(d) if d < c.start || d > c.end => {
                problems.push(at(
                    dcol,
                    Problem::error(format!(
                        "日期 {d} 不在 {} 届培养期（{} 至 {}）内",
                        c.year,
                        date_cn(c.start),
                        date_cn(c.end)
                    ))
                    .hint("核对年份和月份是否写错；若要导入其他届的活动，请加 --cohort 年份。"),
                ));
                None
            }
            Some(d) => Some(d),
        };

        // Title.
        let (tcol, tcell) = get(Role::Title).expect("header has a title column");
        let title = collapse(&tcell.text());
        if title.is_empty() {
            problems.push(at(
                tcol,
                Problem::error("没有填活动名称").hint("填写活动名称，如 夜间市容巡查。"),
            ));
        }

        // Kind.
        let kind = match get(Role::Kind) {
            Some((kcol, kcell)) => {
                let k: String = kcell
                    .text()
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect();
                match ActivityKind::parse(&k) {
                    Some(k) => Some(k),
                    None if k.is_empty() => {
                        problems.push(at(
                            kcol,
                            Problem::error("没有填活动类型")
                                .hint(format!("填写其一：{}", ActivityKind::NAMES.join("、"))),
                        ));
                        None
                    }
                    None => {
                        let hint = match did_you_mean(&k, ActivityKind::NAMES) {
                            Some(s) => {
                                format!("是否应为「{s}」？可选：{}", ActivityKind::NAMES.join("、"))
                            }
                            None => format!("可选：{}", ActivityKind::NAMES.join("、")),
                        };
                        problems.push(at(
                            kcol,
                            Problem::error(format!("活动类型「{k}」不在可选范围内")).hint(hint),
                        ));
                        None
                    }
                }
            }
            None => None,
        };

        // Participants: ticks, then the names column.
        let mut present: Vec<(String, usize)> = Vec::new();
        let mut everyone = false;
        for (i, col) in cols.iter().enumerate() {
            let Col::Member(h, m) = col else { continue };
            let cell = Grid::cell(cells, i);
            match tick(cell) {
                Tick::Present => {
                    if let Some(m) = m
                        && !present.iter().any(|(_, x)| x == m)
                    {
                        present.push((h.clone(), *m));
                    }
                }
                Tick::Absent => {}
                Tick::Unknown => problems.push(at(
                    i,
                    Problem::error(format!("无法识别的签到标记「{}」", cell.text()))
                        .hint("参加的画 √（或填 1、是、Y），未参加的留空（或填 ×、0、否）。"),
                )),
            }
        }
        if let Some((pcol, pcell)) = get(Role::Participants) {
            let names = split_names(&pcell.text(), |n| resolve(ctx, n, "").member.is_some());
            if names.len() == 1 && matches!(names[0].as_str(), "全体" | "全部" | "全体学员")
            {
                if present.is_empty() {
                    everyone = true;
                } else {
                    problems.push(at(
                        pcol,
                        Problem::error("「参加人员」写了全体，同一行又在学员列中打了勾")
                            .hint("二者选一：全体参加只写“全体”，否则清空「参加人员」。"),
                    ));
                }
            } else {
                let mut listed: Vec<usize> = Vec::new();
                for n in names {
                    let r = resolve(ctx, &n, "参加人");
                    match r.member {
                        Some(m) if listed.contains(&m) => problems.push(at(
                            pcol,
                            Problem::error(format!("「{n}」在参加人员中重复出现"))
                                .hint("删去重复的名字；若是另一人，请改正姓名。"),
                        )),
                        Some(m) => {
                            listed.push(m);
                            if !warned_outside.contains(&m) {
                                warned_outside.push(m);
                                not_in_group_warning(ctx, &group_name, m, &n, &mut problems, |p| {
                                    at(pcol, p)
                                });
                            }
                            if !present.iter().any(|(_, x)| *x == m) {
                                present.push((n, m));
                            }
                        }
                        None => problems.push(at(pcol, Problem::error(r.message).hint(r.hint))),
                    }
                }
            }
        }

        // Absent (only meaningful with 全体; otherwise must not contradict the ticks).
        let mut absent: Vec<(String, usize)> = Vec::new();
        if let Some((acol, acell)) = get(Role::Absent) {
            for n in split_names(&acell.text(), |n| resolve(ctx, n, "").member.is_some()) {
                let r = resolve(ctx, &n, "缺席人");
                match r.member {
                    Some(m) if present.iter().any(|(_, x)| *x == m) => problems.push(at(
                        acol,
                        Problem::error(format!("「{n}」既列为缺席，又签到参加"))
                            .hint("核对签到表，删去其中一处。"),
                    )),
                    Some(m) => {
                        if !absent.iter().any(|(_, x)| *x == m) {
                            absent.push((n, m));
                        }
                    }
                    None => problems.push(at(acol, Problem::error(r.message).hint(r.hint))),
                }
            }
        }
        let attending = if everyone {
            in_scope
                .iter()
                .filter(|i| !absent.iter().any(|(_, x)| x == *i))
                .count()
        } else {
            present.len()
        };
        let no_one_errors = problems.iter().all(|p| !p.is_error());
        if attending == 0 && no_one_errors && header_errors == 0 {
            problems.push(
                Problem::error("这一行没有任何参加人")
                    .row(rowno)
                    .hint("在参加学员的姓名列画 √，或在「参加人员」列写上姓名；没有学员参加的活动不必导入，可删去这一行。"),
            );
        }

        // Headcount.
        let headcount = match get(Role::Headcount) {
            Some((hcol, hcell)) if !hcell.is_blank() => {
                let t = hcell.text();
                let digits = t.trim_end_matches('人').trim();
                match digits.parse::<u32>() {
                    Ok(n) if (n as usize) < attending => {
                        problems.push(at(
                            hcol,
                            Problem::error(format!("实到人数 {n} 少于签到的学员 {attending} 人"))
                                .hint("实到人数是实到总人数（含非学员），不能少于签到学员数；请核对。"),
                        ));
                        None
                    }
                    Ok(n) => Some(n),
                    Err(_) => {
                        problems.push(at(
                            hcol,
                            Problem::error(format!("实到人数「{t}」不是整数"))
                                .hint("只写阿拉伯数字，如 12；不知道可留空。"),
                        ));
                        None
                    }
                }
            }
            _ => None,
        };

        // Organiser.
        let organiser = match get(Role::Organiser) {
            Some((ocol, ocell)) if !ocell.is_blank() => {
                let n = clean_name(&ocell.text());
                let r = resolve(ctx, &n, "组织者");
                match r.member {
                    Some(m) => {
                        let attended = if everyone {
                            in_scope.contains(&m) && !absent.iter().any(|(_, x)| *x == m)
                        } else {
                            present.iter().any(|(_, x)| *x == m)
                        };
                        if !attended {
                            problems.push(at(
                                ocol,
                                Problem::warning(format!("组织者「{n}」未签到参加，不计组织加分"))
                                    .hint(
                                        "组织者须亲自参加才加分；若其实际参加了，请在签到中补上。",
                                    ),
                            ));
                        }
                        Some(n)
                    }
                    None => {
                        problems.push(at(ocol, Problem::error(r.message).hint(r.hint)));
                        None
                    }
                }
            }
            _ => None,
        };

        let summary = get(Role::Summary)
            .map(|(_, x)| collapse(&x.text()))
            .filter(|s| !s.is_empty());

        // Duplicates.
        if let Some(d) = date
            && !title.is_empty()
        {
            let key = (d, title.clone());
            if let Some((_, _, at_)) = ctx
                .existing
                .iter()
                .find(|(ed, et, _)| *ed == d && collapse(et) == title)
            {
                problems.push(at(
                    tcol,
                    Problem::error(format!("{d}「{title}」已有记录（{at_}），重复导入"))
                        .hint("这条活动已经导入过，请从表格中删去这一行；若确是另一次活动，请改用不同的活动名称。"),
                ));
            } else if let Some(first) = seen_rows.get(&key) {
                problems.push(at(
                    tcol,
                    Problem::error(format!("与第 {first} 行重复（同一日期、同一活动名称）"))
                        .hint("删去重复的一行；若是两次不同的活动，请改用不同的活动名称。"),
                ));
            } else {
                seen_rows.insert(key, rowno);
            }
        }

        plan.problems.extend(problems);
        if plan.errors() > errors_before {
            continue;
        }
        if let (Some(date), Some(kind)) = (date, kind) {
            plan.records.push(Record {
                row: rowno,
                date,
                title,
                kind,
                organiser,
                headcount,
                participants: if everyone {
                    Participants::Everyone
                } else {
                    Participants::List(present.into_iter().map(|(n, _)| n).collect())
                },
                absent: if everyone {
                    absent.into_iter().map(|(n, _)| n).collect()
                } else {
                    Vec::new()
                },
                summary,
            });
        }
    }
    if plan.records.is_empty() && plan.errors() == 0 {
        plan.problems.push(
            Problem::error(format!("表头（第 {hrow} 行）下面没有任何活动记录"))
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
    let theirs = g
        .and_then(|g| ctx.cohort.group(g))
        .map(|g| format!("是{}成员", g.name))
        .unwrap_or_else(|| "未分组".to_string());
    out.push(at(Problem::warning(format!(
        "「{text}」不是{group_name}成员（{theirs}），其参加记录仍会记入{group_name}的活动"
    ))
    .hint(
        "若是跨组参加活动，可不理会；若是写错了人或选错了小组（--group），请改正。",
    )));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_read_generously() {
        for t in ["√", "✓", "1", "是", "Y", "y", "x", "X", "到", " √ "] {
            assert_eq!(tick(&Cell::Text(t.into())), Tick::Present, "{t}");
        }
        for t in ["", "0", "否", "N", "×", "缺席", "请假"] {
            assert_eq!(tick(&Cell::Text(t.into())), Tick::Absent, "{t}");
        }
        assert_eq!(tick(&Cell::Number(1.0)), Tick::Present);
        assert_eq!(tick(&Cell::Empty), Tick::Absent);
        assert_eq!(tick(&Cell::Text("？".into())), Tick::Unknown);
    }

    #[test]
    fn dates_in_every_office_spelling() {
        let d = NaiveDate::from_ymd_opt(2017, 6, 10).unwrap();
        for t in [
            "2017-06-10",
            "2017/6/10",
            "2017.6.10",
            "2017年6月10日",
            "20170610",
            "42896",
            "2017-06-10（周六）",
            "2017/6/10 14:30",
        ] {
            assert_eq!(parse_date(&Cell::Text(t.into()), None), Some(d), "{t}");
        }
        assert_eq!(parse_date(&Cell::Number(42896.0), None), Some(d));
        assert_eq!(parse_date(&Cell::Number(20170610.0), None), Some(d));
        assert_eq!(parse_date(&Cell::Date(d), None), Some(d));
        assert_eq!(
            parse_date(&Cell::Text("6月10日".into()), Some(2017)),
            Some(d)
        );
        assert_eq!(parse_date(&Cell::Text("6月10日".into()), None), None);
        assert_eq!(parse_date(&Cell::Text("2017-02-30".into()), None), None);
        assert_eq!(parse_date(&Cell::Text("下周".into()), None), None);
    }

    #[test]
    fn headers_and_names() {
        assert_eq!(role_of(" 日 期 "), Some(Role::Date));
        assert_eq!(role_of("实到人数（含非学员）"), Some(Role::Headcount));
        assert_eq!(role_of("类型*"), Some(Role::Kind));
        assert_eq!(role_of("李泗"), None);
        assert_eq!(
            split_names(
                "李泗、张三，王五, 赵六 钱七\n孙八（组长）、王　芳",
                |n| n == "王芳"
            ),
            ["李泗", "张三", "王五", "赵六", "钱七", "孙八", "王芳"]
        );
    }
}

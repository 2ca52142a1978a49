//! One activity row of a sign-in sheet, checked cell by cell: date within the cohort's
//! period, title, kind, who attended (ticks, the 参加人员 column, 全体 less 缺席人员),
//! headcount, organiser, and duplicates within the sheet and against the group's records.

use super::header::{Col, Header, Role};
use super::{Context, Participants, Record, not_in_group_warning, resolve};
use crate::diag::did_you_mean;
use crate::model::ActivityKind;
use crate::sheets::cells::{Tick, clean_name, collapse, parse_date, split_names, tick};
use crate::sheets::grid::{Cell, Grid};
use crate::sheets::problem::Problem;
use crate::text::date_cn;
use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;

/// What the rows share while the sheet is read top to bottom.
pub(super) struct Rows<'a> {
    ctx: &'a Context<'a>,
    header: &'a Header<'a>,
    group_name: &'a str,
    /// Errors in the header: a row then left without participants is not reported again.
    header_errors: usize,
    /// The year of a cohort within one calendar year, for dates written without one.
    year_hint: Option<i32>,
    /// The group's members (who 全体 means).
    in_scope: Vec<usize>,
    seen_rows: HashMap<(NaiveDate, String), u32>,
    warned_outside: Vec<usize>,
    blank_col_reported: Vec<usize>,
}

/// One sheet row being read.
struct Row<'c, 'h> {
    no: u32,
    cells: &'c [Cell],
    header: &'h Header<'h>,
}

impl Row<'_, '_> {
    /// A problem located at column `i` of this row.
    fn at(&self, i: usize, p: Problem) -> Problem {
        p.row(self.no).col(i as u32, Some(&self.header.title(i)))
    }
    /// The column of a field and its cell in this row.
    fn get(&self, role: Role) -> Option<(usize, &Cell)> {
        self.header
            .role_col
            .get(&role)
            .map(|&i| (i, Grid::cell(self.cells, i)))
    }
}

/// Who attended one activity.
#[derive(Default)]
struct Attendance {
    /// Name as written, member.
    present: Vec<(String, usize)>,
    /// `全体`: the whole group less `absent`.
    everyone: bool,
    absent: Vec<(String, usize)>,
}

impl Attendance {
    fn attended(&self, in_scope: &[usize], m: usize) -> bool {
        if self.everyone {
            in_scope.contains(&m) && !self.absent.iter().any(|(_, x)| *x == m)
        } else {
            self.present.iter().any(|(_, x)| *x == m)
        }
    }
    fn count(&self, in_scope: &[usize]) -> usize {
        if self.everyone {
            in_scope
                .iter()
                .filter(|i| !self.absent.iter().any(|(_, x)| x == *i))
                .count()
        } else {
            self.present.len()
        }
    }
}

impl<'a> Rows<'a> {
    pub fn new(
        ctx: &'a Context<'a>,
        header: &'a Header<'a>,
        group_name: &'a str,
        header_errors: usize,
    ) -> Self {
        let c = ctx.cohort;
        Rows {
            ctx,
            header,
            group_name,
            header_errors,
            year_hint: (c.start.year() == c.end.year()).then_some(c.start.year()),
            in_scope: c.group_members(ctx.group).map(|(i, _)| i).collect(),
            seen_rows: HashMap::new(),
            warned_outside: header.member_col.keys().copied().collect(),
            blank_col_reported: Vec::new(),
        }
    }

    /// Checks one row, adding its problems to `out`: the record, unless the row is blank, a
    /// totals or notes line, or has an error.
    pub fn check(&mut self, no: u32, cells: &[Cell], out: &mut Vec<Problem>) -> Option<Record> {
        if cells.iter().all(Cell::is_blank) {
            return None;
        }
        let row = Row {
            no,
            cells,
            header: self.header,
        };
        let first_text = row
            .get(Role::Date)
            .map(|(_, x)| x.text())
            .unwrap_or_default();
        if ["合计", "小计", "总计", "统计", "注", "备注", "说明", "填表"]
            .iter()
            .any(|w| first_text.starts_with(w))
        {
            return None;
        }
        let mut problems: Vec<Problem> = Vec::new();
        self.blank_columns(&row, &mut problems);
        let date = self.date(&row, &mut problems);
        let (tcol, tcell) = row.get(Role::Title).expect("header has a title column");
        let title = collapse(&tcell.text());
        if title.is_empty() {
            problems.push(row.at(
                tcol,
                Problem::error("没有填活动名称").hint("填写活动名称，如 夜间市容巡查。"),
            ));
        }
        let kind = kind(&row, &mut problems);
        let att = self.attendance(&row, &mut problems);
        let attending = att.count(&self.in_scope);
        let no_one_errors = problems.iter().all(|p| !p.is_error());
        if attending == 0 && no_one_errors && self.header_errors == 0 {
            problems.push(
                Problem::error("这一行没有任何参加人")
                    .row(no)
                    .hint("在参加学员的姓名列画 √，或在「参加人员」列写上姓名；没有学员参加的活动不必导入，可删去这一行。"),
            );
        }
        let headcount = headcount(&row, attending, &mut problems);
        let organiser = self.organiser(&row, &att, &mut problems);
        let summary = row
            .get(Role::Summary)
            .map(|(_, x)| collapse(&x.text()))
            .filter(|s| !s.is_empty());
        if let Some(d) = date
            && !title.is_empty()
        {
            self.duplicate(&row, d, &title, tcol, &mut problems);
        }

        let failed = problems.iter().any(Problem::is_error);
        out.extend(problems);
        if failed {
            return None;
        }
        let (date, kind) = (date?, kind?);
        Some(Record {
            row: no,
            date,
            title,
            kind,
            organiser,
            headcount,
            participants: if att.everyone {
                Participants::Everyone
            } else {
                Participants::List(att.present.into_iter().map(|(n, _)| n).collect())
            },
            absent: if att.everyone {
                att.absent.into_iter().map(|(n, _)| n).collect()
            } else {
                Vec::new()
            },
            summary,
        })
    }

    /// Something written under a column without a title (reported once per column).
    fn blank_columns(&mut self, row: &Row, problems: &mut Vec<Problem>) {
        for (i, col) in self.header.cols.iter().enumerate() {
            if matches!(col, Col::Blank)
                && !Grid::cell(row.cells, i).is_blank()
                && !self.blank_col_reported.contains(&i)
                && self.header.cells.get(i).is_none_or(Cell::is_blank)
            {
                self.blank_col_reported.push(i);
                problems.push(
                    row.at(
                        i,
                        Problem::error(format!(
                            "这一列没有表头，却填了「{}」",
                            Grid::cell(row.cells, i).text()
                        ))
                        .hint("在第一行给这一列写上列名（学员姓名或「备注」），或清空这一列。"),
                    ),
                );
            }
        }
    }

    fn date(&self, row: &Row, problems: &mut Vec<Problem>) -> Option<NaiveDate> {
        let c = self.ctx.cohort;
        let (dcol, dcell) = row.get(Role::Date).expect("header has a date column");
        match parse_date(dcell, self.year_hint) {
            None if dcell.is_blank() => {
                problems.push(row.at(
                    dcol,
                    Problem::error("没有填日期").hint("填写活动日期，如 2017-06-10。"),
                ));
                None
            }
            None => {
                problems.push(row.at(
                    dcol,
                    Problem::error(format!("日期「{}」无法识别", dcell.text())).hint(
                        "写成 2017-06-10、2017/6/10 或 2017年6月10日；在 Excel 中也可把这一列设为“日期”格式。",
                    ),
                ));
                None
            }
            Some(d) if d < c.start || d > c.end => {
                problems.push(
                    row.at(
                        dcol,
                        Problem::error(format!(
                            "日期 {d} 不在 {} 届培养期（{} 至 {}）内",
                            c.year,
                            date_cn(c.start),
                            date_cn(c.end)
                        ))
                        .hint("核对年份和月份是否写错；若要导入其他届的活动，请加 --cohort 年份。"),
                    ),
                );
                None
            }
            Some(d) => Some(d),
        }
    }

    /// Participants: ticks, then the names column, then 缺席人员 (only meaningful with 全体;
    /// otherwise it must not contradict the ticks).
    fn attendance(&mut self, row: &Row, problems: &mut Vec<Problem>) -> Attendance {
        let ctx = self.ctx;
        let mut att = Attendance::default();
        for (i, col) in self.header.cols.iter().enumerate() {
            let Col::Member(h, m) = col else { continue };
            let cell = Grid::cell(row.cells, i);
            match tick(cell) {
                Tick::Present => {
                    if let Some(m) = m
                        && !att.present.iter().any(|(_, x)| x == m)
                    {
                        att.present.push((h.clone(), *m));
                    }
                }
                Tick::Absent => {}
                Tick::Unknown => problems.push(
                    row.at(
                        i,
                        Problem::error(format!("无法识别的签到标记「{}」", cell.text()))
                            .hint("参加的画 √（或填 1、是、Y），未参加的留空（或填 ×、0、否）。"),
                    ),
                ),
            }
        }
        let known = |n: &str| resolve(ctx, n, "").member.is_some();
        if let Some((pcol, pcell)) = row.get(Role::Participants) {
            let names = split_names(&pcell.text(), known);
            if names.len() == 1 && matches!(names[0].as_str(), "全体" | "全部" | "全体学员")
            {
                if att.present.is_empty() {
                    att.everyone = true;
                } else {
                    problems.push(
                        row.at(
                            pcol,
                            Problem::error("「参加人员」写了全体，同一行又在学员列中打了勾")
                                .hint("二者选一：全体参加只写“全体”，否则清空「参加人员」。"),
                        ),
                    );
                }
            } else {
                let mut listed: Vec<usize> = Vec::new();
                for n in names {
                    let r = resolve(ctx, &n, "参加人");
                    match r.member {
                        Some(m) if listed.contains(&m) => problems.push(
                            row.at(
                                pcol,
                                Problem::error(format!("「{n}」在参加人员中重复出现"))
                                    .hint("删去重复的名字；若是另一人，请改正姓名。"),
                            ),
                        ),
                        Some(m) => {
                            listed.push(m);
                            if !self.warned_outside.contains(&m) {
                                self.warned_outside.push(m);
                                not_in_group_warning(ctx, self.group_name, m, &n, problems, |p| {
                                    row.at(pcol, p)
                                });
                            }
                            if !att.present.iter().any(|(_, x)| *x == m) {
                                att.present.push((n, m));
                            }
                        }
                        None => problems.push(row.at(pcol, Problem::error(r.message).hint(r.hint))),
                    }
                }
            }
        }
        if let Some((acol, acell)) = row.get(Role::Absent) {
            for n in split_names(&acell.text(), known) {
                let r = resolve(ctx, &n, "缺席人");
                match r.member {
                    Some(m) if att.present.iter().any(|(_, x)| *x == m) => problems.push(
                        row.at(
                            acol,
                            Problem::error(format!("「{n}」既列为缺席，又签到参加"))
                                .hint("核对签到表，删去其中一处。"),
                        ),
                    ),
                    Some(m) => {
                        if !att.absent.iter().any(|(_, x)| *x == m) {
                            att.absent.push((n, m));
                        }
                    }
                    None => problems.push(row.at(acol, Problem::error(r.message).hint(r.hint))),
                }
            }
        }
        att
    }

    /// The organiser, who must be on the roster; one who did not attend earns no points.
    fn organiser(
        &self,
        row: &Row,
        att: &Attendance,
        problems: &mut Vec<Problem>,
    ) -> Option<String> {
        let (ocol, ocell) = row.get(Role::Organiser).filter(|(_, x)| !x.is_blank())?;
        let n = clean_name(&ocell.text());
        let r = resolve(self.ctx, &n, "组织者");
        let Some(m) = r.member else {
            problems.push(row.at(ocol, Problem::error(r.message).hint(r.hint)));
            return None;
        };
        if !att.attended(&self.in_scope, m) {
            problems.push(
                row.at(
                    ocol,
                    Problem::warning(format!("组织者「{n}」未签到参加，不计组织加分"))
                        .hint("组织者须亲自参加才加分；若其实际参加了，请在签到中补上。"),
                ),
            );
        }
        Some(n)
    }

    /// The same date and title already on file, or earlier in this sheet.
    fn duplicate(
        &mut self,
        row: &Row,
        d: NaiveDate,
        title: &str,
        tcol: usize,
        problems: &mut Vec<Problem>,
    ) {
        let key = (d, title.to_string());
        if let Some((_, _, at_)) = self
            .ctx
            .existing
            .iter()
            .find(|(ed, et, _)| *ed == d && collapse(et) == title)
        {
            problems.push(row.at(
                tcol,
                Problem::error(format!("{d}「{title}」已有记录（{at_}），重复导入"))
                    .hint("这条活动已经导入过，请从表格中删去这一行；若确是另一次活动，请改用不同的活动名称。"),
            ));
        } else if let Some(first) = self.seen_rows.get(&key) {
            problems.push(
                row.at(
                    tcol,
                    Problem::error(format!("与第 {first} 行重复（同一日期、同一活动名称）"))
                        .hint("删去重复的一行；若是两次不同的活动，请改用不同的活动名称。"),
                ),
            );
        } else {
            self.seen_rows.insert(key, row.no);
        }
    }
}

fn kind(row: &Row, problems: &mut Vec<Problem>) -> Option<ActivityKind> {
    let (kcol, kcell) = row.get(Role::Kind)?;
    let k: String = kcell
        .text()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    match ActivityKind::parse(&k) {
        Some(k) => Some(k),
        None if k.is_empty() => {
            problems.push(
                row.at(
                    kcol,
                    Problem::error("没有填活动类型")
                        .hint(format!("填写其一：{}", ActivityKind::NAMES.join("、"))),
                ),
            );
            None
        }
        None => {
            let hint = match did_you_mean(&k, ActivityKind::NAMES) {
                Some(s) => format!("是否应为「{s}」？可选：{}", ActivityKind::NAMES.join("、")),
                None => format!("可选：{}", ActivityKind::NAMES.join("、")),
            };
            problems.push(row.at(
                kcol,
                Problem::error(format!("活动类型「{k}」不在可选范围内")).hint(hint),
            ));
            None
        }
    }
}

/// 实到人数: the total present (members and others), never fewer than the members ticked.
fn headcount(row: &Row, attending: usize, problems: &mut Vec<Problem>) -> Option<u32> {
    let (hcol, hcell) = row.get(Role::Headcount).filter(|(_, x)| !x.is_blank())?;
    let t = hcell.text();
    let digits = t.trim_end_matches('人').trim();
    match digits.parse::<u32>() {
        Ok(n) if (n as usize) < attending => {
            problems.push(
                row.at(
                    hcol,
                    Problem::error(format!("实到人数 {n} 少于签到的学员 {attending} 人"))
                        .hint("实到人数是实到总人数（含非学员），不能少于签到学员数；请核对。"),
                ),
            );
            None
        }
        Ok(n) => Some(n),
        Err(_) => {
            problems.push(
                row.at(
                    hcol,
                    Problem::error(format!("实到人数「{t}」不是整数"))
                        .hint("只写阿拉伯数字，如 12；不知道可留空。"),
                ),
            );
            None
        }
    }
}

//! The header row of a sign-in sheet: found among the first 30 rows (the one with both 日期
//! and 活动名称), each column recognised as a field (日期, 类型, …), a member (the name or id
//! of a roster entry), or blank. Duplicated and unknown columns are problems here.

use super::{Context, Plan, not_in_group_warning, resolve};
use crate::diag::did_you_mean;
use crate::model::ActivityKind;
use crate::sheets::cells::{clean_name, collapse, normalise_header};
use crate::sheets::grid::{Cell, Grid};
use crate::sheets::problem::{Problem, column_letter};
use std::collections::HashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Role {
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

pub(super) const LAYOUT_HINT: &str = "第一行（表头）依次写：日期、活动名称、类型、组织者（可省略）、实到人数（可省略），然后每位学员一列（列名为姓名，参加的画 √），或用一列「参加人员」写姓名（用顿号分隔）。格式见 docs/content-format.md 中“从 Excel 签到表导入活动记录”一节。";

pub(super) fn role_of(header: &str) -> Option<Role> {
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

/// Column of the header row.
#[derive(Debug)]
pub(super) enum Col {
    /// A recognised column (日期, 类型, …), found through `role_col`.
    Role,
    /// A member column: the header as written, and the member it names (if it resolves).
    Member(String, Option<usize>),
    Blank,
}

/// The header row as read.
pub(super) struct Header<'g> {
    /// Index of the header in `grid.rows`.
    pub index: usize,
    /// Its sheet row.
    pub row: u32,
    pub cells: &'g [Cell],
    pub cols: Vec<Col>,
    pub role_col: HashMap<Role, usize>,
    /// Member index → column.
    pub member_col: HashMap<usize, usize>,
}

impl Header<'_> {
    /// A column's title as written (whitespace collapsed).
    pub fn title(&self, i: usize) -> String {
        collapse(&Grid::cell(self.cells, i).text())
    }
}

/// Finds and reads the header, adding its problems to `plan`. `None` when there is none, or
/// when the sheet lacks a column no row can do without (类型, any participants).
pub(super) fn read<'g>(
    grid: &'g Grid,
    ctx: &Context,
    group_name: &str,
    plan: &mut Plan,
) -> Option<Header<'g>> {
    let c = ctx.cohort;
    let Some(hidx) = grid.rows.iter().take(30).position(|(_, cells)| {
        let roles: Vec<Role> = cells.iter().filter_map(|x| role_of(&x.text())).collect();
        roles.contains(&Role::Date) && roles.contains(&Role::Title)
    }) else {
        plan.problems.push(
            Problem::error("找不到表头：表格前 30 行中没有同时含「日期」和「活动名称」两列的一行")
                .hint(LAYOUT_HINT),
        );
        return None;
    };
    let (hrow, header) = (grid.rows[hidx].0, &grid.rows[hidx].1);
    plan.header_row = hrow;

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
                    column_letter(first as u32)
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
                        column_letter(first as u32)
                    ))
                    .hint("把两列的勾合并到一列，删去另一列。")));
                    cols.push(Col::Blank);
                    continue;
                }
                member_col.insert(m, i);
                not_in_group_warning(ctx, group_name, m, &name, &mut plan.problems, at);
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
        return None;
    }
    Some(Header {
        index: hidx,
        row: hrow,
        cells: header,
        cols,
        role_col,
        member_col,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_recognised() {
        assert_eq!(role_of(" 日 期 "), Some(Role::Date));
        assert_eq!(role_of("实到人数（含非学员）"), Some(Role::Headcount));
        assert_eq!(role_of("类型*"), Some(Role::Kind));
        assert_eq!(role_of("李泗"), None);
    }
}

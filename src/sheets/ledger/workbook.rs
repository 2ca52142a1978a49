//! The points ledger as an Excel workbook: 积分汇总 (ranked totals, failing rows highlighted),
//! one sheet per group (members, points by rule, totals) and 积分明细 (every entry with the
//! record that earned it). Header rows are bold and frozen, every table has an autofilter,
//! and column widths allow two units per Chinese character.

use crate::compute::ledger::{Entry, Ledger, MemberLedger, Rule};
use crate::model::{Cohort, Content};
use crate::sheets::xlsx::{Formats, V, print_setup, table};
use rust_xlsxwriter::{Workbook, XlsxError};

/// Sheet names used by the workbook (the group sheets are named after the groups).
pub const SUMMARY_SHEET: &str = "积分汇总";
pub const DETAIL_SHEET: &str = "积分明细";

pub const SUMMARY_HEADERS: [&str; 8] = [
    "名次",
    "编号",
    "姓名",
    "班次",
    "小组",
    "部门",
    "积分",
    "是否合格",
];
const GROUP_HEADERS: [&str; 12] = [
    "名次",
    "编号",
    "姓名",
    "部门",
    "参加",
    "组织",
    "突出贡献",
    "作业",
    "调研文章",
    "实践小组",
    "积分",
    "是否合格",
];
const DETAIL_HEADERS: [&str; 7] = ["姓名", "日期", "积分项", "分值", "内容", "来源", "编号"];
const RULE_COLUMNS: [Rule; 6] = [
    Rule::Attend,
    Rule::Organise,
    Rule::Contribution,
    Rule::Submission,
    Rule::Report,
    Rule::PracticeTeam,
];

fn result(passed: bool) -> V {
    V::S(if passed { "合格" } else { "不合格" }.into())
}

/// A valid, unique worksheet name: no `[]:*?/\`, at most 31 characters.
fn sheet_name(want: &str, taken: &mut Vec<String>) -> String {
    let clean: String = want
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .collect();
    let clean = clean.trim_matches('\'').trim();
    let base: String = if clean.is_empty() { "小组" } else { clean }
        .chars()
        .take(31)
        .collect();
    let mut name = base.clone();
    let mut n = 2;
    while taken
        .iter()
        .any(|t| t.to_lowercase() == name.to_lowercase())
    {
        let suffix = format!("({n})");
        name = base
            .chars()
            .take(31 - suffix.chars().count())
            .collect::<String>()
            + &suffix;
        n += 1;
    }
    taken.push(name.clone());
    name
}

fn source(content: &Content, e: &Entry) -> String {
    format!(
        "{}:{}",
        content.sources.path(e.source.file).display(),
        e.source.line
    )
}

fn detail_rows(
    content: &Content,
    c: &Cohort,
    rules: &crate::model::PointsRules,
    rows: &[&MemberLedger],
) -> Vec<(Vec<V>, bool)> {
    let mut out = Vec::new();
    for r in rows {
        let m = &c.members[r.member];
        for e in &r.entries {
            out.push((
                vec![
                    V::S(m.name.value.clone()),
                    e.date.map(V::D).unwrap_or(V::S(String::new())),
                    V::S(e.rule.label(rules)),
                    V::N(e.points as f64),
                    V::S(e.what.clone()),
                    V::S(source(content, e)),
                    V::S(m.id.value.clone()),
                ],
                false,
            ));
        }
    }
    out
}

/// The whole cohort's ledger.
pub fn workbook(content: &Content, c: &Cohort, l: &Ledger) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    let mut taken = vec![SUMMARY_SHEET.to_string(), DETAIL_SHEET.to_string()];
    let title = format!("{} 届积分台账（合格线 {} 分）", c.year, l.rules.pass_mark);

    let rows: Vec<(Vec<V>, bool)> = l
        .rows
        .iter()
        .map(|r| {
            let m = &c.members[r.member];
            (
                vec![
                    V::N(r.rank as f64),
                    V::S(m.id.value.clone()),
                    V::S(m.name.value.clone()),
                    V::S(super::programme_name(c, r.member)),
                    V::S(super::group_name(c, r.member)),
                    V::S(m.department.clone()),
                    V::N(r.total as f64),
                    result(r.passed),
                ],
                !r.passed,
            )
        })
        .collect();
    let ws = wb.add_worksheet();
    ws.set_name(SUMMARY_SHEET)?;
    table(ws, &f, &SUMMARY_HEADERS, &rows)?;
    print_setup(ws, &title);

    let mut groups: Vec<(String, Option<&str>)> = c
        .groups
        .iter()
        .map(|g| (g.name.clone(), Some(g.id.value.as_str())))
        .collect();
    if c.members.iter().any(|m| m.group.is_none()) {
        groups.push(("未分组".into(), None));
    }
    for (gname, gid) in groups {
        let members: Vec<&MemberLedger> = l
            .rows
            .iter()
            .filter(|r| c.members[r.member].group.as_ref().map(|g| g.value.as_str()) == gid)
            .collect();
        let rows: Vec<(Vec<V>, bool)> = members
            .iter()
            .map(|r| {
                let m = &c.members[r.member];
                let mut cells = vec![
                    V::N(r.rank as f64),
                    V::S(m.id.value.clone()),
                    V::S(m.name.value.clone()),
                    V::S(m.department.clone()),
                ];
                for rule in RULE_COLUMNS {
                    let sum: u32 = r
                        .entries
                        .iter()
                        .filter(|e| e.rule == rule)
                        .map(|e| e.points)
                        .sum();
                    cells.push(V::N(sum as f64));
                }
                cells.push(V::N(r.total as f64));
                cells.push(result(r.passed));
                (cells, !r.passed)
            })
            .collect();
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(&gname, &mut taken))?;
        table(ws, &f, &GROUP_HEADERS, &rows)?;
        if !members.is_empty() {
            let total: u32 = members.iter().map(|r| r.total).sum();
            let passed = members.iter().filter(|r| r.passed).count();
            let note = format!(
                "共 {} 人，合格 {} 人，不合格 {} 人；小组积分合计 {} 分，人均 {:.1} 分",
                members.len(),
                passed,
                members.len() - passed,
                total,
                total as f64 / members.len() as f64
            );
            ws.write_string(members.len() as u32 + 2, 0, note)?;
        }
        print_setup(ws, &format!("{}（{}）", title, gname));
    }

    let ranked: Vec<&MemberLedger> = l.rows.iter().collect();
    let ws = wb.add_worksheet();
    ws.set_name(DETAIL_SHEET)?;
    table(
        ws,
        &f,
        &DETAIL_HEADERS,
        &detail_rows(content, c, &l.rules, &ranked),
    )?;
    print_setup(ws, &format!("{} 届积分明细", c.year));
    wb.save_to_buffer()
}

/// One member's entries (the audit trail of `ledger --member`).
pub fn member_workbook(
    content: &Content,
    c: &Cohort,
    l: &Ledger,
    member: usize,
) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    let rows: Vec<&MemberLedger> = l.row(member).into_iter().collect();
    let ws = wb.add_worksheet();
    ws.set_name(DETAIL_SHEET)?;
    let detail = detail_rows(content, c, &l.rules, &rows);
    let n = detail.len() as u32;
    table(ws, &f, &DETAIL_HEADERS, &detail)?;
    if let Some(r) = rows.first() {
        let m = &c.members[member];
        ws.write_string(
            n + 2,
            0,
            format!(
                "{}（{}）合计 {} 分，合格线 {} 分：{}（名次 {}）",
                m.name.value,
                m.id.value,
                r.total,
                l.rules.pass_mark,
                if r.passed { "合格" } else { "不合格" },
                r.rank
            ),
        )?;
        print_setup(ws, &format!("{} {} 届积分明细", m.name.value, c.year));
    }
    wb.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut taken = vec![SUMMARY_SHEET.to_string()];
        assert_eq!(sheet_name("积分汇总", &mut taken), "积分汇总(2)");
        assert_eq!(sheet_name("a/b:c", &mut taken), "a_b_c");
        let long = "很".repeat(40);
        assert_eq!(sheet_name(&long, &mut taken).chars().count(), 31);
        assert_eq!(sheet_name(&long, &mut taken).chars().count(), 31);
    }
}

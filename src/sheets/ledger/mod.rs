//! The points ledger in every output format: a text table for the terminal, CSV as Excel
//! opens it, JSON, and an Excel workbook ([`workbook`]). Either the ranked ledger of a cohort
//! or the audit trail of one member (every point and the record that earned it).
//! `showcase ledger` only picks the format and writes the bytes.

pub mod workbook;

use crate::compute::ledger::{Entry, Ledger, MemberLedger};
use crate::model::{Cohort, Content};
use crate::text::text_table;
use serde_json::json;

/// The output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Table,
    Csv,
    Json,
    Xlsx,
}

/// The encoding of CSV output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 with a byte-order mark (without it Excel reads Chinese as GBK: mojibake).
    Utf8,
    /// GBK, for old Excel.
    Gbk,
}

/// Why the ledger could not be written in the format asked for.
#[derive(Debug)]
pub enum Error {
    /// A character GBK lacks (never written as a silent '?').
    NotGbk(char),
    Xlsx(rust_xlsxwriter::XlsxError),
}

/// The ranked ledger of a cohort, or with `member` that member's audit trail, as bytes.
pub fn render(
    content: &Content,
    c: &Cohort,
    l: &Ledger,
    member: Option<usize>,
    format: Format,
    encoding: Encoding,
) -> Result<Vec<u8>, Error> {
    let text = match (format, member) {
        (Format::Xlsx, Some(i)) => {
            return workbook::member_workbook(content, c, l, i).map_err(Error::Xlsx);
        }
        (Format::Xlsx, None) => return workbook::workbook(content, c, l).map_err(Error::Xlsx),
        (Format::Table, None) => ranked_table(c, l),
        (Format::Csv, None) => ranked_csv(c, l),
        (Format::Json, None) => ranked_json(c, l),
        (_, Some(i)) => match l.row(i) {
            None => String::new(),
            Some(row) => match format {
                Format::Csv => trail_csv(content, l, row),
                Format::Json => trail_json(content, c, row),
                _ => trail_table(content, c, l, row),
            },
        },
    };
    if format == Format::Csv {
        encode_csv(&text, encoding).map_err(Error::NotGbk)
    } else {
        Ok(text.into_bytes())
    }
}

/// The name of a member's group (empty when ungrouped).
pub(crate) fn group_name(c: &Cohort, member: usize) -> String {
    c.group_of(member)
        .map(|g| g.name.clone())
        .unwrap_or_default()
}

/// The name of a member's programme (班次).
pub(crate) fn programme_name(c: &Cohort, member: usize) -> String {
    c.programme(&c.members[member].programme.value)
        .map(|p| p.name.clone())
        .unwrap_or_default()
}

fn result(passed: bool) -> String {
    if passed { "合格" } else { "不合格" }.to_string()
}

fn yes_no(b: bool) -> String {
    if b { "是" } else { "否" }.to_string()
}

/// The columns the table and the CSV share: 名次 编号 姓名 班次 小组 部门 积分.
fn summary_cells(c: &Cohort, r: &MemberLedger) -> Vec<String> {
    let m = &c.members[r.member];
    vec![
        r.rank.to_string(),
        m.id.value.clone(),
        m.name.value.clone(),
        programme_name(c, r.member),
        group_name(c, r.member),
        m.department.clone(),
        r.total.to_string(),
    ]
}

fn ranked_table(c: &Cohort, l: &Ledger) -> String {
    let rows: Vec<Vec<String>> = l
        .rows
        .iter()
        .map(|r| {
            let mut cells = summary_cells(c, r);
            cells.push(result(r.passed));
            cells
        })
        .collect();
    let passed = l.rows.iter().filter(|r| r.passed).count();
    format!(
        "{} 届积分台账（合格线 {} 分）\n{}共 {} 人，合格 {} 人，不合格 {} 人\n",
        c.year,
        l.rules.pass_mark,
        text_table(
            &[
                "名次", "编号", "姓名", "班次", "小组", "部门", "积分", "结果"
            ],
            &rows
        ),
        l.rows.len(),
        passed,
        l.rows.len() - passed
    )
}

fn ranked_csv(c: &Cohort, l: &Ledger) -> String {
    csv_text(
        &[
            "名次", "编号", "姓名", "班次", "小组", "部门", "积分", "合格",
        ],
        l.rows.iter().map(|r| {
            let mut cells = summary_cells(c, r);
            cells.push(yes_no(r.passed));
            cells
        }),
    )
}

fn ranked_json(c: &Cohort, l: &Ledger) -> String {
    let rows: Vec<serde_json::Value> = l
        .rows
        .iter()
        .map(|r| {
            let m = &c.members[r.member];
            json!({
                "rank": r.rank, "id": m.id.value, "name": m.name.value,
                "programme": m.programme.value, "group": m.group.as_ref().map(|g| g.value.clone()),
                "department": m.department, "total": r.total, "passed": r.passed,
            })
        })
        .collect();
    let doc = json!({ "cohort": c.year, "pass_mark": l.rules.pass_mark, "members": rows });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

fn source(content: &Content, e: &Entry) -> String {
    content.sources.display_pos(e.source)
}

fn date(e: &Entry) -> String {
    e.date.map(|d| d.to_string()).unwrap_or_default()
}

const TRAIL_HEADERS: [&str; 5] = ["日期", "积分项", "分值", "内容", "来源"];

fn trail_table(content: &Content, c: &Cohort, l: &Ledger, row: &MemberLedger) -> String {
    let m = &c.members[row.member];
    let rows: Vec<Vec<String>> = row
        .entries
        .iter()
        .map(|e| {
            vec![
                date(e),
                e.rule.label(&l.rules),
                format!("+{}", e.points),
                e.what.clone(),
                source(content, e),
            ]
        })
        .collect();
    format!(
        "{}（{}，{}，{}）{} 届积分明细\n{}合计 {} 分，合格线 {} 分：{}（名次 {}）\n",
        m.name.value,
        m.id.value,
        m.department,
        group_name(c, row.member),
        c.year,
        text_table(&TRAIL_HEADERS, &rows),
        row.total,
        l.rules.pass_mark,
        result(row.passed),
        row.rank
    )
}

fn trail_csv(content: &Content, l: &Ledger, row: &MemberLedger) -> String {
    csv_text(
        &TRAIL_HEADERS,
        row.entries.iter().map(|e| {
            vec![
                date(e),
                e.rule.label(&l.rules),
                e.points.to_string(),
                e.what.clone(),
                source(content, e),
            ]
        }),
    )
}

fn trail_json(content: &Content, c: &Cohort, row: &MemberLedger) -> String {
    let m = &c.members[row.member];
    let entries: Vec<serde_json::Value> = row
        .entries
        .iter()
        .map(|e| json!({"date": e.date.map(|d| d.to_string()), "rule": e.rule.key(), "points": e.points, "what": e.what, "source": source(content, e)}))
        .collect();
    let doc = json!({"cohort": c.year, "id": m.id.value, "name": m.name.value, "total": row.total, "passed": row.passed, "rank": row.rank, "entries": entries});
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

/// Rows as CSV text (RFC 4180 quoting by `csv::Writer`, CRLF line ends as Excel writes them),
/// every cell through [`csv_cell`].
fn csv_text(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    // Writing to a Vec cannot fail.
    let _ = w.write_record(header);
    for r in rows {
        let _ = w.write_record(r.iter().map(|c| csv_cell(c)));
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Neutralises a leading `=`, `+`, `-`, `@` so spreadsheets do not run a cell as a formula.
pub fn csv_cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// CSV bytes as Excel opens them: UTF-8 with a byte-order mark, or GBK; a character GBK
/// lacks is an error naming it.
pub fn encode_csv(text: &str, encoding: Encoding) -> Result<Vec<u8>, char> {
    match encoding {
        Encoding::Utf8 => {
            let mut b = "\u{FEFF}".as_bytes().to_vec();
            b.extend_from_slice(text.as_bytes());
            Ok(b)
        }
        Encoding::Gbk => {
            if let Some(c) = text
                .chars()
                .find(|c| encoding_rs::GBK.encode(&c.to_string()).2)
            {
                return Err(c);
            }
            Ok(encoding_rs::GBK.encode(text).0.into_owned())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_opens_in_excel() {
        let t = csv_text(&["姓名", "合格"], [vec!["=1+1".into(), yes_no(true)]]);
        assert_eq!(t, "姓名,合格\r\n'=1+1,是\r\n");
        let b = encode_csv(&t, Encoding::Utf8).unwrap();
        assert_eq!(&b[..3], &[0xEF, 0xBB, 0xBF]);
        let g = encode_csv("姓名\r\n", Encoding::Gbk).unwrap();
        assert_eq!(g, [0xD0, 0xD5, 0xC3, 0xFB, b'\r', b'\n']);
        assert_eq!(encode_csv("👍", Encoding::Gbk), Err('👍'));
    }
}

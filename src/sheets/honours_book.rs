//! The honour list exported for the 表彰决定 document, in the order and layout of the site's
//! honour roll and the booklet: each award with 「（N名）」, the ordering note, 评选依据, the
//! names padded (李　丹) in rows, groups with their mentors. As plain text ([`text`], CRLF
//! line ends) or a one-sheet workbook ([`workbook`]: 奖项/序号/姓名/部门/评选依据).
//!
//! This is a public output: people are named only through [`public::split`]; a member who
//! withheld consent is counted but not named (「另有 N 名同志未公开姓名」).

use super::xlsx::{Formats, V, print_setup, table, text_width};
use crate::compute::CohortFigures;
use crate::compute::honours::Recipients;
use crate::compute::order::{options, ordering_note};
use crate::model::{Cohort, Site};
use crate::render::{names, public};
use rust_xlsxwriter::{Workbook, XlsxError};

pub const SHEET: &str = "表彰名单";
pub const HEADERS: [&str; 5] = ["奖项", "序号", "姓名", "部门", "评选依据"];

/// One award as published.
struct Award {
    name: String,
    /// 「（10名）」
    count: String,
    /// 「（按姓氏笔画排序）」 for member awards.
    note: &'static str,
    basis: String,
    /// (name as set on the roll, plain name, department) of each named recipient, or
    /// (group with mentor, same, "") of each group.
    entries: Vec<(String, String, String)>,
    /// Members counted but not named.
    hidden: usize,
    is_group: bool,
}

fn awards(site: &Site, c: &Cohort, f: &CohortFigures) -> Vec<Award> {
    let note = ordering_note(&options(site));
    f.honours
        .iter()
        .map(|h| match &h.recipients {
            Recipients::Members(list) => {
                let (people, hidden) = public::split(c, list);
                Award {
                    name: h.name.clone(),
                    count: format!("（{}名）", list.len()),
                    note,
                    basis: h.basis.clone(),
                    entries: people
                        .iter()
                        .map(|p| {
                            let extra = names::honour_extra(p, &site.honour_roll);
                            (
                                format!("{}{extra}", names::padded(p.name)),
                                p.name.to_string(),
                                p.department.to_string(),
                            )
                        })
                        .collect(),
                    hidden,
                    is_group: false,
                }
            }
            Recipients::Groups(list) => Award {
                name: h.name.clone(),
                count: format!("（{}个）", list.len()),
                note: "",
                basis: h.basis.clone(),
                entries: list
                    .iter()
                    .map(|&g| {
                        let gr = &c.groups[g];
                        let mentor = gr
                            .mentor
                            .as_ref()
                            .map(|m| format!("（导师：{}）", m.name))
                            .unwrap_or_default();
                        let shown = format!("{}{mentor}", gr.name);
                        (shown.clone(), shown, String::new())
                    })
                    .collect(),
                hidden: 0,
                is_group: true,
            },
        })
        .collect()
}

/// Pads `s` with full-width spaces (and one ASCII space for an odd remainder) to `width`
/// display units.
fn pad_to(s: &str, width: f64) -> String {
    let missing = (width - text_width(s)).max(0.0) as usize;
    let mut out = s.to_string();
    out.extend(std::iter::repeat_n(names::IDEOGRAPHIC_SPACE, missing / 2));
    if missing % 2 == 1 {
        out.push(' ');
    }
    out
}

/// The honour list as text with CRLF line ends (without a byte-order mark; the caller adds
/// one for files).
pub fn text(site: &Site, c: &Cohort, f: &CohortFigures) -> String {
    let mut lines: Vec<String> = vec![c.title.clone(), "表彰名单".into()];
    let list = awards(site, c, f);
    if list.is_empty() {
        lines.push(String::new());
        lines.push("本届暂无表彰名单。".into());
    }
    for a in &list {
        lines.push(String::new());
        lines.push(format!("{}{}", a.name, a.count));
        if !a.note.is_empty() {
            lines.push(a.note.to_string());
        }
        if !a.basis.is_empty() {
            lines.push(format!("评选依据：{}", a.basis));
        }
        // As the booklet sets them: five names a row, two with departments, groups one a row.
        let per_row = if a.is_group {
            1
        } else if site.honour_roll.show_department {
            2
        } else {
            5
        };
        let width = a
            .entries
            .iter()
            .map(|(s, ..)| text_width(s))
            .fold(0.0, f64::max);
        for row in a.entries.chunks(per_row) {
            let cells: Vec<String> = row.iter().map(|(s, ..)| pad_to(s, width)).collect();
            lines.push(cells.join("\u{3000}\u{3000}").trim_end().to_string());
        }
        if a.hidden > 0 {
            lines.push(format!("另有 {} 名同志未公开姓名", a.hidden));
        }
    }
    lines.push(String::new());
    lines.push(site.issuer.clone());
    let mut out = lines.join("\r\n");
    out.push_str("\r\n");
    out
}

/// The honour list as a workbook: one sheet, one row per recipient, awards in order.
pub fn workbook(site: &Site, c: &Cohort, f: &CohortFigures) -> Result<Vec<u8>, XlsxError> {
    let mut rows: Vec<(Vec<V>, bool)> = Vec::new();
    for a in awards(site, c, f) {
        let basis = if a.note.is_empty() {
            a.basis.clone()
        } else {
            format!("{}；{}", a.basis, a.note.trim_matches(['（', '）']))
        };
        for (i, (_, plain, dept)) in a.entries.iter().enumerate() {
            rows.push((
                vec![
                    V::S(a.name.clone()),
                    V::N(i as f64 + 1.0),
                    V::S(plain.clone()),
                    V::S(dept.clone()),
                    V::S(basis.clone()),
                ],
                false,
            ));
        }
        if a.hidden > 0 {
            rows.push((
                vec![
                    V::S(a.name.clone()),
                    V::S(String::new()),
                    V::S(format!("另有 {} 名同志未公开姓名", a.hidden)),
                    V::S(String::new()),
                    V::S(basis.clone()),
                ],
                false,
            ));
        }
    }
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(SHEET)?;
    table(ws, &Formats::new(), &HEADERS, &rows)?;
    print_setup(ws, &format!("{} 表彰名单", c.title));
    wb.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_padded_to_one_width() {
        assert_eq!(pad_to("李　丹", 8.0), "李　丹　");
        assert_eq!(pad_to("欧阳晓峰", 8.0), "欧阳晓峰");
        assert_eq!(pad_to("Li", 5.0), "Li　 ");
    }
}

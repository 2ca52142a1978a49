//! The roster (花名册) the office keeps in Excel → a cohort's members.yaml. One row per
//! person; columns are recognised by their Chinese titles (姓名, 性别, 部门/科室/单位, 职务,
//! 职级, 班次, 小组, 条线, 出生日期, 手机, 政治面貌, 是否同意公开 …) in any order.
//!
//! Every row is checked before anything is written: required cells, choices (性别, 职级, 班次,
//! 小组), dates, duplicates in the sheet; each problem names its sheet row and column. Person
//! ids stay stable across cohorts through [`person_ids`](super::person_ids). The YAML text is
//! written by [`yaml`], commented for the clerk who edits it later.

use super::cells::{Tick, clean_name, collapse, normalise_header, parse_date, tick};
use super::grid::Grid;
use super::person_ids::{Match, Register};
use super::problem::{Problem, column_letter};
use super::roster_columns::{
    LAYOUT_HINT, ROLES, Role, parse_rank, role_of, role_title, year_month_only,
};
use crate::diag::did_you_mean;
use crate::model::{Cohort, Rank};
use chrono::NaiveDate;
use std::collections::HashMap;

/// One person read from one sheet row, checked and ready to be written.
#[derive(Clone, Debug, PartialEq)]
pub struct Person {
    pub row: u32,
    pub id: String,
    /// Where the id came from.
    pub origin: Origin,
    pub name: String,
    pub female: Option<bool>,
    pub department: String,
    pub position: Option<String>,
    pub rank: Rank,
    /// Programme id.
    pub programme: String,
    /// Group id.
    pub group: Option<String>,
    pub line: Option<String>,
    pub home_line: Option<String>,
    pub consent: Option<bool>,
    pub sort_as: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub phone: Option<String>,
    pub political_status: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Origin {
    /// Written in the sheet's 编号 column.
    Sheet,
    /// The id this person has in the cohort of that year.
    OnFile(i32),
    /// A new person: the next free id.
    New,
}

#[derive(Debug, Default)]
pub struct Plan {
    pub people: Vec<Person>,
    pub problems: Vec<Problem>,
    pub header_row: u32,
}

impl Plan {
    pub fn errors(&self) -> usize {
        self.problems.iter().filter(|p| p.is_error()).count()
    }
    pub fn warnings(&self) -> usize {
        self.problems.len() - self.errors()
    }
}

/// Reads the roster from `grid` for cohort `c`; `register` knows everyone on file.
pub fn plan(grid: &Grid, c: &Cohort, register: &mut Register) -> Plan {
    let mut plan = Plan::default();
    let Some(hidx) = grid.rows.iter().take(30).position(|(_, cells)| {
        let roles: Vec<Role> = cells.iter().filter_map(|x| role_of(&x.text())).collect();
        roles.contains(&Role::Name)
            && (roles.contains(&Role::Department) || roles.contains(&Role::Rank))
    }) else {
        plan.problems.push(
            Problem::error(
                "找不到表头：表格前 30 行中没有同时含「姓名」和「部门」（或「职级」）两列的一行",
            )
            .hint(LAYOUT_HINT),
        );
        return plan;
    };
    let (hrow, header) = (grid.rows[hidx].0, &grid.rows[hidx].1);
    plan.header_row = hrow;

    // ---- header ----
    let mut col: HashMap<Role, usize> = HashMap::new();
    let titles: Vec<&str> = ROLES
        .iter()
        .filter(|(r, _)| *r != Role::Ignore)
        .flat_map(|(_, n)| n.iter().copied())
        .collect();
    let mut titled = vec![false; header.len()];
    // 序号, 备注 …: a row with nothing else (a numbered template row) is blank.
    let mut ignored: Vec<usize> = Vec::new();
    for (i, cell) in header.iter().enumerate() {
        let h = collapse(&cell.text());
        if h.is_empty() {
            continue;
        }
        titled[i] = true;
        let at = |p: Problem| p.row(hrow).col(i as u32, Some(&h));
        match role_of(&h) {
            Some(Role::Ignore) => ignored.push(i),
            Some(role) => {
                if let Some(&first) = col.get(&role) {
                    plan.problems.push(at(Problem::error(format!(
                        "「{}」列出现了两次（另一处在 {} 列）",
                        role_title(role),
                        column_letter(first as u32)
                    ))
                    .hint("删去或改名其中一列。")));
                } else {
                    col.insert(role, i);
                }
            }
            None => {
                let hint = match did_you_mean(&normalise_header(&h), titles.iter().copied()) {
                    Some(t) => format!("是否应为「{t}」？名册用不到的列可以不理会，或改名为「备注」。"),
                    None => "名册用不到这一列（如学历、入职时间），可以不理会；要消除提醒，把列名改为「备注」。".into(),
                };
                plan.problems.push(at(Problem::warning(format!(
                    "「{h}」不是名册的字段，这一列不会导入"
                ))
                .hint(hint)));
            }
        }
    }
    for required in [Role::Department, Role::Rank] {
        if !col.contains_key(&required) {
            plan.problems.push(
                Problem::error(format!(
                    "表头（第 {hrow} 行）中没有「{}」列",
                    role_title(required)
                ))
                .row(hrow)
                .hint(format!(
                    "这一项是名册的必填字段，请加上这一列。{LAYOUT_HINT}"
                )),
            );
        }
    }
    if plan.errors() > 0 {
        return plan;
    }
    let header_text = |i: usize| collapse(&Grid::cell(header, i).text());

    // ---- rows ----
    // (name, birth date or department) → first row, to find the same person twice.
    let mut seen_person: HashMap<(String, String), u32> = HashMap::new();
    let mut seen_id: HashMap<String, u32> = HashMap::new();
    let mut rows: Vec<Person> = Vec::new();
    for (rowno, cells) in grid.rows.iter().skip(hidx + 1) {
        let rowno = *rowno;
        let get = |r: Role| col.get(&r).map(|&i| (i, Grid::cell(cells, i)));
        let text = |r: Role| {
            get(r)
                .map(|(_, x)| collapse(&x.text()))
                .filter(|s| !s.is_empty())
        };
        if cells
            .iter()
            .enumerate()
            .all(|(i, x)| x.is_blank() || ignored.contains(&i))
        {
            continue;
        }
        let name = get(Role::Name)
            .map(|(_, x)| clean_name(&x.text()))
            .unwrap_or_default();
        if matches!(name.as_str(), "合计" | "总计" | "小计") {
            continue;
        }
        let mut problems: Vec<Problem> = Vec::new();
        let at = |i: usize, p: Problem| p.row(rowno).col(i as u32, Some(&header_text(i)));
        for (i, cell) in cells.iter().enumerate() {
            if !cell.is_blank() && !titled.get(i).copied().unwrap_or(false) {
                problems.push(at(
                    i,
                    Problem::error(format!("这一列没有表头，却填了「{}」", cell.text()))
                        .hint("在表头给这一列写上列名（或「备注」），或清空这一列。"),
                ));
                break;
            }
        }
        let ncol = col[&Role::Name];
        if name.is_empty() {
            problems.push(at(
                ncol,
                Problem::error("没有填姓名").hint("每行一人，填写姓名；空行可删去。"),
            ));
        }

        let department = text(Role::Department).unwrap_or_default();
        if department.is_empty() {
            problems.push(at(
                col[&Role::Department],
                Problem::error("没有填部门").hint("填写所在部门（科室），如 城市管理办公室。"),
            ));
        }

        let (rcol, rcell) = get(Role::Rank).expect("header has a rank column");
        let rtext = collapse(&rcell.text()).replace(' ', "");
        let rank = parse_rank(&rtext);
        if rank.is_none() {
            let what = if rtext.is_empty() {
                "没有填职级".to_string()
            } else {
                format!("职级「{rtext}」不在可选范围内")
            };
            let hint = match did_you_mean(&rtext, Rank::NAMES) {
                Some(s) if !rtext.is_empty() => {
                    format!("是否应为「{s}」？可选：{}", Rank::NAMES.join("、"))
                }
                _ => format!("填其一：{}", Rank::NAMES.join("、")),
            };
            problems.push(at(rcol, Problem::error(what).hint(hint)));
        }

        let female = match get(Role::Gender) {
            Some((gcol, g)) if !g.is_blank() => match g.text().replace(' ', "").as_str() {
                "男" | "男性" => Some(false),
                "女" | "女性" => Some(true),
                other => {
                    problems.push(at(
                        gcol,
                        Problem::error(format!("性别「{other}」无法识别"))
                            .hint("填 男 或 女；不填也可以。"),
                    ));
                    None
                }
            },
            _ => None,
        };

        // Group, then programme (a member's programme follows from the group).
        let group = match get(Role::Group) {
            Some((gcol, g)) if !g.is_blank() => {
                let want = collapse(&g.text());
                match crate::scaffold::pick_group(c, &want) {
                    Ok(g) => Some(g),
                    Err(e) => {
                        // pick_group's text: "错误：<what>。<did you mean>\n  <groups>".
                        let e = e.trim_start_matches("错误：");
                        let (msg, hint) = e.split_once('。').unwrap_or((e, ""));
                        let hint: String = hint.split_whitespace().collect();
                        problems.push(at(
                            gcol,
                            Problem::error(msg).hint(format!(
                                "{hint}（小组在 groups.yaml 中定义，写编号或名称均可）"
                            )),
                        ));
                        None
                    }
                }
            }
            _ => None,
        };
        let programmes: Vec<String> = c
            .programmes
            .iter()
            .map(|p| format!("{}（{}）", p.name, p.id.value))
            .collect();
        let programme = match get(Role::Programme) {
            Some((pcol, p)) if !p.is_blank() => {
                let want = collapse(&p.text());
                match c
                    .programmes
                    .iter()
                    .find(|p| p.id.value == want || p.name == want)
                {
                    Some(p) => {
                        if let Some(g) = group
                            && g.programme.value != p.id.value
                        {
                            problems.push(at(
                                pcol,
                                Problem::error(format!(
                                    "班次是{}，但小组「{}」属于另一个班次",
                                    p.name, g.name
                                ))
                                .hint("核对这一行的班次和小组。"),
                            ));
                        }
                        Some(p.id.value.clone())
                    }
                    None => {
                        let names = c
                            .programmes
                            .iter()
                            .flat_map(|p| [p.id.value.as_str(), p.name.as_str()]);
                        let hint = match did_you_mean(&want, names) {
                            Some(s) => {
                                format!("是否应为「{s}」？本届班次：{}", programmes.join("、"))
                            }
                            None => format!(
                                "本届班次：{}（在 cohort.yaml 中定义）",
                                programmes.join("、")
                            ),
                        };
                        problems.push(at(
                            pcol,
                            Problem::error(format!("班次「{want}」不是 {} 届的班次", c.year))
                                .hint(hint),
                        ));
                        None
                    }
                }
            }
            _ => match (group, c.programmes.as_slice()) {
                (Some(g), _) => Some(g.programme.value.clone()),
                (None, [only]) => Some(only.id.value.clone()),
                (None, _) if problems.iter().any(|p| p.is_error()) => None,
                (None, _) => {
                    let p = Problem::error(format!(
                        "不知道这一行属于哪个班次（本届有 {} 个班次）",
                        c.programmes.len()
                    ))
                    .hint(format!(
                        "填写「班次」或「小组」列。本届班次：{}",
                        programmes.join("、")
                    ));
                    problems.push(match col.get(&Role::Programme) {
                        Some(&i) => at(i, p),
                        None => p.row(rowno),
                    });
                    None
                }
            },
        };

        let birth_date = match get(Role::Birth) {
            Some((bcol, b)) if !b.is_blank() => match parse_date(b, None) {
                Some(d) if (1900..=2100).contains(&chrono::Datelike::year(&d)) => Some(d),
                _ if year_month_only(&b.text()) => {
                    problems.push(at(
                        bcol,
                        Problem::warning(format!("出生日期「{}」只有年月，名册须写完整日期，这一项未导入", b.text()))
                            .hint("写成 1988-03-02 这样的完整日期后重新导入；也可以导入后在 members.yaml 中补上。"),
                    ));
                    None
                }
                _ => {
                    problems.push(at(
                        bcol,
                        Problem::error(format!("出生日期「{}」无法识别", b.text()))
                            .hint("写成 1988-03-02、1988/3/2 或 1988年3月2日；在 Excel 中也可把这一列设为“日期”格式。"),
                    ));
                    None
                }
            },
            _ => None,
        };

        let consent = match get(Role::Consent) {
            Some((ccol, x)) if !x.is_blank() => match tick(x) {
                Tick::Present => Some(true),
                Tick::Absent => Some(false),
                Tick::Unknown => {
                    problems.push(at(
                        ccol,
                        Problem::error(format!("「{}」看不出是否同意公开姓名", x.text()))
                            .hint("同意填 是（或 √、1），不同意填 否（或 ×、0）；不填视为同意。"),
                    ));
                    None
                }
            },
            _ => None,
        };

        // The id: from the sheet, or kept from the cohort the person was last in.
        let sheet_id = get(Role::Id)
            .map(|(i, x)| (i, x.text().trim().to_string()))
            .filter(|(_, s)| !s.is_empty());
        let mut origin = Origin::New;
        let mut id = String::new();
        if let Some((icol, sid)) = &sheet_id {
            if !crate::scaffold::slug::is_valid(sid) {
                problems.push(at(
                    *icol,
                    Problem::error(format!("人员编号「{sid}」含有不允许的字符"))
                        .hint("编号只用小写英文字母、数字和连字符，如 p017；不知道编号可留空，由程序分配。"),
                ));
            } else {
                if let Some((year, other)) = register.owner(sid)
                    && other != name
                    && !name.is_empty()
                {
                    problems.push(at(
                        *icol,
                        Problem::warning(format!(
                            "人员编号 {sid} 在 {year} 届是「{other}」，这里是「{name}」"
                        ))
                        .hint("同一人历届沿用同一编号，不同的人用不同编号；若确为改名，可不理会。"),
                    ));
                }
                origin = Origin::Sheet;
                id = sid.clone();
            }
        } else if !name.is_empty() {
            match register.find(&name, birth_date, &department) {
                Match::Same(found, year) => {
                    origin = Origin::OnFile(year);
                    id = found;
                }
                Match::Ambiguous(list) => {
                    let who: Vec<String> =
                        list.iter().map(|(i, y)| format!("{i}（{y} 届）")).collect();
                    problems.push(at(
                        ncol,
                        Problem::error(format!(
                            "往届有 {} 位「{name}」都与这一行相符：{}，无法确定是谁",
                            list.len(),
                            who.join("、")
                        ))
                        .hint(
                            "在表格中加一列「编号」，给这一行填上此人的人员编号（其他行可留空）。",
                        ),
                    ));
                }
                Match::New(others) => {
                    if let Some((oid, oyear, why)) = others.first() {
                        problems.push(at(
                            ncol,
                            Problem::warning(format!("往届有同名的「{name}」（{oid}，{oyear} 届，{why}），按另一人处理，分配新编号"))
                                .hint(format!("若是同一人（如调动了部门），请加一列「编号」，给这一行填 {oid}。")),
                        ));
                    }
                }
            }
        }

        // The same person twice in the sheet.
        if !name.is_empty() {
            let key = (
                name.clone(),
                birth_date
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| department.clone()),
            );
            if let Some(first) = seen_person.get(&key) {
                problems.push(at(
                    ncol,
                    Problem::error(format!(
                        "「{name}」与第 {first} 行重复（同一姓名、{}）",
                        if birth_date.is_some() {
                            "出生日期"
                        } else {
                            "部门"
                        }
                    ))
                    .hint("删去重复的一行；若确是两个人，请核对出生日期。"),
                ));
            } else {
                seen_person.insert(key, rowno);
            }
        }
        if !id.is_empty() {
            if let Some(first) = seen_id.get(&id) {
                let icol = sheet_id.as_ref().map(|(i, _)| *i).unwrap_or(ncol);
                problems.push(at(
                    icol,
                    Problem::error(format!("人员编号 {id} 与第 {first} 行重复"))
                        .hint("每人一个编号；核对这两行是否同一人。"),
                ));
            } else {
                seen_id.insert(id.clone(), rowno);
            }
        }

        let failed = problems.iter().any(Problem::is_error);
        // Left to right, as the clerk reads the row.
        problems.sort_by_key(|p| p.col);
        plan.problems.extend(problems);
        if failed {
            continue;
        }
        let (Some(rank), Some(programme)) = (rank, programme) else {
            continue;
        };
        rows.push(Person {
            row: rowno,
            id,
            origin,
            name,
            female,
            department,
            position: text(Role::Position),
            rank,
            programme,
            group: group.map(|g| g.id.value.clone()),
            line: text(Role::Line),
            home_line: text(Role::HomeLine),
            consent,
            sort_as: text(Role::SortAs),
            birth_date,
            phone: text(Role::Phone),
            political_status: text(Role::Political),
        });
    }
    // Ids from the sheet are taken before new ones are numbered.
    for p in &rows {
        if !p.id.is_empty() {
            register.reserve(&p.id);
        }
    }
    for mut p in rows {
        if p.id.is_empty() {
            p.id = register.next_id();
        }
        plan.people.push(p);
    }
    if plan.people.is_empty() && plan.errors() == 0 {
        plan.problems.push(
            Problem::error(format!("表头（第 {hrow} 行）下面没有任何学员"))
                .hint("每人填一行；确认选对了文件和工作表（--sheet）。"),
        );
    }
    plan
}

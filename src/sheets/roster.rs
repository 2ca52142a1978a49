//! The roster (花名册) the office keeps in Excel → a cohort's members.yaml. One row per
//! person; columns are recognised by their Chinese titles (姓名, 性别, 部门/科室/单位, 职务,
//! 职级, 班次, 小组, 条线, 出生日期, 手机, 政治面貌, 是否同意公开 …) in any order.
//!
//! Every row is checked before anything is written: required cells, choices (性别, 职级, 班次,
//! 小组), dates, duplicates in the sheet; each problem names its sheet row and column. Person
//! ids stay stable across cohorts through [`person_ids`](super::person_ids). The YAML text is
//! written by [`yaml`], commented for the clerk who edits it later.

use super::attendance::{Tick, clean_name, collapse, normalise_header, parse_date, tick};
use super::grid::{Cell, Grid};
use super::person_ids::{Match, Register};
use super::problem::{Problem, column_letter};
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Role {
    Id,
    Name,
    Gender,
    Department,
    Position,
    Rank,
    Programme,
    Group,
    Line,
    HomeLine,
    Birth,
    Phone,
    Political,
    Consent,
    SortAs,
    Ignore,
}

/// Column titles recognised (after removing spaces and a bracketed note); the first of each
/// list is the documented one.
const ROLES: [(Role, &[&str]); 16] = [
    (Role::Id, &["编号", "人员编号", "学员编号", "id"]),
    (Role::Name, &["姓名", "学员姓名", "名字"]),
    (Role::Gender, &["性别"]),
    (
        Role::Department,
        &[
            "部门",
            "科室",
            "单位",
            "工作部门",
            "所在部门",
            "所在科室",
            "工作单位",
            "所在单位",
            "科室部门",
            "部门科室",
        ],
    ),
    (Role::Position, &["职务", "现任职务", "职位", "现职务"]),
    (Role::Rank, &["职级", "级别", "职级类别", "层级", "现职级"]),
    (
        Role::Programme,
        &["班次", "班级", "培训班", "参加班次", "所在班次"],
    ),
    (Role::Group, &["小组", "组别", "所在小组", "导师组", "分组"]),
    (Role::Line, &["条线", "培养条线", "选择条线", "所选条线"]),
    (
        Role::HomeLine,
        &["原条线", "原所在条线", "原属条线", "所在条线"],
    ),
    (Role::Birth, &["出生日期", "出生年月", "出生年月日", "生日"]),
    (
        Role::Phone,
        &[
            "手机",
            "电话",
            "手机号",
            "手机号码",
            "联系电话",
            "电话号码",
            "联系方式",
        ],
    ),
    (Role::Political, &["政治面貌"]),
    (
        Role::Consent,
        &[
            "是否同意公开",
            "公开姓名",
            "同意公开",
            "是否公开",
            "是否同意公开姓名",
            "同意公开姓名",
            "是否公开姓名",
        ],
    ),
    (Role::SortAs, &["排序名", "排序用名"]),
    (Role::Ignore, &["序号", "备注", "说明", "no", "no."]),
];

const LAYOUT_HINT: &str = "第一行（表头）写列名：姓名、性别、部门、职务、职级、班次、小组、出生日期、手机、政治面貌、是否同意公开（顺序不限，姓名、部门、职级必有）。格式见 docs/content-format.md 中“从 Excel 花名册导入学员名册”一节。";

/// Rank words offices use besides the three of members.yaml.
const RANK_ALIASES: [(&str, Rank); 8] = [
    ("一般干部", Rank::Staff),
    ("工作人员", Rank::Staff),
    ("一般人员", Rank::Staff),
    ("科员", Rank::Staff),
    ("副职", Rank::Deputy),
    ("中层副", Rank::Deputy),
    ("正职", Rank::Head),
    ("中层正", Rank::Head),
];

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

fn parse_rank(s: &str) -> Option<Rank> {
    Rank::parse(s).or_else(|| RANK_ALIASES.iter().find(|(a, _)| *a == s).map(|(_, r)| *r))
}

/// A birth date written with year and month only (出生年月 1988.03, 1988年3月, 198803).
fn year_month_only(s: &str) -> bool {
    let t = s.trim().trim_end_matches('月');
    let parts: Vec<&str> = t.split(['.', '-', '/', '年']).collect();
    let ym = parts.len() == 2
        && parts[0].len() == 4
        && matches!(parts[1].len(), 1 | 2)
        && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
    ym || (t.len() == 6 && t.bytes().all(|b| b.is_ascii_digit()))
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
    for (i, cell) in header.iter().enumerate() {
        let h = collapse(&cell.text());
        if h.is_empty() {
            continue;
        }
        titled[i] = true;
        let at = |p: Problem| p.row(hrow).col(i as u32, Some(&h));
        match role_of(&h) {
            Some(Role::Ignore) => {}
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
    let mut rows: Vec<(Person, Option<usize>)> = Vec::new();
    for (rowno, cells) in grid.rows.iter().skip(hidx + 1) {
        let rowno = *rowno;
        let get = |r: Role| col.get(&r).map(|&i| (i, Grid::cell(cells, i)));
        let text = |r: Role| {
            get(r)
                .map(|(_, x)| collapse(&x.text()))
                .filter(|s| !s.is_empty())
        };
        if cells.iter().all(Cell::is_blank) {
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
                        let (msg, hint) = e
                            .trim_start_matches("错误：")
                            .split_once('\n')
                            .unwrap_or((&e, ""));
                        problems.push(at(
                            gcol,
                            Problem::error(msg.trim()).hint(format!(
                                "{}（小组在 groups.yaml 中定义，写编号或名称均可）",
                                hint.trim()
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
        plan.problems.extend(problems);
        if failed {
            continue;
        }
        let (Some(rank), Some(programme)) = (rank, programme) else {
            continue;
        };
        rows.push((
            Person {
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
            },
            sheet_id.as_ref().map(|(i, _)| *i),
        ));
    }
    // Ids from the sheet are taken before new ones are numbered.
    for (p, _) in &rows {
        if !p.id.is_empty() {
            register.reserve(&p.id);
        }
    }
    for (mut p, _) in rows {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_recognised_flexibly() {
        assert_eq!(role_of("科室（部门）"), Some(Role::Department));
        assert_eq!(role_of(" 姓 名 "), Some(Role::Name));
        assert_eq!(role_of("出生年月"), Some(Role::Birth));
        assert_eq!(role_of("是否同意公开"), Some(Role::Consent));
        assert_eq!(role_of("手机号码*"), Some(Role::Phone));
        assert_eq!(role_of("学历"), None);
    }

    #[test]
    fn ranks_and_year_months() {
        assert_eq!(parse_rank("中层副职"), Some(Rank::Deputy));
        assert_eq!(parse_rank("科员"), Some(Rank::Staff));
        assert_eq!(parse_rank("处长"), None);
        for s in ["1988.03", "1988-3", "1988年3月", "198803"] {
            assert!(year_month_only(s), "{s}");
        }
        assert!(!year_month_only("1988-03-02"));
        assert!(!year_month_only("不详"));
    }
}

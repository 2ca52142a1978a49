//! The roster's vocabulary: which column titles mean which members.yaml field (姓名, 部门/科室/
//! 单位, 职级/级别, 出生日期/出生年月 …), the rank words offices use, and the birth dates
//! written with year and month only.

use super::cells::normalise_header;
use crate::model::Rank;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
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
pub const ROLES: [(Role, &[&str]); 16] = [
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

pub const LAYOUT_HINT: &str = "第一行（表头）写列名：姓名、性别、部门、职务、职级、班次、小组、出生日期、手机、政治面貌、是否同意公开（顺序不限，姓名、部门、职级必有）。格式见 docs/content-format.md 中“从 Excel 花名册导入学员名册”一节。";

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

pub fn role_of(header: &str) -> Option<Role> {
    let h = normalise_header(header);
    ROLES
        .iter()
        .find(|(_, names)| names.contains(&h.as_str()))
        .map(|(r, _)| *r)
}

pub fn role_title(r: Role) -> &'static str {
    ROLES
        .iter()
        .find(|(x, _)| *x == r)
        .map(|(_, n)| n[0])
        .unwrap_or("")
}

pub fn parse_rank(s: &str) -> Option<Rank> {
    Rank::parse(s).or_else(|| RANK_ALIASES.iter().find(|(a, _)| *a == s).map(|(_, r)| *r))
}

/// A birth date written with year and month only (出生年月 1988.03, 1988年3月, 198803).
pub fn year_month_only(s: &str) -> bool {
    let t = s.trim().trim_end_matches('月');
    let parts: Vec<&str> = t.split(['.', '-', '/', '年']).collect();
    let ym = parts.len() == 2
        && parts[0].len() == 4
        && matches!(parts[1].len(), 1 | 2)
        && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
    ym || (t.len() == 6 && t.bytes().all(|b| b.is_ascii_digit()))
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

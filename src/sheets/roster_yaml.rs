//! An imported roster as members.yaml text: fields in the documented order, values quoted
//! whenever YAML would misread them ([`scalar`]), a comment saying where each id came from,
//! and a header saying where the file came from and what must not be changed.

use super::roster::{Origin, Person};
use crate::scaffold::text::line;
use crate::yaml_write::scalar;

/// The whole members.yaml for cohort `year`, imported from the file called `source`.
pub fn members_text(year: i32, people: &[Person], source: &str) -> String {
    let source: String = source
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut s = format!("# {year} 届学员名册（共 {} 名）\n", people.len());
    s +=
        &format!("# 由 showcase import members 从「{source}」导入；此后直接在本文件中修改即可。\n");
    s += "# 人员编号（id）同一人历届保持不变，请勿改动；personal 下的个人信息只进内部版，绝不公开。\n";
    s += "members:\n";
    for p in people {
        let origin = match p.origin {
            Origin::Sheet => "编号取自花名册".to_string(),
            Origin::OnFile(y) if y == year => "沿用本届原名册的编号".to_string(),
            Origin::OnFile(y) => format!("沿用 {y} 届的编号"),
            Origin::New => "新编号".to_string(),
        };
        s += &line(&format!("  - id: {}", scalar(&p.id)), &origin);
        s += &format!("    name: {}\n", scalar(&p.name));
        if let Some(f) = p.female {
            s += &format!("    gender: {}\n", if f { "女" } else { "男" });
        }
        s += &format!("    department: {}\n", scalar(&p.department));
        if let Some(v) = &p.position {
            s += &format!("    position: {}\n", scalar(v));
        }
        s += &format!("    rank: {}\n", p.rank.name());
        s += &format!("    programme: {}\n", scalar(&p.programme));
        for (key, v) in [
            ("group", &p.group),
            ("line", &p.line),
            ("home_line", &p.home_line),
        ] {
            if let Some(v) = v {
                s += &format!("    {key}: {}\n", scalar(v));
            }
        }
        if let Some(c) = p.consent {
            s += &line(
                &format!("    consent: {c}"),
                if c {
                    "同意在网站公开姓名"
                } else {
                    "不同意公开姓名：公开的网站、汇编册和表彰名单中不出现"
                },
            );
        }
        if let Some(v) = &p.sort_as {
            s += &format!("    sort_as: {}\n", scalar(v));
        }
        if p.birth_date.is_some() || p.phone.is_some() || p.political_status.is_some() {
            s += "    personal:\n";
            if let Some(d) = p.birth_date {
                s += &format!("      birth_date: {d}\n");
            }
            if let Some(v) = &p.phone {
                s += &format!("      phone: {}\n", scalar(v));
            }
            if let Some(v) = &p.political_status {
                s += &format!("      political_status: {}\n", scalar(v));
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Rank;
    use chrono::NaiveDate;

    #[test]
    fn values_yaml_would_misread_are_quoted() {
        let p = Person {
            row: 2,
            id: "p061".into(),
            origin: Origin::OnFile(2016),
            name: "No".into(),
            female: Some(true),
            department: "党政办: 综合科".into(),
            position: Some("true".into()),
            rank: Rank::Deputy,
            programme: "daoshi".into(),
            group: Some("chengguan".into()),
            line: None,
            home_line: None,
            consent: Some(false),
            sort_as: None,
            birth_date: NaiveDate::from_ymd_opt(1988, 3, 2),
            phone: Some("13800000000".into()),
            political_status: Some("中共党员".into()),
        };
        let t = members_text(2018, &[p], "花名册.xlsx");
        assert!(t.contains("  - id: p061"), "{t}");
        assert!(t.contains("# 沿用 2016 届的编号"), "{t}");
        assert!(t.contains("    name: \"No\"\n"), "{t}");
        assert!(t.contains("    department: \"党政办: 综合科\"\n"), "{t}");
        assert!(t.contains("    position: \"true\"\n"), "{t}");
        assert!(t.contains("      phone: \"13800000000\"\n"), "{t}");
        assert!(t.contains("    consent: false"), "{t}");
        let n = crate::load::yaml::parse(&t, crate::source::FileId(0), 0);
        assert!(n.is_ok(), "{t}");
    }
}

//! Excel both ways, end to end through the binary on a copy of the sample content: a roster
//! (花名册) written with rust_xlsxwriter is imported into a new cohort, passes `check`, and
//! returning people keep the ids of the earlier cohort; bad cells are all reported with row
//! and column and nothing is written; an existing roster is only replaced with --replace.
//! The honour list exported as text and as a workbook (read back with calamine) is in the
//! order of the site's honour roll and never names a member who withheld consent.

mod common;

use assert_cmd::Command;
use calamine::{Data, Reader};
use common::Workspace;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use showcase::pipeline::analyse;
use std::path::Path;

fn showcase(content: &Path) -> Command {
    let mut c = Command::cargo_bin("showcase").unwrap();
    c.env("NO_COLOR", "1").arg("--content").arg(content);
    c
}

enum X {
    S(&'static str),
    D(u16, u8, u8),
}

/// A workbook with a title row above the header, as offices keep them.
fn roster_xlsx(path: &Path, header: &[&str], rows: &[Vec<X>]) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("花名册").unwrap();
    ws.write_string(0, 0, "2018年度青年干部培养学员花名册")
        .unwrap();
    for (c, h) in header.iter().enumerate() {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    let date = Format::new().set_num_format("yyyy\"年\"m\"月\"d\"日\"");
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 2, c as u16);
            match cell {
                X::S("") => {}
                X::S(s) => {
                    ws.write_string(r, c, *s).unwrap();
                }
                X::D(y, m, d) => {
                    let x = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                    ws.write_datetime_with_format(r, c, &x, &date).unwrap();
                }
            }
        }
    }
    wb.save(path).unwrap();
}

const HEADER: [&str; 11] = [
    "序号",
    "姓名",
    "性别",
    "科室（部门）",
    "职务",
    "职级",
    "班次",
    "小组",
    "出生日期",
    "手机号码",
    "是否同意公开",
];

/// Runs `import members <sheet> --cohort <year> [--replace]`.
fn import_members(content: &Path, sheet: &Path, year: &str, replace: bool) -> std::process::Output {
    let mut c = showcase(content);
    c.args(["import", "members"])
        .arg(sheet)
        .args(["--cohort", year]);
    if replace {
        c.arg("--replace");
    }
    c.output().unwrap()
}

/// A workspace with an empty 2018 cohort (programmes and groups copied from 2017).
fn with_2018() -> Workspace {
    let ws = Workspace::new();
    showcase(&ws.content())
        .args(["new", "cohort", "2018", "--copy-from", "2017"])
        .assert()
        .success();
    ws
}

/// The sample's largest `p` number.
fn max_id(content: &Path) -> u32 {
    let a = analyse(content);
    a.content
        .cohorts
        .iter()
        .flat_map(|c| &c.members)
        .filter_map(|m| m.id.value.strip_prefix('p')?.parse().ok())
        .max()
        .unwrap()
}

#[test]
fn roster_imports_checks_and_keeps_earlier_ids() {
    let ws = with_2018();
    let content = ws.content();
    let before = analyse(&content);
    let c2017 = before.content.cohort(2017).unwrap();
    let id_of = |name: &str| {
        c2017
            .members
            .iter()
            .find(|m| m.name.value == name)
            .unwrap()
            .id
            .value
            .clone()
    };
    let next = max_id(&content) + 1;
    let sheet = ws.dir.path().join("花名册.xlsx");
    roster_xlsx(
        &sheet,
        &HEADER,
        &[
            // Returning, matched by name + birth date (a real Excel date).
            vec![
                X::S("1"),
                X::S("何雨婷"),
                X::S("女"),
                X::S("经济发展办公室"),
                X::S(""),
                X::S("一般工作人员"),
                X::S("青干班"),
                X::S("qg-1"),
                X::D(1993, 8, 8),
                X::S("13900000005"),
                X::S("是"),
            ],
            // Returning, no birth date: matched by name + department; name padded.
            vec![
                X::S("2"),
                X::S("王　芳"),
                X::S("女"),
                X::S("党政办公室"),
                X::S(""),
                X::S("一般工作人员"),
                X::S(""),
                X::S("青干班第一组"),
                X::S(""),
                X::S(""),
                X::S("否"),
            ],
            // New people get the next free ids, in sheet order.
            vec![
                X::S("3"),
                X::S("林一帆"),
                X::S("男"),
                X::S("城管执法中队"),
                X::S("true"),
                X::S("一般工作人员"),
                X::S("青干班"),
                X::S(""),
                X::S("1996/1/2"),
                X::S(""),
                X::S(""),
            ],
            vec![
                X::S("4"),
                X::S("欧阳晓"),
                X::S("女"),
                X::S("党政办公室: 综合"),
                X::S(""),
                X::S("中层副职"),
                X::S("导师班"),
                X::S("chengguan"),
                X::S(""),
                X::S(""),
                X::S(""),
            ],
            // A numbered template row with nobody in it.
            vec![X::S("5")],
        ],
    );
    let out = import_members(&content, &sheet, "2018", false);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("导入 4 名学员"), "{stdout}");

    let check = showcase(&content).arg("check").output().unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let after = analyse(&content);
    let c = after.content.cohort(2018).unwrap();
    let got: Vec<(&str, &str)> = c
        .members
        .iter()
        .map(|m| (m.name.value.as_str(), m.id.value.as_str()))
        .collect();
    let (n1, n2) = (format!("p{next:03}"), format!("p{:03}", next + 1));
    assert_eq!(
        got,
        [
            ("何雨婷", id_of("何雨婷").as_str()),
            ("王芳", id_of("王芳").as_str()),
            ("林一帆", n1.as_str()),
            ("欧阳晓", n2.as_str()),
        ]
    );
    let m = &c.members;
    assert!(!m[1].consent && m[0].consent);
    assert_eq!(m[0].personal.phone.as_deref(), Some("13900000005"));
    assert_eq!(m[0].personal.birth_date.unwrap().to_string(), "1993-08-08");
    assert_eq!(m[1].group.as_ref().unwrap().value, "qg-1");
    assert_eq!(m[2].position.as_deref(), Some("true"));
    assert_eq!(m[3].department, "党政办公室: 综合");
    assert_eq!(m[3].programme.value, "daoshi");
    let text = ws.read("cohorts/2018/members.yaml");
    assert!(text.contains("# 沿用 2017 届的编号"), "{text}");

    // Importing again is refused without --replace; with it, everyone keeps their id.
    let refused = import_members(&content, &sheet, "2018", false);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--replace"));
    assert_eq!(ws.read("cohorts/2018/members.yaml"), text);
    let replaced = import_members(&content, &sheet, "2018", true);
    assert!(replaced.status.success());
    assert_eq!(ws.read("cohorts/2018/members.yaml.bak"), text);
    let again = analyse(&content);
    let ids: Vec<&str> = again
        .content
        .cohort(2018)
        .unwrap()
        .members
        .iter()
        .map(|m| m.id.value.as_str())
        .collect();
    assert_eq!(ids, got.iter().map(|g| g.1).collect::<Vec<_>>());
}

#[test]
fn every_bad_cell_is_reported_with_row_and_column_and_nothing_is_written() {
    let ws = with_2018();
    let content = ws.content();
    // Two earlier people who both fit a row (same name, same department, no birth date).
    let twin = |id: &str| {
        format!(
            "  - id: {id}\n    name: 赵六\n    department: 党政办公室\n    rank: 一般工作人员\n    programme: qinggan\n"
        )
    };
    ws.replace(
        "cohorts/2015/members.yaml",
        "members:\n",
        &format!("members:\n{}{}", twin("p901"), twin("p902")),
    );
    let file = "cohorts/2018/members.yaml";
    let before = ws.read(file);
    let sheet = ws.dir.path().join("花名册.xlsx");
    let mut header = HEADER.to_vec();
    header.push("编号");
    // 姓名, 性别, 部门, 职级, 班次, 小组, 出生日期, 是否同意公开, 编号
    #[rustfmt::skip]
    let bad: [[&'static str; 9]; 14] = [
        ["", "男", "党政办公室", "一般工作人员", "", "qg-1", "", "", ""],
        ["甲", "公", "党政办公室", "一般工作人员", "", "qg-1", "", "", ""],
        ["乙", "男", "", "一般工作人员", "", "qg-1", "", "", ""],
        ["丙", "男", "党政办公室", "中层付职", "", "qg-1", "", "", ""],
        ["丁", "男", "党政办公室", "一般工作人员", "青年班", "", "", "", ""],
        ["戊", "男", "党政办公室", "一般工作人员", "", "qg-99", "", "", ""],
        ["己", "男", "党政办公室", "一般工作人员", "", "qg-1", "下周", "", ""],
        ["庚", "男", "党政办公室", "一般工作人员", "", "qg-1", "", "也许", ""],
        ["辛", "男", "党政办公室", "一般工作人员", "", "qg-1", "", "", "P-7!"],
        ["壬", "男", "党政办公室", "一般工作人员", "", "qg-1", "", "", ""],
        ["壬", "男", "党政办公室", "一般工作人员", "", "qg-1", "", "", ""],
        ["癸", "男", "党政办公室", "一般工作人员", "导师班", "qg-1", "", "", ""],
        ["赵六", "男", "党政办公室", "一般工作人员", "", "qg-1", "", "", ""],
        ["子", "男", "党政办公室", "一般工作人员", "", "qg-1", "", "", ""],
    ];
    let mut rows: Vec<Vec<X>> = bad
        .iter()
        .map(
            |[
                name,
                gender,
                dept,
                rank,
                programme,
                group,
                birth,
                consent,
                id,
            ]| {
                [
                    "1", name, gender, dept, "", rank, programme, group, birth, "", consent, id,
                ]
                .into_iter()
                .map(X::S)
                .collect()
            },
        )
        .collect();
    // A value under no header.
    rows.last_mut().unwrap().push(X::S("多余"));
    roster_xlsx(&sheet, &header, &rows);
    let out = import_members(&content, &sheet, "2018", false);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    // Header on row 2, data from row 3.
    for want in [
        "第 3 行 B 列（姓名）：没有填姓名",
        "第 4 行 C 列（性别）：性别「公」无法识别",
        "第 5 行 D 列（科室（部门））：没有填部门",
        "第 6 行 F 列（职级）：职级「中层付职」不在可选范围内",
        "第 7 行 G 列（班次）：班次「青年班」不是 2018 届的班次",
        "第 8 行 H 列（小组）：2018 届没有小组「qg-99」",
        "第 9 行 I 列（出生日期）：出生日期「下周」无法识别",
        "第 10 行 K 列（是否同意公开）：「也许」看不出是否同意公开姓名",
        "第 11 行 L 列（编号）：人员编号「P-7!」含有不允许的字符",
        "第 13 行 B 列（姓名）：「壬」与第 12 行重复",
        "第 14 行 G 列（班次）：班次是导师班，但小组「青干班第一组」属于另一个班次",
        "第 15 行 B 列（姓名）：往届有 2 位「赵六」都与这一行相符：p901（2015 届）、p902（2015 届）",
        "第 16 行 M 列：这一列没有表头，却填了「多余」",
    ] {
        assert!(err.contains(want), "missing {want:?} in:\n{err}");
    }
    assert!(err.contains("修改建议：是否应为「中层副职」？"), "{err}");
    assert!(err.contains("加一列「编号」"), "{err}");
    assert!(err.contains("未写入任何内容"), "{err}");
    assert_eq!(ws.read(file), before);
}

#[test]
fn gbk_csv_roster_imports_with_warnings_for_what_it_cannot_keep() {
    let ws = with_2018();
    let content = ws.content();
    let csv = "姓名,部门,职级,小组,出生年月,学历\r\n张　宇,城管执法中队,科员,青干班第一组,1994.06,本科\r\n合计,,,,,\r\n";
    let (gbk, _, bad) = encoding_rs::GBK.encode(csv);
    assert!(!bad);
    let sheet = ws.dir.path().join("花名册.csv");
    std::fs::write(&sheet, &gbk).unwrap();
    let out = import_members(&content, &sheet, "2018", false);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("警告：花名册.csv 第 2 行 E 列（出生年月）：出生日期「1994.06」只有年月"),
        "{err}"
    );
    assert!(
        err.contains("第 1 行 F 列（学历）：「学历」不是名册的字段"),
        "{err}"
    );
    let a = analyse(&content);
    let m = &a.content.cohort(2018).unwrap().members;
    // Matched by name + department (no full birth date): 2017's 张宇 keeps his id.
    let old = a.content.cohort(2017).unwrap();
    let zhang = old.members.iter().find(|m| m.name.value == "张宇").unwrap();
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].id.value, zhang.id.value);
    assert_eq!(m[0].rank, showcase::model::Rank::Staff);
    assert_eq!(m[0].programme.value, "qinggan");
    assert!(m[0].personal.birth_date.is_none());
}

#[test]
fn replacing_a_roster_that_activities_still_need_is_undone() {
    let ws = Workspace::new();
    let content = ws.content();
    let file = "cohorts/2017/members.yaml";
    let before = ws.read(file);
    let sheet = ws.dir.path().join("花名册.xlsx");
    roster_xlsx(
        &sheet,
        &["姓名", "部门", "职级", "班次"],
        &[vec![
            X::S("何雨婷"),
            X::S("经济发展办公室"),
            X::S("一般工作人员"),
            X::S("青干班"),
        ]],
    );
    let out = import_members(&content, &sheet, "2017", true);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("已恢复原名册"));
    assert_eq!(ws.read(file), before);
    assert!(!ws.path("cohorts/2017/members.yaml.bak").exists());
}

/// The honour list text as (award heading, rows of cells): blocks between blank lines, the
/// first (title) and the last (issuer) left out; the note, 评选依据 and hidden count skipped.
fn txt_blocks(text: &str) -> Vec<(String, Vec<Vec<String>>)> {
    let blocks: Vec<&str> = text.trim_end().split("\r\n\r\n").collect();
    blocks[1..blocks.len() - 1]
        .iter()
        .map(|b| {
            let mut lines = b.split("\r\n");
            let heading = lines.next().unwrap().to_string();
            let rows = lines
                .filter(|l| {
                    !l.starts_with("（按")
                        && !l.starts_with("评选依据：")
                        && !l.starts_with("另有 ")
                })
                .map(|l| {
                    l.split("\u{3000}\u{3000}")
                        .map(|n| n.trim_matches(['\u{3000}', ' ']).to_string())
                        .filter(|n| !n.is_empty())
                        .collect()
                })
                .collect();
            (heading, rows)
        })
        .collect()
}

/// The honour list text as (award, names): padding removed, a group's mentor cut off.
fn txt_roll(text: &str) -> Vec<(String, Vec<String>)> {
    txt_blocks(text)
        .into_iter()
        .map(|(heading, rows)| {
            let award = heading.split('（').next().unwrap().to_string();
            let names = rows
                .into_iter()
                .flatten()
                .map(|n| {
                    n.replace('\u{3000}', "")
                        .split('（')
                        .next()
                        .unwrap()
                        .to_string()
                })
                .collect();
            (award, names)
        })
        .collect()
}

/// The site's honour roll of 2017: (award heading, names) in page order.
fn site_roll(content: &Path, out: &Path) -> Vec<(String, Vec<String>)> {
    showcase(content)
        .args(["build", "--no-booklet", "--out"])
        .arg(out)
        .assert()
        .success();
    let html = std::fs::read_to_string(out.join("site/2017/honours/index.html")).unwrap();
    let mut roll = Vec::new();
    for part in html.split("class=\"award-name\">").skip(1) {
        let name = part.split('（').next().unwrap().to_string();
        let section = part.split("</section>").next().unwrap();
        let people = section
            .split("<span class=\"award-person\">")
            .skip(1)
            .map(|s| s.split('<').next().unwrap().replace('\u{3000}', ""))
            .chain(section.split("<li><a href=\"").skip(1).map(|s| {
                s.split('>')
                    .nth(1)
                    .unwrap()
                    .split('<')
                    .next()
                    .unwrap()
                    .into()
            }))
            .collect();
        roll.push((name, people));
    }
    roll
}

#[test]
fn honour_list_follows_the_site_and_names_no_one_who_withheld_consent() {
    let ws = Workspace::new();
    let content = ws.content();
    // 高晓峰 is among 2017's 优秀学员; he now withholds consent.
    ws.replace(
        "cohorts/2017/members.yaml",
        "    name: 高晓峰\n",
        "    name: 高晓峰\n    consent: false\n",
    );
    let roll = site_roll(&content, &ws.dir.path().join("out"));
    assert!(roll.len() >= 3, "{roll:?}");
    assert!(roll.iter().all(|(_, p)| !p.is_empty()), "{roll:?}");
    assert!(roll.iter().all(|(_, p)| !p.contains(&"高晓峰".to_string())));

    // Text: BOM, CRLF only, the awards and names in the site's order.
    let txt = ws.dir.path().join("表彰名单.txt");
    showcase(&content)
        .args(["honours", "--cohort", "2017", "--output"])
        .arg(&txt)
        .assert()
        .success();
    let bytes = std::fs::read(&txt).unwrap();
    assert_eq!(&bytes[..3], &[0xEF, 0xBB, 0xBF]);
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(!text.replace("\r\n", "").contains('\n'));
    assert!(!text.contains("高晓峰"));
    assert!(text.contains("另有 1 名同志未公开姓名"), "{text}");
    assert!(text.contains("（按姓氏笔画排序）"));
    assert!(text.contains("评选依据："));
    assert_eq!(txt_roll(&text), roll);

    // Workbook: one sheet, the documented columns, one row per recipient in the site's order.
    let xlsx = ws.dir.path().join("表彰名单.xlsx");
    showcase(&content)
        .args([
            "honours", "--cohort", "2017", "--format", "xlsx", "--output",
        ])
        .arg(&xlsx)
        .assert()
        .success();
    let mut wb = calamine::open_workbook_auto(&xlsx).unwrap();
    assert_eq!(wb.sheet_names(), ["表彰名单"]);
    let range = wb.worksheet_range("表彰名单").unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| {
            r.iter()
                .map(|d| match d {
                    Data::Float(f) => format!("{f}"),
                    d => d.to_string(),
                })
                .collect()
        })
        .collect();
    assert_eq!(rows[0], ["奖项", "序号", "姓名", "部门", "评选依据"]);
    let expected: Vec<(String, String)> = roll
        .iter()
        .flat_map(|(a, p)| p.iter().map(move |n| (a.clone(), n.clone())))
        .collect();
    let named: Vec<(String, String)> = rows[1..]
        .iter()
        .filter(|r| !r[1].is_empty())
        .map(|r| (r[0].clone(), r[2].split('（').next().unwrap().to_string()))
        .collect();
    assert_eq!(named, expected);
    assert!(rows.iter().all(|r| !r.join(" ").contains("高晓峰")));
    assert!(
        rows.iter()
            .any(|r| r[2] == "另有 1 名同志未公开姓名" && r[1].is_empty())
    );
}

#[test]
fn honour_list_text_sets_five_names_a_row_or_two_with_departments() {
    let ws = Workspace::new();
    // Rows of the member awards (groups are set one a row).
    let rows = |ws: &Workspace| -> Vec<Vec<String>> {
        let out = showcase(&ws.content())
            .args(["honours", "--cohort", "2017", "--output"])
            .arg(ws.dir.path().join("名单.txt"))
            .output()
            .unwrap();
        assert!(out.status.success());
        let text = std::fs::read_to_string(ws.dir.path().join("名单.txt")).unwrap();
        txt_blocks(text.trim_start_matches('\u{feff}'))
            .into_iter()
            .filter(|(heading, _)| heading.ends_with("名）"))
            .flat_map(|(_, rows)| rows)
            .collect()
    };
    let plain = rows(&ws);
    assert!(plain.iter().any(|r| r.len() == 5), "{plain:?}");
    assert!(plain.iter().all(|r| r.len() <= 5), "{plain:?}");
    ws.replace(
        "site.yaml",
        "show_department: false",
        "show_department: true",
    );
    let wide = rows(&ws);
    assert!(wide.iter().all(|r| r.len() <= 2), "{wide:?}");
    assert!(wide.iter().any(|r| r.len() == 2), "{wide:?}");
    assert!(wide.iter().flatten().all(|n| n.ends_with('）')), "{wide:?}");
    assert!(
        wide.iter()
            .flatten()
            .any(|n| n.ends_with("（城管执法中队）")),
        "{wide:?}"
    );
}

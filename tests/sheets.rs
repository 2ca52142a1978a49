//! Spreadsheet import and export, end to end on a copy of the sample content: sign-in sheets
//! as GBK CSV (tick columns) and xlsx (参加人员 column) become records that the real loader
//! reads back and `showcase check` accepts; bad sheets write nothing; the ledger workbook
//! reads back (calamine) with the same totals as `ledger --format csv`.

mod common;

use assert_cmd::Command;
use calamine::{Data, Reader};
use chrono::NaiveDate;
use common::{Workspace, sample_content};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use showcase::model::{Cohort, Scope};
use showcase::pipeline::analyse;
use std::collections::HashMap;
use std::path::Path;
use std::process::Output;

const GROUP_FILE: &str = "cohorts/2017/activities/chengguan.yaml";

fn showcase(content: &Path) -> Command {
    let mut c = Command::cargo_bin("showcase").unwrap();
    c.env("NO_COLOR", "1").arg("--content").arg(content);
    c
}

/// `ledger --format csv` of 2017 as id → total.
/// `import attendance SHEET --group GROUP`, which must exit with `code`.
fn import_attendance(content: &Path, sheet: &Path, group: &str, code: i32) -> Output {
    showcase(content)
        .args(["import", "attendance"])
        .arg(sheet)
        .args(["--group", group])
        .assert()
        .code(code)
        .get_output()
        .clone()
}

fn totals(content: &Path) -> HashMap<String, u32> {
    let out = showcase(content)
        .args(["ledger", "--cohort", "2017", "--format", "csv"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let mut rd = csv::Reader::from_reader(out.as_slice());
    rd.records()
        .map(|r| {
            let r = r.unwrap();
            (r[1].to_string(), r[6].parse().unwrap())
        })
        .collect()
}

fn member_id(c: &Cohort, name: &str) -> String {
    c.members
        .iter()
        .find(|m| m.name.value == name)
        .unwrap_or_else(|| panic!("{name} not in the sample roster"))
        .id
        .value
        .clone()
}

fn attend_points(content: &Path) -> u32 {
    let a = analyse(content);
    a.content
        .cohort(2017)
        .unwrap()
        .points
        .as_ref()
        .unwrap()
        .attend
}

/// Runs `showcase check` and fails with its output unless it passes.
fn check_passes(content: &Path) {
    let out = showcase(content).arg("check").output().unwrap();
    assert!(
        out.status.success(),
        "check failed after import:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn excel_serial(d: NaiveDate) -> f64 {
    (d - NaiveDate::from_ymd_opt(1899, 12, 30).unwrap()).num_days() as f64
}

#[test]
fn gbk_csv_with_tick_columns_is_appended_and_loads() {
    let ws = Workspace::new();
    let content = ws.content();
    let before_file = std::fs::read(ws.path(GROUP_FILE)).unwrap();
    let before = totals(&content);
    let csv = "城管组活动签到表,,,,,,,,,\n\
        日期,活动名称,类型,组织者,实到人数,高晓峰,王　建华,陈刚,梁志刚（组长）,蒋涛\n\
        2017/9/8,夜间巡查: 第二轮 #2,实践,高晓峰,12,√,1,,是,Y\n\
        2017年9月15日,学习《城市道路管理条例》,学习,,,x,√,,,\n\
        ,,,,,,,,,\n\
        合计,,,,,2,2,0,1,1\n";
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(csv);
    assert!(!unmappable);
    let sheet = ws.dir.path().join("签到表.csv");
    std::fs::write(&sheet, &gbk).unwrap();

    let out = import_attendance(&content, &sheet, "chengguan", 0);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("导入 2 条活动记录"), "{stdout}");
    assert!(stdout.contains("showcase check"), "{stdout}");

    // Appended: the old bytes are an untouched prefix.
    let after_file = std::fs::read(ws.path(GROUP_FILE)).unwrap();
    assert!(after_file.starts_with(&before_file));
    let added = String::from_utf8(after_file[before_file.len()..].to_vec()).unwrap();
    assert!(added.contains("title: \"夜间巡查: 第二轮 #2\""), "{added}");

    // The real loader reads the records back, resolved, with the title exactly as written.
    let a = analyse(&content);
    assert!(a.ok(), "{:?}", a.diags.list);
    let c = a.content.cohort(2017).unwrap();
    let act = c
        .activities
        .iter()
        .find(|x| x.title.value == "夜间巡查: 第二轮 #2")
        .expect("imported record loaded");
    assert!(matches!(&act.scope, Scope::Group(g) if g.value == "chengguan"));
    assert_eq!(act.date.value, NaiveDate::from_ymd_opt(2017, 9, 8).unwrap());
    assert_eq!(act.headcount.as_ref().map(|h| h.value), Some(12));
    let names: Vec<&str> = act
        .participants
        .iter()
        .map(|r| c.members[r.member.expect("resolved")].name.value.as_str())
        .collect();
    assert_eq!(names, ["高晓峰", "王建华", "梁志刚", "蒋涛"]);
    assert_eq!(
        act.organiser
            .as_ref()
            .and_then(|o| o.member)
            .map(|i| c.members[i].name.value.as_str()),
        Some("高晓峰")
    );

    check_passes(&content);
    // 王建华 attended both new activities (no organiser, contribution or submission).
    let id = member_id(c, "王建华");
    let attend = attend_points(&content);
    assert_eq!(totals(&content)[&id], before[&id] + 2 * attend);
    // 陈刚 was not ticked.
    let id = member_id(c, "陈刚");
    assert_eq!(totals(&content)[&id], before[&id]);
}

fn write_xlsx(path: &Path, rows: &[Vec<XCell>]) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("九月签到").unwrap();
    let date_fmt = Format::new().set_num_format("yyyy\"年\"m\"月\"d\"日\"");
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell {
                XCell::S("") => {}
                XCell::S(s) => {
                    ws.write_string(r, c, *s).unwrap();
                }
                XCell::N(n) => {
                    ws.write_number(r, c, *n).unwrap();
                }
                XCell::D(y, m, d) => {
                    let x = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                    ws.write_datetime_with_format(r, c, &x, &date_fmt).unwrap();
                }
            }
        }
    }
    wb.save(path).unwrap();
}

enum XCell {
    S(&'static str),
    N(f64),
    D(u16, u8, u8),
}

#[test]
fn xlsx_with_a_participants_column_is_appended_and_loads() {
    use XCell::*;
    let ws = Workspace::new();
    let content = ws.content();
    let before_file = std::fs::read(ws.path(GROUP_FILE)).unwrap();
    let before = totals(&content);
    let sheet = ws.dir.path().join("城管组签到.xlsx");
    let serial = excel_serial(NaiveDate::from_ymd_opt(2017, 10, 20).unwrap());
    write_xlsx(
        &sheet,
        &[
            vec![S("2017年城管组活动登记")],
            vec![],
            vec![
                S("日期"),
                S("活动名称"),
                S("类型"),
                S("组织者"),
                S("实到人数（含非学员）"),
                S("参加人员"),
                S("简介"),
            ],
            vec![
                D(2017, 10, 13),
                S("学习会：第三次 [扩大]"),
                S("学习"),
                S("高晓峰"),
                N(12.0),
                S("高晓峰、王建华，陈刚"),
                S("讨论 #1: 要点"),
            ],
            vec![
                N(serial),
                S("'引号' 与 \"双引号\""),
                S("培训"),
                S(""),
                S(""),
                S("王建华 蒋涛"),
                S(""),
            ],
            vec![
                S("2017-10-27"),
                S("true"),
                S("其他"),
                S(""),
                S(""),
                S("全体"),
            ],
        ],
    );
    let out = import_attendance(&content, &sheet, "城管组", 0);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("导入 3 条活动记录"), "{stdout}");
    assert!(
        std::fs::read(ws.path(GROUP_FILE))
            .unwrap()
            .starts_with(&before_file)
    );

    let a = analyse(&content);
    assert!(a.ok(), "{:?}", a.diags.list);
    let c = a.content.cohort(2017).unwrap();
    let find = |t: &str| {
        c.group_activities("chengguan")
            .find(|x| x.title.value == t)
            .unwrap_or_else(|| panic!("{t} not loaded"))
    };
    let first = find("学习会：第三次 [扩大]");
    assert_eq!(
        first.date.value,
        NaiveDate::from_ymd_opt(2017, 10, 13).unwrap()
    );
    assert_eq!(first.summary.as_deref(), Some("讨论 #1: 要点"));
    assert_eq!(first.participants.len(), 3);
    let second = find("'引号' 与 \"双引号\"");
    assert_eq!(
        second.date.value,
        NaiveDate::from_ymd_opt(2017, 10, 20).unwrap()
    );
    let third = find("true");
    let group_size = c.group_members("chengguan").count();
    assert_eq!(third.participants.len(), group_size);

    check_passes(&content);
    let attend = attend_points(&content);
    // 王建华: all three; 陈刚: first and third; 高晓峰 also organised a 12-person activity.
    let now = totals(&content);
    assert_eq!(
        now[&member_id(c, "王建华")],
        before[&member_id(c, "王建华")] + 3 * attend
    );
    assert_eq!(
        now[&member_id(c, "陈刚")],
        before[&member_id(c, "陈刚")] + 2 * attend
    );
}

#[test]
fn unknown_name_fails_with_row_and_suggestion_and_writes_nothing() {
    let ws = Workspace::new();
    let content = ws.content();
    let before_file = std::fs::read(ws.path(GROUP_FILE)).unwrap();
    // UTF-8 with a BOM, as Excel's "CSV UTF-8" writes it; the bad name is on sheet row 3.
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(
        "日期,活动名称,类型,参加人员\n\
         2017-11-01,讲座一,培训,王建华\n\
         2017-11-02,讲座二,培训,高晓锋、王建华\n"
            .as_bytes(),
    );
    let sheet = ws.dir.path().join("bad.csv");
    std::fs::write(&sheet, bytes).unwrap();
    let out = import_attendance(&content, &sheet, "chengguan", 1);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("bad.csv 第 3 行 D 列（参加人员）"),
        "{stderr}"
    );
    assert!(stderr.contains("「高晓锋」"), "{stderr}");
    assert!(stderr.contains("是否指「高晓峰」"), "{stderr}");
    assert!(stderr.contains("未写入任何内容"), "{stderr}");
    assert_eq!(std::fs::read(ws.path(GROUP_FILE)).unwrap(), before_file);

    // A misspelt member column header is reported on the header row, with its column.
    let sheet2 = ws.dir.path().join("bad2.csv");
    std::fs::write(
        &sheet2,
        "日期,活动名称,类型,高晓锋\n2017-11-01,讲座一,培训,√\n",
    )
    .unwrap();
    let out = import_attendance(&content, &sheet2, "chengguan", 1);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("第 1 行 D 列（高晓锋）"), "{stderr}");
    assert!(stderr.contains("是否指「高晓峰」"), "{stderr}");
    assert_eq!(std::fs::read(ws.path(GROUP_FILE)).unwrap(), before_file);
}

#[test]
fn duplicates_and_bad_cells_are_all_reported_and_nothing_is_written() {
    let ws = Workspace::new();
    let content = ws.content();
    let before_file = std::fs::read(ws.path(GROUP_FILE)).unwrap();
    let a = analyse(&content);
    let existing = a
        .content
        .cohort(2017)
        .unwrap()
        .group_activities("chengguan")
        .next()
        .unwrap()
        .clone();
    let sheet = ws.dir.path().join("dup.csv");
    std::fs::write(
        &sheet,
        format!(
            "日期,活动名称,类型,高晓峰\n\
             {},{},学习,√\n\
             2017-11-05,新活动,学习,√\n\
             2017-11-05,新活动,学习,√\n\
             2017-13-01,坏日期,学习,√\n\
             2018-01-05,期外,学习,√\n\
             2017-11-06,类型错,学系,√\n\
             2017-11-07,标记错,学习,？\n",
            existing.date.value, existing.title.value
        ),
    )
    .unwrap();
    let out = import_attendance(&content, &sheet, "chengguan", 1);
    let stderr = String::from_utf8(out.stderr).unwrap();
    for want in [
        "第 2 行 B 列（活动名称）",
        "已有记录（cohorts/2017/activities/chengguan.yaml 第",
        "第 4 行 B 列（活动名称）：与第 3 行重复",
        "第 5 行 A 列（日期）：日期「2017-13-01」无法识别",
        "第 6 行 A 列（日期）：日期 2018-01-05 不在 2017 届培养期",
        "第 7 行 C 列（类型）：活动类型「学系」不在可选范围内",
        "是否应为「学习」",
        "第 8 行 D 列（高晓峰）：无法识别的签到标记「？」",
    ] {
        assert!(stderr.contains(want), "missing {want:?} in:\n{stderr}");
    }
    assert_eq!(std::fs::read(ws.path(GROUP_FILE)).unwrap(), before_file);
}

#[test]
fn a_missing_activity_file_is_created() {
    let ws = Workspace::new();
    let content = ws.content();
    let groups = ws.read("cohorts/2017/groups.yaml");
    ws.write(
        "cohorts/2017/groups.yaml",
        format!("{groups}\n  - id: xin-zu\n    name: 新建组\n    programme: qinggan\n"),
    );
    let sheet = ws.dir.path().join("new.csv");
    std::fs::write(
        &sheet,
        "日期,活动名称,类型,参加人员\n2017-11-01,新组首次活动,集体活动,王建华、陈刚\n",
    )
    .unwrap();
    let out = import_attendance(&content, &sheet, "xin-zu", 0);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("不是新建组成员"), "{stderr}");
    let text = ws.read("cohorts/2017/activities/xin-zu.yaml");
    assert!(text.starts_with("group: xin-zu\nactivities:\n"), "{text}");
    check_passes(&content);
}

#[test]
fn ledger_xlsx_reads_back_with_the_csv_totals() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("积分.xlsx");
    showcase(&sample_content())
        .args(["ledger", "--cohort", "2017", "--format", "xlsx", "--output"])
        .arg(&file)
        .assert()
        .success();
    let csv_totals = totals(&sample_content());

    let mut wb = calamine::open_workbook_auto(&file).unwrap();
    let names = wb.sheet_names();
    assert_eq!(names.first().map(String::as_str), Some("积分汇总"));
    assert_eq!(names.last().map(String::as_str), Some("积分明细"));
    assert!(names.iter().any(|n| n == "城管组"), "{names:?}");

    let summary = wb.worksheet_range("积分汇总").unwrap();
    let mut rows = summary.rows();
    let header: Vec<String> = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(
        header,
        [
            "名次",
            "编号",
            "姓名",
            "班次",
            "小组",
            "部门",
            "积分",
            "是否合格"
        ]
    );
    let mut xlsx_totals = HashMap::new();
    for r in rows {
        let total = match &r[6] {
            Data::Float(f) => *f as u32,
            Data::Int(i) => *i as u32,
            other => panic!("total cell {other:?}"),
        };
        xlsx_totals.insert(r[1].to_string(), total);
    }
    assert_eq!(xlsx_totals, csv_totals);

    // The detail sheet adds up to the same totals.
    let detail = wb.worksheet_range("积分明细").unwrap();
    let mut sums: HashMap<String, u32> = HashMap::new();
    for r in detail.rows().skip(1) {
        let points = match &r[3] {
            Data::Float(f) => *f as u32,
            Data::Int(i) => *i as u32,
            other => panic!("points cell {other:?}"),
        };
        *sums.entry(r[6].to_string()).or_default() += points;
        assert!(r[5].to_string().contains(".yaml:") || r[5].to_string().contains(".md:"));
    }
    for (id, total) in &csv_totals {
        assert_eq!(sums.get(id).copied().unwrap_or(0), *total, "{id}");
    }
}

#[test]
fn ledger_output_option_writes_the_same_csv() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("积分.csv");
    let stdout = showcase(&sample_content())
        .args(["ledger", "--format", "csv"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    showcase(&sample_content())
        .args(["ledger", "--format", "csv", "--output"])
        .arg(&file)
        .assert()
        .success();
    assert_eq!(std::fs::read(&file).unwrap(), stdout);
}

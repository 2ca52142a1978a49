//! Reading a spreadsheet (sign-in sheet or roster) into a plain grid of cells: workbooks (.xlsx, .xls, .ods via
//! calamine, recognised by their content, not their extension) and CSV text in UTF-8 (with or
//! without BOM), UTF-16 (Excel's "Unicode text") or GBK/GB18030 (Excel's default for Chinese).

use super::problem::Problem;
use calamine::{Data, Reader, SheetType, SheetVisible};
use chrono::NaiveDate;
use std::io::Cursor;
use std::path::Path;

/// Larger files are refused: a sign-in sheet or a roster is a few kilobytes.
pub const MAX_SHEET_BYTES: u64 = 32 * 1024 * 1024;

#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
    Bool(bool),
}

impl Cell {
    /// The cell as text, trimmed: numbers without a needless `.0`, dates as `2017-06-10`.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.trim().to_string(),
            Cell::Number(n) => number_text(*n),
            Cell::Date(d) => d.to_string(),
            Cell::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        }
    }
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

pub fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

/// One sheet's rows. Cells start at column A, so a cell's index is its column.
#[derive(Clone, Debug, Default)]
pub struct Grid {
    /// The sheet's name in a workbook; `None` for CSV.
    pub sheet: Option<String>,
    /// (1-based row number as shown by Excel, cells).
    pub rows: Vec<(u32, Vec<Cell>)>,
    /// How the file was read, e.g. "GBK 编码的 CSV", for the summary line.
    pub kind: String,
}

impl Grid {
    pub fn cell(cells: &[Cell], col: usize) -> &Cell {
        cells.get(col).unwrap_or(&Cell::Empty)
    }
}

/// Reads a sheet file. `sheet` picks a worksheet by name (default: the first visible one).
pub fn read(path: &Path, sheet: Option<&str>) -> Result<Grid, Problem> {
    let meta = std::fs::metadata(path).map_err(|e| {
        Problem::error(format!("无法读取文件：{}", io_reason(&e)))
            .hint("检查文件名和所在文件夹是否写对；文件名含空格时请用引号括起来。")
    })?;
    if meta.is_dir() {
        return Err(Problem::error("这是一个文件夹，不是表格文件")
            .hint("请给出表格文件本身，如 签到表.xlsx、花名册.xlsx。"));
    }
    if meta.len() > MAX_SHEET_BYTES {
        return Err(Problem::error(format!(
            "文件过大（{} MB），不像是签到表或花名册",
            meta.len() / 1024 / 1024
        ))
        .hint("确认选对了文件；导入只需一张工作表。"));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        Problem::error(format!("无法读取文件：{}", io_reason(&e)))
            .hint("若文件正在 Excel 或 WPS 中打开，请先关闭再试。")
    })?;
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        read_workbook(bytes, sheet)
    } else {
        if let Some(s) = sheet {
            return Err(
                Problem::error(format!("CSV 文件只有一张表，不能指定工作表「{s}」"))
                    .hint("去掉 --sheet，或改用 .xlsx 文件。"),
            );
        }
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        if matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "ods" | "et" | "wps") {
            return Err(Problem::error("文件扩展名是表格文件，内容却不是 Excel 工作簿")
                .hint("文件可能已损坏，或是 WPS 专有格式；请在 Excel 或 WPS 中打开后“另存为” .xlsx 再导入。"));
        }
        read_csv(&bytes)
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "文件不存在".into(),
        std::io::ErrorKind::PermissionDenied => "没有读取权限".into(),
        _ => e.to_string(),
    }
}

fn read_workbook(bytes: Vec<u8>, sheet: Option<&str>) -> Result<Grid, Problem> {
    if bytes.starts_with(b"PK\x03\x04") {
        crate::zip_limits::check(&bytes, crate::zip_limits::SHEET).map_err(|p| {
            Problem::error(p.message()).hint(
                "请在 Excel 或 WPS 中打开该文件，确认内容无误后“另存为”新的 .xlsx（或 CSV）再导入。",
            )
        })?;
    }
    let mut wb = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        Problem::error(format!("无法打开表格文件（{e}）")).hint(
            "文件可能已损坏或设有密码；请在 Excel 或 WPS 中打开后“另存为” .xlsx（或 CSV）再导入。",
        )
    })?;
    let sheets: Vec<(String, bool)> = wb
        .sheets_metadata()
        .iter()
        .map(|s| {
            (
                s.name.clone(),
                s.typ == SheetType::WorkSheet && s.visible == SheetVisible::Visible,
            )
        })
        .collect();
    let name = match sheet {
        Some(want) => match sheets
            .iter()
            .find(|(n, _)| n == want || n.trim() == want.trim())
        {
            Some((n, _)) => n.clone(),
            None => {
                let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
                return Err(
                    Problem::error(format!("工作簿中没有名为「{want}」的工作表"))
                        .hint(format!("现有工作表：{}", names.join("、"))),
                );
            }
        },
        None => match sheets.iter().find(|(_, visible)| *visible) {
            Some((n, _)) => n.clone(),
            None => {
                return Err(Problem::error("工作簿中没有可见的工作表")
                    .hint("在 Excel 中取消隐藏要导入的工作表，或用 --sheet 指定表名。"));
            }
        },
    };
    let range = wb.worksheet_range(&name).map_err(|e| {
        Problem::error(format!("无法读取工作表「{name}」（{e}）"))
            .hint("请在 Excel 或 WPS 中打开后“另存为” .xlsx 再导入。")
    })?;
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let rows = range
        .rows()
        .enumerate()
        .map(|(i, r)| {
            let mut cells = vec![Cell::Empty; col0 as usize];
            cells.extend(r.iter().map(cell));
            (row0 + i as u32 + 1, cells)
        })
        .collect();
    Ok(Grid {
        kind: format!("工作表「{name}」"),
        sheet: Some(name),
        rows,
    })
}

fn cell(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            NaiveDate::from_ymd_opt(y as i32, m as u32, d as u32)
                .map(Cell::Date)
                .unwrap_or(Cell::Number(dt.as_f64()))
        }
        Data::DateTime(dt) => Cell::Number(dt.as_f64()),
        Data::DateTimeIso(s) => s
            .get(..10)
            .and_then(|p| NaiveDate::parse_from_str(p, "%Y-%m-%d").ok())
            .map(Cell::Date)
            .unwrap_or_else(|| Cell::Text(s.clone())),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Text(format!("#{e:?}")),
    }
}

/// Text of a CSV file and the name of its encoding.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), Problem> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return match std::str::from_utf8(rest) {
            Ok(s) => Ok((s.to_string(), "UTF-8")),
            Err(_) => Err(bad_encoding()),
        };
    }
    for (bom, enc, name) in [
        (&[0xFF, 0xFE][..], encoding_rs::UTF_16LE, "UTF-16"),
        (&[0xFE, 0xFF][..], encoding_rs::UTF_16BE, "UTF-16"),
    ] {
        if bytes.starts_with(bom) {
            let (text, had_errors) = enc.decode_without_bom_handling(&bytes[2..]);
            if had_errors {
                return Err(bad_encoding());
            }
            return Ok((text.into_owned(), name));
        }
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok((s.to_string(), "UTF-8"));
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(bad_encoding());
    }
    Ok((text.into_owned(), "GBK"))
}

fn bad_encoding() -> Problem {
    Problem::error("无法识别文件编码：既不是 UTF-8，也不是 GBK").hint(
        "请在 Excel 或 WPS 中打开这个表格，“另存为” .xlsx 文件（推荐）或“CSV UTF-8”文件后再导入。",
    )
}

/// The delimiter of a CSV text: the most frequent of comma, tab and semicolon in its first
/// non-empty line (Chinese-locale Excel writes commas; "Unicode text" uses tabs).
fn delimiter(text: &str) -> u8 {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let count = |c: char| first.chars().filter(|x| *x == c).count();
    let (comma, tab, semi) = (count(','), count('\t'), count(';'));
    if tab > comma && tab >= semi {
        b'\t'
    } else if semi > comma && semi > tab {
        b';'
    } else {
        b','
    }
}

pub fn read_csv(bytes: &[u8]) -> Result<Grid, Problem> {
    let (text, encoding) = decode(bytes)?;
    let mut rd = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(&text))
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, rec) in rd.records().enumerate() {
        let rec = rec.map_err(|e| {
            let line = e
                .position()
                .map(|p| p.line() as u32)
                .unwrap_or(i as u32 + 1);
            Problem::error(format!("CSV 格式错误（{e}）"))
                .row(line)
                .hint("检查这一行的引号是否成对；也可在 Excel 中打开后另存为 .xlsx 再导入。")
        })?;
        // The line where the record starts equals the row Excel shows, unless an earlier cell
        // spans several lines. The parser skips blank lines but reports the position before
        // them, so they are stepped over here.
        let line = rec
            .position()
            .map(|p| record_line(&text, p.byte() as usize))
            .unwrap_or(i as u32 + 1);
        let cells = rec
            .iter()
            .map(|s| {
                if s.trim().is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(s.to_string())
                }
            })
            .collect();
        rows.push((line, cells));
    }
    Ok(Grid {
        sheet: None,
        rows,
        kind: format!("{encoding} 编码的 CSV"),
    })
}

/// 1-based line of the first non-blank line at or after byte `at`.
fn record_line(text: &str, at: usize) -> u32 {
    let bytes = text.as_bytes();
    let mut at = at.min(bytes.len());
    while at < bytes.len() && matches!(bytes[at], b'\n' | b'\r') {
        at += 1;
    }
    bytes[..at].iter().filter(|b| **b == b'\n').count() as u32 + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_bom_gbk_and_utf16() {
        let s = "日期,活动名称\n";
        assert_eq!(decode(s.as_bytes()).unwrap(), (s.to_string(), "UTF-8"));
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(s.as_bytes());
        assert_eq!(decode(&bom).unwrap(), (s.to_string(), "UTF-8"));
        let (gbk, _, _) = encoding_rs::GBK.encode(s);
        assert_eq!(decode(&gbk).unwrap(), (s.to_string(), "GBK"));
        let mut u16 = vec![0xFF, 0xFE];
        for u in s.encode_utf16() {
            u16.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&u16).unwrap(), (s.to_string(), "UTF-16"));
        assert!(decode(&[0xFF, 0xFF, 0x81]).is_err());
    }

    #[test]
    fn csv_rows_keep_their_line_numbers() {
        let g = read_csv(
            "日期\t活动名称\n\n2017-06-10\t巡查\r\n\r\n\r\n2017-06-11\t\"两\n行\"\n2017-06-12\tx\n"
                .as_bytes(),
        )
        .unwrap();
        assert_eq!(g.rows.len(), 4);
        let lines: Vec<u32> = g.rows.iter().map(|r| r.0).collect();
        assert_eq!(lines, [1, 3, 6, 8]);
        assert_eq!(g.rows[1].1[1], Cell::Text("巡查".into()));
    }

    #[test]
    fn workbook_cells_keep_their_sheet_row_and_column() {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.write_string(2, 1, "日期").unwrap();
        ws.write_number(3, 2, 12.0).unwrap();
        let hidden = wb.add_worksheet();
        hidden.write_string(0, 0, "x").unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let g = read_workbook(bytes.clone(), None).unwrap();
        assert_eq!(g.sheet.as_deref(), Some("Sheet1"));
        assert_eq!(g.rows[0].0, 3);
        assert_eq!(g.rows[0].1[1], Cell::Text("日期".into()));
        assert_eq!(g.rows[1].0, 4);
        assert_eq!(g.rows[1].1[2], Cell::Number(12.0));
        let e = read_workbook(bytes, Some("签到")).unwrap_err();
        assert!(e.hint.unwrap().contains("Sheet1、Sheet2"));
    }

    #[test]
    fn numbers_print_like_excel() {
        assert_eq!(Cell::Number(12.0).text(), "12");
        assert_eq!(Cell::Number(1.5).text(), "1.5");
    }
}

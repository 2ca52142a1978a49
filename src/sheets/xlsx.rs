//! Excel tables shared by the exported workbooks (points ledger, honour list): bold frozen
//! header, autofilter, failing rows highlighted, column widths from the widest cell, and a
//! landscape page set-up.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    Color, ExcelDateTime, Format, FormatAlign, FormatBorder, Worksheet, XlsxError,
};

/// A cell value for [`table`].
pub(crate) enum V {
    S(String),
    N(f64),
    D(NaiveDate),
}

/// Cell formats shared by the workbooks' tables.
pub(crate) struct Formats {
    header: Format,
    fail: Format,
    date: Format,
    plain: Format,
}

impl Formats {
    pub(crate) fn new() -> Self {
        Formats {
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xD9E1F2))
                .set_border_bottom(FormatBorder::Thin)
                .set_align(FormatAlign::Center),
            fail: Format::new()
                .set_background_color(Color::RGB(0xFFC7CE))
                .set_font_color(Color::RGB(0x9C0006)),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            plain: Format::new(),
        }
    }
}

/// Width of a text in Excel column units: its display width (two per CJK character).
pub fn text_width(s: &str) -> f64 {
    crate::text::display_width(s) as f64
}

/// Writes one table (header + rows) and sets widths, frozen header and autofilter.
pub(crate) fn table(
    ws: &mut Worksheet,
    f: &Formats,
    headers: &[&str],
    rows: &[(Vec<V>, bool)],
) -> Result<(), XlsxError> {
    // Room for the autofilter's drop-down button beside the header text.
    let mut widths: Vec<f64> = headers.iter().map(|h| text_width(h) + 3.0).collect();
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &f.header)?;
    }
    for (r, (cells, failing)) in rows.iter().enumerate() {
        let row = r as u32 + 1;
        for (c, v) in cells.iter().enumerate() {
            let col = c as u16;
            let w = match v {
                V::S(s) => {
                    if *failing {
                        ws.write_string_with_format(row, col, s, &f.fail)?;
                    } else {
                        ws.write_string(row, col, s)?;
                    }
                    text_width(s)
                }
                V::N(n) => {
                    ws.write_number_with_format(
                        row,
                        col,
                        *n,
                        if *failing { &f.fail } else { &f.plain },
                    )?;
                    text_width(&super::grid::number_text(*n))
                }
                V::D(d) => {
                    let x =
                        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                    ws.write_datetime_with_format(row, col, &x, &f.date)?;
                    10.0
                }
            };
            if let Some(m) = widths.get_mut(c) {
                *m = m.max(w);
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, (w + 2.0).clamp(6.0, 60.0))?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, rows.len() as u32, headers.len() as u16 - 1)?;
    ws.set_repeat_rows(0, 0)?;
    Ok(())
}

/// Landscape, one page wide, `title` as page header, page numbers as footer.
pub(crate) fn print_setup(ws: &mut Worksheet, title: &str) {
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_header(format!("&C{}", title.replace('&', "&&")));
    ws.set_footer("&C第 &P 页，共 &N 页");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_count_cjk_twice() {
        assert_eq!(text_width("城管组"), 6.0);
        assert_eq!(text_width("p017"), 4.0);
    }
}

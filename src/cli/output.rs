//! Terminal output helpers: colour only on a terminal (and never with NO_COLOR), diagnostics
//! printed to stderr, width-aware padding for Chinese tables.

use crate::diag::Diagnostics;
use crate::source::SourceMap;
use std::io::{IsTerminal, Write};

pub fn color_stderr() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

pub fn print_diagnostics(diags: &Diagnostics, sources: &SourceMap) {
    let color = color_stderr();
    let mut err = std::io::stderr().lock();
    let (shown, notes) = diags.shown(sources);
    for d in shown {
        let _ = writeln!(err, "{}", d.render(sources, color));
    }
    for n in notes {
        let _ = writeln!(err, "{n}\n");
    }
}

/// Display width in terminal cells.
pub fn width(s: &str) -> usize {
    s.chars()
        .map(|c| if crate::text::is_wide(c) { 2 } else { 1 })
        .sum()
}

pub fn pad(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(width(s))))
}

/// A plain text table with columns padded to their widest cell.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(width(c));
        }
    }
    let mut out = String::new();
    let line = |cells: Vec<String>| -> String {
        cells
            .iter()
            .enumerate()
            .map(|(i, c)| pad(c, widths[i]))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
            + "\n"
    };
    out += &line(header.iter().map(|s| s.to_string()).collect());
    out += &line(widths.iter().map(|w| "-".repeat(*w)).collect());
    for r in rows {
        out += &line(r.clone());
    }
    out
}

//! Terminal output helpers: colour only on a terminal (and never with NO_COLOR), diagnostics
//! printed to stderr.

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

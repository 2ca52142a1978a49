//! Problems as the terminal prints them and as the page's overlay shows them (plain-text
//! JSON: location, message, hint, the quoted line).

use crate::diag::Diagnostic;
use crate::source::SourceMap;
use serde_json::{Value, json};
use std::io::IsTerminal;
use std::path::Path;

/// At most this many problems are sent to the page; the terminal lists them all.
pub const OVERLAY_LIMIT: usize = 30;

/// The same problem reported by every cohort's booklet (an error in the theme's own Typst
/// files, which `map_diag` already points at the theme folder) is shown once.
pub fn theme_locations(diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen = std::collections::HashSet::new();
    diags
        .into_iter()
        .filter(|d| seen.insert((d.path.clone(), d.pos, d.message.clone())))
        .collect()
}

/// Adds the quoted line of a theme print file (`print/booklet.typ`, `lib.typ`, `cover.typ`)
/// to a problem located there.
pub fn theme_line(v: &mut Value, theme: &Path) {
    let print = theme.join("print").display().to_string();
    let Some(rest) = v["location"]
        .as_str()
        .and_then(|l| l.strip_prefix(&print))
        .map(|l| l.trim_start_matches(['/', '\\']).to_string())
    else {
        return;
    };
    let mut it = rest.rsplitn(3, ':');
    let (Some(col), Some(line), Some(file)) = (it.next(), it.next(), it.next()) else {
        return;
    };
    let (Ok(line), Ok(col)) = (line.parse::<usize>(), col.parse::<usize>()) else {
        return;
    };
    if let Ok(text) = std::fs::read_to_string(theme.join("print").join(file))
        && let Some(l) = text.lines().nth(line.saturating_sub(1))
    {
        v["line"] = json!(l.chars().take(160).collect::<String>().replace('\t', " "));
        v["line_no"] = json!(line);
        v["col"] = json!(col);
    }
}

pub fn print_diags(diags: &[Diagnostic], sources: &SourceMap) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for d in diags {
        eprintln!("{}", d.render(sources, color));
    }
}

/// A diagnostic as the overlay shows it; every field is plain text.
pub fn diag_json(d: &Diagnostic, sources: &SourceMap) -> Value {
    let line = d
        .pos
        .and_then(|p| sources.line_text(p))
        .map(|l| l.chars().take(160).collect::<String>().replace('\t', " "));
    json!({
        "error": d.is_error(),
        "location": d.location(sources),
        "message": d.message,
        "hint": d.hint,
        "line": line,
        "line_no": d.pos.map(|p| p.line),
        "col": d.pos.map(|p| p.col),
    })
}

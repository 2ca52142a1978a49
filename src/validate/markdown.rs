//! The Markdown bodies themselves: nesting deeper than the booklet writer accepts is an
//! error here, at the line where it happens, so `check` rejects what `build` would.
//!
//! In the live preview (the load cache is on) each document's verdict is kept with the text
//! it was made from: a document whose text is the very same (shared) text as last time, or
//! an equal one, is not parsed again. On a 10,000-report site this check was most of the
//! validate stage on every edit.

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Cohort, Document};
use crate::source::Pos;
use rustc_hash::FxHashMap;
use showcase_md2typst::{MAX_NESTING, nesting_problem};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

pub fn check(c: &Cohort, diags: &mut Diagnostics) {
    for d in c.documents() {
        if let Some((line, column)) = problem(d) {
            let pos = Pos::new(d.pos.file, d.body_line + line - 1, column);
            diags.push(
                Diagnostic::error(
                    pos,
                    format!("列表、引用或加粗等格式嵌套过深（超过 {MAX_NESTING} 层）"),
                )
                .hint("这通常是误粘贴的内容（如一长串「- 」或「>」）。请删去多余的符号，正文的层次一般不超过 3～4 层。"),
            );
        }
    }
}

/// A verdict with what it was made from: the file's text and where the body starts.
struct Verdict {
    text: Arc<str>,
    body_start: usize,
    /// Line and column in the body, as `nesting_problem` reports them.
    problem: Option<(u32, u32)>,
    round: u64,
}

#[derive(Default)]
struct Verdicts {
    by_path: FxHashMap<PathBuf, Verdict>,
    round: u64,
}

static VERDICTS: Mutex<Option<Verdicts>> = Mutex::new(None);

/// The nesting problem in `d`'s body (line and column within the body), from the cache when
/// the same text was checked before.
fn problem(d: &Document) -> Option<(u32, u32)> {
    problem_with(d, crate::load::cache::on())
}

fn problem_with(d: &Document, cached: bool) -> Option<(u32, u32)> {
    let compute = || nesting_problem(d.body()).map(|p| (p.line, p.column));
    if !cached {
        return compute();
    }
    if let Ok(mut g) = VERDICTS.lock() {
        let v = g.get_or_insert_with(Default::default);
        let round = v.round;
        if let Some(e) = v.by_path.get_mut(&d.rel_path)
            && e.body_start == d.body_start
            && (Arc::ptr_eq(&e.text, &d.text) || *e.text == *d.text)
        {
            e.round = round;
            return e.problem;
        }
    }
    let problem = compute();
    if let Ok(mut g) = VERDICTS.lock() {
        let v = g.get_or_insert_with(Default::default);
        let round = v.round;
        v.by_path.insert(
            d.rel_path.clone(),
            Verdict {
                text: Arc::clone(&d.text),
                body_start: d.body_start,
                problem,
                round,
            },
        );
    }
    problem
}

/// Drops the verdicts of documents not seen since the last sweep (deleted or renamed) and
/// starts a new round; called once per validation.
pub fn sweep() {
    if let Ok(mut g) = VERDICTS.lock()
        && let Some(v) = g.as_mut()
    {
        let round = v.round;
        v.by_path.retain(|_, e| e.round >= round);
        v.round += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(path: &str, body: &str) -> Document {
        let text: Arc<str> = format!("---\ntitle: 标题\n---\n{body}").into();
        Document {
            kind: crate::model::DocKind::Report,
            slug: "r".into(),
            rel_path: PathBuf::from(path),
            title: crate::source::Located::new("标题".into(), Pos::default()),
            authors: Vec::new(),
            group: None,
            date: None,
            abstract_: None,
            keywords: Vec::new(),
            signed: None,
            draft: false,
            body_start: text.len() - body.len(),
            text,
            body_line: 4,
            images: Vec::new(),
            pos: Pos::default(),
        }
    }

    /// Cached, an edit that introduces deep nesting is reported, an edit that
    /// fixes it is not, and an unchanged (shared) text keeps its verdict.
    #[test]
    fn cached_verdicts_follow_edits() {
        let deep = format!("{}深\n", "> ".repeat(MAX_NESTING + 2));
        let path = "cohorts/2017/reports/verdict-test.md";
        let ok = doc(path, "正文。\n");
        assert_eq!(problem_with(&ok, true), None);
        sweep();
        let broken = doc(path, &deep);
        let found = problem_with(&broken, true);
        assert_eq!(
            found,
            nesting_problem(broken.body()).map(|p| (p.line, p.column))
        );
        assert!(
            found.is_some(),
            "deep nesting must be reported after the edit"
        );
        sweep();
        // Same shared text: answered from the cache, same verdict.
        assert_eq!(problem_with(&broken.clone(), true), found);
        sweep();
        assert_eq!(
            problem_with(&doc(path, "修好了。\n"), true),
            None,
            "the fixed error must go"
        );
        sweep();
        assert!(problem_with(&doc(path, &deep), true).is_some());
    }
}

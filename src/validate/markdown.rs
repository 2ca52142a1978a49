//! The Markdown bodies themselves: nesting deeper than the booklet writer accepts is an
//! error here, at the line where it happens, so `check` rejects what `build` would.

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Cohort;
use crate::source::Pos;
use showcase_md2typst::{MAX_NESTING, nesting_problem};

pub fn check(c: &Cohort, diags: &mut Diagnostics) {
    for d in c.documents() {
        if let Some(p) = nesting_problem(d.body()) {
            let pos = Pos::new(d.pos.file, d.body_line + p.line - 1, p.column);
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

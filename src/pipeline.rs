//! The whole analysis in one call: load → validate → compute, plus the checks that need
//! computed figures (manual awards for members below the pass mark, names the collation
//! tables do not know).

use crate::compute::{self, Computed};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{AwardKind, Content};
use std::path::Path;

pub struct Analysis {
    pub content: Content,
    pub diags: Diagnostics,
    pub computed: Computed,
    /// Drafts (`draft: true`), checked and then left out of the content: (path, title).
    pub drafts: Vec<(std::path::PathBuf, String)>,
}

/// Whether drafts stay in the content (the `serve` preview) or are left out (everything
/// that publishes: build, ledger, archive).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Drafts {
    Exclude,
    Include,
}

impl Analysis {
    pub fn ok(&self) -> bool {
        !self.diags.has_errors()
    }
}

pub fn analyse(root: &Path) -> Analysis {
    analyse_with(root, Drafts::Exclude)
}

pub fn analyse_with(root: &Path, drafts: Drafts) -> Analysis {
    let lap = laps();
    let mut diags = Diagnostics::default();
    let mut content = crate::load::load(root, &mut diags);
    lap("load");
    crate::validate::validate(&mut content, &mut diags);
    lap("validate");
    let mut listed = Vec::new();
    for c in &mut content.cohorts {
        for list in [&mut c.reports, &mut c.cases] {
            listed.extend(
                list.iter()
                    .filter(|d| d.draft)
                    .map(|d| (d.rel_path.clone(), d.title.value.clone())),
            );
            if drafts == Drafts::Exclude {
                list.retain(|d| !d.draft);
            }
        }
    }
    let computed = compute::compute(&content);
    lap("compute");
    post_checks(&content, &computed, &mut diags);
    diags.sort();
    lap("post-checks");
    Analysis {
        content,
        diags,
        computed,
        drafts: listed,
    }
}

/// Stage timings on stderr when `SHOWCASE_TIMINGS` is set (profiling, the benchmarks).
fn laps() -> impl Fn(&str) {
    let on = std::env::var_os("SHOWCASE_TIMINGS").is_some();
    let last = std::sync::Mutex::new(std::time::Instant::now());
    move |stage| {
        if on && let Ok(mut last) = last.lock() {
            let now = std::time::Instant::now();
            eprintln!("timing {stage}: {:.3}s", (now - *last).as_secs_f64());
            *last = now;
        }
    }
}

fn post_checks(content: &Content, computed: &Computed, diags: &mut Diagnostics) {
    let opts = compute::order::options(&content.site);
    for (c, f) in content.cohorts.iter().zip(&computed.cohorts) {
        if let Some(l) = &f.ledger {
            for a in &c.awards {
                if let AwardKind::Members(list) = &a.kind {
                    for r in list {
                        if let Some(i) = r.member
                            && let Some(row) = l.row(i)
                            && !row.passed
                        {
                            diags.push(
                                Diagnostic::warning(
                                    r.text.pos,
                                    format!(
                                        "「{}」积分 {} 分，未达合格线 {} 分，却被列入「{}」",
                                        r.text.value, row.total, l.rules.pass_mark, a.name.value
                                    ),
                                )
                                .hint("按积分制，不合格者不能受表彰；请核对名单。")
                                .width(r.text.value.chars().count()),
                            );
                        }
                    }
                }
            }
        }
        // Every name that may be published (honour rolls, member lists) must be orderable.
        for m in &c.members {
            let key = m.sort_as.as_deref().unwrap_or(&m.name.value);
            let unknown = showcase_collate::unknown_chars(key, &opts);
            if !unknown.is_empty() {
                let chars: String = unknown.iter().collect();
                diags.push(
                    Diagnostic::warning(m.name.pos, format!("排序字库中没有「{chars}」的笔画数据，「{}」在名单中的位置可能不准", m.name.value))
                        .hint("在 members.yaml 中为此人加 sort_as: 写一个笔画相同的常用字代替，如 sort_as: 李丹。")
                        .width(m.name.value.chars().count()),
                );
            }
        }
    }
}

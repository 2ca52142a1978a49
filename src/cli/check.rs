//! `showcase check`: validate everything, print every diagnostic, end with a summary line.

use super::Cli;
use super::output::print_diagnostics;
use crate::pipeline::analyse;
use std::process::ExitCode;

pub fn run(cli: &Cli) -> ExitCode {
    let a = analyse(&cli.content);
    print_diagnostics(&a.diags, &a.content.sources);
    let c = &a.content;
    let groups: usize = c.cohorts.iter().map(|c| c.groups.len()).sum();
    let members: usize = c.cohorts.iter().map(|c| c.members.len()).sum();
    let activities: usize = c.cohorts.iter().map(|c| c.activities.len()).sum();
    let reports: usize = c.cohorts.iter().map(|c| c.reports.len()).sum();
    let cases: usize = c.cohorts.iter().map(|c| c.cases.len()).sum();
    for (path, title) in &a.drafts {
        println!(
            "草稿（不发布，showcase serve 中可预览）：{}《{}》",
            crate::diag::printable(&path.display().to_string()),
            crate::diag::printable(title)
        );
    }
    let verdict = if a.ok() {
        "检查通过"
    } else {
        "检查未通过"
    };
    println!(
        "{verdict}：{} 届、{groups} 个小组、{members} 名学员、{activities} 条活动记录、{reports} 篇调研文章、{cases} 篇活动案例；{} 个错误，{} 个警告",
        c.cohorts.len(),
        a.diags.error_count(),
        a.diags.warning_count()
    );
    if a.ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

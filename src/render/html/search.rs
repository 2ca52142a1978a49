//! The offline Chinese search index: pagefind (as a library, `extended` feature for CJK word
//! segmentation) over custom records — reports, cases, group and cohort pages — written to
//! `pagefind/` beside the pages.

use super::views::{Audience, authors, doc_url};
use crate::model::Content;
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use std::collections::BTreeMap;
use std::path::Path;

struct Record {
    url: String,
    title: String,
    text: String,
    kind: &'static str,
    year: i32,
}

fn records(content: &Content, aud: Audience) -> Vec<Record> {
    let mut out = Vec::new();
    for c in &content.cohorts {
        for d in c.reports.iter().chain(&c.cases) {
            let kind = if d.kind == crate::model::DocKind::Report {
                "调研文章"
            } else {
                "活动案例"
            };
            let text = format!(
                "{} {} {} {} {}",
                d.title.value,
                authors(c, d, aud).join(" "),
                d.abstract_.clone().unwrap_or_default(),
                d.keywords.join(" "),
                super::markdown::to_text(&d.body)
            );
            out.push(Record {
                url: doc_url(d, c.year),
                title: d.title.value.clone(),
                text,
                kind,
                year: c.year,
            });
        }
        for g in &c.groups {
            let mentor = g
                .mentor
                .as_ref()
                .map(|m| m.name.clone())
                .unwrap_or_default();
            let acts: Vec<&str> = c
                .group_activities(&g.id.value)
                .map(|a| a.title.value.as_str())
                .collect();
            out.push(Record {
                url: format!("{}/groups/{}/index.html", c.year, g.id.value),
                title: format!("{}（{}年）", g.name, c.year),
                text: format!(
                    "{} {} {} {}",
                    g.name,
                    g.line.clone().unwrap_or_default(),
                    mentor,
                    acts.join(" ")
                ),
                kind: "小组",
                year: c.year,
            });
        }
    }
    out
}

/// Builds the index and writes its files; returns how many files were written.
pub fn build_index(content: &Content, aud: Audience, out: &Path) -> Result<usize, String> {
    let records = records(content, aud);
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| format!("无法启动搜索索引：{e}"))?;
    let files = rt
        .block_on(async {
            let config = PagefindServiceConfig::builder()
                .force_language("zh-cn".to_string())
                .build();
            let mut index = PagefindIndex::new(Some(config)).map_err(|e| e.to_string())?;
            for r in records {
                let mut meta = BTreeMap::new();
                meta.insert("title".to_string(), r.title);
                meta.insert("kind".to_string(), r.kind.to_string());
                meta.insert("year".to_string(), r.year.to_string());
                index
                    .add_custom_record(r.url, r.text, "zh-cn".into(), Some(meta), None, None)
                    .await
                    .map_err(|e| e.to_string())?;
            }
            let t = std::time::Instant::now();
            let files = index.get_files().await.map_err(|e| e.to_string());
            if std::env::var_os("SHOWCASE_TIMINGS").is_some() {
                eprintln!(
                    "timing search-build-files: {:.3}s",
                    t.elapsed().as_secs_f64()
                );
            }
            files
        })
        .map_err(|e| format!("生成搜索索引失败：{e}"))?;
    let dir = out.join("pagefind");
    let mut n = 0;
    for f in files {
        let target = dir.join(&f.filename);
        if let Some(p) = target.parent() {
            std::fs::create_dir_all(p).map_err(|e| e.to_string())?;
        }
        std::fs::write(&target, &f.contents)
            .map_err(|e| format!("无法写入 {}：{e}", target.display()))?;
        n += 1;
    }
    Ok(n)
}

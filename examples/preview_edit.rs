//! The live preview's rebuild, in process and without the file watcher: analyses a content
//! folder and renders the public site incrementally, then edits one report's title again
//! and again and prints each rebuild's analysis and render times (median at the end). A
//! profiling aid for `serve` (`scripts/bench-serve.sh` measures the whole preview, polling
//! and reload included). With `PREVIEW_EDIT_PAUSE=1` it waits 3 s after the first build, to
//! attach `perf record -p` to the edits alone.
//!
//! Usage: `cargo run --release --example preview_edit -- CONTENT OUT EDITS [REPORT]`
//! (REPORT: the Markdown file to edit, relative to CONTENT; default the last report of a
//! `scripts/bench/gen.py` corpus). The report is restored afterwards.

use showcase::render::html::incremental::{PageCache, build_site_incremental};
use showcase::render::html::{SiteOptions, load_templates, views::Audience};
use std::path::Path;
use std::time::{Duration, Instant};

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 4 {
        return Err("usage: preview_edit CONTENT OUT EDITS [REPORT]".into());
    }
    let (content, out) = (Path::new(&args[1]), Path::new(&args[2]));
    let edits: usize = args[3].parse().map_err(|e| format!("EDITS: {e}"))?;
    let report = args
        .get(4)
        .map_or("cohorts/2017/reports/r09999.md", String::as_str);
    showcase::render::html::body_cache::enable();
    showcase::load::cache::enable();
    let theme = Path::new("themes/default");
    let tera = load_templates(theme)?;
    let mut cache = PageCache::default();
    let file = content.join(report);
    let original =
        std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    let _ = std::fs::remove_dir_all(out);
    let mut times = Vec::new();
    let mut result = Ok(());
    for i in 0..=edits {
        if i > 0 {
            let edited = original.replacen("title: ", &format!("title: 改{i}"), 1);
            if let Err(e) = std::fs::write(&file, edited) {
                result = Err(e.to_string());
                break;
            }
        }
        let t = Instant::now();
        let a = showcase::pipeline::analyse_with(content, showcase::pipeline::Drafts::Include);
        if !a.ok() {
            result = Err(format!("{} problems in the content", a.diags.error_count()));
            break;
        }
        let analysed = t.elapsed();
        let opts = SiteOptions {
            theme,
            out,
            audience: Audience::Public,
            booklets: &[],
            progress: false,
        };
        let reuse = match build_site_incremental(&a.content, &a.computed, &opts, &tera, &mut cache)
        {
            Ok((_, reuse)) => reuse,
            Err(e) => {
                result = Err(e);
                break;
            }
        };
        let rendered = t.elapsed();
        drop(a);
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        eprintln!(
            "edit {i}: analyse {:.1}  render {:.1}  drop {:.1}  ms ({} pages rendered)",
            ms(analysed),
            ms(rendered - analysed),
            ms(t.elapsed() - rendered),
            reuse.rendered
        );
        if i > 0 {
            times.push(ms(rendered));
        } else if std::env::var_os("PREVIEW_EDIT_PAUSE").is_some() {
            std::thread::sleep(Duration::from_secs(3));
        }
    }
    std::fs::write(&file, original).map_err(|e| format!("{}: {e}", file.display()))?;
    result?;
    times.sort_by(f64::total_cmp);
    if let Some(m) = times.get(times.len() / 2) {
        eprintln!(
            "median analyse + render: {m:.1} ms over {} edits",
            times.len()
        );
    }
    Ok(())
}

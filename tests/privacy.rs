//! Privacy is law: a member who withheld consent (`consent: false`) appears in no public
//! output — site pages, search shards, charts, any text file, and the booklet PDFs (read
//! back with pdftotext). The sample names such a member as a report author; this test also
//! gives her a manual award, the case that once printed her name on the PDF honour roll.

mod common;

use common::{copy_dir, sample_content, showcase_bin};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Names of every member of every cohort who withheld consent.
fn withheld(content: &Path) -> Vec<String> {
    let mut names = Vec::new();
    for e in std::fs::read_dir(content.join("cohorts")).unwrap() {
        let roster = e.unwrap().path().join("members.yaml");
        let Ok(text) = std::fs::read_to_string(&roster) else {
            continue;
        };
        // The roster is a list of mappings; track the latest `name:` before `consent: false`.
        let mut name = String::new();
        for line in text.lines() {
            let t = line.trim_start().trim_start_matches("- ");
            if let Some(v) = t.strip_prefix("name:") {
                name = v.trim().to_string();
            }
            if t.starts_with("consent:") && t.contains("false") {
                names.push(name.clone());
            }
        }
    }
    names
}

fn files(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().to_path_buf())
        .collect()
}

fn pdf_text(pdf: &Path) -> String {
    let o = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils; run scripts/setup.sh --test)");
    assert!(o.status.success(), "pdftotext failed on {}", pdf.display());
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn a_member_without_consent_is_in_no_public_output() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_dir(&sample_content(), &content);
    let honours = content.join("cohorts/2017/honours.yaml");
    let mut text = std::fs::read_to_string(&honours).unwrap();
    text.push_str("\n  - name: 宣传工作奖\n    members: [沈佳, 吴昊]\n");
    std::fs::write(&honours, text).unwrap();
    let names = withheld(&content);
    assert!(
        names.iter().any(|n| n == "沈佳"),
        "the sample must keep a member without consent: {names:?}"
    );

    let out = tmp.path().join("out");
    let o = Command::new(showcase_bin())
        .arg("build")
        .arg("--content")
        .arg(&content)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );

    let mut pdfs = 0;
    let mut checked = 0;
    // Everything public: the site (with the PDFs it links) and the booklets with sources.
    for part in ["site", "print"] {
        for f in files(&out.join(part)) {
            let text = match f.extension().and_then(|x| x.to_str()) {
                Some("pdf") => {
                    pdfs += 1;
                    pdf_text(&f)
                }
                Some("png" | "jpg" | "jpeg" | "gif" | "webp" | "zip") => continue,
                // Search files are UTF-16 and the stored texts compressed: read them decoded.
                _ => showcase::render::html::search::read::readable(&f),
            };
            checked += 1;
            for n in &names {
                assert!(
                    !text.contains(n.as_str()),
                    "{n} withheld consent but is named in {}",
                    f.display()
                );
            }
        }
    }
    assert!(
        pdfs >= 2,
        "booklets must be checked too (found {pdfs} PDFs)"
    );
    assert!(checked > 100, "only {checked} files checked");

    // The award still counts her, and says a name is withheld.
    let booklet = out.join("print/2017/booklet.pdf");
    let t = pdf_text(&booklet).replace(char::is_whitespace, "");
    assert!(
        t.contains("宣传工作奖（2名）"),
        "award count keeps hidden members"
    );
    assert!(
        t.contains("另有1名同志未公开姓名"),
        "the booklet says a name is withheld"
    );
    assert!(t.contains("吴昊"), "the other recipient is still named");
}

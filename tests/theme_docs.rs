//! docs/themes.md lists every variable each template receives. This test renders nothing:
//! it builds every page's context (the typed views, serialised) for the sample content, in
//! the public and the internal build, collects the variable paths (`cohort.year`,
//! `groups[].name`) and compares them with the tables in the document — a variable the
//! views no longer have, or one they have that is not documented, fails the test. It also
//! checks that variables marked `internal` never reach a public page, and that every
//! template of the default theme has its table.

mod common;

use common::sample_content;
use serde_json::Value;
use showcase::pipeline::{Drafts, analyse_with};
use showcase::render::html::{Audience, template_contexts};
use std::collections::{BTreeMap, BTreeSet};

const EVERY_PAGE: &str = "every page";

/// A documented variable and the builds it is in (`both` or `internal`).
#[derive(Debug, Clone)]
struct Documented {
    path: String,
    internal_only: bool,
    /// A type documented in its own table (`CohortSummary`): the variable is an object
    /// with that type's variables (each element of it, for a path ending in `[]`).
    ty: Option<String>,
}

/// The variable tables of docs/themes.md: section (a template, `every page`, or
/// `type Name`) → its rows, as written.
fn tables() -> BTreeMap<String, Vec<Documented>> {
    let doc = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/themes.md"),
    )
    .unwrap();
    let start = doc
        .find("<!-- template-variables:begin -->")
        .expect("docs/themes.md has a template-variables:begin marker");
    let end = doc
        .find("<!-- template-variables:end -->")
        .expect("docs/themes.md has a template-variables:end marker");
    let mut out: BTreeMap<String, Vec<Documented>> = BTreeMap::new();
    let mut section: Option<String> = None;
    for line in doc[start..end].lines() {
        if let Some(h) = line.strip_prefix("#### ") {
            let name = h.replace('`', "").trim().to_string();
            out.entry(name.clone()).or_default();
            section = Some(name);
            continue;
        }
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        // `| `path` | build | type | meaning |` → ["", "`path`", build, type, meaning, ""]
        if cells.len() < 6 || !cells[1].starts_with('`') {
            continue;
        }
        let section = section
            .as_ref()
            .unwrap_or_else(|| panic!("variable row before any #### heading: {line}"));
        let build = cells[2];
        assert!(
            build == "both" || build == "internal",
            "build column must be `both` or `internal`: {line}"
        );
        let ty = cells[3]
            .strip_prefix('`')
            .and_then(|t| t.strip_suffix('`'))
            .map(str::to_string);
        out.get_mut(section).unwrap().push(Documented {
            path: cells[1].trim_matches('`').to_string(),
            internal_only: build == "internal",
            ty,
        });
    }
    out
}

/// A section's variables with every documented type expanded into its own variables.
fn expand(tables: &BTreeMap<String, Vec<Documented>>, section: &str) -> Vec<Documented> {
    let mut out = Vec::new();
    for row in &tables[section] {
        let ty = row.ty.as_ref().map(|t| format!("type {t}"));
        match ty.filter(|t| tables.contains_key(t)) {
            Some(t) => {
                for f in expand(tables, &t) {
                    out.push(Documented {
                        path: format!("{}.{}", row.path, f.path),
                        internal_only: row.internal_only || f.internal_only,
                        ty: None,
                    });
                }
            }
            None => out.push(row.clone()),
        }
    }
    out
}

/// Every documented section but the types, expanded.
fn documented() -> BTreeMap<String, Vec<Documented>> {
    let t = tables();
    t.keys()
        .filter(|k| !k.starts_with("type "))
        .map(|k| (k.clone(), expand(&t, k)))
        .collect()
}

/// Every path in a context: `a.b` for object keys, `a[]` for array elements.
fn paths(v: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(map) => {
            for (k, x) in map {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                out.insert(p.clone());
                paths(x, &p, out);
            }
        }
        Value::Array(items) => {
            let p = format!("{prefix}[]");
            out.insert(p.clone());
            for x in items {
                paths(x, &p, out);
            }
        }
        _ => {}
    }
}

/// The leaves of a set of paths: those no other path continues.
fn leaves(all: &BTreeSet<String>) -> BTreeSet<String> {
    all.iter()
        .filter(|p| {
            !all.iter().any(|q| {
                q.len() > p.len()
                    && q.starts_with(p.as_str())
                    && matches!(q.as_bytes()[p.len()], b'.' | b'[')
            })
        })
        .cloned()
        .collect()
}

/// Template → every variable path of the pages using it, for one audience.
fn actual(audience: Audience) -> BTreeMap<String, BTreeSet<String>> {
    let a = analyse_with(&sample_content(), Drafts::Exclude);
    assert!(a.ok(), "the sample content has errors");
    let years: Vec<i32> = a.content.cohorts.iter().map(|c| c.year).collect();
    let mut all: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (template, ctx) in template_contexts(&a.content, &a.computed, audience, &years) {
        paths(&ctx, "", all.entry(template.to_string()).or_default());
    }
    all
}

#[test]
fn every_template_variable_is_documented_and_every_documented_one_exists() {
    let docs = documented();
    let every: Vec<&Documented> = docs
        .get(EVERY_PAGE)
        .expect("an `every page` table")
        .iter()
        .collect();
    let public = actual(Audience::Public);
    let internal = actual(Audience::Internal);
    let mut problems = Vec::new();
    for (template, vars) in &internal {
        let Some(own) = docs.get(template) else {
            problems.push(format!("{template}: no table in docs/themes.md"));
            continue;
        };
        // Rows for a list or an object whose variables follow are descriptions: compare
        // the leaves.
        let documented = leaves(
            &own.iter()
                .chain(every.iter().copied())
                .map(|d| d.path.clone())
                .collect(),
        );
        let documented: BTreeSet<&str> = documented.iter().map(String::as_str).collect();
        let mut union = vars.clone();
        union.extend(public.get(template).into_iter().flatten().cloned());
        let union = leaves(&union);
        let seen: BTreeSet<&str> = union.iter().map(String::as_str).collect();
        for v in seen.difference(&documented) {
            problems.push(format!("{template}: `{v}` is not documented"));
        }
        for v in documented.difference(&seen) {
            problems.push(format!("{template}: documented `{v}` does not exist"));
        }
        // The public build of this template has exactly the variables documented `both`.
        if let Some(p) = public.get(template) {
            let public_leaves = leaves(p);
            for d in own.iter().chain(every.iter().copied()) {
                let is_leaf = documented.contains(d.path.as_str());
                let on_public = public_leaves.contains(&d.path);
                if is_leaf && d.internal_only && on_public {
                    problems.push(format!(
                        "{template}: `{}` is marked internal but is on a public page",
                        d.path
                    ));
                }
                if is_leaf && !d.internal_only && !on_public {
                    problems.push(format!(
                        "{template}: `{}` is marked both but only the internal build has it",
                        d.path
                    ));
                }
            }
        }
    }
    for template in docs.keys() {
        if template != EVERY_PAGE && !internal.contains_key(template) {
            problems.push(format!(
                "docs/themes.md documents `{template}`, which no page uses"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "docs/themes.md is out of date:\n{}",
        problems.join("\n")
    );
}

#[test]
fn every_page_template_of_the_default_theme_is_documented() {
    let docs = documented();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    let mut missing = Vec::new();
    for e in walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = e
            .path()
            .strip_prefix(&dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        // base.html is extended by every page (its variables are the `every page` table);
        // partials are included and see the including page's variables.
        if !e.file_type().is_file() || rel == "base.html" || rel.starts_with("partials/") {
            continue;
        }
        if !docs.contains_key(&rel) {
            missing.push(rel);
        }
    }
    assert!(
        missing.is_empty(),
        "templates without a variable table: {missing:?}"
    );
}

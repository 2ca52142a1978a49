//! Tests of theme inheritance (`theme.yaml`, `extends`).

use super::*;

/// Writes `files` (path, text) below `root`.
fn put(root: &Path, files: &[(&str, &str)]) {
    for (rel, text) in files {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

#[test]
fn a_child_overrides_per_file_and_inherits_the_rest() {
    let d = tempfile::tempdir().unwrap();
    let themes = d.path().join("themes");
    put(
        &themes,
        &[
            ("base/templates/a.html", "base a"),
            ("base/templates/partials/b.html", "base b"),
            ("base/static/style.css", "base css"),
            ("base/print/fonts.yaml", "roles: []\n"),
            ("mine/theme.yaml", "# my theme\nextends: base\n"),
            ("mine/templates/a.html", "mine a"),
            ("mine/static/theme.css", "mine css"),
        ],
    );
    let t = Theme::open(&themes.join("mine")).unwrap();
    assert_eq!(t.layers, vec![themes.join("mine"), themes.join("base")]);
    let tpl = t.files("templates");
    assert_eq!(
        tpl.keys().collect::<Vec<_>>(),
        ["a.html", "partials/b.html"]
    );
    assert_eq!(tpl["a.html"], themes.join("mine/templates/a.html"));
    assert_eq!(
        tpl["partials/b.html"],
        themes.join("base/templates/partials/b.html")
    );
    let st = t.files("static");
    assert_eq!(st.len(), 2);
    assert_eq!(
        t.file("print/fonts.yaml"),
        Some(themes.join("base/print/fonts.yaml"))
    );
    assert_eq!(t.dirs("templates").len(), 2);
    assert_eq!(t.dirs("print"), vec![themes.join("base/print")]);
    // A theme without theme.yaml is its own single layer.
    assert_eq!(Theme::open(&themes.join("base")).unwrap().layers.len(), 1);
}

#[test]
fn a_path_parent_is_relative_to_the_theme_folder() {
    let d = tempfile::tempdir().unwrap();
    put(
        d.path(),
        &[
            ("shared/base/templates/a.html", "a"),
            ("site/theme/theme.yaml", "extends: ../../shared/base\n"),
        ],
    );
    let t = Theme::open(&d.path().join("site/theme")).unwrap();
    assert_eq!(t.files("templates").len(), 1);
}

#[test]
fn a_cycle_is_an_error_naming_theme_yaml() {
    let d = tempfile::tempdir().unwrap();
    let themes = d.path().join("themes");
    put(
        &themes,
        &[
            ("a/theme.yaml", "extends: b\n"),
            ("b/theme.yaml", "extends: a\n"),
        ],
    );
    let e = Theme::open(&themes.join("a")).unwrap_err();
    assert!(e.contains("循环"), "{e}");
    assert!(e.contains("b/theme.yaml:1:10"), "{e}");
    // Naming itself (not a built-in name) is a cycle too.
    put(&themes, &[("c/theme.yaml", "extends: c\n")]);
    let e = Theme::open(&themes.join("c")).unwrap_err();
    assert!(e.contains("本主题自己「c」"), "{e}");
}

#[test]
fn an_unknown_parent_is_an_error_listing_the_themes() {
    let d = tempfile::tempdir().unwrap();
    let themes = d.path().join("themes");
    put(
        &themes,
        &[("mine/theme.yaml", "extends: gongwenn\n"), ("other/x", "")],
    );
    let e = Theme::open(&themes.join("mine")).unwrap_err();
    assert!(e.contains("mine/theme.yaml:1:10"), "{e}");
    assert!(e.contains("「gongwenn」"), "{e}");
    assert!(e.contains("default、gongwen（内置）；other（"), "{e}");
    assert!(!e.contains("mine（"), "{e}");
}

#[test]
fn unknown_keys_in_theme_yaml_are_errors() {
    let d = tempfile::tempdir().unwrap();
    put(
        d.path(),
        &[("t/theme.yaml", "extends: default\ncolour: red\n")],
    );
    let e = Theme::open(&d.path().join("t")).unwrap_err();
    assert!(e.contains("theme.yaml 格式有误"), "{e}");
    assert!(e.contains("colour"), "{e}");
}

#[test]
fn the_chain_is_bounded() {
    let d = tempfile::tempdir().unwrap();
    let themes = d.path().join("themes");
    // t0 → t1 → … → t4: four parents are allowed; t0 → … → t5 is one too many.
    for i in 0..5 {
        put(
            &themes,
            &[(
                &format!("t{i}/theme.yaml"),
                &format!("extends: t{}\n", i + 1),
            )],
        );
    }
    put(&themes, &[("t5/templates/a.html", "a")]);
    let e = Theme::open(&themes.join("t0")).unwrap_err();
    assert!(e.contains("最多 4 层"), "{e}");
    assert!(e.contains("t4/theme.yaml:1:10"), "{e}");
    let t = Theme::open(&themes.join("t1")).unwrap();
    assert_eq!(t.layers.len(), 5);
    assert_eq!(t.files("templates").len(), 1);
}

#[test]
fn a_bare_name_falls_back_to_the_builtin_theme_and_never_to_itself() {
    let d = tempfile::tempdir().unwrap();
    let themes = d.path().join("themes");
    // The project's own `default` extending the built-in default.
    put(
        &themes,
        &[
            ("default/theme.yaml", "extends: default\n"),
            ("default/templates/home.html", "mine"),
        ],
    );
    let t = Theme::open(&themes.join("default")).unwrap();
    assert_eq!(t.layers.len(), 2);
    let tpl = t.files("templates");
    assert_eq!(tpl["home.html"], themes.join("default/templates/home.html"));
    assert!(tpl["base.html"].starts_with(&t.layers[1]));
}

#[test]
fn builtin_themes_flatten_over_their_parents() {
    let flat = builtin_flat("gongwen").unwrap();
    let names: Vec<&str> = flat.iter().map(|(n, _)| n.as_str()).collect();
    assert!(!names.contains(&MANIFEST));
    let own = builtin("gongwen").unwrap();
    let default = builtin("default").unwrap();
    for (rel, bytes) in default.iter().chain(own.iter()) {
        if *rel == MANIFEST {
            continue;
        }
        let (_, got) = flat.iter().find(|(n, _)| n == rel).unwrap();
        let want = own
            .iter()
            .find(|(n, _)| n == rel)
            .map_or(*bytes, |(_, b)| b);
        assert_eq!(got.as_slice(), want, "{rel}");
    }
    assert_eq!(builtin_flat("default").unwrap().len(), default.len());
}

#[test]
fn a_project_without_themes_gets_the_embedded_theme_once() {
    let cache = tempfile::tempdir().unwrap();
    for (name, _) in crate::scaffold::theme::BUILTIN_THEMES {
        let files = builtin_flat(name).unwrap();
        let a = builtin_dir(name, cache.path()).unwrap();
        for (rel, bytes) in &files {
            assert_eq!(&std::fs::read(a.join(rel)).unwrap(), bytes, "{name}/{rel}");
        }
        assert!(!a.join(MANIFEST).exists());
        let b = builtin_dir(name, cache.path()).unwrap();
        assert_eq!(a, b);
    }
    assert_eq!(std::fs::read_dir(cache.path()).unwrap().count(), 2);
}

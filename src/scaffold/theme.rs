//! The built-in themes (`default`, `gongwen`), embedded in the binary so that `showcase
//! init`, `--theme gongwen` and `showcase theme eject` work anywhere (the binary may run far
//! from the repository it was built in).
//!
//! The lists are written out by hand (no build script). `tests/scaffold.rs` compares each
//! with its `themes/<name>/` folder file by file, so a theme file added without a line here
//! fails the tests. Each lists only its folder's own files: a theme that extends another
//! (`theme.yaml`) is completed by [`crate::theme::builtin_flat`].

/// Declares one embedded theme: each path is relative to `themes/<dir>/`.
macro_rules! theme_files {
    ($name:ident, $dir:literal, $($path:literal),* $(,)?) => {
        /// Every file of `themes/<dir>/`: (path relative to the theme folder, bytes).
        pub const $name: &[(&str, &[u8])] = &[
            $(($path, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/", $dir, "/", $path)))),*
        ];
    };
}

theme_files!(
    DEFAULT_THEME,
    "default",
    "print/base.typ",
    "print/booklet.typ",
    "print/cover.typ",
    "print/lib.typ",
    "static/favicon.svg",
    "static/search.js",
    "static/style.css",
    "static/theme.css",
    "templates/404.html",
    "templates/archive.html",
    "templates/base.html",
    "templates/cohort.html",
    "templates/doc-list.html",
    "templates/document.html",
    "templates/group.html",
    "templates/home.html",
    "templates/honours.html",
    "templates/internal/failed.html",
    "templates/internal/holds.html",
    "templates/internal/ledger.html",
    "templates/internal/member.html",
    "templates/internal/people.html",
    "templates/internal/person.html",
    "templates/internal/pipeline.html",
    "templates/partials/doc-item.html",
    "templates/partials/figures.html",
    "templates/partials/group-table.html",
    "templates/partials/source.html",
    "templates/search.html",
);

theme_files!(
    GONGWEN_THEME,
    "gongwen",
    "print/cover.typ",
    "print/fonts.yaml",
    "print/lib.typ",
    "static/theme.css",
    "theme.yaml",
);

/// The files of one theme: (path relative to the theme folder, bytes).
pub type ThemeFiles = &'static [(&'static str, &'static [u8])];

/// The built-in themes by name, the default first.
pub const BUILTIN_THEMES: &[(&str, ThemeFiles)] =
    &[("default", DEFAULT_THEME), ("gongwen", GONGWEN_THEME)];

/// The own files of the built-in theme `name` (not those it inherits).
pub fn builtin(name: &str) -> Option<ThemeFiles> {
    BUILTIN_THEMES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, files)| *files)
}

/// The names of the built-in themes, for messages: 「default、gongwen」.
pub fn builtin_names() -> String {
    BUILTIN_THEMES
        .iter()
        .map(|(n, _)| *n)
        .collect::<Vec<_>>()
        .join("、")
}

/// The folder, relative to the project folder, that `showcase build` reads by default.
pub const DEFAULT_THEME_DIR: &str = "themes/default";

//! The default theme, embedded in the binary so that `showcase init` works anywhere (the
//! binary may run far from the repository it was built in).
//!
//! The list is written out by hand (no build script). `tests/scaffold.rs` compares it with
//! `themes/default/` file by file, so a theme file added without a line here fails the tests.

/// Declares the embedded files: each path is relative to `themes/default/`.
macro_rules! theme_files {
    ($($path:literal),* $(,)?) => {
        /// Every file of `themes/default/`: (path relative to the theme folder, bytes).
        pub const DEFAULT_THEME: &[(&str, &[u8])] = &[
            $(($path, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/", $path)))),*
        ];
    };
}

theme_files!(
    "print/booklet.typ",
    "print/cover.typ",
    "print/lib.typ",
    "static/favicon.svg",
    "static/search.js",
    "static/style.css",
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

/// The folder, relative to the project folder, that `showcase build` reads by default.
pub const DEFAULT_THEME_DIR: &str = "themes/default";

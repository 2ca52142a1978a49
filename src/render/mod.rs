//! Render: the two renderers over the same model and figures — `html` (the showcase site,
//! public and internal) and `print` (the Typst booklet) — plus what they share.

pub mod charts;
pub mod html;
pub mod images;
pub mod labels;
pub mod names;
pub mod output;
pub mod print;
pub mod public;
pub mod reading;
pub mod web_images;

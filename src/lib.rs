//! showcase: builds a year-end showcase (website, print booklet, honour rolls, archive) from a
//! content folder of YAML records and Markdown texts.
//!
//! The pipeline is visible in the module tree: [`load`] → [`validate`] → [`compute`] →
//! render (html, print). [`model`] is the data every stage shares.

pub mod atomic_file;
pub mod cli;
pub mod compute;
pub mod diag;
pub mod docx;
pub mod edition;
pub mod load;
pub mod model;
pub mod pipeline;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod sheets;
pub mod source;
pub mod text;
pub mod theme;
pub mod validate;
pub mod yaml_write;
pub mod zip_limits;

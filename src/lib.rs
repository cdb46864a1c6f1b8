//! vplan turns a plan written as YAML into the PDF *Verksamhetsplan med
//! budget* of a Swedish public board.
//!
//! The pipeline, one module per stage, each a plain function:
//! [`load`] (YAML → [`model::Plan`]) → [`budget`] (totals) → [`resolve`]
//! (→ [`resolve::Resolved`], holding the [`document::Document`]) →
//! [`compare`] (an overlay of changes, when compared) → [`render`]
//! (minijinja → Typst source, or the web page, the site, the workbook) →
//! [`compile`] (Typst
//! [`world`] → PDF bytes) → [`metadata`] (registry facts into the XMP).
//! [`build`] runs them all. The modules form layers that only point down
//! (`tests/layers.rs`); [`templates`] and [`files`] sit below the stages.

#![warn(missing_docs)]

pub mod assets;
pub mod budget;
pub mod build;
pub mod compare;
pub mod compile;
pub mod decimal;
pub mod document;
pub mod edit;
pub mod error;
pub mod escape;
pub mod files;
pub mod follow_up;
pub mod format;
pub mod import;
pub mod load;
pub mod metadata;
pub mod model;
pub mod new_year;
pub mod preview;
pub mod render;
pub mod resolve;
pub mod templates;
pub mod text;
pub mod watch;
pub mod world;

pub use build::{BuildConfig, BuildReport, build};
pub use error::Error;

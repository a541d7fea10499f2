//! The Hugo site around the pages: its configuration and its content layout.

pub mod config;
pub mod layout;

pub use config::{ContentMount, SiteConfig, Taxonomy, config_format};
pub use layout::{PageKind, TermLayout, TermLocation, classify, classify_loose};

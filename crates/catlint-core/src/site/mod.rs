//! The Hugo site around the pages: its configuration and its content layout.

pub mod config;
pub mod hugo;
pub mod layout;
pub mod source;
pub mod terms;

pub use config::{ContentMount, SiteConfig, Taxonomy, config_format};
pub use layout::{PageKind, TermLayout, TermLocation, classify, classify_loose};
pub use terms::{TermList, term_key, term_lists};

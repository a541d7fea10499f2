//! The Hugo site around the pages: its configuration, its content layout, and what Hugo reads
//! of a page to file it under terms, build it and give it a URL.

pub mod cascade;
pub mod config;
pub mod fields;
pub mod hugo;
pub mod layout;
pub mod source;
pub mod terms;
pub mod url;

pub use cascade::{Cascade, Target, TargetPage};
pub use config::{BuildOptions, ContentMount, Language, SiteConfig, Taxonomy, config_format};
pub use fields::{Build, DateField, DateKey, Flag, HugoFields, PageOptions, Render};
pub use layout::{
    HugoKind, PageKind, PagePlace, TermLayout, TermLocation, classify, classify_loose,
};
pub use terms::{TermList, go_lower, term_key, term_list};
pub use url::{Permalink, TermUrlInput, UrlStyle, term_url};

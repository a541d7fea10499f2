//! The site session: one pipeline for every front end. Given a source of pages
//! ([`crate::site::source::Source`]), it finds the Hugo sites, holds their configurations
//! ([`configs`]), checks pages and keeps each site's index ([`reading`]), and gives every
//! file its final diagnostics in one order ([`report`]): its own → the cross-file rules →
//! its suppression comments → the severities of its nearest `catlint.toml`. [`fix`] repairs
//! a page with its own diagnostics' fixes. [`init`] writes a `catlint.toml` that fits a site.

pub mod cache;
pub mod config;
pub mod configs;
pub mod fix;
pub mod init;
pub mod reading;
pub mod report;
pub mod session;

pub use cache::{FactsCache, NoCache, SiteFacts};
pub use configs::{ConfigId, DEFAULT_MAX_FILE_SIZE};
pub use report::{FileReport, ModelPage, Report, ShapeHint, shape_hints};
pub use session::{Options, Page, Role, Session, Site, SiteId};

//! catlint-core: the category model, span-exact front matter parsing, the rules and the engine.
//!
//! The modules tell the story in order: [`model`] → [`frontmatter`] → [`rules`] → [`engine`].

pub mod config;
pub mod diagnostic;
pub mod engine;
pub mod frontmatter;
pub mod index;
pub mod model;
pub mod rules;
pub mod site;
pub mod span;

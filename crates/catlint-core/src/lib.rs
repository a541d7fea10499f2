//! catlint-core: the category model, span-exact front matter parsing, the Hugo site, the
//! rules, and the site session that runs them.
//!
//! The modules tell the story in order, and each imports only from those before it:
//! [`model`] → [`frontmatter`] → [`site`] → [`rules`] → [`project`]; [`span`] and
//! [`diagnostic`] are the vocabulary all of them share.

pub mod diagnostic;
pub mod frontmatter;
pub mod model;
pub mod project;
pub mod rules;
pub mod site;
pub mod span;

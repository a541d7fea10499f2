//! The category model: serde types with doc comments, from which the JSON Schema is generated.

pub mod category;
pub mod date;
mod date_layouts;
pub mod page;
pub mod schema;

pub use category::{Category, Headline};
pub use date::{DateError, HugoDate, ParsedDate, parse_date};

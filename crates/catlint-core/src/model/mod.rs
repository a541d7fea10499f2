//! The category model: serde types with doc comments, from which the JSON Schema is generated.

pub mod category;
pub mod date;
pub mod schema;

pub use category::{Category, Headline};
pub use date::{DateError, HugoDate, ParsedDate, parse_date};

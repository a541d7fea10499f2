//! catlint-schema: writes the schemas catlint's models generate — the JSON Schema of
//! category front matter (`schemas/category.schema.json`), of any Hugo page's front matter
//! (`schemas/page.schema.json`), of `catlint.toml`
//! (`schemas/catlint.schema.json`) and the Front Matter CMS content type — and owns the test
//! that the checked-in files never drift from what the models generate.
//!
//! The schemas themselves are generated in `catlint-core` (which validates pages with them):
//! [`catlint_core::model::schema`].

pub mod frontmatter_cms;

use catlint_core::model::schema::{draft07, with_id};
use catlint_core::project::config::Config;
use serde_json::Value;

pub use catlint_core::model::schema::{
    CATEGORY_SCHEMA_ID, PAGE_SCHEMA_ID, category_schema, page_schema,
};

/// The `$id` of the configuration schema.
pub const CONFIG_SCHEMA_ID: &str =
    "https://raw.githubusercontent.com/catlint/catlint/main/schemas/catlint.schema.json";

/// The JSON Schema (draft-07) of `catlint.toml`, for editors (e.g. taplo).
#[must_use]
pub fn config_schema() -> Value {
    with_id(draft07::<Config>(), CONFIG_SCHEMA_ID)
}

/// The category schema as it is written to disk: pretty JSON with a final newline.
#[must_use]
pub fn category_schema_text() -> String {
    pretty(&category_schema())
}

/// The Hugo page schema as it is written to disk.
#[must_use]
pub fn page_schema_text() -> String {
    pretty(&page_schema())
}

/// The configuration schema as it is written to disk.
#[must_use]
pub fn config_schema_text() -> String {
    pretty(&config_schema())
}

/// The Front Matter CMS content type of category pages, as written to disk.
#[must_use]
pub fn frontmatter_cms_text() -> String {
    pretty(&frontmatter_cms::content_type(&category_schema()))
}

fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value)
        .unwrap_or_else(|e| unreachable!("a JSON value always serialises: {e}"));
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_schema_is_draft_07_and_checked_in() {
        let s = config_schema();
        assert_eq!(s["$schema"], "http://json-schema.org/draft-07/schema#");
        assert_eq!(s["$id"], CONFIG_SCHEMA_ID);
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../schemas/catlint.schema.json"
        );
        let on_disk = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            on_disk == config_schema_text(),
            "schemas/catlint.schema.json is out of date.\n\
             Regenerate it with:\n    cargo run -p catlint -- schema --for config --output schemas/catlint.schema.json"
        );
    }

    #[test]
    fn page_schema_is_checked_in_and_allows_any_other_field() {
        let s = page_schema();
        assert_eq!(s["$id"], PAGE_SCHEMA_ID);
        assert_eq!(
            s["additionalProperties"], true,
            "custom fields land in .Params"
        );
        assert!(s.get("required").is_none(), "Hugo requires no field");
        for field in [
            "title",
            "date",
            "publishDate",
            "aliases",
            "build",
            "cascade",
            "params",
        ] {
            assert!(s["properties"].get(field).is_some(), "{field}");
        }
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../schemas/page.schema.json"
        );
        let on_disk = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            on_disk == page_schema_text(),
            "schemas/page.schema.json is out of date with the model.\n\
             Regenerate it with:\n    cargo run -p catlint -- schema --for page --output schemas/page.schema.json"
        );
    }

    #[test]
    fn the_category_model_extends_the_page_model() {
        let page = page_schema();
        let category = category_schema();
        for (field, schema) in page["properties"].as_object().expect("properties") {
            if ["title", "date", "description"].contains(&field.as_str()) {
                continue;
            }
            assert_eq!(&category["properties"][field], schema, "{field}");
        }
    }

    #[test]
    fn checked_in_schema_is_up_to_date() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../schemas/category.schema.json"
        );
        let on_disk = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            on_disk == category_schema_text(),
            "schemas/category.schema.json is out of date with the model.\n\
             Regenerate it with:\n    cargo run -p catlint -- schema --output schemas/category.schema.json"
        );
    }
}

//! catlint-schema: the JSON Schema of catlint's category model.
//!
//! The schema is generated from the serde model in `catlint-core` with schemars, as
//! **draft-07** (the dialect the YAML language server understands). The checked-in
//! `schemas/category.schema.json` is always equal to [`category_schema`]; a test fails on
//! drift and says how to regenerate it (`catlint schema --output schemas/category.schema.json`).

pub mod frontmatter_cms;

use catlint_core::config::{Config, TaxonomyConfig};
use catlint_core::model::Category;
use schemars::generate::SchemaSettings;
use serde_json::Value;

/// The `$id` of the category schema.
pub const CATEGORY_SCHEMA_ID: &str =
    "https://raw.githubusercontent.com/catlint/catlint/main/schemas/category.schema.json";

/// The JSON Schema (draft-07) of a category page's front matter.
#[must_use]
pub fn category_schema() -> Value {
    let generator = SchemaSettings::draft07().into_generator();
    let schema = generator.into_root_schema_for::<Category>();
    let mut value = schema.to_value();
    unwrap_descriptions(&mut value);
    with_id(value, CATEGORY_SCHEMA_ID)
}

/// Doc comments are wrapped at 100 columns; editors show descriptions as flowing text, so
/// single line breaks become spaces (paragraph breaks stay).
fn unwrap_descriptions(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                match v {
                    Value::String(text) if key == "description" => {
                        *text = text
                            .split("\n\n")
                            .map(|para| {
                                para.split('\n')
                                    .map(str::trim)
                                    .collect::<Vec<_>>()
                                    .join(" ")
                            })
                            .collect::<Vec<_>>()
                            .join("\n\n");
                    }
                    _ => unwrap_descriptions(v),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(unwrap_descriptions),
        _ => {}
    }
}

/// The `$id` of the configuration schema.
pub const CONFIG_SCHEMA_ID: &str =
    "https://raw.githubusercontent.com/catlint/catlint/main/schemas/catlint.schema.json";

/// The category schema as one taxonomy's configuration changes it: its required fields,
/// its extra fields, and whether unknown fields are accepted. This is the schema pages are
/// validated against; with the default configuration it is [`category_schema`].
#[must_use]
pub fn category_schema_for(taxonomy: &TaxonomyConfig) -> Value {
    let mut schema = category_schema();
    if let Value::Object(root) = &mut schema {
        if let Some(required) = &taxonomy.required {
            root.insert("required".into(), Value::from(required.clone()));
        }
        if let Some(Value::Object(properties)) = root.get_mut("properties") {
            for field in &taxonomy.extra_fields {
                properties.entry(field.clone()).or_insert_with(|| {
                    serde_json::json!({ "description": "A field declared in catlint.toml (`extra-fields`)." })
                });
            }
        }
        if taxonomy.allow_unknown_fields {
            root.insert("additionalProperties".into(), Value::Bool(true));
        }
    }
    schema
}

/// The JSON Schema (draft-07) of `catlint.toml`, for editors (e.g. taplo).
#[must_use]
pub fn config_schema() -> Value {
    let generator = SchemaSettings::draft07().into_generator();
    let mut value = generator.into_root_schema_for::<Config>().to_value();
    unwrap_descriptions(&mut value);
    with_id(value, CONFIG_SCHEMA_ID)
}

/// The category schema as it is written to disk: pretty JSON with a final newline.
#[must_use]
pub fn category_schema_text() -> String {
    pretty(&category_schema())
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

/// `$id` right after `$schema`, so the file reads naturally.
fn with_id(mut value: Value, id: &str) -> Value {
    if let Value::Object(map) = &mut value {
        let mut ordered = serde_json::Map::with_capacity(map.len() + 1);
        if let Some(s) = map.remove("$schema") {
            ordered.insert("$schema".into(), s);
        }
        ordered.insert("$id".into(), Value::String(id.into()));
        ordered.append(map);
        *map = ordered;
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_draft_07_with_id_and_title() {
        let s = category_schema();
        assert_eq!(s["$schema"], "http://json-schema.org/draft-07/schema#");
        assert_eq!(s["$id"], CATEGORY_SCHEMA_ID);
        assert_eq!(s["title"], "catlint category page front matter");
        assert_eq!(s["additionalProperties"], false);
        assert_eq!(
            s["definitions"]["Headline"]["additionalProperties"], false,
            "headline is a closed mapping"
        );
    }

    #[test]
    fn requires_the_default_fields_and_limits_lengths() {
        let s = category_schema();
        let required: Vec<&str> = s["required"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        for f in ["title", "date", "description", "Instructions", "headline"] {
            assert!(required.contains(&f), "{f} is required");
        }
        assert_eq!(
            required.len(),
            5,
            "only the five default fields are required"
        );
        assert_eq!(s["properties"]["description"]["maxLength"], 160);
        assert_eq!(
            s["definitions"]["Headline"]["properties"]["subtitle"]["maxLength"],
            160
        );
        let headline_required = s["definitions"]["Headline"]["required"].as_array().unwrap();
        assert_eq!(headline_required.len(), 4);
    }

    #[test]
    fn every_property_has_a_description() {
        fn walk(path: &str, v: &Value, missing: &mut Vec<String>) {
            if let Some(props) = v.get("properties").and_then(Value::as_object) {
                for (k, p) in props {
                    if p.get("description").is_none() {
                        missing.push(format!("{path}.{k}"));
                    }
                }
            }
            if let Some(defs) = v.get("definitions").and_then(Value::as_object) {
                for (k, d) in defs {
                    walk(k, d, missing);
                }
            }
        }
        let mut missing = Vec::new();
        walk("", &category_schema(), &mut missing);
        assert!(
            missing.is_empty(),
            "fields without description: {missing:?}"
        );
    }

    #[test]
    fn dates_have_a_pattern_for_editors() {
        let s = category_schema();
        assert_eq!(
            s["properties"]["date"]["allOf"][0]["$ref"],
            "#/definitions/HugoDate"
        );
        assert!(s["definitions"]["HugoDate"]["pattern"].is_string());
    }

    #[test]
    fn no_remote_references() {
        let text = category_schema_text();
        for (i, _) in text.match_indices("\"$ref\"") {
            let rest = &text[i..];
            let value = rest.split('"').nth(3).unwrap_or_default();
            assert!(value.starts_with("#/"), "remote $ref: {value}");
        }
    }

    #[test]
    fn taxonomy_config_changes_required_extra_and_unknown_fields() {
        let config = TaxonomyConfig {
            required: Some(vec!["title".into()]),
            extra_fields: vec!["colour".into()],
            allow_unknown_fields: true,
            ..TaxonomyConfig::default()
        };
        let s = category_schema_for(&config);
        assert_eq!(s["required"], serde_json::json!(["title"]));
        assert!(s["properties"]["colour"].is_object());
        assert_eq!(s["additionalProperties"], true);
        assert_eq!(
            category_schema_for(&TaxonomyConfig::default()),
            category_schema()
        );
    }

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

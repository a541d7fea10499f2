//! The JSON Schema of the category model, generated from its serde types with schemars as
//! draft-07 (the dialect the YAML language server understands). catlint validates pages with
//! it; `catlint-schema` writes it to `schemas/category.schema.json`.

use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde_json::Value;

use super::Category;

/// The `$id` of the category schema.
pub const CATEGORY_SCHEMA_ID: &str =
    "https://raw.githubusercontent.com/catlint/catlint/main/schemas/category.schema.json";

/// The `$id` of the Hugo page schema.
pub const PAGE_SCHEMA_ID: &str =
    "https://raw.githubusercontent.com/catlint/catlint/main/schemas/page.schema.json";

/// The required fields of the category model, in the order of its schema.
pub const REQUIRED_FIELDS: [&str; 5] = ["title", "date", "description", "Instructions", "headline"];

/// How a site changes the model of its term pages (`catlint.toml`, per taxonomy).
#[derive(Debug, Clone, Copy, Default)]
pub struct ModelOptions<'a> {
    /// The required top-level fields, replacing the model's.
    pub required: Option<&'a [String]>,
    /// Further fields the pages may carry (any value).
    pub extra_fields: &'a [String],
    /// Accept any field the model does not know.
    pub allow_unknown_fields: bool,
    /// The site's taxonomies (plural names): each is a field of a term page, a term or a
    /// list of terms as Hugo reads it, and so is its `<plural>_weight` (an integer).
    pub taxonomy_fields: &'a [String],
}

/// The draft-07 JSON Schema of `T`, with doc comments as flowing descriptions.
#[must_use]
pub fn draft07<T: JsonSchema>() -> Value {
    let generator = SchemaSettings::draft07().into_generator();
    let mut value = generator.into_root_schema_for::<T>().to_value();
    unwrap_descriptions(&mut value);
    value
}

/// The JSON Schema (draft-07) of a category page's front matter.
#[must_use]
pub fn category_schema() -> Value {
    with_id(draft07::<Category>(), CATEGORY_SCHEMA_ID)
}

/// The JSON Schema (draft-07) of any Hugo content page's front matter: Hugo's own fields,
/// typed as Hugo 0.168 reads them, and any other field.
#[must_use]
pub fn page_schema() -> Value {
    with_id(draft07::<super::page::HugoPage>(), PAGE_SCHEMA_ID)
}

/// The category schema as a site's options change it: its required fields, its extra
/// fields, and whether unknown fields are accepted. This is the schema pages are validated
/// against; with the default options it is [`category_schema`].
#[must_use]
pub fn category_schema_with(options: ModelOptions<'_>) -> Value {
    let mut schema = category_schema();
    if let Value::Object(root) = &mut schema {
        if let Some(required) = options.required {
            root.insert("required".into(), Value::from(required.to_vec()));
        }
        if let Some(Value::Object(properties)) = root.get_mut("properties") {
            for plural in options.taxonomy_fields {
                let description = properties
                    .get(plural)
                    .and_then(|p| p.get("description"))
                    .cloned()
                    .unwrap_or_else(|| {
                        Value::from(format!("Terms of the site's taxonomy `{plural}`."))
                    });
                properties.insert(
                    plural.clone(),
                    serde_json::json!({
                        "description": description,
                        "anyOf": [
                            { "type": "string" },
                            { "type": "array", "items": { "type": ["string", "number", "boolean"] } }
                        ]
                    }),
                );
                properties
                    .entry(format!("{plural}_weight"))
                    .or_insert_with(|| {
                        serde_json::json!({
                            "description": format!("The page's weight among the terms of `{plural}`."),
                            "type": "integer"
                        })
                    });
            }
            for field in options.extra_fields {
                properties.entry(field.clone()).or_insert_with(|| {
                    serde_json::json!({ "description": "A field declared in catlint.toml (`extra-fields`)." })
                });
            }
        }
        if options.allow_unknown_fields {
            root.insert("additionalProperties".into(), Value::Bool(true));
        }
    }
    schema
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

/// `value` with `$id` right after `$schema`, so the file reads naturally.
#[must_use]
pub fn with_id(mut value: Value, id: &str) -> Value {
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
        assert_eq!(
            required, REQUIRED_FIELDS,
            "only the five default fields are required, in this order"
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
        let text = category_schema().to_string();
        for (i, _) in text.match_indices("\"$ref\"") {
            let rest = &text[i..];
            let value = rest.split('"').nth(3).unwrap_or_default();
            assert!(value.starts_with("#/"), "remote $ref: {value}");
        }
    }

    #[test]
    fn options_change_required_extra_and_unknown_fields() {
        let required = vec!["title".to_owned()];
        let extra = vec!["colour".to_owned()];
        let taxonomies = vec!["authors".to_owned(), "tags".to_owned()];
        let s = category_schema_with(ModelOptions {
            required: Some(&required),
            extra_fields: &extra,
            allow_unknown_fields: true,
            taxonomy_fields: &taxonomies,
        });
        assert_eq!(s["required"], serde_json::json!(["title"]));
        assert!(s["properties"]["colour"].is_object());
        assert!(s["properties"]["authors"]["anyOf"].is_array());
        assert_eq!(s["properties"]["authors_weight"]["type"], "integer");
        assert!(
            s["properties"]["tags"]["description"]
                .as_str()
                .is_some_and(|d| d.contains("Tag")),
            "the model's own description stays"
        );
        assert_eq!(s["additionalProperties"], true);
        assert_eq!(
            category_schema_with(ModelOptions::default()),
            category_schema()
        );
    }
}

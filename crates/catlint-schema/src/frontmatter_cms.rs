//! The content type of Front Matter CMS (`frontmatter.json`,
//! `frontMatter.taxonomy.contentTypes`), generated from the category JSON Schema so that
//! the editor's form and the linter agree on fields, types, required fields and choices.

use serde_json::{Map, Value, json};

/// The Front Matter CMS settings with one content type, `category`, built from `schema`.
#[must_use]
pub fn content_type(schema: &Value) -> Value {
    let fields = fields_of(schema, schema, 0);
    json!({
        "$schema": "https://frontmatter.codes/frontmatter.schema.json",
        "frontMatter.taxonomy.contentTypes": [{
            "name": "category",
            "pageBundle": true,
            "fields": fields,
        }]
    })
}

fn fields_of(root: &Value, object: &Value, depth: usize) -> Vec<Value> {
    let required: Vec<&str> = object
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let Some(properties) = object.get("properties").and_then(Value::as_object) else {
        return Vec::new();
    };
    properties
        .iter()
        .map(|(name, property)| {
            field(
                root,
                name,
                property,
                required.contains(&name.as_str()),
                depth,
            )
        })
        .collect()
}

fn field(root: &Value, name: &str, property: &Value, required: bool, depth: usize) -> Value {
    let resolved = resolve(root, property);
    let mut f = Map::new();
    f.insert("title".into(), Value::String(title_of(name)));
    f.insert("name".into(), Value::String(name.to_owned()));
    if let Some(d) = property
        .get("description")
        .or_else(|| resolved.get("description"))
    {
        f.insert("description".into(), d.clone());
    }
    let kind = kind(root, name, &resolved);
    f.insert("type".into(), Value::String(kind.to_owned()));
    match kind {
        "choice" => {
            if let Some(choices) = resolved.get("enum") {
                f.insert("choices".into(), choices.clone());
            }
        }
        "fields" if depth < 4 => {
            f.insert(
                "fields".into(),
                Value::Array(fields_of(root, &resolved, depth + 1)),
            );
        }
        "string"
            if matches!(
                name,
                "Instructions" | "abstract" | "content" | "summary" | "tldr"
            ) =>
        {
            f.insert("multiline".into(), Value::Bool(true));
        }
        _ => {}
    }
    if required {
        f.insert("required".into(), Value::Bool(true));
    }
    Value::Object(f)
}

/// The Front Matter CMS field type of a schema.
fn kind(root: &Value, name: &str, schema: &Value) -> &'static str {
    if is_date(schema) {
        return "datetime";
    }
    if schema.get("enum").is_some() {
        return "choice";
    }
    match (name, types(schema).as_slice()) {
        ("tags", _) => "tags",
        ("categories", _) => "categories",
        ("draft", _) => "draft",
        (_, ["boolean"]) => "boolean",
        (_, ["integer"] | ["number"]) => "number",
        (_, ["string"]) => "string",
        (_, ["array"]) => {
            let items = schema
                .get("items")
                .map(|i| resolve(root, i))
                .unwrap_or(Value::Null);
            if types(&items) == ["string"] {
                "list"
            } else {
                "json"
            }
        }
        (_, ["object"]) if schema.get("properties").is_some() => "fields",
        _ => "json",
    }
}

/// Follow `$ref`, `allOf` and an `anyOf` with `null` to the schema that says what the value is.
fn resolve(root: &Value, schema: &Value) -> Value {
    let mut s = schema.clone();
    for _ in 0..8 {
        if let Some(r) = s.get("$ref").and_then(Value::as_str) {
            match r.strip_prefix('#').and_then(|p| root.pointer(p)) {
                Some(target) => s = target.clone(),
                None => return s,
            }
        } else if let Some([one]) = s.get("allOf").and_then(Value::as_array).map(Vec::as_slice) {
            s = one.clone();
        } else if let Some(options) = s.get("anyOf").and_then(Value::as_array) {
            let non_null: Vec<&Value> = options
                .iter()
                .filter(|o| o.get("type") != Some(&json!("null")))
                .collect();
            match non_null.as_slice() {
                [one] => s = (*one).clone(),
                _ => return s,
            }
        } else {
            return s;
        }
    }
    s
}

fn types(schema: &Value) -> Vec<&str> {
    match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .filter(|t| *t != "null")
            .collect(),
        _ => Vec::new(),
    }
}

fn is_date(schema: &Value) -> bool {
    schema.get("pattern").and_then(Value::as_str)
        == Some(catlint_core::model::date::hugo_date_pattern())
}

/// `BodyContentGenDate` → `Body Content Gen Date`, `linkTitle` → `Link Title`.
fn title_of(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if i == 0 {
            out.extend(c.to_uppercase());
        } else if c.is_uppercase() && !out.ends_with(' ') {
            out.push(' ');
            out.push(c);
        } else if c == '_' || c == '-' {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn category_content_type_has_typed_required_fields() {
        let ct = content_type(&crate::category_schema());
        let fields = ct["frontMatter.taxonomy.contentTypes"][0]["fields"]
            .as_array()
            .unwrap();
        let find = |name: &str| fields.iter().find(|f| f["name"] == name).unwrap().clone();
        assert_eq!(find("title")["type"], "string");
        assert_eq!(find("title")["required"], true);
        assert_eq!(find("date")["type"], "datetime");
        assert_eq!(find("Instructions")["multiline"], true);
        assert_eq!(find("trustpilot")["type"], "boolean");
        assert_eq!(find("weight")["type"], "number");
        assert_eq!(find("tags")["type"], "tags");
        let headline = find("headline");
        assert_eq!(headline["type"], "fields");
        let sub = headline["fields"].as_array().unwrap();
        assert!(
            sub.iter().any(|f| f["name"] == "updated"
                && f["type"] == "datetime"
                && f["required"] == true)
        );
        let sitemap = find("sitemap");
        let changefreq = sitemap["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == "changefreq")
            .unwrap()
            .clone();
        assert_eq!(changefreq["type"], "choice");
        assert!(
            changefreq["choices"]
                .as_array()
                .unwrap()
                .contains(&json!("weekly"))
        );
        assert_eq!(title_of("BodyContentGenDate"), "Body Content Gen Date");
    }
}

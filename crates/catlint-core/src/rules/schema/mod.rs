//! Walking the JSON Schema beside the front matter tree: which schema applies to which node.
//!
//! Used to give keys their canonical spelling (Hugo matches keys case-insensitively, the
//! schema does not), to find the date fields, and to describe fields in messages (and, in
//! the language server, on hover and in completions).

pub(crate) mod cast;
pub(crate) mod instance;
pub(crate) mod validate;

use serde_json::{Map, Value};

use crate::frontmatter::keys_equal;
use crate::model::date::HUGO_DATE_SCHEMA_NAME;

/// A schema and the lookups the engine needs on it.
#[derive(Debug)]
pub struct SchemaIndex {
    root: Value,
}

/// The schemas that may apply to one node (several when the schema offers alternatives).
pub type Context<'s> = Vec<&'s Value>;

impl SchemaIndex {
    /// Index the schema `root` (draft-07, local `$ref`s only).
    #[must_use]
    pub fn new(root: Value) -> Self {
        Self { root }
    }

    /// The root context.
    pub fn root_context(&self) -> Context<'_> {
        self.expand(&self.root)
    }

    /// Every concrete schema reachable from `schema` through `$ref`, `allOf`, `anyOf` and
    /// `oneOf` (bounded, so a cyclic schema cannot loop).
    pub fn expand<'s>(&'s self, schema: &'s Value) -> Context<'s> {
        let mut out = Vec::new();
        let mut stack = vec![(schema, 0u8)];
        while let Some((s, depth)) = stack.pop() {
            if depth > 16 {
                continue;
            }
            out.push(s);
            if let Some(target) = s
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| self.resolve(r))
            {
                stack.push((target, depth + 1));
            }
            for key in ["allOf", "anyOf", "oneOf"] {
                if let Some(items) = s.get(key).and_then(Value::as_array) {
                    stack.extend(items.iter().map(|i| (i, depth + 1)));
                }
            }
        }
        out
    }

    /// Resolve a local `#/…` JSON pointer.
    fn resolve(&self, reference: &str) -> Option<&Value> {
        self.root.pointer(reference.strip_prefix('#')?)
    }

    /// The canonical spelling of `key` in a mapping under `ctx`: the property whose name is
    /// equal, or else equal ignoring case. `None` when no property matches.
    pub fn canonical_key<'s>(&'s self, ctx: &[&'s Value], key: &str) -> Option<&'s str> {
        let props = || ctx.iter().filter_map(|s| properties(s)).flat_map(Map::keys);
        props()
            .find(|p| p.as_str() == key)
            .or_else(|| props().find(|p| keys_equal(p, key)))
            .map(String::as_str)
    }

    /// The context of the value of (canonical) `key` in a mapping under `ctx`.
    pub fn property_context<'s>(&'s self, ctx: &[&'s Value], key: &str) -> Context<'s> {
        let mut out = Vec::new();
        for s in ctx {
            if let Some(p) = properties(s).and_then(|p| p.get(key)) {
                out.extend(self.expand(p));
            } else if let Some(extra) = s.get("additionalProperties").filter(|v| v.is_object()) {
                out.extend(self.expand(extra));
            }
        }
        out
    }

    /// The context of the items of a list under `ctx`.
    pub(crate) fn items_context<'s>(&'s self, ctx: &[&'s Value]) -> Context<'s> {
        ctx.iter()
            .filter_map(|s| s.get("items").filter(|v| v.is_object()))
            .flat_map(|i| self.expand(i))
            .collect()
    }

    /// Whether a node under `ctx` is a Hugo date field.
    pub(crate) fn is_date(&self, ctx: &[&Value]) -> bool {
        let date_ref = format!("#/definitions/{HUGO_DATE_SCHEMA_NAME}");
        ctx.iter()
            .any(|s| s.get("$ref").and_then(Value::as_str) == Some(date_ref.as_str()))
    }

    /// The JSON Schema types a value under `ctx` may have (empty when the schema does not
    /// say).
    pub(crate) fn types(&self, ctx: &[&Value]) -> Vec<&'static str> {
        const ALL: [&str; 7] = [
            "boolean", "integer", "number", "string", "array", "object", "null",
        ];
        ALL.into_iter()
            .filter(|t| {
                ctx.iter().any(|s| match s.get("type") {
                    Some(Value::String(x)) => x == t,
                    Some(Value::Array(xs)) => xs.iter().any(|x| x == t),
                    _ => false,
                })
            })
            .collect()
    }

    /// Whether a field under `ctx` takes `true`/`false` and not text.
    pub(crate) fn expects_boolean(&self, ctx: &[&Value]) -> bool {
        let types = |t: &str| {
            ctx.iter().any(|s| match s.get("type") {
                Some(Value::String(x)) => x == t,
                Some(Value::Array(xs)) => xs.iter().any(|x| x == t),
                _ => false,
            })
        };
        types("boolean") && !types("string")
    }

    /// The description of the field under `ctx`, if the schema has one.
    pub fn description<'s>(&self, ctx: &[&'s Value]) -> Option<&'s str> {
        ctx.iter()
            .find_map(|s| s.get("description").and_then(Value::as_str))
    }

    /// All property names known under `ctx`.
    pub fn known_keys<'s>(&self, ctx: &[&'s Value]) -> Vec<&'s str> {
        let mut keys: Vec<&str> = ctx
            .iter()
            .filter_map(|s| properties(s))
            .flat_map(Map::keys)
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        keys.dedup();
        keys
    }
}

fn properties(schema: &Value) -> Option<&Map<String, Value>> {
    schema.get("properties").and_then(Value::as_object)
}

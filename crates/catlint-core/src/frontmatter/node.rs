//! The spanned tree every front matter format is parsed into.

use crate::span::Span;

/// A parsed front matter value with the byte span of its source text.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where the value is written in the file (for a quoted scalar: including the quotes;
    /// for a block scalar: from its indicator to its last character).
    pub span: Span,
}

/// A front matter value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`, `~` or an empty YAML value.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// A string. TOML date-times are kept as their text, as Hugo formats them.
    String(String),
    /// A sequence / array.
    Seq(Vec<Node>),
    /// A mapping / table, in source order, duplicates included.
    Map(Vec<Entry>),
}

/// One `key: value` pair of a mapping.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The key.
    pub key: Key,
    /// The value.
    pub value: Node,
}

/// A mapping key and where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    /// The key as text (a non-string YAML key is kept as written).
    pub name: String,
    /// The span of the key (for a quoted key: including the quotes).
    pub span: Span,
}

impl Node {
    /// A node of `value` at `span`.
    #[must_use]
    pub fn new(value: Value, span: Span) -> Self {
        Self { value, span }
    }

    /// The entries, if this is a mapping.
    #[must_use]
    pub fn as_map(&self) -> Option<&[Entry]> {
        match &self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// The string, if this is a string.
    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The last entry named `key` (exact match), if this is a mapping.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.as_map()?.iter().rev().find(|e| e.key.name == key)
    }

    /// Convert to JSON for schema validation. Of duplicate keys, the last one wins.
    #[must_use]
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => J::from(*i),
            // JSON has no infinity or NaN. A marker object fails every type check (rather
            // than `null`, which every optional field accepts).
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or_else(
                || {
                    J::Object(
                        std::iter::once(("non-finite number".to_owned(), J::String(f.to_string())))
                            .collect(),
                    )
                },
                J::Number,
            ),
            Value::String(s) => J::String(s.clone()),
            Value::Seq(items) => J::Array(items.iter().map(Node::to_json).collect()),
            Value::Map(entries) => {
                let mut map = serde_json::Map::with_capacity(entries.len());
                for e in entries {
                    map.insert(e.key.name.clone(), e.value.to_json());
                }
                J::Object(map)
            }
        }
    }
}

impl Value {
    /// A short name of the value's kind, for messages ("a list", "text", ...).
    #[must_use]
    pub fn kind_name(&self) -> &'static str {
        match self {
            Value::Null => "nothing",
            Value::Bool(_) => "a true/false value",
            Value::Int(_) => "a whole number",
            Value::Float(f) if !f.is_finite() => "an infinite or undefined number (.inf, .nan)",
            Value::Float(_) => "a number",
            Value::String(_) => "text",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

//! The JSON instance that is validated against the schema, built from the spanned tree.

use serde_json::Value as Json;

use super::schema::{Context, SchemaIndex, keys_equal};
use crate::frontmatter::{Key, Node, Value};

/// The instance plus what the walk learned on the way.
pub(crate) struct Instance<'n> {
    /// The front matter as JSON, with keys in their canonical spelling.
    pub(crate) json: Json,
    /// Nodes the schema declares as Hugo dates, with their display path.
    pub(crate) dates: Vec<(String, &'n Node)>,
    /// Known keys written in another case than the schema's, with the schema's spelling.
    pub(crate) renamed: Vec<(&'n Key, String)>,
}

/// Build the instance of `root` under the schema.
pub(crate) fn build<'n>(index: &SchemaIndex, root: &'n Node) -> Instance<'n> {
    let mut found = Found::default();
    let json = walk(
        index,
        &index.root_context(),
        root,
        &mut String::new(),
        &mut found,
    );
    Instance {
        json,
        dates: found.dates,
        renamed: found.renamed,
    }
}

#[derive(Default)]
struct Found<'n> {
    dates: Vec<(String, &'n Node)>,
    renamed: Vec<(&'n Key, String)>,
}

fn walk<'n>(
    index: &SchemaIndex,
    ctx: &Context<'_>,
    node: &'n Node,
    path: &mut String,
    found: &mut Found<'n>,
) -> Json {
    if index.is_date(ctx) {
        found.dates.push((path.clone(), node));
    }
    match &node.value {
        Value::Seq(items) => {
            let item_ctx = index.items_context(ctx);
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                out.push(walk(index, &item_ctx, item, path, found));
                path.truncate(len);
            }
            Json::Array(out)
        }
        Value::Map(entries) => {
            let mut out = serde_json::Map::with_capacity(entries.len());
            for entry in entries {
                let canonical = index.canonical_key(ctx, &entry.key.name);
                if let Some(c) = canonical.filter(|c| *c != entry.key.name) {
                    found.renamed.push((&entry.key, c.to_owned()));
                }
                let name = canonical.unwrap_or(&entry.key.name);
                let child_ctx = index.property_context(ctx, name);
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(name);
                let value = walk(index, &child_ctx, &entry.value, path, found);
                path.truncate(len);
                out.insert(name.to_owned(), value);
            }
            Json::Object(out)
        }
        _ => node.to_json(),
    }
}

/// A step of a JSON instance path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Step {
    Key(String),
    Index(usize),
}

/// The node at `path` and the key it is the value of (`None` at the root or in a list).
pub(crate) fn locate<'n>(root: &'n Node, path: &[Step]) -> Option<(Option<&'n Key>, &'n Node)> {
    let mut key = None;
    let mut node = root;
    for step in path {
        match (&node.value, step) {
            (Value::Map(entries), Step::Key(name)) => {
                let entry = entries
                    .iter()
                    .rev()
                    .find(|e| e.key.name == *name)
                    .or_else(|| entries.iter().rev().find(|e| keys_equal(&e.key.name, name)))?;
                key = Some(&entry.key);
                node = &entry.value;
            }
            (Value::Map(entries), Step::Index(i)) => {
                let name = i.to_string();
                let entry = entries.iter().rev().find(|e| e.key.name == name)?;
                key = Some(&entry.key);
                node = &entry.value;
            }
            (Value::Seq(items), Step::Index(i)) => {
                key = None;
                node = items.get(*i)?;
            }
            (Value::Seq(items), Step::Key(k)) => {
                key = None;
                node = items.get(k.parse::<usize>().ok()?)?;
            }
            _ => return None,
        }
    }
    Some((key, node))
}

/// A path as users read it: `headline.updated`, `tags[2]`.
pub(crate) fn display_path(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

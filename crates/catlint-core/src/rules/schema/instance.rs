//! The JSON instance that is validated against the schema, built from the spanned tree.

use serde_json::Value as Json;

use super::{Context, SchemaIndex};
use crate::frontmatter::{Key, Node, Value};
use crate::span::Span;

/// The instance plus what the walk learned on the way.
pub(crate) struct Instance<'n> {
    /// The front matter as JSON, with keys in their canonical spelling.
    pub(crate) json: Json,
    /// Nodes the schema declares as Hugo dates, with their display path.
    pub(crate) dates: Vec<(String, &'n Node)>,
    /// Values whose field takes `true`/`false`.
    pub(crate) booleans: Vec<Span>,
    /// Known keys written in another case than the schema's, with the schema's spelling
    /// (as a path: `headline.title`).
    pub(crate) renamed: Vec<(&'n Key, String)>,
}

/// Build the instance of `root` under the schema: the values as written, or, with
/// `as_hugo_reads`, scalars as Hugo converts them for its own fields ([`super::cast`]).
pub(crate) fn build<'n>(index: &SchemaIndex, root: &'n Node, as_hugo_reads: bool) -> Instance<'n> {
    let mut found = Found {
        as_hugo_reads,
        ..Found::default()
    };
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
        booleans: found.booleans,
        renamed: found.renamed,
    }
}

#[derive(Default)]
struct Found<'n> {
    as_hugo_reads: bool,
    dates: Vec<(String, &'n Node)>,
    booleans: Vec<Span>,
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
    if index.expects_boolean(ctx) {
        found.booleans.push(node.span);
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
                    let shown = if path.is_empty() {
                        c.to_owned()
                    } else {
                        format!("{path}.{c}")
                    };
                    found.renamed.push((&entry.key, shown));
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
        _ => {
            let json = node.to_json();
            if found.as_hugo_reads && !index.is_date(ctx) {
                let types = index.types(ctx);
                if let Some(read) = super::cast::as_hugo_reads(&types, &json) {
                    return read;
                }
            }
            json
        }
    }
}

/// A step of a JSON instance path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Step {
    Key(String),
    Index(usize),
}

/// The node at `path` and the key it is the value of (`None` at the root or in a list).
///
/// Keys are matched as the instance was built: by their canonical spelling, and of several
/// entries with the same canonical key, the last one (the one the instance kept).
pub(crate) fn locate<'n>(
    index: &SchemaIndex,
    root: &'n Node,
    path: &[Step],
) -> Option<(Option<&'n Key>, &'n Node)> {
    let mut ctx = index.root_context();
    let mut key = None;
    let mut node = root;
    for step in path {
        match (&node.value, step) {
            (Value::Map(entries), Step::Key(_) | Step::Index(_)) => {
                let name = match step {
                    Step::Key(k) => k.clone(),
                    Step::Index(i) => i.to_string(),
                };
                let entry = entries.iter().rev().find(|e| {
                    index
                        .canonical_key(&ctx, &e.key.name)
                        .unwrap_or(&e.key.name)
                        == name
                })?;
                ctx = index.property_context(&ctx, &name);
                key = Some(&entry.key);
                node = &entry.value;
            }
            (Value::Seq(items), Step::Index(_) | Step::Key(_)) => {
                let i = match step {
                    Step::Index(i) => *i,
                    Step::Key(k) => k.parse::<usize>().ok()?,
                };
                ctx = index.items_context(&ctx);
                key = None;
                node = items.get(i)?;
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

//! Schema validation: run the compiled schema on the instance and turn each error into a
//! diagnostic on the exact key or value it concerns.

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::paths::LocationSegment;
use jsonschema::{JsonType, ValidationError};
use serde_json::Value as Json;

use super::SchemaIndex;
use super::instance::{Step, display_path, locate};
use crate::diagnostic::Diagnostic;
use crate::frontmatter::{Node, keys_equal};
use crate::model::date::hugo_date_pattern;
use crate::rules::page::inside_quotes;
use crate::rules::suggest::{suggest, unique_suggestion};
use crate::rules::{empty_value, invalid_date, missing_field, too_long, unknown_field, wrong_type};
use crate::span::Span;

/// What the mapping needs to know about the page.
pub(crate) struct Page<'a> {
    /// The whole file.
    pub(crate) src: &'a [u8],
    pub(crate) root: &'a Node,
    /// The opening delimiter: where a field missing at the top level is reported.
    pub(crate) open: Span,
}

pub(crate) fn validate(
    validator: &jsonschema::Validator,
    index: &SchemaIndex,
    page: &Page<'_>,
    instance: &Json,
    out: &mut Vec<Diagnostic>,
) {
    let start = out.len();
    let mut mine = Vec::new();
    for error in validator.iter_errors(instance) {
        map_error(index, page, &error, &mut mine);
    }
    super::super::missing_field::merge(&mut mine);
    out.splice(start.., mine);
}

fn steps(error: &ValidationError<'_>) -> Vec<Step> {
    error
        .instance_path()
        .segments()
        .map(|s| match s {
            LocationSegment::Property(p) => Step::Key(p.into_owned()),
            LocationSegment::Index(i) => Step::Index(i),
        })
        .collect()
}

/// Where a validation error is in the page.
struct Place<'n> {
    path: Vec<Step>,
    /// The path as messages show it (`headline.title`).
    field: String,
    node: &'n Node,
    /// Where a problem with the value is shown: the value, or its key when it is empty.
    value_span: Span,
}

fn map_error(
    index: &SchemaIndex,
    page: &Page<'_>,
    error: &ValidationError<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let path = steps(error);
    // The deepest node on the path that exists (the whole path, unless the instance and the
    // tree disagree): an error is never dropped, at worst it points at a parent.
    let Some((key, node)) = (0..=path.len())
        .rev()
        .find_map(|n| locate(index, page.root, &path[..n]))
    else {
        return;
    };
    let value_span = match key {
        Some(k) if node.span.is_empty() => k.span,
        _ => node.span,
    };
    let at = Place {
        field: display_path(&path),
        path,
        node,
        value_span,
    };
    let instance = error.instance();
    match error.kind() {
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            let span = key.map_or(page.open, |k| k.span);
            let ctx = index.property_context(&index_context(index, &at.path), name);
            out.push(missing_field::diagnostic(
                &at.field,
                name,
                span,
                index.description(&ctx),
            ));
        }
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            unknown_fields(index, page, &at, unexpected, out);
        }
        ValidationErrorKind::Type { kind } => {
            out.extend(wrong_kind(index, &at, instance, &expected_types(kind)));
        }
        ValidationErrorKind::MinLength { .. } if is_empty(instance) => {
            out.push(empty_value::diagnostic(&at.field, value_span));
        }
        ValidationErrorKind::MaxLength { limit } => {
            let len = instance.as_str().map_or(0, |s| s.chars().count());
            let limit = usize::try_from(*limit).unwrap_or(usize::MAX);
            out.push(too_long::diagnostic(&at.field, len, limit, value_span));
        }
        // Dates are checked by the `invalid-date` rule, which says more than a pattern can.
        ValidationErrorKind::Pattern { pattern } if pattern == hugo_date_pattern() => {}
        ValidationErrorKind::Enum { options } => {
            let choices: Vec<String> = options
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|o| o.as_str().map_or_else(|| o.to_string(), str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            out.push(wrong_type::not_a_choice(
                &at.field,
                &show(instance),
                &choices,
                value_span,
            ));
        }
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            if let Some(branch) = best_branch(context, error) {
                for e in branch {
                    map_error(index, page, e, out);
                }
            } else {
                let mut expected: Vec<&'static str> = context
                    .iter()
                    .flatten()
                    .filter_map(|e| match e.kind() {
                        ValidationErrorKind::Type { kind } => Some(expected_types(kind)),
                        _ => None,
                    })
                    .flatten()
                    .filter(|t| *t != "nothing")
                    .collect();
                expected.sort_unstable();
                expected.dedup();
                out.extend(wrong_kind(index, &at, instance, &expected));
            }
        }
        _ => {
            let reason = error.masked().to_string();
            out.push(wrong_type::invalid(&at.field, &reason, value_span));
        }
    }
}

/// A value of another kind than `expected`: empty when its field is required, not a date
/// when its field is one, else the wrong type.
fn wrong_kind(
    index: &SchemaIndex,
    at: &Place<'_>,
    instance: &Json,
    expected: &[&str],
) -> Option<Diagnostic> {
    Some(if is_empty(instance) && is_required(index, &at.path) {
        empty_value::diagnostic(&at.field, at.value_span)
    } else if is_date_path(index, &at.path) {
        // A whole number is a date to Hugo (Unix seconds): misread-value says which.
        if instance.is_i64() {
            return None;
        }
        invalid_date::not_a_date(&at.field, at.node, at.value_span)
    } else {
        wrong_type::diagnostic(&at.field, expected, at.node, at.value_span)
    })
}

/// Each key of the mapping at `at` that is in `unexpected`: an unknown field, with the
/// closest known one (and a rename to it, when it is the one close field and not taken).
fn unknown_fields(
    index: &SchemaIndex,
    page: &Page<'_>,
    at: &Place<'_>,
    unexpected: &[String],
    out: &mut Vec<Diagnostic>,
) {
    let known = index.known_keys(&index_context(index, &at.path));
    let Some(entries) = at.node.as_map() else {
        return;
    };
    let unexpected: std::collections::HashSet<&str> =
        unexpected.iter().map(String::as_str).collect();
    let mut far = Vec::new();
    for entry in entries
        .iter()
        .filter(|e| unexpected.contains(e.key.name.as_str()))
    {
        let name = &entry.key.name;
        let span = if entry.key.span.is_empty() {
            entry.value.span
        } else {
            entry.key.span
        };
        let suggestion = suggest(name, &known);
        // A top-level key far from every known field is most likely the theme's own.
        if suggestion.is_none() && at.path.is_empty() {
            far.push((name.as_str(), span));
            continue;
        }
        let taken = |s: &str| entries.iter().any(|e| keys_equal(&e.key.name, s));
        let rename = unique_suggestion(name, &known)
            .filter(|s| !taken(s) && !entry.key.span.is_empty())
            .map(|s| (inside_quotes(page.src, entry.key.span), s));
        out.push(unknown_field::diagnostic(
            &at.field, name, span, suggestion, rename,
        ));
    }
    out.extend(unknown_field::far_from_known(&far));
}

/// Of the alternatives of an `anyOf`, the one whose errors are about more than the kind of
/// value (the user clearly meant that alternative); `None` when every alternative is only a
/// kind mismatch at this very value.
fn best_branch<'a>(
    context: &'a [Vec<ValidationError<'static>>],
    parent: &ValidationError<'_>,
) -> Option<&'a Vec<ValidationError<'static>>> {
    let here = parent.instance_path().as_str();
    context
        .iter()
        .filter(|branch| {
            !branch.is_empty()
                && branch.iter().any(|e| {
                    e.instance_path().as_str() != here
                        || !matches!(e.kind(), ValidationErrorKind::Type { .. })
                })
        })
        .min_by_key(|branch| branch.len())
}

fn index_context<'s>(index: &'s SchemaIndex, path: &[Step]) -> Vec<&'s Json> {
    let mut ctx = index.root_context();
    for step in path {
        ctx = match step {
            Step::Key(k) => index.property_context(&ctx, k),
            Step::Index(_) => index.items_context(&ctx),
        };
    }
    ctx
}

fn is_date_path(index: &SchemaIndex, path: &[Step]) -> bool {
    index.is_date(&index_context(index, path))
}

/// Whether the field at `path` is required by its parent mapping.
fn is_required(index: &SchemaIndex, path: &[Step]) -> bool {
    let Some((Step::Key(name), parent)) = path.split_last() else {
        return false;
    };
    index_context(index, parent).iter().any(|s| {
        s.get("required")
            .and_then(Json::as_array)
            .is_some_and(|r| r.iter().any(|v| v.as_str() == Some(name)))
    })
}

fn is_empty(instance: &Json) -> bool {
    match instance {
        Json::Null => true,
        Json::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

fn expected_types(kind: &TypeKind) -> Vec<&'static str> {
    let name = |t: JsonType| match t {
        JsonType::Array => "a list",
        JsonType::Boolean => "true or false",
        JsonType::Integer => "a whole number",
        JsonType::Null => "nothing",
        JsonType::Number => "a number",
        JsonType::Object => "a mapping",
        JsonType::String => "text",
    };
    match kind {
        TypeKind::Single(t) => vec![name(*t)],
        TypeKind::Multiple(set) => set.iter().map(name).filter(|n| *n != "nothing").collect(),
    }
}

fn show(value: &Json) -> String {
    match value {
        Json::String(s) => format!("`{s}`"),
        other => format!("`{other}`"),
    }
}

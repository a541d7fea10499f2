//! Schema validation: run the compiled schema on the instance and turn each error into a
//! diagnostic on the exact key or value it concerns.

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::paths::LocationSegment;
use jsonschema::{JsonType, ValidationError};
use serde_json::Value as Json;

use super::instance::{Step, display_path, locate};
use super::schema::SchemaIndex;
use super::schema::keys_equal;
use crate::diagnostic::{Applicability, Diagnostic};
use crate::frontmatter::{Node, Value};
use crate::model::date::HUGO_DATE_PATTERN;
use crate::rules::RuleId;
use crate::rules::page::{inside_quotes, replace};
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
    for error in validator.iter_errors(instance) {
        map_error(index, page, &error, out);
    }
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

fn map_error(
    index: &SchemaIndex,
    page: &Page<'_>,
    error: &ValidationError<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let path = steps(error);
    let field = display_path(&path);
    // The deepest node on the path that exists (the whole path, unless the instance and the
    // tree disagree): an error is never dropped, at worst it points at a parent.
    let Some((key, node)) = (0..=path.len())
        .rev()
        .find_map(|n| locate(index, page.root, &path[..n]))
    else {
        return;
    };
    // Where a problem with the value is shown: the value, or its key when the value is empty.
    let value_span = match key {
        Some(k) if node.span.is_empty() => k.span,
        _ => node.span,
    };
    let instance = error.instance();
    match error.kind() {
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            let span = key.map_or(page.open, |k| k.span);
            let ctx = index.property_context(&index_context(index, &path), name);
            let mut d = if field.is_empty() {
                Diagnostic::new(
                    RuleId::MissingField,
                    format!("the required field `{name}` is missing"),
                    Some(span),
                )
                .with_label("the front matter starts here")
            } else {
                Diagnostic::new(
                    RuleId::MissingField,
                    format!("`{field}` is missing its required field `{name}`"),
                    Some(span),
                )
                .with_label(format!("`{name}` belongs in here"))
            };
            d = d.with_help(match index.description(&ctx) {
                Some(desc) => format!("add the field `{name}` — {desc}"),
                None => format!("add the field `{name}`"),
            });
            out.push(d);
        }
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let ctx = index_context(index, &path);
            let known = index.known_keys(&ctx);
            let Some(entries) = node.as_map() else { return };
            let unexpected: std::collections::HashSet<&str> =
                unexpected.iter().map(String::as_str).collect();
            for entry in entries
                .iter()
                .filter(|e| unexpected.contains(e.key.name.as_str()))
            {
                let name = &entry.key.name;
                let shown = if name.is_empty() {
                    "(a key with no name)".to_owned()
                } else {
                    format!("`{name}`")
                };
                let message = if field.is_empty() {
                    format!("{shown} is not a known field")
                } else {
                    format!("{shown} is not a known field of `{field}`")
                };
                let span = if entry.key.span.is_empty() {
                    entry.value.span
                } else {
                    entry.key.span
                };
                let suggestion = unique_suggestion(name, &known);
                let help = match suggest(name, &known) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "remove it, or check its spelling against `catlint schema`".to_owned(),
                };
                let mut diagnostic = Diagnostic::new(RuleId::UnknownField, message, Some(span))
                    .with_label("unknown field")
                    .with_help(help);
                // Rename to the one close field, unless the page has that field already.
                let taken = |s: &str| entries.iter().any(|e| keys_equal(&e.key.name, s));
                if let Some(s) = suggestion.filter(|s| !taken(s) && !entry.key.span.is_empty()) {
                    diagnostic.fix = Some(replace(
                        inside_quotes(page.src, entry.key.span),
                        s,
                        Applicability::Unsafe,
                    ));
                }
                out.push(diagnostic);
            }
        }
        ValidationErrorKind::Type { kind } => {
            if is_empty(instance) && is_required(index, &path) {
                out.push(empty_value(&field, value_span));
            } else if is_date_path(index, &path) {
                out.push(not_a_date(&field, node, value_span));
            } else {
                let expected = expected_types(kind);
                out.push(wrong_type(&field, &expected, node, value_span));
            }
        }
        ValidationErrorKind::MinLength { .. } if is_empty(instance) => {
            out.push(empty_value(&field, value_span));
        }
        ValidationErrorKind::MaxLength { limit } => {
            let len = instance.as_str().map_or(0, |s| s.chars().count());
            out.push(
                Diagnostic::new(
                    RuleId::TooLong,
                    format!("`{field}` is {len} characters long, more than the limit of {limit}"),
                    Some(value_span),
                )
                .with_label(format!(
                    "{} characters too many",
                    len.saturating_sub(usize::try_from(*limit).unwrap_or(usize::MAX))
                ))
                .with_help(format!("shorten it to {limit} characters or fewer")),
            );
        }
        // Dates are checked by the `invalid-date` rule, which says more than a pattern can.
        ValidationErrorKind::Pattern { pattern } if pattern == HUGO_DATE_PATTERN => {}
        ValidationErrorKind::Enum { options } => {
            let choices: Vec<String> = options
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|o| o.as_str().map_or_else(|| o.to_string(), str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            out.push(
                Diagnostic::new(
                    RuleId::WrongType,
                    format!(
                        "`{field}` is {}, which is not one of its choices",
                        show(instance)
                    ),
                    Some(value_span),
                )
                .with_label("not a valid choice")
                .with_help(format!("use one of: {}", choices.join(", "))),
            );
        }
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            if let Some(branch) = best_branch(context, error) {
                for e in branch {
                    map_error(index, page, e, out);
                }
            } else if is_empty(instance) && is_required(index, &path) {
                out.push(empty_value(&field, value_span));
            } else if is_date_path(index, &path) {
                out.push(not_a_date(&field, node, value_span));
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
                out.push(wrong_type(&field, &expected, node, value_span));
            }
        }
        _ => {
            out.push(
                Diagnostic::new(
                    RuleId::WrongType,
                    format!(
                        "`{}` is not valid: {}",
                        if field.is_empty() {
                            "front matter"
                        } else {
                            &field
                        },
                        error.masked()
                    ),
                    Some(value_span),
                )
                .with_label("invalid value"),
            );
        }
    }
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

/// A date field holding something else than text (a number, a list, …).
fn not_a_date(field: &str, node: &Node, span: Span) -> Diagnostic {
    Diagnostic::new(
        RuleId::InvalidDate,
        format!(
            "`{field}` should be a date, but it is {}",
            node.value.kind_name()
        ),
        Some(span),
    )
    .with_label("not a date")
    .with_help("write it as 2025-02-11T10:17:24Z (or 2025-02-11 for a date without time)")
}

fn is_empty(instance: &Json) -> bool {
    match instance {
        Json::Null => true,
        Json::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

fn empty_value(field: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        RuleId::EmptyValue,
        format!("`{field}` is empty"),
        Some(span),
    )
    .with_label("no value")
    .with_help(format!(
        "give `{field}` a value, or remove it if it is optional"
    ))
}

fn wrong_type(field: &str, expected: &[&str], node: &Node, span: Span) -> Diagnostic {
    let what = if field.is_empty() {
        "the front matter".to_owned()
    } else {
        format!("`{field}`")
    };
    let expected = join_or(expected);
    let mut d = Diagnostic::new(
        RuleId::WrongType,
        format!(
            "{what} should be {expected}, but it is {}",
            node.value.kind_name()
        ),
        Some(span),
    )
    .with_label(format!("expected {expected}"));
    if matches!(node.value, Value::String(_)) && expected.starts_with("a list") {
        d = d.with_help(format!(
            "write it as a list: `{field}: [\"{}\"]`",
            node.as_str().unwrap_or_default()
        ));
    }
    d
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

fn join_or(items: &[&str]) -> String {
    match items {
        [] => "something else".to_owned(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

fn show(value: &Json) -> String {
    match value {
        Json::String(s) => format!("`{s}`"),
        other => format!("`{other}`"),
    }
}

/// The known key closest to `name` when no other is as close: a rename that is not a guess.
fn unique_suggestion<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    let best = suggest(name, known)?;
    let distance = |k: &str| strsim::damerau_levenshtein(&name.to_lowercase(), &k.to_lowercase());
    let d = distance(best);
    (known.iter().filter(|k| distance(k) == d).count() == 1).then_some(best)
}

/// The known key closest to `name`, ignoring case, if it is close enough to be a typo.
pub fn suggest<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    let lower = name.to_lowercase();
    let mut best: Option<(&str, usize)> = None;
    for &k in known {
        let distance = strsim::damerau_levenshtein(&lower, &k.to_lowercase());
        let allowed = match k.chars().count() {
            0..=3 => 1,
            4..=8 => 2,
            _ => 3,
        };
        if distance <= allowed && best.is_none_or(|(_, d)| distance < d) {
            best = Some((k, distance));
        }
    }
    best.map(|(k, _)| k)
}

pub(crate) const SUMMARY: &str =
    "A field has a value of the wrong kind (text, number, list, mapping, true/false).";

pub(crate) const DOCS: &str = r#"# wrong-type

## What it does
Reports a value whose kind does not match the field: a list where text is expected, text
where a number is expected, an unknown value of a field with fixed choices, and so on.

## Why is this bad?
Hugo and the site templates read the wrong kind of value as empty, or fail.

## Example
```yaml
weight: heavy
tags: agile
```

## Use instead
```yaml
weight: 10
tags:
  - agile
```

## Fix
No automatic fix."#;

use crate::diagnostic::Diagnostic;
use crate::frontmatter::{Node, Value};
use crate::rules::RuleId;
use crate::span::Span;

/// Front matter that is not a mapping of fields (a list, a lone value), at `span`.
pub(crate) fn not_a_mapping(root: &Node, span: Span) -> Diagnostic {
    Diagnostic::new(
        RuleId::WrongType,
        format!(
            "the front matter should be a mapping of fields, but it is {}",
            root.value.kind_name()
        ),
        Some(span),
    )
    .with_label("expected `key: value` lines")
    .with_help("write each field on its own line, as `title: Customer Feedback Loops`")
}

/// `field` holds `node`, of another kind than `expected` (`a list`, `text`, …).
pub(crate) fn diagnostic(field: &str, expected: &[&str], node: &Node, span: Span) -> Diagnostic {
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

/// `field` holds `shown`, which is not one of `choices`.
pub(crate) fn not_a_choice(field: &str, shown: &str, choices: &[String], span: Span) -> Diagnostic {
    Diagnostic::new(
        RuleId::WrongType,
        format!("`{field}` is {shown}, which is not one of its choices"),
        Some(span),
    )
    .with_label("not a valid choice")
    .with_help(format!("use one of: {}", choices.join(", ")))
}

/// `field` is invalid for a reason the schema gives (`reason`).
pub(crate) fn invalid(field: &str, reason: &str, span: Span) -> Diagnostic {
    let what = if field.is_empty() {
        "front matter"
    } else {
        field
    };
    Diagnostic::new(
        RuleId::WrongType,
        format!("`{what}` is not valid: {reason}"),
        Some(span),
    )
    .with_label("invalid value")
}

fn join_or(items: &[&str]) -> String {
    match items {
        [] => "something else".to_owned(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

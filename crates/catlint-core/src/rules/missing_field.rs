pub(crate) const SUMMARY: &str = "A required field is missing.";

pub(crate) const DOCS: &str = r#"# missing-field

## What it does
Reports a required field that the page does not have. By default a category page needs
`title`, `date`, `description`, `Instructions` and `headline` (with `title`, `subtitle`,
`content` and `updated`).

## Why is this bad?
Term pages without these fields render without a heading, a description for search engines,
or classifier instructions.

## Example
```yaml
title: Kanban
description: Visualising and managing flow.
```

## Use instead
```yaml
title: Kanban
date: 2025-02-11T10:17:24Z
description: Visualising and managing flow.
Instructions: |-
  **Use this category only for discussions on Kanban.**
headline:
  title: Kanban
  subtitle: Managing flow.
  content: …
  updated: 2025-02-13T12:05:19Z
```

## Fix
No automatic fix: the content must be written."#;

use crate::diagnostic::Diagnostic;
use crate::rules::RuleId;
use crate::span::Span;

/// The required field `name` is missing from the mapping `field` (empty: the front
/// matter), reported at `span` (the parent key, or the opening delimiter); `description`
/// says what the field is for.
pub(crate) fn diagnostic(
    field: &str,
    name: &str,
    span: Span,
    description: Option<&str>,
) -> Diagnostic {
    let d = if field.is_empty() {
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
    d.with_help(match description {
        Some(desc) => format!("add the field `{name}` — {desc}"),
        None => format!("add the field `{name}`"),
    })
}

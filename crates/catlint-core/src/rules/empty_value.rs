pub(crate) const SUMMARY: &str = "A required field is present but empty.";

pub(crate) const DOCS: &str = r#"# empty-value

## What it does
Reports a required field whose value is empty: nothing after the colon, `null`, `~` or `""`.

## Why is this bad?
An empty value is as good as a missing one, but easier to overlook.

## Example
```yaml
title:
```

## Use instead
```yaml
title: Customer Feedback Loops
```

## Fix
No automatic fix."#;

use crate::diagnostic::Diagnostic;
use crate::rules::RuleId;
use crate::span::Span;

/// The required `field` is empty.
pub(crate) fn diagnostic(field: &str, span: Span) -> Diagnostic {
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

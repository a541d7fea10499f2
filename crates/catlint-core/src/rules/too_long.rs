pub(crate) const SUMMARY: &str =
    "A text field is longer than its limit (description and headline subtitle: 160 characters).";

pub(crate) const DOCS: &str = r#"# too-long

## What it does
Reports `description` and `headline.subtitle` longer than 160 characters.

## Why is this bad?
Search engines cut descriptions at about 160 characters, and the headline layout is
designed for one or two lines.

## Example
```yaml
description: Leadership is about driving organisational agility, fostering accountability, and enabling teams to deliver value continuously. Effective leaders challenge the status quo …
```

## Use instead
```yaml
description: Leadership that drives organisational agility, accountability and continuous value delivery.
```

## Fix
No automatic fix: shortening text needs a person."#;

use crate::diagnostic::Diagnostic;
use crate::rules::RuleId;
use crate::span::Span;

/// `field` is `len` characters long, over `limit`.
pub(crate) fn diagnostic(field: &str, len: usize, limit: usize, span: Span) -> Diagnostic {
    Diagnostic::new(
        RuleId::TooLong,
        format!("`{field}` is {len} characters long, more than the limit of {limit}"),
        Some(span),
    )
    .with_label(format!("{} characters too many", len.saturating_sub(limit)))
    .with_help(format!("shorten it to {limit} characters or fewer"))
}

pub(crate) const SUMMARY: &str = "A suppression comment that suppresses nothing, or names no rule.";

pub(crate) const DOCS: &str = r#"# unused-suppression

## What it does
Reports a `# catlint-disable …` or `# catlint-disable-next-line …` comment in the front
matter that suppressed no diagnostic, and a rule name in one that is not a rule.

## Why is this bad?
A stale suppression hides the next real problem of that kind; a misspelt one hides nothing
while its author thinks it does.

## Example
```yaml
# catlint-disable-next-line too-long
description: A short description.
```

## Use instead
```yaml
description: A short description.
```

## Fix
No automatic fix yet (removing the comment will be a safe fix).
"#;

use crate::diagnostic::Diagnostic;
use crate::rules::RuleId;
use crate::span::Span;

/// A name in a suppression comment that is not a rule.
pub(crate) fn unknown_rule(name: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        RuleId::UnusedSuppression,
        format!("`{name}` is not a rule"),
        Some(span),
    )
    .with_label("unknown rule")
    .with_help("`catlint rules` lists the rules")
}

/// A suppression comment that covered nothing.
pub(crate) fn unused(comment: Span) -> Diagnostic {
    Diagnostic::new(
        RuleId::UnusedSuppression,
        "this suppression suppresses nothing",
        Some(comment),
    )
    .with_label("unused")
    .with_help("remove the comment: the problem it was for is gone")
}

pub(crate) const SUMMARY: &str = "A field the model does not know, usually a typo.";

pub(crate) const DOCS: &str = r#"# unknown-field

## What it does
Reports a key that is neither a field of the category model nor one of Hugo's own front
matter fields, and suggests the closest known field.

## Why is this bad?
Hugo accepts any key silently, so `Instrutions:` or `descripton:` means the real field is
missing and the value is never used.

## Example
```yaml
descripton: Visualising and managing flow.
```

## Use instead
```yaml
description: Visualising and managing flow.
```

## Fix
No automatic fix yet (renaming to the single close suggestion will be an unsafe fix)."#;

use crate::diagnostic::{Applicability, Diagnostic};
use crate::rules::RuleId;
use crate::rules::page::replace;
use crate::span::Span;

/// The key `name` (at `span`) of the mapping `field` (empty: the front matter) is not a
/// known field; `suggestion` is the closest known one, `rename` where renaming to it is the
/// fix (the one close field, not taken yet).
pub(crate) fn diagnostic(
    field: &str,
    name: &str,
    span: Span,
    suggestion: Option<&str>,
    rename: Option<(Span, &str)>,
) -> Diagnostic {
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
    let help = match suggestion {
        Some(s) => format!("did you mean `{s}`?"),
        None => "remove it, or check its spelling against `catlint schema`".to_owned(),
    };
    let mut diagnostic = Diagnostic::new(RuleId::UnknownField, message, Some(span))
        .with_label("unknown field")
        .with_help(help);
    if let Some((at, to)) = rename {
        diagnostic.fix = Some(replace(at, to, Applicability::Unsafe));
    }
    diagnostic
}

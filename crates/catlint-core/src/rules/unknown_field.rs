pub(crate) const SUMMARY: &str = "A field the model does not know, usually a typo.";

pub(crate) const DOCS: &str = r#"# unknown-field

## What it does
Reports a key that is neither a field of the category model nor one of Hugo's own front
matter fields. A key close to a known field is a typo: an error on the key, suggesting the
field. A top-level key far from every known field is most likely a field of the site's
theme (Hugo hands it to the templates in `.Params`): the page's top-level keys that are far
from every known field are one warning, on the first of them, listing them all (in the JSON output as
`fields`, in SARIF as `properties.fields`). List them in the taxonomy's `extra-fields` in
`catlint.toml` (`catlint init` does that for the keys a site's term pages share).

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
Unsafe: the typo is renamed to the one close known field, when no other is as close and the
page does not have that field already."#;

use crate::diagnostic::{Applicability, Diagnostic, Severity};
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

/// The top-level keys `far` (name and span, in page order), none of them close to a known
/// field: most likely the theme's own fields. One warning on the first key, the others as
/// related places; one key alone is reported as [`diagnostic`] reports it, at warning
/// severity.
pub(crate) fn far_from_known(far: &[(&str, Span)]) -> Option<Diagnostic> {
    const SHOWN: usize = 5;
    let (&(first, span), others) = far.split_first()?;
    let mut d = if others.is_empty() {
        diagnostic("", first, span, None, None).with_help(
            "if the site's theme uses it, list it in this taxonomy's `extra-fields` in \
             catlint.toml (`catlint init` does); otherwise remove it",
        )
    } else {
        let n = far.len();
        let mut list = far
            .iter()
            .take(SHOWN)
            .map(|(name, _)| format!("`{name}`"))
            .collect::<Vec<_>>()
            .join(", ");
        if n > SHOWN {
            list.push_str(&format!(" and {} more", n - SHOWN));
        }
        let mut d = Diagnostic::new(
            RuleId::UnknownField,
            format!("{n} fields the model does not know: {list}"),
            Some(span),
        )
        .with_label("unknown field")
        .with_help(
            "if the site's theme uses them, list them in this taxonomy's `extra-fields` in \
             catlint.toml (`catlint init` does); otherwise remove them",
        );
        for &(_, at) in others {
            d = d.with_related(at, "unknown field");
        }
        d
    };
    d.severity = Severity::Warning;
    d.fields = far.iter().map(|(name, _)| (*name).to_owned()).collect();
    Some(d)
}

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
/// The keys of a finding [`far_from_known`] made of several keys: each name and its place.
pub(crate) fn far_keys(d: &Diagnostic) -> Option<Vec<(String, Span)>> {
    if d.rule != RuleId::UnknownField || d.fields.len() < 2 {
        return None;
    }
    let places = std::iter::once(d.span?).chain(d.related.iter().map(|(at, _)| *at));
    let keys: Vec<(String, Span)> = d.fields.iter().cloned().zip(places).collect();
    (keys.len() == d.fields.len()).then_some(keys)
}

pub(crate) fn far_from_known(far: &[(&str, Span)]) -> Option<Diagnostic> {
    const SHOWN: usize = 5;
    let (&(first, span), others) = far.split_first()?;
    let mut d = if others.is_empty() {
        diagnostic("", first, span, None, None).with_help(
            "if the site's theme uses it, list it in this taxonomy's `extra-fields` in \
             catlint.toml; otherwise remove it",
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn far_keys_are_one_warning_listing_them_and_one_alone_keeps_its_message() {
        let keys: Vec<(String, Span)> = (0..7)
            .map(|i| (format!("k{i}"), Span::new(i * 10, i * 10 + 2)))
            .collect();
        let refs: Vec<(&str, Span)> = keys.iter().map(|(n, s)| (n.as_str(), *s)).collect();
        let d = far_from_known(&refs).unwrap();
        assert_eq!(d.severity, Severity::Warning);
        assert_eq!(
            d.message,
            "7 fields the model does not know: `k0`, `k1`, `k2`, `k3`, `k4` and 2 more"
        );
        assert_eq!(d.span, Some(Span::new(0, 2)));
        assert_eq!(d.related.len(), 6);
        assert_eq!(far_keys(&d).as_ref(), Some(&keys));

        let one = far_from_known(&refs[..1]).unwrap();
        assert_eq!(
            one.message, "`k0` is not a known field",
            "as before the merge"
        );
        assert_eq!(one.severity, Severity::Warning);
        assert_eq!(far_keys(&one), None, "one key: nothing to split");
        assert!(far_from_known(&[]).is_none());
    }
}

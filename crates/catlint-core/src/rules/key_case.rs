pub(crate) const SUMMARY: &str = "A known key spelled in another letter case than the model's.";

pub(crate) const DOCS: &str = r#"# key-case

## What it does
Reports a known key spelled differently from the model (`instructions` for `Instructions`,
`Title` for `title`).

## Why is this bad?
Hugo reads keys case-insensitively, so the page works, but templates, scripts and the
classifier that read the raw file expect one spelling.

## Example
```yaml
instructions: |-
```

## Use instead
```yaml
Instructions: |-
```

## Fix
Safe: the key is renamed to the model's spelling (its quotes, if any, kept)."#;

use super::page::{inside_quotes, replace};
use crate::diagnostic::{Applicability, Diagnostic};
use crate::frontmatter::Key;
use crate::rules::RuleId;

/// `renamed` are the keys whose canonical spelling differs, found by the schema walk.
pub(crate) fn check(src: &[u8], renamed: &[(&Key, String)], out: &mut Vec<Diagnostic>) {
    for (key, canonical) in renamed {
        // A duplicate in another case is already reported as `duplicate-key`.
        if out.iter().any(|d| {
            matches!(d.rule, RuleId::DuplicateKey | RuleId::ShadowedKey) && d.span == Some(key.span)
        }) {
            continue;
        }
        let name = canonical.rsplit('.').next().unwrap_or(canonical);
        let mut diagnostic = Diagnostic::new(
            RuleId::KeyCase,
            if canonical.contains('.') {
                format!(
                    "`{}` is spelled `{name}` on this site (`{canonical}`)",
                    key.name
                )
            } else {
                format!("`{}` is spelled `{name}` on this site", key.name)
            },
            Some(key.span),
        )
        .with_label(format!("write `{name}`"))
        .with_help(
            "Hugo ignores the case of keys, but scripts and templates that read the file do not",
        );
        diagnostic.fix = Some(replace(
            inside_quotes(src, key.span),
            name,
            Applicability::Safe,
        ));
        out.push(diagnostic);
    }
}

pub(crate) const SUMMARY: &str =
    "`_build` was removed from Hugo (0.145): `hugo` fails; the field is `build`.";

pub(crate) const DOCS: &str = r#"# removed-field

## What it does
Reports the front matter field `_build` (any case), which Hugo replaced by `build`.

## Why is this bad?
Hugo 0.145 removed `_build`: `hugo` logs "_build was deprecated … use build instead" as an
ERROR and fails the build.

## Example
```yaml
_build:
  list: never
```

## Use instead
```yaml
build:
  list: never
```

## Fix
Safe: the key is renamed to `build` (when the page has no `build` already; then a person
merges the two)."#;

use super::page::{Page, rename_key};
use crate::diagnostic::{Applicability, Diagnostic};
use crate::frontmatter::keys_equal;
use crate::rules::RuleId;

/// Fields Hugo removed, with the field that replaces each.
const REMOVED: &[(&str, &str)] = &[("_build", "build")];

pub(crate) fn check(page: &Page<'_>, out: &mut Vec<Diagnostic>) {
    let Some(entries) = page.root.as_map() else {
        return;
    };
    for entry in entries {
        let Some((_, new)) = REMOVED
            .iter()
            .find(|(old, _)| keys_equal(&entry.key.name, old))
        else {
            continue;
        };
        let mut d = Diagnostic::new(
            RuleId::RemovedField,
            format!(
                "`{}` was removed from Hugo: `hugo` fails to build the site; the field is now `{new}`",
                entry.key.name
            ),
            Some(entry.key.span),
        )
        .with_label("removed in Hugo 0.145")
        .with_help(format!("rename it to `{new}`"));
        d.fix = rename_key(page.src, &entry.key, new, Applicability::Safe);
        out.push(d);
    }
}

pub(crate) const SUMMARY: &str =
    "`cascade._target` is deprecated (Hugo warns on every build); the key is `target`.";

pub(crate) const DOCS: &str = r#"# deprecated-field

## What it does
Reports `_target` in a `cascade` mapping (or in an entry of a `cascade` list), which Hugo
renamed to `target`.

## Why is this bad?
Hugo still applies the cascade, but logs a deprecation WARN on every build, and a later
Hugo will drop the old key, when the values silently stop reaching the pages below.

## Example
```yaml
cascade:
  _target:
    path: /posts/**
  params:
    toc: true
```

## Use instead
```yaml
cascade:
  target:
    path: /posts/**
  params:
    toc: true
```

## Fix
Safe: the key is renamed to `target` (when the mapping has no `target` already)."#;

use super::page::{Page, rename_key};
use crate::diagnostic::{Applicability, Diagnostic};
use crate::frontmatter::{Node, Value, keys_equal};
use crate::rules::RuleId;

pub(crate) fn check(page: &Page<'_>, out: &mut Vec<Diagnostic>) {
    let Some((_, cascade)) = page.field(&["cascade"]) else {
        return;
    };
    let targets: Vec<&Node> = match &cascade.value {
        Value::Seq(items) => items.iter().collect(),
        _ => vec![cascade],
    };
    for target in targets {
        let Some(entries) = target.as_map() else {
            continue;
        };
        for entry in entries
            .iter()
            .filter(|e| keys_equal(&e.key.name, "_target"))
        {
            let mut d = Diagnostic::new(
                RuleId::DeprecatedField,
                format!(
                    "`cascade.{}` is deprecated: Hugo warns on every build; the key is now `target`",
                    entry.key.name
                ),
                Some(entry.key.span),
            )
            .with_label("deprecated")
            .with_help("rename it to `target`");
            d.fix = rename_key(page.src, &entry.key, "target", Applicability::Safe);
            out.push(d);
        }
    }
}

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

pub(crate) const SUMMARY: &str = "A field has a value of the wrong kind (text, number, list, mapping, true/false).";

pub(crate) const DOCS: &str = r#"# wrong-type

## What it does
Reports a value whose kind does not match the field: a list where text is expected, text
where a number is expected, an unknown value of a field with fixed choices, and so on.

## Why is this bad?
Hugo and the site templates read the wrong kind of value as empty, or fail.

## Example
```yaml
weight: heavy
tags: agile
```

## Use instead
```yaml
weight: 10
tags:
  - agile
```

## Fix
No automatic fix."#;

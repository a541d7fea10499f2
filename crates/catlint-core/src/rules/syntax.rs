pub(crate) const SUMMARY: &str = "The front matter is not valid YAML, TOML or JSON.";

pub(crate) const DOCS: &str = r#"# syntax

## What it does
Reports front matter that its format (YAML 1.2, TOML or JSON) cannot parse, at the position
where the parser gave up.

## Why is this bad?
Hugo refuses to build a page whose front matter does not parse.

## Example
```yaml
---
title: "Lean
description: Eliminating waste.
---
```

## Use instead
```yaml
---
title: "Lean"
description: Eliminating waste.
---
```

## Fix
No automatic fix."#;

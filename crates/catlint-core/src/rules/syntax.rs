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

use crate::diagnostic::Diagnostic;
use crate::frontmatter::{Format, ParseError};
use crate::rules::RuleId;

/// Front matter of `format` that does not parse.
pub(crate) fn diagnostic(format: Format, error: &ParseError) -> Diagnostic {
    Diagnostic::new(
        RuleId::Syntax,
        format!("invalid {}: {}", format.name(), error.message),
        Some(error.span),
    )
    .with_label("the parser stopped here")
}

/// A site configuration file (`hugo.toml`, `config/_default/…`) that does not parse.
#[must_use]
pub fn site_config(error: &ParseError) -> Diagnostic {
    Diagnostic::new(
        RuleId::Syntax,
        format!("invalid site configuration: {}", error.message),
        Some(error.span),
    )
    .with_label("the parser stopped here")
}

pub(crate) const SUMMARY: &str = "The front matter is opened but never closed.";

pub(crate) const DOCS: &str = r#"# frontmatter-unterminated

## What it does
Reports front matter whose opening `---` (or `+++`, or `{`) has no closing counterpart.

## Why is this bad?
Hugo treats the whole file as front matter and fails to build, or shows the body as data.

## Example
```markdown
---
title: Lean
description: Eliminating waste.

Lean is about flow.
```

## Use instead
```markdown
---
title: Lean
description: Eliminating waste.
---
Lean is about flow.
```

## Fix
No automatic fix: only a person knows where the front matter should end."#;

use crate::diagnostic::Diagnostic;
use crate::frontmatter::Format;
use crate::rules::RuleId;
use crate::span::Span;

/// The diagnostic, on the opening delimiter.
pub(crate) fn diagnostic(format: Format, open: Span) -> Diagnostic {
    let close = match format {
        Format::Yaml => "a `---` line",
        Format::Toml => "a `+++` line",
        Format::Json => "the matching `}`",
    };
    Diagnostic::new(
        RuleId::FrontmatterUnterminated,
        format!("the {} front matter is never closed", format.name()),
        Some(open),
    )
    .with_label("opened here")
    .with_help(format!(
        "end the front matter with {close} before the page body"
    ))
}

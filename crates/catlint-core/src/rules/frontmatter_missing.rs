pub(crate) const SUMMARY: &str = "A taxonomy page has no front matter.";

pub(crate) const DOCS: &str = r#"# frontmatter-missing

## What it does
Reports a category page that does not start with a front matter block (`---`, `+++` or `{`).

## Why is this bad?
Without front matter Hugo gives the term page no title, date or description, and the AI
classifier gets no `Instructions`.

## Example
```markdown
# Customer Feedback Loops
Tightening the loop between delivery and learning.
```

## Use instead
```markdown
---
title: Customer Feedback Loops
date: 2025-02-11T10:17:24Z
description: Tightening the loop between delivery and learning.
---
```

## Fix
No automatic fix: the fields must be written by a person or the generator."#;

use crate::diagnostic::Diagnostic;
use crate::frontmatter::extract::BOM;
use crate::rules::RuleId;
use crate::span::Span;

/// The diagnostic, on the first line of the page (what stands where `---` should).
pub(crate) fn diagnostic(src: &[u8]) -> Diagnostic {
    let start = if src.starts_with(BOM) { BOM.len() } else { 0 };
    let end = src[start..]
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .map_or(src.len(), |p| start + p);
    if src[start..].iter().all(u8::is_ascii_whitespace) {
        return Diagnostic::new(
            RuleId::FrontmatterMissing,
            "the page is empty: it has no front matter",
            Some(Span::empty(start)),
        )
        .with_help("start the page with a `---` line, the fields, and a closing `---` line");
    }
    Diagnostic::new(
        RuleId::FrontmatterMissing,
        "the page has no front matter",
        Some(Span::new(start, end)),
    )
    .with_label("expected `---` (YAML), `+++` (TOML) or `{` (JSON) here")
    .with_help("start the page with a `---` line, the fields, and a closing `---` line")
}

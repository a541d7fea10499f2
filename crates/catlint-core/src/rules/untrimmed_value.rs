pub(crate) const SUMMARY: &str = "A single-line text value starts or ends with whitespace.";

pub(crate) const DOCS: &str = r#"# untrimmed-value

## What it does
Reports leading or trailing whitespace (spaces, tabs, no-break spaces) in a single-line text value (`title: " Lean "`).
The Markdown hard-break spaces inside block scalars (`Instructions: |-`) are content and are
not reported.

## Why is this bad?
The spaces end up in headings, links and term keys, where they are invisible but make two
equal titles different.

## Example
```yaml
title: "Lean "
```

## Use instead
```yaml
title: "Lean"
```

## Fix
Safe: the spaces inside the quotes are removed (not offered when they are written as escapes)."#;

use super::page::{Page, inside_quotes, replace};
use crate::diagnostic::{Applicability, Diagnostic};
use crate::frontmatter::{Node, Value};
use crate::rules::RuleId;

pub(crate) fn check(page: &Page<'_>, out: &mut Vec<Diagnostic>) {
    let mut stack: Vec<&Node> = vec![page.root];
    while let Some(node) = stack.pop() {
        match &node.value {
            Value::Map(entries) => stack.extend(entries.iter().map(|e| &e.value)),
            Value::Seq(items) => stack.extend(items),
            Value::String(s) if !s.contains('\n') && s.trim() != s && !s.trim().is_empty() => {
                let mut diagnostic = Diagnostic::new(
                    RuleId::UntrimmedValue,
                    format!("the text {s:?} starts or ends with whitespace"),
                    Some(node.span),
                )
                .with_label("untrimmed")
                .with_help(format!("write {:?}", s.trim()));
                // Only when the spaces are written as such inside quotes (not as escapes).
                let inner = inside_quotes(page.src, node.span);
                let written = page.source(inner);
                if inner != node.span && written.trim_matches([' ', '\t']) == s.trim() {
                    diagnostic.fix = Some(replace(inner, s.trim(), Applicability::Safe));
                }
                out.push(diagnostic);
            }
            _ => {}
        }
    }
}

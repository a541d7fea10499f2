pub(crate) const SUMMARY: &str = "The front matter is not valid YAML, TOML or JSON.";

pub(crate) const DOCS: &str = r#"# syntax

## What it does
Reports front matter that its format (YAML 1.2, TOML or JSON) cannot parse, at the position
where the parser gave up; in YAML, a flow list or mapping (`[`, `{`) still open there is
shown too, as it is most often the cause.

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
use crate::span::Span;

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

/// In YAML front matter (`content` of `src`), the outermost flow list or mapping (`[`, `{`)
/// still open at byte `at`: where a syntax error most often really is. A bracket opens a
/// flow collection only where a value starts (after `:`, `-`, `,`, another opener, or at the
/// start of a line); quoted text and comments are skipped.
#[must_use]
pub fn unclosed_flow(src: &[u8], content: Span, at: usize) -> Option<(Span, &'static str)> {
    let text = src.get(content.start..at.min(content.end))?;
    let mut open: Vec<usize> = Vec::new();
    // The last byte that was not a space or tab (a newline counts).
    let mut before = b'\n';
    let mut i = 0;
    while i < text.len() {
        let b = text[i];
        match b {
            b'"' | b'\'' if value_starts(before) || !open.is_empty() => {
                // Skip to the closing quote (`\"` escapes in double quotes, `''` in single).
                i += 1;
                while i < text.len() && text[i] != b {
                    if b == b'"' && text[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'#' if matches!(
                text.get(i.wrapping_sub(1)),
                None | Some(b' ' | b'\t' | b'\n')
            ) =>
            {
                while i < text.len() && text[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'[' | b'{' if value_starts(before) || !open.is_empty() => open.push(i),
            b']' | b'}' if !open.is_empty() => {
                open.pop();
            }
            _ => {}
        }
        if !matches!(b, b' ' | b'\t') {
            before = b;
        }
        i += 1;
    }
    let first = *open.first()?;
    let what = if text[first] == b'[' {
        "this list is never closed"
    } else {
        "this mapping is never closed"
    };
    let start = content.start + first;
    Some((Span::new(start, start + 1), what))
}

fn value_starts(before: u8) -> bool {
    matches!(before, b':' | b'-' | b',' | b'[' | b'{' | b'\n' | b'\r')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_flow_list_left_open() {
        let src = b"---\ntitle: [Unclosed\ndate: 2023-10-15\n---\n";
        let content = Span::new(4, 38);
        let at = 4 + "title: [Unclosed\ndate".len();
        assert_eq!(
            unclosed_flow(src, content, at),
            Some((Span::new(11, 12), "this list is never closed"))
        );
        let closed = b"---\ntags: [a, \"b]\", c]\n# [x\nk: a[b\ndate: x: y\n---\n";
        assert_eq!(unclosed_flow(closed, Span::new(4, 45), 44), None);
    }
}

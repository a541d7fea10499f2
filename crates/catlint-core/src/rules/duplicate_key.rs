pub(crate) const SUMMARY: &str =
    "A key appears twice in one mapping (keys are case-insensitive, as in Hugo).";

pub(crate) const DOCS: &str = r#"# duplicate-key

## What it does
Reports a key written twice in the same mapping. Hugo matches keys case-insensitively, so
`title` and `Title` are the same key.

## Why is this bad?
`hugo` fails to build a page with a key written twice in YAML or TOML front matter; in JSON
it silently keeps the last value. Of two spellings that differ in case only one survives:
which value the site shows depends on the parser, not on the author.

## Example
```yaml
title: Lean
Title: Lean Thinking
```

## Use instead
```yaml
title: Lean Thinking
```

## Fix
Safe when both values are equal and the removed entry stands on lines of its own (YAML,
TOML): the earlier entry is removed, or the one whose key is the model's in another case
(`Title` beside `title`). Otherwise no fix: which value is right needs a person."#;

use std::borrow::Cow;
use std::collections::HashMap;

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::frontmatter::fold_case;
use crate::frontmatter::{Entry, Format, Node, Value};
use crate::rules::RuleId;
use crate::span::Span;

/// Report every key that repeats an earlier key of the same mapping (ignoring case).
/// Linear in the number of keys: a page with 100,000 keys is checked in milliseconds.
/// `misspelt` are the key spans the model knows in another case (`Title`): of two equal
/// entries, the fix removes the misspelt one.
pub(crate) fn check(
    src: &[u8],
    format: Format,
    root: &Node,
    misspelt: &[Span],
    out: &mut Vec<Diagnostic>,
) {
    let mut stack = vec![root];
    let mut seen: HashMap<Cow<'_, str>, &Entry> = HashMap::new();
    while let Some(node) = stack.pop() {
        match &node.value {
            Value::Map(entries) => {
                seen.clear();
                for entry in entries {
                    match seen.entry(fold_case(&entry.key.name)) {
                        std::collections::hash_map::Entry::Vacant(slot) => {
                            slot.insert(entry);
                        }
                        // Compared with the previous occurrence (not the first): with three
                        // or more equal copies every removal is independent, so one pass
                        // removes them all.
                        std::collections::hash_map::Entry::Occupied(mut previous) => {
                            let mut d = diagnostic(format, previous.get(), entry);
                            let (remove, keep) = if misspelt.contains(&entry.key.span) {
                                (entry, *previous.get())
                            } else {
                                (*previous.get(), entry)
                            };
                            d.fix = removal(src, format, remove, keep);
                            out.push(d);
                            previous.insert(entry);
                        }
                    }
                    stack.push(&entry.value);
                }
            }
            Value::Seq(items) => stack.extend(items),
            _ => {}
        }
    }
}

/// Remove `first`, one of two entries with equal values, when it stands on lines of its own
/// (YAML block mappings, TOML `key = value` lines; not JSON, whose commas would need care).
fn removal(src: &[u8], format: Format, first: &Entry, other: &Entry) -> Option<Fix> {
    if format == Format::Json || first.value.to_json() != other.value.to_json() {
        return None;
    }
    let start = first.key.span.start;
    let end = first.value.span.end.max(first.key.span.end);
    let line_start = src[..start]
        .iter()
        .rposition(|&b| b == b'\n' || b == b'\r')
        .map_or(0, |p| p + 1);
    let rest = &src[end..];
    let eol = rest
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .map_or(src.len(), |p| end + p);
    let alone = src[line_start..start]
        .iter()
        .all(|&b| b == b' ' || b == b'\t')
        && src[end..eol]
            .iter()
            .all(|&b| b == b' ' || b == b'\t' || (format == Format::Toml && b == b','));
    // A comment among the removed lines would be lost with them: leave it to a person.
    if !alone || eol >= src.len() || src[line_start..eol].contains(&b'#') {
        return None;
    }
    let after = match (src[eol], src.get(eol + 1)) {
        (b'\r', Some(b'\n')) => eol + 2,
        _ => eol + 1,
    };
    Some(Fix {
        applicability: Applicability::Safe,
        edits: vec![Edit {
            span: Span::new(line_start, after),
            content: String::new(),
        }],
    })
}

fn diagnostic(format: Format, first: &Entry, entry: &Entry) -> Diagnostic {
    let (message, help) = if first.key.name == entry.key.name {
        (
            format!("`{}` is defined twice", entry.key.name),
            // Hugo 0.168 refuses the page in YAML and TOML; its JSON parser keeps the last
            // value.
            if format == Format::Json {
                "keep one of the two: Hugo silently uses the last one"
            } else {
                "keep one of the two: `hugo` fails to build a page with a key defined twice"
            },
        )
    } else {
        (
            format!(
                "`{}` repeats `{}` (Hugo ignores the case of keys)",
                entry.key.name, first.key.name
            ),
            "keep one of the two: Hugo reads only one of them",
        )
    };
    Diagnostic::new(RuleId::DuplicateKey, message, Some(entry.key.span))
        .with_label("duplicate key")
        .with_related(first.key.span, "defined before here")
        .with_help(help)
}

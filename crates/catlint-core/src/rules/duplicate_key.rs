pub(crate) const SUMMARY: &str =
    "A key is written twice in one YAML or TOML mapping, which fails the Hugo build.";

pub(crate) const DOCS: &str = r#"# duplicate-key

## What it does
Reports a key written twice, exactly alike, in the same mapping of YAML or TOML front
matter. (Two spellings that differ in case, `title` and `Title`, and repeats in JSON, which
Hugo builds, are `shadowed-key`.)

## Why is this bad?
`hugo` fails to build a page with a key written twice in YAML or TOML front matter
("mapping key already defined", "key already defined").

## Example
```yaml
title: Lean
title: Lean Thinking
```

## Use instead
```yaml
title: Lean Thinking
```

## Fix
Safe when both values are equal and the removed entry stands on lines of its own: the
earlier entry is removed. Otherwise no fix: which value is right needs a person."#;

use std::borrow::Cow;
use std::collections::HashMap;

use super::page::rename_key;
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
    // Of each key written more than once: how many times.
    let mut spellings: HashMap<Cow<'_, str>, usize> = HashMap::new();
    let mut repeats: Vec<(&Entry, &Entry)> = Vec::new();
    while let Some(node) = stack.pop() {
        match &node.value {
            Value::Map(entries) => {
                seen.clear();
                spellings.clear();
                repeats.clear();
                for entry in entries {
                    let folded = fold_case(&entry.key.name);
                    match seen.entry(folded) {
                        std::collections::hash_map::Entry::Vacant(slot) => {
                            slot.insert(entry);
                        }
                        // Compared with the previous occurrence (not the first): with three
                        // or more equal copies every removal is independent, so one pass
                        // removes them all.
                        std::collections::hash_map::Entry::Occupied(mut previous) => {
                            repeats.push((*previous.get(), entry));
                            *spellings.entry(previous.key().clone()).or_insert(1) += 1;
                            previous.insert(entry);
                        }
                    }
                    stack.push(&entry.value);
                }
                for &(first, entry) in &repeats {
                    let equal = first.value.to_json() == entry.value.to_json();
                    let d = if first.key.name == entry.key.name && format != Format::Json {
                        let mut d = diagnostic(first, entry);
                        d.fix = equal
                            .then(|| removal(src, format, first, Applicability::Safe))
                            .flatten();
                        d
                    } else {
                        let alone = spellings
                            .get(&fold_case(&entry.key.name))
                            .is_some_and(|&n| n == 2);
                        shadowed(src, format, (first, entry), equal, alone, misspelt)
                    };
                    out.push(d);
                }
            }
            Value::Seq(items) => stack.extend(items),
            _ => {}
        }
    }
}

/// Two spellings of one key (or a JSON repeat) that Hugo builds with: a `shadowed-key`
/// finding on the later one, saying which value Hugo reads. `equal`: both values are;
/// `alone`: the key has no third spelling. The fix removes the entry Hugo ignores: safe when
/// both values are equal (then the misspelt one goes), unsafe otherwise (the page keeps what
/// the site shows).
fn shadowed(
    src: &[u8],
    format: Format,
    (first, entry): (&Entry, &Entry),
    equal: bool,
    alone: bool,
    misspelt: &[Span],
) -> Diagnostic {
    let read = super::shadowed_key::read_by_hugo(format, first, entry, alone);
    let mut d = super::shadowed_key::diagnostic(first, entry, read);
    d.fix = if equal {
        let remove = if misspelt.contains(&entry.key.span) {
            entry
        } else {
            first
        };
        removal(src, format, remove, Applicability::Safe)
    } else {
        match read {
            Some(kept) => {
                // The entry Hugo ignores goes, and the one it reads takes the lower-case
                // spelling the other had: the page says what the site shows, in one key.
                let ignored = if std::ptr::eq(kept, first) {
                    entry
                } else {
                    first
                };
                removal(src, format, ignored, Applicability::Unsafe).map(|mut fix| {
                    if kept.key.name != ignored.key.name
                        && let Some(rename) =
                            rename_key(src, &kept.key, &ignored.key.name, Applicability::Unsafe)
                    {
                        fix.edits.extend(rename.edits);
                        fix.edits.sort_by_key(|e| e.span.start);
                    }
                    fix
                })
            }
            None => None,
        }
    };
    d
}

/// Remove `first`, one of two entries of a key (the caller judges which, and how safely),
/// when it stands on lines of its own (YAML block mappings, TOML `key = value` lines; not
/// JSON, whose commas would need care).
fn removal(src: &[u8], format: Format, first: &Entry, applicability: Applicability) -> Option<Fix> {
    if format == Format::Json {
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
        applicability,
        edits: vec![Edit {
            span: Span::new(line_start, after),
            content: String::new(),
        }],
    })
}

fn diagnostic(first: &Entry, entry: &Entry) -> Diagnostic {
    Diagnostic::new(
        RuleId::DuplicateKey,
        format!("`{}` is defined twice", entry.key.name),
        Some(entry.key.span),
    )
    .with_label("duplicate key")
    .with_related(first.key.span, "defined before here")
    .with_help("keep one of the two: `hugo` fails to build a page with a key defined twice")
}

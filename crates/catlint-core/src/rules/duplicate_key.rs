pub(crate) const SUMMARY: &str = "A key appears twice in one mapping (keys are case-insensitive, as in Hugo).";

pub(crate) const DOCS: &str = r#"# duplicate-key

## What it does
Reports a key written twice in the same mapping. Hugo matches keys case-insensitively, so
`title` and `Title` are the same key.

## Why is this bad?
Hugo rejects exact duplicates in YAML, and of two spellings that differ in case only one
survives: which value the site shows depends on the parser, not on the author.

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
No automatic fix yet (an equal earlier duplicate will be removable safely)."#;

use crate::diagnostic::Diagnostic;
use crate::engine::schema::keys_equal;
use crate::frontmatter::{Node, Value};
use crate::rules::RuleId;

/// Report every key that repeats an earlier key of the same mapping (ignoring case).
pub(crate) fn check(root: &Node, out: &mut Vec<Diagnostic>) {
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        match &node.value {
            Value::Map(entries) => {
                for (i, entry) in entries.iter().enumerate() {
                    if let Some(first) = entries[..i].iter().find(|e| keys_equal(&e.key.name, &entry.key.name)) {
                        let same = first.key.name == entry.key.name;
                        let message = if same {
                            format!("`{}` is defined twice", entry.key.name)
                        } else {
                            format!(
                                "`{}` repeats `{}` (Hugo ignores the case of keys)",
                                entry.key.name, first.key.name
                            )
                        };
                        out.push(
                            Diagnostic::new(RuleId::DuplicateKey, message, Some(entry.key.span))
                                .with_label("duplicate key")
                                .with_related(first.key.span, "first defined here")
                                .with_help("keep one of the two: Hugo reads only one of them"),
                        );
                    }
                    stack.push(&entry.value);
                }
            }
            Value::Seq(items) => stack.extend(items),
            _ => {}
        }
    }
}

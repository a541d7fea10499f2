pub(crate) const SUMMARY: &str =
    "A bare yes/no/on/off/y/n, a boolean before Hugo 0.152 and text after.";

pub(crate) const DOCS: &str = r#"# yaml-legacy-boolean

## What it does
Reports unquoted `yes`, `no`, `on`, `off`, `y` and `n` (any case) in YAML front matter.

## Why is this bad?
YAML 1.1 read them as booleans, YAML 1.2 (Hugo ≥ 0.152) reads them as text: the same page
means different things on different Hugo versions. In a true/false field Hugo 0.168 reads
the text as false: `draft: yes` publishes the page. On pages other than term pages only
such fields are reported (anywhere else Hugo reads the word as the text it is).

## Example
```yaml
draft: no
```

## Use instead
```yaml
draft: false
```

## Fix
Where the field is text (or free-form): safe, the word is quoted (`"no"`), which is what
Hugo ≥ 0.152 reads anyway. Where the field is a boolean: unsafe, `true`/`false` is written
(the YAML 1.1 meaning the author probably had in mind)."#;

use super::page::{Page, replace};
use crate::diagnostic::{Applicability, Diagnostic};
use crate::frontmatter::{Format, Node, Value};
use crate::rules::RuleId;

const WORDS: [&str; 6] = ["yes", "no", "on", "off", "y", "n"];

/// Report every bare yes/no word; with `only_booleans`, only those in a field that takes
/// `true`/`false` (on pages other than term pages: elsewhere Hugo reads the word as the
/// text it is, as meant).
pub(crate) fn check(page: &Page<'_>, only_booleans: bool, out: &mut Vec<Diagnostic>) {
    if page.format != Format::Yaml {
        return;
    }
    let mut stack: Vec<&Node> = vec![page.root];
    while let Some(node) = stack.pop() {
        match &node.value {
            Value::Map(entries) => stack.extend(entries.iter().map(|e| &e.value)),
            Value::Seq(items) => stack.extend(items),
            // Only the bare word: quoted text is text in every YAML version.
            Value::String(s)
                if WORDS.iter().any(|w| s.eq_ignore_ascii_case(w))
                    && page.source(node.span) == s
                    && (!only_booleans || page.boolean_fields.contains(&node.span)) =>
            {
                let mut diagnostic = Diagnostic::new(
                    RuleId::YamlLegacyBoolean,
                    format!("`{s}` is text in Hugo ≥ 0.152 but was true/false before"),
                    Some(node.span),
                )
                .with_label("ambiguous")
                .with_help(format!(
                    "write `true`/`false` for a yes/no value, or `\"{s}\"` for text"
                ));
                diagnostic.fix = Some(if page.boolean_fields.contains(&node.span) {
                    // The field is a yes/no: the word meant a boolean (YAML 1.1 reading).
                    let truthy = ["yes", "on", "y"].iter().any(|w| s.eq_ignore_ascii_case(w));
                    replace(
                        node.span,
                        if truthy { "true" } else { "false" },
                        Applicability::Unsafe,
                    )
                } else {
                    // The field is text (or free): quoting keeps today's meaning everywhere.
                    replace(node.span, format!("\"{s}\""), Applicability::Safe)
                });
                out.push(diagnostic);
            }
            _ => {}
        }
    }
}

pub(crate) const SUMMARY: &str =
    "The front matter exceeds a parser limit (nesting depth, alias expansion, size).";

pub(crate) const DOCS: &str = r#"# parse-limit

## What it does
Stops parsing front matter that nests deeper than the depth limit, whose YAML aliases expand
to more values than the alias limit (an "alias bomb"), or that is larger than the front
matter size limit.

## Why is this bad?
Such front matter is never intended in a taxonomy page, and parsing it could take
unbounded time or memory.

## Example
```yaml
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
```

## Use instead
Plain values without deep nesting or repeated aliases.

## Fix
No automatic fix."#;

use crate::diagnostic::Diagnostic;
use crate::frontmatter::ParseError;
use crate::rules::RuleId;

/// Front matter over a parser limit.
pub(crate) fn diagnostic(error: &ParseError) -> Diagnostic {
    Diagnostic::new(RuleId::ParseLimit, error.message.clone(), Some(error.span))
        .with_label("limit reached here")
        .with_help("catlint stops reading here to stay fast and safe: simplify the front matter")
}

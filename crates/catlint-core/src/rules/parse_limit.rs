pub(crate) const SUMMARY: &str = "The front matter exceeds a parser limit (nesting depth, alias expansion, size).";

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

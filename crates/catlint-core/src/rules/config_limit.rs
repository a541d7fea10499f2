pub(crate) const SUMMARY: &str =
    "A limit in catlint.toml is set above the most a catlint.toml may set; the cap is used.";

pub(crate) const DOCS: &str = r#"# config-limit

## What it does
Reports a limit in `catlint.toml` — `max-file-size`, or `max-depth`, `max-alias-nodes`,
`max-frontmatter-bytes` under `[limits]` — set above its cap (100,000,000 bytes; 256 levels;
100,000 alias nodes; 16,777,216 bytes). catlint uses the cap instead. Only the command-line
flags (`--max-file-size`, `--max-depth`, `--max-alias-nodes`, `--max-frontmatter-bytes`) go
higher.

## Why is this bad?
The limits protect the machine that runs catlint from hostile pages: a "billion laughs"
page of YAML aliases, thousands of nesting levels, a huge file under a `.md` name. A pull
request can change `catlint.toml` as easily as a page, so a limit set there must not switch
those guards off on the CI runner.

## Example
```toml
[limits]
max-alias-nodes = 100000000
```

## Use instead
```toml
[limits]
max-alias-nodes = 50000
```
or, when a site really needs more, pass `--max-alias-nodes 1000000` in the CI job.

## Fix
No automatic fix."#;

use crate::diagnostic::Diagnostic;
use crate::rules::RuleId;
use crate::span::Span;

/// The limit `setting`, set to `value` at `span`, over its `cap`; `flag` is the command-line
/// flag that may go higher.
#[must_use]
pub fn diagnostic(setting: &str, value: u64, cap: u64, flag: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        RuleId::ConfigLimit,
        format!(
            "`{setting}` is {value}, more than a catlint.toml may set ({cap}): catlint uses {cap}"
        ),
        Some(span),
    )
    .with_label("over the cap")
    .with_help(format!(
        "lower it to at most {cap}, or pass `{flag} {value}` on the command line"
    ))
}

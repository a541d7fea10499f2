pub(crate) const SUMMARY: &str =
    "A catlint.toml is invalid; the folders under it use the configuration above it.";

pub(crate) const DOCS: &str = r#"# invalid-config

## What it does
Reports a `catlint.toml` that cannot be read or used: a syntax error, an unknown setting or
rule, an option that belongs to another rule, an invalid `exclude` pattern. The finding
points at the offending key or value. The pages under that folder are still checked, with
the configuration of the folder above (the defaults at the top); every other page is checked
as usual. The run exits with code 2, as for any configuration error.

## Why is this bad?
A broken configuration silently changing what is checked would be worse than none: the
pages it was meant for would be checked with settings nobody chose. Stopping the whole run
would hide every other finding.

## Example
```toml
[rules]
unused-terms = "off"
```

## Use instead
```toml
[rules]
unused-term = "off"
```

## Fix
No automatic fix: `catlint schema --for config` gives editors completion for the file."#;

use crate::diagnostic::Diagnostic;
use crate::rules::RuleId;
use crate::span::Span;

/// The configuration file is unusable: `message` says why, at `span` when known.
#[must_use]
pub fn diagnostic(message: &str, span: Option<Span>, help: Option<&str>) -> Diagnostic {
    let mut d = Diagnostic::new(
        RuleId::InvalidConfig,
        format!("{message} (the file is not used: its folder takes the configuration above it)"),
        span,
    );
    if span.is_some() {
        d = d.with_label("here");
    }
    match help {
        Some(help) => d.with_help(help),
        None => d,
    }
}

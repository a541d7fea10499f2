pub(crate) const SUMMARY: &str =
    "A path could not be read (missing, permission denied, not a file).";

pub(crate) const DOCS: &str = r#"# io-error

## What it does
Reports a path given on the command line, or found while walking, that could not be read.

## Why is this bad?
A file that is not checked may hide problems; the run exits with 2 so that CI notices.

## Example
`catlint check content/categorys` where the directory does not exist.

## Use instead
Pass paths that exist and are readable.

## Fix
No automatic fix."#;

use crate::diagnostic::Diagnostic;
use crate::rules::RuleId;

/// A path that could not be read.
#[must_use]
pub fn diagnostic(error: &std::io::Error) -> Diagnostic {
    let reason = match error.kind() {
        std::io::ErrorKind::NotFound => "it does not exist (or is a link to nothing)".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => error.to_string(),
    };
    Diagnostic::new(
        RuleId::IoError,
        format!("could not read the file: {reason}"),
        None,
    )
}

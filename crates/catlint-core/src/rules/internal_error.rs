pub(crate) const SUMMARY: &str = "catlint itself failed on a file (a bug: please report it).";

pub(crate) const DOCS: &str = r#"# internal-error

## What it does
Reports a file on which catlint itself failed (a panic in a rule or parser). The other files
are still checked and reported, and the run exits with 2.

## Why is this bad?
It is a bug in catlint, not in the page: a file that was not fully checked may hide problems.

## Example
Any page that triggers the bug.

## Use instead
Report the file and the message to the catlint developers; the rest of the run stands.

## Fix
No automatic fix.
"#;

use crate::diagnostic::Diagnostic;
use crate::rules::RuleId;

/// catlint failed on this file (`message` is the panic's text).
#[must_use]
pub fn diagnostic(message: &str) -> Diagnostic {
    Diagnostic::new(
        RuleId::InternalError,
        format!("catlint failed on this file: {message}"),
        None,
    )
    .with_help("this is a bug in catlint, not in the page: please report it with the file")
}

/// The text of a caught panic.
#[must_use]
pub fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned())
}

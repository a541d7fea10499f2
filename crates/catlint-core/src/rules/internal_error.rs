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

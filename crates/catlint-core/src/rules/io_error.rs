pub(crate) const SUMMARY: &str = "A path could not be read (missing, permission denied, not a file).";

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

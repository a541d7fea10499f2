pub(crate) const SUMMARY: &str = "The file is larger than the size limit (default 10 MB).";

pub(crate) const DOCS: &str = r#"# file-too-large

## What it does
Reports a page larger than the configured limit, without reading it.

## Why is this bad?
A taxonomy page is a few kilobytes. A file of many megabytes is almost always a mistake
(a pasted export, a binary under a `.md` name) and would slow every run.

## Example
A 60 MB `categories/data/_index.md`.

## Use instead
Move the large content out of the content tree, or raise the limit if it is intended.

## Fix
No automatic fix."#;

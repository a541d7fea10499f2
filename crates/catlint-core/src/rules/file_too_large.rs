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

use crate::diagnostic::Diagnostic;
use crate::rules::RuleId;

/// A file of `size` bytes, over the limit of `limit` (the file is not read).
#[must_use]
pub fn diagnostic(size: u64, limit: u64) -> Diagnostic {
    Diagnostic::new(
        RuleId::FileTooLarge,
        format!(
            "the file is {}, more than the limit of {}; it was not checked",
            human_size(size),
            human_size(limit)
        ),
        None,
    )
    .with_help(
        "a taxonomy page is a few kilobytes: check that this file belongs in the content tree",
    )
}

/// `1,048,577 bytes`: exact, so that a size just over the limit never reads as equal to it.
fn human_size(bytes: u64) -> String {
    let digits = bytes.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    format!("{out} bytes")
}

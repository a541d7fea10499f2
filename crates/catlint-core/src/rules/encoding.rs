pub(crate) const SUMMARY: &str = "The file is not UTF-8 text (binary content or another encoding).";

pub(crate) const DOCS: &str = r#"# encoding

## What it does
Reports a page that is not valid UTF-8, at the first byte that is not, or that contains NUL
bytes (binary content).

## Why is this bad?
Hugo reads content as UTF-8: other encodings show up as replacement characters, binary
files break the build.

## Example
A page exported from an old CMS in Latin-1: `caf\xE9`.

## Use instead
Re-save the file as UTF-8.

## Fix
No automatic fix: the original encoding cannot be known for sure."#;

use crate::diagnostic::Diagnostic;
use crate::rules::RuleId;
use crate::span::Span;

/// How far into a file NUL bytes are looked for (as `git` and `grep` do).
const BINARY_SNIFF: usize = 8000;

/// A NUL byte near the start means binary content.
pub(crate) fn check_binary(src: &[u8]) -> Option<Diagnostic> {
    if src.starts_with(b"\xFF\xFE") || src.starts_with(b"\xFE\xFF") {
        return Some(
            Diagnostic::new(
                RuleId::Encoding,
                "the file is UTF-16 text; Hugo reads UTF-8",
                Some(Span::new(0, 2)),
            )
            .with_label("UTF-16 byte order mark")
            .with_help("re-save the file as UTF-8"),
        );
    }
    let at = src[..src.len().min(BINARY_SNIFF)]
        .iter()
        .position(|&b| b == 0)?;
    Some(
        Diagnostic::new(
            RuleId::Encoding,
            "the file is binary, not text (it contains NUL bytes)",
            Some(Span::new(at, at + 1)),
        )
        .with_label("NUL byte")
        .with_help("remove the file from the content tree, or re-save it as UTF-8 text"),
    )
}

/// The first invalid UTF-8 sequence, as a diagnostic and its offset.
pub(crate) fn check_utf8(src: &[u8]) -> Option<(Diagnostic, usize)> {
    let error = std::str::from_utf8(src).err()?;
    let at = error.valid_up_to();
    let len = error.error_len().unwrap_or(src.len() - at).max(1);
    let bytes: Vec<String> = src[at..(at + len).min(src.len())]
        .iter()
        .map(|b| format!("{b:#04X}"))
        .collect();
    Some((
        Diagnostic::new(
            RuleId::Encoding,
            format!(
                "the file is not valid UTF-8: byte {} cannot start or continue a character",
                bytes.join(" ")
            ),
            Some(Span::new(at, at + len)),
        )
        .with_label("not UTF-8")
        .with_help("re-save the file as UTF-8 (it may be Latin-1 or Windows-1252)"),
        at,
    ))
}

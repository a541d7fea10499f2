//! What a page rule sees: the parsed front matter, the source bytes, and the settings.

use crate::frontmatter::{Format, Key, Node, keys_equal};
use crate::rules::settings::Settings;
use crate::span::Span;

/// One parsed page, as handed to the page rules.
pub(crate) struct Page<'a> {
    /// The whole file.
    pub(crate) src: &'a [u8],
    /// The front matter format.
    pub(crate) format: Format,
    /// The front matter tree (a mapping).
    pub(crate) root: &'a Node,
    /// Rule options and the pinned time.
    pub(crate) settings: &'a Settings,
    /// Values whose field takes `true`/`false` (found by the schema walk).
    pub(crate) boolean_fields: &'a [Span],
}

impl<'a> Page<'a> {
    /// The entry at `path`, keys matched case-insensitively as Hugo does. `None` when a key
    /// on the way is written twice: which value counts is ambiguous, and `duplicate-key`
    /// already reports it, so the page rules stay quiet rather than guess.
    pub(crate) fn field(&self, path: &[&str]) -> Option<(&'a Key, &'a Node)> {
        let mut node = self.root;
        let mut found = None;
        for name in path {
            let mut matches = node
                .as_map()?
                .iter()
                .filter(|e| keys_equal(&e.key.name, name));
            let entry = matches.next()?;
            if matches.next().is_some() {
                return None;
            }
            found = Some((&entry.key, &entry.value));
            node = &entry.value;
        }
        found
    }

    /// The text of a field that holds text.
    pub(crate) fn text_field(&self, path: &[&str]) -> Option<(&'a Key, &'a Node, &'a str)> {
        let (key, node) = self.field(path)?;
        Some((key, node, node.as_str()?))
    }

    /// The text of the top-level field `key` and its span, when the page has exactly one such
    /// field and it is text.
    pub(crate) fn single_text(&self, key: &str) -> Option<(String, Span)> {
        let (_, node, text) = self.text_field(&[key])?;
        Some((text.to_owned(), node.span))
    }

    /// The source text of `span` (empty if it is not text).
    pub(crate) fn source(&self, span: Span) -> &'a str {
        self.src
            .get(span.start..span.end)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or_default()
    }

    /// Where `needle` is written inside `span` of the source, ignoring ASCII case: the span
    /// of the first occurrence, if the value's text appears there as written.
    pub(crate) fn find_in_source(&self, span: Span, needle: &str) -> Option<Span> {
        let haystack = self.source(span);
        let at = find_ignore_ascii_case(haystack, needle)?;
        Some(Span::new(span.start + at, span.start + at + needle.len()))
    }
}

/// Byte index of the first occurrence of `needle` in `haystack`, ignoring ASCII case.
pub(crate) fn find_ignore_ascii_case(haystack: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() || needle.len() > haystack.len() {
        return None;
    }
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    (0..=h.len() - n.len())
        .filter(|&i| haystack.is_char_boundary(i))
        .find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// The span of the text inside the quotes, when `span` of `src` is a quoted scalar or key.
pub(crate) fn inside_quotes(src: &[u8], span: Span) -> Span {
    match src.get(span.start..span.end) {
        Some([q @ (b'"' | b'\''), .., last]) if last == q && span.len() >= 2 => {
            Span::new(span.start + 1, span.end - 1)
        }
        _ => span,
    }
}

/// `text` as a double-quoted string, read the same in YAML, TOML and JSON (`"`, `\\`
/// escaped); `None` when it holds a control character, which the three escape differently.
pub(crate) fn double_quoted(text: &str) -> Option<String> {
    if text.chars().any(char::is_control) {
        return None;
    }
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        if matches!(c, '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    Some(out)
}

/// The fix that renames `key` to `to` (inside its quotes, if any); `None` for a key that is
/// not written (a TOML table's implicit key).
pub(crate) fn rename_key(
    src: &[u8],
    key: &Key,
    to: &str,
    applicability: crate::diagnostic::Applicability,
) -> Option<crate::diagnostic::Fix> {
    (!key.span.is_empty()).then(|| replace(inside_quotes(src, key.span), to, applicability))
}

/// A one-edit fix.
pub(crate) fn replace(
    span: Span,
    content: impl Into<String>,
    applicability: crate::diagnostic::Applicability,
) -> crate::diagnostic::Fix {
    crate::diagnostic::Fix {
        applicability,
        edits: vec![crate::diagnostic::Edit {
            span,
            content: content.into(),
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn double_quoted_strings_escape_quotes_and_backslashes() {
        assert_eq!(
            double_quoted(r#"Kanban: "Flow" \ more"#).as_deref(),
            Some(r#""Kanban: \"Flow\" \\ more""#)
        );
        assert_eq!(double_quoted("tab\there"), None);
    }

    #[test]
    fn finds_ignoring_ascii_case_on_char_boundaries() {
        assert_eq!(
            find_ignore_ascii_case("Use Best Practices", "best practices"),
            Some(4)
        );
        assert_eq!(find_ignore_ascii_case("é best", "best"), Some(3));
        assert_eq!(find_ignore_ascii_case("abc", "abcd"), None);
        assert_eq!(find_ignore_ascii_case("abc", ""), None);
    }
}

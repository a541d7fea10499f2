//! Locate the front matter of a page, as Hugo does.
//!
//! * YAML: the file starts with a `---` line; the front matter ends at the next line that
//!   starts with `---`.
//! * TOML: the same with `+++`.
//! * JSON: the file starts with `{`; the front matter is that object, up to its matching `}`.
//!
//! A UTF-8 byte order mark and blank lines before the opening delimiter are allowed, and
//! lines may end in `\n`, `\r\n` or `\r`.

use super::Format;
use crate::span::Span;

/// Where the front matter of a page is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Extracted {
    /// Its format.
    pub format: Format,
    /// The opening delimiter (`---`, `+++`, or `{` for JSON).
    pub open: Span,
    /// The text to parse: between the delimiter lines (YAML, TOML) or the whole object (JSON).
    pub content: Span,
    /// The closing delimiter (`---`, `+++`, or `}`).
    pub close: Span,
    /// The first byte of the page body.
    pub body_start: usize,
}

/// Why no front matter could be located.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    /// The page does not start with a front matter delimiter.
    #[error("the page has no front matter")]
    Missing,
    /// The opening delimiter has no closing one.
    #[error("the {} front matter opened here is never closed", .format.name())]
    Unterminated {
        /// The format the opening delimiter announced.
        format: Format,
        /// The opening delimiter.
        open: Span,
    },
}

pub use crate::span::BOM;

/// Whether the first bytes of a page, `head`, settle its front matter: the bytes after
/// them cannot change where it ends, or that there is none. A reader that needs only the
/// front matter stops once this holds.
#[must_use]
pub fn is_settled(head: &[u8]) -> bool {
    match extract(head) {
        // The closing delimiter's line has ended: more bytes would be body.
        Ok(extracted) => extracted.body_start < head.len(),
        Err(ExtractError::Missing) => {
            // Settled once the first thing after the BOM and blank space is readable.
            let start = usize::from(head.starts_with(BOM)) * BOM.len();
            head[start..]
                .iter()
                .position(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
                .is_some_and(|first| start + first + 3 <= head.len())
        }
        Err(_) => false,
    }
}

/// Find the front matter in the bytes of a page.
///
/// # Errors
/// [`ExtractError::Missing`] when the page starts with anything else than a delimiter,
/// [`ExtractError::Unterminated`] when the closing delimiter is missing.
pub fn extract(src: &[u8]) -> Result<Extracted, ExtractError> {
    let mut start = if src.starts_with(BOM) { BOM.len() } else { 0 };
    while start < src.len() && matches!(src[start], b' ' | b'\t' | b'\n' | b'\r') {
        start += 1;
    }
    let rest = &src[start..];
    if rest.first() == Some(&b'{') {
        return extract_json(src, start);
    }
    let (format, delim): (Format, &[u8]) = if rest.starts_with(b"---") {
        (Format::Yaml, b"---")
    } else if rest.starts_with(b"+++") {
        (Format::Toml, b"+++")
    } else {
        return Err(ExtractError::Missing);
    };
    let open = Span::new(start, start + 3);
    // The opening line holds only the delimiter (trailing blanks allowed).
    let after = line_end(src, open.end);
    if src[open.end..after.0]
        .iter()
        .any(|b| !matches!(b, b' ' | b'\t'))
    {
        return Err(ExtractError::Missing);
    }
    let content_start = after.1;
    let mut line = content_start;
    while line < src.len() {
        let (end, next) = line_end(src, line);
        if src[line..end].starts_with(delim) {
            return Ok(Extracted {
                format,
                open,
                content: Span::new(content_start, line),
                close: Span::new(line, line + 3),
                body_start: next,
            });
        }
        line = next;
    }
    Err(ExtractError::Unterminated { format, open })
}

/// The end of the line starting at or containing `from` (before its line break) and the
/// start of the next line.
fn line_end(src: &[u8], from: usize) -> (usize, usize) {
    let mut i = from;
    while i < src.len() {
        match src[i] {
            b'\n' => return (i, i + 1),
            b'\r' if src.get(i + 1) == Some(&b'\n') => return (i, i + 2),
            b'\r' => return (i, i + 1),
            _ => i += 1,
        }
    }
    (src.len(), src.len())
}

/// A JSON object front matter: find the `}` matching the `{` at `start`.
fn extract_json(src: &[u8], start: usize) -> Result<Extracted, ExtractError> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (i, &b) in src.iter().enumerate().skip(start) {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    let (_, next) = line_end(src, i + 1);
                    return Ok(Extracted {
                        format: Format::Json,
                        open: Span::new(start, start + 1),
                        content: Span::new(start, i + 1),
                        close: Span::new(i, i + 1),
                        body_start: next,
                    });
                }
            }
            _ => {}
        }
    }
    Err(ExtractError::Unterminated {
        format: Format::Json,
        open: Span::new(start, start + 1),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slice(src: &str, span: Span) -> &str {
        &src[span.start..span.end]
    }

    #[test]
    fn yaml_with_body() {
        let src = "---\ntitle: A\n---\nBody\n";
        let fm = extract(src.as_bytes()).unwrap();
        assert_eq!(fm.format, Format::Yaml);
        assert_eq!(slice(src, fm.open), "---");
        assert_eq!(slice(src, fm.content), "title: A\n");
        assert_eq!(slice(src, fm.close), "---");
        assert_eq!(&src[fm.body_start..], "Body\n");
    }

    #[test]
    fn toml_with_bom_and_crlf() {
        let src = "\u{feff}+++\r\ntitle = 'A'\r\n+++\r\nBody";
        let fm = extract(src.as_bytes()).unwrap();
        assert_eq!(fm.format, Format::Toml);
        assert_eq!(fm.open.start, 3);
        assert_eq!(slice(src, fm.content), "title = 'A'\r\n");
        assert_eq!(&src[fm.body_start..], "Body");
    }

    #[test]
    fn json_object_with_braces_in_strings() {
        let src = "{\n  \"title\": \"a } b\",\n  \"x\": {\"y\": [1]}\n}\nBody";
        let fm = extract(src.as_bytes()).unwrap();
        assert_eq!(fm.format, Format::Json);
        assert!(slice(src, fm.content).starts_with('{'));
        assert!(slice(src, fm.content).ends_with('}'));
        assert_eq!(&src[fm.body_start..], "Body");
    }

    #[test]
    fn front_matter_only_without_trailing_newline() {
        let src = "---\ntitle: A\n---";
        let fm = extract(src.as_bytes()).unwrap();
        assert_eq!(fm.body_start, src.len());
    }

    #[test]
    fn empty_front_matter() {
        let fm = extract(b"---\n---\n").unwrap();
        assert!(fm.content.is_empty());
    }

    #[test]
    fn closing_line_may_continue_after_delimiter() {
        let src = "---\na: 1\n--- trailing\nbody";
        let fm = extract(src.as_bytes()).unwrap();
        assert_eq!(slice(src, fm.content), "a: 1\n");
    }

    #[test]
    fn unterminated() {
        assert_eq!(
            extract(b"---\ntitle: A\n"),
            Err(ExtractError::Unterminated {
                format: Format::Yaml,
                open: Span::new(0, 3)
            })
        );
        assert!(matches!(
            extract(b"{\"a\": 1"),
            Err(ExtractError::Unterminated {
                format: Format::Json,
                ..
            })
        ));
    }

    #[test]
    fn missing() {
        assert_eq!(extract(b"# Just markdown\n"), Err(ExtractError::Missing));
        assert_eq!(extract(b""), Err(ExtractError::Missing));
        assert_eq!(extract(b"----\n"), Err(ExtractError::Missing));
    }

    #[test]
    fn lone_cr_line_endings() {
        let src = "---\rtitle: A\r---\rBody";
        let fm = extract(src.as_bytes()).unwrap();
        assert_eq!(slice(src, fm.content), "title: A\r");
        assert_eq!(&src[fm.body_start..], "Body");
    }

    #[test]
    fn a_delimiter_line_cut_short_does_not_settle_the_front_matter() {
        assert!(!is_settled(b"---\ntitle: x\n---"));
        assert!(is_settled(b"---\ntitle: x\n---\nb"));
        assert!(!is_settled(b"\n\n--"));
        assert!(is_settled(b"\n\nabc"));
    }
}

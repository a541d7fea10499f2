//! Cheap linear pre-scans of the nesting depth of TOML and JSON front matter.
//!
//! The TOML and JSON parsers descend recursively into arrays and tables, so a
//! 5,000-level `[[[[…` could overflow the stack. These scans run first, in one pass with no
//! recursion, and report the first opening bracket (or key dot) where the nesting crosses
//! [`Limits::max_depth`](super::Limits::max_depth).
//!
//! Depth counts the containers on a path, the root mapping included: `{"a": [1]}` has depth 2.
//! The TOML count is an upper bound of what the parser recurses into: brackets outside strings
//! and comments, plus the segments of table headers and dotted keys.

use super::ParseError;
use crate::span::Span;

/// The limit error for nesting that crosses `max_depth` at byte `offset` of `text`.
pub(super) fn limit_error(text: &str, base: usize, offset: usize, max_depth: usize) -> ParseError {
    let start = offset.min(text.len());
    let end = (start + 1).min(text.len());
    ParseError::too_deep(max_depth, Span::new(base + start, base + end))
}

/// The offset of the first `{` or `[` of JSON `text` nested deeper than `max_depth`.
pub(super) fn json_too_deep(text: &str, max_depth: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => {
                i = skip_json_string(bytes, i);
                continue;
            }
            b'/' => {
                i = skip_json_comment(bytes, i);
                continue;
            }
            b'{' | b'[' => {
                depth += 1;
                if depth > max_depth {
                    return Some(i);
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

/// The index after the JSON string opening at `start` (or the end of the text).
fn skip_json_string(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The index after a `//` or `/* */` comment at `start` (comments are rejected by the parser
/// anyway; skipping them only keeps brackets inside them from counting).
fn skip_json_comment(bytes: &[u8], start: usize) -> usize {
    match bytes.get(start + 1) {
        Some(b'/') => find_from(bytes, start, b"\n").unwrap_or(bytes.len()),
        Some(b'*') => find_from(bytes, start + 2, b"*/").map_or(bytes.len(), |i| i + 2),
        _ => start + 1,
    }
}

/// The index of the first occurrence of `needle` at or after `from`.
fn find_from(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

/// The offset of the first bracket, header or key dot of TOML `text` whose nesting is deeper
/// than `max_depth`.
pub(super) fn toml_too_deep(text: &str, max_depth: usize) -> Option<usize> {
    TomlScan::new(text.as_bytes(), max_depth).run()
}

/// An open `[` or `{` in a TOML value.
struct Open {
    /// Whether it is an inline table (whose items start with keys).
    table: bool,
    /// How many levels it adds: itself plus the dots of the key it is the value of.
    levels: usize,
}

/// State of the TOML depth scan.
struct TomlScan<'a> {
    bytes: &'a [u8],
    max_depth: usize,
    /// Levels added by the current table header.
    header: usize,
    /// Open brackets of the current value.
    open: Vec<Open>,
    /// Sum of the levels of `open`.
    open_levels: usize,
    /// Dots of the key being read or of the key whose value is being read.
    key_dots: usize,
    /// Whether a key is being read (dots separate key segments).
    in_key: bool,
    /// Whether only blanks were seen since the start of the line.
    line_start: bool,
}

impl<'a> TomlScan<'a> {
    fn new(bytes: &'a [u8], max_depth: usize) -> Self {
        Self {
            bytes,
            max_depth,
            header: 0,
            open: Vec::new(),
            open_levels: 0,
            key_dots: 0,
            in_key: true,
            line_start: true,
        }
    }

    /// The depth reached, the root table included.
    fn depth(&self) -> usize {
        1 + self.header + self.open_levels + self.key_dots
    }

    fn run(mut self) -> Option<usize> {
        let mut i = 0;
        while let Some(&b) = self.bytes.get(i) {
            let line_start = self.line_start;
            if !matches!(b, b' ' | b'\t' | b'\r') {
                self.line_start = false;
            }
            i = match b {
                b'#' => find_from(self.bytes, i, b"\n").unwrap_or(self.bytes.len()),
                b'"' | b'\'' => skip_toml_string(self.bytes, i),
                b'\n' => {
                    self.newline();
                    i + 1
                }
                b'[' if line_start && self.open.is_empty() => match self.header(i) {
                    Ok(next) => next,
                    Err(at) => return Some(at),
                },
                b'[' | b'{' => {
                    self.open(b == b'{');
                    if self.depth() > self.max_depth {
                        return Some(i);
                    }
                    i + 1
                }
                _ => {
                    self.punctuation(b);
                    if b == b'.' && self.in_key && self.depth() > self.max_depth {
                        return Some(i);
                    }
                    i + 1
                }
            };
        }
        None
    }

    fn newline(&mut self) {
        self.line_start = true;
        if self.open.is_empty() {
            self.in_key = true;
            self.key_dots = 0;
        }
    }

    fn open(&mut self, table: bool) {
        let levels = 1 + self.key_dots;
        self.open_levels += levels;
        self.open.push(Open { table, levels });
        self.key_dots = 0;
        self.in_key = table;
    }

    /// Closing brackets, `=`, `,` and key dots.
    fn punctuation(&mut self, b: u8) {
        match b {
            b']' | b'}' => {
                if let Some(open) = self.open.pop() {
                    self.open_levels -= open.levels;
                }
                self.key_dots = 0;
                self.in_key = false;
            }
            b'=' => self.in_key = false,
            b',' => {
                self.key_dots = 0;
                self.in_key = self.open.last().is_some_and(|o| o.table);
            }
            b'.' if self.in_key => self.key_dots += 1,
            _ => {}
        }
    }

    /// Read the table header at `start`: the index after it, or `Err(start)` when it is too
    /// deep.
    fn header(&mut self, start: usize) -> Result<usize, usize> {
        let array = self.bytes.get(start + 1) == Some(&b'[');
        self.header = 1 + usize::from(array);
        self.key_dots = 0;
        self.in_key = false;
        let mut i = start + 1 + usize::from(array);
        while let Some(&b) = self.bytes.get(i) {
            match b {
                b'"' | b'\'' => {
                    i = skip_toml_string(self.bytes, i);
                    continue;
                }
                b'.' => self.header += 1,
                b']' | b'\n' => break,
                _ => {}
            }
            i += 1;
        }
        if self.depth() > self.max_depth {
            Err(start)
        } else {
            Ok(i)
        }
    }
}

/// The index after the TOML string opening at `start`; an unterminated one-line string ends
/// before the line break.
fn skip_toml_string(bytes: &[u8], start: usize) -> usize {
    let quote = bytes.get(start).copied().unwrap_or(b'"');
    let escapes = quote == b'"';
    let triple = [quote; 3];
    if bytes.get(start..start + 3) == Some(&triple[..]) {
        let mut i = start + 3;
        while i < bytes.len() {
            if escapes && bytes.get(i) == Some(&b'\\') {
                i += 2;
            } else if bytes.get(i..i + 3) == Some(&triple[..]) {
                return i + 3;
            } else {
                i += 1;
            }
        }
        return bytes.len();
    }
    let mut i = start + 1;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\n' => return i,
            b'\\' if escapes => i += 2,
            _ if b == quote => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_counts_brackets_outside_strings_and_comments() {
        assert_eq!(json_too_deep("{\"a\": [[1]]}", 3), None);
        assert_eq!(json_too_deep("{\"a\": [[1]]}", 2), Some(7));
        assert_eq!(json_too_deep("{\"[[\\\"[[\": 1}", 1), None);
        assert_eq!(json_too_deep("{/* [[ */ // [[\n}", 1), None);
        assert_eq!(json_too_deep("]]]]{", 1), None);
        assert_eq!(json_too_deep("{\"unterminated [[", 1), None);
    }

    #[test]
    fn toml_counts_brackets_headers_and_dotted_keys() {
        // root + a + b + c
        assert_eq!(toml_too_deep("a.b.c = 1", 3), None);
        assert_eq!(toml_too_deep("a.b.c = 1", 2), Some(3));
        assert_eq!(toml_too_deep("x = [[1]]", 3), None);
        assert_eq!(toml_too_deep("x = [[1]]", 2), Some(5));
        assert_eq!(toml_too_deep("[a.b]\nc = 1", 3), None);
        assert_eq!(toml_too_deep("[a.b]\nc = [1]", 3), Some(10));
        assert_eq!(toml_too_deep("[[a]]\nc = 1", 3), None);
        assert_eq!(toml_too_deep("[[a.b]]\n", 3), Some(0));
        assert_eq!(toml_too_deep("x = { a.b = 1 }", 3), None);
        assert_eq!(toml_too_deep("x = { a.b.c = 1 }", 3), Some(9));
        // Floats and dates in values are not key dots.
        assert_eq!(
            toml_too_deep("x = 1.5\ny = 1979-05-27T07:32:00.5Z", 1),
            None
        );
    }

    #[test]
    fn toml_skips_strings_and_comments() {
        let text = "a = \"[[{\\\"[[\" # [[[[\nb = '[[[['\nc = \"\"\"\n[[[[\n\"\"\"\nd = '''\n[[[\n'''\n\"e.f.g\" = 1";
        assert_eq!(toml_too_deep(text, 1), None);
    }

    #[test]
    fn toml_multi_line_arrays_are_not_headers() {
        let text = "a = [\n  [1],\n  [2],\n]\n[b]\n";
        assert_eq!(toml_too_deep(text, 3), None);
        assert_eq!(toml_too_deep(text, 2), Some(8));
    }

    #[test]
    fn limit_error_spans_one_byte_in_the_text() {
        let e = limit_error("[[", 10, 1, 1);
        assert_eq!(e.span, Span::new(11, 12));
        assert_eq!(e.message, "the front matter nests deeper than 1 levels");
        let e = limit_error("", 10, 5, 1);
        assert_eq!(e.span, Span::empty(10));
    }
}

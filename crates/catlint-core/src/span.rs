//! Byte spans in a source file and their line/column positions.

use serde::{Deserialize, Serialize};

/// The UTF-8 byte order mark.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A half-open byte range `start..end` in the original file (not in the front matter).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
pub struct Span {
    /// First byte of the range.
    pub start: usize,
    /// One past the last byte of the range.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (exclusive).
    #[must_use]
    pub const fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "an inverted span");
        Self { start, end }
    }

    /// An empty span at `offset`.
    #[must_use]
    pub const fn empty(offset: usize) -> Self {
        Self {
            start: offset,
            end: offset,
        }
    }

    /// Length in bytes.
    #[must_use]
    pub const fn len(self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no byte.
    #[must_use]
    pub const fn is_empty(self) -> bool {
        self.start == self.end
    }
}

/// A 1-based line and column (in characters) plus the byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Position {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in Unicode scalar values.
    pub column: usize,
    /// 0-based byte offset in the file.
    pub offset: usize,
}

/// Start and end positions of a [`Span`], as shown to users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Location {
    /// Where the span starts.
    pub start: Position,
    /// Where the span ends (exclusive).
    pub end: Position,
}

/// Maps byte offsets of one file to lines and columns.
///
/// Lines end at `\n`, `\r\n` or a lone `\r` (as editors count them).
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    /// Index the line starts of `text`.
    #[must_use]
    pub fn new(text: &[u8]) -> Self {
        let mut line_starts = vec![0];
        let mut i = 0;
        while i < text.len() {
            match text[i] {
                b'\n' => line_starts.push(i + 1),
                b'\r' if text.get(i + 1) != Some(&b'\n') => line_starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        Self { line_starts }
    }

    /// The position of byte `offset` in `text` (clamped to the text).
    #[must_use]
    pub fn position(&self, text: &[u8], offset: usize) -> Position {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        let mut start = self.line_starts[line];
        if line == 0 && text.starts_with(BOM) && offset >= BOM.len() {
            // Editors do not show a byte order mark: the first character after it is column 1.
            start = BOM.len();
        }
        let column = count_chars(&text[start..offset]) + 1;
        Position {
            line: line + 1,
            column,
            offset,
        }
    }

    /// Start and end positions of `span` in `text`.
    #[must_use]
    pub fn location(&self, text: &[u8], span: Span) -> Location {
        Location {
            start: self.position(text, span.start),
            end: self.position(text, span.end),
        }
    }

    /// Number of lines.
    #[must_use]
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The 0-based line holding byte `offset`.
    #[must_use]
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// The byte where the 0-based `line` starts, if there is such a line.
    #[must_use]
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.line_starts.get(line).copied()
    }
}

/// Characters in `bytes`, counting each invalid UTF-8 byte as one.
fn count_chars(bytes: &[u8]) -> usize {
    // A byte starts a character unless it is a UTF-8 continuation byte.
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_and_all_line_endings() {
        let text = "a\r\nbé c\rd\n".as_bytes();
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 4);
        let c = text.iter().position(|&b| b == b'c').unwrap();
        assert_eq!(
            idx.position(text, c),
            Position {
                line: 2,
                column: 4,
                offset: c
            }
        );
        let d = text.iter().position(|&b| b == b'd').unwrap();
        assert_eq!(idx.position(text, d).line, 3);
        assert_eq!(idx.position(text, d).column, 1);
    }

    #[test]
    fn a_byte_order_mark_is_not_a_column() {
        let text = "\u{feff}---\nx".as_bytes();
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 3).column, 1);
        assert_eq!(idx.position(text, 4).column, 2);
    }

    #[test]
    fn offset_past_end_is_clamped() {
        let idx = LineIndex::new(b"ab");
        assert_eq!(idx.position(b"ab", 99).offset, 2);
        assert_eq!(idx.position(b"ab", 99).column, 3);
    }
}

//! Byte offsets ↔ LSP positions.
//!
//! catlint's spans are byte ranges of the text it checked; LSP positions are a 0-based line
//! and a character offset counted in UTF-16 code units (the protocol's default encoding).
//! Lines end at `\n`, `\r\n` or a lone `\r`, as the protocol says. Positions are relative
//! to the text the client sent: a byte order mark in that text is a character like any
//! other (VS Code and Neovim strip it before sending a document, so usually there is none).

use catlint_core::span::{LineIndex, Span};
use lsp_types::{Position, Range, TextDocumentContentChangeEvent};

/// The line starts of one text, for converting in both directions.
#[derive(Debug, Clone)]
pub(crate) struct LineMap {
    lines: LineIndex,
}

impl LineMap {
    /// Index the line starts of `text` (`\n`, `\r\n` and a lone `\r` end a line).
    pub(crate) fn new(text: &str) -> Self {
        Self {
            lines: LineIndex::new(text.as_bytes()),
        }
    }

    /// The LSP position of byte `offset` (clamped to the text; an offset inside a character
    /// counts from that character's start).
    pub(crate) fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.lines.line_of(offset);
        let start = self.lines.line_start(line).unwrap_or(0);
        let character: usize = text
            .get(start..offset)
            .unwrap_or_default()
            .chars()
            .map(char::len_utf16)
            .sum();
        Position::new(to_u32(line), to_u32(character))
    }

    /// The LSP range of `span`.
    pub(crate) fn range(&self, text: &str, span: Span) -> Range {
        Range::new(
            self.position(text, span.start),
            self.position(text, span.end.max(span.start)),
        )
    }

    /// The byte offset of an LSP position. A line past the end is the end of the text; a
    /// character past the end of its line is the end of the line (before its line break);
    /// a character in the middle of a surrogate pair is the start of that character.
    pub(crate) fn offset(&self, text: &str, position: Position) -> usize {
        let line = position.line as usize;
        let Some(start) = self.lines.line_start(line) else {
            return text.len();
        };
        let end = self.lines.line_start(line + 1).unwrap_or(text.len());
        let line_text = text.get(start..end).unwrap_or_default();
        let content = line_text.trim_end_matches(['\n', '\r']);
        let wanted = position.character as usize;
        let mut units = 0;
        for (i, c) in content.char_indices() {
            if units + c.len_utf16() > wanted {
                return start + i;
            }
            units += c.len_utf16();
        }
        start + content.len()
    }

    /// The byte range of an LSP range (start and end in order).
    pub(crate) fn span(&self, text: &str, range: Range) -> Span {
        let a = self.offset(text, range.start);
        let b = self.offset(text, range.end);
        Span::new(a.min(b), a.max(b))
    }
}

/// Apply the content changes of one `textDocument/didChange` to `text`, in order: a change
/// with a range replaces that range of the text as the changes before it left it (positions
/// out of range are clamped, see [`LineMap::offset`]); one without replaces the whole text.
pub(crate) fn apply_changes(text: &mut String, changes: Vec<TextDocumentContentChangeEvent>) {
    for change in changes {
        match change.range {
            Some(range) => {
                let span = LineMap::new(text).span(text, range);
                text.replace_range(span.start..span.end, &change.text);
            }
            None => *text = change.text,
        }
    }
}

/// The nearest character boundary at or before `offset`.
pub(crate) fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position::new(line, character)
    }

    #[test]
    fn characters_are_utf16_code_units() {
        // é is 2 bytes / 1 unit; 😀 is 4 bytes / 2 units; 中 is 3 bytes / 1 unit.
        let text = "a: é😀中x\n";
        let map = LineMap::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(map.position(text, x), pos(0, 7));
        assert_eq!(map.offset(text, pos(0, 7)), x);
        let han = text.find('中').unwrap();
        assert_eq!(map.position(text, han), pos(0, 6));
        assert_eq!(map.offset(text, pos(0, 6)), han);
        // Inside the surrogate pair of 😀: the start of the emoji.
        let emoji = text.find('😀').unwrap();
        assert_eq!(map.offset(text, pos(0, 5)), emoji);
        // Inside a multi-byte character (byte offset): counted from its start.
        assert_eq!(map.position(text, emoji + 1), pos(0, 4));
    }

    #[test]
    fn every_line_ending() {
        let text = "a\r\nbé c\rd\ne";
        let map = LineMap::new(text);
        let c = text.find('c').unwrap();
        assert_eq!(map.position(text, c), pos(1, 3));
        let d = text.find('d').unwrap();
        assert_eq!(map.position(text, d), pos(2, 0));
        let e = text.find('e').unwrap();
        assert_eq!(map.position(text, e), pos(3, 0));
        assert_eq!(map.offset(text, pos(1, 3)), c);
        // Past the end of a CRLF line: before the line break.
        assert_eq!(map.offset(text, pos(0, 99)), 1);
        // The position of the `\n` of a `\r\n` is the end of the line's text.
        assert_eq!(map.position(text, 2), pos(0, 2));
    }

    #[test]
    fn a_byte_order_mark_in_the_text_is_one_character() {
        let text = "\u{feff}---\ntitle: x\n";
        let map = LineMap::new(text);
        assert_eq!(map.position(text, 3), pos(0, 1));
        assert_eq!(map.offset(text, pos(0, 1)), 3);
        assert_eq!(map.offset(text, pos(1, 0)), 7);
    }

    #[test]
    fn out_of_range_is_clamped() {
        let text = "ab\ncd";
        let map = LineMap::new(text);
        assert_eq!(map.offset(text, pos(9, 0)), text.len());
        assert_eq!(map.offset(text, pos(1, 9)), text.len());
        assert_eq!(map.position(text, 99), pos(1, 2));
        assert_eq!(
            map.span(text, Range::new(pos(1, 1), pos(0, 1))),
            Span::new(1, 4)
        );
        let empty = LineMap::new("");
        assert_eq!(empty.position("", 5), pos(0, 0));
        assert_eq!(empty.offset("", pos(3, 3)), 0);
    }

    fn change(range: Option<(Position, Position)>, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: range.map(|(a, b)| Range::new(a, b)),
            range_length: None,
            text: text.to_owned(),
        }
    }

    #[test]
    fn incremental_changes_apply_in_order() {
        let mut text = "---\r\ntitle: 😀 x\r\ndescripton: y\r\n---\r\n".to_owned();
        apply_changes(
            &mut text,
            vec![
                // After the emoji (2 units): `x` becomes `Lean`.
                change(Some((pos(1, 10), pos(1, 11))), "Lean"),
                // Positions in the text the first change left: right after `Lean`.
                change(Some((pos(1, 14), pos(1, 14))), " 中"),
                // A line break inserted and a typo fixed on the next line.
                change(Some((pos(2, 8), pos(2, 8))), "i"),
                change(Some((pos(3, 3), pos(3, 3))), "\r\nbody"),
            ],
        );
        assert_eq!(
            text,
            "---\r\ntitle: 😀 Lean 中\r\ndescription: y\r\n---\r\nbody\r\n"
        );
        // Out of range: clamped, never a panic; a change without a range replaces all.
        apply_changes(&mut text, vec![change(Some((pos(99, 9), pos(0, 1))), "😀")]);
        assert_eq!(text, "-😀");
        apply_changes(&mut text, vec![change(None, "new")]);
        assert_eq!(text, "new");
    }

    #[test]
    fn round_trip_over_a_mixed_text() {
        let text = "\u{feff}---\r\ntitle: Ünïcödé 😀\rdescription: x\n---\nbody 中文\n";
        let map = LineMap::new(text);
        for (offset, c) in text.char_indices() {
            if c == '\n' && text[..offset].ends_with('\r') {
                continue; // inside a CRLF: not a position an editor has
            }
            let p = map.position(text, offset);
            let back = map.offset(text, p);
            assert_eq!(back, offset, "offset {offset} → {p:?}");
        }
    }
}

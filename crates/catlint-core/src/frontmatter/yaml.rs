//! YAML front matter → spanned [`Node`] tree.
//!
//! # Approach
//!
//! [`saphyr_parser`] turns the text into a stream of events (`MappingStart`, `Scalar`, ...), each
//! with a character-indexed span. We build the tree ourselves from that stream instead of using
//! saphyr's loaders, because those drop duplicate keys and recurse. Building is iterative: an
//! explicit stack of partially built collections ([`Frame`]s) receives finished children, so no
//! input can overflow the call stack, and the nesting depth is checked on every
//! `MappingStart`/`SequenceStart` before anything deeper is built.
//!
//! **Spans.** saphyr's markers count characters; [`Source`] converts them to byte offsets (the
//! identity for ASCII text, a char → byte table otherwise) and adds `base`, so every span is a
//! byte range of the file. saphyr's spans are then adjusted where they are not what a reader
//! would point at:
//! * a block scalar (`|`, `>`) is reported from the first content line through the trailing blank
//!   lines; we move the start back to its indicator (or keep the anchor/tag that precedes it) and
//!   trim trailing whitespace and line breaks from the end;
//! * an empty value (`title:`) is reported at the `:`; we make it an empty span right after the
//!   colon, on the key's line;
//! * a block collection's end event sits at the next token (possibly lines later, after
//!   comments); its span ends at the end of its last child instead. A flow collection ends after
//!   its `]` / `}`.
//!
//! **Scalars** are resolved with the YAML 1.2 core schema, and only when plain (unquoted):
//! null, booleans, integers (decimal, `0o`, `0x`) and floats; everything else is a string, so
//! `yes`, `on` and dates stay text. An integer too large for `i64` becomes a float. The core tags
//! `!!str`, `!!int`, `!!float`, `!!bool` and `!!null` are honoured when the text fits them; the
//! non-specific tag `!` makes a string; any other tag leaves the value as resolved.
//!
//! **Keys** are scalars, kept as their text (`1: x` has the key `"1"`); a list or mapping used as a
//! key is a syntax error. An empty key (`: x`) is kept with the name `""`.
//!
//! **Anchors and aliases.** An alias becomes a copy of the anchored node in which every span
//! points at the alias. Anchored scalars are stored as copies; anchored collections are stored as
//! the path to the node in the tree being built (no copy until an alias needs one), together with
//! their node count and nesting height, so an alias that would exceed
//! [`Limits::max_alias_nodes`] or [`Limits::max_depth`] is refused before anything is copied.
//!
//! Errors from saphyr become syntax errors at saphyr's position (its `info()` text has no
//! position suffix), except its own flow-nesting limit (256 levels, hit while its scanner reads
//! ahead of our depth check), which becomes our depth limit error. A second document in the stream is an error. An empty text, a text of only
//! comments, or an empty document is an empty mapping at `Span::empty(base)`; any other root
//! (a list, a scalar) is returned as it is for the caller to report.

use std::collections::HashMap;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle, ScanError, Span as EventSpan, Tag};

use super::{Entry, Key, Limits, Node, ParseError, Value};
use crate::span::Span;

/// Parse YAML front matter `text`, which starts at byte `base` of the file.
pub(crate) fn parse(text: &str, base: usize, limits: &Limits) -> Result<Node, ParseError> {
    let mut builder = Builder::new(Source::new(text, base), limits);
    let mut parser = Parser::new_from_str(text);
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|error| builder.scan_error(&error))?;
        builder.event(event, span)?;
    }
    Ok(builder.finish())
}

/// The front matter text and the conversion of saphyr's character positions to file offsets.
struct Source<'a> {
    text: &'a str,
    base: usize,
    /// Byte offset of every character, or `None` when the text is ASCII (char index = byte).
    char_starts: Option<Vec<usize>>,
}

impl<'a> Source<'a> {
    fn new(text: &'a str, base: usize) -> Self {
        let char_starts = (!text.is_ascii()).then(|| text.char_indices().map(|(i, _)| i).collect());
        Self {
            text,
            base,
            char_starts,
        }
    }

    /// The byte offset in the text of a saphyr marker, clamped to the text.
    fn offset(&self, marker: Marker) -> usize {
        let index = marker.index();
        match &self.char_starts {
            None => index.min(self.text.len()),
            Some(starts) => starts.get(index).copied().unwrap_or(self.text.len()),
        }
    }

    fn bytes(&self) -> &[u8] {
        self.text.as_bytes()
    }

    /// The file span of text offsets `start..end` (an inverted range becomes empty).
    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.base + start, self.base + end.max(start))
    }

    /// The file span of a saphyr span, as reported.
    fn event_span(&self, span: EventSpan) -> Span {
        self.span(self.offset(span.start), self.offset(span.end))
    }

    /// The file span of the character at text offset `at`: empty at a line break or the end.
    fn char_span(&self, at: usize) -> Span {
        let at = at.min(self.text.len());
        let width = match self.text.get(at..).and_then(|rest| rest.chars().next()) {
            Some(c) if c != '\n' && c != '\r' => c.len_utf8(),
            _ => 0,
        };
        self.span(at, at + width)
    }
}

/// A collection whose children are still arriving.
struct Frame {
    items: Items,
    /// File offset where the collection starts (its anchor or tag included).
    start: usize,
    /// File offset where it ends so far: the end of its start token or of its last child.
    end: usize,
    /// saphyr's anchor id, 0 when not anchored.
    anchor: usize,
    /// Nodes in the subtree so far, this collection included.
    nodes: usize,
    /// Nesting height of the deepest child so far (0 for scalars).
    child_levels: usize,
}

enum Items {
    Seq(Vec<Node>),
    Map {
        entries: Vec<Entry>,
        /// The key read, waiting for its value.
        key: Option<Key>,
    },
}

impl Frame {
    /// Number of finished children: the index the child in progress will get.
    fn len(&self) -> usize {
        match &self.items {
            Items::Seq(items) => items.len(),
            Items::Map { entries, .. } => entries.len(),
        }
    }

    /// Finished child `index`.
    fn child(&self, index: usize) -> Option<&Node> {
        match &self.items {
            Items::Seq(items) => items.get(index),
            Items::Map { entries, .. } => entries.get(index).map(|e| &e.value),
        }
    }
}

/// What an anchor refers to.
enum Anchor {
    /// A scalar: its resolved value and its text (for use as a key).
    Scalar { value: Value, text: String },
    /// A finished collection, found by the child indices from the root.
    Collection {
        path: Vec<usize>,
        nodes: usize,
        levels: usize,
    },
}

/// Builds the tree from saphyr's events.
struct Builder<'a> {
    src: Source<'a>,
    limits: &'a Limits,
    stack: Vec<Frame>,
    root: Option<Node>,
    anchors: HashMap<usize, Anchor>,
    /// Nodes created by alias expansion so far.
    alias_nodes: usize,
    documents: usize,
    /// The `...` / `---` marker that ended the first document, if written.
    document_end: Option<Span>,
    /// Text offset of the end of the previous event (where a block scalar's indicator search
    /// starts).
    prev_end: usize,
}

impl<'a> Builder<'a> {
    fn new(src: Source<'a>, limits: &'a Limits) -> Self {
        Self {
            src,
            limits,
            stack: Vec::new(),
            root: None,
            anchors: HashMap::new(),
            alias_nodes: 0,
            documents: 0,
            document_end: None,
            prev_end: 0,
        }
    }

    fn event(&mut self, event: Event<'_>, span: EventSpan) -> Result<(), ParseError> {
        match event {
            Event::Nothing | Event::StreamStart | Event::StreamEnd => {}
            Event::DocumentStart(_) => self.document_start(span)?,
            Event::DocumentEnd => {
                let end = self.src.event_span(span);
                self.document_end = (!end.is_empty()).then_some(end);
            }
            Event::Scalar(text, style, anchor, tag) => {
                self.scalar(&text, style, anchor, tag.as_deref(), span);
            }
            Event::Alias(id) => self.alias(id, span)?,
            Event::SequenceStart(anchor, _) => self.open(Items::Seq(Vec::new()), anchor, span)?,
            Event::MappingStart(anchor, _) => {
                let items = Items::Map {
                    entries: Vec::new(),
                    key: None,
                };
                self.open(items, anchor, span)?;
            }
            Event::SequenceEnd | Event::MappingEnd => self.close(span),
        }
        self.prev_end = self.src.offset(span.end);
        Ok(())
    }

    fn finish(self) -> Node {
        match self.root {
            // An empty document (`---` with nothing after it) is empty front matter too.
            Some(node) if !(node.value == Value::Null && node.span.is_empty()) => node,
            _ => Node::new(Value::Map(Vec::new()), Span::empty(self.src.base)),
        }
    }

    fn scan_error(&self, error: &ScanError) -> ParseError {
        let at = self.src.offset(*error.marker());
        if error.info() == SAPHYR_FLOW_LIMIT_INFO {
            return self.flow_depth_error(at);
        }
        if error.info().contains("found a tab") {
            // saphyr reports where the scalar started; the tab is what the author must fix.
            let bytes = self.src.bytes();
            let from = at.min(bytes.len());
            if let Some(tab) = bytes[from..].iter().position(|&b| b == b'\t') {
                let tab = self.src.base + from + tab;
                return ParseError::syntax(
                    "a tab cannot indent YAML; indent with spaces",
                    Span::new(tab, tab + 1),
                );
            }
        }
        ParseError::syntax(error.info().trim(), self.src.char_span(at))
    }

    /// saphyr's scanner gives up at 256 nested flow collections (`[[[[…`), and it reads ahead
    /// of the events, so the depth check in [`Self::open`] may not have seen the bracket that
    /// crossed the limit yet: find it in the text between the last event and the error.
    fn flow_depth_error(&self, error_at: usize) -> ParseError {
        let bytes = self.src.bytes();
        let crossing = find_depth_crossing(
            bytes,
            self.prev_end.min(error_at),
            error_at,
            self.stack.len(),
            self.limits.max_depth,
        );
        match crossing {
            Some(at) => self.depth_error(self.src.char_span(at)),
            None => ParseError::too_deep(
                self.limits.max_depth.min(SAPHYR_MAX_FLOW_DEPTH),
                self.src.char_span(error_at),
            ),
        }
    }

    fn document_start(&mut self, span: EventSpan) -> Result<(), ParseError> {
        self.documents += 1;
        if self.documents == 1 {
            return Ok(());
        }
        let at = self
            .document_end
            .unwrap_or_else(|| self.src.char_span(self.src.offset(span.start)));
        Err(ParseError::syntax(
            "only one YAML document is allowed in front matter",
            at,
        ))
    }

    /// Whether the next node is the key of a mapping entry.
    fn expects_key(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame {
                items: Items::Map { key: None, .. },
                ..
            })
        )
    }

    fn scalar(
        &mut self,
        text: &str,
        style: ScalarStyle,
        anchor: usize,
        tag: Option<&Tag>,
        span: EventSpan,
    ) {
        let has_properties = anchor != 0 || tag.is_some();
        let span = self.scalar_span(text, style, has_properties, span);
        let value = resolve(text, style, tag);
        if anchor != 0 {
            let stored = Anchor::Scalar {
                value: value.clone(),
                text: text.to_owned(),
            };
            self.anchors.insert(anchor, stored);
        }
        if self.expects_key() {
            self.set_key(Key {
                name: text.to_owned(),
                span,
            });
        } else {
            self.add(Node::new(value, span), 1, 0);
        }
    }

    fn scalar_span(
        &self,
        text: &str,
        style: ScalarStyle,
        has_properties: bool,
        span: EventSpan,
    ) -> Span {
        let start = self.src.offset(span.start);
        let end = self.src.offset(span.end);
        match style {
            ScalarStyle::Literal | ScalarStyle::Folded => {
                self.block_scalar_span(text, has_properties, start, end)
            }
            ScalarStyle::Plain if text.is_empty() && !has_properties => {
                // saphyr reports an empty value at the `:` (or at the next token).
                let at = if self.src.bytes().get(start) == Some(&b':') {
                    start + 1
                } else {
                    start
                };
                self.src.span(at, at)
            }
            _ => self.src.span(start, end),
        }
    }

    /// saphyr reports a block scalar from its first content character (or its anchor/tag)
    /// through its trailing blank lines; point from the indicator to the last content character.
    fn block_scalar_span(
        &self,
        text: &str,
        has_properties: bool,
        start: usize,
        end: usize,
    ) -> Span {
        let bytes = self.src.bytes();
        let from = if has_properties {
            start
        } else {
            self.prev_end.min(start)
        };
        let Some(indicator) = find_block_indicator(bytes, from, end) else {
            return self.src.span(start, trim_end(bytes, start, end));
        };
        let header_end = skip_block_header(bytes, indicator + 1, end);
        let span_start = if has_properties { start } else { indicator };
        let span_end = if text.trim().is_empty() {
            header_end
        } else {
            trim_end(bytes, header_end, end)
        };
        self.src.span(span_start, span_end)
    }

    fn alias(&mut self, id: usize, span: EventSpan) -> Result<(), ParseError> {
        let span = self.src.event_span(span);
        match self.anchors.get(&id) {
            Some(Anchor::Scalar { value, text }) => {
                let (value, text) = (value.clone(), text.clone());
                self.count_alias_nodes(1, span)?;
                if self.expects_key() {
                    self.set_key(Key { name: text, span });
                } else {
                    self.add(Node::new(value, span), 1, 0);
                }
                Ok(())
            }
            Some(Anchor::Collection {
                path,
                nodes,
                levels,
            }) => {
                let (path, nodes, levels) = (path.clone(), *nodes, *levels);
                self.alias_collection(&path, nodes, levels, span)
            }
            // saphyr rejects unknown anchors, so this one is still open: the alias is inside it.
            None => Err(ParseError::syntax(
                "this alias is inside the list or mapping it refers to",
                span,
            )),
        }
    }

    fn alias_collection(
        &mut self,
        path: &[usize],
        nodes: usize,
        levels: usize,
        span: Span,
    ) -> Result<(), ParseError> {
        if self.expects_key() {
            return Err(key_error(span));
        }
        self.count_alias_nodes(nodes, span)?;
        if self.stack.len().saturating_add(levels) > self.limits.max_depth {
            return Err(self.depth_error(span));
        }
        let node = node_at(&self.stack, path)
            .map(|target| respan(target, span))
            .ok_or_else(|| {
                ParseError::syntax(
                    "this alias is inside the list or mapping it refers to",
                    span,
                )
            })?;
        self.add(node, nodes, levels);
        Ok(())
    }

    fn count_alias_nodes(&mut self, nodes: usize, span: Span) -> Result<(), ParseError> {
        self.alias_nodes = self.alias_nodes.saturating_add(nodes);
        if self.alias_nodes > self.limits.max_alias_nodes {
            return Err(ParseError::limit(
                format!(
                    "aliases expand to more than {} values (an \"alias bomb\")",
                    self.limits.max_alias_nodes
                ),
                span,
            ));
        }
        Ok(())
    }

    fn open(&mut self, items: Items, anchor: usize, span: EventSpan) -> Result<(), ParseError> {
        let start = self.src.offset(span.start);
        if self.stack.len() >= self.limits.max_depth {
            return Err(self.depth_error(self.src.char_span(start)));
        }
        if self.expects_key() {
            return Err(key_error(self.src.char_span(start)));
        }
        let span = self.src.event_span(span);
        self.stack.push(Frame {
            items,
            start: span.start,
            end: span.end,
            anchor,
            nodes: 1,
            child_levels: 0,
        });
        Ok(())
    }

    fn close(&mut self, span: EventSpan) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        // A flow collection ends with its `]` / `}`; a block collection's end event sits at the
        // next token, so it ends with its last child.
        let at = self.src.offset(span.start);
        let closed_by_bracket =
            self.src.offset(span.end) > at && matches!(self.src.bytes().get(at), Some(b']' | b'}'));
        let end = if closed_by_bracket {
            self.src.span(at, at + 1).end
        } else {
            frame.end
        };
        let levels = frame.child_levels + 1;
        let value = match frame.items {
            Items::Seq(items) => Value::Seq(items),
            Items::Map { entries, .. } => Value::Map(entries),
        };
        if frame.anchor != 0 {
            let path = self.stack.iter().map(Frame::len).collect();
            let stored = Anchor::Collection {
                path,
                nodes: frame.nodes,
                levels,
            };
            self.anchors.insert(frame.anchor, stored);
        }
        let node = Node::new(value, Span::new(frame.start, end.max(frame.start)));
        self.add(node, frame.nodes, levels);
    }

    fn set_key(&mut self, new_key: Key) {
        if let Some(Frame {
            items: Items::Map { key, .. },
            end,
            ..
        }) = self.stack.last_mut()
        {
            *end = (*end).max(new_key.span.end);
            *key = Some(new_key);
        }
    }

    /// Give a finished node (with `nodes` nodes and nesting height `levels`) to its parent.
    ///
    /// Callers check [`Self::expects_key`] first, so in a mapping this is always a value.
    fn add(&mut self, node: Node, nodes: usize, levels: usize) {
        let Some(frame) = self.stack.last_mut() else {
            self.root = Some(node);
            return;
        };
        frame.nodes = frame.nodes.saturating_add(nodes);
        frame.child_levels = frame.child_levels.max(levels);
        frame.end = frame.end.max(node.span.end);
        match &mut frame.items {
            Items::Seq(items) => items.push(node),
            Items::Map { entries, key } => {
                if let Some(key) = key.take() {
                    entries.push(Entry { key, value: node });
                }
            }
        }
    }

    fn depth_error(&self, span: Span) -> ParseError {
        ParseError::too_deep(self.limits.max_depth, span)
    }
}

/// saphyr's error text when flow collections nest deeper than [`SAPHYR_MAX_FLOW_DEPTH`].
const SAPHYR_FLOW_LIMIT_INFO: &str = "recursion limit exceeded";
/// The deepest flow nesting saphyr's scanner accepts (it counts flow levels in a `u8`).
const SAPHYR_MAX_FLOW_DEPTH: usize = 255;

/// The offset of the first `[` / `{` in `bytes[from..to]` at which the nesting, starting at
/// `depth`, exceeds `max_depth`. Quoted scalars and comments are skipped; a best effort used
/// only to place the error of saphyr's own flow limit.
fn find_depth_crossing(
    bytes: &[u8],
    from: usize,
    to: usize,
    mut depth: usize,
    max_depth: usize,
) -> Option<usize> {
    let to = to.min(bytes.len());
    let mut i = from;
    while i < to {
        let starts_token = i == from
            || bytes
                .get(i.wrapping_sub(1))
                .is_some_and(|b| b.is_ascii_whitespace() || b"[{,:".contains(b));
        match bytes.get(i)? {
            b'[' | b'{' => {
                depth += 1;
                if depth > max_depth {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b'"' if starts_token => i = skip_double_quoted(bytes, i + 1, to),
            b'\'' if starts_token => i = skip_while(bytes, i + 1, to, |b| b != b'\''),
            b'#' if starts_token => i = skip_while(bytes, i, to, |b| b != b'\n'),
            _ => {}
        }
        i += 1;
    }
    None
}

/// The offset of the `"` closing a double-quoted scalar whose text starts at `from`.
fn skip_double_quoted(bytes: &[u8], from: usize, to: usize) -> usize {
    let mut i = from;
    while i < to {
        match bytes.get(i) {
            Some(b'\\') => i += 2,
            Some(b'"') | None => return i,
            Some(_) => i += 1,
        }
    }
    i
}

fn key_error(span: Span) -> ParseError {
    ParseError::syntax("a key must be plain text, not a list or mapping", span)
}

/// The finished node at `path` (child indices from the root) of the tree being built.
///
/// Finished children never move, so the path stays valid; `None` if the path leads into a
/// collection that is still open.
fn node_at<'t>(stack: &'t [Frame], path: &[usize]) -> Option<&'t Node> {
    for (depth, &index) in path.iter().enumerate() {
        if let Some(child) = stack.get(depth)?.child(index) {
            return descend(child, path.get(depth + 1..)?);
        }
    }
    None
}

fn descend<'t>(mut node: &'t Node, path: &[usize]) -> Option<&'t Node> {
    for &index in path {
        node = match &node.value {
            Value::Seq(items) => items.get(index)?,
            Value::Map(entries) => &entries.get(index)?.value,
            _ => return None,
        };
    }
    Some(node)
}

/// A copy of `node` with every node and key span set to `span` (the alias).
///
/// Recursive, but only as deep as the anchored node, which the depth limit bounds.
fn respan(node: &Node, span: Span) -> Node {
    let value = match &node.value {
        Value::Seq(items) => Value::Seq(items.iter().map(|n| respan(n, span)).collect()),
        Value::Map(entries) => Value::Map(
            entries
                .iter()
                .map(|e| Entry {
                    key: Key {
                        name: e.key.name.clone(),
                        span,
                    },
                    value: respan(&e.value, span),
                })
                .collect(),
        ),
        scalar => scalar.clone(),
    };
    Node::new(value, span)
}

/// The offset of a block scalar's `|` / `>` indicator in `bytes[from..limit]`, skipping what
/// may precede it: `:`, `-`, `?`, blanks, line breaks, comments, anchors and tags.
fn find_block_indicator(bytes: &[u8], from: usize, limit: usize) -> Option<usize> {
    let limit = limit.min(bytes.len());
    let mut i = from;
    while i < limit {
        match bytes.get(i)? {
            b'|' | b'>' => return Some(i),
            b'#' => i = skip_while(bytes, i, limit, |b| b != b'\n'),
            b'&' | b'!' => i = skip_while(bytes, i, limit, |b| !b.is_ascii_whitespace()),
            b' ' | b'\t' | b'\r' | b'\n' | b':' | b'-' | b'?' => i += 1,
            _ => return None,
        }
    }
    None
}

/// The end of a block scalar header's chomping and indentation indicators (`|-`, `>+2`).
fn skip_block_header(bytes: &[u8], from: usize, limit: usize) -> usize {
    skip_while(bytes, from, limit.min(bytes.len()), |b| {
        matches!(b, b'-' | b'+') || b.is_ascii_digit()
    })
}

fn skip_while(bytes: &[u8], from: usize, limit: usize, keep: impl Fn(u8) -> bool) -> usize {
    let mut i = from;
    while i < limit && bytes.get(i).is_some_and(|&b| keep(b)) {
        i += 1;
    }
    i
}

/// `end` moved back over blanks and line breaks, but not before `floor`.
fn trim_end(bytes: &[u8], floor: usize, end: usize) -> usize {
    let mut end = end.min(bytes.len());
    while end > floor && matches!(bytes.get(end - 1), Some(b' ' | b'\t' | b'\r' | b'\n')) {
        end -= 1;
    }
    end
}

// ---------------------------------------------------------------------------------------------
// Scalar resolution (YAML 1.2 core schema)
// ---------------------------------------------------------------------------------------------

/// The value of a scalar: core-schema resolution for plain scalars, honouring core tags.
fn resolve(text: &str, style: ScalarStyle, tag: Option<&Tag>) -> Value {
    if let Some(tag) = tag {
        match core_tag(tag) {
            Some(CoreTag::NonSpecific | CoreTag::Str) => return Value::String(text.to_owned()),
            Some(core) => {
                if let Some(value) = resolve_tagged(text, core) {
                    return value;
                }
            }
            None => {}
        }
    }
    if style == ScalarStyle::Plain {
        resolve_plain(text)
    } else {
        Value::String(text.to_owned())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CoreTag {
    /// `!`: "not resolved", a string for scalars.
    NonSpecific,
    Str,
    Int,
    Float,
    Bool,
    Null,
}

fn core_tag(tag: &Tag) -> Option<CoreTag> {
    if (tag.handle.is_empty() && tag.suffix == "!") || (tag.handle == "!" && tag.suffix.is_empty())
    {
        return Some(CoreTag::NonSpecific);
    }
    // `!!int` arrives as handle `tag:yaml.org,2002:`; `!<tag:yaml.org,2002:int>` as a suffix.
    let name = if tag.is_yaml_core_schema() {
        tag.suffix.as_str()
    } else {
        tag.suffix.strip_prefix("tag:yaml.org,2002:")?
    };
    match name {
        "str" => Some(CoreTag::Str),
        "int" => Some(CoreTag::Int),
        "float" => Some(CoreTag::Float),
        "bool" => Some(CoreTag::Bool),
        "null" => Some(CoreTag::Null),
        _ => None,
    }
}

/// The value of `text` under an explicit core tag, or `None` if the text does not fit it.
fn resolve_tagged(text: &str, tag: CoreTag) -> Option<Value> {
    match tag {
        CoreTag::NonSpecific | CoreTag::Str => Some(Value::String(text.to_owned())),
        CoreTag::Null => is_null(text).then_some(Value::Null),
        CoreTag::Bool => parse_bool(text).map(Value::Bool),
        CoreTag::Int => parse_int(text),
        CoreTag::Float => match parse_int(text) {
            Some(Value::Int(i)) => Some(Value::Float(i as f64)),
            Some(other) => Some(other),
            None => parse_float(text).map(Value::Float),
        },
    }
}

fn resolve_plain(text: &str) -> Value {
    if is_null(text) {
        Value::Null
    } else if let Some(b) = parse_bool(text) {
        Value::Bool(b)
    } else if let Some(int) = parse_int(text) {
        int
    } else if let Some(f) = parse_float(text) {
        Value::Float(f)
    } else {
        Value::String(text.to_owned())
    }
}

fn is_null(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

fn parse_bool(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// `[-+]?[0-9]+`, `0o[0-7]+` or `0x[0-9a-fA-F]+`: an `Int`, or a `Float` if it overflows `i64`.
fn parse_int(text: &str) -> Option<Value> {
    let (digits, radix) = if let Some(octal) = text.strip_prefix("0o") {
        (octal, 8)
    } else if let Some(hex) = text.strip_prefix("0x") {
        (hex, 16)
    } else {
        let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
        if unsigned.is_empty() || !unsigned.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        return Some(match text.parse::<i64>() {
            Ok(i) => Value::Int(i),
            Err(_) => Value::Float(text.parse::<f64>().ok()?),
        });
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    Some(match i64::from_str_radix(digits, radix) {
        Ok(i) => Value::Int(i),
        Err(_) => Value::Float(
            digits
                .chars()
                .filter_map(|c| c.to_digit(radix))
                .fold(0.0, |acc, d| acc * f64::from(radix) + f64::from(d)),
        ),
    })
}

/// Core-schema floats: `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, `[-+]?\.inf`,
/// `\.nan` (each in lower, title or upper case).
fn parse_float(text: &str) -> Option<f64> {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") {
        return Some(if text.starts_with('-') {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        });
    }
    if matches!(text, ".nan" | ".NaN" | ".NAN") {
        return Some(f64::NAN);
    }
    if !is_core_float(unsigned) {
        return None;
    }
    text.parse::<f64>().ok()
}

/// Whether `s` (sign already removed) matches `(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`.
fn is_core_float(s: &str) -> bool {
    let b = s.as_bytes();
    let digits_from = |i: usize| skip_while(b, i, b.len(), |c| c.is_ascii_digit());
    let int_end = digits_from(0);
    let mut i = int_end;
    let mut frac_digits = 0;
    if b.get(i) == Some(&b'.') {
        let frac_end = digits_from(i + 1);
        frac_digits = frac_end - (i + 1);
        i = frac_end;
    }
    if int_end == 0 && frac_digits == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        let exp_end = digits_from(i);
        if exp_end == i {
            return false;
        }
        i = exp_end;
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontmatter::ParseErrorKind;

    /// A page `---\n{fm}---\n`, its front matter parsed at base 4.
    fn page(fm: &str) -> (String, Node) {
        let file = format!("---\n{fm}---\nbody\n");
        let node = parse(fm, 4, &Limits::default()).expect("front matter parses");
        (file, node)
    }

    fn page_err(fm: &str) -> (String, ParseError) {
        let file = format!("---\n{fm}---\n");
        let err = parse(fm, 4, &Limits::default()).expect_err("front matter fails");
        (file, err)
    }

    fn at(file: &str, span: Span) -> &str {
        &file[span.start..span.end]
    }

    fn value<'n>(node: &'n Node, key: &str) -> &'n Node {
        &node
            .get(key)
            .unwrap_or_else(|| panic!("no key {key}"))
            .value
    }

    fn resolved(fm: &str) -> Value {
        let node = parse(&format!("v: {fm}\n"), 0, &Limits::default()).unwrap();
        value(&node, "v").value.clone()
    }

    #[test]
    fn spans_of_keys_and_values() {
        let (file, root) = page("title: \"quoted\"\nslug: 'single'\ncount: 3\nplain: some text\n");
        let title = root.get("title").unwrap();
        assert_eq!(at(&file, title.key.span), "title");
        assert_eq!(at(&file, title.value.span), "\"quoted\"");
        assert_eq!(title.value.as_str(), Some("quoted"));
        assert_eq!(at(&file, value(&root, "slug").span), "'single'");
        assert_eq!(at(&file, value(&root, "count").span), "3");
        assert_eq!(
            at(&file, value(&root, "plain").span),
            "plain: some text".get(7..).unwrap()
        );
        assert_eq!(
            at(&file, root.span),
            "title: \"quoted\"\nslug: 'single'\ncount: 3\nplain: some text"
        );
    }

    #[test]
    fn nested_span_with_nonzero_base() {
        let fm = "title: x\nheadline:\n  updated: 2025-02-11T10:17:24Z\n  by: me\n";
        let (file, root) = page(fm);
        let headline = value(&root, "headline");
        let updated = headline.get("updated").unwrap();
        assert_eq!(at(&file, updated.key.span), "updated");
        assert_eq!(at(&file, updated.value.span), "2025-02-11T10:17:24Z");
        assert_eq!(
            updated.value.value,
            Value::String("2025-02-11T10:17:24Z".into())
        );
        assert_eq!(
            at(&file, headline.span),
            "updated: 2025-02-11T10:17:24Z\n  by: me"
        );
    }

    #[test]
    fn non_ascii_before_spans() {
        let fm = "title: Café – l’été 😀 ok\nslug: \"naïve\"\ntags: [é, ’x’, 😀]\n";
        let (file, root) = page(fm);
        assert_eq!(value(&root, "title").as_str(), Some("Café – l’été 😀 ok"));
        assert_eq!(at(&file, value(&root, "title").span), "Café – l’été 😀 ok");
        assert_eq!(at(&file, root.get("slug").unwrap().key.span), "slug");
        assert_eq!(at(&file, value(&root, "slug").span), "\"naïve\"");
        let tags = value(&root, "tags");
        assert_eq!(at(&file, tags.span), "[é, ’x’, 😀]");
        let Value::Seq(items) = &tags.value else {
            panic!("tags is a list")
        };
        let texts: Vec<&str> = items.iter().map(|n| at(&file, n.span)).collect();
        assert_eq!(texts, ["é", "’x’", "😀"]);
    }

    #[test]
    fn crlf_line_endings() {
        let fm = "a: 1\r\nb: |\r\n  x\r\n  y\r\n\r\nc: two\r\nd:\r\n";
        let (file, root) = page(fm);
        assert_eq!(value(&root, "a").value, Value::Int(1));
        assert_eq!(value(&root, "b").as_str(), Some("x\ny\n"));
        assert_eq!(at(&file, value(&root, "b").span), "|\r\n  x\r\n  y");
        assert_eq!(at(&file, value(&root, "c").span), "two");
        let d = root.get("d").unwrap();
        assert_eq!(d.value.value, Value::Null);
        assert_eq!(d.value.span, Span::empty(d.key.span.end + 1));
    }

    #[test]
    fn block_scalars() {
        let fm = "a: |-\n  line1\n  line2\n\nb: >\n  folded\n  text\n\n\nc: 1\n";
        let (file, root) = page(fm);
        assert_eq!(value(&root, "a").as_str(), Some("line1\nline2"));
        assert_eq!(at(&file, value(&root, "a").span), "|-\n  line1\n  line2");
        assert_eq!(value(&root, "b").as_str(), Some("folded text\n"));
        assert_eq!(at(&file, value(&root, "b").span), ">\n  folded\n  text");
        assert_eq!(at(&file, value(&root, "c").span), "1");
    }

    #[test]
    fn block_scalars_with_properties_comments_and_no_content() {
        let fm =
            "a: &x |  # note | >\n  body\nb: !!str >+2\n   kept\n\nc: |\nd: # c | x\n  |\n  in\n";
        let (file, root) = page(fm);
        assert_eq!(
            at(&file, value(&root, "a").span),
            "&x |  # note | >\n  body"
        );
        assert_eq!(at(&file, value(&root, "b").span), "!!str >+2\n   kept");
        assert_eq!(value(&root, "c").as_str(), Some(""));
        assert_eq!(at(&file, value(&root, "c").span), "|");
        assert_eq!(at(&file, value(&root, "d").span), "|\n  in");
        let (file, root) = page("- |\n  x\n- - y\n- >-\n  z\n");
        let Value::Seq(items) = &root.value else {
            panic!("a list")
        };
        assert_eq!(at(&file, items[0].span), "|\n  x");
        assert_eq!(at(&file, items[2].span), ">-\n  z");
    }

    #[test]
    fn empty_values_are_null_right_after_the_colon() {
        let fm = "title:\ndraft:   # later\nnext: 1\nlast:";
        let file = format!("---\n{fm}");
        let root = parse(fm, 4, &Limits::default()).unwrap();
        for key in ["title", "draft", "last"] {
            let entry = root.get(key).unwrap();
            assert_eq!(entry.value.value, Value::Null, "{key}");
            assert_eq!(
                entry.value.span,
                Span::empty(entry.key.span.end + 1),
                "{key}"
            );
            assert_eq!(&file[entry.key.span.end..=entry.key.span.end], ":");
        }
    }

    #[test]
    fn duplicate_keys_are_preserved_in_order() {
        let (file, root) = page("tags: [a]\ntitle: x\ntags: [b]\n");
        let entries = root.as_map().unwrap();
        let names: Vec<&str> = entries.iter().map(|e| e.key.name.as_str()).collect();
        assert_eq!(names, ["tags", "title", "tags"]);
        assert_eq!(at(&file, entries[0].value.span), "[a]");
        assert_eq!(at(&file, entries[2].value.span), "[b]");
        assert_ne!(entries[0].key.span, entries[2].key.span);
    }

    #[test]
    fn core_schema_resolution() {
        use Value::{Bool, Float, Int, Null, String as S};
        let s = |t: &str| S(t.to_owned());
        let table = [
            ("~", Null),
            ("null", Null),
            ("Null", Null),
            ("NULL", Null),
            ("", Null),
            ("nul", s("nul")),
            ("true", Bool(true)),
            ("True", Bool(true)),
            ("FALSE", Bool(false)),
            ("tRue", s("tRue")),
            ("yes", s("yes")),
            ("no", s("no")),
            ("on", s("on")),
            ("off", s("off")),
            ("y", s("y")),
            ("0", Int(0)),
            ("-12", Int(-12)),
            ("+7", Int(7)),
            ("007", Int(7)),
            ("0o17", Int(15)),
            ("0x1F", Int(31)),
            ("0x1f", Int(31)),
            ("0o8", s("0o8")),
            ("0x", s("0x")),
            ("-0x1F", s("-0x1F")),
            ("0b101", s("0b101")),
            ("1_000", s("1_000")),
            ("9223372036854775807", Int(i64::MAX)),
            ("-9223372036854775808", Int(i64::MIN)),
            ("9223372036854775808", Float(9_223_372_036_854_775_808.0)),
            ("0x10000000000000000", Float(18_446_744_073_709_551_616.0)),
            ("1.5", Float(1.5)),
            ("-0.25", Float(-0.25)),
            ("1.", Float(1.0)),
            (".5", Float(0.5)),
            ("1e3", Float(1000.0)),
            ("1E-2", Float(0.01)),
            ("+2.5e+1", Float(25.0)),
            (".", s(".")),
            ("1e", s("1e")),
            ("e3", s("e3")),
            ("1.2.3", s("1.2.3")),
            (".inf", Float(f64::INFINITY)),
            ("-.Inf", Float(f64::NEG_INFINITY)),
            ("+.INF", Float(f64::INFINITY)),
            (".infinity", s(".infinity")),
            ("inf", s("inf")),
            ("nan", s("nan")),
            ("2025-02-11T10:17:24Z", s("2025-02-11T10:17:24Z")),
            ("2025-02-11", s("2025-02-11")),
            ("\"true\"", s("true")),
            ("'123'", s("123")),
            ("\"~\"", s("~")),
            ("''", s("")),
            ("|\n  42", s("42\n")),
        ];
        for (text, expected) in table {
            assert_eq!(resolved(text), expected, "{text:?}");
        }
        for nan in [".nan", ".NaN", ".NAN"] {
            assert!(matches!(resolved(nan), Float(f) if f.is_nan()), "{nan}");
        }
        assert_eq!(resolved("-.nan"), s("-.nan"));
    }

    #[test]
    fn tags() {
        use Value::{Bool, Float, Int, Null, String as S};
        let s = |t: &str| S(t.to_owned());
        let table = [
            ("!!str 123", s("123")),
            ("!!str true", s("true")),
            ("!!str", s("")),
            ("!!int \"42\"", Int(42)),
            ("!!int 0x1F", Int(31)),
            ("!!float 1", Float(1.0)),
            ("!!float '2.5'", Float(2.5)),
            ("!!bool \"true\"", Bool(true)),
            ("!!null ''", Null),
            ("!<tag:yaml.org,2002:str> 7", s("7")),
            ("! 12", s("12")),
            ("!!int abc", s("abc")),
            ("!!bool yes", s("yes")),
            ("!!timestamp 2025-01-01", s("2025-01-01")),
            ("!custom 12", Int(12)),
            ("!custom x", s("x")),
        ];
        for (text, expected) in table {
            assert_eq!(resolved(text), expected, "{text:?}");
        }
        let (file, root) = page("a: !!str 123\n");
        assert_eq!(at(&file, value(&root, "a").span), "!!str 123");
    }

    #[test]
    fn aliases_expand_with_the_alias_span() {
        let fm = "base: &b\n  x: 1\n  y: [2, 3]\ncopy: *b\nname: &n hello\nagain: *n\n*n : key\n";
        let (file, root) = page(fm);
        let base = value(&root, "base");
        let copy = value(&root, "copy");
        assert_eq!(copy.to_json(), base.to_json());
        assert_eq!(at(&file, copy.span), "*b");
        let Value::Map(entries) = &copy.value else {
            panic!("copy is a mapping")
        };
        assert!(entries.iter().all(|e| at(&file, e.key.span) == "*b"));
        assert!(entries.iter().all(|e| at(&file, e.value.span) == "*b"));
        assert_eq!(value(&root, "again").as_str(), Some("hello"));
        assert_eq!(at(&file, value(&root, "again").span), "*n");
        let last = root.as_map().unwrap().last().unwrap();
        assert_eq!(last.key.name, "hello");
        assert_eq!(at(&file, last.key.span), "*n");
        assert_eq!(at(&file, base.span), "&b\n  x: 1\n  y: [2, 3]");
    }

    #[test]
    fn aliases_to_nested_anchors_inside_open_and_closed_collections() {
        let fm = "outer:\n  skip: [0]\n  inner: &i [1, {k: v}]\n  again: *i\nlater: *i\nlist: [x, &s {a: 1}, *s]\n";
        let (file, root) = page(fm);
        let inner = value(value(&root, "outer"), "inner").to_json();
        assert_eq!(value(value(&root, "outer"), "again").to_json(), inner);
        assert_eq!(value(&root, "later").to_json(), inner);
        assert_eq!(at(&file, value(&root, "later").span), "*i");
        let Value::Seq(items) = &value(&root, "list").value else {
            panic!("a list")
        };
        assert_eq!(items[2].to_json(), items[1].to_json());
        assert_eq!(at(&file, items[1].span), "&s {a: 1}");
    }

    #[test]
    fn alias_to_enclosing_collection_is_an_error() {
        let (file, err) = page_err("a: &a [1, *a]\n");
        assert_eq!(err.kind, ParseErrorKind::Syntax);
        assert_eq!(at(&file, err.span), "*a");
    }

    #[test]
    fn alias_bomb_is_refused_quickly() {
        let mut fm = String::from("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (prev, name) in ('a'..='h').zip('b'..='i') {
            let refs = vec![format!("*{prev}"); 9].join(", ");
            fm.push_str(&format!("{name}: &{name} [{refs}]\n"));
        }
        let started = std::time::Instant::now();
        let err = parse(&fm, 0, &Limits::default()).unwrap_err();
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
        assert_eq!(err.kind, ParseErrorKind::Limit);
        assert_eq!(
            err.message,
            "aliases expand to more than 10000 values (an \"alias bomb\")"
        );
        assert!(fm[err.span.start..err.span.end].starts_with('*'));
    }

    #[test]
    fn aliases_cannot_nest_deeper_than_the_limit() {
        let limits = Limits {
            max_depth: 4,
            ..Limits::default()
        };
        let fm = "a: &a [[[1]]]\nb: *a\nc:\n  d: *a\n";
        let err = parse(fm, 0, &limits).unwrap_err();
        assert_eq!(err.kind, ParseErrorKind::Limit);
        assert_eq!(&fm[err.span.start..err.span.end], "*a");
        assert_eq!(err.span.start, fm.rfind("*a").unwrap());
    }

    #[test]
    fn deep_flow_nesting_hits_the_limit() {
        let fm = format!("a: {}{}\n", "[".repeat(5000), "]".repeat(5000));
        let err = parse(&fm, 0, &Limits::default()).unwrap_err();
        assert_eq!(err.kind, ParseErrorKind::Limit);
        assert_eq!(err.message, "the front matter nests deeper than 64 levels");
        // The root mapping is level 1, so the 64th `[` is the first one too deep.
        assert_eq!(err.span, Span::new(3 + 63, 3 + 64));
    }

    #[test]
    fn deep_flow_nesting_after_other_content_hits_the_limit() {
        let deep = format!("{}{}", "[{\"a]\": ".repeat(3000), "}]".repeat(3000));
        let fm = format!("x: [1, '[', {deep}]\n");
        let err = parse(&fm, 0, &Limits::default()).unwrap_err();
        assert_eq!(err.kind, ParseErrorKind::Limit);
        let deep_at = fm.find("[{").unwrap();
        // Levels: root 1, the outer list 2, then one per bracket of `deep`: its 63rd bracket,
        // the `[` of repetition 32 (8 bytes each), is level 65.
        assert_eq!(err.span.start, deep_at + 31 * 8);
        assert_eq!(&fm[err.span.start..err.span.end], "[");
        let fm = format!("a: {}\n", "{b: ".repeat(400));
        let err = parse(&fm, 0, &Limits::default()).unwrap_err();
        assert_eq!(err.kind, ParseErrorKind::Limit);
        assert_eq!(err.span, Span::new(3 + 63 * 4, 3 + 63 * 4 + 1));
    }

    #[test]
    fn deep_block_nesting_hits_the_limit() {
        let mut fm = String::new();
        for depth in 0..5000 {
            fm.push_str(&" ".repeat(depth));
            fm.push_str("k:\n");
        }
        let err = parse(&fm, 0, &Limits::default()).unwrap_err();
        assert_eq!(err.kind, ParseErrorKind::Limit);
        assert_eq!(&fm[err.span.start..err.span.end], "k");
    }

    #[test]
    fn nesting_up_to_the_limit_is_fine() {
        let limits = Limits {
            max_depth: 3,
            ..Limits::default()
        };
        assert!(parse("a: [[1]]\n", 0, &limits).is_ok());
        assert!(parse("a:\n  b:\n    c: 1\n", 0, &limits).is_ok());
        assert!(parse("a: [[[1]]]\n", 0, &limits).is_err());
        assert!(parse("a:\n  b:\n    c:\n      d: 1\n", 0, &limits).is_err());
    }

    #[test]
    fn syntax_errors_point_at_the_problem() {
        let (file, err) = page_err("title: ok\ndescription: \"unterminated\nx: 1\n");
        assert_eq!(err.kind, ParseErrorKind::Syntax);
        assert_eq!(at(&file, err.span), "\"");
        assert!(!err.message.contains("line"), "{}", err.message);
        let (file, err) = page_err("title: a: b\n");
        assert_eq!(at(&file, err.span), ":");
        assert_eq!(err.span.start, 4 + 8);
        let (_, err) = page_err("a: [\n");
        assert!(err.span.is_empty());
        assert!(err.span.end <= 4 + 5);
        let (file, err) = page_err("a:\n\t- x\n");
        assert_eq!(err.kind, ParseErrorKind::Syntax);
        assert!(err.span.end <= file.len());
    }

    #[test]
    fn only_one_document() {
        for fm in ["a: 1\n...\nb: 2\n", "a: 1\n---\nb: 2\n"] {
            let (file, err) = page_err(fm);
            assert_eq!(err.kind, ParseErrorKind::Syntax);
            assert_eq!(
                err.message,
                "only one YAML document is allowed in front matter"
            );
            assert!(matches!(at(&file, err.span), "..." | "---"));
        }
        let (_, root) = page("a: 1\n...\n# trailing comment\n");
        assert_eq!(root.as_map().map(<[Entry]>::len), Some(1));
    }

    #[test]
    fn empty_input_is_an_empty_mapping() {
        for fm in ["", "\n", "# just a comment\n  # another\n", "---\n"] {
            let node = parse(fm, 7, &Limits::default()).unwrap();
            assert_eq!(
                node,
                Node::new(Value::Map(Vec::new()), Span::empty(7)),
                "{fm:?}"
            );
        }
    }

    #[test]
    fn non_mapping_root_is_returned_as_is() {
        let (file, root) = page("- a\n- b\n");
        assert!(matches!(&root.value, Value::Seq(items) if items.len() == 2));
        assert_eq!(at(&file, root.span), "- a\n- b");
        let (_, root) = page("just text\n");
        assert_eq!(root.as_str(), Some("just text"));
    }

    #[test]
    fn literal_tab_inside_a_plain_scalar() {
        let line = "description: A broad guiding system of thought that shapes approaches, perspectives, and methodologies but is not itself a method, practice, or principle (e.g., \tSocial Technologies, DevOps, Agile, Lean Thinking).\n";
        let (file, root) = page(line);
        let description = value(&root, "description");
        assert_eq!(
            description.as_str(),
            Some(
                "A broad guiding system of thought that shapes approaches, perspectives, and methodologies but is not itself a method, practice, or principle (e.g., \tSocial Technologies, DevOps, Agile, Lean Thinking)."
            )
        );
        assert_eq!(
            at(&file, description.span),
            line["description: ".len()..].trim_end()
        );
    }

    #[test]
    fn flow_mappings() {
        let (file, root) = page("m: {a: 1, b: [x, y], c: }\npairs: [k: v, z]\n");
        let m = value(&root, "m");
        assert_eq!(at(&file, m.span), "{a: 1, b: [x, y], c: }");
        assert_eq!(value(m, "a").value, Value::Int(1));
        assert_eq!(at(&file, m.get("a").unwrap().key.span), "a");
        assert_eq!(at(&file, value(m, "b").span), "[x, y]");
        assert_eq!(value(m, "c").value, Value::Null);
        let pairs = value(&root, "pairs");
        assert_eq!(at(&file, pairs.span), "[k: v, z]");
        let Value::Seq(items) = &pairs.value else {
            panic!("a list")
        };
        assert_eq!(at(&file, items[0].span), "k: v");
        let (file, root) = page("{a: 1}\n");
        assert_eq!(at(&file, root.span), "{a: 1}");
    }

    #[test]
    fn keys_must_be_scalars() {
        let (file, err) = page_err("? [a, b]\n: 1\n");
        assert_eq!(err.kind, ParseErrorKind::Syntax);
        assert_eq!(
            err.message,
            "a key must be plain text, not a list or mapping"
        );
        assert_eq!(at(&file, err.span), "[");
        let (file, err) = page_err("a: &l [1]\n*l : 2\n");
        assert_eq!(at(&file, err.span), "*l");
        let (_, root) = page(": orphan\n1: one\n\"q\": two\n");
        let names: Vec<&str> = root
            .as_map()
            .unwrap()
            .iter()
            .map(|e| e.key.name.as_str())
            .collect();
        assert_eq!(names, ["", "1", "q"]);
    }

    #[test]
    fn no_panic_on_arbitrary_input() {
        let alphabet: Vec<char> = "ab1 :-?[]{},#&*!|>'\"\n\t.~é’😀\r".chars().collect();
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..5000 {
            let len = usize::try_from(next() % 32).unwrap();
            let text: String = (0..len)
                .map(|_| alphabet[usize::try_from(next() % alphabet.len() as u64).unwrap()])
                .collect();
            let base = 10;
            match parse(&text, base, &Limits::default()) {
                Ok(node) => check_spans(&node, base, base + text.len()),
                Err(err) => {
                    assert!(
                        err.span.start >= base && err.span.end <= base + text.len(),
                        "{text:?}"
                    );
                }
            }
        }
    }

    fn check_spans(node: &Node, lo: usize, hi: usize) {
        assert!(lo <= node.span.start && node.span.start <= node.span.end && node.span.end <= hi);
        match &node.value {
            Value::Seq(items) => items.iter().for_each(|n| check_spans(n, lo, hi)),
            Value::Map(entries) => entries.iter().for_each(|e| {
                assert!(lo <= e.key.span.start && e.key.span.end <= hi);
                check_spans(&e.value, lo, hi);
            }),
            _ => {}
        }
    }
}

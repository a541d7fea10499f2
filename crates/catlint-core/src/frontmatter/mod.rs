//! Front matter: find it in a page ([`extract`]) and parse it into a spanned [`Node`] tree
//! (YAML, TOML or JSON), with every span a byte range of the original file.

mod depth;
pub mod extract;
mod json;
pub mod keys;
pub mod limits;
pub mod node;
mod toml;
mod yaml;

pub use extract::{ExtractError, Extracted, extract};
pub use keys::{fold_case, keys_equal};
pub use limits::Limits;
pub use node::{Entry, Key, Node, Value};

use crate::span::Span;

/// The three front matter formats Hugo reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Between `---` lines.
    Yaml,
    /// Between `+++` lines.
    Toml,
    /// A JSON object `{ … }` at the top of the file.
    Json,
}

impl Format {
    /// The format's name as users know it.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Format::Yaml => "YAML",
            Format::Toml => "TOML",
            Format::Json => "JSON",
        }
    }
}

/// Why front matter text could not be turned into a tree.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ParseError {
    /// Syntax error or exceeded limit.
    pub kind: ParseErrorKind,
    /// What went wrong, in words for a content editor.
    pub message: String,
    /// Where, in file byte offsets.
    pub span: Span,
}

/// The kind of a [`ParseError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParseErrorKind {
    /// The text is not valid in its format.
    Syntax,
    /// A [`Limits`] bound was hit (nesting depth, alias expansion, size).
    Limit,
}

impl ParseError {
    /// A syntax error at `span`.
    #[must_use]
    pub fn syntax(message: impl Into<String>, span: Span) -> Self {
        Self {
            kind: ParseErrorKind::Syntax,
            message: message.into(),
            span,
        }
    }

    /// The limit error for nesting deeper than `max_depth`, at `span`.
    #[must_use]
    pub fn too_deep(max_depth: usize, span: Span) -> Self {
        Self::limit(
            format!("the front matter nests deeper than {max_depth} levels"),
            span,
        )
    }

    /// A limit error at `span`.
    #[must_use]
    pub fn limit(message: impl Into<String>, span: Span) -> Self {
        Self {
            kind: ParseErrorKind::Limit,
            message: message.into(),
            span,
        }
    }
}

/// The file span of `range` in front matter `text` that starts at byte `base`, clamped to
/// the text (an inverted range becomes empty).
pub(crate) fn file_span(text: &str, base: usize, range: std::ops::Range<usize>) -> Span {
    let start = range.start.min(text.len());
    let end = range.end.clamp(start, text.len());
    Span::new(base + start, base + end)
}

/// Parse the front matter `text` of `format`, which starts at byte `base` of the file.
///
/// All spans in the result are file offsets. An empty YAML or TOML front matter parses to an
/// empty mapping.
///
/// # Errors
/// A [`ParseError`] for invalid syntax or an exceeded [`Limits`] bound.
pub fn parse(format: Format, text: &str, base: usize, limits: &Limits) -> Result<Node, ParseError> {
    if text.len() > limits.max_frontmatter_bytes {
        return Err(ParseError::limit(
            format!(
                "the front matter is {} bytes, more than the limit of {} bytes",
                text.len(),
                limits.max_frontmatter_bytes
            ),
            Span::new(base, base + text.len()),
        ));
    }
    match format {
        Format::Yaml => yaml::parse(text, base, limits),
        Format::Toml => toml::parse(text, base, limits),
        Format::Json => json::parse(text, base, limits),
    }
}

/// A page's front matter: where it is, and its tree.
#[derive(Debug, Clone)]
pub struct FrontMatter {
    /// Where it is in the file.
    pub extracted: Extracted,
    /// Its tree (every span a byte range of the file).
    pub root: Node,
}

/// Why a page's front matter could not be read (see [`read`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// There is none, or it is never closed.
    #[error(transparent)]
    Extract(#[from] ExtractError),
    /// Its bytes are not UTF-8.
    #[error("the front matter is not UTF-8 text")]
    NotText(Extracted),
    /// It does not parse, or is over a limit.
    #[error(transparent)]
    Parse(#[from] ParseError),
}

/// Find and parse the front matter of the page `src`: extract → slice → UTF-8 → parse, in
/// the one place that does it.
///
/// # Errors
/// A [`ReadError`] saying which step failed.
pub fn read(src: &[u8], limits: &Limits) -> Result<FrontMatter, ReadError> {
    let extracted = extract(src)?;
    let content = extracted.content;
    let text = src
        .get(content.start..content.end)
        .and_then(|b| std::str::from_utf8(b).ok())
        .ok_or(ReadError::NotText(extracted))?;
    let root = parse(extracted.format, text, content.start, limits)?;
    Ok(FrontMatter { extracted, root })
}

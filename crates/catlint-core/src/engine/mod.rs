//! The engine: check one page's bytes and collect the diagnostics of every rule.
//!
//! Steps: encoding → extraction → parsing (with limits) → duplicate keys → schema-guided
//! instance (canonical keys, date fields) → JSON Schema validation → date check.

mod instance;
pub(crate) mod schema;
mod validate;

use serde_json::Value as Json;

use crate::diagnostic::Diagnostic;
use crate::frontmatter::{self, ExtractError, Limits, ParseErrorKind, Value};
use crate::rules::{self, RuleId};
use schema::SchemaIndex;

/// Why a [`Checker`] could not be built.
#[derive(Debug, thiserror::Error)]
pub enum CheckerError {
    /// The JSON Schema does not compile.
    #[error("the schema is invalid: {0}")]
    Schema(String),
}

/// Checks pages against a compiled schema. Build once, share between threads.
pub struct Checker {
    validator: jsonschema::Validator,
    index: SchemaIndex,
    limits: Limits,
}

impl std::fmt::Debug for Checker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Checker")
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

impl Checker {
    /// Compile `schema` (draft-07) once.
    ///
    /// # Errors
    /// [`CheckerError::Schema`] if the schema does not compile.
    pub fn new(schema: Json, limits: Limits) -> Result<Self, CheckerError> {
        let validator =
            jsonschema::draft7::new(&schema).map_err(|e| CheckerError::Schema(e.to_string()))?;
        Ok(Self {
            validator,
            index: SchemaIndex::new(schema),
            limits,
        })
    }

    /// The schema the checker validates against.
    #[must_use]
    pub fn schema(&self) -> &Json {
        self.index.root()
    }

    /// Check the bytes of one page. Diagnostics come sorted by position.
    #[must_use]
    pub fn check(&self, src: &[u8]) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        self.check_into(src, &mut out);
        out.sort_by(|a, b| {
            a.span
                .map(|s| (s.start, s.end))
                .cmp(&b.span.map(|s| (s.start, s.end)))
                .then(a.rule.cmp(&b.rule))
        });
        out.dedup_by(|a, b| a.rule == b.rule && a.span == b.span && a.message == b.message);
        out
    }

    fn check_into(&self, src: &[u8], out: &mut Vec<Diagnostic>) {
        if let Some(d) = rules::encoding::check_binary(src) {
            out.push(d);
            return;
        }
        let utf8_error = rules::encoding::check_utf8(src);
        let extracted = match frontmatter::extract(src) {
            Ok(e) => e,
            Err(ExtractError::Missing) => {
                out.extend(utf8_error.map(|(d, _)| d));
                out.push(rules::frontmatter_missing::diagnostic(src));
                return;
            }
            Err(ExtractError::Unterminated { format, open }) => {
                out.extend(utf8_error.map(|(d, _)| d));
                out.push(rules::frontmatter_unterminated::diagnostic(format, open));
                return;
            }
        };
        let content = extracted.content;
        if let Some((d, at)) = utf8_error {
            out.push(d);
            if at < content.end {
                // The front matter itself is not text: nothing more can be said.
                return;
            }
        }
        let Ok(text) = std::str::from_utf8(&src[content.start..content.end]) else {
            return;
        };
        let root = match frontmatter::parse(extracted.format, text, content.start, &self.limits) {
            Ok(root) => root,
            Err(e) => {
                out.push(match e.kind {
                    ParseErrorKind::Syntax => Diagnostic::new(
                        RuleId::Syntax,
                        format!("invalid {}: {}", extracted.format.name(), e.message),
                        Some(e.span),
                    )
                    .with_label("the parser stopped here"),
                    ParseErrorKind::Limit => Diagnostic::new(RuleId::ParseLimit, e.message, Some(e.span))
                        .with_label("limit reached here")
                        .with_help("catlint stops reading here to stay fast and safe: simplify the front matter"),
                });
                return;
            }
        };
        if !matches!(root.value, Value::Map(_)) {
            let span = if root.span.is_empty() {
                extracted.open
            } else {
                root.span
            };
            out.push(
                Diagnostic::new(
                    RuleId::WrongType,
                    format!(
                        "the front matter should be a mapping of fields, but it is {}",
                        root.value.kind_name()
                    ),
                    Some(span),
                )
                .with_label("expected `key: value` lines")
                .with_help("write each field on its own line, as `title: Customer Feedback Loops`"),
            );
            return;
        }
        rules::duplicate_key::check(&root, out);
        let instance = instance::build(&self.index, &root);
        let page = validate::Page {
            root: &root,
            open: extracted.open,
        };
        validate::validate(&self.validator, &self.index, &page, &instance.json, out);
        rules::invalid_date::check(&instance.dates, out);
    }
}

/// A diagnostic for a file over the size limit (the file is not read).
#[must_use]
pub fn file_too_large(size: u64, limit: u64) -> Diagnostic {
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

/// A diagnostic for a path that could not be read.
#[must_use]
pub fn io_error(error: &std::io::Error) -> Diagnostic {
    let reason = match error.kind() {
        std::io::ErrorKind::NotFound => "it does not exist".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => error.to_string(),
    };
    Diagnostic::new(
        RuleId::IoError,
        format!("could not read the file: {reason}"),
        None,
    )
}

fn human_size(bytes: u64) -> String {
    const MB: u64 = 1_000_000;
    if bytes >= MB {
        format!("{:.1} MB", bytes as f64 / MB as f64)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests;

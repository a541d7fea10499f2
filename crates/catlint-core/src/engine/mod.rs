//! The engine: check one page's bytes and collect the diagnostics of every rule.
//!
//! Steps: encoding → extraction → parsing (with limits) → duplicate keys → schema-guided
//! instance (canonical keys, date fields) → JSON Schema validation → date check.

pub mod fix;
mod instance;
pub mod schema;
pub mod suppress;
mod validate;

pub use validate::suggest;

use std::collections::BTreeMap;
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::Value as Json;

use crate::diagnostic::{Diagnostic, Severity};
use crate::frontmatter::{self, ExtractError, Limits, ParseErrorKind, Value};
use crate::model::date::UtcOffset;
use crate::rules::{self, RuleId};
use crate::span::Span;
use schema::SchemaIndex;

/// What the cross-file rules need of a checked term page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TermFacts {
    /// The title and its span, when the page has exactly one title that is text.
    pub title: Option<(String, Span)>,
    /// The opening delimiter (or the start of the file).
    pub anchor: Span,
    /// The page's suppression comments, to apply once every rule (cross-file ones too) has
    /// reported (see [`suppress::apply`]).
    pub suppressions: Vec<suppress::Suppression>,
    /// The name the Instructions open with, when it is the title in another number.
    pub instructions_variant: Option<(String, Span)>,
    /// The page's own term lists (a category filed under concepts), for the keys asked for
    /// (see [`Checker::check_term_listing`]).
    pub lists: Vec<crate::index::TermList>,
    /// The page's `description`, when it has exactly one that is text (editors show it for
    /// the term).
    pub description: Option<String>,
}

/// Why a [`Checker`] could not be built.
#[derive(Debug, thiserror::Error)]
pub enum CheckerError {
    /// The JSON Schema does not compile.
    #[error("the schema is invalid: {0}")]
    Schema(String),
}

/// Options of the engine and the rules.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Parser limits.
    pub limits: Limits,
    /// "Now", in seconds since the Unix epoch (pin it for reproducible runs).
    pub now: i64,
    /// The offset of dates written without a zone (Hugo: the site's `timeZone`, else UTC).
    pub default_offset: UtcOffset,
    /// The site's `timeZone` (an IANA name), used by the `date-timezone` fix.
    pub time_zone: Option<String>,
    /// `headline-content-words`: the most words in `headline.content`.
    pub headline_max_words: usize,
    /// `banned-phrase`: the phrases, matched ignoring case.
    pub banned_phrases: Vec<String>,
    /// `headline-stale`: report headlines older than this many days (off when `None`).
    pub stale_after_days: Option<u32>,
    /// Severity per rule where it differs from the default; `None` turns the rule off.
    pub severities: BTreeMap<RuleId, Option<Severity>>,
}

impl Default for Settings {
    fn default() -> Self {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        Self {
            limits: Limits::default(),
            now,
            default_offset: UtcOffset(0),
            time_zone: None,
            headline_max_words: 50,
            banned_phrases: vec!["best practices".to_owned()],
            stale_after_days: None,
            severities: BTreeMap::new(),
        }
    }
}

impl Settings {
    /// Apply the configured severities (dropping rules that are off), sort by position and
    /// drop exact repeats.
    pub fn finish(&self, out: &mut Vec<Diagnostic>) {
        out.retain_mut(|d| match self.severities.get(&d.rule) {
            None => true,
            Some(None) => false,
            Some(Some(severity)) => {
                d.severity = *severity;
                true
            }
        });
        out.sort_by(|a, b| {
            a.span
                .map(|s| (s.start, s.end))
                .cmp(&b.span.map(|s| (s.start, s.end)))
                .then(a.rule.cmp(&b.rule))
        });
        out.dedup_by(|a, b| a.rule == b.rule && a.span == b.span && a.message == b.message);
    }
}

/// Checks pages against a compiled schema. Build once, share between threads.
pub struct Checker {
    validator: jsonschema::Validator,
    index: SchemaIndex,
    settings: Settings,
}

impl std::fmt::Debug for Checker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Checker")
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

impl Checker {
    /// Compile `schema` (draft-07) once.
    ///
    /// # Errors
    /// [`CheckerError::Schema`] if the schema does not compile.
    pub fn new(schema: Json, settings: Settings) -> Result<Self, CheckerError> {
        let validator =
            jsonschema::draft7::new(&schema).map_err(|e| CheckerError::Schema(e.to_string()))?;
        Ok(Self {
            validator,
            index: SchemaIndex::new(schema),
            settings,
        })
    }

    /// Check the bytes of one page, suppression comments applied. Diagnostics come sorted
    /// by position.
    #[must_use]
    pub fn check(&self, src: &[u8]) -> Vec<Diagnostic> {
        let (mut out, facts) = self.check_term(src);
        suppress::apply(&mut out, &facts.suppressions);
        self.finish(&mut out);
        out
    }

    /// Check the bytes of one term page (suppressions not yet applied), and say what the
    /// cross-file rules need of it.
    #[must_use]
    pub fn check_term(&self, src: &[u8]) -> (Vec<Diagnostic>, TermFacts) {
        self.check_term_listing(src, &[])
    }

    /// [`Checker::check_term`], also collecting the page's term lists under `list_keys`
    /// (matched ignoring case) from the same parse.
    #[must_use]
    pub fn check_term_listing(
        &self,
        src: &[u8],
        list_keys: &[&str],
    ) -> (Vec<Diagnostic>, TermFacts) {
        let mut out = Vec::new();
        let mut facts = TermFacts::default();
        self.check_into(src, list_keys, &mut out, &mut facts);
        self.finish(&mut out);
        (out, facts)
    }

    /// Apply the configured severities (dropping rules that are off), sort by position and
    /// drop exact repeats. For diagnostics made outside [`Checker::check`] (cross-file rules).
    pub fn finish(&self, out: &mut Vec<Diagnostic>) {
        self.settings.finish(out);
    }

    /// The front matter of a page as the JSON instance that is validated against the schema
    /// (keys in their canonical spelling); `None` when it cannot be read or parsed. For tools
    /// that validate with another JSON Schema implementation.
    #[must_use]
    pub fn instance(&self, src: &[u8]) -> Option<Json> {
        let extracted = frontmatter::extract(src).ok()?;
        let content = extracted.content;
        let text = std::str::from_utf8(src.get(content.start..content.end)?).ok()?;
        let root = frontmatter::parse(extracted.format, text, content.start, &self.settings.limits)
            .ok()?;
        Some(instance::build(&self.index, &root).json)
    }

    /// Only what the cross-file rules need of a term page whose own diagnostics are not
    /// wanted (a page of the site that was not asked for): no validation, no page rules.
    #[must_use]
    pub fn term_facts(&self, src: &[u8]) -> TermFacts {
        self.term_facts_listing(src, &[])
    }

    /// [`Checker::term_facts`], also collecting the page's term lists under `list_keys`
    /// (matched ignoring case) from the same parse.
    #[must_use]
    pub fn term_facts_listing(&self, src: &[u8], list_keys: &[&str]) -> TermFacts {
        let mut facts = TermFacts::default();
        let Ok(extracted) = frontmatter::extract(src) else {
            return facts;
        };
        facts.anchor = extracted.open;
        let content = extracted.content;
        let Some(text) = src
            .get(content.start..content.end)
            .and_then(|b| std::str::from_utf8(b).ok())
        else {
            return facts;
        };
        let Ok(root) =
            frontmatter::parse(extracted.format, text, content.start, &self.settings.limits)
        else {
            return facts;
        };
        facts.title = title_of(&root);
        facts.lists = crate::index::term_lists(&root, list_keys);
        facts.description = text_field(&root, "description").map(|(text, _)| text);
        let page = rules::page::Page {
            src,
            format: extracted.format,
            root: &root,
            settings: &self.settings,
            boolean_fields: &[],
        };
        facts.instructions_variant = rules::instructions_opening::plural_variant(&page);
        facts
    }

    /// The engine settings.
    #[must_use]
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    fn check_into(
        &self,
        src: &[u8],
        list_keys: &[&str],
        out: &mut Vec<Diagnostic>,
        facts: &mut TermFacts,
    ) {
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
        facts.anchor = extracted.open;
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
        let root = match frontmatter::parse(
            extracted.format,
            text,
            content.start,
            &self.settings.limits,
        ) {
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
        facts.title = title_of(&root);
        facts.lists = crate::index::term_lists(&root, list_keys);
        facts.description = text_field(&root, "description").map(|(text, _)| text);
        facts.suppressions = suppress::find(src, content, &root);
        rules::duplicate_key::check(src, extracted.format, &root, out);
        let instance = instance::build(&self.index, &root);
        let target = validate::Page {
            src,
            root: &root,
            open: extracted.open,
        };
        validate::validate(&self.validator, &self.index, &target, &instance.json, out);
        rules::invalid_date::check(&instance.dates, out);
        rules::key_case::check(src, &instance.renamed, out);
        let page = rules::page::Page {
            src,
            format: extracted.format,
            root: &root,
            settings: &self.settings,
            boolean_fields: &instance.booleans,
        };
        rules::date_timezone::check(&page, &instance.dates, out);
        rules::check_page(&page, out);
        facts.instructions_variant = rules::instructions_opening::plural_variant(&page);
    }
}

/// The title and its span, when the page has exactly one title that is text (a duplicated
/// title is ambiguous: the cross-file rules leave it alone).
fn title_of(root: &frontmatter::Node) -> Option<(String, Span)> {
    text_field(root, "title")
}

/// The text of the top-level field `key` and its span, when the page has exactly one such
/// field and it is text.
fn text_field(root: &frontmatter::Node, key: &str) -> Option<(String, Span)> {
    let entries = root.as_map()?;
    let mut found = entries
        .iter()
        .filter(|e| schema::keys_equal(&e.key.name, key));
    let first = found.next()?;
    if found.next().is_some() {
        return None;
    }
    Some((first.value.as_str()?.to_owned(), first.value.span))
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

/// A diagnostic for a file on which checking panicked (`message` is the panic's text).
#[must_use]
pub fn internal_error(message: &str) -> Diagnostic {
    Diagnostic::new(
        RuleId::InternalError,
        format!("catlint failed on this file: {message}"),
        None,
    )
    .with_help("this is a bug in catlint, not in the page: please report it with the file")
}

/// A diagnostic for a path that leads to `target`, outside the boundary folder `root`, and
/// was not read.
#[must_use]
pub fn link_outside(target: &std::path::Path, root: &std::path::Path) -> Diagnostic {
    rules::link_outside::diagnostic(target, root)
}

/// A diagnostic for a limit of a `catlint.toml` set above its cap.
#[must_use]
pub fn config_limit(over: &crate::config::OverCap) -> Diagnostic {
    rules::config_limit::diagnostic(over)
}

/// A diagnostic for a path that could not be read.
#[must_use]
pub fn io_error(error: &std::io::Error) -> Diagnostic {
    let reason = match error.kind() {
        std::io::ErrorKind::NotFound => "it does not exist (or is a link to nothing)".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => error.to_string(),
    };
    Diagnostic::new(
        RuleId::IoError,
        format!("could not read the file: {reason}"),
        None,
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

#[cfg(test)]
mod tests;

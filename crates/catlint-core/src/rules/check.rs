//! Checking one page: every page rule over its bytes, from one parse.
//!
//! Steps: encoding → extraction → parsing (with limits) → duplicate keys → schema-guided
//! instance (canonical keys, date fields) → JSON Schema validation → dates → the page rules.
//! The same parse gives the page's [`PageFacts`]. Suppression comments and severities are
//! applied later, once the cross-file rules have reported too (by the site session).

use serde_json::Value as Json;

use super::facts::PageFacts;
use super::schema::SchemaIndex;
use super::schema::instance;
use super::schema::validate;
use super::settings::{self, Settings};
use super::{suppression, wrong_type};
use crate::diagnostic::Diagnostic;
use crate::frontmatter::{self, ExtractError, FrontMatter, ParseErrorKind, Value};
use crate::model::schema::{ModelOptions, category_schema_with};
use crate::rules;

/// Why a [`PageChecker`] could not be built.
#[derive(Debug, thiserror::Error)]
pub enum CheckerError {
    /// The JSON Schema does not compile.
    #[error("the schema is invalid: {0}")]
    Schema(String),
}

/// The compiled schema of one taxonomy's model, and the page rules. Build once per
/// configuration and taxonomy; share between threads.
pub struct PageChecker {
    validator: jsonschema::Validator,
    index: SchemaIndex,
}

impl std::fmt::Debug for PageChecker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageChecker").finish_non_exhaustive()
    }
}

impl PageChecker {
    /// Compile the category model, as `options` change it.
    ///
    /// # Errors
    /// [`CheckerError::Schema`] if the schema does not compile.
    pub fn new(options: ModelOptions<'_>) -> Result<Self, CheckerError> {
        Self::with_schema(category_schema_with(options))
    }

    /// Compile `schema` (draft-07).
    ///
    /// # Errors
    /// [`CheckerError::Schema`] if the schema does not compile.
    pub fn with_schema(schema: Json) -> Result<Self, CheckerError> {
        let validator =
            jsonschema::draft7::new(&schema).map_err(|e| CheckerError::Schema(e.to_string()))?;
        Ok(Self {
            validator,
            index: SchemaIndex::new(schema),
        })
    }

    /// The schema, for lookups (field docs, known keys).
    #[must_use]
    pub fn schema(&self) -> &SchemaIndex {
        &self.index
    }

    /// Check one term page: its own diagnostics, sorted (suppressions and severities not yet
    /// applied), and its facts, with its term lists under `list_keys` (matched ignoring
    /// case), from the same parse. A page outside any site feeds no index: `None` gives only
    /// its suppression comments.
    #[must_use]
    pub fn check(
        &self,
        src: &[u8],
        settings: &Settings,
        list_keys: Option<&[&str]>,
    ) -> (Vec<Diagnostic>, PageFacts) {
        let mut out = Vec::new();
        let mut facts = PageFacts::default();
        self.check_into(src, settings, list_keys, &mut out, &mut facts);
        settings::sort(&mut out);
        (out, facts)
    }

    /// The page's own diagnostics as they stand on their own: suppression comments and
    /// severities applied. What fixes are computed from, and what a page outside any site
    /// shows.
    #[must_use]
    pub fn check_alone(&self, src: &[u8], settings: &Settings) -> Vec<Diagnostic> {
        let (mut out, facts) = self.check(src, settings, None);
        suppression::apply(&mut out, &facts.suppressions);
        settings.finish(&mut out);
        out
    }

    /// The front matter of a page as the JSON instance that is validated against the schema
    /// (keys in their canonical spelling); `None` when it cannot be read or parsed. For tools
    /// that validate with another JSON Schema implementation.
    #[must_use]
    pub fn instance(&self, src: &[u8], settings: &Settings) -> Option<Json> {
        let front = frontmatter::read(src, &settings.limits).ok()?;
        Some(instance::build(&self.index, &front.root).json)
    }

    fn check_into(
        &self,
        src: &[u8],
        settings: &Settings,
        list_keys: Option<&[&str]>,
        out: &mut Vec<Diagnostic>,
        facts: &mut PageFacts,
    ) {
        let Some(front) = read_checked(src, settings, out) else {
            // The page could not be checked (a binary body, bytes that are not UTF-8): its
            // facts are what a read without the check gives, so that the other pages'
            // results never depend on whether this one was checked.
            *facts = match list_keys {
                Some(keys) => PageFacts::read(src, settings, keys, true),
                None => PageFacts::read(src, settings, &[], false),
            };
            return;
        };
        let extracted = front.extracted;
        let root = &front.root;
        let page = rules::page::Page {
            src,
            format: extracted.format,
            root,
            settings,
            boolean_fields: &[],
        };
        *facts = match list_keys {
            Some(keys) => PageFacts::of_term(&page, &front, keys),
            None => PageFacts::of_comments(&page, &front),
        };
        rules::duplicate_key::check(src, extracted.format, root, out);
        let instance = instance::build(&self.index, root);
        let target = validate::Page {
            src,
            root,
            open: extracted.open,
        };
        validate::validate(&self.validator, &self.index, &target, &instance.json, out);
        rules::invalid_date::check(&instance.dates, out);
        rules::key_case::check(src, &instance.renamed, out);
        let page = rules::page::Page {
            boolean_fields: &instance.booleans,
            ..page
        };
        rules::date_timezone::check(&page, &instance.dates, out);
        rules::check_page(&page, out);
    }
}

/// The front matter of a page being checked, or `None` after reporting why there is none to
/// check: not text, none, never closed, not parsable, over a limit, not a mapping.
fn read_checked(src: &[u8], settings: &Settings, out: &mut Vec<Diagnostic>) -> Option<FrontMatter> {
    if let Some(d) = rules::encoding::check_binary(src) {
        out.push(d);
        return None;
    }
    let utf8_error = rules::encoding::check_utf8(src);
    let front = frontmatter::read(src, &settings.limits);
    let extracted = match &front {
        Ok(f) => f.extracted,
        Err(frontmatter::ReadError::NotText(e)) => *e,
        Err(frontmatter::ReadError::Parse(_)) => frontmatter::extract(src).ok()?,
        Err(frontmatter::ReadError::Extract(ExtractError::Missing)) => {
            out.extend(utf8_error.map(|(d, _)| d));
            out.push(rules::frontmatter_missing::diagnostic(src));
            return None;
        }
        Err(frontmatter::ReadError::Extract(ExtractError::Unterminated { format, open })) => {
            out.extend(utf8_error.map(|(d, _)| d));
            out.push(rules::frontmatter_unterminated::diagnostic(*format, *open));
            return None;
        }
    };
    if let Some((d, at)) = utf8_error {
        out.push(d);
        if at < extracted.content.end {
            // The front matter itself is not text: nothing more can be said.
            return None;
        }
    }
    let front = match front {
        Ok(front) => front,
        Err(frontmatter::ReadError::Parse(e)) => {
            out.push(match e.kind {
                ParseErrorKind::Syntax => rules::syntax::diagnostic(extracted.format, &e),
                ParseErrorKind::Limit => rules::parse_limit::diagnostic(&e),
            });
            return None;
        }
        Err(_) => return None,
    };
    if !matches!(front.root.value, Value::Map(_)) {
        let span = if front.root.span.is_empty() {
            extracted.open
        } else {
            front.root.span
        };
        out.push(wrong_type::not_a_mapping(&front.root, span));
        return None;
    }
    Some(front)
}

#[cfg(test)]
mod tests;

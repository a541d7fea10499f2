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
use crate::diagnostic::{Diagnostic, apply_edits};
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
        self.keep_fixes_that_cannot_hurt(src, settings, &mut out);
        settings::sort(&mut out);
        (out, facts)
    }

    /// Every fix, safe or unsafe, is tried on the page in memory before it is offered: it
    /// stays only when the page it makes no longer has its finding and has no finding the
    /// page did not have. Findings are compared by rule and message (positions move); a
    /// finding about fewer of the same fields (`missing-field` after a rename supplied one)
    /// is not new. Rules that are off do not count.
    fn keep_fixes_that_cannot_hurt(&self, src: &[u8], settings: &Settings, out: &mut [Diagnostic]) {
        if out.iter().all(|d| d.fix.is_none()) {
            return;
        }
        let on = |d: &&Diagnostic| !matches!(settings.severities.get(&d.rule), Some(None));
        let before: Vec<Diagnostic> = out.iter().filter(on).cloned().collect();
        for d in out.iter_mut() {
            let Some(fix) = &d.fix else {
                continue;
            };
            let cannot_hurt = apply_edits(src, &fix.edits).is_some_and(|fixed| {
                let mut after = Vec::new();
                let mut ignored = PageFacts::default();
                self.check_into(&fixed, settings, None, &mut after, &mut ignored);
                let after: Vec<&Diagnostic> = after.iter().filter(on).collect();
                removes_only(&before, &after, d)
            });
            if !cannot_hurt {
                d.fix = None;
            }
        }
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
        let instance = instance::build(&self.index, root);
        let misspelt: Vec<_> = instance.renamed.iter().map(|(k, _)| k.span).collect();
        rules::duplicate_key::check(src, extracted.format, root, &misspelt, out);
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

/// Whether `after` (the findings of a fixed page) lacks `own` and has nothing `before` did
/// not have: each finding of `after` is matched to one of `before` with its rule and
/// message, or, failing that, with its rule and a superset of its fields.
fn removes_only(before: &[Diagnostic], after: &[&Diagnostic], own: &Diagnostic) -> bool {
    let same = |a: &Diagnostic, b: &Diagnostic| a.rule == b.rule && a.message == b.message;
    let count = |list: &mut dyn Iterator<Item = &Diagnostic>| list.filter(|d| same(d, own)).count();
    if count(&mut after.iter().copied()) >= count(&mut before.iter()) {
        return false;
    }
    let mut pool: Vec<&Diagnostic> = before.iter().collect();
    after.iter().all(|a| {
        let exact = pool.iter().position(|b| same(a, b));
        let fewer_fields = || {
            pool.iter().position(|b| {
                b.rule == a.rule
                    && !a.fields.is_empty()
                    && a.fields.iter().all(|f| b.fields.contains(f))
            })
        };
        match exact.or_else(fewer_fields) {
            Some(i) => {
                pool.swap_remove(i);
                true
            }
            None => false,
        }
    })
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

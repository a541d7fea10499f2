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
use crate::model::schema::{ModelOptions, category_schema_with, page_schema};
use crate::rules;

/// Why a [`PageChecker`] could not be built.
#[derive(Debug, thiserror::Error)]
pub enum CheckerError {
    /// The JSON Schema does not compile.
    #[error("the schema is invalid: {0}")]
    Schema(String),
}

/// Which model a [`PageChecker`] checks pages against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Model {
    /// A term page of a checked taxonomy: the category model and every page rule.
    Term,
    /// Any other content page: Hugo's page model and Hugo's own rules only (what `hugo`
    /// fails on, ignores or misreads), so that a site adopting catlint sees no noise from its
    /// posts. A page without front matter is a page Hugo builds.
    Page,
}

/// The compiled schema of one model, and the page rules. Build once per configuration and
/// taxonomy (or once for every other page); share between threads.
pub struct PageChecker {
    validator: jsonschema::Validator,
    index: SchemaIndex,
    model: Model,
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

    /// Compile Hugo's page model, for pages that are not term pages.
    ///
    /// # Errors
    /// [`CheckerError::Schema`] if the schema does not compile.
    pub fn for_pages() -> Result<Self, CheckerError> {
        Ok(Self {
            model: Model::Page,
            ..Self::with_schema(page_schema())?
        })
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
            model: Model::Term,
        })
    }

    /// The schema, for lookups (field docs, known keys).
    #[must_use]
    pub fn schema(&self) -> &SchemaIndex {
        &self.index
    }

    /// Check one page: its own diagnostics, sorted (suppressions and severities not yet
    /// applied), and its facts, with its term lists under `list_keys` (matched ignoring
    /// case), from the same parse: a term page's facts when `term` (its title, description,
    /// Instructions opening), else a post's. A page outside any site feeds no index: `None`
    /// gives only its suppression comments.
    #[must_use]
    pub fn check(
        &self,
        src: &[u8],
        settings: &Settings,
        list_keys: Option<&[&str]>,
        term: bool,
    ) -> (Vec<Diagnostic>, PageFacts) {
        let mut out = Vec::new();
        let mut facts = PageFacts::default();
        let facts_of = list_keys.map(|keys| (keys, term));
        self.check_into(src, settings, facts_of, &mut out, &mut facts);
        self.keep_fixes_that_cannot_hurt(src, settings, &mut out);
        settings::sort(&mut out);
        (out, facts)
    }

    /// Every fix, safe or unsafe, is tried on the page in memory before it is offered: it
    /// stays only when the page it makes no longer has its finding and has no finding the
    /// page did not have. Findings are compared by rule and message (positions move); a
    /// finding about fewer of the same fields (`missing-field` after a rename supplied one)
    /// is not new. Rules that are off do not count. Each try checks the page again, so only
    /// so many fixes of a page are tried (and offered) that [`FIX_TRIES_BYTES`] are checked
    /// again at most (one fix at least): a page with thousands of fixable findings stays
    /// linear, and `--fix`, which checks again after fixing, reaches the rest.
    fn keep_fixes_that_cannot_hurt(&self, src: &[u8], settings: &Settings, out: &mut [Diagnostic]) {
        if out.iter().all(|d| d.fix.is_none()) {
            return;
        }
        let on = |d: &&Diagnostic| !matches!(settings.severities.get(&d.rule), Some(None));
        let before: Vec<Diagnostic> = out.iter().filter(on).cloned().collect();
        let budget = (FIX_TRIES_BYTES / src.len().max(1)).max(1);
        let mut tried = 0;
        for d in out.iter_mut() {
            let Some(fix) = &d.fix else {
                continue;
            };
            tried += 1;
            if tried > budget {
                d.fix = None;
                continue;
            }
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
        let (mut out, facts) = self.check(src, settings, None, false);
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
        Some(instance::build(&self.index, &front.root, self.model == Model::Page).json)
    }

    fn check_into(
        &self,
        src: &[u8],
        settings: &Settings,
        facts_of: Option<(&[&str], bool)>,
        out: &mut Vec<Diagnostic>,
        facts: &mut PageFacts,
    ) {
        let Some(front) = read_checked(src, settings, self.model, out) else {
            // The page could not be checked (a binary body, bytes that are not UTF-8): its
            // facts are what a read without the check gives, so that the other pages'
            // results never depend on whether this one was checked.
            *facts = match facts_of {
                Some((keys, term)) => PageFacts::read(src, settings, keys, term),
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
        *facts = match facts_of {
            Some((keys, true)) => PageFacts::of_term(&page, &front, keys),
            Some((keys, false)) => PageFacts::of_post(&page, &front, keys),
            None => PageFacts::of_comments(&page, &front),
        };
        let instance = instance::build(&self.index, root, self.model == Model::Page);
        let misspelt: Vec<_> = instance.renamed.iter().map(|(k, _)| k.span).collect();
        rules::duplicate_key::check(src, extracted.format, root, &misspelt, out);
        let target = validate::Page {
            src,
            root,
            open: extracted.open,
        };
        let schema_findings = out.len();
        validate::validate(&self.validator, &self.index, &target, &instance.json, out);
        let all_pages = self.model == Model::Page;
        if all_pages {
            // Hugo builds a page whatever the type of its own fields but `params` (and dates,
            // which invalid-date reports): it converts the value or ignores it.
            let params = page.field(&["params"]).map(|(_, node)| node.span);
            rules::misread_value::soften(&mut out[schema_findings..], params);
        }
        rules::invalid_date::check(&instance.dates, all_pages, out);
        let page = rules::page::Page {
            boolean_fields: &instance.booleans,
            ..page
        };
        rules::check_hugo_page(&page, &instance.dates, all_pages, out);
        if self.model == Model::Term {
            rules::key_case::check(src, &instance.renamed, out);
            rules::date_timezone::check(&page, &instance.dates, out);
            rules::check_page(&page, out);
        }
        one_finding_per_defect(out);
    }
}

/// How many bytes trying the fixes of one page checks again, at most.
pub const FIX_TRIES_BYTES: usize = 1 << 20;

/// One finding per defect: a field Hugo removed, ignores or deprecated is not also unknown to
/// the model, nor a legacy boolean also of the wrong type or misread. Looked up by span, in
/// one pass each way, whatever the number of findings.
fn one_finding_per_defect(out: &mut Vec<Diagnostic>) {
    use crate::rules::RuleId;
    use std::collections::HashSet;
    let mut hugo_fields = HashSet::new();
    let mut legacy_booleans = HashSet::new();
    for d in out.iter() {
        match d.rule {
            RuleId::RemovedField | RuleId::DeprecatedField | RuleId::IgnoredField => {
                hugo_fields.insert(d.span);
            }
            RuleId::YamlLegacyBoolean => {
                legacy_booleans.insert(d.span);
            }
            _ => {}
        }
    }
    if hugo_fields.is_empty() && legacy_booleans.is_empty() {
        return;
    }
    out.retain(|d| match d.rule {
        RuleId::UnknownField => !hugo_fields.contains(&d.span),
        RuleId::MisreadValue | RuleId::WrongType => !legacy_booleans.contains(&d.span),
        _ => true,
    });
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
fn read_checked(
    src: &[u8],
    settings: &Settings,
    model: Model,
    out: &mut Vec<Diagnostic>,
) -> Option<FrontMatter> {
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
            if model == Model::Term {
                out.push(rules::frontmatter_missing::diagnostic(src));
            }
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
                ParseErrorKind::Syntax => {
                    let mut d = rules::syntax::diagnostic(extracted.format, &e);
                    if extracted.format == frontmatter::Format::Yaml
                        && let Some((span, what)) =
                            rules::syntax::unclosed_flow(src, extracted.content, e.span.start)
                    {
                        d = d.with_related(span, what);
                    }
                    d
                }
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

//! Diagnostics: what a rule found, where, and how it could be fixed.

use serde::Serialize;

use crate::rules::RuleId;
use crate::span::Span;

/// How serious a diagnostic is. Only errors make `catlint check` exit with 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The page is wrong: Hugo misreads it or a required field is missing.
    Error,
    /// The page works but drifts from the site's conventions.
    Warning,
    /// Worth knowing; never fails a run.
    Info,
}

impl Severity {
    /// The lowercase name used in output and configuration.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a fix may be applied without asking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Repairs the defect in the one way the page dictates; applied by `--fix`.
    Safe,
    /// A judgement call; applied only with `--unsafe-fixes`.
    Unsafe,
}

/// Replace the bytes of `span` with `content`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// The bytes to replace (empty for an insertion).
    pub span: Span,
    /// The replacement text.
    pub content: String,
}

/// A set of edits that together repair one diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// Safe or unsafe.
    pub applicability: Applicability,
    /// Non-overlapping edits, in file order.
    pub edits: Vec<Edit>,
}

/// `src` with `edits` applied (in file order, none overlapping); `None` when two overlap or
/// one leaves the file. The one place bytes are rewritten: a fix applied in memory to be
/// re-checked, and the fix engine.
#[must_use]
pub fn apply_edits<'a>(src: &[u8], edits: impl IntoIterator<Item = &'a Edit>) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(src.len());
    let mut at = 0;
    for e in edits {
        if e.span.start < at || e.span.start > e.span.end || e.span.end > src.len() {
            return None;
        }
        out.extend_from_slice(&src[at..e.span.start]);
        out.extend_from_slice(e.content.as_bytes());
        at = e.span.end;
    }
    out.extend_from_slice(&src[at..]);
    Some(out)
}

/// One problem found in one file.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// The rule that found it.
    pub rule: RuleId,
    /// How serious it is.
    pub severity: Severity,
    /// What is wrong, in words for a content editor.
    pub message: String,
    /// A short text shown under the highlighted span.
    pub label: Option<String>,
    /// How to repair it.
    pub help: Option<String>,
    /// The offending bytes; `None` only when the whole file is concerned (it could not be
    /// read, or is too large to read).
    pub span: Option<Span>,
    /// An automatic repair, if the rule has one.
    pub fix: Option<Fix>,
    /// Other places that explain the diagnostic ("first defined here").
    pub related: Vec<(Span, String)>,
    /// The fields the diagnostic is about, by their path (`missing-field`: every field the
    /// page lacks, `headline.updated`); in the JSON output as `fields`, in SARIF as
    /// `properties.fields`.
    pub fields: Vec<String>,
}

impl Diagnostic {
    /// A diagnostic of `rule` at its default severity.
    #[must_use]
    pub fn new(rule: RuleId, message: impl Into<String>, span: Option<Span>) -> Self {
        Self {
            rule,
            severity: rule.default_severity(),
            message: message.into(),
            label: None,
            help: None,
            span,
            fix: None,
            related: Vec::new(),
            fields: Vec::new(),
        }
    }

    /// With a label under the span.
    #[must_use]
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// With another labelled place.
    #[must_use]
    pub fn with_related(mut self, span: Span, label: impl Into<String>) -> Self {
        self.related.push((span, label.into()));
        self
    }

    /// With a help text.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

//! The rules: one file each, holding the rule's summary and documentation (what it does, why,
//! an example, what to write instead, and how it is fixed). `catlint explain RULE` prints the
//! documentation; `catlint rules` lists the summaries.
//!
//! Rule ids are kebab-case and never change: users put them in configuration, suppressions
//! and CI baselines.

use crate::diagnostic::Severity;

macro_rules! declare_rules {
    ($( $variant:ident => $module:ident, $id:literal, $severity:ident; )*) => {
        $( pub(crate) mod $module; )*

        /// A stable rule identifier.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum RuleId {
            $(
                #[doc = concat!("`", $id, "`")]
                $variant,
            )*
        }

        impl RuleId {
            /// Every rule, in documentation order.
            pub const ALL: &'static [RuleId] = &[$(RuleId::$variant),*];

            /// The kebab-case id.
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self { $(RuleId::$variant => $id,)* }
            }

            /// The severity a diagnostic of this rule has unless configured otherwise.
            #[must_use]
            pub const fn default_severity(self) -> Severity {
                match self { $(RuleId::$variant => Severity::$severity,)* }
            }

            /// One line saying what the rule checks.
            #[must_use]
            pub const fn summary(self) -> &'static str {
                match self { $(RuleId::$variant => $module::SUMMARY,)* }
            }

            /// The rule's documentation, in Markdown.
            #[must_use]
            pub const fn docs(self) -> &'static str {
                match self { $(RuleId::$variant => $module::DOCS,)* }
            }
        }
    };
}

declare_rules! {
    FrontmatterMissing => frontmatter_missing, "frontmatter-missing", Error;
    FrontmatterUnterminated => frontmatter_unterminated, "frontmatter-unterminated", Error;
    Syntax => syntax, "syntax", Error;
    DuplicateKey => duplicate_key, "duplicate-key", Error;
    MissingField => missing_field, "missing-field", Error;
    UnknownField => unknown_field, "unknown-field", Error;
    WrongType => wrong_type, "wrong-type", Error;
    InvalidDate => invalid_date, "invalid-date", Error;
    TooLong => too_long, "too-long", Warning;
    EmptyValue => empty_value, "empty-value", Error;
    Encoding => encoding, "encoding", Error;
    FileTooLarge => file_too_large, "file-too-large", Error;
    ParseLimit => parse_limit, "parse-limit", Error;
    IoError => io_error, "io-error", Error;
    LinkOutside => link_outside, "link-outside", Warning;
    ConfigLimit => config_limit, "config-limit", Warning;
    InternalError => internal_error, "internal-error", Error;
    InstructionsOpening => instructions_opening, "instructions-opening", Error;
    InstructionsSections => instructions_sections, "instructions-sections", Warning;
    HeadlineTitle => headline_title, "headline-title", Warning;
    HeadlineContentWords => headline_content_words, "headline-content-words", Warning;
    BannedPhrase => banned_phrase, "banned-phrase", Warning;
    HeadlineStale => headline_stale, "headline-stale", Warning;
    FutureDate => future_date, "future-date", Warning;
    DateTimezone => date_timezone, "date-timezone", Warning;
    YamlLegacyBoolean => yaml_legacy_boolean, "yaml-legacy-boolean", Warning;
    KeyCase => key_case, "key-case", Warning;
    UntrimmedValue => untrimmed_value, "untrimmed-value", Warning;
    DuplicateTerm => duplicate_term, "duplicate-term", Error;
    BundleConflict => bundle_conflict, "bundle-conflict", Error;
    TermPathMismatch => term_path_mismatch, "term-path-mismatch", Warning;
    UndefinedTerm => undefined_term, "undefined-term", Warning;
    UnusedTerm => unused_term, "unused-term", Info;
    UndeclaredTaxonomy => undeclared_taxonomy, "undeclared-taxonomy", Warning;
    UnusedSuppression => unused_suppression, "unused-suppression", Warning;
}

pub(crate) mod page;

/// Run every page rule (the rules that read one parsed page).
pub(crate) fn check_page(page: &page::Page<'_>, out: &mut Vec<crate::diagnostic::Diagnostic>) {
    instructions_opening::check(page, out);
    instructions_sections::check(page, out);
    headline_title::check(page, out);
    headline_content_words::check(page, out);
    banned_phrase::check(page, out);
    headline_stale::check(page, out);
    future_date::check(page, out);
    yaml_legacy_boolean::check(page, out);
    untrimmed_value::check(page, out);
}

impl RuleId {
    /// Whether the rule offers an automatic fix for (some of) its diagnostics.
    #[must_use]
    pub const fn fixable(self) -> bool {
        matches!(
            self,
            RuleId::InstructionsOpening
                | RuleId::HeadlineTitle
                | RuleId::UnknownField
                | RuleId::KeyCase
                | RuleId::UntrimmedValue
                | RuleId::DateTimezone
                | RuleId::YamlLegacyBoolean
                | RuleId::DuplicateKey
        )
    }

    /// The rule with this id, if any.
    #[must_use]
    pub fn from_id(id: &str) -> Option<RuleId> {
        RuleId::ALL.iter().copied().find(|r| r.as_str() == id)
    }
}

impl std::fmt::Display for RuleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for RuleId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case_and_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for &rule in RuleId::ALL {
            let id = rule.as_str();
            assert!(seen.insert(id), "duplicate id {id}");
            assert!(
                id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{id} is not kebab-case"
            );
            assert_eq!(RuleId::from_id(id), Some(rule));
        }
    }

    #[test]
    fn every_rule_has_complete_docs() {
        for &rule in RuleId::ALL {
            let docs = rule.docs();
            assert!(!rule.summary().is_empty(), "{rule} has no summary");
            for section in ["## What it does", "## Why", "## Example", "## Fix"] {
                assert!(docs.contains(section), "{rule} docs lack `{section}`");
            }
        }
    }
}

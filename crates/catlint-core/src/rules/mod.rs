//! The rules: one file each, holding the rule's summary and documentation (what it does, why,
//! an example, what to write instead, and how it is fixed) and building its own diagnostics.
//! `catlint explain RULE` prints the documentation; `catlint rules` lists the summaries.
//!
//! Beside them, what running them takes: [`settings`] (their options), [`schema`] (the JSON
//! Schema walked beside the front matter, whose errors the schema-level rules report),
//! [`check`] (every page rule over one page), [`facts`] (what the cross-file rules need of a
//! page), [`index`] (the cross-file rules over a site) and [`suppression`] (comments that
//! turn rules off).
//!
//! Rule ids are kebab-case and never change: users put them in configuration, suppressions
//! and CI baselines. Adding a rule: its file (docs, check, diagnostics), its `mod` line and
//! its row in [`registry!`], a fixture under `fixtures/invalid/<rule>` or
//! `fixtures/sites/<rule>`, and its snapshot.

pub mod check;
pub mod facts;
pub mod index;
pub(crate) mod page;
pub mod schema;
pub mod settings;
pub mod suggest;
pub mod suppression;

pub(crate) mod absolute_url;
pub(crate) mod banned_phrase;
pub(crate) mod bundle_conflict;
pub mod config_limit;
pub(crate) mod date_timezone;
pub(crate) mod deprecated_field;
pub(crate) mod duplicate_key;
pub(crate) mod duplicate_term;
pub(crate) mod empty_value;
pub(crate) mod encoding;
pub mod file_too_large;
pub(crate) mod frontmatter_missing;
pub(crate) mod frontmatter_unterminated;
pub(crate) mod future_date;
pub(crate) mod headline_content_words;
pub(crate) mod headline_stale;
pub(crate) mod headline_title;
pub(crate) mod ignored_field;
pub(crate) mod instructions_opening;
pub(crate) mod instructions_sections;
pub mod internal_error;
pub mod invalid_config;
pub(crate) mod invalid_date;
pub mod io_error;
pub(crate) mod key_case;
pub mod link_outside;
pub(crate) mod misread_value;
pub(crate) mod missing_field;
pub(crate) mod not_a_term_page;
pub(crate) mod parse_limit;
pub(crate) mod removed_field;
pub(crate) mod shadowed_key;
pub mod syntax;
pub(crate) mod term_path_mismatch;
pub(crate) mod term_url_collision;
pub(crate) mod too_long;
pub(crate) mod unbuilt_term_page;
pub(crate) mod undeclared_language;
pub(crate) mod undeclared_taxonomy;
pub(crate) mod undefined_term;
pub(crate) mod unknown_field;
pub(crate) mod unrendered_term_page;
pub(crate) mod untrimmed_value;
pub(crate) mod unused_suppression;
pub(crate) mod unused_term;
pub(crate) mod wrong_type;
pub(crate) mod yaml_legacy_boolean;

pub use check::{CheckerError, PageChecker};

/// A merged finding in the form catlint gave it before it was merged: `missing-field` one
/// finding per missing field, the `unknown-field` warning one per key, each built by its
/// rule as it was then. `None` for any other finding. Baselines written before the merge
/// hold these forms.
#[must_use]
pub fn unmerged(d: &crate::diagnostic::Diagnostic) -> Option<Vec<crate::diagnostic::Diagnostic>> {
    match d.rule {
        RuleId::MissingField if d.fields.len() > 1 => {
            let span = d.span?;
            Some(
                d.fields
                    .iter()
                    .map(|path| {
                        let (parent, name) = path.rsplit_once('.').unwrap_or(("", path));
                        missing_field::diagnostic(parent, name, span, None)
                    })
                    .collect(),
            )
        }
        RuleId::UnknownField => Some(
            unknown_field::far_keys(d)?
                .iter()
                .map(|(name, span)| unknown_field::diagnostic("", name, *span, None, None))
                .collect(),
        ),
        _ => None,
    }
}
pub use facts::PageFacts;
pub use settings::Settings;

use crate::diagnostic::{Applicability, Severity};

/// What a rule reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One page's front matter.
    Page,
    /// The site's index: every page's facts.
    CrossFile,
    /// A file as a whole, or a configuration file (it could not be read, it leads outside
    /// the repository, it is over a limit).
    File,
}

/// Which fixes a rule may attach to its diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fixes {
    /// None.
    None,
    /// Safe fixes only (`--fix`).
    Safe,
    /// Unsafe fixes only (`--fix --unsafe-fixes`).
    Unsafe,
    /// Either, depending on the case.
    SafeAndUnsafe,
}

impl Fixes {
    /// Whether a fix of `applicability` is declared.
    #[must_use]
    pub const fn allows(self, applicability: Applicability) -> bool {
        matches!(
            (self, applicability),
            (Fixes::Safe | Fixes::SafeAndUnsafe, Applicability::Safe)
                | (Fixes::Unsafe | Fixes::SafeAndUnsafe, Applicability::Unsafe)
        )
    }
}

/// The registry: one row per rule — variant, module, id, default severity, kind, fixes.
macro_rules! registry {
    ($( $variant:ident => $module:ident, $id:literal, $severity:ident, $kind:ident, $fixes:ident; )*) => {
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

            /// What the rule reads.
            #[must_use]
            pub const fn kind(self) -> Kind {
                match self { $(RuleId::$variant => Kind::$kind,)* }
            }

            /// Which fixes the rule may offer.
            #[must_use]
            pub const fn fixes(self) -> Fixes {
                match self { $(RuleId::$variant => Fixes::$fixes,)* }
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

registry! {
    FrontmatterMissing => frontmatter_missing, "frontmatter-missing", Error, Page, None;
    FrontmatterUnterminated => frontmatter_unterminated, "frontmatter-unterminated", Error, Page, None;
    Syntax => syntax, "syntax", Error, Page, None;
    DuplicateKey => duplicate_key, "duplicate-key", Error, Page, Safe;
    MissingField => missing_field, "missing-field", Error, Page, None;
    UnknownField => unknown_field, "unknown-field", Error, Page, Unsafe;
    WrongType => wrong_type, "wrong-type", Error, Page, None;
    InvalidDate => invalid_date, "invalid-date", Error, Page, None;
    TooLong => too_long, "too-long", Warning, Page, None;
    EmptyValue => empty_value, "empty-value", Error, Page, None;
    Encoding => encoding, "encoding", Error, Page, None;
    FileTooLarge => file_too_large, "file-too-large", Error, File, None;
    ParseLimit => parse_limit, "parse-limit", Error, Page, None;
    IoError => io_error, "io-error", Error, File, None;
    LinkOutside => link_outside, "link-outside", Warning, File, None;
    ConfigLimit => config_limit, "config-limit", Warning, File, None;
    InvalidConfig => invalid_config, "invalid-config", Error, File, None;
    InternalError => internal_error, "internal-error", Error, File, None;
    InstructionsOpening => instructions_opening, "instructions-opening", Error, Page, SafeAndUnsafe;
    InstructionsSections => instructions_sections, "instructions-sections", Warning, Page, None;
    HeadlineTitle => headline_title, "headline-title", Warning, Page, Unsafe;
    HeadlineContentWords => headline_content_words, "headline-content-words", Warning, Page, None;
    BannedPhrase => banned_phrase, "banned-phrase", Warning, Page, None;
    HeadlineStale => headline_stale, "headline-stale", Warning, Page, None;
    FutureDate => future_date, "future-date", Warning, Page, None;
    DateTimezone => date_timezone, "date-timezone", Warning, Page, Unsafe;
    YamlLegacyBoolean => yaml_legacy_boolean, "yaml-legacy-boolean", Warning, Page, SafeAndUnsafe;
    KeyCase => key_case, "key-case", Warning, Page, Safe;
    UntrimmedValue => untrimmed_value, "untrimmed-value", Warning, Page, Safe;
    DuplicateTerm => duplicate_term, "duplicate-term", Error, CrossFile, None;
    BundleConflict => bundle_conflict, "bundle-conflict", Error, CrossFile, None;
    TermPathMismatch => term_path_mismatch, "term-path-mismatch", Warning, CrossFile, None;
    UndefinedTerm => undefined_term, "undefined-term", Warning, CrossFile, None;
    UnusedTerm => unused_term, "unused-term", Info, CrossFile, None;
    UnbuiltTermPage => unbuilt_term_page, "unbuilt-term-page", Warning, CrossFile, None;
    UnrenderedTermPage => unrendered_term_page, "unrendered-term-page", Warning, CrossFile, None;
    NotATermPage => not_a_term_page, "not-a-term-page", Warning, CrossFile, None;
    TermUrlCollision => term_url_collision, "term-url-collision", Warning, CrossFile, None;
    UndeclaredLanguage => undeclared_language, "undeclared-language", Warning, CrossFile, None;
    UndeclaredTaxonomy => undeclared_taxonomy, "undeclared-taxonomy", Warning, CrossFile, None;
    UnusedSuppression => unused_suppression, "unused-suppression", Warning, Page, None;
    ShadowedKey => shadowed_key, "shadowed-key", Warning, Page, SafeAndUnsafe;
    AbsoluteUrl => absolute_url, "absolute-url", Error, Page, None;
    RemovedField => removed_field, "removed-field", Error, Page, Safe;
    DeprecatedField => deprecated_field, "deprecated-field", Warning, Page, Safe;
    IgnoredField => ignored_field, "ignored-field", Warning, Page, None;
    MisreadValue => misread_value, "misread-value", Warning, Page, None;
}

/// Rules that are off unless a `catlint.toml` turns them on (`[rules] term-path-mismatch =
/// "warning"`): true and useful on sites that want them, noise on most (a display title that
/// differs from its folder is normal in Hugo).
pub const OFF_BY_DEFAULT: &[RuleId] = &[RuleId::TermPathMismatch];

impl RuleId {
    /// Whether the rule runs unless configured otherwise (see [`OFF_BY_DEFAULT`]).
    #[must_use]
    pub fn on_by_default(self) -> bool {
        !OFF_BY_DEFAULT.contains(&self)
    }
}

/// Run Hugo's own page rules, on every page Hugo builds: what `hugo` fails on, ignores or
/// misreads. `all_pages`: the page is not a term page (rules the category model covers its
/// own way stay off on term pages).
pub(crate) fn check_hugo_page(
    page: &page::Page<'_>,
    dates: &[(String, &crate::frontmatter::Node)],
    all_pages: bool,
    out: &mut Vec<crate::diagnostic::Diagnostic>,
) {
    absolute_url::check(page, out);
    removed_field::check(page, out);
    deprecated_field::check(page, out);
    misread_value::check_dates(dates, out);
    if all_pages {
        ignored_field::check(page, out);
        yaml_legacy_boolean::check(page, true, out);
    }
}

/// Run every page rule of the category model (the rules that read one parsed term page).
pub(crate) fn check_page(page: &page::Page<'_>, out: &mut Vec<crate::diagnostic::Diagnostic>) {
    instructions_opening::check(page, out);
    instructions_sections::check(page, out);
    headline_title::check(page, out);
    headline_content_words::check(page, out);
    banned_phrase::check(page, out);
    headline_stale::check(page, out);
    future_date::check(page, out);
    yaml_legacy_boolean::check(page, false, out);
    untrimmed_value::check(page, out);
}

impl RuleId {
    /// Whether the rule offers an automatic fix for (some of) its diagnostics.
    #[must_use]
    pub const fn fixable(self) -> bool {
        !matches!(self.fixes(), Fixes::None)
    }

    /// Whether a finding of this rule means catlint could not do its job (a path it could
    /// not read, a configuration it could not use, a failure of its own): the run exits with
    /// 2, and no `catlint.toml` may change its severity.
    #[must_use]
    pub const fn reports_trouble(self) -> bool {
        matches!(
            self,
            RuleId::IoError | RuleId::InternalError | RuleId::InvalidConfig
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

impl<'de> serde::Deserialize<'de> for RuleId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let id = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        RuleId::from_id(&id)
            .ok_or_else(|| serde::de::Error::custom(format!("there is no rule `{id}`")))
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

    /// Every `.md` file under `dir` (none when it does not exist).
    fn pages(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pages(&path, out);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }

    /// The default model's checker, with settings under which every rule that fixes can:
    /// date-timezone (and its fix) on a site with a time zone.
    fn fix_checker() -> (PageChecker, Settings) {
        let checker = PageChecker::new(crate::model::schema::ModelOptions::default())
            .expect("the model compiles");
        let settings = Settings {
            now: 1_767_225_600,
            zone: crate::model::date::Zone::named("Europe/London"),
            every_date: true,
            ..Settings::default()
        };
        (checker, settings)
    }

    /// Every fix a rule attaches is one its registry row declares, and every rule that
    /// declares fixes attaches one somewhere in the fixtures.
    #[test]
    fn every_fix_attached_is_declared() {
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
        let mut files = Vec::new();
        pages(&fixtures, &mut files);
        assert!(
            files.len() > 50,
            "fixtures not found at {}",
            fixtures.display()
        );
        let (checker, settings) = fix_checker();
        let mut offered = std::collections::HashSet::new();
        for file in files {
            let src = std::fs::read(&file).expect("read");
            for d in checker.check_alone(&src, &settings) {
                if let Some(fix) = &d.fix {
                    assert!(
                        d.rule.fixes().allows(fix.applicability),
                        "{}: {} attaches a fix of {:?}, which its registry row does not declare",
                        file.display(),
                        d.rule,
                        fix.applicability
                    );
                    offered.insert((d.rule, fix.applicability));
                }
            }
        }
        for &rule in RuleId::ALL {
            for applicability in [Applicability::Safe, Applicability::Unsafe] {
                if rule.fixes().allows(applicability) {
                    assert!(
                        offered.contains(&(rule, applicability)),
                        "{rule} declares {applicability:?} fixes but no fixture gets one"
                    );
                }
            }
        }
    }

    /// The property behind every offered fix, over every page of the fixtures and, where
    /// present, the real corpus, checked as a term page and as any other page (Hugo's page
    /// model): applied alone, a fix removes its finding and adds none (findings compared by
    /// rule and message, positions moving).
    #[test]
    fn every_offered_fix_applied_alone_removes_its_finding_and_adds_none() {
        use crate::diagnostic::Diagnostic;
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut files = Vec::new();
        pages(&root.join("fixtures"), &mut files);
        pages(&root.join("../shared/corpus"), &mut files);
        let (term, settings) = fix_checker();
        let page = PageChecker::for_pages().expect("Hugo's page model compiles");
        let key = |d: &Diagnostic| (d.rule, d.message.clone());
        let mut tried = std::collections::BTreeMap::<RuleId, usize>::new();
        let runs = files.iter().flat_map(|file| [(file, &term), (file, &page)]);
        for (file, checker) in runs {
            let src = std::fs::read(file).expect("read");
            let before = checker.check_alone(&src, &settings);
            for d in before.iter().filter(|d| d.fix.is_some()) {
                let fix = d.fix.as_ref().expect("filtered");
                let fixed = crate::diagnostic::apply_edits(&src, &fix.edits)
                    .expect("an offered fix applies");
                let after = checker.check_alone(&fixed, &settings);
                let count = |list: &[Diagnostic], k: &(RuleId, String)| {
                    list.iter().filter(|x| key(x) == *k).count()
                };
                assert!(
                    count(&after, &key(d)) < count(&before, &key(d)),
                    "{}: the {} fix leaves its finding `{}`",
                    file.display(),
                    d.rule,
                    d.message
                );
                for a in &after {
                    let fewer_fields = !a.fields.is_empty()
                        && before.iter().any(|b| {
                            b.rule == a.rule && a.fields.iter().all(|f| b.fields.contains(f))
                        });
                    assert!(
                        count(&before, &key(a)) >= count(&after, &key(a)) || fewer_fields,
                        "{}: the {} fix adds `{}` ({})",
                        file.display(),
                        d.rule,
                        a.message,
                        a.rule
                    );
                }
                *tried.entry(d.rule).or_default() += 1;
            }
        }
        for &rule in RuleId::ALL {
            if rule.fixes() != Fixes::None {
                assert!(
                    tried.contains_key(&rule),
                    "no page offers a {rule} fix to try: {tried:?}"
                );
            }
        }
    }

    /// Every file of this folder is a module rustfmt can see: declared by a `mod` line of its
    /// own, not generated by a macro (rustfmt does not follow macros).
    #[test]
    fn every_rule_file_has_an_explicit_mod_line() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
        let this = std::fs::read_to_string(dir.join("mod.rs")).expect("mod.rs");
        for entry in std::fs::read_dir(&dir).expect("rules folder") {
            let path = entry.expect("entry").path();
            let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
                continue;
            };
            if stem == "mod" {
                continue;
            }
            let declared = [
                format!("pub mod {stem};"),
                format!("pub(crate) mod {stem};"),
            ]
            .iter()
            .any(|line| this.lines().any(|l| l.trim() == line));
            assert!(
                declared,
                "rules/{stem} has no `mod {stem};` line in rules/mod.rs"
            );
        }
        // And every rule's module is one of them.
        for &rule in RuleId::ALL {
            let module = rule.as_str().replace('-', "_");
            assert!(
                dir.join(format!("{module}.rs")).is_file(),
                "{rule} has no file"
            );
        }
    }
}

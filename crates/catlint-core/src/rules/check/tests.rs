//! Engine tests: each rule on a page in each format, at the exact line and column.

use super::PageChecker;
use crate::diagnostic::Diagnostic;
use crate::rules::facts::PageFacts;
use crate::rules::{RuleId, Settings};
use crate::span::LineIndex;

/// The checker of the default model with its settings.
struct Checker {
    page: PageChecker,
    settings: Settings,
}

impl Checker {
    fn check(&self, src: &[u8]) -> Vec<Diagnostic> {
        self.page.check_alone(src, &self.settings)
    }

    fn check_term_listing(&self, src: &[u8], keys: &[&str]) -> (Vec<Diagnostic>, PageFacts) {
        self.page.check(src, &self.settings, Some(keys), true)
    }

    fn check_term(&self, src: &[u8]) -> (Vec<Diagnostic>, PageFacts) {
        self.page.check(src, &self.settings, Some(&[]), true)
    }
}

/// The checker, with `instructions-sections` off: these short test pages carry only the
/// opening line of the Instructions (the section rule has its own tests).
fn checker() -> Checker {
    let mut settings = Settings {
        // 2026-01-01T00:00:00Z: the test pages are dated before it.
        now: 1_767_225_600,
        ..Settings::default()
    };
    settings
        .severities
        .insert(RuleId::InstructionsSections, None);
    Checker {
        page: PageChecker::new(crate::model::schema::ModelOptions::default()).unwrap(),
        settings,
    }
}

/// (rule, line, column, text under the span) of every diagnostic.
fn found(src: &str) -> Vec<(RuleId, usize, usize, String)> {
    let diagnostics = checker().check(src.as_bytes());
    let index = LineIndex::new(src.as_bytes());
    diagnostics
        .iter()
        .map(|d: &Diagnostic| {
            let span = d.span.expect("span");
            let pos = index.position(src.as_bytes(), span.start);
            (
                d.rule,
                pos.line,
                pos.column,
                src[span.start..span.end].to_owned(),
            )
        })
        .collect()
}

const YAML: &str = "---
title: Lean
date: 2025-02-11T10:17:24Z
description: Eliminating waste.
Instructions: |-
  **Use this category only for discussions on Lean.**
headline:
  cards: []
  title: Lean
  subtitle: Flow.
  content: Less waste.
  updated: 2025-02-13T12:05:19Z
---
Body
";

const TOML: &str = "+++
title = \"Lean\"
date = 2025-02-11T10:17:24Z
description = \"Eliminating waste.\"
Instructions = \"**Use this category only for discussions on Lean.**\"

[headline]
cards = []
title = \"Lean\"
subtitle = \"Flow.\"
content = \"Less waste.\"
updated = 2025-02-13T12:05:19Z
+++
Body
";

const JSON: &str = r#"{
  "title": "Lean",
  "date": "2025-02-11T10:17:24Z",
  "description": "Eliminating waste.",
  "Instructions": "**Use this category only for discussions on Lean.**",
  "headline": {
    "cards": [],
    "title": "Lean",
    "subtitle": "Flow.",
    "content": "Less waste.",
    "updated": "2025-02-13T12:05:19Z"
  }
}
Body
"#;

#[test]
fn valid_pages_in_every_format_are_clean() {
    for src in [YAML, TOML, JSON] {
        assert_eq!(found(src), [], "{src}");
    }
}

#[test]
fn nested_headline_updated_is_located_in_every_format() {
    let cases = [
        (
            YAML.replace(
                "updated: 2025-02-13T12:05:19Z",
                "updated: 2025-02-30T12:05:19Z",
            ),
            12,
            12,
            "2025-02-30T12:05:19Z",
        ),
        (
            TOML.replace(
                "updated = 2025-02-13T12:05:19Z",
                "updated = \"2025-02-30T12:05:19Z\"",
            ),
            12,
            11,
            "\"2025-02-30T12:05:19Z\"",
        ),
        (
            JSON.replace(
                "\"updated\": \"2025-02-13T12:05:19Z\"",
                "\"updated\": \"2025-02-30T12:05:19Z\"",
            ),
            11,
            16,
            "\"2025-02-30T12:05:19Z\"",
        ),
    ];
    for (src, line, column, text) in cases {
        assert_eq!(
            found(&src),
            [(RuleId::InvalidDate, line, column, text.to_owned())],
            "{src}"
        );
    }
}

#[test]
fn crlf_and_bom_keep_positions_exact() {
    let src = format!(
        "\u{feff}{}",
        YAML.replace('\n', "\r\n").replace("descripti", "descripto")
    );
    let result = found(&src);
    assert!(
        result.contains(&(RuleId::UnknownField, 4, 1, "descriptoon".to_owned())),
        "{result:?}"
    );
    // The BOM is one character on line 1; line 4 starts after three CRLFs.
}

#[test]
fn keys_match_case_insensitively() {
    let src = YAML
        .replace("Instructions:", "instructions:")
        .replace("  title: Lean", "  Title: Lean");
    // Found as the fields they spell (no missing-field, no unknown-field); only the spelling
    // is a warning.
    assert_eq!(
        found(&src),
        [
            (RuleId::KeyCase, 5, 1, "instructions".to_owned()),
            (RuleId::KeyCase, 9, 3, "Title".to_owned()),
        ]
    );
}

#[test]
fn case_insensitive_duplicate_is_reported_on_the_second_key() {
    let src = YAML.replace("title: Lean\ndate", "title: Lean\nTitle: Lean\ndate");
    assert_eq!(
        found(&src),
        [(RuleId::ShadowedKey, 3, 1, "Title".to_owned())]
    );
}

#[test]
fn missing_fields_point_at_the_opening_delimiter_or_parent_key() {
    let src = YAML
        .replace("date: 2025-02-11T10:17:24Z\n", "")
        .replace("  subtitle: Flow.\n", "");
    assert_eq!(
        found(&src),
        [
            (RuleId::MissingField, 1, 1, "---".to_owned()),
            (RuleId::MissingField, 6, 1, "headline".to_owned()),
        ]
    );
}

#[test]
fn unknown_field_suggests_the_close_known_field() {
    let src = YAML.replace("Instructions:", "Instrutions:");
    let d = checker().check(src.as_bytes());
    let unknown = d.iter().find(|d| d.rule == RuleId::UnknownField).unwrap();
    assert_eq!(
        unknown.help.as_deref(),
        Some("did you mean `Instructions`?")
    );
}

#[test]
fn wrong_type_empty_value_and_too_long() {
    let long = "x".repeat(161);
    let src = YAML
        .replace("title: Lean\ndate", "title:\ndate")
        .replace(
            "description: Eliminating waste.",
            &format!("description: {long}"),
        )
        .replace("cards: []", "cards: nope");
    assert_eq!(
        found(&src),
        [
            (RuleId::EmptyValue, 2, 1, "title".to_owned()),
            (RuleId::TooLong, 4, 14, long.clone()),
            (RuleId::WrongType, 8, 10, "nope".to_owned()),
        ]
    );
}

#[test]
fn yaml_1_2_reads_yes_as_text() {
    let src = YAML.replace("headline:", "trustpilot: yes\nheadline:");
    assert_eq!(
        found(&src),
        // One finding for one defect: the legacy boolean, not also a wrong type.
        [(RuleId::YamlLegacyBoolean, 7, 13, "yes".to_owned())]
    );
}

#[test]
fn non_ascii_text_before_a_span_counts_characters_not_bytes() {
    let src = YAML
        .replace(
            "description: Eliminating waste.",
            "description: Élimination du gâchis ’ 🚀",
        )
        .replace("  cards: []", "  cards: []\n  extra: ü");
    let result = found(&src);
    assert!(
        result.contains(&(RuleId::UnknownField, 9, 3, "extra".to_owned())),
        "{result:?}"
    );
}

#[test]
fn non_finite_numbers_are_not_numbers_of_any_field() {
    let src = YAML.replace("headline:", "weight: .inf\nheadline:");
    assert_eq!(found(&src), [(RuleId::WrongType, 7, 9, ".inf".to_owned())]);
}

#[test]
fn case_variants_are_located_on_the_one_the_instance_kept() {
    // The last of `sitemap`/`Sitemap` is validated; its bad value must be reported on it.
    let src = YAML.replace(
        "headline:",
        "sitemap: {priority: 0.5}\nSitemap: {changefreq: sometimes}\nheadline:",
    );
    let result = found(&src);
    assert!(
        result.contains(&(RuleId::ShadowedKey, 8, 1, "Sitemap".to_owned())),
        "{result:?}"
    );
    assert!(
        result.contains(&(RuleId::WrongType, 8, 23, "sometimes".to_owned())),
        "{result:?}"
    );
}

#[test]
fn many_keys_are_checked_in_linear_time() {
    let mut src = String::from("---\nparams:\n");
    for i in 0..30_000 {
        src.push_str(&format!("  k{i}: 1\n  K{i}: 2\n"));
    }
    src.push_str("---\n");
    let started = std::time::Instant::now();
    let d = checker().check(src.as_bytes());
    assert_eq!(
        d.iter().filter(|d| d.rule == RuleId::ShadowedKey).count(),
        30_000
    );
    // Every one has a fix Hugo's reading makes certain enough to offer (unsafe), but only
    // so many are tried on one page.
    let fixes = d.iter().filter(|d| d.fix.is_some()).count();
    let budget = super::FIX_TRIES_BYTES / src.len();
    assert!(
        (1..=budget.max(1)).contains(&fixes),
        "{fixes} fixes offered"
    );
    // Quadratic matching took minutes here; linear takes well under a second even in debug.
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
}

#[test]
fn structural_problems() {
    assert_eq!(found("no front matter\n")[0].0, RuleId::FrontmatterMissing);
    assert_eq!(
        found("---\ntitle: x\n")[0],
        (RuleId::FrontmatterUnterminated, 1, 1, "---".to_owned())
    );
    assert_eq!(found("---\ntitle: [\n---\n")[0].0, RuleId::Syntax);
    assert_eq!(found("---\n- a\n- b\n---\n")[0].0, RuleId::WrongType);
    let bomb = "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n---\n";
    assert_eq!(found(bomb)[0].0, RuleId::ParseLimit);
}

#[test]
fn encoding_problems_point_at_the_bad_byte() {
    let mut bytes = YAML.as_bytes().to_vec();
    let at = YAML.find("Lean").unwrap();
    bytes[at] = 0xE9;
    let d = checker().check(&bytes);
    assert_eq!(d[0].rule, RuleId::Encoding);
    assert_eq!(d[0].span.unwrap().start, at);
    let d = checker().check(b"\x00\x01binary");
    assert_eq!(d[0].rule, RuleId::Encoding);
}

#[test]
fn invalid_utf8_in_the_body_still_checks_the_front_matter() {
    let mut bytes = YAML.replacen("title: Lean\n", "", 1).into_bytes();
    bytes.extend_from_slice(b"caf\xE9\n");
    let rules: Vec<RuleId> = checker().check(&bytes).iter().map(|d| d.rule).collect();
    assert_eq!(rules, [RuleId::MissingField, RuleId::Encoding]);
}

#[test]
fn one_parse_gives_the_check_the_facts_and_the_term_lists() {
    let src = "---\ntitle: Lean\nConcepts: [Flow, \"Kanban\"]\ntags: agile\n---\nbody\n";
    let checker = checker();
    let keys = ["concepts", "tags"];
    let (_, facts) = checker.check_term_listing(src.as_bytes(), &keys);
    let only_facts = PageFacts::read(src.as_bytes(), &checker.settings, &keys, true);
    assert_eq!(
        facts, only_facts,
        "the facts are the same with or without the check"
    );
    for lists in [&facts.hugo.lists, &only_facts.hugo.lists] {
        let names: Vec<(&str, Vec<&str>)> = lists
            .iter()
            .map(|l| {
                (
                    l.key.as_str(),
                    l.items.iter().map(|(s, _)| s.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            names,
            [
                ("Concepts", vec!["Flow", "Kanban"]),
                ("tags", vec!["agile"])
            ]
        );
        let (_, span) = &lists[0].items[1];
        assert_eq!(&src[span.start..span.end], "\"Kanban\"");
    }
    assert_eq!(facts.title.as_ref().map(|(t, _)| t.as_str()), Some("Lean"));
    assert!(checker.check_term(src.as_bytes()).1.hugo.lists.is_empty());
}

/// The rules and messages of `src`'s findings, and whether each offers a fix.
fn findings_with_fixes(src: &str) -> Vec<(RuleId, String, bool)> {
    checker()
        .check(src.as_bytes())
        .into_iter()
        .map(|d| (d.rule, d.message, d.fix.is_some()))
        .collect()
}

#[test]
fn a_fix_that_would_add_a_finding_is_not_offered() {
    // Renaming `headlin` to `headline` would give a headline of the wrong type.
    let src = YAML.replace(
        "headline:\n  cards: []\n  title: Lean\n  subtitle: Flow.\n  content: Less waste.\n  updated: 2025-02-13T12:05:19Z\n",
        "headlin: just text\n",
    );
    let found = findings_with_fixes(&src);
    let unknown = found
        .iter()
        .find(|(rule, ..)| *rule == RuleId::UnknownField)
        .expect("unknown-field");
    assert!(!unknown.2, "the rename is withheld: {found:?}");
    // The same typo on a value of the right type keeps its fix.
    let src = YAML.replace("headline:", "headlin:");
    let found = findings_with_fixes(&src);
    assert!(
        found
            .iter()
            .any(|(rule, _, fix)| *rule == RuleId::UnknownField && *fix),
        "{found:?}"
    );
}

#[test]
fn a_rename_that_supplies_one_of_several_missing_fields_is_offered() {
    let src = YAML
        .replace("date:", "dte:")
        .replace("description: Eliminating waste.\n", "");
    let found = findings_with_fixes(&src);
    assert!(
        found.contains(&(
            RuleId::MissingField,
            "the page lacks 2 required fields: `date`, `description`".to_owned(),
            false
        )),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|(rule, _, fix)| *rule == RuleId::UnknownField && *fix),
        "the rename leaves `description` missing, a finding the page had: {found:?}"
    );
}

#[test]
fn of_two_equal_case_variants_the_fix_removes_the_misspelt_one() {
    let src = YAML.replace("title: Lean\ndate", "title: Lean\nTitle: Lean\ndate");
    let d = checker().check(src.as_bytes());
    let duplicate = d
        .iter()
        .find(|d| d.rule == RuleId::ShadowedKey)
        .expect("duplicate-key");
    let fix = duplicate.fix.as_ref().expect("a fix");
    let fixed = crate::diagnostic::apply_edits(src.as_bytes(), &fix.edits).unwrap();
    assert_eq!(String::from_utf8(fixed).unwrap(), YAML);
}

/// (rule, line, text under the span) of every diagnostic Hugo's page model gives `src`.
fn found_on_a_post(src: &str) -> Vec<(RuleId, usize, String)> {
    let checker = PageChecker::for_pages().expect("Hugo's page model compiles");
    let settings = Settings {
        now: 1_767_225_600,
        ..Settings::default()
    };
    let index = LineIndex::new(src.as_bytes());
    checker
        .check_alone(src.as_bytes(), &settings)
        .iter()
        .map(|d| {
            let span = d.span.expect("span");
            let line = index.position(src.as_bytes(), span.start).line;
            (d.rule, line, src[span.start..span.end].to_owned())
        })
        .collect()
}

#[test]
fn a_post_gets_hugos_rules_only() {
    // None of the category model's rules: no required fields, no Instructions, no length
    // limits, no banned phrases, no time zone or future date, any custom field.
    let long = "word ".repeat(60);
    let post = format!(
        "---\ntitle: 'Best practices '\ndate: 2099-01-01T10:00:00\ndescription: {long}\n\
         Title2: x\nsubtitle: More\nrating: 5\n---\nBody\n"
    );
    assert_eq!(found_on_a_post(&post), []);
    // A bare yes/no in a text field is the text Hugo reads (only true/false fields count).
    assert_eq!(found_on_a_post("---\ntitle: Y\nanswer: no\n---\n"), []);
    // A page without front matter is a page Hugo builds.
    assert_eq!(found_on_a_post("Just a body.\n"), []);
    assert_eq!(found_on_a_post(""), []);
    // But what `hugo` fails on is an error.
    assert_eq!(
        found_on_a_post("---\ntitle: x\ndate: Oct 15, 2023\n---\n"),
        [(RuleId::InvalidDate, 3, "Oct 15, 2023".to_owned())]
    );
    assert_eq!(
        found_on_a_post("---\nparams: [1, 2]\n---\n"),
        [(RuleId::WrongType, 2, "[1, 2]".to_owned())]
    );
}

#[test]
fn a_post_is_read_as_hugos_cast_reads_it() {
    let converted = "---\ntitle: 1984\nweight: \"5\"\ndraft: \"true\"\nheadless: 0\n\
                     keywords: lean agile\nsitemap:\n  priority: \"0.5\"\nbuild:\n  list: false\n\
                     date: \"\"\n---\n";
    assert_eq!(found_on_a_post(converted), []);
    // What the cast cannot read, Hugo ignores: a warning on the value.
    let found = found_on_a_post("---\nweight: abc\nbuild:\n  list: Never\n---\n");
    assert_eq!(
        found,
        [
            (RuleId::MisreadValue, 2, "abc".to_owned()),
            (RuleId::MisreadValue, 4, "Never".to_owned()),
        ]
    );
    // `draft: yes` is one finding, the legacy boolean, not also a misread value.
    assert_eq!(
        found_on_a_post("---\ndraft: yes\n---\n"),
        [(RuleId::YamlLegacyBoolean, 2, "yes".to_owned())]
    );
}

#[test]
fn hugos_page_rules_point_at_the_offending_bytes() {
    let post = "---\nurl: https://example.org/x/\naliases:\n  - /ok/\n  - http://example.org/old/\n\
                _build:\n  list: never\ncascade:\n  - _target:\n      path: /x/**\n\
                lang: fr\ndate: 20231015\nTitle: Upper\ntitle: lower\n---\n";
    assert_eq!(
        found_on_a_post(post),
        [
            (RuleId::AbsoluteUrl, 2, "https://example.org/x/".to_owned()),
            (RuleId::AbsoluteUrl, 5, "http://example.org/old/".to_owned()),
            (RuleId::RemovedField, 6, "_build".to_owned()),
            (RuleId::DeprecatedField, 9, "_target".to_owned()),
            (RuleId::IgnoredField, 11, "lang".to_owned()),
            (RuleId::MisreadValue, 12, "20231015".to_owned()),
            (RuleId::ShadowedKey, 14, "title".to_owned()),
        ]
    );
    // Hugo compares the scheme case-sensitively: `HTTPS://` is a (strange) path to it.
    assert_eq!(found_on_a_post("---\nurl: HTTPS://x/\n---\n"), []);
}

#[test]
fn of_two_spellings_hugo_reads_the_one_not_all_lower_case() {
    let post = "---\nTitle: Upper\ntitle: lower\n---\n";
    let checker = PageChecker::for_pages().expect("compiles");
    let d = checker.check_alone(post.as_bytes(), &Settings::default());
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(
        d[0].message.contains("reads the value of `Title`"),
        "{}",
        d[0].message
    );
    // The unsafe fix leaves what Hugo reads, under the lower-case key.
    let fix = d[0].fix.as_ref().expect("a fix");
    assert_eq!(fix.applicability, crate::diagnostic::Applicability::Unsafe);
    let fixed = crate::diagnostic::apply_edits(post.as_bytes(), &fix.edits).expect("applies");
    assert_eq!(
        String::from_utf8(fixed).unwrap(),
        "---\ntitle: Upper\n---\n"
    );
    // Two spellings with capitals: either wins, so no fix.
    let d = checker.check_alone(b"---\nTitle: a\nTITLE: b\n---\n", &Settings::default());
    assert_eq!(d.len(), 1);
    assert!(d[0].fix.is_none());
    assert!(d[0].message.contains("either value"), "{}", d[0].message);
}

//! The real-world corpus (`../shared/corpus`): catlint must handle it as it is.
//! Skipped, with a clear message, where the corpus is not beside the repository.

mod common;

use std::collections::BTreeMap;

use catlint_core::rules::RuleId;
use catlint_core::rules::Settings;
use common::{check_json, corpus};

#[test]
fn corpus_check_never_panics_and_every_span_is_inside_its_file() {
    let Some(corpus) = corpus() else {
        println!("SKIPPED: corpus not found");
        return;
    };
    let corpus_arg = corpus.to_string_lossy().into_owned();
    let (code, report) = check_json(&[&corpus_arg]);
    assert!(code == 0 || code == 1, "exit code {code}");
    let files_checked = report["files_checked"].as_u64().unwrap();
    assert!(
        files_checked >= 54,
        "all category pages are found, got {files_checked}"
    );

    let mut per_rule: BTreeMap<String, usize> = BTreeMap::new();
    for d in report["diagnostics"].as_array().unwrap() {
        *per_rule
            .entry(d["rule"].as_str().unwrap().to_owned())
            .or_default() += 1;
        let path = d["path"].as_str().unwrap();
        // Paths are relative to the working directory of the run (the workspace root).
        let text = std::fs::read(common::root().join(path))
            .unwrap_or_else(|e| panic!("{path} cannot be opened: {e}"));
        let lines = text.split(|&b| b == b'\n').count();
        let span = &d["span"];
        assert!(!span.is_null(), "{path}: {} has no span", d["rule"]);
        for end in ["start", "end"] {
            let line = span[end]["line"].as_u64().unwrap() as usize;
            let offset = span[end]["offset"].as_u64().unwrap() as usize;
            assert!(
                (1..=lines).contains(&line),
                "{path}: line {line} outside 1..={lines}"
            );
            assert!(offset <= text.len(), "{path}: offset {offset} past the end");
        }
    }
    insta::assert_debug_snapshot!("corpus_counts_per_rule", per_rule);
}

#[test]
fn every_corpus_page_parses_without_panic_or_syntax_error() {
    let Some(corpus) = corpus() else {
        println!("SKIPPED: corpus not found");
        return;
    };
    let checker = common::Checker::new(Settings::default());
    let mut pages = 0;
    let mut stack = vec![corpus];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                pages += 1;
                let diagnostics = checker.check(&std::fs::read(&path).unwrap());
                let syntax: Vec<_> = diagnostics
                    .iter()
                    .filter(|d| d.rule == RuleId::Syntax)
                    .collect();
                assert!(syntax.is_empty(), "{}: {syntax:?}", path.display());
            }
        }
    }
    assert!(pages >= 150, "only {pages} pages found");
}

#[test]
fn tab_inside_a_plain_scalar_is_valid_yaml() {
    let Some(corpus) = corpus() else {
        println!("SKIPPED: corpus not found");
        return;
    };
    let path = corpus.join("nkdagility/site/content/concepts/philosophy/_index.md");
    let bytes = std::fs::read(&path).unwrap();
    assert!(
        bytes.windows(2).any(|w| w == b"\tS"),
        "the real file still holds the tab"
    );
    let checker = common::Checker::new(Settings::default());
    let diagnostics = checker.check(&bytes);
    assert!(
        diagnostics.iter().all(|d| d.rule != RuleId::Syntax),
        "{diagnostics:?}"
    );
    // The page is otherwise complete and valid; its description (with the tab) is long.
    let rules: Vec<RuleId> = diagnostics.iter().map(|d| d.rule).collect();
    assert_eq!(rules, [RuleId::TooLong], "{diagnostics:?}");
    let span = diagnostics[0].span.unwrap();
    let description = std::str::from_utf8(&bytes[span.start..span.end]).unwrap();
    assert!(
        description.contains("e.g., \tSocial Technologies"),
        "{description}"
    );
}

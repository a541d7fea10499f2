//! The Hugo-parity fixture sites (`fixtures/hugo/<case>/`): each holds what real Hugo 0.168
//! does with one case (its README) and the findings catlint must report for it
//! (`expected.json`). `scripts/test-hugo-oracle.sh` checks the same expectations against a
//! real Hugo build in CI; this test pins catlint's side without Hugo.

mod common;

use std::collections::BTreeMap;

use common::{check_json, root};

/// The rules whose findings a case's `expected.json` lists in full.
const ORACLE_RULES: [&str; 7] = [
    "undefined-term",
    "unused-term",
    "unbuilt-term-page",
    "unrendered-term-page",
    "term-url-collision",
    "not-a-term-page",
    "undeclared-language",
];

type Findings = BTreeMap<(String, String, u64), usize>;

fn expected(case: &std::path::Path) -> Findings {
    let text = std::fs::read_to_string(case.join("expected.json")).expect("expected.json");
    let list: Vec<serde_json::Value> = serde_json::from_str(&text).expect("a JSON list");
    let mut out = Findings::new();
    for e in list {
        let key = (
            e["rule"].as_str().expect("rule").to_owned(),
            e["file"].as_str().expect("file").to_owned(),
            e["line"].as_u64().expect("line"),
        );
        *out.entry(key).or_default() += 1;
    }
    out
}

#[test]
fn every_hugo_fixture_reports_exactly_its_expected_findings() {
    let dir = root().join("fixtures/hugo");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures/hugo")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.join("expected.json").is_file())
        .collect();
    cases.sort();
    assert!(cases.len() >= 20, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let rel = case.strip_prefix(root()).expect("inside the repository");
        let arg = rel.to_string_lossy().into_owned();
        let (code, report) = check_json(&[&arg, "--no-cache"]);
        assert!(code == 0 || code == 1, "{arg}: exit code {code}");
        let mut got = Findings::new();
        for d in report["diagnostics"].as_array().expect("diagnostics") {
            let rule = d["rule"].as_str().expect("rule");
            if !ORACLE_RULES.contains(&rule) {
                continue;
            }
            let path = d["path"].as_str().expect("path");
            let file = path
                .strip_prefix(&format!("{arg}/"))
                .unwrap_or(path)
                .to_owned();
            let line = d["span"]["start"]["line"].as_u64().unwrap_or(0);
            *got.entry((rule.to_owned(), file, line)).or_default() += 1;
        }
        let want = expected(case);
        if got != want {
            failures.push(format!("{arg}:\n  expected {want:?}\n  got      {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

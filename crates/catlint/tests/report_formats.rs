//! End-to-end tests of the CI output formats: `--format short|github|sarif|junit`,
//! `--report FORMAT=FILE`, `--root`, and the GitHub step summary.

mod common;

use std::process::Output;

use catlint_core::rules::RuleId;
use common::{catlint, catlint_in, root, stdout};
use serde_json::Value;

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `catlint check --format FORMAT ARGS` from the workspace root.
fn check(format: &str, args: &[&str]) -> Output {
    let mut all = vec!["check", "--format", format];
    all.extend_from_slice(args);
    let out = catlint(&all);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "catlint failed: {}",
        stderr(&out)
    );
    out
}

fn sarif(args: &[&str]) -> Value {
    let out = check("sarif", args);
    assert!(
        stdout(&out).ends_with("}\n"),
        "pretty JSON with a final newline"
    );
    serde_json::from_slice(&out.stdout).expect("SARIF is JSON")
}

// ---------------------------------------------------------------------------------------
// Snapshots of each format on the example site.

#[test]
fn example_site_short() {
    let out = check("short", &["fixtures/sites/example"]);
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("example_site_short", stdout(&out));
}

#[test]
fn example_site_github() {
    let out = check("github", &["fixtures/sites/example"]);
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("example_site_github", stdout(&out));
}

#[test]
fn example_site_junit() {
    let out = check("junit", &["fixtures/sites/example"]);
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("example_site_junit", stdout(&out));
}

/// The results of the SARIF report; the rules (generated from the rule docs, which change
/// on their own) are checked by `sarif_driver_lists_every_rule`, not snapshotted.
#[test]
fn example_site_sarif() {
    let mut report = sarif(&["fixtures/sites/example"]);
    let run = &mut report["runs"][0];
    let rules = run["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .map(|r| r["id"].clone())
        .collect();
    run["tool"]["driver"]["rules"] = Value::Array(rules);
    run["tool"]["driver"]["version"] = "[VERSION]".into();
    let base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .expect("a base URI");
    assert!(
        base.starts_with("file:///") && base.ends_with('/'),
        "the root as a file URI ending in a slash: {base}"
    );
    run["originalUriBaseIds"]["%SRCROOT%"]["uri"] = "file:///[ROOT]/".into();
    insta::assert_json_snapshot!("example_site_sarif", report);
}

// ---------------------------------------------------------------------------------------
// GitHub annotations.

/// A site whose term folder is named `a,b:c`, with a key holding `%`, `,`, `:`, CR and LF
/// (the `unknown-field` message quotes it).
fn awkward_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let term = dir.path().join("content/categories/a,b:c");
    std::fs::create_dir_all(&term).expect("create");
    std::fs::write(
        term.join("_index.md"),
        "---\ntitle: \"T\"\n\"100% a,b: c\\r\\nd\": 1\n---\n",
    )
    .expect("write");
    dir
}

#[test]
fn github_escapes_messages_and_paths() {
    let site = awkward_site();
    let out = catlint_in(
        site.path(),
        &["check", "--format", "github", "--root", ".", "."],
        &[],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    let file = "file=content/categories/a%2Cb%3Ac/_index.md";
    assert!(
        text.lines()
            .all(|l| l.starts_with(&format!("::error {file},"))
                || l.starts_with(&format!("::warning {file},"))),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "::warning {file},line=3,endLine=3,col=1,endColumn=19,title=catlint (unknown-field)::\
             `100%25 a,b: c%0D%0Ad` is not a known field%0Ahelp: "
        )),
        "{text}"
    );
    // One command per line: no raw CR or LF inside a command (the unknown field, and the
    // missing fields in one finding).
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(!text.contains('\r'));
}

#[test]
fn github_annotation_kinds_and_spanless_findings() {
    // `unused-term` is an info: a notice.
    let out = check("github", &["fixtures/sites/example"]);
    assert!(stdout(&out).lines().any(|l| {
        l.starts_with("::notice file=fixtures/sites/example/content/categories/scrum.md,line=1,")
    }));
    // A path that cannot be read has no span: no line or column.
    let out = catlint(&["check", "--format", "github", "does/not/exist"]);
    assert_eq!(out.status.code(), Some(2));
    let text = stdout(&out);
    assert!(
        text.starts_with("::error file=does/not/exist,title=catlint (io-error)::"),
        "{text}"
    );
}

#[test]
fn short_format_without_a_span() {
    let out = catlint(&["check", "--format", "short", "does/not/exist"]);
    assert_eq!(out.status.code(), Some(2));
    let text = stdout(&out);
    assert!(
        text.starts_with("does/not/exist: error[io-error] "),
        "{text}"
    );
    assert_eq!(text.lines().count(), 1);
}

#[test]
fn step_summary_is_appended_when_github_output_is_asked_for() {
    let dir = tempfile::tempdir().expect("temp dir");
    let summary = dir.path().join("summary.md");
    std::fs::write(&summary, "earlier step output\n").expect("write");
    let out = catlint_in(
        &root(),
        &["check", "--format", "github", "fixtures/sites/example"],
        &[("GITHUB_STEP_SUMMARY", &summary)],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = std::fs::read_to_string(&summary).expect("summary");
    insta::assert_snapshot!("example_site_step_summary", text);
    // Every finding is in the table, not only the first ten of each kind.
    let rows = text.lines().filter(|l| l.starts_with("| `")).count();
    assert_eq!(rows, stdout(&out).lines().count());

    // A clean run says so.
    std::fs::write(&summary, "").expect("write");
    let out = catlint_in(
        &root(),
        &["check", "--format", "github", "fixtures/valid"],
        &[("GITHUB_STEP_SUMMARY", &summary)],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "", "no annotations");
    let text = std::fs::read_to_string(&summary).expect("summary");
    assert!(text.trim_start().starts_with("## catlint\n\n"), "{text}");
    assert!(text.contains("checked: no problems found."), "{text}");
}

// ---------------------------------------------------------------------------------------
// SARIF.

fn sarif_validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("fixtures/sarif/sarif-2.1.0.json"))
            .expect("the SARIF schema"),
    )
    .expect("schema is JSON");
    assert_eq!(
        schema["$schema"], "http://json-schema.org/draft-07/schema#",
        "the schema declares draft-07"
    );
    jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

fn assert_valid_sarif(validator: &jsonschema::Validator, report: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(report)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF of {what} is invalid:\n{}",
        errors.join("\n")
    );
}

#[test]
fn sarif_validates_against_the_schema() {
    let validator = sarif_validator();
    for path in [
        "fixtures/sites/example",
        "fixtures/invalid",
        "fixtures/valid",
    ] {
        let report = sarif(&[path]);
        assert_valid_sarif(&validator, &report, path);
    }
    let site = awkward_site();
    let out = catlint_in(
        site.path(),
        &["check", "--format", "sarif", "--root", ".", "."],
        &[],
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_valid_sarif(&validator, &report, "a site with `,` and `:` in a path");
    let result = &report["runs"][0]["results"][0];
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "content/categories/a,b%3Ac/_index.md",
        "`:` is encoded: a relative URI must not look like it has a scheme"
    );
}

#[test]
fn sarif_validation_catches_mistakes() {
    // The validator really checks: a broken report fails.
    let validator = sarif_validator();
    let mut report = sarif(&["fixtures/sites/example"]);
    report["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&report));
    let mut report = sarif(&["fixtures/sites/example"]);
    report["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    assert!(!validator.is_valid(&report));
}

#[test]
fn sarif_driver_lists_every_rule() {
    let report = sarif(&["fixtures/valid"]);
    let run = &report["runs"][0];
    assert_eq!(report["version"], "2.1.0");
    assert_eq!(
        report["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "catlint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(driver["informationUri"], env!("CARGO_PKG_REPOSITORY"));
    let rules = driver["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), RuleId::ALL.len());
    for (rule, json) in RuleId::ALL.iter().zip(rules) {
        assert_eq!(json["id"], rule.as_str());
        assert_eq!(json["shortDescription"]["text"], rule.summary());
        assert!(
            json["fullDescription"]["text"]
                .as_str()
                .is_some_and(|t| !t.is_empty())
        );
        assert_eq!(json["help"]["markdown"], rule.docs());
        assert_eq!(json["help"]["text"], rule.docs());
        let level = match rule.default_severity().as_str() {
            "info" => "note",
            other => other,
        };
        assert_eq!(json["defaultConfiguration"]["level"], level);
    }
    assert_eq!(run["results"], Value::Array(Vec::new()), "the valid pages");
}

#[test]
fn sarif_results_carry_fixes_and_consistent_rule_indexes() {
    let report = sarif(&["fixtures/invalid"]);
    let run = &report["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let results = run["results"].as_array().expect("results");
    assert!(!results.is_empty());
    let mut fixes = 0;
    let mut fingerprints = std::collections::HashSet::new();
    for result in results {
        let index = usize::try_from(result["ruleIndex"].as_u64().expect("index")).expect("usize");
        assert_eq!(rules[index]["id"], result["ruleId"]);
        let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .expect("uri");
        assert!(uri.starts_with("fixtures/invalid/"), "{uri}");
        assert!(
            fingerprints.insert(result["partialFingerprints"]["catlint/v1"].to_string()),
            "fingerprints are unique: {result}"
        );
        if let Some(fix) = result.get("fixes") {
            fixes += 1;
            let description = fix[0]["description"]["text"].as_str().expect("text");
            assert!(matches!(description, "safe fix" | "unsafe fix"));
            let change = &fix[0]["artifactChanges"][0];
            assert_eq!(change["artifactLocation"]["uri"], uri);
            for replacement in change["replacements"].as_array().expect("replacements") {
                assert!(replacement["deletedRegion"]["startLine"].as_u64() >= Some(1));
                assert!(replacement["insertedContent"]["text"].is_string());
            }
        }
    }
    assert!(fixes > 0, "fixtures/invalid has fixable findings");
    // The JSON report counts the same fixable findings.
    let (_, json) = common::check_json(&["fixtures/invalid"]);
    assert_eq!(json["summary"]["fixable"], fixes);
}

// ---------------------------------------------------------------------------------------
// JUnit.

/// A minimal XML 1.0 well-formedness check: one root element, balanced tags, quoted
/// attributes, known entities only, no stray `<` or `&`, only characters XML allows.
fn assert_well_formed(xml: &str) {
    let allowed = |c: char| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..);
    assert!(xml.chars().all(allowed), "a character XML forbids");
    let check_entities = |text: &str| {
        let mut rest = text;
        while let Some(i) = rest.find('&') {
            let end = rest[i..].find(';').expect("an entity ends with `;`") + i;
            let name = &rest[i + 1..end];
            let ok = matches!(name, "amp" | "lt" | "gt" | "quot" | "apos")
                || name
                    .strip_prefix('#')
                    .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
            assert!(ok, "unknown entity &{name};");
            rest = &rest[end + 1..];
        }
    };
    let mut rest = xml
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        .expect("an XML declaration");
    let mut stack: Vec<String> = Vec::new();
    let mut roots = 0;
    loop {
        let text_end = rest.find('<').unwrap_or(rest.len());
        let text = &rest[..text_end];
        assert!(
            !text.contains('>') || !stack.is_empty(),
            "text outside the root"
        );
        if stack.is_empty() {
            assert!(text.trim().is_empty(), "text outside the root: {text:?}");
        }
        check_entities(text);
        rest = &rest[text_end..];
        if rest.is_empty() {
            break;
        }
        let tag_end = rest.find('>').expect("a tag ends");
        let tag = &rest[1..tag_end];
        rest = &rest[tag_end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name), "unbalanced </{name}>");
            continue;
        }
        let self_closing = tag.ends_with('/');
        let tag = tag.trim_end_matches('/');
        let name_end = tag.find(char::is_whitespace).unwrap_or(tag.len());
        let name = &tag[..name_end];
        assert!(
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
            "tag name {name:?}"
        );
        // Attributes: name="value", the value without `<` or `"`.
        let mut attrs = tag[name_end..].trim();
        while !attrs.is_empty() {
            let eq = attrs.find("=\"").expect("attribute=\"value\"");
            let close = attrs[eq + 2..].find('"').expect("a closing quote") + eq + 2;
            let value = &attrs[eq + 2..close];
            assert!(!value.contains('<'), "`<` in an attribute");
            check_entities(value);
            attrs = attrs[close + 1..].trim_start();
        }
        if stack.is_empty() {
            roots += 1;
        }
        if !self_closing {
            stack.push(name.to_owned());
        }
    }
    assert!(stack.is_empty(), "unclosed {stack:?}");
    assert_eq!(roots, 1, "one root element");
}

/// `name="…"` of the first element `element`.
fn attribute_of(xml: &str, element: &str, name: &str) -> String {
    let start = xml.find(&format!("<{element} ")).expect("element");
    let tag = &xml[start..start + xml[start..].find('>').expect("end")];
    let at = tag.find(&format!(" {name}=\"")).expect("attribute") + name.len() + 3;
    tag[at..at + tag[at..].find('"').expect("quote")].to_owned()
}

#[test]
fn junit_is_well_formed_xml() {
    for path in [
        "fixtures/sites/example",
        "fixtures/invalid",
        "fixtures/valid",
    ] {
        let xml = stdout(&check("junit", &[path]));
        assert_well_formed(&xml);
    }
    let site = awkward_site();
    let out = catlint_in(
        site.path(),
        &["check", "--format", "junit", "--root", ".", "."],
        &[],
    );
    let xml = stdout(&out);
    assert_well_formed(&xml);
    assert!(xml.contains("<testsuite name=\"content/categories/a,b:c/_index.md\""));
    assert!(
        xml.contains("`100% a,b: c&#13;\nd` is not a known field"),
        "a CR survives as a character reference:\n{xml}"
    );
}

#[test]
fn junit_counts_and_the_clean_run() {
    let xml = stdout(&check("junit", &["fixtures/sites/example"]));
    let (_, json) = common::check_json(&["fixtures/sites/example"]);
    let summary = &json["summary"];
    let total = summary["errors"].as_u64().unwrap()
        + summary["warnings"].as_u64().unwrap()
        + summary["infos"].as_u64().unwrap();
    assert_eq!(attribute_of(&xml, "testsuites", "tests"), total.to_string());
    let failures = summary["errors"].as_u64().unwrap() + summary["warnings"].as_u64().unwrap();
    assert_eq!(
        attribute_of(&xml, "testsuites", "failures"),
        failures.to_string(),
        "infos are passing test cases"
    );
    assert_eq!(xml.matches("<testcase ").count() as u64, total);
    assert_eq!(xml.matches("<failure ").count() as u64, failures);

    let xml = stdout(&check("junit", &["fixtures/valid"]));
    assert_eq!(attribute_of(&xml, "testsuites", "tests"), "1");
    assert_eq!(attribute_of(&xml, "testsuites", "failures"), "0");
    assert!(xml.contains("<testcase name=\"catlint\" classname=\"catlint\">"));
}

#[test]
fn xml_checker_rejects_broken_documents() {
    let head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
    for broken in [
        "<a><b></a></b>",
        "<a>x & y</a>",
        "<a b=\"<\"></a>",
        "<a></a><a></a>",
        "<a>\u{1}</a>",
        "<a>",
    ] {
        let doc = format!("{head}{broken}");
        assert!(
            std::panic::catch_unwind(|| assert_well_formed(&doc)).is_err(),
            "{broken} passed"
        );
    }
    assert_well_formed(&format!("{head}\n<a x=\"&amp;&#10;\"><b/>t &lt;</a>\n"));
}

// ---------------------------------------------------------------------------------------
// Several reports from one run, and the repository root.

#[test]
fn several_reports_from_one_run_relative_to_root() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sarif_file = dir.path().join("catlint.sarif");
    let junit_file = dir.path().join("catlint.xml");
    let site = root().join("fixtures/sites/example");
    let out = catlint_in(
        &site,
        &[
            "check",
            "--format",
            "github",
            "--root",
            "../..",
            "--report",
            &format!("sarif={}", sarif_file.display()),
            "--report",
            &format!("junit={}", junit_file.display()),
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    // Relative to `--root ../..`, i.e. to `fixtures/`.
    let annotations = stdout(&out);
    assert!(annotations.lines().count() > 1);
    for line in annotations.lines() {
        assert!(line.starts_with("::"), "{line}");
        assert!(line.contains(" file=sites/example/content/"), "{line}");
    }
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif_file).expect("SARIF written"))
            .expect("JSON");
    assert_valid_sarif(&sarif_validator(), &report, "a --report file");
    let results = report["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), annotations.lines().count());
    for result in results {
        let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .expect("uri");
        assert!(uri.starts_with("sites/example/content/"), "{uri}");
    }
    let base = report["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .expect("base");
    assert!(base.ends_with("/fixtures/"), "{base}");
    let xml = std::fs::read_to_string(&junit_file).expect("JUnit written");
    assert_well_formed(&xml);
    assert!(xml.contains("<testsuite name=\"sites/example/content/categories/kanban/_index.md\""));
}

#[test]
fn the_default_root_is_the_git_root() {
    // From the workspace root without `--root`: paths relative to the repository.
    let out = check("github", &["fixtures/sites/example"]);
    for line in stdout(&out).lines() {
        assert!(line.contains(" file=fixtures/sites/example/"), "{line}");
    }
    // From inside the site, still relative to the repository root, where short output is
    // relative to the working directory.
    if !root().join(".git").exists() {
        eprintln!("not a git checkout: the default root is the working directory");
        return;
    }
    let site = root().join("fixtures/sites/example");
    let github = stdout(&catlint_in(&site, &["check", "--format", "github"], &[]));
    let short = stdout(&catlint_in(&site, &["check", "--format", "short"], &[]));
    assert_eq!(github.lines().count(), short.lines().count());
    for (g, s) in github.lines().zip(short.lines()) {
        let file = g
            .split(" file=")
            .nth(1)
            .and_then(|rest| rest.split(',').next())
            .expect("file=");
        let own = s.split(':').next().expect("path");
        assert_eq!(file, format!("fixtures/sites/example/{own}"), "{g}\n{s}");
    }
}

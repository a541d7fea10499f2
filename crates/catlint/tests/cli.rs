//! End-to-end tests of `catlint check` and `catlint schema` on the fixtures.

mod common;

use catlint_core::rules::RuleId;
use common::{catlint, check_json, copy_dir, root, rules_and_lines, stdout};

/// Timing varies between runs; snapshots must not.
macro_rules! stable_snapshot {
    ($name:expr, $value:expr) => {
        insta::with_settings!({filters => vec![(r"in \d+ ms", "in [TIME] ms")]}, {
            insta::assert_snapshot!($name, $value);
        })
    };
}

#[test]
fn example_site_human_output() {
    let out = catlint(&["check", "fixtures/sites/example"]);
    assert_eq!(out.status.code(), Some(1), "the example site has errors");
    stable_snapshot!("example_site_human", stdout(&out));
}

#[test]
fn example_site_json_output() {
    let (code, report) = check_json(&["fixtures/sites/example"]);
    assert_eq!(code, 1);
    assert_eq!(report["version"], 1);
    assert_eq!(
        report["files_checked"], 10,
        "five category pages, the legacy stub, the tag page, the list page and the two posts"
    );
    insta::assert_json_snapshot!("example_site_json", report);
}

#[test]
fn every_rule_has_a_fixture_and_a_human_snapshot() {
    for &rule in RuleId::ALL {
        if matches!(
            rule,
            RuleId::IoError | RuleId::InternalError | RuleId::LinkOutside
        ) {
            // A missing path is tested below; an internal error is a catlint bug that no
            // checked-in file may trigger; a link out of the repository is made in a temporary
            // folder (tests/security.rs), never checked in.
            continue;
        }
        // Page rules have broken pages under fixtures/invalid; cross-file rules a small site.
        let dir = ["invalid", "sites"]
            .iter()
            .map(|kind| format!("fixtures/{kind}/{rule}"))
            .find(|d| root().join(d).is_dir())
            .unwrap_or_else(|| {
                panic!("rule {rule} has no fixture directory fixtures/{{invalid,sites}}/{rule}")
            });
        assert!(
            root().join(&dir).is_dir(),
            "rule {rule} has no fixture directory {dir}"
        );
        let mut args = vec!["check", "--quiet", dir.as_str()];
        if rule == RuleId::FileTooLarge {
            args.extend(["--max-file-size", "100"]);
        }
        let out = catlint(&args);
        let text = stdout(&out);
        assert!(
            text.contains(rule.as_str()),
            "{rule} fixture does not report {rule}:\n{text}"
        );
        stable_snapshot!(format!("rule_{rule}"), text);
    }
}

#[test]
fn missing_path_is_reported_and_exits_2_after_checking_the_rest() {
    let (code, report) = check_json(&[
        "does/not/exist",
        "fixtures/sites/example/content/categories/lean",
    ]);
    assert_eq!(code, 2);
    assert_eq!(
        report["files_checked"], 1,
        "the readable path is still checked"
    );
    let d = &report["diagnostics"][0];
    assert_eq!(d["rule"], "io-error");
    assert_eq!(d["path"], "does/not/exist");
    assert!(d["span"].is_null());
}

#[test]
fn files_that_are_not_pages_are_skipped_quietly_or_verbosely() {
    let readme = "fixtures/invalid/README.md";
    let (code, report) = check_json(&[readme]);
    assert_eq!(code, 0);
    assert_eq!(report["files_checked"], 0);
    assert_eq!(report["diagnostics"].as_array().unwrap().len(), 0);
    let out = catlint(&["check", "--verbose", readme]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a term page"));
}

#[test]
fn one_file_of_a_site_is_checked_against_the_whole_site() {
    // pre-commit passes only the changed post: the index still knows every term page, and
    // only the post's diagnostics are reported.
    let post = "fixtures/sites/undefined-term/content/posts/a.md";
    let (code, report) = check_json(&[post]);
    assert_eq!(code, 0, "undefined-term is a warning");
    assert_eq!(
        report["files_checked"], 1,
        "the post is checked by the cross-file rules (not against the category model)"
    );
    let found = rules_and_lines(&report);
    assert_eq!(
        found,
        [
            ("undefined-term".to_owned(), 6),
            ("undefined-term".to_owned(), 7)
        ]
    );
    // `Kanbn` is written as a display name: the term's display name is suggested.
    assert_eq!(report["diagnostics"][0]["help"], "did you mean `Kanban`?");

    // A term page given alone: its own diagnostics only, none of the post's.
    let term = "fixtures/sites/unused-term/content/categories/lean/_index.md";
    let (code, report) = check_json(&[term]);
    assert_eq!((code, report["files_checked"].as_u64()), (0, Some(1)));
    assert_eq!(
        report["diagnostics"].as_array().unwrap().len(),
        0,
        "lean is used by the post"
    );
}

#[test]
fn clean_page_exits_0_with_summary() {
    let out = catlint(&[
        "check",
        "fixtures/sites/example/content/categories/lean/_index.md",
    ]);
    assert_eq!(out.status.code(), Some(0));
    stable_snapshot!("clean_page", stdout(&out));
}

#[test]
fn quiet_prints_no_summary() {
    let out = catlint(&[
        "check",
        "--quiet",
        "fixtures/sites/example/content/categories/lean/_index.md",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(
        catlint(&["check", "--format", "nope"]).status.code(),
        Some(2)
    );
    assert_eq!(catlint(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn color_always_emits_ansi_and_never_does_not() {
    let page = "fixtures/sites/example/content/categories/scrum.md";
    let colored = stdout(&catlint(&["check", "--color", "always", page]));
    let plain = stdout(&catlint(&["check", "--color", "never", page]));
    assert!(colored.contains("\u{1b}["));
    assert!(!plain.contains("\u{1b}["));
}

#[test]
fn json_spans_are_one_based_with_byte_offsets() {
    let page = "fixtures/sites/example/content/categories/kanban/_index.md";
    let (_, report) = check_json(&[page]);
    let unknown = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "unknown-field")
        .expect("unknown-field reported");
    let span = &unknown["span"];
    assert_eq!(span["start"]["line"], 4);
    assert_eq!(span["start"]["column"], 1);
    assert_eq!(
        span["end"]["column"], 11,
        "end is exclusive: `descripton` is 10 characters"
    );
    let text = std::fs::read_to_string(root().join(page)).unwrap();
    let start = usize::try_from(span["start"]["offset"].as_u64().unwrap()).unwrap();
    let end = usize::try_from(span["end"]["offset"].as_u64().unwrap()).unwrap();
    assert_eq!(&text[start..end], "descripton");
}

#[test]
fn schema_command_matches_checked_in_schema() {
    let out = catlint(&["schema"]);
    assert_eq!(out.status.code(), Some(0));
    let on_disk = std::fs::read_to_string(root().join("schemas/category.schema.json")).unwrap();
    assert_eq!(
        stdout(&out),
        on_disk,
        "run `catlint schema --output schemas/category.schema.json`"
    );
}

#[test]
fn schema_output_writes_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("category.schema.json");
    let out = catlint(&["schema", "--output", target.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let written = std::fs::read_to_string(&target).unwrap();
    assert_eq!(written, stdout(&catlint(&["schema"])));
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file left behind"
    );
}

#[test]
fn help_and_version() {
    let help = stdout(&catlint(&["--help"]));
    assert!(help.contains("Examples:") && help.contains("Exit codes"));
    let check_help = stdout(&catlint(&["check", "--help"]));
    for flag in [
        "--format",
        "--quiet",
        "--verbose",
        "--color",
        "--max-file-size",
    ] {
        assert!(check_help.contains(flag), "check --help lacks {flag}");
    }
    let version = stdout(&catlint(&["--version"]));
    assert!(version.starts_with("catlint "));
}

#[test]
fn readme_rule_table_lists_every_rule_with_its_severity() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    for &rule in RuleId::ALL {
        let row = format!("| `{rule}` | {} |", rule.default_severity());
        assert!(readme.contains(&row), "README lacks the row `{row}`");
    }
}

#[test]
fn readme_sample_output_is_real_output() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme
        .find("## Sample output\n\n```text\n")
        .expect("sample section")
        + 26;
    let sample = &readme[start..start + readme[start..].find("```").unwrap()];
    let (diagnostics, summary) = sample.trim_end().rsplit_once("\n\n").unwrap();
    let out = stdout(&catlint(&["check", "fixtures/sites/example"]));
    assert!(
        out.contains(diagnostics),
        "README sample differs from:\n{out}"
    );
    let summary_prefix = summary.split(" in ").next().unwrap();
    assert!(
        out.contains(summary_prefix),
        "README summary `{summary}` differs from:\n{out}"
    );
}

#[test]
fn catlint_toml_excludes_adds_taxonomies_and_sets_rules() {
    let (code, report) = check_json(&["fixtures/sites/config"]);
    assert_eq!(code, 0);
    assert_eq!(
        report["files_checked"], 3,
        "lean, the concept page (checked on request) and the post; the excluded archive page is not"
    );
    let found: Vec<(&str, &str)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["rule"].as_str().unwrap(), d["severity"].as_str().unwrap()))
        .collect();
    assert_eq!(
        found,
        [
            ("headline-content-words", "warning"),
            ("undeclared-taxonomy", "warning")
        ],
        "max-words = 5 applies, unused-term is off, and the concept page with its own required \
         fields and extra field is clean"
    );
}

#[test]
fn a_bad_catlint_toml_exits_2_pointing_at_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("catlint.toml");
    std::fs::write(&config, "[rules]\nunused-terms = \"off\"\n").unwrap();
    let out = catlint(&[
        "check",
        "--config",
        config.to_str().unwrap(),
        "fixtures/sites/config",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("there is no rule `unused-terms`"), "{err}");
    assert!(err.contains("did you mean `unused-term`?"), "{err}");
    assert!(err.contains("catlint.toml:2:1"), "{err}");
}

#[test]
fn init_writes_a_valid_config_once_and_prints_it_on_request() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("hugo.yaml"),
        "taxonomies:\n  category: categories\n  concept: concepts\n",
    )
    .unwrap();
    let d = dir.path().to_str().unwrap();
    assert_eq!(catlint(&["init", d]).status.code(), Some(0));
    let text = std::fs::read_to_string(dir.path().join("catlint.toml")).unwrap();
    assert!(
        text.contains("# No term pages (Hugo generates them, there is nothing to check):\n#   `categories`, `concepts`.")
            && text.contains("# unused-term = \"info\""),
        "{text}"
    );
    catlint_core::project::config::Config::parse(&text).expect("the starter config parses");
    let again = catlint(&["init", d]);
    assert_eq!(again.status.code(), Some(2), "no overwrite without --force");
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    std::fs::write(dir.path().join("catlint.toml"), "# mine\n").unwrap();
    let printed = catlint(&["init", "--print", d]);
    assert_eq!(printed.status.code(), Some(0));
    assert_eq!(
        stdout(&printed),
        text,
        "--print writes what init would write"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("catlint.toml")).unwrap(),
        "# mine\n",
        "--print leaves the file alone"
    );
    assert_eq!(catlint(&["init", "--force", d]).status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("catlint.toml")).unwrap(),
        text
    );
}

#[test]
fn schema_config_matches_checked_in_config_schema() {
    let out = catlint(&["schema", "--for", "config"]);
    let on_disk = std::fs::read_to_string(root().join("schemas/catlint.schema.json")).unwrap();
    assert_eq!(stdout(&out), on_disk);
}

#[test]
fn suppression_comments_apply_to_real_comments_only() {
    let (_, report) = check_json(&["fixtures/sites/unused-suppression"]);
    let found = rules_and_lines(&report);
    let expect = |rule: &str, line: u64| (rule.to_owned(), line);
    let post_b: Vec<&serde_json::Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["path"].as_str().unwrap().ends_with("posts/b.md"))
        .collect();
    assert_eq!(post_b.len(), 1, "{post_b:?}");
    assert_eq!(post_b[0]["rule"], "unused-suppression");
    assert_eq!(
        post_b[0]["span"]["start"]["line"], 3,
        "on a post no rule reported on"
    );
    let found: Vec<(String, u64)> = found
        .into_iter()
        .filter(|(rule, line)| !(rule == "unused-suppression" && *line == 3))
        .collect();
    assert_eq!(
        found,
        [
            // `catlint-disable-next-line too-long` above a short description: unused.
            expect("unused-suppression", 4),
            // The same comment text inside `Instructions: |-` is content, not a suppression.
            expect("instructions-sections", 6),
            expect("instructions-sections", 6),
            // `nope` is no rule; `key-case` on the next line was suppressed.
            expect("unused-suppression", 10),
        ],
        "file-level missing-field and the post's undefined-term are suppressed"
    );
}

#[test]
fn a_baseline_hides_known_findings_even_after_lines_move() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_dir(&root().join("fixtures/sites/example"), &site);
    let baseline = dir.path().join("baseline.json");
    let (s, b) = (site.to_str().unwrap(), baseline.to_str().unwrap());
    assert_eq!(
        catlint(&["check", s, "--write-baseline", b]).status.code(),
        Some(0)
    );
    let (code, report) = check_json(&[s, "--baseline", b]);
    assert_eq!(
        (code, report["diagnostics"].as_array().unwrap().len()),
        (0, 0)
    );

    // Lines move above known findings, and one new finding appears.
    let kanban = site.join("content/categories/kanban/_index.md");
    let text = std::fs::read_to_string(&kanban).unwrap();
    std::fs::write(&kanban, text.replacen("---\n", "---\n# moved down\n\n", 1)).unwrap();
    let lean = site.join("content/categories/lean/_index.md");
    let text = std::fs::read_to_string(&lean).unwrap();
    std::fs::write(
        &lean,
        text.replacen("title: Lean\n", "title: Lean\ntitle: Lean\n", 1),
    )
    .unwrap();
    let (code, report) = check_json(&[s, "--baseline", b]);
    let rules: Vec<String> = common::rules_and_lines(&report)
        .into_iter()
        .map(|(r, _)| r)
        .collect();
    assert_eq!(code, 1);
    assert_eq!(rules, ["duplicate-key"], "only the new finding is reported");
}

#[test]
fn exit_zero_and_fail_on() {
    let site = "fixtures/sites/example";
    assert_eq!(
        catlint(&["check", "-q", site, "--exit-zero"]).status.code(),
        Some(0)
    );
    let error = "fixtures/sites/example/content/categories/flow-efficiency/_index.md";
    let (code, _) = check_json(&[error]);
    assert_eq!(code, 1, "weight is text: an error");
    let warning_only = "fixtures/sites/example/content/posts/hello.md";
    let (code, report) = check_json(&[warning_only]);
    assert!(report["summary"]["warnings"].as_u64().unwrap() > 0);
    assert_eq!(code, 0, "warnings alone pass");
    assert_eq!(
        catlint(&["check", "-q", warning_only, "--fail-on", "warning"])
            .status
            .code(),
        Some(1)
    );
    let clean_but_info = "fixtures/sites/unused-term/content/categories/kanban/_index.md";
    assert_eq!(
        catlint(&["check", "-q", clean_but_info]).status.code(),
        Some(0)
    );
    assert_eq!(
        catlint(&["check", "-q", clean_but_info, "--fail-on", "warning"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        catlint(&["check", "-q", clean_but_info, "--fail-on", "info"])
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn a_plural_opening_is_tolerated_unless_it_names_another_term() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("hugo.yaml"),
        "taxonomies:\n  concept: concepts\n",
    )
    .unwrap();
    let page = |key: &str, title: &str, named: &str| {
        let path = dir.path().join(format!("content/concepts/{key}/_index.md"));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let text = std::fs::read_to_string(
            root().join("fixtures/sites/unused-term/content/categories/lean/_index.md"),
        )
        .unwrap()
        .replace("title: Lean", &format!("title: {title}"))
        .replace("discussions on Lean.", &format!("discussions on {named}."));
        std::fs::write(path, text).unwrap();
    };
    page("principles", "Principles", "Principle"); // tolerated: no term "Principle"
    page("values", "Values", "Value"); // drift: "Value" is another term
    page("value", "Value", "Value");
    let (_, report) = check_json(&[dir.path().to_str().unwrap(), "--config", "/dev/null"]);
    let opening: Vec<String> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "instructions-opening")
        .map(|d| {
            d["path"]
                .as_str()
                .unwrap()
                .rsplit("concepts/")
                .next()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(opening, ["values/_index.md"]);
}

#[test]
fn content_dirs_in_catlint_toml_override_the_hugo_config() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("hugo.toml"), "contentDir = 'content'\n").unwrap();
    std::fs::write(dir.path().join("catlint.toml"), "content-dirs = ['docs']\n").unwrap();
    let page = dir.path().join("docs/categories/lean/_index.md");
    std::fs::create_dir_all(page.parent().unwrap()).unwrap();
    std::fs::write(&page, "---\ntitle: Lean\n---\n").unwrap();
    let (code, report) = check_json(&[dir.path().to_str().unwrap()]);
    assert_eq!((code, report["files_checked"].as_u64()), (1, Some(1)));
}

#[test]
fn rules_lists_every_rule_and_explain_prints_its_docs() {
    let out = catlint(&["rules", "--format", "json"]);
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), RuleId::ALL.len());
    assert!(list.len() >= 20);
    assert!(
        list.iter()
            .any(|r| r["id"] == "instructions-opening" && r["fixable"] == true)
    );
    let text = stdout(&catlint(&["rules"]));
    assert_eq!(text.lines().count(), RuleId::ALL.len());
    let docs = stdout(&catlint(&["explain", "undefined-term"]));
    assert!(docs.starts_with("# undefined-term") && docs.contains("## Why is this bad?"));
    assert_eq!(catlint(&["explain", "nope"]).status.code(), Some(2));
}

#[test]
fn the_nearest_catlint_toml_of_each_file_applies() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("hugo.toml"), "").unwrap();
    std::fs::write(
        dir.path().join("catlint.toml"),
        "[rules]\nmissing-field = 'warning'\n",
    )
    .unwrap();
    let tags = dir.path().join("content/tags");
    for (folder, title) in [
        (dir.path().join("content/categories/lean"), "Lean"),
        (tags.join("ai"), "AI"),
    ] {
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(
            folder.join("_index.md"),
            format!("---\ntitle: {title}\n---\n"),
        )
        .unwrap();
    }
    std::fs::write(
        tags.join("catlint.toml"),
        "[rules]\nmissing-field = 'off'\n",
    )
    .unwrap();
    let (_, report) = check_json(&[dir.path().to_str().unwrap()]);
    let missing: Vec<(&str, &str)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "missing-field")
        .map(|d| {
            (
                d["path"]
                    .as_str()
                    .unwrap()
                    .rsplit("content/")
                    .next()
                    .unwrap(),
                d["severity"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(!missing.is_empty());
    assert!(
        missing
            .iter()
            .all(|(p, s)| p.starts_with("categories/") && *s == "warning"),
        "{missing:?}"
    );
}

#[test]
fn completions_man_page_and_frontmatter_cms() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = catlint(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0));
        assert!(stdout(&out).contains("catlint"), "{shell}");
    }
    let man = stdout(&catlint(&["man"]));
    assert!(man.starts_with(".ie") && man.contains(".TH catlint 1"));
    let cms: serde_json::Value =
        serde_json::from_slice(&catlint(&["schema", "--format", "frontmatter-cms"]).stdout)
            .unwrap();
    assert_eq!(
        cms["frontMatter.taxonomy.contentTypes"][0]["name"],
        "category"
    );
    assert_eq!(
        catlint(&["schema", "--for", "config", "--format", "frontmatter-cms"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn a_term_page_that_lists_terms_keeps_its_own_catlint_toml_severities() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_dir(&root().join("fixtures/sites/undefined-term"), &site);
    std::fs::write(
        site.join("catlint.toml"),
        "[rules]\ndate-timezone = \"info\"\n",
    )
    .unwrap();
    let lean = site.join("content/categories/lean");
    std::fs::write(
        lean.join("catlint.toml"),
        "[rules]\ndate-timezone = \"error\"\n",
    )
    .unwrap();
    let page = lean.join("_index.md");
    let text = std::fs::read_to_string(&page).unwrap();
    let text = text
        .replacen("date: 2025-02-11T10:17:24Z", "date: 2025-02-11T10:17:24", 1)
        .replacen("description:", "categories: [Kanban]\ndescription:", 1);
    std::fs::write(&page, text).unwrap();
    let (_, report) = check_json(&[site.to_str().unwrap()]);
    let severities: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "date-timezone")
        .map(|d| d["severity"].as_str().unwrap())
        .collect();
    assert_eq!(severities, ["error"], "the page's own catlint.toml decides");
}

#[test]
fn pages_of_a_site_named_by_an_absolute_path_are_shown_relative_to_the_working_directory() {
    let site = root().join("fixtures/sites/example");
    let (_, report) = check_json(&[site.to_str().expect("UTF-8 path")]);
    let paths: Vec<&str> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["path"].as_str())
        .collect();
    assert!(!paths.is_empty());
    assert!(
        paths
            .iter()
            .all(|p| p.starts_with("fixtures/sites/example/")),
        "{paths:?}"
    );
}

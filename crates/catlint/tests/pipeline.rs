//! One pipeline for every file: own diagnostics → cross-file → suppressions → the severities
//! of the file's nearest `catlint.toml`. Regression tests of defects found in the pipeline
//! when it was assembled twice (once in `catlint check`, once in the language server).

mod common;

use std::path::Path;

use common::{catlint_in, stdout};
use serde_json::Value;

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("folder")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

fn check(dir: &Path, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = catlint_in(dir, &all, &[]);
    let report = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            stdout(&out),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), report)
}

fn diagnostics<'a>(report: &'a Value, rule: &str) -> Vec<&'a Value> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["rule"] == rule)
        .collect()
}

/// A category page with a date that has no time zone (`date-timezone`), and extra lines.
fn zoneless_page(extra: &str) -> String {
    format!(
        "---\ntitle: Lean\ndate: 2025-01-01T10:00:00\ndescription: d\n{extra}Instructions: |-\n  Use this category only for discussions on Lean.\nheadline:\n  cards: []\n  title: Lean\n  subtitle: s\n  content: c\n  updated: 2025-01-02T10:00:00Z\n---\n"
    )
}

#[test]
fn a_files_severities_do_not_depend_on_its_other_findings() {
    // The site says `date-timezone` is info; the lean folder's catlint.toml says error. Each
    // variant of the page must get `error`, whatever else is reported on it.
    let variants = [
        ("alone", String::new()),
        ("with an undefined term", "tags: [Nope]\n".to_owned()),
        (
            "with an undefined term and a suppression comment",
            "# catlint-disable-next-line untrimmed-value\ntags: [Nope]\n".to_owned(),
        ),
    ];
    for (name, extra) in variants {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        write(root, "hugo.yaml", "title: S\n");
        write(root, "catlint.toml", "[rules]\ndate-timezone = \"info\"\n");
        write(
            root,
            "content/categories/lean/catlint.toml",
            "[rules]\ndate-timezone = \"error\"\n",
        );
        write(
            root,
            "content/categories/lean/_index.md",
            &zoneless_page(&extra),
        );
        write(
            root,
            "content/tags/agile/_index.md",
            "---\ntitle: Agile\n---\n",
        );
        let (_, report) = check(root, &["."]);
        let found = diagnostics(&report, "date-timezone");
        assert_eq!(found.len(), 1, "{name}: {report}");
        assert_eq!(found[0]["severity"], "error", "{name}: {report}");
    }
}

#[test]
fn the_sites_time_zone_reaches_every_date_rule() {
    // 20:00 in Tokyo is 11:00 UTC: before "now" (12:00 UTC), so not in the future; and the
    // offset to add is Tokyo's.
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write(root, "hugo.toml", "timeZone = \"Asia/Tokyo\"\n");
    let page = zoneless_page("").replace("2025-01-01T10:00:00", "2025-12-31T20:00:00");
    write(root, "content/categories/lean/_index.md", &page);
    let (_, report) = check(root, &["--now", "2025-12-31T12:00:00Z", "."]);
    assert!(diagnostics(&report, "future-date").is_empty(), "{report}");
    // With a site time zone Hugo's reading is defined: date-timezone says nothing…
    assert!(diagnostics(&report, "date-timezone").is_empty(), "{report}");
    // … unless asked to, and then its fix adds Tokyo's offset.
    write(
        root,
        "catlint.toml",
        "[rules]\ndate-timezone = { every-date = true }\n",
    );
    let (_, report) = check(root, &["--now", "2025-12-31T12:00:00Z", "."]);
    let zone = diagnostics(&report, "date-timezone");
    assert_eq!(zone.len(), 1, "{report}");
    assert!(
        zone[0]["help"]
            .as_str()
            .expect("help")
            .contains("2025-12-31T20:00:00+09:00"),
        "{report}"
    );
    // An hour later in Tokyo is still 12:00 UTC at most; 22:00 in Tokyo is 13:00 UTC.
    let page = zoneless_page("").replace("2025-01-01T10:00:00", "2025-12-31T22:00:00");
    write(root, "content/categories/lean/_index.md", &page);
    let (_, report) = check(root, &["--now", "2025-12-31T12:00:00Z", "."]);
    assert_eq!(diagnostics(&report, "future-date").len(), 1, "{report}");
}

#[test]
fn term_list_findings_on_a_term_page_span_the_items_text() {
    // (file name, front matter) — the item `Nope` must be spanned exactly, wherever it is.
    let cases = [
        (
            "block.md",
            "---\ntitle: Foo\ndescription: x\ntags:\n- Nope\n---\n",
        ),
        (
            "flow.md",
            "---\ntitle: Foo\ndescription: x\nother: y\ntags: [Agile, \"Nope\"]\n---\n",
        ),
        (
            "crlf.md",
            "---\r\ntitle: Foo\r\ndescription: x\r\ntags:\r\n  - Nope\r\n---\r\n",
        ),
        (
            "toml.md",
            "+++\ntitle = \"Foo\"\ndescription = \"x\"\ntags = [\n  \"Agile\",\n  'Nope',\n]\n+++\n",
        ),
        (
            "toml-crlf.md",
            "+++\r\ntitle = \"Foo\"\r\ndescription = \"x\"\r\ntags = [\"Nope\"]\r\n+++\r\n",
        ),
    ];
    for (name, text) in cases {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        write(root, "hugo.yaml", "title: R\n");
        let stem = name.trim_end_matches(".md");
        let rel = format!("content/tags/{stem}/_index.md");
        write(root, &rel, text);
        write(
            root,
            "content/tags/agile/_index.md",
            "---\ntitle: Agile\n---\n",
        );
        let (_, report) = check(root, &["."]);
        let found = diagnostics(&report, "undefined-term");
        assert_eq!(found.len(), 1, "{name}: {report}");
        let span = &found[0]["span"];
        let start =
            usize::try_from(span["start"]["offset"].as_u64().expect("start")).expect("usize");
        let end = usize::try_from(span["end"]["offset"].as_u64().expect("end")).expect("usize");
        let item = &text[start..end];
        assert_eq!(item.trim_matches(['"', '\'']), "Nope", "{name}: {span}");
        // Line and column agree with the offset.
        let line = text[..start].matches('\n').count() + 1;
        assert_eq!(span["start"]["line"], line, "{name}: {span}");
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        assert_eq!(
            span["start"]["column"],
            text[line_start..start].chars().count() + 1,
            "{name}: {span}"
        );
        // The human output shows the snippet.
        let out = catlint_in(root, &["check", "."], &[]);
        let human = stdout(&out);
        assert!(
            !human.contains("Failed to read contents"),
            "{name}:\n{human}"
        );
        assert!(human.contains("no such term"), "{name}:\n{human}");
    }
}

#[test]
fn a_broken_nested_catlint_toml_is_a_finding_and_the_rest_is_still_checked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write(root, "hugo.yaml", "title: S\n");
    write(root, "catlint.toml", "[rules]\ndate-timezone = \"off\"\n");
    write(
        root,
        "content/categories/broken/catlint.toml",
        "[rules]\nunknown-rule = \"off\"\n",
    );
    write(
        root,
        "content/categories/broken/_index.md",
        &zoneless_page("descripton: typo\n"),
    );
    write(
        root,
        "content/categories/lean/_index.md",
        &zoneless_page("descripton: typo\n"),
    );
    let (code, report) = check(root, &["."]);
    assert_eq!(
        code, 2,
        "a bad catlint.toml is a configuration error: {report}"
    );
    let config = diagnostics(&report, "invalid-config");
    assert_eq!(config.len(), 1, "{report}");
    assert_eq!(config[0]["path"], "content/categories/broken/catlint.toml");
    assert_eq!(
        config[0]["span"]["start"]["line"], 2,
        "on the offending key"
    );
    assert!(
        config[0]["message"]
            .as_str()
            .expect("message")
            .contains("unknown-rule"),
        "{report}"
    );
    // Both pages are checked; the broken folder falls back to the site's catlint.toml
    // (date-timezone off there too).
    let unknown = diagnostics(&report, "unknown-field");
    let paths: Vec<&str> = unknown.iter().filter_map(|d| d["path"].as_str()).collect();
    assert_eq!(
        paths,
        [
            "content/categories/broken/_index.md",
            "content/categories/lean/_index.md"
        ],
        "{report}"
    );
    assert!(diagnostics(&report, "date-timezone").is_empty(), "{report}");
    assert_eq!(report["files_checked"], 2);
}

#[test]
fn catlint_no_cache_takes_1_as_the_readme_documents() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "content/categories/lean/_index.md",
        &zoneless_page(""),
    );
    for value in ["1", "true", "0", "false"] {
        let out = common::command()
            .args(["check", "--quiet", "."])
            .current_dir(dir.path())
            .env("CATLINT_NO_CACHE", value)
            .output()
            .expect("run");
        assert_ne!(
            out.status.code(),
            Some(2),
            "CATLINT_NO_CACHE={value}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn a_pages_facts_do_not_depend_on_whether_it_was_checked() {
    // A term page with a NUL byte in its body cannot be checked; its title still counts for
    // the other pages, whichever files are named.
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write(root, "hugo.yaml", "title: S\n");
    write(
        root,
        "content/categories/lean/_index.md",
        "---\ntitle: Lean\n---\nbody \0\n",
    );
    write(
        root,
        "content/categories/lean2/_index.md",
        "---\ntitle: Lean\n---\n",
    );
    let on = |report: &Value| {
        diagnostics(report, "duplicate-term")
            .iter()
            .filter(|d| d["path"] == "content/categories/lean2/_index.md")
            .count()
    };
    let (_, all) = check(root, &["."]);
    let (_, one) = check(root, &["content/categories/lean2/_index.md"]);
    assert_eq!((on(&all), on(&one)), (1, 1), "{all}\n{one}");
}

#[test]
fn a_taxonomy_that_is_not_checked_gets_no_unused_suppression_and_loose_pages_follow_it_too() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write(root, "site/hugo.yaml", "title: S\n");
    write(root, "catlint.toml", "[taxonomies.tags]\ncheck = false\n");
    write(
        root,
        "site/content/tags/foo/_index.md",
        "---\ntitle: Foo\n# catlint-disable too-long\n---\n",
    );
    // Outside any site: a tag page of the unchecked taxonomy is not checked either.
    write(root, "loose/tags/bar.md", "---\nbogus: 1\n---\n");
    let (_, report) = check(root, &["."]);
    assert!(
        diagnostics(&report, "unused-suppression").is_empty(),
        "{report}"
    );
    assert!(diagnostics(&report, "unknown-field").is_empty(), "{report}");
    // The site's tag page is still a page Hugo builds: checked by Hugo's rules alone.
    assert_eq!(report["files_checked"], 1, "{report}");
}

#[test]
fn an_exclude_of_a_catlint_toml_above_applies_below_a_nested_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write(root, "hugo.yaml", "title: S\n");
    write(
        root,
        "catlint.toml",
        "exclude = [\"content/categories/old/**\"]\n",
    );
    write(
        root,
        "content/categories/catlint.toml",
        "[rules]\ntoo-long = \"off\"\n",
    );
    write(
        root,
        "content/categories/old/_index.md",
        "---\nbogus: 1\n---\n",
    );
    write(
        root,
        "content/categories/new/_index.md",
        "---\nbogus: 1\n---\n",
    );
    let (_, report) = check(root, &["."]);
    let paths: Vec<&str> = diagnostics(&report, "unknown-field")
        .iter()
        .filter_map(|d| d["path"].as_str())
        .collect();
    assert_eq!(paths, ["content/categories/new/_index.md"], "{report}");
}

#[test]
fn the_index_cache_follows_the_sites_own_catlint_toml_and_the_size_limit() {
    // The site's catlint.toml decides which sections are taxonomies even when a nested one
    // covers every page; --max-file-size decides which pages can be read.
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write(root, "hugo.yaml", "title: S\n");
    write(
        root,
        "content/catlint.toml",
        "[rules]\nmissing-field = \"off\"\n",
    );
    write(
        root,
        "content/concepts/flow/_index.md",
        "---\ntitle: Flow\n---\n",
    );
    write(
        root,
        "content/concepts/flux/_index.md",
        "---\ntitle: Flow\n---\n",
    );
    let big = format!("---\ntitle: Big\n---\n{}", "body\n".repeat(2000));
    write(root, "content/categories/big/_index.md", &big);
    write(root, "content/posts/p.md", "---\ncategories: [Big]\n---\n");
    let cache = tempfile::tempdir().expect("cache dir");
    let run = |args: &[&str]| {
        let mut all = vec!["check", "--format", "json"];
        all.extend_from_slice(args);
        let out = common::command()
            .args(&all)
            .current_dir(root)
            .env("CATLINT_CACHE_DIR", cache.path())
            .env("CATLINT_NOW", "2026-01-01T00:00:00Z")
            .output()
            .expect("run");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    // Files changed less than 2 s ago are not cached: let them settle, then fill the cache.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let _ = run(&["."]);
    write(
        root,
        "catlint.toml",
        "[taxonomies.concepts]\ncheck = true\n",
    );
    let flux = "content/concepts/flux/_index.md";
    assert_eq!(run(&[flux]), run(&["--no-cache", flux]));
    assert!(run(&[flux]).contains("duplicate-term"));
    let post = "content/posts/p.md";
    let small = ["--max-file-size", "1000", post];
    assert_eq!(
        run(&small),
        run(&["--no-cache", "--max-file-size", "1000", post])
    );
}

#[test]
fn date_timezone_reads_only_the_dates_hugo_reads_unless_asked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write(root, "hugo.toml", "title = 'x'\n");
    let page = zoneless_page("BodyContentGenDate: 2025-01-02T10:00:00\n")
        .replace("date: 2025-01-01T10:00:00", "date: 2025-01-01T10:00:00Z");
    write(root, "content/categories/lean/_index.md", &page);
    let (_, report) = check(root, &["."]);
    assert!(
        diagnostics(&report, "date-timezone").is_empty(),
        "BodyContentGenDate is not a date Hugo reads: {report}"
    );
    write(
        root,
        "catlint.toml",
        "[rules]\ndate-timezone = { every-date = true }\n",
    );
    let (_, report) = check(root, &["."]);
    assert_eq!(diagnostics(&report, "date-timezone").len(), 1, "{report}");
}

/// Baselines written by catlint 0.1 (`fixtures/baselines/*-0.1.json`, written in the site
/// folder), from before missing fields were merged into one finding per page, the unknown
/// top-level fields of a page into one, and undeclared-taxonomy moved to the site
/// configuration: they still suppress those findings.
#[test]
fn baselines_from_before_findings_were_merged_or_moved_still_suppress_them() {
    for site in [
        "sites/example",
        "sites/undeclared-taxonomy",
        "adoption/hugoblox-authors",
    ] {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        common::copy_dir(&common::root().join("fixtures").join(site), root);
        let site = site.rsplit('/').next().unwrap_or(site);
        std::fs::copy(
            common::root().join(format!("fixtures/baselines/{site}-0.1.json")),
            root.join("baseline.json"),
        )
        .expect("copy the baseline");
        let (_, fresh) = check(root, &["."]);
        let merged = ["missing-field", "unknown-field", "undeclared-taxonomy"];
        let expected: &[&str] = match site {
            "example" => &["missing-field"],
            "undeclared-taxonomy" => &["undeclared-taxonomy"],
            _ => &["missing-field", "unknown-field"],
        };
        for rule in expected {
            assert!(
                !diagnostics(&fresh, rule).is_empty(),
                "{site}: the merged or moved {rule} is there without the baseline"
            );
        }
        let (_, report) = check(root, &["--baseline", "baseline.json", "."]);
        for rule in merged {
            assert!(
                diagnostics(&report, rule).is_empty(),
                "{site}: {rule} is in the 0.1 baseline: {report}"
            );
        }
    }
}

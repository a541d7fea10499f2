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

//! Hostile input: each case ends in a clear diagnostic and the documented exit code, fast,
//! and the rest of the run goes on.

// The case tables are long by nature.
#![allow(clippy::too_many_lines)]

mod common;

use std::path::{Path, PathBuf};

use std::time::{Duration, Instant};

use common::root;

fn run(
    dir: &Path,
    args: &[&str],
    env: &[(&str, &str)],
) -> (i32, serde_json::Value, String, Duration) {
    let started = Instant::now();
    let mut command = common::command();
    command
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("CATLINT_NOW", "2026-01-01T00:00:00Z");
    for (k, v) in env {
        command.env(k, v);
    }
    let out = command.output().expect("run catlint");
    let elapsed = started.elapsed();
    let report = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (
        out.status.code().unwrap_or(-1),
        report,
        String::from_utf8_lossy(&out.stderr).into_owned(),
        elapsed,
    )
}

/// A category page at `content/categories/<name>/_index.md` of `dir`.
fn page(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join("content/categories").join(name).join("_index.md");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    path
}

fn good_page() -> Vec<u8> {
    std::fs::read(root().join("fixtures/sites/unused-term/content/categories/lean/_index.md"))
        .unwrap()
}

fn rules_of(report: &serde_json::Value, name: &str) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .map(|ds| {
            ds.iter()
                .filter(|d| {
                    d["path"]
                        .as_str()
                        .unwrap_or_default()
                        .contains(&format!("/{name}/"))
                })
                .map(|d| d["rule"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

fn nested(open: &str, close: &str, depth: usize, inner: &str) -> String {
    format!("{}{inner}{}", open.repeat(depth), close.repeat(depth))
}

/// Every hostile case of the issue as (name, bytes, expected rule; `""`: checked and clean).
fn cases() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    let bomb = "---\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\ni: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]\n---\n";
    // Compact block sequences: every `- ` opens one more level.
    let yaml_block_deep = format!("---\nx:\n  {}1\n---\n", "- ".repeat(5000));
    let mut binary = b"---\ntitle: x\n---\n".to_vec();
    binary.extend((0u8..=255).cycle().take(4096));
    let good = String::from_utf8(good_page()).unwrap();
    vec![
        ("alias-bomb", bomb.as_bytes().to_vec(), "parse-limit"),
        (
            "yaml-flow-5000",
            format!("---\nx: {}\n---\n", nested("[", "]", 5000, "1")).into_bytes(),
            "parse-limit",
        ),
        (
            "yaml-block-5000",
            yaml_block_deep.into_bytes(),
            "parse-limit",
        ),
        (
            "toml-5000",
            format!("+++\nx = {}\n+++\n", nested("[", "]", 5000, "1")).into_bytes(),
            "parse-limit",
        ),
        (
            "toml-inline-5000",
            format!("+++\nx = {}\n+++\n", nested("{a = ", "}", 5000, "1")).into_bytes(),
            "parse-limit",
        ),
        (
            "json-5000",
            nested("{\"a\":", "}", 5000, "1").into_bytes(),
            "parse-limit",
        ),
        ("binary", vec![0, 159, 146, 150, 0, 1, 2, 3], "encoding"),
        ("binary-after-front-matter", binary, "encoding"),
        ("latin1", b"---\ntitle: Caf\xe9\n---\n".to_vec(), "encoding"),
        ("empty", Vec::new(), "frontmatter-missing"),
        ("nothing-inside", b"---\n---\n".to_vec(), "missing-field"),
        ("dashes-only", b"---\n".to_vec(), "frontmatter-unterminated"),
        (
            "dashes-in-body",
            format!("{good}\n---\nmore body\n---\n").into_bytes(),
            "",
        ),
        (
            "crlf",
            good.replace('\n', "\r\n")
                .replacen("title: Lean", "title: Lean\r\nTitle: Lean", 1)
                .into_bytes(),
            "shadowed-key",
        ),
        (
            "lone-cr",
            good.replace('\n', "\r")
                .replacen("title: Lean", "title: Lean\rdescripton: x", 1)
                .into_bytes(),
            "unknown-field",
        ),
        (
            "toml-unclosed-string",
            b"+++\ntitle = \"Lean\n+++\n".to_vec(),
            "syntax",
        ),
        (
            "toml-missing-value",
            b"+++\ntitle =\n+++\n".to_vec(),
            "syntax",
        ),
        (
            "toml-bad-escape",
            b"+++\ntitle = \"a\\qb\"\n+++\n".to_vec(),
            "syntax",
        ),
        (
            "toml-duplicate-table",
            b"+++\n[headline]\n[headline]\n+++\n".to_vec(),
            "syntax",
        ),
        (
            "toml-bad-number",
            b"+++\nweight = 1_\n+++\n".to_vec(),
            "syntax",
        ),
        (
            "toml-bare-key-space",
            b"+++\nti tle = 1\n+++\n".to_vec(),
            "syntax",
        ),
        (
            "json-trailing-comma",
            b"{\"title\": \"x\",}\n".to_vec(),
            "syntax",
        ),
        (
            "json-comment",
            b"{\"title\": \"x\" // hi\n}\n".to_vec(),
            "syntax",
        ),
        ("json-single-quotes", b"{'title': 'x'}\n".to_vec(), "syntax"),
        (
            "json-unclosed-string",
            b"{\"title\": \"x}\n".to_vec(),
            "frontmatter-unterminated",
        ),
        (
            "json-bad-escape",
            b"{\"title\": \"a\\qb\"}\n".to_vec(),
            "syntax",
        ),
        ("json-bare-word", b"{\"title\": yes}\n".to_vec(), "syntax"),
        (
            "json-huge-number",
            b"{\"weight\": 1e99999}\n".to_vec(),
            "syntax",
        ),
        ("json-array-root", b"{\"a\": 1}\n".to_vec(), "missing-field"),
    ]
}

#[test]
fn every_hostile_case_alone_is_reported_fast_with_its_rule() {
    for (name, bytes, rule) in cases() {
        let dir = tempfile::tempdir().unwrap();
        let path = page(dir.path(), name, &bytes);
        let (code, report, stderr, elapsed) = run(
            dir.path(),
            &["check", "--format", "json", path.to_str().unwrap()],
            &[],
        );
        assert!(code == 0 || code == 1, "{name}: exit {code}: {stderr}");
        let rules = rules_of(&report, name);
        if rule.is_empty() {
            assert!(
                rules.is_empty() && report["files_checked"] == 1,
                "{name}: expected a clean page, got {rules:?}"
            );
        } else {
            assert!(
                rules.iter().any(|r| r == rule),
                "{name}: expected {rule}, got {rules:?} {stderr}"
            );
        }
        assert!(elapsed < Duration::from_secs(5), "{name}: took {elapsed:?}");
    }
}

#[test]
fn the_alias_bomb_ends_in_well_under_a_second() {
    let dir = tempfile::tempdir().unwrap();
    let (_, bomb, _) = cases()
        .into_iter()
        .find(|(n, _, _)| *n == "alias-bomb")
        .unwrap();
    let path = page(dir.path(), "bomb", &bomb);
    let (_, report, _, elapsed) = run(
        dir.path(),
        &["check", "--format", "json", path.to_str().unwrap()],
        &[],
    );
    assert_eq!(rules_of(&report, "bomb"), ["parse-limit"]);
    // Process start included; the check itself is microseconds.
    assert!(elapsed < Duration::from_millis(900), "{elapsed:?}");
}

#[test]
fn a_60_mb_file_is_not_read_and_the_limit_is_configurable() {
    let dir = tempfile::tempdir().unwrap();
    let mut big = good_page();
    big.resize(60 * 1024 * 1024, b'x');
    let path = page(dir.path(), "huge", &big);
    let p = path.to_str().unwrap();
    let (code, report, _, elapsed) = run(dir.path(), &["check", "--format", "json", p], &[]);
    assert_eq!(
        (code, rules_of(&report, "huge")),
        (1, vec!["file-too-large".to_owned()])
    );
    assert!(report["diagnostics"][0]["span"].is_null());
    assert!(elapsed < Duration::from_secs(2), "not read: {elapsed:?}");
    std::fs::write(
        dir.path().join("catlint.toml"),
        "max-file-size = 100000000\n",
    )
    .unwrap();
    let (_, report, _, _) = run(dir.path(), &["check", "--format", "json", p], &[]);
    assert!(
        !rules_of(&report, "huge").contains(&"file-too-large".to_owned()),
        "read under a raised limit"
    );
}

#[test]
fn a_site_mixing_every_hostile_case_checks_the_good_page_and_reports_each_bad_one() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("hugo.yaml"),
        "taxonomies:\n  category: categories\n",
    )
    .unwrap();
    page(dir.path(), "good", &good_page());
    for (name, bytes, _) in cases() {
        page(dir.path(), name, &bytes);
    }
    let mut big = good_page();
    big.resize(12 * 1024 * 1024, b' ');
    page(dir.path(), "huge", &big);
    // A symlink loop and a dangling link in the content tree.
    #[cfg(unix)]
    {
        let cats = dir.path().join("content/categories");
        std::os::unix::fs::symlink(&cats, cats.join("loop")).unwrap();
        std::fs::create_dir_all(cats.join("dangling")).unwrap();
        std::os::unix::fs::symlink(cats.join("nowhere.md"), cats.join("dangling/_index.md"))
            .unwrap();
    }
    let (code, report, stderr, elapsed) = run(dir.path(), &["check", "--format", "json", "."], &[]);
    assert!(elapsed < Duration::from_secs(20), "{elapsed:?}");
    assert_eq!(code, 2, "the dangling link is an unreadable path: {stderr}");
    // The good page is checked and clean; only cross-file findings (other cases copy its
    // title) may name it.
    let good = rules_of(&report, "good");
    let cross_file = ["unused-term", "duplicate-term", "term-path-mismatch"];
    assert!(
        good.iter().all(|r| cross_file.contains(&r.as_str())),
        "{good:?}"
    );
    assert!(
        report["files_checked"].as_u64().unwrap() >= cases().len() as u64,
        "every readable page checked"
    );
    for (name, _, rule) in cases() {
        let rules = rules_of(&report, name);
        if rule.is_empty() {
            assert!(
                rules.iter().all(|r| cross_file.contains(&r.as_str())),
                "{name}: {rules:?}"
            );
        } else {
            assert!(rules.iter().any(|r| r == rule), "{name}: {rules:?}");
        }
    }
    assert_eq!(rules_of(&report, "huge"), ["file-too-large"]);
    #[cfg(unix)]
    assert!(rules_of(&report, "dangling").contains(&"io-error".to_owned()));
}

#[test]
fn a_panic_on_one_page_is_an_internal_error_and_the_others_are_still_reported() {
    let dir = tempfile::tempdir().unwrap();
    page(dir.path(), "good", &good_page());
    page(dir.path(), "trigger", b"---\ntitle: PANIC-HERE\n---\n");
    page(dir.path(), "broken", b"---\ntitle: [\n---\n");
    let (code, report, _, _) = run(
        dir.path(),
        &["check", "--format", "json", "."],
        &[("CATLINT_DEBUG_PANIC", "PANIC-HERE")],
    );
    assert_eq!(code, 2, "an internal error exits with 2");
    assert_eq!(rules_of(&report, "trigger"), ["internal-error"]);
    assert_eq!(rules_of(&report, "broken"), ["syntax"]);
    assert_eq!(report["files_checked"], 2, "the good and the broken page");
}

#[cfg(unix)]
#[test]
fn non_utf8_file_names_and_unreadable_files() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let cats = dir.path().join("content/categories");
    let odd = cats.join(OsStr::from_bytes(b"caf\xe9"));
    std::fs::create_dir_all(&odd).unwrap();
    std::fs::write(odd.join("_index.md"), b"---\ntitle: x\n---\n").unwrap();
    let (code, report, stderr, _) = run(dir.path(), &["check", "--format", "json", "."], &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["rule"] == "missing-field"),
        "checked"
    );

    let locked = page(dir.path(), "locked", &good_page());
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&locked).is_ok() {
        println!("SKIPPED: running as root, permissions do not stop reads");
        return;
    }
    let (code, report, _, _) = run(dir.path(), &["check", "--format", "json", "."], &[]);
    assert_eq!(code, 2);
    assert_eq!(rules_of(&report, "locked"), ["io-error"]);
}

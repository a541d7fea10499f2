//! Adopting catlint on a Hugo site that does not follow the category model
//! (`fixtures/adoption/`): the first run is worth reading, and `catlint init` writes a
//! `catlint.toml` after which exactly the planted catches are left.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

const SITES: [&str; 3] = ["bilingual-tags", "tech-categories", "hugoblox-authors"];

/// A finding: rule, file (from the site folder) and 1-based line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Finding {
    rule: String,
    file: String,
    line: u64,
}

fn check(dir: &Path) -> (i32, serde_json::Value) {
    let out = common::catlint_in(dir, &["check", "--no-cache", "--format", "json", "."], &[]);
    let report = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "invalid JSON ({e}): {}\n{}",
            common::stdout(&out),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), report)
}

/// A finding as reported: what and where, its help and its severity.
struct Reported {
    finding: Finding,
    help: String,
    severity: String,
}

fn findings(report: &serde_json::Value) -> Vec<Reported> {
    let mut found: Vec<Reported> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| Reported {
            finding: Finding {
                rule: d["rule"].as_str().unwrap_or_default().to_owned(),
                file: d["path"].as_str().unwrap_or_default().to_owned(),
                line: d["span"]["start"]["line"].as_u64().unwrap_or(0),
            },
            help: d["help"].as_str().unwrap_or_default().to_owned(),
            severity: d["severity"].as_str().unwrap_or_default().to_owned(),
        })
        .collect();
    found.sort_by(|a, b| a.finding.cmp(&b.finding));
    found
}

fn expected(site: &str) -> Vec<(Finding, Option<String>)> {
    let path = common::root()
        .join("fixtures/adoption")
        .join(site)
        .join("expected.json");
    let text = std::fs::read_to_string(&path).expect("expected.json");
    let list: Vec<serde_json::Value> = serde_json::from_str(&text).expect("expected.json parses");
    let mut out: Vec<(Finding, Option<String>)> = list
        .iter()
        .map(|e| {
            (
                Finding {
                    rule: e["rule"].as_str().expect("rule").to_owned(),
                    file: e["file"].as_str().expect("file").to_owned(),
                    line: e["line"].as_u64().expect("line"),
                },
                e["help"].as_str().map(str::to_owned),
            )
        })
        .collect();
    out.sort();
    out
}

/// The term pages of a site: `<taxonomy>/<term>/_index*.md` under `content/`.
fn term_pages(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let content = dir.join("content");
    for taxonomy in std::fs::read_dir(&content).expect("content").flatten() {
        for term in std::fs::read_dir(taxonomy.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            for file in std::fs::read_dir(term.path())
                .into_iter()
                .flatten()
                .flatten()
            {
                let name = file.file_name().to_string_lossy().into_owned();
                if name.starts_with("_index") && name.ends_with(".md") {
                    let rel = file.path();
                    let rel = rel.strip_prefix(dir).expect("inside");
                    out.push(rel.to_string_lossy().replace('\\', "/"));
                }
            }
        }
    }
    out
}

fn copy(site: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    common::copy_dir(
        &common::root().join("fixtures/adoption").join(site),
        dir.path(),
    );
    for generated in ["README.md", "expected.json"] {
        std::fs::remove_file(dir.path().join(generated)).expect("remove");
    }
    dir
}

#[test]
fn the_first_run_reports_at_most_one_error_per_term_page_and_points_at_init() {
    for site in SITES {
        let dir = copy(site);
        let (code, report) = check(dir.path());
        assert_eq!(code, 1, "{site}: the pages lack the model's fields");
        let terms = term_pages(dir.path());
        assert!(!terms.is_empty(), "{site} has term pages");
        // The planted catches are what the run is for; every other error is the page's
        // shape: one per term page at most.
        let planted: Vec<Finding> = expected(site).into_iter().map(|(f, _)| f).collect();
        let mut shape_errors: BTreeMap<String, usize> = BTreeMap::new();
        let found = findings(&report);
        for r in &found {
            if r.severity == "error" && !planted.contains(&r.finding) {
                *shape_errors.entry(r.finding.file.clone()).or_default() += 1;
            }
        }
        for (file, n) in &shape_errors {
            assert!(
                terms.contains(file),
                "{site}: an error on {file}, not a term page"
            );
            assert_eq!(*n, 1, "{site}: {n} errors on {file}");
        }
        for planted in &planted {
            assert!(
                found.iter().any(|r| r.finding == *planted),
                "{site}: the first run already reports {planted:?}"
            );
        }
        let hints = report["hints"].as_array().expect("a hint in the summary");
        assert_eq!(hints.len(), 1, "{site}: {hints:?}");
        let message = hints[0]["message"].as_str().unwrap_or_default();
        assert!(message.contains("`catlint init`"), "{site}: {message}");
        let of = hints[0]["of"].as_u64().unwrap_or(0);
        assert_eq!(
            of as usize,
            terms.len(),
            "{site}: every term page is counted"
        );
        let fields = hints[0]["fields"].as_array().expect("fields");
        assert!(!fields.is_empty(), "{site}: {message}");
        for f in fields {
            assert!(
                f["pages"].as_u64().unwrap_or(0) * 2 > of,
                "{site}: {message}"
            );
        }
    }
}

#[test]
fn init_then_check_leaves_exactly_the_planted_findings() {
    for site in SITES {
        let dir = copy(site);
        let init = common::catlint_in(dir.path(), &["init", "."], &[]);
        assert_eq!(
            init.status.code(),
            Some(0),
            "{site}: {}",
            String::from_utf8_lossy(&init.stderr)
        );
        let config = std::fs::read_to_string(dir.path().join("catlint.toml")).expect("written");
        let (code, report) = check(dir.path());
        let found = findings(&report);
        let expected = expected(site);
        let found_keys: Vec<&Finding> = found.iter().map(|r| &r.finding).collect();
        let expected_keys: Vec<&Finding> = expected.iter().map(|(f, _)| f).collect();
        assert_eq!(
            found_keys, expected_keys,
            "{site}: every finding, of any severity, is a planted one\n{config}"
        );
        for (r, (_, want)) in found.iter().zip(&expected) {
            if let Some(want) = want {
                assert!(
                    r.help.contains(want.as_str()),
                    "{site}: {:?}: {}",
                    r.finding,
                    r.help
                );
            }
        }
        let errors = report["summary"]["errors"].as_u64().unwrap_or(0);
        assert_eq!(code, i32::from(errors > 0), "{site}: exit code");
        assert!(
            report.get("hints").is_none(),
            "{site}: no hint once the file fits"
        );
    }
}

#[test]
fn init_keeps_the_category_model_on_the_real_corpus() {
    let Some(corpus) = common::corpus() else {
        eprintln!("no ../shared/corpus: skipped");
        return;
    };
    let site = corpus.join("nkdagility/site");
    let out = common::catlint_in(&site, &["init", "--print", "."], &[]);
    assert_eq!(out.status.code(), Some(0));
    let text = common::stdout(&out);
    let config = catlint_core::project::config::Config::parse(&text).expect(&text);
    for taxonomy in ["categories", "tags", "concepts"] {
        let t = config
            .taxonomies
            .get(taxonomy)
            .unwrap_or_else(|| panic!("{taxonomy}\n{text}"));
        assert_eq!(
            t.required, None,
            "{taxonomy} keeps the model's required fields"
        );
        assert!(
            t.extra_fields.is_empty() && !t.allow_unknown_fields,
            "{taxonomy}"
        );
    }
    assert_eq!(
        config.taxonomies["concepts"].check,
        Some(true),
        "the undeclared concepts section is checked"
    );
    assert!(
        text.contains("# Of 29: 29 have title, 28 have date"),
        "{text}"
    );
    assert!(
        !site.join("catlint.toml").exists(),
        "--print writes nothing"
    );
}

#[test]
fn the_first_run_and_the_file_init_writes_read_well() {
    let site = common::root().join("fixtures/adoption/hugoblox-authors");
    let out = common::catlint_in(&site, &["check", "--no-cache", "."], &[]);
    insta::with_settings!({filters => vec![(r"in \d+ ms", "in [TIME] ms")]}, {
        insta::assert_snapshot!("hugoblox_authors_first_run", common::stdout(&out));
    });
    for site in SITES {
        let dir = common::root().join("fixtures/adoption").join(site);
        let out = common::catlint_in(&dir, &["init", "--print", "."], &[]);
        assert_eq!(out.status.code(), Some(0), "{site}");
        insta::assert_snapshot!(format!("init_{site}"), common::stdout(&out));
    }
}

#[test]
fn init_reads_the_pages_check_reads_and_leaves_ordinary_sections_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    };
    write("hugo.toml", "baseURL = 'https://example.org/'\n");
    // The content folder is the old catlint.toml's; one archived tag page is excluded.
    write(
        "catlint.toml",
        "exclude = ['src/tags/old.md']\ncontent-dirs = ['src']\n[rules]\nunused-term = 'off'\n",
    );
    for tag in ["a", "b", "c"] {
        write(
            &format!("src/tags/{tag}.md"),
            &format!("---\ntitle: {tag}\n---\n"),
        );
    }
    write("src/tags/old.md", "---\nnot: a tag page\n---\n");
    write("src/posts/p.md", "---\ntitle: P\ntags: [a, b, c]\n---\n");
    // Branch bundles of an ordinary section: no page lists terms under `docs`.
    for part in ["start", "guide"] {
        write(
            &format!("src/docs/{part}/_index.md"),
            &format!("---\ntitle: {part}\nweight: 1\n---\n"),
        );
    }
    let init = common::catlint_in(root, &["init", "--force", "."], &[]);
    assert_eq!(
        init.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    let text = std::fs::read_to_string(root.join("catlint.toml")).expect("written");
    let config = catlint_core::project::config::Config::parse(&text).expect(&text);
    assert_eq!(config.content_dirs, Some(vec!["src".to_owned()]), "{text}");
    assert_eq!(config.exclude, ["src/tags/old.md"], "{text}");
    assert_eq!(
        config.taxonomies["tags"].required,
        Some(vec!["title".to_owned()]),
        "the legacy pages decide, the excluded one is not read: {text}"
    );
    assert!(!config.taxonomies.contains_key("docs"), "{text}");
    let (code, report) = check(root);
    let found: Vec<(String, String)> = findings(&report)
        .into_iter()
        .map(|r| (r.finding.rule, r.finding.file))
        .collect();
    // What is left is the legacy layout itself: Hugo reads `<term>.md` as a regular page.
    assert!(
        found.iter().all(|(rule, _)| rule == "not-a-term-page"),
        "{found:?}\n{text}"
    );
    assert_eq!(found.len(), 3, "{found:?}");
    assert_eq!(code, 0);
}

//! `--fix`, `--unsafe-fixes` and `--diff` on real files: never a lost byte.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use catlint_core::frontmatter::extract;
use catlint_core::model::date::Zone;
use catlint_core::project::fix::{FixMode, fix_until_stable};
use catlint_core::rules::RuleId;
use catlint_core::rules::Settings;
use common::{copy_dir, corpus, root};

fn catlint_in(dir: &Path, args: &[&str]) -> std::process::Output {
    common::command()
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("CATLINT_NOW", "2026-01-01T00:00:00Z")
        .output()
        .expect("run catlint")
}

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            markdown_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
    out.sort();
}

/// The bytes after the front matter (the whole file when there is none).
fn body(bytes: &[u8]) -> &[u8] {
    extract(bytes).map_or(bytes, |fm| &bytes[fm.body_start..])
}

/// A scratch tree with the fixture pages: the example site and every broken page.
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &root().join("fixtures/sites/example"),
        &dir.path().join("example"),
    );
    copy_dir(
        &root().join("fixtures/invalid"),
        &dir.path().join("invalid"),
    );
    copy_dir(&root().join("fixtures/valid"), &dir.path().join("valid"));
    dir
}

#[test]
fn a_renamed_page_gets_its_instructions_opening_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("content/categories/alpha-beta/_index.md");
    std::fs::create_dir_all(page.parent().unwrap()).unwrap();
    let text = std::fs::read_to_string(
        root().join("fixtures/sites/unused-term/content/categories/lean/_index.md"),
    )
    .unwrap()
    .replace("title: Lean", "title: Alpha Beta")
    .replace(
        "headline:\n  cards: []\n  title: Lean",
        "headline:\n  cards: []\n  title: Alpha Beta",
    )
    .replace("discussions on Lean.", "discussions on Alpha.");
    std::fs::write(&page, &text).unwrap();
    let out = catlint_in(dir.path(), &["check", "--fix", "--format", "json", "."]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let fixed = std::fs::read_to_string(&page).unwrap();
    assert!(
        fixed.contains("**Use this category only for discussions on Alpha Beta.**"),
        "{fixed}"
    );
    assert_eq!(
        fixed,
        text.replace("discussions on Alpha.", "discussions on Alpha Beta."),
        "only the name changed"
    );
    let rules: Vec<String> = common::rules_and_lines(&report)
        .into_iter()
        .map(|(r, _)| r)
        .collect();
    assert!(
        !rules.iter().any(|r| r == "instructions-opening"),
        "{rules:?}"
    );
}

#[test]
fn diff_applies_with_git_apply_and_equals_fix() {
    let fixed = scratch();
    let patched = scratch();
    let out = catlint_in(patched.path(), &["check", "--diff", "--unsafe-fixes", "."]);
    assert_eq!(out.status.code(), Some(1), "something would change");
    let diff = out.stdout;
    assert!(!diff.is_empty());
    // --diff writes nothing.
    let mut before = Vec::new();
    markdown_files(patched.path(), &mut before);
    for path in &before {
        let original = root()
            .join("fixtures")
            .join(rel_fixture(path, patched.path()));
        assert_eq!(
            std::fs::read(path).unwrap(),
            std::fs::read(original).unwrap(),
            "{}",
            path.display()
        );
    }
    let diff_file = patched.path().join("changes.diff");
    std::fs::write(&diff_file, &diff).unwrap();
    let applied = Command::new("git")
        .args(["apply", "--unsafe-paths", "-p1", "changes.diff"])
        .current_dir(patched.path())
        .output()
        .expect("git");
    assert!(
        applied.status.success(),
        "{}",
        String::from_utf8_lossy(&applied.stderr)
    );
    std::fs::remove_file(&diff_file).unwrap();

    catlint_in(
        fixed.path(),
        &["check", "--fix", "--unsafe-fixes", "-q", "."],
    );
    let (mut a, mut b) = (Vec::new(), Vec::new());
    markdown_files(fixed.path(), &mut a);
    markdown_files(patched.path(), &mut b);
    assert_eq!(a.len(), b.len());
    let mut changed = 0;
    for (x, y) in a.iter().zip(&b) {
        let (fx, py) = (std::fs::read(x).unwrap(), std::fs::read(y).unwrap());
        assert_eq!(
            fx,
            py,
            "--fix and the applied --diff differ on {}",
            x.display()
        );
        let original =
            std::fs::read(root().join("fixtures").join(rel_fixture(x, fixed.path()))).unwrap();
        assert_eq!(
            body(&fx),
            body(&original),
            "the body of {} changed",
            x.display()
        );
        changed += usize::from(fx != original);
    }
    assert!(
        changed >= 10,
        "the fixtures have fixable problems: {changed} files changed"
    );
}

/// The fixture-relative path of a scratch file (`example/…` → `sites/example/…`).
fn rel_fixture(path: &Path, scratch: &Path) -> PathBuf {
    let rel = path.strip_prefix(scratch).unwrap();
    if rel.starts_with("example") {
        Path::new("sites").join(rel)
    } else {
        rel.to_path_buf()
    }
}

#[test]
fn a_second_fix_changes_nothing_and_finds_nothing_fixable() {
    let dir = scratch();
    catlint_in(dir.path(), &["check", "--fix", "--unsafe-fixes", "-q", "."]);
    let mut files = Vec::new();
    markdown_files(dir.path(), &mut files);
    let snapshot: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(f).unwrap()).collect();
    let again = catlint_in(
        dir.path(),
        &["check", "--fix", "--unsafe-fixes", "--format", "json", "."],
    );
    let report: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(report["summary"]["fixable"], 0);
    let after: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(f).unwrap()).collect();
    assert!(snapshot == after, "the second --fix changed files");
    let diff = catlint_in(dir.path(), &["check", "--diff", "--unsafe-fixes", "."]);
    assert_eq!((diff.status.code(), diff.stdout.len()), (Some(0), 0));
}

#[cfg(unix)]
#[test]
fn writes_keep_permissions_links_and_refuse_nothing_else() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt, symlink};
    let dir = tempfile::tempdir().unwrap();
    let cats = dir.path().join("content/categories");
    let page = |name: &str| {
        let path = cats.join(name).join("_index.md");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let text = std::fs::read_to_string(
            root()
                .join("fixtures/invalid/key-case/categories/yaml-instructions-lowercase/_index.md"),
        )
        .unwrap();
        std::fs::write(&path, text).unwrap();
        path
    };
    let private = page("private");
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o640)).unwrap();
    // A page that is a symlink to a file outside the content tree.
    let outside = dir.path().join("shared-page.md");
    std::fs::copy(&private, &outside).unwrap();
    std::fs::create_dir_all(cats.join("linked")).unwrap();
    symlink(&outside, cats.join("linked/_index.md")).unwrap();
    // A page with a second hard link.
    let hard = page("hard");
    let other_name = dir.path().join("hard-other-name.md");
    std::fs::hard_link(&hard, &other_name).unwrap();

    let out = catlint_in(dir.path(), &["check", "--fix", "-q", "."]);
    assert_ne!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let fixed = |p: &Path| {
        std::fs::read_to_string(p)
            .unwrap()
            .contains("\nInstructions: |-")
    };
    assert!(fixed(&private));
    assert_eq!(
        std::fs::metadata(&private).unwrap().permissions().mode() & 0o777,
        0o640
    );
    let link = cats.join("linked/_index.md");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link stays a link"
    );
    assert!(fixed(&outside), "the link's target was fixed");
    assert!(fixed(&other_name), "the other hard link sees the fix");
    assert_eq!(std::fs::metadata(&hard).unwrap().nlink(), 2);
}

#[test]
fn crlf_and_bom_survive_a_fix() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("content/categories/x/_index.md");
    std::fs::create_dir_all(page.parent().unwrap()).unwrap();
    let text = std::fs::read_to_string(
        root().join("fixtures/invalid/key-case/categories/yaml-instructions-lowercase/_index.md"),
    )
    .unwrap();
    let crlf = format!(
        "\u{feff}{}\r\nBody line\r\n",
        text.trim_end().replace('\n', "\r\n")
    );
    std::fs::write(&page, &crlf).unwrap();
    catlint_in(dir.path(), &["check", "--fix", "-q", "."]);
    let fixed = std::fs::read_to_string(&page).unwrap();
    assert_eq!(
        fixed,
        crlf.replace("\r\ninstructions: |-", "\r\nInstructions: |-")
    );
}

#[test]
fn every_corpus_page_and_its_mutations_fix_to_a_stable_page_without_touching_the_body() {
    let Some(corpus) = corpus() else {
        println!("SKIPPED: corpus not found");
        return;
    };
    let settings = Settings {
        zone: Zone::named("Europe/London"),
        ..Settings::default()
    };
    let checker = common::Checker::new(settings);
    let mode = FixMode { unsafe_fixes: true };
    let mut files = Vec::new();
    markdown_files(&corpus, &mut files);
    let (mut pages, mut fixes) = (0, 0);
    for file in &files {
        let original = std::fs::read(file).unwrap();
        for variant in mutations(&original) {
            pages += 1;
            let report = fix_until_stable(&variant, mode, |src| checker.check(src));
            let name = file.display();
            assert!(
                report.not_converging.is_empty(),
                "{name}: {:?}",
                report.not_converging
            );
            assert_eq!(body(&report.fixed), body(&variant), "{name}: body changed");
            fixes += report.applied.values().sum::<usize>();
            let after = checker.check(&report.fixed);
            assert!(
                after.iter().all(|d| d.rule != RuleId::Syntax)
                    || checker
                        .check(&variant)
                        .iter()
                        .any(|d| d.rule == RuleId::Syntax),
                "{name}: a fix broke the syntax"
            );
            assert!(
                after.iter().all(|d| d.fix.is_none()),
                "{name}: fixable problems remain: {after:?}"
            );
            let again = fix_until_stable(&report.fixed, mode, |src| checker.check(src));
            assert_eq!(again.fixed, report.fixed, "{name}: not idempotent");
            // Outside the front matter nothing moved; inside, every changed line holds an edit.
            assert_eq!(
                lines_changed_outside_front_matter(&variant, &report.fixed),
                0,
                "{name}"
            );
        }
    }
    println!("{pages} pages, {fixes} fixes");
    assert!(pages >= 600, "{pages} pages");
    assert!(fixes >= 300, "the mutations are fixable: {fixes} fixes");
}

/// The page and variants with fixable defects: a key in another case, spaces inside quotes,
/// a bare `yes`, a date without zone, a stale Instructions name, a repeated equal line.
fn mutations(original: &[u8]) -> Vec<Vec<u8>> {
    let Ok(text) = std::str::from_utf8(original) else {
        return vec![original.to_vec()];
    };
    let mut out = vec![original.to_vec()];
    let mut push = |s: String| {
        if s.as_bytes() != original {
            out.push(s.into_bytes());
        }
    };
    push(text.replacen("\ntitle:", "\nTitle:", 1));
    push(
        text.replacen("\ndescription: ", "\ndescription: \" ", 1)
            .replacen("\ndescription: \" ", "\ndescription: \"  ", 1)
            .lines()
            .map(|l| {
                if l.starts_with("description: \"  ") && !l.ends_with('"') {
                    format!("{l}  \"")
                } else {
                    l.to_owned()
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
            + "\n",
    );
    push(text.replacen("\ntrustpilot: false", "\ntrustpilot: no", 1));
    push(text.replacen("Z\n", "\n", 1));
    push(text.replacen("discussions on ", "discussions on Old ", 1));
    if let Some(line) = text.lines().find(|l| l.starts_with("weight: ")) {
        push(text.replacen(&format!("\n{line}\n"), &format!("\n{line}\n{line}\n"), 1));
    }
    out
}

fn lines_changed_outside_front_matter(before: &[u8], after: &[u8]) -> usize {
    match (extract(before), extract(after)) {
        (Ok(a), Ok(b)) => usize::from(
            before[..a.open.start] != after[..b.open.start] || body(before) != body(after),
        ),
        _ => usize::from(before != after),
    }
}

/// Inputs the fuzzers found (`fixtures/fuzz/`): each must now check and fix cleanly.
#[test]
fn fuzz_regressions_check_and_fix_cleanly() {
    let checker = common::Checker::new(Settings::default());
    let mode = FixMode { unsafe_fixes: true };
    let mut seen = 0;
    for entry in std::fs::read_dir(root().join("fixtures/fuzz")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            seen += 1;
            let input = std::fs::read(&path).unwrap();
            for d in checker.check(&input) {
                let span = d.span.unwrap_or_default();
                assert!(
                    span.start <= span.end && span.end <= input.len(),
                    "{}: {d:?}",
                    path.display()
                );
            }
            let report = fix_until_stable(&input, mode, |src| checker.check(src));
            assert!(
                report.not_converging.is_empty(),
                "{}: {:?}",
                path.display(),
                report.not_converging
            );
            assert_eq!(body(&report.fixed), body(&input));
            let again = fix_until_stable(&report.fixed, mode, |src| checker.check(src));
            assert_eq!(
                again.fixed,
                report.fixed,
                "{}: not idempotent",
                path.display()
            );
        }
    }
    assert!(seen >= 1);
}

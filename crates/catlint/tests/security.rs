//! The boundary: a symbolic link in the checked repository never makes catlint read or
//! write outside it (see `src/boundary.rs`), and a `catlint.toml` cannot switch off the
//! limits that protect the machine running catlint.
#![cfg(unix)]

mod common;

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::Output;

use common::{catlint_in, root, stdout};

/// A line of the file outside the repository: it must never reach any output.
const SECRET: &str = "SECRET-TOKEN-7c1f0e";

/// A page that `--fix` would change (`instructions:` → `Instructions:`).
fn fixable_page(title: &str) -> String {
    format!(
        "---\ntitle: {title}\ndate: 2025-01-01T00:00:00Z\ndescription: A page.\ninstructions: |-\n  Use this category only for discussions on {title}.\nheadline:\n  cards: []\n  title: {title}\n  subtitle: s\n  content: c\n  updated: 2025-01-01T00:00:00Z\n---\n"
    )
}

/// `tmp/repo` (a git repository holding a Hugo site) and `tmp/outside`, with links from the
/// one to the other.
struct Layout {
    _tmp: tempfile::TempDir,
    repo: PathBuf,
    /// The secret file outside the repository, and its bytes.
    secret: PathBuf,
    secret_bytes: Vec<u8>,
    /// A page outside the repository, linked as a category page.
    outside_page: PathBuf,
    /// A page inside the repository, linked from another folder of it.
    inside_target: PathBuf,
}

fn layout() -> Layout {
    let tmp = tempfile::tempdir().expect("temp dir");
    let repo = tmp.path().join("repo");
    let outside = tmp.path().join("outside");
    let cats = repo.join("content/categories");
    for dir in [repo.join(".git"), cats.join("lean"), outside.clone()] {
        std::fs::create_dir_all(dir).expect("mkdir");
    }
    std::fs::write(repo.join("hugo.yaml"), "title: Site\n").expect("write");
    std::fs::write(cats.join("lean/_index.md"), fixable_page("Lean")).expect("write");
    // The secret: front matter that parses, lines that would show in a snippet.
    let secret = outside.join("credentials.md");
    let secret_bytes =
        format!("---\ntitle: {SECRET}\ntoken: {SECRET}\ntags: [{SECRET}]\n---\n{SECRET}\n")
            .into_bytes();
    std::fs::write(&secret, &secret_bytes).expect("write");
    std::fs::create_dir_all(cats.join("leak")).expect("mkdir");
    symlink(&secret, cats.join("leak/_index.md")).expect("link");
    // A post that is a link out, and a Hugo configuration file that is one.
    std::fs::create_dir_all(repo.join("content/posts")).expect("mkdir");
    symlink(&secret, repo.join("content/posts/leak.md")).expect("link");
    std::fs::create_dir_all(repo.join("config/_default")).expect("mkdir");
    symlink(&secret, repo.join("config/_default/params.yaml")).expect("link");
    // A page outside that --fix would change.
    let outside_page = outside.join("victim.md");
    std::fs::write(&outside_page, fixable_page("Victim")).expect("write");
    std::fs::create_dir_all(cats.join("victim")).expect("mkdir");
    symlink(&outside_page, cats.join("victim/_index.md")).expect("link");
    // A link that stays inside the repository.
    let shared = repo.join("shared");
    std::fs::create_dir_all(&shared).expect("mkdir");
    let inside_target = shared.join("kanban.md");
    std::fs::write(&inside_target, fixable_page("Kanban")).expect("write");
    std::fs::create_dir_all(cats.join("kanban")).expect("mkdir");
    symlink(&inside_target, cats.join("kanban/_index.md")).expect("link");
    Layout {
        _tmp: tmp,
        repo,
        secret,
        secret_bytes,
        outside_page,
        inside_target,
    }
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", stdout(out), stderr(out)))
}

/// The `(path, rule)` pairs of a JSON report.
fn findings(report: &serde_json::Value) -> Vec<(String, String)> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap_or_default().to_owned(),
                d["rule"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[test]
fn links_out_of_the_repository_are_reported_and_never_shown_in_any_format() {
    let l = layout();
    let summary = l.repo.join("../step-summary.md");
    let mut every_output = String::new();
    for format in ["human", "short", "json", "github", "sarif", "junit"] {
        let out = catlint_in(
            &l.repo,
            &["check", "--format", format, "."],
            &[("GITHUB_STEP_SUMMARY", summary.as_path())],
        );
        assert_ne!(out.status.code(), Some(2), "{format}: {}", stderr(&out));
        let text = format!("{}{}", stdout(&out), stderr(&out));
        assert!(text.contains("link-outside"), "{format}:\n{text}");
        every_output.push_str(&text);
    }
    every_output.push_str(&std::fs::read_to_string(&summary).expect("step summary"));
    assert!(
        !every_output.contains(SECRET),
        "the secret leaked:\n{every_output}"
    );

    let report = json(&catlint_in(
        &l.repo,
        &["check", "--format", "json", "."],
        &[],
    ));
    let found = findings(&report);
    for path in [
        "config/_default/params.yaml",
        "content/categories/leak/_index.md",
        "content/categories/victim/_index.md",
        "content/posts/leak.md",
    ] {
        assert!(
            found.contains(&(path.to_owned(), "link-outside".to_owned())),
            "{path}: {found:?}"
        );
    }
    // Nothing else is said of the links (they were not read), and the pages inside are
    // checked: lean directly, kanban through its link.
    assert!(
        found
            .iter()
            .filter(|(p, _)| p.contains("leak") || p.contains("victim") || p.contains("params"))
            .all(|(_, r)| r == "link-outside"),
        "{found:?}"
    );
    assert_eq!(report["files_checked"], 2, "{found:?}");
    let d = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["path"] == "content/categories/leak/_index.md")
        .expect("the leak is reported");
    assert_eq!(d["severity"], "warning");
    assert!(d["span"].is_null());
    let message = d["message"].as_str().expect("message");
    assert!(
        message.contains(&*l.secret.canonicalize().expect("real").to_string_lossy()),
        "says where the link points: {message}"
    );
    assert_eq!(std::fs::read(&l.secret).expect("secret"), l.secret_bytes);
}

#[test]
fn fix_never_writes_through_a_link_out_and_still_fixes_through_a_link_inside() {
    let l = layout();
    let before = std::fs::read(&l.outside_page).expect("victim");
    let out = catlint_in(&l.repo, &["check", "--fix", "--format", "json", "."], &[]);
    assert_ne!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(
        std::fs::read(&l.outside_page).expect("victim"),
        before,
        "the file outside is byte-identical"
    );
    let fixed = |p: &Path| {
        std::fs::read_to_string(p)
            .expect("read")
            .contains("\nInstructions: |-")
    };
    assert!(fixed(&l.inside_target), "fixed through the link inside");
    assert!(fixed(&l.repo.join("content/categories/lean/_index.md")));
    let link = l.repo.join("content/categories/kanban/_index.md");
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink(),
        "the link stays a link"
    );

    // Even when --follow-links reads the page, it is not written.
    let out = catlint_in(
        &l.repo,
        &["check", "--fix", "--follow-links", "--format", "json", "."],
        &[],
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "a fix left unwritten is trouble"
    );
    assert!(
        stderr(&out).contains("leads outside the repository"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(&l.outside_page).expect("victim"), before);
}

#[test]
fn a_path_named_on_the_command_line_that_links_out_is_reported_unless_links_are_followed() {
    let l = layout();
    let page = "content/categories/victim/_index.md";
    let report = json(&catlint_in(
        &l.repo,
        &["check", "--format", "json", page],
        &[],
    ));
    assert_eq!(
        findings(&report),
        [(page.to_owned(), "link-outside".to_owned())]
    );
    assert_eq!(report["files_checked"], 0);

    let report = json(&catlint_in(
        &l.repo,
        &["check", "--follow-links", "--format", "json", page],
        &[],
    ));
    assert_eq!(report["files_checked"], 1, "read through the link");
    assert!(
        findings(&report).iter().any(|(_, r)| r == "key-case"),
        "{report}"
    );
    // A folder named on the command line that is a link out.
    symlink(l.secret.parent().expect("folder"), l.repo.join("elsewhere")).expect("link");
    let report = json(&catlint_in(
        &l.repo,
        &["check", "--format", "json", "elsewhere"],
        &[],
    ));
    assert_eq!(
        findings(&report),
        [("elsewhere".to_owned(), "link-outside".to_owned())]
    );
}

#[test]
fn reports_and_baselines_are_not_written_through_a_linked_folder() {
    let l = layout();
    let outside = l.secret.parent().expect("folder").to_path_buf();
    symlink(&outside, l.repo.join("reports")).expect("link");
    for args in [
        vec!["check", "--report", "sarif=reports/catlint.sarif", "."],
        vec!["check", "--write-baseline", "reports/baseline.json", "."],
    ] {
        let out = catlint_in(&l.repo, &args, &[]);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("outside the repository"),
            "{}",
            stderr(&out)
        );
    }
    let mut names: Vec<String> = std::fs::read_dir(&outside)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["credentials.md", "victim.md"],
        "nothing written outside"
    );
    // A place outside the repository that the user names is theirs to choose.
    let sarif = l.repo.join("../catlint.sarif");
    let out = catlint_in(
        &l.repo,
        &[
            "check",
            "--report",
            &format!("sarif={}", sarif.display()),
            ".",
        ],
        &[],
    );
    assert_ne!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(sarif.is_file());
}

#[test]
fn a_cache_folder_that_is_a_link_is_refused() {
    let l = layout();
    let outside_cache = l.secret.parent().expect("folder").join("cache");
    std::fs::create_dir_all(&outside_cache).expect("mkdir");
    symlink(&outside_cache, l.repo.join(".catlint_cache")).expect("link");
    let mut command = common::command();
    let out = command
        .args(["check", "--verbose", "."])
        .current_dir(&l.repo)
        .env_remove("CATLINT_CACHE_DIR")
        .env("NO_COLOR", "1")
        .output()
        .expect("run");
    assert_ne!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(".catlint_cache is a symbolic link"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_dir(&outside_cache).expect("list").count(),
        0,
        "nothing written through the link"
    );
    // The same for --cache-dir.
    let out = catlint_in(
        &l.repo,
        &["check", "--cache-dir", ".catlint_cache", "."],
        &[],
    );
    assert!(
        stderr(&out).contains("is a symbolic link"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_dir(&outside_cache).expect("list").count(), 0);
}

#[test]
fn a_catlint_toml_cannot_raise_the_limits_past_their_caps() {
    let site = root().join("fixtures/sites/config-limit");
    let out = catlint_in(&site, &["check", "--format", "json", "."], &[]);
    let report = json(&out);
    let found = findings(&report);
    // The alias bomb is still stopped, at the cap (100,000), not at the 100,000,000 asked.
    let bomb = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["rule"] == "parse-limit")
        .unwrap_or_else(|| panic!("{found:?}"));
    assert!(
        bomb["message"]
            .as_str()
            .expect("message")
            .contains("100000 values"),
        "{bomb}"
    );
    assert_eq!(
        found
            .iter()
            .filter(|f| f == &&("catlint.toml".to_owned(), "config-limit".to_owned()))
            .count(),
        2,
        "max-file-size and max-alias-nodes; max-depth = 100 is under its cap: {found:?}"
    );
    // Only a command-line flag goes higher (and then the catlint.toml value is not used).
    let out = catlint_in(
        &site,
        &[
            "check",
            "--format",
            "json",
            "--max-alias-nodes",
            "2000000",
            ".",
        ],
        &[],
    );
    let found = findings(&json(&out));
    assert!(!found.iter().any(|(_, r)| r == "parse-limit"), "{found:?}");
    assert_eq!(
        found.iter().filter(|(_, r)| r == "config-limit").count(),
        1,
        "{found:?}"
    );
}

#[test]
fn a_content_folder_configured_outside_the_repository_is_not_read() {
    let l = layout();
    let outside = l.secret.parent().expect("folder");
    std::fs::create_dir_all(outside.join("categories/stolen")).expect("mkdir");
    std::fs::copy(&l.secret, outside.join("categories/stolen/_index.md")).expect("copy");
    for config in [
        format!("contentDir: {}\n", outside.display()),
        "contentDir: ../outside\n".to_owned(),
        format!(
            "module:\n  mounts:\n    - source: {}\n      target: content\n",
            outside.display()
        ),
    ] {
        std::fs::write(l.repo.join("hugo.yaml"), &config).expect("write");
        let out = catlint_in(&l.repo, &["check", "--format", "json", "."], &[]);
        assert!(!stdout(&out).contains(SECRET), "{config}: {}", stdout(&out));
        let found = findings(&json(&out));
        assert!(
            found
                .iter()
                .any(|(p, r)| r == "link-outside" && p.ends_with("outside")),
            "{config}: {found:?}"
        );
    }
}

/// Run `catlint ARGS` in `dir` and return everything it printed, with its exit code.
fn printed(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let out = catlint_in(dir, args, &[]);
    (
        out.status.code(),
        format!("{}{}", stdout(&out), stderr(&out)),
    )
}

#[test]
fn a_linked_folder_holding_a_repository_does_not_become_the_boundary() {
    // The review's F1: `content` is a link to a folder outside that has `.git` of its own.
    let l = layout();
    let outside = l.secret.parent().expect("folder").join("site");
    std::fs::create_dir_all(outside.join(".git")).expect("mkdir");
    std::fs::create_dir_all(outside.join("content/categories/sec")).expect("mkdir");
    std::fs::copy(&l.secret, outside.join("content/categories/sec/_index.md")).expect("copy");
    std::fs::write(outside.join("hugo.yaml"), "title: S\n").expect("write");
    std::fs::remove_dir_all(l.repo.join("content")).expect("rm");
    symlink(outside.join("content"), l.repo.join("content")).expect("link");
    symlink(&outside, l.repo.join("gsub")).expect("link");
    let before = std::fs::read(outside.join("content/categories/sec/_index.md")).expect("read");
    for args in [
        vec!["check", "content"],
        vec!["check", "--fix", "content"],
        vec!["check", "gsub"],
        vec!["init", "gsub"],
        vec!["check", "--root", "gsub", "gsub"],
    ] {
        let (_, text) = printed(&l.repo, &args);
        assert!(!text.contains(SECRET), "{args:?}:\n{text}");
    }
    assert_eq!(
        std::fs::read(outside.join("content/categories/sec/_index.md")).expect("read"),
        before
    );
    assert!(
        !outside.join("catlint.toml").exists(),
        "init wrote nothing outside"
    );
    assert!(!outside.join(".catlint_cache").exists());
}

#[test]
fn dot_dot_through_a_link_is_read_as_written() {
    // F2: `contentDir: lnk/../content` with `lnk` a link inside the repository: the content
    // folder is `content` as written, and its link out is refused.
    let l = layout();
    std::fs::create_dir_all(l.repo.join("deep/sub")).expect("mkdir");
    std::fs::create_dir_all(l.repo.join("deep/content/categories")).expect("mkdir");
    symlink(l.repo.join("deep/sub"), l.repo.join("lnk")).expect("link");
    std::fs::write(l.repo.join("hugo.yaml"), "contentDir: lnk/../content\n").expect("write");
    let (_, text) = printed(&l.repo, &["check", "content/categories/lean/_index.md"]);
    assert!(!text.contains(SECRET), "{text}");
    // Writes: `reports/..` as the operating system reads it, through a link out.
    let elsewhere = l.secret.parent().expect("folder").join("rep");
    std::fs::create_dir_all(&elsewhere).expect("mkdir");
    symlink(&elsewhere, l.repo.join("reports")).expect("link");
    let (code, text) = printed(
        &l.repo,
        &["check", "--report", "sarif=reports/../x.sarif", "."],
    );
    assert_eq!(code, Some(2), "{text}");
    assert!(!elsewhere.join("../x.sarif").exists());
}

#[test]
fn a_link_that_exists_but_does_not_resolve_is_refused_not_read() {
    // F3: a link to `/proc/self/fd/0` would read the runner's standard input (or hang).
    let l = layout();
    std::fs::create_dir_all(l.repo.join("content/categories/fd")).expect("mkdir");
    symlink(
        "/proc/self/fd/0",
        l.repo.join("content/categories/fd/_index.md"),
    )
    .expect("link");
    let child = common::command()
        .args(["check", "--format", "json", "."])
        .current_dir(&l.repo)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("run");
    // Standard input stays open and silent: a read of it would hang the run.
    let out = child.wait_with_output().expect("finished");
    let found = findings(&json(&out));
    assert!(
        found.contains(&(
            "content/categories/fd/_index.md".to_owned(),
            "link-outside".to_owned()
        )),
        "{found:?}"
    );
}

#[test]
fn files_the_user_names_are_not_read_through_a_link_out_of_the_repository() {
    // F4: the Action's `config:` input, or a committed baseline, that is a link out.
    let l = layout();
    std::fs::write(
        l.secret.parent().expect("folder").join("b.json"),
        format!("{{\"version\": \"{SECRET}\"}}"),
    )
    .expect("write");
    symlink(&l.secret, l.repo.join("catlint.toml")).expect("link");
    symlink(
        l.secret.parent().expect("folder").join("b.json"),
        l.repo.join("baseline.json"),
    )
    .expect("link");
    for args in [
        vec!["check", "--config", "catlint.toml", "."],
        vec!["check", "--baseline", "baseline.json", "."],
    ] {
        let (code, text) = printed(&l.repo, &args);
        assert_eq!(code, Some(2), "{args:?}: {text}");
        assert!(!text.contains(SECRET), "{args:?}:\n{text}");
        assert!(text.contains("leads outside the repository"), "{text}");
    }
    // Found on its own (not named), the linked catlint.toml is a finding and is not used.
    let (_, text) = printed(&l.repo, &["check", "--format", "short", "."]);
    assert!(!text.contains(SECRET), "{text}");
    assert!(
        text.contains("catlint.toml") && text.contains("link-outside"),
        "{text}"
    );
}

#[test]
fn a_cache_folder_reached_through_a_link_is_refused() {
    // F5: `--cache-dir .cache/catlint` with `.cache` a link out; F6: `--follow-links` and a
    // site behind a link (its own `.catlint_cache` would be outside).
    let l = layout();
    let outside = l.secret.parent().expect("folder");
    std::fs::create_dir_all(outside.join("cc")).expect("mkdir");
    symlink(outside.join("cc"), l.repo.join(".cache")).expect("link");
    let (_, text) = printed(&l.repo, &["check", "--cache-dir", ".cache/catlint", "."]);
    assert!(text.contains("leads outside the repository"), "{text}");
    assert_eq!(
        std::fs::read_dir(outside.join("cc")).expect("list").count(),
        0
    );

    std::fs::create_dir_all(outside.join("site/content/categories/x")).expect("mkdir");
    std::fs::write(outside.join("site/hugo.yaml"), "title: S\n").expect("write");
    std::fs::write(
        outside.join("site/content/categories/x/_index.md"),
        fixable_page("X"),
    )
    .expect("write");
    symlink(outside.join("site"), l.repo.join("ext")).expect("link");
    let mut command = common::command();
    let out = command
        .args(["check", "--follow-links", "--quiet", "."])
        .current_dir(&l.repo)
        .env_remove("CATLINT_CACHE_DIR")
        .output()
        .expect("run");
    assert!(
        stderr(&out).contains("leads outside the repository"),
        "{}",
        stderr(&out)
    );
    assert!(!outside.join("site/.catlint_cache").exists());
}

#[test]
fn a_narrower_root_is_the_boundary_for_every_path() {
    // F8: `--root content .`: `.` lies outside the repository root given; so does a page
    // linked out from inside it.
    let l = layout();
    let (code, text) = printed(&l.repo, &["check", "--root", "content", "."]);
    assert_eq!(code, Some(2), "{text}");
    assert!(text.contains("is outside `--root content`"), "{text}");
    assert!(!text.contains(SECRET), "{text}");
    let (code, text) = printed(
        &l.repo,
        &["check", "--root", "content", "--format", "short", "content"],
    );
    assert_ne!(code, Some(2), "{text}");
    assert!(!text.contains(SECRET), "{text}");
    assert!(text.contains("link-outside"), "{text}");
    // A root that is no folder is a usage error, not a silent run.
    let (code, text) = printed(&l.repo, &["check", "--root", "/nonexistent", "."]);
    assert_eq!(code, Some(2), "{text}");
}

//! The index cache: a run that reuses it reports exactly what a run that reads every page
//! reports, and every change to a page is seen — a new size, a new modification time, or
//! only a new status-change time (an edit whose modification time was set back).

mod common;

use std::path::Path;
use std::process::Output;
use std::time::Duration;

/// Long enough for a fresh copy's files to count as settled (see `cache::SETTLE`).
const SETTLE: Duration = Duration::from_millis(2100);

/// `catlint check --format json --verbose ARGS` in `dir`, the cache where `cache` says
/// (`None`: the site's own `.catlint_cache`).
fn check(dir: &Path, cache: Option<&Path>, args: &[&str]) -> Output {
    let mut command = common::command();
    command
        .current_dir(dir)
        .args(["check", "--format", "json", "--verbose"])
        .args(args)
        .env("CATLINT_NOW", "2026-01-01T00:00:00Z");
    match cache {
        Some(cache) => command.env("CATLINT_CACHE_DIR", cache),
        None => command.env_remove("CATLINT_CACHE_DIR"),
    };
    command.output().expect("run catlint")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The run's report, after checking that a run without the cache reports the same.
fn same_as_uncached(dir: &Path, cache: Option<&Path>, args: &[&str]) -> (Output, String) {
    let cached = check(dir, cache, args);
    let mut uncached_args = vec!["--no-cache"];
    uncached_args.extend_from_slice(args);
    let uncached = check(dir, None, &uncached_args);
    let report = common::stdout(&cached);
    assert_eq!(
        report,
        common::stdout(&uncached),
        "cached and uncached runs differ"
    );
    assert_eq!(cached.status.code(), uncached.status.code());
    (cached, report)
}

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(
        &common::root().join("fixtures/sites/undefined-term"),
        dir.path(),
    );
    dir
}

fn rules_of(report: &str) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_str(report).unwrap();
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_warm_cache_gives_the_same_findings_and_sees_every_change() {
    let site = site();
    let dir = site.path();
    std::thread::sleep(SETTLE);

    // A first run reads everything and writes the cache in the site, ignored by git.
    let out = check(dir, None, &["."]);
    assert!(
        stderr(&out).contains("0 of 4 pages reused; updated"),
        "{}",
        stderr(&out)
    );
    let cache_dir = dir.join(".catlint_cache");
    assert!(cache_dir.join("CACHEDIR.TAG").is_file());
    assert!(
        std::fs::read_to_string(cache_dir.join(".gitignore"))
            .unwrap()
            .lines()
            .any(|l| l == "*")
    );

    // One page asked for: the other three come from the cache.
    let kanban = "content/categories/kanban/_index.md";
    let (out, report) = same_as_uncached(dir, None, &[kanban]);
    assert!(
        stderr(&out).contains("3 of 4 pages reused"),
        "{}",
        stderr(&out)
    );
    assert!(!rules_of(&report).contains(&"duplicate-term".to_owned()));

    // Another page changes size: it is read again, and the duplicate title is seen.
    let lean = dir.join("content/categories/lean/_index.md");
    let text = std::fs::read_to_string(&lean).unwrap();
    std::fs::write(&lean, text.replacen("title: Lean", "title: Kanban", 1)).unwrap();
    let (out, report) = same_as_uncached(dir, None, &[kanban]);
    assert!(
        stderr(&out).contains("2 of 4 pages reused"),
        "{}",
        stderr(&out)
    );
    assert!(rules_of(&report).contains(&"duplicate-term".to_owned()));

    // Let the edit settle so that the cache keeps it, then edit again without changing the
    // size and put the old modification time back: the status-change time still tells.
    std::thread::sleep(SETTLE);
    let (out, _) = same_as_uncached(dir, None, &[kanban]);
    assert!(stderr(&out).contains("updated"), "{}", stderr(&out));
    let (out, _) = same_as_uncached(dir, None, &[kanban]);
    assert!(
        stderr(&out).contains("3 of 4 pages reused"),
        "{}",
        stderr(&out)
    );
    let modified = std::fs::metadata(&lean).unwrap().modified().unwrap();
    let text = std::fs::read_to_string(&lean).unwrap();
    std::fs::write(&lean, text.replacen("title: Kanban", "title: Kanbon", 1)).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&lean)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    assert_eq!(
        std::fs::metadata(&lean).unwrap().modified().unwrap(),
        modified
    );
    let (out, report) = same_as_uncached(dir, None, &[kanban]);
    assert!(
        stderr(&out).contains("2 of 4 pages reused"),
        "{}",
        stderr(&out)
    );
    assert!(!rules_of(&report).contains(&"duplicate-term".to_owned()));

    // A deleted term page is gone from the index at once.
    std::fs::remove_file(dir.join(kanban)).unwrap();
    let (_, report) = same_as_uncached(dir, None, &["content/posts/b.md"]);
    assert!(rules_of(&report).contains(&"undefined-term".to_owned()));
}

#[test]
fn a_damaged_cache_file_changes_nothing() {
    let site = site();
    let dir = site.path();
    let cache = tempfile::tempdir().unwrap();
    std::thread::sleep(SETTLE);
    let first = check(dir, Some(cache.path()), &["."]);
    assert!(stderr(&first).contains("updated"), "{}", stderr(&first));
    let files: Vec<_> = std::fs::read_dir(cache.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(
        files.len(),
        1,
        "one cache file per site, nothing else: {files:?}"
    );
    assert!(!dir.join(".catlint_cache").exists());
    let good = std::fs::read(&files[0]).unwrap();
    for damaged in [
        Vec::new(),
        good[..good.len() / 2].to_vec(),
        good.iter().map(|b| b ^ 0x5a).collect(),
        b"catlint index cache\n\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff".to_vec(),
    ] {
        std::fs::write(&files[0], &damaged).unwrap();
        let (out, _) = same_as_uncached(dir, Some(cache.path()), &["content/posts/a.md"]);
        assert!(
            stderr(&out).contains("0 of 4 pages reused; updated"),
            "{}",
            stderr(&out)
        );
        assert_eq!(std::fs::read(&files[0]).unwrap(), good);
    }
}

#[cfg(unix)]
#[test]
fn no_cache_writes_nothing_and_a_read_only_site_is_left_alone() {
    use std::os::unix::fs::PermissionsExt;
    let site = site();
    let dir = site.path();
    std::thread::sleep(SETTLE);
    let out = check(dir, None, &["--no-cache", "."]);
    assert!(!stderr(&out).contains("index cache"), "{}", stderr(&out));
    assert!(!dir.join(".catlint_cache").exists());

    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    let (out, _) = same_as_uncached(dir, None, &["."]);
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert!(
        stderr(&out).contains("not written: the site folder is read-only"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.join(".catlint_cache").exists());
}

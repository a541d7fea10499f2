//! Helpers shared by the integration tests: run the real binary from the workspace root.

#![allow(dead_code)]

pub mod lsp;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace root (where `fixtures/` lives).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("workspace root")
}

/// The `catlint` binary, with its index cache kept out of the fixtures (and out of the
/// read-only corpus): in one temporary folder per test process.
pub fn command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_catlint"));
    command.env(
        "CATLINT_CACHE_DIR",
        std::env::temp_dir().join(format!("catlint-tests-{}", std::process::id())),
    );
    command
}

/// Run `catlint ARGS` from the workspace root, without colour.
pub fn catlint(args: &[&str]) -> Output {
    command()
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        // Time-dependent rules (future-date, headline-stale) must not make snapshots age.
        .env("CATLINT_NOW", "2026-01-01T00:00:00Z")
        .output()
        .expect("run catlint")
}

/// Standard output as text.
pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Run `catlint check --format json ARGS` and parse the report.
pub fn check_json(args: &[&str]) -> (i32, serde_json::Value) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = catlint(&all);
    let report = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "invalid JSON ({e}):\n{}\nstderr: {}",
            stdout(&out),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), report)
}

/// The real-world corpus beside the repository, if present.
pub fn corpus() -> Option<PathBuf> {
    let path = root().join("../shared/corpus");
    path.is_dir().then_some(path)
}

/// `(rule, start line)` of every diagnostic of a JSON report.
pub fn rules_and_lines(report: &serde_json::Value) -> Vec<(String, u64)> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            let line = d["span"]["start"]["line"].as_u64().unwrap_or(0);
            (d["rule"].as_str().unwrap_or_default().to_owned(), line)
        })
        .collect()
}

/// Copy a directory tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

/// Run `catlint ARGS` in `dir`, without colour and with "now" pinned, with `env` set and
/// GitHub's step summary unset unless given.
pub fn catlint_in(dir: &Path, args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut command = command();
    command
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("CATLINT_NOW", "2026-01-01T00:00:00Z")
        .env_remove("GITHUB_STEP_SUMMARY");
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().expect("run catlint")
}

/// A page checker of the default category model with `settings`, as `--fix` and a page on
/// its own see it (suppressions and severities applied).
pub struct Checker {
    page: catlint_core::rules::PageChecker,
    settings: catlint_core::rules::Settings,
}

impl Checker {
    /// With `settings`; "now" is pinned to 2026-01-01 unless they set it.
    pub fn new(mut settings: catlint_core::rules::Settings) -> Self {
        if settings.now == 0 {
            settings.now = 1_767_225_600;
        }
        let page = catlint_core::rules::PageChecker::new(
            catlint_core::model::schema::ModelOptions::default(),
        )
        .expect("the category model compiles");
        Self { page, settings }
    }

    /// The page's diagnostics.
    pub fn check(&self, src: &[u8]) -> Vec<catlint_core::diagnostic::Diagnostic> {
        self.page.check_alone(src, &self.settings)
    }
}

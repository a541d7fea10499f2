//! Baselines: record today's findings so that only new ones are reported.
//!
//! A finding is identified by its file (relative to the baseline's folder), its rule and a
//! fingerprint of its message and the text it points at — not its line, so findings survive
//! edits above them. The same finding twice in a file is recorded twice.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use miette::Report;
use serde::{Deserialize, Serialize};

use catlint_core::site::hugo::normalize;

use crate::boundary::Boundary;
use crate::report::{Findings, Results};

#[derive(Debug, Serialize, Deserialize)]
struct BaselineFile {
    version: u32,
    findings: Vec<Finding>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
struct Finding {
    path: String,
    rule: String,
    fingerprint: String,
}

/// Write the findings of `outcome` to `path` (never out of `boundary` from inside it).
pub(crate) fn write(
    path: &Path,
    outcome: &impl Findings,
    boundary: &Boundary,
) -> Result<usize, Report> {
    let findings = findings(path, outcome);
    let count = findings.len();
    let mut text = serde_json::to_string_pretty(&BaselineFile {
        version: 1,
        findings,
    })
    .map_err(|e| miette::miette!("could not encode the baseline: {e}"))?;
    text.push('\n');
    crate::write_file(path, text.as_bytes(), boundary)
        .map_err(|e| miette::miette!("could not write {}: {e}", path.display()))?;
    Ok(count)
}

/// Remove from `outcome` every finding recorded in the baseline at `path`; the number removed.
/// A baseline in the repository that leads out of it (a link) is not read.
pub(crate) fn filter(
    path: &Path,
    outcome: &mut Results,
    boundary: &Boundary,
) -> Result<usize, Report> {
    boundary.check_named(path).map_err(|escape| {
        miette::miette!(
            "the baseline {} leads outside the repository, to {}; it was not read",
            path.display(),
            escape.target.display()
        )
    })?;
    let text = std::fs::read_to_string(path)
        .map_err(|e| miette::miette!("could not read the baseline {}: {e}", path.display()))?;
    let file: BaselineFile = serde_json::from_str(&text).map_err(|e| {
        miette::miette!(
            help = "write a new one with --write-baseline",
            "{} is not a catlint baseline: {e}",
            path.display()
        )
    })?;
    let mut known: HashMap<Finding, usize> = HashMap::new();
    for f in file.findings {
        *known.entry(f).or_default() += 1;
    }
    let base = base_dir(path);
    let mut removed = 0;
    for file in &mut outcome.files {
        let shown = relative_to(&file.path, &base);
        let source = file.report_source().into_owned();
        file.diagnostics.retain(|d| {
            let finding = Finding {
                path: shown.clone(),
                rule: d.rule.as_str().to_owned(),
                fingerprint: fingerprint(d, Some(&source)),
            };
            match known.get_mut(&finding) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    removed += 1;
                    false
                }
                _ => true,
            }
        });
    }
    outcome.files.retain(|f| !f.diagnostics.is_empty());
    Ok(removed)
}

fn findings(path: &Path, outcome: &impl Findings) -> Vec<Finding> {
    let base = base_dir(path);
    let mut out = Vec::new();
    for file in outcome.files() {
        let shown = relative_to(&file.path, &base);
        let source = file.report_source();
        for d in &file.diagnostics {
            out.push(Finding {
                path: shown.clone(),
                rule: d.rule.as_str().to_owned(),
                fingerprint: fingerprint(d, Some(&source)),
            });
        }
    }
    out
}

/// FNV-1a of the message and the text under the span (whitespace collapsed): stable across
/// runs, platforms and Rust versions.
fn fingerprint(d: &catlint_core::diagnostic::Diagnostic, source: Option<&[u8]>) -> String {
    let text = d
        .span
        .and_then(|s| source?.get(s.start..s.end))
        .map(|b| {
            String::from_utf8_lossy(b)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in d.message.bytes().chain([0]).chain(text.bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

fn base_dir(baseline: &Path) -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_default();
    let abs = normalize(&cwd.join(baseline));
    abs.parent().map_or(cwd, Path::to_path_buf)
}

/// `path` (relative to the working directory) relative to the absolute folder `base`, with
/// `/` separators.
fn relative_to(path: &Path, base: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    let abs = normalize(&cwd.join(path));
    let rel = abs
        .strip_prefix(base)
        .map_or(abs.clone(), Path::to_path_buf);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

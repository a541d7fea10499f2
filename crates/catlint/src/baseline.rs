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
            if let Some(n) = known.get_mut(&finding)
                && *n > 0
            {
                *n -= 1;
                removed += 1;
                return false;
            }
            if earlier_form_known(d, &shown, &source, &mut known) {
                removed += 1;
                return false;
            }
            true
        });
    }
    outcome.files.retain(|f| !f.diagnostics.is_empty());
    Ok(removed)
}

/// Whether a baseline written before findings were merged or moved holds this finding in its
/// earlier form (and takes it from `known`): `missing-field` was one finding per field, in the
/// same file and at the same place; `unknown-field` was one finding per key, each on its key
/// (the merged finding's span, then its related places); `undeclared-taxonomy` was one per
/// page using the key, on that key.
fn earlier_form_known(
    d: &catlint_core::diagnostic::Diagnostic,
    shown: &str,
    source: &[u8],
    known: &mut HashMap<Finding, usize>,
) -> bool {
    use catlint_core::diagnostic::Diagnostic;
    use catlint_core::rules::RuleId;
    let rule = d.rule.as_str().to_owned();
    // A merged finding: it was known when each of its earlier findings is.
    let mut all_known = |earlier: Vec<Diagnostic>| {
        let earlier: Vec<Finding> = earlier
            .iter()
            .map(|old| Finding {
                path: shown.to_owned(),
                rule: rule.clone(),
                fingerprint: fingerprint(old, Some(source)),
            })
            .collect();
        let all = earlier.iter().all(|f| known.get(f).is_some_and(|n| *n > 0));
        if all {
            for f in &earlier {
                if let Some(n) = known.get_mut(f) {
                    *n -= 1;
                }
            }
        }
        all
    };
    if let Some(earlier) = catlint_core::rules::unmerged(d) {
        return all_known(earlier);
    }
    match d.rule {
        RuleId::UndeclaredTaxonomy => {
            let (Some(key), Some(section)) = (
                d.fields.first(),
                d.message
                    .split_once("under `")
                    .and_then(|(_, rest)| rest.split_once("/`"))
                    .map(|(section, _)| section),
            ) else {
                return false;
            };
            let message = format!(
                "`{key}` is used like a taxonomy (the site has term pages under `{section}/`), but the site configuration does not declare it"
            );
            // The old finding pointed at the key itself, on the page.
            let text = key.as_bytes();
            let old = catlint_core::diagnostic::Diagnostic::new(
                d.rule,
                message,
                Some(catlint_core::span::Span::new(0, text.len())),
            );
            let fingerprint = fingerprint(&old, Some(text));
            let mut found = false;
            for (f, n) in known.iter_mut() {
                if f.rule == rule && f.fingerprint == fingerprint && *n > 0 {
                    *n = 0;
                    found = true;
                }
            }
            found
        }
        _ => false,
    }
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

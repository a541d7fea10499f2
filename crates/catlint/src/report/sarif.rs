//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning.
//!
//! One run whose `tool.driver` lists every rule (id, a PascalCase name, the summary, the
//! "What it does" paragraph of the docs, the whole docs as help, the default level), and one
//! result per diagnostic:
//!
//! - `ruleId` and `ruleIndex` (into `tool.driver.rules`), `level` (`error`, `warning`, or
//!   `note` for infos), `message.text` (the message, and the help on the next line);
//! - one location: `artifactLocation.uri` relative to the repository root (the git root or
//!   `--root`; percent-encoded where a URI needs it) with `uriBaseId` `%SRCROOT%`, which
//!   `run.originalUriBaseIds` maps to the root as a `file://` URI; and a `region` with
//!   1-based lines and columns, `endColumn` exclusive. Columns count characters:
//!   `run.columnKind` is `unicodeCodePoints` (SARIF's default would be UTF-16 code units).
//!   A diagnostic without a span (an unreadable or too large file) has no region;
//! - `relatedLocations` for the places a diagnostic points at besides its own;
//! - `fixes` when the rule offers one: one artifact change whose replacements are the fix's
//!   edits (`deletedRegion` empty for an insertion), described as "safe fix" or "unsafe fix";
//! - `partialFingerprints."catlint/v1"`: a hash of rule, path and message (no line, so it
//!   survives edits above the finding), then `:N` for the N-th identical finding in the file.
//!   GitHub's upload action adds its own `primaryLocationLineHash` beside it.

use catlint_core::diagnostic::{Applicability, Severity};
use catlint_core::rules::RuleId;
use catlint_core::span::Location;
use serde_json::{Value, json};

use super::Findings;
use super::{Context, Positions};

/// The `uriBaseId` of every artifact location: the repository root.
const SRCROOT: &str = "%SRCROOT%";

/// Render `outcome`.
pub(crate) fn render(outcome: &impl Findings, ctx: &Context) -> String {
    let rules: Vec<Value> = RuleId::ALL.iter().map(|&r| rule(r)).collect();
    let mut results = Vec::new();
    for file in outcome.files() {
        let positions = Positions::new(file);
        let repo_path = ctx.repo_path(&file.path);
        let artifact = json!({ "uri": encode_uri_path(&repo_path, false), "uriBaseId": SRCROOT });
        let mut seen: std::collections::HashMap<u64, usize> = std::collections::HashMap::new();
        for d in &file.diagnostics {
            let mut physical = json!({ "artifactLocation": artifact });
            if let Some(span) = d.span {
                physical["region"] = region(positions.location(span));
            }
            let message = super::github::message_and_help(d);
            let hash = fingerprint(d.rule.as_str(), &repo_path, &d.message);
            let occurrence = seen.entry(hash).or_insert(0);
            *occurrence += 1;
            let mut result = json!({
                "ruleId": d.rule.as_str(),
                "ruleIndex": rule_index(d.rule),
                "level": level(d.severity),
                "message": { "text": message },
                "locations": [{ "physicalLocation": physical }],
                "partialFingerprints": { "catlint/v1": format!("{hash:016x}:{occurrence}") },
            });
            if !d.fields.is_empty() {
                result["properties"] = json!({ "fields": d.fields });
            }
            if !d.related.is_empty() {
                result["relatedLocations"] = d
                    .related
                    .iter()
                    .enumerate()
                    .map(|(i, (span, label))| {
                        json!({
                            "id": i + 1,
                            "physicalLocation": {
                                "artifactLocation": artifact,
                                "region": region(positions.location(*span)),
                            },
                            "message": { "text": label },
                        })
                    })
                    .collect();
            }
            if let Some(fix) = &d.fix {
                let replacements: Vec<Value> = fix
                    .edits
                    .iter()
                    .map(|e| {
                        json!({
                            "deletedRegion": region(positions.location(e.span)),
                            "insertedContent": { "text": e.content },
                        })
                    })
                    .collect();
                let description = match fix.applicability {
                    Applicability::Safe => "safe fix",
                    Applicability::Unsafe => "unsafe fix",
                };
                result["fixes"] = json!([{
                    "description": { "text": description },
                    "artifactChanges": [{
                        "artifactLocation": artifact,
                        "replacements": replacements,
                    }],
                }]);
            }
            results.push(result);
        }
    }
    let report = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "catlint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "rules": rules,
                }
            },
            "originalUriBaseIds": {
                SRCROOT: { "uri": root_uri(&ctx.root) }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&report)
        .unwrap_or_else(|e| unreachable!("plain data serialises: {e}"));
    text.push('\n');
    text
}

/// A `reportingDescriptor` of `rule`.
fn rule(rule: RuleId) -> Value {
    json!({
        "id": rule.as_str(),
        "name": pascal_case(rule.as_str()),
        "shortDescription": { "text": rule.summary() },
        "fullDescription": {
            "text": what_it_does(rule.docs()).unwrap_or_else(|| rule.summary().to_owned())
        },
        "help": { "text": rule.docs(), "markdown": rule.docs() },
        "defaultConfiguration": { "level": level(rule.default_severity()) },
        "properties": { "fixable": rule.fixable() },
    })
}

fn rule_index(rule: RuleId) -> usize {
    RuleId::ALL.iter().position(|&r| r == rule).unwrap_or(0)
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A SARIF region: 1-based lines and columns, the end exclusive.
fn region(location: Location) -> Value {
    json!({
        "startLine": location.start.line,
        "startColumn": location.start.column,
        "endLine": location.end.line,
        "endColumn": location.end.column,
    })
}

/// `date-timezone` → `DateTimezone`.
fn pascal_case(id: &str) -> String {
    id.split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect()
            })
        })
        .collect()
}

/// The text under `## What it does` of a rule's docs, its lines joined into one.
fn what_it_does(docs: &str) -> Option<String> {
    let start = docs.find("## What it does\n")? + "## What it does\n".len();
    let rest = &docs[start..];
    let end = rest.find("\n## ").unwrap_or(rest.len());
    let text = rest[..end].split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

/// A stable 64-bit FNV-1a hash of a finding (the same in every build and on every machine,
/// unlike the standard library's hasher).
fn fingerprint(rule: &str, path: &str, message: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [rule, path, message] {
        for &b in part.as_bytes().iter().chain(&[0]) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// `path` (with `/` separators) as a URI path: every byte but the unreserved characters,
/// `/` and the sub-delimiters is percent-encoded. A relative path also encodes `:` (so its
/// first segment is not read as a scheme); an absolute one keeps it (`/C:/…` on Windows).
fn encode_uri_path(path: &str, absolute: bool) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        let keep = b.is_ascii_alphanumeric()
            || b"-._~/!$&'()*+,;=@".contains(&b)
            || (absolute && b == b':');
        if keep {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The repository root as a `file://` URI ending in `/`, as SARIF wants for a base URI.
fn root_uri(root: &std::path::Path) -> String {
    let mut path = root.to_string_lossy().replace('\\', "/");
    if !path.starts_with('/') {
        path.insert(0, '/');
    }
    if !path.ends_with('/') {
        path.push('/');
    }
    format!("file://{}", encode_uri_path(&path, true))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_descriptions() {
        assert_eq!(pascal_case("date-timezone"), "DateTimezone");
        assert_eq!(pascal_case("io-error"), "IoError");
        for &r in RuleId::ALL {
            let text = what_it_does(r.docs()).expect("every rule says what it does");
            assert!(!text.contains("## ") && !text.contains('\n'), "{r}: {text}");
        }
    }

    #[test]
    fn uris_are_encoded() {
        assert_eq!(
            encode_uri_path("content/a,b:c/d e%#?é.md", false),
            "content/a,b%3Ac/d%20e%25%23%3F%C3%A9.md"
        );
        assert_eq!(
            root_uri(std::path::Path::new("/work/my repo")),
            "file:///work/my%20repo/"
        );
        assert_eq!(root_uri(std::path::Path::new("/")), "file:///");
    }

    #[test]
    fn fingerprints_are_stable() {
        // Fixed value: a change breaks the alert history of every user on GitHub.
        assert_eq!(fingerprint("a", "b", "c"), 0xcec6_4e15_5111_225d);
        assert_ne!(fingerprint("ab", "", "c"), fingerprint("a", "b", "c"));
    }
}

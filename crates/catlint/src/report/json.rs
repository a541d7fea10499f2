//! `--format json`: the machine contract.
//!
//! ```text
//! {"version":1,"files_checked":N,
//!  "diagnostics":[{"path":…,"rule":…,"severity":"error|warning|info","message":…,
//!                  "help":…|null,"span":SPAN|null,"fix":null|FIX,"fields":[…]?,
//!                  "related":[{"span":SPAN,"message":…}]?}],
//!  "summary":{"errors":E,"warnings":W,"infos":I,"fixable":F},
//!  "hints":[{"taxonomy":…,"of":M,"fields":[{"field":…,"pages":N}],"message":…}]?}
//! ```
//! SPAN is `{"start":{"line":L,"column":C,"offset":B},"end":{…}}` — lines and columns
//! 1-based, columns in characters, offsets in bytes, `end` exclusive. FIX is
//! `{"applicability":"safe|unsafe","edits":[{"span":SPAN,"content":…}]}`. `fields`, only
//! when non-empty, lists the fields a diagnostic is about (`missing-field`: every missing one);
//! `related`, only when non-empty, the other places it points at ("defined before here").
//! `hints`, only when there are any: taxonomies where most of the `of` term pages lack the
//! same required `fields` (`pages` of them lack each; `catlint init` writes a catlint.toml
//! that fits them).

use catlint_core::diagnostic::{Applicability, Severity};
use catlint_core::span::Location;
use serde::Serialize;

use super::Findings;
use super::Positions;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    files_checked: usize,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: Summary,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    hints: Vec<JsonHint>,
}

#[derive(Serialize)]
struct JsonHint {
    taxonomy: String,
    of: usize,
    fields: Vec<JsonLacking>,
    message: String,
}

#[derive(Serialize)]
struct JsonLacking {
    field: String,
    pages: usize,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    path: String,
    rule: &'static str,
    severity: Severity,
    message: &'a str,
    help: Option<&'a str>,
    span: Option<Location>,
    fix: Option<JsonFix<'a>>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    fields: &'a [String],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<JsonRelated<'a>>,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    span: Location,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    applicability: Applicability,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    span: Location,
    content: &'a str,
}

#[derive(Serialize)]
struct Summary {
    errors: usize,
    warnings: usize,
    infos: usize,
    fixable: usize,
}

/// Render the whole outcome as one JSON document (with a final newline).
pub(crate) fn render(outcome: &impl Findings) -> String {
    let mut bytes = Vec::new();
    // Writing to memory cannot fail.
    let _ = write(outcome, &mut bytes);
    String::from_utf8(bytes).unwrap_or_else(|e| unreachable!("serde_json writes UTF-8: {e}"))
}

/// Write the whole outcome as one JSON document (with a final newline) to `out`, as it is
/// serialised: the document is never held in memory as a whole.
///
/// # Errors
/// When `out` cannot be written to.
pub(crate) fn write(outcome: &impl Findings, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut diagnostics = Vec::new();
    for file in outcome.files() {
        let positions = Positions::new(file);
        let path = file.path.display().to_string();
        for d in &file.diagnostics {
            diagnostics.push(JsonDiagnostic {
                path: path.clone(),
                rule: d.rule.as_str(),
                severity: d.severity,
                message: &d.message,
                help: d.help.as_deref(),
                span: d.span.map(|s| positions.location(s)),
                fix: d.fix.as_ref().map(|f| JsonFix {
                    applicability: f.applicability,
                    edits: f
                        .edits
                        .iter()
                        .map(|e| JsonEdit {
                            span: positions.location(e.span),
                            content: &e.content,
                        })
                        .collect(),
                }),
                fields: &d.fields,
                related: d
                    .related
                    .iter()
                    .map(|(span, message)| JsonRelated {
                        span: positions.location(*span),
                        message,
                    })
                    .collect(),
            });
        }
    }
    let report = Report {
        version: 1,
        files_checked: outcome.files_checked(),
        summary: Summary {
            errors: outcome.count(Severity::Error),
            warnings: outcome.count(Severity::Warning),
            infos: outcome.count(Severity::Info),
            fixable: diagnostics.iter().filter(|d| d.fix.is_some()).count(),
        },
        diagnostics,
        hints: outcome
            .hints()
            .into_iter()
            .map(|h| JsonHint {
                message: h.message(),
                taxonomy: h.taxonomy,
                of: h.of,
                fields: h
                    .fields
                    .into_iter()
                    .map(|(field, pages)| JsonLacking { field, pages })
                    .collect(),
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &report).map_err(std::io::Error::from)?;
    out.write_all(b"\n")
}

//! catlint diagnostics as LSP diagnostics: the rule id as `code`, a link to the rule's
//! documentation as `codeDescription`, the help text under the message, and related places
//! ("first defined here") as related information.

use catlint_core::diagnostic::{Diagnostic, Severity};
use catlint_core::rules::RuleId;
use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag, Location,
    NumberOrString, Url,
};

use super::convert::LineMap;

/// The `source` of every diagnostic.
pub(crate) const SOURCE: &str = "catlint";

/// Where a rule's documentation lives: its source file, whose header is the documentation
/// (`catlint explain RULE` prints the same text).
pub(crate) fn rule_docs_url(rule: RuleId) -> Option<Url> {
    let module = rule.as_str().replace('-', "_");
    Url::parse(&format!(
        "{}/blob/main/crates/catlint-core/src/rules/{module}.rs",
        env!("CARGO_PKG_REPOSITORY")
    ))
    .ok()
}

/// Convert the diagnostics of one document (`text` is what was checked).
pub(crate) fn to_lsp(
    uri: &Url,
    text: &str,
    map: &LineMap,
    diagnostics: &[Diagnostic],
) -> Vec<lsp_types::Diagnostic> {
    diagnostics
        .iter()
        .map(|d| convert(uri, text, map, d))
        .collect()
}

/// One diagnostic. A diagnostic of the whole file (no span) sits at the start.
pub(crate) fn convert(
    uri: &Url,
    text: &str,
    map: &LineMap,
    d: &Diagnostic,
) -> lsp_types::Diagnostic {
    let range = d.span.map(|s| map.range(text, s)).unwrap_or_default();
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related: Vec<DiagnosticRelatedInformation> = d
        .related
        .iter()
        .map(|(span, label)| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), map.range(text, *span)),
            message: label.clone(),
        })
        .collect();
    let tags =
        matches!(d.rule, RuleId::UnusedSuppression).then(|| vec![DiagnosticTag::UNNECESSARY]);
    lsp_types::Diagnostic {
        range,
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(d.rule.as_str().to_owned())),
        code_description: rule_docs_url(d.rule).map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_owned()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags,
        data: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use catlint_core::span::Span;

    #[test]
    fn every_rule_links_to_its_documentation_file() {
        let rules_dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../catlint-core/src/rules");
        for rule in RuleId::ALL {
            let url = rule_docs_url(*rule).expect("a valid URL");
            let file = url.path().rsplit('/').next().unwrap_or_default();
            assert!(rules_dir.join(file).is_file(), "{url}");
        }
    }

    #[test]
    fn positions_count_utf16_units_before_the_span() {
        let text = "---\ntitle: Ünïcødé 😀\ndescripton: x\n---\n";
        let start = text.find("descripton").unwrap();
        let d = Diagnostic::new(
            RuleId::UnknownField,
            "`descripton` is not a known field",
            Some(Span::new(start, start + 10)),
        )
        .with_help("did you mean `description`?");
        let uri = Url::parse("file:///site/content/categories/x/_index.md").unwrap();
        let lsp = convert(&uri, text, &LineMap::new(text), &d);
        assert_eq!(lsp.range.start, lsp_types::Position::new(2, 0));
        assert_eq!(lsp.range.end, lsp_types::Position::new(2, 10));
        assert_eq!(
            lsp.code,
            Some(NumberOrString::String("unknown-field".into()))
        );
        assert!(lsp.message.ends_with("help: did you mean `description`?"));
        let title = text.find("😀").unwrap();
        let d = Diagnostic::new(RuleId::TooLong, "x", Some(Span::new(title, title + 4)));
        let lsp = convert(&uri, text, &LineMap::new(text), &d);
        // "title: Ünïcødé " is 15 UTF-16 units; the emoji is 2.
        assert_eq!(lsp.range.start, lsp_types::Position::new(1, 15));
        assert_eq!(lsp.range.end, lsp_types::Position::new(1, 17));
    }
}

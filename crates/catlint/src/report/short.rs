//! `--format short`: `path:line:col: severity[rule] message`, one line per diagnostic.
//!
//! The path is the one the run found the file under (relative to the working directory, as
//! compilers print it), so editors and terminals can jump to it. A diagnostic without a span
//! (the file could not be read, or is too large) has no position: `path: severity[rule]
//! message`. Line and column are 1-based, the column counted in characters, as everywhere.

use std::fmt::Write as _;

use super::Findings;
use super::{Context, Positions};

/// Render `outcome`.
pub(crate) fn render(outcome: &impl Findings, _ctx: &Context) -> String {
    let mut out = String::new();
    for file in outcome.files() {
        let positions = Positions::new(file);
        let path = file.path.display();
        for d in &file.diagnostics {
            let _ = write!(out, "{path}");
            if let Some(span) = d.span {
                let start = positions.location(span).start;
                let _ = write!(out, ":{}:{}", start.line, start.column);
            }
            let _ = writeln!(out, ": {}[{}] {}", d.severity, d.rule, one_line(&d.message));
        }
    }
    out
}

/// `text` on one line: each line break (`\r\n`, `\n` or `\r`) becomes a space.
fn one_line(text: &str) -> String {
    text.replace("\r\n", " ").replace(['\r', '\n'], " ")
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use catlint_core::diagnostic::Diagnostic;
    use catlint_core::rules::RuleId;
    use catlint_core::span::Span;

    use super::*;
    use crate::report::{FileResult, Results};

    fn ctx() -> Context {
        Context::for_tests()
    }

    #[test]
    fn one_line_per_diagnostic_with_character_columns() {
        let source = "---\ntitle: \"é x\"\n---\n".as_bytes().to_vec();
        let x = source.iter().position(|&b| b == b'x').unwrap();
        let outcome = Results {
            files_checked: 1,
            term_pages: std::collections::BTreeMap::new(),
            files: vec![FileResult {
                model_page: None,
                path: PathBuf::from("content/categories/a/_index.md"),
                source: Some(source),
                diagnostics: vec![
                    Diagnostic::new(
                        RuleId::TooLong,
                        "two\nlines\r\nhere\rend",
                        Some(Span::new(x, x + 1)),
                    ),
                    Diagnostic::new(RuleId::IoError, "could not read it", None),
                ],
            }],
        };
        assert_eq!(
            render(&outcome, &ctx()),
            "content/categories/a/_index.md:2:11: warning[too-long] two lines here end\n\
             content/categories/a/_index.md: error[io-error] could not read it\n"
        );
    }

    #[test]
    fn nothing_found_prints_nothing() {
        assert_eq!(render(&Results::default(), &ctx()), "");
    }
}

//! `--format junit`: JUnit XML for GitLab, Jenkins and other CI systems.
//!
//! ```xml
//! <?xml version="1.0" encoding="UTF-8"?>
//! <testsuites name="catlint" tests="3" failures="2" errors="0">
//!   <testsuite name="content/categories/lean/_index.md" tests="3" failures="2" errors="0" skipped="0">
//!     <testcase name="wrong-type line 3" classname="content/categories/lean/_index.md">
//!       <failure message="`weight` should be a whole number" type="wrong-type">content/categories/lean/_index.md:3:9: error[wrong-type] `weight` should be a whole number</failure>
//!     </testcase>
//!     <testcase name="unused-term line 1" classname="content/categories/lean/_index.md">
//!       <system-out>content/categories/lean/_index.md:1:1: info[unused-term] …</system-out>
//!     </testcase>
//!   </testsuite>
//! </testsuites>
//! ```
//! One test suite per file with findings (named by its path relative to the repository
//! root), one test case per finding (`RULE line L`, or `RULE` without a span). Errors and
//! warnings are failures; infos never fail a run by default, so they are passing test cases
//! that carry their text in `<system-out>`. Files without findings are not listed; when there
//! are no findings at all, one passing test case `catlint` shows that the check ran.
//!
//! Text is XML-escaped, and characters XML 1.0 does not allow are dropped.

use std::fmt::Write as _;

use catlint_core::diagnostic::Severity;

use super::Findings;
use super::{Context, Positions};

/// Render `outcome`.
pub(crate) fn render(outcome: &impl Findings, ctx: &Context) -> String {
    let total = outcome.diagnostics().count();
    let failures = total - outcome.count(Severity::Info);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"catlint\" tests=\"{}\" failures=\"{failures}\" errors=\"0\">",
        total.max(1)
    );
    if total == 0 {
        let plural = if outcome.files_checked() == 1 {
            ""
        } else {
            "s"
        };
        let _ = writeln!(
            out,
            "  <testsuite name=\"catlint\" tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"0\">\n    \
             <testcase name=\"catlint\" classname=\"catlint\">\n      \
             <system-out>{} file{plural} checked: no problems found</system-out>\n    \
             </testcase>\n  </testsuite>",
            outcome.files_checked()
        );
    }
    for file in outcome.files() {
        let positions = Positions::new(file);
        let path = ctx.repo_path(&file.path);
        let name = attribute(&path);
        let file_failures = file
            .diagnostics
            .iter()
            .filter(|d| d.severity != Severity::Info)
            .count();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{name}\" tests=\"{}\" failures=\"{file_failures}\" errors=\"0\" skipped=\"0\">",
            file.diagnostics.len()
        );
        for d in &file.diagnostics {
            let start = d.span.map(|s| positions.location(s).start);
            let (case, at) = match start {
                Some(p) => (
                    format!("{} line {}", d.rule, p.line),
                    format!("{path}:{}:{}", p.line, p.column),
                ),
                None => (d.rule.to_string(), path.clone()),
            };
            let mut body = format!("{at}: {}[{}] {}", d.severity, d.rule, d.message);
            if let Some(help) = &d.help {
                let _ = write!(body, "\nhelp: {help}");
            }
            let _ = writeln!(
                out,
                "    <testcase name=\"{}\" classname=\"{name}\">",
                attribute(&case)
            );
            if d.severity == Severity::Info {
                let _ = writeln!(out, "      <system-out>{}</system-out>", text(&body));
            } else {
                let _ = writeln!(
                    out,
                    "      <failure message=\"{}\" type=\"{}\">{}</failure>",
                    attribute(&d.message),
                    d.rule,
                    text(&body)
                );
            }
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// Whether XML 1.0 allows `c` in a document.
fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// `s` as element text: markup characters escaped, `\r` kept (parsers would turn a raw one
/// into `\n`), disallowed characters dropped.
fn text(s: &str) -> String {
    escape(s, false)
}

/// `s` as an attribute value in double or single quotes: also tabs and line breaks as
/// character references (parsers would turn raw ones into spaces).
fn attribute(s: &str) -> String {
    escape(s, true)
}

fn escape(s: &str, in_attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().filter(|&c| allowed(c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            '\n' if in_attribute => out.push_str("&#10;"),
            '\t' if in_attribute => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
    out
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
        Context {
            root: PathBuf::from("/repo"),
            cwd: PathBuf::from("/repo"),
        }
    }

    #[test]
    fn escapes_markup_and_drops_what_xml_forbids() {
        assert_eq!(
            text("a & <b> \"c\" 'd'\u{0}\u{1b}\u{FFFE}\t\r\n"),
            "a &amp; &lt;b&gt; &quot;c&quot; &apos;d&apos;\t&#13;\n"
        );
        assert_eq!(attribute("x\ty\r\nz"), "x&#9;y&#13;&#10;z");
        assert_eq!(text("é \u{10000}"), "é \u{10000}");
    }

    #[test]
    fn errors_and_warnings_fail_infos_pass() {
        let src = "---\nt: 1\n---\n";
        let diagnostics = vec![
            Diagnostic::new(
                RuleId::WrongType,
                "bad <type> &\u{7}x",
                Some(Span::new(7, 8)),
            )
            .with_help("use a number"),
            Diagnostic::new(RuleId::UnusedTerm, "nobody uses it", Some(Span::new(4, 5))),
            Diagnostic::new(RuleId::IoError, "unreadable", None),
        ];
        let outcome = Results {
            files_checked: 1,
            term_pages: std::collections::BTreeMap::new(),
            files: vec![FileResult {
                model_page: None,
                path: PathBuf::from("c/a\"b.md"),
                source: Some(src.as_bytes().to_vec()),
                diagnostics,
            }],
        };
        assert_eq!(
            render(&outcome, &ctx()),
            r#"<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="catlint" tests="3" failures="2" errors="0">
  <testsuite name="c/a&quot;b.md" tests="3" failures="2" errors="0" skipped="0">
    <testcase name="wrong-type line 2" classname="c/a&quot;b.md">
      <failure message="bad &lt;type&gt; &amp;x" type="wrong-type">c/a&quot;b.md:2:4: error[wrong-type] bad &lt;type&gt; &amp;x
help: use a number</failure>
    </testcase>
    <testcase name="unused-term line 2" classname="c/a&quot;b.md">
      <system-out>c/a&quot;b.md:2:1: info[unused-term] nobody uses it</system-out>
    </testcase>
    <testcase name="io-error" classname="c/a&quot;b.md">
      <failure message="unreadable" type="io-error">c/a&quot;b.md: error[io-error] unreadable</failure>
    </testcase>
  </testsuite>
</testsuites>
"#
        );
    }

    #[test]
    fn a_clean_run_is_one_passing_test() {
        let outcome = Results {
            files_checked: 7,
            term_pages: std::collections::BTreeMap::new(),
            files: Vec::new(),
        };
        let xml = render(&outcome, &ctx());
        assert!(xml.contains(r#"<testsuites name="catlint" tests="1" failures="0" errors="0">"#));
        assert!(xml.contains(r#"<testcase name="catlint" classname="catlint">"#));
        assert!(xml.contains("7 files checked: no problems found"));
    }
}

//! `--format github`: GitHub Actions workflow commands (annotations), and the step summary.
//!
//! ```text
//! ::error file=F,line=L,endLine=EL,col=C,endColumn=EC,title=catlint (RULE)::MESSAGE%0Ahelp: HELP
//! ```
//! `::warning` for warnings, `::notice` for infos. `F` is relative to the repository root (the
//! git root or `--root`), which is what GitHub places annotations by. `col` and `endColumn`
//! are given only when the span is on one line (GitHub ignores them otherwise); `endColumn`
//! is exclusive, as in the JSON and SARIF output. A diagnostic without a span names the file
//! alone. The help text follows the message after a line break.
//!
//! Escaping is that of GitHub's `@actions/core` toolkit: in the message `%`, `\r` and `\n`
//! become `%25`, `%0D` and `%0A`; in property values `:` and `,` also become `%3A` and `%2C`.
//!
//! GitHub shows only 10 annotations of each kind per step, so [`step_summary`] lists every
//! finding in a Markdown table for `GITHUB_STEP_SUMMARY`.

use std::fmt::Write as _;

use catlint_core::diagnostic::{Diagnostic, Severity};
use catlint_core::span::{Position, Span};

use super::Findings;
use super::{Context, Positions};

/// Render `outcome`.
pub(crate) fn render(outcome: &impl Findings, ctx: &Context) -> String {
    let mut out = String::new();
    for file in outcome.files() {
        let positions = Positions::new(file);
        let path = ctx.repo_path(&file.path);
        for d in &file.diagnostics {
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let mut properties = vec![("file", path.clone())];
            if let Some(span) = d.span {
                let (start, end) = shown_range(&positions, span);
                properties.push(("line", start.line.to_string()));
                properties.push(("endLine", end.line.to_string()));
                if start.line == end.line {
                    properties.push(("col", start.column.to_string()));
                    properties.push(("endColumn", end.column.to_string()));
                }
            }
            properties.push(("title", format!("catlint ({})", d.rule)));
            let properties: Vec<String> = properties
                .iter()
                .map(|(key, value)| format!("{key}={}", escape_property(value)))
                .collect();
            let _ = writeln!(
                out,
                "::{command} {}::{}",
                properties.join(","),
                escape_data(&message_and_help(d))
            );
        }
    }
    out
}

/// The message, and the help text (if any) on the next line.
pub(crate) fn message_and_help(d: &Diagnostic) -> String {
    match &d.help {
        Some(help) => format!("{}\nhelp: {help}", d.message),
        None => d.message.clone(),
    }
}

/// The start and (exclusive) end of `span` as shown: a span ending right after a line break
/// ends at the end of that line, not at the start of the next one.
fn shown_range(positions: &Positions<'_>, span: Span) -> (Position, Position) {
    let location = positions.location(span);
    let (start, mut end) = (location.start, location.end);
    if end.line > start.line && end.column == 1 {
        let source = positions.source();
        let end_offset = end.offset;
        let mut before = end_offset;
        if before > 0 && source.get(before - 1) == Some(&b'\n') {
            before -= 1;
        }
        if before > 0 && source.get(before - 1) == Some(&b'\r') {
            before -= 1;
        }
        if before < end_offset && before >= start.offset {
            end = positions.position(before);
        }
    }
    (start, end)
}

/// Escape a workflow command's message, as `escapeData` of `@actions/core` does.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a workflow command's property value, as `escapeProperty` of `@actions/core` does.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// The step summary stops adding rows past this many bytes: GitHub refuses a step summary
/// larger than 1 MiB (and other steps of the job may write to it too).
const MAX_SUMMARY_BYTES: usize = 512 * 1024;

/// A Markdown table of every finding, for `GITHUB_STEP_SUMMARY`.
///
/// ```text
/// ## catlint
///
/// 7 files checked: 3 errors, 2 warnings, 1 info.
///
/// | File | Line | Severity | Rule | Message |
/// | --- | ---: | --- | --- | --- |
/// | `content/categories/lean/_index.md` | 3 | error | `wrong-type` | `weight` should be … |
/// ```
/// With no findings the section says so in one line instead of the table ("7 files checked:
/// no problems found."), also when no file was checked at all: a summary that says catlint
/// ran and checked nothing points at a wrong path, where silence would hide it.
pub(crate) fn step_summary(outcome: &impl Findings, ctx: &Context) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut out = String::from("## catlint\n\n");
    let checked = plural(outcome.files_checked(), "file") + " checked";
    let total = outcome.diagnostics().count();
    if total == 0 {
        let _ = writeln!(out, "{checked}: no problems found.");
        return out;
    }
    let mut counts = vec![
        plural(outcome.count(Severity::Error), "error"),
        plural(outcome.count(Severity::Warning), "warning"),
    ];
    let infos = outcome.count(Severity::Info);
    if infos > 0 {
        counts.push(plural(infos, "info"));
    }
    let _ = writeln!(out, "{checked}: {}.\n", counts.join(", "));
    for hint in outcome.hints() {
        let _ = writeln!(out, "> **Hint:** {}\n", cell(&hint.message()));
    }
    out.push_str("| File | Line | Severity | Rule | Message |\n");
    out.push_str("| --- | ---: | --- | --- | --- |\n");
    let mut shown = 0;
    'files: for file in outcome.files() {
        let positions = Positions::new(file);
        let path = code_span(&ctx.repo_path(&file.path));
        for d in &file.diagnostics {
            if out.len() > MAX_SUMMARY_BYTES {
                break 'files;
            }
            let line = d
                .span
                .map(|s| positions.location(s).start.line.to_string())
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "| {path} | {line} | {} | {} | {} |",
                d.severity,
                code_span(d.rule.as_str()),
                cell(&message_and_help(d)),
            );
            shown += 1;
        }
    }
    if shown < total {
        let _ = writeln!(
            out,
            "\n… and {} more (the SARIF or JSON report lists them all).",
            total - shown
        );
    }
    out
}

/// `text` for a table cell: `|` escaped, line breaks as `<br>`, and outside code spans `<`
/// and `&` escaped (`<title>` in a message is text, not an HTML tag).
fn cell(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            // A code span: a run of backticks up to the next run of the same length.
            let run = rest.len() - rest.trim_start_matches('`').len();
            let after = &rest.as_bytes()[run..];
            let is_tick = |i: usize| after.get(i) == Some(&b'`');
            let close = (0..after.len()).find(|&i| {
                (i..i + run).all(is_tick) && !is_tick(i + run) && (i == 0 || !is_tick(i - 1))
            });
            let end = close.map_or(run, |i| run + i + run);
            for c in rest[..end].chars() {
                push_cell_char(&mut out, c, true);
            }
            rest = &rest[end..];
        } else {
            push_cell_char(&mut out, c, false);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

fn push_cell_char(out: &mut String, c: char, in_code: bool) {
    match c {
        '|' => out.push_str("\\|"),
        '\r' | '\n' => out.push_str("<br>"),
        '<' if !in_code => out.push_str("&lt;"),
        '&' if !in_code => out.push_str("&amp;"),
        c => out.push(c),
    }
}

/// `text` as an inline code span of a table cell (paths and rule ids: `_` and `*` in them
/// must not become emphasis).
fn code_span(text: &str) -> String {
    let longest_run = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    let mut inner = String::with_capacity(text.len());
    for c in text.replace("\r\n", "\n").chars() {
        push_cell_char(&mut inner, c, true);
    }
    format!("{fence}{pad}{inner}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use catlint_core::rules::RuleId;

    use super::*;
    use crate::report::{FileResult, Results};

    fn ctx() -> Context {
        Context::for_tests()
    }

    fn outcome(path: &str, source: &str, diagnostics: Vec<Diagnostic>) -> Results {
        Results {
            files_checked: 1,
            term_pages: std::collections::BTreeMap::new(),
            files: vec![FileResult {
                model_page: None,
                path: PathBuf::from(path),
                source: Some(source.as_bytes().to_vec()),
                diagnostics,
            }],
        }
    }

    #[test]
    fn escaping_follows_the_actions_toolkit() {
        assert_eq!(escape_data("100% a\r\nb:c,d"), "100%25 a%0D%0Ab:c,d");
        assert_eq!(
            escape_property("100% a\r\nb:c,d"),
            "100%25 a%0D%0Ab%3Ac%2Cd"
        );
        // `%` first: an escape is not escaped again.
        assert_eq!(escape_property("%3A:"), "%253A%3A");
    }

    #[test]
    fn annotations_with_escaped_message_path_and_help() {
        let src = "---\ntitle: x\nweight: a,b\n---\n";
        let span = Span::new(21, 24);
        let d = Diagnostic::new(RuleId::WrongType, "50% off:\r\nnow, here", Some(span))
            .with_help("use 1, 2: or 3");
        let text = render(&outcome("content/a,b:c/_index.md", src, vec![d]), &ctx());
        assert_eq!(
            text,
            "::error file=site/content/a%2Cb%3Ac/_index.md,line=3,endLine=3,col=9,endColumn=12,\
             title=catlint (wrong-type)::50%25 off:%0D%0Anow, here%0Ahelp: use 1, 2: or 3\n"
        );
    }

    #[test]
    fn columns_only_on_one_line_and_none_without_a_span() {
        let src = "---\nheadline: |\n  a\n  b\n---\n";
        let multi = Diagnostic::new(RuleId::BannedPhrase, "m", Some(Span::new(14, 22)));
        let mut info = Diagnostic::new(RuleId::FileTooLarge, "big", None);
        info.severity = Severity::Info;
        let text = render(&outcome("p.md", src, vec![multi, info]), &ctx());
        assert_eq!(
            text,
            "::warning file=site/p.md,line=2,endLine=4,title=catlint (banned-phrase)::m\n\
             ::notice file=site/p.md,title=catlint (file-too-large)::big\n"
        );
    }

    #[test]
    fn a_span_ending_after_a_line_break_ends_on_its_line() {
        let src = "---\nkey: value\r\nnext: 1\n---\n";
        // `key: value\r\n`: ends at the start of line 3, shown as the end of line 2.
        let d = Diagnostic::new(RuleId::KeyCase, "m", Some(Span::new(4, 16)));
        let text = render(&outcome("p.md", src, vec![d]), &ctx());
        assert!(
            text.starts_with("::warning file=site/p.md,line=2,endLine=2,col=1,endColumn=11,"),
            "{text}"
        );
    }

    #[test]
    fn step_summary_table_escapes_cells() {
        let d =
            Diagnostic::new(RuleId::TooLong, "a | b\nc", Some(Span::new(4, 5))).with_help("cut it");
        let text = step_summary(
            &outcome("x_y/_index.md", "---\nt: 1\n---\n", vec![d]),
            &ctx(),
        );
        assert_eq!(
            text,
            "## catlint\n\n1 file checked: 0 errors, 1 warning.\n\n\
             | File | Line | Severity | Rule | Message |\n\
             | --- | ---: | --- | --- | --- |\n\
             | `site/x_y/_index.md` | 2 | warning | `too-long` | a \\| b<br>c<br>help: cut it |\n"
        );
    }

    #[test]
    fn step_summary_without_findings() {
        let mut clean = Results::default();
        assert_eq!(
            step_summary(&clean, &ctx()),
            "## catlint\n\n0 files checked: no problems found.\n"
        );
        clean.files_checked = 7;
        assert_eq!(
            step_summary(&clean, &ctx()),
            "## catlint\n\n7 files checked: no problems found.\n"
        );
    }

    #[test]
    fn code_spans_survive_backticks() {
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`a"), "`` `a ``");
        assert_eq!(code_span("a|b"), "`a\\|b`");
        assert_eq!(
            cell("a <b> & `<c> & |` ``d`e`` `f"),
            "a &lt;b> &amp; `<c> & \\|` ``d`e`` `f"
        );
        assert_eq!(cell("x\r\ny\rz\n"), "x<br>y<br>z<br>");
    }

    #[test]
    fn step_summary_is_capped() {
        let src = "---\nt: 1\n---\n";
        let long = "x".repeat(1000);
        let diagnostics = (0..1000)
            .map(|_| Diagnostic::new(RuleId::TooLong, long.clone(), Some(Span::new(4, 5))))
            .collect();
        let text = step_summary(&outcome("p.md", src, diagnostics), &ctx());
        assert!(text.len() < MAX_SUMMARY_BYTES + 2000);
        assert!(text.contains("more (the SARIF or JSON report lists them all)."));
    }
}

//! `--format human`: miette reports with a labelled snippet of the exact span.

use std::fmt;

use catlint_core::diagnostic::{Applicability, Diagnostic, Severity};
use catlint_core::span::LineIndex;
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use super::Findings;
use super::display_text;

/// At most this many diagnostics of one file are shown as snippets.
const MAX_PER_FILE: usize = 100;
/// Lines longer than this many bytes are not shown as snippets.
const MAX_SNIPPET_LINE: usize = 500;

/// Render every diagnostic of `outcome`.
pub(crate) fn render(outcome: &impl Findings, color: bool) -> String {
    let mut bytes = Vec::new();
    // Writing to memory cannot fail.
    let _ = write(outcome, color, &mut bytes);
    String::from_utf8(bytes).unwrap_or_else(|e| unreachable!("the report is text: {e}"))
}

/// Write every diagnostic of `outcome` to `sink`, file by file (the report is never held in
/// memory as a whole).
///
/// # Errors
/// When `sink` cannot be written to.
pub(crate) fn write(
    outcome: &impl Findings,
    color: bool,
    sink: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_links(false);
    for file in outcome.files() {
        let mut out = String::new();
        let path = file.path.display().to_string();
        let bytes = file.report_source();
        let source = file
            .diagnostics
            .iter()
            .any(|d| d.span.is_some())
            .then(|| Source {
                name: path.clone(),
                text: display_text(&bytes),
                index: LineIndex::new(&bytes),
            });
        for d in file.diagnostics.iter().take(MAX_PER_FILE) {
            // A snippet of a very long line would print the line again for every diagnostic
            // on it: show the position alone.
            let snippet = source.as_ref().filter(|s| {
                d.span
                    .is_some_and(|span| s.line_len(span) <= MAX_SNIPPET_LINE)
            });
            let location = match (d.span, &source) {
                (Some(span), Some(s)) if snippet.is_none() => {
                    let p = s.index.position(s.text.as_bytes(), span.start);
                    format!("{path}:{}:{}", p.line, p.column)
                }
                _ => path.clone(),
            };
            let report = Report {
                diagnostic: d,
                path: &location,
                source: snippet,
            };
            if handler.render_report(&mut out, &report).is_err() {
                out.push_str(&format!(
                    "{location}: {}[{}] {}\n",
                    d.severity, d.rule, d.message
                ));
            }
        }
        if file.diagnostics.len() > MAX_PER_FILE {
            out.push_str(&format!(
                "  … and {} more in {path} (`--format json` lists them all)\n",
                file.diagnostics.len() - MAX_PER_FILE
            ));
        }
        sink.write_all(out.as_bytes())?;
    }
    Ok(())
}

/// The closing line: `N files checked, E errors, W warnings in T ms`.
pub(crate) fn summary(outcome: &impl Findings, millis: u128) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut line = format!(
        "{}, {}, {}",
        plural(outcome.files_checked(), "file") + " checked",
        plural(outcome.count(Severity::Error), "error"),
        plural(outcome.count(Severity::Warning), "warning"),
    );
    let infos = outcome.count(Severity::Info);
    if infos > 0 {
        line.push_str(&format!(", {}", plural(infos, "info")));
    }
    line.push_str(&format!(" in {millis} ms\n"));
    for hint in outcome.hints() {
        line.push_str(&format!("hint: {}\n", hint.message()));
    }
    let fixable = |a: Applicability| {
        outcome
            .diagnostics()
            .filter(|d| d.fix.as_ref().is_some_and(|f| f.applicability == a))
            .count()
    };
    let (safe, unsafe_) = (fixable(Applicability::Safe), fixable(Applicability::Unsafe));
    if safe > 0 {
        line.push_str(&format!("{safe} fixable with `catlint check --fix`"));
        if unsafe_ > 0 {
            line.push_str(&format!(" ({unsafe_} more with `--fix --unsafe-fixes`)"));
        }
        line.push('\n');
    } else if unsafe_ > 0 {
        line.push_str(&format!(
            "{unsafe_} fixable with `catlint check --fix --unsafe-fixes`\n"
        ));
    }
    line
}

/// One diagnostic as miette sees it.
struct Report<'a> {
    diagnostic: &'a Diagnostic,
    path: &'a str,
    source: Option<&'a Source>,
}

/// A file's text for miette, with columns counted in characters (as in the JSON output)
/// rather than miette's bytes.
struct Source {
    name: String,
    text: String,
    index: LineIndex,
}

impl Source {
    /// The length in bytes of the longest line `span` touches.
    fn line_len(&self, span: catlint_core::span::Span) -> usize {
        let bytes = self.text.as_bytes();
        let (start, end) = (span.start.min(bytes.len()), span.end.min(bytes.len()));
        let first = bytes[..start]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let last = bytes[end..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |p| end + p);
        bytes[first..last]
            .split(|&b| b == b'\n')
            .map(<[u8]>::len)
            .max()
            .unwrap_or(0)
    }
}

impl SourceCode for Source {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        let column = if context_lines_before == 0 {
            self.index
                .position(self.text.as_bytes(), span.offset())
                .column
                - 1
        } else {
            inner.column()
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line(),
            column,
            inner.line_count(),
        )))
    }
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.source.is_some() {
            f.write_str(&self.diagnostic.message)
        } else {
            // Without a snippet the path would not show: say it in the message.
            write!(f, "{}: {}", self.path, self.diagnostic.message)
        }
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        // `[*]`: `--fix` repairs it; `[*unsafe]`: `--fix --unsafe-fixes` does.
        let mark = match self.diagnostic.fix.as_ref().map(|f| f.applicability) {
            Some(Applicability::Safe) => " [*]",
            Some(Applicability::Unsafe) => " [*unsafe]",
            None => "",
        };
        Some(Box::new(format!("{}{mark}", self.diagnostic.rule)))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diagnostic
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.diagnostic.span?;
        self.source?;
        let primary = LabeledSpan::new_primary_with_span(
            self.diagnostic.label.clone(),
            (span.start, span.len()),
        );
        let related =
            self.diagnostic.related.iter().map(|(s, label)| {
                LabeledSpan::new_with_span(Some(label.clone()), (s.start, s.len()))
            });
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}

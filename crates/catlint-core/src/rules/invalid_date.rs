pub(crate) const SUMMARY: &str =
    "A date is not in a form Hugo reads, or does not exist on the calendar.";

pub(crate) const DOCS: &str = r#"# invalid-date

## What it does
Checks `date`, `lastmod`, `publishDate`, `expiryDate`, `headline.updated` and the other
date fields. Accepted are the layouts Hugo 0.168 reads a date string in, exactly as it
reads them: `2023-10-15T13:18:50-07:00`, `2023-10-15T13:18:50Z`, `2023-10-15T13:18:50`,
`2023-10-15 13:18:50`, `2023-10-15 13:18:50 +02:00`, `2023-10-15`, `15 Oct 2023`,
`Sun, 15 Oct 2023 13:18:50 GMT` and the other layouts of Go's time package that Hugo tries
(`fixtures/hugo-dates/dates.tsv` lists what real Hugo read of each). Not accepted, because
`hugo` fails on them: `Oct 15, 2023`, `15/10/2023`, `5 Oct 2023` (the day needs two digits),
a lower-case `t` or `z`. The date must also exist: `2025-02-30` does not.

## Why is this bad?
`hugo` fails to build a page with a date it cannot parse ("the "date" front matter field is
not a parsable date", without a line), and sorts or hides pages whose dates are wrong.

## Example
```yaml
date: 2025-02-30T10:17:24Z
updated: 11/02/2025
```

## Use instead
```yaml
date: 2025-02-28T10:17:24Z
updated: 2025-02-11
```

## Fix
No automatic fix: only the author knows the intended date."#;

use crate::diagnostic::Diagnostic;
use crate::frontmatter::Node;
use crate::model::date::{DateError, parse_date};
use crate::rules::RuleId;

/// Check each date field (found by the schema walk) that holds text. `empty_is_unset`: an
/// empty text is no date at all, as Hugo reads it (the category model requires dates).
pub(crate) fn check(dates: &[(String, &Node)], empty_is_unset: bool, out: &mut Vec<Diagnostic>) {
    for (field, node) in dates {
        let Some(text) = node.as_str() else { continue };
        if empty_is_unset && text.is_empty() {
            continue;
        }
        if let Err(error) = parse_date(text) {
            let (label, help) = match &error {
                DateError::Layout(_) => (
                    "not a date Hugo can read",
                    "write it as 2025-02-11T10:17:24Z (or 2025-02-11 for a date without time)",
                ),
                DateError::Calendar { .. } => ("no such date", "correct the date"),
            };
            out.push(
                Diagnostic::new(
                    RuleId::InvalidDate,
                    format!("`{field}`: {error}"),
                    Some(node.span),
                )
                .with_label(label)
                .with_help(help),
            );
        }
    }
}

/// A date field holding something else than text (a number, a list, …).
pub(crate) fn not_a_date(field: &str, node: &Node, span: crate::span::Span) -> Diagnostic {
    Diagnostic::new(
        RuleId::InvalidDate,
        format!(
            "`{field}` should be a date, but it is {}",
            node.value.kind_name()
        ),
        Some(span),
    )
    .with_label("not a date")
    .with_help("write it as 2025-02-11T10:17:24Z (or 2025-02-11 for a date without time)")
}

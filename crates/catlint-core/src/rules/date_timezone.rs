pub(crate) const SUMMARY: &str = "A date-time without a time zone.";

pub(crate) const DOCS: &str = r#"# date-timezone

## What it does
Reports a date with a time of day but no zone (`2025-04-09T12:38:50`). A date without a time
(`2025-02-11`) is fine.

## Why is this bad?
Hugo reads such a time in the site's `timeZone` (or UTC): the same page gets another date
when the configuration changes, and tools disagree about it.

## Example
```yaml
BodyContentGenDate: 2025-04-09T12:38:50
```

## Use instead
```yaml
BodyContentGenDate: 2025-04-09T12:38:50Z
```

## Fix
None yet; adding the site's offset for that date will be an unsafe fix."#;

use super::page::Page;
use crate::diagnostic::Diagnostic;
use crate::frontmatter::Node;
use crate::model::date::parse_date;
use crate::rules::RuleId;

/// `dates` are the date fields the schema walk found, with their display paths.
pub(crate) fn check(_page: &Page<'_>, dates: &[(String, &Node)], out: &mut Vec<Diagnostic>) {
    for (field, node) in dates {
        let Some(text) = node.as_str() else { continue };
        if parse_date(text).is_ok_and(|d| d.lacks_zone()) {
            out.push(
                Diagnostic::new(RuleId::DateTimezone, format!("`{field}` ({text}) has no time zone"), Some(node.span))
                    .with_label("no time zone")
                    .with_help(format!("add one, e.g. `{text}Z` for UTC, so every tool reads the same instant")),
            );
        }
    }
}

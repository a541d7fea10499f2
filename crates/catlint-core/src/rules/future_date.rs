pub(crate) const SUMMARY: &str = "The page date is in the future, so Hugo does not publish it yet.";

pub(crate) const DOCS: &str = r#"# future-date

## What it does
Reports a `date` after now. "Now" can be pinned with `--now` or `CATLINT_NOW` so that runs are
reproducible.

## Why is this bad?
Hugo skips pages dated in the future unless the site is built with `buildFuture`: the term
page silently disappears.

## Example
```yaml
date: 2031-01-01T00:00:00Z
```

## Use instead
```yaml
date: 2025-02-11T10:17:24Z
```

## Fix
No automatic fix."#;

use super::page::Page;
use crate::diagnostic::Diagnostic;
use crate::model::date::parse_date;
use crate::rules::RuleId;

pub(crate) fn check(page: &Page<'_>, out: &mut Vec<Diagnostic>) {
    let Some((_, node, text)) = page.text_field(&["date"]) else {
        return;
    };
    let Ok(date) = parse_date(text) else { return };
    if page.settings.zone.instant(&date) > page.settings.now {
        out.push(
            Diagnostic::new(
                RuleId::FutureDate,
                format!("the page date {text} is in the future"),
                Some(node.span),
            )
            .with_label("in the future")
            .with_help(
                "Hugo does not publish pages dated in the future unless `buildFuture` is set",
            ),
        );
    }
}

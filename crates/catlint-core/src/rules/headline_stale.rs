pub(crate) const SUMMARY: &str =
    "headline.updated is earlier than the page date, or older than a threshold.";

pub(crate) const DOCS: &str = r#"# headline-stale

## What it does
Reports a `headline.updated` earlier than the page's `date`, or, when the option
`stale-after-days` is set, older than that many days before now.

## Why is this bad?
A headline written before the page it heads was generated from an older version of the term.

## Example
```yaml
date: 2025-03-20T11:04:38Z
headline:
  updated: 2025-02-13T12:05:19Z
```

## Use instead
Regenerate the headline, then set `updated` to when it was written.

## Fix
No automatic fix."#;

use super::page::Page;
use crate::diagnostic::Diagnostic;
use crate::model::date::parse_date;
use crate::rules::RuleId;

pub(crate) fn check(page: &Page<'_>, out: &mut Vec<Diagnostic>) {
    let Some((_, node, updated_text)) = page.text_field(&["headline", "updated"]) else {
        return;
    };
    let Ok(updated) = parse_date(updated_text) else {
        return;
    };
    let zone = &page.settings.zone;
    let updated_at = zone.instant(&updated);
    if let Some((_, date_node, date_text)) = page.text_field(&["date"])
        && let Ok(date) = parse_date(date_text)
        && updated_at < zone.instant(&date)
    {
        out.push(
            Diagnostic::new(
                RuleId::HeadlineStale,
                format!(
                    "the headline was updated ({updated_text}) before the page date ({date_text})"
                ),
                Some(node.span),
            )
            .with_label("older than the page")
            .with_related(date_node.span, "page date")
            .with_help(
                "regenerate the headline for the current page, then update `headline.updated`",
            ),
        );
        return;
    }
    if let Some(days) = page.settings.stale_after_days {
        let age_days = (page.settings.now - updated_at) / 86_400;
        if age_days > i64::from(days) {
            out.push(
                Diagnostic::new(
                    RuleId::HeadlineStale,
                    format!("the headline was last updated {age_days} days ago, more than {days}"),
                    Some(node.span),
                )
                .with_label("stale")
                .with_help("review the headline, then update `headline.updated`"),
            );
        }
    }
}

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
Unsafe: the offset of the site's `timeZone` at that date and time is added, daylight saving
included (`2025-04-09T12:38:50+01:00` for Europe/London), or `Z` when the site sets no time
zone. Unsafe because the author may have meant another zone."#;

use super::page::{Page, inside_quotes, replace};
use crate::diagnostic::{Applicability, Diagnostic};
use crate::frontmatter::Node;
use crate::model::date::{ParsedDate, UtcOffset, Zone, parse_date};
use crate::rules::RuleId;
use crate::span::Span;

/// The front matter fields Hugo itself reads as dates (`[frontmatter]`'s keys and aliases).
const HUGO_DATES: [&str; 8] = [
    "date",
    "publishdate",
    "pubdate",
    "published",
    "lastmod",
    "modified",
    "expirydate",
    "unpublishdate",
];

/// `dates` are the date fields the schema walk found, with their display paths. Unless the
/// rule's `every-date` option says otherwise, only the fields Hugo reads as dates, and only
/// on a site without a `timeZone` (with one, Hugo's reading is well defined).
pub(crate) fn check(page: &Page<'_>, dates: &[(String, &Node)], out: &mut Vec<Diagnostic>) {
    let every = page.settings.every_date;
    if !every && page.settings.zone.name().is_some() {
        return;
    }
    for (field, node) in dates {
        if !every && !HUGO_DATES.iter().any(|d| field.eq_ignore_ascii_case(d)) {
            continue;
        }
        let Some(text) = node.as_str() else { continue };
        let Ok(date) = parse_date(text) else { continue };
        if !date.lacks_zone() {
            continue;
        }
        let zone = &page.settings.zone;
        let suffix = offset_suffix(&date, zone);
        let mut diagnostic = Diagnostic::new(
            RuleId::DateTimezone,
            format!("`{field}` ({text}) has no time zone"),
            Some(node.span),
        )
        .with_label("no time zone")
        .with_help(match (&suffix, zone.name()) {
            (Some(s), Some(z)) => format!("add the site's offset for that date ({z}): `{text}{s}`"),
            _ => format!("add one, e.g. `{text}Z` for UTC, so every tool reads the same instant"),
        });
        if let Some(suffix) = suffix {
            // Insert right after the date, inside its quotes if it has any.
            let inner = inside_quotes(page.src, node.span);
            let written = page.source(inner);
            if written == text {
                diagnostic.fix = Some(replace(
                    Span::empty(inner.end),
                    suffix,
                    Applicability::Unsafe,
                ));
            }
        }
        out.push(diagnostic);
    }
}

/// `Z` without a site time zone; else the zone's offset at that local time, daylight
/// saving included (`+01:00`). `None` for an unknown zone.
fn offset_suffix(date: &ParsedDate, zone: &Zone) -> Option<String> {
    if zone.name().is_none() {
        return Some("Z".to_owned());
    }
    date.time?;
    zone.offset_at(date).map(UtcOffset::suffix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_follow_daylight_saving() {
        let winter = parse_date("2025-01-15T10:00:00").unwrap();
        let summer = parse_date("2025-07-15T10:00:00").unwrap();
        let london = Zone::named("Europe/London");
        assert_eq!(offset_suffix(&winter, &london).as_deref(), Some("+00:00"));
        assert_eq!(offset_suffix(&summer, &london).as_deref(), Some("+01:00"));
        let la = Zone::named("America/Los_Angeles");
        assert_eq!(offset_suffix(&summer, &la).as_deref(), Some("-07:00"));
        assert_eq!(offset_suffix(&summer, &Zone::utc()).as_deref(), Some("Z"));
        assert_eq!(offset_suffix(&summer, &Zone::named("Mars/Olympus")), None);
    }
}

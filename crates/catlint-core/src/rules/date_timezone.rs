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
use crate::model::date::{ParsedDate, parse_date};
use crate::span::Span;
use crate::rules::RuleId;

/// `dates` are the date fields the schema walk found, with their display paths.
pub(crate) fn check(page: &Page<'_>, dates: &[(String, &Node)], out: &mut Vec<Diagnostic>) {
    for (field, node) in dates {
        let Some(text) = node.as_str() else { continue };
        let Ok(date) = parse_date(text) else { continue };
        if !date.lacks_zone() {
            continue;
        }
        let zone = page.settings.time_zone.as_deref();
        let suffix = offset_suffix(&date, zone);
        let mut diagnostic = Diagnostic::new(RuleId::DateTimezone, format!("`{field}` ({text}) has no time zone"), Some(node.span))
            .with_label("no time zone")
            .with_help(match (&suffix, zone) {
                (Some(s), Some(z)) => format!("add the site's offset for that date ({z}): `{text}{s}`"),
                _ => format!("add one, e.g. `{text}Z` for UTC, so every tool reads the same instant"),
            });
        if let Some(suffix) = suffix {
            // Insert right after the date, inside its quotes if it has any.
            let inner = inside_quotes(page.src, node.span);
            let written = page.source(inner);
            if written == text {
                diagnostic.fix = Some(replace(Span::empty(inner.end), suffix, Applicability::Unsafe));
            }
        }
        out.push(diagnostic);
    }
}

/// `Z` without a site time zone; else the zone's offset at that local time, daylight
/// saving included (`+01:00`). `None` for an unknown zone.
fn offset_suffix(date: &ParsedDate, zone: Option<&str>) -> Option<String> {
    let Some(zone) = zone else {
        return Some("Z".to_owned());
    };
    let tz = jiff::tz::TimeZone::get(zone).ok()?;
    let t = date.time?;
    let civil = jiff::civil::DateTime::new(
        i16::try_from(date.year).ok()?,
        i8::try_from(date.month).ok()?,
        i8::try_from(date.day).ok()?,
        i8::try_from(t.hour).ok()?,
        i8::try_from(t.minute).ok()?,
        i8::try_from(t.second).ok()?,
        0,
    )
    .ok()?;
    let seconds = tz.to_ambiguous_zoned_datetime(civil).compatible().ok()?.offset().seconds();
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.abs() / 60;
    Some(format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_follow_daylight_saving() {
        let winter = parse_date("2025-01-15T10:00:00").unwrap();
        let summer = parse_date("2025-07-15T10:00:00").unwrap();
        assert_eq!(offset_suffix(&winter, Some("Europe/London")).as_deref(), Some("+00:00"));
        assert_eq!(offset_suffix(&summer, Some("Europe/London")).as_deref(), Some("+01:00"));
        assert_eq!(offset_suffix(&summer, Some("America/Los_Angeles")).as_deref(), Some("-07:00"));
        assert_eq!(offset_suffix(&summer, None).as_deref(), Some("Z"));
        assert_eq!(offset_suffix(&summer, Some("Mars/Olympus")), None);
    }
}

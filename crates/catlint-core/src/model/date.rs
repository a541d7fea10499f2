//! Dates as Hugo reads them from front matter.
//!
//! Hugo reads a date string in any of a list of Go layouts (`2023-10-15T13:18:50-07:00`,
//! `2023-10-15 13:18:50`, `2023-10-15`, `15 Oct 2023`, `Sun, 15 Oct 2023 13:18:50 GMT`, …:
//! [`super::date_layouts`]). This module parses exactly those and checks the date exists
//! on the calendar.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};

/// The name of the date definition in the JSON Schema. Validation recognises date fields by it.
pub const HUGO_DATE_SCHEMA_NAME: &str = "HugoDate";

/// ECMA-262 pattern of the layouts Hugo reads (the calendar is checked separately).
#[must_use]
pub fn hugo_date_pattern() -> &'static str {
    static PATTERN: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    PATTERN.get_or_init(super::date_layouts::pattern)
}

/// A date or date-time in one of the layouts Hugo documents, kept as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct HugoDate(pub String);

impl JsonSchema for HugoDate {
    fn schema_name() -> Cow<'static, str> {
        HUGO_DATE_SCHEMA_NAME.into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": hugo_date_pattern(),
            "description": "A date as Hugo reads it: 2023-10-15T13:18:50Z, 2023-10-15T13:18:50-07:00, 2023-10-15T13:18:50, 2023-10-15 13:18:50, 2023-10-15, 15 Oct 2023, Sun, 15 Oct 2023 13:18:50 GMT, and the other layouts of Go's time package that Hugo tries.",
            "examples": ["2025-02-11T10:17:24Z"]
        })
    }
}

/// A UTC offset in minutes east of UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UtcOffset(pub i32);

/// The time part of a [`ParsedDate`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Time {
    /// 0–23.
    pub hour: u8,
    /// 0–59.
    pub minute: u8,
    /// 0–59.
    pub second: u8,
    /// Fraction of a second, in nanoseconds.
    pub nanosecond: u32,
}

/// A date that parsed and exists on the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParsedDate {
    /// The year.
    pub year: i32,
    /// 1–12.
    pub month: u8,
    /// 1–31, valid for the month.
    pub day: u8,
    /// The time of day, if written.
    pub time: Option<Time>,
    /// The time zone offset Hugo reads, if the date has one of its own (`Z` is zero). `None`:
    /// read in the site's `timeZone` (else UTC).
    pub offset: Option<UtcOffset>,
    /// Whether a zone name is written (`GMT`, `CEST`) that Hugo reads past: it reads the
    /// wall clock in the site's zone.
    pub zone_name: bool,
}

impl ParsedDate {
    /// Seconds since the Unix epoch. A date without an offset is read in
    /// `default_offset` (Hugo uses the site's `timeZone`, else UTC); a date without a time is
    /// midnight.
    #[must_use]
    pub fn unix_seconds(&self, default_offset: UtcOffset) -> i64 {
        let days = days_from_civil(self.year, self.month, self.day);
        let t = self.time.unwrap_or(Time {
            hour: 0,
            minute: 0,
            second: 0,
            nanosecond: 0,
        });
        let offset = self.offset.unwrap_or(default_offset).0;
        days * 86_400 + i64::from(t.hour) * 3600 + i64::from(t.minute) * 60 + i64::from(t.second)
            - i64::from(offset) * 60
    }

    /// Whether the date has a time of day but no time zone written.
    #[must_use]
    pub fn lacks_zone(&self) -> bool {
        self.time.is_some() && self.offset.is_none() && !self.zone_name
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Why a date was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Not one of the accepted layouts.
    #[error("`{0}` is not a date Hugo can read")]
    Layout(String),
    /// The layout is right but the date or time does not exist.
    #[error("`{text}` does not exist on the calendar: {reason}")]
    Calendar {
        /// The date as written.
        text: String,
        /// Which part is out of range.
        reason: String,
    },
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Parse `text` as a Hugo front matter date, in the layouts Hugo reads (see
/// [`super::date_layouts`]).
///
/// # Errors
/// [`DateError::Layout`] for an unknown layout, [`DateError::Calendar`] for a date or time
/// that does not exist (`2025-02-30`, `25:00:00`, `+25:00`).
pub fn parse_date(text: &str) -> Result<ParsedDate, DateError> {
    let parsed =
        super::date_layouts::parse(text).ok_or_else(|| DateError::Layout(text.to_owned()))?;
    let (date, offset_ok) = match parsed {
        Ok(date) => (date, true),
        Err(date) => (date, false),
    };
    check_calendar(text, date)?;
    if !offset_ok {
        return Err(DateError::Calendar {
            text: text.to_owned(),
            reason: "the time zone offset is out of range".to_owned(),
        });
    }
    Ok(date)
}

fn check_calendar(text: &str, d: ParsedDate) -> Result<(), DateError> {
    let fail = |reason: String| {
        Err(DateError::Calendar {
            text: text.to_owned(),
            reason,
        })
    };
    if !(1..=12).contains(&d.month) {
        return fail(format!("there is no month {}", d.month));
    }
    let max_day = days_in_month(d.year, d.month);
    if d.day == 0 || d.day > max_day {
        let name = MONTHS[usize::from(d.month - 1)];
        return fail(format!("{name} {} has {max_day} days", d.year));
    }
    if let Some(t) = d.time
        && (t.hour > 23 || t.minute > 59 || t.second > 59)
    {
        return fail(format!(
            "{:02}:{:02}:{:02} is not a time of day",
            t.hour, t.minute, t.second
        ));
    }
    Ok(())
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The time zone a site reads dates without a zone in: Hugo's `timeZone`, else UTC. One
/// value, used by every date rule (`future-date`, `headline-stale`, `date-timezone` and its
/// fix), so that they never disagree about an instant.
#[derive(Debug, Clone, Default)]
pub struct Zone {
    /// The IANA name as configured (`Asia/Tokyo`); `None` for UTC.
    name: Option<String>,
    /// The zone, when the name is known (an unknown name reads dates as UTC and offers no
    /// offset to add).
    tz: Option<jiff::tz::TimeZone>,
}

impl Zone {
    /// UTC: the zone of a site that sets no `timeZone`.
    #[must_use]
    pub fn utc() -> Self {
        Self::default()
    }

    /// The zone named `name` (an IANA name), from the bundled time zone database.
    #[must_use]
    pub fn named(name: &str) -> Self {
        Self {
            name: Some(name.to_owned()),
            tz: jiff::tz::TimeZone::get(name).ok(),
        }
    }

    /// The configured name, `None` for UTC.
    #[must_use]
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The zone's offset at the local date-time `date` (daylight saving included): zero for
    /// UTC; `None` for an unknown zone name or a date without a time.
    #[must_use]
    pub fn offset_at(&self, date: &ParsedDate) -> Option<UtcOffset> {
        if self.name.is_none() {
            return Some(UtcOffset(0));
        }
        let tz = self.tz.as_ref()?;
        let t = date.time.unwrap_or(Time {
            hour: 0,
            minute: 0,
            second: 0,
            nanosecond: 0,
        });
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
        let seconds = tz
            .to_ambiguous_zoned_datetime(civil)
            .compatible()
            .ok()?
            .offset()
            .seconds();
        Some(UtcOffset(seconds / 60))
    }

    /// Seconds since the Unix epoch of `date`, read in this zone when it has no offset of its
    /// own (UTC when the zone is unknown).
    #[must_use]
    pub fn instant(&self, date: &ParsedDate) -> i64 {
        let offset = match date.offset {
            Some(offset) => offset,
            None => self.offset_at(date).unwrap_or(UtcOffset(0)),
        };
        date.unix_seconds(offset)
    }
}

impl UtcOffset {
    /// The offset as written after a date-time: `+09:00`, `-07:00`.
    #[must_use]
    pub fn suffix(self) -> String {
        let sign = if self.0 < 0 { '-' } else { '+' };
        let minutes = self.0.abs();
        format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_every_documented_layout() {
        for ok in [
            "2023-10-15T13:18:50-07:00",
            "2023-10-15T13:18:50-0700",
            "2023-10-15T13:18:50Z",
            "2023-10-15T13:18:50",
            "2023-10-15 13:18:50",
            "2023-10-15",
            "15 Oct 2023",
            "Sun, 15 Oct 2023 13:18:50 GMT",
            "2023-10-15T13:18:50.123456Z",
            "2023-10-15 13:18:50 +02:00",
            "2024-02-29",
        ] {
            assert!(parse_date(ok).is_ok(), "{ok} should parse");
        }
    }

    #[test]
    fn offsets_and_times_are_read() {
        let d = parse_date("2023-10-15T13:18:50-07:00").unwrap();
        assert_eq!(d.offset, Some(UtcOffset(-420)));
        assert_eq!(d.time.unwrap().second, 50);
        assert_eq!(
            parse_date("2023-10-15T13:18:50+0530").unwrap().offset,
            Some(UtcOffset(330))
        );
        assert_eq!(parse_date("2023-10-15T13:18:50").unwrap().offset, None);
    }

    #[test]
    fn unix_seconds_match_known_instants() {
        let utc = UtcOffset(0);
        assert_eq!(parse_date("1970-01-01").unwrap().unix_seconds(utc), 0);
        assert_eq!(
            parse_date("2025-02-11T10:17:24Z")
                .unwrap()
                .unix_seconds(utc),
            1_739_269_044
        );
        assert_eq!(
            parse_date("2025-02-11T11:17:24+01:00")
                .unwrap()
                .unix_seconds(utc),
            1_739_269_044
        );
        assert_eq!(
            parse_date("2024-02-29").unwrap().unix_seconds(utc),
            1_709_164_800
        );
        assert_eq!(parse_date("1969-12-31").unwrap().unix_seconds(utc), -86_400);
        assert!(parse_date("2025-02-11T10:17:24").unwrap().lacks_zone());
        assert!(!parse_date("2025-02-11").unwrap().lacks_zone());
    }

    #[test]
    fn rejects_other_layouts() {
        for bad in [
            "11/02/2025",
            "2023-10-15T13:18",
            "2023-1-15",
            "15 October 2023",
            "2023-10-15T13:18:50+7",
            "tomorrow",
            "",
            "2023-10-15T13:18:50.Z",
            "5 Oct 2023",
            "2023-10-15t13:18:50z",
        ] {
            assert!(
                matches!(parse_date(bad), Err(DateError::Layout(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn rejects_dates_not_on_the_calendar() {
        for bad in [
            "2025-02-30",
            "2023-02-29",
            "2023-13-01",
            "2023-00-10",
            "2023-04-31T10:00:00Z",
            "2023-10-15T24:00:00Z",
            "2023-10-15T13:60:00Z",
            "2023-10-15T13:18:50+25:00",
            "32 Jan 2023",
            "00 Jan 2023",
        ] {
            assert!(
                matches!(parse_date(bad), Err(DateError::Calendar { .. })),
                "{bad}"
            );
        }
        assert_eq!(
            parse_date("2025-02-30").unwrap_err().to_string(),
            "`2025-02-30` does not exist on the calendar: Feb 2025 has 28 days"
        );
    }

    #[test]
    fn a_zone_reads_local_dates_with_daylight_saving() {
        let winter = parse_date("2025-01-15T10:00:00").unwrap();
        let summer = parse_date("2025-07-15T10:00:00").unwrap();
        let london = Zone::named("Europe/London");
        assert_eq!(london.offset_at(&winter), Some(UtcOffset(0)));
        assert_eq!(london.offset_at(&summer), Some(UtcOffset(60)));
        let la = Zone::named("America/Los_Angeles");
        assert_eq!(
            la.offset_at(&summer).map(UtcOffset::suffix).as_deref(),
            Some("-07:00")
        );
        assert_eq!(Zone::utc().offset_at(&summer), Some(UtcOffset(0)));
        assert_eq!(Zone::named("Mars/Olympus").offset_at(&summer), None);
        // 20:00 in Tokyo is 11:00 UTC.
        let tokyo = Zone::named("Asia/Tokyo");
        let evening = parse_date("2025-12-31T20:00:00").unwrap();
        let utc = parse_date("2025-12-31T11:00:00Z").unwrap();
        assert_eq!(tokyo.instant(&evening), Zone::utc().instant(&utc));
        // A date with its own offset keeps it.
        assert_eq!(tokyo.instant(&utc), Zone::utc().instant(&utc));
    }
}

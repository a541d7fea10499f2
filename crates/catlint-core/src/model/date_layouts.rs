//! The layouts Hugo 0.168 reads a front matter date string in: Go layouts, tried in order
//! (the list of `spf13/cast`, which Hugo's `htime` uses), parsed the way Go's `time.Parse`
//! parses them. `fixtures/hugo-dates/dates.tsv` holds what real Hugo read of each example
//! (the Hugo oracle builds it in CI, and a test below reads it).
//!
//! One description serves the parser and the JSON Schema's `pattern` (see [`pattern`]).

use super::date::{ParsedDate, Time, UtcOffset};

/// One element of a Go layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    /// Literal text, matched exactly.
    Lit(&'static str),
    /// `Mon`: a weekday's three letters, any case (Go does not check it against the date).
    WeekdayShort,
    /// `Monday`.
    WeekdayLong,
    /// `Jan`: a month's three letters, any case.
    MonthShort,
    /// `01`: two digits.
    Month2,
    /// `02`: two digits.
    Day2,
    /// `_2`: one or two digits, after an optional space.
    DayPadded,
    /// `2006`: four digits.
    Year4,
    /// `06`: two digits, 69–99 in the 1900s, else the 2000s.
    Year2,
    /// `15`: one or two digits.
    Hour,
    /// `3`: one or two digits, 0–12, with `PM` later.
    Hour12,
    /// `04`: two digits.
    Minute,
    /// `05`: two digits, then (as Go reads any layout) an optional fraction (`.` or `,`).
    Second,
    /// `.999999999` after the seconds: an optional fraction.
    Fraction,
    /// `PM`: `AM` or `PM`.
    Meridiem,
    /// `-0700`.
    ZoneNum,
    /// `-07:00`.
    ZoneColon,
    /// `Z0700`: `Z` or `-0700`.
    ZoneZNum,
    /// `Z07:00`: `Z` or `-07:00`.
    ZoneZColon,
    /// `MST`: a zone name (`UTC`, `CEST`, `GMT+3`, `-03`). Hugo reads a date of a layout
    /// with a zone name but no offset as its wall clock in the site's zone (cast re-dates
    /// it), and one with both by its offset, unless the name is `UTC`.
    ZoneName,
}

use Token::{
    Day2, DayPadded, Fraction, Hour, Hour12, Lit, Meridiem, Minute, Month2, MonthShort, Second,
    WeekdayLong, WeekdayShort, Year2, Year4, ZoneColon, ZoneName, ZoneNum, ZoneZColon, ZoneZNum,
};

/// Go's `time.RFC3339`.
const RFC3339: &str = "2006-01-02T15:04:05Z07:00";

/// The layouts, in the order Hugo tries them (`spf13/cast`'s list), written as Go writes
/// layouts.
const GO_LAYOUTS: [&str; 21] = [
    RFC3339,
    "2006-01-02T15:04:05",
    "Mon, 02 Jan 2006 15:04:05 -0700",         // time.RFC1123Z
    "Mon, 02 Jan 2006 15:04:05 MST",           // time.RFC1123
    "02 Jan 06 15:04 -0700",                   // time.RFC822Z
    "02 Jan 06 15:04 MST",                     // time.RFC822
    "Monday, 02-Jan-06 15:04:05 MST",          // time.RFC850
    "2006-01-02 15:04:05.999999999 -0700 MST", // Go's Time.String
    "2006-01-02T15:04:05-0700",
    "2006-01-02 15:04:05Z0700",
    "2006-01-02 15:04:05",
    "Mon Jan _2 15:04:05 2006",       // time.ANSIC
    "Mon Jan _2 15:04:05 MST 2006",   // time.UnixDate
    "Mon Jan 02 15:04:05 -0700 2006", // time.RubyDate
    "2006-01-02 15:04:05Z07:00",
    "2006-01-02",
    "02 Jan 2006",
    "2006-01-02 15:04:05 -07:00",
    "2006-01-02 15:04:05 -0700",
    "3:04PM", // time.Kitchen: no date (year 0, January 1)
    // time.Stamp: no year (year 0). StampMilli, StampMicro and StampNano come after it in
    // cast's list, but never match anything it does not: Go reads a fraction after the
    // seconds of any layout.
    "Jan _2 15:04:05",
];

/// Go's elements of a layout, longest first where one starts another.
const ELEMENTS: [(&str, Token); 17] = [
    ("Monday", WeekdayLong),
    ("Mon", WeekdayShort),
    ("MST", ZoneName),
    ("Jan", MonthShort),
    ("2006", Year4),
    ("Z07:00", ZoneZColon),
    ("Z0700", ZoneZNum),
    ("-07:00", ZoneColon),
    ("-0700", ZoneNum),
    ("PM", Meridiem),
    (".999999999", Fraction),
    ("01", Month2),
    ("02", Day2),
    ("_2", DayPadded),
    ("15", Hour),
    ("04", Minute),
    ("05", Second),
];

/// A Go layout as tokens: its elements (`06` the two-digit year, `3` the 12-hour clock),
/// and the text between them.
fn tokens(layout: &'static str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut literal_from = 0;
    let mut i = 0;
    while i < layout.len() {
        let rest = &layout[i..];
        let element = ELEMENTS
            .iter()
            .find(|(text, _)| rest.starts_with(text))
            .map(|(text, token)| (text.len(), *token))
            .or_else(|| rest.starts_with("06").then_some((2, Year2)))
            .or_else(|| rest.starts_with('3').then_some((1, Hour12)));
        let Some((len, token)) = element else {
            i += rest.chars().next().map_or(1, char::len_utf8);
            continue;
        };
        if literal_from < i {
            out.push(Lit(&layout[literal_from..i]));
        }
        out.push(token);
        i += len;
        literal_from = i;
    }
    if literal_from < layout.len() {
        out.push(Lit(&layout[literal_from..]));
    }
    out
}

/// The layouts as tokens, made once.
fn layouts() -> &'static [Vec<Token>] {
    static LAYOUTS: std::sync::OnceLock<Vec<Vec<Token>>> = std::sync::OnceLock::new();
    LAYOUTS.get_or_init(|| GO_LAYOUTS.iter().map(|l| tokens(l)).collect())
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];
const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// What a layout read, before the calendar is checked.
#[derive(Default)]
struct Fields {
    /// Whether the seconds carried a fraction already.
    fraction: bool,
    /// The zone name, when one was read.
    zone_name: Option<String>,
    year: i32,
    month: u8,
    day: u8,
    hour: Option<u8>,
    minute: u8,
    second: u8,
    nanosecond: u32,
    pm: Option<bool>,
    offset: Option<i32>,
    /// A zone offset out of range (`+25:00`).
    bad_offset: bool,
}

/// `text` read with the first layout that matches it, as Hugo does; `None` when none does.
/// The date may not exist on the calendar yet (the caller checks). `Some(Err(date))` when the
/// zone offset is out of range.
pub(super) fn parse(text: &str) -> Option<Result<ParsedDate, ParsedDate>> {
    layouts().iter().find_map(|layout| read(layout, text))
}

fn read(layout: &[Token], text: &str) -> Option<Result<ParsedDate, ParsedDate>> {
    let mut f = Fields {
        month: 1,
        day: 1,
        ..Fields::default()
    };
    let mut rest = text.as_bytes();
    for token in layout {
        rest = step(*token, rest, &mut f)?;
    }
    if !rest.is_empty() {
        return None;
    }
    let hour = match (f.hour, f.pm) {
        (Some(h), Some(pm)) => {
            if h > 12 {
                return None;
            }
            Some(h % 12 + if pm { 12 } else { 0 })
        }
        (h, _) => h,
    };
    let has_date = layout
        .iter()
        .any(|t| matches!(t, Year4 | Year2 | Day2 | DayPadded));
    // How cast hands Go's reading to Hugo: a layout without an offset is read as its wall
    // clock in the site's zone (a zone name is read past); a time-only layout stays in UTC;
    // with an offset and a name, the name `UTC` wins.
    let offset = match (&f.zone_name, f.offset) {
        _ if !has_date => Some(0),
        (Some(name), Some(_)) if name == "UTC" => Some(0),
        (_, offset) => offset,
    };
    let date = ParsedDate {
        year: f.year,
        month: f.month,
        day: f.day,
        time: hour.map(|hour| Time {
            hour,
            minute: f.minute,
            second: f.second,
            nanosecond: f.nanosecond,
        }),
        offset: offset.map(UtcOffset),
        zone_name: f.zone_name.is_some() && offset.is_none(),
    };
    Some(if f.bad_offset { Err(date) } else { Ok(date) })
}

/// Read `token` at the start of `s`; the rest.
fn step<'s>(token: Token, s: &'s [u8], f: &mut Fields) -> Option<&'s [u8]> {
    match token {
        Lit(l) => s.strip_prefix(l.as_bytes()),
        WeekdayShort => {
            let (name, rest) = s.split_at_checked(3)?;
            WEEKDAYS
                .iter()
                .any(|w| w.as_bytes()[..3].eq_ignore_ascii_case(name))
                .then_some(rest)
        }
        WeekdayLong => WEEKDAYS.iter().find_map(|w| {
            let (name, rest) = s.split_at_checked(w.len())?;
            name.eq_ignore_ascii_case(w.as_bytes()).then_some(rest)
        }),
        MonthShort => {
            let (name, rest) = s.split_at_checked(3)?;
            let m = MONTHS
                .iter()
                .position(|m| m.as_bytes().eq_ignore_ascii_case(name))?;
            f.month = u8::try_from(m + 1).ok()?;
            Some(rest)
        }
        Month2 => {
            let (n, rest) = fixed(s, 2)?;
            f.month = u8::try_from(n).ok()?;
            Some(rest)
        }
        Day2 => {
            let (n, rest) = fixed(s, 2)?;
            f.day = u8::try_from(n).ok()?;
            Some(rest)
        }
        DayPadded => {
            let (n, rest) = loose(s.strip_prefix(b" ").unwrap_or(s))?;
            f.day = u8::try_from(n).ok()?;
            Some(rest)
        }
        Year4 => {
            let (n, rest) = fixed(s, 4)?;
            f.year = i32::try_from(n).ok()?;
            Some(rest)
        }
        Year2 => {
            let (n, rest) = fixed(s, 2)?;
            f.year = i32::try_from(n).ok()? + if n >= 69 { 1900 } else { 2000 };
            Some(rest)
        }
        Hour | Hour12 => {
            let (n, rest) = loose(s)?;
            f.hour = Some(u8::try_from(n).ok()?);
            Some(rest)
        }
        Minute => {
            let (n, rest) = fixed(s, 2)?;
            f.minute = u8::try_from(n).ok()?;
            Some(rest)
        }
        Second => {
            let (n, rest) = fixed(s, 2)?;
            f.second = u8::try_from(n).ok()?;
            Some(fraction(rest, f))
        }
        // The seconds took the fraction already: a second one is not read.
        Fraction if f.fraction => Some(s),
        Fraction => Some(fraction(s, f)),
        Meridiem => {
            let (name, rest) = s.split_at_checked(2)?;
            f.pm = Some(match name {
                b"AM" => false,
                b"PM" => true,
                _ => return None,
            });
            Some(rest)
        }
        ZoneNum => numeric_zone(s, false, f),
        ZoneColon => numeric_zone(s, true, f),
        ZoneZNum | ZoneZColon => match s.strip_prefix(b"Z") {
            Some(rest) => {
                f.offset = Some(0);
                Some(rest)
            }
            None => numeric_zone(s, token == ZoneZColon, f),
        },
        ZoneName => {
            let n = zone_name(s)?;
            f.zone_name = Some(String::from_utf8_lossy(&s[..n]).into_owned());
            Some(&s[n..])
        }
    }
}

/// Exactly `n` digits, and the rest.
fn fixed(s: &[u8], n: usize) -> Option<(u32, &[u8])> {
    let (digits, rest) = s.split_at_checked(n)?;
    Some((number(digits)?, rest))
}

/// One or two digits, and the rest.
fn loose(s: &[u8]) -> Option<(u32, &[u8])> {
    let n = s.iter().take(2).take_while(|c| c.is_ascii_digit()).count();
    fixed(s, n.max(1))
}

fn number(digits: &[u8]) -> Option<u32> {
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    digits.iter().try_fold(0u32, |acc, d| {
        acc.checked_mul(10)?.checked_add(u32::from(d - b'0'))
    })
}

/// An optional `.digits` (or `,digits`) fraction of a second.
fn fraction<'s>(s: &'s [u8], f: &mut Fields) -> &'s [u8] {
    let Some(digits) = s.strip_prefix(b".").or_else(|| s.strip_prefix(b",")) else {
        return s;
    };
    let n = digits.iter().take_while(|c| c.is_ascii_digit()).count();
    if n == 0 {
        return s;
    }
    f.fraction = true;
    // Digits past the ninth are read and dropped, as Go does.
    let kept = n.min(9);
    let value = number(&digits[..kept]).unwrap_or(0);
    f.nanosecond = value * 10u32.pow(9 - u32::try_from(kept).unwrap_or(9));
    &digits[n..]
}

/// `±hhmm`, or `±hh:mm` when `colon`.
fn numeric_zone<'s>(s: &'s [u8], colon: bool, f: &mut Fields) -> Option<&'s [u8]> {
    let (&sign, s) = s.split_first()?;
    if sign != b'+' && sign != b'-' {
        return None;
    }
    let hours = number(s.get(..2)?)?;
    let s = &s[2..];
    let s = if colon { s.strip_prefix(b":")? } else { s };
    let minutes = number(s.get(..2)?)?;
    if hours > 23 || minutes > 59 {
        f.bad_offset = true;
    }
    let total = i32::try_from(hours * 60 + minutes).ok()?;
    f.offset = Some(if sign == b'-' { -total } else { total });
    Some(&s[2..])
}

/// The length of a zone name at the start of `s`, as Go's `parseTimeZone` takes it (and as
/// Hugo 0.168 was seen to accept it): three upper-case letters, four or five ending in `T`
/// (and `ChST`, `MeST`, `WITA`); `GMT` with an optional signed hour (`GMT+3`); a signed
/// two-digit hour (`+03`, `-05`).
fn zone_name(s: &[u8]) -> Option<usize> {
    if s.starts_with(b"ChST") || s.starts_with(b"MeST") {
        return Some(4);
    }
    if let Some(rest) = s.strip_prefix(b"GMT") {
        if !rest.first().is_some_and(|c| matches!(c, b'+' | b'-')) {
            return Some(3);
        }
        let digits = rest[1..]
            .iter()
            .take(2)
            .take_while(|c| c.is_ascii_digit())
            .count();
        return (digits > 0).then_some(4 + digits);
    }
    if let [b'+' | b'-', a, b, ..] = s
        && a.is_ascii_digit()
        && b.is_ascii_digit()
        && !s.get(3).is_some_and(u8::is_ascii_digit)
    {
        return (number(&[*a, *b]).unwrap_or(99) <= 23).then_some(3);
    }
    let upper = s
        .iter()
        .take(6)
        .take_while(|c| c.is_ascii_uppercase())
        .count();
    match upper {
        3 => Some(3),
        4 if s[3] == b'T' || s.starts_with(b"WITA") => Some(4),
        5 if s[4] == b'T' => Some(5),
        _ => None,
    }
}

/// The ECMA-262 pattern of every layout (the calendar is checked separately): the JSON
/// Schema's `pattern` for a date string, made from the same layouts as the parser.
#[must_use]
pub fn pattern() -> String {
    let mut alternatives: Vec<String> = Vec::new();
    for layout in layouts() {
        let alt: String = layout.iter().map(|t| fragment(*t)).collect();
        if !alternatives.contains(&alt) {
            alternatives.push(alt);
        }
    }
    format!("^({})$", alternatives.join("|"))
}

fn fragment(token: Token) -> String {
    let months = "(?:[Jj][Aa][Nn]|[Ff][Ee][Bb]|[Mm][Aa][Rr]|[Aa][Pp][Rr]|[Mm][Aa][Yy]|[Jj][Uu][Nn]|[Jj][Uu][Ll]|[Aa][Uu][Gg]|[Ss][Ee][Pp]|[Oo][Cc][Tt]|[Nn][Oo][Vv]|[Dd][Ee][Cc])";
    let fraction = r"(?:[.,]\d+)?";
    match token {
        Lit(l) => l.replace('.', r"\."),
        WeekdayShort => "[A-Za-z]{3}".to_owned(),
        WeekdayLong => "[A-Za-z]{6,9}".to_owned(),
        MonthShort => months.to_owned(),
        Month2 | Day2 | Year2 | Minute => r"\d{2}".to_owned(),
        DayPadded => r" ?\d{1,2}".to_owned(),
        Year4 => r"\d{4}".to_owned(),
        Hour | Hour12 => r"\d{1,2}".to_owned(),
        Second => format!(r"\d{{2}}{fraction}"),
        Fraction => fraction.to_owned(),
        Meridiem => "(?:AM|PM)".to_owned(),
        ZoneNum => r"[+-]\d{4}".to_owned(),
        ZoneColon => r"[+-]\d{2}:\d{2}".to_owned(),
        ZoneZNum => r"(?:Z|[+-]\d{4})".to_owned(),
        ZoneZColon => r"(?:Z|[+-]\d{2}:\d{2})".to_owned(),
        ZoneName => r"(?:[A-Z]{3,5}|ChST|MeST|GMT[+-]\d{1,2}|[+-]\d{2})".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::date::parse_date;
    use super::*;

    /// A parsed date as Hugo's layout prints it: RFC 3339, UTC when no zone is written,
    /// the fraction without trailing zeros.
    fn as_hugo_prints(d: &ParsedDate) -> String {
        let t = d.time.unwrap_or(Time {
            hour: 0,
            minute: 0,
            second: 0,
            nanosecond: 0,
        });
        let mut fraction = String::new();
        if t.nanosecond > 0 {
            fraction = format!(".{:09}", t.nanosecond);
            while fraction.ends_with('0') {
                fraction.pop();
            }
        }
        let zone = match d.offset {
            None | Some(UtcOffset(0)) => "Z".to_owned(),
            Some(offset) => offset.suffix(),
        };
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{fraction}{zone}",
            d.year, d.month, d.day, t.hour, t.minute, t.second
        )
    }

    /// Every example real Hugo 0.168 was given (`fixtures/hugo-dates/dates.tsv`, proved by
    /// the Hugo oracle in CI): catlint reads it as Hugo does, and refuses what fails the
    /// build.
    #[test]
    fn dates_are_read_as_hugo_reads_them() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../fixtures/hugo-dates/dates.tsv"
        );
        let table = std::fs::read_to_string(path).expect("the table of Hugo's readings");
        let mut rows = 0;
        for line in table
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let (value, hugo) = line.split_once('\t').expect("value<TAB>reading");
            let ours = parse_date(value);
            match (hugo, &ours) {
                ("fails", Err(_)) => {}
                ("fails", Ok(d)) => panic!("`{value}`: Hugo fails, catlint reads {d:?}"),
                (reading, Ok(d)) => assert_eq!(as_hugo_prints(d), reading, "`{value}`"),
                (reading, Err(e)) => panic!("`{value}`: Hugo reads {reading}, catlint: {e}"),
            }
            rows += 1;
        }
        assert!(rows >= 40, "{rows} rows");
    }

    #[test]
    fn go_layouts_are_read_as_go_reads_them() {
        assert_eq!(
            tokens("Mon, 02 Jan 2006 15:04:05 MST"),
            [
                WeekdayShort,
                Lit(", "),
                Day2,
                Lit(" "),
                MonthShort,
                Lit(" "),
                Year4,
                Lit(" "),
                Hour,
                Lit(":"),
                Minute,
                Lit(":"),
                Second,
                Lit(" "),
                ZoneName
            ]
        );
        assert_eq!(tokens("3:04PM"), [Hour12, Lit(":"), Minute, Meridiem]);
        assert_eq!(tokens("02 Jan 06 15:04 -0700")[4], Year2);
        assert_eq!(
            tokens(RFC3339)[6],
            Hour,
            "a one-digit hour too, as Hugo reads it"
        );
    }

    #[test]
    fn a_zone_name_without_an_offset_is_read_in_the_site_zone() {
        use super::super::date::Zone;
        let named = parse_date("Sun, 15 Oct 2023 13:18:50 GMT").unwrap();
        assert_eq!(named.offset, None);
        assert!(!named.lacks_zone(), "a zone is written");
        let tokyo = Zone::named("Asia/Tokyo");
        let local = parse_date("2023-10-15T13:18:50+09:00").unwrap();
        assert_eq!(tokyo.instant(&named), Zone::utc().instant(&local));
        // With an offset the offset counts, unless the name is UTC; a time alone is UTC.
        let both = parse_date("2023-10-15 13:18:50 +0200 CEST").unwrap();
        assert_eq!(both.offset, Some(UtcOffset(120)));
        let utc = parse_date("2023-10-15 13:18:50 +0200 UTC").unwrap();
        assert_eq!(utc.offset, Some(UtcOffset(0)));
        assert_eq!(parse_date("1:18PM").unwrap().offset, Some(UtcOffset(0)));
    }

    #[test]
    fn the_schema_pattern_matches_every_layout_the_parser_reads() {
        let text = pattern();
        let pattern = regex_lite(&text);
        for ok in [
            "2023-10-15T13:18:50Z",
            "Sun, 15 Oct 2023 13:18:50 GMT",
            "2023-10-15 13:18:50.123 +0200 CEST",
            "1:18PM",
            "15 Oct 2023",
        ] {
            assert!(pattern(ok), "{ok}");
        }
        for bad in ["15/10/2023", "Oct 15, 2023", "2023-10-15t13:18:50z"] {
            assert!(!pattern(bad), "{bad}");
        }
        // Every string Hugo reads matches (the pattern may let a few more through: it does
        // not check the calendar or every rule of a zone name).
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../fixtures/hugo-dates/dates.tsv"
        );
        let table = std::fs::read_to_string(path).expect("the table");
        for line in table
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let (value, hugo) = line.split_once('\t').expect("value<TAB>reading");
            if hugo != "fails" {
                assert!(pattern(value), "{value}");
            }
        }
    }

    /// The pattern, compiled by the JSON Schema validator catlint uses.
    fn regex_lite(pattern: &str) -> impl Fn(&str) -> bool + use<> {
        let schema = serde_json::json!({"type": "string", "pattern": pattern});
        let validator = jsonschema::validator_for(&schema).expect("the pattern compiles");
        move |s: &str| validator.is_valid(&serde_json::json!(s))
    }
}

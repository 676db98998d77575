//! Publication dates: what front matter and `Published …` lines give, how they
//! sort and how pages and feeds print them. A small type of our own, because an
//! archive needs calendar dates, an optional time and no time-zone database.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

/// A date with an optional time of day and UTC offset (in minutes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub struct Timestamp {
    pub date: Date,
    pub time: Option<(u8, u8, u8)>,
    pub offset_minutes: Option<i16>,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const WEEKDAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

impl Date {
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    pub fn month_name(self) -> &'static str {
        MONTHS[usize::from(self.month) - 1]
    }

    /// `2021-11-26`
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `26 November 2021`
    pub fn long(self) -> String {
        format!("{} {} {}", self.day, self.month_name(), self.year)
    }

    /// Days since 1970-01-01 (negative before), to measure how far apart
    /// two dates are: the proleptic Gregorian count of days from civil.
    pub fn day_number(self) -> i64 {
        let (month, day) = (i64::from(self.month), i64::from(self.day));
        let year = i64::from(self.year) - i64::from(month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }
}

pub fn month_name(month: u8) -> &'static str {
    MONTHS[usize::from(month.clamp(1, 12)) - 1]
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

impl Timestamp {
    pub fn from_date(date: Date) -> Timestamp {
        Timestamp { date, time: None, offset_minutes: None }
    }

    /// From a TOML date or datetime; `None` for a bare time.
    pub fn from_toml(value: &toml::value::Datetime) -> Option<Timestamp> {
        let d = value.date?;
        let date = Date::new(i32::from(d.year), d.month, d.day)?;
        let time = value.time.map(|t| (t.hour, t.minute, t.second.unwrap_or(0)));
        let offset_minutes = value.offset.map(|o| match o {
            toml::value::Offset::Z => 0,
            toml::value::Offset::Custom { minutes } => minutes,
        });
        Some(Timestamp { date, time, offset_minutes })
    }

    /// RFC 3339, as feeds and sitemaps want it: a missing time is midnight and
    /// a missing offset is UTC.
    pub fn rfc3339(&self) -> String {
        let (h, m, s) = self.time.unwrap_or((0, 0, 0));
        let offset = match self.offset_minutes.unwrap_or(0) {
            0 => "Z".to_string(),
            mins => {
                let sign = if mins < 0 { '-' } else { '+' };
                let mins = mins.unsigned_abs();
                format!("{sign}{:02}:{:02}", mins / 60, mins % 60)
            }
        };
        format!("{}T{h:02}:{m:02}:{s:02}{offset}", self.date.iso())
    }

    /// The value of `<time datetime>`: the date alone when no time is known.
    pub fn machine(&self) -> String {
        match self.time {
            None => self.date.iso(),
            Some(_) => self.rfc3339(),
        }
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.machine())
    }
}

/// Parses the dates scrapers write into their records, with jiff: ISO 8601
/// and RFC 3339 (`2017-07-17T17:03:00+02:00`, `2017-07-17 17:03:00`,
/// `2017-07-17`), Jekyll's `2017-07-17 17:03:00 +0200`, the basic form
/// (`20170717T170300Z`), RFC 2822 (`Mon, 17
/// Jul 2017 17:03:00 +0200`) and Unix epoch seconds (`1500303780`, or
/// milliseconds with 13 digits). A time without an offset stays local, as
/// written.
pub fn parse_machine_date(text: &str) -> Option<Timestamp> {
    let text = text.trim();
    if let Ok(pieces) = jiff::fmt::temporal::Pieces::parse(text) {
        let offset = pieces.offset().map(|o| o.to_numeric_offset());
        return timestamp_of(pieces.date(), pieces.time(), offset);
    }
    if !text.is_empty() && text.len() <= 13 && text.bytes().all(|b| b.is_ascii_digit()) && text.len() >= 9 {
        let n: i64 = text.parse().ok()?;
        let seconds = if text.len() == 13 { n / 1000 } else { n };
        let instant = jiff::Timestamp::from_second(seconds).ok()?;
        let utc = jiff::tz::Offset::UTC.to_datetime(instant);
        return timestamp_of(utc.date(), Some(utc.time()), Some(jiff::tz::Offset::UTC));
    }
    for format in ["%Y%m%dT%H%M%SZ", "%Y%m%dT%H%M%S%z", "%Y%m%dT%H%M%S", "%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d %H:%M %z"] {
        if let Ok(tm) = jiff::fmt::strtime::parse(format, text)
            && let Ok(dt) = tm.to_datetime()
        {
            let offset = if format.ends_with('Z') { Some(jiff::tz::Offset::UTC) } else { tm.offset() };
            return timestamp_of(dt.date(), Some(dt.time()), offset);
        }
    }
    let zoned = jiff::fmt::rfc2822::DateTimeParser::new().parse_timestamp(text).ok();
    if let Some(instant) = zoned {
        let offset = rfc2822_offset(text).unwrap_or(jiff::tz::Offset::UTC);
        let local = offset.to_datetime(instant);
        return timestamp_of(local.date(), Some(local.time()), Some(offset));
    }
    None
}

/// The offset an RFC 2822 date ends with: `+0200`, or one of the zone
/// names the RFC allows.
fn rfc2822_offset(text: &str) -> Option<jiff::tz::Offset> {
    const ZONES: [(&str, i8); 12] = [
        ("GMT", 0),
        ("UT", 0),
        ("UTC", 0),
        ("Z", 0),
        ("EST", -5),
        ("EDT", -4),
        ("CST", -6),
        ("CDT", -5),
        ("MST", -7),
        ("MDT", -6),
        ("PST", -8),
        ("PDT", -7),
    ];
    let zone = text.split_whitespace().last()?;
    if let Some((_, hours)) = ZONES.iter().find(|(name, _)| zone.eq_ignore_ascii_case(name)) {
        return jiff::tz::Offset::from_hours(*hours).ok();
    }
    let sign = match zone.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits = &zone[1..];
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let minutes: i32 = digits[..2].parse::<i32>().ok()? * 60 + digits[2..].parse::<i32>().ok()?;
    jiff::tz::Offset::from_seconds(sign * minutes * 60).ok()
}

fn timestamp_of(
    date: jiff::civil::Date,
    time: Option<jiff::civil::Time>,
    offset: Option<jiff::tz::Offset>,
) -> Option<Timestamp> {
    let date = Date::new(i32::from(date.year()), date.month().try_into().ok()?, date.day().try_into().ok()?)?;
    let time = time.map(|t| (t.hour() as u8, t.minute() as u8, t.second() as u8));
    let offset_minutes = offset.map(|o| (o.seconds() / 60) as i16);
    Some(Timestamp { date, time, offset_minutes })
}

/// The date a stamp line holds, wherever it stands in it: `Updated 3:45 PM
/// ET, Mon November 18, 2019`, `Published 10:32 AM EST Nov 19, 2019`,
/// `Posted: Nov 19, 2019 / 10:32 AM CST`, `19 Nov 2019`, `Nov. 19, 2019`,
/// `2019-11-19`. A numeric date such as `05/11/2019` is ambiguous (May or
/// November) and is not guessed.
pub fn find_date(text: &str) -> Option<Date> {
    for word in text.split(|c: char| c.is_whitespace() || c == ',') {
        if let Some(date) = parse_iso_date(word.trim_matches(|c: char| !c.is_ascii_alphanumeric())) {
            return Some(date);
        }
    }
    let words: Vec<&str> = text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    for (i, word) in words.iter().enumerate() {
        let Some(month) = month_number(word) else { continue };
        let year_after = |k: usize| words.get(k).and_then(|w| parse_year(w));
        if let (Some(day), Some(year)) = (words.get(i + 1).and_then(|w| parse_day(w)), year_after(i + 2))
            && let Some(date) = Date::new(year, month, day)
        {
            return Some(date);
        }
        if let (Some(day), Some(year)) = (i.checked_sub(1).and_then(|k| parse_day(words[k])), year_after(i + 1))
            && let Some(date) = Date::new(year, month, day)
        {
            return Some(date);
        }
    }
    None
}

/// Parses the absolute dates that scraped pages print: `26 November 2021`,
/// `Friday 26 Nov 2021`, `November 26, 2021`, `2021-11-26`, each optionally
/// followed by a time (`, 14:05 GMT`, `at 9:30`), which is ignored.
pub fn parse_text_date(text: &str) -> Option<Date> {
    let text = text.trim();
    if let Some(date) = parse_iso_date(text) {
        return Some(date);
    }
    let mut words = text.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()).peekable();
    if words.peek().is_some_and(|w| is_weekday(w)) {
        words.next();
    }
    let (first, second, third) = (words.next()?, words.next()?, words.next()?);
    let date = if let Some(month) = month_number(first) {
        Date::new(parse_year(third)?, month, parse_day(second)?)?
    } else {
        Date::new(parse_year(third)?, month_number(second)?, parse_day(first)?)?
    };
    // Whatever follows must look like a time of day, not more prose.
    let rest: Vec<&str> = words.collect();
    let is_time_word = |w: &&str| {
        w.contains(':') && w.chars().next().is_some_and(|c| c.is_ascii_digit())
            || w.eq_ignore_ascii_case("at")
            || w.chars().all(|c| c.is_ascii_uppercase())
            || w.eq_ignore_ascii_case("am")
            || w.eq_ignore_ascii_case("pm")
    };
    rest.iter().all(is_time_word).then_some(date)
}

fn parse_iso_date(text: &str) -> Option<Date> {
    let head = text.get(..10)?;
    let rest = &text[10..];
    if !(rest.is_empty() || rest.starts_with('T') || rest.starts_with(' ')) {
        return None;
    }
    let b = head.as_bytes();
    if b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    Date::new(head[..4].parse().ok()?, head[5..7].parse().ok()?, head[8..10].parse().ok()?)
}

fn is_weekday(word: &str) -> bool {
    let w = word.to_ascii_lowercase();
    WEEKDAYS.iter().any(|d| *d == w || (w.len() >= 3 && d.starts_with(&w)))
}

fn month_number(word: &str) -> Option<u8> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| {
            let m = m.to_ascii_lowercase();
            m == w || (w.len() <= 4 && m.starts_with(&w))
        })
        .map(|i| i as u8 + 1)
}

fn parse_day(word: &str) -> Option<u8> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

fn parse_year(word: &str) -> Option<i32> {
    (word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit())).then(|| word.parse().ok())?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_count_days_since_1970() {
        let n = |y, m, d| Date { year: y, month: m, day: d }.day_number();
        assert_eq!(n(1970, 1, 1), 0);
        assert_eq!(n(2000, 3, 1) - n(2000, 2, 28), 2, "2000 was a leap year");
        assert_eq!(n(1900, 3, 1) - n(1900, 2, 28), 1, "1900 was not");
        assert_eq!(n(2021, 11, 26), 18_957);
        assert_eq!(n(1969, 12, 31), -1);
    }

    #[test]
    fn scraped_date_forms() {
        let d = Date::new(2021, 11, 26);
        assert_eq!(parse_text_date("26 November 2021"), d);
        assert_eq!(parse_text_date("Friday 26 Nov 2021"), d);
        assert_eq!(parse_text_date("November 26, 2021"), d);
        assert_eq!(parse_text_date("2021-11-26"), d);
        assert_eq!(parse_text_date("26 November 2021, 14:05 GMT"), d);
        assert_eq!(parse_text_date("3 hours ago"), None);
        assert_eq!(parse_text_date("31 February 2021"), None);
        assert_eq!(parse_text_date("26 November 2021 the council said"), None);
    }

    #[test]
    fn dates_inside_stamps() {
        let d = Date::new(2019, 11, 19);
        assert_eq!(find_date("Published 10:32 AM EST Nov 19, 2019"), d);
        assert_eq!(find_date("Posted: Nov 19, 2019 / 10:32 AM CST"), d);
        assert_eq!(find_date("Nov. 19, 2019"), d);
        assert_eq!(find_date("19 November 2019 05:44 GMT"), d);
        assert_eq!(find_date("2019-11-19"), d);
        assert_eq!(find_date("Updated 3:45 PM ET, Mon November 18, 2019"), Date::new(2019, 11, 18));
        assert_eq!(find_date("05/11/2019"), None);
        assert_eq!(find_date("Updated 3 hours ago"), None);
    }

    #[test]
    fn machine_date_forms() {
        let at = |s: &str| parse_machine_date(s).map(|t| t.rfc3339());
        assert_eq!(at("2017-07-17T17:03:00+02:00").as_deref(), Some("2017-07-17T17:03:00+02:00"));
        assert_eq!(at("2017-07-17 17:03:00").as_deref(), Some("2017-07-17T17:03:00Z"));
        assert_eq!(parse_machine_date("2017-07-17").unwrap().machine(), "2017-07-17");
        assert_eq!(at("2017-07-17T17:03:00.123Z").as_deref(), Some("2017-07-17T17:03:00Z"));
        assert_eq!(at("20170717T170300Z").as_deref(), Some("2017-07-17T17:03:00Z"));
        assert_eq!(at("2017-07-17 17:03:00 +0100").as_deref(), Some("2017-07-17T17:03:00+01:00"));
        assert_eq!(at("Mon, 17 Jul 2017 17:03:00 +0200").as_deref(), Some("2017-07-17T17:03:00+02:00"));
        assert_eq!(at("Mon, 17 Jul 2017 17:03:00 GMT").as_deref(), Some("2017-07-17T17:03:00Z"));
        assert_eq!(at("1500303780").as_deref(), Some("2017-07-17T15:03:00Z"));
        assert_eq!(at("1500303780000").as_deref(), Some("2017-07-17T15:03:00Z"));
        assert_eq!(at("2017-13-45"), None);
        assert_eq!(at("yesterday"), None);
        assert_eq!(at("42"), None);
    }

    #[test]
    fn rfc3339_defaults_to_midnight_utc() {
        let t = Timestamp::from_date(Date::new(2021, 1, 2).unwrap());
        assert_eq!(t.rfc3339(), "2021-01-02T00:00:00Z");
        let t = Timestamp { offset_minutes: Some(-90), time: Some((9, 5, 0)), ..t };
        assert_eq!(t.rfc3339(), "2021-01-02T09:05:00-01:30");
    }
}

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
    fn rfc3339_defaults_to_midnight_utc() {
        let t = Timestamp::from_date(Date::new(2021, 1, 2).unwrap());
        assert_eq!(t.rfc3339(), "2021-01-02T00:00:00Z");
        let t = Timestamp { offset_minutes: Some(-90), time: Some((9, 5, 0)), ..t };
        assert_eq!(t.rfc3339(), "2021-01-02T09:05:00-01:30");
    }
}

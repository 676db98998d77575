//! Date periods: years newest first, each with its months newest first, each
//! with its days newest first, in one pass over the newest-first order; and
//! the days of the calendar, for "on this day".

use super::{Day, Month, Year, urls};
use crate::model::Article;

pub(super) fn years(articles: &[Article], newest_first: &[usize]) -> Vec<Year> {
    let mut years: Vec<Year> = Vec::new();
    for &i in newest_first {
        let Some(date) = articles[i].date.map(|d| d.date) else {
            continue;
        };
        if years.last().is_none_or(|y| y.year != date.year) {
            years.push(Year { year: date.year, url: urls::year(date.year), articles: Vec::new(), months: Vec::new() });
        }
        let year = years.last_mut().expect("pushed above");
        year.articles.push(i);
        if year.months.last().is_none_or(|m| m.month != date.month) {
            year.months.push(Month {
                month: date.month,
                url: urls::month(date.year, date.month),
                articles: Vec::new(),
                days: Vec::new(),
            });
        }
        let month = year.months.last_mut().expect("pushed above");
        month.articles.push(i);
        if month.days.last().is_none_or(|d| d.day != date.day) {
            month.days.push(Day { day: date.day, url: urls::day(date), articles: Vec::new() });
        }
        month.days.last_mut().expect("pushed above").articles.push(i);
    }
    years
}

/// Days of the calendar: every month and day of a leap year.
pub const CALENDAR_DAYS: usize = 366;
const MONTH_LENGTHS: [u8; 12] = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/// Every (month, day) of a leap year, in order: the slot of a day is its
/// place in this list.
pub fn calendar() -> impl Iterator<Item = (u8, u8)> {
    (1..=12u8).flat_map(|m| (1..=MONTH_LENGTHS[usize::from(m) - 1]).map(move |d| (m, d)))
}

/// The slot of a month and day in [`calendar`].
pub fn calendar_slot(month: u8, day: u8) -> usize {
    let month = usize::from(month.clamp(1, 12));
    let before: usize = MONTH_LENGTHS[..month - 1].iter().map(|&l| usize::from(l)).sum();
    before + usize::from(day.clamp(1, MONTH_LENGTHS[month - 1])) - 1
}

/// Articles kept per year of a calendar day, and per day: what "on this
/// day" can show stays small at any archive size.
const ON_THIS_DAY_PER_YEAR: usize = 3;
const ON_THIS_DAY_PER_DAY: usize = 60;

/// For each calendar day, articles published on it in any year, newest
/// first, a few per year.
pub(super) fn on_this_day(articles: &[Article], newest_first: &[usize]) -> Vec<Vec<usize>> {
    let mut days: Vec<Vec<usize>> = vec![Vec::new(); CALENDAR_DAYS];
    for &i in newest_first {
        let Some(date) = articles[i].date.map(|d| d.date) else {
            break; // undated articles come last
        };
        let day = &mut days[calendar_slot(date.month, date.day)];
        let same_year = day.iter().rev().take_while(|&&o| articles[o].date.is_some_and(|d| d.date.year == date.year));
        if day.len() < ON_THIS_DAY_PER_DAY && same_year.count() < ON_THIS_DAY_PER_YEAR {
            day.push(i);
        }
    }
    days
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_day_of_a_leap_year_has_its_own_slot() {
        let slots: Vec<usize> = calendar().map(|(m, d)| calendar_slot(m, d)).collect();
        assert_eq!(slots, (0..CALENDAR_DAYS).collect::<Vec<_>>());
        assert_eq!(calendar_slot(2, 29), 59);
        assert_eq!(calendar_slot(12, 31), 365);
    }
}

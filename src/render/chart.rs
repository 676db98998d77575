//! A topic's story over time: its articles per month (per year when it
//! spans more than four years), drawn at build time for an inline SVG whose
//! bars link to their archive pages. Text for screen readers says the same.

use serde::Serialize;

use crate::index::{Site, urls};

/// Months a topic may span and still be drawn by month.
const MAX_MONTHS: usize = 48;
const WIDTH: u32 = 600;
const HEIGHT: u32 = 80;

#[derive(Serialize)]
pub(crate) struct Chart {
    pub(crate) title: String,
    /// The chart in words: each period and its articles.
    pub(crate) description: String,
    pub(crate) width: u32,
    pub(crate) height: u32,
    pub(crate) bars: Vec<Bar>,
    /// The first and last periods, for the axis.
    pub(crate) first: String,
    pub(crate) last: String,
}

#[derive(Serialize)]
pub(crate) struct Bar {
    pub(crate) x: u32,
    pub(crate) y: u32,
    pub(crate) width: u32,
    pub(crate) height: u32,
    pub(crate) label: String,
    pub(crate) count: usize,
    /// Its archive page; none for a period without articles.
    pub(crate) url: Option<String>,
}

/// The chart of `articles` (a topic's), or `None` when its dated articles
/// fall in fewer than two periods. `link` makes a site path a link.
pub(crate) fn chart(site: &Site, articles: &[usize], name: &str, link: impl Fn(&str) -> String) -> Option<Chart> {
    let months: Vec<(i32, u8)> =
        articles.iter().filter_map(|&i| site.articles[i].date).map(|d| (d.date.year, d.date.month)).collect();
    let (&first, &last) = (months.iter().min()?, months.iter().max()?);
    let span = (last.0 - first.0) as usize * 12 + usize::from(last.1) - usize::from(first.1) + 1;
    let by_year = span > MAX_MONTHS;
    // Periods from the first to the last, oldest first, with their counts.
    let periods: Vec<(i32, u8)> = if by_year {
        (first.0..=last.0).map(|y| (y, 0)).collect()
    } else {
        (0..span)
            .map(|k| {
                (
                    first.0 + ((usize::from(first.1) - 1 + k) / 12) as i32,
                    ((usize::from(first.1) - 1 + k) % 12) as u8 + 1,
                )
            })
            .collect()
    };
    let index = |(y, m): (i32, u8)| {
        if by_year {
            (y - first.0) as usize
        } else {
            (y - first.0) as usize * 12 + usize::from(m) - usize::from(first.1)
        }
    };
    let mut counts = vec![0usize; periods.len()];
    for &(y, m) in &months {
        counts[index((y, m))] += 1;
    }
    if counts.iter().filter(|&&c| c > 0).count() < 2 {
        return None;
    }
    let label =
        |&(y, m): &(i32, u8)| if by_year { y.to_string() } else { format!("{} {y}", crate::date::month_name(m)) };
    let max = counts.iter().copied().max().unwrap_or(1).max(1);
    let slot = WIDTH / periods.len() as u32;
    let bars: Vec<Bar> = periods
        .iter()
        .zip(&counts)
        .enumerate()
        .map(|(k, (period, &count))| {
            let height = if count == 0 { 0 } else { ((count * (HEIGHT as usize - 4)) / max).max(2) as u32 };
            let url = (count > 0)
                .then(|| link(&if by_year { urls::year(period.0) } else { urls::month(period.0, period.1) }));
            Bar {
                x: k as u32 * slot,
                y: HEIGHT - height,
                width: slot.saturating_sub(1).max(1),
                height,
                label: label(period),
                count,
                url,
            }
        })
        .collect();
    let unit = if by_year { "year" } else { "month" };
    let said: Vec<String> = bars.iter().filter(|b| b.count > 0).map(|b| format!("{}: {}", b.label, b.count)).collect();
    Some(Chart {
        title: format!("Articles about {name} per {unit}"),
        description: format!(
            "Articles per {unit}, from {} to {}. {}.",
            label(&periods[0]),
            label(&periods[periods.len() - 1]),
            said.join("; ")
        ),
        width: slot * periods.len() as u32,
        height: HEIGHT,
        first: label(&periods[0]),
        last: label(&periods[periods.len() - 1]),
        bars,
    })
}

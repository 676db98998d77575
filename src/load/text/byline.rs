//! Bylines (`By Ann SmithBBC News, Leeds`, `Ann Smith | Outlet`) and
//! datelines (`Published 26 November 2021`, `Updated 3 hours ago`, `Posted:
//! Nov 19, 2019 / 10:32 AM CST`).

use super::ParsedText;
use super::lines::Kind;
use crate::date::{find_date, parse_text_date};

/// Longest byline.
pub(super) const MAX_BYLINE: usize = 80;
/// Most words of a stamp line (`Updated 3:45 PM ET, Mon November 18, 2019`).
const MAX_STAMP_WORDS: usize = 14;

/// `Published`, `Published 3 hours ago`, `Published2 days ago`,
/// `Published 26 November 2021`, `Posted: Nov 19, 2019 / 10:32 AM CST`,
/// `Published 10:32 AM EST Nov 19, 2019`, and the same with `Updated`.
pub(super) fn dateline(text: &str) -> Option<Kind> {
    let (rest, updated) = match text.strip_prefix("Published").or_else(|| text.strip_prefix("Posted")) {
        Some(rest) => (rest, false),
        None => (text.strip_prefix("Updated")?, true),
    };
    let rest = rest.trim_start_matches(':').trim();
    let rest = rest.strip_prefix("on ").unwrap_or(rest);
    let date = if rest.is_empty() || is_relative_time(rest) {
        None
    } else {
        let stamp = rest.split_whitespace().count() <= MAX_STAMP_WORDS;
        Some(parse_text_date(rest).or_else(|| stamp.then(|| find_date(rest)).flatten())?)
    };
    Some(if updated { Kind::Updated(date) } else { Kind::Published(date) })
}

/// A line that is only a date (`November 19, 2019`, `Nov. 19, 2019`,
/// `2019-11-19`, perhaps with a time), as a page prints its date stamp.
pub(super) fn date_only(text: &str) -> Option<crate::date::Date> {
    (text.split_whitespace().count() <= 8).then(|| parse_text_date(text.trim_end_matches('.'))).flatten()
}

/// A byline with its outlet, `Ann Smith | Outlet`, `Ann Smith, Bo Li |
/// Outlet`: names of two to four capitalised words, then the outlet.
pub(super) fn pipe_byline(text: &str) -> Option<(Vec<String>, String)> {
    let (names, outlet) = text.split_once(" | ")?;
    let outlet = outlet.trim();
    let names: Vec<String> = names
        .split(", ")
        .flat_map(|n| n.split(" and "))
        .flat_map(|n| n.split(" & "))
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
        .collect();
    let is_name = |name: &String| {
        let words: Vec<&str> = name.split_whitespace().collect();
        (2..=4).contains(&words.len())
            && words.iter().all(|w| w.starts_with(char::is_uppercase) && !w.chars().any(|c| c.is_ascii_digit()))
    };
    (!names.is_empty() && names.iter().all(is_name) && !outlet.is_empty() && !outlet.contains(" | "))
        .then(|| (names, outlet.to_string()))
}

/// The byline and date stamps that a whole-page scrape's analysis found
/// around its article: the first byline sets the authors, the first date
/// the date (`Updated …` the updated date), unless the text set them.
pub(super) fn apply_stamps(parsed: &mut ParsedText, stamps: &[String]) {
    for stamp in stamps {
        let text = stamp.trim();
        if parsed.authors.is_empty() {
            if let Some(rest) = text.strip_prefix("By ").or_else(|| text.strip_prefix("by ")) {
                let (authors, role) = parse_byline(rest);
                if !authors.is_empty() {
                    parsed.authors = authors;
                    parsed.role = role;
                    continue;
                }
            }
            if let Some((names, outlet)) = pipe_byline(text) {
                parsed.authors = names;
                parsed.role = Some(outlet);
                continue;
            }
        }
        let lower = text.to_lowercase();
        let updated = ["updated", "last modified", "modified"].iter().any(|w| lower.starts_with(w));
        let slot = if updated { &mut parsed.updated } else { &mut parsed.date };
        if slot.is_none() {
            *slot = find_date(text);
        }
    }
}

/// `3 hours ago`, `2 days ago`, `just now`, `yesterday`.
fn is_relative_time(text: &str) -> bool {
    let lower = text.to_lowercase();
    if matches!(lower.as_str(), "just now" | "yesterday" | "today") {
        return true;
    }
    let words: Vec<&str> = lower.split_whitespace().collect();
    matches!(words.as_slice(), [n, unit, "ago"]
        if (n.chars().all(|c| c.is_ascii_digit()) || *n == "a" || *n == "an")
            && ["sec", "min", "hour", "hr", "day", "week", "month", "year"].iter().any(|u| unit.starts_with(u)))
}

/// `Ann SmithBBC News, Leeds` → (`Ann Smith`, `BBC News, Leeds`): split at
/// the last lower-to-upper joint before the first comma (not after a
/// word-initial Mc or Mac), else at the first comma. `A and B`, `A & B` are
/// two authors.
pub(super) fn parse_byline(rest: &str) -> (Vec<String>, Option<String>) {
    let comma = rest.find(',').unwrap_or(rest.len());
    let head = &rest[..comma];
    let (names, role) = match last_joint(head) {
        Some(j) => (&rest[..j], Some(rest[j..].trim())),
        None if comma < rest.len() => (&rest[..comma], Some(rest[comma + 1..].trim())),
        None => (rest, None),
    };
    let authors = names
        .split(" and ")
        .flat_map(|n| n.split(" & "))
        .map(|n| n.trim().trim_end_matches(',').trim().to_string())
        .filter(|n| !n.is_empty())
        .collect();
    (authors, role.filter(|r| !r.is_empty()).map(str::to_string))
}

/// Whether a byline's name is an outlet or a desk rather than a person: it
/// has a word of an organisation, or is one word in capitals (`AFP`), or
/// has a digit (`News 6`).
pub(crate) fn is_organisation(name: &str) -> bool {
    let words: Vec<&str> = name.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let lex = super::lexicon::lexicon();
    let acronym = |w: &str| w.chars().count() > 1 && w.chars().all(|c| c.is_uppercase());
    words
        .iter()
        .any(|w| lex.organisation_words.contains(w.to_lowercase().as_str()) || w.chars().any(|c| c.is_ascii_digit()))
        || (words.len() == 1 && acronym(words[0]))
}

fn last_joint(head: &str) -> Option<usize> {
    let mut joint = None;
    let mut word_start = 0;
    let mut prev: Option<char> = None;
    for (i, c) in head.char_indices() {
        if c.is_whitespace() {
            word_start = i + c.len_utf8();
        } else if let Some(p) = prev
            && p.is_lowercase()
            && c.is_uppercase()
            && !matches!(&head[word_start..i], "Mc" | "Mac")
        {
            joint = Some(i);
        }
        prev = Some(c);
    }
    joint
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_of_other_outlets() {
        let d = crate::date::Date::new(2019, 11, 19);
        assert_eq!(dateline("Posted: Nov 19, 2019 / 10:32 AM CST"), Some(Kind::Published(d)));
        assert_eq!(dateline("Published 10:32 AM EST Nov 19, 2019"), Some(Kind::Published(d)));
        assert_eq!(
            dateline("Updated 3:45 PM ET, Mon November 18, 2019"),
            Some(Kind::Updated(crate::date::Date::new(2019, 11, 18)))
        );
        assert_eq!(date_only("Nov. 19, 2019"), d);
        assert_eq!(date_only("05/11/2019"), None);
        assert_eq!(pipe_byline("Ann Smith | Harbour News"), Some((vec!["Ann Smith".into()], "Harbour News".into())));
        assert_eq!(
            pipe_byline("Ann Smith, Bo Li | News 6"),
            Some((vec!["Ann Smith".into(), "Bo Li".into()], "News 6".into()))
        );
        assert_eq!(pipe_byline("Politics | Europe"), None);
    }

    #[test]
    fn byline_forms() {
        assert_eq!(
            parse_byline("Ann SmithBBC News, Leeds"),
            (vec!["Ann Smith".into()], Some("BBC News, Leeds".into()))
        );
        assert_eq!(
            parse_byline("Ewan McAllisterScotland reporter"),
            (vec!["Ewan McAllister".into()], Some("Scotland reporter".into()))
        );
        assert_eq!(
            parse_byline("Jo Bloggs, Political editor, London"),
            (vec!["Jo Bloggs".into()], Some("Political editor, London".into()))
        );
        assert_eq!(parse_byline("Ann Smith & Bob Jones"), (vec!["Ann Smith".into(), "Bob Jones".into()], None));
    }

    #[test]
    fn outlets_and_desks_are_no_people() {
        for name in ["BBC News", "AFP", "Staff Reporter", "The Associated Press", "News 6", "Reuters"] {
            assert!(is_organisation(name), "{name}");
        }
        for name in ["Ann Smith", "Ewan McAllister", "Jean-Luc Picard", "Björk", "Li Wei"] {
            assert!(!is_organisation(name), "{name}");
        }
    }
}

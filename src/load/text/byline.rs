//! Bylines (`By Ann SmithBBC News, Leeds`) and datelines (`Published 26
//! November 2021`, `Updated 3 hours ago`).

use super::lines::Kind;
use crate::date::parse_text_date;

/// Longest byline.
pub(super) const MAX_BYLINE: usize = 80;
/// `Published`, `Published 3 hours ago`, `Published2 days ago`,
/// `Published 26 November 2021`, and the same with `Updated`.
pub(super) fn dateline(text: &str) -> Option<Kind> {
    let (rest, updated) = match text.strip_prefix("Published") {
        Some(rest) => (rest, false),
        None => (text.strip_prefix("Updated")?, true),
    };
    let rest = rest.trim_start_matches(':').trim();
    let rest = rest.strip_prefix("on ").unwrap_or(rest);
    let date = if rest.is_empty() || is_relative_time(rest) { None } else { Some(parse_text_date(rest)?) };
    Some(if updated { Kind::Updated(date) } else { Kind::Published(date) })
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
}

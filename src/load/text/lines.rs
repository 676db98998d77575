//! Lines of scraped text, classified one by one: blank, bullet, a heading
//! of topics or related stories, a dateline, figure labels, or text.

use std::borrow::Cow;

use super::byline::dateline;
use super::figures::{Labels, parse_labels};
use super::page::Cut;
use crate::config::LoadOptions;
use crate::date::Date;
use crate::model::DroppedLine;

/// Longest line that reads as a headline in a run of related stories.
const MAX_HEADLINE: usize = 120;
/// One line that survived the chrome filter.
pub(super) struct Line<'a> {
    /// 1-based line in the whole file.
    pub(super) no: usize,
    pub(super) text: Cow<'a, str>,
    pub(super) kind: Kind,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Kind {
    Blank,
    /// A bullet; the item starts at this byte offset of the text.
    Bullet(usize),
    TopicsHeading,
    /// `More on this story`, `Related stories`.
    RelatedHeading,
    /// `Related Internet Links`.
    LinksHeading,
    /// `Summary`, a heading only when a bullet run follows.
    Summary,
    /// A `Published …` line (maybe bulleted), with its date if absolute.
    Published(Option<Date>),
    Updated(Option<Date>),
    Figure(Labels),
    Text,
}

/// Every line of a body (which starts on line `first_line` of the file):
/// `originals` as written, `cleaned` without what the chrome list drops or
/// cuts; the lines `cut` drops (the page's furniture) are left out and its
/// captions made figures. Then every line dropped, with why.
pub(super) fn classify<'a>(
    originals: &[&'a str],
    cleaned: Vec<Option<Cow<'a, str>>>,
    first_line: usize,
    options: &LoadOptions,
    cut: &Cut,
) -> (Vec<Line<'a>>, Vec<DroppedLine>) {
    let mut lines = Vec::new();
    let mut dropped = Vec::new();
    let mut drop = |no: usize, text: &str, reason: String| {
        if options.report_dropped {
            dropped.push(DroppedLine { line: no, text: text.to_string(), reason });
        }
    };
    for (i, (raw, text)) in originals.iter().zip(cleaned).enumerate() {
        let no = first_line + i;
        if raw.trim_start().is_empty() {
            lines.push(Line { no, text: Cow::Borrowed(""), kind: Kind::Blank });
            continue;
        }
        let Some(text) = text else {
            drop(no, raw.trim(), "page chrome (the default list, or [load] drop_lines)".into());
            continue;
        };
        if let Some(Some(reason)) = cut.dropped.get(i) {
            drop(no, raw.trim(), reason.to_string());
            continue;
        }
        let kind = match cut.captions.get(i) {
            Some(Some(c)) => Kind::Figure(Labels {
                caption: c.caption.clone(),
                credit: c.credit.clone(),
                credit_follows_caption: true,
                ..Labels::default()
            }),
            _ => kind_of(&text),
        };
        lines.push(Line { no, text, kind });
    }
    (lines, dropped)
}

fn kind_of(text: &str) -> Kind {
    let trimmed = text.trim_start();
    if let Some(kind) = dateline(trimmed) {
        return kind;
    }
    if let Some(item) = bullet_item(text) {
        // `- Published 3 March 2022` is a dateline, whatever its bullet.
        if let Some(kind) = dateline(&text[item..]) {
            return kind;
        }
        return Kind::Bullet(item);
    }
    // Headings are short: a long line needs no folding to be told apart.
    let folded = if trimmed.len() <= 40 { fold_spaces(trimmed) } else { String::new() };
    if folded.eq_ignore_ascii_case("related topics") {
        return Kind::TopicsHeading;
    }
    if folded.eq_ignore_ascii_case("more on this story") || folded.eq_ignore_ascii_case("related stories") {
        return Kind::RelatedHeading;
    }
    if folded.eq_ignore_ascii_case("related internet links") {
        return Kind::LinksHeading;
    }
    if folded == "Summary" {
        return Kind::Summary;
    }
    if let Some(labels) = parse_labels(trimmed) {
        return Kind::Figure(labels);
    }
    Kind::Text
}

/// The byte offset of a bullet's text: optional indent, `•` `▪` `–` or `-`,
/// a space, then text.
pub(super) fn bullet_item(text: &str) -> Option<usize> {
    let indent = text.len() - text.trim_start().len();
    let rest = &text[indent..];
    let marker = rest.chars().next().filter(|c| matches!(c, '•' | '▪' | '–' | '-'))?;
    let after = &rest[marker.len_utf8()..];
    let space = after.chars().next().filter(|c| c.is_whitespace())?;
    let item = after[space.len_utf8()..].trim_start();
    if item.is_empty() {
        return None;
    }
    Some(text.len() - item.len())
}

/// Runs of whitespace (no-break spaces included) become one space.
pub(crate) fn fold_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a line reads as a headline: short, and not ending like a sentence
/// or a clause.
pub(super) fn is_headline_like(text: &str) -> bool {
    let text = text.trim();
    !text.is_empty() && text.chars().count() <= MAX_HEADLINE && !text.ends_with(['.', ',', ';'])
}

/// Strips `prefix` from the start of `text`, where a space in `prefix`
/// matches any whitespace (no-break spaces included).
pub(super) fn strip_words<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let mut rest = text;
    for want in prefix.chars() {
        let got = rest.chars().next()?;
        let ok = if want == ' ' { got.is_whitespace() } else { got == want };
        if !ok {
            return None;
        }
        rest = &rest[got.len_utf8()..];
    }
    Some(rest)
}

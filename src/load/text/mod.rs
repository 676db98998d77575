//! Scraped plain text → blocks. Scrapers flatten a news page into lines and
//! glue its hidden labels to the text around them. A whole-page scrape is
//! first cut down to its article (`page`, with `lexicon` and `stopwords`);
//! then each line is cleaned of page chrome (`chrome`), classified (`lines`,
//! with figure labels in `figures` and bylines and datelines in `byline`),
//! and a small state machine (`blocks`) turns runs of lines into figures,
//! related asides, lists, topics and paragraphs. docs/content.md, "Scraped
//! text" and "Whole-page scrapes", is the contract.
//!
//! Matching treats no-break spaces as spaces; the text that is kept keeps them.

mod blocks;
mod byline;
pub(crate) use byline::is_organisation;
mod chrome;
mod figures;
mod lexicon;
mod lines;
pub(crate) mod page;
pub(crate) mod stopwords;

use crate::config::LoadOptions;
use crate::date::Date;
use crate::model::{Block, DroppedLine};
use page::SourceStats;

/// What the text of one article says, before front matter is applied.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct ParsedText {
    pub(crate) blocks: Vec<Block>,
    /// The headline on the first line, when there is one.
    pub(crate) title: Option<String>,
    pub(crate) topics: Vec<String>,
    pub(crate) authors: Vec<String>,
    pub(crate) role: Option<String>,
    pub(crate) date: Option<Date>,
    pub(crate) updated: Option<Date>,
    /// The lines left out, with why (only when the options ask for them).
    pub(crate) dropped: Vec<DroppedLine>,
}

/// Longest first line that can be a headline, and longest derived title.
pub(crate) const MAX_TITLE: usize = 100;

/// Parses the body of a scraped `.txt` article. `first_line` is the line of
/// the file on which `body` starts (after front matter); `source` what the
/// article's source repeats, when it was learned.
pub(crate) fn parse(body: &str, first_line: usize, options: &LoadOptions, source: Option<&SourceStats>) -> ParsedText {
    let originals: Vec<&str> = body.split('\n').map(str::trim_end).collect();
    // Each line without what the chrome list drops or cuts, once.
    let cleaned: Vec<Option<std::borrow::Cow<str>>> =
        originals.iter().map(|l| if l.trim_start().is_empty() { None } else { chrome::clean(l, options) }).collect();
    let mut cut = page::Cut::default();
    if options.chrome.auto {
        // The page is analysed without the lines the chrome list drops anyway.
        let raw: Vec<std::borrow::Cow<str>> = originals.iter().map(|l| page::clean_line(l)).collect();
        let chrome: Vec<bool> = raw.iter().zip(&cleaned).map(|(r, c)| !r.is_empty() && c.is_none()).collect();
        cut = page::analyse(&raw, &chrome, source, &options.chrome);
        if !options.chrome.keep_lines.is_empty() {
            keep_lines(&mut cut, &raw, &options.chrome.keep_lines);
        }
    }
    let (lines, dropped) = lines::classify(&originals, cleaned, first_line, options, &cut);
    let mut parsed = blocks::Builder::new(lines, cut.title.is_some()).run();
    if let Some(title) = cut.title {
        parsed.title = Some(title);
    }
    byline::apply_stamps(&mut parsed, &cut.stamps);
    if options.report_dropped {
        parsed.dropped = dropped;
    }
    parsed
}

/// `[load] keep_lines`: never dropped.
fn keep_lines(cut: &mut page::Cut, raw: &[std::borrow::Cow<str>], keep: &[String]) {
    let keep: Vec<String> = keep.iter().map(|k| lines::fold_spaces(k).to_lowercase()).collect();
    for (line, dropped) in raw.iter().zip(cut.dropped.iter_mut()) {
        if dropped.is_some() && keep.contains(&lines::fold_spaces(line).to_lowercase()) {
            *dropped = None;
        }
    }
}

/// The title separator of `Headline | Outlet`, for the source pass.
pub(crate) fn title_parts(first: &str) -> Vec<&str> {
    page::title_parts(first, lexicon::lexicon())
}

//! Scraped plain text → blocks. Scrapers flatten a news page into lines and
//! glue its hidden labels to the text around them, so each line is cleaned
//! of page chrome (`chrome`), classified (`lines`, with figure labels in
//! `figures` and datelines in `byline`), and a small state machine
//! (`blocks`) turns runs of lines into figures, related asides, lists,
//! topics and paragraphs. docs/content.md, "Scraped text", is the contract.
//!
//! Matching treats no-break spaces as spaces; the text that is kept keeps them.

mod blocks;
mod byline;
mod chrome;
mod figures;
mod lines;

use crate::config::LoadOptions;
use crate::date::Date;
use crate::model::Block;

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
}

/// Longest first line that can be a headline, and longest derived title.
pub(crate) const MAX_TITLE: usize = 100;

/// Parses the body of a scraped `.txt` article. `first_line` is the line of
/// the file on which `body` starts (after front matter).
pub(crate) fn parse(body: &str, first_line: usize, options: &LoadOptions) -> ParsedText {
    let lines = lines::classify(body, first_line, options);
    blocks::Builder::new(lines).run()
}

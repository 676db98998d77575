//! The loader's contract, docs/content.md, with fixtures of our own: a
//! module per section of that file, one test per row of each of its tables,
//! plus the rules around the tables. Each test asserts the whole normalised
//! result of its fixture (title, every block with its fields, topics,
//! byline, dates), not that some text merely appears, so that a shape that
//! starts to swallow or split a neighbouring line fails here.
//! Cross-article rules (related headlines, topic merging, slug collisions)
//! go through `site_of`.

mod bylines;
mod figures;
mod files;
mod front_matter;
mod lists;
mod markdown;
mod problems;
mod properties;
mod titles;
mod topics;

use std::path::Path;

use gazette::config::{Config, LoadOptions};
use gazette::date::{Date, Timestamp};
use gazette::index::{Site, index};
use gazette::load::load_memory;
use gazette::model::{Article, Block, Figure, List, MediaKind, Problem, ProblemKind, Related, RelatedItem, Severity};

use super::{Fixture, article, article_at, site_of};

/// The normalised facts of one article that the shapes decide.
#[derive(Debug, PartialEq)]
struct Seen {
    title: String,
    title_derived: bool,
    blocks: Vec<Block>,
    lead: String,
    topics: Vec<String>,
    authors: Vec<String>,
    role: Option<String>,
    date: Option<Timestamp>,
    updated: Option<Timestamp>,
}

impl Seen {
    fn of(a: &Article) -> Seen {
        Seen {
            title: a.title.clone(),
            title_derived: a.title_derived,
            blocks: a.blocks.clone(),
            lead: a.lead.clone(),
            topics: a.topics.clone(),
            authors: a.authors.clone(),
            role: a.role.clone(),
            date: a.date,
            updated: a.updated,
        }
    }

    /// A titled article with these blocks; its lead is the first paragraph
    /// (docs/content.md: "the first body paragraph | the lead"), nothing else set.
    fn new(title: &str, blocks: Vec<Block>) -> Seen {
        let lead = blocks
            .iter()
            .find_map(|b| match b {
                Block::Paragraph(p) => Some(p.clone()),
                _ => None,
            })
            .unwrap_or_default();
        Seen {
            title: title.to_string(),
            title_derived: false,
            blocks,
            lead,
            topics: Vec::new(),
            authors: Vec::new(),
            role: None,
            date: None,
            updated: None,
        }
    }

    fn derived(title: &str, blocks: Vec<Block>) -> Seen {
        Seen { title_derived: true, ..Seen::new(title, blocks) }
    }
}

const TITLE: &str = "Pier lamps shine again over the harbour";
const LEAD: &str = "The town council switched the pier lamps back on after a long winter of repairs.";
const AFTER: &str = "Volunteers repainted the railings while electricians tested every bulb.";

/// `shape` between a headline with its lead and a closing paragraph; the
/// shape starts on line 5 of the file.
fn framed_text(shape: &str) -> String {
    format!("{TITLE}\n\n{LEAD}\n\n{shape}\n\n{AFTER}\n")
}

fn framed(shape: &str) -> Seen {
    Seen::of(&article(&framed_text(shape)))
}

/// What `framed` gives when the shape becomes `middle`.
fn framed_as(middle: Vec<Block>) -> Seen {
    let mut blocks = vec![p(LEAD)];
    blocks.extend(middle);
    blocks.push(p(AFTER));
    Seen::new(TITLE, blocks)
}

fn p(text: &str) -> Block {
    Block::Paragraph(text.to_string())
}

fn figure(media: MediaKind, credit: Option<&str>, caption: Option<&str>, alt: Option<&str>) -> Block {
    Block::Figure(Figure {
        media,
        credit: credit.map(str::to_string),
        caption: caption.map(str::to_string),
        alt: alt.map(str::to_string),
    })
}

fn image(credit: Option<&str>, caption: Option<&str>, alt: Option<&str>) -> Block {
    figure(MediaKind::Image, credit, caption, alt)
}

fn media(credit: Option<&str>, caption: Option<&str>) -> Block {
    figure(MediaKind::Media, credit, caption, None)
}

fn items(items: &[(&str, usize)]) -> Vec<RelatedItem> {
    items.iter().map(|(text, line)| RelatedItem { text: text.to_string(), target: None, line: Some(*line) }).collect()
}

/// A related aside as the loader leaves it: nothing resolved yet.
fn related(heading: Option<&str>, list: &[(&str, usize)]) -> Block {
    Block::Related(Related { heading: heading.map(str::to_string), items: items(list), linkable: true })
}

/// `Related Internet Links`: names that never link.
fn internet_links(list: &[(&str, usize)]) -> Block {
    Block::Related(Related { heading: Some("Related Internet Links".into()), items: items(list), linkable: false })
}

/// A list, each item with its line in the file.
fn list(heading: Option<&str>, list: &[(&str, usize)], may_be_related: bool) -> Block {
    Block::List(List {
        heading: heading.map(str::to_string),
        items: list.iter().map(|(s, _)| s.to_string()).collect(),
        lines: list.iter().map(|(_, line)| *line).collect(),
        may_be_related,
    })
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn day(year: i32, month: u8, d: u8) -> Option<Timestamp> {
    Some(Timestamp::from_date(Date::new(year, month, d).unwrap()))
}

/// The load options of a build with an empty site.toml (the default chrome
/// list on).
fn build_options() -> LoadOptions {
    Config::parse(Path::new("."), "").unwrap().load
}

/// Loads `text` as `content/a.txt` the way a build does.
fn scraped(text: &str) -> Article {
    load_memory("content/a.txt", text.as_bytes(), None, &build_options()).unwrap_or_else(|p| panic!("left out: {p}"))
}

fn load_bytes(bytes: &[u8]) -> Result<Article, Problem> {
    load_memory("content/a.txt", bytes, None, &LoadOptions::default())
}

fn left_out(bytes: &[u8]) -> Problem {
    match load_bytes(bytes) {
        Ok(a) => panic!("expected the file to be left out, got {:?}", Seen::of(&a)),
        Err(problem) => problem,
    }
}

fn kinds(problems: &[Problem]) -> Vec<(ProblemKind, Option<usize>)> {
    problems.iter().map(|p| (p.kind, p.at.line)).collect()
}

fn front_matter(toml: &str, body: &str) -> Article {
    article(&format!("+++\n{toml}+++\n{body}"))
}

const FM_BODY: &str = "Pier lamps return\n\nThe first paragraph of the piece.\n";

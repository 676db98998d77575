//! One article from what was read of it: its metadata (front matter, a
//! sidecar, a scraper's fields) and its body, scraped text, Markdown or
//! HTML. Also how an article's body is streamed (dropped but for what the
//! index links) and hashed.

use std::borrow::Cow;
use std::collections::HashSet;
use std::hash::{Hash, Hasher};

use super::front_matter::FrontMatter;
use super::text::page::SourceStats;
use super::{html, markdown, text};
use crate::config::LoadOptions;
use crate::date::Timestamp;
use crate::model::{Article, Block, DroppedLine, LinkItem, LinkRun, Problem, ProblemKind, RecordAt, Uncommon};
use crate::slug::{fold_title, fold_topic, slugify, title_key};

/// Longest derived title, `…` included.
const MAX_DERIVED_TITLE: usize = 90;

/// Where an article comes from.
pub(crate) struct Origin {
    /// The path shown to people (`content/a.txt`).
    pub(crate) shown: String,
    /// Its identity in `{stem}` permalinks: the file name without its
    /// extension, or a record's id.
    pub(crate) stem: String,
    pub(crate) section: Option<String>,
    pub(crate) record: Option<RecordAt>,
}

/// An article's body, before it is normalised.
pub(crate) enum Body<'a> {
    /// Scraped plain text, which starts on this line of its file, with what
    /// its source repeats when that was learned.
    Text(&'a str, usize, Option<&'a SourceStats>),
    Markdown(&'a str),
    /// HTML from a scraper's record.
    Html(&'a str),
}

/// Normalises the body and applies the metadata: the article, with every
/// problem found in it.
pub(crate) fn build(
    origin: Origin,
    meta: FrontMatter,
    body: Body,
    mut problems: Vec<Problem>,
    options: &LoadOptions,
) -> Article {
    let Origin { shown, stem, section, record } = origin;
    let mut article = Article { path: shown, stem, section, record, ..Article::default() };
    let mut dropped = Vec::new();
    let body_title = match body {
        Body::Text(body, first_line, source) => {
            let parsed = text::parse(body, first_line, options, source);
            dropped = parsed.dropped;
            article.blocks = parsed.blocks;
            article.topics = parsed.topics;
            article.authors = parsed.authors;
            article.role = parsed.role;
            article.date = parsed.date.map(Timestamp::from_date);
            article.updated = parsed.updated.map(Timestamp::from_date);
            article.lead = first_paragraph(&article.blocks);
            if let Some(at) = record {
                pin_lines(&mut article.blocks, at.line);
            }
            // A headline line that repeats the title set elsewhere is
            // dropped; a different one is kept as the first paragraph.
            match (parsed.title, &meta.title) {
                (Some(line), Some(title)) if fold_title(&line) != fold_title(title) => {
                    article.blocks.insert(0, Block::Paragraph(line.clone()));
                    article.lead = line;
                    None
                }
                (title, _) => title,
            }
        }
        Body::Markdown(body) => {
            let parsed = markdown::parse(body, meta.title.is_none(), &options.link_prefix);
            article.blocks = parsed.blocks;
            article.lead = parsed.lead;
            parsed.title
        }
        Body::Html(body) => {
            let parsed = html::parse(body);
            article.blocks = parsed.blocks;
            article.lead = parsed.lead;
            None
        }
    };
    apply_front_matter(&mut article, meta, body_title, dropped);
    role_for_outlets(&mut article);
    let shown = article.path.clone();
    let line = record.map(|r| r.line);
    if article.topics.len() > PLAUSIBLE_TOPICS {
        problems.push(Problem::new(&shown, line, ProblemKind::ManyTopics, format!(
            "has {} topics, more than an article plausibly has; check where its topic list ends (listings show only its first few)",
            article.topics.len()
        )));
    }
    if article.title_derived {
        problems.push(Problem::new(&shown, line, ProblemKind::DerivedTitle, format!(
            "has no headline line, so its title was made from the lead: {:?}; put the headline on the first line or set title in front matter",
            article.title
        )));
    }
    if article.topics.is_empty() {
        problems.push(Problem::new(
            &shown,
            line,
            ProblemKind::NoTopics,
            "has no topics; add a Related Topics list or topics in front matter",
        ));
    }
    article.problems = problems;
    article.words = words(&article.blocks);
    article.lead_block = article.blocks.iter().position(|b| matches!(b, Block::Paragraph(_)));
    article.content_hash = content_hash(&article.blocks);
    article.links = links(&article.blocks);
    article
}

/// The runs of a body the index may link, with their headlines hashed.
fn links(blocks: &[Block]) -> Vec<LinkRun> {
    let item = |text: &str, line: Option<usize>| LinkItem {
        key: title_key(text),
        line: line.and_then(|l| u32::try_from(l).ok()),
        target: None,
    };
    let position = |k: usize| u32::try_from(k).unwrap_or(u32::MAX);
    blocks
        .iter()
        .enumerate()
        .filter_map(|(k, block)| match block {
            Block::Related(r) if r.linkable => Some(LinkRun {
                position: position(k),
                bullets: false,
                items: r.items.iter().map(|i| item(&i.text, i.line)).collect(),
            }),
            Block::List(l) if l.may_be_related => Some(LinkRun {
                position: position(k),
                bullets: true,
                items: l.items.iter().enumerate().map(|(n, text)| item(text, l.lines.get(n).copied())).collect(),
            }),
            _ => None,
        })
        .collect()
}

/// More topics than this on one article is a scrape gone wrong (a whole tag
/// cloud read as its topics).
const PLAUSIBLE_TOPICS: usize = 100;

/// An outlet or a desk named as an author (`By BBC News`) is the byline's
/// role, not a reporter.
fn role_for_outlets(article: &mut Article) {
    let (people, outlets): (Vec<String>, Vec<String>) =
        std::mem::take(&mut article.authors).into_iter().partition(|name| !text::is_organisation(name));
    article.authors = people;
    if article.role.is_none() && !outlets.is_empty() {
        article.role = Some(outlets.join(", "));
    }
}

/// Words of a body: paragraphs, lists and HTML text (figures and other
/// articles' headlines are not read as the article).
fn words(blocks: &[Block]) -> usize {
    let count = |t: &str| t.split_whitespace().count();
    blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph(t) => count(t),
            Block::List(l) => l.items.iter().map(|i| count(i)).sum(),
            Block::Html(h) => count(&html::text_of(h)),
            Block::Figure(_) | Block::Related(_) => 0,
        })
        .sum()
}

fn first_paragraph(blocks: &[Block]) -> String {
    blocks
        .iter()
        .find_map(|b| match b {
            Block::Paragraph(p) => Some(p.clone()),
            _ => None,
        })
        .unwrap_or_default()
}

/// A record's text has no lines of the file: its problems name the record's.
fn pin_lines(blocks: &mut [Block], line: usize) {
    for block in blocks {
        match block {
            Block::Related(r) => r.items.iter_mut().for_each(|i| i.line = i.line.map(|_| line)),
            Block::List(l) => l.lines.iter_mut().for_each(|l| *l = line),
            _ => {}
        }
    }
}

fn apply_front_matter(article: &mut Article, fm: FrontMatter, body_title: Option<String>, dropped: Vec<DroppedLine>) {
    match fm.title.filter(|t| !t.is_empty()).or(body_title) {
        Some(title) => article.title = title,
        None => {
            article.title = derive_title(&article.lead).unwrap_or_else(|| article.stem.clone());
            article.title_derived = true;
        }
    }
    if let Some(date) = fm.date {
        article.date = Some(date);
    }
    if let Some(updated) = fm.updated {
        article.updated = Some(updated);
    }
    if let Some(authors) = fm.authors {
        article.authors = authors.into_iter().filter(|a| !a.is_empty()).collect();
    }
    let mut known: HashSet<String> = article.topics.iter().map(|t| fold_topic(t)).collect();
    for topic in fm.topics.unwrap_or_default() {
        let folded = fold_topic(&topic);
        if !folded.is_empty() && known.insert(folded) {
            article.topics.push(topic);
        }
    }
    article.set_uncommon(Uncommon {
        summary: fm.summary,
        source_url: fm.source_url.filter(|u| !u.is_empty()),
        aliases: fm.aliases.unwrap_or_default(),
        extra: fm.extra,
        dropped,
    });
    article.draft = fm.draft.unwrap_or(false);
    article.images = fm.images.unwrap_or_default();
    let slug = fm.slug.as_deref().map(slugify).filter(|s| !s.is_empty());
    article.slug = slug
        .or_else(|| Some(slugify(&article.title)).filter(|s| !s.is_empty()))
        .or_else(|| Some(slugify(&article.stem)).filter(|s| !s.is_empty()))
        .unwrap_or_else(|| "article".into());
}

/// The lead's first sentence, cut at a word boundary to at most 90
/// characters including the `…`.
fn derive_title(lead: &str) -> Option<String> {
    let lead = lead.trim();
    if lead.is_empty() {
        return None;
    }
    let mut end = lead.len();
    let mut chars = lead.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        // The dots of an ellipsis (`Apple...`) end no sentence.
        let ellipsis = c == '.' && (lead[..i].ends_with('.') || chars.peek().is_some_and(|(_, n)| *n == '.'));
        if matches!(c, '.' | '!' | '?') && !ellipsis && chars.peek().is_none_or(|(_, n)| n.is_whitespace()) && i > 0 {
            end = if c == '.' { i } else { i + c.len_utf8() };
            break;
        }
    }
    let sentence = lead[..end].trim();
    if sentence.chars().count() <= MAX_DERIVED_TITLE {
        return Some(sentence.to_string());
    }
    let limit = MAX_DERIVED_TITLE - 1;
    let cut_byte = sentence.char_indices().nth(limit).map_or(sentence.len(), |(i, _)| i);
    let head = &sentence[..cut_byte];
    // Cut at the last space, unless the next character already is one.
    let head = if sentence[cut_byte..].starts_with(char::is_whitespace) {
        head
    } else {
        head.rfind(char::is_whitespace).map_or(head, |s| &head[..s])
    };
    let head = head.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '-' | '–' | '—'));
    Some(format!("{head}…"))
}

/// The body as loaded, the runs the index links included: search reads a
/// bullet run with the body, and its key is built on this hash.
fn content_hash(blocks: &[Block]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for block in blocks {
        match block {
            Block::Paragraph(t) => ("p", t).hash(&mut h),
            Block::Figure(f) => ("figure", f.media.as_str(), &f.credit, &f.caption, &f.alt).hash(&mut h),
            Block::List(l) => ("list", l.may_be_related, &l.heading, &l.items).hash(&mut h),
            Block::Related(r) => {
                ("related", r.linkable, &r.heading).hash(&mut h);
                r.items.iter().for_each(|i| i.text.hash(&mut h));
            }
            Block::Html(html) => ("html", html).hash(&mut h),
        }
    }
    h.finish()
}

/// An article with its body streamed, for the cache: itself when it is
/// streamed already, else a copy of everything but its blocks.
pub(crate) fn streamed(a: &Article) -> Cow<'_, Article> {
    if a.streamed {
        return Cow::Borrowed(a);
    }
    Cow::Owned(Article {
        path: a.path.clone(),
        stem: a.stem.clone(),
        section: a.section.clone(),
        title: a.title.clone(),
        title_derived: a.title_derived,
        slug: a.slug.clone(),
        date: a.date,
        updated: a.updated,
        authors: a.authors.clone(),
        role: a.role.clone(),
        topics: a.topics.clone(),
        lead: a.lead.clone(),
        draft: a.draft,
        uncommon: a.uncommon.as_ref().map(|u| Box::new(Uncommon { dropped: Vec::new(), ..(**u).clone() })),
        images: a.images.clone(),
        words: a.words,
        record: a.record,
        source: a.source.clone(),
        chrome: a.chrome,
        blocks: Vec::new(),
        links: a.links.clone(),
        problems: a.problems.clone(),
        lead_block: a.lead_block,
        content_hash: a.content_hash,
        streamed: true,
    })
}

/// Drops the body, which pages read again (see [`Article::streamed`]).
pub(crate) fn stream(mut article: Article) -> Article {
    article.blocks = Vec::new();
    article.streamed = true;
    compact(&mut article);
    article
}

/// Gives back what a kept article's strings and lists hold beyond their
/// length: a list grown by pushes or parsed from JSON holds room for four
/// at least, and a million articles are kept at once.
pub(crate) fn compact(a: &mut Article) {
    for s in [&mut a.path, &mut a.stem, &mut a.title, &mut a.slug, &mut a.lead, &mut a.source] {
        s.shrink_to_fit();
    }
    for list in [&mut a.authors, &mut a.topics] {
        list.iter_mut().for_each(String::shrink_to_fit);
        list.shrink_to_fit();
    }
    a.images.shrink_to_fit();
    a.problems.shrink_to_fit();
    a.blocks.shrink_to_fit();
    a.links.shrink_to_fit();
    a.links.iter_mut().for_each(|run| run.items.shrink_to_fit());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_titles() {
        assert_eq!(derive_title("Short lead. More text."), Some("Short lead".into()));
        let long = "Usually tragedies bring people together but the deaths in the harbour seem to have highlighted the gap between two councils";
        let t = derive_title(long).unwrap();
        assert!(t.starts_with("Usually tragedies bring people together"));
        assert!(t.ends_with('…') && t.chars().count() <= 90, "{t}");
        assert!(!t.trim_end_matches('…').ends_with(' '));
    }
}

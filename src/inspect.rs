//! `gazette inspect`: how the loader reads articles, as people or programs
//! want to see it. Related headlines resolve against the whole site when
//! there is one.

use std::collections::HashSet;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::config::{Config, ConfigError};
use crate::index::{self, Site};
use crate::load;
use crate::model::{Article, Block, Problem};

/// What `inspect` found: articles, indexed with the rest of the site, and the
/// files that could not be loaded.
pub struct Inspection {
    pub site: Site,
    /// Indices of the inspected articles in `site.articles`.
    pub inspected: Vec<usize>,
    pub left_out: Vec<Problem>,
}

/// Loads `paths`; with a `root`, the site's other articles too, so that
/// related headlines resolve, and each source's furniture is learned, as in
/// a build.
pub fn inspect(root: Option<&Path>, paths: &[PathBuf]) -> Result<Inspection, ConfigError> {
    let (config, site) = match root {
        Some(root) => {
            let config = Config::load(root)?;
            let loaded = load::load_site(&config);
            (config, Some(loaded))
        }
        None => (Config::parse(Path::new("."), "")?, None),
    };
    let base = root.unwrap_or(Path::new("."));
    let options = crate::config::LoadOptions { report_dropped: true, ..config.load.clone() };
    let loaded = load::load_paths(&config, base, paths, &options, site.as_ref().map(|s| s.bodies.as_ref()));
    let site_articles = site.map(|s| s.articles).unwrap_or_default();
    let wanted: HashSet<String> = loaded.articles.iter().map(|a| a.path.clone()).collect();
    let mut articles: Vec<Article> = site_articles.into_iter().filter(|a| !wanted.contains(&a.path)).collect();
    articles.extend(loaded.articles);
    let mut site = index::index(&config, articles, true);
    let mut inspected: Vec<usize> =
        (0..site.articles.len()).filter(|&i| wanted.contains(&site.articles[i].path)).collect();
    inspected.sort_by(|&a, &b| site.articles[a].order_key().cmp(&site.articles[b].order_key()));
    // The inspected bodies as their pages show them: the index's links put
    // into their blocks (they are loaded whole, never streamed).
    for &i in &inspected {
        if let Ok(blocks) = site.body(i).map(std::borrow::Cow::into_owned) {
            let article = &mut site.articles[i];
            article.blocks = blocks;
            article.links.clear();
        }
    }
    let left_out = loaded.problems.into_iter().filter(|p| p.kind == crate::model::ProblemKind::LeftOut).collect();
    Ok(Inspection { site, inspected, left_out })
}

#[derive(Serialize)]
struct JsonArticle<'a> {
    path: &'a str,
    record: Option<JsonRecord>,
    title: &'a str,
    title_derived: bool,
    slug: &'a str,
    url: &'a str,
    date: Option<String>,
    updated: Option<String>,
    authors: &'a [String],
    role: Option<&'a str>,
    topics: Vec<&'a str>,
    section: Option<&'a str>,
    lead: &'a str,
    summary: &'a str,
    source_url: Option<&'a str>,
    images: &'a [crate::model::Picture],
    draft: bool,
    blocks: Vec<JsonBlock<'a>>,
    /// Lines of a scraped page left out of the article, with why.
    dropped: &'a [crate::model::DroppedLine],
    problems: Vec<JsonProblem<'a>>,
}

/// Where a record stands in a file of many articles.
#[derive(Serialize)]
struct JsonRecord {
    number: usize,
    line: usize,
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum JsonBlock<'a> {
    Paragraph { text: &'a str },
    Figure { media: &'static str, credit: Option<&'a str>, caption: Option<&'a str>, alt: Option<&'a str> },
    Related { heading: Option<&'a str>, items: Vec<JsonRelated<'a>> },
    List { items: &'a [String] },
    Html { html: &'a str },
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    text: &'a str,
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonProblem<'a> {
    line: Option<usize>,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonLeftOut<'a> {
    path: &'a str,
    error: String,
}

impl Inspection {
    fn problems_of(&self, i: usize) -> Vec<&Problem> {
        let a = &self.site.articles[i];
        a.problems.iter().chain(self.site.problems.iter().filter(|p| p.at.path == a.path)).collect()
    }

    fn json(&self, i: usize) -> JsonArticle<'_> {
        let site = &self.site;
        let a = &site.articles[i];
        let blocks = a
            .blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph(text) => JsonBlock::Paragraph { text },
                Block::Figure(f) => JsonBlock::Figure {
                    media: f.media.as_str(),
                    credit: f.credit.as_deref(),
                    caption: f.caption.as_deref(),
                    alt: f.alt.as_deref(),
                },
                Block::Related(r) => JsonBlock::Related {
                    heading: r.heading.as_deref(),
                    items: r
                        .items
                        .iter()
                        .map(|it| JsonRelated { text: &it.text, url: it.target.map(|t| site.urls[t].as_str()) })
                        .collect(),
                },
                Block::List(l) => JsonBlock::List { items: &l.items },
                Block::Html(html) => JsonBlock::Html { html },
            })
            .collect();
        JsonArticle {
            path: &a.path,
            record: a.record.map(|r| JsonRecord { number: r.number, line: r.line }),
            title: &a.title,
            title_derived: a.title_derived,
            slug: site.slug(i),
            url: &site.urls[i],
            date: a.date.map(|d| d.machine()),
            updated: a.updated.map(|d| d.machine()),
            authors: &a.authors,
            role: a.role.as_deref(),
            topics: site.topics_of(i).map(|t| t.name.as_str()).collect(),
            section: a.section.as_deref(),
            lead: &a.lead,
            summary: a.summary(),
            source_url: a.source_url(),
            images: &a.images,
            draft: a.draft,
            blocks,
            dropped: a.dropped(),
            problems: self
                .problems_of(i)
                .into_iter()
                .map(|p| JsonProblem { line: p.at.line, message: &p.at.message })
                .collect(),
        }
    }

    /// One JSON object per line: articles, then files left out.
    pub fn write_json(&self, out: &mut impl Write) -> io::Result<()> {
        for &i in &self.inspected {
            serde_json::to_writer(&mut *out, &self.json(i))?;
            out.write_all(b"\n")?;
        }
        for p in &self.left_out {
            let error = match p.at.line {
                Some(line) => format!("line {line}: {}", p.at.message),
                None => p.at.message.clone(),
            };
            serde_json::to_writer(&mut *out, &JsonLeftOut { path: &p.at.path, error })?;
            out.write_all(b"\n")?;
        }
        Ok(())
    }

    /// A readable summary per article.
    pub fn write_text(&self, out: &mut impl Write) -> io::Result<()> {
        for &i in &self.inspected {
            let site = &self.site;
            let a = &site.articles[i];
            match a.record {
                Some(r) => writeln!(out, "{} (record {}, line {})", a.path, r.number, r.line)?,
                None => writeln!(out, "{}", a.path)?,
            }
            writeln!(out, "  title:   {}{}", a.title, if a.title_derived { "  (derived from the lead)" } else { "" })?;
            writeln!(out, "  url:     {}  (slug {})", site.urls[i], site.slug(i))?;
            writeln!(out, "  date:    {}", a.date.map_or("none".into(), |d| d.machine()))?;
            if let Some(u) = a.updated {
                writeln!(out, "  updated: {}", u.machine())?;
            }
            let authors = if a.authors.is_empty() { "none".to_string() } else { a.authors.join(", ") };
            writeln!(
                out,
                "  authors: {}{}",
                authors,
                a.role.as_deref().map(|r| format!("  (role: {r})")).unwrap_or_default()
            )?;
            let topics: Vec<&str> = site.topics_of(i).map(|t| t.name.as_str()).collect();
            writeln!(out, "  topics:  {}", if topics.is_empty() { "none".into() } else { topics.join(", ") })?;
            if let Some(section) = &a.section {
                writeln!(out, "  section: {section}")?;
            }
            if a.draft {
                writeln!(out, "  draft")?;
            }
            writeln!(out, "  blocks:")?;
            for b in &a.blocks {
                writeln!(out, "    {}", describe_block(site, b))?;
            }
            if !a.dropped().is_empty() {
                writeln!(out, "  dropped:")?;
                for d in a.dropped() {
                    let text = crate::render::views::short_description(&d.text, 60);
                    writeln!(out, "    {:>5}  {text}  ({})", d.line, d.reason)?;
                }
            }
            for p in self.problems_of(i) {
                writeln!(out, "  {p}")?;
            }
            writeln!(out)?;
        }
        for p in &self.left_out {
            writeln!(out, "{p}")?;
        }
        Ok(())
    }
}

fn describe_block(site: &Site, block: &Block) -> String {
    let short = |t: &str| crate::render::views::short_description(t, 70);
    match block {
        Block::Paragraph(t) => format!("paragraph  {}", short(t)),
        Block::Figure(f) => format!(
            "figure     {}{}{}{}",
            f.media.as_str(),
            f.credit.as_deref().map(|c| format!(" | credit: {c}")).unwrap_or_default(),
            f.caption.as_deref().map(|c| format!(" | caption: {}", short(c))).unwrap_or_default(),
            f.alt.as_deref().map(|c| format!(" | alt: {}", short(c))).unwrap_or_default(),
        ),
        Block::Related(r) => {
            let items: Vec<String> = r
                .items
                .iter()
                .map(|it| match it.target {
                    Some(t) => format!("{} -> {}", it.text, site.urls[t]),
                    // The names of "Related Internet Links" never link.
                    None if r.linkable => format!("{} (unresolved)", it.text),
                    None => it.text.clone(),
                })
                .collect();
            format!(
                "related    {}[{}]",
                r.heading.as_deref().map(|h| format!("{h}: ")).unwrap_or_default(),
                items.join("; ")
            )
        }
        Block::List(l) => format!(
            "list       {}{} items",
            l.heading.as_deref().map(|h| format!("{h}: ")).unwrap_or_default(),
            l.items.len()
        ),
        Block::Html(h) => format!("html       {} bytes", h.len()),
    }
}

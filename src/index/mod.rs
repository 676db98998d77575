//! Stage two: loaded articles → a linked [`Site`]. Every cross-article fact is
//! decided here, once, in time linear in the archive: URLs and slug
//! collisions, related headlines resolved to articles, topics merged by name,
//! sections, date periods, and the newest-first order all listings share.

pub mod pages;
pub mod periods;
mod similar;
mod topics;
pub mod urls;

pub use similar::SIMILAR;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{Config, PermalinkValues};
use crate::date::Timestamp;
use crate::model::{Article, Block, BodySource, LinkRun, Problem, ProblemKind, Related, RelatedItem};
use crate::slug::{slugify, title_key};

/// The archive, indexed. Articles keep their load order (by path); every
/// other list refers to them by index.
#[derive(Debug, Default)]
pub struct Site {
    pub articles: Vec<Article>,
    /// Site path of each article's page (`/articles/x/`), index-aligned.
    pub urls: Vec<String>,
    /// The slugs that got a collision suffix (`-2`), by article; every other
    /// article's is its own (see [`Site::slug`]).
    pub renamed: HashMap<usize, String>,
    /// Articles newest first: dated ones by date, then undated ones by path.
    pub newest_first: Vec<usize>,
    /// Position of each article in `newest_first`.
    pub position: Vec<usize>,
    /// Topics sorted by name, case-insensitively.
    pub topics: Vec<Topic>,
    /// Topic ids of each article, in the article's order.
    pub article_topics: Vec<Vec<usize>>,
    /// Authors sorted by surname.
    pub authors: Vec<Author>,
    /// Author ids of each article, in the byline's order.
    pub article_authors: Vec<Vec<usize>>,
    /// For each article, the articles that share its rarest topics, the
    /// most alike first ("More like this").
    pub similar: Vec<Vec<u32>>,
    /// How long finding them took (part of indexing), for the report.
    pub similar_took: std::time::Duration,
    pub sections: Vec<Section>,
    /// Years newest first, each with its months newest first.
    pub years: Vec<Year>,
    /// For each day of the calendar ([`periods::calendar`]), a few articles
    /// of each year published on it, newest first ("on this day").
    pub on_this_day: Vec<Vec<usize>>,
    /// Problems found while indexing (collisions, unresolved headlines).
    pub problems: Vec<Problem>,
    /// Where streamed bodies are read again (see [`Site::body`]).
    pub bodies: Bodies,
}

/// The source of streamed bodies, when articles came from files.
#[derive(Clone, Default)]
pub struct Bodies(pub Option<Arc<dyn BodySource>>);

impl std::fmt::Debug for Bodies {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() { "Bodies(files)" } else { "Bodies(none)" })
    }
}

#[derive(Debug, Clone)]
pub struct Topic {
    /// The most frequent spelling.
    pub name: String,
    pub slug: String,
    /// Site path of its page (`/topics/<slug>/`).
    pub url: String,
    /// Newest first.
    pub articles: Vec<usize>,
    pub description: Option<String>,
}

/// A person who signed articles.
#[derive(Debug, Clone)]
pub struct Author {
    /// The most frequent spelling.
    pub name: String,
    pub slug: String,
    /// Site path of the author's page (`/authors/<slug>/`).
    pub url: String,
    /// Newest first.
    pub articles: Vec<usize>,
    /// The roles of the author's bylines, with how many articles give each,
    /// most frequent first.
    pub roles: Vec<(String, usize)>,
}

#[derive(Debug, Clone)]
pub struct Section {
    /// The folder's name under `content/`.
    pub folder: String,
    /// The folder's name made readable (`world-news` → `World news`).
    pub name: String,
    pub slug: String,
    /// Site path of its listing (`/<slug>/`).
    pub url: String,
    pub articles: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Year {
    pub year: i32,
    /// Site path of its page (`/archive/2021/`).
    pub url: String,
    pub articles: Vec<usize>,
    pub months: Vec<Month>,
}

#[derive(Debug, Clone)]
pub struct Month {
    pub month: u8,
    /// Site path of its listing (`/archive/2021/03/`).
    pub url: String,
    pub articles: Vec<usize>,
    /// Newest first.
    pub days: Vec<Day>,
}

#[derive(Debug, Clone)]
pub struct Day {
    pub day: u8,
    /// Site path of its listing (`/archive/2021/03/04/`).
    pub url: String,
    pub articles: Vec<usize>,
}

impl Site {
    /// How many articles have no date: those in no year. Years are few, so
    /// this is cheap enough for every archive page (thousands at 100,000
    /// articles) where counting over the articles was not.
    pub fn undated(&self) -> usize {
        self.articles.len() - self.years.iter().map(|y| y.articles.len()).sum::<usize>()
    }

    /// The article's slug, with its collision suffix if it got one.
    pub fn slug(&self, article: usize) -> &str {
        self.renamed.get(&article).unwrap_or(&self.articles[article].slug)
    }

    /// The index of the article's section in `sections`, if it is in one.
    /// Sections are a site's few top-level folders: a scan is cheapest.
    pub fn section_of(&self, article: usize) -> Option<usize> {
        let folder = self.articles[article].section.as_deref()?;
        self.sections.iter().position(|s| s.folder == folder)
    }

    /// The article's topics.
    pub fn topics_of(&self, article: usize) -> impl Iterator<Item = &Topic> {
        self.article_topics[article].iter().map(|&t| &self.topics[t])
    }

    /// Reads the whole body of streamed articles from `source` (see
    /// [`Article::streamed`]).
    pub fn with_bodies(mut self, source: Arc<dyn BodySource>) -> Site {
        self.bodies = Bodies(Some(source));
        self
    }

    /// The article's whole body, with the index's links put in: its
    /// blocks, or for a streamed body, the file read again.
    pub fn body(&self, i: usize) -> Result<Cow<'_, [Block]>, Problem> {
        let article = &self.articles[i];
        let changed = || Problem::changed(&article.path);
        let mut blocks = if article.streamed {
            let fresh = self.bodies.0.as_ref().ok_or_else(changed)?.reread(article)?;
            if fresh.content_hash != article.content_hash {
                return Err(changed());
            }
            fresh.blocks
        } else if article.links.is_empty() {
            return Ok(Cow::Borrowed(&article.blocks));
        } else {
            article.blocks.clone()
        };
        apply_links(&mut blocks, &article.links).ok_or_else(changed)?;
        Ok(Cow::Owned(blocks))
    }
}

/// Links the loaded articles. Drafts are left out unless `drafts`.
pub fn index(config: &Config, mut articles: Vec<Article>, drafts: bool) -> Site {
    articles.retain(|a| drafts || !a.draft);
    articles.sort_by(|a, b| a.order_key().cmp(&b.order_key()));
    let mut problems = Vec::new();

    let newest_first = newest_first(&articles);
    let mut position = vec![0; articles.len()];
    for (pos, &i) in newest_first.iter().enumerate() {
        position[i] = pos;
    }
    let sections = sections(&articles, &newest_first);
    let earliest_first = earliest_first(&articles);
    let (urls, renamed) = assign_urls(config, &articles, &earliest_first, &sections, &mut problems);
    resolve_related(&mut articles, &earliest_first, &mut problems);
    let (topics, article_topics) = topics::topics(config, &articles, &newest_first);
    let (authors, article_authors) = topics::authors(&articles, &newest_first);
    let years = periods::years(&articles, &newest_first);
    let on_this_day = periods::on_this_day(&articles, &newest_first);
    let started = std::time::Instant::now();
    let similar = similar::similar(&articles, &topics, &article_topics, &position);
    let similar_took = started.elapsed();
    problems.sort();
    Site {
        articles,
        urls,
        renamed,
        newest_first,
        position,
        topics,
        article_topics,
        authors,
        article_authors,
        similar,
        similar_took,
        sections,
        years,
        on_this_day,
        problems,
        bodies: Bodies::default(),
    }
}

/// Dated articles by date (newest first, ties by path), then undated by path.
fn newest_first(articles: &[Article]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..articles.len()).collect();
    order.par_sort_by(|&a, &b| {
        let (x, y) = (&articles[a], &articles[b]);
        match (x.date, y.date) {
            (Some(dx), Some(dy)) => dy.cmp(&dx).then_with(|| x.order_key().cmp(&y.order_key())),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => x.order_key().cmp(&y.order_key()),
        }
    });
    order
}

/// Oldest first, undated last, then by path: who keeps a contested slug or
/// title.
fn earliest_first(articles: &[Article]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..articles.len()).collect();
    let key = |a: &Article| {
        (a.date.is_none(), a.date.unwrap_or(Timestamp::from_date(crate::date::Date { year: 0, month: 1, day: 1 })))
    };
    order.par_sort_by(|&a, &b| {
        key(&articles[a]).cmp(&key(&articles[b])).then_with(|| articles[a].order_key().cmp(&articles[b].order_key()))
    });
    order
}

/// Each article's permalink. When two articles would share one, the later
/// (by date, then path) gets `-2`, `-3`… on its slug, and a warning says so.
fn assign_urls(
    config: &Config,
    articles: &[Article],
    earliest_first: &[usize],
    sections: &[Section],
    problems: &mut Vec<Problem>,
) -> (Vec<String>, HashMap<usize, String>) {
    let mut taken: HashSet<String> = urls::RESERVED.iter().map(|s| s.to_string()).collect();
    taken.extend(sections.iter().map(|s| s.url.clone()));
    let mut next_suffix: HashMap<String, usize> = HashMap::new();
    let mut urls = vec![String::new(); articles.len()];
    let mut renamed = HashMap::new();
    for &i in earliest_first {
        let article = &articles[i];
        let expand = |slug: &str| {
            config.permalink.expand(&PermalinkValues {
                slug,
                date: article.date.map(|d| d.date),
                section: article.section.as_deref(),
                stem: &article.stem,
            })
        };
        let wanted = expand(&article.slug);
        let mut url = wanted.clone();
        if taken.contains(&url) {
            let suffix = next_suffix.entry(wanted.clone()).or_insert(2);
            let mut slug;
            loop {
                slug = format!("{}-{}", article.slug, suffix);
                url = expand(&slug);
                *suffix += 1;
                if !taken.contains(&url) {
                    break;
                }
            }
            renamed.insert(i, slug);
            problems.push(Problem::new(
                &article.path,
                None,
                ProblemKind::SlugCollision,
                format!("its URL {wanted} is taken by an earlier article, so it is at {url}; set a distinct slug in front matter, or use permalink = \"/articles/{{stem}}/\" for URLs that never shift"),
            ));
        }
        taken.insert(url.clone());
        urls[i] = url;
    }
    (urls, renamed)
}

/// Links every related headline to the article whose title it folds to
/// (the earliest such article; drafts never): a bullet run with a headline
/// that names one is related stories. The loaded blocks are left as they
/// are, so that the server can index the same articles again.
fn resolve_related(articles: &mut [Article], earliest_first: &[usize], problems: &mut Vec<Problem>) {
    let mut by_title: HashMap<u64, u32> = HashMap::with_capacity(articles.len());
    for &i in earliest_first {
        if !articles[i].draft {
            by_title.entry(title_key(&articles[i].title)).or_insert(i as u32);
        }
    }
    let found: Vec<Option<Problem>> = articles
        .par_iter_mut()
        .map(|article| {
            for item in article.links.iter_mut().flat_map(|run| run.items.iter_mut()) {
                item.target = by_title.get(&item.key).copied();
            }
            unresolved(article)
        })
        .collect();
    problems.extend(found.into_iter().flatten());
}

/// One problem for all of an article's related headlines that name no
/// article: a scrape whose links lead out of the archive has more of them
/// than articles. Their text is not kept (see [`LinkRun`]); `gazette
/// inspect` shows it.
fn unresolved(article: &Article) -> Option<Problem> {
    let lines: Vec<Option<u32>> = article
        .links
        .iter()
        .filter(|run| run.is_related())
        .flat_map(|run| run.items.iter().filter(|i| i.target.is_none()).map(|i| i.line))
        .collect();
    let first = *lines.first()?;
    let mut numbers: Vec<String> = lines.iter().flatten().map(u32::to_string).collect();
    numbers.dedup();
    let message = match (lines.len(), numbers.len()) {
        (1, _) => "a related headline matches no article title; it is shown as plain text".to_string(),
        (n, 0 | 1) => format!("{n} related headlines match no article title; they are shown as plain text"),
        (n, _) => format!(
            "{n} related headlines (lines {}) match no article title; they are shown as plain text",
            numbers.join(", ")
        ),
    };
    let message = format!("{message} (`gazette inspect {}` shows its headlines)", article.path);
    Some(Problem::new(&article.path, first.map(|l| l as usize), ProblemKind::UnresolvedRelated, message))
}

/// Puts the index's links into loaded blocks: a run's targets into its
/// aside, and a bullet run that names an article made an aside. `None`
/// when a run's block is not where it stood when loaded.
fn apply_links(blocks: &mut [Block], links: &[LinkRun]) -> Option<()> {
    for run in links {
        let slot = blocks.get_mut(run.position as usize)?;
        let target = |k: usize| run.items.get(k).and_then(|i| i.target).map(|t| t as usize);
        match slot {
            Block::Related(related) if !run.bullets && related.linkable => {
                related.items.iter_mut().enumerate().for_each(|(k, item)| item.target = target(k));
            }
            Block::List(list) if run.bullets && list.may_be_related => {
                if !run.is_related() {
                    continue;
                }
                let items = std::mem::take(&mut list.items)
                    .into_iter()
                    .enumerate()
                    .map(|(k, text)| RelatedItem { text, target: target(k), line: list.lines.get(k).copied() })
                    .collect();
                *slot = Block::Related(Related { heading: list.heading.take(), items, linkable: true });
            }
            _ => return None,
        }
    }
    Some(())
}

/// One section per top-level folder of `content/`.
fn sections(articles: &[Article], newest_first: &[usize]) -> Vec<Section> {
    let mut by_folder: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for &i in newest_first {
        if let Some(folder) = &articles[i].section {
            by_folder.entry(folder).or_default().push(i);
        }
    }
    let mut slugs_taken = HashSet::new();
    by_folder
        .into_iter()
        .map(|(folder, articles)| {
            let base = Some(slugify(folder)).filter(|s| !s.is_empty()).unwrap_or_else(|| "section".into());
            let mut slug = base.clone();
            let mut n = 2;
            while !slugs_taken.insert(slug.clone()) {
                slug = format!("{base}-{n}");
                n += 1;
            }
            Section { folder: folder.to_string(), name: readable(folder), url: urls::section(&slug), slug, articles }
        })
        .collect()
}

/// `world-news` → `World news`.
fn readable(folder: &str) -> String {
    let spaced = folder.replace(['-', '_'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;

    fn article(path: &str, title: &str, date: Option<(i32, u8, u8)>, topics: &[&str]) -> Article {
        Article {
            path: path.into(),
            stem: path.into(),
            title: title.into(),
            slug: slugify(title),
            date: date.map(|(y, m, d)| Timestamp::from_date(Date::new(y, m, d).unwrap())),
            topics: topics.iter().map(|t| t.to_string()).collect(),
            ..Article::default()
        }
    }

    fn config() -> Config {
        Config::parse(std::path::Path::new("."), "").unwrap()
    }

    #[test]
    fn undated_counts_the_articles_in_no_year() {
        let site = index(
            &config(),
            vec![
                article("a.txt", "A", Some((2021, 1, 2)), &[]),
                article("b.txt", "B", None, &[]),
                article("c.txt", "C", Some((2019, 5, 6)), &[]),
                article("d.txt", "D", None, &[]),
            ],
            false,
        );
        assert_eq!(site.undated(), 2);
    }

    #[test]
    fn later_article_gets_the_suffix() {
        let site = index(
            &config(),
            vec![
                article("b.txt", "Same", Some((2020, 1, 1)), &["x"]),
                article("a.txt", "Same", Some((2021, 1, 1)), &["x"]),
                article("c.txt", "Same", None, &["x"]),
            ],
            false,
        );
        assert_eq!(site.urls, vec!["/articles/same-2/", "/articles/same/", "/articles/same-3/"]);
        assert_eq!(site.problems.iter().filter(|p| p.kind == ProblemKind::SlugCollision).count(), 2);
    }

    #[test]
    fn topics_merge_by_case_and_spacing() {
        let site = index(
            &config(),
            vec![
                article("a.txt", "A", Some((2020, 1, 1)), &["Calais migrant crisis"]),
                article("b.txt", "B", Some((2021, 1, 1)), &["calais  Migrant crisis"]),
                article("c.txt", "C", None, &["Calais migrant crisis", "Fishing"]),
            ],
            false,
        );
        assert_eq!(site.topics.len(), 2);
        assert_eq!(site.topics[0].name, "Calais migrant crisis");
        assert_eq!(site.topics[0].slug, "calais-migrant-crisis");
        assert_eq!(site.topics[0].articles, vec![1, 0, 2]);
    }
}

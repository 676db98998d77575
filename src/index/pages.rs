//! Which pages the site has, and where each one is written. Planning all of
//! them before rendering lets the build report every output-path collision
//! at once, before anything is written.

use std::borrow::Cow;
use std::hash::BuildHasher;

use rayon::prelude::*;

use super::Site;
use super::urls::{self, page_count};
use crate::config::Config;

/// One HTML page of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<'a> {
    /// Site path of the page (`/topics/x/page/2/`, or `/404.html`). An
    /// article's is borrowed from the site's list of URLs: there are a
    /// million of them in the largest archives.
    pub url: Cow<'a, str>,
    pub kind: PageKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    Article(usize),
    Home,
    TopicsIndex,
    Topic {
        topic: usize,
        page: usize,
    },
    Archive {
        page: usize,
    },
    Year {
        year: usize,
    },
    Month {
        year: usize,
        month: usize,
        page: usize,
    },
    Day {
        year: usize,
        month: usize,
        day: usize,
        page: usize,
    },
    AuthorsIndex,
    Author {
        author: usize,
        page: usize,
    },
    Section {
        section: usize,
        page: usize,
    },
    Search,
    NotFound,
    /// A redirect from an old URL (front matter `aliases`) to an article.
    Alias {
        article: usize,
    },
}

impl Page<'_> {
    /// The file this page is written to, relative to the output folder.
    pub fn file(&self) -> String {
        crate::paths::file_of(&self.url)
    }
}

/// Every page of the site, in a stable order.
pub fn plan<'a>(config: &Config, site: &'a Site) -> Vec<Page<'a>> {
    let per = config.paginate_by;
    let mut pages = Vec::with_capacity(site.articles.len() + site.topics.len() + 64);
    let mut push = |url: Cow<'a, str>, kind: PageKind| pages.push(Page { url, kind });
    // Page `n` of each listing of `count` articles at `base`.
    let mut listing = |base: &str, count: usize, kind: &dyn Fn(usize) -> PageKind| {
        for n in 1..=page_count(count, per) {
            push(urls::page(base, n).into(), kind(n));
        }
    };
    listing(urls::HOME, 1, &|_| PageKind::Home);
    listing(urls::TOPICS, 1, &|_| PageKind::TopicsIndex);
    listing(urls::AUTHORS, 1, &|_| PageKind::AuthorsIndex);
    if config.search {
        listing(urls::SEARCH, 1, &|_| PageKind::Search);
    }
    listing(urls::NOT_FOUND, 1, &|_| PageKind::NotFound);
    listing(urls::ARCHIVE, site.articles.len(), &|page| PageKind::Archive { page });
    for (y, year) in site.years.iter().enumerate() {
        listing(&year.url, 1, &|_| PageKind::Year { year: y });
        for (m, month) in year.months.iter().enumerate() {
            listing(&month.url, month.articles.len(), &|page| PageKind::Month { year: y, month: m, page });
            for (d, day) in month.days.iter().enumerate() {
                listing(&day.url, day.articles.len(), &|page| PageKind::Day { year: y, month: m, day: d, page });
            }
        }
    }
    for (t, topic) in site.topics.iter().enumerate() {
        listing(&topic.url, topic.articles.len(), &|page| PageKind::Topic { topic: t, page });
    }
    for (a, author) in site.authors.iter().enumerate() {
        listing(&author.url, author.articles.len(), &|page| PageKind::Author { author: a, page });
    }
    for (s, section) in site.sections.iter().enumerate() {
        listing(&section.url, section.articles.len(), &|page| PageKind::Section { section: s, page });
    }
    for (i, url) in site.urls.iter().enumerate() {
        push(url.into(), PageKind::Article(i));
        for alias in site.articles[i].aliases().iter().filter_map(|a| clean_alias(a)) {
            push(alias.into(), PageKind::Alias { article: i });
        }
    }
    pages
}

/// An alias as a safe site path: absolute, no `..`, no query or fragment.
pub fn clean_alias(alias: &str) -> Option<String> {
    let path = alias.trim();
    let path = path.split(['?', '#']).next().unwrap_or("");
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    if segments.is_empty() || segments.iter().any(|s| *s == ".." || *s == "." || s.contains(['\\', '"', '<', '>'])) {
        return None;
    }
    let mut out = format!("/{}", segments.join("/"));
    if path.ends_with('/') || !segments.last().is_some_and(|s| s.contains('.')) {
        out.push('/');
    }
    Some(out)
}

/// Pages that would be written to the same file, with what each one is.
pub fn collisions(site: &Site, pages: &[Page]) -> Vec<String> {
    // Pages by a hash of their file, 16 bytes a page: a map of the files
    // themselves took 250 MB more at a million articles.
    let file_hash = |(k, page): (usize, &Page)| (rustc_hash::FxBuildHasher.hash_one(page.file()), k);
    let mut hashed: Vec<(u64, usize)> = pages.par_iter().enumerate().map(file_hash).collect();
    hashed.par_sort_unstable();
    let mut messages = Vec::new();
    for run in hashed.chunk_by(|a, b| a.0 == b.0).filter(|run| run.len() > 1) {
        let mut files: Vec<(String, usize)> = run.iter().map(|&(_, k)| (pages[k].file(), k)).collect();
        files.sort();
        for same in files.chunk_by(|a, b| a.0 == b.0).filter(|same| same.len() > 1) {
            let what: Vec<String> = same.iter().map(|&(_, k)| describe(site, &pages[k])).collect();
            messages.push(format!("{} would be written by {}", same[0].0, what.join(" and by ")));
        }
    }
    messages.sort();
    messages
}

fn describe(site: &Site, page: &Page) -> String {
    match page.kind {
        PageKind::Article(i) => format!("the article {}", site.articles[i].path),
        PageKind::Alias { article } => format!("an alias of {}", site.articles[article].path),
        PageKind::Section { section, .. } => {
            format!("the section content/{}/", site.sections[section].folder)
        }
        PageKind::Topic { topic, .. } => format!("the topic {:?}", site.topics[topic].name),
        PageKind::Author { author, .. } => format!("the author {:?}", site.authors[author].name),
        other => format!("the built-in page {other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_stay_inside() {
        assert_eq!(clean_alias("/old/story/"), Some("/old/story/".into()));
        assert_eq!(clean_alias("old/story.html"), Some("/old/story.html".into()));
        assert_eq!(clean_alias("/../../etc/"), None);
        assert_eq!(clean_alias("/"), None);
    }
}

//! Which pages the site has, and where each one is written. Planning all of
//! them before rendering lets the build report every output-path collision
//! at once, before anything is written.

use std::collections::HashMap;

use crate::config::Config;
use crate::index::Site;

/// One HTML page of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Site path of the page (`/topics/x/page/2/`, or `/404.html`).
    pub url: String,
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

impl Page {
    /// The file this page is written to, relative to the output folder.
    pub fn file(&self) -> String {
        file_of(&self.url)
    }
}

/// `/articles/x/` → `articles/x/index.html`; `/old.html` stays a file.
pub fn file_of(url: &str) -> String {
    let rel = url.trim_start_matches('/');
    if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else if rel.rsplit('/').next().is_some_and(|last| last.contains('.')) {
        rel.to_string()
    } else {
        format!("{rel}/index.html")
    }
}

/// Number of pages a listing of `n` items needs (at least one).
pub fn page_count(n: usize, per_page: usize) -> usize {
    n.div_ceil(per_page).max(1)
}

/// Every page of the site, in a stable order.
pub fn plan(config: &Config, site: &Site) -> Vec<Page> {
    let per = config.paginate_by;
    let mut pages = Vec::with_capacity(site.articles.len() + site.topics.len() + 64);
    let mut push = |url: String, kind: PageKind| pages.push(Page { url, kind });
    push("/".into(), PageKind::Home);
    push("/topics/".into(), PageKind::TopicsIndex);
    if config.search {
        push("/search/".into(), PageKind::Search);
    }
    push("/404.html".into(), PageKind::NotFound);
    for page in 1..=page_count(site.articles.len(), per) {
        push(crate::render::views::page_path("/archive/", page), PageKind::Archive { page });
    }
    for (y, year) in site.years.iter().enumerate() {
        push(format!("/archive/{:04}/", year.year), PageKind::Year { year: y });
        for (m, month) in year.months.iter().enumerate() {
            let base = format!("/archive/{:04}/{:02}/", year.year, month.month);
            for page in 1..=page_count(month.articles.len(), per) {
                push(crate::render::views::page_path(&base, page), PageKind::Month { year: y, month: m, page });
            }
        }
    }
    for (t, topic) in site.topics.iter().enumerate() {
        let base = site.topic_url(t);
        for page in 1..=page_count(topic.articles.len(), per) {
            push(crate::render::views::page_path(&base, page), PageKind::Topic { topic: t, page });
        }
    }
    for (s, section) in site.sections.iter().enumerate() {
        let base = format!("/{}/", section.slug);
        for page in 1..=page_count(section.articles.len(), per) {
            push(crate::render::views::page_path(&base, page), PageKind::Section { section: s, page });
        }
    }
    for (i, url) in site.urls.iter().enumerate() {
        push(url.clone(), PageKind::Article(i));
        for alias in &site.articles[i].aliases {
            if let Some(alias) = clean_alias(alias) {
                push(alias, PageKind::Alias { article: i });
            }
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
pub fn collisions(config: &Config, site: &Site, pages: &[Page]) -> Vec<String> {
    let mut by_file: HashMap<String, Vec<&Page>> = HashMap::with_capacity(pages.len());
    for page in pages {
        by_file.entry(page.file()).or_default().push(page);
    }
    let mut messages: Vec<String> = by_file
        .into_iter()
        .filter(|(_, pages)| pages.len() > 1)
        .map(|(file, pages)| {
            let what: Vec<String> = pages.iter().map(|p| describe(config, site, p)).collect();
            format!("{file} would be written by {}", what.join(" and by "))
        })
        .collect();
    messages.sort();
    messages
}

fn describe(_config: &Config, site: &Site, page: &Page) -> String {
    match page.kind {
        PageKind::Article(i) => format!("the article {}", site.articles[i].path),
        PageKind::Alias { article } => format!("an alias of {}", site.articles[article].path),
        PageKind::Section { section, .. } => {
            format!("the section content/{}/", site.sections[section].folder)
        }
        PageKind::Topic { topic, .. } => format!("the topic {:?}", site.topics[topic].name),
        other => format!("the built-in page {other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_of_urls() {
        assert_eq!(file_of("/"), "index.html");
        assert_eq!(file_of("/articles/x/"), "articles/x/index.html");
        assert_eq!(file_of("/404.html"), "404.html");
        assert_eq!(file_of("/old/path"), "old/path/index.html");
    }

    #[test]
    fn aliases_stay_inside() {
        assert_eq!(clean_alias("/old/story/"), Some("/old/story/".into()));
        assert_eq!(clean_alias("old/story.html"), Some("/old/story.html".into()));
        assert_eq!(clean_alias("/../../etc/"), None);
        assert_eq!(clean_alias("/"), None);
    }

    #[test]
    fn pagination_counts() {
        assert_eq!(page_count(0, 20), 1);
        assert_eq!(page_count(20, 20), 1);
        assert_eq!(page_count(21, 20), 2);
    }
}

//! The whole pipeline, as `gazette build` runs it: templates are checked
//! first, then load → index → render → write, and the output is swapped in
//! only when every stage succeeded.

use std::fmt;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::{Config, ConfigError};
use crate::index::Site;
use crate::model::{Problem, Severity};
use crate::render::Renderer;
use crate::render::pages::{self, Page, PageKind};
use crate::render::theme::{self, StaticSource, TemplateError};
use crate::write::feeds::{self, Entry, Feed};
use crate::write::search::{self, SearchStats};
use crate::write::sitemap::{self, SitemapUrl};
use crate::write::{Output, WriteError, WriteStats};
use crate::{index, load};

/// How to build, beyond site.toml.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Include articles with `draft = true`.
    pub drafts: bool,
    /// Fail on warnings too, before anything is written.
    pub strict: bool,
    /// Write every file, ignoring the previous output.
    pub clean: bool,
}

/// What a build did.
#[derive(Debug, Default)]
pub struct Report {
    pub files: usize,
    pub articles: usize,
    pub left_out: usize,
    pub topics: usize,
    pub pages: usize,
    pub problems: Vec<Problem>,
    pub timings: Vec<(&'static str, Duration)>,
    pub output: WriteStats,
    /// Each article page's output file and the article file it came from.
    pub article_files: Vec<(String, String)>,
    /// What search indexing did, when it is enabled.
    pub search: Option<SearchStats>,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.problems.iter().filter(|p| p.severity() == Severity::Error).count()
    }

    /// `10,000 articles (2 files left out), 200 topics -> 10,641 pages in 1.4 s`
    pub fn summary(&self, elapsed: Duration) -> String {
        format!(
            "{} articles ({} left out), {} topics -> {} pages in {:.1} s",
            thousands(self.articles),
            match self.left_out {
                1 => "1 file".to_string(),
                n => format!("{} files", thousands(n)),
            },
            thousands(self.topics),
            thousands(self.pages),
            elapsed.as_secs_f64()
        )
    }
}

/// `12345` → `12,345`
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Why a build stopped without touching the output.
#[derive(Debug)]
pub enum BuildError {
    Config(ConfigError),
    Template(TemplateError),
    /// Pages that would overwrite each other.
    Collisions(Vec<String>),
    /// `--strict` and there were problems; they are in the report.
    Strict(Report),
    Write(WriteError),
    /// Pagefind failed to index the site.
    Search(String),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Config(e) => write!(f, "{e}"),
            BuildError::Template(e) => write!(f, "{e}"),
            BuildError::Collisions(list) => {
                writeln!(f, "{} output paths would be written twice; nothing was written:", list.len())?;
                for c in list {
                    writeln!(f, "  {c}")?;
                }
                write!(f, "rename the section folders or set distinct slugs so that every page has its own path")
            }
            BuildError::Strict(report) => write!(
                f,
                "--strict: {} problems ({} errors); nothing was written",
                report.problems.len(),
                report.errors()
            ),
            BuildError::Write(e) => write!(f, "{e}; the previous output was left as it was"),
            BuildError::Search(e) => write!(f, "{e}; the previous output was left as it was"),
        }
    }
}

impl std::error::Error for BuildError {}

impl From<TemplateError> for BuildError {
    fn from(e: TemplateError) -> Self {
        BuildError::Template(e)
    }
}

impl From<WriteError> for BuildError {
    fn from(e: WriteError) -> Self {
        BuildError::Write(e)
    }
}

struct Timer {
    started: Instant,
    timings: Vec<(&'static str, Duration)>,
}

impl Timer {
    fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.timings.push((stage, now - self.started));
        self.started = now;
    }
}

/// Builds the site into `config.output_dir`.
pub fn build(config: &Config, options: &BuildOptions) -> Result<Report, BuildError> {
    let mut timer = Timer { started: Instant::now(), timings: Vec::new() };
    let tera = theme::load_templates(&config.root)?;
    let loaded = load::load_site(config);
    timer.lap("load");
    let mut problems = loaded.problems;
    problems.extend(loaded.articles.iter().flat_map(|a| a.problems.iter().cloned()));
    let files = loaded.files;
    let site = index::index(config, loaded.articles, options.drafts);
    problems.extend(site.problems.iter().cloned());
    problems.sort();
    timer.lap("index");

    let pages = pages::plan(config, &site);
    let collisions = pages::collisions(config, &site, &pages);
    if !collisions.is_empty() {
        return Err(BuildError::Collisions(collisions));
    }
    let mut report = Report {
        files,
        articles: site.articles.len(),
        left_out: problems.iter().filter(|p| p.kind == crate::model::ProblemKind::LeftOut).count(),
        topics: site.topics.len(),
        pages: pages.len(),
        problems,
        timings: Vec::new(),
        output: WriteStats::default(),
        article_files: site.urls.iter().zip(&site.articles).map(|(u, a)| (pages::file_of(u), a.path.clone())).collect(),
        search: None,
    };
    if options.strict && !report.problems.is_empty() {
        return Err(BuildError::Strict(report));
    }

    let shards = if config.search { search::plan(&site) } else { Vec::new() };
    let renderer = Renderer::new(config, &site, tera, search::bundle_urls(config, &shards));
    let output = Output::begin(&config.output_dir, options.clean)?;
    let written = write_site(config, &site, &pages, &renderer, &output, &mut timer).and_then(|()| {
        if !config.search {
            return Ok(None);
        }
        let stats = search::write_index(config, &site, &shards, &output, output.previous())
            .map_err(|e| BuildError::Search(e.to_string()))?;
        timer.lap("search");
        Ok(Some(stats))
    });
    match written {
        Ok(stats) => {
            report.search = stats;
            report.output = output.commit()?;
            timer.lap("publish");
        }
        Err(e) => {
            output.abandon();
            return Err(e);
        }
    }
    report.timings = timer.timings;
    Ok(report)
}

fn write_site(
    config: &Config,
    site: &Site,
    pages: &[Page],
    renderer: &Renderer,
    output: &Output,
    timer: &mut Timer,
) -> Result<(), BuildError> {
    pages.par_iter().try_for_each(|page| -> Result<(), BuildError> {
        let html = renderer.render(page)?;
        output.write(&page.file(), html.as_bytes())?;
        Ok(())
    })?;
    timer.lap("render");
    write_feeds(config, site, renderer, output)?;
    write_sitemap(config, site, pages, output)?;
    write_redirects(config, site, output)?;
    for (name, source) in theme::static_files(&config.root) {
        let bytes = match source {
            StaticSource::Embedded(bytes) => bytes.to_vec(),
            StaticSource::File(path) => std::fs::read(&path).map_err(|error| WriteError { path, error })?,
        };
        output.write(&name, &bytes)?;
    }
    timer.lap("write");
    Ok(())
}

/// The site feed and one feed per topic. Each article's content is rendered
/// once, however many feeds it is in.
fn write_feeds(config: &Config, site: &Site, renderer: &Renderer, output: &Output) -> Result<(), BuildError> {
    let limit = config.feed_limit;
    let mut in_feeds: Vec<usize> = site.newest_first.iter().take(limit).copied().collect();
    for topic in &site.topics {
        in_feeds.extend(topic.articles.iter().take(limit));
    }
    in_feeds.sort_unstable();
    in_feeds.dedup();
    let contents: Vec<(usize, String)> =
        in_feeds.par_iter().map(|&i| renderer.render_content(i).map(|html| (i, html))).collect::<Result<_, _>>()?;
    let content_of = |i: usize| -> String {
        contents.binary_search_by_key(&i, |(j, _)| *j).map(|k| contents[k].1.clone()).unwrap_or_default()
    };
    let base = &config.base_url;
    let entries = |ids: &[usize]| -> Vec<Entry> {
        ids.iter()
            .take(limit)
            .map(|&i| {
                let a = &site.articles[i];
                Entry {
                    title: &a.title,
                    url: base.absolute(&site.urls[i]),
                    updated: a.updated.or(a.date).map_or_else(|| feeds::UNDATED.to_string(), |d| d.rfc3339()),
                    published: a.date.map(|d| d.rfc3339()),
                    authors: &a.authors,
                    categories: site.topics_of(i).map(|t| t.name.as_str()).collect(),
                    summary: &a.summary,
                    content_html: content_of(i),
                }
            })
            .collect()
    };
    let site_feed = Feed {
        title: &config.title,
        subtitle: &config.description,
        self_url: base.absolute("/atom.xml"),
        page_url: base.absolute("/"),
        language: &config.language,
        default_author: &config.title,
        entries: entries(&site.newest_first),
    };
    output.write("atom.xml", &site_feed.to_xml())?;
    site.topics.par_iter().enumerate().try_for_each(|(t, topic)| -> Result<(), BuildError> {
        let url = site.topic_url(t);
        let title = format!("{} — {}", topic.name, config.title);
        let feed = Feed {
            title: &title,
            subtitle: topic.description.as_deref().unwrap_or(""),
            self_url: base.absolute(&format!("{url}atom.xml")),
            page_url: base.absolute(&url),
            language: &config.language,
            default_author: &config.title,
            entries: entries(&topic.articles),
        };
        output.write(&format!("{}atom.xml", url.trim_start_matches('/')), &feed.to_xml())?;
        Ok(())
    })
}

/// Every HTML page except redirects and the 404 page, with the article's
/// last change as `lastmod`.
fn write_sitemap(config: &Config, site: &Site, pages: &[Page], output: &Output) -> Result<(), BuildError> {
    let base = &config.base_url;
    let urls: Vec<SitemapUrl> = pages
        .iter()
        .filter(|p| !matches!(p.kind, PageKind::Alias { .. } | PageKind::NotFound))
        .map(|p| SitemapUrl {
            loc: base.absolute(&p.url),
            lastmod: match p.kind {
                PageKind::Article(i) => site.articles[i].updated.or(site.articles[i].date).map(|d| d.machine()),
                _ => None,
            },
        })
        .collect();
    for (name, bytes) in sitemap::sitemaps(&urls, |name| base.absolute(&format!("/{name}"))) {
        output.write(&name, &bytes)?;
    }
    output.write("robots.txt", sitemap::robots(&base.absolute("/sitemap.xml")).as_bytes())?;
    Ok(())
}

/// `_redirects` (Netlify, Cloudflare Pages): one line per alias.
fn write_redirects(config: &Config, site: &Site, output: &Output) -> Result<(), BuildError> {
    let mut lines = Vec::new();
    for (i, article) in site.articles.iter().enumerate() {
        for alias in article.aliases.iter().filter_map(|a| pages::clean_alias(a)) {
            lines.push(format!("{} {} 301", config.base_url.link(&alias), config.base_url.link(&site.urls[i])));
        }
    }
    lines.sort();
    if !lines.is_empty() {
        lines.push(String::new());
        output.write("_redirects", lines.join("\n").as_bytes())?;
    }
    Ok(())
}

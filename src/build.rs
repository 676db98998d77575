//! The whole pipeline, as `gazette build` runs it: templates are checked
//! first, then load → index → render → write, and the output is swapped in
//! only when every stage succeeded.

use std::collections::HashMap;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use tera::Tera;

use crate::config::{Config, ConfigError};
use crate::index::Site;
use crate::load::ArticleCache;
use crate::model::{Problem, Severity};
use crate::render::pages::{self, Page, PageKind};
use crate::render::theme::{self, StaticSource, TemplateError};
use crate::render::{self, Renderer};
use crate::write::feeds::{self, Entry, Feed};
use crate::write::manifest::Manifest;
use crate::write::search::{self, SearchStats};
use crate::write::sitemap::{self, SitemapUrl};
use crate::write::{Output, Sink, WriteError, WriteStats};
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
    /// Show a progress bar while pages render (for a terminal).
    pub progress: bool,
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
    /// Pages rendered (the others had not changed).
    pub rendered: usize,
}

impl Report {
    /// The report of a build of `site`, before anything is written.
    pub(crate) fn new(files: usize, site: &Site, load_problems: Vec<Problem>) -> Report {
        let mut problems = load_problems;
        problems.extend(site.articles.iter().flat_map(|a| a.problems.iter().cloned()));
        problems.extend(site.problems.iter().cloned());
        problems.sort();
        Report {
            files,
            articles: site.articles.len(),
            left_out: problems.iter().filter(|p| p.kind == crate::model::ProblemKind::LeftOut).count(),
            topics: site.topics.len(),
            problems,
            article_files: site
                .urls
                .iter()
                .zip(&site.articles)
                .map(|(u, a)| (pages::file_of(u), a.path.clone()))
                .collect(),
            ..Report::default()
        }
    }

    pub fn errors(&self) -> usize {
        self.problems.iter().filter(|p| p.severity() == Severity::Error).count()
    }

    /// `10,000 articles (2 files left out), 200 topics -> 10,641 pages in 1.4 s`
    pub fn summary(&self, elapsed: Duration) -> String {
        format!(
            "{} ({} left out), {} -> {} in {:.1} s",
            count(self.articles, "article"),
            count(self.left_out, "file"),
            count(self.topics, "topic"),
            count(self.pages, "page"),
            elapsed.as_secs_f64()
        )
    }
}

/// `1 topic`, `12,345 topics`
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{} {noun}s", thousands(n)) }
}

/// `12345` → `12,345`
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
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
    Strict(Box<Report>),
    Write(WriteError),
    /// Pagefind failed to index the site.
    Search(String),
    /// A streamed article could not be read again.
    Changed(Problem),
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
            BuildError::Changed(p) => write!(f, "{p}; the previous output was left as it was"),
        }
    }
}

impl std::error::Error for BuildError {}

impl From<render::RenderError> for BuildError {
    fn from(e: render::RenderError) -> Self {
        match e {
            render::RenderError::Template(t) => BuildError::Template(t),
            render::RenderError::Reread(p) => BuildError::Changed(p),
        }
    }
}

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

/// Stage timings, for `-v`.
pub(crate) struct Timer {
    started: Instant,
    pub(crate) timings: Vec<(&'static str, Duration)>,
}

impl Timer {
    pub(crate) fn start() -> Timer {
        Timer { started: Instant::now(), timings: Vec::new() }
    }

    pub(crate) fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.timings.push((stage, now - self.started));
        self.started = now;
    }
}

/// Feeds written together, sharing their articles' rendered contents.
const FEED_GROUP: usize = 16;

/// Builds the site into `config.output_dir`. Pages whose inputs did not
/// change since the last build (by the manifest beside the output folder)
/// are not rendered again, and files whose bytes did not change keep their
/// mtime; `clean` rewrites everything.
pub fn build(config: &Config, options: &BuildOptions) -> Result<Report, BuildError> {
    let mut timer = Timer::start();
    let (mut tera, templates) = theme::load_templates(&config.root)?;
    let cache = ArticleCache::path_for(&config.output_dir);
    let loaded = load::load_site_cached(config, (!options.clean).then_some(cache.as_path()));
    timer.lap("load");
    let files = loaded.files;
    let site = index::index(config, loaded.articles, options.drafts);
    timer.lap("index");
    let mut report = Report::new(files, &site, loaded.problems);
    let pages = plan_pages(config, &site)?;
    report.pages = pages.len();
    if options.strict && !report.problems.is_empty() {
        return Err(BuildError::Strict(Box::new(report)));
    }

    let manifest_path = Manifest::path_for(&config.output_dir);
    let previous = if options.clean { Manifest::default() } else { Manifest::load(&manifest_path) };
    let output = Output::begin(&config.output_dir, options.clean, previous.outputs.clone())?;
    let progress = if options.progress { ProgressBar::new(pages.len() as u64) } else { ProgressBar::hidden() };
    progress.set_style(
        ProgressStyle::with_template("{prefix} [{bar:30}] {human_pos}/{human_len} pages, {eta} left")
            .expect("a valid template")
            .progress_chars("=> "),
    );
    progress.set_prefix("rendering");
    let produced = produce(config, &site, &pages, &mut tera, templates, &previous, &output, &progress, &mut timer);
    progress.finish_and_clear();
    match produced {
        Ok(produced) => {
            report.search = produced.search;
            report.rendered = produced.rendered;
            let (stats, files) = output.commit()?;
            report.output = stats;
            let mut manifest = produced.manifest;
            manifest.outputs = Some(files);
            // Without its manifest the next build renders everything: slower,
            // never wrong.
            let _ = manifest.save(&manifest_path);
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

/// Every page of the site, or every output path that two pages would share.
pub(crate) fn plan_pages(config: &Config, site: &Site) -> Result<Vec<Page>, BuildError> {
    let pages = pages::plan(config, site);
    let collisions = pages::collisions(config, site, &pages);
    if collisions.is_empty() { Ok(pages) } else { Err(BuildError::Collisions(collisions)) }
}

/// What [`produce`] made.
pub(crate) struct Produced {
    pub(crate) manifest: Manifest,
    pub(crate) search: Option<SearchStats>,
    pub(crate) rendered: usize,
}

/// Renders and writes everything of `site` into `sink`: pages and feeds whose
/// fingerprint differs from `previous` (the others are kept as they are),
/// sitemap, redirects, static files and the search index.
#[allow(clippy::too_many_arguments)] // the pipeline's inputs, each needed
pub(crate) fn produce(
    config: &Config,
    site: &Site,
    pages: &[Page],
    tera: &mut Tera,
    templates: u64,
    previous: &Manifest,
    sink: &dyn Sink,
    progress: &ProgressBar,
    timer: &mut Timer,
) -> Result<Produced, BuildError> {
    let shards = if config.search { search::plan(site) } else { Vec::new() };
    let (manifest, rendered) =
        produce_pages(config, site, pages, tera, templates, &shards, previous, sink, progress, timer)?;
    // The renderer and its per-article parts are gone by now: at 100,000
    // articles Pagefind's shards need that memory.
    let search = if config.search {
        let stats = search::write_index(config, site, &shards, sink).map_err(|e| BuildError::Search(e.to_string()))?;
        timer.lap("search");
        Some(stats)
    } else {
        None
    };
    Ok(Produced { manifest, search, rendered })
}

/// Pages, feeds, sitemap, redirects and static files: everything but search.
#[allow(clippy::too_many_arguments)] // the pipeline's inputs, each needed
fn produce_pages(
    config: &Config,
    site: &Site,
    pages: &[Page],
    tera: &mut Tera,
    templates: u64,
    shards: &[search::Shard],
    previous: &Manifest,
    sink: &dyn Sink,
    progress: &ProgressBar,
    timer: &mut Timer,
) -> Result<(Manifest, usize), BuildError> {
    let base = combine(templates, render::set_site(tera, config, site));
    let renderer = Renderer::new(config, site, tera, search::bundle_urls(config, shards));
    let rendered = AtomicUsize::new(0);
    let fingerprints: Vec<(String, u64)> = pages
        .par_iter()
        .map(|page| -> Result<(String, u64), BuildError> {
            let file = page.file();
            let fingerprint = combine(base, renderer.fingerprint(page)?);
            if previous.get(&file) != Some(fingerprint) || !sink.keep(&file) {
                sink.write(&file, renderer.render(page)?.as_bytes())?;
                rendered.fetch_add(1, Ordering::Relaxed);
            }
            progress.inc(1);
            Ok((file, fingerprint))
        })
        .collect::<Result<_, _>>()?;
    timer.lap("render");
    let article_fingerprints: HashMap<usize, u64> = pages
        .iter()
        .zip(&fingerprints)
        .filter_map(|(page, (_, f))| match page.kind {
            PageKind::Article(i) => Some((i, *f)),
            _ => None,
        })
        .collect();
    let mut manifest = Manifest { files: fingerprints.into_iter().collect(), outputs: None };
    manifest.files.extend(write_feeds(config, site, &renderer, base, &article_fingerprints, previous, sink)?);
    write_sitemap(config, site, pages, sink)?;
    write_redirects(config, site, sink)?;
    for (name, source) in theme::static_files(&config.root) {
        let bytes = match source {
            StaticSource::Embedded(bytes) => bytes.to_vec(),
            StaticSource::File(path) => std::fs::read(&path).map_err(|error| WriteError { path, error })?,
        };
        sink.write(&name, &bytes)?;
    }
    timer.lap("write");
    Ok((manifest, rendered.into_inner()))
}

fn combine(a: u64, b: u64) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (a, b).hash(&mut h);
    h.finish()
}

/// The site feed and one feed per topic. A feed whose entries did not change
/// is kept; each article's content is rendered once, however many changed
/// feeds it is in. Returns the feeds' fingerprints.
fn write_feeds(
    config: &Config,
    site: &Site,
    renderer: &Renderer,
    base_fingerprint: u64,
    article_fingerprints: &HashMap<usize, u64>,
    previous: &Manifest,
    sink: &dyn Sink,
) -> Result<Vec<(String, u64)>, BuildError> {
    let limit = config.feed_limit;
    let mut feeds: Vec<(String, Option<usize>, &[usize])> = vec![("atom.xml".into(), None, &site.newest_first)];
    for (t, topic) in site.topics.iter().enumerate() {
        feeds.push((format!("{}atom.xml", site.topic_url(t).trim_start_matches('/')), Some(t), &topic.articles));
    }
    let fingerprint = |file: &str, ids: &[usize]| {
        let entries: Vec<u64> =
            ids.iter().take(limit).map(|i| article_fingerprints.get(i).copied().unwrap_or(0)).collect();
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (base_fingerprint, "feed", file, entries).hash(&mut h);
        h.finish()
    };
    let mut changed = Vec::new();
    let mut result = Vec::with_capacity(feeds.len());
    for (file, topic, ids) in &feeds {
        let f = fingerprint(file, ids);
        if previous.get(file) != Some(f) || !sink.keep(file) {
            changed.push((file.as_str(), *topic, *ids));
        }
        result.push((file.clone(), f));
    }
    // Changed feeds in groups, each article's content rendered once per group:
    // memory holds one group's contents, not every article's.
    let base = &config.base_url;
    for group in changed.chunks(FEED_GROUP) {
        let mut needed: Vec<usize> = group.iter().flat_map(|(_, _, ids)| ids.iter().take(limit).copied()).collect();
        needed.sort_unstable();
        needed.dedup();
        let contents: HashMap<usize, String> =
            needed.par_iter().map(|&i| renderer.render_content(i).map(|html| (i, html))).collect::<Result<_, _>>()?;
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
                        content_html: contents.get(&i).cloned().unwrap_or_default(),
                    }
                })
                .collect()
        };
        group.par_iter().try_for_each(|&(file, topic, ids)| -> Result<(), BuildError> {
            let (title, subtitle, page) = match topic {
                None => (config.title.clone(), config.description.as_str(), "/".to_string()),
                Some(t) => {
                    let topic = &site.topics[t];
                    let title = format!("{} — {}", topic.name, config.title);
                    (title, topic.description.as_deref().unwrap_or(""), site.topic_url(t))
                }
            };
            let feed = Feed {
                title: &title,
                subtitle,
                self_url: base.absolute(&format!("/{file}")),
                page_url: base.absolute(&page),
                language: &config.language,
                default_author: &config.title,
                entries: entries(ids),
            };
            sink.write(file, &feed.to_xml())?;
            Ok(())
        })?;
    }
    Ok(result)
}

/// Every HTML page except redirects and the 404 page, with the article's
/// last change as `lastmod`.
fn write_sitemap(config: &Config, site: &Site, pages: &[Page], output: &dyn Sink) -> Result<(), BuildError> {
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
fn write_redirects(config: &Config, site: &Site, output: &dyn Sink) -> Result<(), BuildError> {
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

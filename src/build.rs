//! The pipeline, as `gazette build` and the dev server run it: the templates
//! are checked first, then load → index → render → write, and the output is
//! published only when every stage succeeded.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::config::{Config, ConfigError};
use crate::index::Site;
use crate::index::pages::{self, Page, PageKind};
use crate::load::{self, ArticleCache};
use crate::model::{Article, Problem};
use crate::render::{self, Renderer};
use crate::report::{Report, Timer};
use crate::theme::{self, TemplateError, Templates};
use crate::write::feeds::{self, Fingerprints};
use crate::write::images::{self, Images};
use crate::write::manifest::Manifest;
use crate::write::search::{self, SearchStats};
use crate::write::{Output, Publish, Sink, WriteError, on_this_day, redirects, sitemap, static_files};

/// How to build, beyond site.toml.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Include articles with `draft = true`.
    pub drafts: bool,
    /// Fail on warnings too, before anything is written.
    pub strict: bool,
    /// Write every file, ignoring the previous output.
    pub clean: bool,
    /// Fill the report's `article_files` (for `gazette check`; a million
    /// of them is 200 MB no other build needs).
    pub article_files: bool,
}

/// Told how rendering advances, so that a terminal can draw a bar.
pub trait Progress: Sync {
    fn start(&self, _pages: usize) {}
    fn advance(&self) {}
    fn finish(&self) {}
}

/// Shows nothing.
pub struct Quiet;

impl Progress for Quiet {}

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
                write!(
                    f,
                    "give each page its own path: rename the section folder, or change the slug or the alias named above"
                )
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

/// Builds the site into `config.output_dir`. Pages whose inputs did not
/// change since the last build (by the manifest beside the output folder)
/// are not rendered again, and files whose bytes did not change keep their
/// mtime; `clean` rewrites everything.
pub fn build(config: &Config, options: &BuildOptions) -> Result<Report, BuildError> {
    build_showing(config, options, &Quiet)
}

/// [`build`], telling `progress` how rendering advances.
pub fn build_showing(config: &Config, options: &BuildOptions, progress: &dyn Progress) -> Result<Report, BuildError> {
    let mut timer = Timer::start();
    let mut templates = theme::load_templates(&config.root)?;
    let cache = ArticleCache::path_for(&config.output_dir);
    let loaded = load::load_site_cached(config, (!options.clean).then_some(cache.as_path()));
    timer.lap("load");
    timer.split_last("chrome", loaded.learning);
    let mut site = index(config, loaded.articles, options.drafts, loaded.bodies.clone());
    timer.lap("index");
    timer.split_last("similar", site.similar_took);
    // The report keeps the index's problems: a copy was 20 MB at 100,000
    // articles (every related headline that names no article is one).
    let mut problems = loaded.problems;
    problems.append(&mut site.problems);
    let (pages, images, mut report) = plan(config, &site, loaded.files, problems, options.strict)?;
    if options.article_files {
        report.article_files = Report::article_files(&site);
    }

    let manifest_path = Manifest::path_for(&config.output_dir);
    let previous = if options.clean { Manifest::default() } else { Manifest::load(&manifest_path) };
    let output = Output::begin(&config.output_dir, options.clean, previous.outputs())?;
    let pipeline = Pipeline { config, site: &site, templates: &mut templates, previous: &previous, progress, timer };
    let (report, manifest) = pipeline.run(output, &pages, &images, report)?;
    // Without its manifest the next build renders everything: slower, never wrong.
    let _ = manifest.save(&manifest_path);
    Ok(report)
}

/// Stage two, as every build runs it: the loaded articles indexed, their
/// streamed bodies read again from `files`.
pub(crate) fn index(config: &Config, articles: Vec<Article>, drafts: bool, files: Arc<load::Files>) -> Site {
    crate::index::index(config, articles, drafts).with_bodies(files)
}

/// Every page of the site, its pictures' sizes and the report of the build
/// so far; or why nothing may be written: pages that would share a file, or
/// `strict` and problems.
pub(crate) fn plan<'a>(
    config: &Config,
    site: &'a Site,
    files: usize,
    mut load_problems: Vec<Problem>,
    strict: bool,
) -> Result<(Vec<Page<'a>>, Images, Report), BuildError> {
    let pages = pages::plan(config, site);
    let collisions = pages::collisions(site, &pages);
    if !collisions.is_empty() {
        return Err(BuildError::Collisions(collisions));
    }
    let (images, picture_problems) = images::plan(config, site);
    load_problems.extend(picture_problems);
    let report = Report::new(files, site, load_problems, pages.len());
    if strict && !report.problems.is_empty() {
        return Err(BuildError::Strict(Box::new(report)));
    }
    Ok((pages, images, report))
}

/// What rendering and writing share: the site, its templates, what the last
/// build made, and where progress and stage times go.
pub(crate) struct Pipeline<'a> {
    pub(crate) config: &'a Config,
    pub(crate) site: &'a Site,
    pub(crate) templates: &'a mut Templates,
    /// The last build's fingerprints: pages whose fingerprint did not change
    /// are kept, not rendered.
    pub(crate) previous: &'a Manifest,
    pub(crate) progress: &'a dyn Progress,
    pub(crate) timer: Timer,
}

impl Pipeline<'_> {
    /// Stages three and four: renders and writes every output of the site
    /// into `sink`, then publishes it, or abandons it on the first error.
    /// Returns the finished report and the manifest of the new output.
    pub(crate) fn run<S: Publish>(
        mut self,
        sink: S,
        pages: &[Page],
        images: &Images,
        mut report: Report,
    ) -> Result<(Report, Manifest), BuildError> {
        let produced = match self.produce(&sink, pages, images) {
            Ok(produced) => produced,
            Err(e) => {
                sink.abandon();
                return Err(e);
            }
        };
        let (stats, files) = sink.publish()?;
        let pages = pages.par_iter().map(Page::file).zip(produced.pages);
        let manifest = Manifest::new(files, pages.chain(produced.others));
        self.timer.lap("publish");
        report.output = stats;
        report.rendered = produced.rendered;
        report.search = produced.search;
        report.timings = self.timer.timings;
        Ok((report, manifest))
    }

    fn produce(&mut self, sink: &dyn Sink, pages: &[Page], images: &Images) -> Result<Produced, BuildError> {
        let (config, site) = (self.config, self.site);
        // Search first: the search page carries the index's layout, and the
        // index's memory is given back before rendering takes its own.
        let (search, search_index) = if config.search {
            let (layout, stats) =
                search::write_index(config, site, sink).map_err(|e| BuildError::Search(e.to_string()))?;
            self.timer.lap("search");
            (Some(stats), search::page_data(config, &layout))
        } else {
            (None, String::new())
        };
        let base = combine(self.templates.fingerprint, render::set_site(&mut self.templates.tera, config, site));
        let renderer = Renderer::new(config, site, &self.templates.tera, &images.sets, search_index);
        let (page_fingerprints, rendered) = render_pages(&renderer, base, pages, self.previous, sink, self.progress)?;
        self.timer.lap("render");

        let mut articles = vec![None; site.articles.len()];
        for (page, fingerprint) in pages.iter().zip(&page_fingerprints) {
            if let PageKind::Article(i) = page.kind {
                articles[i] = Some(*fingerprint);
            }
        }
        let content = |i, html: bool| -> Result<feeds::Content, BuildError> {
            let html = if html { Some(renderer.render_content(i)?) } else { None };
            Ok(feeds::Content { html, image: renderer.lead_image(i) })
        };
        let fingerprints = Fingerprints { base, articles: &articles };
        let mut others = feeds::write(config, site, fingerprints, self.previous, sink, content)?;
        sitemap::write(config, site, pages, sink)?;
        redirects::write(config, site, sink)?;
        static_files::write(&config.root, sink)?;
        on_this_day::write(config, site, sink)?;
        others.extend(images::write(images, self.previous, sink)?);
        self.timer.lap("write");
        Ok(Produced { pages: page_fingerprints, others, search, rendered })
    }
}

/// What rendering and writing made.
struct Produced {
    /// The fingerprint of each page, in the order of the pages.
    pages: Vec<u64>,
    /// The fingerprints of the other files that have one (feeds, pictures).
    others: Vec<(String, u64)>,
    search: Option<SearchStats>,
    rendered: usize,
}

/// Renders and writes each page whose fingerprint differs from `previous`
/// (the others are kept as they are). Returns every page's fingerprint, in
/// the order of `pages`, and how many were rendered.
fn render_pages(
    renderer: &Renderer,
    base: u64,
    pages: &[Page],
    previous: &Manifest,
    sink: &dyn Sink,
    progress: &dyn Progress,
) -> Result<(Vec<u64>, usize), BuildError> {
    let rendered = AtomicUsize::new(0);
    progress.start(pages.len());
    let fingerprints = pages
        .par_iter()
        .map(|page| -> Result<u64, BuildError> {
            let file = page.file();
            let fingerprint = combine(base, renderer.fingerprint(page)?);
            if previous.get(&file) != Some(fingerprint) || !sink.keep(&file) {
                sink.write(&file, renderer.render(page)?.as_bytes())?;
                rendered.fetch_add(1, Ordering::Relaxed);
            }
            progress.advance();
            Ok(fingerprint)
        })
        .collect::<Result<_, _>>();
    progress.finish();
    Ok((fingerprints?, rendered.into_inner()))
}

fn combine(a: u64, b: u64) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (a, b).hash(&mut h);
    h.finish()
}

//! Stage three: pages → HTML with Tera. Each page gets a small context of
//! borrowed views (`views`), put together per page kind (`context`); the
//! `site` variable is set once, globally.

mod chart;
mod context;
pub(crate) mod views;

use std::collections::hash_map::DefaultHasher;
use std::hash::Hasher;

use serde::Serialize;
use tera::{Context, Tera};

use crate::config::Config;
use crate::index::Site;
use crate::index::pages::{Page, PageKind};
use crate::theme::{self, TemplateError};
use views::{Purpose, SiteView, Views};

/// Renders the pages of one site.
pub struct Renderer<'a> {
    tera: &'a Tera,
    views: Views<'a>,
    templates_dir: std::path::PathBuf,
    /// The search index's layout as JSON, for the search page.
    search_index: String,
}

impl<'a> Renderer<'a> {
    /// A renderer over `tera`, whose global `site` variable [`set_site`] set.
    pub fn new(
        config: &'a Config,
        site: &'a Site,
        tera: &'a Tera,
        images: &'a std::collections::HashMap<String, crate::model::ImageSet>,
        search_index: String,
    ) -> Self {
        Renderer {
            tera,
            views: Views::new(config, site, images),
            templates_dir: config.root.join("templates"),
            search_index,
        }
    }

    /// The lead picture's absolute URL of an article, for feeds.
    pub fn lead_image(&self, article: usize) -> Option<String> {
        self.views.lead_image(article)
    }

    /// The HTML of one page.
    pub fn render(&self, page: &Page) -> Result<String, RenderError> {
        let mut context = Context::new();
        let template = self.context(page, &mut context)?;
        self.tera
            .render(template, &context)
            .map_err(|e| RenderError::Template(theme::template_error(&e, &self.templates_dir, template)))
    }

    /// A fingerprint of everything the page's template sees: two pages with
    /// the same fingerprint and the same templates render the same bytes.
    pub fn fingerprint(&self, page: &Page) -> Result<u64, RenderError> {
        let mut f = Fingerprint::default();
        let template = self.context(page, &mut f)?;
        f.0.write(template.as_bytes());
        Ok(f.0.finish())
    }

    /// The body of an article (its blocks) as HTML, for feeds.
    pub fn render_content(&self, article: usize) -> Result<String, RenderError> {
        let blocks = self.views.site.body(article)?;
        let mut ctx = Context::new();
        ctx.put("article", &self.views.article(article, Purpose::Feed, &blocks));
        ctx.put("with_lead", &true);
        let template = "partials/content.html";
        self.tera
            .render(template, &ctx)
            .map_err(|e| RenderError::Template(theme::template_error(&e, &self.templates_dir, template)))
    }

    /// The page's template, with its variables put into `ctx`.
    fn context(&self, page: &Page, ctx: &mut impl ContextSink) -> Result<&'static str, RenderError> {
        match page.kind {
            PageKind::Article(i) => self.article(page, i, ctx),
            PageKind::Alias { article } => self.alias(page, article, ctx),
            PageKind::Home => self.home(page, ctx),
            PageKind::TopicsIndex => self.topics_index(page, ctx),
            PageKind::Topic { topic, page: n } => self.topic(page, topic, n, ctx),
            PageKind::Archive { page: n } => self.archive(page, n, ctx),
            PageKind::Year { year } => self.year(page, year, ctx),
            PageKind::Month { year, month, page: n } => self.month(page, year, month, n, ctx),
            PageKind::Day { year, month, day, page: n } => self.day(page, year, month, day, n, ctx),
            PageKind::AuthorsIndex => self.authors_index(page, ctx),
            PageKind::Author { author, page: n } => self.author(page, author, n, ctx),
            PageKind::Section { section, page: n } => self.section(page, section, n, ctx),
            PageKind::Search => self.search(page, ctx),
            PageKind::NotFound => self.not_found(page, ctx),
        }
    }
}

/// Why a page could not be rendered.
#[derive(Debug)]
pub enum RenderError {
    Template(TemplateError),
    /// A streamed article's file could not be read again.
    Reread(crate::model::Problem),
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RenderError::Template(e) => write!(f, "{e}"),
            RenderError::Reread(p) => write!(f, "{p}"),
        }
    }
}

impl From<crate::model::Problem> for RenderError {
    fn from(p: crate::model::Problem) -> Self {
        RenderError::Reread(p)
    }
}

/// Sets the `site` variable every template sees, and returns its
/// fingerprint: when it changes, every page must be rendered again.
pub fn set_site(tera: &mut Tera, config: &Config, site: &Site) -> u64 {
    let view = SiteView::new(config, site);
    let mut f = Fingerprint::default();
    f.put("site", &view);
    tera.global_context().insert("site", &view);
    f.0.finish()
}

/// Where a page's variables go: a Tera context, or a fingerprint.
pub(crate) trait ContextSink {
    fn put<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T);
    fn purpose(&self) -> Purpose;
}

impl ContextSink for Context {
    fn put<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.insert(key, value);
    }

    fn purpose(&self) -> Purpose {
        Purpose::Render
    }
}

/// Hashes each variable's name and JSON form.
#[derive(Default)]
struct Fingerprint(DefaultHasher);

impl ContextSink for Fingerprint {
    fn put<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.0.write(key.as_bytes());
        serde_json::to_writer(HashWriter(&mut self.0), value).expect("views serialise");
    }

    fn purpose(&self) -> Purpose {
        Purpose::Fingerprint
    }
}

struct HashWriter<'a>(&'a mut DefaultHasher);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

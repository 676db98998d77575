//! Stage three: pages → HTML with Tera. Each page gets a small context of
//! borrowed views (see `views`); the `site` variable is set once, globally.

pub mod pages;
pub mod theme;
pub(crate) mod views;

use std::collections::hash_map::DefaultHasher;
use std::hash::Hasher;

use serde::Serialize;
use tera::{Context, Tera};

use crate::config::Config;
use crate::index::Site;
use pages::{Page, PageKind, page_count};
use theme::TemplateError;
use views::{Link, PageMeta, Pagination, Purpose, SiteView, Views, short_description};

/// Renders the pages of one site.
pub struct Renderer<'a> {
    tera: &'a Tera,
    views: Views<'a>,
    templates_dir: std::path::PathBuf,
    /// The search index's bundles (one per shard), for the search page.
    search_bundles: Vec<String>,
}

/// Longest meta description.
const DESCRIPTION_CHARS: usize = 200;
/// Topics on the home page.
const HOME_TOPICS: usize = 12;

impl<'a> Renderer<'a> {
    /// A renderer over `tera`, whose global `site` variable [`set_site`] set.
    pub fn new(config: &'a Config, site: &'a Site, tera: &'a Tera, search_bundles: Vec<String>) -> Self {
        Renderer { tera, views: Views::new(config, site), templates_dir: config.root.join("templates"), search_bundles }
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
        let blocks = crate::load::full_blocks(self.views.config, &self.views.site.articles[article])?;
        let mut ctx = Context::new();
        ctx.put("article", &self.views.article(article, Purpose::Render, &blocks));
        ctx.put("with_lead", &true);
        let template = "partials/content.html";
        self.tera
            .render(template, &ctx)
            .map_err(|e| RenderError::Template(theme::template_error(&e, &self.templates_dir, template)))
    }

    fn meta(&self, page: &Page, kind: &'static str, title: String, description: &str) -> PageMeta {
        let base = &self.views.config.base_url;
        PageMeta {
            kind,
            title,
            description: short_description(
                if description.is_empty() { &self.views.config.description } else { description },
                DESCRIPTION_CHARS,
            ),
            url: base.link(&page.url),
            canonical: base.absolute(&page.url),
            og_type: if kind == "article" { "article" } else { "website" },
            feed_url: None,
        }
    }

    /// The page's template, with its variables put into `ctx` (a Tera
    /// context to render, or a fingerprint to compare).
    fn context(&self, page: &Page, ctx: &mut impl ContextSink) -> Result<&'static str, RenderError> {
        let v = &self.views;
        let site = v.site;
        let config = v.config;
        let per = config.paginate_by;
        let slice =
            |ids: &[usize], n: usize| -> Vec<usize> { ids.iter().skip((n - 1) * per).take(per).copied().collect() };
        let template = match page.kind {
            PageKind::Article(i) => {
                let a = &site.articles[i];
                ctx.put("page", &self.meta(page, "article", a.title.clone(), &a.summary));
                // Only rendering needs the whole body (read again when streamed).
                let blocks = match ctx.purpose() {
                    Purpose::Render => crate::load::full_blocks(config, a)?,
                    Purpose::Fingerprint => std::borrow::Cow::Borrowed(&[][..]),
                };
                ctx.put("article", &v.article(i, ctx.purpose(), &blocks));
                ctx.put("with_lead", &false);
                "article.html"
            }
            PageKind::Alias { article } => {
                let a = &site.articles[article];
                let mut meta = self.meta(page, "alias", a.title.clone(), &a.summary);
                meta.canonical = config.base_url.absolute(&site.urls[article]);
                ctx.put("page", &meta);
                ctx.put("target", &Link { text: a.title.clone(), url: v.article_link(article).to_string() });
                "alias.html"
            }
            PageKind::Home => {
                let mut meta = self.meta(page, "home", config.title.clone(), &config.description);
                meta.feed_url = Some(config.base_url.link("/atom.xml"));
                ctx.put("page", &meta);
                let latest: Vec<usize> = site.newest_first.iter().take(per).copied().collect();
                ctx.put("articles", &v.teasers(&latest, ctx.purpose()));
                let mut largest: Vec<usize> = (0..site.topics.len()).collect();
                largest.sort_by(|&a, &b| {
                    site.topics[b].articles.len().cmp(&site.topics[a].articles.len()).then(a.cmp(&b))
                });
                largest.truncate(HOME_TOPICS);
                ctx.put("topics", &self.topic_counts(&largest));
                ctx.put("total", &site.articles.len());
                ctx.put("more_url", &(site.articles.len() > per).then(|| config.base_url.link("/archive/page/2/")));
                "home.html"
            }
            PageKind::TopicsIndex => {
                ctx.put(
                    "page",
                    &self.meta(
                        page,
                        "topics",
                        "Topics".into(),
                        &format!("All {} topics of {}", site.topics.len(), config.title),
                    ),
                );
                ctx.put("groups", &self.topic_groups());
                ctx.put("count", &site.topics.len());
                "topics.html"
            }
            PageKind::Topic { topic, page: n } => {
                let t = &site.topics[topic];
                let base = site.topic_url(topic);
                let title = paged_title(&t.name, n);
                let mut meta = self.meta(
                    page,
                    "topic",
                    title,
                    t.description.as_deref().unwrap_or(&format!("Articles about {}", t.name)),
                );
                meta.feed_url = Some(config.base_url.link(&format!("{base}atom.xml")));
                ctx.put("page", &meta);
                ctx.put(
                    "topic",
                    &TopicView {
                        name: &t.name,
                        url: v.link(&base),
                        description: t.description.as_deref(),
                        count: t.articles.len(),
                        feed_url: v.link(&format!("{base}atom.xml")),
                    },
                );
                ctx.put("articles", &v.topic_teasers(&slice(&t.articles, n), ctx.purpose(), topic));
                ctx.put("pagination", &Pagination::new(config, &base, n, page_count(t.articles.len(), per)));
                "topic.html"
            }
            PageKind::Archive { page: n } => {
                ctx.put(
                    "page",
                    &self.meta(
                        page,
                        "archive",
                        paged_title("Archive", n),
                        &format!("Every article of {}, newest first", config.title),
                    ),
                );
                ctx.put("articles", &v.teasers(&slice(&site.newest_first, n), ctx.purpose()));
                ctx.put("pagination", &Pagination::new(config, "/archive/", n, page_count(site.articles.len(), per)));
                ctx.put("years", &self.year_links());
                ctx.put("total", &site.articles.len());
                ctx.put("undated", &site.undated());
                "archive.html"
            }
            PageKind::Year { year } => {
                let y = &site.years[year];
                let label = y.year.to_string();
                ctx.put(
                    "page",
                    &self.meta(page, "year", label.clone(), &format!("{} articles from {label}", y.articles.len())),
                );
                let months: Vec<PeriodLink> = y
                    .months
                    .iter()
                    .map(|m| PeriodLink {
                        label: format!("{} {}", crate::date::month_name(m.month), y.year),
                        url: v.link(&format!("/archive/{:04}/{:02}/", y.year, m.month)),
                        count: m.articles.len(),
                    })
                    .collect();
                // Years are newest first: the previous period is the older one.
                let older = site.years.get(year + 1).map(|o| self.year_link(o));
                let newer = year.checked_sub(1).map(|n| self.year_link(&site.years[n]));
                ctx.put(
                    "period",
                    &PeriodView {
                        kind: "year",
                        label,
                        url: v.link(&page.url),
                        count: y.articles.len(),
                        months,
                        up: Link { text: "Archive".into(), url: v.link("/archive/") },
                        previous: older,
                        next: newer,
                    },
                );
                ctx.put("articles", &Vec::<views::Teaser>::new());
                "period.html"
            }
            PageKind::Month { year, month, page: n } => {
                let y = &site.years[year];
                let m = &y.months[month];
                let label = format!("{} {}", crate::date::month_name(m.month), y.year);
                let base = format!("/archive/{:04}/{:02}/", y.year, m.month);
                ctx.put(
                    "page",
                    &self.meta(
                        page,
                        "month",
                        paged_title(&label, n),
                        &format!("{} articles from {label}", m.articles.len()),
                    ),
                );
                let (older, newer) = self.month_neighbours(year, month);
                ctx.put(
                    "period",
                    &PeriodView {
                        kind: "month",
                        label,
                        url: v.link(&base),
                        count: m.articles.len(),
                        months: Vec::new(),
                        up: Link { text: y.year.to_string(), url: v.link(&format!("/archive/{:04}/", y.year)) },
                        previous: older,
                        next: newer,
                    },
                );
                ctx.put("articles", &v.teasers(&slice(&m.articles, n), ctx.purpose()));
                ctx.put("pagination", &Pagination::new(config, &base, n, page_count(m.articles.len(), per)));
                "period.html"
            }
            PageKind::Section { section, page: n } => {
                let s = &site.sections[section];
                let base = format!("/{}/", s.slug);
                ctx.put(
                    "page",
                    &self.meta(
                        page,
                        "section",
                        paged_title(&s.name, n),
                        &format!("{} articles in {}", s.articles.len(), s.name),
                    ),
                );
                ctx.put("section", &SectionView { name: &s.name, url: v.link(&base), count: s.articles.len() });
                ctx.put("articles", &v.teasers(&slice(&s.articles, n), ctx.purpose()));
                ctx.put("pagination", &Pagination::new(config, &base, n, page_count(s.articles.len(), per)));
                "section.html"
            }
            PageKind::Search => {
                ctx.put("page", &self.meta(page, "search", "Search".into(), &format!("Search {}", config.title)));
                ctx.put("shards", &serde_json::to_string(&self.search_bundles).expect("strings serialise"));
                "search.html"
            }
            PageKind::NotFound => {
                ctx.put("page", &self.meta(page, "404", "Page not found".into(), ""));
                "404.html"
            }
        };
        Ok(template)
    }

    fn topic_counts(&self, ids: &[usize]) -> Vec<TopicCount<'_>> {
        ids.iter()
            .map(|&t| TopicCount {
                name: &self.views.site.topics[t].name,
                url: self.views.link(&self.views.site.topic_url(t)),
                count: self.views.site.topics[t].articles.len(),
            })
            .collect()
    }

    /// Topics grouped by initial, A–Z, then `#` for the rest.
    fn topic_groups(&self) -> Vec<TopicGroup<'_>> {
        let mut groups: Vec<TopicGroup> = Vec::new();
        let site = self.views.site;
        let mut ids: Vec<usize> = (0..site.topics.len()).collect();
        let initial = |t: usize| {
            let c = deunicode::deunicode(&site.topics[t].name)
                .chars()
                .find(|c| c.is_alphanumeric())
                .unwrap_or('#')
                .to_ascii_uppercase();
            if c.is_ascii_uppercase() { c.to_string() } else { "#".to_string() }
        };
        ids.sort_by_key(|&t| (initial(t) == "#", initial(t)));
        for t in ids {
            let letter = initial(t);
            if groups.last().is_none_or(|g| g.letter != letter) {
                let anchor = if letter == "#" { "other".to_string() } else { letter.to_lowercase() };
                groups.push(TopicGroup { letter, anchor, topics: Vec::new() });
            }
            groups.last_mut().expect("pushed").topics.extend(self.topic_counts(&[t]));
        }
        groups
    }

    fn year_link(&self, y: &crate::index::Year) -> PeriodLink {
        PeriodLink {
            label: y.year.to_string(),
            url: self.views.link(&format!("/archive/{:04}/", y.year)),
            count: y.articles.len(),
        }
    }

    fn year_links(&self) -> Vec<PeriodLink> {
        self.views.site.years.iter().map(|y| self.year_link(y)).collect()
    }

    /// The months just before and after, across year boundaries.
    fn month_neighbours(&self, year: usize, month: usize) -> (Option<PeriodLink>, Option<PeriodLink>) {
        let years = &self.views.site.years;
        let link = |y: usize, m: usize| {
            let (yy, mm) = (&years[y], &years[y].months[m]);
            PeriodLink {
                label: format!("{} {}", crate::date::month_name(mm.month), yy.year),
                url: self.views.link(&format!("/archive/{:04}/{:02}/", yy.year, mm.month)),
                count: mm.articles.len(),
            }
        };
        let older = if month + 1 < years[year].months.len() {
            Some(link(year, month + 1))
        } else if year + 1 < years.len() {
            Some(link(year + 1, 0))
        } else {
            None
        };
        let newer = if month > 0 {
            Some(link(year, month - 1))
        } else if year > 0 {
            Some(link(year - 1, years[year - 1].months.len() - 1))
        } else {
            None
        };
        (older, newer)
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

fn paged_title(title: &str, page: usize) -> String {
    if page > 1 { format!("{title} (page {page})") } else { title.to_string() }
}

#[derive(Serialize)]
struct TopicView<'a> {
    name: &'a str,
    url: String,
    description: Option<&'a str>,
    count: usize,
    feed_url: String,
}

#[derive(Serialize)]
struct TopicCount<'a> {
    name: &'a str,
    url: String,
    count: usize,
}

#[derive(Serialize)]
struct TopicGroup<'a> {
    letter: String,
    anchor: String,
    topics: Vec<TopicCount<'a>>,
}

#[derive(Serialize)]
struct SectionView<'a> {
    name: &'a str,
    url: String,
    count: usize,
}

#[derive(Serialize)]
struct PeriodLink {
    label: String,
    url: String,
    count: usize,
}

#[derive(Serialize)]
struct PeriodView {
    /// `year` or `month`.
    kind: &'static str,
    label: String,
    url: String,
    count: usize,
    /// A year's months, newest first (empty on a month page).
    months: Vec<PeriodLink>,
    /// The enclosing period: the archive for a year, the year for a month.
    up: Link,
    previous: Option<PeriodLink>,
    next: Option<PeriodLink>,
}

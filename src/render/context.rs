//! What each kind of page's template sees: one function per page kind,
//! each putting its variables into a [`ContextSink`] (a Tera context to
//! render, or a fingerprint to compare) and naming its template.

use super::views::{Link, PageMeta, Pagination, Purpose, Teaser, short_description};
use super::{ContextSink, RenderError, Renderer, chart};
use crate::index::pages::Page;
use crate::index::urls::{self, page_count};
use crate::index::{Day, Month, Year};

/// Longest meta description.
const DESCRIPTION_CHARS: usize = 200;
/// Topics on the home page.
const HOME_TOPICS: usize = 12;

type Rendered = Result<&'static str, RenderError>;

impl Renderer<'_> {
    fn meta(&self, page: &Page, kind: &'static str, title: String, description: &str) -> PageMeta {
        let config = self.views.config;
        let base = &config.base_url;
        PageMeta {
            kind,
            title,
            description: short_description(
                if description.is_empty() { &config.description } else { description },
                DESCRIPTION_CHARS,
            ),
            url: base.link(&page.url),
            canonical: base.absolute(&page.url),
            og_type: if kind == "article" { "article" } else { "website" },
            feed_url: None,
            json_feed_url: None,
            image: None,
        }
    }

    /// The meta of a page that has feeds at `base` (`/topics/x/`).
    fn with_feeds(&self, mut meta: PageMeta, base: &str) -> PageMeta {
        meta.feed_url = Some(self.views.link(&urls::feed(base)));
        meta.json_feed_url = Some(self.views.link(&urls::json_feed(base)));
        meta
    }

    /// Page `n` of a listing: its share of `ids`.
    fn slice(&self, ids: &[usize], n: usize) -> Vec<usize> {
        let per = self.views.config.paginate_by;
        ids.iter().skip((n - 1) * per).take(per).copied().collect()
    }

    fn pagination(&self, base: &str, n: usize, articles: usize) -> Pagination {
        let config = self.views.config;
        Pagination::new(config, base, n, page_count(articles, config.paginate_by))
    }

    pub(super) fn article(&self, page: &Page, i: usize, ctx: &mut impl ContextSink) -> Rendered {
        let a = &self.views.site.articles[i];
        let mut meta = self.meta(page, "article", a.title.clone(), a.summary());
        meta.image = self.views.lead_image(i);
        ctx.put("page", &meta);
        // Only rendering needs the whole body (read again when streamed).
        let blocks = match ctx.purpose() {
            Purpose::Render | Purpose::Feed => self.views.site.body(i)?,
            Purpose::Fingerprint => std::borrow::Cow::Borrowed(&[][..]),
        };
        ctx.put("article", &self.views.article(i, ctx.purpose(), &blocks));
        ctx.put("with_lead", &false);
        Ok("article.html")
    }

    pub(super) fn alias(&self, page: &Page, article: usize, ctx: &mut impl ContextSink) -> Rendered {
        let v = &self.views;
        let a = &v.site.articles[article];
        let mut meta = self.meta(page, "alias", a.title.clone(), a.summary());
        meta.canonical = v.config.base_url.absolute(&v.site.urls[article]);
        ctx.put("page", &meta);
        ctx.put("target", &Link { text: a.title.clone(), url: v.article_link(article) });
        Ok("alias.html")
    }

    pub(super) fn home(&self, page: &Page, ctx: &mut impl ContextSink) -> Rendered {
        let (site, config) = (self.views.site, self.views.config);
        let meta = self.meta(page, "home", config.title.clone(), &config.description);
        ctx.put("page", &self.with_feeds(meta, urls::HOME));
        let latest = self.slice(&site.newest_first, 1);
        ctx.put("articles", &self.views.teasers(&latest, ctx.purpose()));
        let mut largest: Vec<usize> = (0..site.topics.len()).collect();
        largest.sort_by(|&a, &b| site.topics[b].articles.len().cmp(&site.topics[a].articles.len()).then(a.cmp(&b)));
        largest.truncate(HOME_TOPICS);
        ctx.put("topics", &self.topic_counts(&largest));
        ctx.put("total", &site.articles.len());
        let more = site.articles.len() > config.paginate_by;
        ctx.put("more_url", &more.then(|| config.base_url.link(&urls::page(urls::ARCHIVE, 2))));
        ctx.put("on_this_day", &on_this_day_days(&site.on_this_day));
        Ok("home.html")
    }

    pub(super) fn topics_index(&self, page: &Page, ctx: &mut impl ContextSink) -> Rendered {
        let (site, config) = (self.views.site, self.views.config);
        let description = format!("All {} topics of {}", site.topics.len(), config.title);
        ctx.put("page", &self.meta(page, "topics", "Topics".into(), &description));
        ctx.put("groups", &self.topic_groups());
        ctx.put("count", &site.topics.len());
        Ok("topics.html")
    }

    pub(super) fn topic(&self, page: &Page, topic: usize, n: usize, ctx: &mut impl ContextSink) -> Rendered {
        let v = &self.views;
        let t = &v.site.topics[topic];
        let about = format!("Articles about {}", t.name);
        let meta = self.meta(page, "topic", paged_title(&t.name, n), t.description.as_deref().unwrap_or(&about));
        let feed = v.link(&urls::feed(&t.url));
        ctx.put("page", &self.with_feeds(meta, &t.url));
        ctx.put(
            "topic",
            &TopicView {
                name: &t.name,
                url: v.link(&t.url),
                description: t.description.as_deref(),
                count: t.articles.len(),
                feed_url: feed,
            },
        );
        ctx.put("articles", &v.topic_teasers(&self.slice(&t.articles, n), ctx.purpose(), topic));
        ctx.put("pagination", &self.pagination(&t.url, n, t.articles.len()));
        ctx.put("chart", &(n == 1).then(|| chart::chart(v.site, &t.articles, &t.name, |p| v.link(p))).flatten());
        Ok("topic.html")
    }

    pub(super) fn archive(&self, page: &Page, n: usize, ctx: &mut impl ContextSink) -> Rendered {
        let (site, config) = (self.views.site, self.views.config);
        let description = format!("Every article of {}, newest first", config.title);
        ctx.put("page", &self.meta(page, "archive", paged_title("Archive", n), &description));
        ctx.put("articles", &self.views.teasers(&self.slice(&site.newest_first, n), ctx.purpose()));
        ctx.put("pagination", &self.pagination(urls::ARCHIVE, n, site.articles.len()));
        ctx.put("years", &site.years.iter().map(|y| self.year_link(y)).collect::<Vec<_>>());
        ctx.put("total", &site.articles.len());
        ctx.put("undated", &site.undated());
        Ok("archive.html")
    }

    pub(super) fn year(&self, page: &Page, year: usize, ctx: &mut impl ContextSink) -> Rendered {
        let v = &self.views;
        let y = &v.site.years[year];
        let label = y.year.to_string();
        let description = format!("{} articles from {label}", y.articles.len());
        ctx.put("page", &self.meta(page, "year", label.clone(), &description));
        // Years are newest first: the previous period is the older one.
        let older = v.site.years.get(year + 1).map(|o| self.year_link(o));
        let newer = year.checked_sub(1).map(|n| self.year_link(&v.site.years[n]));
        ctx.put(
            "period",
            &PeriodView {
                kind: "year",
                label,
                url: v.link(&y.url),
                count: y.articles.len(),
                months: y.months.iter().map(|m| self.month_link(y, m)).collect(),
                days: Vec::new(),
                up: Link { text: "Archive".into(), url: v.link(urls::ARCHIVE) },
                previous: older,
                next: newer,
            },
        );
        ctx.put("articles", &Vec::<Teaser>::new());
        Ok("period.html")
    }

    pub(super) fn month(
        &self,
        page: &Page,
        year: usize,
        month: usize,
        n: usize,
        ctx: &mut impl ContextSink,
    ) -> Rendered {
        let v = &self.views;
        let y = &v.site.years[year];
        let m = &y.months[month];
        let label = month_label(y, m);
        let description = format!("{} articles from {label}", m.articles.len());
        ctx.put("page", &self.meta(page, "month", paged_title(&label, n), &description));
        let (older, newer) = self.month_neighbours(year, month);
        ctx.put(
            "period",
            &PeriodView {
                kind: "month",
                label,
                url: v.link(&m.url),
                count: m.articles.len(),
                months: Vec::new(),
                days: m.days.iter().map(|d| self.day_link(y, m, d)).collect(),
                up: Link { text: y.year.to_string(), url: v.link(&y.url) },
                previous: older,
                next: newer,
            },
        );
        ctx.put("articles", &v.teasers(&self.slice(&m.articles, n), ctx.purpose()));
        ctx.put("pagination", &self.pagination(&m.url, n, m.articles.len()));
        Ok("period.html")
    }

    pub(super) fn day(
        &self,
        page: &Page,
        year: usize,
        month: usize,
        day: usize,
        n: usize,
        ctx: &mut impl ContextSink,
    ) -> Rendered {
        let v = &self.views;
        let y = &v.site.years[year];
        let m = &y.months[month];
        let d = &m.days[day];
        let label = day_label(y, m, d);
        let description = format!("{} articles from {label}", d.articles.len());
        ctx.put("page", &self.meta(page, "day", paged_title(&label, n), &description));
        // Days are newest first within a month; neighbours stay in the month.
        let older = m.days.get(day + 1).map(|o| self.day_link(y, m, o));
        let newer = day.checked_sub(1).map(|k| self.day_link(y, m, &m.days[k]));
        ctx.put(
            "period",
            &PeriodView {
                kind: "day",
                label,
                url: v.link(&d.url),
                count: d.articles.len(),
                months: Vec::new(),
                days: Vec::new(),
                up: Link { text: month_label(y, m), url: v.link(&m.url) },
                previous: older,
                next: newer,
            },
        );
        ctx.put("articles", &v.teasers(&self.slice(&d.articles, n), ctx.purpose()));
        ctx.put("pagination", &self.pagination(&d.url, n, d.articles.len()));
        Ok("period.html")
    }

    pub(super) fn authors_index(&self, page: &Page, ctx: &mut impl ContextSink) -> Rendered {
        let (site, config) = (self.views.site, self.views.config);
        let description = format!("All {} reporters of {}", site.authors.len(), config.title);
        ctx.put("page", &self.meta(page, "authors", "Reporters".into(), &description));
        let initial = |a: usize| {
            let surname = site.authors[a].name.rsplit(' ').next().unwrap_or("");
            let c =
                deunicode::deunicode(surname).chars().find(|c| c.is_alphanumeric()).unwrap_or('#').to_ascii_uppercase();
            if c.is_ascii_uppercase() { c.to_string() } else { "#".to_string() }
        };
        let mut groups: Vec<AuthorGroup> = Vec::new();
        for a in 0..site.authors.len() {
            let letter = initial(a);
            if groups.last().is_none_or(|g| g.letter != letter) {
                let anchor = if letter == "#" { "other".to_string() } else { letter.to_lowercase() };
                groups.push(AuthorGroup { letter, anchor, authors: Vec::new() });
            }
            let author = &site.authors[a];
            let count =
                TopicCount { name: &author.name, url: self.views.link(&author.url), count: author.articles.len() };
            groups.last_mut().expect("pushed").authors.push(count);
        }
        // Surnames sort first; a name without a letter goes last.
        groups.sort_by_key(|g| g.letter == "#");
        ctx.put("groups", &groups);
        ctx.put("count", &site.authors.len());
        Ok("authors.html")
    }

    pub(super) fn author(&self, page: &Page, author: usize, n: usize, ctx: &mut impl ContextSink) -> Rendered {
        let v = &self.views;
        let a = &v.site.authors[author];
        let description = format!("Articles by {}", a.name);
        let meta = self.meta(page, "author", paged_title(&a.name, n), &description);
        ctx.put("page", &self.with_feeds(meta, &a.url));
        ctx.put(
            "author",
            &AuthorView {
                name: &a.name,
                url: v.link(&a.url),
                count: a.articles.len(),
                roles: a.roles.iter().map(|(role, count)| RoleView { role, count: *count }).collect(),
                feed_url: v.link(&urls::feed(&a.url)),
                json_feed_url: v.link(&urls::json_feed(&a.url)),
            },
        );
        ctx.put("articles", &v.teasers(&self.slice(&a.articles, n), ctx.purpose()));
        ctx.put("pagination", &self.pagination(&a.url, n, a.articles.len()));
        Ok("author.html")
    }

    pub(super) fn section(&self, page: &Page, section: usize, n: usize, ctx: &mut impl ContextSink) -> Rendered {
        let v = &self.views;
        let s = &v.site.sections[section];
        let description = format!("{} articles in {}", s.articles.len(), s.name);
        ctx.put("page", &self.meta(page, "section", paged_title(&s.name, n), &description));
        ctx.put("section", &SectionView { name: &s.name, url: v.link(&s.url), count: s.articles.len() });
        ctx.put("articles", &v.teasers(&self.slice(&s.articles, n), ctx.purpose()));
        ctx.put("pagination", &self.pagination(&s.url, n, s.articles.len()));
        Ok("section.html")
    }

    pub(super) fn search(&self, page: &Page, ctx: &mut impl ContextSink) -> Rendered {
        let description = format!("Search {}", self.views.config.title);
        ctx.put("page", &self.meta(page, "search", "Search".into(), &description));
        ctx.put("search_index", &self.search_index);
        Ok("search.html")
    }

    pub(super) fn not_found(&self, page: &Page, ctx: &mut impl ContextSink) -> Rendered {
        ctx.put("page", &self.meta(page, "404", "Page not found".into(), ""));
        Ok("404.html")
    }

    fn topic_counts(&self, ids: &[usize]) -> Vec<TopicCount<'_>> {
        let topics = &self.views.site.topics;
        ids.iter()
            .map(|&t| TopicCount {
                name: &topics[t].name,
                url: self.views.link(&topics[t].url),
                count: topics[t].articles.len(),
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

    fn year_link(&self, y: &Year) -> PeriodLink {
        PeriodLink { label: y.year.to_string(), url: self.views.link(&y.url), count: y.articles.len() }
    }

    fn month_link(&self, y: &Year, m: &Month) -> PeriodLink {
        PeriodLink { label: month_label(y, m), url: self.views.link(&m.url), count: m.articles.len() }
    }

    fn day_link(&self, y: &Year, m: &Month, d: &Day) -> PeriodLink {
        PeriodLink { label: day_label(y, m, d), url: self.views.link(&d.url), count: d.articles.len() }
    }

    /// The months just before and after, across year boundaries.
    fn month_neighbours(&self, year: usize, month: usize) -> (Option<PeriodLink>, Option<PeriodLink>) {
        let years = &self.views.site.years;
        let link = |y: usize, m: usize| self.month_link(&years[y], &years[y].months[m]);
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

/// `March 2021`
fn month_label(y: &Year, m: &Month) -> String {
    format!("{} {}", crate::date::month_name(m.month), y.year)
}

/// Which days of the calendar have an "on this day" file, for the home
/// page's script: a hexadecimal bitmap, the first day's bit the highest of
/// the first digit. `None` when no day has one.
fn on_this_day_days(days: &[Vec<usize>]) -> Option<String> {
    if days.iter().all(Vec::is_empty) {
        return None;
    }
    let digit = |four: &[Vec<usize>]| {
        let bits = four.iter().enumerate().filter(|(_, d)| !d.is_empty()).map(|(k, _)| 8u32 >> k).sum::<u32>();
        char::from_digit(bits, 16).expect("four bits")
    };
    Some(days.chunks(4).map(digit).collect())
}

/// `4 March 2021`
fn day_label(y: &Year, m: &Month, d: &Day) -> String {
    format!("{} {} {}", d.day, crate::date::month_name(m.month), y.year)
}

fn paged_title(title: &str, page: usize) -> String {
    if page > 1 { format!("{title} (page {page})") } else { title.to_string() }
}

#[derive(serde::Serialize)]
struct TopicView<'a> {
    name: &'a str,
    url: String,
    description: Option<&'a str>,
    count: usize,
    feed_url: String,
}

#[derive(serde::Serialize)]
struct TopicCount<'a> {
    name: &'a str,
    url: String,
    count: usize,
}

#[derive(serde::Serialize)]
struct TopicGroup<'a> {
    letter: String,
    anchor: String,
    topics: Vec<TopicCount<'a>>,
}

#[derive(serde::Serialize)]
struct AuthorGroup<'a> {
    letter: String,
    anchor: String,
    authors: Vec<TopicCount<'a>>,
}

#[derive(serde::Serialize)]
struct AuthorView<'a> {
    name: &'a str,
    url: String,
    count: usize,
    /// The roles of the author's bylines, most frequent first.
    roles: Vec<RoleView<'a>>,
    feed_url: String,
    json_feed_url: String,
}

#[derive(serde::Serialize)]
struct RoleView<'a> {
    role: &'a str,
    count: usize,
}

#[derive(serde::Serialize)]
struct SectionView<'a> {
    name: &'a str,
    url: String,
    count: usize,
}

#[derive(serde::Serialize)]
struct PeriodLink {
    label: String,
    url: String,
    count: usize,
}

#[derive(serde::Serialize)]
struct PeriodView {
    /// `year` or `month`.
    kind: &'static str,
    label: String,
    url: String,
    count: usize,
    /// A year's months, newest first (empty on other pages).
    months: Vec<PeriodLink>,
    /// A month's days, newest first (empty on other pages).
    days: Vec<PeriodLink>,
    /// The enclosing period: the archive for a year, the year for a month.
    up: Link,
    previous: Option<PeriodLink>,
    next: Option<PeriodLink>,
}

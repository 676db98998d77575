//! What templates see: small views that borrow from the indexed site, made
//! per page and serialised straight into Tera's context. Nothing here clones
//! an article; links already carry the site's base path.

use std::hash::{Hash, Hasher};

use rayon::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::date::Timestamp;
use std::collections::HashMap;

use crate::index::{Site, urls};
use crate::model::{Block, ImageSet, Picture};

/// The `site` variable, the same on every page (set once, globally).
#[derive(Serialize)]
pub(crate) struct SiteView<'a> {
    pub(crate) title: &'a str,
    pub(crate) description: &'a str,
    pub(crate) language: &'a str,
    /// Absolute base URL (or the base path when no origin is configured).
    pub(crate) base_url: String,
    /// Link to the home page: the base path.
    pub(crate) home: &'a str,
    pub(crate) feed_url: String,
    pub(crate) json_feed_url: String,
    pub(crate) search_url: String,
    pub(crate) topics_url: String,
    pub(crate) authors_url: String,
    pub(crate) archive_url: String,
    pub(crate) search: bool,
    pub(crate) sections: Vec<Link>,
    pub(crate) extra: &'a serde_json::Value,
}

impl<'a> SiteView<'a> {
    pub(crate) fn new(config: &'a Config, site: &Site) -> Self {
        let base = &config.base_url;
        SiteView {
            title: &config.title,
            description: &config.description,
            language: &config.language,
            base_url: base.absolute("/"),
            home: &base.path,
            feed_url: base.link(urls::FEED),
            json_feed_url: base.link(&urls::json_feed(urls::HOME)),
            search_url: base.link(urls::SEARCH),
            topics_url: base.link(urls::TOPICS),
            authors_url: base.link(urls::AUTHORS),
            archive_url: base.link(urls::ARCHIVE),
            search: config.search,
            sections: site.sections.iter().map(|s| Link { text: s.name.clone(), url: base.link(&s.url) }).collect(),
            extra: &config.extra,
        }
    }
}

/// Metadata every page has: what `base.html` puts in `<head>`.
#[derive(Serialize)]
pub(crate) struct PageMeta {
    /// Which template: `article`, `topic`, `topics`, `author`, `authors`,
    /// `home`, `archive`, `year`, `month`, `day`, `section`, `search`, `404`.
    pub(crate) kind: &'static str,
    pub(crate) title: String,
    pub(crate) description: String,
    /// The page's own link on the site.
    pub(crate) url: String,
    /// Absolute URL for `<link rel="canonical">` and `og:url`.
    pub(crate) canonical: String,
    /// `article` or `website`, for `og:type`.
    pub(crate) og_type: &'static str,
    /// An Atom feed to advertise with `<link rel="alternate">`, and its
    /// JSON Feed twin.
    pub(crate) feed_url: Option<String>,
    pub(crate) json_feed_url: Option<String>,
    /// An absolute URL for `og:image`.
    pub(crate) image: Option<String>,
}

#[derive(Serialize, Clone)]
pub(crate) struct Link {
    pub(crate) text: String,
    pub(crate) url: String,
}

#[derive(Serialize)]
pub(crate) struct DateView {
    /// For `<time datetime>`: `2021-11-26`, or RFC 3339 when a time is known.
    pub(crate) machine: String,
    /// `26 November 2021`.
    pub(crate) long: String,
    pub(crate) year: i32,
    pub(crate) month: u8,
    pub(crate) day: u8,
}

impl DateView {
    pub(crate) fn new(t: &Timestamp) -> DateView {
        DateView { machine: t.machine(), long: t.date.long(), year: t.date.year, month: t.date.month, day: t.date.day }
    }
}

/// An article as a listing shows it; when fingerprinting, only a hash of
/// that (made once per build), which keeps a listing's fingerprint cheap.
#[derive(Serialize)]
#[serde(untagged)]
pub(crate) enum Teaser<'a> {
    Full(TeaserView<'a>),
    Hash(u64),
}

#[derive(Serialize)]
pub(crate) struct TeaserView<'a> {
    pub(crate) title: &'a str,
    pub(crate) url: String,
    pub(crate) date: Option<DateView>,
    pub(crate) summary: &'a str,
    /// The first few topics; `more_topics` says how many are not shown.
    pub(crate) topics: Vec<&'a Link>,
    pub(crate) more_topics: usize,
    pub(crate) section: Option<&'a Link>,
    pub(crate) reading_minutes: usize,
}

/// Topics a teaser shows; an article with more says how many more.
pub(crate) const TEASER_TOPICS: usize = 3;
/// Words read in a minute, for reading times.
const WORDS_PER_MINUTE: usize = 200;

/// Minutes to read `words`, at least one.
pub(crate) fn reading_minutes(words: usize) -> usize {
    words.div_ceil(WORDS_PER_MINUTE).max(1)
}

/// Whether a view is made to be rendered, or only to be fingerprinted (then
/// the body is a hash and the JSON-LD, made from fields the view holds
/// anyway, is left out), or to be rendered as a feed entry's content (then
/// what surrounds the body on its page, teasers and JSON-LD, is left out:
/// making them for every entry of every feed cost as much as half the
/// pages).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Purpose {
    Render,
    Fingerprint,
    Feed,
}

/// A block of an article body.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub(crate) enum BlockView<'a> {
    Paragraph { text: &'a str },
    Figure { media: &'static str, credit: Option<&'a str>, caption: Option<&'a str>, alt: Option<&'a str> },
    Related { heading: Option<&'a str>, items: Vec<RelatedView<'a>> },
    List { heading: Option<&'a str>, items: &'a [String] },
    Html { html: &'a str },
}

#[derive(Serialize)]
pub(crate) struct RelatedView<'a> {
    pub(crate) text: &'a str,
    pub(crate) url: Option<String>,
}

/// The `article` variable of `article.html`.
#[derive(Serialize)]
pub(crate) struct ArticleView<'a> {
    pub(crate) title: &'a str,
    pub(crate) title_derived: bool,
    pub(crate) url: String,
    pub(crate) date: Option<DateView>,
    pub(crate) updated: Option<DateView>,
    pub(crate) authors: &'a [String],
    /// The authors with their pages.
    pub(crate) author_links: Vec<&'a Link>,
    pub(crate) role: Option<&'a str>,
    pub(crate) section: Option<&'a Link>,
    pub(crate) topics: Vec<&'a Link>,
    pub(crate) words: usize,
    pub(crate) reading_minutes: usize,
    /// The article's pictures, the lead one first.
    pub(crate) pictures: Vec<PictureView<'a>>,
    pub(crate) lead: &'a str,
    /// Whether the lead is a paragraph of its own, shown as the standfirst
    /// and left out of `blocks`.
    pub(crate) standfirst: bool,
    pub(crate) summary: &'a str,
    /// The body after the standfirst (empty when fingerprinting).
    pub(crate) blocks: Vec<BlockView<'a>>,
    /// A hash of the whole body, in place of `blocks` when fingerprinting.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) body_hash: Option<u64>,
    /// Only http(s) URLs: anything else is never a link.
    pub(crate) source_url: Option<&'a str>,
    pub(crate) extra: Option<&'a serde_json::Value>,
    /// JSON-LD for the page, safe to put inside `<script>` as is.
    pub(crate) json_ld: String,
    pub(crate) more_in: Option<MoreIn<'a>>,
    /// Articles that share its rarest topics, the most alike first.
    pub(crate) more_like_this: Vec<Teaser<'a>>,
    /// The next older and next newer article, by date (undated articles
    /// have neither and are no one's neighbour).
    pub(crate) previous: Option<Teaser<'a>>,
    pub(crate) next: Option<Teaser<'a>>,
}

/// A picture as `<img>` wants it: a local one with its sizes for
/// `srcset`, `width` and `height`; another with its URL alone.
#[derive(Serialize)]
pub(crate) struct PictureView<'a> {
    pub(crate) src: String,
    pub(crate) srcset: Option<String>,
    pub(crate) width: Option<u32>,
    pub(crate) height: Option<u32>,
    pub(crate) alt: &'a str,
    pub(crate) caption: Option<&'a str>,
}

/// "More like this": at most this many.
const MORE_LIKE_THIS: usize = 5;
/// "More in <topic>": at most this many, none of them in "More like this".
const MORE_IN: usize = 5;

#[derive(Serialize)]
pub(crate) struct MoreIn<'a> {
    pub(crate) topic: Link,
    pub(crate) articles: Vec<Teaser<'a>>,
}

#[derive(Serialize)]
pub(crate) struct Pagination {
    pub(crate) current: usize,
    pub(crate) total: usize,
    pub(crate) previous: Option<String>,
    pub(crate) next: Option<String>,
    pub(crate) first: String,
    pub(crate) last: String,
    /// A window of page numbers around the current one.
    pub(crate) pages: Vec<PageNumber>,
    /// Whether links to the first and last page stand outside the window,
    /// and whether a gap (`…`) separates them from it.
    pub(crate) show_first: bool,
    pub(crate) gap_before: bool,
    pub(crate) show_last: bool,
    pub(crate) gap_after: bool,
}

#[derive(Serialize)]
pub(crate) struct PageNumber {
    pub(crate) number: usize,
    pub(crate) url: String,
    pub(crate) current: bool,
}

impl Pagination {
    pub(crate) fn new(config: &Config, base: &str, current: usize, total: usize) -> Pagination {
        let link = |n: usize| config.base_url.link(&urls::page(base, n));
        let window = 2;
        let from = current.saturating_sub(window).max(1);
        let to = (current + window).min(total);
        Pagination {
            current,
            total,
            previous: (current > 1).then(|| link(current - 1)),
            next: (current < total).then(|| link(current + 1)),
            first: link(1),
            last: link(total),
            pages: (from..=to).map(|n| PageNumber { number: n, url: link(n), current: n == current }).collect(),
            show_first: from > 1,
            gap_before: from > 2,
            show_last: to < total,
            gap_after: to + 1 < total,
        }
    }
}

/// Builds views of one site for one config.
pub(crate) struct Views<'a> {
    pub(crate) config: &'a Config,
    pub(crate) site: &'a Site,
    /// Local pictures as published, by their path from the site root.
    pub(crate) images: &'a HashMap<String, ImageSet>,
    /// Every topic's, author's and section's link, by their index in the
    /// site: teasers and article pages borrow them.
    topic_links: Vec<Link>,
    author_links: Vec<Link>,
    section_links: Vec<Link>,
    /// Each article's teaser, hashed (see [`Teaser::Hash`]).
    teaser_hashes: Vec<u64>,
}

impl<'a> Views<'a> {
    pub(crate) fn new(config: &'a Config, site: &'a Site, images: &'a HashMap<String, ImageSet>) -> Views<'a> {
        let link = |text: &str, url: &str| Link { text: text.to_string(), url: config.base_url.link(url) };
        let topic_links = site.topics.iter().map(|t| link(&t.name, &t.url)).collect();
        let author_links = site.authors.iter().map(|p| link(&p.name, &p.url)).collect();
        let section_links = site.sections.iter().map(|s| link(&s.name, &s.url)).collect();
        let mut views =
            Views { config, site, images, topic_links, author_links, section_links, teaser_hashes: Vec::new() };
        views.teaser_hashes = (0..site.articles.len())
            .into_par_iter()
            .map(|i| {
                let mut h = std::collections::hash_map::DefaultHasher::new();
                let json = serde_json::to_vec(&views.teaser_view(i, None)).expect("views serialise");
                h.write(&json);
                h.finish()
            })
            .collect();
        views
    }

    pub(crate) fn link(&self, site_path: &str) -> String {
        self.config.base_url.link(site_path)
    }

    pub(crate) fn article_link(&self, i: usize) -> String {
        self.link(&self.site.urls[i])
    }

    /// The article's topics' links, in the order of their ids.
    fn topic_links(&self, i: usize) -> impl Iterator<Item = (usize, &Link)> {
        self.site.article_topics[i].iter().map(|&t| (t, &self.topic_links[t]))
    }

    /// The link of the article's section, if it is in one.
    fn section_link(&self, i: usize) -> Option<&Link> {
        self.site.section_of(i).map(|k| &self.section_links[k])
    }

    pub(crate) fn teaser(&self, i: usize, purpose: Purpose) -> Teaser<'_> {
        self.teaser_except(i, purpose, None)
    }

    /// A teaser that does not list topic `except` (on that topic's own page
    /// every teaser would): the fingerprint stays the article's, as the
    /// page's fingerprint has the topic anyway.
    fn teaser_except(&self, i: usize, purpose: Purpose, except: Option<usize>) -> Teaser<'_> {
        match purpose {
            Purpose::Render | Purpose::Feed => Teaser::Full(self.teaser_view(i, except)),
            Purpose::Fingerprint => Teaser::Hash(self.teaser_hashes[i]),
        }
    }

    fn teaser_view(&self, i: usize, except: Option<usize>) -> TeaserView<'_> {
        let a = &self.site.articles[i];
        let mut topics = self.topic_links(i).filter(|&(t, _)| Some(t) != except).map(|(_, link)| link);
        let shown: Vec<&Link> = topics.by_ref().take(TEASER_TOPICS).collect();
        TeaserView {
            title: &a.title,
            url: self.article_link(i),
            date: a.date.as_ref().map(DateView::new),
            summary: a.summary(),
            topics: shown,
            more_topics: topics.count(),
            section: self.section_link(i),
            reading_minutes: reading_minutes(a.words),
        }
    }

    pub(crate) fn teasers(&self, ids: &[usize], purpose: Purpose) -> Vec<Teaser<'_>> {
        ids.iter().map(|&i| self.teaser(i, purpose)).collect()
    }

    /// The teasers of topic `topic`'s page, which leave that topic out.
    pub(crate) fn topic_teasers(&self, ids: &[usize], purpose: Purpose, topic: usize) -> Vec<Teaser<'_>> {
        ids.iter().map(|&i| self.teaser_except(i, purpose, Some(topic))).collect()
    }

    /// The article's view. To render, `blocks` is its whole body (see
    /// [`Site::body`]); to fingerprint, the body counts by its hash.
    pub(crate) fn article<'b>(&'b self, i: usize, purpose: Purpose, blocks: &'b [Block]) -> ArticleView<'b> {
        let site = self.site;
        let a = &site.articles[i];
        // The lead is shown as the standfirst, so the body starts after it.
        // Markdown bodies are one HTML block: their lead stays in the body.
        let standfirst = a.lead_block.is_some() && !a.lead.is_empty();
        let (blocks, body_hash) = match purpose {
            Purpose::Render | Purpose::Feed => (
                blocks
                    .iter()
                    .enumerate()
                    .filter(|(k, _)| Some(*k) != a.lead_block)
                    .map(|(_, b)| self.block(b))
                    .collect(),
                None,
            ),
            Purpose::Fingerprint => (Vec::new(), Some(self.body_hash(i))),
        };
        // A feed entry is the body alone: no teasers around it.
        let page = purpose != Purpose::Feed;
        let more_like_this: Vec<usize> =
            if page { site.similar[i].iter().take(MORE_LIKE_THIS).map(|&o| o as usize).collect() } else { Vec::new() };
        let in_topic: Vec<usize> = site.article_topics[i]
            .first()
            .filter(|_| page)
            .map(|&t| {
                let others = site.topics[t].articles.iter().copied();
                others.filter(|&o| o != i && !more_like_this.contains(&o)).take(MORE_IN).collect()
            })
            .unwrap_or_default();
        let more_in = (!in_topic.is_empty()).then(|| MoreIn {
            topic: self.topic_links[site.article_topics[i][0]].clone(),
            articles: self.teasers(&in_topic, purpose),
        });
        let pos = site.position[i];
        ArticleView {
            title: &a.title,
            title_derived: a.title_derived,
            url: self.article_link(i),
            date: a.date.as_ref().map(DateView::new),
            // Only when it differs from the date.
            updated: (a.updated.as_ref())
                .filter(|u| a.date.is_none_or(|d| d.machine() != u.machine()))
                .map(DateView::new),
            authors: &a.authors,
            author_links: site.article_authors[i].iter().map(|&p| &self.author_links[p]).collect(),
            role: a.role.as_deref(),
            section: self.section_link(i),
            topics: self.topic_links(i).map(|(_, link)| link).collect(),
            words: a.words,
            reading_minutes: reading_minutes(a.words),
            pictures: a.images.iter().filter_map(|p| self.picture(p)).collect(),
            lead: &a.lead,
            standfirst,
            summary: a.summary(),
            blocks,
            body_hash,
            source_url: a.source_url().filter(|u| is_web_url(u)),
            extra: a.extra(),
            json_ld: if purpose == Purpose::Render { self.json_ld(i) } else { String::new() },
            more_in,
            more_like_this: self.teasers(&more_like_this, purpose),
            previous: a
                .date
                .filter(|_| page)
                .and(site.newest_first.get(pos + 1))
                .filter(|&&o| site.articles[o].date.is_some())
                .map(|&o| self.teaser(o, purpose)),
            next: a.date.filter(|_| page).and(pos.checked_sub(1)).map(|p| self.teaser(site.newest_first[p], purpose)),
        }
    }

    /// A picture as its page shows it; a local picture that could not be
    /// read is left out.
    fn picture<'b>(&'b self, p: &'b Picture) -> Option<PictureView<'b>> {
        let alt = p.alt.as_deref().or(p.caption.as_deref()).unwrap_or("");
        if !p.is_local() {
            let src = if p.src.starts_with('/') { self.link(&p.src) } else { p.src.clone() };
            return Some(PictureView {
                src,
                srcset: None,
                width: None,
                height: None,
                alt,
                caption: p.caption.as_deref(),
            });
        }
        let set = self.images.get(&p.src)?;
        let srcset = set.sizes.iter().map(|(path, w)| format!("{} {w}w", self.link(path))).collect::<Vec<_>>();
        Some(PictureView {
            src: self.link(&set.sizes[0].0),
            srcset: Some(srcset.join(", ")),
            width: Some(set.width),
            height: Some(set.height),
            alt,
            caption: p.caption.as_deref(),
        })
    }

    /// The lead picture's absolute URL, for `og:image`, feeds and JSON-LD.
    pub(crate) fn lead_image(&self, i: usize) -> Option<String> {
        let p = self.site.articles[i].images.first()?;
        let view = self.picture(p)?;
        Some(if view.src.starts_with("http") {
            view.src
        } else {
            format!("{}{}", self.config.base_url.origin, view.src)
        })
    }

    /// A hash of an article's body as its page shows it: the loader's hash
    /// of its text, and its related headlines by the URL they link to (never
    /// by the index of their article, which shifts whenever an article is
    /// added before it). Their text is in the loader's hash.
    fn body_hash(&self, i: usize) -> u64 {
        let a = &self.site.articles[i];
        let mut h = std::collections::hash_map::DefaultHasher::new();
        a.content_hash.hash(&mut h);
        for run in &a.links {
            let related = run.is_related();
            related.hash(&mut h);
            for item in run.items.iter().filter(|_| related) {
                item.target.map(|t| self.article_link(t as usize)).hash(&mut h);
            }
        }
        h.finish()
    }

    fn block<'b>(&'b self, block: &'b Block) -> BlockView<'b> {
        match block {
            Block::Paragraph(text) => BlockView::Paragraph { text },
            Block::Figure(f) => BlockView::Figure {
                media: f.media.as_str(),
                credit: f.credit.as_deref(),
                caption: f.caption.as_deref(),
                alt: f.alt.as_deref(),
            },
            Block::Related(r) => BlockView::Related {
                heading: r.heading.as_deref(),
                items: r
                    .items
                    .iter()
                    .map(|item| RelatedView { text: &item.text, url: item.target.map(|t| self.article_link(t)) })
                    .collect(),
            },
            Block::List(l) => BlockView::List { heading: l.heading.as_deref(), items: &l.items },
            Block::Html(html) => BlockView::Html { html },
        }
    }

    /// schema.org `NewsArticle`, with `<`, `>` and `&` escaped so that no
    /// text of the article can end the script element.
    fn json_ld(&self, i: usize) -> String {
        let (a, base) = (&self.site.articles[i], &self.config.base_url);
        let url = base.absolute(&self.site.urls[i]);
        let topics: Vec<&str> = self.site.topics_of(i).map(|t| t.name.as_str()).collect();
        let article = NewsArticleLd {
            context: SCHEMA_ORG,
            kind: "NewsArticle",
            headline: &a.title,
            url: url.clone(),
            description: a.summary(),
            date_published: a.date.as_ref().map(|d| d.rfc3339()),
            date_modified: a.updated.as_ref().or(a.date.as_ref()).map(|d| d.rfc3339()),
            author: (self.site.article_authors[i].iter())
                .map(|&p| &self.site.authors[p])
                .map(|author| PersonLd { kind: "Person", name: &author.name, url: base.absolute(&author.url) })
                .collect(),
            keywords: (!topics.is_empty()).then(|| topics.join(", ")),
            article_section: self.section_link(i).map(|s| s.text.as_str()),
            image: self.lead_image(i),
        };
        // Home, the article's section (or first topic), the article.
        let mut trail = vec![(self.config.title.as_str(), base.absolute(urls::HOME))];
        if let Some(s) = self.site.section_of(i).map(|k| &self.site.sections[k]) {
            trail.push((&s.name, base.absolute(&s.url)));
        } else if let Some(t) = self.site.topics_of(i).next() {
            trail.push((&t.name, base.absolute(&t.url)));
        }
        trail.push((&a.title, url));
        let breadcrumbs = BreadcrumbListLd {
            context: SCHEMA_ORG,
            kind: "BreadcrumbList",
            item_list_element: (trail.into_iter().enumerate())
                .map(|(k, (name, item))| ListItemLd { kind: "ListItem", position: k + 1, name, item })
                .collect(),
        };
        script_safe_json(&(article, breadcrumbs))
    }
}

const SCHEMA_ORG: &str = "https://schema.org";

/// schema.org's description of an article page, as JSON-LD: written from
/// borrowed fields, as it is made for every article page.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NewsArticleLd<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    headline: &'a str,
    url: String,
    description: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_modified: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    author: Vec<PersonLd<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    keywords: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    article_section: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<String>,
}

#[derive(Serialize)]
struct PersonLd<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    url: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct BreadcrumbListLd<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    item_list_element: Vec<ListItemLd<'a>>,
}

#[derive(Serialize)]
struct ListItemLd<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    position: usize,
    name: &'a str,
    item: String,
}

/// JSON that can sit inside `<script>`: `<`, `>` and `&` as `\u` escapes.
pub(crate) fn script_safe_json(value: &impl Serialize) -> String {
    let json = serde_json::to_string(value).expect("JSON-LD serialises");
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// Only `http:` and `https:` URLs become links (never `javascript:`).
pub(crate) fn is_web_url(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")) && !url.contains(char::is_whitespace)
}

/// Cuts text for a meta description at a word boundary.
pub(crate) fn short_description(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let cut = text.char_indices().nth(max_chars - 1).map_or(text.len(), |(i, _)| i);
    let head = &text[..cut];
    let head = head.rfind(' ').map_or(head, |s| &head[..s]);
    format!("{}…", head.trim_end_matches([',', ';', ':', ' ']))
}

//! Feeds: the site's (the newest `feed_limit` articles), one per topic and
//! one per author, each as Atom (`atom.xml`, written with quick-xml so that
//! every text is escaped as XML requires) and as JSON Feed 1.1
//! (`feed.json`), with their entries' lead images. The site's and the
//! topics' feeds carry each entry's full content; the authors' carry its
//! summary and link: together an archive's reporters wrote most of it, and
//! full-text author feeds would render the archive a second time (at
//! 100,000 articles a fifth of the build). A feed whose entries did not
//! change since the last build is kept as it is.
//!
//! Undated articles: Atom requires an `updated` date on every entry. Such an
//! article gets the Unix epoch (1970-01-01T00:00:00Z), which is deterministic,
//! accepted by feed readers, and agrees with the archive's rule that undated
//! articles sort after dated ones.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};
use rayon::prelude::*;
use serde::Serialize;

use super::manifest::Manifest;
use super::{Sink, WriteError};
use crate::config::Config;
use crate::index::{Site, urls};

/// Entries of the feeds written together, at most: they share their
/// articles' rendered contents (each rendered once per group), and memory
/// holds one group's.
const GROUP_ENTRIES: usize = 2_000;
/// An entry's categories, at most: an article with thousands of topics (a
/// scrape gone wrong) is in thousands of topic feeds, and must not list
/// them all in each.
const CATEGORIES: usize = 50;

/// What a feed follows.
#[derive(Clone, Copy)]
enum Follows {
    Site,
    Topic(usize),
    Author(usize),
}

impl Follows {
    /// Whether its entries carry the article's full content.
    fn full_content(self) -> bool {
        !matches!(self, Follows::Author(_))
    }
}

/// One feed of the site, before it is written: an Atom file and a JSON
/// Feed file with the same entries.
struct Planned<'a> {
    follows: Follows,
    /// The site path of the listing it follows (`/topics/x/`).
    page: &'a str,
    /// Its files, relative to the output folder (`topics/x/atom.xml`).
    atom: String,
    json: String,
    /// Its articles, newest first (only the first `feed_limit` are entries).
    articles: &'a [usize],
}

/// The site's feed, then each topic's, then each author's.
fn plan(site: &Site) -> Vec<Planned<'_>> {
    let topics = site.topics.iter().enumerate().map(|(t, topic)| (Follows::Topic(t), &topic.url, &topic.articles));
    let authors =
        site.authors.iter().enumerate().map(|(a, author)| (Follows::Author(a), &author.url, &author.articles));
    let file = |url: String| url.trim_start_matches('/').to_string();
    std::iter::once((Follows::Site, urls::HOME, &site.newest_first))
        .chain(topics.chain(authors).map(|(follows, page, articles)| (follows, page.as_str(), articles)))
        .map(|(follows, page, articles)| Planned {
            follows,
            page,
            atom: file(urls::feed(page)),
            json: file(urls::json_feed(page)),
            articles,
        })
        .collect()
}

/// An entry's content, rendered by the caller.
pub struct Content {
    /// The article's body as HTML, when a feed of the group needs it.
    pub html: Option<String>,
    /// Absolute URL of the article's lead image.
    pub image: Option<String>,
}

/// What the feeds are made from: the build's fingerprint of everything
/// every page shares, and each article page's fingerprint, by article
/// (none for an article without a page).
pub struct Fingerprints<'a> {
    pub base: u64,
    pub articles: &'a [Option<u64>],
}

/// Writes every feed whose entries changed since `previous` into `sink`
/// (the others are kept), and returns each feed's fingerprint for the next
/// manifest. `content(i, html)` renders article `i`'s lead image, and its
/// body when `html`; each article's is rendered once per group of feeds,
/// however many of them list it.
pub fn write<E>(
    config: &Config,
    site: &Site,
    fingerprints: Fingerprints<'_>,
    previous: &Manifest,
    sink: &dyn Sink,
    content: impl Fn(usize, bool) -> Result<Content, E> + Sync,
) -> Result<Vec<(String, u64)>, E>
where
    E: From<WriteError> + Send,
{
    let limit = config.feed_limit;
    let fingerprint = |feed: &Planned, file: &str| {
        let entries: Vec<u64> =
            feed.articles.iter().take(limit).map(|i| fingerprints.articles[*i].unwrap_or(0)).collect();
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (fingerprints.base, "feed", file, entries).hash(&mut h);
        h.finish()
    };
    let feeds = plan(site);
    let mut changed = Vec::new();
    let mut result = Vec::with_capacity(2 * feeds.len());
    for feed in &feeds {
        let mut kept = true;
        for file in [&feed.atom, &feed.json] {
            let f = fingerprint(feed, file);
            kept &= previous.get(file) == Some(f) && sink.keep(file);
            result.push((file.clone(), f));
        }
        if !kept {
            changed.push(feed);
        }
    }
    for group in groups(&changed, limit) {
        // Each article once, with its body if any full-content feed lists it.
        let mut needed: Vec<(usize, bool)> = (group.iter())
            .flat_map(|f| f.articles.iter().take(limit).map(|&i| (i, !f.follows.full_content())))
            .collect();
        needed.sort_unstable();
        needed.dedup_by_key(|(i, _)| *i);
        let contents: HashMap<usize, Content> = (needed.par_iter())
            .map(|&(i, summary_only)| content(i, !summary_only).map(|c| (i, c)))
            .collect::<Result<_, _>>()?;
        group.par_iter().try_for_each(|planned| -> Result<(), E> {
            let feed = to_feed(config, site, planned, &contents);
            sink.write(&planned.atom, &feed.to_xml())?;
            sink.write(&planned.json, &feed.to_json())?;
            Ok(())
        })?;
    }
    Ok(result)
}

/// Runs of consecutive feeds with at most [`GROUP_ENTRIES`] entries in all
/// (a feed with more is a run of its own).
fn groups<'p, 'a>(feeds: &'p [&'p Planned<'a>], limit: usize) -> Vec<&'p [&'p Planned<'a>]> {
    let mut groups = Vec::new();
    let (mut start, mut entries) = (0, 0);
    for (k, feed) in feeds.iter().enumerate() {
        let n = feed.articles.len().min(limit);
        if entries + n > GROUP_ENTRIES && k > start {
            groups.push(&feeds[start..k]);
            (start, entries) = (k, 0);
        }
        entries += n;
    }
    if start < feeds.len() {
        groups.push(&feeds[start..]);
    }
    groups
}

/// The feed `planned`, its entries' contents taken from `contents`.
fn to_feed<'a>(
    config: &'a Config,
    site: &'a Site,
    planned: &Planned<'a>,
    contents: &'a HashMap<usize, Content>,
) -> Feed<'a> {
    let base = &config.base_url;
    let (title, subtitle) = match planned.follows {
        Follows::Site => (config.title.clone(), config.description.as_str()),
        Follows::Topic(t) => {
            let topic = &site.topics[t];
            (format!("{} — {}", topic.name, config.title), topic.description.as_deref().unwrap_or(""))
        }
        Follows::Author(a) => (format!("{} — {}", site.authors[a].name, config.title), ""),
    };
    let entries = planned
        .articles
        .iter()
        .take(config.feed_limit)
        .map(|&i| {
            let a = &site.articles[i];
            let content = contents.get(&i);
            Entry {
                title: &a.title,
                url: base.absolute(&site.urls[i]),
                updated: a.updated.or(a.date).map_or_else(|| UNDATED.to_string(), |d| d.rfc3339()),
                published: a.date.map(|d| d.rfc3339()),
                authors: site.article_authors[i]
                    .iter()
                    .map(|&p| Person { name: &site.authors[p].name, url: base.absolute(&site.authors[p].url) })
                    .collect(),
                categories: site.topics_of(i).take(CATEGORIES).map(|t| t.name.as_str()).collect(),
                summary: a.summary(),
                content_html: content.and_then(|c| c.html.as_deref()).filter(|_| planned.follows.full_content()),
                image: content.and_then(|c| c.image.as_deref()),
            }
        })
        .collect();
    Feed {
        title,
        subtitle,
        atom_url: base.absolute(&urls::feed(planned.page)),
        json_url: base.absolute(&urls::json_feed(planned.page)),
        page_url: base.absolute(planned.page),
        language: &config.language,
        default_author: &config.title,
        entries,
    }
}

/// `updated` of undated entries.
pub const UNDATED: &str = "1970-01-01T00:00:00Z";

pub struct Feed<'a> {
    pub title: String,
    pub subtitle: &'a str,
    /// Absolute URLs of the feed as Atom and as JSON Feed.
    pub atom_url: String,
    pub json_url: String,
    /// Absolute URL of the page the feed follows.
    pub page_url: String,
    pub language: &'a str,
    /// Author of entries that name none.
    pub default_author: &'a str,
    pub entries: Vec<Entry<'a>>,
}

pub struct Entry<'a> {
    pub title: &'a str,
    /// Absolute URL, also the entry's id.
    pub url: String,
    pub updated: String,
    pub published: Option<String>,
    pub authors: Vec<Person<'a>>,
    pub categories: Vec<&'a str>,
    pub summary: &'a str,
    /// The full content, in feeds that carry it.
    pub content_html: Option<&'a str>,
    /// Absolute URL of the lead image.
    pub image: Option<&'a str>,
}

/// An entry's author, with the URL of their page.
pub struct Person<'a> {
    pub name: &'a str,
    pub url: String,
}

/// The media type of an image, from its URL's extension; `None` when the
/// extension says nothing.
fn image_type(url: &str) -> Option<&'static str> {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let extension = path.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match extension.as_str() {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "svg" => "image/svg+xml",
        _ => return None,
    })
}

impl Feed<'_> {
    pub fn to_xml(&self) -> Vec<u8> {
        let mut writer = Writer::new_with_indent(Vec::with_capacity(16 * 1024), b' ', 2);
        self.write(&mut writer).expect("writing to memory cannot fail");
        let mut bytes = writer.into_inner();
        bytes.push(b'\n');
        bytes
    }

    fn write(&self, w: &mut Writer<Vec<u8>>) -> io::Result<()> {
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
        let updated = self.entries.iter().map(|e| e.updated.as_str()).max().unwrap_or(UNDATED);
        w.create_element("feed")
            .with_attribute(("xmlns", "http://www.w3.org/2005/Atom"))
            .with_attribute(("xml:lang", self.language))
            .write_inner_content(|w| {
                text(w, "title", &self.title)?;
                if !self.subtitle.is_empty() {
                    text(w, "subtitle", self.subtitle)?;
                }
                text(w, "id", &self.atom_url)?;
                w.create_element("link")
                    .with_attribute(("rel", "self"))
                    .with_attribute(("type", "application/atom+xml"))
                    .with_attribute(("href", self.atom_url.as_str()))
                    .write_empty()?;
                w.create_element("link")
                    .with_attribute(("rel", "alternate"))
                    .with_attribute(("type", "application/feed+json"))
                    .with_attribute(("href", self.json_url.as_str()))
                    .write_empty()?;
                w.create_element("link")
                    .with_attribute(("rel", "alternate"))
                    .with_attribute(("type", "text/html"))
                    .with_attribute(("href", self.page_url.as_str()))
                    .write_empty()?;
                text(w, "updated", updated)?;
                w.create_element("author").write_inner_content(|w| text(w, "name", self.default_author))?;
                text(w, "generator", "gazette")?;
                for entry in &self.entries {
                    write_entry(w, entry)?;
                }
                Ok(())
            })?;
        Ok(())
    }
}

fn write_entry(w: &mut Writer<Vec<u8>>, e: &Entry) -> io::Result<()> {
    w.create_element("entry").write_inner_content(|w| {
        text(w, "title", e.title)?;
        w.create_element("link")
            .with_attribute(("rel", "alternate"))
            .with_attribute(("type", "text/html"))
            .with_attribute(("href", e.url.as_str()))
            .write_empty()?;
        text(w, "id", &e.url)?;
        text(w, "updated", &e.updated)?;
        if let Some(published) = &e.published {
            text(w, "published", published)?;
        }
        if let Some(image) = e.image {
            let link = w.create_element("link").with_attribute(("rel", "enclosure")).with_attribute(("href", image));
            match image_type(image) {
                Some(kind) => link.with_attribute(("type", kind)).write_empty()?,
                None => link.write_empty()?,
            };
        }
        for author in &e.authors {
            w.create_element("author").write_inner_content(|w| {
                text(w, "name", author.name)?;
                text(w, "uri", &author.url)
            })?;
        }
        for category in &e.categories {
            w.create_element("category").with_attribute(("term", *category)).write_empty()?;
        }
        if !e.summary.is_empty() {
            text(w, "summary", e.summary)?;
        }
        if let Some(html) = e.content_html {
            w.create_element("content").with_attribute(("type", "html")).write_text_content(BytesText::new(html))?;
        }
        Ok(())
    })?;
    Ok(())
}

impl Feed<'_> {
    /// The feed as JSON Feed 1.1 (<https://jsonfeed.org/version/1.1>).
    pub fn to_json(&self) -> Vec<u8> {
        let feed = JsonFeed {
            version: "https://jsonfeed.org/version/1.1",
            title: &self.title,
            description: Some(self.subtitle).filter(|s| !s.is_empty()),
            home_page_url: &self.page_url,
            feed_url: &self.json_url,
            language: self.language,
            authors: [JsonAuthor { name: self.default_author, url: None }],
            items: self.entries.iter().map(JsonItem::of).collect(),
        };
        let mut bytes = serde_json::to_vec(&feed).expect("JSON of strings cannot fail");
        bytes.push(b'\n');
        bytes
    }
}

/// JSON Feed 1.1's top level, borrowing the feed's text.
#[derive(Serialize)]
struct JsonFeed<'a> {
    version: &'static str,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    home_page_url: &'a str,
    feed_url: &'a str,
    language: &'a str,
    authors: [JsonAuthor<'a>; 1],
    items: Vec<JsonItem<'a>>,
}

#[derive(Serialize)]
struct JsonAuthor<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonItem<'a> {
    id: &'a str,
    url: &'a str,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    content_html: Option<&'a str>,
    /// JSON Feed requires content: a summary-only entry's is its summary
    /// as text (its title when it has none).
    #[serde(skip_serializing_if = "Option::is_none")]
    content_text: Option<&'a str>,
    #[serde(skip_serializing_if = "str::is_empty")]
    summary: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<&'a str>,
    date_modified: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    authors: Vec<JsonAuthor<'a>>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    tags: &'a [&'a str],
}

impl<'a> JsonItem<'a> {
    fn of(e: &'a Entry) -> JsonItem<'a> {
        JsonItem {
            id: &e.url,
            url: &e.url,
            title: e.title,
            content_html: e.content_html,
            content_text: match e.content_html {
                Some(_) => None,
                None if e.summary.is_empty() => Some(e.title),
                None => Some(e.summary),
            },
            summary: e.summary,
            image: e.image,
            date_published: e.published.as_deref(),
            date_modified: &e.updated,
            authors: e.authors.iter().map(|a| JsonAuthor { name: a.name, url: Some(&a.url) }).collect(),
            tags: &e.categories,
        }
    }
}

fn text(w: &mut Writer<Vec<u8>>, name: &str, value: &str) -> io::Result<()> {
    w.create_element(name).write_text_content(BytesText::new(value))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        let feed = Feed {
            title: "T & <T>".into(),
            subtitle: "",
            atom_url: "https://e.org/atom.xml".into(),
            json_url: "https://e.org/feed.json".into(),
            page_url: "https://e.org/".into(),
            language: "en",
            default_author: "Site",
            entries: vec![Entry {
                title: "]]> <script>",
                url: "https://e.org/a/".into(),
                updated: UNDATED.into(),
                published: None,
                authors: vec![Person { name: "A <b>", url: "https://e.org/authors/a-b/".into() }],
                categories: vec!["x\"y"],
                summary: "s",
                content_html: Some("<p>a &amp; b</p>"),
                image: Some("https://e.org/media/1/a-640.jpg"),
            }],
        };
        let xml = String::from_utf8(feed.to_xml()).unwrap();
        assert!(xml.contains("<title>T &amp; &lt;T&gt;</title>"), "{xml}");
        assert!(xml.contains("]]&gt; &lt;script&gt;"));
        assert!(xml.contains("&lt;p&gt;a &amp;amp; b&lt;/p&gt;"));
        assert!(xml.contains("term=\"x&quot;y\""));
        assert!(xml.contains("<name>A &lt;b&gt;</name>"));
        assert!(xml.contains(r#"<link rel="enclosure" href="https://e.org/media/1/a-640.jpg" type="image/jpeg"/>"#));
        let json: serde_json::Value = serde_json::from_slice(&feed.to_json()).unwrap();
        assert_eq!(json["version"], "https://jsonfeed.org/version/1.1");
        assert_eq!(json["items"][0]["title"], "]]> <script>");
        assert_eq!(json["items"][0]["image"], "https://e.org/media/1/a-640.jpg");
        assert_eq!(json["items"][0]["authors"][0]["url"], "https://e.org/authors/a-b/");
    }

    #[test]
    fn image_types_come_from_the_extension() {
        assert_eq!(image_type("https://e.org/a.JPG?w=5"), Some("image/jpeg"));
        assert_eq!(image_type("https://e.org/a.webp"), Some("image/webp"));
        assert_eq!(image_type("https://e.org/image"), None);
    }
}

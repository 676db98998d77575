//! Atom feeds: the site's (`/atom.xml`, the newest `feed_limit` articles)
//! and one per topic, each with the full content of its entries. A feed
//! whose entries did not change since the last build is kept as it is.
//! Written with quick-xml so that every title, summary and content is
//! escaped as XML requires.
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

use super::manifest::Manifest;
use super::{Sink, WriteError};
use crate::config::Config;
use crate::index::{Site, urls};

/// Feeds written together, sharing their articles' rendered contents.
const GROUP: usize = 16;

/// One feed of the site, before it is written.
struct Planned<'a> {
    /// The file, relative to the output folder (`topics/x/atom.xml`).
    file: String,
    /// The topic it follows; `None` for the site's feed.
    topic: Option<usize>,
    /// Its articles, newest first (only the first `feed_limit` are entries).
    articles: &'a [usize],
}

/// The site feed, then one feed per topic.
fn plan(site: &Site) -> Vec<Planned<'_>> {
    let file = |url: &str| url.trim_start_matches('/').to_string();
    let mut feeds = vec![Planned { file: file(urls::FEED), topic: None, articles: &site.newest_first }];
    for (t, topic) in site.topics.iter().enumerate() {
        feeds.push(Planned { file: file(&urls::feed(&topic.url)), topic: Some(t), articles: &topic.articles });
    }
    feeds
}

/// What the feeds are made from: the build's fingerprint of everything
/// every page shares, and each article page's fingerprint.
pub struct Fingerprints<'a> {
    pub base: u64,
    pub articles: &'a HashMap<usize, u64>,
}

/// Writes every feed whose entries changed since `previous` into `sink`
/// (the others are kept), and returns each feed's fingerprint for the next
/// manifest. `content` renders an article's body as HTML; each article's is
/// rendered once per group of feeds, however many of them list it.
pub fn write<E>(
    config: &Config,
    site: &Site,
    fingerprints: Fingerprints<'_>,
    previous: &Manifest,
    sink: &dyn Sink,
    content: impl Fn(usize) -> Result<String, E> + Sync,
) -> Result<Vec<(String, u64)>, E>
where
    E: From<WriteError> + Send,
{
    let limit = config.feed_limit;
    let fingerprint = |feed: &Planned| {
        let entries: Vec<u64> =
            feed.articles.iter().take(limit).map(|i| fingerprints.articles.get(i).copied().unwrap_or(0)).collect();
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (fingerprints.base, "feed", &feed.file, entries).hash(&mut h);
        h.finish()
    };
    let feeds = plan(site);
    let mut changed = Vec::new();
    let mut result = Vec::with_capacity(feeds.len());
    for feed in &feeds {
        let f = fingerprint(feed);
        if previous.get(&feed.file) != Some(f) || !sink.keep(&feed.file) {
            changed.push(feed);
        }
        result.push((feed.file.clone(), f));
    }
    // Memory holds one group's contents, not every article's.
    for group in changed.chunks(GROUP) {
        let mut needed: Vec<usize> = group.iter().flat_map(|f| f.articles.iter().take(limit).copied()).collect();
        needed.sort_unstable();
        needed.dedup();
        let contents: HashMap<usize, String> =
            needed.par_iter().map(|&i| content(i).map(|html| (i, html))).collect::<Result<_, _>>()?;
        group.par_iter().try_for_each(|feed| -> Result<(), E> {
            sink.write(&feed.file, &to_feed(config, site, feed, &contents).to_xml())?;
            Ok(())
        })?;
    }
    Ok(result)
}

/// The feed `planned`, its entries' contents taken from `contents`.
fn to_feed<'a>(
    config: &'a Config,
    site: &'a Site,
    planned: &Planned<'a>,
    contents: &HashMap<usize, String>,
) -> Feed<'a> {
    let base = &config.base_url;
    let (title, subtitle, page) = match planned.topic {
        None => (config.title.clone(), config.description.as_str(), urls::HOME),
        Some(t) => {
            let topic = &site.topics[t];
            (
                format!("{} — {}", topic.name, config.title),
                topic.description.as_deref().unwrap_or(""),
                topic.url.as_str(),
            )
        }
    };
    let entries = planned
        .articles
        .iter()
        .take(config.feed_limit)
        .map(|&i| {
            let a = &site.articles[i];
            Entry {
                title: &a.title,
                url: base.absolute(&site.urls[i]),
                updated: a.updated.or(a.date).map_or_else(|| UNDATED.to_string(), |d| d.rfc3339()),
                published: a.date.map(|d| d.rfc3339()),
                authors: &a.authors,
                categories: site.topics_of(i).map(|t| t.name.as_str()).collect(),
                summary: &a.summary,
                content_html: contents.get(&i).cloned().unwrap_or_default(),
            }
        })
        .collect();
    Feed {
        title,
        subtitle,
        self_url: base.absolute(&format!("/{}", planned.file)),
        page_url: base.absolute(page),
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
    /// Absolute URL of the feed itself.
    pub self_url: String,
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
    pub authors: &'a [String],
    pub categories: Vec<&'a str>,
    pub summary: &'a str,
    pub content_html: String,
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
                text(w, "id", &self.self_url)?;
                w.create_element("link")
                    .with_attribute(("rel", "self"))
                    .with_attribute(("type", "application/atom+xml"))
                    .with_attribute(("href", self.self_url.as_str()))
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
        for author in e.authors {
            w.create_element("author").write_inner_content(|w| text(w, "name", author))?;
        }
        for category in &e.categories {
            w.create_element("category").with_attribute(("term", *category)).write_empty()?;
        }
        if !e.summary.is_empty() {
            text(w, "summary", e.summary)?;
        }
        w.create_element("content")
            .with_attribute(("type", "html"))
            .write_text_content(BytesText::new(&e.content_html))?;
        Ok(())
    })?;
    Ok(())
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
        let authors = vec!["A <b>".to_string()];
        let feed = Feed {
            title: "T & <T>".into(),
            subtitle: "",
            self_url: "https://e.org/atom.xml".into(),
            page_url: "https://e.org/".into(),
            language: "en",
            default_author: "Site",
            entries: vec![Entry {
                title: "]]> <script>",
                url: "https://e.org/a/".into(),
                updated: UNDATED.into(),
                published: None,
                authors: &authors,
                categories: vec!["x\"y"],
                summary: "s",
                content_html: "<p>a &amp; b</p>".into(),
            }],
        };
        let xml = String::from_utf8(feed.to_xml()).unwrap();
        assert!(xml.contains("<title>T &amp; &lt;T&gt;</title>"), "{xml}");
        assert!(xml.contains("]]&gt; &lt;script&gt;"));
        assert!(xml.contains("&lt;p&gt;a &amp;amp; b&lt;/p&gt;"));
        assert!(xml.contains("term=\"x&quot;y\""));
    }
}

//! Atom feeds, written with quick-xml so that every title, summary and
//! content is escaped as XML requires.
//!
//! Undated articles: Atom requires an `updated` date on every entry. Such an
//! article gets the Unix epoch (1970-01-01T00:00:00Z), which is deterministic,
//! accepted by feed readers, and agrees with the archive's rule that undated
//! articles sort after dated ones.

use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

/// `updated` of undated entries.
pub const UNDATED: &str = "1970-01-01T00:00:00Z";

pub struct Feed<'a> {
    pub title: &'a str,
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
                text(w, "title", self.title)?;
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
            title: "T & <T>",
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

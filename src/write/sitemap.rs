//! `sitemap.xml` (split into numbered sitemaps under a sitemap index above the
//! protocol's 50,000 URLs) and `robots.txt`.

use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use super::{Sink, WriteError};
use crate::config::Config;
use crate::index::pages::{Page, PageKind};
use crate::index::{Site, urls};

/// Writes the sitemap of every HTML page except redirects and the 404 page,
/// with an article's last change as `lastmod`, and `robots.txt`.
pub fn write(config: &Config, site: &Site, pages: &[Page], sink: &dyn Sink) -> Result<(), WriteError> {
    let base = &config.base_url;
    let listed: Vec<&Page> =
        pages.iter().filter(|p| !matches!(p.kind, PageKind::Alias { .. } | PageKind::NotFound)).collect();
    let url = |k: usize| SitemapUrl {
        loc: base.absolute(&listed[k].url),
        lastmod: match listed[k].kind {
            PageKind::Article(i) => site.articles[i].updated.or(site.articles[i].date).map(|d| d.machine()),
            _ => None,
        },
    };
    let absolute = |name: &str| base.absolute(&format!("/{name}"));
    sitemaps(listed.len(), url, absolute, |name, bytes| sink.write(name, bytes))?;
    sink.write("robots.txt", robots(&base.absolute(urls::SITEMAP)).as_bytes())
}

/// The sitemap protocol's limit of URLs per file.
pub const MAX_URLS: usize = 50_000;
const NAMESPACE: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

pub struct SitemapUrl {
    /// Absolute URL.
    pub loc: String,
    /// W3C datetime, where known.
    pub lastmod: Option<String>,
}

/// Writes the sitemap of `count` URLs (`url(k)` the `k`th) through `write`,
/// by name: `sitemap.xml` alone, or a sitemap index named `sitemap.xml` after
/// `sitemap-1.xml`, `sitemap-2.xml`… Each file's URLs are made as it is
/// written: a million of them at once took 400 MB. `absolute` turns a file
/// name into its absolute URL.
pub fn sitemaps<E>(
    count: usize,
    url: impl Fn(usize) -> SitemapUrl,
    absolute: impl Fn(&str) -> String,
    mut write: impl FnMut(&str, &[u8]) -> Result<(), E>,
) -> Result<(), E> {
    if count <= MAX_URLS {
        return write("sitemap.xml", &urlset((0..count).map(url)));
    }
    let mut locs = Vec::new();
    for (n, start) in (0..count).step_by(MAX_URLS).enumerate() {
        let name = format!("sitemap-{}.xml", n + 1);
        write(&name, &urlset((start..count.min(start + MAX_URLS)).map(&url)))?;
        locs.push(absolute(&name));
    }
    write("sitemap.xml", &index(&locs))
}

fn urlset(urls: impl Iterator<Item = SitemapUrl>) -> Vec<u8> {
    document(|w| {
        w.create_element("urlset").with_attribute(("xmlns", NAMESPACE)).write_inner_content(|w| {
            for url in urls {
                w.create_element("url").write_inner_content(|w| {
                    w.create_element("loc").write_text_content(BytesText::new(&url.loc))?;
                    if let Some(lastmod) = &url.lastmod {
                        w.create_element("lastmod").write_text_content(BytesText::new(lastmod))?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })?;
        Ok(())
    })
}

fn index(locs: &[String]) -> Vec<u8> {
    document(|w| {
        w.create_element("sitemapindex").with_attribute(("xmlns", NAMESPACE)).write_inner_content(|w| {
            for loc in locs {
                w.create_element("sitemap").write_inner_content(|w| {
                    w.create_element("loc").write_text_content(BytesText::new(loc)).map(|_| ())
                })?;
            }
            Ok(())
        })?;
        Ok(())
    })
}

fn document(body: impl FnOnce(&mut Writer<Vec<u8>>) -> io::Result<()>) -> Vec<u8> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 1);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None))).expect("in memory");
    body(&mut w).expect("in memory");
    let mut bytes = w.into_inner();
    bytes.push(b'\n');
    bytes
}

/// `robots.txt`: everything allowed, and where the sitemap is.
pub fn robots(sitemap_url: &str) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_above_the_limit() {
        let url = |i| SitemapUrl { loc: format!("https://e.org/{i}/"), lastmod: None };
        let mut files = Vec::new();
        let write = |name: &str, bytes: &[u8]| -> Result<(), ()> {
            files.push((name.to_string(), bytes.to_vec()));
            Ok(())
        };
        sitemaps(MAX_URLS + 1, url, |n| format!("https://e.org/{n}"), write).unwrap();
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["sitemap-1.xml", "sitemap-2.xml", "sitemap.xml"]);
        let index = String::from_utf8(files[2].1.clone()).unwrap();
        assert!(index.contains("<loc>https://e.org/sitemap-2.xml</loc>"));
        let last = String::from_utf8(files[1].1.clone()).unwrap();
        assert_eq!(last.matches("<url>").count(), 1);
        assert!(last.contains(&format!("<loc>https://e.org/{MAX_URLS}/</loc>")), "{last}");
    }
}

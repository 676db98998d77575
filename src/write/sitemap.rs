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
    for (name, bytes) in sitemaps(&urls, |name| base.absolute(&format!("/{name}"))) {
        sink.write(&name, &bytes)?;
    }
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

/// The sitemap files to write, by name: `sitemap.xml` alone, or a sitemap
/// index named `sitemap.xml` with `sitemap-1.xml`, `sitemap-2.xml`…
/// `absolute` turns a file name into its absolute URL.
pub fn sitemaps(urls: &[SitemapUrl], absolute: impl Fn(&str) -> String) -> Vec<(String, Vec<u8>)> {
    if urls.len() <= MAX_URLS {
        return vec![("sitemap.xml".into(), urlset(urls))];
    }
    let mut files: Vec<(String, Vec<u8>)> =
        urls.chunks(MAX_URLS).enumerate().map(|(i, chunk)| (format!("sitemap-{}.xml", i + 1), urlset(chunk))).collect();
    let locs: Vec<String> = files.iter().map(|(name, _)| absolute(name)).collect();
    files.push(("sitemap.xml".into(), index(&locs)));
    files
}

fn urlset(urls: &[SitemapUrl]) -> Vec<u8> {
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
        let urls: Vec<SitemapUrl> =
            (0..MAX_URLS + 1).map(|i| SitemapUrl { loc: format!("https://e.org/{i}/"), lastmod: None }).collect();
        let files = sitemaps(&urls, |n| format!("https://e.org/{n}"));
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["sitemap-1.xml", "sitemap-2.xml", "sitemap.xml"]);
        let index = String::from_utf8(files[2].1.clone()).unwrap();
        assert!(index.contains("<loc>https://e.org/sitemap-2.xml</loc>"));
    }
}

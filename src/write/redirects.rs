//! `_redirects` (Netlify, Cloudflare Pages): one line per alias of an
//! article, beside the alias pages that do the same on any other host.

use super::{Sink, WriteError};
use crate::config::Config;
use crate::index::Site;
use crate::index::pages::clean_alias;

pub fn write(config: &Config, site: &Site, sink: &dyn Sink) -> Result<(), WriteError> {
    let mut lines = Vec::new();
    for (i, article) in site.articles.iter().enumerate() {
        for alias in article.aliases().iter().filter_map(|a| clean_alias(a)) {
            lines.push(format!("{} {} 301", config.base_url.link(&alias), config.base_url.link(&site.urls[i])));
        }
    }
    lines.sort();
    if lines.is_empty() {
        return Ok(());
    }
    lines.push(String::new());
    sink.write("_redirects", lines.join("\n").as_bytes())
}

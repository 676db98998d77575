//! Page furniture learned from the archive itself. A scraper that keeps the
//! whole page keeps every page's menus, share rows and footers: lines that
//! recur across the files of one source, where article lines do not. Before
//! articles are parsed, a sample of each source's `.txt` files is read and
//! every line counted once per page, by a hash of its normalised words;
//! copies of one article (the same headline, most prose shared) count once.
//! The lines found in many pages, the parts their titles share (an outlet's
//! name) and the language of their prose are what `text/page.rs` uses.
//!
//! A source is the host of the article's `source_url` (front matter,
//! sidecar, or a URL line at the top of the page), else its section folder,
//! else the whole archive.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;

use super::text::page::{self, SourceStats};
use super::text::stopwords::Tally;
use super::{Format, Source, decode, front_matter};
use crate::config::LoadOptions;

/// Pages of one headline sharing this share of their prose are copies.
const COPY_SHARE: f64 = 0.8;

/// What every source of the archive repeats, and a fingerprint of each.
#[derive(Debug, Default, Clone)]
pub(crate) struct Learned {
    by_source: HashMap<String, (Arc<SourceStats>, u64)>,
}

impl Learned {
    pub(crate) fn of(&self, source: &str) -> Option<&SourceStats> {
        self.by_source.get(source).map(|(s, _)| s.as_ref())
    }

    /// A fingerprint of what was learned of `source`: a cached article of
    /// that source is parsed again when it changes.
    pub(crate) fn fingerprint(&self, source: &str) -> u64 {
        self.by_source.get(source).map_or(0, |(_, f)| *f)
    }
}

fn fingerprint(stats: &SourceStats) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    let mut repeats: Vec<(&u64, &u32)> = stats.repeats.iter().collect();
    repeats.sort_unstable();
    let mut outlet: Vec<&u64> = stats.outlet_parts.iter().collect();
    outlet.sort_unstable();
    (stats.groups, repeats, outlet, stats.language).hash(&mut h);
    h.finish()
}

/// The source of an article: `host:` and the host of its URL, `section:`
/// and its folder, or empty for the archive. `text` is the whole file, its
/// front matter included; `sidecar` its sidecar's text.
pub(crate) fn source_of(text: &str, sidecar: Option<&str>, section: Option<&str>) -> String {
    let host = url_host_in_front_matter(text)
        .or_else(|| sidecar.and_then(url_host_in_front_matter))
        .or_else(|| url_line_host(text));
    match (host, section) {
        (Some(host), _) => format!("host:{host}"),
        (None, Some(section)) => format!("section:{section}"),
        (None, None) => String::new(),
    }
}

/// How a source is named in messages.
pub(crate) fn source_name(key: &str) -> String {
    match key.split_once(':') {
        Some((_, name)) => name.to_string(),
        None => "the archive".to_string(),
    }
}

/// The host of `source_url = "…"` / `url: …` in front matter or a sidecar.
fn url_host_in_front_matter(text: &str) -> Option<String> {
    let (head, _, _) = front_matter::split(text).ok()?;
    let head = head.map_or(text, |(_, head)| head);
    head.lines().find_map(|line| {
        let (key, value) = line.split_once(['=', ':'])?;
        matches!(key.trim().trim_matches('"'), "source_url" | "url" | "canonical_url" | "link")
            .then(|| host(value.trim().trim_matches(['"', '\''])))
            .flatten()
    })
}

/// The host of a line that is only a URL, among the first lines of a page.
fn url_line_host(text: &str) -> Option<String> {
    let body = front_matter::split(text).map_or(text, |(_, body, _)| body);
    body.lines().take(10).map(str::trim).find(|l| !l.contains(' ') && l.starts_with("http")).and_then(host)
}

fn host(url: &str) -> Option<String> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    let host = rest.split(['/', '?', '#']).next()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    (!host.is_empty()).then_some(host)
}

/// What one sampled page gives the count.
struct PageLines {
    source: String,
    /// Distinct line keys.
    keys: Vec<u64>,
    /// Key of the headline part of the first line.
    headline: u64,
    /// Keys of the prose lines, sorted, to tell copies apart.
    prose: Vec<u64>,
    /// Keys of the parts of a first line that has parts.
    title_parts: Vec<u64>,
    /// The stopwords of its prose, for one page in [`TALLY_EVERY`].
    tally: Option<Tally>,
}

/// The language of a source is told by one page in this many (its prose
/// is in one language; a few hundred pages tell it).
const TALLY_EVERY: u64 = 4;

/// Reads a sample of every source's scraped text files and counts what
/// they repeat. Nothing is learned when `chrome = "off"`.
pub(crate) fn learn(sources: &[Source], options: &LoadOptions) -> Learned {
    if !options.chrome.auto {
        return Learned::default();
    }
    let texts: Vec<&Source> = sources.iter().filter(|s| s.format == Format::Text).collect();
    let sampled = sample(&texts, options.chrome.sample);
    let pages: Vec<PageLines> = sampled.par_iter().filter_map(|s| read_page(s, options)).collect();
    let mut by_source: HashMap<&str, Vec<&PageLines>> = HashMap::new();
    for page in &pages {
        by_source.entry(page.source.as_str()).or_default().push(page);
    }
    let learned = by_source
        .into_par_iter()
        .map(|(source, pages)| {
            let stats = count(source, &pages);
            let f = fingerprint(&stats);
            (source.to_string(), (Arc::new(stats), f))
        })
        .collect();
    Learned { by_source: learned }
}

/// Every file, up to `limit` files a section; above it, every k-th by a
/// hash of its path, so that the sample is the same from build to build.
/// (Sections stand in for sources here: a source's host is known only once
/// the file is read.)
fn sample<'a>(sources: &[&'a Source], limit: usize) -> Vec<&'a Source> {
    let mut by_section: HashMap<Option<&str>, Vec<&Source>> = HashMap::new();
    for s in sources {
        by_section.entry(s.section.as_deref()).or_default().push(s);
    }
    let mut out = Vec::new();
    for files in by_section.into_values() {
        let step = files.len().div_ceil(limit).max(1) as u64;
        out.extend(files.into_iter().filter(|s| fnv(&s.shown).is_multiple_of(step)));
    }
    out
}

fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf29ce484222325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100000001b3))
}

fn read_page(source: &Source, options: &LoadOptions) -> Option<PageLines> {
    let bytes = std::fs::read(&source.file).ok()?;
    let text = decode::decode(&bytes, options).ok()?;
    let sidecar = source.sidecar.as_ref().and_then(|p| std::fs::read_to_string(p).ok());
    let key = source_of(&text, sidecar.as_deref(), source.section.as_deref());
    let body = front_matter::split(&text).map_or(text.as_str(), |(_, body, _)| body);
    let lines: Vec<std::borrow::Cow<str>> = body.split('\n').map(page::clean_line).filter(|l| !l.is_empty()).collect();
    let first = lines.first()?;
    let parts = super::text::title_parts(first);
    let headline = parts.iter().max_by_key(|p| p.len()).map_or(0, |p| page::line_key(p));
    let mut tally = fnv(&source.shown).is_multiple_of(TALLY_EVERY).then(Tally::default);
    let mut prose = Vec::new();
    let mut keys = HashSet::new();
    for line in &lines {
        let k = page::line_key(line);
        if k == 0 {
            continue;
        }
        keys.insert(k);
        if line.len() >= 80 && page::ends_sentence(line) {
            prose.push(k);
            if let Some(t) = tally.as_mut() {
                t.add_line(line);
            }
        }
    }
    prose.sort_unstable();
    prose.dedup();
    let title_parts = if parts.len() > 1 {
        let set: HashSet<u64> = parts.iter().map(|p| page::line_key(p)).collect();
        set.into_iter().collect()
    } else {
        Vec::new()
    };
    Some(PageLines { source: key, keys: keys.into_iter().collect(), headline, prose, title_parts, tally })
}

/// Counts the lines and title parts of one source's pages.
fn count(source: &str, pages: &[&PageLines]) -> SourceStats {
    let group = copy_groups(pages);
    let groups = group.iter().collect::<HashSet<_>>().len();
    let mut df: rustc_hash::FxHashMap<u64, (usize, u32)> = rustc_hash::FxHashMap::default();
    let mut order: Vec<usize> = (0..pages.len()).collect();
    order.sort_by_key(|&k| group[k]);
    for k in order {
        for &key in &pages[k].keys {
            let entry = df.entry(key).or_insert((usize::MAX, 0));
            if entry.0 != group[k] {
                *entry = (group[k], entry.1 + 1);
            }
        }
    }
    let repeats = df.into_iter().filter(|(_, (_, n))| *n >= 2).map(|(k, (_, n))| (k, n)).collect();
    let mut parts: HashMap<u64, u32> = HashMap::new();
    let mut tally = Tally::default();
    for page in pages {
        for &p in &page.title_parts {
            *parts.entry(p).or_default() += 1;
        }
        if let Some(t) = &page.tally {
            tally.merge(t);
        }
    }
    SourceStats {
        name: source_name(source),
        groups,
        repeats,
        outlet_parts: parts.into_iter().filter(|(_, n)| *n >= 2).map(|(k, _)| k).collect(),
        language: tally.best(),
    }
}

/// The group of each page: pages with the same headline sharing most of
/// their prose are one article scraped twice, and count once.
fn copy_groups(pages: &[&PageLines]) -> Vec<usize> {
    let mut group: Vec<usize> = (0..pages.len()).collect();
    let mut by_headline: HashMap<u64, Vec<usize>> = HashMap::new();
    for (k, page) in pages.iter().enumerate() {
        by_headline.entry(page.headline).or_default().push(k);
    }
    for members in by_headline.values().filter(|m| m.len() > 1) {
        let mut heads: Vec<usize> = Vec::new();
        for &k in members {
            let copy_of = heads.iter().copied().find(|&h| {
                let shared = shared_keys(&pages[k].prose, &pages[h].prose);
                shared > 0 && shared as f64 >= COPY_SHARE * pages[k].prose.len().min(pages[h].prose.len()) as f64
            });
            match copy_of {
                Some(h) => group[k] = group[h],
                None => heads.push(k),
            }
        }
    }
    group
}

/// How many keys two sorted lists share.
fn shared_keys(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_by_url_then_section() {
        assert_eq!(
            source_of("+++\nsource_url = \"https://www.example.com/a\"\n+++\nText\n", None, Some("x")),
            "host:example.com"
        );
        assert_eq!(source_of("---\nurl: https://news.example.org/b\n---\nText\n", None, None), "host:news.example.org");
        assert_eq!(source_of("Headline\nhttps://example.net/story/1\n\nText\n", None, None), "host:example.net");
        assert_eq!(source_of("Headline\n\nText\n", Some("source_url = \"http://e.org/\"\n"), None), "host:e.org");
        assert_eq!(source_of("Headline\n\nText\n", None, Some("world")), "section:world");
        assert_eq!(source_of("Headline\n\nText\n", None, None), "");
        assert_eq!(source_name("host:e.org"), "e.org");
        assert_eq!(source_name(""), "the archive");
    }
}

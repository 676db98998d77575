//! The search index, built in this process with Pagefind's Rust API.
//!
//! Pagefind indexing costs far more than rendering a page, and its memory
//! grows with the index. So the archive is indexed in shards — one per year,
//! split further above [`SHARD_SIZE`] articles — each a Pagefind bundle of its
//! own under `/pagefind/<shard>/`, which the search page merges at query time
//! (Pagefind's `mergeIndex`). Memory stays bounded by the shard size whatever
//! the archive's, and a rebuild re-indexes only the shards whose records
//! changed: every shard carries the fingerprint of its records, and an
//! unchanged shard is taken over from the previous output.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::Path;

use rayon::prelude::*;

use crate::config::Config;
use crate::index::Site;
use crate::model::Block;
use crate::write::{Sink, WriteError};

/// Articles per shard: a year with more is split into `⌈n / SHARD_SIZE⌉`
/// parts (by hash, so a part may hold a few more). Pagefind holds about
/// 250 KB per article while it indexes, two shards are indexed at a time,
/// and the rest of a build of 100,000 articles holds about 450 MB: 800 keeps
/// the whole well under 1 GiB. Smaller shards would give the search page
/// more files to fetch.
pub const SHARD_SIZE: usize = 800;
/// The file in each shard that records the fingerprint of its records.
const FINGERPRINT_FILE: &str = "gazette-shard.txt";

/// A part of the archive indexed as one Pagefind bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shard {
    /// Folder name under `/pagefind/`: `2021`, `2021-2`, `undated`.
    pub id: String,
    pub articles: Vec<usize>,
}

/// Shards by year (undated articles in one of their own); a year with more
/// than [`SHARD_SIZE`] articles is split by a hash of each article's path,
/// so an added or removed article moves no other article between shards.
pub fn plan(site: &Site) -> Vec<Shard> {
    let mut by_year: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, a) in site.articles.iter().enumerate() {
        let key = a.date.map_or_else(|| "undated".to_string(), |d| format!("{:04}", d.date.year));
        by_year.entry(key).or_default().push(i);
    }
    let mut shards = Vec::new();
    for (year, articles) in by_year {
        let parts = articles.len().div_ceil(SHARD_SIZE).max(1);
        if parts == 1 {
            shards.push(Shard { id: year, articles });
            continue;
        }
        let mut split = vec![Vec::new(); parts];
        for i in articles {
            split[(stable_hash(&site.articles[i].path) % parts as u64) as usize].push(i);
        }
        for (k, articles) in split.into_iter().enumerate() {
            shards.push(Shard { id: format!("{year}-{}", k + 1), articles });
        }
    }
    shards
}

/// The bundle URL of each shard (`/pagefind/2021/`), as links of the site.
pub fn bundle_urls(config: &Config, shards: &[Shard]) -> Vec<String> {
    shards.iter().map(|s| config.base_url.link(&format!("/pagefind/{}/", s.id))).collect()
}

fn stable_hash(text: &str) -> u64 {
    // FNV-1a: stable across Rust releases, unlike the std hasher.
    text.bytes().fold(0xcbf29ce484222325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100000001b3))
}

/// One Pagefind record: what is searched and shown for an article.
#[derive(Hash)]
struct Record {
    url: String,
    content: String,
    meta: BTreeMap<String, String>,
    filters: BTreeMap<String, Vec<String>>,
    sort: BTreeMap<String, String>,
}

fn record(site: &Site, i: usize) -> Result<Record, SearchError> {
    let a = &site.articles[i];
    let blocks = site.body(i).map_err(|p| SearchError::Pagefind(p.to_string()))?;
    let mut content = String::with_capacity(4096);
    content.push_str(&a.title);
    content.push_str(".\n");
    for block in blocks.iter() {
        match block {
            Block::Paragraph(text) => push_line(&mut content, text),
            Block::Figure(f) => {
                for text in [&f.caption, &f.alt].into_iter().flatten() {
                    push_line(&mut content, text);
                }
            }
            Block::List(list) => list.items.iter().for_each(|item| push_line(&mut content, item)),
            Block::Html(html) => push_line(&mut content, &strip_tags(html)),
            // Other articles' headlines: searching them would find this article
            // for words it does not contain.
            Block::Related(_) => {}
        }
    }
    let mut meta = BTreeMap::from([("title".to_string(), a.title.clone())]);
    if let Some(date) = &a.date {
        meta.insert("date".into(), date.date.long());
    }
    let mut filters = BTreeMap::new();
    let topics: Vec<String> = site.topics_of(i).map(|t| t.name.clone()).collect();
    if !topics.is_empty() {
        filters.insert("topic".to_string(), topics);
    }
    if let Some(section) = site.sections.iter().find(|s| Some(&s.folder) == a.section.as_ref()) {
        filters.insert("section".to_string(), vec![section.name.clone()]);
    }
    let mut sort = BTreeMap::new();
    if let Some(date) = &a.date {
        sort.insert("date".to_string(), date.rfc3339());
    }
    // Site paths: the search page gives Pagefind the base path (baseUrl).
    Ok(Record { url: site.urls[i].clone(), content, meta, filters, sort })
}

fn push_line(content: &mut String, text: &str) {
    content.push_str(text);
    content.push('\n');
}

/// Markdown's HTML as text: tags dropped, the common entities decoded.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
}

/// What indexing did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SearchStats {
    pub shards: usize,
    /// Shards indexed in this build (the others were unchanged).
    pub indexed: usize,
    pub records: usize,
}

/// A search index that could not be built.
#[derive(Debug)]
pub enum SearchError {
    Pagefind(String),
    Write(WriteError),
}

impl std::fmt::Display for SearchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SearchError::Pagefind(m) => write!(f, "search index: {m}"),
            SearchError::Write(e) => write!(f, "search index: {e}"),
        }
    }
}

/// Indexes every shard whose records changed and writes the bundles into
/// `output`; a shard whose fingerprint matches the previous build's is kept.
pub fn write_index(
    config: &Config,
    site: &Site,
    shards: &[Shard],
    output: &dyn Sink,
) -> Result<SearchStats, SearchError> {
    let language = config.language.split(['-', '_']).next().unwrap_or("en").to_ascii_lowercase();
    // Two shards at a time: Pagefind parallelises inside a shard too, and
    // memory grows with the shards in flight.
    let pool =
        rayon::ThreadPoolBuilder::new().num_threads(2).build().map_err(|e| SearchError::Pagefind(e.to_string()))?;
    let results: Vec<Result<bool, SearchError>> = pool.install(|| {
        shards
            .par_iter()
            .map(|shard| {
                let records: Vec<Record> = shard.articles.iter().map(|&i| record(site, i)).collect::<Result<_, _>>()?;
                let fingerprint = fingerprint(&language, &records);
                let dir = format!("pagefind/{}", shard.id);
                let unchanged =
                    output.previous().is_some_and(|p| read_fingerprint(&p.join(&dir)).as_ref() == Some(&fingerprint));
                if unchanged && output.keep_dir(&dir) {
                    return Ok(false);
                }
                let files = index_shard(&language, records)?;
                for (name, bytes) in files {
                    output.write(&format!("{dir}/{name}"), &bytes).map_err(SearchError::Write)?;
                }
                output
                    .write(&format!("{dir}/{FINGERPRINT_FILE}"), fingerprint.as_bytes())
                    .map_err(SearchError::Write)?;
                release_freed_memory();
                Ok(true)
            })
            .collect()
    });
    let mut stats = SearchStats { shards: shards.len(), indexed: 0, records: site.articles.len() };
    for r in results {
        stats.indexed += usize::from(r?);
    }
    Ok(stats)
}

/// Gives the memory a finished shard freed back to the system: without it
/// the allocator keeps every shard's peak, and the process grows with the
/// archive instead of with the shard.
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free pages of the heap to the system.
    unsafe {
        libc::malloc_trim(0);
    }
}

fn fingerprint(language: &str, records: &[Record]) -> String {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (env!("CARGO_PKG_VERSION"), "pagefind 1.6 without its UI", language, records).hash(&mut h);
    format!("{:016x}\n", h.finish())
}

fn read_fingerprint(dir: &Path) -> Option<String> {
    std::fs::read_to_string(dir.join(FINGERPRINT_FILE)).ok()
}

/// Runs Pagefind over one shard's records, returning its bundle's files.
fn index_shard(language: &str, records: Vec<Record>) -> Result<Vec<(String, Vec<u8>)>, SearchError> {
    let err = |e: &dyn std::fmt::Display| SearchError::Pagefind(e.to_string());
    let runtime = tokio::runtime::Builder::new_current_thread().build().map_err(|e| err(&e))?;
    runtime.block_on(async {
        let options = pagefind::options::PagefindServiceConfig::builder().force_language(language.to_string()).build();
        let mut index = pagefind::api::PagefindIndex::new(Some(options)).map_err(|e| err(&e))?;
        for r in records {
            index
                .add_custom_record(r.url, r.content, language.to_string(), Some(r.meta), Some(r.filters), Some(r.sort))
                .await
                .map_err(|e| err(&e))?;
        }
        let files = index.get_files().await.map_err(|e| err(&e))?;
        let mut files: Vec<(String, Vec<u8>)> = files
            .into_iter()
            .map(|f| (f.filename.to_string_lossy().replace('\\', "/"), f.contents))
            .filter(|(name, _)| !is_ui_file(name))
            .collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(files)
    })
}

/// Pagefind's ready-made UI (scripts and styles), which the search page does
/// not use: left out, or every shard would carry a copy of it.
fn is_ui_file(name: &str) -> bool {
    name.starts_with("pagefind-") && (name.contains("-ui.") || name.starts_with("pagefind-highlight"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::{Date, Timestamp};
    use crate::model::Article;

    fn site(dated_2021: usize, undated: usize) -> Site {
        let article = |k: usize, date: Option<Timestamp>| Article {
            path: format!("content/{k:05}.txt"),
            stem: format!("{k:05}"),
            title: format!("Story {k}"),
            slug: format!("story-{k}"),
            date,
            ..Article::default()
        };
        let day = Timestamp::from_date(Date::new(2021, 3, 4).unwrap());
        let articles =
            (0..dated_2021).map(|k| article(k, Some(day))).chain((0..undated).map(|k| article(k + dated_2021, None)));
        crate::index::index(&Config::parse(Path::new("."), "").unwrap(), articles.collect(), false)
    }

    #[test]
    fn a_large_year_is_split_and_every_article_is_in_one_shard() {
        let n = SHARD_SIZE * 2 + 1;
        let shards = plan(&site(n, 3));
        let ids: Vec<&str> = shards.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["2021-1", "2021-2", "2021-3", "undated"]);
        let mut all: Vec<usize> = shards.iter().flat_map(|s| s.articles.iter().copied()).collect();
        all.sort_unstable();
        assert_eq!(all, (0..n + 3).collect::<Vec<_>>());
        for s in &shards[..3] {
            assert!(s.articles.len() > SHARD_SIZE / 2 && s.articles.len() < SHARD_SIZE * 3 / 2, "{}", s.articles.len());
        }
    }

    #[test]
    fn a_small_year_is_one_shard() {
        let shards = plan(&site(SHARD_SIZE, 0));
        assert_eq!(shards.len(), 1);
        assert_eq!(shards[0].id, "2021");
    }

    #[test]
    fn pagefinds_own_ui_is_left_out() {
        for name in [
            "pagefind-ui.js",
            "pagefind-ui.css",
            "pagefind-component-ui.js",
            "pagefind-modular-ui.css",
            "pagefind-highlight.js",
        ] {
            assert!(is_ui_file(name), "{name}");
        }
        for name in
            ["pagefind.js", "pagefind-worker.js", "pagefind-entry.json", "wasm.en.pagefind", "index/en_1.pf_index"]
        {
            assert!(!is_ui_file(name), "{name}");
        }
    }
}

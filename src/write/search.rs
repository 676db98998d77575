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

/// Most articles per shard.
pub const SHARD_SIZE: usize = 2_000;
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

fn record(config: &Config, site: &Site, i: usize) -> Result<Record, SearchError> {
    let a = &site.articles[i];
    let blocks = crate::load::full_blocks(config, a).map_err(|p| SearchError::Pagefind(p.to_string()))?;
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
                let records: Vec<Record> =
                    shard.articles.iter().map(|&i| record(config, site, i)).collect::<Result<_, _>>()?;
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
    (env!("CARGO_PKG_VERSION"), "pagefind 1.6", language, records).hash(&mut h);
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
        let mut files: Vec<(String, Vec<u8>)> =
            files.into_iter().map(|f| (f.filename.to_string_lossy().replace('\\', "/"), f.contents)).collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(files)
    })
}

//! The search index: static files the search page reads a few of per query
//! (`static/search.js`; the choice is in docs/decisions.md, "Search").
//!
//! Under `search-index/`:
//! - `w/<n>/<bucket>.bin`: every word of the archive, hashed into buckets of
//!   about [`BUCKET_BYTES`]. A word's entry names its stem, the stem's
//!   document frequency and its first [`FIRST`] postings, best BM25 first.
//! - `t/<k>/<key>.bin`: a frequent stem's next postings by score, up to
//!   [`TOP`] in all ("more results").
//! - `c/<k>/<key>-<n>.bin`: all of a frequent stem's postings in document
//!   order, [`CHUNK`] a file, so several words, filters and newest-first
//!   need only the chunks that hold the documents in question.
//! - `g/<n>/<group>.json`: what a result shows, [`GROUP`] articles a file.
//!
//! Documents are numbered oldest first (undated before them), so "newest
//! first" is descending number and new articles take new numbers.
//!
//! Memory is bounded by a batch, not the archive: articles are analysed
//! [`BATCH`] at a time and their postings spilled to partition files by
//! stem; each partition is then read back alone, scored with the archive's
//! statistics and written out.

mod analyse;
mod documents;
mod encode;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::hash::{Hash, Hasher};

use crate::config::Config;
use crate::index::Site;
use crate::write::{Sink, WriteError};
use analyse::{Analyser, words};
use encode::{Posting, Reader, varint};

/// The index's folder in the output.
pub const FOLDER: &str = "search-index";
/// Postings in a word's entry: a rarer word's entry holds all of them.
pub const FIRST: usize = 64;
/// Postings by score a frequent stem keeps, its entry's included.
pub const TOP: usize = 1024;
/// Postings of a chunk in document order.
pub const CHUNK: usize = 2048;
/// Results per file of `g/`.
pub const GROUP: usize = 4;
/// About the size of a bucket of words: one request per word typed.
const BUCKET_BYTES: usize = 8 * 1024;
/// BM25's parameters, the usual ones; the page reads them from the layout.
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// Articles analysed at a time (a multiple of [`GROUP`]).
const BATCH: usize = 2048;
/// Spill files of postings, by stem.
const PARTITIONS: usize = 64;
/// Spill files of words' entries, by bucket; also the fewest buckets.
const SPILLS: usize = 16;

/// What the search page needs to read the index.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Layout {
    pub documents: usize,
    /// Average length of an article in words, for BM25.
    pub average: f64,
    pub buckets: usize,
    pub group: usize,
    pub k1: f64,
    pub b: f64,
}

/// What indexing did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchStats {
    pub documents: usize,
    /// Distinct words, each an entry of a bucket.
    pub words: usize,
    pub stems: usize,
    /// Files written by this build: 0 when the index was kept as it was.
    pub files: usize,
}

/// A search index that could not be built.
#[derive(Debug)]
pub enum SearchError {
    Article(String),
    Spill(PathBuf, std::io::Error),
    Write(WriteError),
}

impl std::fmt::Display for SearchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SearchError::Article(m) => write!(f, "search index: {m}"),
            SearchError::Spill(path, e) => {
                write!(f, "search index: {}: {e} (its working files go beside the output folder)", path.display())
            }
            SearchError::Write(e) => write!(f, "search index: {e}"),
        }
    }
}

impl From<WriteError> for SearchError {
    fn from(e: WriteError) -> Self {
        SearchError::Write(e)
    }
}

/// Indexes every article and writes the index into `output`.
pub fn write_index(config: &Config, site: &Site, output: &dyn Sink) -> Result<(Layout, SearchStats), SearchError> {
    let fingerprint = fingerprint(config, site);
    if let Some(kept) = output.previous().and_then(|p| read_record(&p.join(FOLDER).join(RECORD)))
        && kept.fingerprint == fingerprint
        && output.keep_dir(FOLDER)
    {
        return Ok((kept.layout, SearchStats { files: 0, ..kept.stats }));
    }
    let (layout, stats) = index(config, site, output)?;
    let record = Record { fingerprint, layout, stats };
    let json = serde_json::to_vec_pretty(&record).expect("the record serialises");
    output.write(&format!("{FOLDER}/{RECORD}"), &json)?;
    Ok((record.layout, record.stats))
}

/// The file in the index that records what it was built from, so that a
/// build whose searchable text did not change keeps the index as it is.
const RECORD: &str = "index.json";

#[derive(Serialize, Deserialize)]
struct Record {
    fingerprint: String,
    layout: Layout,
    stats: SearchStats,
}

fn read_record(path: &Path) -> Option<Record> {
    serde_json::from_slice(&std::fs::read(path).ok()?).ok()
}

/// Everything the index reads, cheaply: each article's loaded blocks (by
/// their hash), what its card shows, in document order, with the language,
/// the index's format and gazette's version.
fn fingerprint(config: &Config, site: &Site) -> String {
    let mut h = rustc_hash::FxHasher::default();
    let format = (FIRST, TOP, CHUNK, GROUP, BUCKET_BYTES);
    (env!("CARGO_PKG_VERSION"), format, &config.language, site.articles.len()).hash(&mut h);
    for &i in site.newest_first.iter().rev() {
        let a = &site.articles[i];
        (a.content_hash, &site.urls[i], &a.title, a.date.map(|d| d.date.long()), &a.summary, &a.section).hash(&mut h);
        site.topics_of(i).for_each(|t| (&t.slug, &t.name).hash(&mut h));
        site.sections.iter().filter(|s| Some(&s.folder) == a.section.as_ref()).for_each(|s| s.name.hash(&mut h));
    }
    format!("{:016x}", h.finish())
}

/// Builds the index anew.
fn index(config: &Config, site: &Site, output: &dyn Sink) -> Result<(Layout, SearchStats), SearchError> {
    let dir = config.output_dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let spill = tempfile::Builder::new()
        .prefix(".gazette-search-")
        .tempdir_in(dir)
        .map_err(|e| SearchError::Spill(dir.to_path_buf(), e))?;
    let analysed = analyse_all(config, site, spill.path(), output)?;
    let total: u64 = analysed.lengths.iter().map(|&l| u64::from(l)).sum();
    let documents = analysed.lengths.len();
    let layout = Layout {
        documents,
        average: if documents == 0 { 0.0 } else { total as f64 / documents as f64 },
        buckets: 0,
        group: GROUP,
        k1: K1,
        b: B,
    };
    let scored = score_all(&layout, &analysed.lengths, spill.path(), output)?;
    let layout = Layout { buckets: bucket_count(scored.entry_bytes), ..layout };
    write_buckets(layout.buckets, spill.path(), output)?;
    let stats = SearchStats {
        documents,
        words: scored.words,
        stems: scored.stems,
        files: analysed.files + scored.files + layout.buckets,
    };
    Ok((layout, stats))
}

/// The layout as the search page reads it (its `data-index`), with the
/// index's address.
pub fn page_data(config: &Config, layout: &Layout) -> String {
    #[derive(Serialize)]
    struct PageData<'a> {
        url: String,
        #[serde(flatten)]
        layout: &'a Layout,
    }
    let data = PageData { url: config.base_url.link(&format!("/{FOLDER}/")), layout };
    serde_json::to_string(&data).expect("the layout serialises")
}

/// Buckets for `bytes` of entries: a power of two, so that a bucket's
/// entries come from one spill file.
fn bucket_count(bytes: usize) -> usize {
    bytes.div_ceil(BUCKET_BYTES).next_power_of_two().max(SPILLS)
}

/// A file of the index: `kind/<n / 1024>/<name>`, so no folder holds more
/// than about a thousand files of one kind.
fn index_path(kind: &str, n: usize, name: &str) -> String {
    format!("{FOLDER}/{kind}/{}/{name}", n >> 10)
}

/// FNV-1a, 32 bits: the bucket hash, computed the same way by the page.
fn fnv32(text: &str) -> u32 {
    text.bytes().fold(0x811c9dc5, |h, b| (h ^ u32::from(b)).wrapping_mul(0x01000193))
}

fn fnv64(text: &str) -> u64 {
    text.bytes().fold(0xcbf29ce484222325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100000001b3))
}

/// Spill files: each write appends a whole run of records under a lock.
struct Spill {
    files: Vec<Mutex<BufWriter<File>>>,
}

impl Spill {
    fn create(dir: &Path, name: &str, count: usize) -> Result<Spill, SearchError> {
        let files = (0..count)
            .map(|k| {
                let path = dir.join(format!("{name}-{k}"));
                File::create(&path).map(|f| Mutex::new(BufWriter::new(f))).map_err(|e| SearchError::Spill(path, e))
            })
            .collect::<Result<_, _>>()?;
        Ok(Spill { files })
    }

    fn append(&self, k: usize, bytes: &[u8], dir: &Path) -> Result<(), SearchError> {
        self.files[k].lock().expect("no writer panics").write_all(bytes).map_err(|e| SearchError::Spill(dir.into(), e))
    }

    fn finish(self, dir: &Path) -> Result<(), SearchError> {
        for f in self.files {
            f.into_inner().expect("no writer panics").flush().map_err(|e| SearchError::Spill(dir.into(), e))?;
        }
        Ok(())
    }
}

fn read_spill(dir: &Path, name: &str, k: usize) -> Result<Vec<u8>, SearchError> {
    let path = dir.join(format!("{name}-{k}"));
    std::fs::read(&path).map_err(|e| SearchError::Spill(path, e))
}

/// One article, analysed.
struct Analysed {
    /// Stems with their counts; filter keys count once.
    stems: Vec<(String, u32)>,
    /// Each distinct word with its stem.
    words: Vec<(String, String)>,
    /// Words in the article (filter keys not counted).
    length: u32,
    card: documents::Card,
}

fn analyse(site: &Site, i: usize, analyser: &Analyser) -> Result<Analysed, SearchError> {
    let doc = documents::document(site, i).map_err(SearchError::Article)?;
    let mut counts: FxHashMap<String, u32> = FxHashMap::default();
    let mut length = 0u32;
    for word in words(&doc.text) {
        *counts.entry(word).or_default() += 1;
        length += 1;
    }
    let mut stems: FxHashMap<String, u32> = FxHashMap::default();
    let mut words = Vec::with_capacity(counts.len() + doc.filters.len());
    for (word, count) in counts {
        let stem = analyser.stem_cached(&word);
        *stems.entry(stem.clone()).or_default() += count;
        words.push((word, stem));
    }
    for key in doc.filters {
        stems.insert(key.clone(), 1);
        words.push((key.clone(), key));
    }
    Ok(Analysed { stems: stems.into_iter().collect(), words, length, card: doc.card })
}

/// What the first pass leaves: each document's length (by number).
struct Analyses {
    lengths: Vec<u32>,
    files: usize,
}

/// Pass 1: analyses the articles a batch at a time, writes their result
/// cards and spills their postings and words by stem.
fn analyse_all(config: &Config, site: &Site, dir: &Path, output: &dyn Sink) -> Result<Analyses, SearchError> {
    let analyser = Analyser::new(&config.language);
    // Document number → article: oldest first, undated before the dated.
    let order: Vec<usize> = site.newest_first.iter().rev().copied().collect();
    let postings = Spill::create(dir, "postings", PARTITIONS)?;
    let words = Spill::create(dir, "words", PARTITIONS)?;
    let mut lengths = Vec::with_capacity(order.len());
    let mut files = 0;
    for (b, batch) in order.chunks(BATCH).enumerate() {
        let first = b * BATCH;
        let analysed: Vec<Analysed> =
            batch.par_iter().map(|&i| analyse(site, i, &analyser)).collect::<Result<_, _>>()?;
        files += write_cards(first, &analysed, output)?;
        let mut stems: FxHashMap<&str, Vec<(u32, u32)>> = FxHashMap::default();
        let mut seen: FxHashMap<&str, &str> = FxHashMap::default();
        for (k, a) in analysed.iter().enumerate() {
            lengths.push(a.length);
            for (stem, tf) in &a.stems {
                stems.entry(stem).or_default().push(((first + k) as u32, *tf));
            }
            for (word, stem) in &a.words {
                seen.entry(word).or_insert(stem);
            }
        }
        let mut out: Vec<Vec<u8>> = vec![Vec::new(); PARTITIONS];
        for (stem, docs) in stems {
            let buf = &mut out[(fnv64(stem) % PARTITIONS as u64) as usize];
            encode::string(buf, stem);
            varint(buf, docs.len() as u64);
            for (doc, tf) in docs {
                varint(buf, doc.into());
                varint(buf, tf.into());
            }
        }
        out.iter().enumerate().try_for_each(|(k, bytes)| postings.append(k, bytes, dir))?;
        let mut out: Vec<Vec<u8>> = vec![Vec::new(); PARTITIONS];
        for (word, stem) in seen {
            let buf = &mut out[(fnv64(stem) % PARTITIONS as u64) as usize];
            encode::string(buf, word);
            encode::string(buf, stem);
        }
        out.iter().enumerate().try_for_each(|(k, bytes)| words.append(k, bytes, dir))?;
    }
    postings.finish(dir)?;
    words.finish(dir)?;
    Ok(Analyses { lengths, files })
}

/// Writes the result cards of a batch starting at document `first`.
fn write_cards(first: usize, analysed: &[Analysed], output: &dyn Sink) -> Result<usize, SearchError> {
    analysed
        .par_chunks(GROUP)
        .enumerate()
        .map(|(k, group)| {
            let number = first / GROUP + k;
            let cards: Vec<&documents::Card> = group.iter().map(|a| &a.card).collect();
            let json = serde_json::to_vec(&cards).expect("cards serialise");
            output.write(&index_path("g", number, &format!("{number}.json")), &json)?;
            Ok(1)
        })
        .sum()
}

/// What the second pass leaves.
struct Scored {
    entry_bytes: usize,
    words: usize,
    stems: usize,
    files: usize,
}

/// Pass 2: each partition of stems in turn (two at a time): its postings
/// scored and written, its words' entries spilled by bucket.
fn score_all(layout: &Layout, lengths: &[u32], dir: &Path, output: &dyn Sink) -> Result<Scored, SearchError> {
    let entries = Spill::create(dir, "entries", SPILLS)?;
    let totals = [AtomicUsize::new(0), AtomicUsize::new(0), AtomicUsize::new(0), AtomicUsize::new(0)];
    (0..PARTITIONS).into_par_iter().try_for_each(|k| -> Result<(), SearchError> {
        let bytes = read_spill(dir, "postings", k)?;
        let mut stems: FxHashMap<&str, Vec<Posting>> = FxHashMap::default();
        let mut r = Reader::new(&bytes);
        while !r.done() {
            let list = stems.entry(r.string()).or_default();
            for _ in 0..r.varint() {
                let doc = r.u32();
                list.push(Posting { doc, tf: r.u32(), len: lengths[doc as usize] });
            }
        }
        let mut stems: Vec<(&str, Vec<Posting>)> = stems.into_iter().collect();
        stems.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mut payloads: FxHashMap<&str, Vec<u8>> = FxHashMap::default();
        let mut files = 0;
        for (stem, postings) in stems {
            let (payload, written) = stem_files(layout, stem, postings, output)?;
            files += written;
            payloads.insert(stem, payload);
        }

        let bytes = read_spill(dir, "words", k)?;
        let mut words: FxHashMap<&str, &str> = FxHashMap::default();
        let mut r = Reader::new(&bytes);
        while !r.done() {
            let word = r.string();
            words.insert(word, r.string());
        }
        let mut out: Vec<Vec<u8>> = vec![Vec::new(); SPILLS];
        let mut entry = Vec::new();
        for (word, stem) in &words {
            entry.clear();
            encode::string(&mut entry, word);
            encode::string(&mut entry, stem);
            entry.extend_from_slice(&payloads[stem]);
            let hash = fnv32(word);
            let buf = &mut out[hash as usize % SPILLS];
            varint(buf, hash.into());
            encode::bytes(buf, &entry);
        }
        let spilled: usize = out.iter().map(Vec::len).sum();
        out.iter().enumerate().try_for_each(|(j, bytes)| entries.append(j, bytes, dir))?;
        for (total, n) in totals.iter().zip([spilled, words.len(), payloads.len(), files]) {
            total.fetch_add(n, Ordering::Relaxed);
        }
        Ok(())
    })?;
    entries.finish(dir)?;
    let [entry_bytes, words, stems, files] = totals.map(AtomicUsize::into_inner);
    Ok(Scored { entry_bytes, words, stems, files })
}

/// A stem's postings (in document order) scored: returns what its words'
/// entries say of it, having written its files of postings by score and
/// in chunks when it has more than an entry holds.
fn stem_files(
    layout: &Layout,
    stem: &str,
    by_doc: Vec<Posting>,
    output: &dyn Sink,
) -> Result<(Vec<u8>, usize), SearchError> {
    let df = by_doc.len();
    // BM25 without the stem's idf, which orders nothing within one stem.
    let average = layout.average.max(f64::MIN_POSITIVE);
    let weight = |p: &Posting| {
        let tf = f64::from(p.tf);
        tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * f64::from(p.len) / average))
    };
    let mut by_score = by_doc.clone();
    by_score.sort_unstable_by(|x, y| weight(y).total_cmp(&weight(x)).then(x.doc.cmp(&y.doc)));
    let mut payload = Vec::new();
    varint(&mut payload, df as u64);
    let first = &by_score[..df.min(FIRST)];
    varint(&mut payload, first.len() as u64);
    encode::postings(&mut payload, first);
    if df <= FIRST {
        return Ok((payload, 0));
    }
    let hash = fnv64(stem);
    let key = format!("{hash:016x}");
    let folder = (hash >> 48) as usize;
    let mut top = Vec::new();
    encode::postings(&mut top, &by_score[FIRST..df.min(TOP)]);
    output.write(&index_path("t", folder, &format!("{key}.bin")), &top)?;
    encode::string(&mut payload, &key);
    varint(&mut payload, df.min(TOP) as u64);
    let chunks: Vec<&[Posting]> = by_doc.chunks(CHUNK).collect();
    varint(&mut payload, chunks.len() as u64);
    let mut previous = 0;
    for (n, chunk) in chunks.iter().enumerate() {
        varint(&mut payload, (chunk[0].doc - previous).into());
        previous = chunk[0].doc;
        output.write(&index_path("c", folder, &format!("{key}-{n}.bin")), &encode::chunk(chunk))?;
    }
    Ok((payload, 1 + chunks.len()))
}

/// Pass 3: each spill file of entries holds whole buckets; they are
/// written sorted, empty ones too (a missing file would be a 404 in the
/// browser's console).
fn write_buckets(buckets: usize, dir: &Path, output: &dyn Sink) -> Result<(), SearchError> {
    (0..SPILLS).into_par_iter().try_for_each(|j| {
        let bytes = read_spill(dir, "entries", j)?;
        let mut by_bucket: FxHashMap<usize, Vec<&[u8]>> = FxHashMap::default();
        let mut r = Reader::new(&bytes);
        while !r.done() {
            let bucket = r.varint() as usize % buckets;
            by_bucket.entry(bucket).or_default().push(r.bytes());
        }
        for b in (j..buckets).step_by(SPILLS) {
            let mut entries = by_bucket.remove(&b).unwrap_or_default();
            entries.sort_unstable();
            let mut file = Vec::with_capacity(entries.iter().map(|e| e.len()).sum::<usize>() + 4);
            varint(&mut file, entries.len() as u64);
            entries.iter().for_each(|e| file.extend_from_slice(e));
            output.write(&index_path("w", b, &format!("{b}.bin")), &file)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::date::{Date, Timestamp};
    use crate::model::{Article, Block};

    /// An output in memory.
    #[derive(Default)]
    struct Files(Mutex<BTreeMap<String, Vec<u8>>>);

    impl Sink for Files {
        fn write(&self, file: &str, bytes: &[u8]) -> Result<(), WriteError> {
            self.0.lock().unwrap().insert(file.to_string(), bytes.to_vec());
            Ok(())
        }
        fn keep(&self, _: &str) -> bool {
            false
        }
        fn keep_dir(&self, _: &str) -> bool {
            false
        }
        fn previous(&self) -> Option<&Path> {
            None
        }
    }

    /// Articles with these bodies, the first 28 dated a day apart (so
    /// numbered in this order), the rest undated.
    fn index_of(bodies: &[&str]) -> (Layout, BTreeMap<String, Vec<u8>>) {
        let articles = bodies.iter().enumerate().map(|(k, body)| Article {
            path: format!("content/{k:03}.txt"),
            stem: format!("{k:03}"),
            title: format!("Report number {k}"),
            slug: format!("report-{k}"),
            date: (k < 28).then(|| Timestamp::from_date(Date::new(2021, 2, 1 + k as u8).unwrap())),
            blocks: vec![Block::Paragraph(body.to_string())],
            ..Article::default()
        });
        let dir = tempfile::tempdir().unwrap();
        let mut config = Config::parse(dir.path(), "").unwrap();
        config.output_dir = dir.path().join("public");
        let site = crate::index::index(&config, articles.collect(), false);
        let files = Files::default();
        let (layout, _) = write_index(&config, &site, &files).unwrap();
        (layout, files.0.into_inner().unwrap())
    }

    /// The entry of `word`: (stem, df, first postings, rest of the entry).
    fn entry(layout: &Layout, files: &BTreeMap<String, Vec<u8>>, word: &str) -> (String, usize, Vec<u32>, Vec<u64>) {
        let b = fnv32(word) as usize % layout.buckets;
        let bucket = &files[&index_path("w", b, &format!("{b}.bin"))];
        let mut r = Reader::new(bucket);
        for _ in 0..r.varint() {
            let (w, stem, df) = (r.string().to_string(), r.string().to_string(), r.varint() as usize);
            let first: Vec<u32> = (0..r.varint()).map(|_| [r.u32(), r.u32(), r.u32()][0]).collect();
            let mut rest = Vec::new();
            if df > first.len() {
                rest.push(u64::from_str_radix(r.string(), 16).unwrap());
                rest.extend((0..2).map(|_| r.varint()));
                rest.extend((0..rest[2]).map(|_| r.varint()));
            }
            if w == word {
                return (stem, df, first, rest);
            }
        }
        panic!("{word} is not in its bucket");
    }

    #[test]
    fn a_word_names_its_stem_and_its_articles_best_first() {
        let (layout, files) = index_of(&[
            "The ferry sailed at dawn with a long list of other things to say about the harbour and its tides.",
            "Two ferries were cancelled.",
            "The bus was late.",
        ]);
        assert_eq!((layout.documents, layout.buckets, layout.group), (3, SPILLS, GROUP));
        let (stem, df, first, rest) = entry(&layout, &files, "ferries");
        assert_eq!((stem.as_str(), df), ("ferri", 2));
        // The short article first: the same count of the word in fewer words.
        assert_eq!(first, [1, 0]);
        assert!(rest.is_empty(), "a rare word's entry holds all its postings");
        assert_eq!(entry(&layout, &files, "ferry").2, [1, 0]);
        let cards: serde_json::Value = serde_json::from_slice(&files[&index_path("g", 0, "0.json")]).unwrap();
        assert_eq!(cards[1]["t"], "Report number 1");
        assert_eq!(cards[1]["x"], "Two ferries were cancelled.");
        assert_eq!(cards[1]["u"], "/articles/report-1/");
    }

    #[test]
    fn a_frequent_word_has_its_top_postings_and_chunks_in_document_order() {
        let n = CHUNK + 10;
        let bodies: Vec<String> = (0..n).map(|k| format!("harbour {}", "tide ".repeat(k % 7))).collect();
        let (layout, files) = index_of(&bodies.iter().map(String::as_str).collect::<Vec<_>>());
        let (_, df, first, rest) = entry(&layout, &files, "harbour");
        assert_eq!((df, first.len()), (n, FIRST));
        let (key, top, chunks, starts) = (rest[0], rest[1], rest[2], &rest[3..]);
        assert_eq!((top, chunks, starts), (TOP as u64, 2, &[0, CHUNK as u64][..]));
        let key = format!("{key:016x}");
        let folder = (u64::from_str_radix(&key, 16).unwrap() >> 48) as usize;
        let chunk = &files[&index_path("c", folder, &format!("{key}-1.bin"))];
        let mut r = Reader::new(chunk);
        let mut doc = CHUNK as u64;
        let mut docs = Vec::new();
        while !r.done() {
            doc += r.varint();
            r.varint();
            r.varint();
            docs.push(doc);
        }
        assert_eq!(docs, (CHUNK as u64..n as u64).collect::<Vec<_>>());
        let top_file = &files[&index_path("t", folder, &format!("{key}.bin"))];
        assert!(!top_file.is_empty());
    }
}

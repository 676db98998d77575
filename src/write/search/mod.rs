//! The search index: static files the search page reads a few of per query
//! (`static/search.js`; the choice is in docs/decisions.md, "Search").
//!
//! Under `search-index/`:
//! - `w/<n>/<bucket>.bin`: every word of the archive, hashed into buckets of
//!   about [`BUCKET_BYTES`]. A word's entry names its stem, the stem's
//!   document frequency and its first [`FIRST`] postings, best BM25 first
//!   (ties newest first), then the key its other files are named by when
//!   it has any, and what they hold.
//! - `s/<k>/<key>.bin`: the stem file of a stem of more than [`PAGE`]
//!   documents: the cards of its first [`CARDS`] postings (JSON, as in
//!   `g/`), so that a page of one word's results is one file; then, when
//!   it has more than [`FIRST`], its next postings by score, up to [`TOP`]
//!   in all ("more results"), and its postings in document order when
//!   they are one chunk.
//! - `c/<k>/<key>-<n>.bin`: all of a frequent stem's documents and counts
//!   in document order, [`CHUNK`] a file (in the stem file when there is
//!   one), so several words, filters and newest-first need only the
//!   chunks that hold the documents in question; `l/<k>/<key>-<n>.bin`
//!   the lengths of the same documents, read only to rank all of a stem's
//!   postings.
//! - `g/<n>/<group>.json`: what a result shows, [`GROUP`] articles a file
//!   (`cards.rs`).
//!
//! Documents are numbered oldest first (undated before them), so "newest
//! first" is descending number and new articles take new numbers.
//!
//! Memory is bounded by a batch, not the archive: articles are analysed
//! [`BATCH`] at a time and their postings spilled to partition files by
//! stem; each partition is then read back alone, scored with the archive's
//! statistics and written out, and kept beside the output (`store.rs`), so
//! that an edit to a few articles updates the index (`update.rs`): only
//! they are analysed again, and only the files they touch are written.

mod analyse;
mod cards;
mod documents;
mod encode;
mod store;
mod update;

use std::collections::BTreeMap;
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
pub use cards::{CARDS, PAGE};
use cards::{CardSpill, SpilledCards};
use encode::{Posting, Reader, varint};
use store::{Header, Partition, Postings, Store, postings_of};

/// The index's folder in the output.
pub const FOLDER: &str = "search-index";
/// Postings in a word's entry: a rarer word's entry holds all of them.
pub const FIRST: usize = 64;
/// Postings by score a frequent stem keeps, its entry's included.
pub const TOP: usize = 1024;
/// Postings of a chunk in document order: Rice-coded (`encode::chunk`), a
/// chunk is at most about 64 KB (a word many times in every article), so
/// checking a few dozen results against a word takes a few files even at
/// a million articles.
pub const CHUNK: usize = 32 * 1024;
/// Results per file of `g/`.
pub const GROUP: usize = 4;
/// About the size of a bucket of words: one request per word typed.
const BUCKET_BYTES: usize = 8 * 1024;
/// BM25's parameters, the usual ones; the page reads them from the layout.
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// Articles analysed at a time (a multiple of [`GROUP`]).
const BATCH: usize = 2048;
/// Spill files of postings, by stem. Pass 2 holds two partitions at a
/// time, decoded: with 64, that was 150 MB at a million articles, the
/// build's peak.
const PARTITIONS: usize = 128;
/// Spill files of words' entries, by bucket; also the fewest buckets.
const SPILLS: usize = 16;
/// Changes whenever what the index's files hold changes (beyond the sizes
/// above), so that an index of the old form is built anew.
const FORMAT: u32 = 6;

/// What the search page needs to read the index.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Layout {
    pub documents: usize,
    /// Average length of an article in words, for BM25.
    pub average: f64,
    pub buckets: usize,
    pub group: usize,
    /// Results the page shows at a time; a stem of more documents has a
    /// stem file,
    pub page: usize,
    /// which holds the cards of this many of its first postings.
    pub cards: usize,
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
    /// Articles analysed by this build: all for a new index, those that
    /// changed for an update, none when the index was kept.
    pub analysed: usize,
}

/// A search index that could not be built.
#[derive(Debug)]
pub enum SearchError {
    Article(String),
    Spill(PathBuf, std::io::Error),
    /// A file of the previous index that an update reads.
    Previous(PathBuf, std::io::Error),
    Write(WriteError),
}

impl std::fmt::Display for SearchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SearchError::Article(m) => write!(f, "search index: {m}"),
            SearchError::Spill(path, e) => {
                write!(f, "search index: {}: {e} (its working files go beside the output folder)", path.display())
            }
            SearchError::Previous(path, e) => {
                write!(
                    f,
                    "search index: cannot read {} of the previous build: {e} (build with --clean)",
                    path.display()
                )
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

/// Indexes every article and writes the index into `output`: the previous
/// index kept when nothing it reads changed, updated when a few documents
/// did, built anew otherwise.
pub fn write_index(config: &Config, site: &Site, output: &dyn Sink) -> Result<(Layout, SearchStats), SearchError> {
    // Document number → article: oldest first, undated before the dated.
    let order: Vec<usize> = site.newest_first.iter().rev().copied().collect();
    let keys = document_keys(site, &order);
    let fingerprint = fingerprint(config, &keys);
    let previous = output.previous().and_then(|p| read_record(&p.join(FOLDER).join(RECORD)));
    if let Some(kept) = &previous
        && kept.fingerprint == fingerprint
        && output.keep_dir(FOLDER)
    {
        return Ok((kept.layout.clone(), kept.stats));
    }
    let store = Store::of(config);
    let analyser = Analyser::new(&config.language);
    let updated = match &previous {
        Some(kept) => update::update(site, &order, &keys, &kept.fingerprint, &analyser, &store, output)?,
        None => None,
    };
    let built = match updated {
        Some(built) => built,
        None => index(config, site, &order, &analyser, &store, output)?,
    };
    // The record says what the index is, not what this build did.
    let stats = SearchStats { files: 0, analysed: 0, ..built.stats };
    let record = Record { fingerprint, layout: built.layout, stats };
    let json = serde_json::to_vec_pretty(&record).expect("the record serialises");
    output.write(&format!("{FOLDER}/{RECORD}"), &json)?;
    let layout = record.layout.clone();
    store.close(&Header { record, entry_bytes: built.entry_bytes, keys, lengths: built.lengths })?;
    Ok((layout, built.stats))
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

/// What the index reads of each document, by number, hashed: its loaded
/// blocks (by their hash) and what its card shows. A document whose key
/// changed is analysed again.
fn document_keys(site: &Site, order: &[usize]) -> Vec<u64> {
    order
        .par_iter()
        .map(|&i| {
            let mut h = rustc_hash::FxHasher::default();
            let a = &site.articles[i];
            (a.content_hash, &site.urls[i], &a.title, a.date.map(|d| d.date.long()), a.summary(), &a.section)
                .hash(&mut h);
            site.topics_of(i).for_each(|t| (&t.slug, &t.name).hash(&mut h));
            if let Some(k) = site.section_of(i) {
                site.sections[k].name.hash(&mut h);
            }
            h.finish()
        })
        .collect()
}

/// Everything the index reads, cheaply: the documents' keys, with the
/// language, the index's format and gazette's version.
fn fingerprint(config: &Config, keys: &[u64]) -> String {
    let mut h = rustc_hash::FxHasher::default();
    let format = (FORMAT, FIRST, TOP, CHUNK, GROUP, PAGE, CARDS, BUCKET_BYTES);
    (env!("CARGO_PKG_VERSION"), format, &config.language, keys).hash(&mut h);
    format!("{:016x}", h.finish())
}

/// What an index, new or updated, is made of.
struct Built {
    layout: Layout,
    stats: SearchStats,
    entry_bytes: usize,
    lengths: Vec<u32>,
}

/// Builds the index anew, and the store beside it.
fn index(
    config: &Config,
    site: &Site,
    order: &[usize],
    analyser: &Analyser,
    store: &Store,
    output: &dyn Sink,
) -> Result<Built, SearchError> {
    let dir = config.output_dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let spill = tempfile::Builder::new()
        .prefix(".gazette-search-")
        .tempdir_in(dir)
        .map_err(|e| SearchError::Spill(dir.to_path_buf(), e))?;
    store.open()?;
    let analysed = analyse_all(site, order, analyser, spill.path(), output)?;
    let documents = analysed.lengths.len();
    let layout = Layout {
        documents,
        average: average(&analysed.lengths),
        buckets: 0,
        group: GROUP,
        page: PAGE,
        cards: CARDS,
        k1: K1,
        b: B,
    };
    let scored = score_all(&layout, &analysed.lengths, &analysed.cards, store, spill.path(), output)?;
    let layout = Layout { buckets: bucket_count(scored.entry_bytes), ..layout };
    write_buckets(layout.buckets, spill.path(), output)?;
    let stats = SearchStats {
        documents,
        words: scored.words,
        stems: scored.stems,
        files: analysed.files + scored.files + layout.buckets,
        analysed: documents,
    };
    Ok(Built { layout, stats, entry_bytes: scored.entry_bytes, lengths: analysed.lengths })
}

/// The average length of a document to three significant digits: BM25
/// needs no more, and an edit that leaves it as it was can update the index
/// (postings are ordered by scores that depend on it).
fn average(lengths: &[u32]) -> f64 {
    let total: u64 = lengths.iter().map(|&l| u64::from(l)).sum();
    if total == 0 {
        return 0.0;
    }
    let exact = total as f64 / lengths.len() as f64;
    // Powers of ten are exact as floats; their inverses are not.
    let digits = 2 - exact.log10().floor() as i32;
    if digits >= 0 {
        let scale = 10f64.powi(digits);
        (exact * scale).round() / scale
    } else {
        let unit = 10f64.powi(-digits);
        (exact / unit).round() * unit
    }
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

fn bucket_path(b: usize) -> String {
    index_path("w", b, &format!("{b}.bin"))
}

/// FNV-1a, 32 bits: the bucket hash, computed the same way by the page.
fn fnv32(text: &str) -> u32 {
    text.bytes().fold(0x811c9dc5, |h, b| (h ^ u32::from(b)).wrapping_mul(0x01000193))
}

fn fnv64(text: &str) -> u64 {
    text.bytes().fold(0xcbf29ce484222325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100000001b3))
}

/// The partition of a stem's postings, in the spill files and the store.
fn partition(stem: &str) -> usize {
    (fnv64(stem) % PARTITIONS as u64) as usize
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
    /// Each distinct word with its stem and its count in the article; a
    /// filter key is its own stem and counts once.
    words: Vec<(String, String, u32)>,
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
    let mut words: Vec<(String, String, u32)> = counts
        .into_iter()
        .map(|(word, count)| {
            let stem = analyser.stem_cached(&word);
            (word, stem, count)
        })
        .collect();
    let mut filters = doc.filters;
    filters.sort_unstable();
    filters.dedup();
    words.extend(filters.into_iter().map(|key| (key.clone(), key, 1)));
    Ok(Analysed { words, length, card: doc.card })
}

/// A stem's postings: its words' merged by document (their counts added),
/// with each document's length.
fn merged(words: &BTreeMap<String, Postings>, lengths: &[u32]) -> Vec<Posting> {
    let mut all: Vec<(u32, u32)> = words.values().flatten().copied().collect();
    if words.len() > 1 {
        all.sort_unstable_by_key(|&(doc, _)| doc);
    }
    let mut out: Vec<Posting> = Vec::with_capacity(all.len());
    for (doc, tf) in all {
        match out.last_mut() {
            Some(p) if p.doc == doc => p.tf += tf,
            _ => out.push(Posting { doc, tf, len: lengths[doc as usize] }),
        }
    }
    out
}

/// What the first pass leaves: each document's length and card (by
/// number).
struct Analyses {
    lengths: Vec<u32>,
    cards: SpilledCards,
    files: usize,
}

/// Pass 1: analyses the articles a batch at a time, writes their result
/// cards and spills each word's postings to the partition of its stem.
fn analyse_all(
    site: &Site,
    order: &[usize],
    analyser: &Analyser,
    dir: &Path,
    output: &dyn Sink,
) -> Result<Analyses, SearchError> {
    let postings = Spill::create(dir, "postings", PARTITIONS)?;
    let mut cards = CardSpill::create(dir)?;
    let mut lengths = Vec::with_capacity(order.len());
    let mut files = 0;
    for (b, batch) in order.chunks(BATCH).enumerate() {
        let first = b * BATCH;
        let analysed: Vec<Analysed> =
            batch.par_iter().map(|&i| analyse(site, i, analyser)).collect::<Result<_, _>>()?;
        files += write_cards(first, &analysed, &mut cards, output)?;
        let mut words: FxHashMap<(&str, &str), Vec<(u32, u32)>> = FxHashMap::default();
        for (k, a) in analysed.iter().enumerate() {
            lengths.push(a.length);
            for (word, stem, tf) in &a.words {
                words.entry((stem, word)).or_default().push(((first + k) as u32, *tf));
            }
        }
        let mut out: Vec<Vec<u8>> = vec![Vec::new(); PARTITIONS];
        for ((stem, word), docs) in words {
            let buf = &mut out[partition(stem)];
            encode::string(buf, stem);
            encode::string(buf, word);
            varint(buf, docs.len() as u64);
            for (doc, tf) in docs {
                varint(buf, doc.into());
                varint(buf, tf.into());
            }
        }
        out.iter().enumerate().try_for_each(|(k, bytes)| postings.append(k, bytes, dir))?;
    }
    postings.finish(dir)?;
    Ok(Analyses { lengths, cards: cards.finish()?, files })
}

/// Writes the result cards of a batch starting at document `first` in
/// their groups, and spills them for the stems' files of cards.
fn write_cards(
    first: usize,
    analysed: &[Analysed],
    spilled: &mut CardSpill,
    output: &dyn Sink,
) -> Result<usize, SearchError> {
    let bytes: Vec<Vec<u8>> = analysed.par_iter().map(|a| cards::bytes(&a.card)).collect();
    bytes.iter().try_for_each(|card| spilled.push(card))?;
    bytes
        .par_chunks(GROUP)
        .enumerate()
        .map(|(k, group)| {
            cards::write_group(first / GROUP + k, group.iter().map(Vec::as_slice), output)?;
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
/// scored and written, its words' entries spilled by bucket, and the
/// partition kept in the store.
fn score_all(
    layout: &Layout,
    lengths: &[u32],
    cards: &SpilledCards,
    store: &Store,
    dir: &Path,
    output: &dyn Sink,
) -> Result<Scored, SearchError> {
    let entries = Spill::create(dir, "entries", SPILLS)?;
    let totals = [AtomicUsize::new(0), AtomicUsize::new(0), AtomicUsize::new(0), AtomicUsize::new(0)];
    (0..PARTITIONS).into_par_iter().try_for_each(|k| -> Result<(), SearchError> {
        let bytes = read_spill(dir, "postings", k)?;
        let mut card = cards.reader()?;
        let mut stems = Partition::new();
        let mut r = Reader::new(&bytes);
        while !r.done() {
            let (stem, word) = (r.string(), r.string());
            let list = postings_of(&mut stems, stem, word);
            for _ in 0..r.varint() {
                list.push((r.u32(), r.u32()));
            }
        }
        let mut out: Vec<Vec<u8>> = vec![Vec::new(); SPILLS];
        let (mut words, mut files, mut entry_bytes) = (0, 0, 0);
        for (stem, s) in stems.iter_mut() {
            let postings = merged(&s.words, lengths);
            s.df = postings.len();
            let (payload, written) = stem_files(layout, stem, postings, &mut card, output)?;
            files += written;
            for word in s.words.keys() {
                let entry = entry(word, stem, &payload);
                entry_bytes += entry.len();
                let hash = fnv32(word);
                let buf = &mut out[hash as usize % SPILLS];
                varint(buf, hash.into());
                encode::bytes(buf, &entry);
            }
            words += s.words.len();
        }
        store.write_partition(k, &stems)?;
        out.iter().enumerate().try_for_each(|(j, bytes)| entries.append(j, bytes, dir))?;
        for (total, n) in totals.iter().zip([entry_bytes, words, stems.len(), files]) {
            total.fetch_add(n, Ordering::Relaxed);
        }
        Ok(())
    })?;
    entries.finish(dir)?;
    let [entry_bytes, words, stems, files] = totals.map(AtomicUsize::into_inner);
    Ok(Scored { entry_bytes, words, stems, files })
}

/// A word's entry in its bucket: the word, its stem, and what the stem's
/// files say of it (`payload`, from [`stem_files`]).
fn entry(word: &str, stem: &str, payload: &[u8]) -> Vec<u8> {
    let mut entry = Vec::with_capacity(word.len() + stem.len() + payload.len() + 2);
    encode::string(&mut entry, word);
    encode::string(&mut entry, stem);
    entry.extend_from_slice(payload);
    entry
}

/// The entries of a bucket file: (word, the whole entry).
fn bucket_entries(file: &[u8]) -> Vec<(&str, &[u8])> {
    let mut r = Reader::new(file);
    (0..r.varint())
        .map(|_| {
            let start = r.position();
            let word = r.string();
            r.string();
            let df = r.varint();
            let first = r.varint();
            for _ in 0..first * 3 {
                r.varint();
            }
            if df > PAGE as u64 {
                r.string();
            }
            if df > first {
                r.varint();
                for _ in 0..r.varint() {
                    r.varint();
                }
            }
            (word, r.since(start))
        })
        .collect()
}

/// A bucket file of these entries, sorted.
fn bucket_file(mut entries: Vec<&[u8]>) -> Vec<u8> {
    entries.sort_unstable();
    let mut file = Vec::with_capacity(entries.iter().map(|e| e.len()).sum::<usize>() + 4);
    varint(&mut file, entries.len() as u64);
    entries.iter().for_each(|e| file.extend_from_slice(e));
    file
}

/// The key a frequent stem's files are named by, and their folder.
fn stem_key(stem: &str) -> (String, usize) {
    let hash = fnv64(stem);
    (format!("{hash:016x}"), (hash >> 48) as usize)
}

/// The files of a stem of `df` documents: none when it has at most a page
/// of results; else its stem file, then its chunks when it has more than
/// one, and their lengths when its entry cannot hold all its postings.
fn stem_file_names(stem: &str, df: usize) -> Vec<String> {
    if df <= PAGE {
        return Vec::new();
    }
    let (key, folder) = stem_key(stem);
    let file = index_path("s", folder, &format!("{key}.bin"));
    if df <= FIRST {
        return vec![file];
    }
    let key = &key;
    let numbered = |kind, count| (0..count).map(move |n| index_path(kind, folder, &format!("{key}-{n}.bin")));
    let chunks = df.div_ceil(CHUNK);
    let separate = if chunks > 1 { chunks } else { 0 };
    std::iter::once(file).chain(numbered("c", separate)).chain(numbered("l", chunks)).collect()
}

/// A stem's postings (in document order) scored: returns what its words'
/// entries say of it, having written its files (see [`stem_file_names`]):
/// the stem file holds its first results' cards (each read by `card`),
/// then, when it has more postings than an entry holds, its next postings
/// by score and, when they are one chunk, that chunk: a query of two
/// frequent words reads one file of each.
fn stem_files(
    layout: &Layout,
    stem: &str,
    by_doc: Vec<Posting>,
    card: &mut dyn FnMut(u32) -> Result<Vec<u8>, SearchError>,
    output: &dyn Sink,
) -> Result<(Vec<u8>, usize), SearchError> {
    let df = by_doc.len();
    // BM25 without the stem's idf, which orders nothing within one stem.
    let average = layout.average.max(f64::MIN_POSITIVE);
    let weight = |p: &Posting| {
        let tf = f64::from(p.tf);
        tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * f64::from(p.len) / average))
    };
    // Ties newest first, as the page orders results.
    let mut by_score = by_doc.clone();
    by_score.sort_unstable_by(|x, y| weight(y).total_cmp(&weight(x)).then(y.doc.cmp(&x.doc)));
    let mut payload = Vec::new();
    varint(&mut payload, df as u64);
    let first = &by_score[..df.min(FIRST)];
    varint(&mut payload, first.len() as u64);
    encode::postings(&mut payload, first);
    let names = stem_file_names(stem, df);
    let Some((file_name, names)) = names.split_first() else {
        return Ok((payload, 0));
    };
    encode::string(&mut payload, &stem_key(stem).0);
    let mut file = Vec::new();
    encode::bytes(&mut file, &cards::stem_cards(&by_score, card)?);
    if df <= FIRST {
        output.write(file_name, &file)?;
        return Ok((payload, 1));
    }
    encode::postings(&mut file, &by_score[FIRST..df.min(TOP)]);
    varint(&mut payload, df.min(TOP) as u64);
    let chunks: Vec<&[Posting]> = by_doc.chunks(CHUNK).collect();
    varint(&mut payload, chunks.len() as u64);
    let mut previous = 0;
    for chunk in &chunks {
        varint(&mut payload, (chunk[0].doc - previous).into());
        previous = chunk[0].doc;
    }
    let (chunk_names, length_names) = names.split_at(names.len() - chunks.len());
    if chunk_names.is_empty() {
        file.extend_from_slice(&encode::chunk(chunks[0]));
    }
    output.write(file_name, &file)?;
    for (k, (chunk, lengths_name)) in chunks.iter().zip(length_names).enumerate() {
        if let Some(name) = chunk_names.get(k) {
            output.write(name, &encode::chunk(chunk))?;
        }
        output.write(lengths_name, &encode::lengths(chunk))?;
    }
    Ok((payload, 1 + names.len()))
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
            output.write(&bucket_path(b), &bucket_file(by_bucket.remove(&b).unwrap_or_default()))?;
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

    /// The entry of `word`: (stem, df, first postings, rest of the entry:
    /// the key, then the count of top postings, chunks and their starts).
    fn entry(layout: &Layout, files: &BTreeMap<String, Vec<u8>>, word: &str) -> (String, usize, Vec<u32>, Vec<u64>) {
        let b = fnv32(word) as usize % layout.buckets;
        let bucket = &files[&index_path("w", b, &format!("{b}.bin"))];
        let mut r = Reader::new(bucket);
        for _ in 0..r.varint() {
            let (w, stem, df) = (r.string().to_string(), r.string().to_string(), r.varint() as usize);
            let first: Vec<u32> = (0..r.varint()).map(|_| [r.u32(), r.u32(), r.u32()][0]).collect();
            let mut rest = Vec::new();
            if df > PAGE {
                rest.push(u64::from_str_radix(r.string(), 16).unwrap());
            }
            if df > first.len() {
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
    fn the_average_length_keeps_three_digits() {
        assert_eq!(average(&[600, 601, 603]), 601.0);
        assert_eq!(average(&[3, 4, 4]), 3.67);
        assert_eq!(average(&[1200, 1300]), 1250.0);
        assert_eq!(average(&[]), 0.0);
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
        assert!(rest.is_empty(), "a rare word's entry holds all its postings, and it has no cards of its own");
        assert_eq!(entry(&layout, &files, "ferry").2, [1, 0]);
        let cards: serde_json::Value = serde_json::from_slice(&files[&index_path("g", 0, "0.json")]).unwrap();
        assert_eq!(cards[1]["t"], "Report number 1");
        assert_eq!(cards[1]["x"], "Two ferries were cancelled.");
        assert_eq!(cards[1]["u"], "/articles/report-1/");
    }

    /// The stem file of a key: its cards, and the bytes after them.
    fn stem_file(files: &BTreeMap<String, Vec<u8>>, key: u64) -> (Vec<serde_json::Value>, &[u8]) {
        let file = &files[&index_path("s", (key >> 48) as usize, &format!("{key:016x}.bin"))];
        let mut r = Reader::new(file);
        let cards = serde_json::from_slice(r.bytes()).unwrap();
        (cards, &file[r.position()..])
    }

    #[test]
    fn a_word_of_more_than_a_page_of_results_has_their_cards_and_postings_in_one_file() {
        let n = FIRST + 6;
        let bodies: Vec<String> = (0..n).map(|k| format!("{}tide", "harbour ".repeat(1 + k % 5))).collect();
        let (layout, files) = index_of(&bodies.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(layout.cards, CARDS);
        let (_, df, first, rest) = entry(&layout, &files, "harbour");
        assert_eq!((df, &rest[1..]), (n, &[n as u64, 1, 0][..]), "all postings in the top ones, one chunk");
        let (stem_cards, after) = stem_file(&files, rest[0]);
        let group_card = |doc: u32| {
            let g = doc as usize / GROUP;
            let group: Vec<serde_json::Value> =
                serde_json::from_slice(&files[&index_path("g", g, &format!("{g}.json"))]).unwrap();
            group[doc as usize % GROUP].clone()
        };
        let expected: Vec<serde_json::Value> = first[..CARDS].iter().map(|&d| group_card(d)).collect();
        assert_eq!(stem_cards, expected, "the cards of the first postings, best first");
        assert_eq!(stem_cards[0]["x"], "harbour harbour harbour harbour harbour tide");
        let mut r = Reader::new(after);
        let mut by_score = first.clone();
        by_score.extend((FIRST..n).map(|_| [r.u32(), r.u32(), r.u32()][0]));
        by_score.sort_unstable();
        assert_eq!(by_score, (0..n as u32).collect::<Vec<_>>(), "the entry's postings, then the others");
        let docs: Vec<u32> = encode::read_chunk(&after[r.position()..], 0).into_iter().map(|(d, _)| d).collect();
        assert_eq!(docs, by_score, "then the one chunk");
        assert!(!files.keys().any(|f| f.contains("/c/")), "no chunk of its own");
    }

    #[test]
    fn a_word_of_a_page_of_results_has_no_stem_file_one_more_has_all_their_cards() {
        let bodies: Vec<String> = (0..=PAGE)
            .map(|k| format!("{}{}", "harbour ".repeat(1 + k % 3), if k < PAGE { "tide" } else { "" }))
            .collect();
        let (layout, files) = index_of(&bodies.iter().map(String::as_str).collect::<Vec<_>>());
        let (stem, df, _, rest) = entry(&layout, &files, "tide");
        assert_eq!((df, rest.len()), (PAGE, 0), "no key");
        let (key, folder) = stem_key(&stem);
        assert!(!files.contains_key(&index_path("s", folder, &format!("{key}.bin"))), "no stem file");
        let (_, df, _, rest) = entry(&layout, &files, "harbour");
        assert_eq!((df, rest.len()), (PAGE + 1, 1), "a key");
        let (cards, after) = stem_file(&files, rest[0]);
        assert_eq!((cards.len(), after), (PAGE + 1, &[][..]), "every result's card, nothing else");
    }

    #[test]
    fn a_frequent_word_has_its_top_postings_and_chunks_in_document_order() {
        let n = CHUNK + 10;
        let bodies: Vec<String> = (0..n).map(|k| format!("{}tide", "harbour ".repeat(1 + k % 5))).collect();
        let (layout, files) = index_of(&bodies.iter().map(String::as_str).collect::<Vec<_>>());
        let (_, df, first, rest) = entry(&layout, &files, "harbour");
        assert_eq!((df, first.len()), (n, FIRST));
        let (key, top, chunks, starts) = (rest[0], rest[1], rest[2], &rest[3..]);
        assert_eq!((top, chunks, starts), (TOP as u64, 2, &[0, CHUNK as u64][..]));
        let key = format!("{key:016x}");
        let folder = (u64::from_str_radix(&key, 16).unwrap() >> 48) as usize;
        let chunk = &files[&index_path("c", folder, &format!("{key}-1.bin"))];
        let (docs, counts): (Vec<u64>, Vec<u64>) =
            encode::read_chunk(chunk, CHUNK as u32).into_iter().map(|(d, c)| (u64::from(d), u64::from(c))).unzip();
        assert_eq!(docs, (CHUNK as u64..n as u64).collect::<Vec<_>>());
        assert_eq!(counts.iter().copied().collect::<std::collections::BTreeSet<_>>(), (1..=5).collect());
        let lengths = &files[&index_path("l", folder, &format!("{key}-1.bin"))];
        let lengths: Vec<u64> = std::iter::from_fn({
            let mut r = Reader::new(lengths);
            move || (!r.done()).then(|| r.varint())
        })
        .collect();
        // The title's three words, the body's: its count of the word and one.
        assert_eq!(lengths, counts.iter().map(|c| 3 + c + 1).collect::<Vec<_>>());
        let (_, after) = stem_file(&files, u64::from_str_radix(&key, 16).unwrap());
        let mut r = Reader::new(after);
        for _ in 0..3 * (TOP - FIRST) {
            r.varint();
        }
        assert!(r.done(), "the top postings, and the chunks in files of their own");
    }
}

//! The index kept beside the output (`.<output>.gazette-search/`): every
//! word's postings, in partitions of stems, and each document's key and
//! length. With it, an edit to a few articles updates the index
//! (`update.rs`) instead of analysing the whole archive again.
//!
//! The header is written last and removed before anything else changes, so
//! a build that stops half-way leaves no store, and the next build indexes
//! anew.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::encode::{self, Reader, varint};
use super::{Record, SearchError};
use crate::config::Config;

/// A word's postings: (document, count of the word in it), in document order.
pub(super) type Postings = Vec<(u32, u32)>;

/// A stem's words, with the stem's document frequency (how many documents
/// hold any of them), which names its files.
#[derive(Default)]
pub(super) struct Stem {
    pub(super) df: usize,
    pub(super) words: BTreeMap<String, Postings>,
}

/// The stems of one partition, in order.
pub(super) type Partition = BTreeMap<String, Stem>;

/// The postings of `word` (a word of `stem`), added when new.
pub(super) fn postings_of<'p>(partition: &'p mut Partition, stem: &str, word: &str) -> &'p mut Postings {
    if !partition.contains_key(stem) {
        partition.insert(stem.to_string(), Stem::default());
    }
    let words = &mut partition.get_mut(stem).expect("just inserted").words;
    if !words.contains_key(word) {
        words.insert(word.to_string(), Postings::new());
    }
    words.get_mut(word).expect("just inserted")
}

/// What the store's index is (the record the output's `index.json`
/// holds), and what an update needs to know of it and of every document.
pub(super) struct Header {
    pub(super) record: Record,
    /// The bytes of all bucket entries, which set the number of buckets.
    pub(super) entry_bytes: usize,
    /// Each document's key (see `document_keys`), by number.
    pub(super) keys: Vec<u64>,
    /// Each document's length in words, by number.
    pub(super) lengths: Vec<u32>,
}

pub(super) struct Store {
    dir: PathBuf,
}

const HEADER: &str = "header";
/// Changes whenever the store's files change shape.
const FORMAT: &str = "gazette search store 3";

impl Store {
    pub(super) fn of(config: &Config) -> Store {
        Store { dir: crate::paths::sibling(&config.output_dir, "search") }
    }

    /// The header, when the store is whole and of this format.
    pub(super) fn header(&self) -> Option<Header> {
        let bytes = std::fs::read(self.dir.join(HEADER)).ok()?;
        let mut r = Reader::new(&bytes);
        if r.string() != FORMAT {
            return None;
        }
        let record: Record = serde_json::from_str(r.string()).ok()?;
        let entry_bytes = r.varint() as usize;
        let n = r.varint() as usize;
        let keys = (0..n).map(|_| r.varint()).collect();
        let lengths = (0..n).map(|_| r.u32()).collect();
        r.done().then_some(Header { record, entry_bytes, keys, lengths })
    }

    /// Removes the header: the store is being rewritten.
    pub(super) fn open(&self) -> Result<(), SearchError> {
        std::fs::create_dir_all(&self.dir).map_err(|e| SearchError::Spill(self.dir.clone(), e))?;
        match std::fs::remove_file(self.dir.join(HEADER)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(SearchError::Spill(self.dir.join(HEADER), e)),
            _ => Ok(()),
        }
    }

    /// Writes the header: the store is whole again.
    pub(super) fn close(&self, header: &Header) -> Result<(), SearchError> {
        let mut out = Vec::with_capacity(header.keys.len() * 12 + 512);
        encode::string(&mut out, FORMAT);
        encode::string(&mut out, &serde_json::to_string(&header.record).expect("the record serialises"));
        varint(&mut out, header.entry_bytes as u64);
        varint(&mut out, header.keys.len() as u64);
        header.keys.iter().for_each(|&k| varint(&mut out, k));
        header.lengths.iter().for_each(|&l| varint(&mut out, l.into()));
        // Written whole or not at all: a build stopped in the middle of it
        // must not leave a header cut short.
        let temp = self.dir.join(format!("{HEADER}.new"));
        write(&temp, &out)?;
        std::fs::rename(&temp, self.dir.join(HEADER)).map_err(|e| SearchError::Spill(self.dir.join(HEADER), e))
    }

    pub(super) fn read_partition(&self, k: usize) -> Result<Partition, SearchError> {
        let path = self.dir.join(k.to_string());
        let bytes = std::fs::read(&path).map_err(|e| SearchError::Spill(path, e))?;
        let mut partition = Partition::new();
        let mut r = Reader::new(&bytes);
        while !r.done() {
            let stem = r.string().to_string();
            let df = r.varint() as usize;
            let mut words = BTreeMap::new();
            for _ in 0..r.varint() {
                let word = r.string().to_string();
                let mut doc = 0;
                let postings = (0..r.varint())
                    .map(|_| {
                        doc += r.u32();
                        (doc, r.u32())
                    })
                    .collect();
                words.insert(word, postings);
            }
            partition.insert(stem, Stem { df, words });
        }
        Ok(partition)
    }

    pub(super) fn write_partition(&self, k: usize, partition: &Partition) -> Result<(), SearchError> {
        let mut out = Vec::new();
        for (stem, s) in partition {
            encode::string(&mut out, stem);
            varint(&mut out, s.df as u64);
            varint(&mut out, s.words.len() as u64);
            for (word, postings) in &s.words {
                encode::string(&mut out, word);
                varint(&mut out, postings.len() as u64);
                let mut previous = 0;
                for &(doc, tf) in postings {
                    varint(&mut out, (doc - previous).into());
                    varint(&mut out, tf.into());
                    previous = doc;
                }
            }
        }
        write(&self.dir.join(k.to_string()), &out)
    }
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), SearchError> {
    std::fs::write(path, bytes).map_err(|e| SearchError::Spill(path.to_path_buf(), e))
}

//! What a result shows: every document's card in groups of [`GROUP`] by
//! number (`g/`), and a stem's first [`CARDS`] results' cards together (in
//! its stem file, `s/`, when it has more than a [`PAGE`] of results), so
//! that a page of results of one word is one file, not one per result.
//!
//! A stem's cards are written while its postings are scored, long after
//! the documents were analysed: each card is kept as the bytes written to
//! its group, and read back by document number from a spill file (a new
//! index) or the previous index's groups (an update).

use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;
use serde_json::value::RawValue;

use super::documents::{self, Card};
use super::encode::Posting;
use super::{GROUP, SearchError, index_path};
use crate::index::Site;
use crate::write::Sink;

/// Results a page shows: a stem of more has a stem file.
pub const PAGE: usize = 10;

/// Cards a stem file holds, of its first postings: more than a page, as
/// the results of two frequent words are more often among either's first
/// sixteen than among its first ten.
pub const CARDS: usize = 16;

pub(super) fn group_path(g: usize) -> String {
    index_path("g", g, &format!("{g}.json"))
}

/// A card as its files hold it.
pub(super) fn bytes(card: &Card) -> Vec<u8> {
    serde_json::to_vec(card).expect("cards serialise")
}

/// A JSON array of cards given as their bytes.
fn array<'a>(cards: impl Iterator<Item = &'a [u8]>) -> Vec<u8> {
    let mut out = vec![b'['];
    for (k, card) in cards.enumerate() {
        if k > 0 {
            out.push(b',');
        }
        out.extend_from_slice(card);
    }
    out.push(b']');
    out
}

pub(super) fn write_group<'a>(
    g: usize,
    cards: impl Iterator<Item = &'a [u8]>,
    output: &dyn Sink,
) -> Result<(), SearchError> {
    Ok(output.write(&group_path(g), &array(cards))?)
}

/// The cards of a stem's first postings by score, a JSON array.
pub(super) fn stem_cards(
    by_score: &[Posting],
    read: &mut dyn FnMut(u32) -> Result<Vec<u8>, SearchError>,
) -> Result<Vec<u8>, SearchError> {
    let cards: Vec<Vec<u8>> = by_score.iter().take(CARDS).map(|p| read(p.doc)).collect::<Result<_, _>>()?;
    Ok(array(cards.iter().map(Vec::as_slice)))
}

/// Every document's card of a new index, in document order, in a file
/// beside the output: at a million articles they do not fit in memory.
pub(super) struct CardSpill {
    path: PathBuf,
    file: BufWriter<File>,
    /// Where each document's card starts, and where the last one ends.
    offsets: Vec<u64>,
}

impl CardSpill {
    pub(super) fn create(dir: &Path) -> Result<CardSpill, SearchError> {
        let path = dir.join("cards");
        let file = File::create(&path).map_err(|e| SearchError::Spill(path.clone(), e))?;
        Ok(CardSpill { path, file: BufWriter::new(file), offsets: vec![0] })
    }

    /// Appends the next document's card.
    pub(super) fn push(&mut self, card: &[u8]) -> Result<(), SearchError> {
        self.file.write_all(card).map_err(|e| SearchError::Spill(self.path.clone(), e))?;
        self.offsets.push(self.offsets.last().expect("a first offset") + card.len() as u64);
        Ok(())
    }

    pub(super) fn finish(mut self) -> Result<SpilledCards, SearchError> {
        self.file.flush().map_err(|e| SearchError::Spill(self.path.clone(), e))?;
        Ok(SpilledCards { path: self.path, offsets: self.offsets })
    }
}

/// The spilled cards, read back by document.
pub(super) struct SpilledCards {
    path: PathBuf,
    offsets: Vec<u64>,
}

impl SpilledCards {
    /// A reader of its own for one thread.
    pub(super) fn reader(&self) -> Result<impl FnMut(u32) -> Result<Vec<u8>, SearchError> + '_, SearchError> {
        let mut file = File::open(&self.path).map_err(|e| SearchError::Spill(self.path.clone(), e))?;
        Ok(move |doc: u32| {
            let (start, end) = (self.offsets[doc as usize], self.offsets[doc as usize + 1]);
            let mut card = vec![0; (end - start) as usize];
            file.seek(SeekFrom::Start(start))
                .and_then(|_| file.read_exact(&mut card))
                .map_err(|e| SearchError::Spill(self.path.clone(), e))?;
            Ok(card)
        })
    }
}

/// The cards of an update: the changed documents' new ones, the others'
/// from the previous index's groups (they did not change), or made again
/// when a group cannot be read.
pub(super) struct Updated<'a> {
    pub(super) site: &'a Site,
    pub(super) order: &'a [usize],
    pub(super) previous: &'a Path,
    pub(super) changed: &'a FxHashMap<u32, Vec<u8>>,
}

impl Updated<'_> {
    /// A reader for one thread, which reads and splits each group once.
    pub(super) fn reader(&self) -> impl FnMut(u32) -> Result<Vec<u8>, SearchError> + '_ {
        let mut groups: FxHashMap<usize, Vec<Vec<u8>>> = FxHashMap::default();
        move |doc: u32| {
            if let Some(card) = self.changed.get(&doc) {
                return Ok(card.clone());
            }
            let g = doc as usize / GROUP;
            let kept = groups.entry(g).or_insert_with(|| self.previous_group(g));
            match kept.get(doc as usize % GROUP) {
                Some(card) => Ok(card.clone()),
                None => documents::document(self.site, self.order[doc as usize])
                    .map(|d| bytes(&d.card))
                    .map_err(SearchError::Article),
            }
        }
    }

    /// The cards of a group of the previous index, as their bytes; none
    /// when it cannot be read.
    fn previous_group(&self, g: usize) -> Vec<Vec<u8>> {
        let Ok(file) = std::fs::read(self.previous.join(group_path(g))) else {
            return Vec::new();
        };
        let cards: Vec<&RawValue> = serde_json::from_slice(&file).unwrap_or_default();
        cards.iter().map(|c| c.get().as_bytes().to_vec()).collect()
    }
}

//! An edit applied to the previous index. The documents whose key changed
//! are analysed again and their postings replaced in the store; only the
//! files of the stems, buckets and card groups they touch are written, and
//! every other file of the index is kept as it is. This holds while the
//! documents keep their numbers (new ones may follow the newest: an archive
//! grows at its end; none removed or moved by a new date) and the average
//! length keeps its three digits; otherwise the index is built anew, which
//! gives the same files.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::cards::{self, Updated};
use super::{
    Analysed, Analyser, Built, GROUP, Header, Layout, PARTITIONS, SearchError, SearchStats, Store, analyse, average,
    bucket_count, bucket_entries, bucket_file, bucket_path, entry, fnv32, merged, partition, postings_of,
    stem_file_names, stem_files,
};
use crate::index::Site;
use crate::write::Sink;

/// An update pays while at most one document in this many changed.
const AT_MOST_ONE_IN: usize = 8;

/// Updates the index `fingerprint` names (the previous output's) for the
/// documents whose keys changed; None when it cannot, and the index must be
/// built anew.
pub(super) fn update(
    site: &Site,
    order: &[usize],
    keys: &[u64],
    fingerprint: &str,
    analyser: &Analyser,
    store: &Store,
    output: &dyn Sink,
) -> Result<Option<Built>, SearchError> {
    let (Some(previous), Some(header)) = (output.previous(), store.header()) else {
        return Ok(None);
    };
    let Header { record, entry_bytes, keys: old_keys, mut lengths } = header;
    if record.fingerprint != fingerprint || keys.len() < old_keys.len() {
        return Ok(None);
    }
    let changed: Vec<u32> = (0..keys.len()).filter(|&d| old_keys.get(d) != Some(&keys[d])).map(|d| d as u32).collect();
    if changed.is_empty() || changed.len() * AT_MOST_ONE_IN > keys.len() {
        return Ok(None);
    }
    let layout = record.layout;
    if !(0..layout.buckets).all(|b| previous.join(bucket_path(b)).is_file()) {
        return Ok(None);
    }
    let analysed: Vec<Analysed> =
        changed.par_iter().map(|&d| analyse(site, order[d as usize], analyser)).collect::<Result<_, _>>()?;
    lengths.resize(keys.len(), 0);
    for (&d, a) in changed.iter().zip(&analysed) {
        lengths[d as usize] = a.length;
    }
    if average(&lengths) != layout.average {
        return Ok(None);
    }

    let mut added: Vec<Vec<Added>> = vec![Vec::new(); PARTITIONS];
    for (&doc, a) in changed.iter().zip(&analysed) {
        for (word, stem, tf) in &a.words {
            added[partition(stem)].push(Added { word, stem, doc, tf: *tf });
        }
    }
    let mut gone = vec![false; keys.len()];
    changed.iter().for_each(|&d| gone[d as usize] = true);
    let new_cards: FxHashMap<u32, Vec<u8>> =
        changed.iter().zip(&analysed).map(|(&d, a)| (d, cards::bytes(&a.card))).collect();
    let edit = Edit {
        layout: &layout,
        lengths: &lengths,
        gone: &gone,
        cards: Updated { site, order, previous, changed: &new_cards },
    };
    store.open()?;
    let parts: Vec<Part> = (0..PARTITIONS)
        .into_par_iter()
        .map(|k| update_partition(k, &edit, &added[k], store, output))
        .collect::<Result<_, _>>()?;
    let changes: FxHashMap<&str, Option<&[u8]>> =
        parts.iter().flat_map(|p| &p.entries).map(|(word, entry)| (word.as_str(), entry.as_deref())).collect();
    let buckets = update_buckets(previous, layout.buckets, entry_bytes, &changes, output)?;
    let groups = update_groups(order.len(), &edit.cards, output)?;
    let stats = SearchStats {
        documents: keys.len(),
        words: parts.iter().map(|p| p.words).sum(),
        stems: parts.iter().map(|p| p.stems).sum(),
        files: parts.iter().map(|p| p.files).sum::<usize>() + buckets.files + groups,
        analysed: changed.len(),
    };
    let layout = Layout { documents: keys.len(), buckets: buckets.count, ..layout };
    Ok(Some(Built { layout, stats, entry_bytes: buckets.entry_bytes, lengths }))
}

/// A word of a changed document, with its count there.
#[derive(Clone, Copy)]
struct Added<'a> {
    word: &'a str,
    stem: &'a str,
    doc: u32,
    tf: u32,
}

/// What an update did to a partition of stems.
struct Part {
    /// Every word of the stems it touched: its new entry, or None when no
    /// document holds the word any more.
    entries: Vec<(String, Option<Vec<u8>>)>,
    words: usize,
    stems: usize,
    files: usize,
}

/// What every partition's update reads.
struct Edit<'a> {
    layout: &'a Layout,
    /// Every document's length, the changed ones' new.
    lengths: &'a [u32],
    /// The changed documents, whose postings are replaced.
    gone: &'a [bool],
    cards: Updated<'a>,
}

/// Takes the changed documents out of partition `k`, adds their new words
/// (`added`), and writes the files of the stems that changed; the other
/// stems' files are kept (or written again when the previous index lacks
/// one).
fn update_partition(
    k: usize,
    edit: &Edit,
    added: &[Added],
    store: &Store,
    output: &dyn Sink,
) -> Result<Part, SearchError> {
    let Edit { layout, lengths, gone, cards } = edit;
    let mut stems = store.read_partition(k)?;
    // The words of each stem touched, as they were.
    let mut before: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (stem, s) in stems.iter_mut() {
        let mut hit = false;
        for postings in s.words.values_mut() {
            let had = postings.len();
            postings.retain(|&(doc, _)| !gone[doc as usize]);
            hit |= postings.len() != had;
        }
        if hit {
            before.insert(stem.clone(), s.words.keys().cloned().collect());
        }
    }
    for a in added {
        if !before.contains_key(a.stem) {
            let words = stems.get(a.stem).map(|s| s.words.keys().cloned().collect()).unwrap_or_default();
            before.insert(a.stem.to_string(), words);
        }
        postings_of(&mut stems, a.stem, a.word).push((a.doc, a.tf));
    }
    stems.retain(|_, s| {
        s.words.retain(|_, postings| !postings.is_empty());
        !s.words.is_empty()
    });

    let (mut entries, mut words, mut files) = (Vec::new(), 0, 0);
    let mut card = cards.reader();
    for (stem, s) in stems.iter_mut() {
        words += s.words.len();
        if !before.contains_key(stem) && stem_file_names(stem, s.df).iter().all(|name| output.keep(name)) {
            continue;
        }
        // Added postings went to the end; a stable sort merges the two runs.
        s.words.values_mut().for_each(|postings| postings.sort_by_key(|&(doc, _)| doc));
        let postings = merged(&s.words, lengths);
        s.df = postings.len();
        let (payload, written) = stem_files(layout, stem, postings, &mut card, output)?;
        files += written;
        entries.extend(s.words.keys().map(|word| (word.clone(), Some(entry(word, stem, &payload)))));
    }
    for (stem, old_words) in before {
        let now = stems.get(&stem);
        entries
            .extend(old_words.into_iter().filter(|w| !now.is_some_and(|s| s.words.contains_key(w))).map(|w| (w, None)));
    }
    store.write_partition(k, &stems)?;
    Ok(Part { entries, words, stems: stems.len(), files })
}

/// The buckets after an update.
struct Buckets {
    count: usize,
    entry_bytes: usize,
    files: usize,
}

/// Writes the buckets of the words whose entries changed, each read from
/// the previous index with those entries replaced, and keeps the others.
/// When the entries' bytes call for another number of buckets, every
/// bucket is read and all are written again.
fn update_buckets(
    previous: &Path,
    count: usize,
    entry_bytes: usize,
    changes: &FxHashMap<&str, Option<&[u8]>>,
    output: &dyn Sink,
) -> Result<Buckets, SearchError> {
    let read = |b: usize| {
        let path = previous.join(bucket_path(b));
        std::fs::read(&path).map_err(|e| SearchError::Previous(path, e))
    };
    let touched: BTreeSet<usize> = changes.keys().map(|w| fnv32(w) as usize % count).collect();
    let old: Vec<Vec<u8>> = touched.par_iter().map(|&b| read(b)).collect::<Result<_, _>>()?;
    // Their entries, split into those that stay and those replaced.
    let (replaced, mut kept): (Vec<_>, Vec<_>) =
        old.iter().flat_map(|file| bucket_entries(file)).partition(|(word, _)| changes.contains_key(word));
    let entry_bytes = entry_bytes.saturating_sub(replaced.iter().map(|(_, e)| e.len()).sum())
        + changes.values().flatten().map(|e| e.len()).sum::<usize>();
    let new_count = bucket_count(entry_bytes);
    let rest: Vec<Vec<u8>> = if new_count == count {
        Vec::new()
    } else {
        (0..count).into_par_iter().filter(|b| !touched.contains(b)).map(read).collect::<Result<_, _>>()?
    };
    kept.extend(rest.iter().flat_map(|file| bucket_entries(file)));
    let mut by_bucket: BTreeMap<usize, Vec<&[u8]>> = if new_count == count {
        touched.iter().map(|&b| (b, Vec::new())).collect()
    } else {
        (0..new_count).map(|b| (b, Vec::new())).collect()
    };
    let new = changes.iter().filter_map(|(&word, e)| e.map(|e| (word, e)));
    for (word, e) in kept.into_iter().chain(new) {
        by_bucket.get_mut(&(fnv32(word) as usize % new_count)).expect("a bucket of the word's").push(e);
    }
    by_bucket.par_iter().try_for_each(|(&b, entries)| output.write(&bucket_path(b), &bucket_file(entries.clone())))?;
    if new_count == count {
        for b in (0..count).filter(|b| !touched.contains(b)) {
            output.keep(&bucket_path(b));
        }
    }
    Ok(Buckets { count: new_count, entry_bytes, files: by_bucket.len() })
}

/// Writes the card groups of the changed documents (the other documents'
/// cards in them as the previous index has them) and keeps the others, or
/// writes one the previous index lacks.
fn update_groups(documents: usize, cards: &Updated, output: &dyn Sink) -> Result<usize, SearchError> {
    (0..documents.div_ceil(GROUP))
        .into_par_iter()
        .map(|g| {
            let docs = (g * GROUP) as u32..documents.min((g + 1) * GROUP) as u32;
            if !docs.clone().any(|d| cards.changed.contains_key(&d)) && output.keep(&cards::group_path(g)) {
                return Ok(0);
            }
            let group: Vec<Vec<u8>> = docs.map(cards.reader()).collect::<Result<_, _>>()?;
            cards::write_group(g, group.iter().map(Vec::as_slice), output)?;
            Ok(1)
        })
        .sum()
}

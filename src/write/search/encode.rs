//! The bytes of the index files; `static/search.js` reads them back.
//!
//! Numbers are LEB128 varints, strings a varint length and UTF-8. A posting
//! is a document, the word's count in it and the document's length in words:
//! the page scores BM25 from them with the archive's statistics, so a stored
//! posting does not change when another article does.

/// One article holding a stem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Posting {
    pub(super) doc: u32,
    pub(super) tf: u32,
    pub(super) len: u32,
}

pub(super) fn varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

pub(super) fn string(out: &mut Vec<u8>, s: &str) {
    bytes(out, s.as_bytes());
}

pub(super) fn bytes(out: &mut Vec<u8>, b: &[u8]) {
    varint(out, b.len() as u64);
    out.extend_from_slice(b);
}

/// Postings in the order given (by score): each document in full.
pub(super) fn postings(out: &mut Vec<u8>, postings: &[Posting]) {
    for p in postings {
        varint(out, p.doc.into());
        varint(out, p.tf.into());
        varint(out, p.len.into());
    }
}

/// A chunk of postings in document order: which documents hold the stem
/// and how often, all that checking a document against a word needs
/// (the document's length comes with the posting it is checked for).
/// Each document is its gap from the one before (the first from the
/// chunk's first document, which the word's entry lists), shifted two bits
/// left over its count less one; a count of 4 or more leaves 3 there and
/// follows as count − 4. Most postings of a frequent word take one byte.
pub(super) fn chunk(postings: &[Posting]) -> Vec<u8> {
    let mut out = Vec::with_capacity(postings.len() * 2);
    let mut previous = postings.first().map_or(0, |p| p.doc);
    for p in postings {
        let more = p.tf.saturating_sub(1);
        varint(&mut out, (u64::from(p.doc - previous) << 2) | u64::from(more.min(3)));
        if more >= 3 {
            varint(&mut out, u64::from(more - 3));
        }
        previous = p.doc;
    }
    out
}

/// The lengths of a chunk's documents, in its order: read only to rank
/// all of a stem's postings.
pub(super) fn lengths(postings: &[Posting]) -> Vec<u8> {
    let mut out = Vec::with_capacity(postings.len() * 2);
    postings.iter().for_each(|p| varint(&mut out, p.len.into()));
    out
}

/// Reads what the writers above wrote (the index reads its spill files back
/// with it; the search page has its own in JavaScript).
pub(super) struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, at: 0 }
    }

    pub(super) fn position(&self) -> usize {
        self.at
    }

    /// The bytes read since `start` (a [`Reader::position`]).
    pub(super) fn since(&self, start: usize) -> &'a [u8] {
        &self.bytes[start..self.at]
    }

    pub(super) fn done(&self) -> bool {
        self.at >= self.bytes.len()
    }

    pub(super) fn varint(&mut self) -> u64 {
        let mut n = 0u64;
        let mut shift = 0;
        loop {
            let b = self.bytes[self.at];
            self.at += 1;
            n |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return n;
            }
            shift += 7;
        }
    }

    pub(super) fn u32(&mut self) -> u32 {
        self.varint() as u32
    }

    pub(super) fn bytes(&mut self) -> &'a [u8] {
        let len = self.varint() as usize;
        let s = &self.bytes[self.at..self.at + len];
        self.at += len;
        s
    }

    pub(super) fn string(&mut self) -> &'a str {
        std::str::from_utf8(self.bytes()).expect("the index wrote UTF-8")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_written_reads_back() {
        let mut out = Vec::new();
        for n in [0u64, 127, 128, 300, u64::from(u32::MAX)] {
            varint(&mut out, n);
        }
        string(&mut out, "ferry");
        let mut r = Reader::new(&out);
        assert_eq!([r.varint(), r.varint(), r.varint(), r.varint(), r.varint()], [0, 127, 128, 300, 4294967295]);
        assert_eq!(r.string(), "ferry");
        assert!(r.done());
        assert_eq!(&out[..4], [0, 127, 0x80, 1]);
    }

    #[test]
    fn a_chunk_stores_gaps_between_documents_with_their_counts() {
        let p = |doc, tf| Posting { doc, tf, len: 300 };
        let postings = [p(1000, 2), p(1003, 1), p(1004, 4), p(1040, 9)];
        assert_eq!(chunk(&postings), [1, 3 << 2, (1 << 2) | 3, 0, 0x93, 1, 5]);
        assert_eq!(lengths(&postings[..2]), [0xac, 2, 0xac, 2]);
    }
}

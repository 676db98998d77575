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
///
/// The count of postings (a varint) and a Rice parameter `k` (a byte), then
/// bits, the first of each byte first, a posting after another: its
/// document's gap from the one before (the first from the chunk's first
/// document, which the word's entry lists) as `gap >> k` one-bits, a zero
/// and the low `k` bits; then its count: `0` for 1, `10` for 2, `110` for
/// 3, else `111` and count − 3 in Elias gamma. Gaps of a frequent word are
/// about geometric, for which Rice codes are near the best: on a generated
/// archive this is 46% smaller than the varints before it (a byte for most
/// postings), so checking results against a frequent word reads half the
/// bytes.
pub(super) fn chunk(postings: &[Posting]) -> Vec<u8> {
    let first = postings.first().map_or(0, |p| p.doc);
    let gaps: Vec<u32> =
        postings.iter().scan(first, |previous, p| Some(p.doc - std::mem::replace(previous, p.doc))).collect();
    let k = rice_parameter(&gaps);
    let mut out = Vec::with_capacity(postings.len());
    varint(&mut out, postings.len() as u64);
    out.push(k as u8);
    let mut bits = Bits::new(out);
    for (p, gap) in postings.iter().zip(&gaps) {
        bits.ones(gap >> k);
        bits.push(0, 1);
        bits.push(u64::from(*gap), k);
        match p.tf {
            0..=3 => {
                bits.ones(p.tf.max(1) - 1);
                bits.push(0, 1);
            }
            tf => {
                bits.ones(3);
                bits.gamma(tf - 3);
            }
        }
    }
    bits.finish()
}

/// The Rice parameter that codes these gaps in the fewest bits, among
/// the three around the one a geometric distribution of their mean wants.
fn rice_parameter(gaps: &[u32]) -> u32 {
    let mean = gaps.iter().map(|&g| f64::from(g)).sum::<f64>() / gaps.len().max(1) as f64;
    let guess = (mean * std::f64::consts::LN_2).max(1.0).log2().round() as u32;
    let cost = |k: u32| gaps.iter().map(|&g| u64::from(g >> k) + 1 + u64::from(k)).sum::<u64>();
    [guess.saturating_sub(1), guess, guess + 1].into_iter().min_by_key(|&k| (cost(k), k)).unwrap_or(0)
}

/// Bits written the first of each byte first, after the bytes of `out`:
/// whole bytes leave as soon as they are full, fewer than 8 bits wait.
struct Bits {
    out: Vec<u8>,
    pending: u64,
    used: u32,
}

impl Bits {
    fn new(out: Vec<u8>) -> Bits {
        Bits { out, pending: 0, used: 0 }
    }

    /// The low `n` (≤ 32) bits of `value`, the highest first.
    fn push(&mut self, value: u64, n: u32) {
        self.pending = (self.pending << n) | (value & ((1 << n) - 1));
        self.used += n;
        while self.used >= 8 {
            self.used -= 8;
            self.out.push((self.pending >> self.used) as u8);
        }
        self.pending &= (1 << self.used) - 1;
    }

    fn ones(&mut self, mut n: u32) {
        while n > 0 {
            let run = n.min(32);
            self.push(u64::MAX, run);
            n -= run;
        }
    }

    /// `n` ≥ 1 in Elias gamma: as many zeros as it has bits after its
    /// highest, then its bits.
    fn gamma(&mut self, n: u32) {
        let width = 32 - n.leading_zeros();
        self.push(0, width - 1);
        self.push(u64::from(n), width);
    }

    fn finish(mut self) -> Vec<u8> {
        if self.used > 0 {
            self.out.push((self.pending << (8 - self.used)) as u8);
        }
        self.out
    }
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

/// A chunk read back, as `static/search.js` reads it: (document, count).
#[cfg(test)]
pub(super) fn read_chunk(bytes: &[u8], first: u32) -> Vec<(u32, u32)> {
    let mut r = Reader::new(bytes);
    let count = r.varint();
    let k = u32::from(bytes[r.position()]);
    let mut at = (r.position() + 1) * 8;
    let mut bit = || {
        let b = (bytes[at / 8] >> (7 - at % 8)) & 1;
        at += 1;
        u32::from(b)
    };
    let mut doc = first;
    (0..count)
        .map(|_| {
            let mut q = 0;
            while bit() == 1 {
                q += 1;
            }
            doc += (q << k) + (0..k).fold(0, |v, _| v * 2 + bit());
            let mut tf = 1;
            while tf < 4 && bit() == 1 {
                tf += 1;
            }
            if tf == 4 {
                let mut zeros = 0;
                while bit() == 0 {
                    zeros += 1;
                }
                tf = 3 + (0..zeros).fold(1, |v, _| v * 2 + bit());
            }
            (doc, tf)
        })
        .collect()
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
        // Gaps 0, 3, 1, 36: k = 3. Then 0 000 10 | 0 011 0 | 0 001 111 1 |
        // 11110 100 111 00110, padded with zeros.
        assert_eq!(chunk(&postings), [4, 3, 0b0000_1000, 0b1100_0011, 0b1111_1110, 0b1001_1100, 0b1100_0000]);
        assert_eq!(lengths(&postings[..2]), [0xac, 2, 0xac, 2]);
        let back: Vec<(u32, u32)> = postings.iter().map(|p| (p.doc, p.tf)).collect();
        assert_eq!(read_chunk(&chunk(&postings), 1000), back);
    }

    proptest::proptest! {
        #[test]
        fn any_chunk_reads_back(gaps in proptest::collection::vec((0u32..5000, 1u32..300), 1..400), first in 0u32..1_000_000) {
            let mut doc = first;
            let postings: Vec<Posting> = gaps
                .iter()
                .enumerate()
                .map(|(i, &(gap, tf))| {
                    doc += if i == 0 { 0 } else { gap.max(1) };
                    Posting { doc, tf, len: 1 }
                })
                .collect();
            let back: Vec<(u32, u32)> = postings.iter().map(|p| (p.doc, p.tf)).collect();
            proptest::prop_assert_eq!(read_chunk(&chunk(&postings), first), back);
        }
    }
}

//! The language of a page's prose, told by the stopword list that covers
//! most of it (the lists of stopwords-iso, from the stop-words crate), and
//! whether a word is a stopword of that language.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

/// A language, as an index into [`LANGUAGES`].
pub(crate) type Language = u8;

/// The stopwords-iso lists, by ISO 639-1 code (at most 64: a word's
/// languages are the bits of a `u64`).
const LANGUAGES: [&str; 57] = [
    "af", "ar", "bg", "bn", "br", "ca", "cs", "da", "de", "el", "en", "eo", "es", "et", "eu", "fa", "fi", "fr", "ga",
    "gl", "gu", "ha", "he", "hi", "hr", "hu", "hy", "id", "it", "ja", "ko", "ku", "la", "lt", "lv", "mr", "ms", "nl",
    "no", "pl", "pt", "ro", "ru", "sk", "sl", "so", "st", "sv", "sw", "th", "tl", "tr", "uk", "ur", "vi", "yo", "zu",
];

/// A page whose best list covers less of its prose than this has no
/// usable list (Chinese, Japanese, Korean prose runs words together).
const MIN_SHARE: f64 = 0.15;
/// Lines with fewer words are not prose enough to tell (menus would drown
/// the prose).
const MIN_WORDS: usize = 8;

/// Each stopword with the languages it belongs to.
fn table() -> &'static FxHashMap<&'static str, u64> {
    static TABLE: OnceLock<FxHashMap<&'static str, u64>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table: FxHashMap<&'static str, u64> = FxHashMap::default();
        for (k, code) in LANGUAGES.iter().enumerate() {
            for word in stop_words::get(code) {
                *table.entry(word).or_default() |= 1 << k;
            }
        }
        table
    })
}

/// Counts, per language, the stopwords among the words of prose lines.
#[derive(Default, Clone)]
pub(crate) struct Tally {
    words: usize,
    hits: Vec<usize>,
}

impl Tally {
    pub(crate) fn add_line(&mut self, line: &str) {
        let words = super::page::tokens(line);
        if words.len() < MIN_WORDS {
            return;
        }
        if self.hits.is_empty() {
            self.hits = vec![0; LANGUAGES.len()];
        }
        let table = table();
        self.words += words.len();
        for w in &words {
            if let Some(&bits) = table.get(w.as_str()) {
                let mut bits = bits;
                while bits != 0 {
                    self.hits[bits.trailing_zeros() as usize] += 1;
                    bits &= bits - 1;
                }
            }
        }
    }

    pub(crate) fn merge(&mut self, other: &Tally) {
        if self.hits.is_empty() {
            self.hits = vec![0; LANGUAGES.len()];
        }
        self.words += other.words;
        for (a, b) in self.hits.iter_mut().zip(&other.hits) {
            *a += b;
        }
    }

    /// The language whose list covers the largest share, when it is enough.
    pub(crate) fn best(&self) -> Option<Language> {
        let (k, &hits) = self.hits.iter().enumerate().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(&a.0)))?;
        (self.words > 0 && hits as f64 / self.words as f64 >= MIN_SHARE).then_some(k as Language)
    }
}

/// The language of these lines' prose.
pub(crate) fn detect<'a>(lines: impl Iterator<Item = &'a str>) -> Option<Language> {
    let mut tally = Tally::default();
    for line in lines {
        tally.add_line(line);
    }
    tally.best()
}

/// Whether a lower-case word is a stopword of `language`.
pub(crate) fn is_stop(language: Language, word: &str) -> bool {
    table().get(word).is_some_and(|bits| bits & (1 << language) != 0)
}

/// The ISO code of a language, for messages.
#[cfg(test)]
pub(crate) fn code(language: Language) -> &'static str {
    LANGUAGES[usize::from(language)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_languages_apart() {
        let en = detect(
            ["The council said that it would not be able to open the pier again before the end of the summer."]
                .into_iter(),
        );
        assert_eq!(en.map(code), Some("en"));
        let de = detect(
            ["Der Rat sagte, dass er die Brücke nicht vor dem Ende des Sommers wieder öffnen könne und werde."]
                .into_iter(),
        );
        assert_eq!(de.map(code), Some("de"));
        assert_eq!(detect(["Home", "News", "Sport"].into_iter()), None);
    }
}

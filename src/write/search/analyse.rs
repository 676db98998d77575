//! Words and stems: what the index keys on and what the search page looks up.
//!
//! A word is a lowercased run of letters and digits (`static/search.js`
//! splits a query the same way). Each word is indexed under its Snowball
//! stem in the site's language, so "ferry" finds "ferries"; the page never
//! stems, it looks the typed word up and the index names its stem.

use std::borrow::Cow;
use std::cell::RefCell;

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;
use thread_local::ThreadLocal;

pub(super) struct Analyser {
    /// None for a language Snowball has no stemmer for: words stay as typed.
    stemmer: Option<Stemmer>,
    /// The stems each thread has found, freed with the analyser: kept by
    /// the threads themselves, they outlived indexing (tens of megabytes
    /// through rendering at a million articles).
    stems: ThreadLocal<RefCell<FxHashMap<String, String>>>,
}

impl Analyser {
    /// The analyser of a site language such as `en`, `en-GB` or `pt_BR`.
    pub(super) fn new(language: &str) -> Analyser {
        let code = language.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        let algorithm = match code.as_str() {
            "ar" => Algorithm::Arabic,
            "da" => Algorithm::Danish,
            "de" => Algorithm::German,
            "el" => Algorithm::Greek,
            "en" => Algorithm::English,
            "es" => Algorithm::Spanish,
            "fi" => Algorithm::Finnish,
            "fr" => Algorithm::French,
            "hu" => Algorithm::Hungarian,
            "it" => Algorithm::Italian,
            "nl" => Algorithm::Dutch,
            "no" | "nb" | "nn" => Algorithm::Norwegian,
            "pt" => Algorithm::Portuguese,
            "ro" => Algorithm::Romanian,
            "ru" => Algorithm::Russian,
            "sv" => Algorithm::Swedish,
            "ta" => Algorithm::Tamil,
            "tr" => Algorithm::Turkish,
            _ => return Analyser { stemmer: None, stems: ThreadLocal::new() },
        };
        Analyser { stemmer: Some(Stemmer::create(algorithm)), stems: ThreadLocal::new() }
    }

    /// The stem of `word`, remembered by the thread: an archive repeats its
    /// words, and Snowball was a third of indexing before this.
    pub(super) fn stem_cached(&self, word: &str) -> String {
        /// Words a thread remembers before it starts again.
        const CAPACITY: usize = 200_000;
        let mut stems = self.stems.get_or_default().borrow_mut();
        if let Some(stem) = stems.get(word) {
            return stem.clone();
        }
        if stems.len() >= CAPACITY {
            stems.clear();
        }
        let stem = self.stem(word).into_owned();
        stems.insert(word.to_string(), stem.clone());
        stem
    }

    pub(super) fn stem<'a>(&self, word: &'a str) -> Cow<'a, str> {
        match &self.stemmer {
            Some(s) => s.stem(word),
            None => Cow::Borrowed(word),
        }
    }
}

/// The words of `text`, lowercased.
pub(super) fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lowercased_runs_of_letters_and_digits() {
        let found: Vec<String> = words("Calais: 1,200 MIGRANTS — Élysée's ferry_port").collect();
        assert_eq!(found, ["calais", "1", "200", "migrants", "élysée", "s", "ferry", "port"]);
    }

    #[test]
    fn stems_in_the_sites_language_and_keeps_words_in_others() {
        let english = Analyser::new("en-GB");
        assert_eq!(english.stem("ferries"), english.stem("ferry"));
        assert_eq!(Analyser::new("fr").stem("migrants"), "migr");
        assert_eq!(Analyser::new("xx").stem("ferries"), "ferries");
        assert_eq!(english.stem_cached("ferries"), "ferri");
        assert_eq!(english.stem_cached("ferries"), "ferri", "remembered");
        assert_eq!(Analyser::new("xx").stem_cached("ferries"), "ferries", "each language its own");
    }
}

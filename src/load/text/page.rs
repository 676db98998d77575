//! The article found in a whole-page scrape, from the text alone. A naive
//! scraper keeps the whole visible page: menus, share rows, cookie and
//! subscription notices, "Most read" boxes, comments, footers, and somewhere
//! the article. In the spirit of jusText, each line is classified by its
//! length, stopword share, sentence punctuation, a generic vocabulary of
//! furniture (`lexicon.rs`) and how often its source repeats it
//! (`load/chrome.rs`); each class weighs for or against being body, and the
//! body is the heaviest run of lines (Kadane), grown to the whole paragraph
//! blocks and lists around it.
//!
//! A body-only scrape (no run of menu lines, no legal footer) is left as it
//! is, but for the lines its source repeats in most of its files.

use super::lexicon::{Lexicon, lexicon};
use super::stopwords::{self, Language};
use crate::config::ChromeOptions;

/// What a source (a site, a section) repeats, learned from the archive.
#[derive(Debug, Default, Clone)]
pub(crate) struct SourceStats {
    /// A name for messages: the host, the section or "the archive".
    pub(crate) name: String,
    /// Page groups (copies of one article count once) of the source sampled.
    pub(crate) groups: usize,
    /// Line key → in how many groups it stands (keys in two or more).
    pub(crate) repeats: rustc_hash::FxHashMap<u64, u32>,
    /// Keys of title parts (`Headline | Outlet`) found in two or more first lines.
    pub(crate) outlet_parts: std::collections::HashSet<u64>,
    /// The language of the source's prose, when its stopwords tell it.
    pub(crate) language: Option<Language>,
}

impl SourceStats {
    /// The groups a line at least stands in to be furniture, and to be
    /// dropped even where it reads as text inside the body.
    fn thresholds(&self, options: &ChromeOptions) -> (u32, u32) {
        let at_least = |share: f64| ((share * self.groups as f64).ceil() as u32).max(options.min_files);
        (at_least(options.share), at_least(options.keep_share))
    }
}

/// Why a line of a scraped page is not part of the article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Reason {
    /// In this many page groups of the source.
    Repeated(u32, String),
    Navigation,
    Furniture,
    ShareOrCount,
    Promotion,
    SectionHeading,
    Comments,
    DateStamp,
    PictureCredit,
    PageTitle,
    RepeatedHeadline,
    LinkToAnotherStory,
    Digest,
    /// Outside the run of lines that is the article.
    OutsideArticle,
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Reason::Repeated(n, source) => write!(f, "repeated in {n} files of {source}"),
            Reason::Navigation => f.write_str("navigation run"),
            Reason::Furniture => f.write_str("page furniture (share row, menu, legal or sign-in line)"),
            Reason::ShareOrCount => f.write_str("a counter (shares, comments, photos)"),
            Reason::Promotion => f.write_str("call to sign up, subscribe or follow"),
            Reason::SectionHeading => f.write_str("heading of another section (related, most read)"),
            Reason::Comments => f.write_str("comments"),
            Reason::DateStamp => f.write_str("date stamp"),
            Reason::PictureCredit => f.write_str("picture credit"),
            Reason::PageTitle => f.write_str("the page's title"),
            Reason::RepeatedHeadline => f.write_str("the headline, repeated"),
            Reason::LinkToAnotherStory => f.write_str("link to another story"),
            Reason::Digest => f.write_str("a digest repeating the article"),
            Reason::OutsideArticle => f.write_str("outside the article"),
        }
    }
}

/// What the page analysis decided.
#[derive(Debug, Default)]
pub(crate) struct Cut {
    pub(crate) whole_page: bool,
    /// The headline of a whole page, without the outlet's name.
    pub(crate) title: Option<String>,
    /// For each line of the body: why it is dropped, or `None` when kept.
    pub(crate) dropped: Vec<Option<Reason>>,
    /// Lines near the article that may be its byline and date stamp, in
    /// page order (a whole page's are dropped with the furniture).
    pub(crate) stamps: Vec<String>,
    /// For each line of the body: the caption and credit of a picture
    /// when the line is one.
    pub(crate) captions: Vec<Option<Caption>>,
}

/// A picture's caption and credit, found in a whole page's lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Caption {
    pub(crate) caption: Option<String>,
    pub(crate) credit: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Comments,
    Break,
    Number,
    Date,
    Furniture,
    Promo,
    Caption,
    Rep,
    Trunc,
    Good,
    Titled,
    Near,
    Item,
    Short,
    Digest,
    Title,
    Headline,
    Link,
}

impl Kind {
    fn is_bad(self) -> bool {
        matches!(
            self,
            Kind::Link
                | Kind::Number
                | Kind::Break
                | Kind::Comments
                | Kind::Date
                | Kind::Furniture
                | Kind::Rep
                | Kind::Digest
                | Kind::Promo
                | Kind::Caption
                | Kind::Title
                | Kind::Headline
        )
    }

    fn is_text(self) -> bool {
        matches!(self, Kind::Good | Kind::Titled | Kind::Near | Kind::Item | Kind::Trunc)
    }

    /// Text-like lines that a repetition below the keep threshold does not
    /// drop inside the body (recurring subheadings, sign-offs).
    fn keeps_when_repeated(self) -> bool {
        self.is_text() || self == Kind::Short
    }

    fn reason(self) -> Reason {
        match self {
            Kind::Comments => Reason::Comments,
            Kind::Break => Reason::SectionHeading,
            Kind::Number => Reason::ShareOrCount,
            Kind::Date => Reason::DateStamp,
            Kind::Furniture => Reason::Furniture,
            Kind::Promo => Reason::Promotion,
            Kind::Caption => Reason::PictureCredit,
            Kind::Digest => Reason::Digest,
            Kind::Title => Reason::PageTitle,
            Kind::Headline => Reason::RepeatedHeadline,
            Kind::Link => Reason::LinkToAnotherStory,
            Kind::Short => Reason::Navigation,
            _ => Reason::OutsideArticle,
        }
    }
}

// Weights: one paragraph weighs about 100 to 500; a menu line costs 25, a
// furniture line 100, a date stamp 200 (one per comment or teaser card makes
// those zones cost), a section heading 300 (about two paragraphs).
const GOOD_LEN: usize = 80;
const NEAR_LEN: usize = 40;
const STOP_GOOD: f64 = 0.30;
const STOP_NEAR: f64 = 0.20;
const W_NEAR_PUNCT: f64 = 0.5;
const W_NEAR: f64 = -5.0;
const W_SHORT: f64 = -25.0;
const W_BAD: f64 = -100.0;
const W_REP_TEXT: f64 = -25.0;
const W_NUMBER: f64 = -75.0;
const W_DATE: f64 = -200.0;
const W_BREAK: f64 = -300.0;
const TITLED_FACTOR: f64 = 0.1;
const ASIDE_MAX: usize = 6;
const COMMENT_FACTOR: f64 = 0.1;
const FALLBACK_MIN: f64 = 200.0;
const FALLBACK_ITEM: f64 = 0.2;
const DIGEST_SHARE: f64 = 0.5;
/// A run of this many menu lines, or this many distinct legal words in
/// short lines, makes a page a whole-page scrape.
const MENU_RUN: usize = 8;
/// Longest line (in bytes) that a body-only page drops as repeated.
const MAX_REPEATED: usize = 300;
const LEGAL_MIN: usize = 3;

/// One non-blank line of a page.
struct Line<'a> {
    /// Its index among the body's lines.
    i: usize,
    text: &'a str,
    /// Its `\w+` words, lower-cased (slices of the page's lower-cased text).
    tokens: Vec<&'a str>,
    wlen: usize,
    /// Stopword share; `None` when unknown (no language, CJK text).
    stop: Option<f64>,
    punct: bool,
    trunc: bool,
    sents: usize,
    key: u64,
    block: usize,
    rep: u32,
    kind: Kind,
    base: Kind,
    w: f64,
    keep: bool,
}

impl Line<'_> {
    fn nwords(&self) -> usize {
        self.tokens.len()
    }
}

/// `\w+` runs, lower-cased.
pub(crate) fn tokens(text: &str) -> Vec<String> {
    words(&text.to_lowercase()).map(str::to_string).collect()
}

/// The `\w+` runs of a text.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|w| !w.is_empty())
}

/// A line's key: its words lower-cased, every digit `0`, hashed (FNV-1a,
/// stable across builds). `0` for a line with no word.
pub(crate) fn line_key(text: &str) -> u64 {
    /// FNV-1a over the key's bytes, a space between words.
    struct Key {
        h: u64,
        any: bool,
        space: bool,
    }
    impl Key {
        fn push(&mut self, c: char) {
            if self.space && self.any {
                self.byte(b' ');
            }
            self.space = false;
            self.any = true;
            let mut buf = [0; 4];
            for &b in c.encode_utf8(&mut buf).as_bytes() {
                self.byte(b);
            }
        }
        fn byte(&mut self, b: u8) {
            self.h = (self.h ^ u64::from(b)).wrapping_mul(0x100000001b3);
        }
    }
    let mut key = Key { h: 0xcbf29ce484222325, any: false, space: false };
    for c in text.chars() {
        if c.is_ascii() {
            // The common case, without the Unicode tables.
            match c {
                '0'..='9' => key.push('0'),
                'a'..='z' | '_' => key.push(c),
                'A'..='Z' => key.push(c.to_ascii_lowercase()),
                _ => key.space = true,
            }
        } else if c.is_alphanumeric() {
            for lower in c.to_lowercase() {
                key.push(if lower.is_ascii_digit() { '0' } else { lower });
            }
        } else {
            key.space = true;
        }
    }
    if key.any { key.h } else { 0 }
}

fn wide(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x9FFF | 0xF900..=0xFAFF)
}

/// Characters, a CJK ideograph or kana counting three.
fn weighted_len(text: &str) -> usize {
    text.chars().map(|c| if wide(c) { 3 } else { 1 }).sum()
}

/// Whether a line ends a sentence, past closing quotes and brackets.
pub(crate) fn ends_sentence(text: &str) -> bool {
    let t = text.trim_end().trim_end_matches(['"', '\'', '”', '’', '»', ')', ']', '*']);
    t.ends_with(['.', '!', '?', '…', '。', '！', '？', ':', ';'])
}

/// The lines of a page as the analysis reads them: no-break spaces as
/// spaces, zero-width characters gone, trimmed.
pub(crate) fn clean_line(raw: &str) -> std::borrow::Cow<'_, str> {
    if raw.contains(['\u{a0}', '\u{200b}', '\u{feff}']) {
        std::borrow::Cow::Owned(raw.replace('\u{a0}', " ").replace(['\u{200b}', '\u{feff}'], "").trim().to_string())
    } else {
        std::borrow::Cow::Borrowed(raw.trim())
    }
}

/// Analyses one page. `lines` are the body's lines, `chrome` which of them
/// the chrome list drops anyway (they are left out of the analysis);
/// `source` what the page's source repeats (none for a page alone).
pub(crate) fn analyse(
    lines: &[std::borrow::Cow<'_, str>],
    chrome: &[bool],
    source: Option<&SourceStats>,
    options: &ChromeOptions,
) -> Cut {
    let lex = lexicon();
    let mut cut = Cut { dropped: vec![None; lines.len()], captions: vec![None; lines.len()], ..Cut::default() };
    if !could_be_whole_page(lines, chrome, lex) && !titled_by_outlet(lines, chrome, source, lex) {
        // The common case, a body-only scrape, without the line classes.
        repeated_lines(&mut cut, lines, chrome, source, options, lex);
        return cut;
    }
    let language = source.and_then(|s| s.language).or_else(|| stopwords::detect(lines.iter().map(|l| l.as_ref())));
    let lowered: Vec<String> = lines.iter().map(|l| l.to_lowercase()).collect();
    let mut ls = page_lines(lines, &lowered, chrome, language);
    if ls.is_empty() {
        return cut;
    }
    let empty = SourceStats::default();
    let source = source.unwrap_or(&empty);
    let (rep_thr, keep_thr) = source.thresholds(options);
    for l in &mut ls {
        l.rep = source.repeats.get(&l.key).copied().unwrap_or(0);
        l.kind = classify(l, lex, rep_thr);
        // What the line would be without its source, for the keep rule.
        l.base = if l.kind == Kind::Rep { classify(l, lex, 0) } else { l.kind };
    }
    let outlet = &source.outlet_parts;
    let candidates = title_candidates(ls[0].text, outlet, lex);
    let mut anchor = None;
    for (k, l) in ls.iter_mut().enumerate().skip(1) {
        if candidates.contains(&l.key) && l.nwords() >= 2 {
            anchor.get_or_insert(k);
            l.kind = Kind::Headline;
        }
    }
    ls[0].kind = Kind::Title;
    let (run, legal) = whole_page_evidence(&ls, lex);
    cut.whole_page = run >= MENU_RUN || legal >= LEGAL_MIN;
    if !cut.whole_page {
        body_only(&mut cut, &ls, keep_thr, source, outlet, lex);
        return cut;
    }
    mark_digests(&mut ls);
    cut.title = Some(find_title(&ls, outlet, lex));
    for l in &mut ls {
        l.w = weight(l, keep_thr);
    }
    set_context_weights(&mut ls);
    let weights: Vec<f64> = ls.iter().map(|l| l.w).collect();
    let (mut a, mut b, score) = kadane(&weights);
    if score < FALLBACK_MIN {
        let fallback: Vec<f64> =
            ls.iter().map(|l| if l.kind.is_text() { l.wlen as f64 * FALLBACK_ITEM } else { l.w }).collect();
        (a, b, _) = kadane(&fallback);
    }
    match a.zip(b) {
        Some((first, last)) => {
            let (a, b) = grow_span(&ls, first, last, anchor, lex);
            drop_link_lists(&mut ls, a, b);
            for l in &mut ls[a..=b] {
                l.keep = !l.kind.is_bad() || (l.kind == Kind::Rep && l.rep < keep_thr && l.base.keeps_when_repeated());
            }
            if let Some(k) = standfirst(&ls, anchor, a) {
                ls[k].keep = true;
            }
            cut.stamps = stamps(&ls, a, anchor, lex);
            // The article's top picture stands between its headline and
            // its first paragraph.
            let top = anchor.filter(|&h| h < a && a - h <= 16).map_or(a, |h| h + 1);
            find_captions(&mut ls, &mut cut, top, b, lex);
        }
        None => {
            for l in &mut ls {
                l.keep = !l.kind.is_bad();
            }
        }
    }
    for l in &ls {
        if !l.keep && cut.dropped[l.i].is_none() {
            cut.dropped[l.i] = Some(match l.kind {
                Kind::Rep => Reason::Repeated(l.rep, source.name.clone()),
                k if k.is_bad() || k == Kind::Short => k.reason(),
                _ => Reason::OutsideArticle,
            });
        }
    }
    cut
}

/// A body-only scrape keeps its lines, but for what its source repeats in
/// most of its files (a promotion every article ends with) and, when the
/// source's titles carry the outlet's name, the headline repeated below the
/// title line. Lines are counted with their digits folded; here a line with
/// digits is never dropped, as two articles' lines may differ only in them.
fn body_only(
    cut: &mut Cut,
    ls: &[Line],
    keep_thr: u32,
    source: &SourceStats,
    outlet: &std::collections::HashSet<u64>,
    lex: &Lexicon,
) {
    let parts = title_parts(ls[0].text, lex);
    let has_outlet = parts.len() > 1 && parts.iter().any(|p| outlet.contains(&line_key(p)));
    if has_outlet {
        cut.title = Some(find_title(ls, outlet, lex));
    }
    for (k, l) in ls.iter().enumerate() {
        let digits = l.text.chars().any(|c| c.is_ascii_digit());
        if k > 0 && l.rep >= keep_thr && l.rep >= 3 && !digits && is_repeatable(l, lex) {
            cut.dropped[l.i] = Some(Reason::Repeated(l.rep, source.name.clone()));
        } else if has_outlet && l.kind == Kind::Headline {
            cut.dropped[l.i] = Some(Reason::RepeatedHeadline);
        }
    }
    if has_outlet {
        cut.dropped[ls[0].i] = Some(Reason::PageTitle);
    }
}

/// Lines that recur by nature are never furniture: bullets (topics, related
/// headlines), figure labels and picture credits, bylines, datelines.
fn is_repeatable(l: &Line, lex: &Lexicon) -> bool {
    repeats_by_chance(l.text, lex)
}

fn repeats_by_chance(t: &str, lex: &Lexicon) -> bool {
    let bullet = t.starts_with(['•', '▪', '–', '-']) && t.chars().nth(1).is_some_and(char::is_whitespace);
    let label = ["Image source", "Image copyright", "Image caption", "Media caption", "Video caption"]
        .iter()
        .any(|label| t.contains(label));
    let lower = t.to_lowercase();
    let byline =
        lex.byline.is_match(&lower) && t.split_whitespace().count() <= 8 || super::byline::pipe_byline(t).is_some();
    let dateline = lower.starts_with("published") || lower.starts_with("updated");
    !(bullet || label || byline || dateline || lower == "related topics")
}

/// Whether a page may be a whole-page scrape, from what is cheap to see: a
/// run of lines that may be menu lines (a superset of the menu lines of
/// [`whole_page_evidence`]), or a short line naming a legal page.
fn could_be_whole_page(lines: &[std::borrow::Cow<str>], chrome: &[bool], lex: &Lexicon) -> bool {
    let (mut run, mut first) = (0, true);
    for (i, line) in lines.iter().enumerate() {
        if line.is_empty() || chrome.get(i).copied().unwrap_or(false) {
            continue;
        }
        if std::mem::take(&mut first) {
            continue;
        }
        let words = line.split_whitespace().take(13).count();
        let bullet = line.starts_with(['•', '▪', '–', '-']) && line.chars().nth(1).is_some_and(char::is_whitespace);
        let maybe_menu = words <= 4 && !ends_sentence(line) && !bullet && !line.chars().any(|c| c.is_ascii_digit());
        run = if maybe_menu { run + 1 } else { 0 };
        if run >= MENU_RUN || (words <= 12 && lex.legal.is_match(&line.to_lowercase())) {
            return true;
        }
    }
    false
}

/// Whether the page's first line carries a name its source's titles share
/// (`Headline | Outlet`): then even a body-only page loses that name.
fn titled_by_outlet(
    lines: &[std::borrow::Cow<str>],
    chrome: &[bool],
    source: Option<&SourceStats>,
    lex: &Lexicon,
) -> bool {
    let Some(source) = source.filter(|s| !s.outlet_parts.is_empty()) else { return false };
    let first = (0..lines.len()).find(|&i| !lines[i].is_empty() && !chrome.get(i).copied().unwrap_or(false));
    first.is_some_and(|i| {
        let parts = title_parts(&lines[i], lex);
        parts.len() > 1 && parts.iter().any(|p| source.outlet_parts.contains(&line_key(p)))
    })
}

/// A body-only page loses only what its source repeats in most pages (see
/// [`body_only`]), found by the lines' keys alone.
fn repeated_lines(
    cut: &mut Cut,
    lines: &[std::borrow::Cow<str>],
    chrome: &[bool],
    source: Option<&SourceStats>,
    options: &ChromeOptions,
    lex: &Lexicon,
) {
    let Some(source) = source.filter(|s| !s.repeats.is_empty()) else { return };
    let (_, keep_thr) = source.thresholds(options);
    let mut first = true;
    for (i, line) in lines.iter().enumerate() {
        if line.is_empty() || chrome.get(i).copied().unwrap_or(false) || std::mem::take(&mut first) {
            continue;
        }
        // Furniture is short; a paragraph is not hashed at all.
        if line.len() > MAX_REPEATED {
            continue;
        }
        let rep = source.repeats.get(&line_key(line)).copied().unwrap_or(0);
        let digits = line.chars().any(|c| c.is_ascii_digit());
        if rep >= keep_thr && rep >= 3 && !digits && repeats_by_chance(line, lex) {
            cut.dropped[i] = Some(Reason::Repeated(rep, source.name.clone()));
        }
    }
}

fn page_lines<'a>(
    lines: &'a [std::borrow::Cow<'a, str>],
    lowered: &'a [String],
    chrome: &[bool],
    language: Option<Language>,
) -> Vec<Line<'a>> {
    let lex = lexicon();
    let mut out = Vec::new();
    let mut block = 0;
    let mut previous_blank = true;
    for (i, text) in lines.iter().enumerate() {
        let text = text.as_ref();
        if chrome.get(i).copied().unwrap_or(false) {
            continue;
        }
        if text.is_empty() {
            previous_blank = true;
            continue;
        }
        if previous_blank {
            block += 1;
        }
        previous_blank = false;
        let tokens: Vec<&str> = words(&lowered[i]).collect();
        let chars = text.chars().count();
        let wide_chars = text.chars().filter(|&c| wide(c)).count();
        let stop = match language {
            Some(lang) if !tokens.is_empty() && wide_chars * 3 < chars => {
                Some(tokens.iter().filter(|w| stopwords::is_stop(lang, w)).count() as f64 / tokens.len() as f64)
            }
            _ => None,
        };
        out.push(Line {
            i,
            text,
            wlen: weighted_len(text),
            stop,
            punct: ends_sentence(text),
            trunc: lex.truncated.is_match(text),
            sents: lex.sentence_boundary.find_iter(text).count(),
            key: line_key(text),
            tokens,
            block,
            rep: 0,
            kind: Kind::Short,
            base: Kind::Short,
            w: 0.0,
            keep: false,
        });
    }
    out
}

fn is_number(w: &str) -> bool {
    !w.is_empty() && w.chars().all(|c| c.is_ascii_digit())
}

fn is_furniture(l: &Line, lex: &Lexicon) -> bool {
    if l.tokens.is_empty() {
        return false;
    }
    let n = l.nwords();
    if (l.text.contains('©') || l.text.to_lowercase().contains("all rights reserved")) && n <= 40 {
        return true;
    }
    if n <= 12
        && l.tokens.iter().all(|w| lex.furniture_words.contains(w) || is_number(w))
        && !l.tokens.iter().all(|w| is_number(w))
    {
        return true;
    }
    if n <= 30 {
        let joined = l.tokens.join(" ");
        let lower = l.text.to_lowercase();
        for (lead, pattern) in &lex.leads {
            if joined == *lead
                || (joined.starts_with(lead) && joined[lead.len()..].starts_with(' ') && pattern.is_match(&lower))
            {
                return true;
            }
        }
    }
    n <= 8 && !l.punct && lex.byline.is_match(&l.text.to_lowercase())
}

/// A date, a time or a "posted 3 hours ago" stamp, perhaps with a name.
fn is_date(l: &Line, lex: &Lexicon) -> bool {
    let toks = &l.tokens;
    if toks.is_empty() || toks.len() > 14 || !l.text.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let datey = |w: &str| lex.months.contains(w) || lex.days.contains(w) || lex.time_words.contains(w);
    if !toks.iter().any(|w| datey(w)) && !lex.date_format.is_match(&l.text.to_lowercase()) {
        return false;
    }
    let dateish = toks
        .iter()
        .filter(|w| is_number(w) || datey(w) || lex.date_fillers.contains(*w) || lex.number_suffix.is_match(w))
        .count();
    dateish as f64 / toks.len() as f64 >= 0.6
}

/// A call to sign up, subscribe, follow or donate: the phrase opens the
/// line (one word before it at most: `Please subscribe…`), or the line
/// speaks to the reader. A subheading such as `Who can sign up` is no call.
fn is_promo(l: &Line, lex: &Lexicon) -> bool {
    let Some(m) = lex.promo.find(l.text) else { return false };
    tokens(&l.text[..m.start()]).len() <= 1 || l.tokens.iter().any(|w| matches!(*w, "you" | "your" | "our" | "us"))
}

/// Words 2 to 7 all capitalised: a Title Case headline glued to its lead.
fn titled_start(text: &str) -> bool {
    let words: Vec<&str> =
        text.split_whitespace().skip(1).take(6).filter(|w| w.chars().any(char::is_alphabetic)).collect();
    words.len() >= 5
        && words.iter().all(|w| {
            w.trim_start_matches(['"', '\'', '“', '‘', '(', '«']).chars().next().is_some_and(char::is_uppercase)
        })
}

/// The line's kind, the first rule that matches; `rep_thr` 0 leaves the
/// source out.
fn classify(l: &Line, lex: &Lexicon, rep_thr: u32) -> Kind {
    let n = l.nwords();
    if n <= 8 {
        let joined = l.tokens.join(" ");
        if lex.comments.is_match(&joined) {
            return Kind::Comments;
        }
        if lex.section_break.is_match(&joined) {
            return Kind::Break;
        }
    }
    if is_date(l, lex) {
        return Kind::Date;
    }
    if n > 0 && n <= 12 && l.tokens.iter().all(|w| is_number(w)) {
        return Kind::Number;
    }
    if is_furniture(l, lex) {
        return Kind::Furniture;
    }
    if n <= 40 && is_promo(l, lex) {
        return Kind::Promo;
    }
    if n <= 60 && lex.caption.is_match(l.text) {
        return Kind::Caption;
    }
    if rep_thr > 0 && l.rep >= rep_thr && is_repeatable(l, lex) {
        return Kind::Rep;
    }
    if l.trunc {
        return Kind::Trunc;
    }
    let good_stop = l.stop.is_none_or(|s| s >= STOP_GOOD);
    let near_stop = l.stop.is_none_or(|s| s >= STOP_NEAR);
    let prose = l.wlen >= GOOD_LEN && good_stop && (l.punct || (l.sents >= 2 && l.wlen >= 2 * GOOD_LEN));
    if prose {
        return if titled_start(l.text) { Kind::Titled } else { Kind::Good };
    }
    if l.wlen >= NEAR_LEN && near_stop {
        return Kind::Near;
    }
    if n >= 4 || lex.item_punct.is_match(l.text) || l.punct {
        return Kind::Item;
    }
    Kind::Short
}

fn weight(l: &Line, keep_thr: u32) -> f64 {
    match l.kind {
        Kind::Rep if l.base.keeps_when_repeated() && l.rep < keep_thr => W_REP_TEXT,
        Kind::Good => l.wlen as f64,
        Kind::Titled => l.wlen as f64 * TITLED_FACTOR,
        Kind::Near if l.punct => l.wlen as f64 * W_NEAR_PUNCT,
        Kind::Near | Kind::Caption => W_NEAR,
        Kind::Item | Kind::Trunc | Kind::Digest => 0.0,
        Kind::Short => W_SHORT,
        Kind::Number => W_NUMBER,
        Kind::Date => W_DATE,
        Kind::Break | Kind::Comments => W_BREAK,
        _ => W_BAD,
    }
}

/// A line most of whose 8-word shingles stand in two or more other, shorter
/// lines repeats several paragraphs of the page (a metadata dump of the
/// body, a "headline + lead" teaser): a digest.
fn mark_digests(ls: &mut [Line]) {
    const N: usize = 8;
    let shingles: Vec<Vec<u64>> = ls
        .iter()
        .map(|l| {
            (0..(l.nwords() + 1).saturating_sub(N))
                .map(|i| {
                    let mut h = rustc_hash::FxHasher::default();
                    std::hash::Hash::hash(&l.tokens[i..i + N], &mut h);
                    std::hash::Hasher::finish(&h)
                })
                .collect()
        })
        .collect();
    let mut holders: rustc_hash::FxHashMap<u64, Vec<usize>> = rustc_hash::FxHashMap::default();
    for (k, s) in shingles.iter().enumerate() {
        for &h in s {
            let list = holders.entry(h).or_default();
            if list.len() < 4 {
                list.push(k);
            }
        }
    }
    for k in 0..ls.len() {
        let s = &shingles[k];
        if s.len() < 2 * N || !matches!(ls[k].kind, Kind::Good | Kind::Titled | Kind::Near | Kind::Trunc) {
            continue;
        }
        let mut shorter = std::collections::HashSet::new();
        let mut covered = 0;
        for h in s {
            let others: Vec<usize> =
                holders[h].iter().copied().filter(|&j| j != k && shingles[j].len() < s.len()).collect();
            if !others.is_empty() {
                covered += 1;
                shorter.extend(others);
            }
        }
        if covered as f64 >= DIGEST_SHARE * s.len() as f64 && shorter.len() >= 2 {
            ls[k].kind = Kind::Digest;
        }
    }
}

/// `Headline | Outlet` → its parts.
pub(super) fn title_parts<'a>(first: &'a str, lex: &Lexicon) -> Vec<&'a str> {
    lex.title_separator.split(first).filter(|p| !p.trim().is_empty()).collect()
}

/// The longest part of the title that is not a known outlet or section part.
fn headline_part<'a>(first: &'a str, outlet: &std::collections::HashSet<u64>, lex: &Lexicon) -> &'a str {
    let parts = title_parts(first, lex);
    let own: Vec<&str> = parts.iter().copied().filter(|p| !outlet.contains(&line_key(p))).collect();
    let pool = if own.is_empty() { &parts } else { &own };
    pool.iter().copied().max_by_key(|p| p.len()).unwrap_or(first)
}

/// Keys the headline may have where the page repeats it: the whole title,
/// its longest part, the title without its last part, and (three parts or
/// more) without its first. An outlet's name alone is never one.
fn title_candidates(first: &str, outlet: &std::collections::HashSet<u64>, lex: &Lexicon) -> Vec<u64> {
    let parts = title_parts(first, lex);
    let mut keys = vec![line_key(first)];
    if parts.len() > 1 {
        let without_last = parts[..parts.len() - 1].join(" ");
        let without_first = parts[1..].join(" ");
        let mut alternatives = vec![headline_part(first, outlet, lex).to_string(), without_last];
        if parts.len() > 2 {
            alternatives.push(without_first);
        }
        for alt in alternatives {
            let key = line_key(&alt);
            if tokens(&alt).len() >= 2 && !outlet.contains(&key) {
                keys.push(key);
            }
        }
    }
    keys
}

/// The headline: the first later line equal to the title or one of its
/// parts; else the title without the parts its source's titles share
/// (outlet, section); else without a last part of four words or fewer.
fn find_title(ls: &[Line], outlet: &std::collections::HashSet<u64>, lex: &Lexicon) -> String {
    let first = ls[0].text;
    let candidates = title_candidates(first, outlet, lex);
    if let Some(l) = ls[1..].iter().find(|l| candidates.contains(&l.key) && l.nwords() >= 2) {
        return l.text.to_string();
    }
    // The page's own headline may say more, or say it otherwise, than its
    // `<title>`: a headline-like line opening with the same three words.
    let head = tokens(headline_part(first, outlet, lex));
    if head.len() >= 3
        && let Some(l) = ls[1..].iter().find(|l| {
            l.tokens.len() >= 3
                && l.tokens.len() <= 2 * head.len() + 4
                && l.tokens[..3] == head[..3]
                && !l.punct
                && !matches!(l.kind, Kind::Good | Kind::Titled)
        })
    {
        return l.text.to_string();
    }
    let mut parts = title_parts(first, lex);
    while parts.len() > 1 && outlet.contains(&line_key(parts[parts.len() - 1])) {
        parts.pop();
    }
    while parts.len() > 1 && outlet.contains(&line_key(parts[0])) {
        parts.remove(0);
    }
    if parts.len() > 1 {
        let rest = parts[..parts.len() - 1].join(" ");
        if tokens(parts[parts.len() - 1]).len() <= 4 && (tokens(&rest).len() >= 2 || weighted_len(&rest) >= 15) {
            parts.pop();
        }
    }
    match parts.len() {
        0 => first.to_string(),
        1 => parts[0].trim().to_string(),
        _ => parts.iter().map(|p| p.trim()).collect::<Vec<_>>().join(" - "),
    }
}

/// The longest run of menu lines, and the distinct legal-footer words in
/// lines of at most 12 words.
fn whole_page_evidence(ls: &[Line], lex: &Lexicon) -> (usize, usize) {
    let (mut run, mut best) = (0, 0);
    for l in &ls[1..] {
        let bullet = l.text.starts_with(['•', '▪', '–', '-']) && l.text.chars().nth(1).is_some_and(char::is_whitespace);
        let menu = matches!(l.kind, Kind::Short | Kind::Furniture | Kind::Break | Kind::Comments | Kind::Rep)
            && l.nwords() <= 4
            && !l.punct
            && !bullet
            && !l.text.chars().any(|c| c.is_ascii_digit());
        run = if menu { run + 1 } else { 0 };
        best = best.max(run);
    }
    let mut legal = std::collections::HashSet::new();
    for l in ls.iter().filter(|l| l.nwords() <= 12) {
        let lower = l.text.to_lowercase();
        for m in lex.legal.find_iter(&lower) {
            legal.insert(m.as_str().split_whitespace().next().unwrap_or("").to_string());
        }
    }
    (best, legal.len())
}

/// The contiguous run with the largest total weight: first, last, weight.
fn kadane(weights: &[f64]) -> (Option<usize>, Option<usize>, f64) {
    let (mut best, mut best_a, mut best_b) = (0.0, None, None);
    let (mut current, mut start) = (0.0, 0);
    for (k, &w) in weights.iter().enumerate() {
        if current <= 0.0 {
            current = 0.0;
            start = k;
        }
        current += w;
        if current > best {
            (best, best_a, best_b) = (current, Some(start), Some(k));
        }
    }
    (best_a, best_b, best)
}

/// A section heading between two paragraphs, a few lines from each, is an
/// aside inside the body; after a comments heading that follows prose,
/// prose weighs little.
fn set_context_weights(ls: &mut [Line]) {
    // Paragraphs: prose, or a shorter line that ends a sentence.
    let paragraph = |l: &Line| l.kind == Kind::Good || (l.kind == Kind::Near && l.punct && l.wlen >= 60);
    let goods: Vec<usize> = (0..ls.len()).filter(|&k| paragraph(&ls[k])).collect();
    let mut gi = 0;
    for k in 0..ls.len() {
        while gi < goods.len() && goods[gi] <= k {
            gi += 1;
        }
        if ls[k].kind != Kind::Break {
            continue;
        }
        let next = goods.get(gi).copied();
        let previous = gi.checked_sub(1).map(|g| goods[g]);
        if let (Some(next), Some(previous)) = (next, previous)
            && next - k - 1 <= ASIDE_MAX
            && k - previous - 1 <= ASIDE_MAX
            && !ls[k + 1..next].iter().any(|l| matches!(l.kind, Kind::Break | Kind::Comments))
        {
            ls[k].w = W_BAD;
        }
    }
    let (mut seen_good, mut in_comments) = (false, false);
    for l in ls.iter_mut() {
        seen_good |= l.kind == Kind::Good;
        if l.kind == Kind::Comments && seen_good {
            in_comments = true;
        }
        if in_comments && l.w > 0.0 {
            l.w *= COMMENT_FACTOR;
        }
    }
}

/// Grows the heaviest run for recall: over the rest of its first and last
/// paragraph blocks, a list that ends the article, one line before it that
/// reads as text, and text lines after it.
fn grow_span(ls: &[Line], mut a: usize, mut b: usize, anchor: Option<usize>, lex: &Lexicon) -> (usize, usize) {
    while a > 1 && Some(a - 1) != anchor && ls[a - 1].block == ls[a].block && ls[a - 1].kind.is_text() {
        a -= 1;
    }
    while b + 1 < ls.len()
        && ((ls[b + 1].block == ls[b].block && ls[b + 1].kind.is_text()) || ls[b + 1].kind == Kind::Trunc)
    {
        b += 1;
    }
    b = extend_lists(ls, b, lex);
    if a > 1 && matches!(ls[a - 1].kind, Kind::Near | Kind::Item) {
        a -= 1;
    }
    let tail = |l: &Line| matches!(l.kind, Kind::Item | Kind::Near | Kind::Trunc | Kind::Good);
    loop {
        if b + 1 < ls.len() && tail(&ls[b + 1]) {
            b += 1;
        } else if let Some(after) = bridge(ls, b) {
            b = after;
        } else {
            break;
        }
    }
    (a, b)
}

/// The article goes on past an inset between its last paragraphs: an
/// `Advertisement` or `Read more: …` line, or an aside's heading with its
/// headlines, when a paragraph follows (a line of prose, or a shorter one
/// ending a sentence). The line of that paragraph, or `None`.
fn bridge(ls: &[Line], b: usize) -> Option<usize> {
    let mut inset = false;
    for (j, l) in ls.iter().enumerate().take(b + 10).skip(b + 1) {
        match l.kind {
            Kind::Furniture | Kind::Promo | Kind::Rep if l.nwords() <= 12 => inset = true,
            Kind::Break if l.w > W_BREAK => inset = true,
            Kind::Near | Kind::Item | Kind::Short | Kind::Trunc if inset && !l.punct => {}
            Kind::Good => return inset.then_some(j),
            Kind::Near if l.punct => return inset.then_some(j),
            _ => return None,
        }
    }
    None
}

fn is_itemish(l: &Line, lex: &Lexicon) -> bool {
    matches!(l.kind, Kind::Item | Kind::Near | Kind::Good | Kind::Titled)
        && (l.nwords() >= 3 || lex.item_punct.is_match(l.text))
}

/// After the run, whole blocks of list items (a list that ends the
/// article): a block of two lines or more with no bad line and 80 % items; a
/// lone heading before such a block of three or more; any block of half items
/// right after a line ending in `:`.
fn extend_lists(ls: &[Line], mut b: usize, lex: &Lexicon) -> usize {
    let n = ls.len();
    let block_end = |s: usize| (s..n).find(|&e| ls[e].block != ls[s].block).unwrap_or(n);
    let mut intro = ls[b].text.trim_end().ends_with(':');
    let mut k = b + 1;
    while k < n {
        let j = block_end(k);
        let lines = &ls[k..j];
        let bad = lines.iter().filter(|l| l.kind.is_bad()).count();
        let items = lines.iter().filter(|l| is_itemish(l, lex)).count();
        if lines.len() == 1 && matches!(lines[0].kind, Kind::Item | Kind::Near | Kind::Short) && j < n {
            let j2 = block_end(j);
            let next = &ls[j..j2];
            if next.len() >= 3
                && !next.iter().any(|l| l.kind.is_bad())
                && next.iter().filter(|l| is_itemish(l, lex)).count() as f64 >= 0.8 * next.len() as f64
            {
                (k, b) = (j2, j2 - 1);
                continue;
            }
        }
        if bad == 0 && lines.len() >= 2 && items as f64 >= 0.8 * lines.len() as f64 {
            (b, k) = (j - 1, j);
            continue;
        }
        if intro && bad == 0 && items as f64 >= 0.5 * lines.len() as f64 {
            (b, k, intro) = (j - 1, j, false);
            continue;
        }
        break;
    }
    b
}

/// Inside the body, the headline-like lines after a section heading or a
/// short `More:` lead-in link to other stories (at most 8).
fn drop_link_lists(ls: &mut [Line], a: usize, b: usize) {
    let mut k = a;
    while k <= b {
        let l = &ls[k];
        let opener = l.kind == Kind::Break
            || (l.kind == Kind::Furniture && l.text.trim_end().ends_with([':', '»']) && l.nwords() <= 4);
        k += 1;
        if !opener {
            continue;
        }
        let mut j = k;
        let headline_like = |l: &Line| {
            let kind = if l.kind == Kind::Rep { l.base } else { l.kind };
            matches!(kind, Kind::Near | Kind::Item | Kind::Short | Kind::Trunc) && !l.punct
        };
        while j <= b && j - k < 8 && headline_like(&ls[j]) {
            ls[j].kind = Kind::Link;
            j += 1;
        }
        k = j;
    }
}

/// The standfirst, which a page prints between its headline and the
/// article's first paragraph, with bylines, date stamps and share rows
/// around it: the first prose line after the headline, when no other prose
/// stands between it and the article.
fn standfirst(ls: &[Line], anchor: Option<usize>, a: usize) -> Option<usize> {
    let h = anchor.filter(|&h| h + 1 < a)?;
    let prose = |l: &Line| matches!(l.kind, Kind::Good | Kind::Near | Kind::Titled);
    let section = |l: &Line| matches!(l.kind, Kind::Break | Kind::Comments);
    let k = (h + 1..a).find(|&k| prose(&ls[k]) || section(&ls[k]))?;
    let clear = ls[k + 1..a].iter().all(|l| !prose(l) && !section(l));
    (prose(&ls[k]) && clear && a - k <= 12 && ls[k].wlen >= NEAR_LEN).then_some(k)
}

/// Captions and credits of pictures inside the article become figures:
/// a line ending in a credit (`… Photograph: Name/Agency`, `(Photo by …)`),
/// a credit alone with its caption on the line above, and an agency's name
/// alone on the line after a caption.
fn find_captions(ls: &mut [Line], cut: &mut Cut, a: usize, b: usize, lex: &Lexicon) {
    let mut k = a;
    while k <= b {
        // A caption, then its credit alone in the same block (`Corsair
        // Images`, `Upland Weekly photo`, `Courtesy of …`).
        if ls[k].keep
            && ls[k].kind != Kind::Caption
            && ls[k].wlen < 300
            && let Some(next) = ls.get(k + 1).filter(|n| k < b && n.block == ls[k].block && is_agency_credit(n, lex))
        {
            let i = next.i;
            cut.captions[ls[k].i] =
                Some(Caption { caption: Some(ls[k].text.to_string()), credit: Some(next.text.to_string()) });
            cut.dropped[i] = Some(Reason::PictureCredit);
            ls[k + 1].keep = false;
            k += 2;
            continue;
        }
        if ls[k].kind != Kind::Caption {
            k += 1;
            continue;
        }
        ls[k].keep = true;
        // `Image caption, …` and the other labels make figures as in any scrape.
        if ["Image source", "Image caption", "Image copyright", "Media caption", "Video caption"]
            .iter()
            .any(|label| ls[k].text.starts_with(label))
        {
            k += 1;
            continue;
        }
        let (mut caption, credit) = split_credit(ls[k].text, lex);
        // A credit alone takes the caption from the line above it.
        if caption.is_none() && k > a && ls[k - 1].keep && cut.captions[ls[k - 1].i].is_none() && ls[k - 1].wlen < 300 {
            caption = Some(ls[k - 1].text.to_string());
            cut.dropped[ls[k - 1].i] = Some(Reason::PictureCredit);
            ls[k - 1].keep = false;
        }
        cut.captions[ls[k].i] = Some(Caption { caption, credit });
        // An agency's name alone after a caption is its credit.
        if let Some(next) = ls.get(k + 1).filter(|n| k < b && is_agency_name(n))
            && cut.captions[ls[k].i].as_ref().is_some_and(|c| c.credit.is_none())
        {
            let i = next.i;
            let name = next.text.to_string();
            if let Some(c) = cut.captions[ls[k].i].as_mut() {
                c.credit = Some(name);
            }
            cut.dropped[i] = Some(Reason::PictureCredit);
            ls[k + 1].keep = false;
            k += 1;
        }
        k += 1;
    }
}

/// A credit line on its own: a few words, no sentence, ending in an
/// agency's word (`Corsair Images`, `Upland Weekly photo`) or opening with
/// `Courtesy`.
fn is_agency_credit(l: &Line, lex: &Lexicon) -> bool {
    l.nwords() <= 6
        && !l.punct
        && (l.tokens.first().is_some_and(|w| *w == "courtesy")
            || l.tokens.last().is_some_and(|w| lex.agency_words.contains(w)))
}

/// A short name of capitalised words, no sentence: `Corsair Images`.
fn is_agency_name(l: &Line) -> bool {
    let words: Vec<&str> = l.text.split_whitespace().collect();
    (1..=4).contains(&words.len()) && !l.punct && words.iter().all(|w| w.starts_with(char::is_uppercase))
}

/// `Crowds on the quay. Photograph: Jo Bloggs/Agency` → the caption and the
/// credit.
fn split_credit(text: &str, lex: &Lexicon) -> (Option<String>, Option<String>) {
    let Some(found) = lex.credit.captures(text) else { return (Some(text.trim().to_string()), None) };
    let whole = found.get(0).expect("a match");
    let credit = ["a", "b", "c", "d"]
        .iter()
        .find_map(|g| found.name(g))
        .map(|m| m.as_str().trim().trim_start_matches(['/', '|']).trim().to_string())
        .filter(|c| !c.is_empty());
    let caption = text[..whole.start()].trim().trim_end_matches(['-', '–', '—', '|', ',']).trim();
    ((!caption.is_empty()).then(|| caption.to_string()), credit)
}

/// Bylines and date stamps around the top of the article: after the
/// headline (or the page's first line), up to a few lines into the body. A
/// `By` alone takes the name on the next line.
fn stamps(ls: &[Line], a: usize, anchor: Option<usize>, lex: &Lexicon) -> Vec<String> {
    let from = anchor.map_or(1, |h| h + 1);
    let to = (a + 3).min(ls.len());
    let mut out = Vec::new();
    for k in from..to {
        let l = &ls[k];
        let lower = l.text.to_lowercase();
        if lower == "by" || lower == "written by" {
            if let Some(next) = ls.get(k + 1) {
                out.push(format!("By {}", next.text));
            }
        } else if let Some(byline) = name_before_stamp(ls, k, to) {
            out.push(byline);
        } else if l.kind == Kind::Date || lex.byline.is_match(&lower) && l.nwords() <= 8 || is_stamp_like(l) {
            out.push(l.text.to_string());
        }
    }
    out
}

/// A name alone (two to four capitalised words), perhaps with a role on the
/// next line, right above a date stamp: a byline without `By`.
fn name_before_stamp(ls: &[Line], k: usize, to: usize) -> Option<String> {
    let l = &ls[k];
    let words: Vec<&str> = l.text.split_whitespace().collect();
    let name = (2..=4).contains(&words.len())
        && !l.punct
        && l.kind != Kind::Date
        && words.iter().all(|w| w.starts_with(char::is_uppercase) && !w.chars().any(|c| c.is_ascii_digit()));
    if !name {
        return None;
    }
    match (ls.get(k + 1), ls.get(k + 2)) {
        (Some(next), _) if k + 1 < to && next.kind == Kind::Date => Some(format!("By {}", l.text)),
        (Some(role), Some(date)) if k + 2 < to && date.kind == Kind::Date && role.nwords() <= 6 && !role.punct => {
            Some(format!("By {}, {}", l.text, role.text))
        }
        _ => None,
    }
}

/// A short line that may be a byline with its outlet (`Ann Smith | Outlet`).
fn is_stamp_like(l: &Line) -> bool {
    l.nwords() <= 12 && !l.punct && l.text.contains(" | ")
}

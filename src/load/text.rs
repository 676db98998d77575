//! Scraped plain text → blocks. Scrapers flatten a news page into lines and
//! glue its hidden labels to the text around them, so each line is classified
//! (FORMAT.md, "Scraped text, line by line") and a small state machine turns
//! runs of lines into figures, related asides, lists, topics and paragraphs.
//!
//! Matching treats no-break spaces as spaces; the text that is kept keeps them.

use std::borrow::Cow;

use crate::config::LoadOptions;
use crate::date::{Date, parse_text_date};
use crate::model::{Block, Figure, List, MediaKind, Related, RelatedItem};

/// What the text of one article says, before front matter is applied.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct ParsedText {
    pub(crate) blocks: Vec<Block>,
    /// The headline on the first line, when there is one.
    pub(crate) title: Option<String>,
    pub(crate) topics: Vec<String>,
    pub(crate) authors: Vec<String>,
    pub(crate) role: Option<String>,
    pub(crate) date: Option<Date>,
    pub(crate) updated: Option<Date>,
}

/// Longest first line that can be a headline, and longest derived title.
pub(crate) const MAX_TITLE: usize = 100;
/// Longest line that reads as a headline in a run of related stories.
const MAX_HEADLINE: usize = 120;
/// Longest byline.
const MAX_BYLINE: usize = 80;
/// Longest line taken as alt text above a caption.
const MAX_ALT: usize = 150;

const DEFAULT_CHROME: &[&str] = &[
    "skip to content",
    "british broadcasting corporation",
    "accessibility help",
    "home",
    "news",
    "sport",
    "share",
    "share this article",
    "share this with",
    "close share panel",
    "copy this link",
    "these are external links and will open in a new window",
    "read more",
    "live reporting",
    "all times stated are uk",
    "media playback is unsupported on your device",
    "read about our approach to external linking.",
];

const EMBED_PLATFORMS: &[&str] = &["twitter", "x", "facebook", "instagram", "youtube", "tiktok"];

const DISCLAIMER: &str = "The BBC is not responsible for the content of external sites.";
const PLAYER_CHROME: &str = "Media playback is unsupported on your device";

/// One line that survived the chrome filter.
struct Line<'a> {
    /// 1-based line in the whole file.
    no: usize,
    text: Cow<'a, str>,
    kind: Kind,
}

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Blank,
    /// A bullet; the item starts at this byte offset of the text.
    Bullet(usize),
    TopicsHeading,
    /// `More on this story`, `Related stories`.
    RelatedHeading,
    /// `Related Internet Links`.
    LinksHeading,
    /// `Summary`, a heading only when a bullet run follows.
    Summary,
    /// A `Published …` line (maybe bulleted), with its date if absolute.
    Published(Option<Date>),
    Updated(Option<Date>),
    Figure(Labels),
    Text,
}

/// The figure labels found in one line.
#[derive(Debug, Clone, PartialEq, Default)]
struct Labels {
    alt: Option<String>,
    credit: Option<String>,
    caption: Option<String>,
    media: bool,
    /// A credit or caption label ends the line with no value: the value is on
    /// the next line.
    credit_pending: bool,
    caption_pending: bool,
}

/// Parses the body of a scraped `.txt` article. `first_line` is the line of
/// the file on which `body` starts (after front matter).
pub(crate) fn parse(body: &str, first_line: usize, options: &LoadOptions) -> ParsedText {
    let lines = classify(body, first_line, options);
    Builder::new(lines).run()
}

fn classify<'a>(body: &'a str, first_line: usize, options: &LoadOptions) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    for (i, raw) in body.split('\n').enumerate() {
        let no = first_line + i;
        let raw = raw.trim_end();
        if raw.trim_start().is_empty() {
            lines.push(Line { no, text: Cow::Borrowed(""), kind: Kind::Blank });
            continue;
        }
        let Some(text) = clean(raw, options) else {
            continue;
        };
        let kind = kind_of(&text);
        lines.push(Line { no, text, kind });
    }
    lines
}

/// Drops page chrome and cuts what scrapers glue to text; `None` when nothing
/// of the line is left.
fn clean<'a>(line: &'a str, options: &LoadOptions) -> Option<Cow<'a, str>> {
    let mut text = Cow::Borrowed(line);
    if options.drop_default_lines && line.contains("The BBC is not") {
        text = Cow::Owned(remove_phrase(line, DISCLAIMER));
    }
    if let Some(rest) = strip_words(&text, PLAYER_CHROME) {
        if !options.drop_default_lines {
            // Kept as written when the default chrome list is off.
        } else if rest.trim().is_empty() {
            return None;
        } else {
            text = Cow::Owned(rest.trim().to_string());
        }
    }
    if text.trim().is_empty() || is_chrome(&text, options) {
        return None;
    }
    if text.contains(", external") {
        text = Cow::Owned(remove_external_marks(&text));
    }
    if let Some(cut) = live_stamp_start(&text) {
        text = Cow::Owned(text[..cut].trim_end().to_string());
    }
    Some(text)
}

fn is_chrome(line: &str, options: &LoadOptions) -> bool {
    // Chrome lines are short; the longest embed notice is about 150 bytes.
    if line.len() > 200 {
        return false;
    }
    let folded = fold_spaces(line).to_lowercase();
    if options.drop_lines.iter().any(|d| fold_spaces(d).to_lowercase() == folded) {
        return true;
    }
    options.drop_default_lines
        && (DEFAULT_CHROME.contains(&folded.as_str())
            || embed_prefixes().iter().any(|p| folded.starts_with(p.as_str())))
}

/// `skip twitter post`, `allow instagram content`… for every platform.
fn embed_prefixes() -> &'static [String] {
    static PREFIXES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    PREFIXES.get_or_init(|| {
        EMBED_PLATFORMS
            .iter()
            .flat_map(|p| {
                [
                    format!("this {p} post cannot be displayed"),
                    format!("skip {p} post"),
                    format!("end of {p} post"),
                    format!("allow {p} content"),
                    format!("view original content on {p}"),
                ]
            })
            .collect()
    })
}

/// `text` without every occurrence of `phrase`, whose spaces match any
/// whitespace (no-break spaces included).
fn remove_phrase(text: &str, phrase: &str) -> String {
    let first_word = phrase.split(' ').next().unwrap_or(phrase);
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find(first_word) {
        match strip_words(&rest[pos..], phrase) {
            Some(after) => {
                out.push_str(&rest[..pos]);
                rest = after;
            }
            None => {
                out.push_str(&rest[..pos + first_word.len()]);
                rest = &rest[pos + first_word.len()..];
            }
        }
    }
    out.push_str(rest);
    out.trim().to_string()
}

/// Runs of whitespace (no-break spaces included) become one space.
fn fold_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `on Facebook, external, said` → `on Facebook, said`: the scrape's marker of
/// an outbound link, never part of the sentence.
fn remove_external_marks(text: &str) -> String {
    const MARK: &str = ", external";
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find(MARK) {
        let after = &rest[pos + MARK.len()..];
        out.push_str(&rest[..pos]);
        if after.chars().next().is_some_and(|c| c.is_alphanumeric()) {
            out.push_str(MARK);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Where a live page's glued stamp (`published at 14:08 …`) starts.
fn live_stamp_start(text: &str) -> Option<usize> {
    const STAMP: &str = "published at ";
    let pos = text.find(STAMP)?;
    let after = &text[pos + STAMP.len()..];
    (pos > 0 && after.starts_with(|c: char| c.is_ascii_digit()) && after.contains(':')).then_some(pos)
}

fn kind_of(text: &str) -> Kind {
    let trimmed = text.trim_start();
    if let Some(kind) = dateline(trimmed) {
        return kind;
    }
    if let Some(item) = bullet_item(text) {
        // `- Published 3 March 2022` is a dateline, whatever its bullet.
        if let Some(kind) = dateline(&text[item..]) {
            return kind;
        }
        return Kind::Bullet(item);
    }
    // Headings are short: a long line needs no folding to be told apart.
    let folded = if trimmed.len() <= 40 { fold_spaces(trimmed) } else { String::new() };
    if folded.eq_ignore_ascii_case("related topics") {
        return Kind::TopicsHeading;
    }
    if folded.eq_ignore_ascii_case("more on this story") || folded.eq_ignore_ascii_case("related stories") {
        return Kind::RelatedHeading;
    }
    if folded.eq_ignore_ascii_case("related internet links") {
        return Kind::LinksHeading;
    }
    if folded == "Summary" {
        return Kind::Summary;
    }
    if let Some(labels) = parse_labels(trimmed) {
        return Kind::Figure(labels);
    }
    Kind::Text
}

/// The byte offset of a bullet's text: optional indent, `•` `▪` `–` or `-`,
/// a space, then text.
fn bullet_item(text: &str) -> Option<usize> {
    let indent = text.len() - text.trim_start().len();
    let rest = &text[indent..];
    let marker = rest.chars().next().filter(|c| matches!(c, '•' | '▪' | '–' | '-'))?;
    let after = &rest[marker.len_utf8()..];
    let space = after.chars().next().filter(|c| c.is_whitespace())?;
    let item = after[space.len_utf8()..].trim_start();
    if item.is_empty() {
        return None;
    }
    Some(text.len() - item.len())
}

/// `Published`, `Published 3 hours ago`, `Published2 days ago`,
/// `Published 26 November 2021`, and the same with `Updated`.
fn dateline(text: &str) -> Option<Kind> {
    let (rest, updated) = match text.strip_prefix("Published") {
        Some(rest) => (rest, false),
        None => (text.strip_prefix("Updated")?, true),
    };
    let rest = rest.trim_start_matches(':').trim();
    let rest = rest.strip_prefix("on ").unwrap_or(rest);
    let date = if rest.is_empty() || is_relative_time(rest) { None } else { Some(parse_text_date(rest)?) };
    Some(if updated { Kind::Updated(date) } else { Kind::Published(date) })
}

/// `3 hours ago`, `2 days ago`, `just now`, `yesterday`.
fn is_relative_time(text: &str) -> bool {
    let lower = text.to_lowercase();
    if matches!(lower.as_str(), "just now" | "yesterday" | "today") {
        return true;
    }
    let words: Vec<&str> = lower.split_whitespace().collect();
    matches!(words.as_slice(), [n, unit, "ago"]
        if (n.chars().all(|c| c.is_ascii_digit()) || *n == "a" || *n == "an")
            && ["sec", "min", "hour", "hr", "day", "week", "month", "year"].iter().any(|u| unit.starts_with(u)))
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum LabelKind {
    Credit,
    Caption { media: bool },
}

/// A label found in a line: its kind and byte range.
struct LabelAt {
    kind: LabelKind,
    start: usize,
    end: usize,
}

/// Finds the figure labels of a line (FORMAT.md, "Labels of figures"). The
/// first label must start the line or be glued to the alt text before it, so
/// that prose which merely mentions an image source stays prose.
fn parse_labels(text: &str) -> Option<Labels> {
    let first = find_label(text, 0)?;
    if first.start > 0 {
        let before = text[..first.start].chars().next_back()?;
        if before.is_whitespace() || matches!(before, '(' | '[' | '-' | '/' | ',') {
            return None;
        }
    }
    let mut labels = Labels::default();
    if first.start > 0 {
        labels.alt = Some(text[..first.start].trim().to_string());
    }
    let mut current = first;
    loop {
        // Only a caption label ends a credit; nothing ends a caption.
        let next = match current.kind {
            LabelKind::Credit => next_caption_label(text, current.end),
            LabelKind::Caption { .. } => None,
        };
        let value_end = next.as_ref().map_or(text.len(), |n| n.start);
        let value = label_value(&text[current.end..value_end]);
        match current.kind {
            LabelKind::Credit => {
                labels.credit_pending = value.is_none() && next.is_none();
                labels.credit = value;
            }
            LabelKind::Caption { media } => {
                labels.media |= media;
                labels.caption_pending = value.is_none();
                labels.caption = value;
            }
        }
        match next {
            Some(n) => current = n,
            None => break,
        }
    }
    Some(labels)
}

fn next_caption_label(text: &str, from: usize) -> Option<LabelAt> {
    let mut at = from;
    while let Some(label) = find_label(text, at) {
        if matches!(label.kind, LabelKind::Caption { .. }) {
            return Some(label);
        }
        at = label.end;
    }
    None
}

/// The next label at or after `from`: `Image source`, `Image copyright`,
/// `Image caption`, `Media caption` or `Video caption`, with a space or
/// no-break space between its words, and not the start of a longer word.
fn find_label(text: &str, from: usize) -> Option<LabelAt> {
    // One pass over the candidates' first letters, so that a line holding
    // many label-like words costs no more than a plain one.
    for (offset, _) in text[from..].match_indices(['I', 'M', 'V']) {
        let start = from + offset;
        let Some(word) = ["Image", "Media", "Video"].into_iter().find(|w| text[start..].starts_with(w)) else {
            continue;
        };
        let after_word = &text[start + 5..];
        let Some(space) = after_word.chars().next().filter(|c| *c == ' ' || *c == '\u{a0}') else { continue };
        let second = &after_word[space.len_utf8()..];
        let found = [
            ("source", LabelKind::Credit),
            ("copyright", LabelKind::Credit),
            ("caption", LabelKind::Caption { media: word != "Image" }),
        ]
        .into_iter()
        .find(|(w, kind)| second.starts_with(w) && (word == "Image" || matches!(kind, LabelKind::Caption { .. })));
        if let Some((w, kind)) = found {
            let end = start + 5 + space.len_utf8() + w.len();
            if !continues_the_word(&text[end..]) {
                return Some(LabelAt { kind, start, end });
            }
        }
    }
    None
}

/// Whether the text after a label word only inflects it (`Image sources
/// said`, `Image captioned`): then the words are prose, not a label. A glued
/// value may start in lower case (`Image copyrightiStock`).
fn continues_the_word(after: &str) -> bool {
    let tail: String = after.chars().take_while(|c| c.is_alphabetic()).take(5).collect();
    matches!(tail.as_str(), "s" | "d" | "ed" | "es" | "ing" | "ings")
}

fn label_value(raw: &str) -> Option<String> {
    let value = raw.trim_start_matches(|c: char| c == ',' || c == ':' || c.is_whitespace()).trim();
    (!value.is_empty()).then(|| value.to_string())
}

/// Whether a line reads as a headline: short, and not ending like a sentence
/// or a clause.
fn is_headline_like(text: &str) -> bool {
    let text = text.trim();
    !text.is_empty() && text.chars().count() <= MAX_HEADLINE && !text.ends_with(['.', ',', ';'])
}

/// Turns classified lines into blocks and article facts.
struct Builder<'a> {
    lines: Vec<Line<'a>>,
    at: usize,
    out: ParsedText,
    /// Index in `out.blocks` of the first-line paragraph that may be the title.
    title_candidate: Option<usize>,
    /// Body paragraphs so far, the title candidate not counted.
    body_paragraphs: usize,
    /// The last block was a credit-only figure that a caption on the next
    /// non-blank line completes.
    open_figure: bool,
    /// The line that produced the last paragraph, for alt text above a caption.
    last_paragraph_line: Option<usize>,
    topics_seen: std::collections::HashSet<String>,
}

impl<'a> Builder<'a> {
    fn new(lines: Vec<Line<'a>>) -> Self {
        Builder {
            lines,
            at: 0,
            out: ParsedText::default(),
            title_candidate: None,
            body_paragraphs: 0,
            open_figure: false,
            last_paragraph_line: None,
            topics_seen: std::collections::HashSet::new(),
        }
    }

    fn run(mut self) -> ParsedText {
        let first_content = self.lines.iter().position(|l| l.kind != Kind::Blank);
        while self.at < self.lines.len() {
            let index = self.at;
            let kind = self.lines[index].kind.clone();
            self.at += 1;
            match kind {
                Kind::Blank => continue,
                Kind::TopicsHeading => self.topics(),
                Kind::RelatedHeading => self.related_block(index, true),
                Kind::LinksHeading => self.related_block(index, false),
                Kind::Summary => self.summary(index),
                Kind::Bullet(_) => {
                    self.at = index;
                    self.bullet_run(None);
                }
                Kind::Published(date) => self.published(date),
                Kind::Updated(date) => {
                    if self.out.updated.is_none() {
                        self.out.updated = date;
                    }
                }
                Kind::Figure(labels) => self.figure(index, labels),
                Kind::Text => self.text(index, Some(index) == first_content),
            }
        }
        self.finish()
    }

    fn push(&mut self, block: Block) {
        self.open_figure = false;
        self.out.blocks.push(block);
    }

    /// The index of the next non-blank line at or after `self.at`.
    fn next_content(&self) -> Option<usize> {
        (self.at..self.lines.len()).find(|&i| self.lines[i].kind != Kind::Blank)
    }

    fn item_text(&self, index: usize) -> String {
        let line = &self.lines[index];
        match line.kind {
            Kind::Bullet(offset) => line.text[offset..].trim().to_string(),
            _ => line.text.trim().to_string(),
        }
    }

    /// `Related Topics`, then one topic per bullet. Scrapes that lost the
    /// bullets still list the topics as short lines up to the end of the file.
    fn topics(&mut self) {
        let mut found = false;
        while let Some(i) = self.next_content() {
            match self.lines[i].kind {
                Kind::Bullet(_) => {
                    let topic = self.item_text(i);
                    self.add_topic(topic);
                }
                // Other stories' dates listed with the topics: not ours.
                Kind::Published(_) | Kind::Updated(_) => {}
                _ => break,
            }
            found = true;
            self.at = i + 1;
        }
        if !found {
            // Lazily, stopping at the first line that is not a short name:
            // a file of a million `Related Topics` lines stays linear.
            let mut rest = (self.at..self.lines.len()).filter(|&i| self.lines[i].kind != Kind::Blank).peekable();
            let any = rest.peek().is_some();
            let all_short = any
                && rest.all(|i| {
                    let l = &self.lines[i];
                    l.kind == Kind::Text
                        && l.text.chars().count() <= 60
                        && !l.text.ends_with(['.', '!', '?', ',', ';', ':'])
                });
            if all_short {
                for i in self.at..self.lines.len() {
                    if self.lines[i].kind != Kind::Blank {
                        let topic = self.item_text(i);
                        self.add_topic(topic);
                    }
                }
                self.at = self.lines.len();
            }
        }
    }

    fn add_topic(&mut self, topic: String) {
        if !topic.is_empty() && self.topics_seen.insert(topic.clone()) {
            self.out.topics.push(topic);
        }
    }

    /// `More on this story` / `Related stories` (linkable) or `Related
    /// Internet Links` (names only), then headline lines or bullets.
    fn related_block(&mut self, heading: usize, linkable: bool) {
        let heading_text = fold_spaces(&self.lines[heading].text);
        let mut items = Vec::new();
        while let Some(i) = self.next_content() {
            match self.lines[i].kind {
                Kind::Bullet(_) => items.push((self.item_text(i), self.lines[i].no)),
                Kind::Text if is_headline_like(&self.lines[i].text) => {
                    items.push((self.item_text(i), self.lines[i].no))
                }
                // Dates of the listed stories, not of this article.
                Kind::Published(_) | Kind::Updated(_) => {}
                _ => break,
            }
            self.at = i + 1;
        }
        if items.is_empty() {
            return;
        }
        let items = items.into_iter().map(|(text, no)| RelatedItem { text, target: None, line: Some(no) }).collect();
        self.push(Block::Related(Related { heading: Some(heading_text), items, linkable, promoted: false }));
    }

    /// `Summary` directly above a bullet run heads that list; otherwise it is
    /// an ordinary short paragraph.
    fn summary(&mut self, index: usize) {
        match self.next_content().map(|i| &self.lines[i].kind) {
            Some(Kind::Bullet(_)) => self.bullet_run(Some("Summary".to_string())),
            _ => self.text(index, false),
        }
    }

    /// Consecutive bullets (blank lines between allowed) from `self.at`.
    fn bullet_run(&mut self, heading: Option<String>) {
        let mut items = Vec::new();
        let mut lines = Vec::new();
        while let Some(i) = self.next_content() {
            if !matches!(self.lines[i].kind, Kind::Bullet(_)) {
                break;
            }
            lines.push(self.lines[i].no);
            items.push(self.item_text(i));
            self.at = i + 1;
        }
        let is_summary = heading.is_some();
        if !is_summary && items.iter().all(|item| is_headline_like(item)) {
            let items = items
                .into_iter()
                .zip(lines)
                .map(|(text, no)| RelatedItem { text, target: None, line: Some(no) })
                .collect();
            self.push(Block::Related(Related { heading: None, items, linkable: true, promoted: false }));
        } else {
            self.push(Block::List(List { heading, items, lines, may_be_related: !is_summary }));
        }
    }

    fn published(&mut self, date: Option<Date>) {
        let mut date = date;
        // `Published` alone, with the date on the next line.
        if date.is_none()
            && let Some(i) = self.next_content()
            && self.lines[i].kind == Kind::Text
            && let Some(d) = parse_text_date(&self.lines[i].text)
        {
            date = Some(d);
            self.at = i + 1;
        }
        if self.out.date.is_none() {
            self.out.date = date;
        }
    }

    fn figure(&mut self, index: usize, mut labels: Labels) {
        // A label that ends its line takes the next line as its value.
        if (labels.credit_pending || labels.caption_pending)
            && let Some(i) = self.next_content()
            && self.lines[i].kind == Kind::Text
        {
            let value = self.item_text(i);
            if labels.caption_pending {
                labels.caption = Some(value);
            } else {
                labels.credit = Some(value);
            }
            self.at = i + 1;
        }
        let caption_only = labels.credit.is_none() && labels.alt.is_none() && labels.caption.is_some();
        // A short line directly above a caption label is the image's alt text.
        if caption_only
            && index > 0
            && self.last_paragraph_line == Some(index - 1)
            && self.title_candidate != Some(self.out.blocks.len().wrapping_sub(1))
            && let Some(Block::Paragraph(text)) = self.out.blocks.last()
            && text.chars().count() <= MAX_ALT
            && !text.ends_with(['.', '!', '?'])
        {
            let alt = text.clone();
            self.unpush_paragraph();
            labels.alt = Some(alt);
        }
        // `Image source, X` then `Image caption, Y` on the next non-blank line.
        if self.open_figure
            && labels.credit.is_none()
            && labels.caption.is_some()
            && let Some(Block::Figure(open)) = self.out.blocks.last_mut()
        {
            open.caption = labels.caption;
            if labels.media {
                open.media = MediaKind::Media;
            }
            open.alt = open.alt.take().or(labels.alt);
            self.open_figure = false;
            return;
        }
        let figure = Figure {
            media: if labels.media { MediaKind::Media } else { MediaKind::Image },
            credit: labels.credit,
            caption: labels.caption,
            alt: labels.alt.filter(|a| !a.is_empty()),
        };
        let open = figure.caption.is_none();
        self.push(Block::Figure(figure));
        self.open_figure = open;
    }

    fn unpush_paragraph(&mut self) {
        self.out.blocks.pop();
        self.last_paragraph_line = None;
        let index = self.out.blocks.len();
        if self.title_candidate == Some(index) {
            self.title_candidate = None;
        } else {
            self.body_paragraphs -= 1;
        }
    }

    fn text(&mut self, index: usize, first_content: bool) {
        let text = self.lines[index].text.trim();
        if self.body_paragraphs == 0
            && self.out.authors.is_empty()
            && let Some(rest) = strip_words(text, "By ")
            && text.chars().count() <= MAX_BYLINE
            && !text.ends_with(['.', '!', '?'])
        {
            let (authors, role) = parse_byline(rest);
            if !authors.is_empty() {
                self.out.authors = authors;
                self.out.role = role;
                return;
            }
        }
        let text = text.to_string();
        if first_content && text.chars().count() <= MAX_TITLE && !text.ends_with('.') {
            self.title_candidate = Some(self.out.blocks.len());
        } else {
            self.body_paragraphs += 1;
        }
        self.push(Block::Paragraph(text));
        self.last_paragraph_line = Some(index);
    }

    /// The first line is the title when at least one more paragraph follows.
    fn finish(mut self) -> ParsedText {
        if let Some(index) = self.title_candidate {
            let more = self.out.blocks[index + 1..].iter().any(|b| matches!(b, Block::Paragraph(_)));
            if more && let Block::Paragraph(title) = self.out.blocks.remove(index) {
                self.out.title = Some(title);
            }
        }
        self.out
    }
}

/// `Ann SmithBBC News, Leeds` → (`Ann Smith`, `BBC News, Leeds`): split at
/// the last lower-to-upper joint before the first comma (not after a
/// word-initial Mc or Mac), else at the first comma. `A and B`, `A & B` are
/// two authors.
pub(crate) fn parse_byline(rest: &str) -> (Vec<String>, Option<String>) {
    let comma = rest.find(',').unwrap_or(rest.len());
    let head = &rest[..comma];
    let (names, role) = match last_joint(head) {
        Some(j) => (&rest[..j], Some(rest[j..].trim())),
        None if comma < rest.len() => (&rest[..comma], Some(rest[comma + 1..].trim())),
        None => (rest, None),
    };
    let authors = names
        .split(" and ")
        .flat_map(|n| n.split(" & "))
        .map(|n| n.trim().trim_end_matches(',').trim().to_string())
        .filter(|n| !n.is_empty())
        .collect();
    (authors, role.filter(|r| !r.is_empty()).map(str::to_string))
}

fn last_joint(head: &str) -> Option<usize> {
    let mut joint = None;
    let mut word_start = 0;
    let mut prev: Option<char> = None;
    for (i, c) in head.char_indices() {
        if c.is_whitespace() {
            word_start = i + c.len_utf8();
        } else if let Some(p) = prev
            && p.is_lowercase()
            && c.is_uppercase()
            && !matches!(&head[word_start..i], "Mc" | "Mac")
        {
            joint = Some(i);
        }
        prev = Some(c);
    }
    joint
}

/// Strips `prefix` from the start of `text`, where a space in `prefix`
/// matches any whitespace (no-break spaces included).
fn strip_words<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let mut rest = text;
    for want in prefix.chars() {
        let got = rest.chars().next()?;
        let ok = if want == ' ' { got.is_whitespace() } else { got == want };
        if !ok {
            return None;
        }
        rest = &rest[got.len_utf8()..];
    }
    Some(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(line: &str) -> Labels {
        parse_labels(line).unwrap_or_else(|| panic!("no labels in {line:?}"))
    }

    #[test]
    fn glued_credit_and_caption() {
        let l = labels("Image source, Getty Images/ReutersImage caption, A ferry at dawn");
        assert_eq!(l.credit.as_deref(), Some("Getty Images/Reuters"));
        assert_eq!(l.caption.as_deref(), Some("A ferry at dawn"));
        assert_eq!(l.alt, None);
    }

    #[test]
    fn r_caption_glued_credit_with_comma() {
        let l = labels("Image source, EPA/Jo Bloggs, PoolImage caption, The summit");
        assert_eq!(l.credit.as_deref(), Some("EPA/Jo Bloggs, Pool"));
        assert_eq!(l.caption.as_deref(), Some("The summit"));
    }

    #[test]
    fn prose_mentioning_images_is_not_a_label() {
        assert!(parse_labels("The Image source was never found.").is_none());
        assert!(parse_labels("Image sources said the photo was fake.").is_none());
    }

    #[test]
    fn byline_forms() {
        assert_eq!(
            parse_byline("Ann SmithBBC News, Leeds"),
            (vec!["Ann Smith".into()], Some("BBC News, Leeds".into()))
        );
        assert_eq!(
            parse_byline("Ewan McAllisterScotland reporter"),
            (vec!["Ewan McAllister".into()], Some("Scotland reporter".into()))
        );
        assert_eq!(
            parse_byline("Jo Bloggs, Political editor, London"),
            (vec!["Jo Bloggs".into()], Some("Political editor, London".into()))
        );
        assert_eq!(parse_byline("Ann Smith & Bob Jones"), (vec!["Ann Smith".into(), "Bob Jones".into()], None));
    }

    #[test]
    fn external_marks() {
        assert_eq!(remove_external_marks("on Facebook, external, said"), "on Facebook, said");
        assert_eq!(remove_external_marks("a report, external."), "a report.");
        assert_eq!(remove_external_marks("the internal, externally"), "the internal, externally");
    }
}

//! The state machine that turns classified lines into blocks and the
//! article's facts: topics, related asides, lists, figures, byline, dates,
//! the title and the paragraphs.

use super::byline::{MAX_BYLINE, date_only, parse_byline, pipe_byline};
use super::figures::{Labels, MAX_ALT};
use super::lines::{Kind, Line, fold_spaces, is_headline_like, strip_words};
use super::{MAX_TITLE, ParsedText};
use crate::date::{Date, parse_text_date};
use crate::model::{Block, Figure, List, MediaKind, Related, RelatedItem};

/// Turns classified lines into blocks and article facts.
pub(super) struct Builder<'a> {
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
    /// The page analysis found the title: no line is a title candidate.
    titled: bool,
    /// The last block is a page's caption whose credit may follow.
    open_caption: bool,
}

impl<'a> Builder<'a> {
    pub(super) fn new(lines: Vec<Line<'a>>, titled: bool) -> Self {
        Builder {
            titled,
            open_caption: false,
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

    pub(super) fn run(mut self) -> ParsedText {
        let first_content = if self.titled { None } else { self.lines.iter().position(|l| l.kind != Kind::Blank) };
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
        self.open_caption = false;
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
        self.push(Block::Related(Related { heading: Some(heading_text), items, linkable }));
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
            self.push(Block::Related(Related { heading: None, items, linkable: true }));
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
        // A page's caption, then its credit alone on the next line.
        if labels.credit_follows_caption
            && labels.caption.is_none()
            && self.open_caption
            && let Some(Block::Figure(open)) = self.out.blocks.last_mut()
        {
            open.credit = labels.credit;
            self.open_caption = false;
            return;
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
        let open_caption = labels.credit_follows_caption && figure.credit.is_none();
        self.push(Block::Figure(figure));
        self.open_figure = open && !labels.credit_follows_caption;
        self.open_caption = open_caption;
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
        let text = self.lines[index].text.trim().to_string();
        if self.body_paragraphs == 0 && self.byline_or_stamp(&text) {
            return;
        }
        // A headline may end in an ellipsis; a sentence ends in a full stop.
        let sentence = text.ends_with('.') && !text.ends_with("...");
        if first_content && text.chars().count() <= MAX_TITLE && !sentence {
            self.title_candidate = Some(self.out.blocks.len());
        } else {
            self.body_paragraphs += 1;
        }
        self.push(Block::Paragraph(text));
        self.last_paragraph_line = Some(index);
    }

    /// Above the body: a byline (`By Ann Smith…`, `Ann Smith | Outlet`, or
    /// `By` alone with the name on the next line) or a line that is only a
    /// date, which set the authors and the date instead of being
    /// paragraphs.
    fn byline_or_stamp(&mut self, text: &str) -> bool {
        if self.out.date.is_none()
            && let Some(date) = date_only(text)
        {
            self.out.date = Some(date);
            return true;
        }
        if !self.out.authors.is_empty() || text.chars().count() > MAX_BYLINE || text.ends_with(['.', '!', '?']) {
            return false;
        }
        let (authors, role) = if text == "By" || text.eq_ignore_ascii_case("written by") {
            match self.next_content().filter(|&i| self.lines[i].kind == Kind::Text) {
                Some(i) => {
                    let (authors, role) = parse_byline(&self.item_text(i));
                    if !authors.is_empty() {
                        self.at = i + 1;
                    }
                    (authors, role)
                }
                None => return false,
            }
        } else if let Some(rest) = strip_words(text, "By ") {
            parse_byline(rest)
        } else if let Some((names, outlet)) = pipe_byline(text) {
            (names, Some(outlet))
        } else {
            return false;
        };
        if authors.is_empty() {
            return false;
        }
        self.out.authors = authors;
        self.out.role = role;
        true
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

//! What the index reads of an article and what a result shows of it.

use serde::Serialize;

use crate::index::Site;
use crate::model::Block;

/// Characters of the article's text a result keeps: the page shows about
/// half of it, around the first word searched for.
const EXCERPT_CHARS: usize = 480;

/// An article as search sees it.
pub(super) struct Document {
    /// What is searched: the headline, then the body's text.
    pub(super) text: String,
    /// Filter keys (`topic:<slug>`, `section:<folder>`): indexed as words
    /// no text can hold, so a filter is one more word the results must have.
    pub(super) filters: Vec<String>,
    pub(super) card: Card,
}

/// What a result shows (a document of `g/<n>/<group>.json`); every field
/// is text the page inserts as text.
#[derive(Serialize)]
pub(super) struct Card {
    /// Site path; the page puts the base path in front.
    pub(super) u: String,
    pub(super) t: String,
    /// The date as pages show it.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub(super) d: String,
    /// Section: [folder, name].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) s: Option<[String; 2]>,
    /// Topics: [slug, name] each.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) p: Vec<[String; 2]>,
    /// The summary, then the body, to [`EXCERPT_CHARS`].
    pub(super) x: String,
}

pub(super) fn document(site: &Site, i: usize) -> Result<Document, String> {
    let a = &site.articles[i];
    let blocks = site.body(i).map_err(|p| p.to_string())?;
    let mut body = String::with_capacity(4096);
    for block in blocks.iter() {
        match block {
            Block::Paragraph(text) => push_line(&mut body, text),
            Block::Figure(f) => [&f.caption, &f.alt].into_iter().flatten().for_each(|t| push_line(&mut body, t)),
            Block::List(list) => list.items.iter().for_each(|item| push_line(&mut body, item)),
            Block::Html(html) => push_line(&mut body, &strip_tags(html)),
            // Other articles' headlines: searching them would find this article
            // for words it does not contain.
            Block::Related(_) => {}
        }
    }
    let section = site.section_of(i).map(|k| &site.sections[k]);
    let topics: Vec<[String; 2]> = site.topics_of(i).map(|t| [t.slug.clone(), t.name.clone()]).collect();
    let mut filters: Vec<String> = topics.iter().map(|[slug, _]| format!("topic:{slug}")).collect();
    filters.extend(section.map(|s| format!("section:{}", s.folder)));
    let card = Card {
        u: site.urls[i].clone(),
        t: a.title.clone(),
        d: a.date.map(|d| d.date.long()).unwrap_or_default(),
        s: section.map(|s| [s.folder.clone(), s.name.clone()]),
        p: topics,
        x: clip(&with_summary(a.summary(), &body), EXCERPT_CHARS),
    };
    let mut text = String::with_capacity(a.title.len() + 1 + body.len());
    text.push_str(&a.title);
    text.push('\n');
    text.push_str(&body);
    Ok(Document { text, filters, card })
}

/// The summary, then the body, unless the body starts with it (a lead).
fn with_summary(summary: &str, body: &str) -> String {
    if body.trim_start().starts_with(summary.trim()) { body.to_string() } else { format!("{summary}\n{body}") }
}

/// The first words of `text` up to `max` characters, lines joined.
fn clip(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(max + 8);
    let mut chars = 0;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        if chars > 0 && chars + 1 + len > max {
            break;
        }
        if chars > 0 {
            out.push(' ');
            chars += 1;
        }
        out.push_str(word);
        chars += len;
    }
    out
}

fn push_line(content: &mut String, text: &str) {
    content.push_str(text);
    content.push('\n');
}

/// Markdown's HTML as text: tags dropped, the common entities decoded.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
}

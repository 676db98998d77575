//! Hand-written Markdown articles: CommonMark with tables, footnotes and
//! strikethrough, rendered by pulldown-cmark. Markdown is the site owner's own
//! writing, so its inline HTML is kept, as every static site generator does.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

use crate::model::Block;

pub(crate) struct ParsedMarkdown {
    pub(crate) blocks: Vec<Block>,
    /// The first `# ` heading, taken out of the body, when asked for.
    pub(crate) title: Option<String>,
    /// The first paragraph, as plain text.
    pub(crate) lead: String,
}

/// Renders `body`. When `take_title`, the first level-1 heading becomes the
/// title and leaves the body. Root-relative links get `link_prefix` (the site's
/// base path) so they keep working under a subpath.
pub(crate) fn parse(body: &str, take_title: bool, link_prefix: &str) -> ParsedMarkdown {
    let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let mut events: Vec<Event> = Parser::new_ext(body, options).map(|e| prefix_links(e, link_prefix)).collect();

    let mut title = None;
    if take_title
        && let Some((start, end)) = first_range(&events, |t| matches!(t, Tag::Heading { level: HeadingLevel::H1, .. }))
    {
        title = Some(plain_text(&events[start + 1..end]));
        events.drain(start..=end);
    }
    let lead = first_range(&events, |t| matches!(t, Tag::Paragraph))
        .map(|(start, end)| plain_text(&events[start + 1..end]))
        .unwrap_or_default();

    let mut html_out = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut html_out, events.into_iter().flat_map(wrap_tables));
    let blocks = if html_out.trim().is_empty() { Vec::new() } else { vec![Block::Html(html_out)] };
    ParsedMarkdown { blocks, title: title.filter(|t| !t.is_empty()), lead }
}

/// Tables go in a scrolling wrapper so that wide ones never widen the page
/// (and keep their table semantics, unlike a table styled as a block).
fn wrap_tables(event: Event<'_>) -> Vec<Event<'_>> {
    match event {
        Event::Start(Tag::Table(_)) => vec![Event::Html("<div class=\"table-wrap\">".into()), event],
        Event::End(TagEnd::Table) => vec![event, Event::Html("</div>".into())],
        other => vec![other],
    }
}

/// The range of the first top-level element whose start tag matches.
fn first_range(events: &[Event], wanted: impl Fn(&Tag) -> bool) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let mut start = None;
    for (i, event) in events.iter().enumerate() {
        match event {
            Event::Start(tag) => {
                if depth == 0 && start.is_none() && wanted(tag) {
                    start = Some(i);
                }
                depth += 1;
            }
            Event::End(_) => {
                depth -= 1;
                if depth == 0
                    && let Some(s) = start
                {
                    return Some((s, i));
                }
            }
            _ => {}
        }
    }
    None
}

fn plain_text(events: &[Event]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(TagEnd::Paragraph) => text.push(' '),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn prefix_links<'a>(event: Event<'a>, prefix: &str) -> Event<'a> {
    let fix = |dest: CowStr<'a>| -> CowStr<'a> {
        if prefix != "/" && dest.starts_with('/') && !dest.starts_with("//") {
            CowStr::from(format!("{}{}", prefix, dest.trim_start_matches('/')))
        } else {
            dest
        }
    };
    match event {
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Link { link_type, dest_url: fix(dest_url), title, id })
        }
        Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Image { link_type, dest_url: fix(dest_url), title, id })
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_becomes_title() {
        let md = parse("# The Title\n\nFirst *para*.\n\nSecond.\n", true, "/");
        assert_eq!(md.title.as_deref(), Some("The Title"));
        assert_eq!(md.lead, "First para.");
        let Block::Html(html) = &md.blocks[0] else { panic!() };
        assert!(!html.contains("The Title"));
        assert!(html.contains("<em>para</em>"));
    }

    #[test]
    fn root_links_get_the_base_path() {
        let md = parse("[a](/topics/x/) [b](https://example.org/)\n", false, "/sub/");
        let Block::Html(html) = &md.blocks[0] else { panic!() };
        assert!(html.contains("href=\"/sub/topics/x/\""), "{html}");
        assert!(html.contains("href=\"https://example.org/\""));
    }
}

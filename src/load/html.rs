//! HTML bodies from scrapers' records (Readability's `content`, a `html`
//! field). Scraped HTML is other people's markup: it is sanitised with
//! ammonia (no scripts, styles, event handlers or `javascript:` links) and
//! kept as one HTML block, as a Markdown body is.

use crate::model::Block;

pub(crate) struct ParsedHtml {
    pub(crate) blocks: Vec<Block>,
    /// The text of the first paragraph.
    pub(crate) lead: String,
}

pub(crate) fn parse(html: &str) -> ParsedHtml {
    let clean = ammonia::Builder::default().link_rel(Some("noopener nofollow")).clean(html).to_string();
    let lead = first_paragraph(&clean).unwrap_or_default();
    let blocks = if clean.trim().is_empty() { Vec::new() } else { vec![Block::Html(clean)] };
    ParsedHtml { blocks, lead }
}

/// The text of the first `<p>` with text in it.
fn first_paragraph(html: &str) -> Option<String> {
    let mut rest = html;
    while let Some(open) = rest.find("<p") {
        let after = &rest[open + 2..];
        if !after.starts_with(['>', ' ']) {
            rest = after;
            continue;
        }
        let start = after.find('>')? + 1;
        let end = after[start..].find("</p>").map_or(after.len(), |e| start + e);
        let text = text_of(&after[start..end]);
        if !text.is_empty() {
            return Some(text);
        }
        rest = &after[end..];
    }
    None
}

/// Markup as text: tags dropped (block tags leave a space), the entities
/// ammonia writes decoded, runs of whitespace folded.
pub(crate) fn text_of(html: &str) -> String {
    const BLOCKS: [&str; 12] = ["p", "br", "div", "li", "tr", "td", "h1", "h2", "h3", "h4", "blockquote", "figcaption"];
    let mut out = String::with_capacity(html.len());
    let mut tag: Option<String> = None;
    for c in html.chars() {
        match (&mut tag, c) {
            (None, '<') => tag = Some(String::new()),
            (Some(name), '>') => {
                let name = name.trim_start_matches('/').split([' ', '/']).next().unwrap_or("").to_ascii_lowercase();
                if BLOCKS.contains(&name.as_str()) {
                    out.push(' ');
                }
                tag = None;
            }
            (Some(name), c) => name.push(c),
            (None, c) => out.push(c),
        }
    }
    let decoded = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_handlers_are_removed() {
        let parsed = parse(
            "<div><p onclick=\"x()\">First &amp; <b>best</b>.</p><script>alert(1)</script><a href=\"javascript:x()\">l</a></div>",
        );
        let Block::Html(html) = &parsed.blocks[0] else { panic!() };
        assert!(!html.contains("script") && !html.contains("onclick") && !html.contains("javascript"), "{html}");
        assert_eq!(parsed.lead, "First & best.");
    }
}

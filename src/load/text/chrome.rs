//! Page chrome: the lines of a scraped page that are never the article
//! (menus, share rows, embed notices, the player's apology), dropped before
//! lines are classified; and what scrapers glue to the text that is kept.

use std::borrow::Cow;

use super::lines::{fold_spaces, strip_words};
use crate::config::LoadOptions;

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

/// Drops page chrome and cuts what scrapers glue to text; `None` when nothing
/// of the line is left.
pub(super) fn clean<'a>(line: &'a str, options: &LoadOptions) -> Option<Cow<'a, str>> {
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

/// `on Facebook, external, said` → `on Facebook, said`: the scrape's marker of
/// an outbound link, never part of the sentence.
pub(super) fn remove_external_marks(text: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_marks() {
        assert_eq!(remove_external_marks("on Facebook, external, said"), "on Facebook, said");
        assert_eq!(remove_external_marks("a report, external."), "a report.");
        assert_eq!(remove_external_marks("the internal, externally"), "the internal, externally");
    }
}

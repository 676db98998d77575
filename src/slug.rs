//! Slugs for URLs and the folded forms under which titles and topic names are
//! compared.

/// Longest slug, in characters.
const MAX_SLUG: usize = 80;

/// `Council's £5m plan & more` → `councils-5m-plan-and-more`: ASCII only, so a
/// slug is safe in any URL and can never name a parent folder.
pub fn slugify(text: &str) -> String {
    let ascii = deunicode::deunicode_with_tofu(text, "-");
    let mut slug = String::with_capacity(ascii.len());
    let mut pending_dash = false;
    for c in ascii.chars() {
        match c {
            '\'' | '`' => {}
            '&' => {
                push_word(&mut slug, "and", &mut pending_dash);
                pending_dash = true;
            }
            c if c.is_ascii_alphanumeric() => {
                if pending_dash && !slug.is_empty() {
                    slug.push('-');
                }
                pending_dash = false;
                slug.push(c.to_ascii_lowercase());
            }
            _ => pending_dash = true,
        }
    }
    cut_at_word(slug, MAX_SLUG)
}

fn push_word(slug: &mut String, word: &str, pending_dash: &mut bool) {
    if !slug.is_empty() {
        slug.push('-');
    }
    slug.push_str(word);
    *pending_dash = false;
}

/// Cuts a dash-separated slug to at most `max` bytes at a dash (ASCII, so
/// bytes are characters).
fn cut_at_word(slug: String, max: usize) -> String {
    if slug.len() <= max {
        return slug;
    }
    match slug[..=max].rfind('-') {
        Some(cut) if cut > 0 => slug[..cut].to_string(),
        _ => slug[..max].to_string(),
    }
}

/// The form under which a related headline matches an article title: case,
/// curly and straight quotes, dashes and runs of spaces folded, trailing
/// punctuation ignored.
pub fn fold_title(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    let mut space = false;
    for c in title.chars() {
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' | '\u{00B4}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}' | '\u{00BB}' => '"',
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            c if c.is_whitespace() => {
                space = true;
                continue;
            }
            c => c,
        };
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.extend(c.to_lowercase());
    }
    let trimmed =
        out.trim_end_matches(|c: char| c.is_ascii_punctuation() && !matches!(c, ')' | ']') || c == '…' || c == ' ');
    if trimmed.len() == out.len() { out } else { trimmed.to_string() }
}

/// A hash of the folded title, what related headlines and titles are
/// matched by: eight bytes instead of the text. SipHash with fixed keys,
/// as the content hash: at a million titles a collision is about one
/// chance in ten million.
pub fn title_key(title: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    fold_title(title).hash(&mut h);
    h.finish()
}

/// Topic names that differ only in case or spacing are one topic.
pub fn fold_topic(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_rules() {
        assert_eq!(slugify("Calais migrant crisis"), "calais-migrant-crisis");
        assert_eq!(slugify("Council's plan & budget"), "councils-plan-and-budget");
        assert_eq!(slugify("Gérald Darmanin: «non»"), "gerald-darmanin-non");
        assert_eq!(slugify("../.."), "");
        assert_eq!(slugify("  --Hello--  "), "hello");
        let long = "word ".repeat(40);
        let s = slugify(&long);
        assert!(s.len() <= 80 && s.ends_with("word"), "{s}");
    }

    #[test]
    fn title_folding() {
        assert_eq!(fold_title("Channel deaths: What do we know so far?"), "channel deaths: what do we know so far");
        assert_eq!(fold_title("Macron \u{2013} Johnson\u{2019}s   clash."), "macron - johnson's clash");
        assert_eq!(fold_title("\u{201C}Quoted\u{201D}"), fold_title("\"Quoted\""));
    }
}

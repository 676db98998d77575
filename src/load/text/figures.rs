//! Figure labels: `Image source, X`, `Image caption, Y`, `Media caption`
//! and their glued forms (docs/content.md, "Figures").

/// Longest line taken as alt text above a caption.
pub(super) const MAX_ALT: usize = 150;

/// The figure labels found in one line.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct Labels {
    pub(super) alt: Option<String>,
    pub(super) credit: Option<String>,
    pub(super) caption: Option<String>,
    pub(super) media: bool,
    /// A credit or caption label ends the line with no value: the value is on
    /// the next line.
    pub(super) credit_pending: bool,
    pub(super) caption_pending: bool,
    /// A page's own caption, whose credit comes after it (`Photograph: …`),
    /// where labelled scrapes put the credit first.
    pub(super) credit_follows_caption: bool,
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

/// Finds the figure labels of a line (docs/content.md, "Figures"). The
/// first label must start the line or be glued to the alt text before it, so
/// that prose which merely mentions an image source stays prose.
pub(super) fn parse_labels(text: &str) -> Option<Labels> {
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
}

//! Front matter: TOML between `+++` lines (and sidecar files), whose keys are
//! ours, or YAML between `---` lines, as scrapers and other generators
//! export it, read through the field mapping of `fields.rs`. A bad value is
//! an error on its line and is ignored; front matter that cannot be parsed
//! at all leaves the article out.

use crate::config::{key_line, line_of};
use crate::date::Timestamp;

/// The keys an article may set; every one optional.
#[derive(Debug, Default, Clone)]
pub(crate) struct FrontMatter {
    pub(crate) title: Option<String>,
    pub(crate) date: Option<Timestamp>,
    pub(crate) updated: Option<Timestamp>,
    pub(crate) topics: Option<Vec<String>>,
    pub(crate) authors: Option<Vec<String>>,
    pub(crate) summary: Option<String>,
    pub(crate) source_url: Option<String>,
    pub(crate) slug: Option<String>,
    pub(crate) draft: Option<bool>,
    pub(crate) aliases: Option<Vec<String>>,
    /// The pictures (`image`, `images`), the lead one first.
    pub(crate) images: Option<Vec<crate::model::Picture>>,
    /// Handed to templates untouched (TOML `[extra]`, YAML keys of no field).
    pub(crate) extra: Option<serde_json::Value>,
}

/// A key that was set wrongly, with its 1-based line inside the TOML text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct KeyError {
    pub(crate) line: Option<usize>,
    pub(crate) message: String,
}

/// TOML that cannot be read at all.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SyntaxError {
    pub(crate) line: usize,
    pub(crate) message: String,
}

/// The language of a block of front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fence {
    /// `+++`
    Toml,
    /// `---`
    Yaml,
}

impl Fence {
    pub(crate) fn mark(self) -> &'static str {
        match self {
            Fence::Toml => "+++",
            Fence::Yaml => "---",
        }
    }
}

/// A file split at its front matter: the front matter with its fence, the
/// body, and the 1-based line on which the body starts.
pub(crate) type Split<'a> = (Option<(Fence, &'a str)>, &'a str, usize);

/// Splits front matter off the top of a file; `Err` carries the fence of an
/// opening line that is never closed. YAML may also close with `...`.
pub(crate) fn split(text: &str) -> Result<Split<'_>, Fence> {
    let first_end = text.find('\n').unwrap_or(text.len());
    let fence = match text[..first_end].trim_end() {
        "+++" => Fence::Toml,
        "---" => Fence::Yaml,
        _ => return Ok((None, text, 1)),
    };
    let mut offset = (first_end + 1).min(text.len());
    let mut line = 2;
    while offset < text.len() {
        let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let closing = text[offset..end].trim_end();
        if closing == fence.mark() || (fence == Fence::Yaml && closing == "...") {
            let head = &text[first_end + 1..offset];
            let body = &text[(end + 1).min(text.len())..];
            return Ok((Some((fence, head)), body, line + 1));
        }
        offset = end + 1;
        line += 1;
    }
    Err(fence)
}

/// Parses YAML front matter through the field mapping. Keys that map to no
/// field go to `extra`. `Err` carries a message when it is not YAML or not
/// a mapping of keys.
pub(crate) fn parse_yaml(
    yaml: &str,
    names: &crate::config::FieldNames,
) -> Result<(FrontMatter, Vec<KeyError>), SyntaxError> {
    let value: serde_json::Value = match serde_saphyr::from_str(yaml) {
        Ok(v) => v,
        Err(e) => {
            let message = first_line(&e.to_string());
            let line = yaml_error_line(&message).unwrap_or(1);
            return Err(SyntaxError { line, message });
        }
    };
    let map = match value {
        serde_json::Value::Object(map) => map,
        serde_json::Value::Null => serde_json::Map::new(),
        _ => return Err(SyntaxError { line: 1, message: "it is not a mapping of keys".into() }),
    };
    let mapped = super::fields::map(&map, names, true);
    let errors = mapped
        .problems
        .into_iter()
        .map(|(key, message)| KeyError { line: yaml_key_line(yaml, &key), message })
        .collect();
    Ok((mapped.meta, errors))
}

/// `line 3 column 5` in a YAML error message.
fn yaml_error_line(message: &str) -> Option<usize> {
    let at = message.find("line ")?;
    message[at + 5..].split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
}

/// The line where `key:` is set in YAML.
fn yaml_key_line(yaml: &str, key: &str) -> Option<usize> {
    yaml.lines().position(|l| l.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with(':'))).map(|i| i + 1)
}

/// Parses front matter or a sidecar. Invalid dates (`date = 2021-13-45`) are
/// syntax errors to the TOML parser but mistyped values to us: their line is
/// blanked and parsing retried, so the rest of the keys still count.
pub(crate) fn parse(toml_text: &str) -> Result<(FrontMatter, Vec<KeyError>), SyntaxError> {
    let mut errors = Vec::new();
    let mut text = toml_text.to_string();
    let table = loop {
        match toml::from_str::<toml::Table>(&text) {
            Ok(table) => break table,
            Err(e) => {
                let start = e.span().map_or(0, |s| s.start);
                let line = line_of(&text, start);
                let message = e.message().to_string();
                if !(message.starts_with("invalid date") || message.starts_with("invalid time")) || errors.len() > 20 {
                    return Err(SyntaxError { line, message: first_line(&message) });
                }
                let key = text.lines().nth(line - 1).and_then(|l| l.split('=').next()).unwrap_or("").trim().to_string();
                errors.push(KeyError {
                    line: Some(line),
                    message: format!(
                        "`{key}` is not a valid date ({message}); write it as 2021-11-26 or 2021-11-26T09:30:00Z"
                    ),
                });
                text = blank_line(&text, line);
            }
        }
    };
    let mut fm = FrontMatter::default();
    for (key, value) in table {
        let line = key_line(toml_text, &key).or_else(|| key_line(toml_text, &format!("\"{key}\"")));
        // Records a mistyped key.
        let mut wrong = |expected: &str| {
            errors.push(KeyError {
                line,
                message: format!("`{key}` must be {expected}, not {}; the key is ignored", describe(&value)),
            });
        };
        match key.as_str() {
            "title" => fm.title = or_wrong(string(&value), &mut wrong, "a string"),
            "summary" => fm.summary = or_wrong(string(&value), &mut wrong, "a string"),
            "source_url" => fm.source_url = or_wrong(string(&value), &mut wrong, "a string"),
            "slug" => fm.slug = or_wrong(string(&value), &mut wrong, "a string"),
            "date" => fm.date = or_wrong(timestamp(&value), &mut wrong, "a TOML date such as 2021-11-26 (without quotes)"),
            "updated" => fm.updated = or_wrong(timestamp(&value), &mut wrong, "a TOML date such as 2021-11-26 (without quotes)"),
            "topics" => fm.topics = or_wrong(strings(&value), &mut wrong, "an array of strings"),
            "authors" => fm.authors = or_wrong(strings(&value), &mut wrong, "an array of strings"),
            "aliases" => fm.aliases = or_wrong(strings(&value), &mut wrong, "an array of strings"),
            "image" => fm.images = or_wrong(picture(&value).map(|p| vec![p]), &mut wrong, PICTURE),
            "images" => {
                let pictures = value.as_array().and_then(|a| a.iter().map(picture).collect());
                fm.images = or_wrong(pictures, &mut wrong, "an array of pictures (strings or tables)");
            }
            "draft" => fm.draft = or_wrong(value.as_bool(), &mut wrong, "true or false"),
            "extra" => {
                let table = value.as_table().and_then(|t| serde_json::to_value(t).ok());
                fm.extra = or_wrong(table, &mut wrong, "a table ([extra])");
            }
            _ => errors.push(KeyError {
                line,
                message: format!(
                    "unknown key `{key}`; the keys are title, date, updated, topics, authors, summary, source_url, slug, draft, aliases, image, images and [extra] (put your own keys under [extra])"
                ),
            }),
        }
    }
    Ok((fm, errors))
}

impl FrontMatter {
    /// Keys set here win; the others come from `fallback` (the sidecar).
    pub(crate) fn or(self, fallback: FrontMatter) -> FrontMatter {
        FrontMatter {
            title: self.title.or(fallback.title),
            date: self.date.or(fallback.date),
            updated: self.updated.or(fallback.updated),
            topics: self.topics.or(fallback.topics),
            authors: self.authors.or(fallback.authors),
            summary: self.summary.or(fallback.summary),
            source_url: self.source_url.or(fallback.source_url),
            slug: self.slug.or(fallback.slug),
            draft: self.draft.or(fallback.draft),
            aliases: self.aliases.or(fallback.aliases),
            images: self.images.or(fallback.images),
            extra: self.extra.or(fallback.extra),
        }
    }
}

/// A string value, trimmed and without control characters (TOML escapes can
/// hold them; feeds cannot).
/// The value, or nothing and an error for the key when it has the wrong type.
fn or_wrong<T>(value: Option<T>, wrong: &mut impl FnMut(&str), expected: &str) -> Option<T> {
    if value.is_none() {
        wrong(expected);
    }
    value
}

const PICTURE: &str = "a path or URL, or a table { src = \"…\", alt = \"…\", caption = \"…\" }";

/// `"harbour.jpg"` or `{ src = "harbour.jpg", alt = "…", caption = "…" }`.
fn picture(value: &toml::Value) -> Option<crate::model::Picture> {
    let (src, alt, caption) = match value {
        toml::Value::String(s) => (clean(s), None, None),
        toml::Value::Table(t) => (
            clean(t.get("src")?.as_str()?),
            t.get("alt").and_then(|v| v.as_str()).map(clean),
            t.get("caption").and_then(|v| v.as_str()).map(clean),
        ),
        _ => return None,
    };
    (!src.is_empty()).then_some(crate::model::Picture { src, alt, caption })
}

fn string(value: &toml::Value) -> Option<String> {
    value.as_str().map(clean)
}

fn strings(value: &toml::Value) -> Option<Vec<String>> {
    value.as_array()?.iter().map(|v| v.as_str().map(clean)).collect()
}

fn clean(s: &str) -> String {
    s.chars().filter(|c| !c.is_control() || *c == '\t').collect::<String>().trim().to_string()
}

fn timestamp(value: &toml::Value) -> Option<Timestamp> {
    Timestamp::from_toml(value.as_datetime()?)
}

fn describe(value: &toml::Value) -> String {
    match value {
        toml::Value::String(s) => format!("the string {s:?}"),
        other => format!("{} `{other}`", other.type_str()),
    }
}

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or("").to_string()
}

fn blank_line(text: &str, line: usize) -> String {
    text.split('\n').enumerate().map(|(i, l)| if i + 1 == line { "" } else { l }).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_front_matter() {
        let (fm, body, line) = split("+++\ntitle = \"a\"\n+++\nBody\n").unwrap();
        assert_eq!(fm, Some((Fence::Toml, "title = \"a\"\n")));
        assert_eq!(body, "Body\n");
        assert_eq!(line, 4);
        assert_eq!(split("+++\ntitle = 1\n"), Err(Fence::Toml));
        assert_eq!(split("Plain\n").unwrap(), (None, "Plain\n", 1));
        assert_eq!(split("---\ntitle: a\n...\nBody\n").unwrap(), (Some((Fence::Yaml, "title: a\n")), "Body\n", 4));
        assert_eq!(split("---\ntitle: a\n"), Err(Fence::Yaml));
    }

    #[test]
    fn wrong_types_are_key_errors() {
        let (fm, errors) = parse("title = 42\ndate = \"2021-11-26\"\nslug = \"ok\"\nfoo = 1\n").unwrap();
        assert_eq!(fm.title, None);
        assert_eq!(fm.slug.as_deref(), Some("ok"));
        let lines: Vec<_> = errors.iter().map(|e| e.line).collect();
        assert!(lines.contains(&Some(1)) && lines.contains(&Some(2)) && lines.contains(&Some(4)), "{errors:?}");
    }

    #[test]
    fn impossible_date_is_a_key_error() {
        let (fm, errors) = parse("title = \"T\"\ndate = 2021-13-45\n").unwrap();
        assert_eq!(fm.title.as_deref(), Some("T"));
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, Some(2));
    }

    #[test]
    fn yaml_goes_through_the_field_mapping() {
        let names = crate::config::FieldNames::default();
        let yaml = "title: \"Quay\"\ndate: '2021-11-26'\ntags: ['US & Canada']\nauthor: A B; C D\nlayout: post\ndate_modify: nope\n";
        let (fm, errors) = parse_yaml(yaml, &names).unwrap();
        assert_eq!(fm.title.as_deref(), Some("Quay"));
        assert_eq!(fm.date.unwrap().machine(), "2021-11-26");
        assert_eq!(fm.topics, Some(vec!["US & Canada".to_string()]));
        assert_eq!(fm.authors, Some(vec!["A B".to_string(), "C D".to_string()]));
        assert_eq!(fm.extra, Some(serde_json::json!({"layout": "post"})));
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, Some(6));
        assert!(parse_yaml("- a\n- b\n", &names).is_err());
    }

    #[test]
    fn not_toml_is_a_syntax_error() {
        let err = parse("title = \"a\"\nthis is not toml\n").unwrap_err();
        assert_eq!(err.line, 2);
    }
}

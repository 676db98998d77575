//! A scraper's record → an article's metadata and body. Every scraper names
//! its fields its own way (news-please's `maintext` and `date_publish`,
//! trafilatura's `text` and `author`, newspaper4k's `publish_date`,
//! Readability's `textContent` and `byline`), so each of our fields takes the
//! first of its candidate names that the record sets; `[load.fields]` in
//! site.toml puts other names first. YAML front matter goes through the same
//! mapping, so Jekyll's, Hugo's and trafilatura's keys are read too.

use serde_json::{Map, Value};

use super::front_matter::FrontMatter;
use crate::config::FieldNames;
use crate::date::{Timestamp, parse_machine_date};

/// A record's body.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RecordBody {
    Text(String),
    Html(String),
}

/// What a record gives: metadata, a body when it has one, and what could not
/// be read (the caller adds the file and line).
#[derive(Debug, Default)]
pub(crate) struct Mapped {
    pub(crate) meta: FrontMatter,
    pub(crate) body: Option<RecordBody>,
    pub(crate) id: Option<String>,
    /// The key of each field that could not be read, with why.
    pub(crate) problems: Vec<(String, String)>,
}

/// Maps a record's fields. Keys that map to nothing are kept under `extra`
/// when `keep_rest` (YAML front matter hands them to templates).
pub(crate) fn map(record: &Map<String, Value>, names: &FieldNames, keep_rest: bool) -> Mapped {
    let mut r = Reader { record, used: Vec::new(), problems: Vec::new() };
    let mut m = Mapped::default();
    if let Some((key, v)) = r.first(&names.title) {
        m.meta.title = r.expect(key, v, scalar(v), "a string");
    }
    // The body: a text field (HTML when it holds tags), else an HTML field.
    for candidates in [&names.text, &names.html] {
        if m.body.is_none()
            && let Some((key, v)) = r.first(candidates)
        {
            m.body = r
                .expect(key, v, text(v), "a string")
                .map(|t| if looks_like_html(&t) { RecordBody::Html(t) } else { RecordBody::Text(t) });
        }
    }
    if let Some((key, v)) = r.first(&names.authors) {
        let authors = r.expect(key, v, list(v), "a string or a list of strings");
        m.meta.authors = authors.map(|items| items.iter().flat_map(|a| split_authors(a)).collect());
    }
    for (target, candidates) in [(&mut m.meta.date, &names.date), (&mut m.meta.updated, &names.updated)] {
        if let Some((key, v)) = r.first(candidates) {
            *target = date(v);
            if target.is_none() {
                r.problems.push((
                    key.to_string(),
                    format!(
                        "`{key}` is not a date ({}); write dates as 2021-11-26, 2021-11-26T09:30:00Z or RFC 2822, or map another field with [load.fields] in site.toml",
                        describe(v)
                    ),
                ));
            }
        }
    }
    let mut topics = Vec::new();
    for name in &names.topics {
        if let Some((key, v)) = r.first(std::slice::from_ref(name))
            && let Some(items) = r.expect(key, v, list(v), "a string or a list of strings")
        {
            topics.extend(items.into_iter().flat_map(|t| split_list(&t, splits_at_commas(key))));
        }
    }
    if !topics.is_empty() {
        m.meta.topics = Some(topics);
    }
    if let Some((key, v)) = r.first(&names.summary) {
        m.meta.summary = r.expect(key, v, scalar(v), "a string");
    }
    if let Some((key, v)) = r.first(&names.image) {
        let src = r.expect(key, v, scalar(v).or_else(|| v.get("url").and_then(scalar)), "a string");
        m.meta.images = src.map(|src| vec![crate::model::Picture { src, alt: None, caption: None }]);
    }
    // A `source` that is a name (trafilatura's site, NewsAPI's object) is no URL.
    let is_url = |key: &str, v: &Value| scalar(v).is_some_and(|s| key != "source" || s.starts_with("http"));
    if let Some((_, v)) = r.first_where(&names.source_url, is_url) {
        m.meta.source_url = scalar(v);
    }
    if let Some((_, v)) = r.first(&names.id) {
        m.id = scalar(v);
    }
    if let Some((_, v)) = r.first(&["slug".to_string()]) {
        m.meta.slug = scalar(v);
    }
    if let Some((_, v)) = r.first(&["draft".to_string()]) {
        m.meta.draft = v.as_bool().or_else(|| v.as_str().map(|s| s.eq_ignore_ascii_case("true")));
    }
    if let Some((_, v)) = r.first(&["aliases".to_string()]) {
        m.meta.aliases = list(v);
    }
    if keep_rest {
        let rest: Map<String, Value> =
            record.iter().filter(|(k, _)| !r.used.contains(&k.as_str())).map(|(k, v)| (k.clone(), v.clone())).collect();
        if !rest.is_empty() {
            m.meta.extra = Some(Value::Object(rest));
        }
    }
    m.problems = r.problems;
    m
}

/// Reads fields of one record, noting which it used and what was wrong.
struct Reader<'r> {
    record: &'r Map<String, Value>,
    used: Vec<&'r str>,
    problems: Vec<(String, String)>,
}

impl<'r> Reader<'r> {
    /// The first of `candidates` that the record sets.
    fn first(&mut self, candidates: &[String]) -> Option<(&'r str, &'r Value)> {
        self.first_where(candidates, |_, _| true)
    }

    fn first_where(
        &mut self,
        candidates: &[String],
        wanted: impl Fn(&str, &Value) -> bool,
    ) -> Option<(&'r str, &'r Value)> {
        let record = self.record;
        let (key, value) = candidates.iter().find_map(|n| {
            let (key, value) = record.get_key_value(n.as_str())?;
            (!missing(value) && wanted(key, value)).then_some((key.as_str(), value))
        })?;
        self.used.push(key);
        Some((key, value))
    }

    /// `read`, or a problem saying the field must be `expected`.
    fn expect<T>(&mut self, key: &str, value: &Value, read: Option<T>, expected: &str) -> Option<T> {
        if read.is_none() {
            self.problems
                .push((key.to_string(), format!("`{key}` must be {expected}, not {}; it is ignored", describe(value))));
        }
        read
    }
}

/// The keys a record sets, for the message about a record without text.
pub(crate) fn keys(record: &Map<String, Value>) -> String {
    let mut keys: Vec<&str> = record.iter().filter(|(_, v)| !missing(v)).map(|(k, _)| k.as_str()).collect();
    keys.truncate(20);
    keys.join(", ")
}

/// `None`, `null`, `NaN` and empty values are missing, as scrapers write
/// them.
fn missing(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => matches!(s.trim(), "" | "None" | "null" | "NaN" | "nan"),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

/// A string, number or boolean as text.
fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(clean(s)),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A body: a string, or a list of paragraphs. The mark of a text that an API
/// cut short (NewsAPI's `… [+812 chars]`) is dropped.
fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(without_cut_mark(&s.replace("\r\n", "\n")).to_string()),
        Value::Array(items) => {
            let parts: Option<Vec<&str>> = items.iter().map(Value::as_str).collect();
            parts.map(|p| p.join("\n\n"))
        }
        _ => None,
    }
}

fn without_cut_mark(text: &str) -> &str {
    let trimmed = text.trim_end();
    match trimmed.strip_suffix(" chars]").and_then(|t| t.rsplit_once("[+")) {
        Some((head, count)) if count.bytes().all(|b| b.is_ascii_digit()) => head.trim_end(),
        _ => text,
    }
}

/// A list of strings, or one string (split by the caller).
fn list(v: &Value) -> Option<Vec<String>> {
    match v {
        Value::Array(items) => {
            items.iter().filter(|i| !missing(i)).map(|i| scalar(i).or_else(|| i.get("name").and_then(scalar))).collect()
        }
        Value::Object(o) => o.get("name").and_then(scalar).map(|n| vec![n]),
        other => scalar(other).map(|s| vec![s]),
    }
}

fn date(v: &Value) -> Option<Timestamp> {
    match v {
        Value::Number(n) => parse_machine_date(&n.to_string()),
        Value::String(s) => parse_machine_date(s),
        _ => None,
    }
}

/// Whether a field of text holds HTML: a tag that closes or a paragraph.
fn looks_like_html(text: &str) -> bool {
    let lower = text.get(..text.len().min(4096)).unwrap_or(text).to_ascii_lowercase();
    ["</p>", "<p>", "<p ", "</div>", "<br", "</a>"].iter().any(|tag| lower.contains(tag))
}

fn splits_at_commas(field: &str) -> bool {
    matches!(field, "tags" | "keywords")
}

/// One string of a list field as items: a Python list as scrapers print it
/// (`['US & Canada', 'Europe']`), a JSON list, or `;`- or `|`-joined (tags
/// and keywords also `,`-joined).
pub(crate) fn split_list(text: &str, at_commas: bool) -> Vec<String> {
    let t = text.trim();
    if t.starts_with('[') && t.ends_with(']') {
        if let Ok(items) = serde_json::from_str::<Vec<String>>(t) {
            return items.into_iter().map(|s| clean(&s)).filter(|s| !s.is_empty()).collect();
        }
        if let Some(items) = python_list(t) {
            return items;
        }
    }
    let separators: &[char] = if at_commas { &[';', '|', ','] } else { &[';', '|'] };
    t.split(separators).map(clean).filter(|s| !s.is_empty()).collect()
}

/// `['a', "b's"]` → `a`, `b's`; `None` when it is not such a list.
fn python_list(text: &str) -> Option<Vec<String>> {
    let mut items = Vec::new();
    let mut chars = text.strip_prefix('[')?.strip_suffix(']')?.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace() || *c == ',').is_some() {}
        let Some(quote) = chars.next() else { return Some(items) };
        if quote != '\'' && quote != '"' {
            return None;
        }
        let mut item = String::new();
        loop {
            match chars.next()? {
                '\\' => item.push(chars.next()?),
                c if c == quote => break,
                c => item.push(c),
            }
        }
        let item = clean(&item);
        if !item.is_empty() {
            items.push(item);
        }
    }
}

/// An author field as names: `By A and B`, `A; B`, `A & B`, or `A, B` when
/// each part is a name of two to four words (so `Doe, Jane` stays one).
pub(crate) fn split_authors(text: &str) -> Vec<String> {
    let t = text.trim();
    let t = t.strip_prefix("By ").or_else(|| t.strip_prefix("by ")).unwrap_or(t);
    let mut out = Vec::new();
    for part in split_list(t, false) {
        let commas: Vec<&str> = part.split(',').map(str::trim).filter(|p| !p.is_empty()).collect();
        let names_only = commas.len() > 1
            && commas
                .iter()
                .all(|p| (2..=4).contains(&p.split_whitespace().count()) && p.starts_with(char::is_uppercase));
        let pieces: Vec<&str> = if names_only { commas } else { vec![part.as_str()] };
        for piece in pieces {
            out.extend(piece.split(" and ").flat_map(|p| p.split(" & ")).map(clean).filter(|p| !p.is_empty()));
        }
    }
    out
}

/// Trimmed, runs of whitespace folded, control characters dropped.
fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").chars().filter(|c| !c.is_control()).collect()
}

fn describe(v: &Value) -> String {
    match v {
        Value::String(s) => format!("the string {:?}", short(s)),
        Value::Number(n) => format!("the number {n}"),
        Value::Bool(b) => format!("{b}"),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
        Value::Null => "null".into(),
    }
}

fn short(s: &str) -> String {
    if s.chars().count() <= 40 { s.to_string() } else { format!("{}…", s.chars().take(40).collect::<String>()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(json: &str) -> Map<String, Value> {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn lists_in_every_shape() {
        assert_eq!(split_list("['US & Canada', \"Europe's\"]", false), ["US & Canada", "Europe's"]);
        assert_eq!(split_list("[\"a\", \"b\"]", false), ["a", "b"]);
        assert_eq!(split_list("Politics; Europe", false), ["Politics", "Europe"]);
        assert_eq!(split_list("Paris, France", false), ["Paris, France"]);
        assert_eq!(split_list("ferry, strike", true), ["ferry", "strike"]);
    }

    #[test]
    fn a_cut_mark_is_dropped() {
        assert_eq!(without_cut_mark("A bus will run from June… [+812 chars]"), "A bus will run from June…");
        assert_eq!(without_cut_mark("Prices [+5 chars] rose"), "Prices [+5 chars] rose");
    }

    #[test]
    fn authors_in_every_shape() {
        assert_eq!(split_authors("By Ann Smith and Bo Li"), ["Ann Smith", "Bo Li"]);
        assert_eq!(split_authors("Ann Smith; Bo Li"), ["Ann Smith", "Bo Li"]);
        assert_eq!(split_authors("Ann Smith, Bo Li"), ["Ann Smith", "Bo Li"]);
        assert_eq!(split_authors("Doe, Jane"), ["Doe, Jane"]);
    }

    #[test]
    fn news_please_fields() {
        let m = map(
            &record(
                r#"{"title": "T", "maintext": "Body.", "authors": ["A B"], "date_publish": "2017-07-17 17:03:00",
                    "date_modify": "None", "description": "D", "url": "https://e.org/a", "image_url": "https://e.org/i.jpg",
                    "language": "en", "source_domain": "e.org"}"#,
            ),
            &FieldNames::default(),
            false,
        );
        assert_eq!(m.meta.title.as_deref(), Some("T"));
        assert_eq!(m.body, Some(RecordBody::Text("Body.".into())));
        assert_eq!(m.meta.authors, Some(vec!["A B".to_string()]));
        assert_eq!(m.meta.date.unwrap().rfc3339(), "2017-07-17T17:03:00Z");
        assert_eq!(m.meta.updated, None);
        assert_eq!(m.meta.summary.as_deref(), Some("D"));
        assert_eq!(m.meta.source_url.as_deref(), Some("https://e.org/a"));
        assert_eq!(m.meta.images.unwrap()[0].src, "https://e.org/i.jpg");
        assert!(m.problems.is_empty(), "{:?}", m.problems);
    }

    #[test]
    fn a_mapping_puts_other_names_first() {
        let mut names = FieldNames::default();
        names.map("title", vec!["headline2".into()]).unwrap();
        names.map("topics", vec!["section".into()]).unwrap();
        assert!(names.map("colour", vec![]).is_err());
        let m = map(&record(r#"{"headline2": "H", "title": "T", "section": "World", "tags": "x"}"#), &names, false);
        assert_eq!(m.meta.title.as_deref(), Some("H"));
        assert_eq!(m.meta.topics, Some(vec!["World".to_string()]));
    }

    #[test]
    fn wrong_types_and_bad_dates_are_problems() {
        let m = map(&record(r#"{"title": ["x"], "date": "sometime", "text": "B"}"#), &FieldNames::default(), false);
        assert_eq!(m.problems.len(), 2, "{:?}", m.problems);
        assert_eq!(m.problems[0].1, "`title` must be a string, not a list; it is ignored");
        assert!(m.problems[1].1.starts_with("`date` is not a date (the string \"sometime\")"), "{:?}", m.problems[1]);
    }
}

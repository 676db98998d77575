//! `site.toml`, read in two layers: raw serde structs that reject unknown keys
//! (so a typo fails loudly, with its line), then a validated [`Config`] with
//! the derived values the stages need.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::located::Located;
use crate::slug::fold_topic;

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct RawConfig {
    title: Option<String>,
    description: Option<String>,
    base_url: Option<String>,
    language: Option<String>,
    output_dir: Option<PathBuf>,
    paginate_by: Option<usize>,
    permalink: Option<String>,
    feed_limit: Option<usize>,
    load: RawLoad,
    topics: RawTopics,
    search: RawSearch,
    extra: Option<toml::Table>,
}

#[derive(Debug, Default, Deserialize)]
// A table's `expecting` is what a wrong value is told instead of the
// struct's name.
#[serde(default, deny_unknown_fields, expecting = "a table: [load]")]
struct RawLoad {
    drop_lines: Vec<String>,
    drop_default_lines: Option<bool>,
    fallback_encoding: Option<String>,
    /// Our field → the names a scraper's records use for it.
    fields: std::collections::BTreeMap<String, OneOrMany>,
    chrome: Option<String>,
    keep_lines: Vec<String>,
    chrome_share: Option<f64>,
    chrome_keep_share: Option<f64>,
    chrome_min_files: Option<u32>,
    chrome_sample: Option<usize>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, expecting = "a table: [topics]")]
struct RawTopics {
    descriptions: HashMap<String, String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, expecting = "a table: [search] with enabled = false to leave search out")]
struct RawSearch {
    enabled: Option<bool>,
}

/// The site's configuration, validated.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site's folder: `site.toml`, `content/`, `templates/`, `static/`.
    pub root: PathBuf,
    pub title: String,
    pub description: String,
    pub base_url: BaseUrl,
    pub language: String,
    pub output_dir: PathBuf,
    pub paginate_by: usize,
    pub permalink: Permalink,
    pub feed_limit: usize,
    pub load: LoadOptions,
    /// Topic descriptions, keyed by folded topic name.
    pub topic_descriptions: HashMap<String, String>,
    pub search: bool,
    pub extra: serde_json::Value,
}

/// How the loader reads articles.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Extra lines of page chrome to drop, compared case-insensitively with
    /// runs of spaces folded.
    pub drop_lines: Vec<String>,
    pub drop_default_lines: bool,
    pub fallback_encoding: Option<&'static encoding_rs::Encoding>,
    /// The site's base path, put in front of root-relative Markdown links.
    pub link_prefix: String,
    /// Keep only what the index needs of each body in memory, and read the
    /// rest again when a page is rendered (`None`: decide by archive size).
    pub stream_bodies: Option<bool>,
    /// What scrapers' records call our fields (`[load.fields]`).
    pub fields: FieldNames,
    /// How page furniture is found (`chrome` and its thresholds).
    pub chrome: ChromeOptions,
    /// Keep each dropped line with its reason, for `inspect`.
    pub report_dropped: bool,
}

/// How the loader finds page furniture: by line in every page, and by
/// repetition across the files of each source (docs/content.md, "Page
/// furniture").
#[derive(Debug, Clone, PartialEq)]
pub struct ChromeOptions {
    /// `chrome = "auto"`; `"off"` keeps every line but the default chrome.
    pub auto: bool,
    /// A line in at least this share of a source's files (and at least
    /// `min_files`) is furniture.
    pub share: f64,
    /// … and dropped even where it reads as text inside an article, or in a
    /// body-only scrape, from this share on.
    pub keep_share: f64,
    pub min_files: u32,
    /// Files of a source read to learn what it repeats (a sample above it).
    pub sample: usize,
    /// Lines never dropped, compared ignoring case and runs of spaces.
    pub keep_lines: Vec<String>,
}

impl Default for ChromeOptions {
    fn default() -> Self {
        ChromeOptions { auto: true, share: 0.02, keep_share: 0.5, min_files: 2, sample: 1000, keep_lines: Vec::new() }
    }
}

impl std::hash::Hash for ChromeOptions {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        (self.auto, self.share.to_bits(), self.keep_share.to_bits(), self.min_files, self.sample, &self.keep_lines)
            .hash(h);
    }
}

impl Default for LoadOptions {
    /// What a site with an empty site.toml gets.
    fn default() -> Self {
        LoadOptions {
            drop_lines: Vec::new(),
            drop_default_lines: true,
            fallback_encoding: None,
            link_prefix: "/".into(),
            stream_bodies: None,
            fields: FieldNames::default(),
            chrome: ChromeOptions::default(),
            report_dropped: false,
        }
    }
}

/// `[load.fields]`: what scrapers' records call our fields, in order of
/// preference; `load/fields.rs` reads records with them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FieldNames {
    pub title: Vec<String>,
    /// Plain text, read as a scraped `.txt` is.
    pub text: Vec<String>,
    /// HTML, sanitised (a field of `text` that holds tags is HTML too).
    pub html: Vec<String>,
    pub authors: Vec<String>,
    pub date: Vec<String>,
    pub updated: Vec<String>,
    /// Every one of these that is set adds its topics.
    pub topics: Vec<String>,
    pub summary: Vec<String>,
    pub source_url: Vec<String>,
    pub image: Vec<String>,
    pub id: Vec<String>,
}

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

impl Default for FieldNames {
    fn default() -> Self {
        FieldNames {
            title: names(&["title", "headline"]),
            text: names(&[
                "maintext",
                "text",
                "textContent",
                "articleBody",
                "article_body",
                "article_text",
                "body",
                "raw_text",
            ]),
            html: names(&["content", "content_html", "html", "body_html"]),
            authors: names(&["authors", "author", "byline", "creator", "creators"]),
            date: names(&[
                "date_publish",
                "publish_date",
                "published_date",
                "date_published",
                "datePublished",
                "publishedTime",
                "published_time",
                "publishedAt",
                "published_at",
                "published",
                "pubDate",
                "date",
            ]),
            updated: names(&[
                "date_modify",
                "dateModified",
                "modifiedTime",
                "modified_time",
                "date_modified",
                "modified",
                "updated",
                "updated_at",
                "updatedAt",
                "lastmod",
            ]),
            topics: names(&["topics", "categories", "category", "tags", "keywords", "section"]),
            summary: names(&["summary", "description", "excerpt", "meta_description", "dek", "standfirst"]),
            source_url: names(&["url", "canonical_link", "canonical_url", "source_url", "link", "source"]),
            image: names(&["image_url", "top_image", "image", "urlToImage", "lead_image_url", "thumbnail"]),
            id: names(&["id", "_id", "uuid", "guid", "article_id", "doc_id"]),
        }
    }
}

/// The fields `[load.fields]` may map, for the error about an unknown one.
pub const MAPPABLE: [&str; 11] =
    ["title", "text", "html", "authors", "date", "updated", "topics", "summary", "source_url", "image", "id"];

impl FieldNames {
    /// Puts `names` first for `field` (one of [`MAPPABLE`]); for `topics`
    /// they replace the default sources. `Err` gives back an unknown field.
    pub fn map<'f>(&mut self, field: &'f str, names: Vec<String>) -> Result<(), &'f str> {
        let list = match field {
            "title" => &mut self.title,
            "text" => &mut self.text,
            "html" => &mut self.html,
            "authors" => &mut self.authors,
            "date" => &mut self.date,
            "updated" => &mut self.updated,
            "topics" => {
                self.topics = names;
                return Ok(());
            }
            "summary" => &mut self.summary,
            "source_url" | "url" => &mut self.source_url,
            "image" => &mut self.image,
            "id" => &mut self.id,
            _ => return Err(field),
        };
        list.retain(|n| !names.contains(n));
        list.splice(0..0, names);
        Ok(())
    }
}

/// Where the site will live: `https://example.github.io/archive/` is the
/// origin `https://example.github.io` and the path `/archive/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// Scheme and host, no trailing slash; empty when only a path is known.
    pub origin: String,
    /// Starts and ends with `/`.
    pub path: String,
}

impl BaseUrl {
    pub fn parse(url: &str) -> Result<BaseUrl, String> {
        let url = url.trim();
        if url.is_empty() || url == "/" {
            return Ok(BaseUrl { origin: String::new(), path: "/".into() });
        }
        let (origin, path) = if let Some(rest) = url.strip_prefix("http://").or_else(|| url.strip_prefix("https://")) {
            let scheme_len = url.len() - rest.len();
            let host_end = rest.find('/').unwrap_or(rest.len());
            if host_end == 0 {
                return Err(format!("base_url {url:?} has no host"));
            }
            (url[..scheme_len + host_end].to_string(), &rest[host_end..])
        } else if url.starts_with('/') {
            (String::new(), url)
        } else {
            return Err(format!("base_url {url:?} must start with http://, https:// or /"));
        };
        if path.contains(['?', '#', '"', '<', '>', '\\', ' ']) {
            return Err(format!("base_url {url:?} must not hold a query, fragment or spaces"));
        }
        let mut path = path.trim_end_matches('/').to_string();
        path.push('/');
        if !path.starts_with('/') {
            path.insert(0, '/');
        }
        Ok(BaseUrl { origin, path })
    }

    /// A site path (`/articles/x/`) as a link on the site (`/archive/articles/x/`).
    pub fn link(&self, site_path: &str) -> String {
        format!("{}{}", self.path, site_path.trim_start_matches('/'))
    }

    /// A site path as an absolute URL, for feeds, sitemaps and canonical links.
    /// Without an origin it falls back to the link.
    pub fn absolute(&self, site_path: &str) -> String {
        format!("{}{}", self.origin, self.link(site_path))
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.origin, self.path)
    }
}

/// The permalink pattern of articles, checked once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Permalink {
    pattern: String,
}

pub const PERMALINK_PLACEHOLDERS: [&str; 6] = ["slug", "year", "month", "day", "section", "stem"];

/// The values a permalink may use for one article.
pub struct PermalinkValues<'a> {
    pub slug: &'a str,
    pub date: Option<crate::date::Date>,
    pub section: Option<&'a str>,
    pub stem: &'a str,
}

impl Permalink {
    pub fn parse(pattern: &str) -> Result<Permalink, String> {
        let mut rest = pattern;
        let mut has_slug_or_stem = false;
        while let Some(open) = rest.find('{') {
            let close = rest[open..].find('}').ok_or_else(|| format!("permalink {pattern:?} has an unclosed `{{`"))?;
            let name = &rest[open + 1..open + close];
            if !PERMALINK_PLACEHOLDERS.contains(&name) {
                return Err(format!(
                    "permalink {pattern:?} uses {{{name}}}; the placeholders are {{{}}}",
                    PERMALINK_PLACEHOLDERS.join("} {")
                ));
            }
            has_slug_or_stem |= name == "slug" || name == "stem";
            rest = &rest[open + close + 1..];
        }
        if !has_slug_or_stem {
            return Err(format!(
                "permalink {pattern:?} must contain {{slug}} or {{stem}} so that articles get their own pages"
            ));
        }
        if pattern.contains("..") || pattern.contains(['?', '#', '\\']) {
            return Err(format!("permalink {pattern:?} must be a plain path"));
        }
        let mut pattern = format!("/{}", pattern.trim_matches('/'));
        pattern.push('/');
        Ok(Permalink { pattern })
    }

    /// The article's site path, always starting and ending with `/`. Missing
    /// values (an undated article under `{year}`) become `undated` / `none`.
    pub fn expand(&self, v: &PermalinkValues<'_>) -> String {
        let mut out = String::with_capacity(self.pattern.len() + v.slug.len());
        let mut rest = self.pattern.as_str();
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let close = open + rest[open..].find('}').expect("checked in parse");
            match &rest[open + 1..close] {
                "slug" => out.push_str(v.slug),
                "stem" => out.push_str(&crate::slug::slugify(v.stem)),
                "year" => out.push_str(&v.date.map_or("undated".into(), |d| format!("{:04}", d.year))),
                "month" => out.push_str(&v.date.map_or("undated".into(), |d| format!("{:02}", d.month))),
                "day" => out.push_str(&v.date.map_or("undated".into(), |d| format!("{:02}", d.day))),
                "section" => out.push_str(&v.section.map_or("none".into(), crate::slug::slugify)),
                _ => unreachable!("checked in parse"),
            }
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
        out
    }
}

impl Default for Permalink {
    fn default() -> Self {
        Permalink { pattern: "/articles/{slug}/".into() }
    }
}

/// A `site.toml` that cannot be used, with its line; the build stops before
/// writing anything.
pub type ConfigError = Located;

impl Config {
    /// Reads `<root>/site.toml`; a site without one gets the defaults.
    pub fn load(root: &Path) -> Result<Config, ConfigError> {
        let path = root.join("site.toml");
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => {
                return Err(Located::new(path.display().to_string(), None, format!("cannot read it: {e}")));
            }
        };
        Config::parse(root, &text)
    }

    pub fn parse(root: &Path, text: &str) -> Result<Config, ConfigError> {
        let path = root.join("site.toml").display().to_string();
        let raw: RawConfig = toml::from_str(text)
            .map_err(|e| Located::new(&path, e.span().map(|s| line_of(text, s.start)), e.message()))?;
        let invalid = |key: &str, message: String| Located::new(&path, key_line(text, key), message);
        let base_url = BaseUrl::parse(raw.base_url.as_deref().unwrap_or("/")).map_err(|m| invalid("base_url", m))?;
        let permalink = match &raw.permalink {
            Some(p) => Permalink::parse(p).map_err(|m| invalid("permalink", m))?,
            None => Permalink::default(),
        };
        let paginate_by = raw.paginate_by.unwrap_or(20);
        if paginate_by == 0 {
            return Err(invalid("paginate_by", "paginate_by must be at least 1".into()));
        }
        let fallback_encoding = match &raw.load.fallback_encoding {
            None => None,
            Some(label) => Some(encoding_rs::Encoding::for_label(label.as_bytes()).ok_or_else(|| {
                invalid(
                    "fallback_encoding",
                    format!("unknown encoding {label:?}; use a WHATWG label such as \"windows-1252\""),
                )
            })?),
        };
        let defaults = ChromeOptions::default();
        let auto = match raw.load.chrome.as_deref() {
            None | Some("auto") => true,
            Some("off") => false,
            Some(other) => {
                return Err(invalid("chrome", format!("chrome = {other:?}: it is \"auto\" or \"off\"")));
            }
        };
        let share = |key: &str, value: Option<f64>, default: f64| match value {
            Some(v) if !(0.0..=1.0).contains(&v) => {
                Err(invalid(key, format!("{key} is a share of files, from 0 to 1, not {v}")))
            }
            v => Ok(v.unwrap_or(default)),
        };
        let chrome = ChromeOptions {
            auto,
            share: share("chrome_share", raw.load.chrome_share, defaults.share)?,
            keep_share: share("chrome_keep_share", raw.load.chrome_keep_share, defaults.keep_share)?,
            min_files: raw.load.chrome_min_files.unwrap_or(defaults.min_files).max(2),
            sample: raw.load.chrome_sample.unwrap_or(defaults.sample).max(2),
            keep_lines: raw.load.keep_lines,
        };
        let extra = match raw.extra {
            Some(table) => serde_json::to_value(table).map_err(|e| invalid("extra", e.to_string()))?,
            None => serde_json::Value::Object(Default::default()),
        };
        let link_prefix = base_url.path.clone();
        let mut fields = FieldNames::default();
        for (field, names) in raw.load.fields {
            let names = match names {
                OneOrMany::One(name) => vec![name],
                OneOrMany::Many(names) => names,
            };
            fields.map(&field, names).map_err(|_| {
                invalid(&field, format!("[load.fields] has no field `{field}`; the fields are {}", MAPPABLE.join(", ")))
            })?;
        }
        Ok(Config {
            root: std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf()),
            title: raw.title.unwrap_or_else(|| "Archive".into()),
            description: raw.description.unwrap_or_default(),
            base_url,
            language: raw.language.unwrap_or_else(|| "en".into()),
            output_dir: root.join(raw.output_dir.unwrap_or_else(|| "public".into())),
            paginate_by,
            permalink,
            feed_limit: raw.feed_limit.unwrap_or(50),
            load: LoadOptions {
                drop_lines: raw.load.drop_lines,
                drop_default_lines: raw.load.drop_default_lines.unwrap_or(true),
                fallback_encoding,
                link_prefix,
                stream_bodies: None,
                fields,
                chrome,
                report_dropped: false,
            },
            topic_descriptions: raw.topics.descriptions.into_iter().map(|(k, v)| (fold_topic(&k), v)).collect(),
            search: raw.search.enabled.unwrap_or(true),
            extra,
        })
    }

    /// Applies `--output` and `--base-url`.
    pub fn with_overrides(mut self, output: Option<&Path>, base_url: Option<&str>) -> Result<Config, ConfigError> {
        if let Some(output) = output {
            self.output_dir = output.to_path_buf();
        }
        if let Some(url) = base_url {
            self.base_url = BaseUrl::parse(url).map_err(|message| Located::new("--base-url", None, message))?;
            self.load.link_prefix = self.base_url.path.clone();
        }
        self.check_output_dir()?;
        Ok(self)
    }

    /// The output folder is replaced on every build: it must not hold the
    /// site's own files.
    fn check_output_dir(&self) -> Result<(), ConfigError> {
        let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        let out = abs(&self.output_dir);
        let root = abs(&self.root);
        let dangerous = ["content", "templates", "static", "site.toml"].iter().any(|n| root.join(n).starts_with(&out))
            || root.starts_with(&out);
        if dangerous {
            return Err(Located::new(
                self.root.join("site.toml").display().to_string(),
                None,
                format!(
                    "output folder {} holds the site's own files and would be replaced by the build; choose another, such as public/",
                    self.output_dir.display()
                ),
            ));
        }
        Ok(())
    }

    pub fn content_dir(&self) -> PathBuf {
        self.root.join("content")
    }
}

/// 1-based line of a byte offset.
pub fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

/// The line where `key = …` is set, for errors found after parsing.
pub fn key_line(text: &str, key: &str) -> Option<usize> {
    let table = format!("[{key}]");
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            l.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with('=')) || l.trim_end() == table
        })
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_forms() {
        let b = BaseUrl::parse("https://example.github.io/archive").unwrap();
        assert_eq!(b.origin, "https://example.github.io");
        assert_eq!(b.path, "/archive/");
        assert_eq!(b.link("/articles/x/"), "/archive/articles/x/");
        assert_eq!(b.absolute("/"), "https://example.github.io/archive/");
        assert_eq!(BaseUrl::parse("http://127.0.0.1:8080/").unwrap().path, "/");
        assert!(BaseUrl::parse("example.org").is_err());
    }

    #[test]
    fn unknown_key_names_its_line() {
        let err = Config::parse(Path::new("."), "title = \"x\"\ntitel = \"y\"\n").unwrap_err();
        assert_eq!(err.line, Some(2));
        assert!(err.message.contains("titel"), "{}", err.message);
    }

    #[test]
    fn a_table_given_a_value_says_how_to_write_it() {
        let err = Config::parse(Path::new("."), "title = \"x\"\nsearch = false\n").unwrap_err();
        assert_eq!((err.line, err.to_string()), (Some(2), "./site.toml:2: invalid type: boolean `false`, expected a table: [search] with enabled = false to leave search out".to_string()));
    }

    #[test]
    fn permalink_placeholders() {
        let p = Permalink::parse("/{year}/{month}/{slug}").unwrap();
        let date = crate::date::Date::new(2021, 3, 4);
        let v = PermalinkValues { slug: "a-b", date, section: None, stem: "x" };
        assert_eq!(p.expand(&v), "/2021/03/a-b/");
        assert!(Permalink::parse("/{title}/").is_err());
        assert!(Permalink::parse("/articles/").is_err());
    }
}

//! The data of an archive, as the loader produces it and the later stages read
//! it. No I/O here.

use crate::date::Timestamp;
use crate::located::Located;

/// One article of the archive, normalised from a `.txt` or `.md` file.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Article {
    /// Path relative to the site root, with `/` separators (`content/world/a.txt`).
    pub path: String,
    /// Where the article stands in a file of many (JSON Lines, CSV, a JSON
    /// array); `None` for a file that is one article.
    pub record: Option<RecordAt>,
    /// Its identity in `{stem}` permalinks: the file name without its
    /// extension, or a record's id.
    pub stem: String,
    /// The top-level folder under `content/`, if any.
    pub section: Option<String>,
    pub title: String,
    /// True when no title was given or found and it was made from the lead.
    pub title_derived: bool,
    /// The slug as the file asks for it (front matter or title); the index may
    /// add a collision suffix.
    pub slug: String,
    pub date: Option<Timestamp>,
    pub updated: Option<Timestamp>,
    pub authors: Vec<String>,
    pub role: Option<String>,
    /// Topic names as written, in order, without duplicates.
    pub topics: Vec<String>,
    /// The first body paragraph, as plain text.
    pub lead: String,
    /// The article's pictures, the lead one first: front matter or sidecar
    /// `image` / `images`, a scraper's image field, or image files beside
    /// the article.
    pub images: Vec<Picture>,
    /// Words of the body, for its reading time.
    pub words: usize,
    pub draft: bool,
    /// The body, as loaded: empty when it is streamed.
    pub blocks: Vec<Block>,
    /// The runs of the body the index may link to other articles, kept
    /// apart in a compact form: the index sets their targets, and
    /// [`crate::index::Site::body`] puts them into the blocks it returns.
    pub links: Vec<LinkRun>,
    /// Problems found in this file that did not stop it from loading.
    pub problems: Vec<Problem>,
    /// Index of the paragraph that is the lead (shown as the standfirst).
    pub lead_block: Option<usize>,
    /// A hash of the body's blocks as loaded; fingerprints add where the
    /// runs the index links point.
    pub content_hash: u64,
    /// What few scraped pages give, out of line: `None` when none of it
    /// is set.
    pub uncommon: Option<Box<Uncommon>>,
    /// The source whose furniture the loader learned and used (`host:…`,
    /// `section:…`, or empty for the archive), and a fingerprint of what it
    /// learned of it: a cached article is parsed again when that changes.
    pub source: String,
    pub chrome: u64,
    /// Set when the body is streamed (large archives): `blocks` is then
    /// empty, and the body is read again from the file when a page needs it.
    pub streamed: bool,
}

/// A run of a body that may link other articles: a related aside's
/// headlines, or a bullet run that becomes one when an item names an
/// article. Its headlines are kept as hashes, not text: a million
/// articles hold three or four each.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LinkRun {
    /// Where the run stands among the body's blocks.
    pub position: u32,
    /// A bullet run ([`List::may_be_related`]) rather than an aside.
    pub bullets: bool,
    pub items: Vec<LinkItem>,
}

/// One headline of a [`LinkRun`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LinkItem {
    /// A hash of the headline's folded text ([`crate::slug::fold_title`]),
    /// which titles are matched by.
    pub key: u64,
    /// The line of the file it stood on, for problems.
    pub line: Option<u32>,
    /// The article it names, once the index resolved it.
    #[serde(skip)]
    pub target: Option<u32>,
}

impl LinkRun {
    /// A bullet run is related stories when an item names an article; an
    /// aside always is.
    pub fn is_related(&self) -> bool {
        !self.bullets || self.items.iter().any(|i| i.target.is_some())
    }
}

/// The fields of an article that scraped text pages rarely set, kept out
/// of line: in every article they took 128 bytes, 128 MB at a million.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Uncommon {
    /// Front matter `summary`, when given: else the lead stands for it (see
    /// [`Article::summary`]), not a copy of it (at a million articles,
    /// 150 MB).
    pub summary: Option<String>,
    pub source_url: Option<String>,
    pub aliases: Vec<String>,
    /// Front matter `[extra]`, handed to templates untouched.
    pub extra: Option<serde_json::Value>,
    /// The lines of a scraped page left out, when the loader was asked to
    /// keep them (`gazette inspect`); never cached.
    #[serde(skip)]
    pub dropped: Vec<DroppedLine>,
}

impl Uncommon {
    fn is_empty(&self) -> bool {
        *self == Uncommon::default()
    }
}

/// A line of a scraped page left out of its article, and why (for
/// `gazette inspect`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DroppedLine {
    pub line: usize,
    pub text: String,
    pub reason: String,
}

/// A picture an article names.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Picture {
    /// An `http(s)` URL or a site path (`/media/x.jpg`), used as it is; or a
    /// path relative to the site root of a local image file, which the
    /// build resizes (`content/world/harbour.jpg`).
    pub src: String,
    pub alt: Option<String>,
    pub caption: Option<String>,
}

impl Picture {
    pub fn is_local(&self) -> bool {
        !(self.src.starts_with("http://") || self.src.starts_with("https://") || self.src.starts_with('/'))
    }
}

/// A local picture as the site publishes it: its sizes, each a file of the
/// output, the largest first, and its own size.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ImageSet {
    /// Site path and width of each size.
    pub sizes: Vec<(String, u32)>,
    pub width: u32,
    pub height: u32,
}

/// A record's place in a file of many articles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub struct RecordAt {
    /// 1-based: the record's number in its file.
    pub number: usize,
    /// 1-based line where it starts (a CSV row's line, a JSON Lines line).
    pub line: usize,
    /// Byte offset where it starts, to read it again.
    pub offset: u64,
}

impl Article {
    /// Front matter `summary`, else the lead.
    pub fn summary(&self) -> &str {
        self.uncommon.as_ref().and_then(|u| u.summary.as_deref()).unwrap_or(&self.lead)
    }

    pub fn source_url(&self) -> Option<&str> {
        self.uncommon.as_ref()?.source_url.as_deref()
    }

    pub fn aliases(&self) -> &[String] {
        self.uncommon.as_ref().map_or(&[], |u| &u.aliases)
    }

    pub fn extra(&self) -> Option<&serde_json::Value> {
        self.uncommon.as_ref()?.extra.as_ref()
    }

    pub fn dropped(&self) -> &[DroppedLine] {
        self.uncommon.as_ref().map_or(&[], |u| &u.dropped)
    }

    /// Sets the uncommon fields, out of line only when one is set.
    pub fn set_uncommon(&mut self, uncommon: Uncommon) {
        self.uncommon = (!uncommon.is_empty()).then(|| Box::new(uncommon));
    }

    /// The order articles of one site are kept in: by file, then by record.
    pub fn order_key(&self) -> (&str, usize) {
        (&self.path, self.record.map_or(0, |r| r.number))
    }
}

/// A piece of an article body, in reading order.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Block {
    Paragraph(String),
    Figure(Figure),
    Related(Related),
    List(List),
    /// Rendered Markdown (Markdown articles only).
    Html(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum MediaKind {
    #[default]
    Image,
    /// A video or audio player whose caption survived the scrape.
    Media,
}

impl MediaKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MediaKind::Image => "image",
            MediaKind::Media => "media",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Figure {
    pub media: MediaKind,
    pub credit: Option<String>,
    pub caption: Option<String>,
    pub alt: Option<String>,
}

/// An aside of related stories (the page's pull-quote links).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Related {
    pub heading: Option<String>,
    pub items: Vec<RelatedItem>,
    /// False for "Related Internet Links", whose names never link to articles.
    pub linkable: bool,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RelatedItem {
    pub text: String,
    /// Index of the article this headline names, once the index resolved it.
    pub target: Option<usize>,
    /// Line of the file where the run stood, for problems.
    pub line: Option<usize>,
}

/// A genuine bullet list of the body.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct List {
    pub heading: Option<String>,
    pub items: Vec<String>,
    /// The line of each item in the file (empty for Markdown and tests).
    pub lines: Vec<usize>,
    /// A run of bullets that may still turn out to be related stories when one
    /// of its items names another article (decided by the index).
    pub may_be_related: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub enum Severity {
    Warning,
    Error,
}

/// What went wrong, so that problems can be grouped and counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub enum ProblemKind {
    /// The file is not part of the archive (empty, bad bytes, broken front matter).
    LeftOut,
    /// An unknown key or a value of the wrong type in front matter or a sidecar.
    BadKey,
    /// A link in the output that points to nothing.
    BrokenLink,
    DerivedTitle,
    UnresolvedRelated,
    SlugCollision,
    NoTopics,
    /// A symlink under `content/`, which is never followed.
    Skipped,
    /// A local picture that cannot be read.
    Picture,
    /// An article with more topics than listings can show.
    ManyTopics,
}

impl ProblemKind {
    pub fn severity(self) -> Severity {
        match self {
            ProblemKind::LeftOut | ProblemKind::BadKey | ProblemKind::BrokenLink => Severity::Error,
            _ => Severity::Warning,
        }
    }

    /// A heading for a group of problems of this kind.
    pub fn describe(self) -> &'static str {
        match self {
            ProblemKind::LeftOut => "files left out",
            ProblemKind::BadKey => "unknown or mistyped keys",
            ProblemKind::BrokenLink => "broken internal links",
            ProblemKind::DerivedTitle => "titles derived from the lead",
            ProblemKind::UnresolvedRelated => "related headlines that name no article",
            ProblemKind::SlugCollision => "slug collisions",
            ProblemKind::NoTopics => "articles without topics",
            ProblemKind::Skipped => "symlinks skipped",
            ProblemKind::Picture => "pictures that cannot be read",
            ProblemKind::ManyTopics => "articles with an implausible number of topics",
        }
    }
}

/// A problem with one file, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Problem {
    pub kind: ProblemKind,
    pub at: Located,
}

impl Problem {
    pub fn new(path: &str, line: Option<usize>, kind: ProblemKind, message: impl Into<String>) -> Self {
        Problem { kind, at: Located::new(path, line, message) }
    }

    pub fn severity(&self) -> Severity {
        self.kind.severity()
    }

    /// A streamed article whose file no longer gives the body it gave when
    /// it was loaded.
    pub fn changed(path: &str) -> Self {
        Problem::new(path, None, ProblemKind::LeftOut, "changed while the site was being built; build again")
    }
}

/// By file, line, kind, then message: the order problems are printed in.
impl Ord for Problem {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (&self.at.path, self.at.line, self.kind, &self.at.message).cmp(&(
            &other.at.path,
            other.at.line,
            other.kind,
            &other.at.message,
        ))
    }
}

impl PartialOrd for Problem {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let level = match self.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{level}: {}", self.at)
    }
}

/// Reads an article's file again, for the body that a streamed article
/// left on disk (see [`Article::streamed`]).
pub trait BodySource: Send + Sync {
    /// The article as its file gives it now, its body not streamed.
    fn reread(&self, article: &Article) -> Result<Article, Problem>;
}

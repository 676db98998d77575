//! Stage one: `content/` → [`Loaded`]. Walks the folder and reads every
//! article file with its optional sidecar in parallel: scraped text (`.txt`),
//! Markdown (`.md`), and scrapers' outputs that hold many articles (JSON,
//! JSON Lines, CSV; `records.rs`). Each is normalised into [`Article`]s. A
//! file or record that cannot be read becomes a problem, never the end of
//! the build.

mod article;
mod cache;
mod chrome;
mod decode;
mod fields;
mod front_matter;
mod html;
mod markdown;
mod records;
mod text;

pub use cache::ArticleCache;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::config::{Config, LoadOptions};
use crate::model::{Article, Problem, ProblemKind};
use article::{Body, Origin};
use chrome::Learned;
use front_matter::Fence;
use records::Kind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    /// Scraped plain text, one article.
    Text,
    Markdown,
    /// Many articles as data.
    Records(Kind),
}

impl Format {
    /// The format of a file, by its extension; `None` for other files.
    fn of(path: &Path) -> Option<Format> {
        Some(match path.extension()?.to_str()? {
            "txt" => Format::Text,
            "md" => Format::Markdown,
            "json" => Format::Records(Kind::Json),
            "jsonl" | "jl" | "ndjson" => Format::Records(Kind::JsonLines),
            "csv" => Format::Records(Kind::Csv(b',')),
            "tsv" => Format::Records(Kind::Csv(b'\t')),
            _ => return None,
        })
    }
}

/// One article file to read.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path shown to people and stored on the article (`content/a.txt`).
    pub shown: String,
    pub file: PathBuf,
    pub sidecar: Option<PathBuf>,
    pub section: Option<String>,
    /// Image files named like it (`content/a.jpg`), its picture when it
    /// names none.
    pub images: Vec<String>,
    format: Format,
}

/// What loading one file gave: an article, a file's many records, or why
/// it (or a record of it) is left out.
pub type FileResult = Vec<Result<Article, Problem>>;

/// What loading a folder of articles produced: every article that could be
/// read, every problem (the files and records left out included), and the
/// files as the loader reads them (streamed bodies are read again there).
pub struct Loaded {
    pub articles: Vec<Article>,
    pub problems: Vec<Problem>,
    /// Number of article files seen (loaded or left out).
    pub files: usize,
    pub bodies: Arc<Files>,
    /// How long learning the sources' furniture took (part of loading).
    pub learning: std::time::Duration,
}

/// Loads every article under `<root>/content`.
pub fn load_site(config: &Config) -> Loaded {
    load_site_cached(config, None)
}

/// Loads every article, taking those whose files did not change since the
/// last build from the cache at `cache` (see `cache.rs`), and saves the
/// cache again when anything changed.
pub fn load_site_cached(config: &Config, cache: Option<&Path>) -> Loaded {
    let (sources, mut problems) = discover(&config.root, &config.content_dir());
    let mut options = config.load.clone();
    if options.stream_bodies.is_none() {
        let bytes: u64 = sources.iter().filter_map(|s| s.file.metadata().ok()).map(|m| m.len()).sum();
        options.stream_bodies = Some(bytes > STREAM_ABOVE_BYTES);
    }
    let started = std::time::Instant::now();
    let files = Arc::new(Files::new(config, chrome::learn(&sources, &options)));
    let learning = started.elapsed();
    let Some(cache_path) = cache else {
        let mut loaded = load_sources(&sources, &options, files);
        problems.append(&mut loaded.problems);
        loaded.problems = problems;
        loaded.learning = learning;
        return loaded;
    };
    let mut cached = cache::ArticleCache::load(cache_path, &config.load);
    // A cached article stands while its file and what was learned of its
    // source are as they were.
    let learned = &files.learned;
    let still = |articles: &Vec<Article>| articles.iter().all(|a| a.chrome == learned.fingerprint(&a.source));
    let mut loaded = Loaded::empty(sources.len(), files.clone(), learning);
    // Each file's stamp and how many articles it gave, for the cache.
    let mut keep: Vec<(Option<cache::Stamp>, usize)> = Vec::with_capacity(sources.len());
    let mut misses = 0;
    for batch in sources.chunks(LOAD_BATCH) {
        let stamps: Vec<Option<cache::Stamp>> = batch.par_iter().map(cache::Stamp::of).collect();
        let hits: Vec<Option<Vec<Article>>> =
            batch.iter().zip(&stamps).map(|(s, stamp)| cached.take(&s.shown, *stamp).filter(still)).collect();
        let missed: Vec<&Source> = batch.iter().zip(&hits).filter(|(_, h)| h.is_none()).map(|(s, _)| s).collect();
        misses += missed.len();
        let mut parsed =
            missed.par_iter().map(|s| load_for_index(s, &options, learned)).collect::<Vec<_>>().into_iter();
        for (hit, stamp) in hits.into_iter().zip(stamps) {
            let results = match hit {
                Some(articles) => articles.into_iter().map(Ok).collect(),
                None => parsed.next().expect("one result per miss"),
            };
            let before = loaded.articles.len();
            loaded.take(results);
            keep.push((stamp, loaded.articles.len() - before));
        }
    }
    if misses > 0 || !cached.is_empty() {
        let mut rest = loaded.articles.as_slice();
        let mut entries: Vec<(cache::Stamp, &[Article])> = Vec::with_capacity(keep.len());
        for (stamp, n) in keep {
            let (these, after) = rest.split_at(n);
            rest = after;
            if let Some(stamp) = stamp.filter(|_| n > 0) {
                entries.push((stamp, these));
            }
        }
        // Without the cache the next build parses every file: slower, never wrong.
        let _ = cache::ArticleCache::save(cache_path, &config.load, &entries);
    }
    problems.append(&mut loaded.problems);
    loaded.problems = problems;
    loaded
}

/// Loads the given files and folders (for `inspect`). Paths inside
/// `<root>/content` get their section as in a build, however they are
/// spelled; the furniture of their sources is what `site` learned, or what
/// these files teach when there is no site.
pub fn load_paths(
    config: &Config,
    root: &Path,
    paths: &[PathBuf],
    options: &LoadOptions,
    site: Option<&Files>,
) -> Loaded {
    let mut sources = Vec::new();
    let mut problems = Vec::new();
    let content = root.join("content");
    for path in paths {
        if path.is_dir() {
            let (mut found, mut p) = discover(root, path);
            sources.append(&mut found);
            problems.append(&mut p);
        } else if let Some(source) = source_for(root, &content, path, None, None) {
            sources.push(source);
        } else {
            let shown = path.display().to_string();
            problems.push(Problem::new(
                &shown,
                None,
                ProblemKind::LeftOut,
                format!("is not an article file ({EXTENSIONS})"),
            ));
        }
    }
    let learned = site.map_or_else(|| chrome::learn(&sources, options), |files| files.learned.clone());
    let files = Arc::new(Files { options: options.clone(), ..Files::new(config, learned) });
    let mut loaded = load_sources(&sources, options, files);
    problems.append(&mut loaded.problems);
    loaded.problems = problems;
    loaded
}

/// The extensions of article files, for messages.
const EXTENSIONS: &str = ".txt, .md, .json, .jsonl, .jl, .ndjson, .csv or .tsv";

fn load_sources(sources: &[Source], options: &LoadOptions, files: Arc<Files>) -> Loaded {
    let mut loaded = Loaded::empty(sources.len(), files.clone(), std::time::Duration::ZERO);
    for batch in sources.chunks(LOAD_BATCH) {
        let results: Vec<FileResult> = batch.par_iter().map(|s| load_for_index(s, options, &files.learned)).collect();
        results.into_iter().for_each(|result| loaded.take(result));
    }
    loaded
}

/// Files parsed at once, their articles then moved into one list with room
/// for an article a file. Parsing every file first held each article twice
/// (at a million articles, 680 MB more than the articles).
const LOAD_BATCH: usize = 4096;

impl Loaded {
    fn empty(files: usize, bodies: Arc<Files>, learning: std::time::Duration) -> Loaded {
        Loaded { files, articles: Vec::with_capacity(files), problems: Vec::new(), bodies, learning }
    }

    /// Takes one file's articles and problems.
    fn take(&mut self, results: FileResult) {
        for result in results {
            match result {
                Ok(article) => self.articles.push(article),
                Err(problem) => self.problems.push(problem),
            }
        }
    }
}

/// Walks `dir` for article files, sorted by path; hidden entries skipped,
/// symlinks reported and not followed.
fn discover(root: &Path, dir: &Path) -> (Vec<Source>, Vec<Problem>) {
    let content = root.join("content");
    let mut files = Vec::new();
    let mut sidecars = HashSet::new();
    let mut images: std::collections::HashMap<PathBuf, Vec<PathBuf>> = std::collections::HashMap::new();
    let mut problems = Vec::new();
    let walker = WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let shown = e.path().map_or_else(|| dir.display().to_string(), |p| shown_path(root, p));
                problems.push(Problem::new(&shown, None, ProblemKind::LeftOut, format!("cannot be read: {e}")));
                continue;
            }
        };
        let path = entry.path();
        if entry.path_is_symlink() {
            if is_article_name(path) || path.is_dir() {
                problems.push(Problem::new(
                    &shown_path(root, path),
                    None,
                    ProblemKind::Skipped,
                    "is a symlink, and gazette does not follow symlinks; copy the file or folder into content/ instead",
                ));
            }
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        match path.extension().and_then(|e| e.to_str()) {
            Some("toml") => {
                sidecars.insert(path.to_path_buf());
            }
            Some(ext) if IMAGE_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()) => {
                images.entry(path.with_extension("")).or_default().push(path.to_path_buf());
            }
            _ if Format::of(path).is_some() => files.push(path.to_path_buf()),
            _ => {}
        }
    }
    let sources = files
        .iter()
        .filter_map(|file| {
            let sidecar = file.with_extension("toml");
            let sidecar = sidecars.contains(&sidecar).then_some(sidecar);
            let beside = images.get(&file.with_extension("")).cloned().unwrap_or_default();
            source_for(root, &content, file, sidecar, Some(beside))
        })
        .collect();
    (sources, problems)
}

/// Image files that, named like an article (`harbour.txt`, `harbour.jpg`),
/// are its picture.
const IMAGE_EXTENSIONS: [&str; 5] = ["jpg", "jpeg", "png", "webp", "gif"];

/// Whether a file is an article file (or a file of many articles) by its
/// name.
pub fn is_article_name(path: &Path) -> bool {
    Format::of(path).is_some()
}

/// The source of an article file; `images` the image files named like it,
/// looked for when `None`.
fn source_for(
    root: &Path,
    content: &Path,
    file: &Path,
    sidecar: Option<PathBuf>,
    images: Option<Vec<PathBuf>>,
) -> Option<Source> {
    let format = Format::of(file)?;
    let images = match (format, images) {
        (Format::Records(_), _) => Vec::new(),
        (_, Some(images)) => images,
        (_, None) => IMAGE_EXTENSIONS.iter().map(|e| file.with_extension(e)).filter(|p| p.is_file()).collect(),
    };
    let sidecar = match format {
        Format::Records(_) => None,
        _ => sidecar.or_else(|| {
            let candidate = file.with_extension("toml");
            candidate.is_file().then_some(candidate)
        }),
    };
    // Compared as absolute paths, so that `content/a/x.txt` and
    // `./content/a/x.txt` are in the same section.
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (abs_file, abs_content) = (absolute(file), absolute(content));
    let section = abs_file.strip_prefix(&abs_content).ok().and_then(|rel| {
        let mut parts = rel.components();
        let first = parts.next()?;
        parts.next()?; // a file directly in content/ has no section
        Some(first.as_os_str().to_string_lossy().into_owned())
    });
    let images = images.iter().map(|p| shown_path(root, p)).collect();
    Some(Source { shown: shown_path(root, file), file: file.to_path_buf(), sidecar, section, images, format })
}

/// `content/a.txt` for files under the root, the path as given otherwise.
fn shown_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let shown = rel.to_string_lossy().replace('\\', "/");
    shown.strip_prefix("./").map(str::to_string).unwrap_or(shown)
}

/// Normalises an article held in memory, as if it were the file `path`
/// (`content/world/a.txt`, a `.txt` or `.md`) of a site: for tests, fuzzing
/// and tools.
pub fn load_memory(
    path: &str,
    bytes: &[u8],
    sidecar: Option<&[u8]>,
    options: &LoadOptions,
) -> Result<Article, Problem> {
    let file = PathBuf::from(path);
    let source = source_for(Path::new(""), Path::new("content"), &file, None, Some(Vec::new()))
        .filter(|s| !matches!(s.format, Format::Records(_)))
        .unwrap_or(Source {
            shown: path.to_string(),
            file: file.clone(),
            sidecar: None,
            section: None,
            images: Vec::new(),
            format: Format::Text,
        });
    load_bytes(&source, bytes, sidecar, options, &Learned::default())
}

/// The path an article file is known by (`content/a.txt`).
pub fn shown(config: &Config, file: &Path) -> String {
    shown_path(&config.root, file)
}

/// Reads and normalises the articles of one file.
fn load_source(source: &Source, options: &LoadOptions, learned: &Learned) -> FileResult {
    match source.format {
        Format::Records(kind) => records::load(source, kind, options),
        Format::Text | Format::Markdown => vec![load_file(source, options, learned)],
    }
}

/// Reads and normalises one `.txt` or `.md` article.
fn load_file(source: &Source, options: &LoadOptions, learned: &Learned) -> Result<Article, Problem> {
    let bytes = std::fs::read(&source.file)
        .map_err(|e| Problem::new(&source.shown, None, ProblemKind::LeftOut, format!("cannot be read: {e}")))?;
    let sidecar = match &source.sidecar {
        Some(path) => Some(std::fs::read(path).map_err(|e| {
            Problem::new(&shown_sidecar(source), None, ProblemKind::LeftOut, format!("cannot be read: {e}"))
        })?),
        None => None,
    };
    load_bytes(source, &bytes, sidecar.as_deref(), options, learned)
}

fn shown_sidecar(source: &Source) -> String {
    source.shown.rsplit_once('.').map_or_else(|| source.shown.clone(), |(stem, _)| format!("{stem}.toml"))
}

/// Normalises a `.txt` or `.md` article from its bytes (and its sidecar's),
/// with what was learned of its source's furniture.
fn load_bytes(
    source: &Source,
    bytes: &[u8],
    sidecar: Option<&[u8]>,
    options: &LoadOptions,
    learned: &Learned,
) -> Result<Article, Problem> {
    let shown = source.shown.as_str();
    let left_out = |line: Option<usize>, message: String| Problem::new(shown, line, ProblemKind::LeftOut, message);
    let text = decode::decode(bytes, options).map_err(|(line, message)| left_out(line, message))?;
    let (head, body, body_line) = front_matter::split(&text).map_err(|fence| {
        let mark = fence.mark();
        left_out(
            Some(1),
            format!("front matter opened with {mark} is never closed; add a line {mark} after its last key"),
        )
    })?;

    let mut problems = Vec::new();
    let mut fm = front_matter::FrontMatter::default();
    if let Some((fence, head)) = head {
        let parsed = match fence {
            Fence::Toml => front_matter::parse(head),
            Fence::Yaml => front_matter::parse_yaml(head, &options.fields),
        };
        let language = if fence == Fence::Toml { "TOML" } else { "YAML" };
        let (parsed, errors) = parsed.map_err(|e| {
            left_out(
                Some(e.line + 1),
                format!(
                    "front matter is not valid {language} ({}); fix it or remove the {} lines",
                    e.message,
                    fence.mark()
                ),
            )
        })?;
        fm = parsed;
        for e in errors {
            problems.push(Problem::new(shown, e.line.map(|l| l + 1), ProblemKind::BadKey, e.message));
        }
    }
    if let Some(bytes) = sidecar {
        let sidecar_shown = shown_sidecar(source);
        let text = decode::decode(bytes, options)
            .map_err(|(line, message)| Problem::new(&sidecar_shown, line, ProblemKind::LeftOut, message))?;
        let (parsed, errors) = front_matter::parse(&text).map_err(|e| {
            Problem::new(
                &sidecar_shown,
                Some(e.line),
                ProblemKind::LeftOut,
                format!("sidecar is not valid TOML ({}); its article is left out until it is fixed", e.message),
            )
        })?;
        fm = fm.or(parsed);
        for e in errors {
            problems.push(Problem::new(&sidecar_shown, e.line, ProblemKind::BadKey, e.message));
        }
    }

    let stem = source.file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let origin = Origin { shown: shown.to_string(), stem, section: source.section.clone(), record: None };
    let (body, key) = match source.format {
        Format::Markdown => (Body::Markdown(body), String::new()),
        _ => {
            let sidecar = sidecar.map(String::from_utf8_lossy);
            let key = chrome::source_of(&text, sidecar.as_deref(), source.section.as_deref());
            (Body::Text(body, body_line, learned.of(&key)), key)
        }
    };
    let mut article = article::build(origin, fm, body, problems, options);
    locate_pictures(&mut article, source);
    article.chrome = learned.fingerprint(&key);
    article.source = key;
    Ok(article)
}

/// Above this many bytes of articles, bodies are streamed: the index keeps
/// their links in compact form, and pages read them again, so that memory stays
/// bounded whatever the archive's size.
pub const STREAM_ABOVE_BYTES: u64 = 256 * 1024 * 1024;

/// Local pictures by their path from the site root: those the metadata
/// names, relative to the article's folder, else the image files beside it.
fn locate_pictures(article: &mut Article, source: &Source) {
    if article.images.is_empty() {
        article.images = source
            .images
            .iter()
            .map(|src| crate::model::Picture { src: src.clone(), alt: None, caption: None })
            .collect();
        return;
    }
    let folder = source.shown.rsplit_once('/').map_or("", |(folder, _)| folder);
    for picture in article.images.iter_mut().filter(|p| p.is_local()) {
        picture.src = normalise(&format!("{folder}/{}", picture.src));
    }
}

/// `content/world/../a.jpg` → `content/a.jpg`; a path that climbs out of
/// the site stays as written (and is reported missing).
fn normalise(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return path.to_string();
                }
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// The articles of one file as the index keeps them: their bodies streamed
/// when the options say so.
fn load_for_index(source: &Source, options: &LoadOptions, learned: &Learned) -> FileResult {
    let mut results = load_source(source, options, learned);
    // Record files stream their bodies as they read them.
    if options.stream_bodies == Some(true) && !matches!(source.format, Format::Records(_)) {
        for article in results.iter_mut().flatten() {
            *article = article::stream(std::mem::take(article));
        }
    }
    results
}

/// A site's article files as the loader reads them, with what it learned
/// of their sources: read again for streamed bodies, reloaded by the dev
/// server.
pub struct Files {
    root: PathBuf,
    content: PathBuf,
    options: LoadOptions,
    learned: Learned,
}

impl Files {
    fn new(config: &Config, learned: Learned) -> Files {
        let options = LoadOptions { stream_bodies: Some(false), ..config.load.clone() };
        Files { root: config.root.clone(), content: config.content_dir(), options, learned }
    }

    /// Reloads one article file of the site after it changed: `None` when
    /// the file is gone (or is not an article file), else what loading it
    /// gives. The `shown` path identifies its articles among the site's.
    pub fn reload(&self, file: &Path) -> Option<FileResult> {
        let hidden = file
            .strip_prefix(&self.root)
            .map(|rel| rel.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.')))
            .unwrap_or(true);
        if hidden || !file.is_file() || file.is_symlink() {
            return None;
        }
        let source = source_for(&self.root, &self.content, file, None, None)?;
        Some(load_source(&source, &self.options, &self.learned))
    }
}

impl crate::model::BodySource for Files {
    fn reread(&self, article: &Article) -> Result<Article, Problem> {
        let file = self.root.join(&article.path);
        let source =
            source_for(&self.root, &self.content, &file, None, None).ok_or_else(|| Problem::changed(&article.path))?;
        match (source.format, article.record) {
            (Format::Records(kind), Some(at)) => records::reread(&source, kind, at, &self.options),
            _ => load_file(&source, &self.options, &self.learned),
        }
    }
}

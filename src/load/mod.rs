//! Stage one: `content/` → [`Loaded`]. Walks the folder, reads each `.txt` and
//! `.md` with its optional sidecar in parallel, and normalises it into an
//! [`Article`]. A file that cannot be read becomes a problem, never the end of
//! the build.

mod cache;
mod front_matter;
mod markdown;
mod text;

pub use cache::ArticleCache;

use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::config::{Config, LoadOptions};
use crate::date::Timestamp;
use crate::model::{Article, Block, Loaded, Problem, ProblemKind};
use crate::slug::{fold_title, fold_topic, slugify};

/// Longest derived title, `…` included.
const MAX_DERIVED_TITLE: usize = 90;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Markdown,
}

/// One article file to read.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path shown to people and stored on the article (`content/a.txt`).
    pub shown: String,
    pub file: PathBuf,
    pub sidecar: Option<PathBuf>,
    pub section: Option<String>,
    format: Format,
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
    let Some(cache_path) = cache else {
        let mut loaded = load_sources(&sources, &options);
        problems.append(&mut loaded.problems);
        loaded.problems = problems;
        return loaded;
    };
    let mut cached = cache::ArticleCache::load(cache_path, &config.load);
    let stamps: Vec<Option<cache::Stamp>> = sources.par_iter().map(cache::Stamp::of).collect();
    let hits: Vec<Option<Article>> =
        sources.iter().zip(&stamps).map(|(s, stamp)| cached.take(&s.shown, *stamp)).collect();
    let misses: Vec<&Source> = sources.iter().zip(&hits).filter(|(_, h)| h.is_none()).map(|(s, _)| s).collect();
    let mut parsed = misses.par_iter().map(|s| load_for_index(s, &options)).collect::<Vec<_>>().into_iter();
    let mut loaded = Loaded { files: sources.len(), ..Loaded::default() };
    let mut keep = Vec::with_capacity(sources.len());
    for (hit, stamp) in hits.into_iter().zip(stamps) {
        let result = match hit {
            Some(article) => Ok(article),
            None => parsed.next().expect("one result per miss"),
        };
        match result {
            Ok(article) => {
                keep.push(stamp);
                loaded.articles.push(article);
            }
            Err(problem) => loaded.problems.push(problem),
        }
    }
    if !misses.is_empty() || !cached.is_empty() {
        let entries: Vec<(cache::Stamp, &Article)> =
            keep.iter().zip(&loaded.articles).filter_map(|(stamp, a)| Some(((*stamp)?, a))).collect();
        // Without the cache the next build parses every file: slower, never wrong.
        let _ = cache::ArticleCache::save(cache_path, &config.load, &entries);
    }
    problems.append(&mut loaded.problems);
    loaded.problems = problems;
    loaded
}

/// Loads the given files and folders (for `inspect`). Paths inside
/// `<root>/content` get their section as in a build.
pub fn load_paths(root: &Path, paths: &[PathBuf], options: &LoadOptions) -> Loaded {
    let mut sources = Vec::new();
    let mut problems = Vec::new();
    let content = root.join("content");
    for path in paths {
        if path.is_dir() {
            let (mut found, mut p) = discover(root, path);
            sources.append(&mut found);
            problems.append(&mut p);
        } else if let Some(source) = source_for(root, &content, path, None) {
            sources.push(source);
        } else {
            let shown = path.display().to_string();
            problems.push(Problem::new(&shown, None, ProblemKind::LeftOut, "is not a .txt or .md article"));
        }
    }
    let mut loaded = load_sources(&sources, options);
    problems.append(&mut loaded.problems);
    loaded.problems = problems;
    loaded
}

fn load_sources(sources: &[Source], options: &LoadOptions) -> Loaded {
    let results: Vec<Result<Article, Problem>> = sources.par_iter().map(|s| load_for_index(s, options)).collect();
    let mut loaded = Loaded { files: sources.len(), ..Loaded::default() };
    for result in results {
        match result {
            Ok(article) => loaded.articles.push(article),
            Err(problem) => loaded.problems.push(problem),
        }
    }
    loaded
}

/// Walks `dir` for article files, sorted by path; hidden entries skipped,
/// symlinks reported and not followed.
fn discover(root: &Path, dir: &Path) -> (Vec<Source>, Vec<Problem>) {
    let content = root.join("content");
    let mut files = Vec::new();
    let mut sidecars = HashSet::new();
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
            Some("txt" | "md") => files.push(path.to_path_buf()),
            _ => {}
        }
    }
    let sources = files
        .iter()
        .filter_map(|file| {
            let sidecar = file.with_extension("toml");
            let sidecar = sidecars.contains(&sidecar).then_some(sidecar);
            source_for(root, &content, file, sidecar)
        })
        .collect();
    (sources, problems)
}

fn is_article_name(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()), Some("txt" | "md"))
}

fn source_for(root: &Path, content: &Path, file: &Path, sidecar: Option<PathBuf>) -> Option<Source> {
    let format = match file.extension().and_then(|e| e.to_str()) {
        Some("txt") => Format::Text,
        Some("md") => Format::Markdown,
        _ => return None,
    };
    let sidecar = sidecar.or_else(|| {
        let candidate = file.with_extension("toml");
        candidate.is_file().then_some(candidate)
    });
    let section = file.strip_prefix(content).ok().and_then(|rel| {
        let mut parts = rel.components();
        let first = parts.next()?;
        parts.next()?; // a file directly in content/ has no section
        Some(first.as_os_str().to_string_lossy().into_owned())
    });
    Some(Source { shown: shown_path(root, file), file: file.to_path_buf(), sidecar, section, format })
}

/// `content/a.txt` for files under the root, the path as given otherwise.
fn shown_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let shown = rel.to_string_lossy().replace('\\', "/");
    shown.strip_prefix("./").map(str::to_string).unwrap_or(shown)
}

/// Normalises an article held in memory, as if it were the file `path`
/// (`content/world/a.txt`) of a site: for tests, fuzzing and tools.
pub fn load_memory(
    path: &str,
    bytes: &[u8],
    sidecar: Option<&[u8]>,
    options: &LoadOptions,
) -> Result<Article, Problem> {
    let file = PathBuf::from(path);
    let source = source_for(Path::new(""), Path::new("content"), &file, None).unwrap_or(Source {
        shown: path.to_string(),
        file: file.clone(),
        sidecar: None,
        section: None,
        format: Format::Text,
    });
    load_bytes(&source, bytes, sidecar, options)
}

/// Reloads one article file of a site after it changed: `None` when the
/// file is gone (or is not an article file), else what loading it gives.
/// The `shown` path identifies the article among the site's.
pub fn reload_file(config: &Config, file: &Path) -> Option<Result<Article, Problem>> {
    let hidden = file
        .strip_prefix(&config.root)
        .map(|rel| rel.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.')))
        .unwrap_or(true);
    if hidden || !file.is_file() || file.is_symlink() {
        return None;
    }
    let source = source_for(&config.root, &config.content_dir(), file, None)?;
    Some(load_source(&source, &config.load))
}

/// The path an article file is known by (`content/a.txt`).
pub fn shown(config: &Config, file: &Path) -> String {
    shown_path(&config.root, file)
}

/// Reads and normalises one article.
pub fn load_source(source: &Source, options: &LoadOptions) -> Result<Article, Problem> {
    let bytes = std::fs::read(&source.file)
        .map_err(|e| Problem::new(&source.shown, None, ProblemKind::LeftOut, format!("cannot be read: {e}")))?;
    let sidecar = match &source.sidecar {
        Some(path) => Some(std::fs::read(path).map_err(|e| {
            Problem::new(&shown_sidecar(source), None, ProblemKind::LeftOut, format!("cannot be read: {e}"))
        })?),
        None => None,
    };
    load_bytes(source, &bytes, sidecar.as_deref(), options)
}

fn shown_sidecar(source: &Source) -> String {
    source.shown.rsplit_once('.').map_or_else(|| source.shown.clone(), |(stem, _)| format!("{stem}.toml"))
}

/// Normalises an article from its bytes (and its sidecar's).
pub fn load_bytes(
    source: &Source,
    bytes: &[u8],
    sidecar: Option<&[u8]>,
    options: &LoadOptions,
) -> Result<Article, Problem> {
    let shown = source.shown.as_str();
    let left_out = |line: Option<usize>, message: String| Problem::new(shown, line, ProblemKind::LeftOut, message);
    let text = decode(bytes, options).map_err(|(line, message)| left_out(line, message))?;
    let (toml, body, body_line) = front_matter::split(&text).map_err(|line| {
        left_out(Some(line), "front matter opened with +++ is never closed; add a line +++ after its last key".into())
    })?;

    let mut problems = Vec::new();
    let mut fm = front_matter::FrontMatter::default();
    if let Some(toml) = toml {
        let (parsed, errors) = front_matter::parse(toml).map_err(|e| {
            left_out(
                Some(e.line + 1),
                format!("front matter is not valid TOML ({}); fix it or remove the +++ lines", e.message),
            )
        })?;
        fm = parsed;
        for e in errors {
            problems.push(Problem::new(shown, e.line.map(|l| l + 1), ProblemKind::BadKey, e.message));
        }
    }
    if let Some(bytes) = sidecar {
        let sidecar_shown = shown_sidecar(source);
        let text = decode(bytes, options)
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
    let mut article = Article { path: shown.to_string(), stem, section: source.section.clone(), ..Article::default() };
    let text_title = match source.format {
        Format::Text => {
            let parsed = text::parse(body, body_line, options);
            article.blocks = parsed.blocks;
            article.topics = parsed.topics;
            article.authors = parsed.authors;
            article.role = parsed.role;
            article.date = parsed.date.map(Timestamp::from_date);
            article.updated = parsed.updated.map(Timestamp::from_date);
            article.lead = article
                .blocks
                .iter()
                .find_map(|b| match b {
                    Block::Paragraph(p) => Some(p.clone()),
                    _ => None,
                })
                .unwrap_or_default();
            // A headline line that repeats the front matter title is dropped;
            // a different one is kept as the first paragraph.
            match (parsed.title, &fm.title) {
                (Some(line), Some(title)) if fold_title(&line) != fold_title(title) => {
                    article.blocks.insert(0, Block::Paragraph(line.clone()));
                    article.lead = line;
                    None
                }
                (title, _) => title,
            }
        }
        Format::Markdown => {
            let parsed = markdown::parse(body, fm.title.is_none(), &options.link_prefix);
            article.blocks = parsed.blocks;
            article.lead = parsed.lead;
            parsed.title
        }
    };
    apply_front_matter(&mut article, fm, text_title);
    if article.title_derived {
        problems.push(Problem::new(shown, None, ProblemKind::DerivedTitle, format!(
            "has no headline line, so its title was made from the lead: {:?}; put the headline on the first line or set title in front matter",
            article.title
        )));
    }
    if article.topics.is_empty() {
        problems.push(Problem::new(
            shown,
            None,
            ProblemKind::NoTopics,
            "has no topics; add a Related Topics list or topics in front matter",
        ));
    }
    article.problems = problems;
    article.lead_block = article.blocks.iter().position(|b| matches!(b, Block::Paragraph(_)));
    article.content_hash = content_hash(&article.blocks);
    Ok(article)
}

/// Above this many bytes of articles, bodies are streamed: the index keeps
/// what it links, and pages read the rest again, so that memory stays
/// bounded whatever the archive's size.
pub const STREAM_ABOVE_BYTES: u64 = 256 * 1024 * 1024;

fn content_hash(blocks: &[Block]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for block in blocks {
        match block {
            b if b.is_linked() => "linked".hash(&mut h),
            Block::Paragraph(t) => ("p", t).hash(&mut h),
            Block::Figure(f) => ("figure", f.media.as_str(), &f.credit, &f.caption, &f.alt).hash(&mut h),
            Block::List(l) => ("list", &l.heading, &l.items).hash(&mut h),
            Block::Html(html) => ("html", html).hash(&mut h),
            Block::Related(_) => unreachable!("linked"),
        }
    }
    h.finish()
}

/// An article with its body streamed, for the cache: itself when it is
/// streamed already, else a copy of everything but the blocks the index
/// does not link.
fn streamed(a: &Article) -> std::borrow::Cow<'_, Article> {
    if a.streamed.is_some() {
        return std::borrow::Cow::Borrowed(a);
    }
    let linked: Vec<(usize, &Block)> = a.blocks.iter().enumerate().filter(|(_, b)| b.is_linked()).collect();
    std::borrow::Cow::Owned(Article {
        path: a.path.clone(),
        stem: a.stem.clone(),
        section: a.section.clone(),
        title: a.title.clone(),
        title_derived: a.title_derived,
        slug: a.slug.clone(),
        date: a.date,
        updated: a.updated,
        authors: a.authors.clone(),
        role: a.role.clone(),
        topics: a.topics.clone(),
        lead: a.lead.clone(),
        summary: a.summary.clone(),
        source_url: a.source_url.clone(),
        draft: a.draft,
        aliases: a.aliases.clone(),
        extra: a.extra.clone(),
        blocks: linked.iter().map(|(_, b)| (*b).clone()).collect(),
        problems: a.problems.clone(),
        lead_block: a.lead_block,
        content_hash: a.content_hash,
        streamed: Some(linked.iter().map(|(k, _)| *k).collect()),
    })
}

/// One article as the index keeps it: its body streamed when the options say so.
fn load_for_index(source: &Source, options: &LoadOptions) -> Result<Article, Problem> {
    let article = load_source(source, options)?;
    Ok(if options.stream_bodies == Some(true) { stream(article) } else { article })
}

/// Drops all of a body but the runs the index links (see [`Article::streamed`]).
fn stream(mut article: Article) -> Article {
    let mut positions = Vec::new();
    let mut kept = Vec::new();
    for (k, block) in std::mem::take(&mut article.blocks).into_iter().enumerate() {
        if block.is_linked() {
            positions.push(k);
            kept.push(block);
        }
    }
    article.blocks = kept;
    article.streamed = Some(positions);
    article
}

/// Reads the files of a site's articles again, for their streamed bodies.
pub struct Files {
    root: PathBuf,
    content: PathBuf,
    options: LoadOptions,
}

impl Files {
    pub fn of(config: &Config) -> Files {
        let options = LoadOptions { stream_bodies: Some(false), ..config.load.clone() };
        Files { root: config.root.clone(), content: config.content_dir(), options }
    }
}

impl crate::model::BodySource for Files {
    fn reread(&self, article: &Article) -> Result<Article, Problem> {
        let file = self.root.join(&article.path);
        let source =
            source_for(&self.root, &self.content, &file, None).ok_or_else(|| Problem::changed(&article.path))?;
        load_source(&source, &self.options)
    }
}

fn apply_front_matter(article: &mut Article, fm: front_matter::FrontMatter, text_title: Option<String>) {
    match fm.title.filter(|t| !t.is_empty()).or(text_title) {
        Some(title) => article.title = title,
        None => {
            article.title = derive_title(&article.lead).unwrap_or_else(|| article.stem.clone());
            article.title_derived = true;
        }
    }
    if let Some(date) = fm.date {
        article.date = Some(date);
    }
    if let Some(updated) = fm.updated {
        article.updated = Some(updated);
    }
    if let Some(authors) = fm.authors {
        article.authors = authors.into_iter().filter(|a| !a.is_empty()).collect();
    }
    let mut known: HashSet<String> = article.topics.iter().map(|t| fold_topic(t)).collect();
    for topic in fm.topics.unwrap_or_default() {
        let folded = fold_topic(&topic);
        if !folded.is_empty() && known.insert(folded) {
            article.topics.push(topic);
        }
    }
    article.summary = fm.summary.unwrap_or_else(|| article.lead.clone());
    article.source_url = fm.source_url.filter(|u| !u.is_empty());
    article.draft = fm.draft.unwrap_or(false);
    article.aliases = fm.aliases.unwrap_or_default();
    article.extra = fm.extra.and_then(|t| serde_json::to_value(t).ok());
    let slug = fm.slug.as_deref().map(slugify).filter(|s| !s.is_empty());
    article.slug = slug
        .or_else(|| Some(slugify(&article.title)).filter(|s| !s.is_empty()))
        .or_else(|| Some(slugify(&article.stem)).filter(|s| !s.is_empty()))
        .unwrap_or_else(|| "article".into());
}

/// The lead's first sentence, cut at a word boundary to at most 90
/// characters including the `…`.
fn derive_title(lead: &str) -> Option<String> {
    let lead = lead.trim();
    if lead.is_empty() {
        return None;
    }
    let mut end = lead.len();
    let mut chars = lead.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if matches!(c, '.' | '!' | '?') && chars.peek().is_none_or(|(_, n)| n.is_whitespace()) && i > 0 {
            end = if c == '.' { i } else { i + c.len_utf8() };
            break;
        }
    }
    let sentence = lead[..end].trim();
    if sentence.chars().count() <= MAX_DERIVED_TITLE {
        return Some(sentence.to_string());
    }
    let limit = MAX_DERIVED_TITLE - 1;
    let cut_byte = sentence.char_indices().nth(limit).map_or(sentence.len(), |(i, _)| i);
    let head = &sentence[..cut_byte];
    // Cut at the last space, unless the next character already is one.
    let head = if sentence[cut_byte..].starts_with(char::is_whitespace) {
        head
    } else {
        head.rfind(char::is_whitespace).map_or(head, |s| &head[..s])
    };
    let head = head.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '-' | '–' | '—'));
    Some(format!("{head}…"))
}

/// Bytes → text: BOM dropped, UTF-8 checked (or the fallback encoding used),
/// line endings made LF, control characters other than tab and newline
/// removed (they cannot appear in XML). `Err` carries a line and a message.
fn decode(bytes: &[u8], options: &LoadOptions) -> Result<String, (Option<usize>, String)> {
    let file = bytes;
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
    let bytes = &bytes[bom..];
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err((None, "is empty; write the article or delete the file".into()));
    }
    // Offsets and lines are those of the file: the BOM counts, and so does
    // every line break, whether LF, CRLF or a lone CR.
    let line_at = |offset: usize| line_of_offset(file, offset + bom);
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err((
            Some(line_at(offset)),
            format!("has a NUL byte at byte {offset}: it is binary or UTF-16, not UTF-8 text; re-encode it as UTF-8"),
        ));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(e) => match options.fallback_encoding {
            Some(encoding) => encoding.decode_without_bom_handling(bytes).0,
            None => {
                let offset = e.valid_up_to();
                return Err((
                    Some(line_at(offset)),
                    format!(
                        "is not valid UTF-8: byte 0x{:02X} at offset {} (line {}); re-encode the file as UTF-8, or set fallback_encoding = \"windows-1252\" under [load] in site.toml to read such files in that encoding",
                        bytes[offset],
                        offset + bom,
                        line_at(offset)
                    ),
                ));
            }
        },
    };
    if text.trim().is_empty() {
        return Err((None, "is empty; write the article or delete the file".into()));
    }
    let needs_cleaning = text.bytes().any(|b| b == b'\r' || (b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7F);
    if !needs_cleaning {
        return Ok(text.into_owned());
    }
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let text: String = text.chars().filter(|&c| !c.is_control() || c == '\n' || c == '\t').collect();
    Ok(text)
}

/// 1-based line of a byte offset, counting LF, CRLF and lone CR as breaks.
fn line_of_offset(bytes: &[u8], offset: usize) -> usize {
    let head = &bytes[..offset.min(bytes.len())];
    let mut line = 1;
    for (i, &b) in head.iter().enumerate() {
        if b == b'\n' || (b == b'\r' && head.get(i + 1) != Some(&b'\n')) {
            line += 1;
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_titles() {
        assert_eq!(derive_title("Short lead. More text."), Some("Short lead".into()));
        let long = "Usually tragedies bring people together but the deaths in the harbour seem to have highlighted the gap between two councils";
        let t = derive_title(long).unwrap();
        assert!(t.starts_with("Usually tragedies bring people together"));
        assert!(t.ends_with('…') && t.chars().count() <= 90, "{t}");
        assert!(!t.trim_end_matches('…').ends_with(' '));
    }

    #[test]
    fn decode_reports_bad_bytes_with_line() {
        let (line, message) = decode(b"ok\nbad \xff here\n", &LoadOptions::default()).unwrap_err();
        assert_eq!(line, Some(2));
        assert!(message.contains("offset 7") && message.contains("fallback_encoding"), "{message}");
        let latin1 = LoadOptions { fallback_encoding: Some(encoding_rs::WINDOWS_1252), ..LoadOptions::default() };
        assert_eq!(decode(b"caf\xe9\r\n", &latin1).unwrap(), "café\n");
    }
}

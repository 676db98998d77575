//! What the last build loaded, kept beside the output folder
//! (`.public.gazette-articles`) so that the next build parses only the files
//! that changed. It is JSON Lines: a header, then an entry a line, each a
//! file's articles (one, or a record file's many) as the loader left them,
//! with streamed bodies (only their links, in compact form; pages read the
//! body from the file), under the size and mtime of its file and sidecar. The
//! cache is thrown away when gazette's version, its form or the load
//! settings change, and `--clean` ignores it.

use std::collections::HashMap;
use std::fs;
use std::hash::{Hash, Hasher};
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::Path;
use std::time::UNIX_EPOCH;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::Source;
use crate::config::LoadOptions;
use crate::model::Article;

/// A file as the cache saw it: size and mtime, of the article and its sidecar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Stamp {
    file: (u64, u64, u32),
    sidecar: Option<(u64, u64, u32)>,
    /// The image files beside the article, by name.
    images: u64,
}

impl Stamp {
    pub(crate) fn of(source: &Source) -> Option<Stamp> {
        let stamp_of = |path: &Path| {
            let meta = fs::metadata(path).ok()?;
            let mtime = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
            Some((meta.len(), mtime.as_secs(), mtime.subsec_nanos()))
        };
        let sidecar = match &source.sidecar {
            Some(path) => Some(stamp_of(path)?),
            None => None,
        };
        let mut h = std::collections::hash_map::DefaultHasher::new();
        source.images.hash(&mut h);
        Some(Stamp { file: stamp_of(&source.file)?, sidecar, images: h.finish() })
    }
}

/// The cache's first line: what made it. An entry a line follows, so that
/// reading it takes the memory of a batch of entries, not of the file (1.7 GB
/// at a million articles).
#[derive(Serialize, Deserialize, PartialEq)]
struct Header {
    version: String,
    /// Changes when an entry's form does.
    format: u32,
    options: u64,
}

const FORMAT: u32 = 4;

/// Entries parsed at a time, in parallel.
const BATCH: usize = 4096;

impl Header {
    fn current(options: &LoadOptions) -> Header {
        Header { version: env!("CARGO_PKG_VERSION").to_string(), format: FORMAT, options: options_hash(options) }
    }
}

fn write_line(writer: &mut impl Write, value: &impl Serialize) -> std::io::Result<()> {
    serde_json::to_writer(&mut *writer, value).map_err(std::io::Error::other)?;
    writer.write_all(b"\n")
}

/// An entry to write, borrowing the articles (a copy only of bodies that
/// are not streamed yet).
#[derive(Serialize)]
struct EntryRef<'a> {
    stamp: Stamp,
    articles: Vec<std::borrow::Cow<'a, Article>>,
}

/// A file's articles: one, or a record file's many.
#[derive(Deserialize)]
struct Entry {
    stamp: Stamp,
    articles: Vec<Article>,
}

impl Entry {
    fn parse(line: &str) -> Option<Entry> {
        let mut entry: Entry = serde_json::from_str(line).ok()?;
        entry.articles.shrink_to_fit();
        entry.articles.iter_mut().for_each(super::article::compact);
        Some(entry)
    }
}

/// Loaded articles by file, with the stamp of the files they came from.
#[derive(Default)]
pub struct ArticleCache {
    entries: HashMap<String, Entry>,
}

fn options_hash(options: &LoadOptions) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (
        &options.drop_lines,
        options.drop_default_lines,
        options.fallback_encoding.map(|e| e.name()),
        &options.link_prefix,
        &options.fields,
        &options.chrome,
    )
        .hash(&mut h);
    h.finish()
}

impl ArticleCache {
    /// Where `build` keeps the cache of the output folder `target`.
    pub fn path_for(target: &Path) -> std::path::PathBuf {
        crate::paths::sibling(target, "articles")
    }

    /// The cache at `path`, or an empty one when it is missing, unreadable,
    /// or made by another version or other load settings. A line that does
    /// not read ends it there: the files of the entries after it are parsed
    /// again.
    pub(crate) fn load(path: &Path, options: &LoadOptions) -> ArticleCache {
        let mut cache = ArticleCache::default();
        let Ok(file) = fs::File::open(path) else { return cache };
        let mut reader = BufReader::with_capacity(1 << 20, file);
        // A cache of another form may be one line of its whole size: the
        // header is looked for in its first kilobytes only.
        let mut header = String::new();
        if (&mut reader).take(4096).read_line(&mut header).is_err()
            || serde_json::from_str::<Header>(&header).ok() != Some(Header::current(options))
        {
            return cache;
        }
        let path = |e: &Entry| e.articles.first().map(|a| a.path.clone()).unwrap_or_default();
        let mut lines = reader.lines();
        loop {
            let batch: Vec<String> = lines.by_ref().map_while(Result::ok).take(BATCH).collect();
            let read = batch.len();
            let entries: Vec<Option<Entry>> = batch.par_iter().map(|l| Entry::parse(l)).collect();
            let whole = entries.iter().all(Option::is_some);
            cache.entries.extend(entries.into_iter().map_while(|e| e.map(|e| (path(&e), e))));
            if read < BATCH || !whole {
                return cache;
            }
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The cached articles of the file `shown`, when its files still have
    /// `stamp`.
    pub(crate) fn take(&mut self, shown: &str, stamp: Option<Stamp>) -> Option<Vec<Article>> {
        let entry = self.entries.remove(shown)?;
        (Some(entry.stamp) == stamp).then_some(entry.articles)
    }

    /// Writes the articles (their bodies streamed) with their stamps. A file
    /// changed in the last two seconds is left out: it could change again
    /// within the same mtime tick and keep its size, and the cache would
    /// not see it (git's "racy clean" problem); the next build parses it.
    pub(crate) fn save(path: &Path, options: &LoadOptions, files: &[(Stamp, &[Article])]) -> std::io::Result<()> {
        let settled =
            std::time::SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs().saturating_sub(2));
        // The first build into a folder whose parent is not there yet
        // loads before the output makes it.
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent)?;
        }
        let temp = path.with_extension("tmp");
        let mut writer = BufWriter::new(fs::File::create(&temp)?);
        write_line(&mut writer, &Header::current(options))?;
        for (stamp, articles) in files {
            if stamp.file.1 < settled && stamp.sidecar.is_none_or(|s| s.1 < settled) {
                let articles = articles.iter().map(super::article::streamed).collect();
                write_line(&mut writer, &EntryRef { stamp: *stamp, articles })?;
            }
        }
        writer.flush()?;
        drop(writer);
        fs::rename(temp, path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(path: &str) -> Article {
        Article { path: path.into(), title: format!("Title of {path}"), streamed: true, ..Article::default() }
    }

    const STAMP: Stamp = Stamp { file: (10, 1000, 0), sidecar: None, images: 0 };

    /// A cache file's path in a fresh folder, kept while the folder is.
    fn cache_path() -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache");
        (dir, path)
    }

    #[test]
    fn a_cache_is_read_up_to_a_line_that_does_not_read() {
        let (_dir, path) = cache_path();
        let (options, stamp) = (LoadOptions::default(), STAMP);
        let (a, b, c) = ([article("content/a.txt")], [article("content/b.txt")], [article("content/c.txt")]);
        ArticleCache::save(&path, &options, &[(stamp, &a), (stamp, &b), (stamp, &c)]).unwrap();
        let text = fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 4, "a header and an entry a line:\n{text}");

        let mut cache = ArticleCache::load(&path, &options);
        assert_eq!(cache.take("content/c.txt", Some(stamp)).unwrap()[0].title, "Title of content/c.txt");

        // Cut short in its third line: the first two still serve.
        fs::write(&path, &text[..text.len() - 20]).unwrap();
        let mut cache = ArticleCache::load(&path, &options);
        assert!(cache.take("content/a.txt", Some(stamp)).is_some());
        assert!(cache.take("content/b.txt", Some(stamp)).is_some());
        assert!(cache.take("content/c.txt", Some(stamp)).is_none());

        // Another form (the cache of gazette before: one JSON object) is
        // no cache at all.
        let old = format!(r#"{{"version":"{}","options":0,"entries":[]}}"#, env!("CARGO_PKG_VERSION"));
        fs::write(&path, old).unwrap();
        assert!(ArticleCache::load(&path, &options).is_empty());
    }

    #[test]
    fn an_article_comes_back_as_it_was_cached_but_for_its_targets() {
        use crate::model::{LinkItem, LinkRun, Uncommon};
        let (_dir, path) = cache_path();
        let (options, stamp) = (LoadOptions::default(), STAMP);
        let mut a = article("content/a.txt");
        a.set_uncommon(Uncommon {
            summary: Some("A summary.".into()),
            source_url: Some("https://example.org/a".into()),
            aliases: vec!["/old/a/".into()],
            extra: Some(serde_json::json!({"desk": "harbour"})),
            dropped: Vec::new(),
        });
        let item = LinkItem { key: 7, line: Some(12), target: None };
        a.links = vec![LinkRun { position: 3, bullets: true, items: vec![item] }];
        let mut linked = a.clone();
        linked.links[0].items[0].target = Some(1);
        ArticleCache::save(&path, &options, &[(stamp, std::slice::from_ref(&linked))]).unwrap();
        let mut cache = ArticleCache::load(&path, &options);
        assert_eq!(cache.take("content/a.txt", Some(stamp)).unwrap(), vec![a]);
    }
}

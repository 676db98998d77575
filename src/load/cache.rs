//! What the last build loaded, kept beside the output folder
//! (`.public.gazette-articles`) so that the next build parses only the files
//! that changed. Each entry is a file's articles (one, or a record file's
//! many) as the loader left them, with streamed bodies (only the runs the index links; pages read the rest from
//! the file), under the size and mtime of its file and sidecar. The cache is
//! thrown away when gazette's version or the load settings change, and
//! `--clean` ignores it.

use std::collections::HashMap;
use std::fs;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::time::UNIX_EPOCH;

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

#[derive(Deserialize)]
struct CacheFile {
    version: String,
    options: u64,
    entries: Vec<Entry>,
}

/// The same, borrowing the articles to write (a copy only of bodies that
/// are not streamed yet).
#[derive(Serialize)]
struct CacheFileRef<'a> {
    version: &'static str,
    options: u64,
    entries: Vec<EntryRef<'a>>,
}

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
    /// or made by another version or other load settings.
    pub(crate) fn load(path: &Path, options: &LoadOptions) -> ArticleCache {
        let Ok(bytes) = fs::read(path) else { return ArticleCache::default() };
        let Ok(file) = serde_json::from_slice::<CacheFile>(&bytes) else { return ArticleCache::default() };
        if file.version != env!("CARGO_PKG_VERSION") || file.options != options_hash(options) {
            return ArticleCache::default();
        }
        let path = |e: &Entry| e.articles.first().map(|a| a.path.clone()).unwrap_or_default();
        ArticleCache { entries: file.entries.into_iter().map(|e| (path(&e), e)).collect() }
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
        let entries = files
            .iter()
            .filter(|(stamp, _)| stamp.file.1 < settled && stamp.sidecar.is_none_or(|s| s.1 < settled))
            .map(|(stamp, articles)| EntryRef {
                stamp: *stamp,
                articles: articles.iter().map(super::article::streamed).collect(),
            })
            .collect();
        let file = CacheFileRef { version: env!("CARGO_PKG_VERSION"), options: options_hash(options), entries };
        let temp = path.with_extension("tmp");
        let mut writer = std::io::BufWriter::new(fs::File::create(&temp)?);
        serde_json::to_writer(&mut writer, &file).map_err(std::io::Error::other)?;
        std::io::Write::flush(&mut writer)?;
        drop(writer);
        fs::rename(temp, path)
    }
}

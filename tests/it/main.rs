//! gazette's integration tests: one binary, a module per feature. Fixture
//! sites are written to temporary folders and built through the library.

mod cli;
mod content;
mod fixtures;
mod hardening;
mod incremental;
mod listings;
mod messages;
mod outlets;
mod pictures;
mod records;
mod reporters;
mod serve;
mod site;

use std::path::{Path, PathBuf};

use gazette::build::{BuildOptions, build};
use gazette::config::{Config, LoadOptions};
use gazette::index::{Site, index};
use gazette::model::Article;
use gazette::report::Report;

/// Loads one scraped article from text, as `content/a.txt`.
pub fn article(text: &str) -> Article {
    article_at("content/a.txt", text)
}

/// Loads one article from text as the file `path` (its extension decides
/// the format).
pub fn article_at(path: &str, text: &str) -> Article {
    gazette::load::load_memory(path, text.as_bytes(), None, &LoadOptions::default())
        .unwrap_or_else(|p| panic!("{path} was left out: {p}"))
}

/// Loads and indexes several articles in memory, as one site.
pub fn site_of(files: &[(&str, &str)]) -> Site {
    let config = Config::parse(Path::new("."), "").unwrap();
    let articles = files.iter().map(|(path, text)| article_at(path, text)).collect();
    index(&config, articles, false)
}

/// A site on disk in a temporary folder.
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    /// Writes `files` (paths relative to the site root) into a new site.
    pub fn new(files: &[(&str, &str)]) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let fixture = Fixture { dir };
        for (path, text) in files {
            fixture.write(path, text);
        }
        fixture
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, path: &str, text: &str) {
        self.write_bytes(path, text.as_bytes());
    }

    pub fn write_bytes(&self, path: &str, bytes: &[u8]) {
        let full = self.root().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, bytes).unwrap();
    }

    pub fn config(&self) -> Config {
        Config::load(self.root()).unwrap()
    }

    pub fn build(&self) -> Report {
        self.build_with(&BuildOptions::default()).unwrap_or_else(|e| panic!("build failed: {e}"))
    }

    pub fn build_with(&self, options: &BuildOptions) -> Result<Report, gazette::build::BuildError> {
        build(&self.config(), options)
    }

    pub fn output(&self) -> PathBuf {
        self.root().join("public")
    }

    /// A page of the output, by site path (`/topics/x/`) or file.
    pub fn page(&self, url: &str) -> String {
        let file = gazette::paths::file_of(url);
        std::fs::read_to_string(self.output().join(&file)).unwrap_or_else(|e| panic!("no page {url} ({file}): {e}"))
    }

    pub fn html(&self, url: &str) -> scraper::Html {
        scraper::Html::parse_document(&self.page(url))
    }
}

/// Elements matching a CSS selector.
pub fn select<'a>(html: &'a scraper::Html, selector: &str) -> Vec<scraper::ElementRef<'a>> {
    let sel = scraper::Selector::parse(selector).unwrap_or_else(|e| panic!("bad selector {selector}: {e:?}"));
    html.select(&sel).collect()
}

/// The text of an element, with runs of whitespace folded.
pub fn text(el: &scraper::ElementRef) -> String {
    el.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every file under `dir`, by `/`-separated relative path, with its bytes.
pub fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/"), std::fs::read(e.path()).unwrap())
        })
        .collect()
}

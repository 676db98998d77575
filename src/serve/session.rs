//! A site kept in memory between rebuilds, for the dev server. A change to
//! one article reloads only that file; the index runs again over the
//! articles in memory, and only the pages whose fingerprint changed (the
//! article's own, its topics', its periods', its neighbours', the pages whose
//! related headlines name it…) are rendered and written.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::build::{self, BuildError, Pipeline, Quiet};
use crate::config::Config;
use crate::load;
use crate::model::{Article, Problem};
use crate::report::{Report, Timer};
use crate::theme::{self, Templates};
use crate::write::live::LiveOutput;
use crate::write::manifest::Manifest;

pub struct Session {
    config: Config,
    drafts: bool,
    templates: Templates,
    /// Loaded articles, by path.
    articles: Vec<Article>,
    /// Files that could not be loaded (and the records of files that could
    /// not), by path.
    left_out: BTreeMap<String, Vec<Problem>>,
    manifest: Manifest,
    out_dir: PathBuf,
    /// The site's files as the loader read them at start.
    files: std::sync::Arc<load::Files>,
}

/// What changed on disk, as the watcher saw it.
enum Change {
    /// An article file or its sidecar (added, edited or removed).
    Article(PathBuf),
    Templates,
    Static,
    /// site.toml, or a change the session cannot narrow down (a folder).
    Everything,
}

impl Session {
    /// Loads the site and builds it into `out_dir`.
    pub fn start(config: Config, drafts: bool, out_dir: &Path) -> Result<(Session, Report), BuildError> {
        let templates = theme::load_templates(&config.root)?;
        let loaded = load::load_site(&config);
        let files = loaded.bodies.clone();
        let mut left_out: BTreeMap<String, Vec<Problem>> = BTreeMap::new();
        for p in loaded.problems {
            left_out.entry(p.at.path.clone()).or_default().push(p);
        }
        let mut session = Session {
            config,
            drafts,
            templates,
            articles: loaded.articles,
            files,
            left_out,
            manifest: Manifest::default(),
            out_dir: out_dir.to_path_buf(),
        };
        let report = session.produce()?;
        Ok((session, report))
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Applies the changed paths and rebuilds what they affect. After an
    /// error the next rebuild renders every page again (comparing bytes, so
    /// only what differs is written), whatever the failed one left.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Report, BuildError> {
        let changes: Vec<Change> = changed.iter().map(|p| self.classify(p)).collect();
        if changes.iter().any(|c| matches!(c, Change::Everything)) {
            let config = Config::load(&self.config.root)
                .and_then(|c| c.with_overrides(Some(&self.config.output_dir), Some(&self.config.base_url.to_string())))
                .map_err(BuildError::Config)?;
            let (session, report) = Session::start(config, self.drafts, &self.out_dir)?;
            *self = session;
            return Ok(report);
        }
        if changes.iter().any(|c| matches!(c, Change::Templates)) {
            self.templates = theme::load_templates(&self.config.root)?;
        }
        for change in &changes {
            if let Change::Article(file) = change {
                self.reload(file);
            }
        }
        self.produce()
    }

    fn classify(&self, path: &Path) -> Change {
        let root = &self.config.root;
        let rel = path.strip_prefix(root).unwrap_or(path);
        let first = rel.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned()).unwrap_or_default();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        match first.as_str() {
            "content" if ext == "toml" || load::is_article_name(path) => Change::Article(path.to_path_buf()),
            "content" if path.is_dir() || self.holds_articles(path) => Change::Everything,
            "templates" => Change::Templates,
            "site.toml" => Change::Everything,
            // Static files, and editors' temporary files in content/.
            _ => Change::Static,
        }
    }

    /// Whether a (removed) path was a folder of loaded articles.
    fn holds_articles(&self, path: &Path) -> bool {
        let prefix = format!("{}/", load::shown(&self.config, path));
        self.articles.iter().any(|a| a.path.starts_with(&prefix))
            || self.left_out.keys().any(|p| p.starts_with(&prefix))
    }

    /// Reloads a file's articles (or the article of a sidecar) from disk.
    fn reload(&mut self, file: &Path) {
        let files: Vec<PathBuf> = if file.extension().is_some_and(|e| e == "toml") {
            vec![file.with_extension("txt"), file.with_extension("md")]
        } else {
            vec![file.to_path_buf()]
        };
        for file in files {
            let shown = load::shown(&self.config, &file);
            self.articles.retain(|a| a.path != shown);
            self.left_out.remove(&shown);
            let at = self.articles.partition_point(|a| a.path < shown);
            let mut loaded = Vec::new();
            for result in self.files.reload(&file).unwrap_or_default() {
                match result {
                    Ok(article) => loaded.push(article),
                    Err(problem) => self.left_out.entry(shown.clone()).or_default().push(problem),
                }
            }
            self.articles.splice(at..at, loaded);
        }
    }

    fn produce(&mut self) -> Result<Report, BuildError> {
        let mut timer = Timer::start();
        let articles = std::mem::take(&mut self.articles);
        let mut paths: Vec<&str> = articles.iter().map(|a| a.path.as_str()).collect();
        paths.dedup();
        let files = paths.iter().filter(|p| !self.left_out.contains_key(**p)).count() + self.left_out.len();
        let site = build::index(&self.config, articles, self.drafts, self.files.clone());
        timer.lap("index");
        let result = self.produce_site(&site, files, timer);
        self.articles = site.articles;
        result
    }

    fn produce_site(&mut self, site: &crate::index::Site, files: usize, timer: Timer) -> Result<Report, BuildError> {
        let left_out = self.left_out.values().flatten().cloned().collect();
        let (pages, images, report) = build::plan(&self.config, site, files, left_out, false)?;
        let previous = std::mem::take(&mut self.manifest);
        let output = LiveOutput::new(&self.out_dir, previous.outputs())?;
        let pipeline = Pipeline {
            config: &self.config,
            site,
            templates: &mut self.templates,
            previous: &previous,
            progress: &Quiet,
            timer,
        };
        let (report, manifest) = pipeline.run(output, &pages, &images, report)?;
        self.manifest = manifest;
        Ok(report)
    }
}

//! A site kept in memory between rebuilds, for the dev server. A change to
//! one article reloads only that file; the index runs again over the
//! articles in memory, and only the pages whose fingerprint changed (the
//! article's own, its topics', its periods', its neighbours', the pages whose
//! related headlines name it…) are rendered and written.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::Tera;

use crate::build::{BuildError, Report, Timer, plan_pages, produce};
use crate::config::Config;
use crate::model::{Article, Problem};
use crate::render::theme;
use crate::write::live::LiveOutput;
use crate::write::manifest::Manifest;
use crate::{index, load};

pub struct Session {
    config: Config,
    drafts: bool,
    tera: Tera,
    templates: u64,
    /// Loaded articles, by path.
    articles: Vec<Article>,
    /// Files that could not be loaded, by path.
    left_out: BTreeMap<String, Problem>,
    manifest: Manifest,
    out_dir: PathBuf,
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
        let (tera, templates) = theme::load_templates(&config.root)?;
        let loaded = load::load_site(&config);
        let left_out = loaded.problems.into_iter().map(|p| (p.path.clone(), p)).collect();
        let mut session = Session {
            config,
            drafts,
            tera,
            templates,
            articles: loaded.articles,
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
            let (tera, templates) = theme::load_templates(&self.config.root)?;
            self.tera = tera;
            self.templates = templates;
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
            "content" if matches!(ext, "txt" | "md" | "toml") => Change::Article(path.to_path_buf()),
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

    /// Reloads an article (or the article of a sidecar) from disk.
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
            match load::reload_file(&self.config, &file) {
                Some(Ok(article)) => {
                    let at = self.articles.partition_point(|a| a.path < article.path);
                    self.articles.insert(at, article);
                }
                Some(Err(problem)) => {
                    self.left_out.insert(shown, problem);
                }
                None => {}
            }
        }
    }

    fn produce(&mut self) -> Result<Report, BuildError> {
        let mut timer = Timer::start();
        let articles = std::mem::take(&mut self.articles);
        let files = articles.len() + self.left_out.len();
        let site = index::index(&self.config, articles, self.drafts);
        timer.lap("index");
        let result = self.produce_site(&site, files, &mut timer);
        self.articles = site.articles;
        result
    }

    fn produce_site(&mut self, site: &index::Site, files: usize, timer: &mut Timer) -> Result<Report, BuildError> {
        let mut report = Report::new(files, site, self.left_out.values().cloned().collect());
        let pages = plan_pages(&self.config, site)?;
        report.pages = pages.len();
        let output = LiveOutput::new(&self.out_dir, self.manifest.outputs.clone())?;
        let previous = std::mem::take(&mut self.manifest);
        let hidden = indicatif::ProgressBar::hidden();
        let produced =
            produce(&self.config, site, &pages, &mut self.tera, self.templates, &previous, &output, &hidden, timer)?;
        report.rendered = produced.rendered;
        report.search = produced.search;
        let (stats, files) = output.finish();
        report.output = stats;
        self.manifest = produced.manifest;
        self.manifest.outputs = Some(files);
        report.timings = std::mem::take(&mut timer.timings);
        Ok(report)
    }
}

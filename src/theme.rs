//! The theme: the default templates and static files, embedded in the
//! binary so that a site with no templates of its own builds, and the site's
//! own `templates/` and `static/` files, which override the theme's by name.
//! Rendering reads its templates; writing copies its static files.

use std::collections::BTreeMap;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use tera::Tera;
use walkdir::WalkDir;

use crate::located::Located;

/// The default templates, by name.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("article.html", include_str!("../templates/article.html")),
    ("topic.html", include_str!("../templates/topic.html")),
    ("topics.html", include_str!("../templates/topics.html")),
    ("home.html", include_str!("../templates/home.html")),
    ("archive.html", include_str!("../templates/archive.html")),
    ("period.html", include_str!("../templates/period.html")),
    ("section.html", include_str!("../templates/section.html")),
    ("search.html", include_str!("../templates/search.html")),
    ("404.html", include_str!("../templates/404.html")),
    ("alias.html", include_str!("../templates/alias.html")),
    ("partials/teasers.html", include_str!("../templates/partials/teasers.html")),
    ("partials/pagination.html", include_str!("../templates/partials/pagination.html")),
    ("partials/block.html", include_str!("../templates/partials/block.html")),
    ("partials/content.html", include_str!("../templates/partials/content.html")),
    ("partials/picture.html", include_str!("../templates/partials/picture.html")),
    ("authors.html", include_str!("../templates/authors.html")),
    ("author.html", include_str!("../templates/author.html")),
];

/// The default theme's static files, by path under the output folder.
pub const STATIC: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../static/style.css")),
    ("search.js", include_bytes!("../static/search.js")),
    ("on-this-day.js", include_bytes!("../static/on-this-day.js")),
    ("favicon.svg", include_bytes!("../static/favicon.svg")),
];

/// A template that does not parse or render, with where it came from: the
/// template's name (`article.html`), prefixed with `templates/` when the
/// site's own file is at fault, and the line.
#[derive(Debug)]
pub struct TemplateError(pub Located);

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "template {}", self.0)
    }
}

impl std::error::Error for TemplateError {}

/// Turns a Tera error into one that names the template and line.
pub fn template_error(e: &tera::Error, site_templates: &Path, fallback_name: &str) -> TemplateError {
    let (name, line, message) = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            (r.filename().to_string(), Some(r.span().start_line), e.to_string())
        }
        _ => (fallback_name.to_string(), None, e.to_string()),
    };
    let name = if site_templates.join(&name).is_file() {
        format!("{}/{}", site_templates.file_name().map_or("templates".into(), |n| n.to_string_lossy()), name)
    } else {
        name
    };
    TemplateError(Located::new(name, line, message))
}

/// The site's templates, parsed.
pub struct Templates {
    pub tera: Tera,
    /// A fingerprint of their sources and of gazette's version: every page
    /// is rendered again when it changes.
    pub fingerprint: u64,
}

/// The theme's templates with the site's own on top.
pub fn load_templates(root: &Path) -> Result<Templates, TemplateError> {
    let dir = root.join("templates");
    let mut sources: BTreeMap<String, String> = TEMPLATES.iter().map(|(n, s)| (n.to_string(), s.to_string())).collect();
    for (name, path) in files_under(&dir) {
        if !name.ends_with(".html") && !name.ends_with(".xml") && !name.ends_with(".txt") {
            continue;
        }
        let text = std::fs::read_to_string(&path).map_err(|e| {
            TemplateError(Located::new(format!("templates/{name}"), None, format!("cannot be read: {e}")))
        })?;
        sources.insert(name, text);
    }
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.add_raw_templates(sources.iter().map(|(n, s)| (n.as_str(), s.as_str())))
        .map_err(|e| template_error(&e, &dir, "templates"))?;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (env!("CARGO_PKG_VERSION"), &sources).hash(&mut hasher);
    Ok(Templates { tera, fingerprint: hasher.finish() })
}

/// The static files to publish: the theme's, then the site's own (which win).
pub fn static_files(root: &Path) -> Vec<(String, StaticSource)> {
    let mut files: BTreeMap<String, StaticSource> =
        STATIC.iter().map(|(n, b)| (n.to_string(), StaticSource::Embedded(b))).collect();
    for (name, path) in files_under(&root.join("static")) {
        files.insert(name, StaticSource::File(path));
    }
    files.into_iter().collect()
}

pub enum StaticSource {
    Embedded(&'static [u8]),
    File(PathBuf),
}

/// Files under `dir`, by `/`-separated relative name; hidden ones skipped.
fn files_under(dir: &Path) -> Vec<(String, PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?.to_string_lossy().replace('\\', "/");
            Some((rel, e.into_path()))
        })
        .collect()
}

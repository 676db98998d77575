//! `gazette check`: every problem of the archive, then a build into a
//! temporary folder whose every internal link and `#anchor` must resolve.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::build::{BuildError, BuildOptions, build};
use crate::config::{BaseUrl, Config};
use crate::model::{Problem, ProblemKind, Severity};
use crate::report::Report;

/// What `check` found.
#[derive(Debug, Default)]
pub struct CheckReport {
    pub problems: Vec<Problem>,
    pub articles: usize,
    pub pages_checked: usize,
    pub links_checked: usize,
}

impl CheckReport {
    pub fn errors(&self) -> usize {
        self.problems.iter().filter(|p| p.severity() == Severity::Error).count()
    }

    pub fn warnings(&self) -> usize {
        self.problems.len() - self.errors()
    }
}

/// Loads, builds into a temporary folder and checks every link there.
pub fn check(config: &Config, drafts: bool) -> Result<CheckReport, BuildError> {
    let temp = tempfile::Builder::new()
        .prefix("gazette-check-")
        .tempdir()
        .map_err(|error| BuildError::Write(crate::write::WriteError { path: std::env::temp_dir(), error }))?;
    let output = temp.path().join("public");
    let mut config = config.clone();
    config.output_dir = output.clone();
    let report: Report = build(&config, &BuildOptions { drafts, article_files: true, ..BuildOptions::default() })?;
    let sources: HashMap<String, String> = report.article_files.iter().cloned().collect();
    let (broken, links) = broken_links(&output, &config.base_url);
    let mut problems = report.problems;
    for link in &broken {
        let path = sources.get(&link.page).cloned().unwrap_or_else(|| format!("(page) {}", link.page));
        problems.push(Problem::new(
            &path,
            None,
            ProblemKind::BrokenLink,
            format!("the page {} links to {}, which does not exist; fix or remove the link", link.page, link.href),
        ));
    }
    problems.sort();
    Ok(CheckReport { problems, articles: report.articles, pages_checked: count_html(&output), links_checked: links })
}

/// A link that points to nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    /// The page holding the link, relative to the output folder.
    pub page: String,
    pub href: String,
}

/// Every internal `href`/`src` of every HTML file of `output` that points to
/// no file (or to an `#anchor` that its page does not have), and how many
/// links were checked.
pub fn broken_links(output: &Path, base: &BaseUrl) -> (Vec<BrokenLink>, usize) {
    let pages: Vec<PathBuf> = walkdir::WalkDir::new(output)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.into_path())
        .collect();
    let scanned: Vec<(String, Scan)> = pages
        .par_iter()
        .filter_map(|p| {
            let rel = p.strip_prefix(output).ok()?.to_string_lossy().replace('\\', "/");
            let html = std::fs::read_to_string(p).ok()?;
            Some((rel, scan(&html)))
        })
        .collect();
    let ids: HashMap<&str, &HashSet<String>> = scanned.iter().map(|(rel, s)| (rel.as_str(), &s.ids)).collect();
    let site_prefix = base.absolute("/");
    let mut broken = Vec::new();
    let mut checked = 0;
    for (page, scan) in &scanned {
        for href in &scan.links {
            let Some((target, anchor)) = resolve(page, href, base, &site_prefix) else {
                continue;
            };
            checked += 1;
            let exists = output.join(&target).is_file();
            let anchored = match &anchor {
                Some(a) if exists && target.ends_with(".html") => {
                    ids.get(target.as_str()).is_some_and(|set| set.contains(a))
                }
                _ => true,
            };
            if !exists || !anchored {
                broken.push(BrokenLink { page: page.clone(), href: href.clone() });
            }
        }
    }
    broken.sort_by(|a, b| (&a.page, &a.href).cmp(&(&b.page, &b.href)));
    broken.dedup();
    (broken, checked)
}

fn count_html(output: &Path) -> usize {
    walkdir::WalkDir::new(output)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .count()
}

/// The output file (relative) and anchor an internal link points to; `None`
/// for external links and for links this check cannot judge.
fn resolve(page: &str, href: &str, base: &BaseUrl, site_prefix: &str) -> Option<(String, Option<String>)> {
    let href = decode_entities(href.trim());
    let lower = href.to_ascii_lowercase();
    let href: &str = if !base.origin.is_empty() && href.starts_with(site_prefix) {
        &href[site_prefix.len() - base.path.len()..]
    } else if lower.contains(':') && !lower.starts_with('/') && !lower.starts_with('#') && !lower.starts_with('.') {
        return None; // https:, mailto:, javascript: …
    } else if href.starts_with("//") {
        return None;
    } else {
        &href
    };
    let (path, anchor) = match href.split_once('#') {
        Some((p, a)) => (p, Some(a.to_string()).filter(|a| !a.is_empty())),
        None => (href, None),
    };
    let path = path.split('?').next().unwrap_or("");
    if path.is_empty() {
        // `#anchor` on the same page.
        return Some((page.to_string(), anchor));
    }
    let site_path = if let Some(rest) = path.strip_prefix(&base.path) {
        format!("/{rest}")
    } else if path.starts_with('/') {
        return Some((format!("(outside the base path) {path}"), None));
    } else {
        // Relative to the page's folder.
        let folder = page.rsplit_once('/').map_or("", |(d, _)| d);
        format!("/{folder}/{path}")
    };
    let normal = normalise(&percent_decode(&site_path))?;
    Some((crate::paths::file_of(&normal), anchor))
}

/// Resolves `.` and `..` segments; `None` when they climb above the root.
fn normalise(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut out = format!("/{}", parts.join("/"));
    if path.ends_with('/') && out != "/" {
        out.push('/');
    }
    Some(out)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&amp;", "&")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&#x2F;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

/// The links and ids of one HTML document.
#[derive(Debug, Default)]
struct Scan {
    links: Vec<String>,
    ids: HashSet<String>,
}

/// A small HTML attribute scanner: enough for `href`, `src` and `id` in
/// well-formed pages, skipping comments and the contents of `script` and
/// `style`.
fn scan(html: &str) -> Scan {
    let mut scan = Scan::default();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        if let Some(after) = rest.strip_prefix("!--") {
            rest = after.find("-->").map_or("", |end| &after[end + 3..]);
            continue;
        }
        let name_end = rest.find(|c: char| c.is_whitespace() || c == '>' || c == '/').unwrap_or(rest.len());
        let name = rest[..name_end].to_ascii_lowercase();
        let Some(close) = tag_end(rest) else { break };
        let attrs = &rest[name_end..close];
        for (key, value) in attributes(attrs) {
            match key.as_str() {
                "href" | "src" if name != "link" || !value.is_empty() => scan.links.push(value),
                "id" => {
                    scan.ids.insert(value);
                }
                _ => {}
            }
        }
        rest = &rest[close + 1..];
        if name == "script" || name == "style" {
            let end = format!("</{name}");
            rest = rest.to_ascii_lowercase().find(&end).map_or("", |i| &rest[i..]);
        }
    }
    scan
}

/// The `>` that ends a tag, outside quoted values.
fn tag_end(s: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

fn attributes(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = s.trim_start_matches(['/', ' ']);
    while !rest.is_empty() {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        let key_end = rest.find(|c: char| c.is_whitespace() || c == '=' || c == '/').unwrap_or(rest.len());
        if key_end == 0 {
            break;
        }
        let key = rest[..key_end].to_ascii_lowercase();
        rest = rest[key_end..].trim_start();
        let value = if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            if let Some(q) = after.chars().next().filter(|c| *c == '"' || *c == '\'') {
                let body = &after[1..];
                let end = body.find(q).unwrap_or(body.len());
                rest = body.get(end + 1..).unwrap_or("");
                body[..end].to_string()
            } else {
                let end = after.find(char::is_whitespace).unwrap_or(after.len());
                rest = &after[end..];
                after[..end].to_string()
            }
        } else {
            String::new()
        };
        out.push((key, value));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans_links_and_ids() {
        let s = scan(
            r#"<!-- <a href="/no/"> --><a class=x href="/a/">x</a><img src='/i.png'><h2 id="top">t</h2><script>var s = "<a href='/no/'>";</script><a href=/b/>b</a>"#,
        );
        assert_eq!(s.links, ["/a/", "/i.png", "/b/"]);
        assert!(s.ids.contains("top"));
    }

    #[test]
    fn resolves_links() {
        let base = BaseUrl::parse("https://e.org/sub/").unwrap();
        let prefix = base.absolute("/");
        assert_eq!(
            resolve("articles/x/index.html", "/sub/topics/", &base, &prefix),
            Some(("topics/index.html".into(), None))
        );
        assert_eq!(
            resolve("articles/x/index.html", "../y/#p", &base, &prefix),
            Some(("articles/y/index.html".into(), Some("p".into())))
        );
        assert_eq!(
            resolve("a/index.html", "https://e.org/sub/atom.xml", &base, &prefix),
            Some(("atom.xml".into(), None))
        );
        assert_eq!(resolve("a/index.html", "https://other.org/", &base, &prefix), None);
        assert_eq!(resolve("a/index.html", "javascript:alert(1)", &base, &prefix), None);
    }
}

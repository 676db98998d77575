//! Paths that several stages agree on: where a page's file is in the output
//! folder, and where a build keeps what it remembers beside that folder.

use std::path::{Path, PathBuf};

/// `/articles/x/` → `articles/x/index.html`; `/old.html` stays a file.
pub fn file_of(url: &str) -> String {
    let rel = url.trim_start_matches('/');
    if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else if rel.rsplit('/').next().is_some_and(|last| last.contains('.')) {
        rel.to_string()
    } else {
        format!("{rel}/index.html")
    }
}

/// A file or folder beside the output folder `target` that belongs to it:
/// `public/` → `.public.gazette-<suffix>` (the staging folder, the commit
/// journal, the manifest, the article cache).
pub fn sibling(target: &Path, suffix: &str) -> PathBuf {
    let name = target.file_name().map_or("public".into(), |n| n.to_string_lossy().into_owned());
    target.with_file_name(format!(".{name}.gazette-{suffix}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_of_urls() {
        assert_eq!(file_of("/"), "index.html");
        assert_eq!(file_of("/articles/x/"), "articles/x/index.html");
        assert_eq!(file_of("/404.html"), "404.html");
        assert_eq!(file_of("/old/path"), "old/path/index.html");
    }

    #[test]
    fn siblings_sit_beside_the_output() {
        assert_eq!(sibling(Path::new("site/public"), "new"), Path::new("site/.public.gazette-new"));
    }
}

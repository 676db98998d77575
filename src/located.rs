//! `path:line: message`, the one shape of every message about a place in a
//! file: a problem of an article, a bad key of site.toml, a template that
//! does not parse.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub struct Located {
    /// The file as people know it: `content/a.txt`, `site.toml`,
    /// `templates/article.html`.
    pub path: String,
    /// 1-based line in the whole file, where known.
    pub line: Option<usize>,
    /// What is wrong and what to do about it.
    pub message: String,
}

impl Located {
    pub fn new(path: impl Into<String>, line: Option<usize>, message: impl Into<String>) -> Located {
        Located { path: path.into(), line, message: message.into() }
    }
}

impl fmt::Display for Located {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.path, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

impl std::error::Error for Located {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn with_and_without_a_line() {
        assert_eq!(Located::new("site.toml", Some(3), "bad").to_string(), "site.toml:3: bad");
        assert_eq!(Located::new("content/a.txt", None, "is empty").to_string(), "content/a.txt: is empty");
    }
}

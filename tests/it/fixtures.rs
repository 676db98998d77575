//! Fixture sites with the pages users will see, in the style of mdBook's
//! test suite: each folder of `tests/fixtures/` is a site (`site.toml`,
//! `content/`, maybe `templates/`) and its `expected/` folder, which holds
//! what the build must give:
//!
//! - for every HTML page of the output, its `<title>` and `<main>`, one
//!   trimmed line each (`expected/articles/x/index.html`); a page the build
//!   does not make, or makes and `expected/` lacks, fails too;
//! - `atom.xml`, the site's feed, as written;
//! - `problems.txt`, every problem as `gazette build -v` prints it;
//! - `error.txt` instead, for a site whose build must fail: the error.
//!
//! `GAZETTE_BLESS=1 cargo test --test it fixtures` writes `expected/` anew
//! from the current output; read the diff before committing it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use gazette::build::{BuildOptions, build};
use gazette::config::Config;

use super::tree;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// What a build of the site at `root` gives, as `expected/` holds it.
fn observe(root: &Path) -> BTreeMap<String, String> {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("public");
    let config = Config::load(root).unwrap().with_overrides(Some(&target), None).unwrap();
    let mut seen = BTreeMap::new();
    let report = match build(&config, &BuildOptions::default()) {
        Ok(report) => report,
        Err(e) => {
            seen.insert("error.txt".to_string(), format!("{e}\n"));
            return seen;
        }
    };
    let problems: Vec<String> = gazette::report::problem_lines(&report.problems, true, false);
    seen.insert("problems.txt".to_string(), problems.iter().map(|l| format!("{l}\n")).collect());
    for (file, bytes) in tree(&target) {
        if file.ends_with(".html") {
            seen.insert(file, visible(&String::from_utf8(bytes).unwrap()));
        } else if file == "atom.xml" {
            seen.insert(file, String::from_utf8(bytes).unwrap());
        }
    }
    seen
}

/// A page's `<title>` and `<main>` (or `<body>`, for a redirect page), a
/// trimmed line each, blank lines gone: what a reader sees, without the
/// chrome every page shares.
fn visible(html: &str) -> String {
    let part = |open: &str, close: &str| {
        let start = html.find(open)?;
        let end = html[start..].find(close).map_or(html.len(), |e| start + e + close.len());
        Some(&html[start..end])
    };
    let title = part("<title>", "</title>").unwrap_or("");
    let main = part("<main", "</main>").or_else(|| part("<body", "</body>")).unwrap_or(html);
    let mut out = String::new();
    for line in title.lines().chain(main.lines()) {
        let line = line.trim();
        if !line.is_empty() {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

fn read_expected(dir: &Path) -> BTreeMap<String, String> {
    tree(dir).into_iter().map(|(file, bytes)| (file, String::from_utf8(bytes).unwrap())).collect()
}

fn bless(dir: &Path, seen: &BTreeMap<String, String>) {
    if dir.exists() {
        std::fs::remove_dir_all(dir).unwrap();
    }
    for (file, text) in seen {
        let path = dir.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

/// The differences between what a case expects and what it got, one line
/// each, with the first differing line of a file that differs.
fn differences(expected: &BTreeMap<String, String>, seen: &BTreeMap<String, String>) -> Vec<String> {
    let mut out = Vec::new();
    for (file, want) in expected {
        match seen.get(file) {
            None => out.push(format!("{file}: expected, but the build did not make it")),
            Some(got) if got != want => {
                let line = want.lines().zip(got.lines()).position(|(a, b)| a != b);
                let (k, a, b) = match line {
                    Some(k) => (k, want.lines().nth(k).unwrap_or(""), got.lines().nth(k).unwrap_or("")),
                    None => {
                        let k = want.lines().count().min(got.lines().count());
                        (k, want.lines().nth(k).unwrap_or("(end)"), got.lines().nth(k).unwrap_or("(end)"))
                    }
                };
                out.push(format!("{file}:{}: expected\n    {a}\n  got\n    {b}", k + 1));
            }
            Some(_) => {}
        }
    }
    for file in seen.keys().filter(|f| !expected.contains_key(*f)) {
        out.push(format!("{file}: made by the build, but not in expected/"));
    }
    out
}

#[test]
fn every_fixture_site_builds_its_expected_pages() {
    let bless_all = std::env::var_os("GAZETTE_BLESS").is_some();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("content").is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 5, "fixture cases: {cases:?}");
    let mut failed = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let seen = observe(case);
        let expected_dir = case.join("expected");
        if bless_all {
            bless(&expected_dir, &seen);
            continue;
        }
        assert!(expected_dir.is_dir(), "{name} has no expected/: run with GAZETTE_BLESS=1 once");
        for d in differences(&read_expected(&expected_dir), &seen) {
            failed.push(format!("{name}/{d}"));
        }
    }
    assert!(
        failed.is_empty(),
        "fixture sites differ from tests/fixtures/*/expected (GAZETTE_BLESS=1 writes them anew):\n{}",
        failed.join("\n")
    );
}

#[test]
fn the_harness_fails_when_an_expected_page_is_edited() {
    let seen = observe(&fixtures().join("scraped"));
    let mut expected = seen.clone();
    assert_eq!(differences(&expected, &seen), Vec::<String>::new());
    let (file, text) = expected.iter_mut().find(|(f, _)| f.starts_with("articles/")).unwrap();
    let file = file.clone();
    *text = text.replacen("<p>", "<p>Edited ", 1);
    let found = differences(&expected, &seen);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with(&format!("{file}:")), "{found:?}");
    expected.remove(&file);
    assert_eq!(differences(&expected, &seen), vec![format!("{file}: made by the build, but not in expected/")]);
}

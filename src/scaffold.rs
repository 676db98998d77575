//! `gazette new DIR`: a site to start from, with every site.toml key
//! commented, three short articles in the scraped shape, and empty
//! `templates/` and `static/` folders that explain how to override the theme.

use std::fs;
use std::io;
use std::path::Path;

const SITE_TOML: &str = r#"# Your archive's settings. Every key is optional.

title = "My Archive"
description = "Articles kept and made browsable with gazette"
# Where the site will live; links keep working under a subpath.
# base_url = "https://example.github.io/archive/"
# language = "en"
# output_dir = "public"
# paginate_by = 20
# Article URLs: {slug} {year} {month} {day} {section} {stem}.
# permalink = "/articles/{slug}/"
# feed_limit = 50

[load]
# More lines of page chrome to drop, compared ignoring case.
# drop_lines = ["Advertisement"]
# drop_default_lines = true
# Read files that are not UTF-8 in this encoding instead of leaving them out.
# fallback_encoding = "windows-1252"
# Find the article in whole-page scrapes and drop the lines each source
# repeats ("off" keeps every line but the built-in chrome).
# chrome = "auto"
# Lines never dropped as furniture.
# keep_lines = ["Background"]

# What your scraper's records (.json, .jsonl, .csv) call our fields, when
# they are not names gazette knows already.
# [load.fields]
# title = "headline"
# text = "body"
# topics = ["section", "keywords"]

[topics.descriptions]
# "Topic name" = "An introduction shown on the topic's page."

[search]
# enabled = true

[extra]
# Anything here is handed to templates as site.extra.
"#;

const ARTICLES: &[(&str, &str)] = &[
    (
        "content/2024-05-02-library-reopens.txt",
        "Town library reopens after two-year refit\n\nPublished 2 May 2024\n\nBy Sam PatelLocal democracy reporter\n\nThe central library has reopened its doors after a refit that added a children's floor, a cafe and longer opening hours.\n\nImage source, Town CouncilImage caption, Readers queued outside before the doors opened at nine\n\nCouncillors said visitor numbers in the first week would decide whether Sunday opening becomes permanent.\n\n  • Library refit runs over budget\n\nLibrarians said the most borrowed books on the first morning were local history titles.\n\nRelated Topics\n\n  • Libraries\n  • Town council\n",
    ),
    (
        "content/2023-11-20-library-budget.txt",
        "Library refit runs over budget\n\nPublished 20 November 2023\n\nThe refit of the central library will cost a fifth more than planned, the council has said.\n\nOfficials blamed the price of steel and a delay while asbestos was removed from the roof.\n\nOpposition councillors asked for the full accounts to be published before the next budget meeting.\n\nRelated Topics\n\n  • Libraries\n  • Town council\n",
    ),
    (
        "content/news/2024-06-14-bus-routes.txt",
        "+++\ndate = 2024-06-14\ntopics = [\"Transport\"]\n+++\nThree bus routes to change from July\n\nThree bus routes through the town centre will change from the first week of July, the operator has announced.\n\nMedia caption, The operator explains the new timetable\n\nThe changes follow a consultation in which passengers asked for later evening services.\n",
    ),
];

const TEMPLATES_README: &str = "# Templates\n\nThe default theme is built into gazette. To change a page, put a file with\nthe same name here (for example `article.html` or `partials/teasers.html`);\nit replaces the theme's. Templates are Tera 2; the README of gazette lists\nthe variables each one gets.\n\nFiles in `../static/` are copied to the output folder as they are; one named\nlike a file of the theme (`style.css`, `search.js`, `favicon.svg`) replaces\nit.\n";

/// Creates the site in `dir`, which must not exist or be empty.
pub fn create(dir: &Path) -> io::Result<()> {
    if dir.exists() && fs::read_dir(dir)?.next().is_some() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{} is not empty; choose a new folder", dir.display()),
        ));
    }
    let write = |rel: &str, text: &str| -> io::Result<()> {
        let path = dir.join(rel);
        fs::create_dir_all(path.parent().expect("has a parent"))?;
        fs::write(path, text)
    };
    write("site.toml", SITE_TOML)?;
    for (path, text) in ARTICLES {
        write(path, text)?;
    }
    write("templates/README.md", TEMPLATES_README)?;
    fs::create_dir_all(dir.join("static"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_site_builds_without_problems_of_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        create(&site).unwrap();
        assert!(create(&site).is_err(), "a second run must not overwrite");
        let config = crate::config::Config::load(&site).unwrap();
        let report = crate::build::build(&config, &crate::build::BuildOptions::default()).unwrap();
        assert_eq!(report.articles, 3);
        assert_eq!(report.errors(), 0);
        assert!(site.join("public/topics/libraries/index.html").is_file());
    }
}

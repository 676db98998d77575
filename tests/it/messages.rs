//! The exact text of every message a build stops with (the problems of
//! articles are pinned by the `bad-inputs` fixture site, collisions by
//! `collisions` and by `site::output_path_collisions_are_reported_together`).

use gazette::write::search::SearchError;
use std::process::Command;

use gazette::build::{BuildError, BuildOptions};
use gazette::model::{Problem, ProblemKind};

use crate::{Fixture, tree};

const SITE: &str = "title = \"Messages\"\n\n[search]\nenabled = false\n";
const ARTICLE: &str = "Quay lights fixed\n\nThe lights on the quay work again.\n\nRelated Topics\n\n  • Quay\n";

/// `gazette build` in `site`: its exit code and what it printed on stderr.
fn build_cli(site: &Fixture, args: &[&str]) -> (Option<i32>, String) {
    let out =
        Command::new(env!("CARGO_BIN_EXE_gazette")).arg("build").args(args).current_dir(site.root()).output().unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn a_site_toml_that_is_not_toml() {
    let site = Fixture::new(&[("site.toml", "title = [unclosed\n"), ("content/a.txt", ARTICLE)]);
    assert_eq!(
        build_cli(&site, &[]),
        (Some(1), "error: ./site.toml:1: unclosed array, expected `]`\nnothing was written\n".into())
    );
}

#[test]
fn a_site_toml_key_that_is_unknown_or_invalid() {
    let site = Fixture::new(&[("site.toml", "title = \"x\"\npaginate_by = 0\n"), ("content/a.txt", ARTICLE)]);
    assert_eq!(
        build_cli(&site, &[]),
        (Some(1), "error: ./site.toml:2: paginate_by must be at least 1\nnothing was written\n".into())
    );
    site.write("site.toml", "titel = \"x\"\n");
    let (code, err) = build_cli(&site, &[]);
    assert_eq!(code, Some(1));
    assert!(err.starts_with("error: ./site.toml:1: unknown field `titel`, expected one of `title`, "), "{err}");
    assert!(err.ends_with("\nnothing was written\n"), "{err}");
}

#[test]
fn a_template_that_does_not_parse() {
    let site = Fixture::new(&[("site.toml", SITE), ("content/a.txt", ARTICLE)]);
    site.write(
        "templates/topic.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{% if %}\n{% endblock content %}\n",
    );
    let err = site.build_with(&BuildOptions::default()).unwrap_err();
    assert!(matches!(err, BuildError::Template(_)));
    let message = err.to_string();
    assert_eq!(
        message,
        "template templates/topic.html:3: error: Found `%}` but expected one of: integer, float, string, bool, ident, `-`, `not`, `<`, `{`, `[` or `(`\n --> topic.html:3:7\n  |\n3 | {% if %}\n  |       ^^"
    );
    assert!(!site.output().exists(), "nothing was written");
}

#[test]
fn strict_with_problems() {
    let site = Fixture::new(&[
        ("site.toml", SITE),
        ("content/a.txt", "No headline here, only a lead sentence that runs on.\n"),
    ]);
    let (code, err) = build_cli(&site, &["--strict"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        err,
        "warning: content/a.txt: has no headline line, so its title was made from the lead: \"No headline here, only a lead sentence that runs on\"; put the headline on the first line or set title in front matter\n\
         warning: content/a.txt: has no topics; add a Related Topics list or topics in front matter\n\
         error: --strict: 2 problems; nothing was written\n"
    );
    let err = site.build_with(&BuildOptions { strict: true, ..BuildOptions::default() }).unwrap_err();
    assert_eq!(err.to_string(), "--strict: 2 problems (0 errors); nothing was written");
    assert!(!site.output().exists());
}

#[test]
fn a_write_that_fails() {
    let site = Fixture::new(&[("site.toml", SITE), ("content/a.txt", ARTICLE)]);
    site.build();
    let before = tree(&site.output());
    site.write("content/b.txt", "Second article\n\nMore text.\n");
    let out = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["build", "-q"])
        .current_dir(site.root())
        .env("GAZETTE_SIMULATE_FULL_DISK_AFTER", "0")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("error: cannot write ./public/"), "{err}");
    assert!(
        err.ends_with(": No space left on device (os error 28); the previous output was left as it was\n"),
        "{err}"
    );
    assert_eq!(tree(&site.output()), before);
}

#[test]
fn an_article_that_changed_while_it_was_built() {
    let problem = Problem::changed("content/a.txt");
    assert_eq!(problem.kind, ProblemKind::LeftOut);
    assert_eq!(problem.to_string(), "error: content/a.txt: changed while the site was being built; build again");
    assert_eq!(
        BuildError::Changed(problem.clone()).to_string(),
        "error: content/a.txt: changed while the site was being built; build again; the previous output was left as it was"
    );
    let search = SearchError::Article(problem.to_string());
    assert_eq!(
        BuildError::Search(search.to_string()).to_string(),
        "search index: error: content/a.txt: changed while the site was being built; build again; \
         the previous output was left as it was"
    );
    let full = std::io::Error::new(std::io::ErrorKind::StorageFull, "No space left on device (os error 28)");
    assert_eq!(
        SearchError::Spill("/site/.gazette-search-x/postings-3".into(), full).to_string(),
        "search index: /site/.gazette-search-x/postings-3: No space left on device (os error 28) \
         (its working files go beside the output folder)"
    );
    let denied = std::io::Error::new(std::io::ErrorKind::PermissionDenied, "Permission denied (os error 13)");
    assert_eq!(
        SearchError::Previous("public/search-index/w/0/7.bin".into(), denied).to_string(),
        "search index: cannot read public/search-index/w/0/7.bin of the previous build: \
         Permission denied (os error 13) (build with --clean)"
    );
}

//! The commands as users run them: exit codes and what they print.

use std::path::Path;
use std::process::{Command, Output};

use crate::Fixture;

fn gazette(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gazette")).args(args).current_dir(dir).output().expect("gazette runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn good_site() -> Fixture {
    Fixture::new(&[
        ("site.toml", "title = \"Checked\"\n\n[search]\nenabled = false\n"),
        (
            "content/pier.txt",
            "Pier lamps return\n\nThe old lamps are back on the pier.\n\nRelated Topics\n\n  • Harbour works\n",
        ),
        (
            "content/guide.md",
            "+++\ntitle = \"A guide\"\ntopics = [\"Harbour works\"]\n+++\nSee [the lamps](/articles/pier-lamps-return/) and [all topics](/topics/#h).\n",
        ),
    ])
}

#[test]
fn check_passes_a_good_site() {
    let site = good_site();
    let out = gazette(&["check"], site.root());
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(stdout(&out).contains("0 errors"), "{}", stdout(&out));
}

#[test]
fn check_fails_on_a_broken_internal_link_naming_the_file() {
    let site = good_site();
    site.write(
        "content/guide.md",
        "+++\ntitle = \"A guide\"\ntopics = [\"Harbour works\"]\n+++\nSee [a lost page](/articles/no-such-story/).\n",
    );
    let out = gazette(&["check"], site.root());
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("content/guide.md") && text.contains("/articles/no-such-story/"), "{text}");
    assert!(text.contains("broken internal links"), "{text}");
}

#[test]
fn check_fails_on_a_missing_anchor() {
    let site = good_site();
    site.write(
        "content/guide.md",
        "+++\ntitle = \"A guide\"\ntopics = [\"Harbour works\"]\n+++\nSee [nowhere](/topics/#no-such-letter).\n",
    );
    let out = gazette(&["check"], site.root());
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stdout(&out).contains("#no-such-letter"));
}

#[test]
fn check_fails_on_an_unreadable_file_naming_it() {
    let site = good_site();
    site.write_bytes("content/latin1.txt", b"Caf\xe9 reopens\n\nThe caf\xe9 on the quay is open again.\n");
    let out = gazette(&["check"], site.root());
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("content/latin1.txt:1") && text.contains("not valid UTF-8"), "{text}");
}

#[test]
fn check_strict_fails_on_warnings_only() {
    let site = good_site();
    site.write("content/untopical.txt", "No topics here\n\nThis article has no Related Topics list.\n");
    assert!(gazette(&["check"], site.root()).status.success());
    let out = gazette(&["check", "--strict"], site.root());
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("articles without topics"));
}

#[test]
fn the_repository_archive_checks_clean() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = gazette(&["check", "--root", repo.to_str().unwrap()], Path::new("/"));
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
}

#[test]
fn new_scaffolds_a_site_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let out = gazette(&["new", "x"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let site = dir.path().join("x");
    for f in ["site.toml", "templates/README.md"] {
        assert!(site.join(f).is_file(), "{f}");
    }
    assert!(site.join("static").is_dir());
    let build = gazette(&["build"], &site);
    assert!(build.status.success(), "{}", stderr(&build));
    assert!(site.join("public/index.html").is_file());
    assert!(!gazette(&["new", "x"], dir.path()).status.success(), "new never overwrites");
}

#[test]
fn build_prints_one_summary_line_and_fails_strictly() {
    let site = good_site();
    site.write_bytes("content/empty.txt", b"");
    let out = gazette(&["build"], site.root());
    assert!(out.status.success());
    let err = stderr(&out);
    assert!(err.contains("error: content/empty.txt: is empty"), "{err}");
    assert!(err.lines().last().unwrap().starts_with("2 articles (1 left out), 1 topic -> "), "{err}");
    let strict = gazette(&["build", "--strict"], site.root());
    assert_eq!(strict.status.code(), Some(1));
    assert!(stderr(&strict).contains("nothing was written"));
}

#[test]
fn inspect_json_has_exactly_the_documented_keys() {
    let site = good_site();
    let out = gazette(&["inspect", "--json", "content/pier.txt"], site.root());
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_str(stdout(&out).lines().next().unwrap()).unwrap();
    let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "authors",
            "blocks",
            "date",
            "draft",
            "dropped",
            "images",
            "lead",
            "path",
            "problems",
            "record",
            "role",
            "section",
            "slug",
            "source_url",
            "summary",
            "title",
            "title_derived",
            "topics",
            "updated",
            "url"
        ]
    );
    assert_eq!(v["path"], "content/pier.txt");
    assert_eq!(v["record"], serde_json::Value::Null);
    assert_eq!(v["url"], "/articles/pier-lamps-return/");
}

#[test]
fn inspect_reports_a_file_it_cannot_load_and_exits_1() {
    let site = good_site();
    site.write_bytes("content/bad.txt", b"\xff\xfe");
    let out = gazette(&["inspect", "--json", "content/bad.txt", "content/pier.txt"], site.root());
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = stdout(&out).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2, "the good file is still printed");
    let bad = lines.iter().find(|l| l.get("error").is_some()).unwrap();
    assert_eq!(bad["path"], "content/bad.txt");
}

/// The warning for unmatched related headlines does not quote them; the
/// command it names does, and never marks the names of an aside that
/// does not link.
#[test]
fn inspect_shows_the_headlines_the_warning_points_to() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scraped");
    let out = gazette(&["inspect", "content/world/2022-01-20-pilots.txt"], &root);
    let text = stdout(&out);
    assert!(text.contains("; A headline that names no story of this archive (unresolved)]"), "{text}");
    assert!(text.contains("related    Related Internet Links: [Harbour Authority]"), "{text}");
    assert!(
        text.contains("warning: content/world/2022-01-20-pilots.txt:15: a related headline matches no article title; it is shown as plain text (`gazette inspect content/world/2022-01-20-pilots.txt` shows its headlines)"),
        "{text}"
    );
}

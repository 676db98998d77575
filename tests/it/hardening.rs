//! Bad input, faults and hostile text: each case of docs/reliability.md.
//! Nothing is lost (every good article is built, every bad file named with
//! its line), nothing half-built is published, nothing becomes markup.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use gazette::build::{BuildError, BuildOptions};
use gazette::model::ProblemKind;

use crate::{Fixture, select, text, tree};

const NO_SEARCH: &str = "title = \"Hardened\"\nbase_url = \"https://example.org/\"\n\n[search]\nenabled = false\n";

fn article(title: &str, body: &str) -> String {
    format!("{title}\n\n{body}\n\nA second paragraph to make a page.\n\nRelated Topics\n\n  • Harbour works\n")
}

/// A site holding every bad input of the issue at once, and good articles.
fn bad_site() -> Fixture {
    let site = Fixture::new(&[("site.toml", NO_SEARCH), ("content/good.txt", &article("A good article", "It loads."))]);
    site.write_bytes("content/bad-utf8.txt", b"Caf\xe9 news\n\nThe caf\xe9 opened.\n");
    site.write_bytes("content/empty.txt", b"");
    site.write_bytes("content/nul.txt", b"Title\n\nText with a \0 NUL byte.\n");
    site.write_bytes("content/bom-crlf.txt", b"\xEF\xBB\xBFBom and crlf\r\n\r\nA paragraph.\r\n\r\nAnother.\r\n\r\nRelated Topics\r\n\r\n  \xE2\x80\xA2 Harbour works\r\n");
    site.write_bytes("content/lone-cr.txt", b"Lone carriage returns\r\rA paragraph.\r\rAnother one.\r");
    site.write("content/name with spaces.txt", &article("Spaces in the file name", "Loads."));
    site.write("content/ünïcödé.txt", &article("Unicode in the file name", "Loads."));
    site.write("content/100%.txt", &article("A percent sign in the file name", "Loads."));
    site.write("content/#hash?.txt", &article("A hash and a question mark in the file name", "Loads."));
    for i in 0..10 {
        site.write(&format!("content/same-{i}.txt"), &article("Ten articles share this title", &format!("Copy {i}.")));
    }
    site.write(
        "content/topics.txt",
        "Hostile topic names\n\nA paragraph.\n\nMore.\n\nRelated Topics\n\n  • a/b\n  • ..\n  • <b>bold</b>\n  • \"quoted\" & more\n  • 🌊🌊\n  • ?!\n",
    );
    site.write(
        "content/wrong-types.txt",
        "+++\ntitle = 42\ndate = \"2021-11-26\"\ntopics = \"one\"\n+++\nWrong types\n\nStill loads.\n\nYes.\n",
    );
    site.write("content/no-close.txt", "+++\ntitle = \"Never closed\"\n\nBody.\n");
    site.write(
        "content/bad-date.txt",
        "+++\ntitle = \"Impossible date\"\ndate = 2021-13-45\n+++\nStill loads.\n\nYes.\n",
    );
    site.write("content/sidecar.txt", &article("Sidecar broken", "Its sidecar is not TOML."));
    site.write("content/sidecar.toml", "this is = = not toml\n");
    std::os::unix::fs::symlink(site.root().join("content"), site.root().join("content/loop")).unwrap();
    site.write("secret.txt", "outside content");
    std::os::unix::fs::symlink(site.root().join("secret.txt"), site.root().join("content/out.txt")).unwrap();
    site
}

#[test]
fn a_site_of_bad_inputs_builds_and_names_every_problem() {
    let site = bad_site();
    let report = site.build();
    let problem = |path: &str, kind: ProblemKind| {
        report
            .problems
            .iter()
            .find(|p| p.at.path == path && p.kind == kind)
            .unwrap_or_else(|| panic!("no {kind:?} for {path}: {:#?}", report.problems))
            .clone()
    };
    assert_eq!(problem("content/bad-utf8.txt", ProblemKind::LeftOut).at.line, Some(1));
    assert!(problem("content/empty.txt", ProblemKind::LeftOut).at.message.contains("empty"));
    assert_eq!(problem("content/nul.txt", ProblemKind::LeftOut).at.line, Some(3));
    assert_eq!(problem("content/no-close.txt", ProblemKind::LeftOut).at.line, Some(1));
    assert_eq!(problem("content/sidecar.toml", ProblemKind::LeftOut).at.line, Some(1));
    assert_eq!(problem("content/wrong-types.txt", ProblemKind::BadKey).at.line, Some(2));
    assert_eq!(problem("content/bad-date.txt", ProblemKind::BadKey).at.line, Some(3));
    problem("content/loop", ProblemKind::Skipped);
    problem("content/out.txt", ProblemKind::Skipped);
    assert_eq!(report.left_out, 5);
    assert_eq!(report.problems.iter().filter(|p| p.kind == ProblemKind::SlugCollision).count(), 9);

    let out = site.output();
    for url in [
        "/articles/a-good-article/",
        "/articles/bom-and-crlf/",
        "/articles/lone-carriage-returns/",
        "/articles/spaces-in-the-file-name/",
        "/articles/unicode-in-the-file-name/",
        "/articles/a-percent-sign-in-the-file-name/",
        "/articles/a-hash-and-a-question-mark-in-the-file-name/",
        "/articles/ten-articles-share-this-title/",
        "/articles/ten-articles-share-this-title-10/",
        "/articles/wrong-types/",
        "/articles/impossible-date/",
    ] {
        site.page(url);
    }
    // Hostile topic names get working slugs inside topics/.
    let topics = site.html("/topics/");
    let links: Vec<String> =
        select(&topics, ".topic-group a").iter().map(|a| a.value().attr("href").unwrap().to_string()).collect();
    assert_eq!(links.len(), 7, "{links:?}");
    for link in &links {
        assert!(link.starts_with("/topics/") && !link.contains(".."), "{link}");
        assert!(out.join(link.trim_start_matches('/')).join("index.html").is_file(), "{link}");
    }
    let names: Vec<String> = select(&topics, ".topic-group a").iter().map(text).collect();
    assert!(
        names.contains(&"<b>bold</b>".to_string()) && names.contains(&"\"quoted\" & more".to_string()),
        "{names:?}"
    );
    assert!(!out.join("secret.txt").exists() && !tree(&out).keys().any(|k| k.contains("outside")));
}

#[test]
fn a_50_mb_article_and_a_million_lines_build() {
    let site = Fixture::new(&[("site.toml", NO_SEARCH)]);
    let paragraph = "The harbour board met again to discuss the long list of repairs, and agreed nothing new. ";
    let mut big = String::from("A very long article\n\n");
    while big.len() < 50 * 1024 * 1024 {
        big.push_str(&paragraph.repeat(5));
        big.push_str("\n\n");
    }
    site.write("content/big.txt", &big);
    let mut many = String::from("A million lines\n\n");
    for i in 0..1_000_000 {
        many.push_str(if i % 2 == 0 { "Line\n" } else { "\n" });
    }
    site.write("content/many.txt", &many);
    let started = Instant::now();
    let report = site.build();
    assert_eq!(report.articles, 2);
    assert!(site.output().join("articles/a-very-long-article/index.html").metadata().unwrap().len() > 50_000_000);
    assert!(site.output().join("articles/a-million-lines/index.html").is_file());
    eprintln!("50 MB and 1,000,000-line articles built in {:.1} s", started.elapsed().as_secs_f64());
}

#[test]
fn a_broken_site_toml_template_or_template_variable_writes_nothing() {
    let site = Fixture::new(&[("site.toml", NO_SEARCH), ("content/a.txt", &article("An article", "Text."))]);
    site.build();
    let before = tree(&site.output());
    let bin = env!("CARGO_BIN_EXE_gazette");
    let cases: [(&str, &str, &str); 3] = [
        ("site.toml", "title = [unclosed\n", "site.toml:1"),
        (
            "templates/topic.html",
            "{% extends \"base.html\" %}{% block content %}{% for %}{% endblock content %}",
            "templates/topic.html:1",
        ),
        (
            "templates/article.html",
            "{% extends \"base.html\" %}{% block content %}{{ no_such_variable }}{% endblock content %}",
            "templates/article.html:1",
        ),
    ];
    for (file, broken, named) in cases {
        let good = std::fs::read_to_string(site.root().join(file)).ok();
        site.write(file, broken);
        let out = Command::new(bin).arg("build").current_dir(site.root()).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{file}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(named), "{file}: {err}");
        assert_eq!(tree(&site.output()), before, "{file} changed the output");
        match good {
            Some(text) => site.write(file, &text),
            None => std::fs::remove_file(site.root().join(file)).unwrap(),
        }
    }
}

fn many_articles(n: usize) -> Fixture {
    let site = Fixture::new(&[("site.toml", NO_SEARCH)]);
    for i in 0..n {
        site.write(
            &format!("content/a{i:05}.txt"),
            &article(&format!("Article number {i}"), &"Some words of text. ".repeat(40)),
        );
    }
    site
}

#[test]
fn a_build_killed_half_way_leaves_the_previous_output() {
    let site = many_articles(3000);
    site.build();
    let before = tree(&site.output());
    site.write("content/a00001.txt", &article("Article number 1 retitled", "Changed."));
    let mut child = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["build", "--clean", "-q"])
        .current_dir(site.root())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let staging = site.root().join(".public.gazette-new");
    let started = Instant::now();
    while !(staging.is_dir() && walkdir::WalkDir::new(&staging).into_iter().count() > 200) {
        assert!(started.elapsed() < Duration::from_secs(60), "the build never started writing");
        assert!(child.try_wait().unwrap().is_none(), "the build finished before it could be killed");
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert_eq!(tree(&site.output()), before, "the previous output changed");
    assert!(staging.exists(), "the killed build left its staging folder");
    let report = site.build();
    assert_eq!(report.articles, 3000);
    assert!(!staging.exists(), "the next build cleaned up");
    site.page("/articles/article-number-1-retitled/");
}

#[test]
fn a_full_disk_fails_clearly_and_keeps_the_previous_output() {
    let site = Fixture::new(&[("site.toml", NO_SEARCH), ("content/a.txt", &article("Small", "Fits."))]);
    let mnt = site.root().join("mnt");
    std::fs::create_dir(&mnt).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=400k", "tmpfs"])
        .arg(&mnt)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    let output = mnt.join("public");
    let config = || site.config().with_overrides(Some(&output), None).unwrap();
    gazette::build::build(&config(), &BuildOptions::default()).unwrap();
    let before = tree(&output);
    for i in 0..40 {
        site.write(&format!("content/big{i}.txt"), &article(&format!("Big {i}"), &"Filling the disk. ".repeat(2000)));
    }
    let result = if mounted {
        gazette::build::build(&config(), &BuildOptions::default())
    } else {
        eprintln!("could not mount a tmpfs here: simulating a full disk with GAZETTE_SIMULATE_FULL_DISK_AFTER");
        let out = Command::new(env!("CARGO_BIN_EXE_gazette"))
            .args(["build", "-q", "--output"])
            .arg(&output)
            .current_dir(site.root())
            .env("GAZETTE_SIMULATE_FULL_DISK_AFTER", "5")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(err.contains("No space left on device") && err.contains("previous output"), "{err}");
        Ok(Default::default())
    };
    if mounted {
        let err = result.unwrap_err();
        assert!(matches!(err, BuildError::Write(_)), "{err}");
        let message = err.to_string();
        assert!(
            message.contains("No space left on device") && message.contains("previous output was left as it was"),
            "{message}"
        );
        assert!(!mnt.join(".public.gazette-new").exists(), "the failed build's staging folder was removed");
    }
    assert_eq!(tree(&output), before);
    if mounted {
        let _ = Command::new("umount").arg(&mnt).status();
    }
}

#[test]
fn ctrl_c_stops_serve_cleanly() {
    let site = Fixture::new(&[("site.toml", NO_SEARCH), ("content/a.txt", &article("An article", "Text."))]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["serve", "--port", "0", "--root"])
        .arg(site.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(child.stdout.take().unwrap()), &mut line).unwrap();
    assert!(line.starts_with("http://127.0.0.1:"));
    // A page left open, listening for reloads, must not hold the stop up.
    let addr = line.trim().trim_start_matches("http://").trim_end_matches('/').to_string();
    let mut open_page = std::net::TcpStream::connect(&addr).unwrap();
    std::io::Write::write_all(
        &mut open_page,
        format!("GET /__gazette/events HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes(),
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(200));
    // SAFETY: sending a signal to our own child process.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(started.elapsed() < Duration::from_secs(10), "serve did not stop on Ctrl-C");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status}");
    drop(open_page);
}

mod injection {
    //! Hostile text in every field must come out as text: no element or
    //! attribute is ever created from it, in HTML, feeds or JSON-LD.

    use proptest::prelude::*;

    use super::*;

    const FRAGMENTS: &[&str] = &[
        "<script>alert(1)</script>",
        "</script><script>alert(2)</script>",
        "\"><img src=x onerror=alert(3)>",
        "'><svg onload=alert(4)>",
        "javascript:alert(5)",
        "]]>",
        "<!--",
        "&amp;&lt;",
        "{{ site.title }}",
        "{% raw %}",
        "\u{7}\u{1b}",
        "</textarea></title><style>",
        "\u{2028}",
    ];

    fn hostile() -> impl Strategy<Value = String> {
        (prop::collection::vec(prop::sample::select(FRAGMENTS), 1..4), "[a-z ]{0,8}")
            .prop_map(|(parts, tail)| format!("X{}{tail}", parts.concat()))
    }

    /// The article, with hostile text in every field it has.
    fn hostile_article(h: &[String]) -> String {
        let mut fm = toml::Table::new();
        fm.insert("title".into(), h[0].clone().into());
        fm.insert("summary".into(), h[1].clone().into());
        fm.insert("authors".into(), vec![toml::Value::from(h[2].clone())].into());
        fm.insert("source_url".into(), "javascript:alert(6)".into());
        fm.insert("slug".into(), h[3].clone().into());
        fm.insert("topics".into(), vec![toml::Value::from(h[4].clone())].into());
        let mut extra = toml::Table::new();
        extra.insert("note".into(), h[5].clone().into());
        fm.insert("extra".into(), extra.into());
        format!(
            "+++\n{}+++\nBy {}\n\nA lead paragraph {}\n\n{}\nImage caption, {}\n\nImage source, {}Image caption, {}\n\n  • {}\n  • {}\n\nRelated Topics\n\n  • {}\n",
            toml::to_string(&fm).unwrap(),
            h[6].replace('.', ""),
            h[7],
            h[8],
            h[9],
            h[10],
            h[11],
            h[0],
            h[12],
            h[13],
        )
    }

    /// Every element and attribute in the page's HTML is the theme's.
    fn assert_no_injected_markup(html: &str, page: &str) {
        let doc = scraper::Html::parse_document(html);
        for el in select(&doc, "*") {
            let name = el.value().name();
            assert!(
                !matches!(name, "img" | "svg" | "iframe" | "object" | "embed" | "style" | "textarea"),
                "{page}: a <{name}> element"
            );
            if name == "script" {
                let ok = el.value().attr("type") == Some("application/ld+json")
                    || el.value().attr("src").is_some_and(|s| s.ends_with(".js"));
                assert!(ok, "{page}: an injected <script>");
            }
            for (attr, value) in el.value().attrs() {
                assert!(!attr.starts_with("on"), "{page}: an {attr} attribute");
                if attr == "href" || attr == "src" {
                    assert!(
                        !value.trim_start().to_ascii_lowercase().starts_with("javascript:"),
                        "{page}: {attr}={value}"
                    );
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(16))]

        #[test]
        fn hostile_text_never_becomes_markup(h in prop::collection::vec(hostile(), 14)) {
            let site = Fixture::new(&[
                ("site.toml", NO_SEARCH),
                ("content/hostile.txt", &hostile_article(&h)),
                ("content/other.txt", "Another article\n\nIts lead.\n\nMore.\n\nRelated Topics\n\n  • Harbour works\n"),
            ]);
            let report = site.build();
            prop_assert_eq!(report.articles, 2);
            let out = site.output();
            for (file, bytes) in tree(&out) {
                let text = String::from_utf8(bytes).unwrap();
                if file.ends_with(".html") {
                    assert_no_injected_markup(&text, &file);
                } else if file.ends_with(".xml") {
                    let mut reader = quick_xml::Reader::from_str(&text);
                    loop {
                        match reader.read_event() {
                            Ok(quick_xml::events::Event::Eof) => break,
                            Ok(_) => {}
                            Err(e) => panic!("{file} is not well-formed XML: {e}"),
                        }
                    }
                    if file.ends_with("atom.xml") {
                        prop_assert!(!text.contains("<script"), "{} holds a raw <script>", file);
                    }
                }
            }
            // The article's page shows the hostile title as text, and its
            // JSON-LD holds it intact.
            let article = tree(&out).into_iter().find(|(f, b)| f.starts_with("articles/") && String::from_utf8_lossy(b).contains("A lead paragraph")).unwrap();
            let doc = scraper::Html::parse_document(&String::from_utf8(article.1).unwrap());
            let h1 = text(&select(&doc, "h1")[0]);
            let expected: String = h[0].chars().filter(|c| !c.is_control()).collect::<String>().trim().to_string();
            prop_assert_eq!(h1, expected.split_whitespace().collect::<Vec<_>>().join(" "));
            let ld = select(&doc, "script[type='application/ld+json']")[0].inner_html();
            let json: serde_json::Value = serde_json::from_str(&ld).unwrap();
            prop_assert_eq!(json[0]["headline"].as_str().unwrap(), expected.as_str());
            prop_assert!(select(&doc, ".source a").is_empty(), "a javascript: source_url became a link");
        }
    }
}

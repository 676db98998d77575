//! Front matter and sidecars (docs/content.md, "Front matter and sidecars").

use super::*;

#[test]
fn sidecar_toml_sets_the_same_keys_as_front_matter() {
    let sidecar = concat!(
        "title = \"Lamps return to the pier\"\n",
        "date = 2022-03-03\n",
        "topics = [\"Harbour works\"]\n",
        "authors = [\"Mara Kellington\"]\n",
        "source_url = \"https://example.org/pier-lamps\"\n",
        "slug = \"pier-lamps\"\n",
        "aliases = [\"/old/pier-lamps/\"]\n",
        "\n",
        "[extra]\n",
        "photographer = \"Ines Varga\"\n",
    );
    let a = load_memory(
        "content/pier.txt",
        b"The council switched the lamps back on.\n\nA second paragraph.\n",
        Some(sidecar.as_bytes()),
        &LoadOptions::default(),
    )
    .unwrap();
    assert_eq!(
        Seen::of(&a),
        Seen {
            topics: strings(&["Harbour works"]),
            authors: strings(&["Mara Kellington"]),
            date: day(2022, 3, 3),
            ..Seen::new(
                "Lamps return to the pier",
                vec![p("The council switched the lamps back on."), p("A second paragraph.")]
            )
        }
    );
    assert_eq!(a.source_url(), Some("https://example.org/pier-lamps"));
    assert_eq!(a.slug, "pier-lamps");
    assert_eq!(a.aliases(), strings(&["/old/pier-lamps/"]));
    assert_eq!(a.extra(), Some(&serde_json::json!({"photographer": "Ines Varga"})));
    assert_eq!(a.problems, vec![]);
}

#[test]
fn front_matter_wins_over_sidecar() {
    let text =
        "+++\ntitle = \"Front matter headline\"\n+++\nThe council switched the lamps back on.\n\nA second paragraph.\n";
    let sidecar = "title = \"Sidecar headline\"\ndate = 2021-05-06\nslug = \"from-the-sidecar\"\n";
    let a =
        load_memory("content/pier.txt", text.as_bytes(), Some(sidecar.as_bytes()), &LoadOptions::default()).unwrap();
    assert_eq!(a.title, "Front matter headline");
    assert_eq!(a.date, day(2021, 5, 6));
    assert_eq!(a.slug, "from-the-sidecar");
}

#[test]
fn sidecar_key_errors_name_the_sidecar_and_its_line() {
    let a = load_memory(
        "content/pier.txt",
        b"Pier lamps return\n\nThe first paragraph.\n",
        Some(b"title = \"Lamps\"\nmood = \"calm\"\n"),
        &LoadOptions::default(),
    )
    .unwrap();
    let bad: Vec<_> = a.problems.iter().filter(|p| p.kind == ProblemKind::BadKey).collect();
    assert_eq!(bad.len(), 1, "{:?}", a.problems);
    assert_eq!(bad[0].at.path, "content/pier.toml");
    assert_eq!(bad[0].at.line, Some(2));
    assert!(bad[0].at.message.contains("unknown key `mood`"), "{}", bad[0].at.message);
}

#[test]
fn sidecar_that_is_not_toml_leaves_the_article_out() {
    // The contract says this of front matter; docs/content.md extends it to sidecars.
    let problem = load_memory(
        "content/pier.txt",
        b"Pier lamps return\n\nThe first paragraph.\n",
        Some(b"title = \"Lamps\"\nnot toml at all\n"),
        &LoadOptions::default(),
    )
    .unwrap_err();
    assert_eq!(problem.at.path, "content/pier.toml");
    assert_eq!(problem.kind, ProblemKind::LeftOut);
    assert_eq!(problem.at.line, Some(2));
    assert!(problem.at.message.contains("not valid TOML"), "{}", problem.at.message);
}

#[test]
fn front_matter_title() {
    // The headline line repeating the title is dropped...
    let a = front_matter("title = \"Pier lamps return\"\n", FM_BODY);
    assert_eq!(Seen::of(&a), Seen::new("Pier lamps return", vec![p("The first paragraph of the piece.")]));
    assert_eq!(kinds(&a.problems), vec![(ProblemKind::NoTopics, None)]);
    // ...a different one is kept as the first paragraph (and so the lead).
    let a = front_matter("title = \"Lamps back on at the pier\"\n", FM_BODY);
    assert_eq!(
        Seen::of(&a),
        Seen::new("Lamps back on at the pier", vec![p("Pier lamps return"), p("The first paragraph of the piece.")])
    );
}

#[test]
fn front_matter_date() {
    let a = front_matter("date = 2022-03-03\n", FM_BODY);
    assert_eq!(a.date, day(2022, 3, 3));
    let a = front_matter("date = 2022-03-03T09:30:00+01:00\n", FM_BODY);
    assert_eq!(
        a.date,
        Some(Timestamp { date: Date::new(2022, 3, 3).unwrap(), time: Some((9, 30, 0)), offset_minutes: Some(60) })
    );
    assert_eq!(kinds(&a.problems), vec![(ProblemKind::NoTopics, None)]);
}

#[test]
fn front_matter_updated() {
    let a = front_matter("date = 2022-03-03\nupdated = 2022-03-04T10:15:00Z\n", FM_BODY);
    assert_eq!(a.date, day(2022, 3, 3));
    assert_eq!(
        a.updated,
        Some(Timestamp { date: Date::new(2022, 3, 4).unwrap(), time: Some((10, 15, 0)), offset_minutes: Some(0) })
    );
}

#[test]
fn front_matter_topics_are_added_to_the_text_topics() {
    let body = "Pier lamps return\n\nThe first paragraph of the piece.\n\nRelated Topics\n\n• Coastal towns\n• Harbour works\n";
    let a = front_matter("topics = [\"harbour  WORKS\", \"Street lighting\"]\n", body);
    assert_eq!(a.topics, strings(&["Coastal towns", "Harbour works", "Street lighting"]));
    assert_eq!(a.problems, vec![]);
}

#[test]
fn front_matter_authors_replace_the_byline() {
    let body = "Pier lamps return\n\nBy Owen PascoeHarbour News\n\nThe first paragraph of the piece.\n";
    let a = front_matter("authors = [\"Mara Kellington\", \"Ines Varga\"]\n", body);
    assert_eq!(
        Seen::of(&a),
        Seen {
            authors: strings(&["Mara Kellington", "Ines Varga"]),
            // Front matter does not say: the byline's role is kept.
            role: Some("Harbour News".into()),
            ..Seen::new("Pier lamps return", vec![p("The first paragraph of the piece.")])
        }
    );
}

#[test]
fn front_matter_summary_replaces_the_lead_as_summary() {
    let a = front_matter("summary = \"Lamps are back, and cheaper to run.\"\n", FM_BODY);
    assert_eq!(a.summary(), "Lamps are back, and cheaper to run.");
    assert_eq!(a.lead, "The first paragraph of the piece.");
    let a = article(FM_BODY);
    assert_eq!(a.summary(), "The first paragraph of the piece.");
}

#[test]
fn front_matter_source_url() {
    let a = front_matter("source_url = \"https://example.org/news/pier-lamps\"\n", FM_BODY);
    assert_eq!(a.source_url(), Some("https://example.org/news/pier-lamps"));
    assert_eq!(article(FM_BODY).source_url(), None);
}

#[test]
fn front_matter_slug() {
    assert_eq!(front_matter("slug = \"lamps-2022\"\n", FM_BODY).slug, "lamps-2022");
    assert_eq!(front_matter("slug = \"Lamps Again\"\n", FM_BODY).slug, "lamps-again");
    // A slug can never leave the output folder.
    assert_eq!(front_matter("slug = \"../../outside\"\n", FM_BODY).slug, "outside");
    // An empty slug falls back to the title.
    assert_eq!(front_matter("slug = \"\"\n", FM_BODY).slug, "pier-lamps-return");
}

#[test]
fn front_matter_draft() {
    assert!(front_matter("draft = true\n", FM_BODY).draft);
    assert!(!front_matter("draft = false\n", FM_BODY).draft);
    assert!(!article(FM_BODY).draft);
    let site = site_of(&[("content/a.txt", &format!("+++\ndraft = true\n+++\n{FM_BODY}")), ("content/b.txt", FM_BODY)]);
    let paths: Vec<&str> = site.articles.iter().map(|a| a.path.as_str()).collect();
    assert_eq!(paths, vec!["content/b.txt"]);
}

#[test]
fn front_matter_aliases() {
    let a = front_matter("aliases = [\"/old/pier-lamps/\", \"/2022/03/lamps.html\"]\n", FM_BODY);
    assert_eq!(a.aliases(), strings(&["/old/pier-lamps/", "/2022/03/lamps.html"]));
}

#[test]
fn front_matter_extra_is_handed_over_untouched() {
    let a = front_matter(
        "title = \"Pier lamps return\"\n\n[extra]\nphotographer = \"Ines Varga\"\npages = 2\nflags = [\"cover\"]\n",
        FM_BODY,
    );
    assert_eq!(a.extra(), Some(&serde_json::json!({"photographer": "Ines Varga", "pages": 2, "flags": ["cover"]})));
    assert_eq!(kinds(&a.problems), vec![(ProblemKind::NoTopics, None)]);
}

#[test]
fn unknown_front_matter_key_is_an_error_on_its_file_line() {
    let a = front_matter("title = \"Lamps back on\"\nmood = \"sunny\"\n", FM_BODY);
    // Line 1 is +++, so the key on TOML line 2 is on line 3 of the file.
    assert_eq!(kinds(&a.problems), vec![(ProblemKind::BadKey, Some(3)), (ProblemKind::NoTopics, None)]);
    assert_eq!(a.problems[0].at.path, "content/a.txt");
    assert_eq!(a.problems[0].severity(), Severity::Error);
    assert!(a.problems[0].at.message.contains("unknown key `mood`"), "{}", a.problems[0].at.message);
    assert_eq!(a.title, "Lamps back on");
}

#[test]
fn unknown_front_matter_table_names_its_line() {
    let a = front_matter("title = \"Lamps back on\"\n[meta]\nx = 1\n", FM_BODY);
    assert_eq!(kinds(&a.problems), vec![(ProblemKind::BadKey, Some(3)), (ProblemKind::NoTopics, None)]);
}

#[test]
fn mistyped_front_matter_values_are_errors_and_ignored() {
    let a = front_matter(
        "title = 42\ndate = \"2021-11-26\"\nslug = \"kept\"\nupdated = 2021-13-45\ndraft = \"yes\"\ntopics = \"Harbour works\"\n",
        FM_BODY,
    );
    let mut bad: Vec<Option<usize>> =
        a.problems.iter().filter(|p| p.kind == ProblemKind::BadKey).map(|p| p.at.line).collect();
    bad.sort();
    assert_eq!(bad, vec![Some(2), Some(3), Some(5), Some(6), Some(7)], "{:?}", a.problems);
    // Each wrong key is ignored; the others still count.
    assert_eq!(Seen::of(&a), Seen::new("Pier lamps return", vec![p("The first paragraph of the piece.")]));
    assert_eq!(a.slug, "kept");
    assert!(!a.draft);
}

#[test]
fn impossible_front_matter_date_is_an_error_on_its_line() {
    let a = front_matter("title = \"Lamps back on\"\ndate = 2021-13-45\n", FM_BODY);
    assert_eq!(kinds(&a.problems), vec![(ProblemKind::BadKey, Some(3)), (ProblemKind::NoTopics, None)]);
    assert_eq!(a.date, None);
    assert_eq!(a.title, "Lamps back on");
}

#[test]
fn front_matter_that_is_not_toml_leaves_the_file_out() {
    let problem = left_out(b"+++\ntitle = \"Lamps\"\nthis is not toml\n+++\nPier lamps return\n\nBody.\n");
    assert_eq!(problem.kind, ProblemKind::LeftOut);
    assert_eq!(problem.at.path, "content/a.txt");
    assert_eq!(problem.at.line, Some(3));
    assert!(problem.at.message.contains("not valid TOML"), "{}", problem.at.message);
}

#[test]
fn front_matter_without_closing_line_leaves_the_file_out() {
    let problem = left_out(b"+++\ntitle = \"Lamps\"\nPier lamps return\n\nBody.\n");
    assert_eq!(problem.kind, ProblemKind::LeftOut);
    assert_eq!(problem.at.line, Some(1));
    assert!(problem.at.message.contains("never closed"), "{}", problem.at.message);
}

#[test]
fn front_matter_line_numbers_count_crlf_and_bom() {
    let a = load_bytes(
        "\u{feff}+++\r\ntitle = \"Lamps\"\r\n\r\nmood = 1\r\n+++\r\nPier lamps return\r\n\r\nBody.\r\n".as_bytes(),
    )
    .unwrap();
    assert_eq!(kinds(&a.problems), vec![(ProblemKind::BadKey, Some(4)), (ProblemKind::NoTopics, None)]);
}

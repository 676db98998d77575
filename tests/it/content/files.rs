//! Files and bytes (docs/content.md, "Files and bytes"): which files are
//! articles, sections, encodings, line breaks, no-break spaces.

use super::*;

#[test]
fn txt_file_is_a_scraped_plain_text_article() {
    let a = article_at(
        "content/harbour-lamps.txt",
        "Pier lamps return\n\nThe first paragraph of the piece.\n\nA second paragraph follows it.\n",
    );
    assert_eq!(a.path, "content/harbour-lamps.txt");
    assert_eq!(a.stem, "harbour-lamps");
    assert_eq!(a.section, None);
    assert_eq!(
        Seen::of(&a),
        Seen::new(
            "Pier lamps return",
            vec![p("The first paragraph of the piece."), p("A second paragraph follows it.")]
        )
    );
    assert_eq!(a.summary(), "The first paragraph of the piece.");
}

#[test]
fn sidecar_that_is_not_utf8_leaves_the_article_out() {
    let problem = load_memory(
        "content/pier.txt",
        b"Pier lamps return\n\nThe first paragraph.\n",
        Some(b"slug = \"quay\"\ntitle = \"Caf\xE9\"\n"),
        &LoadOptions::default(),
    )
    .unwrap_err();
    assert_eq!(problem.at.path, "content/pier.toml");
    assert_eq!(problem.kind, ProblemKind::LeftOut);
    assert_eq!(problem.at.line, Some(2));
    assert!(problem.at.message.contains("offset 26"), "{}", problem.at.message);
}

#[test]
fn folder_is_a_section() {
    let top = article_at("content/a.txt", FM_BODY);
    let business = article_at("content/business/a.txt", FM_BODY);
    let deeper = article_at("content/business/ports/a.txt", FM_BODY);
    assert_eq!(top.section, None);
    assert_eq!(business.section.as_deref(), Some("business"));
    assert_eq!(deeper.section.as_deref(), Some("business"));
}

#[cfg(unix)]
#[test]
fn only_article_files_are_read_hidden_files_and_symlinks_skipped() {
    let fixture = Fixture::new(&[
        ("content/a.txt", FM_BODY),
        ("content/b.md", "# Quay notes\n\nThe café opens at nine.\n"),
        ("content/c.html", "<p>Not an article</p>\n"),
        ("content/d.xml", "<tides><day>Tue</day></tides>\n"),
        ("content/.e.txt", FM_BODY),
        ("content/.hidden/f.txt", FM_BODY),
        ("content/world/g.txt", FM_BODY),
        ("content/world/g.toml", "title = \"From the sidecar\"\n"),
    ]);
    let root = fixture.root();
    std::os::unix::fs::symlink(root.join("content/a.txt"), root.join("content/h.txt")).unwrap();
    std::os::unix::fs::symlink(root.join("content/world"), root.join("content/linked")).unwrap();
    let loaded = gazette::load::load_site(&fixture.config());
    let paths: Vec<&str> = loaded.articles.iter().map(|a| a.path.as_str()).collect();
    assert_eq!(paths, vec!["content/a.txt", "content/b.md", "content/world/g.txt"]);
    assert_eq!(loaded.articles[2].title, "From the sidecar");
    assert_eq!(loaded.articles[2].section.as_deref(), Some("world"));
    let skipped: Vec<(&str, ProblemKind)> = loaded.problems.iter().map(|p| (p.at.path.as_str(), p.kind)).collect();
    assert_eq!(skipped, vec![("content/h.txt", ProblemKind::Skipped), ("content/linked", ProblemKind::Skipped)]);
}

// --- bytes -----------------------------------------------------------------

#[test]
fn bom_and_crlf() {
    let a =
        load_bytes("\u{feff}Pier lamps return\r\n\r\nThe first paragraph.\r\n\r\nA second paragraph.\r\n".as_bytes())
            .unwrap();
    assert_eq!(Seen::of(&a), Seen::new("Pier lamps return", vec![p("The first paragraph."), p("A second paragraph.")]));
}

#[test]
fn lone_cr_is_a_line_break() {
    let a = load_bytes(
        "Pier lamps return\rThe first paragraph.\r\r• Quay café reopens\r• Ferry fares set for spring\r\rA second paragraph.\r"
            .as_bytes(),
    )
    .unwrap();
    assert_eq!(
        Seen::of(&a),
        Seen::new(
            "Pier lamps return",
            vec![
                p("The first paragraph."),
                related(None, &[("Quay café reopens", 4), ("Ferry fares set for spring", 5)]),
                p("A second paragraph."),
            ]
        )
    );
}

#[test]
fn line_of_only_no_break_spaces_is_blank() {
    // Blank above the caption label, so the short line is not its alt text.
    let seen = framed("Lamps stacked in the depot\n\u{a0}\u{a0} \u{a0}\nImage caption, Old lamps wait for repair");
    assert_eq!(
        seen,
        framed_as(vec![p("Lamps stacked in the depot"), image(None, Some("Old lamps wait for repair"), None)])
    );
    // A blank first line is not the headline.
    let a = article("\u{a0}\nPier lamps return\n\u{a0}\nThe first paragraph.\n");
    assert_eq!(Seen::of(&a), Seen::new("Pier lamps return", vec![p("The first paragraph.")]));
}

#[test]
fn no_break_space_inside_text_is_kept() {
    let a = article("Pier lamps\u{a0}return\n\nThe fare rose to 2\u{a0}euros a\u{a0}trip.\n");
    assert_eq!(
        Seen::of(&a),
        Seen::new("Pier lamps\u{a0}return", vec![p("The fare rose to 2\u{a0}euros a\u{a0}trip.")])
    );
}

#[test]
fn no_break_space_inside_a_label_is_still_a_label() {
    assert_eq!(
        framed("Image\u{a0}source, Studio\u{a0}NineImage\u{a0}caption,\u{a0}Lamps at dusk"),
        framed_as(vec![image(Some("Studio\u{a0}Nine"), Some("Lamps at dusk"), None)])
    );
    assert_eq!(framed("Image\u{a0}source, Studio Nine"), framed_as(vec![image(Some("Studio Nine"), None, None)]));
}

#[test]
fn no_break_spaces_count_as_spaces_when_classifying() {
    let text = concat!(
        "Pier lamps return\n",
        "\n",
        "Published\u{a0}3\u{a0}March\u{a0}2022\n",
        "\n",
        "The first paragraph.\n",
        "\n",
        "Related\u{a0}Topics\n",
        "\n",
        "\u{a0}\u{a0}•\u{a0}Harbour\u{a0}works\n",
        "\u{a0}\u{a0}•\u{a0}Coastal towns\n",
    );
    assert_eq!(
        Seen::of(&article(text)),
        Seen {
            topics: strings(&["Harbour\u{a0}works", "Coastal towns"]),
            date: day(2022, 3, 3),
            ..Seen::new("Pier lamps return", vec![p("The first paragraph.")])
        }
    );
}

#[test]
fn byline_after_no_break_space() {
    let a = article(&format!("{TITLE}\n\nBy\u{a0}Mara Kellington\n\n{LEAD}\n\n{AFTER}\n"));
    assert_eq!(
        Seen::of(&a),
        Seen { authors: strings(&["Mara Kellington"]), ..Seen::new(TITLE, vec![p(LEAD), p(AFTER)]) }
    );
}

#[test]
fn no_final_newline() {
    let a = article("Pier lamps return\n\nThe first paragraph.\n\nThe last line has no newline");
    assert_eq!(
        Seen::of(&a),
        Seen::new("Pier lamps return", vec![p("The first paragraph."), p("The last line has no newline")])
    );
}

#[test]
fn trailing_whitespace_is_trimmed() {
    let a = article("Pier lamps return \t\n\nThe first paragraph.   \n\nThe second paragraph.\u{a0}\u{a0}\t\n");
    assert_eq!(
        Seen::of(&a),
        Seen::new("Pier lamps return", vec![p("The first paragraph."), p("The second paragraph.")])
    );
}

#[test]
fn empty_file_is_left_out() {
    for bytes in [&b""[..], b"\n\n  \t\n", b"\xEF\xBB\xBF", b"\r\n\r\n"] {
        let problem = left_out(bytes);
        assert_eq!(problem.at.path, "content/a.txt");
        assert_eq!(problem.kind, ProblemKind::LeftOut);
        assert_eq!(problem.at.line, None);
        assert!(problem.at.message.contains("empty"), "{}", problem.at.message);
    }
}

#[test]
fn file_of_only_no_break_spaces_is_empty() {
    let problem = left_out("\u{a0}\n\u{a0}\u{a0}\n".as_bytes());
    assert_eq!(problem.kind, ProblemKind::LeftOut);
    assert!(problem.at.message.contains("empty"), "{}", problem.at.message);
}

#[test]
fn invalid_utf8_is_left_out_with_offset_and_line() {
    // "Pier lamps return\n" is 18 bytes, the blank line 1, "The fare is " 12.
    let problem = left_out(b"Pier lamps return\n\nThe fare is \xA32 a trip.\n");
    assert_eq!(problem.at.path, "content/a.txt");
    assert_eq!(problem.kind, ProblemKind::LeftOut);
    assert_eq!(problem.at.line, Some(3));
    assert_eq!(problem.severity(), Severity::Error);
    for part in [
        "not valid UTF-8",
        "0xA3",
        "offset 31",
        "line 3",
        "re-encode",
        "fallback_encoding = \"windows-1252\"",
        "[load]",
        "site.toml",
    ] {
        assert!(problem.at.message.contains(part), "{part:?} not in {}", problem.at.message);
    }
}

#[test]
fn invalid_utf8_after_crlf_counts_lines() {
    let problem = left_out(b"Pier lamps return\r\n\r\nBad \xFF byte\r\n");
    assert_eq!(problem.at.line, Some(3));
    assert!(problem.at.message.contains("offset 25"), "{}", problem.at.message);
}

#[test]
fn invalid_utf8_offset_counts_the_byte_order_mark() {
    // BOM (3 bytes) + "Pier\n" (5 bytes): the bad byte is byte 8 of the file.
    let problem = left_out(b"\xEF\xBB\xBFPier\n\xFF\n");
    assert_eq!(problem.at.line, Some(2));
    assert!(problem.at.message.contains("offset 8"), "{}", problem.at.message);
}

#[test]
fn invalid_utf8_line_counts_lone_cr() {
    let problem = left_out(b"Pier lamps return\r\rBad \xFF byte\r");
    assert_eq!(problem.at.line, Some(3));
    assert!(problem.at.message.contains("line 3"), "{}", problem.at.message);
}

#[test]
fn fallback_encoding_decodes_windows_1252() {
    let options = LoadOptions { fallback_encoding: Some(encoding_rs::WINDOWS_1252), ..LoadOptions::default() };
    let bytes = b"Caf\xE9 reopens on the quay\r\n\r\nThe owner paid \x80300 for a new awning.\r\n\r\nRegulars call it the \x93best\x94 on the coast.\r\n";
    let a = load_memory("content/a.txt", bytes, None, &options).unwrap();
    assert_eq!(
        Seen::of(&a),
        Seen::new(
            "Café reopens on the quay",
            vec![
                p("The owner paid €300 for a new awning."),
                p("Regulars call it the \u{201c}best\u{201d} on the coast."),
            ]
        )
    );
    // Not silent about anything else: only the usual warning.
    assert_eq!(kinds(&a.problems), vec![(ProblemKind::NoTopics, None)]);

    // Valid UTF-8 is still read as UTF-8.
    let a =
        load_memory("content/a.txt", "Café reopens on the quay\n\nThe owner paid €300.\n".as_bytes(), None, &options)
            .unwrap();
    assert_eq!(a.title, "Café reopens on the quay");
    assert_eq!(a.blocks, vec![p("The owner paid €300.")]);

    // Without the option the same bytes are left out.
    assert_eq!(left_out(bytes).kind, ProblemKind::LeftOut);
}

#[test]
fn nul_byte_is_left_out() {
    // "Pier lamps return\n" 18 bytes + "\n" + "A": the NUL is byte 20.
    let problem = left_out(b"Pier lamps return\n\nA\x00B\n");
    assert_eq!(problem.kind, ProblemKind::LeftOut);
    assert_eq!(problem.at.line, Some(3));
    assert!(problem.at.message.contains("NUL") && problem.at.message.contains("byte 20"), "{}", problem.at.message);
    // UTF-16 is full of NULs, with or without a fallback encoding.
    assert_eq!(left_out(b"\xFF\xFEP\x00i\x00e\x00r\x00").kind, ProblemKind::LeftOut);
    let options = LoadOptions { fallback_encoding: Some(encoding_rs::WINDOWS_1252), ..LoadOptions::default() };
    let err = load_memory("content/a.txt", b"Pier\n\nA\x00B\n", None, &options).unwrap_err();
    assert_eq!(err.kind, ProblemKind::LeftOut);
}

//! Topics, related stories and lists (docs/content.md, "Scraped text:
//! Topics, related stories and lists"), and related headlines resolved
//! across the articles of a site.

use super::*;

#[test]
fn related_topics_at_the_top() {
    let text = concat!(
        "Related Topics\n",
        "\n",
        "  • Harbour works\n",
        "  • Coastal towns\n",
        "\n",
        "Image source, Harbour TrustImage caption, The pier at low tide\n",
        "\n",
        "The town council switched the pier lamps back on after a long winter of repairs\n",
        "\n",
        "Volunteers repainted the railings while electricians tested every bulb.\n",
    );
    assert_eq!(
        Seen::of(&article(text)),
        Seen {
            topics: strings(&["Harbour works", "Coastal towns"]),
            ..Seen::derived(
                "The town council switched the pier lamps back on after a long winter of repairs",
                vec![
                    image(Some("Harbour Trust"), Some("The pier at low tide"), None),
                    p("The town council switched the pier lamps back on after a long winter of repairs"),
                    p("Volunteers repainted the railings while electricians tested every bulb."),
                ]
            )
        }
    );
}

#[test]
fn related_topics_above_the_headline_line() {
    // docs/content.md: the title is "the file's first line that is not chrome, when it
    // is none of the shapes". Read literally, a file opening with Related
    // Topics has no headline line: the title is derived from the lead, which
    // is the line that looks like a headline.
    let text = "Related Topics\n\n• Harbour works\n\nPier lamps return\n\nThe first paragraph.\n";
    assert_eq!(
        Seen::of(&article(text)),
        Seen {
            topics: strings(&["Harbour works"]),
            ..Seen::derived("Pier lamps return", vec![p("Pier lamps return"), p("The first paragraph.")])
        }
    );
}

#[test]
fn related_topics_at_the_bottom() {
    let text = format!("{TITLE}\n\n{LEAD}\n\n{AFTER}\n\nRelated Topics\n\n• Harbour works\n\n• Coastal towns\n");
    assert_eq!(
        Seen::of(&article(&text)),
        Seen { topics: strings(&["Harbour works", "Coastal towns"]), ..Seen::new(TITLE, vec![p(LEAD), p(AFTER)]) }
    );
}

#[test]
fn related_topics_any_case_any_spaces() {
    for heading in ["RELATED TOPICS", "related   topics", "  Related \t Topics"] {
        let text = format!("{TITLE}\n\n{LEAD}\n\n{heading}\n\n- Harbour works\n- Coastal towns\n");
        assert_eq!(
            Seen::of(&article(&text)),
            Seen { topics: strings(&["Harbour works", "Coastal towns"]), ..Seen::new(TITLE, vec![p(LEAD)]) },
            "{heading:?}"
        );
    }
}

#[test]
fn related_topics_that_lost_their_bullets_at_the_end() {
    // A choice of docs/content.md: short lines up to the
    // end of the file are topics, prose never is.
    let text = format!("{TITLE}\n\n{LEAD}\n\nRelated Topics\n\nHarbour works\nCoastal towns\n");
    assert_eq!(
        Seen::of(&article(&text)),
        Seen { topics: strings(&["Harbour works", "Coastal towns"]), ..Seen::new(TITLE, vec![p(LEAD)]) }
    );
    let text = format!("{TITLE}\n\n{LEAD}\n\nRelated Topics\n\n{AFTER}\n");
    assert_eq!(Seen::of(&article(&text)), Seen::new(TITLE, vec![p(LEAD), p(AFTER)]));
}

#[test]
fn related_topics_published_bullet_sets_no_date() {
    let text = format!(
        "{TITLE}\n\n{LEAD}\n\nRelated Topics\n\n• Harbour works\n• Published 3 March 2022\n• Coastal towns\n- Published\n"
    );
    assert_eq!(
        Seen::of(&article(&text)),
        Seen { topics: strings(&["Harbour works", "Coastal towns"]), date: None, ..Seen::new(TITLE, vec![p(LEAD)]) }
    );
}

#[test]
fn bullet_run_markers_indent_and_blank_lines() {
    let shape = "• Lamps return to the pier\n  ▪ Quay café reopens\n\n\t– Ferry fares set for spring\n- Tide gates get new seals";
    assert_eq!(
        framed(shape),
        framed_as(vec![related(
            None,
            &[
                ("Lamps return to the pier", 5),
                ("Quay café reopens", 6),
                ("Ferry fares set for spring", 8),
                ("Tide gates get new seals", 9),
            ]
        )])
    );
}

#[test]
fn bullet_needs_a_space_after_its_marker() {
    assert_eq!(
        framed("•No space after this marker\n\n-5 degrees overnight on the quay"),
        framed_as(vec![p("•No space after this marker"), p("-5 degrees overnight on the quay")])
    );
}

#[test]
fn headline_bullet_run_is_related() {
    assert_eq!(
        framed("• Will the lamps last the winter?\n• Ferry fares set for spring!\n• Quay café reopens"),
        framed_as(vec![related(
            None,
            &[("Will the lamps last the winter?", 5), ("Ferry fares set for spring!", 6), ("Quay café reopens", 7),]
        )])
    );
}

#[test]
fn headline_bullet_items_count_120_characters() {
    let at_most = "Harbour volunteers in Ålesund and Tromsø compare notes on repainting piers, replacing lamps and keeping cafés open daily";
    let too_long = "Harbour volunteers in Ålesund and Tromsø compare notes on repainting piers, replacing lamps and keeping cafés open lately";
    assert_eq!(at_most.chars().count(), 120);
    assert_eq!(too_long.chars().count(), 121);
    assert_eq!(
        framed(&format!("• {at_most}\n• Quay café reopens")),
        framed_as(vec![related(None, &[(at_most, 5), ("Quay café reopens", 6)])])
    );
    assert_eq!(
        framed(&format!("• {too_long}\n• Quay café reopens")),
        framed_as(vec![list(None, &[(too_long, 5), ("Quay café reopens", 6)], true)])
    );
}

#[test]
fn bullet_item_ending_like_a_clause_makes_a_list() {
    for end in [".", ",", ";"] {
        let first = format!("The lamps were cast in a foundry in 1911{end}");
        assert_eq!(
            framed(&format!("• {first}\n• Quay café reopens")),
            framed_as(vec![list(None, &[(&first, 5), ("Quay café reopens", 6)], true)]),
            "{end:?}"
        );
    }
}

#[test]
fn genuine_list() {
    assert_eq!(
        framed("• The lamps were cast in a foundry in 1911.\n\n• Each bulb uses a tenth of the old power."),
        framed_as(vec![list(
            None,
            &[("The lamps were cast in a foundry in 1911.", 5), ("Each bulb uses a tenth of the old power.", 7)],
            true
        )])
    );
}

#[test]
fn more_on_this_story_then_headline_lines() {
    assert_eq!(
        framed("More on this story\n\nLamps return to the pier\n\nQuay café reopens"),
        framed_as(vec![related(
            Some("More on this story"),
            &[("Lamps return to the pier", 7), ("Quay café reopens", 9)]
        )])
    );
}

#[test]
fn related_stories_then_bullets() {
    assert_eq!(
        framed("Related stories\n• Lamps return to the pier\n• Quay café reopens"),
        framed_as(vec![related(Some("Related stories"), &[("Lamps return to the pier", 6), ("Quay café reopens", 7)])])
    );
}

#[test]
fn related_internet_links_are_plain_names() {
    assert_eq!(
        framed("Related Internet Links\n\nHarbour Trust\n\nCoastal Heritage Fund"),
        framed_as(vec![internet_links(&[("Harbour Trust", 7), ("Coastal Heritage Fund", 9)])])
    );
}

#[test]
fn related_internet_links_are_never_topics() {
    let text = format!(
        "{TITLE}\n\n{LEAD}\n\n{AFTER}\n\nRelated Internet Links\n\nHarbour Trust\n\nRelated Topics\n\n• Harbour works\n"
    );
    assert_eq!(
        Seen::of(&article(&text)),
        Seen {
            topics: strings(&["Harbour works"]),
            ..Seen::new(TITLE, vec![p(LEAD), p(AFTER), internet_links(&[("Harbour Trust", 9)])])
        }
    );
}

#[test]
fn summary_above_bullet_run_heads_the_list() {
    assert_eq!(
        framed("Summary\n\n• The lamps cost less to run than the old ones.\n• Work ends before the summer season"),
        framed_as(vec![list(
            Some("Summary"),
            &[("The lamps cost less to run than the old ones.", 7), ("Work ends before the summer season", 8)],
            false
        )])
    );
}

#[test]
fn summary_list_is_never_the_lead() {
    let text = format!("{TITLE}\n\nSummary\n\n• Lamps are back on\n• Work ends before summer\n\n{LEAD}\n\n{AFTER}\n");
    let a = article(&text);
    assert_eq!(
        Seen::of(&a),
        Seen::new(
            TITLE,
            vec![
                list(Some("Summary"), &[("Lamps are back on", 5), ("Work ends before summer", 6)], false),
                p(LEAD),
                p(AFTER)
            ]
        )
    );
    assert_eq!(a.lead, LEAD);
    assert_eq!(a.summary(), LEAD);
}

#[test]
fn summary_not_above_bullets_is_a_paragraph() {
    assert_eq!(framed("Summary"), framed_as(vec![p("Summary")]));
}

#[test]
fn numbered_lines_are_paragraphs() {
    assert_eq!(
        framed("1. Switch off the mains supply.\n2. Replace the bulb\n3. Test the circuit"),
        framed_as(vec![p("1. Switch off the mains supply."), p("2. Replace the bulb"), p("3. Test the circuit")])
    );
}

/// The target of the one related headline `headline` in `content/z.txt`,
/// when `content/a.txt` is titled `title`.
fn link_target(title: &str, headline: &str) -> Option<usize> {
    let target = format!("+++\ntitle = {title:?}\n+++\nThe first paragraph of the linked piece.\n");
    let linking = format!(
        "Ferry fares set for spring\n\nThe council met to set the fares.\n\n• {headline}\n\nA closing paragraph.\n"
    );
    let site = site_of(&[("content/a.txt", &target), ("content/z.txt", &linking)]);
    let body = site.body(1).unwrap();
    let Block::Related(r) = &body[1] else { panic!("no related aside: {body:?}") };
    r.items[0].target
}

#[test]
fn related_headline_match_folds_case() {
    assert_eq!(link_target("Pier lamps return", "PIER Lamps RETURN"), Some(0));
}

#[test]
fn related_headline_match_folds_curly_and_straight_quotes() {
    assert_eq!(link_target("Harbour\u{2019}s lamps return", "Harbour's lamps return"), Some(0));
    assert_eq!(link_target("The \"best\" café", "The \u{201c}best\u{201d} café"), Some(0));
}

#[test]
fn related_headline_match_folds_dashes() {
    assert_eq!(link_target("Pier lamps \u{2013} back on", "Pier lamps - back on"), Some(0));
    assert_eq!(link_target("Pier lamps - back on", "Pier lamps \u{2014} back on"), Some(0));
}

#[test]
fn related_headline_match_folds_runs_of_spaces() {
    assert_eq!(link_target("Pier lamps return", "Pier   lamps\u{a0}return"), Some(0));
}

#[test]
fn related_headline_match_ignores_trailing_punctuation() {
    assert_eq!(link_target("Is the pier safe?", "Is the pier safe"), Some(0));
    assert_eq!(link_target("Pier lamps return", "Pier lamps return!"), Some(0));
    assert_eq!(link_target("Pier lamps return", "Pier lamps return\u{2026}"), Some(0));
}

#[test]
fn related_headline_that_differs_does_not_match() {
    assert_eq!(link_target("Pier lamps return", "Pier lamps returned"), None);
}

#[test]
fn same_title_links_to_the_earliest_dated_else_first_by_path() {
    let titled = |date: &str| format!("+++\ntitle = \"Pier lamps return\"\n{date}+++\nBody.\n");
    let linking = "Ferry fares set for spring\n\nThe council met to set the fares.\n\n• Pier lamps return\n";
    let target = |site: &Site| {
        let body = site.body(3).unwrap();
        let Block::Related(r) = &body[1] else { panic!() };
        r.items[0].target
    };
    let site = site_of(&[
        ("content/a.txt", &titled("")),
        ("content/b.txt", &titled("date = 2021-01-01\n")),
        ("content/c.txt", &titled("date = 2020-01-01\n")),
        ("content/z.txt", linking),
    ]);
    assert_eq!(target(&site), Some(2));
    let site = site_of(&[
        ("content/a.txt", &titled("")),
        ("content/b.txt", &titled("")),
        ("content/c.txt", &titled("")),
        ("content/z.txt", linking),
    ]);
    assert_eq!(target(&site), Some(0));
}

#[test]
fn drafts_are_never_link_targets() {
    let config = Config::parse(Path::new("."), "").unwrap();
    let articles = vec![
        article_at(
            "content/a.txt",
            "+++\ntitle = \"Pier lamps return\"\ndate = 2020-01-01\ndraft = true\n+++\nBody.\n",
        ),
        article_at("content/b.txt", "+++\ntitle = \"Pier lamps return\"\ndate = 2021-01-01\n+++\nBody.\n"),
        article_at("content/z.txt", "Ferry fares set for spring\n\nThe council met.\n\n• Pier lamps return\n"),
    ];
    // Built with --drafts: the draft is on the site, but links skip it.
    let site = index(&config, articles.clone(), true);
    assert_eq!(site.articles.len(), 3);
    let body = site.body(2).unwrap();
    let Block::Related(r) = &body[1] else { panic!() };
    assert_eq!(r.items[0].target, Some(1));
    // Only the draft has the title: the headline stays plain text.
    let site = index(&config, vec![articles[0].clone(), articles[2].clone()], true);
    let body = site.body(1).unwrap();
    let Block::Related(r) = &body[1] else { panic!() };
    assert_eq!(r.items[0].target, None);
}

const SENTENCES: &str = concat!(
    "Ferry fares set for spring\n",
    "\n",
    "The council met to set the fares.\n",
    "\n",
    "• The lamps were cast in a foundry in 1911.\n",
    "• Pier lamps return\n",
    "• Each bulb uses a tenth of the old power.\n",
    "\n",
    "A closing paragraph.\n",
);

#[test]
fn bullet_run_naming_another_article_becomes_related() {
    // At load time a run of sentences is a list that may still be related.
    assert_eq!(
        article(SENTENCES).blocks[1],
        list(
            None,
            &[
                ("The lamps were cast in a foundry in 1911.", 5),
                ("Pier lamps return", 6),
                ("Each bulb uses a tenth of the old power.", 7)
            ],
            true
        )
    );
    let site = site_of(&[("content/a.txt", FM_BODY), ("content/z.txt", SENTENCES)]);
    let body = site.body(1).unwrap();
    let Block::Related(r) = &body[1] else { panic!("not promoted: {body:?}") };
    assert_eq!(r.heading, None);
    assert!(r.linkable);
    let got: Vec<(&str, Option<usize>)> = r.items.iter().map(|i| (i.text.as_str(), i.target)).collect();
    assert_eq!(
        got,
        vec![
            ("The lamps were cast in a foundry in 1911.", None),
            ("Pier lamps return", Some(0)),
            ("Each bulb uses a tenth of the old power.", None),
        ]
    );
    // Without a matching article it stays a list.
    let site = site_of(&[("content/z.txt", SENTENCES)]);
    assert!(matches!(site.body(0).unwrap()[1], Block::List(_)));
}

#[test]
fn promoted_related_items_keep_their_lines() {
    let site = site_of(&[("content/a.txt", FM_BODY), ("content/z.txt", SENTENCES)]);
    let body = site.body(1).unwrap();
    let Block::Related(r) = &body[1] else { panic!() };
    let lines: Vec<Option<usize>> = r.items.iter().map(|i| i.line).collect();
    assert_eq!(lines, vec![Some(5), Some(6), Some(7)]);
    let unresolved: Vec<(&str, Option<usize>, &str)> = site
        .problems
        .iter()
        .filter(|p| p.kind == ProblemKind::UnresolvedRelated)
        .map(|p| (p.at.path.as_str(), p.at.line, p.at.message.as_str()))
        .collect();
    assert_eq!(
        unresolved,
        vec![(
            "content/z.txt",
            Some(5),
            "2 related headlines (lines 5, 7) match no article title; they are shown as plain text (`gazette inspect content/z.txt` shows its headlines)"
        )]
    );
}

#[test]
fn summary_list_is_never_promoted() {
    let text = "Ferry fares set for spring\n\nSummary\n\n• Pier lamps return\n• Fares rise by a tenth\n\nThe council met to set the fares.\n";
    let site = site_of(&[("content/a.txt", FM_BODY), ("content/z.txt", text)]);
    assert_eq!(
        site.body(1).unwrap()[0],
        list(Some("Summary"), &[("Pier lamps return", 5), ("Fares rise by a tenth", 6)], false)
    );
}

#[test]
fn unresolved_related_headlines_are_warnings() {
    let text =
        framed_text("• Quay café reopens\n• Pier lamps return\n\nMore on this story\n\nTide gates get new seals");
    let site = site_of(&[("content/a.txt", FM_BODY), ("content/z.txt", &text)]);
    let unresolved: Vec<&Problem> = site.problems.iter().filter(|p| p.kind == ProblemKind::UnresolvedRelated).collect();
    let got: Vec<(&str, Option<usize>, Severity)> =
        unresolved.iter().map(|p| (p.at.path.as_str(), p.at.line, p.severity())).collect();
    assert_eq!(got, vec![("content/z.txt", Some(5), Severity::Warning)]);
    assert_eq!(
        unresolved[0].at.message,
        "2 related headlines (lines 5, 10) match no article title; they are shown as plain text (`gazette inspect content/z.txt` shows its headlines)"
    );
}

#[test]
fn related_internet_links_never_link_and_never_warn() {
    let text = framed_text("Related Internet Links\n\nPier lamps return");
    let site = site_of(&[("content/a.txt", FM_BODY), ("content/z.txt", &text)]);
    assert_eq!(site.body(1).unwrap()[1], internet_links(&[("Pier lamps return", 7)]));
    assert!(site.problems.iter().all(|p| p.kind != ProblemKind::UnresolvedRelated), "{:?}", site.problems);
}

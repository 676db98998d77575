//! Title, slug and date (docs/content.md, "Title, slug and date").

use super::*;

#[test]
fn title_is_the_first_line_of_up_to_100_characters() {
    let line = "Ålesund, Tromsø and Bodø ferry crews compare notes on winter crossings, icy decks and late café stop";
    assert_eq!(line.chars().count(), 100);
    assert!(line.len() > 100);
    let a = article(&format!("{line}\n\n{LEAD}\n"));
    assert_eq!(Seen::of(&a), Seen::new(line, vec![p(LEAD)]));
}

#[test]
fn first_line_over_100_characters_is_not_the_title() {
    let line = "Ålesund, Tromsø and Bodø ferry crews compare notes on winter crossings, icy decks and late café stops";
    assert_eq!(line.chars().count(), 101);
    let a = article(&format!("{line}\n\n{LEAD}\n"));
    assert_eq!(
        Seen::of(&a),
        Seen::derived(
            "Ålesund, Tromsø and Bodø ferry crews compare notes on winter crossings, icy decks and…",
            vec![p(line), p(LEAD)]
        )
    );
}

#[test]
fn first_line_ending_with_a_full_stop_is_not_the_title() {
    let a = article("The lamps are back. Everyone on the quay cheered.\n\nThe second paragraph.\n");
    assert_eq!(
        Seen::of(&a),
        Seen::derived(
            "The lamps are back",
            vec![p("The lamps are back. Everyone on the quay cheered."), p("The second paragraph.")]
        )
    );
}

#[test]
fn first_line_without_a_following_paragraph_is_not_the_title() {
    let a = article("Pier lamps return\n\nImage source, Harbour Trust\n");
    assert_eq!(
        Seen::of(&a),
        Seen::derived("Pier lamps return", vec![p("Pier lamps return"), image(Some("Harbour Trust"), None, None)])
    );
}

#[test]
fn chrome_before_the_headline_is_skipped() {
    let a = scraped(&format!("Skip to content\nHome\n{TITLE}\n\n{LEAD}\n"));
    assert_eq!(Seen::of(&a), Seen::new(TITLE, vec![p(LEAD)]));
}

#[test]
fn first_line_that_is_a_shape_is_never_the_title() {
    let lead = "The council switched the lamps back on";
    let rest = format!("{lead}\n\nThe second paragraph.\n");
    let cases: Vec<(String, Seen)> = vec![
        (
            format!("Image caption, The pier at dusk\n\n{rest}"),
            Seen::derived(lead, vec![image(None, Some("The pier at dusk"), None), p(lead), p("The second paragraph.")]),
        ),
        (
            format!("• Quay café reopens\n\n{rest}"),
            Seen::derived(lead, vec![related(None, &[("Quay café reopens", 1)]), p(lead), p("The second paragraph.")]),
        ),
        (
            format!("By Mara Kellington\n\n{rest}"),
            Seen {
                authors: strings(&["Mara Kellington"]),
                ..Seen::derived(lead, vec![p(lead), p("The second paragraph.")])
            },
        ),
        (
            format!("Published 3 March 2022\n\n{rest}"),
            Seen { date: day(2022, 3, 3), ..Seen::derived(lead, vec![p(lead), p("The second paragraph.")]) },
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(Seen::of(&article(&text)), expected, "{text:?}");
    }
}

#[test]
fn derived_title_is_the_first_sentence_of_the_lead() {
    let a = article("The lamps are back! Everyone on the quay cheered.\n\nThe second paragraph.\n");
    assert_eq!(a.title, "The lamps are back!");
    assert!(a.title_derived);
}

#[test]
fn derived_title_is_cut_at_a_word_boundary_to_90_characters() {
    let lead = "Volunteers from seven coastal villages spent the whole of the winter repainting the railings along the old pier and the council paid for every tin of paint. They finished in March.";
    let a = article(&format!("{lead}\n\nThe second paragraph.\n"));
    assert_eq!(a.title, "Volunteers from seven coastal villages spent the whole of the winter repainting the…");
    assert!(a.title.chars().count() <= 90);
    assert!(a.title_derived);
}

#[test]
fn derived_title_counts_characters_not_bytes() {
    let sentence = "Ålesund café owners say the new ferry timetable has brought more visitors to the quay ever";
    assert_eq!(sentence.chars().count(), 90);
    assert!(sentence.len() > 90);
    let a = article(&format!("{sentence}. It is busy.\n\nThe second paragraph.\n"));
    assert_eq!(a.title, sentence);
    assert!(a.title_derived);
}

#[test]
fn derived_title_is_a_warning() {
    let a = article("The lamps are back. Everyone cheered.\n\nThe second paragraph.\n");
    assert_eq!(kinds(&a.problems), vec![(ProblemKind::DerivedTitle, None), (ProblemKind::NoTopics, None)]);
    let problem = &a.problems[0];
    assert_eq!(problem.at.path, "content/a.txt");
    assert_eq!(problem.severity(), Severity::Warning);
    assert!(problem.at.message.contains("\"The lamps are back\""), "{}", problem.at.message);
}

#[test]
fn article_without_topics_is_a_warning() {
    let a = article(FM_BODY);
    assert_eq!(kinds(&a.problems), vec![(ProblemKind::NoTopics, None)]);
    assert_eq!(a.problems[0].severity(), Severity::Warning);
    assert_eq!(a.problems[0].at.path, "content/a.txt");
    let a = article(&format!("{FM_BODY}\nRelated Topics\n\n• Harbour works\n"));
    assert_eq!(a.problems, vec![]);
}

fn slug_of(title: &str) -> String {
    front_matter(&format!("title = {title:?}\n"), FM_BODY).slug
}

#[test]
fn slug_drops_apostrophes() {
    assert_eq!(slug_of("Council's quay plan"), "councils-quay-plan");
    assert_eq!(slug_of("Council\u{2019}s quay plan"), "councils-quay-plan");
}

#[test]
fn slug_turns_ampersand_into_and() {
    assert_eq!(slug_of("Lamps & railings"), "lamps-and-railings");
    assert_eq!(slug_of("Lamps&railings"), "lamps-and-railings");
}

#[test]
fn slug_is_transliterated_to_ascii() {
    assert_eq!(slug_of("Łódź café meets Zürich choir"), "lodz-cafe-meets-zurich-choir");
    assert_eq!(slug_of("Москва и Киев"), "moskva-i-kiev");
}

#[test]
fn slug_is_lower_case_with_single_dashes() {
    assert_eq!(slug_of("  Pier -- LAMPS: (Return)!  "), "pier-lamps-return");
}

#[test]
fn slug_is_cut_at_a_word_boundary_to_80_characters() {
    let slug = slug_of(
        "Volunteers from seven coastal villages spent the whole winter repainting the railings of the old pier and its shelters",
    );
    assert_eq!(slug, "volunteers-from-seven-coastal-villages-spent-the-whole-winter-repainting-the");
    assert!(slug.len() <= 80);
}

#[test]
fn empty_slug_falls_back_to_the_file_stem() {
    let a = article_at("content/Harbour Notes_2.txt", "«…»\n\nThe first paragraph.\n");
    assert_eq!(a.title, "«…»");
    assert_eq!(a.slug, "harbour-notes-2");
}

#[test]
fn front_matter_slug_wins_over_the_title() {
    let a = front_matter("title = \"Pier lamps return\"\nslug = \"lamps\"\n", FM_BODY);
    assert_eq!(a.slug, "lamps");
}

#[test]
fn slug_collisions_give_the_later_article_a_suffix() {
    let same = |date: &str| format!("+++\ntitle = \"Pier lamps return\"\n{date}+++\nThe first paragraph.\n");
    let site = site_of(&[
        ("content/a.txt", &same("date = 2021-01-01\n")),
        ("content/b.txt", &same("date = 2020-01-01\n")),
        ("content/c.txt", &same("")),
        ("content/d.txt", &same("date = 2021-01-01\n")),
    ]);
    assert_eq!(
        site.urls,
        vec![
            "/articles/pier-lamps-return-2/",
            "/articles/pier-lamps-return/",
            "/articles/pier-lamps-return-4/",
            "/articles/pier-lamps-return-3/",
        ]
    );
    let slugs: Vec<&str> = (0..site.articles.len()).map(|i| site.slug(i)).collect();
    assert_eq!(slugs, vec!["pier-lamps-return-2", "pier-lamps-return", "pier-lamps-return-4", "pier-lamps-return-3"]);
    let collisions: Vec<(&str, Option<usize>)> = site
        .problems
        .iter()
        .filter(|p| p.kind == ProblemKind::SlugCollision)
        .map(|p| (p.at.path.as_str(), p.at.line))
        .collect();
    assert_eq!(collisions, vec![("content/a.txt", None), ("content/c.txt", None), ("content/d.txt", None)]);
}

#[test]
fn slug_suffix_skips_a_slug_that_is_already_taken() {
    let site = site_of(&[
        ("content/a.txt", "+++\ntitle = \"Pier lamps\"\ndate = 2020-01-01\n+++\nBody one.\n"),
        ("content/b.txt", "+++\ntitle = \"Pier lamps\"\ndate = 2021-01-01\n+++\nBody two.\n"),
        ("content/c.txt", "+++\ntitle = \"Pier lamps 2\"\ndate = 2019-01-01\n+++\nBody three.\n"),
    ]);
    assert_eq!(site.urls, vec!["/articles/pier-lamps/", "/articles/pier-lamps-3/", "/articles/pier-lamps-2/"]);
}

#[test]
fn date_comes_from_front_matter_sidecar_or_published_line_else_none() {
    assert_eq!(article(FM_BODY).date, None);
    let text = format!("{TITLE}\n\nPublished Friday 26 Nov 2021, 14:05 GMT\n\n{LEAD}\n");
    assert_eq!(article(&text).date, day(2021, 11, 26));
}

#[test]
fn undated_articles_sort_after_dated_ones_by_path_and_have_no_archive() {
    let dated = |d: &str| format!("+++\ndate = {d}\n+++\nPier lamps return\n\nBody.\n");
    let site = site_of(&[
        ("content/d.txt", FM_BODY),
        ("content/c.txt", &dated("2021-06-01")),
        ("content/b.txt", &dated("2020-02-03")),
        ("content/a.txt", FM_BODY),
    ]);
    let paths: Vec<&str> = site.newest_first.iter().map(|&i| site.articles[i].path.as_str()).collect();
    assert_eq!(paths, vec!["content/c.txt", "content/b.txt", "content/a.txt", "content/d.txt"]);
    let years: Vec<(i32, Vec<usize>)> = site.years.iter().map(|y| (y.year, y.articles.clone())).collect();
    assert_eq!(years, vec![(2021, vec![2]), (2020, vec![1])]);
}

//! Bylines, dates and chrome (docs/content.md, "Scraped text: Bylines,
//! dates and chrome").

use super::*;

/// A byline line between the headline and the lead.
fn bylined(byline: &str) -> Seen {
    Seen::of(&article(&format!("{TITLE}\n\n{byline}\n\n{LEAD}\n\n{AFTER}\n")))
}

fn byline_as(authors: &[&str], role: Option<&str>) -> Seen {
    Seen { authors: strings(authors), role: role.map(str::to_string), ..Seen::new(TITLE, vec![p(LEAD), p(AFTER)]) }
}

#[test]
fn byline_glued_name_and_role() {
    assert_eq!(
        bylined("By Mara KellingtonHarbour News, Falmouth"),
        byline_as(&["Mara Kellington"], Some("Harbour News, Falmouth"))
    );
}

#[test]
fn byline_glued_splits_at_the_last_joint() {
    assert_eq!(
        bylined("By Tomas deVriesPolitical reporter"),
        byline_as(&["Tomas deVries"], Some("Political reporter"))
    );
}

#[test]
fn byline_glued_mc_surname() {
    assert_eq!(
        bylined("By Iona McTavishHighlands reporter"),
        byline_as(&["Iona McTavish"], Some("Highlands reporter"))
    );
}

#[test]
fn byline_glued_mac_surname() {
    assert_eq!(
        bylined("By Rory MacLeodScotland correspondent"),
        byline_as(&["Rory MacLeod"], Some("Scotland correspondent"))
    );
}

#[test]
fn byline_name_comma_role_place() {
    assert_eq!(
        bylined("By Mara Kellington, Transport correspondent, Plymouth"),
        byline_as(&["Mara Kellington"], Some("Transport correspondent, Plymouth"))
    );
}

#[test]
fn byline_name_alone() {
    assert_eq!(bylined("By Mara Kellington"), byline_as(&["Mara Kellington"], None));
}

#[test]
fn byline_two_authors_with_and() {
    assert_eq!(bylined("By Mara Kellington and Owen Pascoe"), byline_as(&["Mara Kellington", "Owen Pascoe"], None));
    assert_eq!(
        bylined("By Mara Kellington and Owen PascoeBusiness reporters, Truro"),
        byline_as(&["Mara Kellington", "Owen Pascoe"], Some("Business reporters, Truro"))
    );
}

#[test]
fn byline_two_authors_with_ampersand() {
    assert_eq!(
        bylined("By Mara Kellington & Owen PascoeBusiness reporters"),
        byline_as(&["Mara Kellington", "Owen Pascoe"], Some("Business reporters"))
    );
}

#[test]
fn byline_of_80_characters() {
    let line = "By Mara Kellington, Transport and coastal affairs correspondent, Falmouth & Looe";
    assert_eq!(line.chars().count(), 80);
    assert_eq!(
        bylined(line),
        byline_as(&["Mara Kellington"], Some("Transport and coastal affairs correspondent, Falmouth & Looe"))
    );
    // Characters, not bytes.
    let line = "By Zoë Kellington-Ålund, Transport and coastal affairs correspondent, Tromsø Bay";
    assert_eq!(line.chars().count(), 80);
    assert!(line.len() > 80);
    assert_eq!(
        bylined(line),
        byline_as(&["Zoë Kellington-Ålund"], Some("Transport and coastal affairs correspondent, Tromsø Bay"))
    );
}

#[test]
fn by_line_over_80_characters_is_a_paragraph() {
    let line = "By Mara Kellington, Transport and coastal affairs correspondents, Falmouth & Looe";
    assert_eq!(line.chars().count(), 81);
    assert_eq!(bylined(line), Seen::new(TITLE, vec![p(line), p(LEAD), p(AFTER)]));
}

#[test]
fn by_line_ending_with_a_full_stop_is_a_paragraph() {
    for line in [
        "By the time the ferry docked, the crowd had gone.",
        "By noon the quay was full!",
        "By how much will fares rise?",
    ] {
        assert_eq!(bylined(line), Seen::new(TITLE, vec![p(line), p(LEAD), p(AFTER)]), "{line:?}");
    }
}

#[test]
fn by_line_after_a_body_paragraph_is_a_paragraph() {
    assert_eq!(framed("By Mara Kellington"), framed_as(vec![p("By Mara Kellington")]));
}

#[test]
fn published_lines_are_dropped() {
    let text = format!(
        "{TITLE}\n\nPublished\n\nPublished 3 hours ago\n\nPublished2 days ago\n\n- Published\n\n{LEAD}\n\n{AFTER}\n"
    );
    assert_eq!(Seen::of(&article(&text)), Seen::new(TITLE, vec![p(LEAD), p(AFTER)]));
}

#[test]
fn published_absolute_date_becomes_the_date() {
    let text = format!("{TITLE}\n\nPublished 26 November 2021\n\n{LEAD}\n\n{AFTER}\n");
    assert_eq!(
        Seen::of(&article(&text)),
        Seen { date: day(2021, 11, 26), ..Seen::new(TITLE, vec![p(LEAD), p(AFTER)]) }
    );
    // The first absolute date counts.
    let text = format!("{TITLE}\n\nPublished 2 March 2022\n\n{LEAD}\n\nPublished 9 March 2022\n\n{AFTER}\n");
    assert_eq!(article(&text).date, day(2022, 3, 2));
}

#[test]
fn published_alone_then_a_date_line_takes_that_date() {
    // A choice of docs/content.md.
    let text = format!("{TITLE}\n\nPublished\n\n26 November 2021\n\n{LEAD}\n\n{AFTER}\n");
    assert_eq!(
        Seen::of(&article(&text)),
        Seen { date: day(2021, 11, 26), ..Seen::new(TITLE, vec![p(LEAD), p(AFTER)]) }
    );
}

#[test]
fn published_date_does_not_replace_a_set_date() {
    let body = format!("{TITLE}\n\nPublished 26 November 2021\n\n{LEAD}\n");
    assert_eq!(front_matter("date = 2020-01-02\n", &body).date, day(2020, 1, 2));
    let a =
        load_memory("content/a.txt", body.as_bytes(), Some(b"date = 2019-05-06\n"), &LoadOptions::default()).unwrap();
    assert_eq!(a.date, day(2019, 5, 6));
}

#[test]
fn updated_line_is_dropped_and_sets_updated() {
    let text = format!(
        "{TITLE}\n\nPublished 2 March 2022\n\nUpdated 4 March 2022\n\n{LEAD}\n\nUpdated 2 hours ago\n\n{AFTER}\n"
    );
    assert_eq!(
        Seen::of(&article(&text)),
        Seen { date: day(2022, 3, 2), updated: day(2022, 3, 4), ..Seen::new(TITLE, vec![p(LEAD), p(AFTER)]) }
    );
    let text = format!("{TITLE}\n\nUpdated 2 hours ago\n\n{LEAD}\n");
    assert_eq!(article(&text).updated, None);
}

#[test]
fn prose_starting_with_published_or_updated_is_a_paragraph() {
    let lines = "Published figures show more visitors this spring.\n\nUpdated timetables go up on Friday.";
    assert_eq!(
        framed(lines),
        framed_as(vec![
            p("Published figures show more visitors this spring."),
            p("Updated timetables go up on Friday.")
        ])
    );
}

#[test]
fn live_page_entry_stamp_is_cut_off() {
    assert_eq!(
        framed("Ferry timetable changes for springpublished at 14:08 Greenwich Mean Time 3 March"),
        framed_as(vec![p("Ferry timetable changes for spring")])
    );
}

#[test]
fn page_chrome_is_dropped() {
    let chrome = [
        "Skip to content",
        "British Broadcasting Corporation",
        "Accessibility Help",
        "Home",
        "News",
        "Sport",
        "Share",
        "Share this article",
        "Share this with",
        "Close share panel",
        "Copy this link",
        "These are external links and will open in a new window",
        "Read More",
        "Live Reporting",
        "All times stated are UK",
    ];
    let text = format!("{}\n{TITLE}\n\n{LEAD}\n\n{}\n\n{AFTER}\n", chrome[0], chrome[1..].join("\n"));
    assert_eq!(Seen::of(&scraped(&text)), Seen::new(TITLE, vec![p(LEAD), p(AFTER)]));
    // Whole lines only: text that starts like chrome stays.
    let kept = "Homes near the quay were flooded on Sunday.";
    assert_eq!(Seen::of(&scraped(&framed_text(kept))), framed_as(vec![p(kept)]));
}

#[test]
fn embeds_of_any_platform_are_dropped() {
    let mut shape = String::new();
    for platform in ["Twitter", "X", "Facebook", "Instagram", "YouTube", "TikTok"] {
        shape.push_str(&format!(
            "This {platform} post cannot be displayed in your browser. Please enable Javascript or try a different browser.\n\
             Skip {platform} post, 1\n\
             Allow {platform} content?\n\
             View original content on {platform}\n\
             End of {platform} post, 1\n\n"
        ));
    }
    assert_eq!(Seen::of(&scraped(&framed_text(shape.trim_end()))), framed_as(vec![]));
}

#[test]
fn external_sites_disclaimer_is_dropped_wherever_it_stands() {
    let disclaimer = "The BBC is not responsible for the content of external sites.";
    let shape = format!(
        "{disclaimer}\n\nThe harbour master posted the notice online.{disclaimer}\n\n{disclaimer} The notice was taken down later."
    );
    assert_eq!(
        Seen::of(&scraped(&framed_text(&shape))),
        framed_as(vec![p("The harbour master posted the notice online."), p("The notice was taken down later.")])
    );
}

#[test]
fn disclaimer_with_no_break_space_is_dropped() {
    let shape = "The BBC is not\u{a0}responsible for the content of external sites.";
    assert_eq!(Seen::of(&scraped(&framed_text(shape))), framed_as(vec![]));
}

#[test]
fn chrome_with_no_break_spaces_is_dropped() {
    let shape = "Share\u{a0}this\u{a0}article\n\nMedia\u{a0}playback is unsupported on your device";
    assert_eq!(Seen::of(&scraped(&framed_text(shape))), framed_as(vec![]));
}

#[test]
fn drop_lines_add_to_the_chrome_and_the_default_can_be_turned_off() {
    let config =
        Config::parse(Path::new("."), "[load]\ndrop_lines = [\"Listen to this story\"]\ndrop_default_lines = false\n")
            .unwrap();
    let text = framed_text("Listen  to this STORY\n\nShare");
    let a = load_memory("content/a.txt", text.as_bytes(), None, &config.load).unwrap();
    assert_eq!(Seen::of(&a), framed_as(vec![p("Share")]));

    let config = Config::parse(Path::new("."), "[load]\ndrop_lines = [\"Listen to this story\"]\n").unwrap();
    let a = load_memory("content/a.txt", text.as_bytes(), None, &config.load).unwrap();
    assert_eq!(Seen::of(&a), framed_as(vec![]));
}

#[test]
fn default_load_options_drop_page_chrome() {
    let text = framed_text("Share this article\n\nMedia playback is unsupported on your device");
    assert_eq!(Seen::of(&article(&text)), framed_as(vec![]));
}

#[test]
fn external_link_marks_are_removed() {
    let shape = "Residents praised the lamps on Facebook, external, said the harbour master.\n\nThe plan is on the council website, external";
    assert_eq!(
        framed(shape),
        framed_as(vec![
            p("Residents praised the lamps on Facebook, said the harbour master."),
            p("The plan is on the council website")
        ])
    );
    // Only the mark: a word that starts with it stays.
    let kept = "The lamps light the pier, externally and inside the shelters.";
    assert_eq!(framed(kept), framed_as(vec![p(kept)]));
}

#[test]
fn first_body_paragraph_is_the_lead() {
    let text = format!("{TITLE}\n\nImage source, Harbour TrustImage caption, The pier at dusk\n\n{LEAD}\n\n{AFTER}\n");
    let a = article(&text);
    assert_eq!(
        Seen::of(&a),
        Seen::new(TITLE, vec![image(Some("Harbour Trust"), Some("The pier at dusk"), None), p(LEAD), p(AFTER)])
    );
    assert_eq!(a.lead, LEAD);
    assert_eq!(a.summary(), LEAD);
}

#[test]
fn other_lines_are_paragraphs_short_subheadings_included() {
    assert_eq!(
        framed("Repairs ahead\nThe shelters come next, once the lamps are done."),
        framed_as(vec![p("Repairs ahead"), p("The shelters come next, once the lamps are done.")])
    );
}

#[test]
fn markup_looking_text_stays_text() {
    let lines = [
        "<script>alert('pier')</script> was in the scraped page",
        "*stars* around a word stay as they are",
        "_under_ scores stay too",
        "# hash at the start is not a heading",
        "a | b | c is not a table",
        "> a quote marker, [a link](https://example.org) and &amp; stay",
    ];
    let a = article(&format!("<b>Pier</b> lamps & *return*\n\n{}\n", lines.join("\n\n")));
    assert_eq!(Seen::of(&a), Seen::new("<b>Pier</b> lamps & *return*", lines.iter().map(|l| p(l)).collect()));
}

//! Labels of figures (docs/content.md, "Scraped text: Figures"): one test
//! per row of its table.

use super::*;

#[test]
fn glued_credit_and_caption() {
    assert_eq!(
        framed("Image source, Harbour Trust/PA WireImage caption, Lamps lit along the pier at dusk"),
        framed_as(vec![image(Some("Harbour Trust/PA Wire"), Some("Lamps lit along the pier at dusk"), None)])
    );
}

#[test]
fn credit_then_caption_on_next_non_blank_line() {
    let expected = framed_as(vec![image(Some("Jo Penhallow"), Some("The lamps seen from the quay"), None)]);
    assert_eq!(framed("Image source, Jo Penhallow\n\nImage caption, The lamps seen from the quay"), expected);
    assert_eq!(framed("Image source, Jo Penhallow\nImage caption, The lamps seen from the quay"), expected);
}

#[test]
fn credit_alone() {
    assert_eq!(framed("Image source, Marine Photo Co"), framed_as(vec![image(Some("Marine Photo Co"), None, None)]));
}

#[test]
fn caption_alone_with_comma_or_colon() {
    let expected = framed_as(vec![image(None, Some("A lamp lighter at work"), None)]);
    assert_eq!(framed("Image caption, A lamp lighter at work"), expected);
    assert_eq!(framed("Image caption: A lamp lighter at work"), expected);
}

#[test]
fn caption_label_alone_takes_next_line() {
    assert_eq!(
        framed("Image caption,\nThe new lamps being fitted"),
        framed_as(vec![image(None, Some("The new lamps being fitted"), None)])
    );
}

#[test]
fn caption_label_alone_then_blank_line_takes_next_non_blank_line() {
    // The table says "the next line"; double-spaced scrapes put a blank between.
    assert_eq!(
        framed("Image caption,\n\nThe new lamps being fitted"),
        framed_as(vec![image(None, Some("The new lamps being fitted"), None)])
    );
}

#[test]
fn alt_line_directly_above_caption() {
    assert_eq!(
        framed("Lamps stacked in the depot\nImage caption, Old lamps wait for repair"),
        framed_as(vec![image(None, Some("Old lamps wait for repair"), Some("Lamps stacked in the depot"))])
    );
}

#[test]
fn line_above_caption_after_blank_line_is_a_paragraph() {
    assert_eq!(
        framed("Lamps stacked in the depot\n\nImage caption, Old lamps wait for repair"),
        framed_as(vec![p("Lamps stacked in the depot"), image(None, Some("Old lamps wait for repair"), None)])
    );
}

#[test]
fn sentence_directly_above_caption_is_a_paragraph() {
    // Not "a short line": it ends like a sentence.
    assert_eq!(
        framed("The old lamps spent the winter in the depot.\nImage caption, Old lamps wait for repair"),
        framed_as(vec![
            p("The old lamps spent the winter in the depot."),
            image(None, Some("Old lamps wait for repair"), None)
        ])
    );
}

#[test]
fn short_line_above_a_credit_label_is_a_paragraph() {
    // The table gives alt text to a short line directly above an `Image caption`
    // label; above a line that starts with `Image source` it stays a
    // paragraph (a choice: the table does not say).
    assert_eq!(
        framed("Lamps stacked in the depot\nImage source, Harbour TrustImage caption, Old lamps wait for repair"),
        framed_as(vec![
            p("Lamps stacked in the depot"),
            image(Some("Harbour Trust"), Some("Old lamps wait for repair"), None)
        ])
    );
}

#[test]
fn headline_directly_above_caption_is_the_title() {
    let a =
        article("Pier lamps return\nImage caption, The pier at dusk\nThe first paragraph.\nThe second paragraph.\n");
    assert_eq!(
        Seen::of(&a),
        Seen::new(
            "Pier lamps return",
            vec![image(None, Some("The pier at dusk"), None), p("The first paragraph."), p("The second paragraph.")]
        )
    );
}

#[test]
fn alt_glued_in_front_of_credit() {
    assert_eq!(
        framed("Lamps stacked in the depotImage source, Harbour TrustImage caption, Old lamps wait for repair"),
        framed_as(vec![image(
            Some("Harbour Trust"),
            Some("Old lamps wait for repair"),
            Some("Lamps stacked in the depot")
        )])
    );
}

#[test]
fn copyright_glued_then_caption_on_next_line() {
    assert_eq!(
        framed("Image copyrightHarbour TrustImage caption\n The new lamps being fitted"),
        framed_as(vec![image(Some("Harbour Trust"), Some("The new lamps being fitted"), None)])
    );
}

#[test]
fn copyright_glued_lower_case_credit() {
    assert_eq!(
        framed("Image copyrightiStockImage caption\n A lamp against the evening sky"),
        framed_as(vec![image(Some("iStock"), Some("A lamp against the evening sky"), None)])
    );
}

#[test]
fn media_caption_glued_lower_case_caption() {
    assert_eq!(
        framed("Media captioniPhone footage shows the pier at night"),
        framed_as(vec![media(None, Some("iPhone footage shows the pier at night"))])
    );
}

#[test]
fn copyright_and_caption_spaced_on_one_line() {
    assert_eq!(
        framed("Image copyright Harbour Trust Image caption The new lamps being fitted"),
        framed_as(vec![image(Some("Harbour Trust"), Some("The new lamps being fitted"), None)])
    );
}

#[test]
fn copyright_and_caption_labels_alone_each_with_value_on_next_line() {
    assert_eq!(
        framed("Image copyright\nHarbour Trust\nImage caption\nThe new lamps being fitted"),
        framed_as(vec![image(Some("Harbour Trust"), Some("The new lamps being fitted"), None)])
    );
}

#[test]
fn media_and_video_captions_are_media() {
    let expected = |caption: &str| framed_as(vec![media(None, Some(caption))]);
    assert_eq!(
        framed("Media caption, The harbour master explains the plan"),
        expected("The harbour master explains the plan")
    );
    assert_eq!(
        framed("Media captionThe harbour master explains the plan"),
        expected("The harbour master explains the plan")
    );
    assert_eq!(framed("Video caption, A drone flies over the pier"), expected("A drone flies over the pier"));
}

#[test]
fn media_caption_after_credit() {
    let expected = framed_as(vec![media(Some("Harbour Trust"), Some("The harbour master explains the plan"))]);
    assert_eq!(framed("Image source, Harbour TrustMedia caption, The harbour master explains the plan"), expected);
    assert_eq!(framed("Image source, Harbour Trust\nMedia caption, The harbour master explains the plan"), expected);
    assert_eq!(framed("Image source, Harbour Trust\n\nVideo caption, The harbour master explains the plan"), expected);
}

#[test]
fn media_playback_unsupported_is_dropped() {
    let seen = Seen::of(&scraped(&framed_text(
        "Media playback is unsupported on your device\n\nMedia caption, The harbour master explains the plan",
    )));
    assert_eq!(seen, framed_as(vec![media(None, Some("The harbour master explains the plan"))]));
    let seen = Seen::of(&scraped(&framed_text(
        "Media playback is unsupported on your deviceMedia caption, The harbour master explains the plan",
    )));
    assert_eq!(seen, framed_as(vec![media(None, Some("The harbour master explains the plan"))]));
}

#[test]
fn credit_keeps_every_character() {
    assert_eq!(
        framed("Image source, EPA/Lena Voss, PoolImage caption, Divers check the harbour mouth"),
        framed_as(vec![image(Some("EPA/Lena Voss, Pool"), Some("Divers check the harbour mouth"), None)])
    );
    // Words of other labels inside a credit do not end it.
    assert_eq!(
        framed("Image source, Media Wales/Video Arts LtdImage caption, Divers check the harbour mouth"),
        framed_as(vec![image(Some("Media Wales/Video Arts Ltd"), Some("Divers check the harbour mouth"), None)])
    );
}

#[test]
fn caption_line_without_label_stays_a_paragraph() {
    assert_eq!(framed("The new lamps being fitted"), framed_as(vec![p("The new lamps being fitted")]));
}

#[test]
fn prose_mentioning_an_image_source_is_a_paragraph() {
    let line = "Officials said the image source was a harbour webcam, and Image sources differ.";
    assert_eq!(framed(line), framed_as(vec![p(line)]));
}

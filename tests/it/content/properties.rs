//! Properties over generated files: the loader never panics and keeps
//! every character of the text it is given.

use proptest::prelude::*;

use super::*;

/// Pieces of every shape, so that generated files hit the classifier's
/// edges: labels, bullets, bylines, datelines, headings, front matter
/// fences, no-break spaces and carriage returns.
const FRAGMENTS: &[&str] = &[
    "Image source, ",
    "Image source",
    "Image caption, ",
    "Image caption,",
    "Image caption: ",
    "Image copyright",
    "Image copyright ",
    "Media caption",
    "Media caption, ",
    "Video caption, ",
    "Image\u{a0}caption",
    "Media playback is unsupported on your device",
    "By ",
    "By Mara KellingtonHarbour News, ",
    " and ",
    " & ",
    "Mc",
    "Mac",
    "Published",
    "Published ",
    "Published 3 March 2022",
    "Published2 days ago",
    "Updated 4 March 2022",
    "published at 14:08 ",
    "Related Topics",
    "Related\u{a0}Topics",
    "More on this story",
    "Related Internet Links",
    "Summary",
    "• ",
    "▪ ",
    "– ",
    "- ",
    "1. ",
    "+++",
    "+++\n",
    "title = \"x\"\n",
    "date = 2021-13-45\n",
    ", external",
    "The BBC is not responsible for the content of external sites.",
    "Share",
    "Skip Twitter post",
    "\u{a0}",
    "\u{feff}",
    "\r",
    "\r\n",
    "\n",
    "\n\n",
    " ",
    "\t",
    "Pier",
    "lamps",
    "Quay café",
    "é",
    "…",
    "’",
    ".",
    "?",
    ",",
    "x",
];

fn shaped_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..60).prop_map(|parts| parts.concat())
}

fn load_everything(bytes: &[u8]) {
    let fallback = LoadOptions { fallback_encoding: Some(encoding_rs::WINDOWS_1252), ..build_options() };
    for options in [LoadOptions::default(), build_options(), fallback] {
        for path in ["content/a.txt", "content/world/b.md"] {
            let _ = load_memory(path, bytes, None, &options);
            let _ = load_memory(path, b"Pier\n\nBody.\n", Some(bytes), &options);
        }
    }
}

/// A paragraph line that is none of the shapes: it starts with a word no
/// shape starts with and holds no label, stamp, mark or disclaimer.
fn plain_line() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 .,;:!?'\"()&%$£€@#*/_<>|+=~^{}\\[\\]\\-–—‘’“”…éüßçÅøΩжш中文😀\u{a0}\t]{0,80}"
        .prop_map(|rest| format!("Zebra {rest}"))
        .prop_filter("no label, stamp or mark", |line| {
            !["Image", "Media", "Video", "published at", ", external", "The BBC is not"]
                .iter()
                .any(|w| line.contains(w))
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn loader_never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        load_everything(&bytes);
    }

    #[test]
    fn loader_never_panics_on_shaped_text(texts in prop::collection::vec(shaped_text(), 1..4)) {
        for text in &texts {
            load_everything(text.as_bytes());
        }
        // And the index copes with whatever the loader made of them.
        let articles: Vec<Article> = texts
            .iter()
            .enumerate()
            .filter_map(|(i, t)| {
                load_memory(&format!("content/{i}.txt"), t.as_bytes(), None, &build_options()).ok()
            })
            .collect();
        let config = Config::parse(Path::new("."), "").unwrap();
        let _ = index(&config, articles.clone(), false);
        let _ = index(&config, articles, true);
    }

    #[test]
    fn plain_paragraph_line_survives_normalisation(line in plain_line()) {
        let text = format!("{TITLE}\n\n{LEAD}\n\n{line}\n\n{AFTER}\n");
        let a = article(&text);
        prop_assert_eq!(Seen::of(&a), framed_as(vec![p(line.trim_end())]));
    }
}

/// Whole lines of every body-only shape of docs/content.md, as a scraper
/// of article bodies writes them.
const SHAPES: &[&str] = &[
    "Image source, Harbour TrustImage caption, The lamps were lit at dusk",
    "Image source, Getty Images",
    "Image caption, Crowds on the pier at the reopening",
    "Image caption: Repairs took six weeks",
    "Media caption, Watch: the lamps come on",
    "Video caption, The pier from the air",
    "Image copyrightHarbour TrustImage caption",
    "Lamps in the depotImage source, Jo Bloggs",
    "Media playback is unsupported on your device",
    "By Mara KellingtonHarbour News, Leeds",
    "By Ines Varga and Tom Hale",
    "Published 3 March 2022",
    "Published2 days ago",
    "Updated 4 March 2022",
    "Skip to content",
    "Share",
    "Ferry timetable changes for springpublished at 14:08 Greenwich Mean Time 3 March",
    "Related Topics\n\n  • Harbour works\n  • Coastal towns",
    "More on this story\n\nPier lamps return after winter\n\nHarbour wall repairs begin",
    "Related Internet Links\n\nHarbour Trust",
    "Summary\n\n  • The lamps are back\n  • The pier reopens on Friday",
    "  • Pier lamps return after winter\n  • Harbour wall repairs begin",
    "  • One item of a list, said the council.\n  • Another item, with a comma,",
    "1. The first step of the plan",
    "What happens next?",
    "Background",
    "\"It is a great day for the town,\" said the mayor.",
];

/// Prose paragraphs between the shapes.
const PROSE: &[&str] = &[
    "Volunteers repainted the railings while electricians tested every bulb along the pier.",
    "The council said the work had cost less than expected, and would be finished by the spring.",
    "Traders at the end of the pier said the winter closure had cost them a season's takings.",
    "It reopens on Friday.",
];

/// A body-only scrape: a headline, a lead, then shapes each followed by a
/// prose paragraph.
fn body_only_scrape() -> impl Strategy<Value = String> {
    prop::collection::vec((prop::sample::select(SHAPES), prop::sample::select(PROSE)), 0..12).prop_map(|parts| {
        let mut text = format!("{TITLE}\n\n{LEAD}\n\n");
        for (shape, prose) in parts {
            text.push_str(&format!("{shape}\n\n{prose}\n\n"));
        }
        text
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// The page analysis leaves a body-only scrape of every shape exactly as
    /// the loader reads it with the analysis off (`chrome = "off"`).
    #[test]
    fn a_body_only_scrape_comes_out_as_before(text in body_only_scrape()) {
        let auto = build_options();
        let off = LoadOptions { chrome: gazette::config::ChromeOptions { auto: false, ..auto.chrome.clone() }, ..auto.clone() };
        let with = load_memory("content/a.txt", text.as_bytes(), None, &auto).map(|a| Seen::of(&a));
        let without = load_memory("content/a.txt", text.as_bytes(), None, &off).map(|a| Seen::of(&a));
        prop_assert_eq!(with, without);
    }
}

//! Every shape of FORMAT.md, each with a fixture of our own.
//!
//! One test per row of each table of FORMAT.md, named after the shape, plus
//! the rules around the tables (bytes, front matter, title, slug, date,
//! topics, problems). Each test asserts the whole normalised result of its
//! fixture (title, every block with its fields, topics, byline, dates), not
//! that some text merely appears, so that a shape that starts to swallow or
//! split a neighbouring line fails here. Cross-article rules (related
//! headlines, topic merging, slug collisions) go through `site_of`.
//!
//! A test marked `//! requires where the loader does something else; run them with
//! `cargo test --test it format -- --ignored`.

use std::path::Path;

use gazette::config::{Config, LoadOptions};
use gazette::date::{Date, Timestamp};
use gazette::index::{Site, index};
use gazette::load::load_memory;
use gazette::model::{Article, Block, Figure, List, MediaKind, Problem, ProblemKind, Related, RelatedItem, Severity};

use super::{Fixture, article, article_at, site_of};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// The normalised facts of one article that the shapes decide.
#[derive(Debug, PartialEq)]
struct Seen {
    title: String,
    title_derived: bool,
    blocks: Vec<Block>,
    lead: String,
    topics: Vec<String>,
    authors: Vec<String>,
    role: Option<String>,
    date: Option<Timestamp>,
    updated: Option<Timestamp>,
}

impl Seen {
    fn of(a: &Article) -> Seen {
        Seen {
            title: a.title.clone(),
            title_derived: a.title_derived,
            blocks: a.blocks.clone(),
            lead: a.lead.clone(),
            topics: a.topics.clone(),
            authors: a.authors.clone(),
            role: a.role.clone(),
            date: a.date,
            updated: a.updated,
        }
    }

    /// A titled article with these blocks; its lead is the first paragraph
    /// (FORMAT: "the first body paragraph | the lead"), nothing else set.
    fn new(title: &str, blocks: Vec<Block>) -> Seen {
        let lead = blocks
            .iter()
            .find_map(|b| match b {
                Block::Paragraph(p) => Some(p.clone()),
                _ => None,
            })
            .unwrap_or_default();
        Seen {
            title: title.to_string(),
            title_derived: false,
            blocks,
            lead,
            topics: Vec::new(),
            authors: Vec::new(),
            role: None,
            date: None,
            updated: None,
        }
    }

    fn derived(title: &str, blocks: Vec<Block>) -> Seen {
        Seen { title_derived: true, ..Seen::new(title, blocks) }
    }
}

const TITLE: &str = "Pier lamps shine again over the harbour";
const LEAD: &str = "The town council switched the pier lamps back on after a long winter of repairs.";
const AFTER: &str = "Volunteers repainted the railings while electricians tested every bulb.";

/// `shape` between a headline with its lead and a closing paragraph; the
/// shape starts on line 5 of the file.
fn framed_text(shape: &str) -> String {
    format!("{TITLE}\n\n{LEAD}\n\n{shape}\n\n{AFTER}\n")
}

fn framed(shape: &str) -> Seen {
    Seen::of(&article(&framed_text(shape)))
}

/// What `framed` gives when the shape becomes `middle`.
fn framed_as(middle: Vec<Block>) -> Seen {
    let mut blocks = vec![p(LEAD)];
    blocks.extend(middle);
    blocks.push(p(AFTER));
    Seen::new(TITLE, blocks)
}

fn p(text: &str) -> Block {
    Block::Paragraph(text.to_string())
}

fn figure(media: MediaKind, credit: Option<&str>, caption: Option<&str>, alt: Option<&str>) -> Block {
    Block::Figure(Figure {
        media,
        credit: credit.map(str::to_string),
        caption: caption.map(str::to_string),
        alt: alt.map(str::to_string),
    })
}

fn image(credit: Option<&str>, caption: Option<&str>, alt: Option<&str>) -> Block {
    figure(MediaKind::Image, credit, caption, alt)
}

fn media(credit: Option<&str>, caption: Option<&str>) -> Block {
    figure(MediaKind::Media, credit, caption, None)
}

fn items(items: &[(&str, usize)]) -> Vec<RelatedItem> {
    items.iter().map(|(text, line)| RelatedItem { text: text.to_string(), target: None, line: Some(*line) }).collect()
}

/// A related aside as the loader leaves it: nothing resolved yet.
fn related(heading: Option<&str>, list: &[(&str, usize)]) -> Block {
    Block::Related(Related {
        heading: heading.map(str::to_string),
        items: items(list),
        linkable: true,
        promoted: false,
    })
}

/// `Related Internet Links`: names that never link.
fn internet_links(list: &[(&str, usize)]) -> Block {
    Block::Related(Related {
        heading: Some("Related Internet Links".into()),
        items: items(list),
        linkable: false,
        promoted: false,
    })
}

/// A list, each item with its line in the file.
fn list(heading: Option<&str>, list: &[(&str, usize)], may_be_related: bool) -> Block {
    Block::List(List {
        heading: heading.map(str::to_string),
        items: list.iter().map(|(s, _)| s.to_string()).collect(),
        lines: list.iter().map(|(_, line)| *line).collect(),
        may_be_related,
    })
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn day(year: i32, month: u8, d: u8) -> Option<Timestamp> {
    Some(Timestamp::from_date(Date::new(year, month, d).unwrap()))
}

/// The load options of a build with an empty site.toml (the default chrome
/// list on).
fn build_options() -> LoadOptions {
    Config::parse(Path::new("."), "").unwrap().load
}

/// Loads `text` as `content/a.txt` the way a build does.
fn scraped(text: &str) -> Article {
    load_memory("content/a.txt", text.as_bytes(), None, &build_options()).unwrap_or_else(|p| panic!("left out: {p}"))
}

fn load_bytes(bytes: &[u8]) -> Result<Article, Problem> {
    load_memory("content/a.txt", bytes, None, &LoadOptions::default())
}

fn left_out(bytes: &[u8]) -> Problem {
    match load_bytes(bytes) {
        Ok(a) => panic!("expected the file to be left out, got {:?}", Seen::of(&a)),
        Err(problem) => problem,
    }
}

fn kinds(problems: &[Problem]) -> Vec<(ProblemKind, Option<usize>)> {
    problems.iter().map(|p| (p.kind, p.at.line)).collect()
}

fn front_matter(toml: &str, body: &str) -> Article {
    article(&format!("+++\n{toml}+++\n{body}"))
}

const FM_BODY: &str = "Pier lamps return\n\nThe first paragraph of the piece.\n";

// ---------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------

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
    assert_eq!(a.summary, "The first paragraph of the piece.");
}

#[test]
fn md_file_is_markdown_with_tables_footnotes_and_strikethrough() {
    let text = concat!(
        "# Tide tables for the week\n",
        "\n",
        "High water comes *early* on ~~Monday~~ Tuesday.[^1]\n",
        "\n",
        "| Day | High water |\n",
        "| --- | --- |\n",
        "| Tue | 06:10 |\n",
        "\n",
        "[^1]: Times are local.\n",
    );
    let a = article_at("content/tides.md", text);
    assert_eq!(a.title, "Tide tables for the week");
    assert!(!a.title_derived);
    assert_eq!(a.lead, "High water comes early on Monday Tuesday.");
    let [Block::Html(html)] = a.blocks.as_slice() else { panic!("expected one HTML block, got {:?}", a.blocks) };
    assert!(!html.contains("Tide tables"), "{html}");
    assert!(html.contains("<em>early</em>"), "{html}");
    assert!(html.contains("<del>Monday</del>"), "{html}");
    assert!(html.contains("<table>") && html.contains("<td>06:10</td>"), "{html}");
    assert!(html.contains("footnote-definition"), "{html}");
}

#[test]
fn markdown_heading_is_the_title_only_without_a_front_matter_title() {
    let a = article_at("content/notes.md", "# Quay notes\n\nThe café opens at nine.\n");
    assert_eq!(a.title, "Quay notes");
    assert_eq!(a.blocks, vec![Block::Html("<p>The café opens at nine.</p>\n".into())]);

    let a = article_at(
        "content/notes.md",
        "+++\ntitle = \"Notes from the quay\"\n+++\n# Quay notes\n\nThe café opens at nine.\n",
    );
    assert_eq!(a.title, "Notes from the quay");
    assert_eq!(a.blocks, vec![Block::Html("<h1>Quay notes</h1>\n<p>The café opens at nine.</p>\n".into())]);
}

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
    assert_eq!(a.source_url.as_deref(), Some("https://example.org/pier-lamps"));
    assert_eq!(a.slug, "pier-lamps");
    assert_eq!(a.aliases, strings(&["/old/pier-lamps/"]));
    assert_eq!(a.extra, Some(serde_json::json!({"photographer": "Ines Varga"})));
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
    // FORMAT says this of front matter; docs/content.md extends it to sidecars.
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
fn only_txt_and_md_are_articles_hidden_files_and_symlinks_skipped() {
    let fixture = Fixture::new(&[
        ("content/a.txt", FM_BODY),
        ("content/b.md", "# Quay notes\n\nThe café opens at nine.\n"),
        ("content/c.html", "<p>Not an article</p>\n"),
        ("content/d.csv", "day,high\nTue,06:10\n"),
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

// ---------------------------------------------------------------------------
// Front matter
// ---------------------------------------------------------------------------

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
            // Ambiguous in FORMAT: the byline's role is kept.
            role: Some("Harbour News".into()),
            ..Seen::new("Pier lamps return", vec![p("The first paragraph of the piece.")])
        }
    );
}

#[test]
fn front_matter_summary_replaces_the_lead_as_summary() {
    let a = front_matter("summary = \"Lamps are back, and cheaper to run.\"\n", FM_BODY);
    assert_eq!(a.summary, "Lamps are back, and cheaper to run.");
    assert_eq!(a.lead, "The first paragraph of the piece.");
    let a = article(FM_BODY);
    assert_eq!(a.summary, "The first paragraph of the piece.");
}

#[test]
fn front_matter_source_url() {
    let a = front_matter("source_url = \"https://example.org/news/pier-lamps\"\n", FM_BODY);
    assert_eq!(a.source_url.as_deref(), Some("https://example.org/news/pier-lamps"));
    assert_eq!(article(FM_BODY).source_url, None);
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
    assert_eq!(a.aliases, strings(&["/old/pier-lamps/", "/2022/03/lamps.html"]));
}

#[test]
fn front_matter_extra_is_handed_over_untouched() {
    let a = front_matter(
        "title = \"Pier lamps return\"\n\n[extra]\nphotographer = \"Ines Varga\"\npages = 2\nflags = [\"cover\"]\n",
        FM_BODY,
    );
    assert_eq!(a.extra, Some(serde_json::json!({"photographer": "Ines Varga", "pages": 2, "flags": ["cover"]})));
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

// ---------------------------------------------------------------------------
// Labels of figures
// ---------------------------------------------------------------------------

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
    // FORMAT says "the next line"; double-spaced scrapes put a blank between.
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
    // FORMAT gives alt text to a short line directly above an `Image caption`
    // label; above a line that starts with `Image source` it stays a
    // paragraph (current behaviour, FORMAT does not say).
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

// ---------------------------------------------------------------------------
// Topics, related stories and lists
// ---------------------------------------------------------------------------

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
    // FORMAT: the title is "the file's first line that is not chrome, when it
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
    // Not in FORMAT; docs/content.md makes it a choice: short lines up to the
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
    assert_eq!(a.summary, LEAD);
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

// ---------------------------------------------------------------------------
// Byline, dates, page chrome
// ---------------------------------------------------------------------------

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
    // Not in FORMAT; docs/content.md makes it a choice.
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
    assert_eq!(a.summary, LEAD);
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

// ---------------------------------------------------------------------------
// Title, slug and date
// ---------------------------------------------------------------------------

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
    let slugs: Vec<&str> = site.slugs.iter().map(String::as_str).collect();
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

// ---------------------------------------------------------------------------
// Topics (across articles)
// ---------------------------------------------------------------------------

fn with_topics(topics: &[&str]) -> String {
    let bullets: String = topics.iter().map(|t| format!("• {t}\n")).collect();
    format!("Pier lamps return\n\nThe first paragraph.\n\nRelated Topics\n\n{bullets}")
}

fn topic_names(site: &Site) -> Vec<(&str, &str)> {
    site.topics.iter().map(|t| (t.name.as_str(), t.slug.as_str())).collect()
}

#[test]
fn topic_slug_and_url() {
    let text = with_topics(&["Harbour lamp repairs"]);
    let site = site_of(&[("content/a.txt", &text)]);
    assert_eq!(topic_names(&site), vec![("Harbour lamp repairs", "harbour-lamp-repairs")]);
    assert_eq!(site.topics[0].url, "/topics/harbour-lamp-repairs/");
}

#[test]
fn topic_names_differing_in_case_or_spacing_are_one_topic_with_the_most_frequent_spelling() {
    let site = site_of(&[
        ("content/a.txt", &with_topics(&["Harbour Works"])),
        ("content/b.txt", &with_topics(&["harbour  works"])),
        ("content/c.txt", &with_topics(&["Harbour works"])),
        ("content/d.txt", &with_topics(&["Harbour\u{a0}works", "Ferries"])),
    ]);
    assert_eq!(topic_names(&site), vec![("Ferries", "ferries"), ("Harbour works", "harbour-works")]);
    assert_eq!(site.article_topics, vec![vec![1], vec![1], vec![1], vec![1, 0]]);
}

#[test]
fn topic_spelling_tie_goes_to_the_first_by_path() {
    let site = site_of(&[
        ("content/b.txt", &with_topics(&["harbour works"])),
        ("content/a.txt", &with_topics(&["Harbour Works"])),
    ]);
    assert_eq!(topic_names(&site), vec![("Harbour Works", "harbour-works")]);
}

#[test]
fn topics_with_the_same_slug_get_a_suffix() {
    let site = site_of(&[
        ("content/a.txt", &format!("+++\ndate = 2020-01-01\n+++\n{}", with_topics(&["Harbour works"]))),
        ("content/b.txt", &format!("+++\ndate = 2021-01-01\n+++\n{}", with_topics(&["Harbour-works"]))),
    ]);
    assert_eq!(topic_names(&site), vec![("Harbour works", "harbour-works"), ("Harbour-works", "harbour-works-2")]);
}

#[test]
fn topic_slug_suffix_follows_the_folded_name_order() {
    // FORMAT: "Two different names with the same slug get -2 like articles",
    // which does not say which one is "later" for a topic. The index gives
    // the suffix by folded name (`harbour works` < `harbour-works`), not by
    // the date or path of the articles that use them.
    let site = site_of(&[
        ("content/a.txt", &format!("+++\ndate = 2020-01-01\n+++\n{}", with_topics(&["Harbour-works"]))),
        ("content/b.txt", &format!("+++\ndate = 2021-01-01\n+++\n{}", with_topics(&["Harbour works"]))),
    ]);
    assert_eq!(topic_names(&site), vec![("Harbour works", "harbour-works"), ("Harbour-works", "harbour-works-2")]);
}

#[test]
fn topic_case_variants_in_one_article_are_one_topic() {
    let a = article(&with_topics(&["Harbour works", "harbour  WORKS", "Ferries"]));
    let site = site_of(&[("content/a.txt", &with_topics(&["Harbour works", "harbour  WORKS", "Ferries"]))]);
    assert_eq!(topic_names(&site), vec![("Ferries", "ferries"), ("Harbour works", "harbour-works")]);
    assert_eq!(site.article_topics, vec![vec![1, 0]]);
    // The article keeps its names as written (FORMAT is silent on the
    // article's own list; the index merges them).
    assert_eq!(a.topics, strings(&["Harbour works", "harbour  WORKS", "Ferries"]));
}

// ---------------------------------------------------------------------------
// Related headlines resolved across articles
// ---------------------------------------------------------------------------

/// The target of the one related headline `headline` in `content/z.txt`,
/// when `content/a.txt` is titled `title`.
fn link_target(title: &str, headline: &str) -> Option<usize> {
    let target = format!("+++\ntitle = {title:?}\n+++\nThe first paragraph of the linked piece.\n");
    let linking = format!(
        "Ferry fares set for spring\n\nThe council met to set the fares.\n\n• {headline}\n\nA closing paragraph.\n"
    );
    let site = site_of(&[("content/a.txt", &target), ("content/z.txt", &linking)]);
    let Block::Related(r) = &site.articles[1].blocks[1] else {
        panic!("no related aside: {:?}", site.articles[1].blocks)
    };
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
        let Block::Related(r) = &site.articles[3].blocks[1] else { panic!() };
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
    let Block::Related(r) = &site.articles[2].blocks[1] else { panic!() };
    assert_eq!(r.items[0].target, Some(1));
    // Only the draft has the title: the headline stays plain text.
    let site = index(&config, vec![articles[0].clone(), articles[2].clone()], true);
    let Block::Related(r) = &site.articles[1].blocks[1] else { panic!() };
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
    let Block::Related(r) = &site.articles[1].blocks[1] else { panic!("not promoted: {:?}", site.articles[1].blocks) };
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
    assert!(matches!(site.articles[0].blocks[1], Block::List(_)));
}

#[test]
fn promoted_related_items_keep_their_lines() {
    let site = site_of(&[("content/a.txt", FM_BODY), ("content/z.txt", SENTENCES)]);
    let Block::Related(r) = &site.articles[1].blocks[1] else { panic!() };
    let lines: Vec<Option<usize>> = r.items.iter().map(|i| i.line).collect();
    assert_eq!(lines, vec![Some(5), Some(6), Some(7)]);
    let unresolved: Vec<(&str, Option<usize>)> = site
        .problems
        .iter()
        .filter(|p| p.kind == ProblemKind::UnresolvedRelated)
        .map(|p| (p.at.path.as_str(), p.at.line))
        .collect();
    assert_eq!(unresolved, vec![("content/z.txt", Some(5)), ("content/z.txt", Some(7))]);
}

#[test]
fn summary_list_is_never_promoted() {
    let text = "Ferry fares set for spring\n\nSummary\n\n• Pier lamps return\n• Fares rise by a tenth\n\nThe council met to set the fares.\n";
    let site = site_of(&[("content/a.txt", FM_BODY), ("content/z.txt", text)]);
    assert_eq!(
        site.articles[1].blocks[0],
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
    assert_eq!(
        got,
        vec![("content/z.txt", Some(5), Severity::Warning), ("content/z.txt", Some(10), Severity::Warning)]
    );
    assert!(unresolved[0].at.message.contains("\"Quay café reopens\""), "{}", unresolved[0].at.message);
    assert!(unresolved[1].at.message.contains("\"Tide gates get new seals\""), "{}", unresolved[1].at.message);
}

#[test]
fn related_internet_links_never_link_and_never_warn() {
    let text = framed_text("Related Internet Links\n\nPier lamps return");
    let site = site_of(&[("content/a.txt", FM_BODY), ("content/z.txt", &text)]);
    assert_eq!(site.articles[1].blocks[1], internet_links(&[("Pier lamps return", 7)]));
    assert!(site.problems.iter().all(|p| p.kind != ProblemKind::UnresolvedRelated), "{:?}", site.problems);
}

// ---------------------------------------------------------------------------
// Problems
// ---------------------------------------------------------------------------

#[test]
fn problem_kinds_have_their_severity() {
    for kind in [ProblemKind::LeftOut, ProblemKind::BadKey] {
        assert_eq!(kind.severity(), Severity::Error, "{kind:?}");
    }
    for kind in
        [ProblemKind::DerivedTitle, ProblemKind::UnresolvedRelated, ProblemKind::SlugCollision, ProblemKind::NoTopics]
    {
        assert_eq!(kind.severity(), Severity::Warning, "{kind:?}");
    }
}

#[test]
fn problem_names_the_file_and_line() {
    let problem = left_out(b"Pier\n\nThe fare is \xA32.\n");
    let shown = problem.to_string();
    assert!(shown.starts_with("error: content/a.txt:3: is not valid UTF-8"), "{shown}");
}

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

mod properties {
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
}

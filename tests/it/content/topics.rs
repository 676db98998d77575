//! Topics across articles (docs/content.md, "Topics").

use super::*;

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
    // The rule "Two different names with the same slug get -2 like articles",
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
    // The article keeps its names as written (the contract is silent on the
    // article's own list; the index merges them).
    assert_eq!(a.topics, strings(&["Harbour works", "harbour  WORKS", "Ferries"]));
}

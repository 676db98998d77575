//! Reporters: a page per author with their articles, roles and feeds, an
//! A–Z index, bylines that link to them, and "More like this".

use crate::{Fixture, select, text};

/// A scraped article with a byline line.
fn signed(title: &str, date: &str, byline: &str, topics: &[&str]) -> String {
    let topics: String = topics.iter().map(|t| format!("  • {t}\n")).collect();
    format!(
        "{title}\n\nPublished {date}\n\n{byline}\n\nThe first paragraph of {title} says what happened.\n\nRelated Topics\n\n{topics}"
    )
}

fn newsroom() -> Fixture {
    Fixture::new(&[
        (
            "site.toml",
            "title = \"Courier\"\nbase_url = \"https://example.org/\"\npaginate_by = 2\n[search]\nenabled = false\n",
        ),
        ("content/a.txt", &signed("Dock strike called off", "3 March 2021", "By Ann SmithBBC News, Leeds", &["Docks"])),
        (
            "content/b.txt",
            &signed("Dock pay deal agreed", "9 March 2021", "By ann  smith, Business reporter", &["Docks"]),
        ),
        ("content/c.txt", &signed("Pay talks resume", "1 April 2021", "By Ann Smith and Bo Zhang", &["Docks", "Pay"])),
        ("content/d.txt", &signed("Council sets budget", "2 April 2021", "By BBC News", &["Council"])),
        ("content/e.txt", &signed("Ferry fares rise", "5 May 2021", "By Ann SmithBusiness reporter", &["Ferries"])),
    ])
}

#[test]
fn each_author_has_a_page_newest_first_with_roles_and_feeds() {
    let site = newsroom();
    site.build();
    let page = site.html("/authors/ann-smith/");
    assert_eq!(text(&select(&page, "h1")[0]), "Ann Smith");
    let titles: Vec<String> = select(&page, ".teaser-title").iter().map(text).collect();
    assert_eq!(titles, ["Ferry fares rise", "Pay talks resume"], "newest first, two to a page");
    assert_eq!(
        text(&select(&page, ".listing-intro")[0]),
        "Business reporter · BBC News, Leeds",
        "most frequent role first"
    );
    assert_eq!(text(&select(&page, ".listing-meta")[0]), "4 articles · Atom feed · JSON Feed");
    let second = site.html("/authors/ann-smith/page/2/");
    let titles: Vec<String> = select(&second, ".teaser-title").iter().map(text).collect();
    assert_eq!(titles, ["Dock pay deal agreed", "Dock strike called off"]);
    let feed = site.page("/authors/ann-smith/atom.xml");
    assert_eq!(feed.matches("<entry>").count(), 4);
    assert_eq!(feed.matches("<summary>").count(), 4, "author feeds carry summaries");
    assert!(!feed.contains("<content"), "and not the full content: {feed}");
    let json: serde_json::Value = serde_json::from_str(&site.page("/authors/ann-smith/feed.json")).unwrap();
    assert_eq!(json["title"], "Ann Smith — Courier");
    let items = json["items"].as_array().unwrap();
    assert_eq!(items.len(), 4);
    assert!(items.iter().all(|item| item["content_html"].is_null() && item["content_text"] == item["summary"]));
}

#[test]
fn the_index_lists_authors_by_surname_with_counts_and_no_outlet() {
    let site = newsroom();
    site.build();
    let index = site.html("/authors/");
    let letters: Vec<String> = select(&index, ".topic-group h2").iter().map(text).collect();
    assert_eq!(letters, ["S", "Z"]);
    let entries: Vec<String> = select(&index, ".topic-group li").iter().map(text).collect();
    assert_eq!(entries, ["Ann Smith 4", "Bo Zhang 1"], "a role-only byline (By BBC News) is no author");
    assert!(!site.output().join("authors/bbc-news").exists());
    let council = site.html("/articles/council-sets-budget/");
    assert!(select(&council, ".byline .authors").is_empty());
    assert_eq!(text(&select(&council, ".byline .role")[0]), "BBC News");
}

#[test]
fn bylines_link_to_author_pages_and_json_ld_names_them() {
    let site = newsroom();
    site.build();
    let page = site.html("/articles/pay-talks-resume/");
    let links: Vec<(String, String)> = select(&page, ".byline .authors a")
        .iter()
        .map(|a| (text(a), a.value().attr("href").unwrap().to_string()))
        .collect();
    assert_eq!(
        links,
        [
            ("Ann Smith".to_string(), "/authors/ann-smith/".to_string()),
            ("Bo Zhang".into(), "/authors/bo-zhang/".into())
        ]
    );
    assert_eq!(text(&select(&page, ".byline .authors")[0]), "By Ann Smith and Bo Zhang");
    let ld: serde_json::Value =
        serde_json::from_str(&select(&page, "script[type='application/ld+json']")[0].inner_html()).unwrap();
    assert_eq!(
        ld[0]["author"][1],
        serde_json::json!({"@type": "Person", "name": "Bo Zhang", "url": "https://example.org/authors/bo-zhang/"})
    );
    assert_eq!(ld[0]["keywords"], "Docks, Pay");
    assert_eq!(ld[1]["@type"], "BreadcrumbList");
    let crumbs: Vec<&str> =
        ld[1]["itemListElement"].as_array().unwrap().iter().map(|i| i["name"].as_str().unwrap()).collect();
    assert_eq!(crumbs, ["Courier", "Docks", "Pay talks resume"]);
}

#[test]
fn more_like_this_weighs_rare_topics_and_breaks_ties_by_date() {
    let topics = |extra: &[&'static str]| -> Vec<&'static str> { [&["Common"][..], extra].concat() };
    let mut files: Vec<(String, String)> = Vec::new();
    // "Common" is on every article; "Rare" on three; the others on one each.
    for (name, date, extra) in [
        ("me", "10 June 2022", topics(&["Rare"])),
        ("rare-old", "1 January 2020", topics(&["Rare"])),
        ("rare-new", "20 June 2022", topics(&["Rare"])),
        ("near", "11 June 2022", topics(&[])),
        ("far", "1 June 2019", topics(&[])),
    ] {
        files.push((format!("content/{name}.txt"), signed(name, date, "By Ann Smith", &extra)));
    }
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let site = crate::site_of(&refs);
    let me = site.articles.iter().position(|a| a.title == "me").unwrap();
    let alike: Vec<&str> = site.similar[me].iter().map(|&o| site.articles[o as usize].title.as_str()).collect();
    assert_eq!(alike, ["rare-new", "rare-old", "near", "far"], "the rare topic first, then nearest in date");
}

//! What listings show beyond titles: day pages and "on this day", a topic's
//! chart, reading times, capped topic chips, updated notices, JSON Feeds.

use crate::{Fixture, select, text};

fn article(title: &str, date: &str, topics: &[&str], words: usize) -> String {
    let topics: String = topics.iter().map(|t| format!("  • {t}\n")).collect();
    let body = vec!["word"; words].join(" ");
    format!("{title}\n\nPublished {date}\n\n{body}.\n\nRelated Topics\n\n{topics}")
}

fn archive() -> Fixture {
    Fixture::new(&[
        ("site.toml", "title = \"Courier\"\nbase_url = \"https://example.org/\"\n[search]\nenabled = false\n"),
        ("content/a.txt", &article("Bridge reopens", "4 March 2021", &["Bridges"], 450)),
        ("content/b.txt", &article("Bridge tolls scrapped", "4 March 2021", &["Bridges"], 90)),
        ("content/c.txt", &article("Bridge painted", "5 March 2021", &["Bridges"], 90)),
        (
            "content/d.txt",
            &article("Bridge inspected", "4 March 2023", &["Bridges", "Safety", "Roads", "Rivers", "Budget"], 90),
        ),
        ("content/e.txt", &article("Bridge closes", "20 June 2022", &["Bridges"], 90)),
    ])
}

#[test]
fn month_pages_link_their_days_and_day_pages_list_the_day() {
    let site = archive();
    site.build();
    let month = site.html("/archive/2021/03/");
    let days: Vec<(String, String)> = select(&month, "nav.periods li a")
        .iter()
        .map(|a| (text(a), a.value().attr("href").unwrap().to_string()))
        .collect();
    assert_eq!(
        days,
        [
            ("5 March 2021".to_string(), "/archive/2021/03/05/".to_string()),
            ("4 March 2021".into(), "/archive/2021/03/04/".into())
        ]
    );
    let day = site.html("/archive/2021/03/04/");
    assert_eq!(text(&select(&day, "h1")[0]), "4 March 2021");
    let titles: Vec<String> = select(&day, ".teaser-title").iter().map(text).collect();
    assert_eq!(titles, ["Bridge reopens", "Bridge tolls scrapped"]);
    assert_eq!(select(&day, ".kicker a")[0].value().attr("href"), Some("/archive/2021/03/"));
    assert_eq!(select(&day, ".period-nav a.next")[0].value().attr("href"), Some("/archive/2021/03/05/"));
}

#[test]
fn on_this_day_has_a_file_for_each_day_with_articles_and_the_home_page_knows_which() {
    let site = archive();
    site.build();
    let march4: serde_json::Value = serde_json::from_str(&site.page("/archive/on-this-day/03-04.json")).unwrap();
    assert_eq!(
        march4,
        serde_json::json!([
            {"year": 2023, "title": "Bridge inspected", "url": "/articles/bridge-inspected/"},
            {"year": 2021, "title": "Bridge reopens", "url": "/articles/bridge-reopens/"},
            {"year": 2021, "title": "Bridge tolls scrapped", "url": "/articles/bridge-tolls-scrapped/"},
        ])
    );
    assert!(!site.output().join("archive/on-this-day/03-06.json").exists(), "a day without articles has no file");
    let files = std::fs::read_dir(site.output().join("archive/on-this-day")).unwrap().count();
    assert_eq!(files, 3);
    let home = site.html("/");
    let days = select(&home, "#on-this-day")[0].value().attr("data-days").unwrap().to_string();
    assert_eq!(days.len(), 92, "a bit for each of 366 days");
    let has = |slot: usize| u32::from_str_radix(&days[slot / 4..slot / 4 + 1], 16).unwrap() & (8 >> (slot % 4)) != 0;
    let slots: Vec<usize> = (0..366).filter(|&s| has(s)).collect();
    assert_eq!(slots, [31 + 29 + 3, 31 + 29 + 4, 31 + 29 + 31 + 30 + 31 + 19], "4 and 5 March, 20 June");
}

#[test]
fn a_home_page_without_dated_articles_has_no_on_this_day_box() {
    let site = Fixture::new(&[
        ("site.toml", "title = \"Courier\"\n[search]\nenabled = false\n"),
        ("content/a.txt", "Undated story\n\nNo date here.\n"),
    ]);
    site.build();
    let home = site.html("/");
    assert!(select(&home, "#on-this-day").is_empty());
    assert!(select(&home, "script[src$='on-this-day.js']").is_empty());
}

#[test]
fn a_topic_page_charts_its_articles_per_month_with_links() {
    let site = archive();
    site.build();
    let topic = site.html("/topics/bridges/");
    let svg = select(&topic, ".topic-chart svg")[0];
    assert_eq!(text(&select(&topic, ".topic-chart svg > title")[0]), "Articles about Bridges per month");
    let description = text(&select(&topic, ".topic-chart svg > desc")[0]);
    assert_eq!(
        description,
        "Articles per month, from March 2021 to March 2023. March 2021: 3; June 2022: 1; March 2023: 1."
    );
    assert_eq!(svg.value().attr("aria-labelledby"), Some("chart-title"));
    let bars: Vec<(String, String)> = select(&topic, ".topic-chart a")
        .iter()
        .map(|a| (a.value().attr("aria-label").unwrap().to_string(), a.value().attr("href").unwrap().to_string()))
        .collect();
    assert_eq!(
        bars,
        [
            ("March 2021: 3 articles".to_string(), "/archive/2021/03/".to_string()),
            ("June 2022: 1 article".into(), "/archive/2022/06/".into()),
            ("March 2023: 1 article".into(), "/archive/2023/03/".into())
        ]
    );
    assert!(select(&site.html("/topics/safety/"), ".topic-chart").is_empty(), "one period: nothing to chart");
}

#[test]
fn a_long_topic_is_charted_per_year() {
    let files: Vec<(String, String)> = (0..6)
        .map(|k| {
            (
                format!("content/{k}.txt"),
                article(&format!("Story {k}"), &format!("1 May {}", 2010 + 2 * k), &["Long"], 10),
            )
        })
        .chain([("site.toml".to_string(), "title = \"T\"\n[search]\nenabled = false\n".to_string())])
        .collect();
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let site = Fixture::new(&refs);
    site.build();
    let topic = site.html("/topics/long/");
    assert_eq!(text(&select(&topic, ".topic-chart svg > title")[0]), "Articles about Long per year");
    let hrefs: Vec<&str> = select(&topic, ".topic-chart a").iter().map(|a| a.value().attr("href").unwrap()).collect();
    assert_eq!(
        hrefs,
        ["/archive/2010/", "/archive/2012/", "/archive/2014/", "/archive/2016/", "/archive/2018/", "/archive/2020/"]
    );
    assert_eq!(select(&topic, ".topic-chart rect").len(), 6, "empty years have no bar");
}

#[test]
fn reading_time_and_words_on_articles_and_teasers() {
    let site = archive();
    site.build();
    let page = site.html("/articles/bridge-reopens/");
    assert_eq!(text(&select(&page, ".byline .reading-time")[0]), "450 words, 3 min read");
    let day = site.html("/archive/2021/03/04/");
    let times: Vec<String> = select(&day, ".teaser .reading-time").iter().map(text).collect();
    assert_eq!(times, ["3 min read", "1 min read"]);
}

#[test]
fn teasers_show_three_topics_and_say_how_many_more() {
    let site = archive();
    site.build();
    let home = site.html("/");
    let teaser = select(&home, ".teaser").into_iter().find(|t| text(t).contains("Bridge inspected")).unwrap();
    let chips: Vec<String> =
        teaser.select(&scraper::Selector::parse(".teaser-topics li").unwrap()).map(|e| text(&e)).collect();
    assert_eq!(chips, ["Bridges", "Safety", "Roads", "+2 more"]);
    let more = teaser.select(&scraper::Selector::parse(".more-topics a").unwrap()).next().unwrap();
    assert_eq!(more.value().attr("href"), Some("/articles/bridge-inspected/#topics"));
    assert_eq!(more.value().attr("aria-label"), Some("2 more topics of Bridge inspected"));
}

#[test]
fn an_article_with_thousands_of_topics_builds_with_a_warning_and_small_pages() {
    let cloud: Vec<String> = (0..5000).map(|k| format!("Tag {k}")).collect();
    let cloud: Vec<&str> = cloud.iter().map(String::as_str).collect();
    let mut files = vec![
        ("site.toml".to_string(), "title = \"T\"\n[search]\nenabled = false\n".to_string()),
        ("content/cloud.txt".to_string(), article("Tag cloud", "1 May 2020", &cloud, 20)),
    ];
    for k in 0..7 {
        files.push((format!("content/{k}.txt"), article(&format!("Story {k}"), "2 May 2020", &["Tag 1"], 20)));
    }
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let site = Fixture::new(&refs);
    let report = site.build();
    let warnings: Vec<String> = report
        .problems
        .iter()
        .filter(|p| p.kind == gazette::model::ProblemKind::ManyTopics)
        .map(|p| p.to_string())
        .collect();
    assert_eq!(
        warnings,
        [
            "warning: content/cloud.txt: has 5000 topics, more than an article plausibly has; check where its topic list ends (listings show only its first few)"
        ]
    );
    let topic_page = site.page("/topics/tag-4999/");
    assert!(
        topic_page.len() < 20_000,
        "a topic page lists the article with a few chips, not 5,000: {} bytes",
        topic_page.len()
    );
    assert!(topic_page.contains("+4,996 more") || topic_page.contains("+4996 more"));
}

#[test]
fn an_updated_notice_only_when_the_update_differs_from_the_date() {
    let site = Fixture::new(&[
        ("site.toml", "title = \"T\"\n[search]\nenabled = false\n"),
        ("content/a.md", "+++\ntitle = \"Corrected\"\ndate = 2021-03-04\nupdated = 2021-03-06\n+++\n\nText.\n"),
        ("content/b.md", "+++\ntitle = \"Same day\"\ndate = 2021-03-04\nupdated = 2021-03-04\n+++\n\nText.\n"),
    ]);
    site.build();
    let corrected = site.html("/articles/corrected/");
    assert_eq!(text(&select(&corrected, ".updated")[0]), "Updated 6 March 2021");
    let ld: serde_json::Value =
        serde_json::from_str(&select(&corrected, "script[type='application/ld+json']")[0].inner_html()).unwrap();
    assert_eq!(ld[0]["dateModified"], "2021-03-06T00:00:00Z");
    assert!(select(&site.html("/articles/same-day/"), ".updated").is_empty());
}

#[test]
fn json_feeds_follow_the_site_each_topic_and_each_author() {
    let site = archive();
    site.build();
    for (url, title, items) in [("/feed.json", "Courier", 5), ("/topics/bridges/feed.json", "Bridges — Courier", 5)] {
        let json: serde_json::Value = serde_json::from_str(&site.page(url)).unwrap();
        assert_eq!(json["version"], "https://jsonfeed.org/version/1.1");
        assert_eq!(json["title"], title);
        assert_eq!(json["feed_url"], format!("https://example.org{url}"));
        assert_eq!(json["items"].as_array().unwrap().len(), items);
        let first = &json["items"][0];
        assert_eq!(first["title"], "Bridge inspected");
        assert_eq!(first["url"], "https://example.org/articles/bridge-inspected/");
        assert_eq!(first["date_published"], "2023-03-04T00:00:00Z");
        assert!(first["content_html"].as_str().unwrap().starts_with("<p>word word"));
    }
    let home = site.html("/");
    let link = select(&home, "link[type='application/feed+json']")[0].value().attr("href");
    assert_eq!(link, Some("/feed.json"));
}

//! Scrapers' outputs as content (docs/content.md, "Scrapers' outputs"):
//! every shape of `tests/fixtures/scraper-outputs`, read through `gazette
//! inspect --json` as a user would, each field where a reader expects it.

use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};

fn inspect(site: &str) -> Vec<Value> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(site);
    let out = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["inspect", "--json", "content"])
        .current_dir(&root)
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// The fields a record maps to, of the article titled `title`.
fn mapped<'a>(articles: &'a [Value], title: &str) -> &'a Value {
    articles.iter().find(|a| a["title"] == title).unwrap_or_else(|| panic!("no article titled {title:?}"))
}

fn fields(a: &Value) -> Value {
    json!({
        "path": a["path"], "record": a["record"], "authors": a["authors"], "date": a["date"],
        "topics": a["topics"], "source_url": a["source_url"], "summary": a["summary"], "image": a["images"][0]["src"],
        "section": a["section"],
    })
}

#[test]
fn every_shape_maps_its_fields() {
    let articles = inspect("scraper-outputs");
    assert!(articles.iter().all(|a| a.get("error").is_none()), "{articles:?}");
    assert_eq!(articles.len(), 18);
    let expect = |title: &str, want: Value| assert_eq!(fields(mapped(&articles, title)), want, "{title}");
    expect(
        "Harbour dues to rise by a tenth",
        json!({"path": "content/news-please.json", "record": {"number": 1, "line": 1}, "authors": ["Owen Pryce"],
               "date": "2021-04-08T17:03:00Z", "topics": [], "source_url": "https://harbour.example.net/news/harbour-dues",
               "summary": "Harbour dues will rise for the first time in six years.",
               "image": "https://harbour.example.net/media/dues.jpg", "section": null}),
    );
    expect(
        "Ferry operator orders two electric boats",
        json!({"path": "content/trafilatura.json", "record": {"number": 1, "line": 1},
               "authors": ["Lena Morgan", "Carys Bell"], "date": "2021-05-20",
               "topics": ["Transport", "Island ferries", "electric", "boats"],
               "source_url": "https://ferries.example.org/electric", "summary": "Two battery ferries will join the fleet.",
               "image": "https://ferries.example.org/e-ferry.png", "section": null}),
    );
    expect(
        "Pier reopens after storm repairs",
        json!({"path": "content/newspaper4k.json", "record": {"number": 1, "line": 1},
               "authors": ["Priya Nair", "Sam Oduya"], "date": "2021-07-02T09:30:00+01:00",
               "topics": ["pier", "storm", "repairs"], "source_url": "https://seaside.example.com/2021/07/pier-reopens",
               "summary": "The pier is open again after storm repairs.",
               "image": "https://seaside.example.com/images/pier.jpg", "section": null}),
    );
    expect(
        "Cliff path closed after landslip",
        json!({"path": "content/readability.json", "record": {"number": 1, "line": 1}, "authors": ["Ffion Davies"],
               "date": "2021-09-14T06:00:00Z", "topics": [], "source_url": null,
               "summary": "The coast path below the west cliff is closed.", "image": null, "section": null}),
    );
    expect(
        "Tidal lagoon plan returns to the council",
        json!({"path": "content/yaml-trafilatura.md", "record": null, "authors": ["Maya Rees", "Tom Hale"],
               "date": "2021-03-02", "topics": ["Energy", "Swansea Bay", "lagoon", "Tides"],
               "source_url": "https://coast.example.com/news/tidal-lagoon",
               "summary": "A scheme for a tidal lagoon off the bay is back before planners.",
               "image": "https://coast.example.com/img/lagoon.jpg", "section": null}),
    );
    expect(
        "Lifeboat crew rescue kayakers",
        json!({"path": "content/yaml-jekyll.txt", "record": null, "authors": [], "date": "2021-06-12T18:20:00+01:00",
               "topics": ["rescue lifeboats", "Lifeboats", "Sea safety"], "source_url": null,
               "summary": "Lifeboat crews rescued two kayakers who were swept out of the bay on Saturday evening.",
               "image": null, "section": null}),
    );
    expect(
        "Fish hall roof repaired",
        json!({"path": "content/world/scrapy.jsonl", "record": {"number": 2, "line": 2}, "authors": ["Nell Hart"],
               "date": "2021-10-21", "topics": ["Markets", "Buildings"], "source_url": "https://quay.example.org/fish-hall-roof",
               "summary": "The roof of the old fish hall has been repaired before the market moves in.", "image": null,
               "section": "world"}),
    );
    expect(
        "Beach huts go on sale",
        json!({"path": "content/world/dump.jl", "record": {"number": 1, "line": 1}, "authors": [],
               "date": "2021-08-15T08:00:00Z", "topics": ["Beaches"], "source_url": null,
               "summary": "Forty new beach huts go on sale on Monday.", "image": null, "section": "world"}),
    );
    expect(
        "Sand dunes fenced off to protect birds",
        json!({"path": "content/world/stream.ndjson", "record": {"number": 1, "line": 1}, "authors": [],
               "date": "2021-05-03T00:00:00Z", "topics": ["terns", "dunes"], "source_url": null,
               "summary": "Parts of the dunes will be fenced off until August while terns nest.", "image": null,
               "section": "world"}),
    );
    expect(
        "Swimmers raise money for the lifeboat",
        json!({"path": "content/feeds/array.json", "record": {"number": 2, "line": 3}, "authors": [], "date": "2021-06-20",
               "topics": ["Sport", "Lifeboats"], "source_url": null,
               "summary": "Swimmers in the bay swim raised money for the lifeboat station.", "image": null, "section": "feeds"}),
    );
    expect(
        "New bus link to the beach",
        json!({"path": "content/feeds/newsapi.json", "record": {"number": 1, "line": 1}, "authors": ["Rhys Evans"],
               "date": "2021-05-28T07:15:00Z", "topics": [], "source_url": "https://baynews.example.com/bus-link",
               "summary": "A summer bus will link the station and the beach.",
               "image": "https://baynews.example.com/bus.jpg", "section": "feeds"}),
    );
    expect(
        "Carol singers on the quay",
        json!({"path": "content/feeds/run-together.jsonl", "record": {"number": 2, "line": 6}, "authors": [],
               "date": "2021-12-12", "topics": [], "source_url": null,
               "summary": "Carol singers gathered on the quay on Sunday evening.", "image": null, "section": "feeds"}),
    );
    expect(
        "Lighthouse to open at weekends",
        json!({"path": "content/feeds/sheet.csv", "record": {"number": 2, "line": 3}, "authors": ["Ann Price", "Bryn Lloyd"],
               "date": "2021-11-15", "topics": ["Lighthouses"], "source_url": null,
               "summary": "The lighthouse will open at weekends from April, with guided tours of the lamp room.",
               "image": null, "section": "feeds"}),
    );
    expect(
        "Council buys the old lighthouse",
        json!({"path": "content/feeds/sheet.csv", "record": {"number": 1, "line": 2}, "authors": ["Ann Price"],
               "date": "2021-10-04T09:00:00+01:00", "topics": ["Lighthouses", "Council"],
               "source_url": "https://council.example.gov/lighthouse",
               "summary": "The council has bought the old lighthouse for £1, and plans to open it to visitors.",
               "image": null, "section": "feeds"}),
    );
    expect(
        "Tide gauge data goes online",
        json!({"path": "content/feeds/sheet.tsv", "record": {"number": 1, "line": 2}, "authors": [], "date": "2021-08-03",
               "topics": ["Tides"], "source_url": null,
               "summary": "Readings from the harbour tide gauge are now published every ten minutes.", "image": null,
               "section": "feeds"}),
    );
}

#[test]
fn a_scraped_body_in_a_record_is_normalised_as_a_txt_is() {
    let articles = inspect("scraper-outputs");
    let dues = mapped(&articles, "Harbour dues to rise by a tenth");
    assert_eq!(
        dues["blocks"],
        json!([
            {"kind": "paragraph", "text": "Harbour dues will rise by a tenth from May, the port authority has said."},
            {"kind": "figure", "media": "image", "credit": "Port Authority", "caption": "Fishing boats moored in the inner harbour", "alt": null},
            {"kind": "paragraph", "text": "Boat owners said the rise was unfair after two poor seasons."},
            {"kind": "related", "heading": null, "items": [
                {"text": "Harbour pilots agree new pay deal", "url": null},
                {"text": "Fishing quota talks stall", "url": null}]}
        ])
    );
    let cliff = mapped(&articles, "Cliff path closed after landslip");
    let html = cliff["blocks"][0]["html"].as_str().unwrap();
    assert!(html.contains("<b>west cliff</b>") && !html.contains("script"), "{html}");
    assert_eq!(cliff["lead"], "The coast path below the west cliff is closed after a landslip on Tuesday night.");
    let bus = mapped(&articles, "New bus link to the beach");
    assert_eq!(
        bus["lead"],
        "A summer bus will run every half hour between the railway station and the beach from June…"
    );
}

#[test]
fn a_field_mapping_in_site_toml_reads_other_names() {
    let articles = inspect("mapped-fields");
    assert_eq!(articles.len(), 1);
    let a = &articles[0];
    assert_eq!(a["title"], "Dredger arrives to clear the channel");
    assert_eq!(a["url"], "/articles/dredger-arrives-to-clear-the-channel/");
    assert_eq!(
        fields(a),
        json!({"path": "content/desk.jsonl", "record": {"number": 1, "line": 1}, "authors": ["Iwan Hughes", "Mari Jones"],
               "date": "2022-04-04T08:00:00Z", "topics": ["Harbour", "dredging", "channel"],
               "source_url": "https://mapped.example.org/source/dredger", "summary": "Three weeks of dredging start.",
               "image": "https://mapped.example.org/art/dredger.jpg", "section": null})
    );
}

#[test]
fn an_unknown_field_in_the_mapping_is_an_error_with_its_line() {
    let err = gazette::config::Config::parse(Path::new("."), "title = \"x\"\n\n[load.fields]\ncolour = \"hue\"\n")
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "./site.toml:4: [load.fields] has no field `colour`; the fields are title, text, html, authors, date, updated, topics, summary, source_url, image, id"
    );
}

/// Copies a fixture site into a temporary folder, to build and edit it.
fn copy_of(site: &str) -> tempfile::TempDir {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(site);
    let dir = tempfile::tempdir().unwrap();
    for (file, bytes) in crate::tree(&from) {
        if file.starts_with("expected/") {
            continue;
        }
        let path = dir.path().join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    dir
}

#[test]
fn streamed_records_build_the_same_site() {
    let dir = copy_of("scraper-outputs");
    let mut trees = Vec::new();
    for stream in [false, true] {
        let target = dir.path().join(format!("public-{stream}"));
        let mut config =
            gazette::config::Config::load(dir.path()).unwrap().with_overrides(Some(&target), None).unwrap();
        config.load.stream_bodies = Some(stream);
        gazette::build::build(&config, &gazette::build::BuildOptions::default()).unwrap();
        trees.push(crate::tree(&target));
    }
    assert!(trees[0] == trees[1], "streaming the records' bodies changed the output");
}

#[test]
fn an_edited_record_renders_only_its_own_page() {
    let dir = copy_of("scraper-outputs");
    let config = gazette::config::Config::load(dir.path()).unwrap();
    let options = gazette::build::BuildOptions::default();
    gazette::build::build(&config, &options).unwrap();
    let file = dir.path().join("content/world/scrapy.jsonl");
    // A second paragraph: the lead, and so every listing, stays the same.
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replace("before the market moves in.\"", "before the market moves in.\\n\\nThe work took a week.\"");
    std::fs::write(&file, text).unwrap();
    let report = gazette::build::build(&config, &options).unwrap();
    assert_eq!(report.rendered, 1, "only the edited record's page");
    let page = std::fs::read_to_string(dir.path().join("public/articles/fish-hall-roof-repaired/index.html")).unwrap();
    assert!(page.contains("<p>The work took a week.</p>"), "{page}");
}

//! Pictures an article names: local files resized for `srcset`, remote ones
//! used as they are, the lead one in `og:image`, JSON-LD and feeds; and
//! scraped figures that kept only their caption.

use gazette::model::ProblemKind;

use crate::{Fixture, select, text};

/// A PNG picture of `width` × `height`, encoded in memory.
fn png(width: u32, height: u32) -> Vec<u8> {
    let picture = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
    let mut bytes = std::io::Cursor::new(Vec::new());
    picture.write_to(&mut bytes, image::ImageFormat::Png).unwrap();
    bytes.into_inner()
}

const SITE: &str = "title = \"Courier\"\nbase_url = \"https://example.org/\"\n[search]\nenabled = false\n";

fn pictured() -> Fixture {
    let site = Fixture::new(&[
        ("site.toml", SITE),
        (
            "content/world/quay.md",
            "+++\ntitle = \"New quay opens\"\ndate = 2022-05-04\ntopics = [\"Harbour\"]\n\n[image]\nsrc = \"../media/quay.png\"\nalt = \"The new quay at low tide\"\ncaption = \"The quay on its first morning\"\n+++\n\nThe new quay opened to boats on Wednesday.\n",
        ),
        (
            "content/beside.txt",
            "Boats return to the harbour\n\nPublished 5 May 2022\n\nThe fishing fleet came home early.\n",
        ),
        (
            "content/remote.md",
            "+++\ntitle = \"Storm closes the pier\"\ndate = 2022-05-06\nimage = \"https://cdn.example.net/pier.jpg\"\n+++\n\nThe pier is shut until further notice.\n",
        ),
        (
            "content/broken.md",
            "+++\ntitle = \"Lost picture\"\ndate = 2022-05-07\nimage = \"missing.png\"\n+++\n\nIts picture is not there.\n",
        ),
    ]);
    site.write_bytes("content/media/quay.png", &png(1200, 800));
    site.write_bytes("content/beside.png", &png(300, 200));
    site
}

#[test]
fn a_local_picture_is_resized_for_srcset_with_its_size_and_alt() {
    let site = pictured();
    let report = site.build();
    let page = site.html("/articles/new-quay-opens/");
    let img = select(&page, "figure.picture img")[0].value();
    assert_eq!(img.attr("alt"), Some("The new quay at low tide"));
    assert_eq!((img.attr("width"), img.attr("height")), (Some("1200"), Some("800")));
    assert_eq!(img.attr("loading"), Some("lazy"));
    let srcset: Vec<&str> = img.attr("srcset").unwrap().split(", ").collect();
    assert_eq!(srcset.len(), 3, "{srcset:?}");
    for (candidate, width) in srcset.iter().zip([1200, 960, 480]) {
        let (url, w) = candidate.split_once(' ').unwrap();
        assert_eq!(w, format!("{width}w"));
        let file = site.output().join(url.trim_start_matches('/'));
        assert_eq!(image::image_dimensions(&file).unwrap(), (width, width * 2 / 3), "{url}");
    }
    assert_eq!(text(&select(&page, "figure.picture figcaption")[0]), "The quay on its first morning");
    let og = select(&page, "meta[property='og:image']")[0].value().attr("content").unwrap().to_string();
    assert!(og.starts_with("https://example.org/media/") && og.ends_with("-1200.png"), "{og}");
    let ld: serde_json::Value =
        serde_json::from_str(&select(&page, "script[type='application/ld+json']")[0].inner_html()).unwrap();
    assert_eq!(ld[0]["image"], og.as_str());
    let problems: Vec<String> =
        report.problems.iter().filter(|p| p.kind == ProblemKind::Picture).map(|p| p.to_string()).collect();
    assert_eq!(
        problems,
        [
            "warning: content/broken.md: its picture content/missing.png cannot be read (No such file or directory (os error 2)); the article is shown without it"
        ]
    );
    assert!(select(&site.html("/articles/lost-picture/"), "img").is_empty());
}

#[test]
fn an_image_file_beside_the_article_is_its_picture() {
    let site = pictured();
    site.build();
    let page = site.html("/articles/boats-return-to-the-harbour/");
    let img = select(&page, "figure.picture img")[0].value();
    assert_eq!((img.attr("width"), img.attr("height")), (Some("300"), Some("200")));
    assert_eq!(img.attr("srcset").unwrap().split(", ").count(), 1, "never enlarged");
}

#[test]
fn a_remote_picture_is_used_as_it_is_and_goes_into_feeds() {
    let site = pictured();
    site.build();
    let page = site.html("/articles/storm-closes-the-pier/");
    let img = select(&page, "figure.picture img")[0].value();
    assert_eq!(img.attr("src"), Some("https://cdn.example.net/pier.jpg"));
    assert_eq!(img.attr("srcset"), None);
    assert_eq!(img.attr("alt"), Some(""), "no alt given: a decorative picture");
    let atom = site.page("/atom.xml");
    assert!(atom.contains(r#"<link rel="enclosure" href="https://cdn.example.net/pier.jpg" type="image/jpeg"/>"#));
    let json: serde_json::Value = serde_json::from_str(&site.page("/feed.json")).unwrap();
    let item = json["items"].as_array().unwrap().iter().find(|i| i["title"] == "Storm closes the pier").unwrap();
    assert_eq!(item["image"], "https://cdn.example.net/pier.jpg");
}

#[test]
fn pictures_are_resized_again_only_when_they_change() {
    let site = pictured();
    site.build();
    let sizes = site.output().join("media");
    let mtimes = || -> Vec<(std::path::PathBuf, std::time::SystemTime)> {
        let mut all: Vec<_> = walkdir::WalkDir::new(&sizes)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| (e.path().to_path_buf(), e.metadata().unwrap().modified().unwrap()))
            .collect();
        all.sort();
        all
    };
    let before = mtimes();
    assert_eq!(before.len(), 4, "three sizes of one picture, one of the other");
    std::thread::sleep(std::time::Duration::from_millis(20));
    site.build();
    assert_eq!(mtimes(), before, "unchanged pictures are kept");
    site.write_bytes("content/media/quay.png", &png(1000, 500));
    site.build();
    let img = select(&site.html("/articles/new-quay-opens/"), "figure.picture img")[0]
        .value()
        .attr("height")
        .map(str::to_string);
    assert_eq!(img.as_deref(), Some("500"));
    let mut after: Vec<String> =
        mtimes().iter().map(|(p, _)| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
    after.sort();
    assert_eq!(after, ["beside-300.png", "quay-1000.png", "quay-480.png", "quay-960.png"], "the 1200 size is gone");
}

#[test]
fn a_figure_without_a_picture_is_its_caption_and_credit_only() {
    let site = Fixture::new(&[
        ("site.toml", SITE),
        (
            "content/a.txt",
            "Cranes arrive at the port\n\nPublished 3 March 2021\n\nImage source, Jo Bloggs/AgencyImage caption, Cranes lift the first blocks into place\n\nWork began on Monday.\n",
        ),
    ]);
    site.build();
    let page = site.html("/articles/cranes-arrive-at-the-port/");
    let figure = select(&page, "figure.figure")[0];
    assert_eq!(text(&figure), "Image Cranes lift the first blocks into place Credit: Jo Bloggs/Agency");
    assert!(
        select(&page, "figure.figure [role=img], figure.figure img, .figure-frame").is_empty(),
        "no placeholder box"
    );
}

//! Incremental work must give exactly what a clean build gives: the dev
//! server's session after each change, and `gazette build` run again over
//! its previous output, compared byte for byte with a clean build, over
//! random sequences of edits.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use gazette::build::{BuildOptions, build};
use gazette::config::Config;
use gazette::serve::Session;
use proptest::prelude::*;

use crate::{Fixture, tree};

const TOPICS: [&str; 4] = ["Harbour works", "Town council", "Ferry routes", "Coastal weather"];

/// The text of article `k` in version `v` of its title and body.
fn article_text(k: usize, v: &Versions, others: &[usize]) -> String {
    let Versions { title: title_v, lead: lead_v, body: body_v, related, topic, year, .. } = *v;
    let mut s = format!("{}\n\nPublished {} March {year}\n\n", title(k, title_v), 1 + k % 27);
    s.push_str(&format!("The lead of story {k} says what happened, version {lead_v}.\n\n"));
    s.push_str("Image source, Jo Bloggs/AgencyImage caption, A quay at low tide\n\n");
    s.push_str(&format!("A second paragraph of story {k}, with more detail.\n\n"));
    for o in others {
        s.push_str(&format!("  • {}\n", title(*o, related)));
    }
    s.push_str(&format!(
        "\nA closing paragraph, edit {body_v}.\n\nRelated Topics\n\n  • {}\n",
        TOPICS[topic % TOPICS.len()]
    ));
    s
}

fn title(k: usize, v: usize) -> String {
    if v == 0 { format!("Story number {k} on the waterfront") } else { format!("Story number {k} rewritten {v}") }
}

/// What an article looks like now.
#[derive(Debug, Clone)]
struct Versions {
    file: String,
    title: usize,
    lead: usize,
    body: usize,
    /// The version of the others' titles its related headlines name: 0
    /// links them, later ones only to others retitled as often.
    related: usize,
    topic: usize,
    year: i32,
}

/// A site whose state the test edits, mirrored on disk.
struct World {
    fixture: Fixture,
    articles: BTreeMap<usize, Versions>,
    next_id: usize,
    template_version: usize,
}

#[derive(Debug, Clone)]
enum Edit {
    Body(usize),
    Lead(usize),
    Related(usize),
    Retitle(usize),
    Topic(usize),
    Year(usize),
    Add,
    Remove(usize),
    Rename(usize),
    Template,
}

fn edit_strategy() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0..20usize).prop_map(Edit::Body),
        (0..20usize).prop_map(Edit::Lead),
        (0..20usize).prop_map(Edit::Related),
        (0..20usize).prop_map(Edit::Retitle),
        (0..20usize).prop_map(Edit::Topic),
        (0..20usize).prop_map(Edit::Year),
        Just(Edit::Add),
        (0..20usize).prop_map(Edit::Remove),
        (0..20usize).prop_map(Edit::Rename),
        Just(Edit::Template),
    ]
}

impl World {
    fn new(n: usize) -> World {
        let fixture = Fixture::new(&[(
            "site.toml",
            "title = \"Incremental\"\nbase_url = \"https://example.org/\"\npaginate_by = 3\n\n[search]\nenabled = false\n",
        )]);
        let mut world = World { fixture, articles: BTreeMap::new(), next_id: 0, template_version: 0 };
        for _ in 0..n {
            world.add();
        }
        world
    }

    /// Turns search on: the other tests leave it off to stay small.
    fn search_on(&self) {
        let toml = self.root().join("site.toml");
        let text = std::fs::read_to_string(&toml).unwrap().replace("[search]\nenabled = false\n", "");
        std::fs::write(toml, text).unwrap();
    }

    fn root(&self) -> &Path {
        self.fixture.root()
    }

    fn path_of(&self, id: usize) -> PathBuf {
        self.root().join("content").join(&self.articles[&id].file)
    }

    fn write(&self, id: usize) -> PathBuf {
        let versions = self.articles[&id].clone();
        let ids: Vec<usize> = self.articles.keys().copied().filter(|&o| o != id).collect();
        let others: Vec<usize> = ids.iter().copied().filter(|o| (o + id).is_multiple_of(3)).take(2).collect();
        let path = self.path_of(id);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, article_text(id, &versions, &others)).unwrap();
        path
    }

    fn pick(&self, k: usize) -> Option<usize> {
        let ids: Vec<usize> = self.articles.keys().copied().collect();
        (!ids.is_empty()).then(|| ids[k % ids.len()])
    }

    fn add(&mut self) -> Vec<PathBuf> {
        let id = self.next_id;
        self.next_id += 1;
        let folder = if id.is_multiple_of(4) { "world/" } else { "" };
        let versions = Versions {
            file: format!("{folder}a{id:03}.txt"),
            title: 0,
            lead: 0,
            body: 0,
            related: 0,
            topic: id,
            year: 2021 + (id % 3) as i32,
        };
        self.articles.insert(id, versions);
        vec![self.write(id)]
    }

    /// Applies an edit on disk; returns the paths that changed.
    fn apply(&mut self, edit: &Edit) -> Vec<PathBuf> {
        let Some(id) = self.pick(match edit {
            Edit::Body(k)
            | Edit::Lead(k)
            | Edit::Related(k)
            | Edit::Retitle(k)
            | Edit::Topic(k)
            | Edit::Year(k)
            | Edit::Remove(k)
            | Edit::Rename(k) => *k,
            _ => 0,
        }) else {
            return self.add();
        };
        let entry = self.articles.get_mut(&id).unwrap();
        match edit {
            Edit::Body(_) => entry.body += 1,
            Edit::Lead(_) => entry.lead += 1,
            Edit::Related(_) => entry.related = (entry.related + 1) % 3,
            Edit::Retitle(_) => entry.title += 1,
            Edit::Topic(_) => entry.topic += 1,
            Edit::Year(_) => entry.year = if entry.year == 2023 { 2021 } else { entry.year + 1 },
            Edit::Add => return self.add(),
            Edit::Remove(_) => {
                let path = self.path_of(id);
                std::fs::remove_file(&path).unwrap();
                self.articles.remove(&id);
                return vec![path];
            }
            Edit::Rename(_) => {
                let old = self.path_of(id);
                let entry = self.articles.get_mut(&id).unwrap();
                entry.file = format!("renamed-{}", entry.file.replace('/', "-"));
                let new = self.path_of(id);
                std::fs::rename(&old, &new).unwrap();
                return vec![old, new];
            }
            Edit::Template => {
                self.template_version += 1;
                let default = gazette::theme::TEMPLATES.iter().find(|(n, _)| *n == "topic.html").unwrap().1;
                let path = self.root().join("templates/topic.html");
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                let changed = default.replace(
                    "{% endblock content %}",
                    &format!("<!-- version {} -->{{% endblock content %}}", self.template_version),
                );
                std::fs::write(&path, changed).unwrap();
                return vec![path];
            }
        }
        vec![self.write(id)]
    }

    fn config(&self, output: &Path) -> Config {
        Config::load(self.root()).unwrap().with_overrides(Some(output), None).unwrap()
    }

    /// A clean build into a fresh folder.
    fn clean_tree(&self) -> BTreeMap<String, Vec<u8>> {
        let out = self.root().join(format!("clean-{}", self.next_id * 100 + self.template_version));
        build(&self.config(&out), &BuildOptions { clean: true, ..BuildOptions::default() }).unwrap();
        let t = tree(&out);
        std::fs::remove_dir_all(&out).unwrap();
        t
    }
}

/// The first file that differs between two trees, for a readable failure.
fn first_difference(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> Option<String> {
    for (file, bytes) in a {
        match b.get(file) {
            None => return Some(format!("{file} only in the incremental output")),
            Some(other) if other != bytes => return Some(format!("{file} differs")),
            _ => {}
        }
    }
    b.keys().find(|f| !a.contains_key(*f)).map(|f| format!("{f} missing from the incremental output"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// The search index included: with nine articles, an edit to one is
    /// an update of the index, not a new one.
    #[test]
    fn incremental_equals_clean(edits in prop::collection::vec(edit_strategy(), 1..7)) {
        let mut world = World::new(9);
        world.search_on();
        let live = world.root().join("live");
        let (mut session, _) = Session::start(world.config(&live), false, &live).unwrap();
        let built = world.root().join("public");
        build(&world.config(&built), &BuildOptions::default()).unwrap();
        for edit in &edits {
            let changed = world.apply(edit);
            session.rebuild(&changed).unwrap();
            build(&world.config(&built), &BuildOptions::default()).unwrap();
            let clean = world.clean_tree();
            prop_assert!(clean.keys().any(|f| f.starts_with("search-index/w/")));
            prop_assert_eq!(first_difference(&tree(&live), &clean), None, "serve session after {:?}", edit);
            prop_assert_eq!(first_difference(&tree(&built), &clean), None, "gazette build after {:?}", edit);
        }
    }
}

#[test]
fn a_second_build_renders_only_what_changed() {
    let mut world = World::new(8);
    let out = world.root().join("public");
    let first = build(&world.config(&out), &BuildOptions::default()).unwrap();
    assert_eq!(first.rendered, first.pages);
    let again = build(&world.config(&out), &BuildOptions::default()).unwrap();
    assert_eq!(again.rendered, 0, "nothing changed");
    assert_eq!(again.output.written, 0);
    let changed = world.apply(&Edit::Body(3));
    assert_eq!(changed.len(), 1);
    let after = build(&world.config(&out), &BuildOptions::default()).unwrap();
    assert_eq!(after.rendered, 1, "only the edited article's own page");
}

#[test]
fn unchanged_files_keep_their_mtime() {
    let mut world = World::new(5);
    let out = world.root().join("public");
    build(&world.config(&out), &BuildOptions::default()).unwrap();
    let home = out.join("index.html");
    let topics = out.join("topics/index.html");
    let before = (
        std::fs::metadata(&home).unwrap().modified().unwrap(),
        std::fs::metadata(&topics).unwrap().modified().unwrap(),
    );
    std::thread::sleep(std::time::Duration::from_millis(20));
    world.apply(&Edit::Lead(1));
    build(&world.config(&out), &BuildOptions::default()).unwrap();
    assert_eq!(std::fs::metadata(&topics).unwrap().modified().unwrap(), before.1, "the topics index did not change");
    assert_ne!(std::fs::metadata(&home).unwrap().modified().unwrap(), before.0, "the home page lists the changed lead");
}

#[test]
fn removed_articles_leave_the_output() {
    let mut world = World::new(5);
    let out = world.root().join("public");
    build(&world.config(&out), &BuildOptions::default()).unwrap();
    let gone = out.join("articles/story-number-2-on-the-waterfront/index.html");
    assert!(gone.is_file());
    world.apply(&Edit::Remove(2));
    build(&world.config(&out), &BuildOptions::default()).unwrap();
    assert!(!gone.exists());
}

/// The search index's files of a tree, with their bytes.
fn search_files(tree: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    tree.iter().filter(|(file, _)| file.starts_with("search-index/")).map(|(f, b)| (f.clone(), b.clone())).collect()
}

#[test]
fn an_edit_rewrites_only_the_search_files_it_touches() {
    // Enough articles for words with more postings than an entry holds.
    let mut world = World::new(70);
    std::fs::write(world.root().join("site.toml"), "title = \"Search\"\n").unwrap();
    let out = world.root().join("public");
    build(&world.config(&out), &BuildOptions::default()).unwrap();
    let before = search_files(&tree(&out));
    let again = build(&world.config(&out), &BuildOptions::default()).unwrap();
    assert_eq!(search_files(&tree(&out)), before, "nothing changed");
    assert_eq!((again.search.unwrap().documents, again.search.unwrap().analysed), (70, 0));
    // A file of the previous index that went missing is written again.
    let lost = before.keys().rfind(|f| f.contains("/g/")).unwrap().clone();
    std::fs::remove_file(out.join(&lost)).unwrap();
    world.apply(&Edit::Lead(1));
    let edited = build(&world.config(&out), &BuildOptions::default()).unwrap();
    assert_eq!(edited.search.unwrap().analysed, 1, "only the edited article is analysed again");
    let after = search_files(&tree(&out));
    let changed: Vec<&String> = after.iter().filter(|(f, b)| before.get(*f) != Some(b)).map(|(f, _)| f).collect();
    // The article's own result card (one group file), the buckets of its
    // words and the postings of the frequent words it gained or lost.
    let groups: Vec<&&String> = changed.iter().filter(|f| f.contains("/g/")).collect();
    assert_eq!(groups.len(), 1, "{groups:?}");
    assert_eq!(after.get(&lost), before.get(&lost), "{lost} is back");
    assert!(changed.len() < before.len() / 4, "{} of {} files changed: {changed:?}", changed.len(), before.len());
    assert!(after.keys().any(|f| f.contains("/l/")), "a word in more articles than an entry holds");
    assert!(after.keys().any(|f| f.contains("/s/")), "a word in more articles than a page of results");
    assert_eq!(first_difference(&after, &search_files(&world.clean_tree())), None);

    // An article newer than all the others takes the next number: the
    // index is updated too.
    let newest = Versions { file: "newest.txt".into(), title: 0, lead: 0, body: 0, related: 0, topic: 1, year: 2030 };
    std::fs::write(world.root().join("content/newest.txt"), article_text(999, &newest, &[])).unwrap();
    let grown = build(&world.config(&out), &BuildOptions::default()).unwrap();
    assert_eq!((grown.search.unwrap().documents, grown.search.unwrap().analysed), (71, 1));
    assert_eq!(first_difference(&search_files(&tree(&out)), &search_files(&world.clean_tree())), None);
}

/// A bullet run of sentences is a list, searched with the body (the index
/// would link it, had an item named an article): an edit to one item alone
/// (the length unchanged, so the index is updated, not written anew)
/// analyses its article again.
#[test]
fn an_edited_bullet_list_is_searched_again() {
    let world = World::new(70);
    std::fs::write(world.root().join("site.toml"), "title = \"Search\"\n").unwrap();
    let listed = |word: &str| {
        let text = format!(
            "Ferry timetable changes\n\nPublished 3 March 2022\n\nThe winter timetable starts on Monday.\n\n  • The first sailing leaves at seven, {word} than before.\n  • The last sailing returns at ten, as it did.\n"
        );
        std::fs::write(world.root().join("content/listed.txt"), text).unwrap();
    };
    listed("later");
    let out = world.root().join("public");
    build(&world.config(&out), &BuildOptions::default()).unwrap();
    listed("sooner");
    let edited = build(&world.config(&out), &BuildOptions::default()).unwrap();
    assert_eq!(edited.search.unwrap().analysed, 1, "the edited article is analysed again");
    assert_eq!(first_difference(&search_files(&tree(&out)), &search_files(&world.clean_tree())), None);
}

/// Sets a file's mtime, as if it had been written `ago` before now.
fn set_age(path: &Path, ago: std::time::Duration) -> std::time::SystemTime {
    let when = std::time::SystemTime::now() - ago;
    std::fs::File::options().write(true).open(path).unwrap().set_modified(when).unwrap();
    when
}

/// Rewrites a file with text of the same length and puts its mtime back:
/// to the article cache, which compares size and mtime, it did not change.
fn edit_unseen(path: &Path, from: &str, to: &str) {
    assert_eq!(from.len(), to.len());
    let mtime = std::fs::metadata(path).unwrap().modified().unwrap();
    let text = std::fs::read_to_string(path).unwrap().replace(from, to);
    std::fs::write(path, text).unwrap();
    std::fs::File::options().write(true).open(path).unwrap().set_modified(mtime).unwrap();
}

#[test]
fn the_article_cache_serves_settled_files_and_parses_changed_ones() {
    let world = World::new(3);
    let hour = std::time::Duration::from_secs(3600);
    let path = world.path_of(1);
    for id in 0..3 {
        set_age(&world.path_of(id), hour);
    }
    // An output folder whose parent is not there yet: the first build makes
    // both, and its cache beside them.
    let out = world.root().join("build/public");
    build(&world.config(&out), &BuildOptions::default()).unwrap();
    let page = || std::fs::read_to_string(out.join("articles/story-number-1-on-the-waterfront/index.html"));
    assert!(page().unwrap().contains("A closing paragraph, edit 0."));

    // Same size, same mtime: a cache hit, so the page keeps the old text
    // (which is why the cache skips files younger than two seconds).
    edit_unseen(&path, "edit 0.", "edit 9.");
    build(&world.config(&out), &BuildOptions::default()).unwrap();
    assert!(page().unwrap().contains("edit 0."), "taken from the cache");

    // Another mtime: parsed again.
    set_age(&path, hour / 2);
    build(&world.config(&out), &BuildOptions::default()).unwrap();
    assert!(page().unwrap().contains("edit 9."), "parsed again");

    // --clean ignores the cache.
    edit_unseen(&path, "edit 9.", "edit 7.");
    build(&world.config(&out), &BuildOptions { clean: true, ..BuildOptions::default() }).unwrap();
    assert!(page().unwrap().contains("edit 7."), "--clean parsed it");
}

#[test]
fn a_file_written_just_now_is_not_cached() {
    let world = World::new(2);
    let hour = std::time::Duration::from_secs(3600);
    set_age(&world.path_of(0), hour);
    let fresh = world.path_of(1); // written a moment ago
    let out = world.root().join("public");
    build(&world.config(&out), &BuildOptions::default()).unwrap();
    // Edited within the same mtime tick and keeping its size: the cache
    // would not see it, so it must not have kept the file.
    edit_unseen(&fresh, "edit 0.", "edit 5.");
    build(&world.config(&out), &BuildOptions::default()).unwrap();
    let html = std::fs::read_to_string(out.join("articles/story-number-1-on-the-waterfront/index.html")).unwrap();
    assert!(html.contains("edit 5."), "a young file is parsed on every build");
}

/// An update whose entries outgrow the number of buckets reads every
/// bucket and spreads the words anew, as a clean build would.
#[test]
fn an_update_that_outgrows_its_buckets_spreads_the_words_anew() {
    // Articles of 200 distinct words each; an edit swaps one article's
    // words for as many longer ones, so the average length stays and the
    // index is updated, while the words' entries grow.
    let article = |k: usize, long: bool| {
        let words: Vec<String> =
            (0..200).map(|j| if long { format!("{}{k}x{j}", "v".repeat(32)) } else { format!("q{k}z{j}") }).collect();
        format!("Report {k}\n\nPublished {} March 2021\n\n{}.\n", 1 + k % 27, words.join(" "))
    };
    let fixture = Fixture::new(&[("site.toml", "title = \"Buckets\"\n")]);
    for k in 0..40 {
        fixture.write(&format!("content/a{k:02}.txt"), &article(k, false));
    }
    let buckets = |out: &Path| -> u64 {
        let record: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join("search-index/index.json")).unwrap()).unwrap();
        record["layout"]["buckets"].as_u64().unwrap()
    };
    let out = fixture.output();
    fixture.build();
    let before = buckets(&out);
    for k in 0..40 {
        fixture.write(&format!("content/a{k:02}.txt"), &article(k, true));
        let report = fixture.build();
        assert_eq!(report.search.unwrap().analysed, 1, "edit {k} updated the index");
        let clean = fixture.root().join(format!("clean-{k}"));
        let options = BuildOptions { clean: true, ..BuildOptions::default() };
        build(&fixture.config().with_overrides(Some(&clean), None).unwrap(), &options).unwrap();
        let (updated, expected) = (search_files(&tree(&out)), search_files(&tree(&clean)));
        assert_eq!(first_difference(&updated, &expected), None, "after edit {k}");
        if buckets(&out) > before {
            return;
        }
    }
    panic!("the entries never outgrew {before} buckets");
}

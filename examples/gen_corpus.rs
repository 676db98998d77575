//! Generates a synthetic archive in the shapes of the scraped seed, for
//! benchmarks (issue 6):
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --articles 10000 --topics 200 --seed 1 --out /tmp/site --site-toml
//! ```
//!
//! Every sentence comes from a small vocabulary and sentence templates of
//! this file's own making (no real news text), shaped like a scraped page:
//! a headline line, a `Published` line, sometimes a glued byline, a
//! `Related Topics` bullet block at the top or the bottom, one line per
//! paragraph with blank lines between, glued and two-line image captions,
//! and bullet runs of other articles' headlines. Most files carry TOML front
//! matter (title, date, topics); some do not.
//!
//! The output depends only on the arguments: one splitmix64 stream picks
//! every article's metadata in order, then each article's text comes from a
//! stream of its own (seed and index), so the files can be written in
//! parallel and the same seed still gives byte-identical files.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use rayon::prelude::*;

const USAGE: &str =
    "usage: gen_corpus --articles N [--topics T] [--seed S] --out DIR [--site-toml] [--no-search] [--manifest]

Writes DIR/content/... (refusing a DIR/content that already holds files) and,
with --site-toml, DIR/site.toml (paginate_by = 20; search off with --no-search).
--manifest also writes DIR/expected.jsonl: per article, what the generator
meant (title, date, topics, byline, figures, related headlines), for
bench/check_corpus.py to compare with `gazette inspect --json`.
Defaults: --topics 200 --seed 1.";

struct Args {
    articles: usize,
    topics: usize,
    seed: u64,
    out: PathBuf,
    site_toml: bool,
    no_search: bool,
    manifest: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        articles: 0,
        topics: 200,
        seed: 1,
        out: PathBuf::new(),
        site_toml: false,
        no_search: false,
        manifest: false,
    };
    let mut articles = None;
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--articles" => articles = Some(number(&value("--articles")?)?),
            "--topics" => args.topics = number(&value("--topics")?)?,
            "--seed" => args.seed = value("--seed")?.parse().map_err(|_| "--seed takes a whole number".to_string())?,
            "--out" => args.out = PathBuf::from(value("--out")?),
            "--site-toml" => args.site_toml = true,
            "--no-search" => args.no_search = true,
            "--manifest" => args.manifest = true,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    args.articles = articles.ok_or("--articles is required")?;
    if args.out.as_os_str().is_empty() {
        return Err("--out is required".into());
    }
    if args.topics == 0 {
        return Err("--topics must be at least 1".into());
    }
    Ok(args)
}

fn number(s: &str) -> Result<usize, String> {
    s.replace('_', "").parse().map_err(|_| format!("{s:?} is not a whole number"))
}

/// splitmix64: tiny, fast and good enough to pick words.
#[derive(Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// A stream of its own for one article, independent of every other.
    fn for_article(seed: u64, index: usize) -> Rng {
        let mut r = Rng(seed ^ (index as u64).wrapping_mul(0xD1B5_4A32_D192_ED03));
        r.next();
        Rng(r.next())
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (((self.next() >> 32) * n as u64) >> 32) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
        words[self.below(words.len())]
    }
}

// ---------------------------------------------------------------------------

/// The vocabulary. Every place, person and organisation is invented. The
/// lists are laid out by hand: rustfmt would put one word per line.
#[rustfmt::skip]
mod words {

    pub(crate) const PLACES: &[&str] = &[
        "Northvale", "Easterby", "Kelmouth", "Brackenford", "Saltmere", "Ashcombe", "Dunmere", "Fellbridge", "Westholm",
        "Calderwick", "Pennock", "Lowmarsh", "Greywater", "Stanmoor", "Ferrisham", "Tollbury", "Orrin Bay",
        "Haddon Cross", "Marrowby", "Quillfield", "Sedgecombe", "Thornwick", "Upper Ravel", "Wexley Green", "Yarrowdale",
        "Bramholt", "Cindersea", "Elderstow", "Gorsemouth", "Hollinsby",
    ];

    pub(crate) const ORGS: &[&str] = &[
        "the borough council", "the county council", "the regional health board", "the port authority",
        "the ferry operator", "the water company", "the transport department", "the teachers' union",
        "the chamber of commerce", "the fire and rescue service", "the housing association", "the energy regulator",
        "the coastguard", "the local police force", "the university", "the rail operator", "the rivers agency",
        "the planning inspectorate", "the trading standards office", "the farmers' cooperative",
    ];

    pub(crate) const ORGS_SHORT: &[&str] = &[
        "Council", "Health board", "Port authority", "Water company", "Ferry firm", "Rail operator", "Regulator",
        "Ministers", "Union", "College", "Harbour trust",
    ];

    pub(crate) const FIRST_NAMES: &[&str] = &[
        "Tessa", "Owen", "Priya", "Marek", "Hannah", "Callum", "Ines", "Dev", "Ruth", "Tomasz", "Aisha", "Gareth",
        "Nadia", "Felix", "Morag", "Samir", "Lena", "Rhys", "Chioma", "Bram", "Elin", "Jonah", "Freya", "Kwame", "Yusuf",
        "Martha", "Oisin", "Delphine", "Stellan", "Ada",
    ];

    // McCord and MacAskill exercise the byline rule about Mc and Mac joints.
    pub(crate) const SURNAMES: &[&str] = &[
        "Marchbank", "Okonjo", "Ferriday", "Lindqvist", "Pembry", "Ashdown", "Carrow", "Tremlett", "Holloway", "Quigley",
        "Brannock", "Esterhuizen", "Varga", "Whitlow", "Pennyfeather", "Draycott", "Moorcroft", "Ravensworth",
        "Castellan", "Harbinson", "Kilbride", "Ollerenshaw", "Sandford", "McCord", "MacAskill", "Thistlewood",
    ];

    pub(crate) const ROLES: &[&str] = &[
        "Political correspondent", "Business reporter", "Health editor", "Transport correspondent",
        "Environment reporter", "Gazette News, Kelmouth", "Education correspondent", "Local democracy reporter",
        "Economics editor", "Community affairs reporter", "Gazette News, Northvale",
    ];

    pub(crate) const SPEAKERS: &[&str] = &[
        "the council's cabinet member for transport", "who chairs the residents' association",
        "a spokesperson for {org}", "who runs a bakery on the high street", "a retired harbour pilot",
        "the opposition leader on {org}", "who has campaigned on the issue for years", "a governor at a local school",
        "the chief executive of {org}", "a volunteer at the food bank in {place}",
    ];

    pub(crate) const NOUNS: &[&str] = &[
        "harbour wall", "bypass", "ferry timetable", "flood defences", "school meals scheme", "bus network",
        "hospital wing", "wind farm", "library service", "recycling contract", "tram extension", "sea wall",
        "leisure centre", "parking scheme", "council tax rise", "broadband rollout", "bridge repairs", "night bus",
        "cycle lane", "market hall", "care home", "fishing quota", "water pipeline", "solar park", "town museum",
        "airport runway", "rail timetable", "town centre plan", "housing estate", "coastal path",
    ];

    pub(crate) const PLURALS: &[&str] = &[
        "households", "passengers", "pupils", "businesses", "homes", "patients", "jobs", "vessels", "complaints",
        "applications", "volunteers", "drivers", "families", "tenants", "visitors",
    ];

    /// People who sign petitions and join waiting lists.
    pub(crate) const PEOPLE: &[&str] = &["residents", "parents", "passengers", "tenants", "drivers", "families", "traders", "pensioners"];

    pub(crate) const VERBED: &[&str] = &[
        "approved", "delayed", "postponed", "reviewed", "scrapped", "expanded", "cut back", "extended", "paused",
        "redesigned", "funded", "challenged",
    ];

    pub(crate) const VERB_INF: &[&str] = &["review", "expand", "scrap", "delay", "rebuild", "reopen", "sell", "fund", "close"];

    pub(crate) const EVENTS: &[&str] = &[
        "storm damage", "safety checks", "funding row", "staff shortages", "legal challenge", "cost rise",
        "public outcry", "survey findings", "late vote", "contractor collapse",
    ];

    pub(crate) const ISSUES: &[&str] = &["cost rise", "closure", "delays", "shake-up", "repairs", "changes", "charges"];

    pub(crate) const STATES: &[&str] =
        &["running late", "costing more", "back on the agenda", "dividing opinion", "still closed", "in doubt"];

    pub(crate) const RESPONSES: &[&str] = &["faces questions", "under fire", "promises answers", "stands firm"];

    pub(crate) const VENUES: &[&str] = &[
        "town hall", "community centre", "old fire station", "harbour office", "parish church", "civic hall",
        "railway station", "sailing club",
    ];

    pub(crate) const DAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    pub(crate) const MONTHS: &[&str] = &[
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ];

    pub(crate) const ORDINALS: &[&str] = &["second", "third", "fourth", "fifth"];

    pub(crate) const ADJ_QUOTE: &[&str] = &["sensible", "overdue", "disappointing", "brave", "rushed", "welcome"];

    pub(crate) const CREDITS: &[&str] = &[
        "Kestrel Photo Agency", "Northern Pictures", "Harbourline Images", "Staff photographer",
        "Marlow Agency/Ines Varga, Pool", "Coastwire", "Family handout", "Kelmouth Borough Council",
        "Greywater Camera Club", "Press Pool/Reuben Hale",
    ];

    pub(crate) const QUOTES: &[&str] = &[
        "We have listened to people and we think this is the right balance",
        "Nobody wants to see the {noun} close, but the numbers simply do not add up",
        "This has been a very difficult few months for everyone in {place}",
        "We need a proper plan, not another round of promises",
        "People are worried, and they are right to be",
        "It feels as though {place} is always at the back of the queue",
        "We will keep pushing until the {noun} is sorted out",
        "The money is there, it just has to reach the people who need it",
    ];

    /// Body sentences. `{Org}` is `{org}` with a capital; every sentence starts
    /// with a capital once expanded.
    pub(crate) const SENTENCES: &[&str] = &[
        "{org} said the {noun} would be {verbed} until at least {month} next year.",
        "Residents in {place} have been told to expect disruption while work on the {noun} continues.",
        "Figures released on {day} showed that {num} {plural} had been affected in the past twelve months.",
        "\"{quote},\" said {person}, {speaker}.",
        "{person}, {speaker}, said the decision was \"{adjq} but long in the making\".",
        "The plans will be considered by {org} at a meeting on {day} {dayn} {month}.",
        "Critics say the {noun} has cost more than £{small}m and is already {small} months behind schedule.",
        "Supporters argue that the changes will bring {num} new {plural} to {place} over the next decade.",
        "A consultation on the {noun} drew {num} responses, most of them from people living within a mile of the site.",
        "Opposition members on {org} called for an independent review of the {noun}.",
        "It is the {ordinal} time this year that the {noun} in {place} has been {verbed}.",
        "Traders in {place} said takings had fallen by {pct}% since the {noun} was {verbed}.",
        "{org} declined to comment on the figures but said it was \"working closely with partners\".",
        "Under the proposals, the {noun} would be run by {org} rather than by a private contractor.",
        "The {noun} was first proposed in {yearpast}, when {num} {people} signed a petition calling for it.",
        "Campaigners plan to hold a public meeting at the {venue} in {place} next {day}.",
        "Some {people} in {place} say they were not told about the changes until the week before they took effect.",
        "A report by {org} found that demand for the {noun} had risen by {pct}% in two years.",
        "Work is expected to begin in the spring, subject to approval from {org}.",
        "The {noun} in {place} was closed for {small} days last winter after storm damage.",
        "Neighbouring {place} faces similar pressures, with {num} {people} on a waiting list.",
        "{person} said the money would be better spent on the {noun}.",
        "Officials admit the timetable is tight but insist the work can be finished before {month}.",
        "Asked whether the scheme would go ahead, a spokesperson for {org} said no final decision had been made.",
        "The cost of the {noun} has risen sharply because of higher prices for steel and concrete.",
        "In {place}, {num} {people} have already signed up to the scheme.",
        "Business groups have welcomed the announcement, saying it gives firms in {place} some certainty.",
        "Not everyone is convinced.",
        "Others point out that {place} has waited more than a decade for a decision on the {noun}.",
        "{org} is due to publish its own figures later this month.",
        "The {noun} has become a fixture of local election leaflets in {place}.",
        "Councillors voted by {small} votes to {tiny} to press ahead with the {noun}.",
        "A petition opposing the {noun} has gathered more than {num} signatures.",
        "Engineers found cracks in the {noun} during a routine inspection in {month}.",
        "The closure means a detour of about {tiny} miles for drivers heading towards {place}.",
        "Staff at {org} were told of the changes at a meeting on {day} morning.",
        "{person}, who has lived in {place} for {small} years, said she had never seen anything like it.",
        "The government said it would look at the case for extra funding once the review is complete.",
        "Insurance claims linked to the {noun} have more than doubled, according to {org}.",
        "For now the {noun} remains open, although {org} has warned that could change at short notice.",
        "Those close to the talks say a compromise over the {noun} is possible but not yet in sight.",
        "The row over the {noun} has rumbled on since {yearpast}.",
    ];

    pub(crate) const SUBHEADINGS: &[&str] =
        &["What happens next", "A long wait", "Counting the cost", "The view from {place}", "Who pays?", "Mixed feelings"];

    pub(crate) const CAPTIONS: &[&str] = &[
        "{person} outside the {venue} in {place} on {day}",
        "The {noun} in {place} has been {verbed} twice since {yearpast}",
        "Work on the {noun} began in {month}",
        "Traders in {place} say the changes have hit business",
        "A view across {place} from the {venue}",
        "Protesters gathered at the {venue} before the vote",
        "Volunteers sorting donations in {place}",
    ];

    /// Topic names: a fixed list first, then place and subject pairs.
    pub(crate) const TOPIC_SUBJECTS: &[&str] = &[
        "Coastal erosion", "Rural bus services", "Energy bills", "School funding", "Housing costs", "Flood defences",
        "Fishing industry", "Hospital waiting times", "Rail strikes", "Local elections", "High street closures",
        "Ferry services", "Water quality", "Council budgets", "Wind power", "Social care", "Road safety",
        "Tourism", "Farming", "Policing", "Libraries", "Public transport", "Planning disputes", "Heritage buildings",
        "Youth services", "Child poverty", "Small businesses", "Broadband", "Air quality", "Port expansion",
    ];

    pub(crate) const TOPIC_SUFFIXES: &[&str] = &[
        "harbour", "bypass", "flooding", "council", "hospital", "schools", "ferry", "regeneration", "elections",
        "transport", "housing", "economy",
    ];
}

use words::*;

// ---------------------------------------------------------------------------

/// What the first, sequential pass decides about an article.
struct Meta {
    title: String,
    /// (year, month, day)
    date: Option<(u16, u8, u8)>,
    /// A datetime rather than a date in front matter.
    date_time: bool,
    published_line: bool,
    front_matter: bool,
    section: Option<&'static str>,
    stem: String,
    topics: Vec<u32>,
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("error: {e}");
            }
            eprintln!("{USAGE}");
            return if e.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(2) };
        }
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &Args) -> Result<(), String> {
    let started = Instant::now();
    let content = args.out.join("content");
    if content.read_dir().is_ok_and(|mut d| d.next().is_some()) {
        return Err(format!("{} already holds files; give a fresh --out", content.display()));
    }
    let topics = topic_names(args.topics, args.seed);
    let zipf = ZipfTable::new(topics.len());
    let (metas, titles) = plan(args, &zipf);

    for dir in [content.clone(), content.join("world"), content.join("business")] {
        std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let written = (0..metas.len())
        .into_par_iter()
        .map(|i| {
            let mut expect = args.manifest.then(|| Expect::new(&metas[i], &topics));
            let text = article_text(args.seed, i, &metas, &titles, &topics, expect.as_mut());
            let path = article_path(&content, &metas[i]);
            std::fs::write(&path, &text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            let line = expect.map(|e| e.to_json(&path.strip_prefix(&args.out).unwrap_or(&path).to_string_lossy()));
            Ok((text.len(), line))
        })
        .collect::<Result<Vec<(usize, Option<String>)>, String>>()?;
    let bytes: usize = written.iter().map(|w| w.0).sum();
    if args.manifest {
        let mut lines = String::new();
        for (_, line) in &written {
            lines.push_str(line.as_deref().unwrap_or_default());
            lines.push('\n');
        }
        let path = args.out.join("expected.jsonl");
        std::fs::write(&path, lines).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }

    if args.site_toml {
        let mut site = String::from(
            "# Written by examples/gen_corpus.rs: a synthetic archive for benchmarks.\n\
             title = \"Synthetic Gazette\"\n\
             description = \"A generated archive in the shapes of scraped news pages\"\n\
             base_url = \"https://bench.example.org/\"\n\
             paginate_by = 20\n",
        );
        if args.no_search {
            site.push_str("\n[search]\nenabled = false\n");
        }
        let path = args.out.join("site.toml");
        std::fs::write(&path, site).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    eprintln!(
        "wrote {} articles ({:.1} MB, {} topics) to {} in {:.1} s",
        metas.len(),
        bytes as f64 / 1e6,
        topics.len(),
        content.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn article_path(content: &Path, meta: &Meta) -> PathBuf {
    let dir = match meta.section {
        Some(s) => content.join(s),
        None => content.to_path_buf(),
    };
    dir.join(format!("{}.txt", meta.stem))
}

/// Cumulative weights 1/(rank+1): a few topics are everywhere, most are rare.
struct ZipfTable(Vec<f64>);

impl ZipfTable {
    fn new(n: usize) -> ZipfTable {
        let mut total = 0.0;
        ZipfTable(
            (0..n)
                .map(|k| {
                    total += 1.0 / (k as f64 + 1.0);
                    total
                })
                .collect(),
        )
    }

    fn sample(&self, rng: &mut Rng) -> usize {
        let total = *self.0.last().expect("at least one topic");
        let x = (rng.next() >> 11) as f64 / (1u64 << 53) as f64 * total;
        self.0.partition_point(|&c| c <= x).min(self.0.len() - 1)
    }
}

/// `count` distinct topic names (distinct slugs too), in an order fixed by
/// the seed: the first is the most frequent.
fn topic_names(count: usize, seed: u64) -> Vec<String> {
    let mut names: Vec<String> = TOPIC_SUBJECTS.iter().map(|s| s.to_string()).collect();
    for place in PLACES {
        for suffix in TOPIC_SUFFIXES {
            names.push(format!("{place} {suffix}"));
        }
    }
    let mut rng = Rng::new(seed ^ 0x7095_1C5A);
    // Fisher-Yates, so that the popular topics differ between seeds.
    for i in (1..names.len()).rev() {
        let j = rng.below(i + 1);
        names.swap(i, j);
    }
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(count);
    let mut round = 1;
    while out.len() < count {
        for n in &names {
            if out.len() == count {
                break;
            }
            let name = if round == 1 { n.clone() } else { format!("{n} {}", roman(round)) };
            if seen.insert(slug_key(&name)) {
                out.push(name);
            }
        }
        round += 1;
    }
    out
}

fn roman(n: usize) -> String {
    const R: [(usize, &str); 7] = [(100, "C"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV")];
    let mut n = n;
    let mut s = String::new();
    for (v, r) in R {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s.push_str(&"I".repeat(n));
    s
}

/// What a slug would be, without the length cut (titles are kept short
/// enough for the cut never to apply).
fn slug_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().filter(|c| *c != '\'') {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// Longest generated title, so that slugs are never cut at 80 characters.
const MAX_TITLE: usize = 78;

fn title(rng: &mut Rng) -> String {
    loop {
        let place = rng.pick(PLACES);
        let noun = rng.pick(NOUNS);
        let t = match rng.below(8) {
            0 => format!("{place} {noun} {} after {}", rng.pick(VERBED), rng.pick(EVENTS)),
            1 => format!("{}: what {} in {place} need to know", capital(noun), rng.pick(PLURALS)),
            2 => format!("{} to {} {noun} in {place}", rng.pick(ORGS_SHORT), rng.pick(VERB_INF)),
            3 => format!("{place} {} warned over {noun} {}", rng.pick(PLURALS), rng.pick(ISSUES)),
            4 => format!("Plans for {noun} in {place} {}", rng.pick(VERBED)),
            5 => format!("{} {} affected as {place} {noun} closes", rng.range(12, 4800), rng.pick(PLURALS)),
            6 => format!("Why {place}'s {noun} is {}", rng.pick(STATES)),
            _ => format!("{place} {noun}: {} {} over {}", rng.pick(ORGS_SHORT), rng.pick(RESPONSES), rng.pick(ISSUES)),
        };
        if t.chars().count() <= MAX_TITLE {
            return t;
        }
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn days_in(year: u16, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => 29,
        2 => 28,
        _ => 31,
    }
}

/// The first pass, in order: titles (unique but for a few deliberate
/// duplicates), dates, sections, file names, topics, front matter or not.
fn plan(args: &Args, zipf: &ZipfTable) -> (Vec<Meta>, HashSet<String>) {
    let n = args.articles;
    let mut rng = Rng::new(args.seed);
    let mut keys = HashSet::with_capacity(n * 2);
    let mut metas: Vec<Meta> = Vec::with_capacity(n);
    // About one in 2,000 articles repeats an earlier headline (at least two
    // in any corpus big enough): the slug-collision path.
    let duplicates = if n >= 10 { (n / 2000).max(2) } else { 0 };
    let mut duplicate_at = HashSet::new();
    while duplicate_at.len() < duplicates {
        duplicate_at.insert(rng.range(n / 2, n - 1));
    }
    for i in 0..n {
        let title = if duplicate_at.contains(&i) {
            metas[rng.below(i)].title.clone()
        } else {
            loop {
                let t = title(&mut rng);
                if keys.insert(slug_key(&t)) {
                    break t;
                }
            }
        };
        let front_matter = !rng.chance(15);
        let published_line = !rng.chance(3);
        let date = if front_matter || published_line {
            let year = rng.range(2014, 2024) as u16;
            let month = rng.range(1, 12) as u8;
            let day = rng.range(1, days_in(year, month) as usize) as u8;
            Some((year, month, day))
        } else {
            None
        };
        let date_time = front_matter && rng.chance(3);
        let section = match rng.below(100) {
            0..20 => Some("world"),
            20..35 => Some("business"),
            _ => None,
        };
        let stem = match date {
            Some((y, m, d)) if rng.chance(50) => {
                let key = slug_key(&title);
                let words: Vec<&str> = key.split('-').take(4).collect();
                format!("{y:04}-{m:02}-{d:02}-{}-{i}", words.join("-"))
            }
            _ => format!("{i:06}_{:016x}", rng.next()),
        };
        // 1% have no topics at all (a warning gazette reports); the rest
        // 1 to 3 distinct topics drawn by popularity.
        let count = match rng.below(100) {
            0 => 0,
            1..51 => 1,
            51..86 => 2,
            _ => 3,
        };
        let mut topics: Vec<u32> = Vec::with_capacity(count);
        let mut tries = 0;
        while topics.len() < count.min(zipf.0.len()) && tries < 50 {
            let t = zipf.sample(&mut rng) as u32;
            if !topics.contains(&t) {
                topics.push(t);
            }
            tries += 1;
        }
        metas.push(Meta { title, date, date_time, published_line, front_matter, section, stem, topics });
    }
    // Every real title, for making up related headlines that name no article.
    (metas, keys)
}

/// Fills a template: `{place}`, `{org}`, `{noun}`... Unknown names are kept.
fn expand(rng: &mut Rng, template: &str, out: &mut String) {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else { break };
        let name = &rest[open + 1..open + close];
        match name {
            "place" => out.push_str(rng.pick(PLACES)),
            "org" => out.push_str(rng.pick(ORGS)),
            "noun" => out.push_str(rng.pick(NOUNS)),
            "plural" => out.push_str(rng.pick(PLURALS)),
            "people" => out.push_str(rng.pick(PEOPLE)),
            "verbed" => out.push_str(rng.pick(VERBED)),
            "day" => out.push_str(rng.pick(DAYS)),
            "month" => out.push_str(rng.pick(MONTHS)),
            "venue" => out.push_str(rng.pick(VENUES)),
            "ordinal" => out.push_str(rng.pick(ORDINALS)),
            "adjq" => out.push_str(rng.pick(ADJ_QUOTE)),
            "dayn" => write!(out, "{}", rng.range(1, 28)).unwrap(),
            "num" => write!(out, "{}", rng.range(40, 9000)).unwrap(),
            "small" => write!(out, "{}", rng.range(3, 90)).unwrap(),
            "tiny" => write!(out, "{}", rng.range(2, 12)).unwrap(),
            "pct" => write!(out, "{}", rng.range(4, 60)).unwrap(),
            "yearpast" => write!(out, "{}", rng.range(1998, 2013)).unwrap(),
            "person" => write!(out, "{} {}", rng.pick(FIRST_NAMES), rng.pick(SURNAMES)).unwrap(),
            "speaker" => {
                let s = rng.pick(SPEAKERS);
                expand(rng, s, out)
            }
            "quote" => {
                let s = rng.pick(QUOTES);
                expand(rng, s, out)
            }
            _ => out.push_str(&rest[open..=open + close]),
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
}

/// A sentence or short line with its first letter made a capital.
fn line_from(rng: &mut Rng, template: &str) -> String {
    let mut s = String::with_capacity(160);
    expand(rng, template, &mut s);
    if s.starts_with(|c: char| c.is_ascii_lowercase()) {
        s[..1].make_ascii_uppercase();
    }
    s
}

fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// What an article is meant to parse as, for `--manifest`.
struct Expect {
    title: String,
    date: Option<String>,
    topics: Vec<String>,
    authors: Vec<String>,
    role: Option<String>,
    figures: Vec<(String, String)>,
    /// Runs of (headline, whether it names an article of the archive).
    related: Vec<Vec<(String, bool)>>,
}

impl Expect {
    fn new(meta: &Meta, topics: &[String]) -> Expect {
        Expect {
            title: meta.title.clone(),
            date: meta.date.map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
            topics: meta.topics.iter().map(|&t| topics[t as usize].clone()).collect(),
            authors: Vec::new(),
            role: None,
            figures: Vec::new(),
            related: Vec::new(),
        }
    }

    fn to_json(&self, path: &str) -> String {
        let figures: Vec<_> = self
            .figures
            .iter()
            .map(|(credit, caption)| serde_json::json!({"credit": credit, "caption": caption}))
            .collect();
        let related: Vec<Vec<_>> = self
            .related
            .iter()
            .map(|run| run.iter().map(|(text, exists)| serde_json::json!({"text": text, "exists": exists})).collect())
            .collect();
        serde_json::json!({
            "path": path, "title": self.title, "date": self.date, "topics": self.topics,
            "authors": self.authors, "role": self.role, "figures": figures, "related": related,
        })
        .to_string()
    }
}

fn figure(rng: &mut Rng, out: &mut String, expect: Option<&mut Expect>) {
    let credit = rng.pick(CREDITS);
    let template = rng.pick(CAPTIONS);
    let caption = line_from(rng, template);
    if let Some(e) = expect {
        e.figures.push((credit.to_string(), caption.clone()));
    }
    if rng.chance(70) {
        // The seed's glued form.
        writeln!(out, "Image source, {credit}Image caption, {caption}").unwrap();
    } else {
        writeln!(out, "Image source, {credit}\nImage caption, {caption}").unwrap();
    }
    out.push('\n');
}

fn topics_block(meta: &Meta, topics: &[String], out: &mut String) {
    out.push_str("Related Topics\n\n");
    for &t in &meta.topics {
        writeln!(out, "  • {}", topics[t as usize]).unwrap();
    }
    out.push('\n');
}

/// One article's file, from its own random stream.
fn article_text(
    seed: u64,
    i: usize,
    metas: &[Meta],
    titles: &HashSet<String>,
    topics: &[String],
    mut expect: Option<&mut Expect>,
) -> String {
    let meta = &metas[i];
    let mut rng = Rng::for_article(seed, i);
    let mut out = String::with_capacity(4800);

    if meta.front_matter {
        out.push_str("+++\n");
        writeln!(out, "title = {}", toml_string(&meta.title)).unwrap();
        if let Some((y, m, d)) = meta.date {
            if meta.date_time {
                writeln!(out, "date = {y:04}-{m:02}-{d:02}T{:02}:{:02}:00Z", rng.range(6, 21), rng.range(0, 59))
                    .unwrap();
            } else {
                writeln!(out, "date = {y:04}-{m:02}-{d:02}").unwrap();
            }
        }
        if !meta.topics.is_empty() {
            let list: Vec<String> = meta.topics.iter().map(|&t| toml_string(&topics[t as usize])).collect();
            writeln!(out, "topics = [{}]", list.join(", ")).unwrap();
        }
        out.push_str("+++\n");
    }
    if rng.chance(3) {
        out.push_str("Skip to content\n\n");
    }
    writeln!(out, "{}\n", meta.title).unwrap();
    if let (true, Some((y, m, d))) = (meta.published_line, meta.date) {
        writeln!(out, "Published {d} {} {y}\n", MONTHS[m as usize - 1]).unwrap();
    }
    if rng.chance(25) {
        out.push_str("Share\n\n");
    }
    if rng.chance(40) {
        let (first, surname, role) = (rng.pick(FIRST_NAMES), rng.pick(SURNAMES), rng.pick(ROLES));
        writeln!(out, "By {first} {surname}{role}\n").unwrap();
        if let Some(e) = expect.as_deref_mut() {
            e.authors.push(format!("{first} {surname}"));
            e.role = Some(role.to_string());
        }
    }
    let topics_on_top = rng.chance(50);
    if topics_on_top && !meta.topics.is_empty() {
        topics_block(meta, topics, &mut out);
    }

    // The body: paragraphs up to about 600 words, then figures and related
    // runs placed between them.
    let target = rng.range(540, 660);
    let mut paragraphs: Vec<String> = Vec::with_capacity(40);
    let mut words = 0;
    while words < target {
        if !paragraphs.is_empty() && rng.chance(6) {
            let template = rng.pick(SUBHEADINGS);
            paragraphs.push(line_from(&mut rng, template));
            continue;
        }
        let sentences = match rng.below(100) {
            0..45 => 1,
            45..85 => 2,
            _ => 3,
        };
        let mut p = String::with_capacity(300);
        for s in 0..sentences {
            if s > 0 {
                p.push(' ');
            }
            let template = rng.pick(SENTENCES);
            p.push_str(&line_from(&mut rng, template));
        }
        words += p.split(' ').count();
        paragraphs.push(p);
    }
    let len = paragraphs.len();
    let figures = rng.range(1, 3);
    let mut figure_after = vec![0u8; len + 1]; // index 0 = before the first paragraph
    for f in 0..figures {
        let at = if (f == 0 && rng.chance(70)) || len < 2 { 0 } else { rng.range(1, len - 1) };
        figure_after[at] += 1;
    }
    // Related runs stand after a paragraph and before another, never right
    // after the top Related Topics block (they would join its bullets).
    let runs = if len >= 4 { rng.range(0, 4) } else { 0 };
    let mut run_after = vec![false; len + 1];
    for _ in 0..runs {
        run_after[rng.range(2, len - 1)] = true;
    }
    for _ in 0..figure_after[0] {
        figure(&mut rng, &mut out, expect.as_deref_mut());
    }
    for (k, p) in paragraphs.iter().enumerate() {
        out.push_str(p);
        out.push_str("\n\n");
        let at = k + 1;
        if at < len && run_after[at] {
            let mut run = Vec::new();
            for _ in 0..rng.range(1, 4) {
                let item = if rng.chance(8) {
                    // A headline of a story the archive does not hold.
                    loop {
                        let t = title(&mut rng);
                        if !titles.contains(&slug_key(&t)) {
                            break t;
                        }
                    }
                } else {
                    let mut j = rng.below(metas.len());
                    if j == i {
                        j = (j + 1) % metas.len();
                    }
                    metas[j].title.clone()
                };
                writeln!(out, "  • {item}").unwrap();
                let exists = titles.contains(&slug_key(&item));
                run.push((item, exists));
            }
            out.push('\n');
            if let Some(e) = expect.as_deref_mut() {
                e.related.push(run);
            }
        }
        if at < len {
            for _ in 0..figure_after[at] {
                figure(&mut rng, &mut out, expect.as_deref_mut());
            }
        }
    }
    if !topics_on_top && !meta.topics.is_empty() {
        topics_block(meta, topics, &mut out);
    }
    // One trailing newline, like a saved file.
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

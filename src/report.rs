//! What a build did, as people read it: the summary line, the time of each
//! stage, every error, and warnings grouped by kind with a count, because a
//! scraped archive can have thousands of them.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use crate::index::Site;
use crate::model::{Problem, ProblemKind, Severity};
use crate::write::WriteStats;
use crate::write::search::SearchStats;

/// What a build did.
#[derive(Debug, Default)]
pub struct Report {
    pub files: usize,
    pub articles: usize,
    pub left_out: usize,
    pub topics: usize,
    pub pages: usize,
    pub problems: Vec<Problem>,
    pub timings: Vec<(&'static str, Duration)>,
    pub output: WriteStats,
    /// Each article page's output file and the article file it came from,
    /// when [`crate::build::BuildOptions::article_files`] asked for them.
    pub article_files: Vec<(String, String)>,
    /// What search indexing did, when it is enabled.
    pub search: Option<SearchStats>,
    /// Pages rendered (the others had not changed).
    pub rendered: usize,
}

impl Report {
    /// The report of a build of `site` from `files` article files, before
    /// anything is written: the loader's problems, each article's, the
    /// index's.
    pub fn new(files: usize, site: &Site, load_problems: Vec<Problem>, pages: usize) -> Report {
        let mut problems = load_problems;
        problems.extend(site.articles.iter().flat_map(|a| a.problems.iter().cloned()));
        problems.extend(site.problems.iter().cloned());
        problems.sort();
        Report {
            files,
            articles: site.articles.len(),
            left_out: problems.iter().filter(|p| p.kind == ProblemKind::LeftOut).count(),
            topics: site.topics.len(),
            pages,
            problems,
            ..Report::default()
        }
    }

    /// Each article page's output file and the article file it came from.
    pub fn article_files(site: &Site) -> Vec<(String, String)> {
        (site.urls.iter().zip(&site.articles)).map(|(u, a)| (crate::paths::file_of(u), a.path.clone())).collect()
    }

    pub fn errors(&self) -> usize {
        self.problems.iter().filter(|p| p.severity() == Severity::Error).count()
    }

    /// `10,000 articles (2 left out), 200 topics -> 10,641 pages in 1.4 s`:
    /// what was left out are files, or records of files of many articles.
    pub fn summary(&self, elapsed: Duration) -> String {
        format!(
            "{} ({} left out), {} -> {} in {:.1} s",
            count(self.articles, "article"),
            thousands(self.left_out),
            count(self.topics, "topic"),
            count(self.pages, "page"),
            elapsed.as_secs_f64()
        )
    }
}

/// Stage timings, for `-v`.
pub(crate) struct Timer {
    started: Instant,
    pub(crate) timings: Vec<(&'static str, Duration)>,
}

impl Timer {
    pub(crate) fn start() -> Timer {
        Timer { started: Instant::now(), timings: Vec::new() }
    }

    /// Ends the stage `stage`: the time since the last lap is its time.
    pub(crate) fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.timings.push((stage, now - self.started));
        self.started = now;
    }

    /// Reports `part` of the last stage as a stage of its own, before it.
    pub(crate) fn split_last(&mut self, stage: &'static str, part: Duration) {
        if let Some((_, last)) = self.timings.last_mut() {
            *last = last.saturating_sub(part);
            let at = self.timings.len() - 1;
            self.timings.insert(at, (stage, part));
        }
    }
}

/// `1 topic`, `12,345 topics`
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{} {noun}s", thousands(n)) }
}

/// `12345` → `12,345`
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Files named per warning kind before `-v`.
const FIRST_FEW: usize = 3;

/// Prints to stderr: every error; warnings one by one when `verbose`, else a
/// line per kind; nothing but errors when `quiet`.
pub fn print_problems(problems: &[Problem], verbose: bool, quiet: bool) {
    for line in problem_lines(problems, verbose, quiet) {
        eprintln!("{line}");
    }
}

/// Prints to stderr what `-v` adds after a build: pages rendered, the time
/// of each stage, what the output folder got.
pub fn print_details(report: &Report) {
    eprintln!("  rendered {} of {} pages (the others had not changed)", report.rendered, report.pages);
    for (stage, time) in &report.timings {
        eprintln!("  {stage:<8} {:>8.1} ms", time.as_secs_f64() * 1000.0);
    }
    eprintln!(
        "  output: {} written, {} unchanged, {} removed",
        count(report.output.written, "file"),
        report.output.unchanged,
        report.output.removed
    );
}

pub fn problem_lines(problems: &[Problem], verbose: bool, quiet: bool) -> Vec<String> {
    let mut lines: Vec<String> =
        problems.iter().filter(|p| p.severity() == Severity::Error).map(|p| p.to_string()).collect();
    if quiet {
        return lines;
    }
    let mut warnings: BTreeMap<ProblemKind, Vec<&Problem>> = BTreeMap::new();
    for p in problems.iter().filter(|p| p.severity() == Severity::Warning) {
        warnings.entry(p.kind).or_default().push(p);
    }
    for (kind, list) in warnings {
        if verbose {
            lines.extend(list.iter().map(|p| p.to_string()));
            continue;
        }
        let mut files: Vec<&str> = list.iter().map(|p| p.at.path.as_str()).collect();
        files.dedup();
        let shown: Vec<&str> = files.iter().take(FIRST_FEW).copied().collect();
        let more = files.len().saturating_sub(FIRST_FEW);
        let tail = if more > 0 { format!(" and {} more (-v lists them all)", thousands(more)) } else { String::new() };
        lines.push(format!("warning: {} {}: {}{}", thousands(list.len()), kind.describe(), shown.join(", "), tail));
    }
    lines
}

/// Every problem, grouped by kind (errors first) under a heading with the
/// count, as `check` prints them.
pub fn grouped_lines(problems: &[Problem]) -> Vec<String> {
    let mut groups: BTreeMap<(std::cmp::Reverse<Severity>, ProblemKind), Vec<&Problem>> = BTreeMap::new();
    for p in problems {
        groups.entry((std::cmp::Reverse(p.severity()), p.kind)).or_default().push(p);
    }
    let mut lines = Vec::new();
    for ((severity, kind), list) in groups {
        let level = if severity.0 == Severity::Error { "errors" } else { "warnings" };
        lines.push(format!("{level}: {} {}", thousands(list.len()), kind.describe()));
        lines.extend(list.iter().map(|p| format!("  {p}")));
    }
    lines
}

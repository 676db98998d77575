//! Problems, as people read them: every error, and warnings grouped by kind
//! with a count, because a scraped archive can have thousands of them.

use std::collections::BTreeMap;

use crate::build::{Report, count, thousands};
use crate::model::{Problem, ProblemKind, Severity};

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
        let mut files: Vec<&str> = list.iter().map(|p| p.path.as_str()).collect();
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

//! Thin: parse the command line, call the library, turn results into output
//! and exit codes (0 ok, 1 problems or a failed build, 2 bad usage).

use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};

use gazette::build::{BuildOptions, Progress, build_showing};
use gazette::cli::{BuildArgs, CheckArgs, Cli, Command, InspectArgs};
use gazette::config::Config;
use gazette::report::{print_details, print_problems};

#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// Freed pages go back to the system at once instead of after ten seconds:
/// a build frees much as it goes (batches, rendered pages), and the peak
/// counted the unreturned pages too (100,000 articles: 353 MB instead of
/// 427–452, no slower). `_RJEM_MALLOC_CONF` still overrides it. An array
/// reference, not a slice: jemalloc reads the symbol as a `const char *`.
#[unsafe(export_name = "_rjem_malloc_conf")]
static MALLOC_CONF: &[u8; 34] = b"dirty_decay_ms:0,muzzy_decay_ms:0\0";

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => run_build(args),
        Command::Inspect(args) => run_inspect(args),
        Command::Serve(args) => gazette::serve::run(args),
        Command::Check(args) => run_check(args),
        Command::New(args) => run_new(&args.dir),
    }
}

fn run_build(args: BuildArgs) -> ExitCode {
    let started = Instant::now();
    let config = match Config::load(&args.site.root)
        .and_then(|c| c.with_overrides(args.output.as_deref(), args.base_url.as_deref()))
    {
        Ok(config) => config,
        Err(e) => {
            eprintln!("error: {e}");
            eprintln!("nothing was written");
            return ExitCode::FAILURE;
        }
    };
    let options = BuildOptions { drafts: args.drafts, strict: args.strict, clean: args.clean, article_files: false };
    let shown = !args.out.quiet && std::io::IsTerminal::is_terminal(&std::io::stderr());
    let bar = Bar(if shown { ProgressBar::new(0) } else { ProgressBar::hidden() });
    match build_showing(&config, &options, &bar) {
        Ok(report) => {
            if !args.out.quiet || report.errors() > 0 {
                print_problems(&report.problems, args.out.verbose, args.out.quiet);
            }
            if args.out.verbose {
                print_details(&report);
            }
            if !args.out.quiet {
                eprintln!("{}", report.summary(started.elapsed()));
            }
            ExitCode::SUCCESS
        }
        Err(gazette::build::BuildError::Strict(report)) => {
            print_problems(&report.problems, true, false);
            eprintln!("error: --strict: {} problems; nothing was written", report.problems.len());
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run_inspect(args: InspectArgs) -> ExitCode {
    let root = args.root.clone().or_else(|| std::path::Path::new("site.toml").is_file().then(|| ".".into()));
    let inspection = match gazette::inspect::inspect(root.as_deref(), &args.paths) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut out = std::io::stdout().lock();
    let written = if args.json { inspection.write_json(&mut out) } else { inspection.write_text(&mut out) };
    if let Err(e) = written
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("error: {e}");
        return ExitCode::FAILURE;
    }
    if inspection.left_out.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

fn run_check(args: CheckArgs) -> ExitCode {
    let config = match Config::load(&args.site.root).and_then(|c| c.with_overrides(None, None)) {
        Ok(config) => config,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    match gazette::check::check(&config, false) {
        Ok(report) => {
            for line in gazette::report::grouped_lines(&report.problems) {
                println!("{line}");
            }
            println!(
                "checked {} articles and {} links on {} pages: {} errors, {} warnings",
                report.articles,
                report.links_checked,
                report.pages_checked,
                report.errors(),
                report.warnings()
            );
            let failed = report.errors() > 0 || (args.strict && report.warnings() > 0);
            if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run_new(dir: &std::path::Path) -> ExitCode {
    match gazette::scaffold::create(dir) {
        Ok(()) => {
            println!("created a new site in {}", dir.display());
            println!("next: cd {} && gazette serve", dir.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The progress bar a terminal shows while pages render.
struct Bar(ProgressBar);

impl Progress for Bar {
    fn start(&self, pages: usize) {
        self.0.set_length(pages as u64);
        self.0.set_style(
            ProgressStyle::with_template("{prefix} [{bar:30}] {human_pos}/{human_len} pages, {eta} left")
                .expect("a valid template")
                .progress_chars("=> "),
        );
        self.0.set_prefix("rendering");
    }

    fn advance(&self) {
        self.0.inc(1);
    }

    fn finish(&self) {
        self.0.finish_and_clear();
    }
}

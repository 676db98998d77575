//! The command line: `gazette build | serve | check | inspect | new`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "gazette", version, about = "Turns an archive of scraped news articles into a static website")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (public/ by default).
    Build(BuildArgs),
    /// Build into a temporary folder, serve it on localhost and rebuild on
    /// every change, reloading open pages.
    Serve(ServeArgs),
    /// Report every problem of the archive, then check every link of a build.
    Check(CheckArgs),
    /// Show how articles are read: a summary per article, or JSON lines.
    Inspect(InspectArgs),
    /// Create a new site with sample articles.
    New(NewArgs),
}

#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The site's folder (holding site.toml and content/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

#[derive(Debug, Clone, Copy, Args)]
pub struct OutputArgs {
    /// Only print errors.
    #[arg(short, long)]
    pub quiet: bool,
    /// Print every warning and the time of each stage.
    #[arg(short, long)]
    pub verbose: bool,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Output folder (default: output_dir of site.toml, else public/).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// The URL the site will live at, overriding base_url of site.toml.
    #[arg(long)]
    pub base_url: Option<String>,
    /// Include articles marked draft = true.
    #[arg(long)]
    pub drafts: bool,
    /// Fail (exit 1, write nothing) on any problem, warnings included.
    #[arg(long)]
    pub strict: bool,
    /// Rewrite every file instead of keeping unchanged ones.
    #[arg(long)]
    pub clean: bool,
    #[command(flatten)]
    pub out: OutputArgs,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Address to listen on; loopback unless you ask otherwise.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Include articles marked draft = true.
    #[arg(long)]
    pub drafts: bool,
    #[command(flatten)]
    pub out: OutputArgs,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Exit 1 on warnings too.
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The site whose articles related headlines resolve against (default:
    /// the current folder when it holds a site.toml).
    #[arg(long)]
    pub root: Option<PathBuf>,
    /// One JSON object per article, per line.
    #[arg(long)]
    pub json: bool,
    /// Article files or folders.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// Folder to create the site in (must not exist or be empty).
    pub dir: PathBuf,
}

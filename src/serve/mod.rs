//! `gazette serve`: builds the site into a temporary folder (never into the
//! output folder, which would then hold localhost URLs), serves it over HTTP
//! (`http`), watches the site's files (`watch`), rebuilds what changed
//! (`session`) and reloads every open tab through server-sent events
//! (`events`). A failed rebuild is shown in the terminal and over the page;
//! the next good one clears it.

mod events;
mod folder;
mod http;
mod session;
mod watch;

pub use session::Session;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::get;
use tokio::sync::broadcast;

use crate::build::BuildError;
use crate::cli::{OutputArgs, ServeArgs};
use crate::config::Config;
use crate::report::{Report, print_details, print_problems, thousands};
use events::Signal;
use watch::Watch;

/// How long the rebuild waits for a burst of saves to settle (editors write
/// a file in several steps).
const DEBOUNCE: Duration = Duration::from_millis(10);

/// What the HTTP handlers share.
struct App {
    out_dir: PathBuf,
    events: broadcast::Sender<Signal>,
    /// The error of the last rebuild, shown to pages that connect later.
    error: Mutex<Option<String>>,
}

/// Runs the server until Ctrl-C. Every error that stops it ends here.
pub fn run(args: ServeArgs) -> ExitCode {
    match try_run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn try_run(args: ServeArgs) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server: {e}"))?;
    runtime.block_on(serve(args))
}

async fn serve(args: ServeArgs) -> Result<(), String> {
    // Registered first, so that Ctrl-C during the first build stops cleanly too.
    let mut interrupt = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())
        .map_err(|e| format!("cannot handle Ctrl-C: {e}"))?;
    let addr = format!("{}:{}", args.bind, args.port);
    let listener = tokio::net::TcpListener::bind(&addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}; choose another --port"))?;
    let local: SocketAddr = listener.local_addr().expect("bound");
    let url = format!("http://{}/", local);
    let temp = folder::build_folder().map_err(|e| format!("cannot create a folder to build into: {e}"))?;
    let out_dir = temp.path().join("site");
    let (sender, _) = broadcast::channel(16);
    let app = Arc::new(App { out_dir: out_dir.clone(), events: sender, error: Mutex::new(None) });

    let root = args.site.root.clone();
    let session = Arc::new(Mutex::new(None::<Session>));
    let started = Instant::now();
    rebuild(&app, &session, &root, &url, args.drafts, &[], args.out);
    eprintln!("serving {} at {url} (built in {:.1} s); Ctrl-C stops", root.display(), started.elapsed().as_secs_f64());
    // Tests and scripts read the address from standard output.
    println!("{url}");

    let (tx, rx) = std::sync::mpsc::channel::<Vec<PathBuf>>();
    let mut watcher = Watch::new(&root, tx).map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    {
        let app = app.clone();
        let session = session.clone();
        let (root, url, drafts, out) = (root.clone(), url.clone(), args.drafts, args.out);
        std::thread::spawn(move || {
            while let Ok(mut paths) = rx.recv() {
                // Debounce: take everything that arrives until the files
                // have been quiet for a moment.
                while let Ok(more) = rx.recv_timeout(DEBOUNCE) {
                    paths.extend(more);
                }
                paths.sort();
                paths.dedup();
                // A folder created since (templates/, say) is watched from now on.
                watcher.add_new_folders();
                rebuild(&app, &session, &root, &url, drafts, &paths, out);
            }
        });
    }
    if args.open {
        open_browser(&url);
    }

    let router = Router::new()
        .route(events::LIVE_PATH, get(events::live_js))
        .route(events::EVENTS_PATH, get(events::events))
        .fallback(http::file)
        .with_state(app.clone());
    let stopping = app.clone();
    let shutdown = async move {
        interrupt.recv().await;
        eprintln!("stopping");
        let _ = stopping.events.send(Signal::Shutdown);
    };
    let served = axum::serve(listener, router).with_graceful_shutdown(shutdown).await;
    // A rebuild in flight finishes first (the search index spills into the
    // folder), and none starts after.
    let _idle = session.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    drop(temp);
    served.map_err(|e| e.to_string())
}

/// Starts the session or applies changes to it, then tells the browsers.
fn rebuild(
    app: &App,
    session: &Mutex<Option<Session>>,
    root: &Path,
    url: &str,
    drafts: bool,
    changed: &[PathBuf],
    out: OutputArgs,
) {
    let started = Instant::now();
    let mut guard = session.lock().expect("not poisoned");
    let result: Result<Report, BuildError> = match guard.as_mut() {
        Some(s) => s.rebuild(changed),
        None => Config::load(root)
            .and_then(|c| c.with_overrides(Some(&app.out_dir), Some(url)))
            .map_err(BuildError::Config)
            .and_then(|config| {
                let (s, report) = Session::start(config, drafts, &app.out_dir)?;
                *guard = Some(s);
                Ok(report)
            }),
    };
    drop(guard);
    match result {
        Ok(report) => {
            if !out.quiet {
                print_problems(&report.problems, out.verbose, out.quiet);
                if out.verbose {
                    print_details(&report);
                }
                eprintln!(
                    "rebuilt in {} ms: {} of {} pages rendered, {} files written",
                    started.elapsed().as_millis(),
                    thousands(report.rendered),
                    thousands(report.pages),
                    thousands(report.output.written)
                );
            }
            *app.error.lock().expect("not poisoned") = None;
            let _ = app.events.send(Signal::Reload);
        }
        Err(e) => {
            let message = e.to_string();
            eprintln!("error: {message}");
            *app.error.lock().expect("not poisoned") = Some(message.clone());
            let _ = app.events.send(Signal::Error(message));
        }
    }
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") { "open" } else { "xdg-open" };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        eprintln!("could not start {opener}; open {url} yourself");
    }
}

//! `gazette serve`: builds the site into a temporary folder (never into the
//! output folder, which would then hold localhost URLs), serves it over HTTP,
//! watches the site's files, rebuilds what changed and reloads every open
//! tab through server-sent events. A failed rebuild is shown in the terminal
//! and over the page; the next good one clears it.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use notify::{EventKind, RecursiveMode, Watcher};
use tokio::sync::broadcast;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;

use crate::build::{BuildError, Report, thousands};
use crate::cli::{OutputArgs, ServeArgs};
use crate::config::Config;
use crate::report::{print_details, print_problems};
use crate::session::Session;

const LIVE_JS: &str = include_str!("serve/live.js");
const LIVE_PATH: &str = "/__gazette/live.js";
const EVENTS_PATH: &str = "/__gazette/events";
/// How long the rebuild waits for a burst of saves to settle (editors write
/// a file in several steps).
const DEBOUNCE: Duration = Duration::from_millis(10);

/// What the browser is told after each rebuild.
#[derive(Clone, Debug)]
enum Signal {
    Reload,
    Error(String),
    /// The server is stopping: event streams end, so that open pages do not
    /// hold the shutdown up.
    Shutdown,
}

struct App {
    out_dir: PathBuf,
    events: broadcast::Sender<Signal>,
    /// The error of the last rebuild, shown to pages that connect later.
    error: Mutex<Option<String>>,
}

/// Runs the server until Ctrl-C.
pub fn run(args: ServeArgs) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the server: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(serve(args))
}

async fn serve(args: ServeArgs) -> ExitCode {
    // Registered first, so that Ctrl-C during the first build stops cleanly too.
    let mut interrupt = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: cannot handle Ctrl-C: {e}");
            return ExitCode::FAILURE;
        }
    };
    let addr = format!("{}:{}", args.bind, args.port);
    let listener = match tokio::net::TcpListener::bind(&addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot listen on {addr}: {e}; choose another --port");
            return ExitCode::FAILURE;
        }
    };
    let local: SocketAddr = listener.local_addr().expect("bound");
    let url = format!("http://{}/", local);
    let temp = match build_folder() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot create a folder to build into: {e}");
            return ExitCode::FAILURE;
        }
    };
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
    let mut watcher = match Watch::new(&args.site.root, tx) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: cannot watch {}: {e}", args.site.root.display());
            return ExitCode::FAILURE;
        }
    };
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
        .route(LIVE_PATH, get(live_js))
        .route(EVENTS_PATH, get(events))
        .fallback(file)
        .with_state(app.clone());
    let stopping = app.clone();
    let shutdown = async move {
        interrupt.recv().await;
        eprintln!("stopping");
        let _ = stopping.events.send(Signal::Shutdown);
    };
    let served = axum::serve(listener, router).with_graceful_shutdown(shutdown).await;
    drop(temp);
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
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

/// Watches site.toml, content/, templates/ and static/ (not the output or
/// anything else under the root) for changes to files; reading a file is
/// not a change, or every rebuild would trigger the next.
struct Watch {
    watcher: notify::RecommendedWatcher,
    root: PathBuf,
    watched: Vec<PathBuf>,
}

/// The folders under the root whose files make the site.
const WATCHED: [&str; 3] = ["content", "templates", "static"];

impl Watch {
    fn new(root: &Path, tx: std::sync::mpsc::Sender<Vec<PathBuf>>) -> Result<Watch, String> {
        let root = std::path::absolute(root).map_err(|e| e.to_string())?;
        let filter_root = root.clone();
        let mut watcher = notify::recommended_watcher(move |result: notify::Result<notify::Event>| {
            let Ok(event) = result else { return };
            let is_change = match event.kind {
                EventKind::Create(_) | EventKind::Remove(_) => true,
                EventKind::Modify(notify::event::ModifyKind::Metadata(notify::event::MetadataKind::AccessTime)) => {
                    false
                }
                EventKind::Modify(_) => true,
                _ => false,
            };
            let paths: Vec<PathBuf> = event
                .paths
                .into_iter()
                .filter(|p| {
                    let rel = p.strip_prefix(&filter_root).unwrap_or(p);
                    let first = rel.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned());
                    first.as_deref().is_some_and(|f| f == "site.toml" || WATCHED.contains(&f))
                })
                .collect();
            if is_change && !paths.is_empty() {
                let _ = tx.send(paths);
            }
        })
        .map_err(|e| e.to_string())?;
        // The root itself, not recursively: site.toml, and folders created later.
        watcher.watch(&root, RecursiveMode::NonRecursive).map_err(|e| e.to_string())?;
        let mut watch = Watch { watcher, root, watched: Vec::new() };
        watch.add_new_folders();
        Ok(watch)
    }

    fn add_new_folders(&mut self) {
        // A removed folder loses its watch; it is watched again if it returns.
        self.watched.retain(|p| p.is_dir());
        for dir in WATCHED {
            let path = self.root.join(dir);
            if path.is_dir()
                && !self.watched.contains(&path)
                && self.watcher.watch(&path, RecursiveMode::Recursive).is_ok()
            {
                self.watched.push(path);
            }
        }
    }
}

/// The folder the server builds into: `gazette-serve-<pid>-XXXXXX` in the
/// system's temporary folder, removed when the server stops. A killed
/// server cannot remove its own, so those of servers that no longer run are
/// removed here, in the background (one may hold a whole archive).
fn build_folder() -> std::io::Result<tempfile::TempDir> {
    std::thread::spawn(remove_abandoned_folders);
    tempfile::Builder::new().prefix(&format!("gazette-serve-{}-", std::process::id())).tempdir()
}

fn remove_abandoned_folders() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let pid = name.to_str().and_then(|n| n.strip_prefix("gazette-serve-")).and_then(|rest| rest.split('-').next());
        if let Some(pid) = pid.and_then(|p| p.parse::<i32>().ok())
            && !process_exists(pid)
        {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(unix)]
fn process_exists(pid: i32) -> bool {
    // SAFETY: signal 0 is not sent; kill only checks that the process exists.
    let found = unsafe { libc::kill(pid, 0) } == 0;
    found || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

#[cfg(not(unix))]
fn process_exists(_pid: i32) -> bool {
    true
}

async fn live_js() -> Response {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "no-store")], LIVE_JS)
        .into_response()
}

/// Server-sent events: `reload` after a good rebuild, `build-error` with the
/// message after a failed one (sent at once to a page that connects while
/// the site is broken).
async fn events(State(app): State<Arc<App>>) -> Sse<impl tokio_stream::Stream<Item = Result<Event, Infallible>>> {
    let current = app.error.lock().expect("not poisoned").clone();
    let first = tokio_stream::iter(current.map(Signal::Error).into_iter().map(Ok::<_, Infallible>));
    let rest = BroadcastStream::new(app.events.subscribe())
        .filter_map(|s| s.ok().map(Ok::<_, Infallible>))
        .take_while(|s| !matches!(s, Ok(Signal::Shutdown)));
    let stream = first.chain(rest).map(|s: Result<Signal, Infallible>| {
        Ok(match s.expect("infallible") {
            Signal::Reload => Event::default().event("reload").data("reload"),
            Signal::Error(message) => Event::default().event("build-error").data(message),
            Signal::Shutdown => unreachable!("the stream ends before it"),
        })
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// Serves a file of the output, as a static host would: `index.html` for
/// folders, `404.html` with status 404 for anything missing or outside.
async fn file(State(app): State<Arc<App>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let path = uri.path();
    let Some(file) = resolve(&app.out_dir, path).await else {
        return not_found(&app).await;
    };
    if file.is_dir() {
        // `/topics` → `/topics/`, so that relative links resolve as deployed.
        let location = format!("{}/", path);
        return (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, location)]).into_response();
    }
    match tokio::fs::read(&file).await {
        Ok(bytes) => respond(StatusCode::OK, &file, bytes),
        Err(_) => not_found(&app).await,
    }
}

async fn not_found(app: &App) -> Response {
    let page = app.out_dir.join("404.html");
    match tokio::fs::read(&page).await {
        Ok(bytes) => respond(StatusCode::NOT_FOUND, &page, bytes),
        Err(_) => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

fn respond(status: StatusCode, file: &Path, bytes: Vec<u8>) -> Response {
    let mime = mime_guess::from_path(file).first_or_octet_stream();
    let is_html = mime.essence_str() == "text/html";
    let body = if is_html { inject_live_reload(bytes) } else { bytes };
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    let content_type = if mime.type_() == "text" || mime.essence_str() == "application/javascript" {
        format!("{}; charset=utf-8", mime.essence_str())
    } else {
        mime.essence_str().to_string()
    };
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_str(&content_type).expect("a valid mime"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Puts the live-reload script before `</body>` (served pages only; `build`
/// never writes it).
fn inject_live_reload(mut html: Vec<u8>) -> Vec<u8> {
    let tag = format!("<script src=\"{LIVE_PATH}\"></script>");
    let at = html.windows(7).rposition(|w| w.eq_ignore_ascii_case(b"</body>")).unwrap_or(html.len());
    html.splice(at..at, tag.into_bytes());
    html
}

/// The file a request path names inside `root`, or `None` when the path is
/// malformed or leaves `root`: `..` in any encoding, encoded slashes or
/// backslashes, NUL bytes, and symlinks that point outside.
async fn resolve(root: &Path, path: &str) -> Option<PathBuf> {
    let lower = path.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") || path.contains('\\') {
        return None;
    }
    let decoded = percent_decode(path)?;
    let mut file = root.to_path_buf();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            s if s.contains(['\0', ':']) => return None,
            s => file.push(s),
        }
    }
    if file.is_dir() && decoded.ends_with('/') {
        file.push("index.html");
    }
    // The real path must still be inside the output (symlinks).
    let real = tokio::fs::canonicalize(&file).await.ok()?;
    let real_root = tokio::fs::canonicalize(root).await.ok()?;
    real.starts_with(&real_root).then_some(real)
}

fn percent_decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = path.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") { "open" } else { "xdg-open" };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        eprintln!("could not start {opener}; open {url} yourself");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_before_the_last_body_end() {
        let out = String::from_utf8(inject_live_reload(b"<p></body></p></BODY>".to_vec())).unwrap();
        assert_eq!(out, format!("<p></body></p><script src=\"{LIVE_PATH}\"></script></BODY>"));
    }

    #[tokio::test]
    async fn traversal_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.html"), "a").unwrap();
        let root = dir.path();
        assert!(resolve(root, "/a.html").await.is_some());
        for bad in
            ["/../etc/passwd", "/%2e%2e/etc/passwd", "/..%2fetc/passwd", "/%2E%2E%2F", "/a%5c..", "/%00", "/..\\x"]
        {
            assert_eq!(resolve(root, bad).await, None, "{bad}");
        }
    }
}

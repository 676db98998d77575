//! Reload events: after each rebuild every open page is told, through
//! server-sent events, to reload or to show the build's error.

use std::convert::Infallible;
use std::sync::Arc;

use axum::extract::State;
use axum::http::header;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;

use super::App;

/// The script every served page loads to listen for the events.
const LIVE_JS: &str = include_str!("live.js");
pub(super) const LIVE_PATH: &str = "/__gazette/live.js";
pub(super) const EVENTS_PATH: &str = "/__gazette/events";

/// What the browser is told after each rebuild.
#[derive(Clone, Debug)]
pub(super) enum Signal {
    Reload,
    Error(String),
    /// The server is stopping: event streams end, so that open pages do not
    /// hold the shutdown up.
    Shutdown,
}

pub(super) async fn live_js() -> Response {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "no-store")], LIVE_JS)
        .into_response()
}

/// Server-sent events: `reload` after a good rebuild, `build-error` with the
/// message after a failed one (sent at once to a page that connects while
/// the site is broken).
pub(super) async fn events(
    State(app): State<Arc<App>>,
) -> Sse<impl tokio_stream::Stream<Item = Result<Event, Infallible>>> {
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

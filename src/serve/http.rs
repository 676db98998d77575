//! Serving the output folder over HTTP as a static host would, with the
//! live-reload script put into every HTML page.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

use super::App;
use super::events::LIVE_PATH;

/// Serves a file of the output, as a static host would: `index.html` for
/// folders, `404.html` with status 404 for anything missing or outside.
pub(super) async fn file(State(app): State<Arc<App>>, method: Method, uri: Uri) -> Response {
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

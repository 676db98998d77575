//! `gazette serve`, run as users run it (the real binary on an ephemeral
//! port) and spoken to over HTTP.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::Fixture;

struct Server {
    child: Child,
    /// `127.0.0.1:PORT`
    addr: String,
}

impl Server {
    fn start(root: &std::path::Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_gazette"))
            .args(["serve", "--port", "0", "-q", "--root"])
            .arg(root)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("gazette serve starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let addr = line.trim().trim_start_matches("http://").trim_end_matches('/').to_string();
        assert!(addr.starts_with("127.0.0.1:"), "serve printed {line:?}");
        Server { child, addr }
    }

    /// A GET request: status, headers (lower-case names) and body.
    fn get(&self, path: &str) -> (u16, Vec<(String, String)>, String) {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(stream, "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", self.addr).unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let text = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let mut lines = head.lines();
        let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        (status, headers, body.to_string())
    }

    /// Opens the server-sent events stream.
    fn events(&self) -> TcpStream {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        write!(stream, "GET /__gazette/events HTTP/1.1\r\nHost: {}\r\n\r\n", self.addr).unwrap();
        stream.set_read_timeout(Some(Duration::from_millis(200))).unwrap();
        stream
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> &'a str {
    headers.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str())
}

/// Reads the event stream until `needle` appears, or gives up after `within`.
fn wait_for(stream: &mut TcpStream, needle: &str, within: Duration) -> Option<String> {
    let started = Instant::now();
    let mut seen = String::new();
    let mut buf = [0u8; 4096];
    while started.elapsed() < within {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => seen.push_str(&String::from_utf8_lossy(&buf[..n])),
            Err(_) => {}
        }
        if seen.contains(needle) {
            return Some(seen);
        }
    }
    None
}

fn site() -> Fixture {
    Fixture::new(&[
        ("site.toml", "title = \"Served\"\n\n[search]\nenabled = false\n"),
        (
            "content/pier.txt",
            "Pier lamps return\n\nPublished 3 March 2022\n\nThe old lamps are back on the pier after a winter away.\n\nRelated Topics\n\n  • Harbour works\n",
        ),
        (
            "content/fares.txt",
            "Ferry fares set for spring\n\nPublished 4 March 2022\n\nFares will rise by a tenth from April.\n\nRelated Topics\n\n  • Harbour works\n",
        ),
    ])
}

#[test]
fn serves_pages_with_types_and_a_404() {
    let fixture = site();
    let server = Server::start(fixture.root());
    let (status, headers, body) = server.get("/");
    assert_eq!(status, 200);
    assert_eq!(header(&headers, "content-type"), "text/html; charset=utf-8");
    assert!(body.contains("/__gazette/live.js"), "the live-reload script is injected");
    let (status, _, body) = server.get("/topics/harbour-works/");
    assert_eq!(status, 200);
    assert!(body.contains("Pier lamps return"));
    let (status, headers, _) = server.get("/style.css");
    assert_eq!((status, header(&headers, "content-type")), (200, "text/css; charset=utf-8"));
    let (status, headers, _) = server.get("/atom.xml");
    assert_eq!(status, 200);
    assert!(
        header(&headers, "content-type").starts_with("application/xml")
            || header(&headers, "content-type").starts_with("text/xml")
    );
    let (status, _, body) = server.get("/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"), "the site's 404 page");
    let (status, headers, _) = server.get("/topics");
    assert_eq!((status, header(&headers, "location")), (301, "/topics/"));
    // The build output itself never holds the script.
    assert!(!fixture.root().join("public").exists(), "serve does not write into the output folder");
}

#[test]
fn requests_outside_the_output_are_404() {
    let fixture = site();
    std::fs::write(fixture.root().join("secret.txt"), "secret").unwrap();
    let server = Server::start(fixture.root());
    for path in [
        "/../secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e/secret.txt",
        "/%2e%2e%2fsecret.txt",
        "/..%2f..%2fetc/passwd",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/..%5csecret.txt",
        "//etc/passwd",
        "/%2f%2fetc/passwd",
        "/articles/../../secret.txt",
        "/%00",
        "/..\\..\\etc\\passwd",
    ] {
        let (status, _, body) = server.get(path);
        assert_eq!(status, 404, "{path}");
        assert!(!body.contains("secret") && !body.contains("root:"), "{path} leaked a file");
    }
}

#[test]
fn an_edit_reloads_and_a_broken_template_shows_until_fixed() {
    let fixture = site();
    let server = Server::start(fixture.root());
    let mut events = server.events();
    std::thread::sleep(Duration::from_millis(300));
    fixture.write(
        "content/pier.txt",
        "Pier lamps return\n\nPublished 3 March 2022\n\nThe new lamps shine all night on the pier.\n\nRelated Topics\n\n  • Harbour works\n",
    );
    assert!(wait_for(&mut events, "event: reload", Duration::from_secs(5)).is_some(), "no reload event after an edit");
    let (_, _, body) = server.get("/articles/pier-lamps-return/");
    assert!(body.contains("The new lamps shine all night"), "the served page shows the edit");

    fixture
        .write("templates/topic.html", "{% extends \"base.html\" %}{% block content %}{% if %}{% endblock content %}");
    let seen = wait_for(&mut events, "event: build-error", Duration::from_secs(5)).expect("no error event");
    assert!(seen.contains("topic.html"), "the error names the template: {seen}");
    // A page opened now learns of the error as soon as it connects.
    let mut late = server.events();
    assert!(wait_for(&mut late, "event: build-error", Duration::from_secs(3)).is_some());
    let (status, _, _) = server.get("/");
    assert_eq!(status, 200, "the last good build is still served");

    std::fs::remove_file(fixture.root().join("templates/topic.html")).unwrap();
    assert!(wait_for(&mut events, "event: reload", Duration::from_secs(5)).is_some(), "no recovery after the fix");
}

#[test]
fn a_killed_servers_folder_is_removed_by_the_next_server() {
    let temp = std::env::temp_dir();
    // No process has this id (above Linux's largest), so its server is gone.
    let abandoned = temp.join(format!("gazette-serve-999999999-{}", std::process::id()));
    std::fs::create_dir_all(abandoned.join("site/articles")).unwrap();
    std::fs::write(abandoned.join("site/index.html"), "old").unwrap();
    // This test's own process is alive: its folder is left alone.
    let alive = temp.join(format!("gazette-serve-{}-alive", std::process::id()));
    std::fs::create_dir_all(&alive).unwrap();

    let fixture = site();
    let server = Server::start(fixture.root());
    let started = Instant::now();
    while abandoned.exists() && started.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(!abandoned.exists(), "the abandoned folder is removed");
    assert!(alive.exists(), "a running process's folder stays");
    assert_eq!(server.get("/").0, 200);
    std::fs::remove_dir_all(alive).unwrap();
}

#[test]
fn verbose_serve_prints_every_warning_and_the_stages() {
    let fixture = site();
    std::fs::write(
        fixture.root().join("content/untitled.txt"),
        "Just a lead paragraph with no headline above it at all.\n",
    )
    .unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["serve", "--port", "0", "-v", "--root"])
        .arg(fixture.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("gazette serve starts");
    // The address comes after the first build's report.
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    child.kill().unwrap();
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    child.wait().unwrap();
    assert!(stderr.contains("warning: content/untitled.txt"), "each warning, by file: {stderr}");
    assert!(stderr.contains("\n  render "), "the stage timings: {stderr}");
}

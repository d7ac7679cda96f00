//! The server `guidebook serve` runs: the latest good build from memory, the live-reload
//! script added to its pages, and a stream of server-sent events that tells open pages
//! to reload or shows them what a failed build found.
//!
//! One thread accepts; one thread answers each connection, one request a connection. An
//! event stream's connection is kept, to be written to on the next build.

use std::io::Write;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use crate::error::{Error, Result};
use crate::http::{self, Response};
use crate::render::nav::js_string;
use crate::write::Files;

/// Where the live-reload script and the event stream are: a path no page of a site has
/// (the theme's files are under `static/`, pages under their parts).
const LIVE_JS: &str = "/__guidebook/live.js";
const EVENTS: &str = "/__guidebook/events";

/// How long a connection may sit idle, and how long a write to an open page may take
/// before that page is dropped from the stream.
const IDLE: Duration = Duration::from_secs(10);
const STREAM_WRITE: Duration = Duration::from_secs(1);

/// The files of one good build, and its number: a page built from an earlier one
/// reloads when it connects.
#[derive(Debug, Default)]
pub(crate) struct Built {
    pub files: Files,
    pub version: u64,
}

#[derive(Default)]
struct State {
    built: RwLock<Arc<Built>>,
    /// What the last build found, when it failed: shown on every open page.
    problems: Mutex<Option<String>>,
    /// Open pages' event streams.
    streams: Mutex<Vec<TcpStream>>,
}

/// The running server.
pub(crate) struct Server {
    addr: SocketAddr,
    state: Arc<State>,
}

impl Server {
    /// Listens on `addr` (port 0: a free one) and serves `built`.
    pub(crate) fn start(addr: SocketAddr, built: Built) -> Result<Server> {
        let listener = TcpListener::bind(addr).map_err(|e| {
            Error::Usage(format!(
                "guidebook serve cannot listen on {addr}: {e}; pass another --port, or --port 0 for a free one"
            ))
        })?;
        let addr = listener
            .local_addr()
            .map_err(|e| Error::Usage(format!("guidebook serve cannot listen on {addr}: {e}")))?;
        let state = Arc::new(State {
            built: RwLock::new(Arc::new(built)),
            ..State::default()
        });
        let accepting = Arc::clone(&state);
        std::thread::spawn(move || accept(&listener, &accepting, addr));
        Ok(Server { addr, state })
    }

    /// The address of the site's home page.
    pub(crate) fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Serves `built` from now on, and tells every open page to reload.
    pub(crate) fn publish(&self, built: Built) {
        let version = built.version;
        *self.state.built.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(built);
        *self
            .state
            .problems
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = None;
        self.broadcast(&event("reload", &version.to_string()));
    }

    /// Keeps serving the last good build, and shows `problems` on every open page.
    pub(crate) fn fail(&self, problems: String) {
        let message = event("problems", &js_string(&problems));
        *self
            .state
            .problems
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = Some(problems);
        self.broadcast(&message);
    }

    /// A comment on every stream: a page closed without a word is found and dropped.
    pub(crate) fn ping(&self) {
        self.broadcast(": ping\n\n");
    }

    fn broadcast(&self, message: &str) {
        let mut streams = self.state.streams.lock().unwrap_or_else(|e| e.into_inner());
        streams.retain_mut(|s| s.write_all(message.as_bytes()).is_ok() && s.flush().is_ok());
    }
}

/// A server-sent event: its name and its data, one line.
fn event(name: &str, data: &str) -> String {
    format!("event: {name}\ndata: {data}\n\n")
}

fn accept(listener: &TcpListener, state: &Arc<State>, addr: SocketAddr) {
    for stream in listener.incoming() {
        let Ok(stream) = stream else {
            // Out of file descriptors, say: give the open connections time to close.
            std::thread::sleep(Duration::from_millis(10));
            continue;
        };
        let state = Arc::clone(state);
        std::thread::spawn(move || {
            let _ = answer(stream, &state, addr);
        });
    }
}

fn answer(mut stream: TcpStream, state: &State, addr: SocketAddr) -> std::io::Result<()> {
    stream.set_read_timeout(Some(IDLE))?;
    stream.set_write_timeout(Some(IDLE))?;
    let head = http::read_head(&mut stream)?;
    let request = match http::request(&head) {
        Ok(request) if host_allowed(&head, addr) => request,
        Ok(_) => return send(&mut stream, false, &Response::text("403 Forbidden"), ""),
        Err(status) => return send(&mut stream, false, &Response::text(status), ""),
    };
    let path = request.target.split(['?', '#']).next().unwrap_or("");
    if path == EVENTS {
        return open_stream(stream, state);
    }
    let built = Arc::clone(&state.built.read().unwrap_or_else(|e| e.into_inner()));
    let (response, extra) = if path == LIVE_JS {
        let script = Response {
            status: "200 OK",
            content_type: "text/javascript; charset=utf-8",
            body: include_bytes!("live.js").to_vec(),
        };
        (script, String::new())
    } else {
        respond(&built, request.target)
    };
    send(&mut stream, request.head_only, &response, &extra)
}

fn send(
    stream: &mut TcpStream,
    head_only: bool,
    response: &Response,
    extra: &str,
) -> std::io::Result<()> {
    stream.write_all(&response.head(extra))?;
    if !head_only {
        stream.write_all(&response.body)?;
    }
    stream.flush()
}

/// Starts an event stream: the build's number (a page from an older one reloads), what
/// the last build found if it failed, then whatever comes.
fn open_stream(mut stream: TcpStream, state: &State) -> std::io::Result<()> {
    stream.set_write_timeout(Some(STREAM_WRITE))?;
    let version = state
        .built
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .version;
    let mut start = String::from(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
         X-Content-Type-Options: nosniff\r\n\r\n",
    );
    start.push_str(&event("version", &version.to_string()));
    let mut streams = state.streams.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(problems) = state
        .problems
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .as_ref()
    {
        start.push_str(&event("problems", &js_string(problems)));
    }
    stream.write_all(start.as_bytes())?;
    stream.flush()?;
    streams.push(stream);
    Ok(())
}

/// A request to a server on the loopback interface must name it: a page elsewhere that
/// points its own host name at 127.0.0.1 (DNS rebinding) cannot read the site.
fn host_allowed(head: &str, addr: SocketAddr) -> bool {
    if !addr.ip().is_loopback() {
        return true;
    }
    let host = head.lines().skip(1).find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.eq_ignore_ascii_case("host").then(|| value.trim())
    });
    let Some(host) = host else {
        return true;
    };
    let name = match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    };
    let name = name.trim_start_matches('[').trim_end_matches(']');
    name.eq_ignore_ascii_case("localhost") || name.parse::<std::net::IpAddr>() == Ok(addr.ip())
}

/// The answer to a request for `target` from `built`, and extra header lines.
fn respond(built: &Built, target: &str) -> (Response, String) {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let Some(rel) = http::site_path(path) else {
        return (Response::text("400 Bad Request"), String::new());
    };
    let file = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else if built.files.contains_key(&rel) {
        rel
    } else if built.files.contains_key(&format!("{rel}/index.html")) {
        // A folder asked for without its `/`: its page's relative links need it.
        let moved = Response::text("301 Moved Permanently");
        return (moved, format!("Location: {path}/\r\n"));
    } else {
        rel
    };
    match (built.files.get(&file), http::content_type(&file)) {
        (Some(bytes), Some(content_type)) => {
            let body = with_live_script(bytes, content_type, built.version);
            let found = Response {
                status: "200 OK",
                content_type,
                body,
            };
            (found, String::new())
        }
        _ => (not_found(built), String::new()),
    }
}

/// The site's own 404 page, or a few words when the site has none (a first build that
/// failed): either way with the live-reload script, so the page shows the problems
/// and turns into the page once the guide builds.
fn not_found(built: &Built) -> Response {
    let page = built.files.get("404.html").map_or_else(
        || b"<!doctype html><title>Not found</title><body><p>Not found.</p></body>".to_vec(),
        |page| page.to_vec(),
    );
    Response {
        status: "404 Not Found",
        content_type: "text/html; charset=utf-8",
        body: with_live_script(&page, "text/html; charset=utf-8", built.version),
    }
}

/// An HTML page with the live-reload script before its `</body>`; other files as they
/// are.
fn with_live_script(bytes: &[u8], content_type: &str, version: u64) -> Vec<u8> {
    if !content_type.starts_with("text/html") {
        return bytes.to_vec();
    }
    let tag = format!("<script src=\"{LIVE_JS}\" data-version=\"{version}\"></script>");
    let at = memchr::memmem::rfind(bytes, b"</body>").unwrap_or(bytes.len());
    [&bytes[..at], tag.as_bytes(), &bytes[at..]].concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn built(files: &[(&str, &str)]) -> Built {
        Built {
            files: files
                .iter()
                .map(|(name, text)| (name.to_string(), Arc::new(text.as_bytes().to_vec())))
                .collect(),
            version: 7,
        }
    }

    fn site() -> Built {
        built(&[
            ("index.html", "<body><p>home</p></body>"),
            ("a/index.html", "<body><p>a</p></body>"),
            ("static/style.css", "p {}"),
            ("404.html", "<body><p>missing</p></body>"),
            ("notes.exe", "MZ"),
        ])
    }

    fn status(target: &str) -> (&'static str, String, String) {
        let (response, extra) = respond(&site(), target);
        let body = String::from_utf8(response.body).unwrap();
        (response.status, extra, body)
    }

    #[test]
    fn pages_are_served_with_the_live_script_and_files_as_they_are() {
        let (code, _, body) = status("/a/?q=1");
        assert_eq!(code, "200 OK");
        assert_eq!(
            body,
            "<body><p>a</p><script src=\"/__guidebook/live.js\" data-version=\"7\"></script></body>"
        );
        assert_eq!(status("/static/style.css").2, "p {}");
        assert_eq!(status("/").0, "200 OK");
    }

    #[test]
    fn a_folder_without_its_slash_moves_and_misses_get_the_sites_404() {
        assert_eq!(
            status("/a"),
            (
                "301 Moved Permanently",
                "Location: /a/\r\n".to_string(),
                "301 Moved Permanently\n".to_string()
            )
        );
        let (code, _, body) = status("/nothing/");
        assert_eq!(code, "404 Not Found");
        assert!(body.starts_with("<body><p>missing</p><script"), "{body}");
        assert_eq!(status("/notes.exe").0, "404 Not Found");
    }

    #[test]
    fn paths_that_climb_or_hide_are_refused() {
        for target in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/a%2f..%2f..%2fetc",
            "//etc/passwd",
            "/a\\..\\b",
            "/index.html%00",
            "http://example.com/",
        ] {
            assert_eq!(status(target).0, "400 Bad Request", "{target}");
        }
    }

    #[test]
    fn only_the_servers_own_names_reach_it_on_loopback() {
        let addr: SocketAddr = "127.0.0.1:1111".parse().unwrap();
        let head = |host: &str| format!("GET / HTTP/1.1\r\nHost: {host}\r\n\r\n");
        for host in ["127.0.0.1:1111", "localhost:1111", "LOCALHOST"] {
            assert!(host_allowed(&head(host), addr), "{host}");
        }
        for host in ["evil.example:1111", "evil.example"] {
            assert!(!host_allowed(&head(host), addr), "{host}");
        }
        let anywhere: SocketAddr = "0.0.0.0:1111".parse().unwrap();
        assert!(host_allowed(&head("box.lan:1111"), anywhere));
    }
}

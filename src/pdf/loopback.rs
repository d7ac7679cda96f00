//! The web server Chromium prints from: on the loopback interface, for the length of one
//! `guidebook pdf`, serving the staged site and nothing else. A page opened from
//! `file://` may load any local file into the PDF (`<iframe src="file:///etc/passwd">`);
//! a page served from here has an `http://127.0.0.1` origin, which the browser keeps
//! away from local files, and every response carries a Content-Security-Policy that
//! lets it load only from this server. Chromium also uses this server as its proxy, so
//! a request for any other address arrives here and is refused: nothing leaves the
//! machine, not even for other services on the loopback interface.
//!
//! One thread accepts, one thread answers each connection, one request a connection.

use std::io::Write;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::error::{Error, Result};
use crate::http::{self, Response};

/// What a page may load: this server's files, inline styles and scripts (the handout
/// has both) and `data:` images and fonts. No other host, no `file:`, no plugins, no
/// forms; frames only from this server (they get this policy too).
const POLICY: &str = "default-src 'none'; script-src 'self' 'unsafe-inline'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; \
     media-src 'self' data:; frame-src 'self'; connect-src 'self'; worker-src 'self'; \
     manifest-src 'self'; object-src 'none'; base-uri 'self'; form-action 'none'";

/// How long a connection may sit idle: a client that stops talking frees its thread.
const IDLE: Duration = Duration::from_secs(10);

/// The running server; dropping it stops it.
pub(super) struct Loopback {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    accepting: Option<JoinHandle<()>>,
}

impl Loopback {
    /// Serves the site in `root` on a free port of 127.0.0.1.
    pub(super) fn start(root: &Path) -> Result<Loopback> {
        let root = root
            .canonicalize()
            .map_err(|e| Error::io("open", root, e))?;
        let listener = TcpListener::bind(("127.0.0.1", 0))
            .map_err(|e| Error::Usage(format!("guidebook pdf needs a port on 127.0.0.1: {e}")))?;
        let addr = listener
            .local_addr()
            .map_err(|e| Error::Usage(format!("guidebook pdf needs a port on 127.0.0.1: {e}")))?;
        let stop = Arc::new(AtomicBool::new(false));
        let site = Arc::new(Site { root, addr });
        let stopped = Arc::clone(&stop);
        let accepting = std::thread::spawn(move || accept(&listener, &site, &stopped));
        Ok(Loopback {
            addr,
            stop,
            accepting: Some(accepting),
        })
    }

    /// The address the site's root is served at, ending with `/`.
    pub(super) fn base(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// `host:port`, for Chromium's proxy setting.
    pub(super) fn authority(&self) -> String {
        self.addr.to_string()
    }
}

impl Drop for Loopback {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // `accept` blocks: one last connection wakes it to see the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(thread) = self.accepting.take() {
            let _ = thread.join();
        }
    }
}

/// What is served, and where.
struct Site {
    /// Canonical: every file served is under it once its links are followed.
    root: PathBuf,
    addr: SocketAddr,
}

fn accept(listener: &TcpListener, site: &Arc<Site>, stop: &AtomicBool) {
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else {
            // Out of file descriptors, say: give the open connections time to close.
            std::thread::sleep(Duration::from_millis(10));
            continue;
        };
        let site = Arc::clone(site);
        std::thread::spawn(move || {
            let _ = answer(stream, &site);
        });
    }
}

fn answer(mut stream: TcpStream, site: &Site) -> std::io::Result<()> {
    stream.set_read_timeout(Some(IDLE))?;
    stream.set_write_timeout(Some(IDLE))?;
    let head = http::read_head(&mut stream)?;
    let (head_only, response) = respond(site, &head);
    // One write: a head written apart from its body waits for the browser's delayed
    // acknowledgement (Nagle's algorithm), tens of milliseconds a file.
    let mut answer = response.head(&format!("Content-Security-Policy: {POLICY}\r\n"));
    if !head_only {
        answer.extend_from_slice(&response.body);
    }
    stream.write_all(&answer)?;
    stream.flush()
}

/// The answer to the request in `head`, and whether it is to be sent without its body
/// (HEAD).
fn respond(site: &Site, head: &str) -> (bool, Response) {
    let request = match http::request(head) {
        Ok(request) => request,
        Err(status) => return (false, Response::text(status)),
    };
    let (head_only, target) = (request.head_only, request.target);
    // Chromium sends every request through this server as its proxy, so the target is
    // an absolute URL; one for another host is refused, whatever it asks for.
    let own = format!("http://{}/", site.addr);
    let path = match target.strip_prefix(own.trim_end_matches('/')) {
        Some(path) if path.starts_with('/') => path,
        _ if target.starts_with('/') => target,
        _ => return (head_only, Response::text("403 Forbidden")),
    };
    let Some(file) = resolve(&site.root, path) else {
        return (head_only, Response::text("404 Not Found"));
    };
    let name = file.to_string_lossy();
    let (Some(content_type), Ok(body)) = (http::content_type(&name), std::fs::read(&file)) else {
        return (head_only, Response::text("404 Not Found"));
    };
    let response = Response {
        status: "200 OK",
        content_type,
        body,
    };
    (head_only, response)
}

/// The file under `root` (canonical) that `path` names (see [`http::site_path`]), with
/// `index.html` for a folder: `None` for a path that is not plainly a file of the site,
/// or a file whose links lead out of the site.
pub(super) fn resolve(root: &Path, path: &str) -> Option<PathBuf> {
    let rel = http::site_path(path)?;
    let mut file = root.to_path_buf();
    file.extend(rel.split('/').filter(|s| !s.is_empty()));
    let mut found = file.canonicalize().ok()?;
    if found.is_dir() {
        found = found.join("index.html").canonicalize().ok()?;
    }
    (found.starts_with(root) && found.is_file()).then_some(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::io::Read;

    /// A site: `index.html`, `handouts/a/index.html`, `static/style.css`, a file named
    /// with a space, one of a type the site does not hold; beside it, a secret.
    fn site() -> (tempfile::TempDir, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        for (file, text) in [
            ("index.html", "<p>home"),
            ("handouts/a/index.html", "<p>handout"),
            ("static/style.css", "p {}"),
            ("static/my file.svg", "<svg/>"),
            ("static/tool.exe", "MZ"),
        ] {
            let path = root.join(file);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        fs::write(tmp.path().join("secret.txt"), "root:x:0:0").unwrap();
        let root = root.canonicalize().unwrap();
        (tmp, root)
    }

    fn found(root: &Path, path: &str) -> Option<String> {
        resolve(root, path).map(|f| {
            f.strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
    }

    #[test]
    fn a_folder_serves_its_index_and_the_query_is_the_pages() {
        let (_tmp, root) = site();
        assert_eq!(found(&root, "/").as_deref(), Some("index.html"));
        for path in ["/handouts/a/", "/handouts/a/?paper=a4", "/handouts/a"] {
            assert_eq!(
                found(&root, path).as_deref(),
                Some("handouts/a/index.html"),
                "{path}"
            );
        }
        assert_eq!(
            found(&root, "/static/my%20file.svg").as_deref(),
            Some("static/my file.svg")
        );
        assert_eq!(found(&root, "/static/nothing.css"), None);
    }

    #[test]
    fn paths_that_climb_or_hide_are_refused() {
        let (_tmp, root) = site();
        for path in [
            "/../secret.txt",
            "/static/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E/secret.txt",
            "/.%2e/secret.txt",
            "/static%2f..%2f..%2fsecret.txt",
            "/static%5c..%5c..%5csecret.txt",
            "/static\\..\\..\\secret.txt",
            "/./index.html",
            "//etc/passwd",
            "/etc/passwd",
            "/index.html%00.css",
            "/index.html\0",
            "index.html",
            "",
        ] {
            assert_eq!(found(&root, path), None, "{path:?} was served");
        }
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_site_are_not_followed() {
        let (tmp, root) = site();
        std::os::unix::fs::symlink(tmp.path().join("secret.txt"), root.join("leak.txt")).unwrap();
        std::os::unix::fs::symlink(tmp.path(), root.join("up")).unwrap();
        std::os::unix::fs::symlink(root.join("static"), root.join("assets")).unwrap();
        assert_eq!(found(&root, "/leak.txt"), None);
        assert_eq!(found(&root, "/up/secret.txt"), None);
        assert_eq!(
            found(&root, "/assets/style.css").as_deref(),
            Some("static/style.css"),
            "a link that stays inside is fine"
        );
    }

    /// `request` sent to a running server, and its whole answer.
    fn ask(server: &Loopback, request: &str) -> String {
        let mut stream = TcpStream::connect(server.authority()).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        answer
    }

    fn header<'a>(answer: &'a str, name: &str) -> Option<&'a str> {
        answer
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{name}: ")))
    }

    #[test]
    fn files_are_served_with_their_type_and_the_policy() {
        let (_tmp, root) = site();
        let server = Loopback::start(&root).unwrap();
        let own = server.base();
        for (path, status, content_type) in [
            (
                "/handouts/a/?paper=a4",
                "200 OK",
                "text/html; charset=utf-8",
            ),
            ("/static/style.css", "200 OK", "text/css; charset=utf-8"),
            ("/static/my%20file.svg", "200 OK", "image/svg+xml"),
            (
                "/static/tool.exe",
                "404 Not Found",
                "text/plain; charset=utf-8",
            ),
            (
                "/../secret.txt",
                "404 Not Found",
                "text/plain; charset=utf-8",
            ),
        ] {
            for target in [path.to_string(), format!("{own}{}", &path[1..])] {
                let answer = ask(&server, &format!("GET {target} HTTP/1.1\r\n\r\n"));
                assert!(
                    answer.starts_with(&format!("HTTP/1.1 {status}\r\n")),
                    "{target}: {answer}"
                );
                assert_eq!(header(&answer, "Content-Type"), Some(content_type));
                assert_eq!(header(&answer, "Content-Security-Policy"), Some(POLICY));
            }
        }
        let answer = ask(&server, "GET /handouts/a/ HTTP/1.1\r\n\r\n");
        assert!(answer.ends_with("\r\n\r\n<p>handout"), "{answer}");
        let answer = ask(&server, "HEAD /handouts/a/ HTTP/1.1\r\n\r\n");
        assert!(answer.ends_with("\r\n\r\n"), "HEAD has no body: {answer}");
    }

    #[test]
    fn requests_for_other_hosts_and_other_methods_are_refused() {
        let (_tmp, root) = site();
        let server = Loopback::start(&root).unwrap();
        let port = server.addr.port();
        for (request, status) in [
            ("GET http://example.com/ HTTP/1.1", "403 Forbidden"),
            ("GET http://127.0.0.1:631/ HTTP/1.1", "403 Forbidden"),
            (
                &format!("GET http://127.0.0.1:{port}@example.com/ HTTP/1.1"),
                "403 Forbidden",
            ),
            ("GET file:///etc/passwd HTTP/1.1", "403 Forbidden"),
            ("CONNECT example.com:443 HTTP/1.1", "405 Method Not Allowed"),
            ("POST /index.html HTTP/1.1", "405 Method Not Allowed"),
        ] {
            let answer = ask(&server, &format!("{request}\r\n\r\n"));
            assert!(
                answer.starts_with(&format!("HTTP/1.1 {status}\r\n")),
                "{request}: {answer}"
            );
        }
    }
}

//! The little HTTP that guidebook's two local servers speak (`pdf`'s loopback server
//! and `serve`): a request's head, the site path it names, the type of a file, and the
//! head of a response. GET and HEAD only; the body of a request is never read.

use std::io::Read;
use std::net::TcpStream;

use crate::paths::percent_decode;

/// A request head bigger than this is not a browser asking for a file.
const MAX_HEAD: usize = 16 * 1024;

/// The request's head (request line and headers), read up to its blank line.
pub(crate) fn read_head(stream: &mut TcpStream) -> std::io::Result<String> {
    let mut head = Vec::new();
    let mut buffer = [0; 2048];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < MAX_HEAD {
        let n = stream.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        head.extend_from_slice(&buffer[..n]);
    }
    Ok(String::from_utf8_lossy(&head).into_owned())
}

/// What a request asks for.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Request<'h> {
    /// HEAD: the answer without its body.
    pub head_only: bool,
    /// As sent: a path from `/`, or an absolute URL (from a browser using the server as
    /// its proxy).
    pub target: &'h str,
}

/// The request in `head`, or the status to refuse it with.
pub(crate) fn request(head: &str) -> std::result::Result<Request<'_>, &'static str> {
    let line = head.lines().next().unwrap_or("");
    let mut parts = line.split(' ');
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    match method {
        "GET" | "HEAD" => Ok(Request {
            head_only: method == "HEAD",
            target,
        }),
        _ => Err("405 Method Not Allowed"),
    }
}

/// The site path that `path` (a URL path from `/`, maybe with a query) names, decoded:
/// plain names joined by `/`, ending with `/` for a folder (`""` is the root). `None` for
/// a path that is not plainly a file of the site. Refused outright: `..` and `.`, empty
/// segments (`//etc`), backslashes, NUL, and encoded dots, slashes and backslashes (a
/// browser resolves dot segments itself, so no honest request has them).
pub(crate) fn site_path(path: &str) -> Option<String> {
    let path = path.split(['?', '#']).next().unwrap_or("");
    let rest = path.strip_prefix('/')?;
    let lower = rest.to_ascii_lowercase();
    if rest.contains('\\')
        || ["%2e", "%2f", "%5c", "%00"]
            .iter()
            .any(|e| lower.contains(e))
    {
        return None;
    }
    let decoded = percent_decode(rest);
    let segments: Vec<&str> = decoded.split('/').collect();
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        if segment.is_empty() && last {
            continue;
        }
        // Exactly one plain name: not `..`, `.`, empty, a drive or a root.
        let mut components = std::path::Path::new(segment).components();
        let plain = matches!(
            (components.next(), components.next()),
            (Some(std::path::Component::Normal(_)), None)
        );
        if !plain || segment.contains('\0') || segment.contains(':') {
            return None;
        }
    }
    Some(decoded)
}

/// What a site holds, by the file name's extension; any other file is not served.
pub(crate) fn content_type(name: &str) -> Option<&'static str> {
    let (_, extension) = name.rsplit_once('.')?;
    Some(match extension.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        "txt" => "text/plain; charset=utf-8",
        "xml" => "application/xml",
        _ => return None,
    })
}

/// An answer: its status, type and body.
pub(crate) struct Response {
    pub status: &'static str,
    pub content_type: &'static str,
    pub body: Vec<u8>,
}

impl Response {
    /// A plain-text answer that says its status.
    pub(crate) fn text(status: &'static str) -> Response {
        Response {
            status,
            content_type: "text/plain; charset=utf-8",
            body: format!("{status}\n").into_bytes(),
        }
    }

    /// The status line and headers, `extra` (header lines, each ending in CRLF) among
    /// them. Nothing is cached: every answer is the site as it is now.
    pub(crate) fn head(&self, extra: &str) -> Vec<u8> {
        format!(
            "HTTP/1.1 {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n{extra}\
             X-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\n\
             Connection: close\r\n\r\n",
            self.status,
            self.content_type,
            self.body.len()
        )
        .into_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_path_is_plain_names_decoded() {
        assert_eq!(site_path("/").as_deref(), Some(""));
        assert_eq!(site_path("/a/b/?q=1#x").as_deref(), Some("a/b/"));
        assert_eq!(
            site_path("/static/my%20file.svg").as_deref(),
            Some("static/my file.svg")
        );
        for refused in [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/.%2E/x",
            "/a%2fb",
            "/a%5cb",
            "/a\\b",
            "/./index.html",
            "//etc/passwd",
            "/a//b",
            "/index.html%00.css",
            "/C:/x",
            "index.html",
            "",
        ] {
            assert_eq!(site_path(refused), None, "{refused:?}");
        }
    }

    #[test]
    fn only_get_and_head_are_answered() {
        assert_eq!(
            request("HEAD /a/ HTTP/1.1\r\n\r\n"),
            Ok(Request {
                head_only: true,
                target: "/a/"
            })
        );
        assert_eq!(request("POST / HTTP/1.1"), Err("405 Method Not Allowed"));
    }

    #[test]
    fn types_come_from_the_extension_and_unknown_ones_are_not_served() {
        assert_eq!(
            content_type("a/index.HTML"),
            Some("text/html; charset=utf-8")
        );
        assert_eq!(
            content_type("search/t/0.js"),
            Some("text/javascript; charset=utf-8")
        );
        assert_eq!(content_type("tool.exe"), None);
        assert_eq!(content_type("README"), None);
    }
}

//! `guidebook serve`, run as a user runs it: the binary on a free port with a copy of a
//! guide, asked over HTTP, its event stream read as an open page reads it, and the
//! guide edited under it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use crate::support::{build, files_under, repo, site_contents, write_guide};

/// Long enough for a build on a busy machine; a reload that never comes fails the test.
const WAIT: Duration = Duration::from_secs(20);

/// The server, stopped when dropped.
struct Served {
    child: Child,
    addr: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(guide: &Path) -> Served {
    serve_in(guide.parent().unwrap(), guide)
}

/// `guidebook serve --guide GUIDE`, run in `dir`.
fn serve_in(dir: &Path, guide: &Path) -> Served {
    let mut child = Command::new(env!("CARGO_BIN_EXE_guidebook"))
        .current_dir(dir)
        .args(["serve", "--port", "0", "--guide"])
        .arg(guide)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    // The address comes once the first build is served.
    let addr = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|line| {
            let rest = line.split("http://").nth(1)?;
            Some(rest.split('/').next()?.to_string())
        })
        .expect("the address served at");
    // Keep reading, so that the server never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    Served { child, addr }
}

/// A response: status code, headers (lower-case names) and body.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

fn get(served: &Served, target: &str) -> Answer {
    let mut stream = TcpStream::connect(&served.addr).unwrap();
    let request = format!("GET {target} HTTP/1.1\r\nHost: {}\r\n\r\n", served.addr);
    stream.write_all(request.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    let mut lines = head.lines();
    let status = lines.next().unwrap()[9..12].parse().unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(": "))
        .map(|(n, v)| (n.to_ascii_lowercase(), v.to_string()))
        .collect();
    Answer {
        status,
        headers,
        body: body.to_string(),
    }
}

/// The server's events as an open page gets them, (name, data), from the first after
/// the build's version: once this returns, the page is listening.
fn events(served: &Served) -> Receiver<(String, String)> {
    let events = connect(served);
    let first = events.recv_timeout(WAIT).expect("the stream's first event");
    assert_eq!(first.0, "version");
    events
}

fn connect(served: &Served) -> Receiver<(String, String)> {
    let mut stream = TcpStream::connect(&served.addr).unwrap();
    let request = format!(
        "GET /__guidebook/events HTTP/1.1\r\nHost: {}\r\n\r\n",
        served.addr
    );
    stream.write_all(request.as_bytes()).unwrap();
    let (send, receive) = channel();
    std::thread::spawn(move || {
        let (mut name, mut data) = (String::new(), String::new());
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            if let Some(n) = line.strip_prefix("event: ") {
                name = n.to_string();
            } else if let Some(d) = line.strip_prefix("data: ") {
                data = d.to_string();
            } else if line.is_empty() && !name.is_empty() {
                let _ = send.send((std::mem::take(&mut name), std::mem::take(&mut data)));
            }
        }
    });
    receive
}

/// The next event, within [`WAIT`].
fn next_change(events: &Receiver<(String, String)>) -> (String, String) {
    events.recv_timeout(WAIT).expect("an event in time")
}

fn guide() -> (tempfile::TempDir, std::path::PathBuf) {
    write_guide(&[
        ("guide.yaml", "title: Served\n"),
        (
            "index.md",
            "---\ntitle: Home\n---\nWelcome to [the part](part/index.md).\n",
        ),
        ("part/index.md", "---\ntitle: Part\n---\nFirst words.\n"),
        ("part/second.md", "---\ntitle: Second\n---\nSecond page.\n"),
    ])
}

#[test]
fn pages_are_served_with_the_live_script_and_an_edit_reloads_them() {
    let (_tmp, guide) = guide();
    let served = serve(&guide);
    let page = get(&served, "/part/");
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(page.body.contains("First words."));
    assert!(page.body.contains("<script src=\"/__guidebook/live.js\""));
    assert_eq!(get(&served, "/__guidebook/live.js").status, 200);
    let events = events(&served);

    std::fs::write(
        guide.join("part/index.md"),
        "---\ntitle: Part\n---\nNew words.\n",
    )
    .unwrap();
    assert_eq!(next_change(&events).0, "reload");
    let page = get(&served, "/part/");
    assert!(page.body.contains("New words."), "{}", page.body);
    assert!(
        !guide.parent().unwrap().join("public").exists(),
        "serve writes nothing"
    );
}

#[test]
fn a_broken_edit_keeps_the_last_good_site_and_shows_its_problems_until_fixed() {
    let (_tmp, guide) = guide();
    let served = serve(&guide);
    let events = events(&served);
    let page = guide.join("part/second.md");
    std::fs::write(&page, "---\ntitel: Second\n---\nBroken.\n").unwrap();
    let (name, data) = next_change(&events);
    assert_eq!(name, "problems");
    assert!(data.contains("second.md:2:1"), "{data}");
    assert!(data.contains("did you mean \\\"title\\\""), "{data}");
    let still = get(&served, "/part/second/");
    assert_eq!(still.status, 200);
    assert!(still.body.contains("Second page."), "the last good page");
    // A page opened now is told at once.
    let late = events_after_version(&served);
    assert_eq!(late.0, "problems");

    std::fs::write(&page, "---\ntitle: Second\n---\nFixed.\n").unwrap();
    assert_eq!(next_change(&events).0, "reload");
    assert!(get(&served, "/part/second/").body.contains("Fixed."));
}

fn events_after_version(served: &Served) -> (String, String) {
    events(served).recv_timeout(WAIT).unwrap()
}

#[test]
fn deleted_and_renamed_pages_leave_and_arrive() {
    let (_tmp, guide) = guide();
    let served = serve(&guide);
    let events = events(&served);
    std::fs::rename(guide.join("part/second.md"), guide.join("part/third.md")).unwrap();
    assert_eq!(next_change(&events).0, "reload");
    let gone = get(&served, "/part/second/");
    assert_eq!(gone.status, 404);
    assert!(
        gone.body.contains("/__guidebook/live.js"),
        "the site's 404 page"
    );
    assert_eq!(get(&served, "/part/third/").status, 200);
    std::fs::remove_file(guide.join("part/third.md")).unwrap();
    assert_eq!(next_change(&events).0, "reload");
    assert_eq!(get(&served, "/part/third/").status, 404);
}

#[test]
fn requests_that_climb_out_or_hide_are_refused() {
    let (tmp, guide) = guide();
    std::fs::write(tmp.path().join("secret.txt"), "root:x:0:0").unwrap();
    let served = serve(&guide);
    for target in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/part%2f..%2f..%2fsecret.txt",
        "/part\\..\\..\\secret.txt",
        "//etc/passwd",
        "/index.html%00.txt",
        "/guide.yaml",
        "/part/index.md",
    ] {
        let answer = get(&served, target);
        assert!(
            [400, 404].contains(&answer.status),
            "{target}: {}",
            answer.status
        );
        assert!(!answer.body.contains("root:x"), "{target}");
        assert!(!answer.body.contains("title: Served"), "{target}");
    }
    assert_eq!(get(&served, "/part").header("location"), Some("/part/"));
}

#[test]
fn a_build_never_carries_the_live_script() {
    let (_tmp, guide) = guide();
    let site = crate::support::build(&guide, None);
    for (file, html) in site.html_files() {
        assert!(!html.contains("__guidebook"), "{file}");
    }
}

#[test]
fn a_theme_override_folder_made_after_the_start_is_watched() {
    let (tmp, guide) = guide();
    let served = serve(&guide);
    let events = events(&served);
    let statics = tmp.path().join("static");
    std::fs::create_dir(&statics).unwrap();
    assert_eq!(next_change(&events).0, "reload");
    std::fs::write(statics.join("search.js"), "/* mine */\n").unwrap();
    assert_eq!(next_change(&events).0, "reload");
    let home = get(&served, "/").body;
    let script = home
        .split("src=\"")
        .filter_map(|s| s.split('"').next())
        .find(|src| src.starts_with("static/search."))
        .expect("the search script");
    assert_eq!(get(&served, &format!("/{script}")).body, "/* mine */\n");
    // Beside the guide, nothing else is ours: a build's output changes nothing.
    std::fs::write(tmp.path().join("notes.txt"), "x").unwrap();
    assert!(events.recv_timeout(Duration::from_secs(1)).is_err());
}

/// The body of `target` as bytes, with the status.
fn get_bytes(served: &Served, target: &str) -> (u16, Vec<u8>) {
    let mut stream = TcpStream::connect(&served.addr).unwrap();
    let request = format!("GET {target} HTTP/1.1\r\nHost: {}\r\n\r\n", served.addr);
    stream.write_all(request.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let status = String::from_utf8_lossy(&raw[9..12]).parse().unwrap();
    (status, raw[end + 4..].to_vec())
}

/// A served HTML page without the reload script that `serve` adds.
fn without_live_script(body: &[u8]) -> Vec<u8> {
    let text = String::from_utf8(body.to_vec()).unwrap();
    let start = text.find("<script src=\"/__guidebook/live.js\"").unwrap();
    let end = start + text[start..].find("</script>").unwrap() + "</script>".len();
    format!("{}{}", &text[..start], &text[end..]).into_bytes()
}

/// Saves `text` to `file` in the guide and waits for the reload that follows.
fn save(events: &Receiver<(String, String)>, file: &Path, text: &str) {
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(file, text).unwrap();
    let (name, data) = next_change(events);
    assert_eq!(name, "reload", "after saving {}: {data}", file.display());
}

#[test]
fn after_a_sequence_of_saves_the_served_site_is_what_a_build_makes() {
    let tmp = tempfile::tempdir().unwrap();
    let guide = tmp.path().join("guide");
    for file in files_under(&repo().join("guide")) {
        let to = guide.join(&file);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(repo().join("guide").join(&file), to).unwrap();
    }
    let served = serve(&guide);
    let events = events(&served);
    let question = guide.join("system-design/feature-store.md");
    let original = std::fs::read_to_string(&question).unwrap();
    // A paragraph; then a heading, a link and a concept named; then the title.
    let linked = original.clone()
        + "\n## Served heading {#served}\nSee [the warehouse](data-warehouse.md) and Kafka.\n";
    let edits = [
        original.clone() + "\nA paragraph added while serving.\n",
        linked.clone(),
        linked.replace("Design a Feature Store for ML", "Design a Feature Store"),
    ];
    for text in &edits {
        save(&events, &question, text);
    }
    let new_page = guide.join("behavioral/new-story.md");
    save(
        &events,
        &new_page,
        "---\ntitle: A new story\n---\nLinks to [the feature store](../system-design/feature-store.md#served).\n",
    );
    std::fs::remove_file(&new_page).unwrap();
    assert_eq!(next_change(&events).0, "reload");
    // A box more on the checklist: every sidebar that counts its boxes changes.
    let checklist = guide.join("preparation/checklist.md");
    let list = std::fs::read_to_string(&checklist).unwrap();
    save(
        &events,
        &checklist,
        &(list + "- [ ] Sleep well the night before\n"),
    );
    let concepts = guide.join("concepts.yaml");
    let yaml = std::fs::read_to_string(&concepts).unwrap();
    save(
        &events,
        &concepts,
        &yaml.replace(
            "aliases: [Apache Kafka]",
            "aliases: [Apache Kafka, the log]",
        ),
    );

    let built = build(&guide, None);
    let files = site_contents(&built.out);
    assert!(files.len() > 50, "{} files", files.len());
    // Files for the host, such as `.nojekyll`, are not served: no page asks for them.
    for (file, bytes) in files.into_iter().filter(|(f, _)| !f.starts_with('.')) {
        let (status, body) = get_bytes(&served, &format!("/{file}"));
        assert_eq!(status, 200, "{file}");
        let body = if file.ends_with(".html") {
            without_live_script(&body)
        } else {
            body
        };
        assert!(body == bytes, "{file} served differs from the build's");
    }
    assert_eq!(get_bytes(&served, "/behavioral/new-story/").0, 404);
}

#[test]
fn a_guide_named_from_the_folder_it_is_in_is_watched() {
    let (tmp, guide) = guide();
    let served = serve_in(tmp.path(), Path::new("guide"));
    let events = events(&served);
    std::fs::write(
        guide.join("part/second.md"),
        "---\ntitle: Second\n---\nSaved.\n",
    )
    .unwrap();
    assert_eq!(next_change(&events).0, "reload");
    assert!(get(&served, "/part/second/").body.contains("Saved."));
}

//! Building guides into temporary folders and reading the built site back: parsed HTML,
//! visible text, links.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use guidebook::{BaseUrl, BuildConfig};
use scraper::{ElementRef, Html, Node, Selector};

pub(crate) fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub(crate) fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// The real `guidebook` binary.
pub(crate) fn guidebook() -> Command {
    Command::cargo_bin("guidebook").unwrap()
}

/// Runs `guidebook args` in `dir`, checks the exit code, returns stderr then stdout.
pub(crate) fn run(dir: &Path, args: &[&str], code: i32) -> String {
    let output = guidebook()
        .current_dir(dir)
        .args(args)
        .assert()
        .code(code)
        .get_output()
        .clone();
    let text =
        String::from_utf8(output.stderr).unwrap() + &String::from_utf8(output.stdout).unwrap();
    assert!(!text.contains("panicked"), "{text}");
    text
}

/// A guide written from `(path, text)` pairs into `guide/` of a temporary folder.
pub(crate) fn write_guide(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let guide = tmp.path().join("guide");
    for (path, text) in files {
        let file = guide.join(path);
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(file, text).unwrap();
    }
    (tmp, guide)
}

/// A built site in a temporary folder.
pub(crate) struct Built {
    _tmp: tempfile::TempDir,
    pub out: PathBuf,
    pub summary: guidebook::BuildSummary,
}

pub(crate) fn build(guide: &Path, base_url: Option<&str>) -> Built {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let config = BuildConfig {
        guide_dir: guide.to_path_buf(),
        out_dir: out.clone(),
        base_url: base_url.map(|u| BaseUrl::parse(u).unwrap()),
    };
    let summary = guidebook::build(&config).unwrap_or_else(|e| panic!("build failed:\n{e}"));
    Built {
        _tmp: tmp,
        out,
        summary,
    }
}

pub(crate) fn build_shipped_guide() -> Built {
    build(&repo().join("guide"), None)
}

impl Built {
    /// Every HTML file of the site by its path in the output, `/`-separated.
    pub(crate) fn html_files(&self) -> BTreeMap<String, String> {
        files_under(&self.out)
            .into_iter()
            .filter(|p| p.ends_with(".html"))
            .map(|p| {
                let text = fs::read_to_string(self.out.join(&p)).unwrap();
                (p, text)
            })
            .collect()
    }

    pub(crate) fn page(&self, rel: &str) -> Html {
        let path = self.out.join(rel);
        let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        Html::parse_document(&text)
    }
}

/// Every file under `dir` (relative, sorted) and its bytes.
pub(crate) fn file_contents(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    files_under(dir)
        .into_iter()
        .map(|f| {
            let bytes = fs::read(dir.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

/// The site in `dir` as it is served: every file and its bytes, but the marker where
/// guidebook lists them with the times they were written (which differ between two
/// folders holding the same site).
pub(crate) fn site_contents(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = file_contents(dir);
    files.remove(".guidebook");
    files
}

/// Every file under `dir`, relative and sorted.
pub(crate) fn files_under(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = walk(dir)
        .into_iter()
        .map(|p| {
            p.strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    files.sort();
    files
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

pub(crate) fn select<'a>(doc: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(css).unwrap();
    doc.select(&selector).collect()
}

pub(crate) fn select_in<'a>(element: ElementRef<'a>, css: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(css).unwrap();
    element.select(&selector).collect()
}

pub(crate) fn one<'a>(doc: &'a Html, css: &str) -> ElementRef<'a> {
    let found = select(doc, css);
    assert_eq!(found.len(), 1, "expected one {css}, found {}", found.len());
    found[0]
}

/// The text a reader gets from an element: what is shown or read out, without the
/// heading anchors' `#`.
pub(crate) fn reader_text(element: ElementRef) -> String {
    let mut text = String::new();
    collect_text(element, &mut text);
    text
}

fn collect_text(element: ElementRef, out: &mut String) {
    for child in element.children() {
        match child.value() {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) => {
                if e.has_class("anchor", scraper::CaseSensitivity::CaseSensitive)
                    || matches!(e.name(), "script" | "style")
                {
                    continue;
                }
                if let Some(el) = ElementRef::wrap(child) {
                    out.push(' ');
                    collect_text(el, out);
                    out.push(' ');
                }
            }
            _ => {}
        }
    }
}

/// The unit in which "this line is on that page" is judged: lowercase words and numbers,
/// and each symbol outside ASCII (emoji, arrows, ✅, box drawing, typographic quotes) on
/// its own. ASCII punctuation is markdown's markup, so it never counts.
pub(crate) fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
            continue;
        }
        if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        if !c.is_ascii() && !c.is_whitespace() {
            out.push(c.to_string());
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// Every internal link of every HTML page of `site` (`a`, `link`, `script`, `img`)
/// checked against the files and ids of the built site: how many were checked, and a
/// line for each that lands nowhere. Pages are parsed one at a time.
pub(crate) fn broken_links(site: &Built) -> (usize, Vec<String>) {
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut links: Vec<(String, String)> = Vec::new();
    for path in files_under(&site.out)
        .into_iter()
        .filter(|p| p.ends_with(".html"))
    {
        let doc = site.page(&path);
        let found = select(&doc, "[id]")
            .iter()
            .filter_map(|e| e.value().attr("id").map(str::to_string))
            .collect();
        for element in select(&doc, "a[href], link[href], script[src], img[src]") {
            let value = element.value();
            let attr = value.attr("href").or(value.attr("src")).unwrap();
            links.push((path.clone(), attr.to_string()));
        }
        ids.insert(path, found);
    }
    let mut checked = 0;
    let mut broken = Vec::new();
    for (path, attr) in &links {
        if attr.starts_with('/') {
            broken.push(format!(
                "{path}: root-absolute link {attr} breaks under a sub-path"
            ));
            continue;
        }
        let Some((file, fragment)) = resolve_href(path, attr) else {
            continue;
        };
        checked += 1;
        if !site.out.join(&file).is_file() {
            broken.push(format!("{path}: {attr} -> missing {file}"));
        } else if let Some(fragment) = fragment {
            if !ids.get(&file).is_some_and(|set| set.contains(&fragment)) {
                broken.push(format!("{path}: {attr} -> no #{fragment} in {file}"));
            }
        }
    }
    (checked, broken)
}

/// A link target inside the site: the file it names and its fragment.
pub(crate) fn resolve_href(page: &str, href: &str) -> Option<(String, Option<String>)> {
    if href.contains("://") || href.starts_with("mailto:") || href.starts_with("//") {
        return None;
    }
    let (path, fragment) = match href.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (href, None),
    };
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    if path.is_empty() {
        return Some((page.to_string(), fragment));
    }
    for segment in path.split('/') {
        match segment {
            "." | "" => {}
            ".." => {
                parts.pop().expect("link climbs above the site root");
            }
            s => parts.push(s),
        }
    }
    let mut file = parts.join("/");
    if path.ends_with('/') || file.is_empty() {
        if !file.is_empty() {
            file.push('/');
        }
        file.push_str("index.html");
    }
    Some((guidebook::internals::percent_decode(&file), fragment))
}

/// Every diagram of the shipped guide, `(file, source)`: `diagram` fences and untagged
/// fences of box-drawing art.
pub(crate) fn guide_diagrams() -> Vec<(String, String)> {
    let guide = repo().join("guide");
    let mut found = Vec::new();
    for file in files_under(&guide)
        .into_iter()
        .filter(|f| f.ends_with(".md"))
    {
        let text = fs::read_to_string(guide.join(&file)).unwrap();
        let mut lines = text.lines();
        while let Some(line) = lines.next() {
            let Some(info) = line.strip_prefix("```") else {
                continue;
            };
            let body: Vec<&str> = lines
                .by_ref()
                .take_while(|l| !l.starts_with("```"))
                .collect();
            let body = body.join("\n");
            if info == "diagram" || (info.is_empty() && boxart_svg::is_box_art(&body)) {
                found.push((file.clone(), body));
            }
        }
    }
    found
}

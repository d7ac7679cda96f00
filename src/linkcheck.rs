//! Checks the HTML that templates produce: every `href` and `src` inside the site must
//! name a file the build writes, and every `#fragment` an id on that page. Markdown links
//! are checked earlier, with their lines (a guide with broken ones never gets here); this
//! catches what templates add (navigation, an override's hand-written link) and raw HTML
//! in markdown. Each missing target is reported once.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, SourceLoc};

/// Collects a page's ids and links, piece by piece (whole elements per piece).
#[derive(Default)]
pub struct Scanner {
    ids: HashSet<u64>,
    hrefs: Vec<String>,
    seen: HashSet<String>,
}

impl Scanner {
    /// One pass over `html` for every `id`, `href` and `src` attribute.
    pub fn feed(&mut self, html: &str) {
        for (name, value) in attributes(html) {
            if name == Attribute::Id {
                self.ids.insert(id_hash(&unescape(value)));
            } else if !self.seen.contains(value) {
                self.seen.insert(value.to_string());
                self.hrefs.push(unescape(value).into_owned());
            }
        }
    }
}

/// Ids are kept as hashes: a page's ids are only ever asked for, never listed, and a
/// hash is a fraction of the memory of the id across a large site.
fn id_hash(id: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    id.hash(&mut hasher);
    hasher.finish()
}

/// What one page links to, found on any thread.
pub struct PageScan {
    file: String,
    origin: PathBuf,
    ids: HashSet<u64>,
    /// Distinct links into the site: the href, the file it names, its fragment.
    links: Vec<(String, String, Option<String>)>,
    problems: Vec<Diagnostic>,
}

#[derive(Default)]
pub struct OutputCheck {
    base_url: Option<String>,
    written: HashSet<String>,
    ids: HashMap<String, HashSet<u64>>,
    /// Missing-file candidates: target file, with the first page that links to it.
    targets: BTreeMap<String, (PathBuf, String)>,
    /// Links to another page's fragment, checked once every page is known.
    fragments: Vec<(PathBuf, String, String, String)>,
    problems: Vec<Diagnostic>,
}

impl OutputCheck {
    pub fn new(base_url: Option<&str>) -> Self {
        OutputCheck {
            base_url: base_url.map(str::to_string),
            ..OutputCheck::default()
        }
    }

    /// A file the build writes (pages, assets, static files).
    pub fn written(&mut self, rel: &str) {
        self.written.insert(rel.to_string());
    }

    /// Scans one HTML page, on any thread; [`OutputCheck::record`] then takes the result.
    /// `origin` names the page in messages (its markdown file, or the template).
    pub fn scan(&self, out_file: &str, html: &str, origin: &Path) -> PageScan {
        let mut scanner = Scanner::default();
        scanner.feed(html);
        self.finish_scan(scanner, out_file, origin)
    }

    /// What a page fed piece by piece to `scanner` links to.
    pub fn finish_scan(&self, scanner: Scanner, out_file: &str, origin: &Path) -> PageScan {
        let mut scan = PageScan {
            file: out_file.to_string(),
            origin: origin.to_path_buf(),
            links: Vec::new(),
            problems: Vec::new(),
            ids: HashSet::new(),
        };
        for href in scanner.hrefs {
            let Some((target, fragment)) = self.resolve(out_file, &href) else {
                continue;
            };
            match (target == out_file, fragment) {
                (true, Some(f)) if !f.is_empty() && !scanner.ids.contains(&id_hash(&f)) => {
                    scan.problems.push(
                        Diagnostic::new(
                            SourceLoc::new(origin, 0, 0),
                            format!("the page links to \"#{f}\", but no element has that id"),
                        )
                        .with_help("check the templates and the page's anchors"),
                    );
                }
                (true, _) => {}
                (false, fragment) => {
                    scan.links
                        .push((href, target, fragment.filter(|f| !f.is_empty())))
                }
            }
        }
        scan.ids = scanner.ids;
        scan
    }

    /// Takes what a page links to and the ids it has, in page order.
    pub fn record(&mut self, scan: PageScan) {
        self.problems.extend(scan.problems);
        for (href, target, fragment) in scan.links {
            if !self.targets.contains_key(&target) {
                self.targets
                    .insert(target.clone(), (scan.origin.clone(), href.clone()));
            }
            if let Some(f) = fragment {
                self.fragments.push((scan.origin.clone(), href, target, f));
            }
        }
        self.ids.insert(scan.file, scan.ids);
    }

    /// The file inside the site that `href` (on page `from`) names, and its fragment;
    /// `None` for links that leave the site.
    fn resolve(&self, from: &str, href: &str) -> Option<(String, Option<String>)> {
        let href = match &self.base_url {
            Some(base) if href.starts_with(base.as_str()) => {
                // Absolute links (the 404 page's) resolve from the site's root.
                return resolve_path("index.html", &href[base.len()..]);
            }
            _ => href,
        };
        if href.starts_with("//") || has_scheme(href) {
            return None;
        }
        resolve_path(from, href)
    }

    pub fn finish(mut self) -> Vec<Diagnostic> {
        for (target, (origin, href)) in &self.targets {
            if !self.written.contains(target) {
                self.problems.push(
                    Diagnostic::new(
                        SourceLoc::new(origin, 0, 0),
                        format!("the page links to \"{href}\", but the build writes no {target}"),
                    )
                    .with_help("check the link in the templates"),
                );
            }
        }
        for (origin, href, target, fragment) in &self.fragments {
            let Some(ids) = self.ids.get(target) else {
                continue;
            };
            if !ids.contains(&id_hash(fragment)) {
                self.problems.push(
                    Diagnostic::new(
                        SourceLoc::new(origin, 0, 0),
                        format!(
                            "the page links to \"{href}\", but {target} has no id \"{fragment}\""
                        ),
                    )
                    .with_help("check the link in the templates"),
                );
            }
        }
        self.problems
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Attribute {
    Id,
    Link,
}

/// Every `id`, `href` and `src` attribute of `html` with its value, in one pass.
fn attributes(html: &str) -> impl Iterator<Item = (Attribute, &str)> + '_ {
    static NAMES: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    let names = NAMES.get_or_init(|| {
        aho_corasick::AhoCorasick::new([" id=\"", " href=\"", " src=\""]).expect("fixed patterns")
    });
    names.find_iter(html).filter_map(move |m| {
        let rest = &html[m.end()..];
        let value = &rest[..rest.find('"')?];
        let kind = if m.pattern().as_usize() == 0 {
            Attribute::Id
        } else {
            Attribute::Link
        };
        Some((kind, value))
    })
}

/// Attribute values as written by our templates: only these entities appear.
fn unescape(value: &str) -> std::borrow::Cow<'_, str> {
    if !value.contains('&') {
        return std::borrow::Cow::Borrowed(value);
    }
    std::borrow::Cow::Owned(
        value
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&"),
    )
}

fn has_scheme(href: &str) -> bool {
    let scheme = href.split(':').next().unwrap_or("");
    href.contains(':')
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// `href` relative to the page file `from`, as a file of the site: folders mean their
/// `index.html`, `%20` a space.
fn resolve_path(from: &str, href: &str) -> Option<(String, Option<String>)> {
    let (path, fragment) = match href.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (href, None),
    };
    let path = path.split('?').next().unwrap_or("");
    if path.is_empty() {
        return Some((from.to_string(), fragment));
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut file = parts.join("/");
    if path.ends_with('/') || path == "." || path.ends_with("/.") {
        if !file.is_empty() {
            file.push('/');
        }
        file.push_str("index.html");
    }
    Some((file.replace("%20", " "), fragment))
}

#[cfg(test)]
mod tests {
    use super::*;

    impl OutputCheck {
        fn scan_and_record(&mut self, file: &str, html: &str, origin: &Path) {
            let scan = self.scan(file, html, origin);
            self.record(scan);
        }
    }

    #[test]
    fn reports_missing_files_and_ids_once() {
        let mut check = OutputCheck::new(Some("https://x.github.io/r/"));
        for f in ["index.html", "a/index.html", "static/s.css"] {
            check.written(f);
        }
        let origin = Path::new("templates/base.html");
        check.scan_and_record("index.html", r##"<a id="top" href="a/">A</a><a href="a/#there"></a><a href="#top"></a><link href="static/s.css">"##, origin);
        check.scan_and_record("a/index.html", r##"<a href="../">home</a><a href="../gone/">x</a><a href="../gone/">again</a><a href="https://x.github.io/r/a/">abs</a><a href="https://elsewhere.org/">ext</a><a href="#nowhere"></a>"##, origin);
        let problems: Vec<String> = check.finish().iter().map(|d| d.message.clone()).collect();
        assert_eq!(
            problems,
            [
                "the page links to \"#nowhere\", but no element has that id",
                "the page links to \"../gone/\", but the build writes no gone/index.html",
                "the page links to \"a/#there\", but a/index.html has no id \"there\"",
            ]
        );
    }

    #[test]
    fn resolves_relative_links() {
        assert_eq!(
            resolve_path("a/b/index.html", "../../"),
            Some(("index.html".into(), None))
        );
        assert_eq!(
            resolve_path("index.html", "./"),
            Some(("index.html".into(), None))
        );
        assert_eq!(
            resolve_path("a/index.html", "x.png#f"),
            Some(("a/x.png".into(), Some("f".into())))
        );
        assert_eq!(resolve_path("index.html", "../x"), None);
    }
}

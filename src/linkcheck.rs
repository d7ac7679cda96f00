//! Checks the HTML that templates produce: every `href` and `src` inside the site must
//! name a file the build writes, and every `#fragment` an id on that page. Markdown links
//! are checked earlier, with their lines (a guide with broken ones never gets here); this
//! catches what templates add (navigation, an override's hand-written link) and raw HTML
//! in markdown. Each missing target is reported once.

use std::collections::{BTreeMap, HashSet};
use std::hash::{DefaultHasher, Hasher};
use std::path::{Path, PathBuf};

use rustc_hash::FxHashSet;

use crate::error::{Diagnostic, SourceLoc};
use crate::paths::percent_decode;

/// Checks the links of every page the build writes. Pages are scanned on any thread
/// ([`OutputCheck::scanner`]), then recorded in page order.
#[derive(Default, Clone)]
pub(crate) struct OutputCheck {
    base_url: Option<String>,
    written: FxHashSet<String>,
    /// Every recorded page's ids, each hashed with its page: a large site has a million,
    /// and they are only ever asked for. A collision could hide a broken anchor, never
    /// report a sound one.
    ids: FxHashSet<u64>,
    scanned: FxHashSet<String>,
    /// Links to files not written when their page was scanned: the target file, with
    /// the first page and href that named it. Checked again at the end.
    missing: BTreeMap<String, (PathBuf, String)>,
    /// Links to an anchor on another page, checked once every page is known.
    fragments: Vec<Fragment>,
    problems: Vec<Diagnostic>,
}

#[derive(Clone)]
struct Fragment {
    origin: PathBuf,
    href: String,
    target: String,
    fragment: String,
}

/// What one page links to, found on any thread.
pub(crate) struct PageScan {
    file: String,
    origin: PathBuf,
    /// Its ids, unless nothing else may link to them (see [`PageScan::self_contained`]).
    ids: Option<Vec<u64>>,
    missing: Vec<(String, String)>,
    fragments: Vec<Fragment>,
    problems: Vec<Diagnostic>,
    /// Links to ids of its own file not found in it, when it was scanned as a piece of
    /// a larger file ([`Scanner::finish_piece`]).
    own: Vec<String>,
}

/// The ids of every page the check recorded, for checking links to them later.
#[derive(Default)]
pub(crate) struct SiteIds {
    ids: FxHashSet<u64>,
    scanned: FxHashSet<String>,
}

impl OutputCheck {
    pub(crate) fn new(base_url: Option<&str>) -> Self {
        OutputCheck {
            base_url: base_url.map(str::to_string),
            ..OutputCheck::default()
        }
    }

    /// A file the build writes (pages, assets, static files). Registering every file
    /// before pages are scanned lets the scan settle most links on the spot.
    pub(crate) fn written(&mut self, rel: &str) {
        self.written.insert(rel.to_string());
    }

    /// Whether the build writes `rel` already.
    pub(crate) fn is_written(&self, rel: &str) -> bool {
        self.written.contains(rel)
    }

    /// Scans one HTML page; `origin` names the page in messages (its markdown file, or
    /// the template).
    pub(crate) fn scan(&self, out_file: &str, html: &str, origin: &Path) -> PageScan {
        let mut scanner = self.scanner(out_file, origin);
        scanner.feed(html);
        scanner.finish()
    }

    /// A scanner for a page fed piece by piece (whole elements per piece).
    pub(crate) fn scanner(&self, out_file: &str, origin: &Path) -> Scanner<'_> {
        Scanner {
            check: self,
            file: out_file.to_string(),
            dir_len: out_file.rfind('/').map_or(0, |i| i + 1),
            origin: origin.to_path_buf(),
            buf: String::new(),
            ids: FxHashSet::default(),
            own: Vec::new(),
            problems: Vec::new(),
            reported: HashSet::new(),
            missing: Vec::new(),
            fragments: Vec::new(),
        }
    }

    /// Takes what a page links to and the ids it has, in page order.
    pub(crate) fn record(&mut self, scan: PageScan) {
        self.problems.extend(scan.problems);
        for (target, href) in scan.missing {
            self.missing
                .entry(target)
                .or_insert_with(|| (scan.origin.clone(), href));
        }
        self.fragments.extend(scan.fragments);
        if let Some(ids) = scan.ids {
            self.ids.extend(ids);
            self.scanned.insert(scan.file);
        }
    }

    /// The ids of the pages recorded so far.
    pub(crate) fn site_ids(&self) -> SiteIds {
        SiteIds {
            ids: self.ids.clone(),
            scanned: self.scanned.clone(),
        }
    }

    pub(crate) fn finish(mut self) -> Vec<Diagnostic> {
        for (target, (origin, href)) in &self.missing {
            if !self.written.contains(target) {
                self.problems.push(
                    Diagnostic::new(
                        SourceLoc::file(origin),
                        format!("the page links to \"{href}\", but the build writes no {target}"),
                    )
                    .with_help("check the link in the templates"),
                );
            }
        }
        let mut reported = HashSet::new();
        for f in &self.fragments {
            if self.scanned.contains(&f.target)
                && !self.ids.contains(&id_key(&f.target, &f.fragment))
                && reported.insert((&f.origin, &f.href))
            {
                self.problems.push(f.missing_id());
            }
        }
        self.problems
    }
}

impl Fragment {
    fn missing_id(&self) -> Diagnostic {
        Diagnostic::new(
            SourceLoc::file(&self.origin),
            format!(
                "the page links to \"{}\", but {} has no id \"{}\"",
                self.href, self.target, self.fragment
            ),
        )
        .with_help("check the link in the templates")
    }
}

impl PageScan {
    /// Whether the page still has every id it had when scanned as `old`: links from
    /// elsewhere may rely on any of them. (An id added breaks nothing: a link to it
    /// would have failed the build before.)
    pub(crate) fn keeps_ids(&self, old: &PageScan) -> bool {
        let ids: FxHashSet<u64> = self.ids().iter().copied().collect();
        old.ids().iter().all(|id| ids.contains(id))
    }

    /// The page's ids, as the check records them.
    pub(crate) fn ids(&self) -> &[u64] {
        self.ids.as_deref().unwrap_or_default()
    }

    /// Whether every link of the page holds, given the ids of the site's pages and, for
    /// a piece of a larger file, that file's ids (`own`).
    pub(crate) fn sound_in(&self, site: &SiteIds, own: Option<&FxHashSet<u64>>) -> bool {
        let fragment_found = |f: &Fragment| {
            !site.scanned.contains(&f.target) || site.ids.contains(&id_key(&f.target, &f.fragment))
        };
        let own_found = |f: &String| own.is_some_and(|ids| ids.contains(&id_key(&self.file, f)));
        self.problems.is_empty()
            && self.missing.is_empty()
            && self.fragments.iter().all(fragment_found)
            && self.own.iter().all(own_found)
    }

    /// A page whose anchors only its own links use (a handout: hundreds of thousands of
    /// ids in a large guide, and nothing else links into it). Its ids are checked against
    /// its own links, then forgotten; a link from elsewhere to one of them is not checked.
    pub(crate) fn self_contained(mut self) -> Self {
        self.ids = None;
        self
    }
}

/// Collects a page's ids and settles its links as it goes.
pub(crate) struct Scanner<'c> {
    check: &'c OutputCheck,
    file: String,
    /// `file[..dir_len]` is the page's folder, with its `/`.
    dir_len: usize,
    origin: PathBuf,
    /// The file a link names, rebuilt in place for each link.
    buf: String,
    /// Its ids, as recorded (see [`id_key`]): a handout of a large guide has hundreds of
    /// thousands.
    ids: FxHashSet<u64>,
    /// Fragments of links to this page, checked once all its ids are seen.
    own: Vec<String>,
    missing: Vec<(String, String)>,
    fragments: Vec<Fragment>,
    problems: Vec<Diagnostic>,
    /// Links already reported, by href.
    reported: HashSet<String>,
}

impl Scanner<'_> {
    /// One pass over `html` for every `id`, `href` and `src` attribute.
    pub(crate) fn feed(&mut self, html: &str) {
        for (kind, value) in attributes(html) {
            match kind {
                Attribute::Id => {
                    self.ids.insert(id_key(&self.file, &unescape(value)));
                }
                Attribute::Link => self.link(&unescape(value)),
            }
        }
    }

    fn link(&mut self, href: &str) {
        let Some(fragment) = self.resolve(href) else {
            return;
        };
        let fragment = fragment.filter(|f| !f.is_empty());
        if self.buf == self.file {
            if let Some(f) = fragment {
                self.own.push(f.to_string());
            }
        } else if !self.check.written.contains(&self.buf) {
            if !self.missing.iter().any(|(target, _)| *target == self.buf) {
                self.missing.push((self.buf.clone(), href.to_string()));
            }
        } else if let Some(f) = fragment {
            // A page recorded already is checked now; the rest once every page is known.
            let check = self.check;
            if check.scanned.contains(&self.buf) {
                if !check.ids.contains(&id_key(&self.buf, f)) && self.reported.insert(href.into()) {
                    let fragment = self.fragment(href, f);
                    self.problems.push(fragment.missing_id());
                }
                return;
            }
            let fragment = self.fragment(href, f);
            self.fragments.push(fragment);
        }
    }

    fn fragment(&self, href: &str, fragment: &str) -> Fragment {
        Fragment {
            origin: self.origin.clone(),
            href: href.to_string(),
            target: self.buf.clone(),
            fragment: fragment.to_string(),
        }
    }

    /// Puts the file inside the site that `href` names in `buf`, and gives its fragment;
    /// `None` for links that leave the site.
    fn resolve<'h>(&mut self, href: &'h str) -> Option<Option<&'h str>> {
        let (file, dir, href) = match &self.check.base_url {
            // Absolute links (the 404 page's) resolve from the site's root.
            Some(base) if href.starts_with(base.as_str()) => {
                ("index.html", "", &href[base.len()..])
            }
            _ if href.starts_with("//") || has_scheme(href) => return None,
            _ => (&self.file[..], &self.file[..self.dir_len], href),
        };
        // Byte searches: this runs for every link of every page.
        let (path, fragment) = match memchr::memchr(b'#', href.as_bytes()) {
            Some(at) => (&href[..at], Some(&href[at + 1..])),
            None => (href, None),
        };
        let path = memchr::memchr(b'?', path.as_bytes()).map_or(path, |at| &path[..at]);
        self.buf.clear();
        if path.is_empty() {
            self.buf.push_str(file);
            return Some(fragment);
        }
        self.buf.push_str(dir);
        join(&mut self.buf, path)?;
        Some(fragment)
    }

    /// Takes in what `part` found in a piece of the same page, scanned on its own.
    pub(crate) fn absorb(&mut self, part: Scanner) {
        self.ids.extend(part.ids);
        self.own.extend(part.own);
        for (target, href) in part.missing {
            if !self.missing.iter().any(|(known, _)| *known == target) {
                self.missing.push((target, href));
            }
        }
        self.fragments.extend(part.fragments);
        for problem in part.problems {
            if !self.problems.contains(&problem) {
                self.problems.push(problem);
            }
        }
    }

    /// What a piece of a larger file links to: links to its file's own ids are kept,
    /// not checked, as the ids may be in another piece.
    pub(crate) fn finish_piece(mut self) -> PageScan {
        let own = std::mem::take(&mut self.own);
        let mut scan = self.finish();
        let file = scan.file.clone();
        scan.own = (own.into_iter())
            .filter(|f| !scan.ids().contains(&id_key(&file, f)))
            .collect();
        scan
    }

    pub(crate) fn finish(self) -> PageScan {
        let mut problems = self.problems;
        let mut reported = HashSet::new();
        for f in &self.own {
            if !self.ids.contains(&id_key(&self.file, f)) && reported.insert(f) {
                problems.push(
                    Diagnostic::new(
                        SourceLoc::file(&self.origin),
                        format!("the page links to \"#{f}\", but no element has that id"),
                    )
                    .with_help("check the templates and the page's anchors"),
                );
            }
        }
        PageScan {
            ids: Some(self.ids.into_iter().collect()),
            file: self.file,
            origin: self.origin,
            missing: self.missing,
            fragments: self.fragments,
            problems,
            own: Vec::new(),
        }
    }
}

/// Appends `path` (relative, `/`-separated) to the folder in `buf`: folders mean their
/// `index.html`, percent-escapes what they encode. `None` when it climbs out of the site.
fn join(buf: &mut String, path: &str) -> Option<()> {
    let mut from = 0;
    let ends = memchr::memchr_iter(b'/', path.as_bytes()).chain([path.len()]);
    for end in ends {
        let segment = &path[from..end];
        from = end + 1;
        match segment {
            "" | "." => {}
            ".." => {
                let parent = buf.trim_end_matches('/');
                let cut = memchr::memrchr(b'/', parent.as_bytes()).map_or(0, |i| i + 1);
                if parent.is_empty() {
                    return None;
                }
                buf.truncate(cut);
            }
            s if s.as_bytes().contains(&b'%') => {
                buf.push_str(&percent_decode(s));
                buf.push('/');
            }
            s => {
                buf.push_str(s);
                buf.push('/');
            }
        }
    }
    if path.ends_with('/') || path == "." || path.ends_with("/.") || buf.is_empty() {
        buf.push_str("index.html");
    } else {
        buf.pop();
    }
    Some(())
}

/// An id on a page, as recorded.
fn id_key(file: &str, id: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    hasher.write(file.as_bytes());
    hasher.write_u8(0xff);
    hasher.write(id.as_bytes());
    hasher.finish()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Attribute {
    Id,
    Link,
}

/// Every `id`, `href` and `src` attribute of `html` with its value: each `="` found
/// (a vectorised search), then the name before it.
fn attributes(html: &str) -> impl Iterator<Item = (Attribute, &str)> + '_ {
    let bytes = html.as_bytes();
    memchr::memmem::find_iter(bytes, b"=\"").filter_map(move |at| {
        let name = |n: &[u8]| {
            let before = &bytes[..at];
            before.ends_with(n)
                && before.len() > n.len()
                && bytes[at - n.len() - 1].is_ascii_whitespace()
        };
        let kind = if name(b"id") {
            Attribute::Id
        } else if name(b"href") || name(b"src") {
            Attribute::Link
        } else {
            return None;
        };
        let start = at + 2;
        let len = memchr::memchr(b'"', &bytes[start..])?;
        Some((kind, &html[start..start + len]))
    })
}

/// Attribute values as written by our templates: only these entities appear.
fn unescape(value: &str) -> std::borrow::Cow<'_, str> {
    if !value.as_bytes().contains(&b'&') {
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
    let Some(colon) = memchr::memchr(b':', href.as_bytes()) else {
        return false;
    };
    let scheme = &href[..colon];
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
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
        check.scan_and_record("a/index.html", r##"<a href="../">home</a><a href="../gone/">x</a><a href="../gone/">again</a><a href="https://x.github.io/r/a/">abs</a><a href="https://elsewhere.org/">ext</a><a href="#nowhere"></a><a href="../#top"></a><a href="../#bottom"></a>"##, origin);
        let problems: Vec<String> = check.finish().iter().map(|d| d.message.clone()).collect();
        assert_eq!(
            problems,
            [
                "the page links to \"../#bottom\", but index.html has no id \"bottom\"",
                "the page links to \"#nowhere\", but no element has that id",
                "the page links to \"../gone/\", but the build writes no gone/index.html",
                "the page links to \"a/#there\", but a/index.html has no id \"there\"",
            ]
        );
    }

    #[test]
    fn resolves_relative_links() {
        let check = OutputCheck::new(None);
        let resolve = |from: &str, href: &str| {
            let mut scanner = check.scanner(from, Path::new("t"));
            let fragment = scanner.resolve(href)?.map(str::to_string);
            Some((scanner.buf, fragment))
        };
        assert_eq!(
            resolve("a/b/index.html", "../../"),
            Some(("index.html".into(), None))
        );
        assert_eq!(
            resolve("index.html", "./"),
            Some(("index.html".into(), None))
        );
        assert_eq!(
            resolve("a/index.html", "x%20y.png#f"),
            Some(("a/x y.png".into(), Some("f".into())))
        );
        assert_eq!(
            resolve("a/b/index.html", "../c/d.css?v=1"),
            Some(("a/c/d.css".into(), None))
        );
        assert_eq!(resolve("index.html", "../x"), None);
        assert_eq!(resolve("index.html", "mailto:a@b.org"), None);
    }

    #[test]
    fn finds_only_the_attributes_that_link() {
        let html = r#"<a data-id="no" id="yes" class="c" href="h"><img
 src="s" alt="x=&quot;y&quot;"><p title="href=&quot;z&quot;">"#;
        let found: Vec<(Attribute, &str)> = attributes(html).collect();
        assert_eq!(
            found,
            [
                (Attribute::Id, "yes"),
                (Attribute::Link, "h"),
                (Attribute::Link, "s")
            ]
        );
    }
}

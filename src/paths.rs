//! Typed paths: where a file is in the guide ([`SourcePath`]), where a page lives on the
//! site ([`UrlPath`]), and the one place URLs are made relative, so the site works under
//! any sub-path and from `file://`.

use std::fmt;

/// A file inside the guide folder, relative to it, with `/` separators: `behavioral/tips.md`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SourcePath(String);

impl SourcePath {
    /// `rel` is relative to the guide folder; `.` segments and repeated `/` are dropped.
    pub fn new(rel: &str) -> Self {
        let parts: Vec<&str> = rel
            .split(['/', '\\'])
            .filter(|s| !s.is_empty() && *s != ".")
            .collect();
        SourcePath(parts.join("/"))
    }

    /// The path, `/`-separated.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether it is a markdown page.
    pub fn is_markdown(&self) -> bool {
        self.0.ends_with(".md")
    }

    /// `index.md` files are the pages of their folder (home, part pages).
    pub fn is_index(&self) -> bool {
        self.file_name() == "index.md"
    }

    /// Its last segment.
    pub fn file_name(&self) -> &str {
        self.0.rsplit('/').next().unwrap_or("")
    }

    /// The folder this file is in, `""` at the top of the guide.
    pub fn dir(&self) -> &str {
        self.0.rsplit_once('/').map_or("", |(dir, _)| dir)
    }

    /// The file name without its extension.
    pub fn stem(&self) -> &str {
        let name = self.file_name();
        name.rsplit_once('.').map_or(name, |(stem, _)| stem)
    }

    /// Resolves a relative reference written in this file (`../x.md`), or `None` when it
    /// climbs out of the guide.
    pub fn resolve(&self, reference: &str) -> Option<SourcePath> {
        let mut parts: Vec<&str> = if reference.starts_with('/') {
            Vec::new()
        } else {
            self.dir().split('/').filter(|s| !s.is_empty()).collect()
        };
        for segment in reference.split('/') {
            match segment {
                "" | "." => {}
                ".." => {
                    parts.pop()?;
                }
                s => parts.push(s),
            }
        }
        Some(SourcePath(parts.join("/")))
    }

    /// How this file refers to `target`: relative to its folder, as [`Self::resolve`]
    /// reads it back (`../behavioral/tips.md`).
    pub fn reference_to(&self, target: &SourcePath) -> String {
        let from: Vec<&str> = self.dir().split('/').filter(|s| !s.is_empty()).collect();
        let to: Vec<&str> = target.0.split('/').collect();
        let folders = &to[..to.len() - 1];
        let common = from.iter().zip(folders).take_while(|(a, b)| a == b).count();
        let up = "../".repeat(from.len() - common);
        format!("{up}{}", to[common..].join("/"))
    }
}

impl fmt::Display for SourcePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A location on the built site, relative to its root, never starting with `/`:
/// `""` is the home page, `behavioral/` a part, `static/style.css` a file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UrlPath(String);

impl UrlPath {
    pub fn root() -> Self {
        UrlPath(String::new())
    }

    /// A file at a fixed place on the site, e.g. `404.html`.
    pub fn file(path: &str) -> Self {
        UrlPath(path.trim_start_matches('/').to_string())
    }

    /// The pretty URL of a markdown page: `a/index.md` is `a/`, `a/b.md` is `a/b/`.
    pub fn for_page(source: &SourcePath) -> Self {
        let mut segments: Vec<String> = source
            .dir()
            .split('/')
            .filter(|s| !s.is_empty())
            .map(slugify_segment)
            .collect();
        if !source.is_index() {
            segments.push(slugify_segment(source.stem()));
        }
        let mut url = segments.join("/");
        if !url.is_empty() {
            url.push('/');
        }
        UrlPath(url)
    }

    /// Assets keep their path in the guide.
    pub fn for_asset(source: &SourcePath) -> Self {
        UrlPath(source.as_str().to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The folder that holds this page's folder: `a/` for `a/b/`.
    pub fn parent_folder(&self) -> UrlPath {
        let trimmed = self.0.trim_end_matches('/');
        UrlPath(
            trimmed
                .rfind('/')
                .map_or(String::new(), |i| self.0[..=i].to_string()),
        )
    }

    /// The file to write in the output folder: pages become `…/index.html`.
    pub fn out_file(&self) -> String {
        if self.0.is_empty() || self.0.ends_with('/') {
            format!("{}index.html", self.0)
        } else {
            self.0.clone()
        }
    }

    /// How many folders deep the page is: its links climb that many `../` to the root.
    pub fn depth(&self) -> usize {
        self.dir_segments().len()
    }

    fn dir_segments(&self) -> Vec<&str> {
        let dir = if self.0.ends_with('/') {
            &self.0[..]
        } else {
            self.0.rsplit_once('/').map_or("", |(d, _)| d)
        };
        dir.split('/').filter(|s| !s.is_empty()).collect()
    }

    /// The link from the page at `self` to `target`, relative so it works at any sub-path.
    pub fn relative_to(&self, target: &UrlPath) -> String {
        // Every page links to many others: no allocation but the result, and byte
        // searches, as this runs for every link of every page.
        let dir = |url: &str| memchr::memrchr(b'/', url.as_bytes()).map_or(0, |i| i + 1);
        let base = &self.0[..dir(&self.0)];
        let target_dir = &target.0[..dir(&target.0)];
        let same = (base.bytes().zip(target_dir.bytes()))
            .take_while(|(a, b)| a == b)
            .count();
        // The folders both are in: the common prefix up to its last `/`.
        let common = memchr::memrchr(b'/', &base.as_bytes()[..same]).map_or(0, |i| i + 1);
        let ups = memchr::memchr_iter(b'/', &base.as_bytes()[common..]).count();
        let rest = &target.0[common..];
        let mut out = String::with_capacity(ups * 3 + rest.len() + 2);
        for _ in 0..ups {
            out.push_str("../");
        }
        push_encoded(&mut out, rest);
        if out.is_empty() {
            out.push_str("./");
        }
        out
    }

    /// The absolute URL under `base` (which ends with `/`).
    pub fn absolute(&self, base: &str) -> String {
        format!("{base}{}", encode_path(&self.0))
    }
}

impl fmt::Display for UrlPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "/{}", self.0)
    }
}

/// `static/<stem>.<hash>.<ext>`: a name that changes whenever the bytes do, so browsers
/// may cache theme files forever.
pub(crate) fn fingerprinted(name: &str, bytes: &[u8]) -> UrlPath {
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    });
    let short = format!("{:08x}", hash >> 32);
    let file = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{stem}.{short}.{ext}"),
        _ => format!("{name}.{short}"),
    };
    UrlPath(format!("static/{file}"))
}

/// Undoes percent-encoding (`%20` and the like, as authors write in links and as
/// `UrlPath` hrefs carry it); text that decodes to no UTF-8 is kept as written.
pub fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        // Two hex digits exactly: `u8::from_str_radix` would also take "+1".
        let hex = bytes
            .get(i + 1..i + 3)
            .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| path.to_string())
}

fn encode_path(path: &str) -> String {
    path.split('/')
        .map(encode_segment)
        .collect::<Vec<_>>()
        .join("/")
}

/// Percent-encodes what would break an href; everything else, unicode included, stays.
fn encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    push_encoded(&mut out, segment);
    out
}

fn push_encoded(out: &mut String, text: &str) {
    const SPECIAL: &[u8] = b" \"#%?<>";
    if !text.bytes().any(|b| SPECIAL.contains(&b)) {
        out.push_str(text);
        return;
    }
    for c in text.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '"' => out.push_str("%22"),
            '#' => out.push_str("%23"),
            '%' => out.push_str("%25"),
            '?' => out.push_str("%3F"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            c => out.push(c),
        }
    }
}

fn slugify_segment(segment: &str) -> String {
    let slug = slugify(segment);
    if slug.is_empty() {
        segment.to_string()
    } else {
        slug
    }
}

/// A URL- and id-safe form of a title: lowercase letters and digits joined by `-`.
/// Emoji and punctuation go; apostrophes vanish rather than split a word
/// ("They're" is `theyre`), as GitHub does, so anchors match what authors expect.
pub(crate) fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.extend(c.to_lowercase());
        } else if matches!(c, '\'' | '’' | '`') {
            // dropped, keeps the word whole
        } else {
            pending_dash = true;
        }
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_refers_to_another_as_resolve_reads_it_back() {
        for (from, to, written) in [
            (
                "system-design/q.md",
                "behavioral/tips.md",
                "../behavioral/tips.md",
            ),
            ("system-design/q.md", "system-design/other.md", "other.md"),
            ("index.md", "a/b/c.md", "a/b/c.md"),
            ("a/b/c.md", "index.md", "../../index.md"),
        ] {
            let (from, to) = (SourcePath::new(from), SourcePath::new(to));
            assert_eq!(from.reference_to(&to), written);
            assert_eq!(from.resolve(written), Some(to));
        }
    }

    #[test]
    fn percent_decoding_undoes_what_hrefs_encode() {
        assert_eq!(percent_decode("my%20file.png"), "my file.png");
        assert_eq!(percent_decode("100%.md"), "100%.md");
        assert_eq!(percent_decode("a%+1.md"), "a%+1.md");
        for name in ["100% done.png", "a#b?.md", "<\"x\">", "数据 %41"] {
            assert_eq!(percent_decode(&encode_segment(name)), name);
        }
    }

    #[test]
    fn page_urls_are_pretty() {
        let url = |s: &str| UrlPath::for_page(&SourcePath::new(s)).as_str().to_string();
        assert_eq!(url("index.md"), "");
        assert_eq!(url("system-design/index.md"), "system-design/");
        assert_eq!(
            url("system-design/framework.md"),
            "system-design/framework/"
        );
        assert_eq!(url("My Notes/First Page.md"), "my-notes/first-page/");
    }

    #[test]
    fn out_files_for_pages_and_files() {
        assert_eq!(UrlPath::root().out_file(), "index.html");
        assert_eq!(UrlPath::file("a/b/").out_file(), "a/b/index.html");
        assert_eq!(UrlPath::file("404.html").out_file(), "404.html");
    }

    #[test]
    fn relative_links_between_pages() {
        let from = UrlPath::file("system-design/framework/");
        assert_eq!(
            from.relative_to(&UrlPath::file("system-design/data-warehouse/")),
            "../data-warehouse/"
        );
        assert_eq!(from.relative_to(&UrlPath::root()), "../../");
        assert_eq!(from.relative_to(&from), "./");
        assert_eq!(
            from.relative_to(&UrlPath::file("static/style.css")),
            "../../static/style.css"
        );
        assert_eq!(
            UrlPath::root().relative_to(&UrlPath::file("behavioral/")),
            "behavioral/"
        );
        assert_eq!(UrlPath::root().relative_to(&UrlPath::root()), "./");
        assert_eq!(
            UrlPath::file("404.html").relative_to(&UrlPath::file("a/")),
            "a/"
        );
        assert_eq!(
            UrlPath::file("a/").relative_to(&UrlPath::file("a/my file.png")),
            "my%20file.png"
        );
        // Folders that share letters but not a whole name are different folders.
        assert_eq!(
            UrlPath::file("part-1/q/").relative_to(&UrlPath::file("part-10/q/")),
            "../../part-10/q/"
        );
        assert_eq!(
            UrlPath::file("a/b/").relative_to(&UrlPath::file("a/bc/")),
            "../bc/"
        );
    }

    #[test]
    fn resolving_references() {
        let page = SourcePath::new("behavioral/tips.md");
        assert_eq!(
            page.resolve("../system-design/framework.md")
                .unwrap()
                .as_str(),
            "system-design/framework.md"
        );
        assert_eq!(
            page.resolve("star-method.md").unwrap().as_str(),
            "behavioral/star-method.md"
        );
        assert_eq!(page.resolve("/index.md").unwrap().as_str(), "index.md");
        assert_eq!(page.resolve("../../x.md"), None);
    }

    #[test]
    fn fingerprints_change_with_content() {
        let a = fingerprinted("style.css", b"body{}");
        let b = fingerprinted("style.css", b"body{ }");
        assert!(a.as_str().starts_with("static/style.") && a.as_str().ends_with(".css"));
        assert_ne!(a, b);
        assert_eq!(a, fingerprinted("style.css", b"body{}"));
        assert!(
            fingerprinted("LICENSE", b"x")
                .as_str()
                .starts_with("static/LICENSE.")
        );
    }

    #[test]
    fn slugs() {
        assert_eq!(
            slugify("🔥 The System Design Framework"),
            "the-system-design-framework"
        );
        assert_eq!(
            slugify("What They're Really Testing"),
            "what-theyre-really-testing"
        );
        assert_eq!(slugify("Q1: \"Tell me\" -- now!"), "q1-tell-me-now");
        assert_eq!(slugify("DON'T"), "dont");
        assert_eq!(slugify("Über Café"), "über-café");
        assert_eq!(slugify("🎯"), "");
    }
}

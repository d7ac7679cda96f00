//! What a build needs to know: the folders and base URL from the command line
//! ([`BuildConfig`]) and the guide's own settings from `guide.yaml` ([`GuideConfig`]).

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};

/// `guide.yaml`. Unknown keys are errors, so a typo never silently does nothing.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct GuideConfig {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    /// As written; checked when loaded (see [`BaseUrl`]).
    #[serde(default)]
    pub base_url: Option<String>,
    #[serde(default)]
    pub language: Option<String>,
    /// Where the guide's source is kept, such as `https://github.com/user/repo`: pages
    /// link to their source for editing.
    #[serde(default)]
    pub repository: Option<String>,
    /// The address that edits a page, with `{path}` for its file within the guide;
    /// when not set, derived from `repository` (see [`EditUrl::derive`]).
    #[serde(default)]
    pub edit_url: Option<String>,
    /// The edit address in effect: `edit_url`, or what `repository` implies. Set when
    /// `guide.yaml` is loaded and both are checked.
    #[serde(skip)]
    pub edit: Option<EditUrl>,
    /// Stylesheets in the project's `static/` folder loaded after the theme's.
    #[serde(default)]
    pub extra_css: Vec<String>,
    /// Tab stops of diagrams and code; 8 when not set. As written; checked when loaded
    /// (see [`TabSize`]).
    #[serde(default)]
    pub tab_size: Option<u64>,
    /// Whether the site has search (the box in the header, the search page and its
    /// index); on when not set.
    #[serde(default)]
    pub search: Option<bool>,
}

impl GuideConfig {
    pub const KEYS: &'static [&'static str] = &[
        "title",
        "description",
        "base_url",
        "language",
        "repository",
        "edit_url",
        "extra_css",
        "tab_size",
        "search",
    ];

    /// Whether the site has search.
    pub fn search(&self) -> bool {
        self.search.unwrap_or(true)
    }

    /// Columns between tab stops in diagrams and code blocks.
    pub fn tab_size(&self) -> usize {
        (self.tab_size)
            .and_then(|n| TabSize::try_from(n).ok())
            .map_or(TabSize::DEFAULT, TabSize::get)
    }
}

/// Columns between tab stops, from 1 to 16: `tab_size` in `guide.yaml`, `tab=` on a
/// diagram's fence. Browsers, GitHub and terminals show code with stops every 8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TabSize(u8);

impl TabSize {
    pub(crate) const DEFAULT: usize = 8;
    const MAX: u64 = 16;

    /// The columns between stops.
    pub(crate) fn get(self) -> usize {
        usize::from(self.0)
    }

    /// From text such as a fence's `tab=4`.
    pub(crate) fn parse(raw: &str) -> std::result::Result<Self, String> {
        let n = raw
            .parse::<u64>()
            .map_err(|_| format!("tab size \"{}\" is not a number", raw.escape_debug()))?;
        Self::try_from(n)
    }
}

impl TryFrom<u64> for TabSize {
    type Error = String;

    fn try_from(n: u64) -> std::result::Result<Self, String> {
        match u8::try_from(n) {
            Ok(n @ 1..) if u64::from(n) <= Self::MAX => Ok(TabSize(n)),
            _ => Err(format!(
                "tab size {n} is out of range: tab stops are 1 to {} columns apart",
                Self::MAX
            )),
        }
    }
}

/// A validated build request: every path and URL already checked.
#[derive(Debug, Clone)]
pub struct BuildConfig {
    /// The guide folder (`guide/`).
    pub guide_dir: PathBuf,
    /// Where the site goes (`public/`).
    pub out_dir: PathBuf,
    /// From `--base-url`; wins over `guide.yaml`.
    pub base_url: Option<BaseUrl>,
}

impl BuildConfig {
    /// Theme overrides live beside the guide: `templates/` and `static/` in its parent.
    pub fn project_dir(&self) -> PathBuf {
        project_dir_of(&self.guide_dir)
    }
}

/// The folder that holds the guide folder and the theme's overrides.
pub(crate) fn project_dir_of(guide_dir: &Path) -> PathBuf {
    let parent = guide_dir.parent().unwrap_or(Path::new(""));
    if parent.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        parent.to_path_buf()
    }
}

/// An absolute `http(s)` URL ending with `/`, the root of the deployed site. It reaches
/// HTML, XML (the sitemap) and plain-text lines (`robots.txt`), so it is held to the
/// URL grammar: a line break in it would otherwise add lines to `robots.txt`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl(String);

impl BaseUrl {
    /// From `--base-url`: a usage error when it is not a site address.
    pub fn parse(raw: &str) -> Result<Self> {
        Self::try_from(raw.to_string()).map_err(Error::Usage)
    }

    /// The URL, ending with `/`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for BaseUrl {
    type Error = String;

    fn try_from(raw: String) -> std::result::Result<Self, String> {
        let shown = raw.escape_debug();
        let example = "e.g. https://user.github.io/repo/";
        let url = raw.trim_matches(' ');
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))
            .ok_or_else(|| {
                format!("base URL \"{shown}\" must start with https:// or http://, {example}")
            })?;
        let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        if let Some(c) = url.chars().find(|c| c.is_control()) {
            return Err(format!(
                "base URL \"{shown}\" holds a control character ({}); write it on one line, {example}",
                c.escape_debug()
            ));
        }
        if !valid_host(host) {
            return Err(format!(
                "base URL \"{shown}\" has no valid host name after the scheme, {example}"
            ));
        }
        if let Some(c) = path.chars().find(|&c| !url_path_char(c)) {
            return Err(format!(
                "base URL \"{shown}\" holds \"{}\", which a site address cannot; percent-encode it \
                 (no query or fragment), {example}",
                c.escape_debug()
            ));
        }
        let mut url = url.to_string();
        if !url.ends_with('/') {
            url.push('/');
        }
        Ok(BaseUrl(url))
    }
}

/// The address of a page's "Edit this page" link, as a pattern: an `http(s)` URL with
/// `{path}` where the page's file within the guide goes. Held to the URL grammar, like
/// [`BaseUrl`], so that it is inert in the attribute it reaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditUrl(String);

impl EditUrl {
    const PATH: &'static str = "{path}";

    /// The pattern `repository` implies for a guide kept in `guide_folder` of the
    /// repository's `main` branch. Hosts differ in where their editor lives.
    pub fn derive(repository: &str, guide_folder: &str) -> std::result::Result<Self, String> {
        if !repository.starts_with("https://") && !repository.starts_with("http://") {
            return Err(format!(
                "repository \"{}\" must start with https:// or http://, \
                 e.g. https://github.com/user/repo",
                repository.escape_debug()
            ));
        }
        let repo = repository.trim().trim_end_matches('/');
        let repo = repo.strip_suffix(".git").unwrap_or(repo);
        let host = repo.split('/').nth(2).unwrap_or("");
        let folder = match guide_folder {
            "" | "." => String::new(),
            folder => format!("{}/", percent_encode(folder)),
        };
        let pattern = if host.contains("gitlab") {
            format!("{repo}/-/edit/main/{folder}{{path}}")
        } else if host == "codeberg.org" || host.contains("gitea") {
            format!("{repo}/_edit/main/{folder}{{path}}")
        } else if host == "bitbucket.org" {
            format!("{repo}/src/main/{folder}{{path}}?mode=edit")
        } else {
            format!("{repo}/edit/main/{folder}{{path}}")
        };
        Self::parse(&pattern).map_err(|why| {
            format!(
                "repository \"{}\" gives no edit address: {why}",
                repository.escape_debug()
            )
        })
    }

    /// A pattern as written in `edit_url`.
    pub fn parse(raw: &str) -> std::result::Result<Self, String> {
        let shown = raw.escape_debug();
        let example = "e.g. https://github.com/user/repo/edit/main/guide/{path}";
        let url = raw.trim_matches(' ');
        if !url.contains(Self::PATH) {
            return Err(format!(
                "edit URL \"{shown}\" has no {{path}}, where each page's file goes, {example}"
            ));
        }
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))
            .ok_or_else(|| {
                format!("edit URL \"{shown}\" must start with https:// or http://, {example}")
            })?;
        let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        if !valid_host(host) {
            return Err(format!(
                "edit URL \"{shown}\" has no valid host name after the scheme, {example}"
            ));
        }
        let path = path.replace(Self::PATH, "");
        if let Some(c) = path
            .chars()
            .find(|&c| !url_path_char(c) && !"?#".contains(c))
        {
            return Err(format!(
                "edit URL \"{shown}\" holds \"{}\", which an address cannot; percent-encode it, {example}",
                c.escape_debug()
            ));
        }
        Ok(EditUrl(url.to_string()))
    }

    /// The address that edits the page at `source` (`behavioral/tips.md`).
    pub fn for_page(&self, source: &str) -> String {
        self.0.replace(Self::PATH, &percent_encode(source))
    }
}

/// `path` with every byte outside a URL path's unreserved characters percent-encoded.
fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A DNS name, IPv4 or bracketed IPv6 address, with an optional port; no user info.
fn valid_host(authority: &str) -> bool {
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) if !host.ends_with(':') && !port.contains(']') => (host, Some(port)),
        _ => (authority, None),
    };
    let port_ok =
        port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()));
    let host_ok = match host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        Some(v6) => {
            !v6.is_empty()
                && v6
                    .bytes()
                    .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
        }
        None => {
            !host.is_empty()
                && host.split('.').all(|label| {
                    !label.is_empty()
                        && !label.starts_with('-')
                        && label
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                })
        }
    };
    port_ok && host_ok
}

/// What a URL's path may hold as written (RFC 3986 `pchar` and `/`, percent escapes),
/// less the quotes, so it is inert in every context it reaches.
fn url_path_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~%!$&()*+,;=:@/".contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_gain_a_trailing_slash() {
        for (raw, url) in [
            (
                "https://example.github.io/guidebook",
                "https://example.github.io/guidebook/",
            ),
            ("http://localhost:8080", "http://localhost:8080/"),
            (" https://[::1]:1111/a%20b/ ", "https://[::1]:1111/a%20b/"),
        ] {
            assert_eq!(BaseUrl::parse(raw).unwrap().as_str(), url);
        }
    }

    #[test]
    fn tab_sizes_are_1_to_16_columns() {
        assert_eq!(TabSize::parse("4").map(TabSize::get), Ok(4));
        assert_eq!(TabSize::parse("16").map(TabSize::get), Ok(16));
        for raw in ["0", "17", "300", "-1", "four", ""] {
            assert!(TabSize::parse(raw).is_err(), "{raw}");
        }
        assert_eq!(GuideConfig::default().tab_size(), 8);
    }

    /// Anything that is not a site address, or that could break out of a line, an XML
    /// element or an attribute, is refused with the reason.
    #[test]
    fn base_urls_that_are_not_site_addresses_are_refused() {
        for (raw, why) in [
            ("example.github.io", "must start with"),
            ("https:///x", "no valid host"),
            ("https://a.io/\r\nDisallow: /", "control character"),
            ("https://a.io/x\ny", "control character"),
            ("https://a.io/\u{c}", "control character"),
            ("https://a.io\t/", "control character"),
            ("https://user@a.io/", "no valid host"),
            ("https://a.io:99999999/", "no valid host"),
            ("https://a.io/?q=1", "holds \"?\""),
            ("https://a.io/#top", "holds \"#\""),
            ("https://a.io/a b/", "holds \" \""),
            ("https://a.io/\"><script>", "holds \"\\\"\""),
            ("https://a.io/it's", "holds \"\\'\""),
            ("https://a.io/<x>", "holds \"<\""),
            ("https://a.io/caf\u{e9}/", "holds \"\u{e9}\""),
        ] {
            let err = BaseUrl::parse(raw).unwrap_err().to_string();
            assert!(err.contains(why), "{raw:?}: {err}");
            assert!(!err.contains('\n') && !err.contains('\r'), "{err}");
        }
    }

    #[test]
    fn edit_urls_follow_the_host_of_the_repository() {
        for (repo, folder, page, url) in [
            (
                "https://github.com/u/r",
                "guide",
                "a b.md",
                "https://github.com/u/r/edit/main/guide/a%20b.md",
            ),
            (
                "https://github.com/u/r.git/",
                "guide",
                "x/y.md",
                "https://github.com/u/r/edit/main/guide/x/y.md",
            ),
            (
                "https://gitlab.com/g/r",
                "docs",
                "y.md",
                "https://gitlab.com/g/r/-/edit/main/docs/y.md",
            ),
            (
                "https://codeberg.org/u/r",
                ".",
                "y.md",
                "https://codeberg.org/u/r/_edit/main/y.md",
            ),
            (
                "https://bitbucket.org/u/r",
                "guide",
                "y.md",
                "https://bitbucket.org/u/r/src/main/guide/y.md?mode=edit",
            ),
        ] {
            assert_eq!(EditUrl::derive(repo, folder).unwrap().for_page(page), url);
        }
    }

    #[test]
    fn edit_urls_need_a_path_and_nothing_that_breaks_out_of_an_attribute() {
        let ok = EditUrl::parse("https://example.org/edit?file=guide/{path}").unwrap();
        assert_eq!(
            ok.for_page("q\"<.md"),
            "https://example.org/edit?file=guide/q%22%3C.md"
        );
        for (raw, why) in [
            ("https://github.com/u/r/edit/main/guide/", "has no {path}"),
            ("javascript:alert(1)//{path}", "must start with"),
            ("https://a.io/\"onmouseover=x/{path}", "holds \"\\\"\""),
            ("https://a.io/<x>/{path}", "holds \"<\""),
        ] {
            let err = EditUrl::parse(raw).unwrap_err();
            assert!(err.contains(why), "{raw:?}: {err}");
        }
        let err = EditUrl::derive("github.com/u/r", "guide").unwrap_err();
        assert!(
            err.contains("repository \"github.com/u/r\" must start with"),
            "{err}"
        );
    }
}

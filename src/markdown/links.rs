//! The links pass: relative `.md` links become page URLs relative to the current page
//! (so the site works under any sub-path), links to other guide files follow the file,
//! and every internal link is recorded with its line for checking. `[[Kafka]]` wiki links
//! go to a concept (by name or alias) or a page (by file name or title). Links to pages
//! that do not exist are reported here, with the closest page as a hint.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Tag};

use super::{Item, PageInput};
use crate::concepts::{ConceptId, Concepts};
use crate::error::{Diagnostic, SourceLoc, closest};
use crate::paths::{SourcePath, UrlPath, percent_decode};

/// What the links pass needs to know about the rest of the guide.
pub trait Resolver {
    fn page_url(&self, source: &SourcePath) -> Option<&UrlPath>;
    /// The page's position in guide order, which marks links to it in print.
    fn page_index(&self, source: &SourcePath) -> Option<usize>;
    fn asset_exists(&self, source: &SourcePath) -> bool;
    /// Every page, for "did you mean" hints.
    fn page_paths(&self) -> Vec<&SourcePath>;
    /// A page by its file name or title, for `[[wiki links]]`.
    fn page_named(&self, name: &str) -> Option<&SourcePath>;
    fn concepts(&self) -> &Concepts;
}

/// An internal link as written, where it was written and what it points to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    pub loc: SourceLoc,
    /// Characters the link takes on its first line, to underline it in reports.
    pub len: usize,
    pub written: String,
    pub target: LinkTarget,
    pub fragment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LinkTarget {
    SamePage,
    Page(SourcePath),
    Asset(SourcePath),
    Concept(ConceptId),
}

/// A link to another page in a page rendered for print. The same section goes into
/// several handouts, and each one settles where the link goes (see [`super::Settle`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct PageLink {
    /// Where the link starts in the body: how the writer knows its event.
    pub at: usize,
    /// The page's position in guide order.
    pub page: usize,
    pub fragment: Option<String>,
}

/// What the links pass found.
pub(super) struct Found<'a> {
    /// Every internal link, for the link graph and the checks.
    pub links: &'a mut Vec<LinkRef>,
    /// In print, the links to pages, in source order.
    pub page_links: &'a mut Vec<PageLink>,
    pub problems: &'a mut Vec<Diagnostic>,
}

/// A link's new destination and, in print, the title to give it.
type Rewritten<'e> = (CowStr<'e>, Option<String>);
type Href = (String, Option<String>);

pub(super) struct Links<'a, 'p, I> {
    events: I,
    page: &'a PageInput<'p>,
    resolver: &'a dyn Resolver,
    locate: &'a dyn Fn(usize) -> SourceLoc,
    links: &'a mut Vec<LinkRef>,
    page_links: &'a mut Vec<PageLink>,
    problems: &'a mut Vec<Diagnostic>,
}

impl<'a, 'p, I> Links<'a, 'p, I> {
    pub(super) fn new(
        events: I,
        page: &'a PageInput<'p>,
        resolver: &'a dyn Resolver,
        locate: &'a dyn Fn(usize) -> SourceLoc,
        found: Found<'a>,
    ) -> Self {
        Links {
            events,
            page,
            resolver,
            locate,
            links: found.links,
            page_links: found.page_links,
            problems: found.problems,
        }
    }

    /// Where the link in `range` (of the body) is, and how many characters of its first
    /// line it takes.
    fn span(&self, range: &Range<usize>) -> (SourceLoc, usize) {
        let body = &self.page.text[self.page.body_start..];
        let text = body.get(range.clone()).unwrap_or("");
        let len = text.lines().next().map_or(1, |l| l.chars().count());
        ((self.locate)(range.start), len)
    }

    fn rewrite<'e>(&mut self, dest: CowStr<'e>, range: &Range<usize>) -> Rewritten<'e> {
        if is_external(&dest) {
            // On paper the address is all a reader can follow.
            let title = self.page.print.map(|_| dest.to_string());
            return (dest, title);
        }
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f.to_string())),
            None => (&dest[..], None),
        };
        let (loc, len) = self.span(range);
        let written = dest.to_string();
        if path.is_empty() {
            self.record(loc, len, written, LinkTarget::SamePage, fragment.clone());
            let dest = match (self.page.print, fragment) {
                (Some(print), Some(f)) => CowStr::from(format!("#{}", print.id(&f))),
                _ => dest,
            };
            return (dest, None);
        }
        let Some(target) = self.page.source.resolve(&percent_decode(path)) else {
            self.problems.push(
                Diagnostic::new(
                    loc,
                    format!("link to \"{written}\" leaves the guide folder"),
                )
                .with_help("link only to files inside the guide")
                .with_len(len),
            );
            return (dest, None);
        };
        match self.classify(&target) {
            Some((kind, url)) => {
                let (href, title) = self.href(&kind, &url, fragment.as_deref(), range);
                self.record(loc, len, written, kind, fragment);
                (CowStr::from(href), title)
            }
            None => {
                let problem = self.missing(loc, &written, &target).with_len(len);
                self.problems.push(problem);
                (dest, None)
            }
        }
    }

    /// The href of a link to `url` (the page or file `kind`): relative to the page. In
    /// print a link to a page is left for each handout to settle (see [`PageLink`]), and
    /// a link to a file gets the address to print as its title.
    fn href(
        &mut self,
        kind: &LinkTarget,
        url: &UrlPath,
        fragment: Option<&str>,
        range: &Range<usize>,
    ) -> Href {
        let print = self.page.print;
        if let (Some(_), LinkTarget::Page(source)) = (print, kind) {
            if let Some(page) = self.resolver.page_index(source) {
                self.page_links.push(PageLink {
                    at: range.start,
                    page,
                    fragment: fragment.map(str::to_string),
                });
                return (String::new(), Some(String::new()));
            }
        }
        let from = print.map_or(self.page.url, |p| p.url);
        let mut href = from.relative_to(url);
        if let Some(f) = fragment {
            href.push('#');
            href.push_str(f);
        }
        (href, print.map(|p| p.address(url)))
    }

    /// A page (by its file or its folder) or a file of the guide.
    fn classify(&self, target: &SourcePath) -> Option<(LinkTarget, UrlPath)> {
        if let Some(url) = self.resolver.page_url(target) {
            return Some((LinkTarget::Page(target.clone()), url.clone()));
        }
        let index = SourcePath::new(&format!("{}/index.md", target.as_str()));
        if let Some(url) = self.resolver.page_url(&index) {
            return Some((LinkTarget::Page(index), url.clone()));
        }
        if !target.is_markdown() && self.resolver.asset_exists(target) {
            let url = UrlPath::for_asset(target);
            return Some((LinkTarget::Asset(target.clone()), url));
        }
        None
    }

    fn missing(&self, loc: SourceLoc, written: &str, target: &SourcePath) -> Diagnostic {
        let what = if target.is_markdown() { "page" } else { "file" };
        let d = Diagnostic::new(
            loc,
            format!("link to \"{written}\": no {what} {target} in the guide"),
        );
        let pages = self.resolver.page_paths();
        match closest(target.as_str(), pages.iter().map(|p| p.as_str())) {
            Some(near) => d.with_help(format!("did you mean {near}?")),
            None => d.with_help("check the path: links are relative to the page's folder"),
        }
    }

    fn record(
        &mut self,
        loc: SourceLoc,
        len: usize,
        written: String,
        target: LinkTarget,
        fragment: Option<String>,
    ) {
        self.links.push(LinkRef {
            loc,
            len,
            written,
            target,
            fragment,
        });
    }

    /// `[[name]]` or `[[name#section]]`: a concept first, then a page.
    fn wiki<'e>(&mut self, dest: CowStr<'e>, range: &Range<usize>) -> Rewritten<'e> {
        let (name, fragment) = match dest.split_once('#') {
            Some((n, f)) => (n.trim(), Some(f.to_string())),
            None => (dest.trim(), None),
        };
        let (loc, len) = self.span(range);
        let written = format!("[[{dest}]]");
        let concepts = self.resolver.concepts();
        if let Some(id) = concepts.lookup(name) {
            let kind = LinkTarget::Concept(id);
            let (href, title) = self.href(&kind, &concepts.get(id).url, None, range);
            self.record(loc, len, written, kind, None);
            return (CowStr::from(href), title);
        }
        let page = self.resolver.page_named(name).cloned();
        match page.and_then(|p| Some((self.resolver.page_url(&p)?.clone(), p))) {
            Some((url, source)) => {
                let kind = LinkTarget::Page(source);
                let (href, title) = self.href(&kind, &url, fragment.as_deref(), range);
                self.record(loc, len, written, kind, fragment);
                (CowStr::from(href), title)
            }
            None => {
                let known = concepts.iter().map(|(_, c)| c.name.as_str());
                let d = Diagnostic::new(
                    loc,
                    format!("wiki link {written}: no concept or page named \"{name}\""),
                );
                let d = d.with_len(len);
                self.problems.push(match closest(name, known) {
                    Some(near) => d.with_help(format!("did you mean [[{near}]]?")),
                    None => {
                        d.with_help("name a concept from concepts.yaml, or a page by its file name")
                    }
                });
                (dest, None)
            }
        }
    }
}

impl<'e, I> Iterator for Links<'_, '_, I>
where
    I: Iterator<Item = (Event<'e>, Range<usize>)>,
{
    type Item = Item<'e>;

    fn next(&mut self) -> Option<Item<'e>> {
        let (event, range) = self.events.next()?;
        let event = match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let (dest_url, print_title) = match link_type {
                    LinkType::WikiLink { .. } => self.wiki(dest_url, &range),
                    _ => self.rewrite(dest_url, &range),
                };
                let title = print_title.map_or(title, CowStr::from);
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let (dest_url, _) = self.rewrite(dest_url, &range);
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            other => other,
        };
        Some((event, range))
    }
}

/// `https:`, `mailto:`, `//host`: anything with a scheme or a host is left alone.
fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    let scheme = dest.split(':').next().unwrap_or("");
    dest.contains(':')
        && !scheme.is_empty()
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::super::test_support::render_with;
    use super::*;

    struct Pages(BTreeMap<SourcePath, UrlPath>, Concepts);

    impl Resolver for Pages {
        fn page_url(&self, source: &SourcePath) -> Option<&UrlPath> {
            self.0.get(source)
        }
        fn page_index(&self, source: &SourcePath) -> Option<usize> {
            self.0.keys().position(|p| p == source)
        }
        fn asset_exists(&self, source: &SourcePath) -> bool {
            source.as_str() == "part/img/flow.png"
        }
        fn page_paths(&self) -> Vec<&SourcePath> {
            self.0.keys().collect()
        }
        fn page_named(&self, name: &str) -> Option<&SourcePath> {
            self.0.keys().find(|p| p.stem() == name)
        }
        fn concepts(&self) -> &Concepts {
            &self.1
        }
    }

    fn pages() -> Pages {
        let paths = ["index.md", "part/index.md", "part/other.md", "second/q.md"];
        let kafka = crate::concepts::Concept::from_entry(
            crate::concepts::ConceptEntry {
                id: "kafka".into(),
                name: "Kafka".into(),
                aliases: vec!["Apache Kafka".into()],
                description: None,
            },
            1,
        );
        Pages(
            paths
                .iter()
                .map(|p| {
                    let s = SourcePath::new(p);
                    let u = UrlPath::for_page(&s);
                    (s, u)
                })
                .collect(),
            Concepts::new(vec![kafka]),
        )
    }

    #[test]
    fn md_links_become_relative_page_urls() {
        let md = "[a](other.md) [b](../second/q.md#deep) [c](../index.md) [d](./) [e](#local) \
                  [f](https://example.com/x.md) ![g](img/flow.png) [h](mailto:a@b.c)";
        let out = render_with(md, &pages());
        insta::assert_snapshot!(out.html);
        assert!(out.problems.is_empty(), "{:?}", out.problems);
        let targets: Vec<String> = out
            .links
            .iter()
            .map(|l| format!("{:?}", l.target))
            .collect();
        assert_eq!(targets.len(), 6, "{targets:?}");
        assert_eq!(out.links[1].fragment.as_deref(), Some("deep"));
        assert_eq!(
            out.links[1].loc,
            SourceLoc::new("guide/part/page.md", 1, 15)
        );
    }

    #[test]
    fn missing_pages_are_reported_with_line_and_hint() {
        let out = render_with(
            "Intro\n\nSee [the other](othr.md) and [x](../../up.md).",
            &pages(),
        );
        let messages: Vec<String> = out.problems.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            messages,
            [
                "guide/part/page.md:3:5: link to \"othr.md\": no page part/othr.md in the guide (did you mean part/other.md?)",
                "guide/part/page.md:3:30: link to \"../../up.md\" leaves the guide folder (link only to files inside the guide)",
            ]
        );
    }

    #[test]
    fn wiki_links_go_to_concepts_then_pages() {
        let out = render_with(
            "[[kafka]], [[Apache Kafka]], [[other#x]] and [[Kafak]].",
            &pages(),
        );
        insta::assert_snapshot!(out.html);
        let messages: Vec<String> = out.problems.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            messages,
            [
                "guide/part/page.md:1:46: wiki link [[Kafak]]: no concept or page named \"Kafak\" (did you mean [[Kafka]]?)"
            ]
        );
        assert_eq!(
            out.links[2].target,
            LinkTarget::Page(SourcePath::new("part/other.md"))
        );
    }

    #[test]
    fn external_links_are_recognised() {
        assert!(is_external("https://a.b/c"));
        assert!(is_external("mailto:x@y.z"));
        assert!(is_external("//cdn.example/x.js"));
        assert!(!is_external("other.md"));
        assert!(!is_external("a/b:c.md"));
    }
}

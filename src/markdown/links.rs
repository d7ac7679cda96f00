//! The links pass: relative `.md` links become page URLs relative to the current page
//! (so the site works under any sub-path), links to other guide files follow the file,
//! and every internal link is recorded with its line for checking. `[[Kafka]]` wiki links
//! go to a concept (by name or alias) or a page (by file name or title). Links to pages
//! that do not exist are reported here, with the closest page as a hint.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

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
    /// A page's title, which a `[[wiki link]]` to it shows.
    fn page_title(&self, source: &SourcePath) -> Option<&str>;
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
    /// Worth a look, not fatal: a `[[name]]` that names both a concept and a page.
    pub notes: &'a mut Vec<Diagnostic>,
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
    notes: &'a mut Vec<Diagnostic>,
    /// Inside a `[[name]]` link: the text it shows instead of the name (taken by the
    /// link's first text).
    wiki: Option<Option<String>>,
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
            notes: found.notes,
            wiki: None,
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
        (href, print.and_then(|p| p.address(url)))
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

    /// `[[name]]` or `[[name#section]]`: a concept first, then a page. Also gives what
    /// the link shows instead of the name: a concept's name for its id, a page's title.
    fn wiki<'e>(
        &mut self,
        dest: CowStr<'e>,
        range: &Range<usize>,
    ) -> (CowStr<'e>, Option<String>, Option<String>) {
        let (name, fragment) = match dest.split_once('#') {
            Some((n, f)) => (n.trim(), Some(f.to_string())),
            None => (dest.trim(), None),
        };
        let (loc, len) = self.span(range);
        let written = format!("[[{dest}]]");
        let concepts = self.resolver.concepts();
        let page = self.resolver.page_named(name).cloned();
        if let Some(id) = concepts.lookup(name) {
            let concept = concepts.get(id);
            if let Some(page) = &page {
                self.notes
                    .push(both_named(loc.clone(), &written, &concept.name, page));
            }
            // An id shows as the concept's name; a name or alias as written.
            let as_written = concept.name == name || concept.aliases.iter().any(|a| a == name);
            let shown = (!as_written).then(|| concept.name.clone());
            let kind = LinkTarget::Concept(id);
            let (href, title) = self.href(&kind, &concept.url, None, range);
            self.record(loc, len, written, kind, None);
            return (CowStr::from(href), title, shown);
        }
        match page.and_then(|p| Some((self.resolver.page_url(&p)?.clone(), p))) {
            Some((url, source)) => {
                let shown = self.resolver.page_title(&source).map(str::to_string);
                let kind = LinkTarget::Page(source);
                let (href, title) = self.href(&kind, &url, fragment.as_deref(), range);
                self.record(loc, len, written, kind, fragment);
                (CowStr::from(href), title, shown)
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
                (dest, None, None)
            }
        }
    }

    /// The next event inside a `[[name]]` link: its first text becomes what the link
    /// shows, the rest of the name goes.
    fn in_wiki<'e>(&mut self, event: &Event<'e>) -> Option<Event<'e>> {
        let shown = self.wiki.as_mut()?;
        match event {
            Event::Text(_) | Event::Code(_) => {
                Some(Event::Text(CowStr::from(shown.take().unwrap_or_default())))
            }
            _ => None,
        }
    }
}

/// A `[[name]]` that names both a concept and a page: it links to the concept.
fn both_named(loc: SourceLoc, written: &str, concept: &str, page: &SourcePath) -> Diagnostic {
    Diagnostic::new(
        loc,
        format!("{written} names both the concept \"{concept}\" and the page {page}; it links to the concept"),
    )
    .with_help(format!(
        "to link to the page, write its path: [text]({page}) relative to this page"
    ))
}

impl<'e, I> Iterator for Links<'_, '_, I>
where
    I: Iterator<Item = (Event<'e>, Range<usize>)>,
{
    type Item = Item<'e>;

    fn next(&mut self) -> Option<Item<'e>> {
        let (event, range) = self.events.next()?;
        if self.wiki.is_some() {
            if matches!(event, Event::End(TagEnd::Link)) {
                self.wiki = None;
            } else if let Some(text) = self.in_wiki(&event) {
                return Some((text, range));
            }
        }
        let event = match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let (dest_url, print_title) = match link_type {
                    LinkType::WikiLink { has_pothole } => {
                        let (dest, title, shown) = self.wiki(dest_url, &range);
                        self.wiki = shown.filter(|_| !has_pothole).map(Some);
                        (dest, title)
                    }
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
        fn page_title(&self, source: &SourcePath) -> Option<&str> {
            self.0.get_key_value(source).map(|(path, _)| path.stem())
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
    fn a_wiki_link_shows_a_title_never_an_id_and_warns_of_a_name_meaning_two() {
        let out = render_with("[[kafka]], [[other]] and [[q|a question]].", &pages());
        assert_eq!(
            out.html.trim(),
            "<p><a href=\"../../concepts/kafka/\">Kafka</a>, <a href=\"../other/\">other</a> and <a href=\"../../second/q/\">a question</a>.</p>"
        );
        assert!(out.notes.is_empty());
        let mut both = pages();
        let other = SourcePath::new("part/kafka.md");
        both.0.insert(other.clone(), UrlPath::for_page(&other));
        let out = render_with("See [[kafka]].", &both);
        let notes: Vec<String> = out.notes.iter().map(ToString::to_string).collect();
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].contains("names both the concept \"Kafka\" and the page part/kafka.md"));
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

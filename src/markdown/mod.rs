//! Step 3: a page's markdown to HTML, as small passes over pulldown-cmark's events:
//! links (rewrite `.md` links, record them), headings (ids, anchors, table of contents),
//! blocks (diagrams, STAR cards, highlighted code, tables), marks (task and ✅/❌ items).
//! Blocks that become components are rendered through the theme's partials.

mod blocks;
pub(crate) mod diagram;
mod fences;
mod headings;
mod highlight;
mod html;
mod links;
mod marks;
mod mentions;
mod sections;
pub(crate) mod snippets;
mod star;

use std::collections::HashSet;
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, Parser};
use serde::Serialize;

pub(crate) use links::{LinkRef, LinkTarget, Resolver};
pub(crate) use sections::SectionText;
pub(crate) use star::StarCard;
#[cfg(test)]
pub(crate) use star::StarPanel;

use crate::concepts::ConceptId;
use crate::error::{Diagnostic, Error};
use crate::paths::{SourcePath, UrlPath};
use crate::text::{LineIndex, options};
use snippets::Snippets;

/// Renders the components a page's blocks become, through the theme's partials.
pub trait Components {
    fn table(&self, table: &Table) -> Result<String, Error>;
    fn star(&self, card: &StarCard) -> Result<String, Error>;
    fn diagram(&self, diagram: &Diagram) -> Result<String, Error>;
    /// The small pieces written many times a page: headings, code, list items, links.
    fn snippets(&self) -> &Snippets;
}

/// A GFM table: cells are HTML already.
#[derive(Debug, Serialize, Default)]
pub struct Table {
    pub aligns: Vec<&'static str>,
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// The header cells as plain text, for an accessible name of the scroll region.
    pub caption: String,
}

/// A box-drawing diagram: as SVG, or (when it cannot be read with confidence) as text
/// set so that its lines join. The source is always on the page, as written.
#[derive(Debug, Serialize, Default)]
pub struct Diagram {
    pub svg: Option<String>,
    /// CSS pixels below which the SVG scrolls rather than shrinks its text further.
    pub min_width: u32,
    pub source: String,
    /// The widest line, in columns: a diagram shown as text shrinks to fit it on paper.
    pub columns: usize,
    pub title: String,
    /// The diagram in words: what it holds and how things flow.
    pub description: String,
    /// Columns between tab stops, when not the stylesheet's 8.
    pub tab_size: Option<usize>,
}

/// One entry of the on-page table of contents.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Default)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// What the page to render is and where it lives.
pub struct PageInput<'a> {
    /// The page's path in the guide.
    pub source: &'a SourcePath,
    /// Its URL on the site.
    pub url: &'a UrlPath,
    /// The file, for messages.
    pub file: &'a Path,
    /// The whole file and where the markdown body starts in it, so positions are lines
    /// of the file.
    pub text: &'a str,
    /// Where its body starts in `text` (after the front matter).
    pub body_start: usize,
    /// Set when the page is rendered as a section of a printed handout.
    pub print: Option<&'a Print<'a>>,
    /// Diagrams already read in this build.
    pub diagrams: &'a diagram::Cache,
    /// Ids the theme's templates give their own elements: headings never take them.
    pub reserved_ids: &'a HashSet<String>,
    /// Whether the page's text is gathered for the search index (as [`Rendered::sections`]).
    pub search: bool,
}

/// How a page is rendered into handouts: its ids are prefixed with its section's id (so
/// they stay unique beside other pages), links to pages go where each handout settles
/// them, links to files carry the address to print, headings may move one level down
/// (under the page's title), and concepts are not linked.
pub struct Print<'a> {
    /// This page's section id.
    pub section: &'a str,
    /// A handout page, which links are relative to: all sit at `handouts/<slug>/`, so
    /// links relative to one hold for all.
    pub url: &'a UrlPath,
    /// The site's address, to print where links outside the handout go.
    pub base_url: Option<&'a str>,
    /// Whether headings move a level down, under a heading with the page's title (only
    /// when the handout joins several pages).
    pub demote: bool,
    /// The handouts the section goes into: for each, where a link to a page (by its
    /// position in guide order, with its fragment) goes from there.
    pub handouts: &'a [&'a Settle<'a>],
}

/// Where a link to another page goes from one handout: the page's section when the
/// handout holds it, else the page online.
pub type Settle<'a> = dyn Fn(usize, Option<&str>) -> PageHref + Sync + 'a;

/// A link's destination, and the title that prints its address when it leaves the
/// handout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageHref {
    /// The link's destination from the handout.
    pub href: String,
    /// The address to print beside it, when the link leaves the handout.
    pub title: Option<String>,
}

impl Print<'_> {
    /// An id on this page, made unique in the handout.
    pub fn id(&self, id: &str) -> String {
        format!("{}--{id}", self.section)
    }

    /// The address printed after a link that leaves the handout, when the base URL is
    /// known: a bare path leads nowhere on paper.
    pub fn address(&self, url: &UrlPath) -> Option<String> {
        self.base_url.map(|base| url.absolute(base))
    }
}

/// A concept named on a page, the heading of its section (none before the first
/// heading) and the sentence around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub concept: ConceptId,
    pub anchor: Option<String>,
    pub snippet: String,
}

#[derive(Debug, Default)]
pub struct Rendered {
    /// Empty when only analysing. In print, the section for the first handout.
    pub html: String,
    /// In print, the section for each further handout.
    pub more_html: Vec<String>,
    pub toc: Vec<TocEntry>,
    /// Every heading id on the page, for anchor checks.
    pub anchors: Vec<String>,
    pub links: Vec<LinkRef>,
    pub mentions: Vec<Mention>,
    pub diagrams: usize,
    /// Whether a block was highlighted, so the page links the highlighting stylesheet.
    pub highlighted: bool,
    pub problems: Vec<Diagnostic>,
    /// Worth an author's look, not errors: diagrams repaired or shown as text.
    pub notes: Vec<Diagnostic>,
    /// The page's text by section, for the search index (only for the site's page).
    pub sections: Vec<SectionText>,
}

/// An event and the bytes of the body it came from: every pass passes both along, so a
/// later pass can still say where a block starts.
type Item<'e> = (Event<'e>, Range<usize>);

/// A page's body as pulldown-cmark reads it, once, for every output the page goes into.
pub struct Parsed<'t> {
    events: Vec<Item<'t>>,
}

/// Reads a page's body into events (see [`Parsed`]), for a page rendered more than once.
pub fn parse<'t>(page: &PageInput<'t>) -> Parsed<'t> {
    Parsed {
        events: events(page).collect(),
    }
}

/// The page's body as events, read as they are asked for.
fn events<'t>(page: &PageInput<'t>) -> impl Iterator<Item = Item<'t>> {
    let body = &page.text[page.body_start..];
    Parser::new_ext(body, options()).into_offset_iter()
}

/// What the link graph needs of a page: links, anchors, mentions. No HTML is made.
pub fn analyze(page: &PageInput, resolver: &dyn Resolver) -> Rendered {
    run(page, events(page), resolver, None).unwrap_or_default()
}

/// Renders one page's body, from the events `parsed` holds when the page is rendered
/// more than once, else reading it as it goes. Problems in the content are returned in
/// `problems`; a partial that fails to render is an `Err` naming it. In print, the body
/// is written once for each of the handouts [`Print::handouts`] names.
pub fn render(
    page: &PageInput,
    parsed: Option<&Parsed>,
    resolver: &dyn Resolver,
    components: &dyn Components,
) -> Result<Rendered, Error> {
    match parsed {
        Some(parsed) => run(
            page,
            parsed.events.iter().cloned(),
            resolver,
            Some(components),
        ),
        None => run(page, events(page), resolver, Some(components)),
    }
}

fn run<'t>(
    page: &PageInput<'t>,
    events: impl Iterator<Item = Item<'t>>,
    resolver: &dyn Resolver,
    components: Option<&dyn Components>,
) -> Result<Rendered, Error> {
    let lines = LineIndex::new(page.text);
    let mut out = Rendered::default();
    let mut failure = None;
    let mut unwritten = None;
    let mut stats = blocks::Stats::default();
    let mut found = Vec::new();
    let mut page_links = Vec::new();
    let located = |offset: usize| {
        let (line, col) = lines.line_col(page.text, page.body_start + offset);
        crate::error::SourceLoc::new(page.file, line, col)
    };
    let id_prefix = page.print.map_or(String::new(), |p| p.id(""));
    let events = {
        let found_links = links::Found {
            links: &mut out.links,
            page_links: &mut page_links,
            problems: &mut out.problems,
            notes: &mut out.notes,
        };
        let events = links::Links::new(events, page, resolver, &located, found_links);
        // Before the mentions pass turns text into links: search wants the words.
        let searched = page.search && components.is_some() && page.print.is_none();
        let events =
            sections::Sections::new(events, searched.then_some(&mut out.sections), page.diagrams);
        let linker = mentions::Linker::new(
            resolver.concepts(),
            page.url,
            page.print.is_none(),
            components.map(|c| c.snippets()),
        );
        let events = mentions::Mentions::new(events, linker, &mut found, page.diagrams);
        let events = headings::Headings::new(
            events,
            page.print,
            components.map(|c| c.snippets()),
            page.reserved_ids,
            &mut out.toc,
            &mut out.anchors,
        );
        let fences = blocks::Context {
            body: &page.text[page.body_start..],
            locate: &located,
            diagrams: page.diagrams,
            id_prefix: &id_prefix,
        };
        let events = blocks::Blocks::new(events, components, fences, &mut stats, &mut failure);
        let snippets = components.map(|c| c.snippets());
        let events = marks::Marks::new(events, snippets, &page.text[page.body_start..]);
        match (components, page.print) {
            (Some(components), None) => {
                out.html = html::write(events, components, &mut unwritten);
                Vec::new()
            }
            // The links to pages are known once every event has passed the links pass.
            (Some(_), Some(_)) => events.collect(),
            (None, _) => {
                events.for_each(drop);
                Vec::new()
            }
        }
    };
    if let (Some(components), Some(print)) = (components, page.print) {
        let events = events.into_iter();
        let written = html::write_for_each(
            events,
            components,
            &page_links,
            print.handouts,
            &mut unwritten,
        );
        let mut written = written.into_iter();
        out.html = written.next().unwrap_or_default();
        out.more_html = written.collect();
    }
    out.diagrams = stats.diagrams;
    out.highlighted = stats.highlighted;
    out.notes.append(&mut stats.notes);
    out.problems.append(&mut stats.problems);
    for (n, section) in out.sections.iter_mut().enumerate() {
        section.text.truncate(section.text.trim_end().len());
        section.heading.truncate(section.heading.trim_end().len());
        section.anchor = n.checked_sub(1).and_then(|n| out.anchors.get(n).cloned());
    }
    out.mentions = found
        .into_iter()
        .map(|m| Mention {
            concept: m.concept,
            anchor: m
                .section
                .checked_sub(1)
                .and_then(|i| out.anchors.get(i).cloned()),
            snippet: m.snippet,
        })
        .collect();
    match failure.or(unwritten) {
        Some(err) => Err(err),
        None => Ok(out),
    }
}

/// `text` safe inside HTML elements and attribute values.
pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html(&mut out, text).expect("writing to a String");
    out
}

/// `text` safe between HTML tags (quotes stay as they are).
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html_body_text(&mut out, text).expect("writing to a String");
    out
}

/// Plain text of inline events: what a heading or cell says without its markup.
fn plain_text<'a>(events: impl IntoIterator<Item = &'a pulldown_cmark::Event<'a>>) -> String {
    use pulldown_cmark::Event;
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_string()
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Renders markdown the way a build does, with the embedded theme's partials.
    use super::*;
    use crate::render::Renderer;

    pub(crate) struct NoPages(pub crate::concepts::Concepts);

    impl Resolver for NoPages {
        fn page_url(&self, _: &SourcePath) -> Option<&UrlPath> {
            None
        }
        fn page_index(&self, _: &SourcePath) -> Option<usize> {
            None
        }
        fn asset_exists(&self, _: &SourcePath) -> bool {
            false
        }
        fn page_paths(&self) -> Vec<&SourcePath> {
            Vec::new()
        }
        fn page_named(&self, _: &str) -> Option<&SourcePath> {
            None
        }
        fn page_title(&self, _: &SourcePath) -> Option<&str> {
            None
        }
        fn concepts(&self) -> &crate::concepts::Concepts {
            &self.0
        }
    }

    pub(crate) fn render_with(markdown: &str, resolver: &dyn Resolver) -> Rendered {
        let theme = crate::load::load_theme(Path::new("/nonexistent"), &[]).unwrap();
        let renderer = Renderer::new(&theme).unwrap();
        let source = SourcePath::new("part/page.md");
        let url = UrlPath::for_page(&source);
        let input = PageInput {
            source: &source,
            url: &url,
            file: Path::new("guide/part/page.md"),
            text: markdown,
            body_start: 0,
            print: None,
            diagrams: &diagram::Cache::default(),
            reserved_ids: renderer.reserved_ids(),
            search: true,
        };
        render(&input, None, resolver, &renderer).unwrap()
    }

    pub(crate) fn html(markdown: &str) -> String {
        render_with(markdown, &NoPages(Default::default())).html
    }
}

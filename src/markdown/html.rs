//! The last step: events to HTML. Tables become the theme's table component here, where
//! their cells are final. In print a section goes into several handouts, and each settles
//! its links to other pages: the section is written once, and where such a link (or a
//! table holding one) stands, the writer keeps a piece for each handout. The links pass
//! found those links, by source position; nothing is searched for in the HTML.

use std::cell::Cell;
use std::fmt;
use std::ops::Range;

use pulldown_cmark::{Alignment, CowStr, Event, Tag, TagEnd};

use super::links::PageLink;
use super::{Components, Item, Settle, Table, plain_text};
use crate::error::Error;

/// The HTML of `events` for the site. A table that fails to render leaves its place
/// empty and the first such failure in `failure`, so the page still completes.
pub(super) fn write<'e>(
    events: impl Iterator<Item = Item<'e>>,
    components: &dyn Components,
    failure: &mut Option<Error>,
) -> String {
    let mut html = String::new();
    let written = Cell::new(0);
    let pieces = Pieces {
        events,
        components,
        links: &[],
        settles: &[],
        written: &written,
        holes: Vec::new(),
        in_image: 0,
        failure,
    };
    pulldown_cmark::html::push_html(&mut html, pieces);
    html
}

/// The HTML of `events` for each handout `settles` stands for, written once.
pub(super) fn write_for_each<'e>(
    events: impl Iterator<Item = Item<'e>>,
    components: &dyn Components,
    links: &[PageLink],
    settles: &[&Settle],
    failure: &mut Option<Error>,
) -> Vec<String> {
    let mut html = String::new();
    let written = Cell::new(0);
    let mut pieces = Pieces {
        events,
        components,
        links,
        settles,
        written: &written,
        holes: Vec::new(),
        in_image: 0,
        failure,
    };
    let counted = Counted {
        out: &mut html,
        written: &written,
    };
    pulldown_cmark::html::write_html_fmt(counted, &mut pieces).expect("writing to a String");
    let holes = pieces.holes;
    (0..settles.len())
        .map(|k| {
            let extra: usize = holes.iter().map(|(_, each)| each[k].len()).sum();
            let mut out = String::with_capacity(html.len() + extra);
            let mut at = 0;
            for (hole, each) in &holes {
                out.push_str(&html[at..*hole]);
                out.push_str(&each[k]);
                at = *hole;
            }
            out.push_str(&html[at..]);
            out
        })
        .collect()
}

/// A String that tells the events' side how much has been written: pulldown-cmark's
/// writer asks for the next event only once the last one is written, so that length
/// is where the next event's HTML starts.
struct Counted<'a> {
    out: &'a mut String,
    written: &'a Cell<usize>,
}

impl fmt::Write for Counted<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.out.push_str(s);
        self.written.set(self.out.len());
        Ok(())
    }
}

/// The events on their way to the writer: tables rendered through the theme, and in
/// print, each link to a page (or table holding one) left as a hole, with what fills
/// it in each handout.
struct Pieces<'a, 'f, I> {
    events: I,
    components: &'a dyn Components,
    /// The links to pages, in source order.
    links: &'a [PageLink],
    settles: &'a [&'a Settle<'a>],
    written: &'a Cell<usize>,
    /// Where the HTML has a hole, and what fills it for each handout.
    holes: Vec<(usize, Vec<String>)>,
    /// Inside an image, links are only alt text: the writer drops their tags.
    in_image: usize,
    failure: &'f mut Option<Error>,
}

impl<'e, I: Iterator<Item = Item<'e>>> Pieces<'_, '_, I> {
    /// The link to a page that starts at `range`, if this is one.
    fn page_link(&self, event: &Event, range: &Range<usize>) -> Option<&PageLink> {
        if self.in_image > 0 || !matches!(event, Event::Start(Tag::Link { .. })) {
            return None;
        }
        let at = self
            .links
            .binary_search_by_key(&range.start, |l| l.at)
            .ok()?;
        Some(&self.links[at])
    }

    /// The opening tag of `link` as pulldown-cmark writes one, for each handout.
    fn link_tags(&self, link: &PageLink) -> Vec<String> {
        self.settles
            .iter()
            .map(|settle| {
                let href = settle(link.page, link.fragment.as_deref());
                let mut tag = String::from("<a href=\"");
                pulldown_cmark_escape::escape_href(&mut tag, &href.href).expect("a String");
                if let Some(title) = href.title.filter(|t| !t.is_empty()) {
                    tag.push_str("\" title=\"");
                    pulldown_cmark_escape::escape_html(&mut tag, &title).expect("a String");
                }
                tag.push_str("\">");
                tag
            })
            .collect()
    }

    /// The table whose events follow, rendered once, or once for each handout when a
    /// cell links to a page.
    fn table(&mut self, aligns: &[Alignment]) -> Event<'e> {
        let inner: Vec<Item<'e>> = self
            .events
            .by_ref()
            .take_while(|(e, _)| !matches!(e, Event::End(TagEnd::Table)))
            .collect();
        let mut tags: Vec<Option<Vec<String>>> = Vec::with_capacity(inner.len());
        for (event, range) in &inner {
            match event {
                Event::Start(Tag::Image { .. }) => self.in_image += 1,
                Event::End(TagEnd::Image) => self.in_image -= 1,
                _ => {}
            }
            tags.push(
                self.page_link(event, range)
                    .map(|link| self.link_tags(link)),
            );
        }
        if tags.iter().all(Option::is_none) {
            let events = inner.into_iter().map(|(e, _)| e).collect();
            return Event::Html(CowStr::from(self.render(aligns, events)));
        }
        let each = (0..self.settles.len())
            .map(|k| {
                let events = inner
                    .iter()
                    .zip(&tags)
                    .map(|((event, _), tags)| match tags {
                        Some(tags) => Event::InlineHtml(CowStr::from(tags[k].clone())),
                        None => event.clone(),
                    });
                self.render(aligns, events.collect())
            })
            .collect();
        self.hole(each)
    }

    fn render(&mut self, aligns: &[Alignment], events: Vec<Event>) -> String {
        self.components
            .table(&table(aligns, events))
            .unwrap_or_else(|err| {
                self.failure.get_or_insert(err);
                String::new()
            })
    }

    /// An empty event, where `each` goes in each handout's copy.
    fn hole(&mut self, each: Vec<String>) -> Event<'e> {
        self.holes.push((self.written.get(), each));
        Event::InlineHtml(CowStr::Borrowed(""))
    }
}

impl<'e, I: Iterator<Item = Item<'e>>> Iterator for Pieces<'_, '_, I> {
    type Item = Event<'e>;

    fn next(&mut self) -> Option<Event<'e>> {
        let (event, range) = self.events.next()?;
        if let Some(link) = self.page_link(&event, &range) {
            let tags = self.link_tags(link);
            return Some(self.hole(tags));
        }
        match event {
            Event::Start(Tag::Table(aligns)) => Some(self.table(&aligns)),
            Event::Start(Tag::Image { .. }) => {
                self.in_image += 1;
                Some(event)
            }
            Event::End(TagEnd::Image) => {
                self.in_image -= 1;
                Some(event)
            }
            other => Some(other),
        }
    }
}

/// A GFM table's events as the table partial's view: each cell as HTML.
fn table(aligns: &[Alignment], events: Vec<Event>) -> Table {
    let mut table = Table {
        aligns: aligns.iter().map(|a| align_name(*a)).collect(),
        head: Vec::new(),
        rows: Vec::new(),
        caption: String::new(),
    };
    let mut in_head = false;
    let mut cell: Option<Vec<Event>> = None;
    let mut head_text = Vec::new();
    for event in events {
        match event {
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::TableRow) => table.rows.push(Vec::new()),
            Event::Start(Tag::TableCell) => cell = Some(Vec::new()),
            Event::End(TagEnd::TableCell) => {
                let inner = cell.take().unwrap_or_default();
                let mut html = String::new();
                if in_head {
                    head_text.push(plain_text(&inner));
                }
                pulldown_cmark::html::push_html(&mut html, inner.into_iter());
                match (in_head, table.rows.last_mut()) {
                    (false, Some(row)) => row.push(html),
                    _ => table.head.push(html),
                }
            }
            other => {
                if let Some(cell) = cell.as_mut() {
                    cell.push(other);
                }
            }
        }
    }
    table.caption = head_text.join(", ");
    table
}

fn align_name(align: Alignment) -> &'static str {
    match align {
        Alignment::None => "",
        Alignment::Left => "left",
        Alignment::Center => "center",
        Alignment::Right => "right",
    }
}

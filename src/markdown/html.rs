//! The last step: events to HTML. Tables become the theme's table component here, where
//! their cells are final; in print, each link to another page gets the destination the
//! handout being written settles for it (the links pass found them, by source position).

use std::ops::Range;

use pulldown_cmark::{Alignment, CowStr, Event, Tag, TagEnd};

use super::links::PageLink;
use super::{Components, Item, Settle, Table, plain_text};
use crate::error::Error;

/// The links to pages found in a printed page, and where the handout sends them.
pub(super) struct PageLinks<'a> {
    /// In source order.
    pub found: &'a [PageLink],
    pub settle: &'a Settle<'a>,
}

impl PageLinks<'_> {
    fn settled<'e>(&self, event: Event<'e>, range: &Range<usize>) -> Event<'e> {
        let Event::Start(Tag::Link { link_type, id, .. }) = &event else {
            return event;
        };
        let Ok(at) = self.found.binary_search_by_key(&range.start, |l| l.at) else {
            return event;
        };
        let link = &self.found[at];
        let href = (self.settle)(link.page, link.fragment.as_deref());
        Event::Start(Tag::Link {
            link_type: *link_type,
            dest_url: CowStr::from(href.href),
            title: CowStr::from(href.title.unwrap_or_default()),
            id: id.clone(),
        })
    }
}

/// The HTML of `events`. A table that fails to render leaves its place empty and the
/// first such failure in `failure`, so the page still completes.
pub(super) fn write<'e>(
    events: impl Iterator<Item = Item<'e>>,
    components: &dyn Components,
    links: Option<PageLinks>,
    failure: &mut Option<Error>,
) -> String {
    let mut out = String::new();
    let settled = events.map(|(event, range)| match &links {
        Some(links) => links.settled(event, &range),
        None => event,
    });
    let tables = Tables {
        events: settled,
        components,
        failure,
    };
    pulldown_cmark::html::push_html(&mut out, tables);
    out
}

/// Renders each table through the theme's partial as it passes.
struct Tables<'a, I> {
    events: I,
    components: &'a dyn Components,
    failure: &'a mut Option<Error>,
}

impl<'e, I: Iterator<Item = Event<'e>>> Iterator for Tables<'_, I> {
    type Item = Event<'e>;

    fn next(&mut self) -> Option<Event<'e>> {
        match self.events.next()? {
            Event::Start(Tag::Table(aligns)) => {
                let inner: Vec<Event<'e>> = self
                    .events
                    .by_ref()
                    .take_while(|e| !matches!(e, Event::End(TagEnd::Table)))
                    .collect();
                let html = self
                    .components
                    .table(&table(&aligns, inner))
                    .unwrap_or_else(|err| {
                        self.failure.get_or_insert(err);
                        String::new()
                    });
                Some(Event::Html(CowStr::from(html)))
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

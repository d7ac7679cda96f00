//! The headings pass: every heading gets a stable, unique id (`{#id}` when the author
//! gave one, else a slug of its text) and a visible anchor link; level 2 and 3 headings
//! make the page's table of contents.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{Print, TocEntry, escape_html as escape, plain_text};
use crate::paths::slugify;

/// Ids the page templates use themselves; headings never take them.
const RESERVED_IDS: &[&str] = &[
    "top",
    "content",
    "site-nav",
    "page-title",
    "toc-title",
    "chips-label",
    "related-title",
    "backlinks-title",
    "part-pages-title",
    "guide-map",
    "guide-map-title",
    "mentions-title",
    "related-concepts-title",
];

pub struct Headings<'a, I> {
    events: I,
    print: Option<&'a Print<'a>>,
    toc: &'a mut Vec<TocEntry>,
    anchors: &'a mut Vec<String>,
    taken: HashSet<String>,
}

impl<'a, I> Headings<'a, I> {
    pub fn new(
        events: I,
        print: Option<&'a Print<'a>>,
        toc: &'a mut Vec<TocEntry>,
        anchors: &'a mut Vec<String>,
    ) -> Self {
        Headings {
            events,
            print,
            toc,
            anchors,
            taken: RESERVED_IDS.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// `wanted`, or `wanted-1`, `wanted-2`… whichever is still free on this page.
    fn unique(&mut self, wanted: String) -> String {
        let mut id = wanted.clone();
        let mut n = 0;
        while self.taken.contains(&id) {
            n += 1;
            id = format!("{wanted}-{n}");
        }
        self.taken.insert(id.clone());
        id
    }
}

impl<'e, I> Iterator for Headings<'_, I>
where
    I: Iterator<Item = Event<'e>>,
{
    type Item = Event<'e>;

    fn next(&mut self) -> Option<Event<'e>> {
        let event = self.events.next()?;
        let Event::Start(Tag::Heading {
            level, id, classes, ..
        }) = event
        else {
            return Some(event);
        };
        let inner: Vec<Event<'e>> = self
            .events
            .by_ref()
            .take_while(|e| !matches!(e, Event::End(TagEnd::Heading(_))))
            .collect();
        let text = plain_text(&inner);
        let wanted = id
            .map(|i| i.to_string())
            .filter(|i| !i.is_empty())
            .unwrap_or_else(|| match slugify(&text) {
                s if s.is_empty() => "section".to_string(),
                s => s,
            });
        let id = self.unique(wanted);
        let mut n = level as u8;
        if matches!(n, 2 | 3) {
            self.toc.push(TocEntry {
                level: n,
                id: id.clone(),
                text: text.clone(),
            });
        }
        self.anchors.push(id.clone());
        let id = match self.print {
            Some(print) => {
                if print.demote {
                    n = (n + 1).min(6);
                }
                print.id(&id)
            }
            None => id,
        };
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, inner.into_iter());
        let class = if classes.is_empty() {
            String::new()
        } else {
            let names: Vec<&str> = classes.iter().map(|c| c.as_ref()).collect();
            format!(" class=\"{}\"", escape(&names.join(" ")))
        };
        let id = escape(&id);
        Some(Event::Html(CowStr::from(format!(
            "<h{n} id=\"{id}\"{class}>{html} <a class=\"anchor\" href=\"#{id}\" \
             aria-label=\"Link to this section\">#</a></h{n}>\n"
        ))))
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{NoPages, render_with};

    #[test]
    fn headings_get_ids_anchors_and_toc() {
        let out = render_with(
            "## 🎯 Overview\n\n### What They're *Really* Testing\n\n## Clarifying Questions {#clarifying-questions .key}\n\n## Overview\n\n#### Deep\n\n## Top\n",
            &NoPages(Default::default()),
        );
        insta::assert_snapshot!(out.html);
        let toc: Vec<(u8, &str, &str)> = out
            .toc
            .iter()
            .map(|t| (t.level, t.id.as_str(), t.text.as_str()))
            .collect();
        assert_eq!(
            toc,
            [
                (2, "overview", "🎯 Overview"),
                (
                    3,
                    "what-theyre-really-testing",
                    "What They're Really Testing"
                ),
                (2, "clarifying-questions", "Clarifying Questions"),
                (2, "overview-1", "Overview"),
                (2, "top-1", "Top"),
            ]
        );
        assert_eq!(out.anchors.len(), 6);
    }

    #[test]
    fn emoji_only_headings_still_get_an_id() {
        let out = render_with("## 🎯\n", &NoPages(Default::default()));
        assert!(
            out.html.starts_with("<h2 id=\"section\">🎯 "),
            "{}",
            out.html
        );
    }
}

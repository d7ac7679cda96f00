//! The headings pass: every heading gets a stable, unique id (`{#id}` when the author
//! gave one, else a slug of its text) and a visible anchor link; level 2 and 3 headings
//! make the page's table of contents.

use std::collections::{HashMap, HashSet};

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

pub(super) struct Headings<'a, I> {
    events: I,
    print: Option<&'a Print<'a>>,
    toc: &'a mut Vec<TocEntry>,
    anchors: &'a mut Vec<String>,
    taken: HashSet<String>,
    /// For each id wanted, the suffix to try first next time: every smaller one was
    /// taken already, and ids once taken stay taken.
    next_suffix: HashMap<String, usize>,
}

impl<'a, I> Headings<'a, I> {
    pub(super) fn new(
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
            next_suffix: HashMap::new(),
        }
    }

    /// `wanted`, or `wanted-1`, `wanted-2`… whichever is first still free on this page.
    /// The search resumes where the last one for `wanted` stopped, so a page of thousands
    /// of equal headings takes linear time, not quadratic.
    fn unique(&mut self, wanted: String) -> String {
        if self.taken.insert(wanted.clone()) {
            return wanted;
        }
        let mut n = self.next_suffix.get(&wanted).copied().unwrap_or(1);
        let mut id = format!("{wanted}-{n}");
        while self.taken.contains(&id) {
            n += 1;
            id = format!("{wanted}-{n}");
        }
        self.taken.insert(id.clone());
        self.next_suffix.insert(wanted, n + 1);
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

    /// Each id is the first of `id`, `id-1`, `id-2`… free when its heading comes: ids
    /// given with `{#id}`, or that a heading's own text makes, are skipped.
    #[test]
    fn repeated_headings_take_the_first_free_suffix() {
        let out = render_with(
            "## Same\n## Same\n## Same {#same-2}\n## Same\n## Same 1\n## Same\n## Same 4\n## Top\n",
            &NoPages(Default::default()),
        );
        assert_eq!(
            out.anchors,
            [
                "same", "same-1", "same-2", "same-3", "same-1-1", "same-4", "same-4-1", "top-1"
            ]
        );
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

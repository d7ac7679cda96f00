//! The headings pass: every heading gets a stable, unique id (`{#id}` when the author
//! gave one, else a slug of its text) and a visible anchor link; level 2 and 3 headings
//! make the page's table of contents.

use std::collections::{HashMap, HashSet, VecDeque};

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::mentions::ConceptLinks;
use super::snippets::Snippets;
use super::{Item, Print, TocEntry, escape_html as escape, plain_text};
use crate::paths::slugify;

/// `#top` goes to the top of the document in every browser: no heading takes it.
const TOP: &str = "top";

pub(super) struct Headings<'a, 'e, I> {
    events: I,
    print: Option<&'a Print<'a>>,
    /// `None` when only analysing: no HTML is written.
    snippets: Option<&'a Snippets>,
    toc: &'a mut Vec<TocEntry>,
    anchors: &'a mut Vec<String>,
    taken: HashSet<String>,
    /// For each id wanted, the suffix to try first next time: every smaller one was
    /// taken already, and ids once taken stay taken.
    next_suffix: HashMap<String, usize>,
    /// The rest of a heading: its content, then its end.
    ahead: VecDeque<Item<'e>>,
}

impl<'a, I> Headings<'a, '_, I> {
    /// `reserved`: the ids the theme's templates use themselves.
    pub(super) fn new(
        events: I,
        print: Option<&'a Print<'a>>,
        snippets: Option<&'a Snippets>,
        reserved: &HashSet<String>,
        toc: &'a mut Vec<TocEntry>,
        anchors: &'a mut Vec<String>,
    ) -> Self {
        let mut taken = reserved.clone();
        taken.insert(TOP.to_string());
        Headings {
            events,
            print,
            snippets,
            toc,
            anchors,
            taken,
            next_suffix: HashMap::new(),
            ahead: VecDeque::new(),
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

impl<I: ConceptLinks> ConceptLinks for Headings<'_, '_, I> {
    fn link(&mut self, text: &str) -> String {
        self.events.link(text)
    }

    fn concept_href(&self, text: &str) -> Option<String> {
        self.events.concept_href(text)
    }
}

impl<'e, I> Iterator for Headings<'_, 'e, I>
where
    I: Iterator<Item = Item<'e>>,
{
    type Item = Item<'e>;

    /// A heading leaves as its opening tag (with its id), its content as it came (so
    /// the passes after see its links), and its anchor link with the closing tag.
    fn next(&mut self) -> Option<Item<'e>> {
        if let Some(item) = self.ahead.pop_front() {
            return Some(item);
        }
        let (event, range) = self.events.next()?;
        let Event::Start(Tag::Heading {
            level, id, classes, ..
        }) = event
        else {
            return Some((event, range));
        };
        for (event, inner) in self.events.by_ref() {
            if matches!(event, Event::End(TagEnd::Heading(_))) {
                break;
            }
            self.ahead.push_back((event, inner));
        }
        let text = plain_text(self.ahead.iter().map(|(e, _)| e));
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
        let (open, close) = self.snippets.map_or_else(Default::default, |snippets| {
            let names: Vec<&str> = classes.iter().map(|c| c.as_ref()).collect();
            snippets.heading(n, &escape(&id), &escape(&names.join(" ")))
        });
        self.ahead
            .push_back((Event::Html(CowStr::from(close)), range.clone()));
        Some((Event::Html(CowStr::from(open)), range))
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

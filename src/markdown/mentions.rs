//! The mentions pass: finds the guide's concepts in a page's text and links the first
//! mention of each concept in every section to its concept page. Headings, links, table
//! headers and diagrams are searched but never linked; code is neither. Every mention is
//! kept with the sentence around it, for the concept pages.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::fences::{Code, lang};
use super::snippets::Snippets;
use super::{Item, escape_text};
use crate::concepts::{ConceptId, Concepts, Hit};
use crate::paths::UrlPath;

/// A concept named on a page: in which section (the n-th heading, 0 before any) and the
/// sentence around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RawMention {
    pub concept: ConceptId,
    pub section: usize,
    pub snippet: String,
}

/// Concept links for the passes further down that render text of their own (STAR
/// cards, diagram labels): the mentions pass owns what was linked in each section, and
/// every pass between forwards the request up the chain.
pub(super) trait ConceptLinks {
    /// `text` as HTML with the section's first mention of each concept linked, and the
    /// mentions recorded with `text` as their context.
    fn link(&mut self, text: &str) -> String;
    /// The concept page the first concept named in `text` links to, from this page.
    fn concept_href(&self, text: &str) -> Option<String>;
}

/// What was linked in this section, and every mention so far.
pub(super) struct Linker<'a> {
    concepts: &'a Concepts,
    page_url: &'a UrlPath,
    /// Off in print, where a link is only an address to print.
    links: bool,
    /// What links are written with; `None` when only analysing.
    snippets: Option<&'a Snippets>,
    linked: HashSet<ConceptId>,
    section: usize,
    found: Vec<RawMention>,
}

impl<'a> Linker<'a> {
    pub(super) fn new(
        concepts: &'a Concepts,
        page_url: &'a UrlPath,
        links: bool,
        snippets: Option<&'a Snippets>,
    ) -> Self {
        Linker {
            concepts,
            page_url,
            links,
            snippets,
            linked: HashSet::new(),
            section: 0,
            found: Vec::new(),
        }
    }

    fn new_section(&mut self) {
        self.section += 1;
        self.linked.clear();
    }

    /// `text` as HTML with the section's first mention of each concept linked, and the
    /// mentions recorded with `text` as their context.
    fn link(&mut self, text: &str) -> String {
        let hits: Vec<Hit> = self.concepts.find(text).collect();
        for hit in &hits {
            self.record(hit.concept, text, hit.range.clone());
        }
        self.link_hits(text, &hits)
    }

    /// `text` as HTML with the section's first mention of each of `hits` linked; the
    /// caller records them (the pass knows more context than one text event).
    fn link_hits(&mut self, text: &str, hits: &[Hit]) -> String {
        let mut html = String::new();
        let mut at = 0;
        for hit in hits {
            let Some(snippets) = self.snippets.filter(|_| self.links) else {
                break;
            };
            if !self.linked.insert(hit.concept) {
                continue;
            }
            let concept = self.concepts.get(hit.concept);
            html.push_str(&escape_text(&text[at..hit.range.start]));
            let href = self.page_url.relative_to(&concept.url);
            snippets.concept(&mut html, &href, &text[hit.range.clone()], &concept.name);
            at = hit.range.end;
        }
        html.push_str(&escape_text(&text[at..]));
        html
    }

    /// The concept page the first concept named in `text` links to, from this page.
    fn concept_href(&self, text: &str) -> Option<String> {
        if !self.links {
            return None;
        }
        let hit = self.concepts.find(text).next()?;
        Some(
            self.page_url
                .relative_to(&self.concepts.get(hit.concept).url),
        )
    }

    /// Records every concept in `text` without linking.
    fn scan(&mut self, text: &str) {
        let hits: Vec<_> = self.concepts.find(text).collect();
        for hit in hits {
            self.record(hit.concept, text, hit.range);
        }
    }

    fn record(&mut self, concept: ConceptId, context: &str, range: std::ops::Range<usize>) {
        self.found.push(RawMention {
            concept,
            section: self.section,
            snippet: snippet(context, range),
        });
    }
}

pub(super) struct Mentions<'a, 'l, I> {
    events: I,
    linker: Linker<'l>,
    /// Where the mentions go when the pass ends.
    out: &'a mut Vec<RawMention>,
    in_heading: bool,
    in_table_head: bool,
    link_depth: usize,
    code: Option<Code>,
    /// The plain text of the current block so far, and mentions waiting for it to end
    /// (their context is the whole block, not one text event).
    block: String,
    pending: Vec<(ConceptId, std::ops::Range<usize>, usize)>,
    /// A diagram's text, read for its labels when the fence closes.
    diagram: String,
    /// The tab stops the diagram's fence sets.
    tab: Option<usize>,
    diagrams: &'a super::diagram::Cache,
}

impl<'a, 'l, I> Mentions<'a, 'l, I> {
    pub(super) fn new(
        events: I,
        linker: Linker<'l>,
        out: &'a mut Vec<RawMention>,
        diagrams: &'a super::diagram::Cache,
    ) -> Self {
        Mentions {
            events,
            linker,
            out,
            in_heading: false,
            in_table_head: false,
            link_depth: 0,
            code: None,
            block: String::new(),
            pending: Vec::new(),
            diagram: String::new(),
            tab: None,
            diagrams,
        }
    }

    fn flush_block(&mut self) {
        for (concept, range, section) in self.pending.drain(..) {
            self.linker.found.push(RawMention {
                concept,
                section,
                snippet: snippet(&self.block, range),
            });
        }
        self.block.clear();
    }

    fn text<'e>(&mut self, text: CowStr<'e>) -> Event<'e> {
        match self.code {
            Some(Code::Diagram | Code::Untagged) => {
                self.diagram.push_str(&text);
                return Event::Text(text);
            }
            Some(_) => return Event::Text(text),
            None => {}
        }
        let offset = self.block.len();
        self.block.push_str(&text);
        let linker = &mut self.linker;
        let section = linker.section;
        let hits: Vec<_> = linker.concepts.find(&text).collect();
        self.pending.extend(hits.iter().map(|h| {
            let range = h.range.start + offset..h.range.end + offset;
            (h.concept, range, section)
        }));
        if self.in_heading || self.in_table_head || self.link_depth > 0 || hits.is_empty() {
            return Event::Text(text);
        }
        Event::InlineHtml(CowStr::from(linker.link_hits(&text, &hits)))
    }
}

impl<I> ConceptLinks for Mentions<'_, '_, I> {
    fn link(&mut self, text: &str) -> String {
        self.linker.link(text)
    }

    fn concept_href(&self, text: &str) -> Option<String> {
        self.linker.concept_href(text)
    }
}

impl<'e, I> Iterator for Mentions<'_, '_, I>
where
    I: Iterator<Item = Item<'e>>,
{
    type Item = Item<'e>;

    fn next(&mut self) -> Option<Item<'e>> {
        let (event, range) = self.events.next()?;
        let event = match event {
            Event::Text(text) => self.text(text),
            Event::Start(ref tag) => {
                if starts_block(tag) {
                    self.flush_block();
                }
                match tag {
                    Tag::Heading { .. } => {
                        self.linker.new_section();
                        self.in_heading = true;
                    }
                    Tag::TableHead => self.in_table_head = true,
                    Tag::Link { .. } | Tag::Image { .. } => self.link_depth += 1,
                    Tag::CodeBlock(kind) => {
                        self.code = Some(Code::of(lang(kind)));
                        self.tab = super::fences::tab(kind);
                    }
                    _ => {}
                }
                event
            }
            Event::End(ref tag) => {
                match tag {
                    TagEnd::Heading(_) => self.in_heading = false,
                    TagEnd::TableHead => self.in_table_head = false,
                    TagEnd::Link | TagEnd::Image => self.link_depth -= 1,
                    TagEnd::CodeBlock => {
                        let code = self.code.unwrap_or(Code::Other);
                        let labels = super::diagram::code_labels(
                            self.diagrams,
                            code,
                            &self.diagram,
                            self.tab,
                        );
                        for label in labels.unwrap_or_default() {
                            self.linker.scan(&label);
                        }
                        self.diagram.clear();
                        self.code = None;
                    }
                    _ => {}
                }
                if ends_block(tag) {
                    self.flush_block();
                }
                event
            }
            Event::SoftBreak | Event::HardBreak => {
                self.block.push(' ');
                event
            }
            Event::Code(ref code) => {
                self.block.push_str(code);
                event
            }
            other => other,
        };
        Some((event, range))
    }
}

impl<I> Drop for Mentions<'_, '_, I> {
    fn drop(&mut self) {
        self.flush_block();
        self.out.append(&mut self.linker.found);
    }
}

fn starts_block(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::Item
            | Tag::TableCell
            | Tag::CodeBlock(_)
            | Tag::BlockQuote(_)
    )
}

fn ends_block(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::Item
            | TagEnd::TableCell
            | TagEnd::CodeBlock
            | TagEnd::BlockQuote(_)
    )
}

/// Up to about 70 characters either side of `range`, cut at spaces.
fn snippet(text: &str, range: std::ops::Range<usize>) -> String {
    const SIDE: usize = 70;
    let mut start = range.start.saturating_sub(SIDE);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    if start > 0 {
        start = text[start..range.start]
            .find(' ')
            .map_or(range.start, |i| start + i + 1);
    }
    let mut end = (range.end + SIDE).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    if end < text.len() {
        end = text[range.end..end]
            .rfind(' ')
            .map_or(range.end, |i| range.end + i);
    }
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.push_str(text[start..end].trim());
    if end < text.len() {
        out.push('…');
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{NoPages, render_with};
    use super::*;
    use crate::concepts::{Concept, ConceptEntry};

    fn concepts() -> Concepts {
        let concept = |id: &str, name: &str| {
            let entry = ConceptEntry {
                id: id.into(),
                name: name.into(),
                aliases: Vec::new(),
                description: None,
            };
            Concept::from_entry(entry, 1)
        };
        Concepts::new(vec![concept("kafka", "Kafka"), concept("flink", "Flink")])
    }

    #[test]
    fn first_mention_in_each_section_is_linked() {
        let md = "Kafka, then Kafka again and [Flink in a link](x.md) and `Flink`.\n\n\
                  ## Kafka heading\n\nFlink and Kafka.\n\n| Kafka | b |\n|---|---|\n| Flink | Kafka |\n\n\
                  ```star\nSITUATION: Kafka\nTASK: Flink\nACTION: Flink\nRESULT: done\n```\n";
        let out = render_with(md, &NoPages(concepts()));
        insta::assert_snapshot!(out.html);
        let sections: Vec<(String, Option<&str>)> = out
            .mentions
            .iter()
            .map(|m| (concepts().get(m.concept).id.clone(), m.anchor.as_deref()))
            .collect();
        assert_eq!(sections.len(), 12, "{sections:?}");
        assert_eq!(sections[0], ("kafka".to_string(), None));
        assert_eq!(sections[3], ("kafka".to_string(), Some("kafka-heading")));
    }

    #[test]
    fn snippets_cut_at_words() {
        let text = "Once upon a time the quick brown fox jumps over the lazy dog near the river bank where Kafka \
                    streams the events from every producer to every consumer in the cluster today";
        let at = text.find("Kafka").unwrap();
        let s = snippet(text, at..at + 5);
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.contains("where Kafka streams"), "{s}");
        assert!(s.chars().count() < 160, "{s}");
        assert_eq!(snippet("Kafka", 0..5), "Kafka");
    }

    /// Box art is a diagram whether fenced without a language or indented: either way its
    /// boxes name concepts, and the page shows a drawing, not code.
    #[test]
    fn diagram_labels_are_mentions_fenced_or_indented() {
        let art = "┌───────┐    ┌───────┐\n│ Kafka │───▶│ Flink │\n└───────┘    └───────┘\n";
        let indented: String = art.lines().map(|l| format!("    {l}\n")).collect();
        for md in [format!("```\n{art}```\n"), format!("Text.\n\n{indented}")] {
            let out = render_with(&md, &NoPages(concepts()));
            let found: Vec<String> = out
                .mentions
                .iter()
                .map(|m| concepts().get(m.concept).id.clone())
                .collect();
            assert_eq!(found, ["kafka", "flink"], "{md}");
            assert!(out.html.contains("<svg"), "{}", out.html);
        }
    }
}

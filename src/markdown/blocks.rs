//! The blocks pass: code becomes a diagram (` ```diagram `, or box-drawing art fenced
//! without a language or indented), a STAR card (` ```star `), highlighted code (any
//! other language) or plain code. Each block is buffered from its start to its end and
//! leaves as one HTML event. (Tables become components when written: see `html`.)

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::fences::{Code, lang};
use super::mentions::ConceptLinks;
use super::{Components, Diagram, Item, diagram, escape_html, escape_text, highlight, star};
use crate::error::{Diagnostic, Error, SourceLoc};

/// What the page turned out to contain.
#[derive(Debug, Default)]
pub(super) struct Stats {
    pub diagrams: usize,
    pub highlighted: bool,
    /// Diagrams repaired or shown as text, by line.
    pub notes: Vec<Diagnostic>,
}

/// What the blocks pass needs of the page around it.
pub(super) struct Context<'a> {
    pub locate: &'a dyn Fn(usize) -> SourceLoc,
    /// Diagrams already read in this build.
    pub diagrams: &'a diagram::Cache,
    /// Prefixed to the ids blocks make (diagrams), so they stay unique in a handout.
    pub id_prefix: &'a str,
}

pub(super) struct Blocks<'a, I> {
    /// The passes before, which link concepts in the text blocks render themselves.
    events: I,
    /// `None` when only analysing the page: no partials, no highlighting.
    components: Option<&'a dyn Components>,
    fences: Context<'a>,
    stats: &'a mut Stats,
    /// The first partial that failed; rendering goes on so the page still completes.
    failure: &'a mut Option<Error>,
}

impl<'a, I: ConceptLinks> Blocks<'a, I> {
    pub(super) fn new(
        events: I,
        components: Option<&'a dyn Components>,
        fences: Context<'a>,
        stats: &'a mut Stats,
        failure: &'a mut Option<Error>,
    ) -> Self {
        Blocks {
            events,
            components,
            fences,
            stats,
            failure,
        }
    }

    fn component(
        &mut self,
        render: impl FnOnce(&dyn Components) -> Result<String, Error>,
    ) -> String {
        let Some(components) = self.components else {
            return String::new();
        };
        render(components).unwrap_or_else(|err| {
            self.failure.get_or_insert(err);
            String::new()
        })
    }

    fn code_block(&mut self, lang: &str, code: &str, start: usize) -> String {
        match Code::of(lang) {
            Code::Diagram => self.diagram(code, start),
            Code::Untagged if self.fences.diagrams.get(code).art() => self.diagram(code, start),
            Code::Star => {
                let events = &mut self.events;
                match star::parse(code, &mut |text| events.link(text)) {
                    Some(card) => self.component(|c| c.star(&card)),
                    None => plain_code(code, None),
                }
            }
            Code::Untagged => plain_code(code, None),
            Code::Other if self.components.is_none() => String::new(),
            Code::Other => match highlight::highlight(code, lang) {
                Some(html) => {
                    self.stats.highlighted = true;
                    code_html(&html, Some(lang))
                }
                None => plain_code(code, Some(lang)),
            },
        }
    }

    /// A diagram as SVG (as text when it cannot be read with confidence); what was
    /// repaired is noted at the line it was repaired on.
    fn diagram(&mut self, code: &str, start: usize) -> String {
        self.stats.diagrams += 1;
        let id = format!("{}diagram-{}", self.fences.id_prefix, self.stats.diagrams);
        let source = code.trim_end_matches('\n');
        let events = &self.events;
        let concept = |text: &str| events.concept_href(text);
        let drawing = diagram::draw_cached(
            self.fences.diagrams,
            source,
            &id,
            &concept,
            self.components.is_some(),
        );
        let fence = (self.fences.locate)(start);
        let first = fence.line().unwrap_or_default() + 1;
        for (row, col, message) in &drawing.notes {
            let loc = SourceLoc::new(fence.path(), first + row, col + 1);
            self.stats.notes.push(Diagnostic::new(loc, message.clone()));
        }
        let view = Diagram {
            svg: drawing.svg,
            min_width: drawing.min_width,
            columns: diagram::columns(source),
            source: source.to_string(),
            title: drawing.title,
            description: drawing.description,
        };
        self.component(|c| c.diagram(&view))
    }
}

impl<'e, I> Iterator for Blocks<'_, I>
where
    I: Iterator<Item = Item<'e>> + ConceptLinks,
{
    type Item = Item<'e>;

    fn next(&mut self) -> Option<Item<'e>> {
        let (event, range) = self.events.next()?;
        let Event::Start(Tag::CodeBlock(kind)) = event else {
            return Some((event, range));
        };
        let lang = lang(&kind).to_string();
        let mut code = String::new();
        let mut end: Range<usize> = range.clone();
        for (e, at) in self.events.by_ref() {
            match e {
                Event::Text(t) => code.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    end = at;
                    break;
                }
                _ => {}
            }
        }
        let html = self.code_block(&lang, &code, range.start);
        Some((Event::Html(CowStr::from(html)), range.start..end.end))
    }
}

fn plain_code(code: &str, lang: Option<&str>) -> String {
    code_html(&escape_text(code), lang)
}

/// Code scrolls sideways rather than wrap, so the block is focusable for keyboard users.
fn code_html(inner: &str, lang: Option<&str>) -> String {
    match lang {
        Some(lang) => {
            let lang_attr = escape_html(lang);
            format!(
                "<pre class=\"code\" tabindex=\"0\"><code class=\"language-{lang_attr}\">{inner}</code></pre>\n"
            )
        }
        None => format!("<pre class=\"code\" tabindex=\"0\"><code>{inner}</code></pre>\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{NoPages, html, render_with};

    #[test]
    fn tables_render_through_the_table_partial() {
        insta::assert_snapshot!(html(
            "| Situation | What to Say |\n|:--|--:|\n| Starting out | \"Before I *dive* in...\" |\n| Wrapping up | `x` |\n"
        ));
    }

    #[test]
    fn star_fences_become_cards() {
        insta::assert_snapshot!(html(
            "```star\nSITUATION:\n\"We had data in 5\nsystems.\"\n\nTASK:\nBuild it.\n\nACTION:\n\"I did:\n- CDC <fast>\n- Kafka\nThen more.\"\n\nRESULT:\nIt worked.\n```\n"
        ));
    }

    #[test]
    fn diagrams_render_as_svg_figures_with_their_source() {
        let out = render_with(
            "```diagram\n┌────┐   ┌───────┐\n│ A  │──▶│ Kafka │\n└────┘   └───────┘\n```\n",
            &NoPages(Default::default()),
        );
        assert_eq!(out.diagrams, 1);
        assert!(out.notes.is_empty());
        insta::assert_snapshot!(out.html);
    }

    #[test]
    fn untagged_box_art_is_a_diagram_and_repairs_are_noted() {
        let out = render_with(
            "Text\n\n```\n┌────┐ ┌──┐\n│ABCDE│ │x │\n└────┘ └──┘\n```\n\n```\nSELECT 1 -- ─\n```\n",
            &NoPages(Default::default()),
        );
        assert_eq!(out.diagrams, 1);
        let notes: Vec<String> = out.notes.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            notes,
            [
                "guide/part/page.md:5:7: diagram label \"ABCDE\" is 1 column wider than its box; condensed it to fit"
            ]
        );
        assert!(out.html.contains("<svg"), "{}", out.html);
        assert!(
            out.html
                .contains("<pre class=\"code\" tabindex=\"0\"><code>SELECT 1 -- ─"),
            "{}",
            out.html
        );
    }

    #[test]
    fn unreadable_diagrams_fall_back_to_text() {
        let out = render_with(
            "```diagram\n┌──┐\n│ a │\n└──┘ ──▶\n```\n",
            &NoPages(Default::default()),
        );
        assert!(!out.html.contains("<svg"));
        assert!(out.html.contains("class=\"diagram-art\""), "{}", out.html);
        assert!(
            out.notes[0].message.starts_with("diagram shown as text"),
            "{:?}",
            out.notes
        );
    }

    #[test]
    fn code_is_highlighted_only_when_tagged() {
        let tagged = render_with(
            "```sql\nSELECT 1 -- one\n```\n",
            &NoPages(Default::default()),
        );
        assert!(tagged.highlighted);
        insta::assert_snapshot!(tagged.html);
        let plain = render_with(
            "```\n<b>SELECT</b>\n```\n\n```nosuchlang\nx\n```\n",
            &NoPages(Default::default()),
        );
        assert!(!plain.highlighted);
        insta::assert_snapshot!(plain.html);
    }

    #[test]
    fn star_fences_that_are_not_star_answers_stay_code() {
        let out = html("```star\nJust some text\n```\n");
        assert!(out.starts_with("<pre class=\"code\""), "{out}");
    }
}

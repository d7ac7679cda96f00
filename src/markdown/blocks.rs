//! The blocks pass: code becomes a diagram (` ```diagram `, or box-drawing art fenced
//! without a language or indented), a STAR card (` ```star `), highlighted code (any
//! other language) or plain code. Each block is buffered from its start to its end and
//! leaves as one HTML event. (Tables become components when written: see `html`.)

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};
use unicode_width::UnicodeWidthChar;

use super::fences::{self, Code, lang};
use super::mentions::ConceptLinks;
use super::{Components, Diagram, Item, diagram, escape_text, highlight, star};
use crate::config::TabSize;
use crate::error::{Diagnostic, Error, SourceLoc};

/// What the page turned out to contain.
#[derive(Debug, Default)]
pub(super) struct Stats {
    pub diagrams: usize,
    pub highlighted: bool,
    /// Diagrams repaired or shown as text, by line.
    pub notes: Vec<Diagnostic>,
    /// Fences that set what no diagram knows.
    pub problems: Vec<Diagnostic>,
}

/// What the blocks pass needs of the page around it.
pub(super) struct Context<'a> {
    /// The page's body, which event ranges index.
    pub body: &'a str,
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

    fn code_block(&mut self, kind: &CodeBlockKind, code: &str, start: usize) -> String {
        let lang = lang(kind);
        let fenced = matches!(kind, CodeBlockKind::Fenced(_));
        match Code::of(lang) {
            Code::Diagram => {
                let tab = self.attributes(kind, start);
                self.diagram(code, start, fenced, tab)
            }
            Code::Untagged if self.fences.diagrams.get(code, None).art() => {
                self.diagram(code, start, fenced, None)
            }
            Code::Star => {
                let events = &mut self.events;
                match star::parse(code, &mut |text| events.link(text)) {
                    Some(card) => self.component(|c| c.star(&card)),
                    None => self.plain_code(code, None),
                }
            }
            Code::Untagged => self.plain_code(code, None),
            Code::Other => {
                self.language(lang, start);
                if self.components.is_none() {
                    return String::new();
                }
                match highlight::highlight(code, lang) {
                    Some(html) => {
                        self.stats.highlighted = true;
                        self.code_html(&html, Some(lang))
                    }
                    None => self.plain_code(code, Some(lang)),
                }
            }
        }
    }

    /// A fence's language that no grammar knows is noted at the language, with the
    /// closest known name: the code is shown plain.
    fn language(&mut self, lang: &str, start: usize) {
        let highlight::Language::Unknown { closest } = highlight::language(lang) else {
            return;
        };
        let fence = &self.fences.body[start..];
        let at = fence.find(lang).unwrap_or(0);
        let loc = (self.fences.locate)(start + at);
        let message = match closest {
            Some(near) => format!(
                "no highlighting is known for the language \"{lang}\": did you mean \"{near}\"?"
            ),
            None => format!("no highlighting is known for the language \"{lang}\""),
        };
        let help = "the code is shown plain; name a known language (ts, python, sql, yaml, \
                    ...), or text for plain code";
        let note = Diagnostic::new(loc, message)
            .with_len(lang.chars().count())
            .with_help(help);
        self.stats.notes.push(note);
    }

    fn plain_code(&self, code: &str, lang: Option<&str>) -> String {
        self.code_html(&escape_text(code), lang)
    }

    /// A code block through the theme's partial; tab stops are set only when not the
    /// browsers' 8.
    fn code_html(&self, inner: &str, lang: Option<&str>) -> String {
        let Some(components) = self.components else {
            return String::new();
        };
        let tab = Some(self.fences.diagrams.tab_size()).filter(|&t| t != TabSize::DEFAULT);
        components.snippets().code(lang, tab, inner)
    }

    /// The tab stops a diagram's fence sets; a word it does not know is a problem, at
    /// the word.
    fn attributes(&mut self, kind: &CodeBlockKind, start: usize) -> Option<usize> {
        let bad = match fences::attributes(kind) {
            Ok(found) => return found.tab.map(TabSize::get),
            Err(bad) => bad,
        };
        let fence = &self.fences.body[start..];
        let fence = &fence[..fence.find('\n').unwrap_or(fence.len())];
        let at = fence.rfind(&bad.word).unwrap_or(0);
        let loc = (self.fences.locate)(start + at);
        let problem = Diagnostic::new(loc, bad.message)
            .with_len(bad.word.chars().count())
            .with_help(bad.help);
        self.stats.problems.push(problem);
        None
    }

    /// A diagram as SVG (as text when it cannot be read with confidence); what was
    /// repaired is noted at the line and column it was repaired at.
    fn diagram(&mut self, code: &str, start: usize, fenced: bool, tab: Option<usize>) -> String {
        self.stats.diagrams += 1;
        let id = format!("{}diagram-{}", self.fences.id_prefix, self.stats.diagrams);
        let text = code.trim_end_matches('\n');
        let tab_size = tab.unwrap_or(self.fences.diagrams.tab_size());
        let lines = Lines::new(self.fences.body, start, fenced, text, tab_size);
        let locate = self.fences.locate;
        let place = |row: usize, column: usize| {
            let loc = locate(lines.offset(row, column));
            (loc.line().unwrap_or_default(), loc.col())
        };
        let source = diagram::Source {
            text,
            tab,
            place: &place,
        };
        let events = &self.events;
        let concept = |text: &str| events.concept_href(text);
        let drawing = diagram::draw_cached(
            self.fences.diagrams,
            &source,
            &id,
            &concept,
            self.components.is_some(),
        );
        for said in drawing.notes {
            let loc = locate(lines.offset(said.row, said.column));
            let mut note = Diagnostic::new(loc, said.message);
            if let Some(help) = said.help {
                note = note.with_help(help);
            }
            self.stats.notes.push(note);
        }
        let view = Diagram {
            svg: drawing.svg,
            min_width: drawing.min_width,
            columns: diagram::columns(text, tab_size),
            source: text.to_string(),
            title: drawing.title,
            description: drawing.description,
            tab_size: (tab_size != TabSize::DEFAULT).then_some(tab_size),
        };
        self.component(|c| c.diagram(&view))
    }
}

/// Where a code block's rows are in the page's body, to name the line and column of a
/// cell as the author's editor does: each row is a line after the fence (or from the
/// block's start, for indented code), behind whatever its container puts before it
/// (a list's indent, a quote's `> `). Worked out once per block: a diagram with many
/// repairs asks for hundreds of places.
struct Lines<'a> {
    /// Per row: where its text starts in the body, and the text (`None` where the body
    /// ends before the row, whose place is then the body's last line).
    rows: Vec<(usize, Option<&'a str>)>,
    tab: usize,
}

impl<'a> Lines<'a> {
    /// `first` is where the block starts in `body`; `code` is its text.
    fn new(body: &'a str, first: usize, fenced: bool, code: &'a str, tab: usize) -> Self {
        let rest = &body[first..];
        let mut starts = std::iter::once(first)
            .chain(rest.match_indices('\n').map(|(at, _)| first + at + 1))
            .skip(usize::from(fenced));
        let mut last = first;
        let rows = (code.split('\n'))
            .map(|written| match starts.next() {
                Some(start) if start <= body.len() => {
                    last = start;
                    let line = &body[start..];
                    let line = &line[..line.find('\n').unwrap_or(line.len())];
                    let prefix = line.strip_suffix(written).map_or(0, str::len);
                    (start + prefix, Some(written))
                }
                _ => (last, None),
            })
            .collect();
        Lines { rows, tab }
    }

    /// The offset in the body of the character at display `column` of `row`.
    fn offset(&self, row: usize, column: usize) -> usize {
        let Some(&(start, written)) = self.rows.get(row).or(self.rows.last()) else {
            return 0;
        };
        match written {
            Some(written) if row < self.rows.len() => start + byte_at(written, column, self.tab),
            _ => start,
        }
    }
}

/// The byte offset in `row` of the character that covers display `column`: a character
/// of no width (a control character) is named at the column it is written at.
fn byte_at(row: &str, column: usize, tab: usize) -> usize {
    let mut col = 0;
    for (at, c) in row.char_indices() {
        let width = match c {
            '\t' => tab.max(1) - col % tab.max(1),
            c => c.width().unwrap_or(0),
        };
        if col + width > column || (width == 0 && col == column) {
            return at;
        }
        col += width;
    }
    row.len()
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
        let html = self.code_block(&kind, &code, range.start);
        Some((Event::Html(CowStr::from(html)), range.start..end.end))
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
                "guide/part/page.md:5:7: the label \"ABCDE\" on line 5 is 1 column wider than \
                 its box, whose edge is at column 6; drew the label narrower to fit"
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

    /// A bad arrow is shown as text on its own; past 32 of them, the whole diagram is.
    #[test]
    fn unreadable_diagrams_fall_back_to_text() {
        let arrows = "──▶\n".repeat(40);
        let out = render_with(
            &format!("```diagram\n┌──┐\n│ a │\n└──┘\n{arrows}```\n"),
            &NoPages(Default::default()),
        );
        assert!(!out.html.contains("<svg"));
        assert!(out.html.contains("class=\"diagram-art\""), "{}", out.html);
        assert_eq!(
            out.notes[0].to_string(),
            "guide/part/page.md:37:1: the arrowhead on line 37 points at neither a box nor \
             text; showed the diagram as text",
        );
    }

    /// A character no drawing shows is named where it is, not at its line's start.
    #[test]
    fn a_fallback_names_the_column_of_its_character() {
        let out = render_with(
            "```diagram\n┌────┐\n│ a\u{7} │\n└────┘\n```\n",
            &NoPages(Default::default()),
        );
        assert!(!out.html.contains("<svg"));
        assert_eq!(
            out.notes[0].to_string(),
            "guide/part/page.md:3:4: line 3 holds the control character U+0007, which no \
             drawing shows; showed the diagram as text",
        );
    }

    /// A repair is placed where the author's editor shows it: past a list's indent or a
    /// quote's `> `, and past a wide character, which is one character of the line.
    #[test]
    fn notes_name_the_line_and_column_in_the_file() {
        let art = "┌──────┐\n│ 数据 │\n│ ab    │\n└──────┘";
        let quoted: String = art.lines().map(|l| format!("> {l}\n")).collect();
        let listed: String = art.lines().map(|l| format!("   {l}\n")).collect();
        let md = format!(
            "x\n\n```diagram\n{art}\n```\n\n> ```\n{quoted}> ```\n\n1. item\n\n   ```\n{listed}   ```\n"
        );
        let out = render_with(&md, &NoPages(Default::default()));
        let notes: Vec<String> = out.notes.iter().map(|d| d.to_string()).collect();
        let said = "is 1 column right of its box's edge";
        assert_eq!(notes.len(), 3, "{notes:?}");
        assert!(
            notes[0].starts_with("guide/part/page.md:6:9: the right border on line 6"),
            "{notes:?}"
        );
        assert!(
            notes[0].contains(&format!("{said} at column 8;")),
            "{notes:?}"
        );
        assert!(
            notes[1].starts_with("guide/part/page.md:13:11: the right border on line 13"),
            "{notes:?}"
        );
        assert!(
            notes[1].contains(&format!("{said} at column 10;")),
            "{notes:?}"
        );
        assert!(
            notes[2].starts_with("guide/part/page.md:22:12: the right border on line 22"),
            "{notes:?}"
        );
    }

    /// The SVG of a page's one diagram.
    fn svg(md: &str) -> String {
        let out = render_with(md, &NoPages(Default::default()));
        assert!(
            out.notes.is_empty() && out.problems.is_empty(),
            "{:?}",
            out.notes
        );
        let start = out.html.find("<svg").expect("an SVG");
        out.html[start..out.html.find("</svg>").unwrap()].to_string()
    }

    /// Tabs stop every 8 columns, or every N with `tab=N`: the diagram is drawn as its
    /// twin written with spaces.
    #[test]
    fn a_fence_sets_the_tab_stops_of_its_diagram() {
        let fenced = |info: &str, art: &str| format!("```{info}\n{art}\n```\n");
        let tabbed = "\t┌───────┐\n\t│a\t│\n\t└───────┘";
        let at_8 = "        ┌───────┐\n        │a      │\n        └───────┘";
        assert_eq!(
            svg(&fenced("diagram", tabbed)),
            svg(&fenced("diagram", at_8))
        );
        let tabbed = "\t┌───┐\n\t│a\t│\n\t└───┘";
        let at_4 = "    ┌───┐\n    │a  │\n    └───┘";
        assert_eq!(
            svg(&fenced("diagram tab=4", tabbed)),
            svg(&fenced("diagram", at_4))
        );
        let four = render_with(
            &fenced("diagram tab=4", tabbed),
            &NoPages(Default::default()),
        );
        assert!(four.html.contains("style=\"--tab: 4\""), "{}", four.html);
    }

    #[test]
    fn a_fence_attribute_no_diagram_knows_is_a_problem_at_the_word() {
        let out = render_with(
            "Text\n\n```diagram tab=4 wide\n┌─┐\n└─┘\n```\n",
            &NoPages(Default::default()),
        );
        let problems: Vec<String> = out.problems.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            problems,
            [
                "guide/part/page.md:3:18: unknown diagram attribute \"wide\" (a diagram's fence \
              takes tab=N (tab stops every N columns), e.g. ```diagram tab=4)"
            ]
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

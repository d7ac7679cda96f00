//! The text pass: what a reader can search for on the page, section by section (the
//! text before the first heading, then each heading's). It passes every event on
//! unchanged and records headings, text, code, table cells, STAR answers and diagram
//! labels as plain text, with the lines of diagrams left out.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::Item;
use super::diagram::{self, code_labels};
use super::fences::{self, Code, lang};

/// Text kept of one section, so a search result can quote it: longer sections are
/// still indexed whole, but quoted from their start.
const MAX_TEXT: usize = 32 * 1024;

/// A section of a page as search sees it. Section 0 is the text before the first
/// heading; section `n` is under the page's `n`-th heading.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SectionText {
    /// The heading's id (none for section 0).
    pub anchor: Option<String>,
    /// The heading as plain text.
    pub heading: String,
    /// The section's text, one space between words and between blocks.
    pub text: String,
}

pub(super) struct Sections<'a, I> {
    events: I,
    /// None when the page is not searched (print, analysis): nothing is recorded.
    sections: Option<&'a mut Vec<SectionText>>,
    in_heading: bool,
    /// The code block the events are in, with its tab stops.
    code: Option<(Code, Option<usize>)>,
    /// A block's text that may be a diagram, kept to its end: a diagram is quoted by the
    /// labels its reading found (the reading is cached for the page's other passes).
    source: String,
    diagrams: &'a diagram::Cache,
}

impl<'a, I> Sections<'a, I> {
    pub(super) fn new(
        events: I,
        mut sections: Option<&'a mut Vec<SectionText>>,
        diagrams: &'a diagram::Cache,
    ) -> Self {
        if let Some(sections) = sections.as_deref_mut() {
            sections.clear();
            sections.push(SectionText::default());
        }
        Sections {
            events,
            sections,
            in_heading: false,
            code: None,
            source: String::new(),
            diagrams,
        }
    }

    fn record(&mut self, event: &Event) {
        let Some(sections) = self.sections.as_deref_mut() else {
            return;
        };
        match event {
            Event::Start(Tag::Heading { .. }) => {
                self.in_heading = true;
                sections.push(SectionText::default());
            }
            Event::End(TagEnd::Heading(_)) => self.in_heading = false,
            Event::Start(Tag::CodeBlock(kind)) => {
                self.code = Some((Code::of(lang(kind)), fences::tab(kind)));
            }
            Event::End(TagEnd::CodeBlock) => {
                self.end_code();
                self.push(" ");
            }
            // A list inside an item starts after the item's own words: `**Choice**:` then
            // its points.
            Event::Start(Tag::List(_) | Tag::Item | Tag::Paragraph) => self.push(" "),
            // Inline markup ends inside a word's sentence: `**Exactly-once**:` stays whole.
            Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image
                | TagEnd::Superscript
                | TagEnd::Subscript,
            ) => {}
            Event::End(_) | Event::SoftBreak | Event::HardBreak => self.push(" "),
            Event::Text(text) => match self.code {
                Some((Code::Diagram | Code::Untagged, _)) => self.source.push_str(text),
                // STAR answers are prose.
                Some((Code::Star, _)) => self.push(text),
                Some(_) => self.push_code(text),
                None => self.push(text),
            },
            Event::Code(text) | Event::InlineMath(text) => self.push(text),
            _ => {}
        }
    }

    /// A code block's end: a diagram's labels, or other code without its drawing.
    fn end_code(&mut self) {
        let Some((code, tab)) = self.code.take() else {
            return;
        };
        let source = std::mem::take(&mut self.source);
        match code_labels(self.diagrams, code, &source, tab) {
            Some(labels) => {
                for label in labels {
                    self.push(" ");
                    self.push(&label);
                }
            }
            None => self.push_code(&source),
        }
        self.source = source;
        self.source.clear();
    }

    fn push_code(&mut self, text: &str) {
        let section = self.sections.as_deref_mut().and_then(|s| s.last_mut());
        if let Some(section) = section.filter(|s| s.text.len() < MAX_TEXT) {
            push_without_art(&mut section.text, text);
        }
    }

    /// Adds `text` to the current heading or section, with runs of white space as one.
    /// Bytes, not chars: ASCII white space is all that separates words here (the search
    /// words skip any other).
    fn push(&mut self, text: &str) {
        let in_heading = self.in_heading;
        let Some(section) = self.sections.as_deref_mut().and_then(|s| s.last_mut()) else {
            return;
        };
        let out = if in_heading {
            &mut section.heading
        } else {
            &mut section.text
        };
        let bytes = text.as_bytes();
        // Most text is words between single spaces: copied whole.
        let starts_clean = bytes.first() != Some(&b' ') || !(out.is_empty() || out.ends_with(' '));
        if starts_clean && out.len() + bytes.len() <= MAX_TEXT && single_spaced(bytes) {
            out.push_str(text);
            return;
        }
        let mut at = 0;
        while let Some(&b) = bytes.get(at) {
            if b.is_ascii_whitespace() {
                if !out.is_empty() && !out.ends_with(' ') {
                    out.push(' ');
                }
                at += 1;
                continue;
            }
            if out.len() >= MAX_TEXT {
                return;
            }
            // Words between single spaces, copied at once; near the limit, one word.
            let mut end = single_spaced_run(bytes, at);
            if out.len() + (end - at) > MAX_TEXT {
                end = bytes[at..end]
                    .iter()
                    .position(|&b| b == b' ')
                    .map_or(end, |n| at + n);
            }
            out.push_str(&text[at..end]);
            at = end;
        }
    }
}

/// Where the words from `at` stop being separated by single spaces: at other white
/// space, a space before white space, or the end.
fn single_spaced_run(bytes: &[u8], at: usize) -> usize {
    let mut end = at;
    while let Some(&b) = bytes.get(end) {
        let lone_space = b == b' ' && bytes.get(end + 1).is_some_and(|n| !n.is_ascii_whitespace());
        if b.is_ascii_whitespace() && !lone_space {
            break;
        }
        end += 1;
    }
    end
}

/// Whether the only white space in `bytes` is single spaces.
fn single_spaced(bytes: &[u8]) -> bool {
    let mut space = false;
    for &b in bytes {
        if b == b' ' {
            if space {
                return false;
            }
            space = true;
        } else if b.is_ascii_whitespace() {
            return false;
        } else {
            space = false;
        }
    }
    true
}

/// The length of the box-drawing character, arrow or shape at `at` (the lines of a
/// diagram, not its words), or 0: U+2190 to U+21FF, U+2500 to U+25FF, U+27F0 to U+27FF
/// and U+2B00 to U+2BFF, read from their UTF-8 bytes (0xE2 and the next two).
fn art_at(bytes: &[u8], at: usize) -> usize {
    let (Some(0xe2), Some(&second), Some(&third)) =
        (bytes.get(at), bytes.get(at + 1), bytes.get(at + 2))
    else {
        return 0;
    };
    let art = match second {
        0x86 => third >= 0x90,
        0x87 | 0x94..=0x97 | 0xac..=0xaf => true,
        0x9f => third >= 0xb0,
        _ => false,
    };
    if art { 3 } else { 0 }
}

/// Characters that draw lines in ASCII art when two or more stand together (`+---+`).
fn is_ascii_art(b: u8) -> bool {
    matches!(
        b,
        b'-' | b'='
            | b'_'
            | b'~'
            | b'*'
            | b'+'
            | b'|'
            | b'<'
            | b'>'
            | b'^'
            | b'.'
            | b':'
            | b'/'
            | b'\\'
            | b'#'
    )
}

/// Code as search quotes it, added to `out`: drawing characters out, so a diagram reads
/// as its labels. Runs of white space and drawing become one space: a diagram is mostly
/// both.
fn push_without_art(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let blank_at = |at: usize| {
        bytes
            .get(at)
            .is_none_or(|b| b.is_ascii_whitespace() || art_at(bytes, at) > 0)
    };
    let (mut at, mut after_blank) = (0, true);
    while let Some(&b) = bytes.get(at) {
        // White space and drawing, however long the run: one space.
        let start = at;
        loop {
            match bytes.get(at) {
                Some(b' ' | b'\t' | b'\n' | b'\r' | b'\x0c') => at += 1,
                // Box drawing (U+2500 to U+25FF), the most of any diagram, at a glance.
                Some(0xe2) if matches!(bytes.get(at + 1), Some(0x94..=0x97)) => at += 3,
                Some(0xe2) if art_at(bytes, at) > 0 => at += 3,
                _ => break,
            }
        }
        if at > start {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
            after_blank = true;
        } else if is_ascii_art(b) {
            let run = bytes[at..].iter().take_while(|&&b| is_ascii_art(b)).count();
            let lone_border = matches!(b, b'|' | b'+') && after_blank && blank_at(at + 1);
            if run == 1 && !lone_border {
                out.push(char::from(b));
            } else if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
            at += run;
            after_blank = false;
        } else {
            // A label: copied up to the next space, drawing or art, a character at least.
            let c = text[at..].chars().next().unwrap_or(' ');
            let end = bytes[at + c.len_utf8()..]
                .iter()
                .position(|&b| b.is_ascii_whitespace() || b == 0xe2 || is_ascii_art(b))
                .map_or(bytes.len(), |n| at + c.len_utf8() + n);
            out.push_str(&text[at..end]);
            after_blank = end == at + c.len_utf8() && c.is_whitespace();
            at = end;
        }
    }
}

impl<'e, I: Iterator<Item = Item<'e>>> Iterator for Sections<'_, I> {
    type Item = Item<'e>;

    #[inline]
    fn next(&mut self) -> Option<Item<'e>> {
        let item = self.events.next()?;
        self.record(&item.0);
        Some(item)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{NoPages, render_with};
    use super::*;

    fn sections(markdown: &str) -> Vec<(Option<String>, String, String)> {
        render_with(markdown, &NoPages(Default::default()))
            .sections
            .into_iter()
            .map(|s| (s.anchor, s.heading, s.text))
            .collect()
    }

    #[test]
    fn text_is_kept_by_section_under_its_heading_anchor() {
        let found = sections(
            "Intro *words*.\n\n## Key Points {#key-points}\n- **Exactly-once**: `idempotent` writes\n- two\n\n| a | b |\n|---|---|\n| cell | more |\n",
        );
        assert_eq!(
            found,
            [
                (None, String::new(), "Intro words.".to_string()),
                (
                    Some("key-points".to_string()),
                    "Key Points".to_string(),
                    "Exactly-once: idempotent writes two a b cell more".to_string()
                ),
            ]
        );
    }

    #[test]
    fn a_nested_list_starts_a_word() {
        let found = sections("- **Choice**:\n  - ClickHouse for OLAP\n  - Delta\n- Next\n");
        assert_eq!(found[0].2, "Choice: ClickHouse for OLAP Delta Next");
    }

    #[test]
    fn white_space_runs_become_one_space() {
        let found =
            sections(" Lead  `a  b`\tend \nnext line  \nhard *x* `  c `\n\n## H\n\n`  `  tail\n");
        assert_eq!(found[0].2, "Lead a b end next line hard x c");
        assert_eq!(found[1].2, "tail");
    }

    #[test]
    fn a_long_section_is_quoted_to_the_word_that_passes_the_limit() {
        let line = "word ".repeat(199) + "last\n";
        let found = sections(&format!("## Long\n```star\n{}```\n", line.repeat(40)));
        let text = &found[1].2;
        assert!(
            text.len() >= MAX_TEXT && text.len() < MAX_TEXT + 5,
            "{}",
            text.len()
        );
        assert!(
            text.ends_with(" word") || text.ends_with(" last"),
            "{text:?}"
        );
        assert!(!text.contains("  "));
    }

    #[test]
    fn diagrams_are_quoted_by_their_labels() {
        let found = sections(
            "## D\n```\n┌───────┐    ┌──────┐\n│ Kafka │───▶│ Flink│\n└───────┘    └──────┘\n+-----+\n| S3  |--> x|y\n+-----+\n```\n",
        );
        assert_eq!(found[1].2, "Kafka Flink S3 x|y");
    }

    #[test]
    fn drawing_characters_are_known_by_their_bytes() {
        let drawn = |c: u32| matches!(c, 0x2190..=0x21FF | 0x2500..=0x25FF | 0x27F0..=0x27FF | 0x2B00..=0x2BFF);
        for c in (0x2000..0x2D00).filter_map(char::from_u32) {
            let mut buf = [0; 4];
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            assert_eq!(
                art_at(bytes, 0) > 0,
                drawn(c as u32),
                "{c} U+{:04X}",
                c as u32
            );
        }
        assert_eq!(art_at("é─".as_bytes(), 2), 3);
        assert_eq!(art_at(&[0xe2, 0x94], 0), 0, "cut short");
    }

    #[test]
    fn star_answers_are_text() {
        let found =
            sections("## Story\n```star\nSituation: a late pipeline\nResult: on time\n```\n");
        assert!(found[1].2.contains("a late pipeline"), "{found:?}");
        assert!(found[1].2.contains("on time"), "{found:?}");
    }
}

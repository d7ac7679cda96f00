//! The small pieces of HTML the markdown passes write many times a page: headings with
//! their anchor link, code blocks, task and do/don't list items, and concept links. Each
//! comes from a theme partial, compiled once per build into a [`Pattern`] (see
//! `render::snippets`) and filled in here by concatenation.

use super::{escape_html, escape_text};

/// Starts and ends a value's marker; private-use characters no template writes.
pub(crate) const OPEN: char = '\u{E000}';
pub(crate) const CLOSE: char = '\u{E001}';
/// Begins a marker's number: a filter that changes letters (`upper`, `lower`, `title`)
/// changes these, so the marker is seen to be changed.
const CASED: &str = "aZ";

/// Where value `i` goes, in a partial rendered to become a pattern.
pub(crate) fn marker(i: usize) -> String {
    format!("{OPEN}{CASED}{i}{CLOSE}")
}

/// Text with numbered holes for values.
#[derive(Debug, Clone, Default)]
pub(crate) struct Pattern(Vec<Piece>);

#[derive(Debug, Clone)]
enum Piece {
    Text(String),
    Value(usize),
}

impl Pattern {
    /// `rendered` split at its markers; `None` when a marker was changed (a filter such
    /// as `upper` on a value), which no pattern can do.
    pub(crate) fn parse(rendered: &str) -> Option<Pattern> {
        let mut pieces = Vec::new();
        let mut rest = rendered;
        while let Some(at) = rest.find(OPEN) {
            pieces.push(Piece::Text(rest[..at].to_string()));
            let after = &rest[at + OPEN.len_utf8()..];
            let end = after.find(CLOSE)?;
            let number = after[..end].strip_prefix(CASED)?;
            pieces.push(Piece::Value(number.parse().ok()?));
            rest = &after[end + CLOSE.len_utf8()..];
        }
        if rest.contains(CLOSE) {
            return None;
        }
        pieces.push(Piece::Text(rest.to_string()));
        Some(Pattern(pieces))
    }

    /// Writes the pattern with `values` in its holes, as they are.
    pub(crate) fn fill(&self, out: &mut String, values: &[&str]) {
        for piece in &self.0 {
            match piece {
                Piece::Text(text) => out.push_str(text),
                Piece::Value(i) => out.push_str(values.get(*i).copied().unwrap_or("")),
            }
        }
    }

    /// The pattern before and after the hole for value `at` (its content), which must
    /// appear once.
    pub(crate) fn split(self, at: usize) -> Option<(Pattern, Pattern)> {
        let holes = self
            .0
            .iter()
            .filter(|p| matches!(p, Piece::Value(i) if *i == at));
        if holes.count() != 1 {
            return None;
        }
        let mut pieces = self.0;
        let split = pieces
            .iter()
            .position(|p| matches!(p, Piece::Value(i) if *i == at))?;
        let after = pieces.split_off(split + 1);
        pieces.pop();
        Some((Pattern(pieces), Pattern(after)))
    }
}

/// A partial's opening and closing halves, around its content.
pub(crate) type Halves = (Pattern, Pattern);

/// Every snippet's patterns, compiled from the theme once per build.
#[derive(Debug, Clone, Default)]
pub struct Snippets {
    /// By level (1 to 6), then by whether the heading has classes.
    pub(crate) headings: Vec<[Halves; 2]>,
    /// By whether the code has a language, then whether it sets tab stops.
    pub(crate) code: [[Pattern; 2]; 2],
    /// Unticked, ticked.
    pub(crate) tasks: [Halves; 2],
    /// Do, don't.
    pub(crate) marks: [Halves; 2],
    pub(crate) concept: Pattern,
}

impl Snippets {
    /// A heading's opening (up to its text) and closing (its anchor link and end tag).
    /// `id` and `classes` are HTML-escaped already.
    pub fn heading(&self, level: u8, id: &str, classes: &str) -> (String, String) {
        let Some(variants) = self.headings.get(usize::from(level.clamp(1, 6)) - 1) else {
            return Default::default();
        };
        let (open, close) = &variants[usize::from(!classes.is_empty())];
        let values = [level_str(level), id, classes];
        let (mut before, mut after) = (String::new(), String::new());
        open.fill(&mut before, &values);
        close.fill(&mut after, &values);
        after.push('\n');
        (before, after)
    }

    /// A code block around `code` (HTML); `language` as written.
    pub fn code(&self, language: Option<&str>, tab: Option<usize>, code: &str) -> String {
        let pattern = &self.code[usize::from(language.is_some())][usize::from(tab.is_some())];
        let language = language.map(escape).unwrap_or_default();
        let tab = tab.map(|t| t.to_string()).unwrap_or_default();
        let mut out = String::with_capacity(code.len() + 64);
        pattern.fill(&mut out, &[&language, &tab, code]);
        out.push('\n');
        out
    }

    /// A task list item's opening (up to its text) and closing; `key` is what the
    /// reader's tick is kept under.
    pub fn task(&self, checked: bool, key: &str) -> (String, String) {
        let (open, close) = &self.tasks[usize::from(checked)];
        let values = ["", &escape(key)];
        let (mut before, mut after) = (String::new(), String::new());
        open.fill(&mut before, &values);
        close.fill(&mut after, &values);
        after.push('\n');
        (before, after)
    }

    /// A list item marked do (✅) or don't (❌): its opening and closing.
    pub fn mark(&self, dont: bool) -> (String, String) {
        fill_halves(&self.marks[usize::from(dont)])
    }

    /// A link to a concept's page: `href` and `text` as they are, escaped here.
    pub fn concept(&self, out: &mut String, href: &str, text: &str, name: &str) {
        self.concept
            .fill(out, &[&escape(href), &escape_text(text), &escape(name)]);
    }
}

fn fill_halves((open, close): &Halves) -> (String, String) {
    let (mut before, mut after) = (String::new(), String::new());
    open.fill(&mut before, &[]);
    close.fill(&mut after, &[]);
    after.push('\n');
    (before, after)
}

fn level_str(level: u8) -> &'static str {
    ["1", "2", "3", "4", "5", "6"][usize::from(level.clamp(1, 6)) - 1]
}

fn escape(text: &str) -> String {
    escape_html(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pattern_fills_its_holes_in_order_and_repeats() {
        let rendered = format!("<a href=\"{}\">{}</a>{}", marker(0), marker(1), marker(0));
        let pattern = Pattern::parse(&rendered).unwrap();
        let mut out = String::new();
        pattern.fill(&mut out, &["x.html", "X"]);
        assert_eq!(out, "<a href=\"x.html\">X</a>x.html");
    }

    #[test]
    fn a_changed_marker_is_no_pattern() {
        assert!(Pattern::parse(&marker(1).to_uppercase()).is_none());
        assert!(Pattern::parse(&marker(1).to_lowercase()).is_none());
        assert!(Pattern::parse(&format!("{OPEN}aZone{CLOSE}")).is_none());
        assert!(Pattern::parse(&marker(1)[..5]).is_none());
        assert!(Pattern::parse(&format!("1{CLOSE}")).is_none());
    }

    #[test]
    fn content_splits_a_pattern_in_two_only_when_shown_once() {
        let once = Pattern::parse(&format!("<li>{}</li>", marker(1))).unwrap();
        let (open, close) = once.split(1).unwrap();
        let (mut a, mut b) = (String::new(), String::new());
        open.fill(&mut a, &[]);
        close.fill(&mut b, &[]);
        assert_eq!((a.as_str(), b.as_str()), ("<li>", "</li>"));
        let twice = Pattern::parse(&format!("{0}{0}", marker(1))).unwrap();
        assert!(twice.split(1).is_none());
        assert!(Pattern::parse("<li></li>").unwrap().split(1).is_none());
    }
}

//! Box-drawing diagrams for the blocks and mentions passes, through the `boxart-svg`
//! crate: each diagram's text is read once per build and kept here, however many times
//! it is drawn (on its page, in handouts) or searched for concepts. What guidebook adds:
//! the cache, the fallback to text with its words, and notes in an author's terms.

use std::sync::{Arc, Mutex, OnceLock};

use boxart_svg::Options;
use rustc_hash::FxHashMap;

use super::fences::Code;
use crate::config::TabSize;

/// The smallest a diagram's text may render on screen, in CSS pixels: a column too narrow
/// to show the SVG this big scrolls it sideways instead of shrinking it further.
const MIN_TEXT_PX: f32 = 11.0;

/// A diagram's source with what is worked out from it, each at most once and only when
/// asked: whether it is box-drawing art (asked of untagged code only), and its reading.
#[derive(Debug)]
pub struct Entry {
    source: String,
    options: Options,
    art: OnceLock<bool>,
    reading: OnceLock<Result<boxart_svg::Drawing, boxart_svg::Error>>,
}

impl Entry {
    fn new(source: &str, tab: usize) -> Entry {
        Entry {
            source: source.to_string(),
            options: Options {
                tab_width: tab,
                ..Options::default()
            },
            art: OnceLock::new(),
            reading: OnceLock::new(),
        }
    }

    pub fn art(&self) -> bool {
        *self
            .art
            .get_or_init(|| boxart_svg::is_box_art(&self.source))
    }

    fn reading(&self) -> &Result<boxart_svg::Drawing, boxart_svg::Error> {
        self.reading
            .get_or_init(|| boxart_svg::render(&self.source, &self.options))
    }
}

/// Diagrams by their source text and tab stops, shared by every pass and page of a
/// build, with the guide's tab stops (`tab_size`), which code blocks follow too.
#[derive(Debug)]
pub struct Cache {
    /// By tab stops, then source.
    entries: Mutex<FxHashMap<usize, FxHashMap<String, Arc<Entry>>>>,
    tab_size: usize,
}

impl Default for Cache {
    fn default() -> Self {
        Cache::new(TabSize::DEFAULT)
    }
}

impl Cache {
    /// A cache for a guide whose tab stops are `tab_size` columns apart.
    pub fn new(tab_size: usize) -> Cache {
        Cache {
            entries: Mutex::default(),
            tab_size,
        }
    }

    /// The guide's tab stops, unless a fence sets its own.
    pub fn tab_size(&self) -> usize {
        self.tab_size
    }

    /// The entry for a code block's text read with tab stops `tab` (the guide's when
    /// `None`); the newlines that end it are not the drawing's.
    pub fn get(&self, code: &str, tab: Option<usize>) -> Arc<Entry> {
        let source = code.trim_end_matches('\n');
        let tab = tab.unwrap_or(self.tab_size);
        let Ok(mut entries) = self.entries.lock() else {
            return Arc::new(Entry::new(source, tab));
        };
        let entries = entries.entry(tab).or_default();
        if let Some(entry) = entries.get(source) {
            return entry.clone();
        }
        let entry = Arc::new(Entry::new(source, tab));
        entries.insert(source.to_string(), entry.clone());
        entry
    }
}

/// Finds the concept page a text names, as an href from the page being rendered.
pub(crate) type ConceptHref<'a> = &'a dyn Fn(&str) -> Option<String>;

/// How a diagram is shown, and what an author should know about it.
#[derive(Debug, Clone)]
pub(crate) struct Drawing {
    /// `None` when the diagram is shown as text.
    pub svg: Option<String>,
    /// The SVG's width, in whole CSS pixels, at which its text is `MIN_TEXT_PX`; 0 as text.
    pub min_width: u32,
    pub title: String,
    pub description: String,
    /// What was repaired, or why it is shown as text.
    pub notes: Vec<Said>,
}

/// One thing an author should know about a diagram: the row and display column of the
/// diagram it is about (from 0), and what, in words that name lines of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Said {
    pub row: usize,
    pub column: usize,
    pub message: String,
    pub help: Option<String>,
}

/// Maps a row and display column of a diagram to the line and column of its file.
pub(crate) type Place<'a> = &'a dyn Fn(usize, usize) -> (usize, usize);

/// A diagram to draw: its text, the tab stops its fence sets, and where it is.
pub(crate) struct Source<'a> {
    pub text: &'a str,
    pub tab: Option<usize>,
    pub place: Place<'a>,
}

/// Draws `source` from its reading in `cache`; `id` must be unique on the page (it names
/// the title and description). With `svg` false only the words and notes are worked out.
pub(crate) fn draw_cached(
    cache: &Cache,
    source: &Source,
    id: &str,
    concept: ConceptHref,
    svg: bool,
) -> Drawing {
    let entry = cache.get(source.text, source.tab);
    match entry.reading() {
        Ok(drawing) => Drawing {
            svg: svg.then(|| drawing.svg(id, concept)),
            min_width: drawing.width_for_text(MIN_TEXT_PX).ceil() as u32,
            notes: said(drawing, source, entry.options.tab_width),
            title: drawing.title().to_string(),
            description: drawing.description().to_string(),
        },
        Err(reason) => Drawing {
            svg: None,
            min_width: 0,
            title: "Diagram".to_string(),
            description: boxart_svg::words(source.text).join("; "),
            notes: vec![fallback(reason, source, entry.options.tab_width)],
        },
    }
}

/// The repairs of a drawing. A tab is no repair (its stops are the guide's or the
/// fence's), but where a drawing needed repairs, tabs may be why: the help says so.
fn said(drawing: &boxart_svg::Drawing, source: &Source, tab: usize) -> Vec<Said> {
    let notes = drawing.notes();
    let help = tabs_help(source.text, tab);
    (notes.iter())
        .filter(|n| !matches!(n.kind, boxart_svg::NoteKind::Tab { .. }))
        .map(|n| Said {
            row: n.row,
            column: n.column,
            message: n.message(source.place),
            help: help.clone(),
        })
        .collect()
}

fn tabs_help(text: &str, tab: usize) -> Option<String> {
    text.contains('\t').then(|| {
        format!(
            "the diagram has tabs, read with stops every {tab} columns: if it was drawn with \
             other stops, set them on the fence (```diagram tab=4) or write spaces"
        )
    })
}

/// Why a diagram is shown as text, at the fault: the character that cannot be drawn,
/// else the first character of the row the reader names.
fn fallback(reason: &boxart_svg::Error, source: &Source, tab: usize) -> Said {
    let row = fault_row(reason).unwrap_or(0);
    let text = source.text.lines().nth(row).unwrap_or("");
    let indent = columns(&text[..text.len() - text.trim_start().len()], tab);
    let column = match *reason {
        boxart_svg::Error::ControlCharacter { character, .. } => {
            text.find(character).map(|at| columns(&text[..at], tab))
        }
        // A mark has no column of its own: it sits on the character before it.
        boxart_svg::Error::ZeroWidthOnDrawing { character, .. } => text
            .find(character)
            .map(|at| columns(&text[..at], tab).saturating_sub(1)),
        _ => None,
    }
    .unwrap_or(indent);
    let line = (source.place)(row, column).0;
    let what = why(reason, line);
    Said {
        row,
        column,
        message: format!("{what}; showed the diagram as text"),
        help: tabs_help(source.text, tab),
    }
}

/// The row a reason names, from 0.
fn fault_row(reason: &boxart_svg::Error) -> Option<usize> {
    use boxart_svg::Error::*;
    match *reason {
        ControlCharacter { row, .. }
        | ZeroWidthOnDrawing { row, .. }
        | BorderTooFar { row, .. }
        | BorderOntoLine { row }
        | FrameLeftOfDrawing { row }
        | SharedBorderDisagrees { row }
        | LineCouldJoinTwo { row }
        | LineTooFar { row, .. }
        | LineLeftOfDrawing { row }
        | LinesCollide { row }
        | BrokenEdge { row }
        | ArrowOffDrawing { row }
        | ArrowAtNothing { row }
        | CellOutsideSource { row }
        | NoGlyph { row } => Some(row),
        _ => None,
    }
}

/// A reason in an author's words: what they see on `line`.
fn why(reason: &boxart_svg::Error, line: usize) -> String {
    use boxart_svg::Error::*;
    match reason {
        ControlCharacter { character, .. } => format!(
            "line {line} holds the control character U+{:04X}, which no drawing shows",
            *character as u32
        ),
        ZeroWidthOnDrawing { character, .. } => format!(
            "on line {line} a combining mark (U+{:04X}) sits on a line of the drawing",
            *character as u32
        ),
        BorderTooFar { columns, .. } => format!(
            "a border on line {line} is {columns} columns from its box's edge, too far to be \
             a slip"
        ),
        BorderOntoLine { .. } => format!(
            "a border on line {line} is off its box's edge, and a line already runs where it \
             belongs"
        ),
        FrameLeftOfDrawing { .. } => format!(
            "the box on line {line} would start left of the first column once its borders \
             are lined up"
        ),
        SharedBorderDisagrees { .. } => format!(
            "the boxes side by side on line {line} put the border they share in different \
             columns"
        ),
        LineCouldJoinTwo { .. } => {
            format!("the line on line {line} could go on into either of two lines below it")
        }
        LineTooFar { columns, .. } => format!(
            "the line on line {line} is {columns} columns off the line it continues, too far \
             to be a slip"
        ),
        LineLeftOfDrawing { .. } | LinesCollide { .. } => {
            format!("the lines on line {line} cannot all be lined up with the lines they continue")
        }
        BrokenEdge { .. } => format!(
            "a box's edge on line {line} has a gap or a character that does not continue it"
        ),
        ArrowOffDrawing { .. } => format!("the arrowhead on line {line} points off the drawing"),
        ArrowAtNothing { .. } => {
            format!("the arrowhead on line {line} points at neither a box nor text")
        }
        ArrowFromNowhere => "an arrow's line has a loose end, or starts at nothing".to_string(),
        other => format!("the drawing could not be read exactly as written ({other})"),
    }
}

/// The words a code block shows when it is a diagram (a `diagram` fence, or an untagged
/// one of box-drawing art), from its reading in `cache`: what search and concept mentions
/// read of it. None for other code.
pub(super) fn code_labels(
    cache: &Cache,
    code: Code,
    source: &str,
    tab: Option<usize>,
) -> Option<Vec<String>> {
    let art = match code {
        Code::Diagram => true,
        Code::Untagged => cache.get(source, None).art(),
        Code::Star | Code::Other => false,
    };
    art.then(|| labels_cached(cache, source, tab))
}

/// The words a diagram shows, from its reading in `cache`.
fn labels_cached(cache: &Cache, source: &str, tab: Option<usize>) -> Vec<String> {
    match cache.get(source, tab).reading() {
        Ok(drawing) => drawing.labels(),
        Err(_) => boxart_svg::words(source),
    }
}

/// Display columns of the source's widest line, as the reader counts them.
pub(crate) fn columns(source: &str, tab: usize) -> usize {
    let options = Options {
        tab_width: tab,
        ..Options::default()
    };
    boxart_svg::columns(source, &options)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreadable_art_falls_back_with_its_words() {
        let source = Source {
            text: &format!("┌──┐\n│ a │ x\n└──┘{}", "\n──▶".repeat(40)),
            tab: None,
            place: &|row, column| (row + 1, column + 1),
        };
        let drawing = draw_cached(&Cache::default(), &source, "d", &|_| None, true);
        assert!(drawing.svg.is_none());
        assert!(
            drawing.notes[0]
                .message
                .ends_with("showed the diagram as text"),
            "{:?}",
            drawing.notes
        );
        assert_eq!(drawing.description, "a; x");
    }
}

#![doc = include_str!("../README.md")]
//!
//! # How it reads
//!
//! The character grid (tabs expanded, wide characters two cells); frames traced from
//! their corners, with borders that wander a column or two repaired and noted; the
//! layout of strokes, arrowheads and text, with the flows arrows give; the words that
//! describe it; and the SVG. The reading holds every character of the source
//! ([`Drawing::rebuild`] gives it back), so nothing drawn is lost. Art that cannot be
//! read with confidence is an [`Error`], never a wrong picture.
#![warn(missing_docs)]

mod alignment;
mod ascii;
mod describe;
mod error;
mod escape;
mod frames;
mod glyphs;
mod grid;
mod layout;
mod line_style;
mod moved_lines;
mod note;
mod outline;
mod rebuild;
mod regions;
mod sides;
mod svg;

pub use alignment::{Alignment, Repair, RepairKind};
pub use describe::Words;
pub use error::Error;
pub use frames::Frame;
pub use layout::{Arrow, Edge, Layout, Node, Stroke, TextRun};
pub use note::{Border, LineFault, Note, NoteKind, RegionFault};

use grid::Grid;

/// How text is read and how big the SVG draws it.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Columns between tab stops (8 by default, as browsers and terminals show code). A
    /// tab is read as spaces to the next stop, and noted.
    pub tab_width: usize,
    /// Width of one character cell, in SVG units (8 by default).
    pub cell_width: f32,
    /// Height of one character cell, in SVG units (16 by default): monospace cells are
    /// about twice as tall as wide.
    pub cell_height: f32,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            tab_width: grid::TAB_WIDTH,
            cell_width: 8.0,
            cell_height: 16.0,
        }
    }
}

/// A diagram read from its text: what it holds, its words, what was repaired, and its
/// SVG. Reading is the costly part; [`Drawing::svg`] is cheap, so a caller that shows
/// one diagram in several places (with different ids or links) reads it once.
#[derive(Debug, Clone)]
pub struct Drawing {
    layout: Layout,
    words: Words,
    cell: svg::Cell,
}

/// Reads `text` as a box-drawing diagram, or says why it cannot be read with confidence.
///
/// ```
/// let drawing = boxart_svg::render("┌───┐   ┌───┐\n│ A │──▶│ B │\n└───┘   └───┘", &Default::default())?;
/// assert_eq!(drawing.description(), "A → B");
///
/// let error = boxart_svg::render("──▶\u{7}", &Default::default()).unwrap_err();
/// assert_eq!(error.to_string(), "row 1: control character U+0007");
/// # Ok::<(), boxart_svg::Error>(())
/// ```
pub fn render(text: &str, options: &Options) -> Result<Drawing, Error> {
    let mut grid = Grid::parse(text, options.tab_width)?;
    ascii::draw(&mut grid);
    let layout = layout::build(&grid)?;
    let words = describe::describe(&layout);
    let cell = svg::Cell {
        width: options.cell_width,
        height: options.cell_height,
    };
    Ok(Drawing {
        layout,
        words,
        cell,
    })
}

impl Drawing {
    /// The SVG. `id` must be unique in the document the SVG goes into: it prefixes the
    /// ids of the `<title>` and `<desc>` elements the SVG is labelled by. `link` gives
    /// the href, if any, for a frame's name (the whole frame links) or a run of text.
    ///
    /// ```
    /// let drawing = boxart_svg::render("┌──────┐\n│ Kafka │\n└──────┘", &Default::default())?;
    /// let svg = drawing.svg("fig-1", &|name| (name == "Kafka").then(|| "kafka.html".to_string()));
    /// assert!(svg.contains(r#"aria-labelledby="fig-1-title""#));
    /// assert!(svg.contains(r#"<a class="dg-link" href="kafka.html" aria-label="Kafka">"#));
    /// # Ok::<(), boxart_svg::Error>(())
    /// ```
    pub fn svg(&self, id: &str, link: &dyn Fn(&str) -> Option<String>) -> String {
        svg::render(&self.layout, &self.words, self.cell, id, link)
    }

    /// How wide the SVG is, in CSS pixels, when its text is `px` pixels: narrower, and
    /// the text is smaller. For a page that would rather scroll than shrink text past
    /// readable.
    ///
    /// ```
    /// let drawing = boxart_svg::render("┌───┐\n│ A │\n└───┘", &Default::default())?;
    /// // 5 columns of 8 units and 8 of padding each side, text 13 units high.
    /// assert_eq!(drawing.width_for_text(13.0), 56.0);
    /// assert_eq!(drawing.width_for_text(6.5), 28.0);
    /// # Ok::<(), boxart_svg::Error>(())
    /// ```
    pub fn width_for_text(&self, px: f32) -> f32 {
        let width = self.layout.width as f32 * self.cell.width + 2.0 * svg::PAD;
        width * px / svg::FONT_SIZE
    }

    /// A short title: the outermost frame's name, or a count of what is drawn.
    pub fn title(&self) -> &str {
        &self.words.title
    }

    /// The diagram in words, for screen readers: what flows where, or what it holds.
    pub fn description(&self) -> &str {
        &self.words.description
    }

    /// Every label it shows: each frame's label (its lines joined), then the text
    /// outside frames. For indexing or finding terms in the diagram.
    pub fn labels(&self) -> Vec<String> {
        let mut labels: Vec<String> = (self.words.labels.iter())
            .filter(|l| !l.is_empty())
            .cloned()
            .collect();
        labels.extend((self.words.free.iter()).map(|&t| self.layout.texts[t].text.clone()));
        labels
    }

    /// What was repaired (and each tab read as spaces), by row and column.
    pub fn notes(&self) -> Vec<Note> {
        note::notes(&self.layout)
    }

    /// What was read: frames, strokes, arrowheads, text runs and the edges between them.
    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    /// The words worked out from the layout: names and labels of frames, title and
    /// description.
    pub fn words(&self) -> &Words {
        &self.words
    }

    /// The text the drawing was read from, rebuilt from what was read alone: proof that
    /// no character was lost. An error here is a bug in the reader.
    pub fn rebuild(&self) -> Result<String, Error> {
        rebuild::rebuild(&self.layout)
    }
}

/// Whether text is box-drawing art rather than prose or code: a closed frame, or at
/// least three joined line characters (a tree branch). For deciding whether an
/// unlabelled block is a diagram.
///
/// ```
/// assert!(boxart_svg::is_box_art("┌─┐\n│a│\n└─┘"));
/// assert!(boxart_svg::is_box_art("root\n├── one\n└── two"));
/// assert!(!boxart_svg::is_box_art("A → B, then ▶ C"));
/// ```
pub fn is_box_art(text: &str) -> bool {
    let Ok(grid) = Grid::parse(text, grid::TAB_WIDTH) else {
        return false;
    };
    if frames::find(&grid).is_ok_and(|(f, _)| !f.is_empty()) {
        return true;
    }
    grid.rows.iter().enumerate().any(|(row, cells)| {
        cells.iter().enumerate().any(|(col, cell)| {
            let Some(line) = cell.line() else {
                return false;
            };
            let joined = glyphs::DIRECTIONS
                .iter()
                .filter(|&&d| {
                    line.has(d)
                        && glyphs::step(row, col, d)
                            .and_then(|(r, c)| grid.line_at(r, c))
                            .is_some_and(|n| n.has(glyphs::opposite(d)))
                })
                .count();
            joined >= 2
        })
    })
}

/// The words of art that could not be read: runs of text between drawing characters,
/// spaces collapsed. What a caller can index or describe when [`render`] fails.
///
/// ```
/// assert_eq!(boxart_svg::words("┌──┐\n│ a │ x\n└──┘  ──▶"), ["a", "x"]);
/// ```
pub fn words(text: &str) -> Vec<String> {
    text.lines()
        .flat_map(|line| line.split(is_drawing))
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|s| s.chars().any(char::is_alphanumeric))
        .collect()
}

/// Display columns of the widest line of `text`, counted as [`render`] counts them: for
/// sizing the text itself when it is shown instead of a drawing.
///
/// ```
/// assert_eq!(boxart_svg::columns("a\tb\n数据", &Default::default()), 9);
/// ```
pub fn columns(text: &str, options: &Options) -> usize {
    grid::columns(text, options.tab_width.max(1))
}

/// Characters that draw: box drawing (U+2500 to U+257F) and arrowheads.
fn is_drawing(c: char) -> bool {
    matches!(
        c,
        '\u{2500}'..='\u{257F}' | '▶' | '►' | '◀' | '◄' | '▲' | '▼'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(text: &str) -> Vec<String> {
        render(text, &Options::default()).map_or_else(|_| words(text), |d| d.labels())
    }

    #[test]
    fn box_art_is_recognised() {
        assert!(is_box_art("┌─┐\n│a│\n└─┘"));
        assert!(is_box_art("1. STEP\n   ├── one\n   └── two"));
        assert!(!is_box_art("SELECT * FROM t -- ok"));
        assert!(!is_box_art("A → B, then ▶ C"));
        assert!(!is_box_art("SITUATION: x\nTASK: y"));
        assert!(!is_box_art("a ─ b"));
    }

    #[test]
    fn box_labels_join_across_rows() {
        let art = "┌─────────────┐    ┌─────────────┐\n\
                   │   Sources   │───▶│   Flink/    │\n\
                   │  (Apps,IoT) │    │   Spark     │\n\
                   └─────────────┘    │  Streaming  │\n\
                   \x20                  └──────┬──────┘\n\
                   \x20                         └───▶ Search Indexing\n";
        assert_eq!(
            labels(art),
            [
                "Sources (Apps,IoT)",
                "Flink/ Spark Streaming",
                "Search Indexing"
            ]
        );
    }

    #[test]
    fn unreadable_art_is_an_error_and_keeps_its_words() {
        let art = "┌──┐\n│ a │ x\n└──┘  ──▶\u{7}";
        assert!(render(art, &Options::default()).is_err());
        assert_eq!(labels(art), ["a", "x"]);
    }

    /// Art indented with tabs, as git's documentation draws it, is drawn as its twin
    /// with each tab written as spaces to the next stop of 8.
    #[test]
    fn tabs_stop_every_eight_columns() {
        let tabbed = "\t┌───┐\t┌───┐\n\t│ A │──▶│ B │\n\t└───┘\t└───┘";
        let spaced = "        ┌───┐   ┌───┐\n        │ A │──▶│ B │\n        └───┘   └───┘";
        let drawn = |art: &str| {
            render(art, &Options::default())
                .unwrap()
                .svg("d", &|_| None)
        };
        assert_eq!(drawn(tabbed), drawn(spaced));
        assert!(drawn(spaced).contains("A → B"));
    }

    #[test]
    fn width_for_text_is_the_svg_width_scaled() {
        let big = Options {
            cell_width: 10.0,
            ..Options::default()
        };
        let drawing = render("┌────────┐\n│ Kafka  │\n└────────┘", &big).unwrap();
        let svg = drawing.svg("d", &|_| None);
        assert!(svg.contains(r#"width="116""#), "{svg}");
        assert!(svg.contains(r#"font-size="13""#), "{svg}");
        assert_eq!(drawing.width_for_text(13.0), 116.0);
        assert_eq!(drawing.width_for_text(26.0), 232.0);
    }

    #[test]
    fn tab_width_and_cell_size_are_options() {
        let art = "┌───────┐\n│a\t│\n└───────┘";
        // Column 2 to the stop at 8: the border lands where the frame puts it.
        let drawing = render(art, &Options::default()).unwrap();
        assert_eq!(drawing.notes()[0].kind, NoteKind::Tab { width: 6 });
        let narrow = Options {
            tab_width: 4,
            ..Options::default()
        };
        // Stops every 4 columns end the row short of its border: no frame is drawn.
        let short = render(art, &narrow).unwrap();
        assert!(short.layout().frames.is_empty(), "{:?}", short.notes());
        let big = Options {
            cell_width: 10.0,
            cell_height: 20.0,
            ..Options::default()
        };
        let svg = render(art, &big).unwrap().svg("d", &|_| None);
        assert!(svg.contains(r#"viewBox="0 0 106 76""#), "{svg}");
    }
}

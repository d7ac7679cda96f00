//! Box-drawing diagrams become SVG. The pipeline: the character [`grid`] (tabs expanded,
//! wide characters two cells), [`frames`] traced from their corners with wandering
//! borders repaired, the [`layout`] of strokes, arrowheads and text with the flows
//! arrows give, the words that [`describe`] it, and the [`svg`]. [`rebuild`] proves the
//! primitives hold the whole source. Art that cannot be read with confidence is shown as
//! text, never as a wrong picture.

mod describe;
mod frames;
mod glyphs;
mod grid;
mod layout;
mod rebuild;
mod svg;

pub use describe::Words;
pub use frames::{Repair, RepairKind};
pub use grid::columns;
pub use layout::{Edge, Layout, Node};
pub use rebuild::rebuild;
pub use svg::ConceptHref;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use grid::Grid;

/// A diagram read from its text: its primitives and its words.
#[derive(Debug, Clone)]
pub struct Reading {
    pub layout: Layout,
    pub words: Words,
}

/// Reads `source`, or says why it cannot be read with confidence.
pub fn read(source: &str) -> Result<Reading, String> {
    let grid = Grid::parse(source)?;
    let layout = layout::build(&grid)?;
    let words = describe::describe(&layout);
    Ok(Reading { layout, words })
}

/// A diagram's source with what is worked out from it, each at most once and only when
/// asked: whether it is box-drawing art (asked of untagged code only), and its reading.
#[derive(Debug)]
pub struct Entry {
    source: String,
    art: OnceLock<bool>,
    reading: OnceLock<Result<Reading, String>>,
}

impl Entry {
    fn new(source: &str) -> Entry {
        Entry {
            source: source.to_string(),
            art: OnceLock::new(),
            reading: OnceLock::new(),
        }
    }

    pub fn art(&self) -> bool {
        *self.art.get_or_init(|| is_box_art(&self.source))
    }

    pub fn reading(&self) -> &Result<Reading, String> {
        self.reading.get_or_init(|| read(&self.source))
    }
}

/// Diagrams by their source text, shared by every pass and page of a build: each is read
/// once, however many times it is drawn (on its page, in handouts) or searched.
#[derive(Debug, Default)]
pub struct Cache {
    entries: Mutex<HashMap<String, Arc<Entry>>>,
}

impl Cache {
    /// The entry for a code block's text; the newlines that end it are not the drawing's.
    pub fn get(&self, code: &str) -> Arc<Entry> {
        let source = code.trim_end_matches('\n');
        let Ok(mut entries) = self.entries.lock() else {
            return Arc::new(Entry::new(source));
        };
        if let Some(entry) = entries.get(source) {
            return entry.clone();
        }
        let entry = Arc::new(Entry::new(source));
        entries.insert(source.to_string(), entry.clone());
        entry
    }
}

/// How a diagram is shown, and what an author should know about it.
#[derive(Debug, Clone)]
pub struct Drawing {
    /// `None` when the diagram is shown as text.
    pub svg: Option<String>,
    pub title: String,
    pub description: String,
    /// What was repaired, or why it fell back: `(row, column, message)`, from 0.
    pub notes: Vec<(usize, usize, String)>,
    /// Its words, for finding concepts.
    pub labels: Vec<String>,
}

/// Draws `source`; `id` must be unique on the page (it names the title and description).
/// With `svg` false only the words and notes are worked out.
pub fn draw(source: &str, id: &str, concept: ConceptHref, svg: bool) -> Drawing {
    drawing(source, &read(source), id, concept, svg)
}

/// [`draw`] from a reading in `cache`.
pub fn draw_cached(
    cache: &Cache,
    source: &str,
    id: &str,
    concept: ConceptHref,
    svg: bool,
) -> Drawing {
    drawing(source, cache.get(source).reading(), id, concept, svg)
}

fn drawing(
    source: &str,
    read: &Result<Reading, String>,
    id: &str,
    concept: ConceptHref,
    svg: bool,
) -> Drawing {
    match read {
        Ok(reading) => Drawing {
            svg: svg.then(|| svg::render(&reading.layout, &reading.words, id, concept)),
            notes: notes(&reading.layout),
            labels: labels_of(reading),
            title: reading.words.title.clone(),
            description: reading.words.description.clone(),
        },
        Err(reason) => {
            let labels = text_labels(source);
            Drawing {
                svg: None,
                title: "Diagram".to_string(),
                description: labels.join("; "),
                notes: vec![(0, 0, format!("diagram shown as text: {reason}"))],
                labels,
            }
        }
    }
}

fn labels_of(reading: &Reading) -> Vec<String> {
    let words = &reading.words;
    let mut labels: Vec<String> = words
        .labels
        .iter()
        .filter(|l| !l.is_empty())
        .cloned()
        .collect();
    labels.extend(
        words
            .free
            .iter()
            .map(|&t| reading.layout.texts[t].text.clone()),
    );
    labels
}

/// What was repaired, per row, in words an author can act on.
fn notes(layout: &Layout) -> Vec<(usize, usize, String)> {
    let mut notes = Vec::new();
    for r in &layout.alignment.repairs {
        let cols = |n: isize| format!("{} column{}", n.abs(), if n.abs() == 1 { "" } else { "s" });
        let message = match r.kind {
            RepairKind::Condensed => {
                let label = layout
                    .texts
                    .iter()
                    .find(|t| t.row == r.row && t.source_col + t.width == r.col)
                    .map_or(String::new(), |t| format!(" \"{}\"", t.text));
                format!(
                    "diagram label{label} is {} wider than its box; condensed it to fit",
                    cols(r.delta)
                )
            }
            RepairKind::MovedBorder => format!(
                "diagram border is {} {} of its box's edge; moved it back",
                cols(r.delta),
                if r.delta > 0 { "right" } else { "left" }
            ),
            RepairKind::MovedLine => format!(
                "diagram line is {} {} of the line it continues; moved it into line",
                cols(r.delta),
                if r.delta > 0 { "right" } else { "left" }
            ),
        };
        notes.push((r.row, r.col, message));
    }
    for &(row, col, width) in &layout.tabs {
        notes.push((row, col, format!("diagram has a tab, read as {width} spaces; use spaces so every editor shows it alike")));
    }
    notes.sort();
    notes
}

/// Whether an untagged code block is box-drawing art: a closed frame, or at least three
/// joined line characters (a tree branch). Prose with a stray arrow, SQL or a STAR
/// answer are not.
pub fn is_box_art(source: &str) -> bool {
    let Ok(grid) = Grid::parse(source) else {
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

/// Characters that draw: box drawing (U+2500 to U+257F) and arrowheads.
pub fn is_drawing(c: char) -> bool {
    matches!(
        c,
        '\u{2500}'..='\u{257F}' | '▶' | '►' | '◀' | '◄' | '▲' | '▼'
    )
}

/// The words of art that could not be read: runs of text between drawing characters.
fn text_labels(source: &str) -> Vec<String> {
    source
        .lines()
        .flat_map(|line| line.split(is_drawing))
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|s| s.chars().any(char::is_alphanumeric))
        .collect()
}

/// The words a diagram shows, for finding concepts in it.
pub fn labels(source: &str) -> Vec<String> {
    labels_from(source, &read(source))
}

/// [`labels`] from a reading in `cache`.
pub fn labels_cached(cache: &Cache, source: &str) -> Vec<String> {
    labels_from(source, cache.get(source).reading())
}

fn labels_from(source: &str, read: &Result<Reading, String>) -> Vec<String> {
    match read {
        Ok(reading) => labels_of(reading),
        Err(_) => text_labels(source),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn unreadable_art_falls_back_with_its_words() {
        let drawing = draw("┌──┐\n│ a │ x\n└──┘  ──▶", "d", &|_| None, true);
        assert!(drawing.svg.is_none());
        assert!(
            drawing.notes[0].2.starts_with("diagram shown as text"),
            "{:?}",
            drawing.notes
        );
        assert_eq!(drawing.labels, ["a", "x"]);
    }
}

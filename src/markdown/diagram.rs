//! Box-drawing diagrams for the blocks and mentions passes, through the `boxart-svg`
//! crate: each diagram's text is read once per build and kept here, however many times
//! it is drawn (on its page, in handouts) or searched for concepts. What guidebook adds:
//! the cache, the fallback to text with its words, and notes in an author's terms.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use boxart_svg::Options;

/// The smallest a diagram's text may render on screen, in CSS pixels: a column too narrow
/// to show the SVG this big scrolls it sideways instead of shrinking it further.
const MIN_TEXT_PX: f32 = 11.0;

/// A diagram's source with what is worked out from it, each at most once and only when
/// asked: whether it is box-drawing art (asked of untagged code only), and its reading.
#[derive(Debug)]
pub struct Entry {
    source: String,
    art: OnceLock<bool>,
    reading: OnceLock<Result<boxart_svg::Drawing, boxart_svg::Error>>,
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
        *self
            .art
            .get_or_init(|| boxart_svg::is_box_art(&self.source))
    }

    fn reading(&self) -> &Result<boxart_svg::Drawing, boxart_svg::Error> {
        self.reading
            .get_or_init(|| boxart_svg::render(&self.source, &Options::default()))
    }
}

/// Diagrams by their source text, shared by every pass and page of a build.
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
    /// What was repaired, or why it fell back: `(row, column, message)`, from 0.
    pub notes: Vec<(usize, usize, String)>,
}

/// Draws `source` from its reading in `cache`; `id` must be unique on the page (it names
/// the title and description). With `svg` false only the words and notes are worked out.
pub(crate) fn draw_cached(
    cache: &Cache,
    source: &str,
    id: &str,
    concept: ConceptHref,
    svg: bool,
) -> Drawing {
    match cache.get(source).reading() {
        Ok(drawing) => Drawing {
            svg: svg.then(|| drawing.svg(id, concept)),
            min_width: drawing.width_for_text(MIN_TEXT_PX).ceil() as u32,
            notes: (drawing.notes().into_iter())
                .map(|n| (n.row, n.column, n.kind.to_string()))
                .collect(),
            title: drawing.title().to_string(),
            description: drawing.description().to_string(),
        },
        Err(reason) => Drawing {
            svg: None,
            min_width: 0,
            title: "Diagram".to_string(),
            description: boxart_svg::words(source).join("; "),
            notes: vec![(0, 0, format!("diagram shown as text: {reason}"))],
        },
    }
}

/// The words a diagram shows, for finding concepts in it, from its reading in `cache`.
pub(crate) fn labels_cached(cache: &Cache, source: &str) -> Vec<String> {
    match cache.get(source).reading() {
        Ok(drawing) => drawing.labels(),
        Err(_) => boxart_svg::words(source),
    }
}

/// Display columns of the source's widest line, as the reader counts them.
pub(crate) fn columns(source: &str) -> usize {
    boxart_svg::columns(source, &Options::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreadable_art_falls_back_with_its_words() {
        let drawing = draw_cached(
            &Cache::default(),
            "┌──┐\n│ a │ x\n└──┘  ──▶",
            "d",
            &|_| None,
            true,
        );
        assert!(drawing.svg.is_none());
        assert!(
            drawing.notes[0].2.starts_with("diagram shown as text"),
            "{:?}",
            drawing.notes
        );
        assert_eq!(drawing.description, "a; x");
    }
}

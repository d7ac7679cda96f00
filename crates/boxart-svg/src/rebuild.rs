//! The round trip: the source rebuilt from the drawing primitives alone. Each cell's
//! character comes back from the arms that frames and strokes draw through it, each
//! arrowhead and text run from its record; repairs are undone to put every cell back in
//! its source column, tabs are restored. If this gives the source back exactly, nothing
//! was lost or invented.

use std::collections::BTreeMap;

use super::glyphs::{self, DOWN, LEFT, Line, RIGHT, UP, Weight};
use super::layout::Layout;
use crate::Error;

pub(crate) fn rebuild(layout: &Layout) -> Result<String, Error> {
    let mut cells: BTreeMap<(usize, usize), Line> = BTreeMap::new();
    for f in &layout.frames {
        let [top, right, bottom, left] = f.sides.weights;
        let [top_d, right_d, bottom_d, left_d] = f.sides.dashes;
        for col in f.left..f.right {
            if f.top_drawn(col) {
                arm(&mut cells, f.top, col, RIGHT, top, top_d);
            }
            if f.top_drawn(col + 1) {
                arm(&mut cells, f.top, col + 1, LEFT, top, top_d);
            }
            arm(&mut cells, f.bottom, col, RIGHT, bottom, bottom_d);
            arm(&mut cells, f.bottom, col + 1, LEFT, bottom, bottom_d);
        }
        for row in f.top..f.bottom {
            arm(&mut cells, row, f.left, DOWN, left, left_d);
            arm(&mut cells, row + 1, f.left, UP, left, left_d);
            arm(&mut cells, row, f.right, DOWN, right, right_d);
            arm(&mut cells, row + 1, f.right, UP, right, right_d);
        }
        let corners = [
            (f.top, f.left),
            (f.top, f.right),
            (f.bottom, f.right),
            (f.bottom, f.left),
        ];
        for (i, (row, col)) in corners.into_iter().enumerate() {
            if f.sides.arcs[i] {
                cells.entry((row, col)).or_default().arc = true;
            }
        }
    }
    for s in &layout.strokes {
        for unit in s.from..s.to {
            let cell = unit / 2;
            let (row, col, dir) = match (s.horizontal, unit % 2) {
                (true, 0) => (s.line, cell, LEFT),
                (true, _) => (s.line, cell, RIGHT),
                (false, 0) => (cell, s.line, UP),
                (false, _) => (cell, s.line, DOWN),
            };
            arm(&mut cells, row, col, dir, s.weight, s.dashes);
        }
    }
    for &(row, col) in &layout.arcs {
        cells.entry((row, col)).or_default().arc = true;
    }
    let mut rows: Vec<Vec<String>> = layout
        .source_widths
        .iter()
        .map(|w| vec![" ".to_string(); *w])
        .collect();
    let mut put = |row: usize, source_col: usize, text: String| -> Result<(), Error> {
        let slot = rows
            .get_mut(row)
            .and_then(|r| r.get_mut(source_col))
            .ok_or(Error::CellOutsideSource { row })?;
        *slot = text;
        Ok(())
    };
    for (&(row, col), line) in &cells {
        let straight = (line.has(LEFT) && line.has(RIGHT)) || (line.has(UP) && line.has(DOWN));
        let line = Line {
            dashes: if line.arm_count() == 2 && straight {
                line.dashes
            } else {
                0
            },
            ..*line
        };
        let c = glyphs::glyph(line).ok_or(Error::NoGlyph { row })?;
        put(row, layout.alignment.to_source(row, col), c.to_string())?;
    }
    for &(row, col, c) in &layout.ascii {
        put(row, col, c.to_string())?;
    }
    for a in &layout.arrows {
        put(
            a.row,
            layout.alignment.to_source(a.row, a.col),
            a.glyph.to_string(),
        )?;
    }
    for &(row, col, c) in &layout.diagonals {
        put(row, layout.alignment.to_source(row, col), c.to_string())?;
    }
    for t in &layout.texts {
        let mut col = t.source_col;
        for piece in graphemes(&t.text) {
            let width = piece
                .chars()
                .next()
                .and_then(unicode_width::UnicodeWidthChar::width)
                .unwrap_or(1);
            put(t.row, col, piece.to_string())?;
            for extra in 1..width {
                put(t.row, col + extra, String::new())?;
            }
            col += width;
        }
    }
    for &(row, col, width) in layout.tabs.iter().rev() {
        let r = &mut rows[row];
        r.splice(col..col + width, std::iter::once("\t".to_string()));
    }
    let mut out = String::new();
    for (i, row) in rows.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&row.concat());
        if layout.crlf[i] {
            out.push('\r');
        }
    }
    if layout.trailing_newline {
        out.push('\n');
    }
    Ok(out)
}

/// Sets one arm of a cell. Dashes belong to straight cells only: they are applied when
/// the cell's character is chosen.
fn arm(
    cells: &mut BTreeMap<(usize, usize), Line>,
    row: usize,
    col: usize,
    dir: usize,
    weight: Weight,
    dashes: u8,
) {
    let line = cells.entry((row, col)).or_default();
    line.arms[dir] = weight;
    line.dashes = line.dashes.max(dashes);
}

/// A character with the zero-width marks that follow it, as the grid stores them.
fn graphemes(text: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let zero = unicode_width::UnicodeWidthChar::width(c) == Some(0);
        if !zero {
            if let Some(s) = start {
                pieces.push(&text[s..i]);
            }
            start = Some(i);
        }
    }
    if let Some(s) = start {
        pieces.push(&text[s..]);
    }
    pieces
}

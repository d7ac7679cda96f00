//! Frames that cannot be repaired with confidence: a row that stops short of its border,
//! a border that could be two bars, one too far off or off across a line. Rather than
//! show the whole diagram as text, the frame's region is shown as the text it is, in its
//! cells, and the rest is drawn. The region's drawing characters become text in the grid,
//! so the reading carries them as text runs, draws them where they are written and
//! rebuilds them exactly; no frame is drawn for it.

use crate::Error;
use crate::glyphs;
use crate::grid::{Cell, Grid};
use crate::note::RegionFault;

/// A frame that cannot be drawn: where its fault is, why, and the cells it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fault {
    /// The row of the fault.
    pub(crate) row: usize,
    /// The source column of the fault.
    pub(crate) col: usize,
    pub(crate) why: RegionFault,
    /// The frame's top row.
    pub(crate) top: usize,
    /// Per row from the top: the first and last source column the region covers.
    pub(crate) spans: Vec<(usize, usize)>,
}

/// Why a reading stopped: a frame to show as text (and read again), or art that cannot
/// be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Failure {
    Show(Fault),
    Stop(Error),
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure::Stop(error)
    }
}

/// The last column of a side row whose border was not found: past the column the
/// frame's corner puts the border at, to where two spaces end what is written, so a
/// stray bar and the text before it go with the region, and the frame beside it stays.
pub(crate) fn row_end(grid: &Grid, row: usize, left: usize, expected: usize) -> usize {
    let Some(cells) = grid.rows.get(row) else {
        return left;
    };
    let mut last = left;
    let mut spaces = 0;
    for (col, cell) in cells.iter().enumerate().skip(left + 1) {
        if *cell == Cell::Space {
            spaces += 1;
            if spaces >= 2 && col > expected {
                break;
            }
            continue;
        }
        spaces = 0;
        last = col;
    }
    last
}

/// Turns the drawing characters of the fault's region into text. False when there were
/// none left to turn (the reading would not change).
pub(crate) fn cut(grid: &mut Grid, fault: &Fault) -> bool {
    let mut changed = false;
    for (k, &(first, last)) in fault.spans.iter().enumerate() {
        let Some(cells) = grid.rows.get_mut(fault.top + k) else {
            continue;
        };
        for cell in cells.iter_mut().take(last + 1).skip(first) {
            let c = match cell {
                Cell::Line(line) => glyphs::glyph(*line),
                Cell::Arrow { glyph, .. } => Some(*glyph),
                Cell::Diagonal(c) => Some(*c),
                _ => None,
            };
            if let Some(c) = c {
                *cell = Cell::Text(c.to_string());
                changed = true;
            }
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::TAB_WIDTH;

    #[test]
    fn a_region_is_its_frame_and_a_stray_bar_beside_it() {
        let grid = Grid::parse("│ 数据据 │x│  │ ok │\n│ a\n", TAB_WIDTH).unwrap();
        assert_eq!(row_end(&grid, 0, 0, 7), 11);
        assert_eq!(row_end(&grid, 1, 0, 7), 2);
    }

    #[test]
    fn cutting_turns_drawing_into_text_once() {
        let mut grid = Grid::parse("┌─┐ ┌┐\n└─┘ └┘", TAB_WIDTH).unwrap();
        let fault = Fault {
            row: 0,
            col: 2,
            why: RegionFault::BrokenEdge,
            top: 0,
            spans: vec![(0, 2), (0, 2)],
        };
        assert!(cut(&mut grid, &fault));
        assert_eq!(grid.rows[0][1], Cell::Text("─".into()));
        assert!(grid.rows[0][4].is_graphic());
        assert!(!cut(&mut grid, &fault));
    }
}

//! Frames that cannot be repaired with confidence: a row that stops short of its border,
//! a border that could be two bars, one too far off or off across a line. Rather than
//! show the whole diagram as text, the frame's region is shown as the text it is, in its
//! cells, and the rest is drawn. The region's drawing characters become text in the grid,
//! so the reading carries them as text runs, draws them where they are written and
//! rebuilds them exactly; no frame is drawn for it. A line or arrow that cannot be read
//! (off the line it continues with something in the way, or pointing at nothing) is
//! shown the same way: its cells become text and the rest is read again.

use crate::Error;
use crate::glyphs::{self, DIRECTIONS, DOWN, RIGHT, UP, opposite, step};
use crate::grid::{Cell, Grid};
use crate::note::{LineFault, RegionFault};

/// What is shown as text: a frame's region, or one line or arrow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Why {
    Region(RegionFault),
    Line(LineFault),
}

/// A frame that cannot be drawn: where its fault is, why, and the cells it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fault {
    /// The row of the fault.
    pub(crate) row: usize,
    /// The source column of the fault.
    pub(crate) col: usize,
    pub(crate) why: Why,
    /// The frame's top row.
    pub(crate) top: usize,
    /// Per row from the top: the first and last source column the region covers.
    pub(crate) spans: Vec<(usize, usize)>,
    /// Single cells (row, source column) it covers besides: a line's run.
    pub(crate) cells: Vec<(usize, usize)>,
}

impl Fault {
    /// A line or arrow shown as text: the fault at `(row, col)` and the cells of its run.
    pub(crate) fn line(row: usize, col: usize, why: LineFault, cells: Vec<(usize, usize)>) -> Self {
        Fault {
            row,
            col,
            why: Why::Line(why),
            top: row,
            spans: Vec::new(),
            cells,
        }
    }

    /// The error the whole drawing falls back with when showing the fault as text
    /// changes nothing.
    pub(crate) fn error(&self) -> Error {
        let row = self.row;
        match self.why {
            Why::Region(_) => Error::BrokenEdge { row },
            Why::Line(LineFault::OffItsLine { columns }) => Error::LineTooFar {
                row,
                columns: columns.unsigned_abs(),
            },
            Why::Line(LineFault::ArrowAtNothing) => Error::ArrowAtNothing { row },
            Why::Line(LineFault::ArrowOffDrawing) => Error::ArrowOffDrawing { row },
            Why::Line(LineFault::LooseEnd) => Error::ArrowFromNowhere,
        }
    }
}

/// The run of line from `start` (source row and column), along every arm but `from`'s,
/// to where it ends, branches or meets an arrowhead (which it takes): the cells of one
/// line, so that showing it as text leaves the lines it meets drawn.
pub(crate) fn trace(
    grid: &Grid,
    start: (usize, usize),
    skip: Option<usize>,
) -> Vec<(usize, usize)> {
    let mut run = vec![start];
    let mut todo: Vec<((usize, usize), usize)> = DIRECTIONS
        .iter()
        .filter(|&&d| Some(d) != skip)
        .map(|&d| (start, d))
        .collect();
    while let Some((pos, dir)) = todo.pop() {
        let leaves = match grid.rows.get(pos.0).and_then(|r| r.get(pos.1)) {
            Some(Cell::Line(line)) => line.has(dir),
            Some(Cell::Arrow { dir: d, .. }) => *d == opposite(dir),
            _ => false,
        };
        let Some(next) = step(pos.0, pos.1, dir).filter(|_| leaves) else {
            continue;
        };
        if run.contains(&next) {
            continue;
        }
        match grid.rows.get(next.0).and_then(|r| r.get(next.1)) {
            Some(Cell::Line(line)) if line.has(opposite(dir)) && line.arm_count() <= 2 => {
                run.push(next);
                todo.extend(
                    DIRECTIONS
                        .iter()
                        .filter(|&&d| d != opposite(dir))
                        .map(|&d| (next, d)),
                );
            }
            Some(Cell::Arrow { dir: d, .. }) if *d == dir => run.push(next),
            _ => {}
        }
    }
    run
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

/// The fault's region grown over the frames stacked on it. A frame split by `├──┤`
/// rows is read as frames sharing those edges; were one shown as text and the others
/// drawn, the whole would be drawn with its sides part line, part text. So showing one
/// shows the stack's outline too: up while the region's top corners go on up, down
/// likewise. What is inside the other compartments stays drawn.
pub(crate) fn with_stack(grid: &Grid, mut fault: Fault) -> Fault {
    if !matches!(fault.why, Why::Region(_)) || fault.spans.is_empty() {
        return fault;
    }
    let goes =
        |row: usize, col: usize, dir: usize| grid.line_at(row, col).is_some_and(|l| l.has(dir));
    // The right side of a stack may wander a column or two with its rows.
    let near = |col: usize| (col.saturating_sub(2)..=col + 2).rev();
    let side = |row: usize, col: usize| near(col).find(|&c| goes(row, c, UP) || goes(row, c, DOWN));
    let goes_near = |row: usize, col: usize, dir: usize| near(col).any(|c| goes(row, c, dir));
    // An edge row is shown whole; a side row, its two sides.
    let mut outline = |row: usize, (left, right): (usize, usize)| {
        if goes(row, left, RIGHT) {
            return (left, row_end(grid, row, left, right));
        }
        fault.cells.extend(side(row, right).map(|c| (row, c)));
        (left, left)
    };
    let (left, right) = fault.spans[0];
    let mut above = Vec::new();
    let mut row = fault.top;
    while row > 0 && goes(row, left, UP) && goes_near(row, right, UP) {
        row -= 1;
        above.push(outline(row, (left, right)));
        if !goes(row, left, UP) {
            break;
        }
    }
    let (left, right) = fault.spans[fault.spans.len() - 1];
    let mut below = Vec::new();
    let mut row = fault.top + fault.spans.len() - 1;
    while row + 1 < grid.height() && goes(row, left, DOWN) && goes_near(row, right, DOWN) {
        row += 1;
        below.push(outline(row, (left, right)));
        if !goes(row, left, DOWN) {
            break;
        }
    }
    fault.top -= above.len();
    above.reverse();
    above.append(&mut fault.spans);
    above.append(&mut below);
    fault.spans = above;
    fault
}

/// Turns the drawing characters of the fault's region into text. False when there were
/// none left to turn (the reading would not change).
pub(crate) fn cut(grid: &mut Grid, fault: &Fault) -> bool {
    let mut changed = false;
    for (k, &(first, last)) in fault.spans.iter().enumerate() {
        let Some(cells) = grid.rows.get_mut(fault.top + k) else {
            continue;
        };
        let row = fault.top + k;
        for (col, cell) in cells.iter_mut().enumerate().take(last + 1).skip(first) {
            changed |= to_text(cell, written(&grid.ascii, row, col));
        }
    }
    for &(row, col) in &fault.cells {
        if let Cell::Arrow { dir, glyph } = *grid.get(row, col) {
            // An arrowhead cut into a box's edge becomes the edge, so that the box
            // stays whole; its character is written back as it was.
            if let Some(edge) = grid.edge_at(row, col, dir) {
                grid.rows[row][col] = Cell::Line(edge);
                grid.ascii.push((row, col, glyph));
                changed = true;
                continue;
            }
        }
        let ascii = written(&grid.ascii, row, col);
        if let Some(cell) = grid.rows.get_mut(row).and_then(|r| r.get_mut(col)) {
            changed |= to_text(cell, ascii);
        }
    }
    changed
}

/// The ASCII character written at a cell read as a line, if it was one.
fn written(ascii: &[(usize, usize, char)], row: usize, col: usize) -> Option<char> {
    (ascii.iter())
        .find(|&&(r, c, _)| (r, c) == (row, col))
        .map(|&(_, _, c)| c)
}

/// Turns a drawing cell into the text of its character as written (`ascii`, if it was
/// an ASCII one); false if it was not drawing.
fn to_text(cell: &mut Cell, ascii: Option<char>) -> bool {
    let c = match cell {
        Cell::Line(line) => ascii.or(glyphs::glyph(*line)),
        Cell::Arrow { glyph, .. } => Some(*glyph),
        Cell::Diagonal(c) => Some(*c),
        _ => None,
    };
    if let Some(c) = c {
        *cell = Cell::Text(c.to_string());
    }
    c.is_some()
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
            why: Why::Region(RegionFault::BrokenEdge),
            top: 0,
            spans: vec![(0, 2), (0, 2)],
            cells: Vec::new(),
        };
        assert!(cut(&mut grid, &fault));
        assert_eq!(grid.rows[0][1], Cell::Text("─".into()));
        assert!(grid.rows[0][4].is_graphic());
        assert!(!cut(&mut grid, &fault));
    }

    /// A frame split into compartments is shown as text whole, never one compartment.
    #[test]
    fn a_stacked_frame_is_shown_as_text_whole() {
        let art = "┌────┐\n│ a  │\n├────┤\n│ b\n├────┤\n│ c  │\n└────┘\n\n┌─┐\n└─┘";
        let grid = Grid::parse(art, TAB_WIDTH).unwrap();
        let middle = Fault {
            row: 3,
            col: 3,
            why: Why::Region(RegionFault::RowStopsShort),
            top: 2,
            spans: vec![(0, 5), (0, 2), (0, 5)],
            cells: Vec::new(),
        };
        let whole = with_stack(&grid, middle);
        assert_eq!(whole.top, 0);
        assert_eq!(whole.spans.len(), 7);
        assert_eq!(whole.spans[0], (0, 5));
        // No part of the stack is left drawn; the frame below it is not part of it.
        let drawing = crate::render(art, &Default::default()).unwrap();
        assert!(drawing.layout().strokes.is_empty());
        assert_eq!(drawing.layout().frames.len(), 1);
        assert_eq!(drawing.layout().frames[0].top, 8);
        assert_eq!(drawing.rebuild().unwrap(), art);
    }

    /// An arrow at nothing is shown as text; the frames beside it stay drawn.
    #[test]
    fn an_arrow_at_nothing_is_shown_as_text_and_the_rest_drawn() {
        let art = "┌───┐\n│ A │──▶\n└───┘";
        let drawing = crate::render(art, &Default::default()).unwrap();
        assert_eq!(drawing.layout().frames.len(), 1);
        assert!(drawing.layout().strokes.is_empty());
        assert!(drawing.layout().arrows.is_empty());
        let notes = drawing.notes();
        assert_eq!((notes[0].row, notes[0].column), (1, 7));
        assert_eq!(
            notes[0].message(&|r, c| (r + 10, c + 1)),
            "the arrow on line 11 points at neither a box nor text; showed it as text"
        );
        assert_eq!(drawing.rebuild().unwrap(), art);
    }
}

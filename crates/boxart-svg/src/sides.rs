//! Where a frame's side is on one row, as tracing (`frames`) walks down it. A side drawn
//! a column or two off its corner is taken where it is; one further off (a row of wide
//! characters the author's editor counted as one column each) only when nothing else
//! could be it: the first drawing character past the text on that side of the row, with
//! no second border after more text. A side that is missing or could be two cells is no
//! side at all, so the frame is never drawn broken.

use std::collections::BTreeSet;

use crate::glyphs::{DOWN, LEFT, Line, RIGHT, UP, opposite, step};
use crate::grid::{Cell, Grid};

/// Cells already taken by a side found far from its corner: no other frame's side.
pub(crate) type Claimed = BTreeSet<(usize, usize)>;

/// Where a side is on a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pick {
    /// Within two columns of its corner.
    Near(usize),
    /// Further off, and nothing else could be it.
    Far(usize),
    /// Not there, or more than one cell could be it.
    None,
}

/// One side of a frame on one row: the frame's top row, the column its corner expects
/// the side at, the side of the frame it is on (`LEFT` or `RIGHT`), and the column it
/// must lie right of.
#[derive(Clone, Copy)]
pub(crate) struct Side<'a> {
    pub(crate) grid: &'a Grid,
    pub(crate) claimed: &'a Claimed,
    pub(crate) top: usize,
    pub(crate) row: usize,
    pub(crate) expected: usize,
    pub(crate) outward: usize,
    pub(crate) after: Option<usize>,
}

impl Side<'_> {
    /// Where the side is on this row, if it can be told.
    pub(crate) fn pick(&self, wanted: impl Fn(&Line) -> bool) -> Pick {
        if let Some(col) = self.near(&wanted) {
            // A table's cells put text between bars on their columns; a bar off its
            // column with text and another bar after it could be either.
            let off = col != self.expected;
            return if off && self.second_border(col, &wanted) {
                Pick::None
            } else {
                Pick::Near(col)
            };
        }
        // Wide text pushes a border right, so a left side is looked for inward only: out
        // there lies the frame beside it.
        let dirs: &[usize] = if self.outward == RIGHT {
            &[RIGHT, LEFT]
        } else {
            &[RIGHT]
        };
        let found: Vec<usize> = dirs
            .iter()
            .filter_map(|dir| self.first_graphic(self.expected, *dir))
            .collect();
        match found[..] {
            [col]
                if self.wanted_at(col, &wanted)
                    && !self.second_border(col, &wanted)
                    && self.clear(col, &wanted) =>
            {
                Pick::Far(col)
            }
            _ => Pick::None,
        }
    }

    fn allowed(&self, col: usize) -> bool {
        self.after.is_none_or(|a| col > a) && !self.claimed.contains(&(self.row, col))
    }

    fn wanted_at(&self, col: usize, wanted: &impl Fn(&Line) -> bool) -> bool {
        self.allowed(col) && self.grid.line_at(self.row, col).is_some_and(wanted)
    }

    /// An arrowhead cut into the side there, pointing in (`▶` in a left side).
    fn arrow_at(&self, col: usize, wanted: &impl Fn(&Line) -> bool) -> bool {
        let inward = opposite(self.outward);
        let arrow = matches!(self.grid.get(self.row, col), Cell::Arrow { .. });
        arrow
            && self.allowed(col)
            && (self.grid.edge_at(self.row, col, inward)).is_some_and(|l| wanted(&l))
    }

    /// A cell on the row within two columns of the corner: the same column, else to the
    /// right (where an overflowing label pushes borders), else to the left.
    /// A line is taken before an arrowhead: a side pushed a column off by a wide label
    /// leaves the arrowhead that meets it where the side was.
    fn near(&self, wanted: &impl Fn(&Line) -> bool) -> Option<usize> {
        let cols = || {
            [0isize, 1, 2, -1, -2]
                .iter()
                .filter_map(|off| usize::try_from(self.expected as isize + off).ok())
        };
        (cols().find(|&c| self.wanted_at(c, wanted)))
            .or_else(|| cols().find(|&c| self.arrow_at(c, wanted)))
    }

    /// The first drawing character from `from` (exclusive) going `dir` past text,
    /// spaces and sides other frames took, within the columns the side may take.
    fn first_graphic(&self, from: usize, dir: usize) -> Option<usize> {
        let row = self.grid.rows.get(self.row)?;
        let mut col = from;
        loop {
            col = if dir == RIGHT {
                col + 1
            } else {
                col.checked_sub(1)?
            };
            let before = self.after.is_some_and(|a| col <= a);
            if col >= row.len() || (before && dir == LEFT) {
                return None;
            }
            // A cell another frame's side took far off is passed over, as text is.
            let taken = before || self.claimed.contains(&(self.row, col));
            if row[col].is_graphic() && !taken {
                return Some(col);
            }
        }
    }

    /// Whether the edge is clear above and below a far cell: a plain bar joining it
    /// there, on a row where this side is found near its corner, is another frame's
    /// side or a line passing by, and this cell goes with it.
    fn clear(&self, col: usize, wanted: &impl Fn(&Line) -> bool) -> bool {
        let plain = |l: &Line| l.has(UP) && l.has(DOWN) && !l.has(LEFT) && !l.has(RIGHT);
        let Some(cell) = self.grid.line_at(self.row, col) else {
            return false;
        };
        [(UP, DOWN), (DOWN, UP)].iter().all(|&(arm, back)| {
            let Some((next, _)) = step(self.row, col, arm).filter(|_| cell.has(arm)) else {
                return true;
            };
            let joined = (self.grid.line_at(next, col)).is_some_and(|l| l.has(back) && plain(l));
            let there = Side { row: next, ..*self };
            !joined || (next > self.top && there.near(wanted).is_none())
        })
    }

    /// Whether text follows `col` outward and then a border that could be the side too:
    /// `│ 数据据 │ x │` puts the side at either bar.
    fn second_border(&self, col: usize, wanted: &impl Fn(&Line) -> bool) -> bool {
        let Some(row) = self.grid.rows.get(self.row) else {
            return false;
        };
        let mut col = col;
        let (mut text, mut spaces) = (false, 0);
        loop {
            col = match self.outward {
                RIGHT => col + 1,
                _ => match col.checked_sub(1) {
                    Some(c) => c,
                    None => return false,
                },
            };
            match row.get(col) {
                None => return false,
                Some(Cell::Space) => {
                    spaces += 1;
                    // Two spaces end what reads as one run of text.
                    if spaces >= 2 {
                        return false;
                    }
                }
                Some(cell) if cell.is_text() => (text, spaces) = (true, 0),
                Some(_) => return text && self.grid.line_at(self.row, col).is_some_and(wanted),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::TAB_WIDTH;

    fn pick(row: &str, expected: usize) -> Pick {
        let grid = Grid::parse(row, TAB_WIDTH).unwrap();
        let side = Side {
            grid: &grid,
            claimed: &Claimed::new(),
            top: 0,
            row: 0,
            expected,
            outward: RIGHT,
            after: Some(0),
        };
        side.pick(|l| l.has(UP) && l.has(DOWN))
    }

    #[test]
    fn a_side_far_off_is_taken_only_where_nothing_else_could_be_it() {
        // Three wide characters counted as one column each: the bar is 3 columns right.
        assert_eq!(pick("│ 数据据 │  │ ok │", 6), Pick::Far(9));
        // A row that stops short of its border has none.
        assert_eq!(pick("│ ab", 6), Pick::None);
        // Text and a second bar after the first: either could be the border.
        assert_eq!(pick("│ 数据据 │x│", 6), Pick::None);
        assert_eq!(pick("│ 数据据 │x│", 7), Pick::None);
        // A table's bars on their columns stay where they are.
        assert_eq!(pick("│a │b │", 3), Pick::Near(3));
    }
}

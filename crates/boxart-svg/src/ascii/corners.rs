//! Where ASCII lines meet: `+` corners (and the `.` and `'` of rounded boxes), a box's
//! side that wanders a column or two off its corner, and corners left with one line out
//! of them. A box drawn in ASCII is drawn closed, repaired like a box-drawing one, or
//! left as text: never three sides of it.

use std::collections::BTreeMap;

use super::{Run, arms, char_of};
use crate::grid::Grid;

/// The cells of the accepted runs and their characters.
pub(super) fn line_cells(
    grid: &Grid,
    runs: &[Run],
    accepted: &[bool],
) -> BTreeMap<(usize, usize), char> {
    let mut lines = BTreeMap::new();
    for (run, _) in runs.iter().zip(accepted).filter(|(_, a)| **a) {
        for &pos in &run.cells {
            lines.insert(pos, char_of(grid.get(pos.0, pos.1)).unwrap_or(' '));
        }
    }
    lines
}

/// The accepted runs that end in a `+` with no other line out of it.
pub(super) fn dangling(
    grid: &Grid,
    runs: &[Run],
    accepted: &[bool],
    lines: &BTreeMap<(usize, usize), char>,
) -> Vec<usize> {
    let dead_end = |pos: (usize, usize)| {
        lines.get(&pos).is_some_and(|&c| is_corner(c))
            && arms(grid, lines, pos, '+').arm_count() < 2
    };
    (0..runs.len())
        .filter(|&i| accepted[i])
        .filter(|&i| {
            let run = &runs[i];
            let tips = [run.cells[0], run.cells[run.cells.len() - 1]];
            (0..2).any(|k| run.heads[k].is_none() && dead_end(tips[k]))
        })
        .collect()
}

/// Hand-drawn boxes' sides wander as their Unicode ones do: a side's `|` may end a
/// column or two beside its `+` corner (pushed by a label, often). From the cell `gap`
/// where one would continue the other (no line there), the nearest cell along its row
/// that `is` the other one.
pub(super) fn ragged_corner(
    grid: &Grid,
    gap: (usize, usize),
    is: impl Fn((usize, usize)) -> bool,
) -> Option<(usize, usize)> {
    let cell = grid.get(gap.0, gap.1);
    if cell.is_graphic() || matches!(char_of(cell), Some('+' | '|')) {
        return None;
    }
    [1isize, -1, 2, -2].iter().find_map(|off| {
        let col = usize::try_from(gap.1 as isize + off).ok()?;
        is((gap.0, col)).then_some((gap.0, col))
    })
}

/// `+`, and the `.` and `'` of rounded boxes (`.---.` over `'---'`): where lines meet.
pub(super) fn is_corner(c: char) -> bool {
    matches!(c, '+' | '.' | '\'')
}

#[cfg(test)]
mod tests {
    use super::super::tests::drawn;

    #[test]
    fn ragged_boxes_draw_closed_or_stay_text() {
        // A side a column or two off its corners joins them, to be repaired as a frame.
        assert_eq!(drawn("+---+\n| ab |\n+---+"), "┌───┐\n│ ab │\n└───┘");
        assert_eq!(drawn("+--+\n|  |\n|   |\n+--+"), "┌──┐\n│  │\n│   │\n└──┘");
        // Too far to tell: no corner is left with one line out of it, nothing draws.
        let far = "+---+\n| abcdef |\n+---+";
        assert_eq!(drawn(far), far);
        // Rounded ASCII corners.
        assert_eq!(drawn(".--.\n|a |\n'--'"), "┌──┐\n│a │\n└──┘");
    }
}

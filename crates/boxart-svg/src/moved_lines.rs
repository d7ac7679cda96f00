//! Vertical lines wander too: a line drawn a column or two off the line it continues is
//! brought back under it, logged as a [`RepairKind::MovedLine`] that can be undone
//! exactly. This runs once the frames are aligned, so it reads rows through their
//! [`Alignment`].

use std::collections::BTreeMap;

use crate::Error;
use crate::alignment::{Alignment, MAX_DELTA, Repair, RepairKind};
use crate::frames::Frame;
use crate::glyphs::{DOWN, LEFT, Line, RIGHT, UP, Weight, opposite};
use crate::grid::{Cell, Grid};
use crate::note::LineFault;
use crate::regions::{self, Failure, Fault};

/// Whether a cell carries a vertical line on in `dir` (up or down): a line with that arm,
/// or an arrowhead that a line from that side runs into.
fn reaches(cell: &Cell, dir: usize) -> bool {
    match cell {
        Cell::Line(line) => line.has(dir),
        Cell::Arrow { dir: d, .. } => *d == opposite(dir),
        _ => false,
    }
}

/// The cells of `row` other than spaces by their normalized column, each with its source
/// column. Where two land on one column, the drawing one.
fn placed<'g>(
    grid: &'g Grid,
    alignment: &Alignment,
    row: usize,
) -> BTreeMap<usize, (usize, &'g Cell)> {
    let mut cells = BTreeMap::new();
    let map = alignment.row(row);
    for (col, cell) in grid.rows[row].iter().enumerate() {
        if *cell == Cell::Space {
            continue;
        }
        let Some(n) = map.to_normal(col) else {
            continue;
        };
        let slot = cells.entry(n).or_insert((col, cell));
        if cell.is_graphic() {
            *slot = (col, cell);
        }
    }
    cells
}

/// Row by row from the top, once the frames are aligned: where a vertical line leaves a
/// row downward (a port `┬`, a `│`, a crossing `┼`) into a cell that does not take it on,
/// and the row below has, one or two columns off, the only cell that reaches up into
/// nothing, that cell was drawn off the line: it is moved under it ([`RepairKind::MovedLine`]).
/// The rows below come next, so the rest of the line follows it. Lines that could join
/// more than one way, or a cell that cannot move without changing what else its row
/// draws, are art that cannot be read with confidence.
pub(crate) fn align_lines(
    grid: &Grid,
    frames: &[Frame],
    alignment: &mut Alignment,
) -> Result<(), Failure> {
    let mut upper = placed(grid, alignment, 0);
    for row in 1..grid.height() {
        let lower = placed(grid, alignment, row);
        let down = |n: usize| upper.get(&n).is_some_and(|(_, c)| reaches(c, DOWN));
        let up = |n: usize| lower.get(&n).is_some_and(|(_, c)| reaches(c, UP));
        let loose: Vec<usize> = lower
            .keys()
            .copied()
            .filter(|&n| up(n) && !down(n))
            .collect();
        let mut moves: Vec<(usize, usize)> = Vec::new();
        for &to in upper.keys().filter(|&&n| down(n) && !up(n)) {
            let near: Vec<usize> = loose
                .iter()
                .filter(|from| from.abs_diff(to) <= MAX_DELTA as usize)
                .filter(|from| {
                    let arrows = [upper[&to].1, lower[from].1]
                        .iter()
                        .all(|c| matches!(c, Cell::Arrow { .. }));
                    !arrows
                })
                .copied()
                .collect();
            match near[..] {
                [] => {}
                [from] if !moves.iter().any(|m| m.0 == from) => moves.push((from, to)),
                _ => {
                    return Err(Error::LineCouldJoinTwo { row }.into());
                }
            }
        }
        let moved = !moves.is_empty();
        for (from, to) in moves {
            move_line(frames, alignment, &lower, row, from, to).map_err(|()| {
                let source = lower[&from].0;
                let why = LineFault::OffItsLine {
                    columns: from as isize - to as isize,
                };
                // The line from the break down to its end, which reaches up into nothing.
                let run = regions::trace(grid, (row, source), Some(UP));
                Failure::Show(Fault::line(row, source, why, run))
            })?;
        }
        // This row is the next one's upper row, as placed after its own moves.
        upper = if moved {
            placed(grid, alignment, row)
        } else {
            lower
        };
    }
    alignment.repairs.sort_by_key(|r| (r.row, r.col));
    Ok(())
}

/// Moves the cell of `row` at normalized column `from` to `to`, the cells between one
/// column back: only spaces, or a straight edge the cell crosses (its cells all alike).
fn move_line(
    frames: &[Frame],
    alignment: &mut Alignment,
    lower: &BTreeMap<usize, (usize, &Cell)>,
    row: usize,
    from: usize,
    to: usize,
) -> Result<(), ()> {
    let fail = || Err(());
    let (source, cell) = lower[&from];
    let across = match cell {
        Cell::Line(line) if line.has(LEFT) || line.has(RIGHT) => {
            if line.arms[LEFT] != line.arms[RIGHT] {
                return fail();
            }
            Some(line.arms[LEFT])
        }
        _ => None,
    };
    let span = from.min(to)..=from.max(to);
    let mut edge: Option<&Line> = None;
    for n in span.clone().filter(|&n| n != from) {
        match (lower.get(&n), across) {
            (None, None) => {}
            (Some((_, Cell::Line(l))), Some(w))
                if l.arms == [Weight::None, w, Weight::None, w]
                    && !l.arc
                    && *edge.get_or_insert(l) == l => {}
            _ => return fail(),
        }
    }
    let on_side = |n: usize| {
        frames
            .iter()
            .any(|f| (f.top..=f.bottom).contains(&row) && (n == f.left || n == f.right))
    };
    if span.clone().any(on_side) {
        return fail();
    }
    // The span keeps one shift throughout, and no other moved line crosses it.
    let offset = alignment.offset(row, source);
    let (lo, hi) = (
        *span.start() as isize + offset,
        *span.end() as isize + offset,
    );
    let crossed = alignment.repairs.iter().any(|r| {
        r.row == row
            && if r.kind == RepairKind::MovedLine {
                let (a, b) = {
                    let to = r.col as isize - r.offset;
                    let from = to + r.delta;
                    (to.min(from), to.max(from))
                };
                a <= *span.end() as isize && *span.start() as isize <= b
            } else {
                (lo..=hi + 1).contains(&(r.col as isize))
            }
    });
    if crossed {
        return fail();
    }
    alignment.repairs.push(Repair {
        row,
        col: source,
        offset: source as isize - to as isize,
        delta: from as isize - to as isize,
        kind: RepairKind::MovedLine,
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frames::find;
    use crate::grid::TAB_WIDTH;

    #[test]
    fn a_line_off_its_port_is_moved_under_it_and_back() {
        // Right of the line above by one across an edge, by two across spaces, and left
        // of it by two.
        for (art, row, source, normal) in [
            ("─┬──\n──┼─", 1, 2, 1),
            (" │\n   │", 1, 3, 1),
            ("   │\n │", 1, 1, 3),
        ] {
            let grid = Grid::parse(art, TAB_WIDTH).unwrap();
            let (frames, mut a) = find(&grid).unwrap();
            align_lines(&grid, &frames, &mut a).unwrap();
            assert_eq!(a.repairs.len(), 1, "{art}");
            assert_eq!(a.repairs[0].kind, RepairKind::MovedLine);
            assert_eq!(a.to_normal(row, source), Some(normal));
            assert_eq!(a.to_source(row, normal), source);
            for col in 0..6 {
                let n = a.to_normal(row, col).unwrap();
                assert_eq!(a.to_source(row, n), col, "{art} column {col}");
            }
        }
    }
}

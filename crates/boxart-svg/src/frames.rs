//! Frames (boxes): traced from a top-left corner along the top edge, then down both
//! sides to a bottom edge. Hand-drawn sides wander: a border one or two columns off, a
//! label one column wider than its box. Tracing tolerates that; alignment then decides,
//! row by row and left to right, how far each row's cells are from where the frames say
//! they belong, and logs every difference as a [`Repair`] that can be undone exactly.
//! Vertical lines wander too: [`align_lines`] brings a line drawn a column or two off the
//! line it continues back under it, logged the same way.

use std::collections::BTreeMap;

use super::glyphs::{DOWN, LEFT, Line, RIGHT, UP, Weight, opposite};
use super::grid::{Cell, Grid};
use crate::Error;

/// A frame's sides, clockwise from the top: weight and dashes of each side, and which
/// corners (top-left, top-right, bottom-right, bottom-left) are arcs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Sides {
    pub(crate) weights: [Weight; 4],
    pub(crate) dashes: [u8; 4],
    pub(crate) arcs: [bool; 4],
}

/// A frame in normalized (repaired) columns: the rows and columns of its lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Frame {
    /// The row of its top line.
    pub top: usize,
    /// The row of its bottom line.
    pub bottom: usize,
    /// The column of its left line.
    pub left: usize,
    /// The column of its right line.
    pub right: usize,
    pub(crate) sides: Sides,
}

impl Frame {
    pub(crate) fn area(&self) -> usize {
        (self.bottom - self.top) * (self.right - self.left)
    }

    /// Whether `(row, col)` lies strictly inside the frame.
    pub fn contains(&self, row: usize, col: usize) -> bool {
        row > self.top && row < self.bottom && col > self.left && col < self.right
    }

    pub(crate) fn on_perimeter(&self, row: usize, col: usize) -> bool {
        let on_rows =
            (row == self.top || row == self.bottom) && (self.left..=self.right).contains(&col);
        let on_cols =
            (col == self.left || col == self.right) && (self.top..=self.bottom).contains(&row);
        on_rows || on_cols
    }

    pub(crate) fn encloses(&self, other: &Frame) -> bool {
        self != other
            && other.top >= self.top
            && other.bottom <= self.bottom
            && other.left >= self.left
            && other.right <= self.right
            && (other.top > self.top
                || other.bottom < self.bottom
                || other.left > self.left
                || other.right < self.right)
    }
}

/// A frame as found in the source: its border's column on every row.
#[derive(Debug, Clone)]
struct Candidate {
    top: usize,
    bottom: usize,
    left: Vec<usize>,
    right: Vec<usize>,
    sides: Sides,
}

/// What kind of slip a [`Repair`] put right.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RepairKind {
    /// A label wider than its box pushed the border right: the label is condensed.
    Condensed,
    /// The border itself was a column or two off: spaces before it are dropped or added.
    MovedBorder,
    /// One cell of a vertical line sat `delta` columns right (left if negative) of the
    /// line it continues: it is moved under that line, and the spaces or the straight
    /// edge it crosses shift one column the other way. Only that span of the row moves.
    MovedLine,
}

/// From `col` on (source columns), cells of `row` sit `offset` columns right of where
/// they belong; `delta` is the change from the cells before. A [`RepairKind::MovedLine`]
/// is about the one cell at `col`: it sits `offset` columns right of where it belongs,
/// and `delta` columns right of the column its row puts it in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repair {
    /// The repaired row.
    pub row: usize,
    /// The source column the repair starts at.
    pub col: usize,
    /// How far right of where they belong the cells from `col` on sit.
    pub offset: isize,
    /// The change in `offset` from the cells before `col`.
    pub delta: isize,
    /// What was put right.
    pub kind: RepairKind,
}

/// Every row's repairs: the map between source and normalized columns.
#[derive(Debug, Clone, Default)]
pub struct Alignment {
    /// Every repair, by row and column.
    pub repairs: Vec<Repair>,
}

impl Alignment {
    /// The repairs that shift `row` from a column on (every kind but moved lines).
    fn shifts(&self, row: usize) -> impl Iterator<Item = &Repair> {
        self.repairs
            .iter()
            .filter(move |r| r.row == row && r.kind != RepairKind::MovedLine)
    }

    /// The moved lines of `row`: the normalized column each cell was in and is moved to.
    fn moves(&self, row: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.repairs
            .iter()
            .filter(move |r| r.row == row && r.kind == RepairKind::MovedLine)
            .map(|r| {
                let to = (r.col as isize - r.offset) as usize;
                ((to as isize + r.delta) as usize, to)
            })
    }

    fn offset(&self, row: usize, source_col: usize) -> isize {
        self.shifts(row)
            .filter(|r| r.col <= source_col)
            .last()
            .map_or(0, |r| r.offset)
    }

    /// The normalized column of a source cell.
    pub(crate) fn to_normal(&self, row: usize, source_col: usize) -> Option<usize> {
        let shifted = usize::try_from(source_col as isize - self.offset(row, source_col)).ok()?;
        for (from, to) in self.moves(row) {
            if shifted == from {
                return Some(to);
            }
            if from < to && (from + 1..=to).contains(&shifted) {
                return Some(shifted - 1);
            }
            if to < from && (to..from).contains(&shifted) {
                return Some(shifted + 1);
            }
        }
        Some(shifted)
    }

    /// The source column of a normalized drawing cell. Where a repair maps two source
    /// columns to one normalized column, the later one: the earlier holds no line
    /// (`repair_kind` refuses to move a border onto one).
    pub(crate) fn to_source(&self, row: usize, col: usize) -> usize {
        let mut col = col;
        for (from, to) in self.moves(row) {
            if col == to {
                col = from;
                break;
            }
            if from < to && (from..to).contains(&col) {
                col += 1;
                break;
            }
            if to < from && (to + 1..=from).contains(&col) {
                col -= 1;
                break;
            }
        }
        let mut starts = vec![(0usize, 0isize)];
        starts.extend(self.shifts(row).map(|r| (r.col, r.offset)));
        let mut found = None;
        for (i, (start, offset)) in starts.iter().enumerate() {
            let end = starts.get(i + 1).map_or(usize::MAX, |s| s.0);
            let source = col as isize + offset;
            if source >= *start as isize && (source as usize) < end {
                found = Some(source as usize);
            }
        }
        found.unwrap_or(col)
    }
}

/// Frames in normalized columns and the alignment that maps them to the source.
pub(crate) fn find(grid: &Grid) -> Result<(Vec<Frame>, Alignment), Error> {
    let candidates = candidates(grid);
    let (normal, alignment) = align(grid, &candidates)?;
    let frames = candidates
        .iter()
        .zip(normal)
        .map(|(c, (left, right))| Frame {
            top: c.top,
            bottom: c.bottom,
            left,
            right,
            sides: c.sides,
        })
        .collect();
    Ok((frames, alignment))
}

fn candidates(grid: &Grid) -> Vec<Candidate> {
    let mut found = Vec::new();
    for row in 0..grid.height() {
        for col in 0..grid.rows[row].len() {
            let Some(corner) = grid.line_at(row, col) else {
                continue;
            };
            if !(corner.has(RIGHT) && corner.has(DOWN)) {
                continue;
            }
            if let Some(candidate) = trace_top(grid, row, col) {
                found.push(candidate);
            }
        }
    }
    found
}

/// Along the top edge from the corner at `(row, left)`: the nearest top-right corner
/// from which the frame closes.
fn trace_top(grid: &Grid, row: usize, left: usize) -> Option<Candidate> {
    let corner = grid.line_at(row, left)?;
    let weight = corner.arms[RIGHT];
    let mut dashes = None;
    let mut col = left + 1;
    while let Some(edge) = grid.line_at(row, col) {
        if edge.arms[LEFT] != weight {
            return None;
        }
        if edge.has(DOWN) {
            if let Some(candidate) = close(grid, row, left, col, dashes.unwrap_or(0)) {
                return Some(candidate);
            }
        }
        if edge.arms[RIGHT] != weight {
            return None;
        }
        if edge.arm_count() == 2 && *dashes.get_or_insert(edge.dashes) != edge.dashes {
            return None;
        }
        col += 1;
    }
    None
}

/// A cell on the same row within two columns of `col`: the same column, else to the
/// right (where an overflowing label pushes borders), else to the left.
fn near(grid: &Grid, row: usize, col: usize, wanted: impl Fn(&Line) -> bool) -> Option<usize> {
    [0isize, 1, 2, -1, -2].iter().find_map(|off| {
        let c = usize::try_from(col as isize + off).ok()?;
        grid.line_at(row, c).filter(|l| wanted(l)).map(|_| c)
    })
}

/// Down both sides from the top corners at `left` and `right` of row `top`.
fn close(grid: &Grid, top: usize, left: usize, right: usize, top_dashes: u8) -> Option<Candidate> {
    let tl = grid.line_at(top, left)?;
    let tr = grid.line_at(top, right)?;
    let (lw, rw) = (tl.arms[DOWN], tr.arms[DOWN]);
    let (mut lefts, mut rights) = (vec![left], vec![right]);
    let (mut side_dashes_l, mut side_dashes_r) = (None, None);
    for row in top + 1..grid.height() {
        // Hand-drawn borders wander around where the top corners are, not away from them.
        let l = near(grid, row, left, |c| {
            c.arms[UP] == lw && (c.arms[DOWN] == lw || c.has(RIGHT))
        })?;
        let r = near(grid, row, right, |c| {
            c.arms[UP] == rw && (c.arms[DOWN] == rw || c.has(LEFT))
        })?;
        if r <= l {
            return None;
        }
        lefts.push(l);
        rights.push(r);
        let (lc, rc) = (grid.line_at(row, l)?, grid.line_at(row, r)?);
        if lc.has(RIGHT) && rc.has(LEFT) {
            if let Some(bottom) = bottom_edge(grid, row, l, r) {
                let sides = Sides {
                    weights: [tl.arms[RIGHT], rw, bottom.0, lw],
                    dashes: [
                        top_dashes,
                        side_dashes_r.unwrap_or(0),
                        bottom.1,
                        side_dashes_l.unwrap_or(0),
                    ],
                    arcs: [tl.arc, tr.arc, rc.arc, lc.arc],
                };
                return Some(Candidate {
                    top,
                    bottom: row,
                    left: lefts,
                    right: rights,
                    sides,
                });
            }
        }
        if lc.arms[DOWN] != lw || rc.arms[DOWN] != rw {
            return None;
        }
        for (cell, dashes) in [(lc, &mut side_dashes_l), (rc, &mut side_dashes_r)] {
            if cell.arm_count() == 2 && *dashes.get_or_insert(cell.dashes) != cell.dashes {
                return None;
            }
        }
    }
    None
}

/// The weight and dashes of a continuous edge between two bottom corners.
fn bottom_edge(grid: &Grid, row: usize, left: usize, right: usize) -> Option<(Weight, u8)> {
    let weight = grid.line_at(row, left)?.arms[RIGHT];
    if grid.line_at(row, right)?.arms[LEFT] != weight {
        return None;
    }
    let mut dashes = None;
    for col in left + 1..right {
        let cell = grid.line_at(row, col)?;
        if cell.arms[LEFT] != weight || cell.arms[RIGHT] != weight {
            return None;
        }
        if cell.arm_count() == 2 && *dashes.get_or_insert(cell.dashes) != cell.dashes {
            return None;
        }
    }
    Some((weight, dashes.unwrap_or(0)))
}

/// The largest offset a row may carry before the drawing is too broken to repair.
const MAX_OFFSET: isize = 3;
const MAX_DELTA: isize = 2;

type Normal = Vec<(usize, usize)>;

/// Row by row, left to right: each frame's border is expected at the normalized column
/// its top corners set; where the source has it elsewhere, the row is repaired from there.
fn align(grid: &Grid, candidates: &[Candidate]) -> Result<(Normal, Alignment), Error> {
    let mut normal: Vec<Option<(usize, usize)>> = vec![None; candidates.len()];
    let mut alignment = Alignment::default();
    for row in 0..grid.height() {
        let mut events: Vec<(usize, usize, bool)> = Vec::new();
        for (i, c) in candidates.iter().enumerate() {
            if (c.top..=c.bottom).contains(&row) {
                events.push((c.left[row - c.top], i, true));
                events.push((c.right[row - c.top], i, false));
            }
        }
        events.sort();
        let mut offset = 0isize;
        let mut tops: Vec<(usize, usize, bool)> = Vec::new();
        for (source, i, is_left) in events {
            let Some((l, r)) = normal[i] else {
                tops.push((
                    i,
                    usize::try_from(source as isize - offset)
                        .map_err(|_| Error::FrameLeftOfDrawing { row })?,
                    is_left,
                ));
                continue;
            };
            let want = source as isize - (if is_left { l } else { r }) as isize;
            if want == offset {
                continue;
            }
            let delta = want - offset;
            if want.abs() > MAX_OFFSET || delta.abs() > MAX_DELTA {
                return Err(Error::BorderTooFar {
                    row,
                    columns: delta.unsigned_abs(),
                });
            }
            let kind = repair_kind(grid, row, source, delta)?;
            alignment.repairs.push(Repair {
                row,
                col: source,
                offset: want,
                delta,
                kind,
            });
            offset = want;
        }
        for (i, col, is_left) in tops {
            let entry = normal[i].get_or_insert((0, 0));
            if is_left {
                entry.0 = col;
            } else {
                entry.1 = col;
            }
        }
    }
    let normal: Normal = normal.into_iter().map(|n| n.unwrap_or((0, 0))).collect();
    for (c, (l, r)) in candidates.iter().zip(&normal) {
        for (k, row) in (c.top..=c.bottom).enumerate() {
            if alignment.to_normal(row, c.left[k]) != Some(*l)
                || alignment.to_normal(row, c.right[k]) != Some(*r)
            {
                return Err(Error::SharedBorderDisagrees { row });
            }
        }
    }
    Ok((normal, alignment))
}

/// A border pushed right by the label before it is a condensed label; anything else a
/// moved border. Drawing characters may not be pushed onto each other.
fn repair_kind(grid: &Grid, row: usize, col: usize, delta: isize) -> Result<RepairKind, Error> {
    if delta < 0 {
        return Ok(RepairKind::MovedBorder);
    }
    let overlapped = col.saturating_sub(delta as usize)..col;
    if overlapped.clone().any(|c| grid.get(row, c).is_graphic()) {
        return Err(Error::BorderOntoLine { row });
    }
    if grid.get(row, col - 1).is_text() {
        Ok(RepairKind::Condensed)
    } else {
        Ok(RepairKind::MovedBorder)
    }
}

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
    for (col, cell) in grid.rows[row].iter().enumerate() {
        if *cell == Cell::Space {
            continue;
        }
        let Some(n) = alignment.to_normal(row, col) else {
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
) -> Result<(), Error> {
    for row in 1..grid.height() {
        let upper = placed(grid, alignment, row - 1);
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
                    return Err(Error::LineCouldJoinTwo { row });
                }
            }
        }
        for (from, to) in moves {
            move_line(frames, alignment, &lower, row, from, to)?;
        }
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
) -> Result<(), Error> {
    let fail = || {
        Err(Error::LineTooFar {
            row,
            columns: from.abs_diff(to),
        })
    };
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
    use crate::grid::TAB_WIDTH;

    fn frames(art: &str) -> (Vec<Frame>, Alignment) {
        find(&Grid::parse(art, TAB_WIDTH).unwrap()).unwrap()
    }

    #[test]
    fn a_plain_box_and_a_table() {
        let (f, a) = frames("┌──┬──┐\n│a │b │\n├──┼──┤\n│c │d │\n└──┴──┘");
        let rects: Vec<(usize, usize, usize, usize)> = f
            .iter()
            .map(|f| (f.top, f.left, f.bottom, f.right))
            .collect();
        assert_eq!(
            rects,
            [(0, 0, 2, 3), (0, 3, 2, 6), (2, 0, 4, 3), (2, 3, 4, 6)]
        );
        assert!(a.repairs.is_empty());
    }

    #[test]
    fn an_overflowing_label_is_condensed_and_the_row_realigned() {
        let art = "┌────┐ ┌──┐\n│ABCDE│ │x │\n└────┘ └──┘";
        let (f, a) = frames(art);
        assert_eq!(
            (f[0].left, f[0].right, f[1].left, f[1].right),
            (0, 5, 7, 10)
        );
        assert_eq!(
            a.repairs,
            [Repair {
                row: 1,
                col: 6,
                offset: 1,
                delta: 1,
                kind: RepairKind::Condensed
            }]
        );
        assert_eq!(a.to_normal(1, 8), Some(7));
        assert_eq!(a.to_source(1, 7), 8);
    }

    #[test]
    fn a_wandering_border_is_moved_back() {
        let art = "┌───┐\n│ a  │\n│ b│\n└───┘";
        let (f, a) = frames(art);
        assert_eq!(f.len(), 1);
        let kinds: Vec<(usize, isize, RepairKind)> =
            a.repairs.iter().map(|r| (r.row, r.delta, r.kind)).collect();
        assert_eq!(
            kinds,
            [
                (1, 1, RepairKind::MovedBorder),
                (2, -1, RepairKind::MovedBorder)
            ]
        );
    }

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

    #[test]
    fn lines_that_do_not_close_are_no_frame() {
        let (f, _) = frames("┌──┼──┐\n▼  ▼  ▼");
        assert!(f.is_empty());
        let (f, _) = frames("┌──┐\n│  │\n");
        assert!(f.is_empty());
    }

    #[test]
    fn rounded_and_heavy_frames_keep_their_style() {
        let (f, _) = frames("╭──╮\n│a │\n╰──╯");
        assert_eq!(f[0].sides.arcs, [true; 4]);
        let (f, _) = frames("┏━━┓\n┃a ┃\n┗━━┛");
        assert_eq!(f[0].sides.weights, [Weight::Heavy; 4]);
    }
}

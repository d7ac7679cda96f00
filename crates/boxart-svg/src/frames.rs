//! Frames (boxes): traced from a top-left corner along the top edge, then down both
//! sides to a bottom edge. Hand-drawn sides wander: a border one or two columns off, a
//! label one column wider than its box. Tracing tolerates that; alignment then decides,
//! row by row and left to right, how far each row's cells are from where the frames say
//! they belong, and logs every difference as a [`Repair`] in the [`Alignment`].

use super::alignment::{Alignment, MAX_DELTA, MAX_OFFSET, Repair, RepairKind};
use super::glyphs::{DOWN, LEFT, Line, RIGHT, UP, Weight};
use super::grid::{Cell, Grid};
use super::regions::{self, Failure, Fault};
use super::sides::{Claimed, Pick, Side};
use crate::Error;
use crate::note::RegionFault;

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
    /// The columns of a title set into its top (`┌─ Title ─┐`), from its first cell to
    /// past its last: no line is drawn there.
    pub(crate) title: Option<(usize, usize)>,
}

impl Frame {
    pub(crate) fn area(&self) -> usize {
        (self.bottom - self.top) * (self.right - self.left)
    }

    /// Whether `(row, col)` lies strictly inside the frame.
    pub fn contains(&self, row: usize, col: usize) -> bool {
        row > self.top && row < self.bottom && col > self.left && col < self.right
    }

    /// Whether the top's line is drawn through `col` (not where a title is set in).
    pub(crate) fn top_drawn(&self, col: usize) -> bool {
        !self.in_title(col)
    }

    /// Whether `col` of the top row is in the title set into it.
    pub(crate) fn in_title(&self, col: usize) -> bool {
        self.title
            .is_some_and(|(from, to)| (from..to).contains(&col))
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
    /// Sides found far from their corners, by row and source column.
    far: Vec<(usize, usize)>,
    sides: Sides,
    /// A title set into the top, in source columns.
    title: Option<(usize, usize)>,
}
/// Frames in normalized columns and the alignment that maps them to the source; or the
/// first frame that cannot be repaired with confidence, to be shown as text.
pub(crate) fn find(grid: &Grid) -> Result<(Vec<Frame>, Alignment), Failure> {
    let candidates = candidates(grid).map_err(Failure::Show)?;
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
            title: c.title.map(|(from, to)| {
                let normal = |col| alignment.to_normal(c.top, col).unwrap_or(col);
                (normal(from), normal(to))
            }),
        })
        .collect();
    Ok((frames, alignment))
}

fn candidates(grid: &Grid) -> Result<Vec<Candidate>, Fault> {
    let mut found: Vec<Candidate> = Vec::new();
    let mut claimed = Claimed::new();
    for row in 0..grid.height() {
        for col in 0..grid.rows[row].len() {
            let Some(corner) = grid.line_at(row, col) else {
                continue;
            };
            if !(corner.has(RIGHT) && corner.has(DOWN)) {
                continue;
            }
            if let Some(candidate) = trace_top(grid, &claimed, row, col)? {
                claimed.extend(candidate.far.iter().copied());
                found.push(candidate);
            }
        }
    }
    Ok(found)
}

/// Along the top edge from the corner at `(row, left)`: the nearest top-right corner
/// from which the frame closes.
fn trace_top(
    grid: &Grid,
    claimed: &Claimed,
    row: usize,
    left: usize,
) -> Result<Option<Candidate>, Fault> {
    let Some(corner) = grid.line_at(row, left) else {
        return Ok(None);
    };
    let weight = corner.arms[RIGHT];
    let mut dashes = None;
    let mut title = None;
    let mut col = left + 1;
    loop {
        let edge = match grid.edge_at(row, col, DOWN) {
            Some(edge) => edge,
            None if title.is_none() && col > left + 1 && weight != Weight::Double => {
                match title_end(grid, row, col, weight) {
                    Some(end) => {
                        title = Some((col, end));
                        col = end;
                        continue;
                    }
                    None => return Ok(None),
                }
            }
            None => return Ok(None),
        };
        if edge.arms[LEFT] != weight {
            return Ok(None);
        }
        if edge.has(DOWN) {
            if let Some(mut candidate) = close(grid, claimed, (row, left, col), dashes.unwrap_or(0))
            {
                candidate.title = title;
                return Ok(Some(candidate));
            }
            if !edge.has(RIGHT) {
                if let Some(fault) = broken(grid, claimed, (row, left, col)) {
                    return Err(fault);
                }
            }
        }
        if edge.arms[RIGHT] != weight {
            return Ok(None);
        }
        if edge.arm_count() == 2 && *dashes.get_or_insert(edge.dashes) != edge.dashes {
            return Ok(None);
        }
        col += 1;
    }
}

/// Where the top goes on past a title set into it (`┌─ Title ─┐`) that starts at `col`:
/// text and spaces, then the top's line again at its weight.
fn title_end(grid: &Grid, row: usize, col: usize, weight: Weight) -> Option<usize> {
    let cells = grid.rows.get(row)?;
    let mut words = false;
    for (end, cell) in cells.iter().enumerate().skip(col) {
        match cell {
            Cell::Text(_) => words = true,
            Cell::Space | Cell::Wide => {}
            Cell::Line(line) if words && line.arms[LEFT] == weight => return Some(end),
            _ => return None,
        }
    }
    None
}

/// Where the right side of a frame goes missing or could be two cells, when its top,
/// left side and bottom are drawn whole: a frame that would be drawn broken, and the
/// region to show as text instead.
fn broken(
    grid: &Grid,
    claimed: &Claimed,
    (top, left, right): (usize, usize, usize),
) -> Option<Fault> {
    let mut fault = None;
    let mut spans = vec![(left, right)];
    let wanted = |c: &Line| c.has(UP) && c.has(DOWN);
    for row in top + 1..grid.height() {
        let Some(l) = grid.line_at(row, left).filter(|l| l.has(UP)) else {
            // A left border further off than tracing takes, out past the corner.
            let bar = stray_left_border(grid, row, left)?;
            let columns = bar as isize - left as isize;
            fault.get_or_insert((row, bar, RegionFault::BorderTooFar { columns }));
            spans.push((bar, regions::row_end(grid, row, left, right)));
            continue;
        };
        if l.has(RIGHT) {
            bottom_edge(grid, row, left, right)?;
            spans.push((left, right));
            let (row, col, why) = fault?;
            return Some(Fault {
                row,
                col,
                why: regions::Why::Region(why),
                top,
                spans,
                cells: Vec::new(),
            });
        }
        let side = Side {
            grid,
            claimed,
            top,
            row,
            expected: right,
            outward: RIGHT,
            after: Some(left),
        };
        let last = match side.pick(wanted) {
            Pick::Near(col) | Pick::Far(col) => col,
            Pick::None => {
                // A side that turns back left ends there: a self-message's loop off a
                // lifeline, closed by its own line, not a frame whose side went missing.
                if let Pick::Near(_) = side.pick(|c| c.has(UP) && c.has(LEFT) && !c.has(DOWN)) {
                    return None;
                }
                let end = regions::row_end(grid, row, left, right);
                let bar = (left + 1..=end).find(|&c| grid.line_at(row, c).is_some_and(wanted));
                fault.get_or_insert(match bar {
                    Some(col) => (row, col, RegionFault::UnclearBorder),
                    None => (row, right.min(end + 1), RegionFault::RowStopsShort),
                });
                end
            }
        };
        spans.push((left, last));
    }
    None
}

/// A row's left border drawn out past its frame's corner: the first drawing character
/// left of `left`, a lone bar (nothing drawn above or below it, where another frame's
/// side or a line would be), with only spaces between it and the frame.
fn stray_left_border(grid: &Grid, row: usize, left: usize) -> Option<usize> {
    let cells = grid.rows.get(row)?;
    let bar = (0..left.min(cells.len()))
        .rev()
        .find(|&c| cells[c] != Cell::Space)?;
    let line = grid.line_at(row, bar)?;
    let lone = |r: Option<usize>| r.is_none_or(|r| grid.line_at(r, bar).is_none());
    let ok = line.has(UP) && line.has(DOWN) && !line.has(LEFT) && !line.has(RIGHT);
    (ok && lone(row.checked_sub(1)) && lone(Some(row + 1))).then_some(bar)
}

/// Down both sides from the top corners at `left` and `right` of row `top`.
fn close(
    grid: &Grid,
    claimed: &Claimed,
    (top, left, right): (usize, usize, usize),
    top_dashes: u8,
) -> Option<Candidate> {
    let tl = grid.line_at(top, left)?;
    let tr = grid.line_at(top, right)?;
    let (lw, rw) = (tl.arms[DOWN], tr.arms[DOWN]);
    let (mut lefts, mut rights) = (vec![left], vec![right]);
    let (mut side_dashes_l, mut side_dashes_r) = (None, None);
    let mut far = Vec::new();
    for row in top + 1..grid.height() {
        // Hand-drawn borders wander around where the top corners are, not away from them.
        let side = |expected, outward, after| Side {
            grid,
            claimed,
            top,
            row,
            expected,
            outward,
            after,
        };
        let l = found(
            side(left, LEFT, None)
                .pick(|c| c.arms[UP] == lw && (c.arms[DOWN] == lw || c.has(RIGHT))),
            row,
            &mut far,
        )?;
        let r = found(
            side(right, RIGHT, Some(l))
                .pick(|c| c.arms[UP] == rw && (c.arms[DOWN] == rw || c.has(LEFT))),
            row,
            &mut far,
        )?;
        lefts.push(l);
        rights.push(r);
        let (lc, rc) = (grid.edge_at(row, l, RIGHT)?, grid.edge_at(row, r, LEFT)?);
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
                    far,
                    sides,
                    title: None,
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

/// The column a side was picked at, noting it when it was far from its corner.
fn found(pick: Pick, row: usize, far: &mut Vec<(usize, usize)>) -> Option<usize> {
    match pick {
        Pick::Near(col) => Some(col),
        Pick::Far(col) => {
            far.push((row, col));
            Some(col)
        }
        Pick::None => None,
    }
}

/// The weight and dashes of a continuous edge between two bottom corners.
fn bottom_edge(grid: &Grid, row: usize, left: usize, right: usize) -> Option<(Weight, u8)> {
    let weight = grid.line_at(row, left)?.arms[RIGHT];
    if grid.line_at(row, right)?.arms[LEFT] != weight {
        return None;
    }
    let mut dashes = None;
    for col in left + 1..right {
        let cell = grid.edge_at(row, col, UP)?;
        if cell.arms[LEFT] != weight || cell.arms[RIGHT] != weight {
            return None;
        }
        if cell.arm_count() == 2 && *dashes.get_or_insert(cell.dashes) != cell.dashes {
            return None;
        }
    }
    Some((weight, dashes.unwrap_or(0)))
}

type Normal = Vec<(usize, usize)>;

/// Row by row, left to right: each frame's border is expected at the normalized column
/// its top corners set; where the source has it elsewhere, the row is repaired from there.
fn align(grid: &Grid, candidates: &[Candidate]) -> Result<(Normal, Alignment), Failure> {
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
        // A side found far off its corner was found where nothing else could be it: it
        // may move any distance, and the rest of its row with it.
        let far = |source: usize| candidates.iter().any(|c| c.far.contains(&(row, source)));
        let row_far = events.iter().any(|e| far(e.0));
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
            let too_far = (want.abs() > MAX_OFFSET && !row_far) || delta.abs() > MAX_DELTA;
            let shown = |why| Failure::Show(shown(&candidates[i], row, source, why));
            if too_far && !far(source) {
                return Err(shown(RegionFault::BorderTooFar { columns: delta }));
            }
            let kind = repair_kind(grid, row, source, delta)
                .map_err(|_| shown(RegionFault::BorderOntoLine { columns: delta }))?;
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
                let col = c.right[k];
                return Err(Failure::Show(shown(c, row, col, RegionFault::SharedBorder)));
            }
        }
    }
    Ok((normal, alignment))
}

/// The region of a frame that cannot be repaired, with where and why.
fn shown(c: &Candidate, row: usize, col: usize, why: RegionFault) -> Fault {
    Fault {
        row,
        col,
        why: regions::Why::Region(why),
        top: c.top,
        spans: c
            .left
            .iter()
            .copied()
            .zip(c.right.iter().copied())
            .collect(),
        cells: Vec::new(),
    }
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
#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::TAB_WIDTH;

    fn frames(art: &str) -> (Vec<Frame>, Alignment) {
        find(&Grid::parse(art, TAB_WIDTH).unwrap()).unwrap()
    }

    /// Arrowheads cut into a box's top (pointing in) and bottom (pointing in from below)
    /// leave it a box, drawn whole; the arrows point at it.
    #[test]
    fn arrowheads_cut_into_edges_leave_a_box() {
        let art = "┌───┐\n│ A │\n└─┬─┘\n  │\n┌─▼────┐\n│ B    │\n└──▲───┘\n   │\n   Y";
        let drawing = crate::render(art, &Default::default()).unwrap();
        assert_eq!(drawing.layout().frames.len(), 2);
        assert_eq!(drawing.description(), "A, Y → B");
        assert_eq!(drawing.rebuild().unwrap(), art);
        // Cut into a side, pointing in, likewise.
        let side = "         ┌───┐\n A ──────▶ B │\n         │   │\n         └───┘";
        let drawing = crate::render(side, &Default::default()).unwrap();
        assert_eq!(drawing.layout().frames.len(), 1);
        assert_eq!(drawing.description(), "A → B");
        assert_eq!(drawing.rebuild().unwrap(), side);
        // Pointing out of the box at nothing, it cannot be read: the box is drawn whole
        // without it, and the author is told.
        let out = "┌───┐\n│ A │\n└─▼─┘";
        let drawing = crate::render(out, &Default::default()).unwrap();
        assert_eq!(drawing.layout().frames.len(), 1);
        assert!(drawing.layout().arrows.is_empty());
        assert_eq!(drawing.notes().len(), 1);
        assert_eq!(drawing.rebuild().unwrap(), out);
    }

    /// A left border drawn far out past its corner: the box is shown as text, not drawn
    /// with a gap in its side and a stray bar beside it.
    #[test]
    fn a_left_border_far_out_shows_the_box_as_text() {
        let art = "     ┌──────────┐\n     │  alpha   │\n  │  beta       │\n     │  gamma   │\n     └──────────┘";
        let drawing = crate::render(art, &Default::default()).unwrap();
        assert!(drawing.layout().frames.is_empty());
        assert!(drawing.layout().strokes.is_empty());
        let notes = drawing.notes();
        assert_eq!((notes[0].row, notes[0].column), (2, 2));
        assert_eq!(
            notes[0].kind,
            crate::NoteKind::RegionAsText {
                fault: RegionFault::BorderTooFar { columns: -3 }
            }
        );
        assert_eq!(drawing.rebuild().unwrap(), art);
        // The side of a box beside it is no stray border.
        let beside = "┌──┐ ┌──┐\n│a │ │b │\n│  │ │c │\n└──┘ └──┘";
        let drawing = crate::render(beside, &Default::default()).unwrap();
        assert_eq!(drawing.layout().frames.len(), 2);
    }

    /// A title set into a box's top keeps it a box, named by its title; the top stops
    /// where the title's cells are. Text in a top that goes nowhere is no title.
    #[test]
    fn a_title_set_into_the_top_names_the_box() {
        let art = "┌─ Ingest ──┐     ┌─ Store ───┐\n│  kafka    │────▶│  s3       │\n└───────────┘     └───────────┘";
        let drawing = crate::render(art, &Default::default()).unwrap();
        let frames = &drawing.layout().frames;
        assert_eq!(frames.len(), 2);
        assert_eq!(
            (frames[0].title, frames[1].title),
            (Some((2, 10)), Some((20, 27)))
        );
        assert_eq!(drawing.description(), "Ingest → Store");
        let svg = drawing.svg("d", &|_| None);
        assert!(
            svg.contains(r#"<path class="dg-frame" d="M88 16H108V48H12V16H24"/>"#),
            "{svg}"
        );
        assert_eq!(drawing.rebuild().unwrap(), art);
        let open = "┌─ not a box\n│\n└──";
        let drawing = crate::render(open, &Default::default()).unwrap();
        assert!(drawing.layout().frames.is_empty());
        assert_eq!(drawing.rebuild().unwrap(), open);
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

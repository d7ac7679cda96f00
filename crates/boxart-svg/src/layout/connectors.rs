//! Connectors: what each line cell draws beyond the frames' outlines, merged into
//! straight [`Stroke`]s of one weight and dash. A frame's outline must be drawn whole
//! where its cells are; what is left over connects.

use std::collections::BTreeMap;

use super::{Sheet, Stroke};
use crate::Error;
use crate::frames::Frame;
use crate::glyphs::{DIRECTIONS, DOWN, LEFT, Line, RIGHT, UP, Weight, opposite, step};
use crate::grid::Cell;

/// The arms frames' outlines draw through each cell, by direction: a dense grid, as
/// every outline is walked cell by cell and looked up for every line cell.
#[derive(Debug, Default)]
pub(super) struct Arms {
    width: usize,
    cells: Vec<[Weight; 4]>,
}

impl Arms {
    /// The arms through `pos`, if an outline passes there.
    pub(super) fn get(&self, &(row, col): &(usize, usize)) -> Option<&[Weight; 4]> {
        if col >= self.width {
            return None;
        }
        (self.cells.get(row * self.width + col)).filter(|arms| arms.iter().any(|w| w.is_some()))
    }

    pub(super) fn contains_key(&self, pos: &(usize, usize)) -> bool {
        self.get(pos).is_some()
    }

    /// The cells outlines pass through, row by row.
    pub(super) fn iter(&self) -> impl Iterator<Item = ((usize, usize), &[Weight; 4])> + '_ {
        (self.cells.iter().enumerate())
            .filter(|(_, arms)| arms.iter().any(|w| w.is_some()))
            .map(|(i, arms)| ((i / self.width, i % self.width), arms))
    }
}

/// The arms each frame's outline draws through each of its cells.
pub(super) fn perimeter_arms(frames: &[Frame]) -> Arms {
    let width = frames.iter().map(|f| f.right + 1).max().unwrap_or(0);
    let height = frames.iter().map(|f| f.bottom + 1).max().unwrap_or(0);
    let mut arms = Arms {
        width,
        cells: vec![[Weight::None; 4]; width * height],
    };
    let mut add = |row: usize, col: usize, dir: usize, weight: Weight| {
        arms.cells[row * width + col][dir] = weight;
    };
    for f in frames {
        let [top, right, bottom, left] = f.sides.weights;
        for col in f.left..f.right {
            if f.top_drawn(col) {
                add(f.top, col, RIGHT, top);
            }
            if f.top_drawn(col + 1) {
                add(f.top, col + 1, LEFT, top);
            }
            add(f.bottom, col, RIGHT, bottom);
            add(f.bottom, col + 1, LEFT, bottom);
        }
        for row in f.top..f.bottom {
            add(row, f.left, DOWN, left);
            add(row + 1, f.left, UP, left);
            add(row, f.right, DOWN, right);
            add(row + 1, f.right, UP, right);
        }
    }
    arms
}

/// Whether `cell` is an arrowhead cut into an outline that runs straight across its
/// way (`┌──▼──┐`): the frame is drawn whole behind it.
pub(super) fn cut_into(outline: &[Weight; 4], cell: &Cell) -> bool {
    let Cell::Arrow { dir, .. } = cell else {
        return false;
    };
    let (along, across) = if matches!(*dir, UP | DOWN) {
        ((LEFT, RIGHT), (UP, DOWN))
    } else {
        ((UP, DOWN), (LEFT, RIGHT))
    };
    outline[along.0].is_some()
        && outline[along.1].is_some()
        && !outline[across.0].is_some()
        && !outline[across.1].is_some()
}

/// What each line cell draws beyond the frames' outlines: the connectors, with dashes.
pub(super) fn connector_arms(
    sheet: &Sheet,
    perimeter: &Arms,
) -> Result<BTreeMap<(usize, usize), Line>, Error> {
    let mut connectors = BTreeMap::new();
    for (&pos, cell) in sheet {
        let Cell::Line(line) = cell else { continue };
        let mut rest = *line;
        if let Some(outline) = perimeter.get(&pos) {
            for dir in DIRECTIONS {
                if outline[dir].is_some() {
                    if line.arms[dir] != outline[dir] {
                        return Err(Error::BrokenEdge { row: pos.0 });
                    }
                    rest.arms[dir] = Weight::None;
                }
            }
        }
        if rest.arm_count() > 0 {
            connectors.insert(pos, rest);
        }
    }
    for (pos, outline) in perimeter.iter() {
        let drawn = match sheet.get(&pos) {
            Some(Cell::Line(_)) => true,
            Some(cell) => cut_into(outline, cell),
            None => false,
        };
        if !drawn && outline.iter().any(|w| w.is_some()) {
            return Err(Error::BrokenEdge { row: pos.0 });
        }
    }
    Ok(connectors)
}

/// Whether the connector at `next`, reached going `dir`, is a line across the way with
/// no arm back: `│` beside `──`, where `├──` would draw the join.
pub(super) fn meets_side(
    connectors: &BTreeMap<(usize, usize), Line>,
    next: (usize, usize),
    dir: usize,
) -> bool {
    connectors
        .get(&next)
        .is_some_and(|l| !l.has(opposite(dir)) && (l.has((dir + 1) % 4) || l.has((dir + 3) % 4)))
}

/// The connector cells that a line's end or an arrowhead meets from the side, and
/// whether what meets them runs along a row: the drawing reaches into them as it
/// reaches into a frame's edge.
pub(super) fn meetings(
    sheet: &Sheet,
    connectors: &BTreeMap<(usize, usize), Line>,
) -> Vec<(usize, usize, bool)> {
    let mut meets = Vec::new();
    for (&(row, col), cell) in sheet {
        let reaching: Vec<usize> = match (cell, connectors.get(&(row, col))) {
            (Cell::Arrow { dir, .. }, _) => vec![*dir],
            (_, Some(line)) => DIRECTIONS.into_iter().filter(|&d| line.has(d)).collect(),
            _ => continue,
        };
        for dir in reaching {
            let Some(next) = step(row, col, dir) else {
                continue;
            };
            if meets_side(connectors, next, dir) {
                meets.push((next.0, next.1, matches!(dir, LEFT | RIGHT)));
            }
        }
    }
    meets.sort_unstable();
    meets.dedup();
    meets
}

pub(super) fn strokes(connectors: &BTreeMap<(usize, usize), Line>) -> Vec<Stroke> {
    let mut halves: BTreeMap<(bool, usize, usize), (Weight, u8)> = BTreeMap::new();
    for (&(row, col), line) in connectors {
        for dir in DIRECTIONS {
            let weight = line.arms[dir];
            if !weight.is_some() {
                continue;
            }
            let key = match dir {
                LEFT => (true, row, 2 * col),
                RIGHT => (true, row, 2 * col + 1),
                UP => (false, col, 2 * row),
                _ => (false, col, 2 * row + 1),
            };
            halves.insert(key, (weight, line.dashes));
        }
    }
    let mut runs: Vec<Stroke> = Vec::new();
    for ((horizontal, line, unit), (weight, dashes)) in halves {
        match runs.last_mut() {
            Some(last)
                if last.horizontal == horizontal
                    && last.line == line
                    && last.to == unit
                    && last.weight == weight
                    && last.dashes == dashes =>
            {
                last.to = unit + 1;
            }
            _ => runs.push(Stroke {
                horizontal,
                line,
                from: unit,
                to: unit + 1,
                weight,
                dashes,
            }),
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::super::{Edge, Layout, Node, build};
    use super::*;
    use crate::grid::{Grid, TAB_WIDTH};

    fn layout(art: &str) -> Layout {
        build(&Grid::parse(art, TAB_WIDTH).unwrap()).unwrap()
    }

    #[test]
    fn connectors_become_merged_strokes() {
        let l = layout("┌───┐    ┌───┐\n│ A │───▶│ B │\n└───┘    └───┘");
        assert_eq!(l.frames.len(), 2);
        assert_eq!(
            l.strokes,
            [Stroke {
                horizontal: true,
                line: 1,
                from: 10,
                to: 16,
                weight: Weight::Light,
                dashes: 0
            }]
        );
        assert_eq!(
            l.edges,
            [Edge {
                from: Node::Frame(0),
                to: Node::Frame(1),
                caption: None
            }]
        );
    }
}

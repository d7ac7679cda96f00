//! ASCII drawing parts: `-` and `=` along rows, `|` down columns, `+` where they meet,
//! `<` `>` `^` `v` at their ends. The grid reads every ASCII character as text; this
//! pass, run before frames are traced, turns the ones that draw into lines and
//! arrowheads, so a `|` lifeline under a `┬` or a `--->` into a `│` joins like the
//! box-drawing characters beside it. The same characters are prose as often as art
//! (`a - b`, `x|y`, `a->b`, `--flag`): a run draws only where it connects to other
//! lines, never where it touches a word. Each cell keeps its character for the round trip.

use std::collections::BTreeMap;

use crate::glyphs::{self, DIRECTIONS, DOWN, LEFT, Line, RIGHT, UP, Weight, opposite, step};
use crate::grid::{Cell, Grid};

mod corners;

use corners::{dangling, is_corner, line_cells, ragged_corner};

/// A straight run of ASCII line characters, with the arrowheads at its ends.
struct Run {
    horizontal: bool,
    /// Line cells (`-`, `=`, `|`, `+`), in order along the run.
    cells: Vec<(usize, usize)>,
    /// The arrowhead before the first cell and after the last, if drawn.
    heads: [Option<(usize, usize)>; 2],
    /// Long enough to be art on its own: two or more `-`, `=` or `|`, or three cells
    /// with the `+` of its corners (the side of a one-row box).
    strong: bool,
}

/// Turns the ASCII characters of `grid` that draw into lines and arrowheads, recording
/// each line's character in [`Grid::ascii`].
pub(crate) fn draw(grid: &mut Grid) {
    let candidate = |c: &Cell| char_of(c).is_some_and(|c| "-=|+<>^v→←↑↓".contains(c));
    if !grid.rows.iter().flatten().any(candidate) {
        return;
    }
    let mut runs = horizontal_runs(grid);
    runs.extend(vertical_runs(grid));
    // A `+` is a corner or a junction: one with a single line out of it is a box whose
    // other side is missing, drawn only if it can be drawn closed. Its runs stay text.
    let mut rejected = vec![false; runs.len()];
    let (accepted, lines) = loop {
        let accepted = accept(grid, &runs, &rejected);
        let lines = line_cells(grid, &runs, &accepted);
        let dangling = dangling(grid, &runs, &accepted, &lines);
        if dangling.is_empty() {
            break (accepted, lines);
        }
        for i in dangling {
            rejected[i] = true;
        }
    };
    let mut heads = Vec::new();
    for (run, _) in runs.iter().zip(&accepted).filter(|(_, a)| **a) {
        heads.extend(run.heads.iter().flatten().copied());
    }
    heads.extend(unicode_shaft_heads(grid));
    for (&pos, &c) in &lines {
        let line = arms(grid, &lines, pos, c);
        grid.rows[pos.0][pos.1] = Cell::Line(line);
        grid.ascii.push((pos.0, pos.1, c));
    }
    for (row, col) in heads {
        if let Some(c) = char_of(grid.get(row, col)) {
            let dir = head_dir(c).unwrap_or(RIGHT);
            grid.rows[row][col] = Cell::Arrow { dir, glyph: c };
        }
    }
    heads_beside_their_lines(grid);
}

/// A `v` or `^` written into a top or bottom edge (`┌──v──┐`) a column beside the end
/// of the line it ends: the author's hand slipped. The arrowhead is drawn at the line's
/// end, in the edge, and the edge is drawn whole under the letter, which the round trip
/// writes back. Only where exactly one line ends beside it.
fn heads_beside_their_lines(grid: &mut Grid) {
    let mut moves = Vec::new();
    for (row, cells) in grid.rows.iter().enumerate() {
        for (col, cell) in cells.iter().enumerate() {
            let Some(dir @ (UP | DOWN)) = char_of(cell).and_then(head_dir) else {
                continue;
            };
            let edge = |c: usize| {
                (grid.line_at(row, c).copied())
                    .filter(|l| l.has(LEFT) && l.has(RIGHT) && !l.has(UP) && !l.has(DOWN))
            };
            let Some(edge_line) = col
                .checked_sub(1)
                .and_then(edge)
                .filter(|_| edge(col + 1).is_some())
            else {
                continue;
            };
            let ends_above = |c: usize| {
                step(row, c, opposite(dir))
                    .and_then(|(r, c)| grid.line_at(r, c))
                    .is_some_and(|l| l.has(dir))
            };
            let beside: Vec<usize> = [col.checked_sub(1), Some(col + 1)]
                .into_iter()
                .flatten()
                .filter(|&c| ends_above(c))
                .collect();
            if let [to] = beside[..] {
                if !ends_above(col) {
                    moves.push((row, col, to, dir, edge_line));
                }
            }
        }
    }
    for (row, col, to, dir, edge_line) in moves {
        let written = (grid.ascii.iter())
            .find(|&&(r, c, _)| (r, c) == (row, to))
            .map(|&(_, _, c)| c);
        let Some(glyph) = written.or_else(|| grid.line_at(row, to).and_then(|l| glyphs::glyph(*l)))
        else {
            continue;
        };
        let letter = char_of(grid.get(row, col)).unwrap_or('v');
        grid.rows[row][to] = Cell::Arrow { dir, glyph };
        grid.rows[row][col] = Cell::Line(edge_line);
        grid.ascii.push((row, col, letter));
        grid.moved_heads
            .push((row, col, to as isize - col as isize));
    }
}

/// The single character of a text cell.
fn char_of(cell: &Cell) -> Option<char> {
    let Cell::Text(text) = cell else { return None };
    let mut chars = text.chars();
    let c = chars.next()?;
    chars.next().is_none().then_some(c)
}

/// The direction of a character that is an arrowhead at the end of a line: ASCII, or
/// the arrows of text (`──→`), which elsewhere are prose (`a → b`) and stay text.
fn head_dir(c: char) -> Option<usize> {
    match c {
        '^' | '↑' => Some(UP),
        '>' | '→' => Some(RIGHT),
        'v' | '↓' => Some(DOWN),
        '<' | '←' => Some(LEFT),
        _ => None,
    }
}

fn is_word(cell: &Cell) -> bool {
    char_of(cell).is_some_and(char::is_alphanumeric)
}

/// A `v` under a `|` (or a line reaching down), or a `^` over one: an arrowhead, though
/// a letter, as in `+--v--+` where a line comes into a box's top.
fn head_on_shaft(grid: &Grid, pos: Option<(usize, usize)>) -> bool {
    let Some((row, col)) = pos else { return false };
    let Some(dir) = char_of(grid.get(row, col)).and_then(head_dir) else {
        return false;
    };
    if !matches!(dir, UP | DOWN) {
        return false;
    }
    let back = opposite(dir);
    step(row, col, back).is_some_and(|(r, c)| match grid.get(r, c) {
        Cell::Line(l) => l.has(dir),
        cell => matches!(char_of(cell), Some('|' | '+')),
    })
}

fn at(grid: &Grid, pos: Option<(usize, usize)>) -> &Cell {
    pos.map_or(&Cell::Space, |(r, c)| grid.get(r, c))
}

fn horizontal_runs(grid: &Grid) -> Vec<Run> {
    let mut runs = Vec::new();
    for (row, cells) in grid.rows.iter().enumerate() {
        let mut col = 0;
        while col < cells.len() {
            let along = |c: usize| char_of(&cells[c]).is_some_and(|c| "-=+.'".contains(c));
            if !along(col) {
                col += 1;
                continue;
            }
            let start = col;
            while col < cells.len() && along(col) {
                col += 1;
            }
            let cells_of: Vec<(usize, usize)> = (start..col).map(|c| (row, c)).collect();
            let before = start
                .checked_sub(1)
                .filter(|&c| char_of(&cells[c]) == Some('<'));
            let after = Some(col).filter(|&c| char_of(grid.get(row, c)) == Some('>'));
            let heads = [before.map(|c| (row, c)), after.map(|c| (row, c))];
            if let Some(run) = run(grid, true, cells_of, heads) {
                runs.push(run);
            }
        }
    }
    runs
}

fn vertical_runs(grid: &Grid) -> Vec<Run> {
    let mut runs = Vec::new();
    let width = grid.rows.iter().map(Vec::len).max().unwrap_or(0);
    for col in 0..width {
        let mut row = 0;
        while row < grid.height() {
            let along = |r: usize| char_of(grid.get(r, col)).is_some_and(|c| "|+.'".contains(c));
            if !along(row) {
                row += 1;
                continue;
            }
            let start = row;
            while row < grid.height() && along(row) {
                row += 1;
            }
            let cells: Vec<(usize, usize)> = (start..row).map(|r| (r, col)).collect();
            let head = |pos: Option<(usize, usize)>, c: char| {
                pos.filter(|&(r, c2)| char_of(grid.get(r, c2)) == Some(c))
                    .filter(|&(r, c2)| !beside_words(grid, r, c2))
            };
            let heads = [
                head(start.checked_sub(1).map(|r| (r, col)), '^'),
                head(Some((row, col)), 'v'),
            ];
            if let Some(run) = run(grid, false, cells, heads) {
                runs.push(run);
            }
        }
    }
    runs
}

/// Whether the cell has a word character directly left and right of it (`x|y`, `ava`).
fn beside_words(grid: &Grid, row: usize, col: usize) -> bool {
    is_word(at(grid, step(row, col, LEFT))) && is_word(at(grid, step(row, col, RIGHT)))
}

/// A run, unless it is part of a word: `--flag`, `a->b`, `x|y`.
fn run(
    grid: &Grid,
    horizontal: bool,
    cells: Vec<(usize, usize)>,
    heads: [Option<(usize, usize)>; 2],
) -> Option<Run> {
    let drawn = cells
        .iter()
        .filter(|&&(r, c)| !char_of(grid.get(r, c)).is_some_and(is_corner))
        .count();
    if drawn == 0 {
        return None;
    }
    if horizontal {
        let (back, ahead) = (LEFT, RIGHT);
        let first = heads[0].unwrap_or(cells[0]);
        let last = heads[1].unwrap_or(cells[cells.len() - 1]);
        let word = |p: Option<(usize, usize)>| is_word(at(grid, p)) && !head_on_shaft(grid, p);
        let touches_word = word(step(first.0, first.1, back)) || word(step(last.0, last.1, ahead));
        if touches_word {
            return None;
        }
    } else if cells.iter().any(|&(r, c)| beside_words(grid, r, c)) {
        return None;
    }
    Some(Run {
        horizontal,
        strong: drawn >= 2 || cells.len() >= 3,
        cells,
        heads,
    })
}

/// Which runs draw: a long run that connects to a box-drawing line or to another long
/// run, then, until nothing changes, any run joined to one that draws (a short run at
/// both its ends).
fn accept(grid: &Grid, runs: &[Run], rejected: &[bool]) -> Vec<bool> {
    let mut owner: BTreeMap<(usize, usize), Vec<usize>> = BTreeMap::new();
    for (i, run) in runs.iter().enumerate() {
        for &pos in run.cells.iter().chain(run.heads.iter().flatten()) {
            owner.entry(pos).or_default().push(i);
        }
    }
    // Per run and end: whether a box-drawing character is there, and which runs.
    let links: Vec<[End; 2]> = (0..runs.len())
        .map(|i| ends(grid, runs, &owner, i))
        .collect();
    let mut accepted = vec![false; runs.len()];
    let mut changed = true;
    while changed {
        changed = false;
        for i in 0..runs.len() {
            if accepted[i] || rejected[i] {
                continue;
            }
            let linked = |end: &End| {
                end.drawn
                    || (end.runs.iter())
                        .any(|&j| accepted[j] || (runs[i].strong && runs[j].strong && !rejected[j]))
            };
            let ok = if runs[i].strong {
                links[i].iter().any(linked)
            } else {
                // A short line from a label to an arrowhead (`C` under `|` under `^`)
                // is art too; from a label to a label it may be prose.
                links[i]
                    .iter()
                    .all(|end| end.head || linked(end) || end.label)
                    && links[i].iter().any(|end| end.head || linked(end))
            };
            if ok {
                accepted[i] = true;
                changed = true;
            }
        }
    }
    accepted
}

/// What one end of a run connects to.
#[derive(Clone, Default)]
struct End {
    /// A box-drawing character.
    drawn: bool,
    /// The end is an arrowhead.
    head: bool,
    /// A label is right past the end, along the run.
    label: bool,
    /// Runs it joins.
    runs: Vec<usize>,
}

/// What each end of run `i` connects to: beyond its last cell (or arrowhead), the runs
/// sharing a `+` there, and the lines whose arm reaches into any of its cells from the
/// side, which count for both ends.
fn ends(
    grid: &Grid,
    runs: &[Run],
    owner: &BTreeMap<(usize, usize), Vec<usize>>,
    i: usize,
) -> [End; 2] {
    let run = &runs[i];
    let (back, ahead) = if run.horizontal {
        (LEFT, RIGHT)
    } else {
        (UP, DOWN)
    };
    let mut sides = End::default();
    for &(r, c) in &run.cells {
        for dir in DIRECTIONS {
            if run.horizontal == matches!(dir, LEFT | RIGHT) {
                continue;
            }
            let Some(n) = step(r, c, dir) else { continue };
            match grid.get(n.0, n.1) {
                Cell::Line(l) if l.has(opposite(dir)) => sides.drawn = true,
                Cell::Arrow { dir: d, .. } if *d == opposite(dir) => sides.drawn = true,
                _ => {}
            }
            let others = owner.get(&(r, c)).into_iter().flatten();
            sides.runs.extend(others.filter(|&&j| j != i).copied());
            for &j in owner.get(&n).into_iter().flatten() {
                if runs[j].horizontal != run.horizontal && is_end(&runs[j], n) {
                    sides.runs.push(j);
                }
            }
        }
    }
    let mut out = [sides.clone(), sides];
    for (k, dir) in [(0, back), (1, ahead)] {
        let tip = run.heads[k].unwrap_or(if k == 0 {
            run.cells[0]
        } else {
            run.cells[run.cells.len() - 1]
        });
        // An arrowhead is art by itself: the end it is on needs nothing more.
        out[k].head = run.heads[k].is_some();
        let Some(beyond) = step(tip.0, tip.1, dir) else {
            continue;
        };
        if grid.get(beyond.0, beyond.1).is_graphic() {
            out[k].drawn = true;
        }
        out[k].label = !run.horizontal && is_word(grid.get(beyond.0, beyond.1));
        if !run.horizontal && run.heads[k].is_none() {
            // A corner, or the rest of a side that wanders with its row.
            let part = |p: (usize, usize)| matches!(char_of(grid.get(p.0, p.1)), Some('+' | '|'));
            if let Some(next) = ragged_corner(grid, beyond, part) {
                let owners = owner.get(&next).into_iter().flatten();
                out[k]
                    .runs
                    .extend(owners.filter(|&&j| j != i && is_end(&runs[j], next)));
            }
        }
        out[k].runs.extend(
            owner
                .get(&beyond)
                .into_iter()
                .flatten()
                .filter(|&&j| j != i),
        );
    }
    out
}

/// Whether `pos` is the first or last cell of `run` (its arrowheads included).
fn is_end(run: &Run, pos: (usize, usize)) -> bool {
    let first = run.heads[0].unwrap_or(run.cells[0]);
    let last = run.heads[1].unwrap_or(run.cells[run.cells.len() - 1]);
    pos == first || pos == last
}

/// `<`, `>`, `^` and `v` at the end of a box-drawing line: `──>`, `│` over `v`.
fn unicode_shaft_heads(grid: &Grid) -> Vec<(usize, usize)> {
    let mut heads = Vec::new();
    for (row, cells) in grid.rows.iter().enumerate() {
        for (col, cell) in cells.iter().enumerate() {
            let Some(dir) = char_of(cell).and_then(head_dir) else {
                continue;
            };
            if beside_words(grid, row, col) {
                continue;
            }
            let back = opposite(dir);
            let shaft = step(row, col, back).and_then(|(r, c)| grid.line_at(r, c));
            if shaft.is_some_and(|l| l.has(dir)) {
                heads.push((row, col));
            }
        }
    }
    heads
}

/// The arms of an ASCII line cell: `-` and `=` across, `|` down, and `+` towards every
/// neighbour that draws towards it. A `+` whose arms no single character draws is drawn
/// light.
fn arms(grid: &Grid, lines: &BTreeMap<(usize, usize), char>, pos: (usize, usize), c: char) -> Line {
    let mut line = Line::default();
    match c {
        '-' => (line.arms[LEFT], line.arms[RIGHT]) = (Weight::Light, Weight::Light),
        '=' => (line.arms[LEFT], line.arms[RIGHT]) = (Weight::Double, Weight::Double),
        '|' => (line.arms[UP], line.arms[DOWN]) = (Weight::Light, Weight::Light),
        _ => {
            for dir in DIRECTIONS {
                line.arms[dir] = junction_arm(grid, lines, pos, dir);
            }
            if glyphs::glyph(line).is_none() {
                line.arms = line
                    .arms
                    .map(|w| if w.is_some() { Weight::Light } else { w });
            }
        }
    }
    line
}

fn junction_arm(
    grid: &Grid,
    lines: &BTreeMap<(usize, usize), char>,
    pos: (usize, usize),
    dir: usize,
) -> Weight {
    let Some(n) = step(pos.0, pos.1, dir) else {
        return Weight::None;
    };
    let across = matches!(dir, LEFT | RIGHT);
    match lines.get(&n) {
        Some('=') if across => return Weight::Double,
        Some('-') if across => return Weight::Light,
        Some('|') if !across => return Weight::Light,
        Some(&c) if is_corner(c) => return Weight::Light,
        _ => {}
    }
    if !across {
        // The side of a box drawn a column or two beside its corner.
        // Its `|` ends there: nothing continues it on the corner's row.
        let side =
            |p: (usize, usize)| lines.get(&p) == Some(&'|') && !lines.contains_key(&(pos.0, p.1));
        if !lines.contains_key(&n) && ragged_corner(grid, n, side).is_some() {
            return Weight::Light;
        }
    }
    match grid.get(n.0, n.1) {
        Cell::Line(l) if l.has(opposite(dir)) => l.arms[opposite(dir)],
        Cell::Arrow { dir: d, .. } if *d == dir => Weight::Light,
        Cell::Text(_) if char_of(grid.get(n.0, n.1)).and_then(head_dir) == Some(dir) => {
            Weight::Light
        }
        _ => Weight::None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::TAB_WIDTH;

    pub(super) fn drawn(art: &str) -> String {
        let mut grid = Grid::parse(art, TAB_WIDTH).unwrap();
        draw(&mut grid);
        let rows: Vec<String> = (grid.rows.iter())
            .map(|cells| {
                cells
                    .iter()
                    .map(|c| match c {
                        Cell::Line(l) => glyphs::glyph(*l).unwrap_or('?'),
                        Cell::Arrow { dir, .. } => ['▲', '▶', '▼', '◀'][*dir],
                        Cell::Text(t) => t.chars().next().unwrap_or(' '),
                        _ => ' ',
                    })
                    .collect()
            })
            .collect();
        rows.join("\n")
    }

    /// ASCII arrowheads cut into ASCII boxes' edges: the boxes stay boxes, the `v` and
    /// `^` are arrowheads, not letters; a short line from a label into one is art.
    #[test]
    fn ascii_arrowheads_in_edges_leave_boxes() {
        let art = "+-----+\n|  A  |\n+-----+\n   ^\n   |\n+--+--+\n|  B  |\n+--^--+\n   |\n   C";
        let drawing = crate::render(art, &Default::default()).unwrap();
        assert_eq!(drawing.layout().frames.len(), 2);
        assert_eq!(drawing.description(), "C → B → A");
        assert_eq!(drawing.rebuild().unwrap(), art);
        let into_top = "+-----+\n|  A  |\n+--+--+\n   |\n+--v--+\n|  B  |\n+-----+";
        let drawing = crate::render(into_top, &Default::default()).unwrap();
        assert_eq!(drawing.layout().frames.len(), 2);
        assert_eq!(drawing.description(), "A → B");
        // Between two words a bar is prose.
        assert_eq!(drawn("x\n|\ny"), "x\n|\ny");
    }

    /// The arrows of text end lines as arrowheads do (`──→`, `┬` over `↓`); in words
    /// they stay words. A line with a head at both ends flows both ways.
    #[test]
    fn text_arrows_end_lines() {
        let art = "┌───┐     ┌───┐\n│ A │────→│ B │\n└─┬─┘     └───┘\n  ↓\n┌───┐\n│ C │\n└───┘";
        let drawing = crate::render(art, &Default::default()).unwrap();
        assert_eq!(drawing.layout().arrows.len(), 2);
        assert_eq!(drawing.description(), "A → B, C");
        assert_eq!(drawing.rebuild().unwrap(), art);
        let prose = "┌──────────┐\n│ a → b    │\n└──────────┘";
        let drawing = crate::render(prose, &Default::default()).unwrap();
        assert!(drawing.layout().arrows.is_empty());
        let both = "┌───┐     ┌───┐\n│ A │◀───▶│ B │\n└───┘     └───┘";
        let drawing = crate::render(both, &Default::default()).unwrap();
        assert!(drawing.notes().is_empty());
        assert_eq!(drawing.layout().edges.len(), 2);
    }

    /// A `v` cut into a box's top a column beside the line it ends is drawn at the
    /// line's end, the top drawn whole, and said.
    #[test]
    fn an_arrowhead_beside_its_line_is_drawn_at_its_end() {
        let art = "┌───┐\n│ A │\n└─┬─┘\n  │\n┌──v─┐\n│ B  │\n└────┘";
        let drawing = crate::render(art, &Default::default()).unwrap();
        let layout = drawing.layout();
        assert_eq!(layout.frames.len(), 2);
        assert_eq!(drawing.description(), "A → B");
        let heads: Vec<(usize, usize)> = layout.arrows.iter().map(|a| (a.row, a.col)).collect();
        assert_eq!(heads, [(4, 2)]);
        let notes = drawing.notes();
        assert_eq!((notes[0].row, notes[0].column), (4, 3));
        assert_eq!(
            notes[0].message(&|r, c| (r + 1, c + 1)),
            "the arrowhead on line 5 is 1 column right of the end of its line; drew it at the end"
        );
        assert_eq!(drawing.rebuild().unwrap(), art);
        // Between two lines' ends it is not clear which it ends: it stays a letter.
        let two = "┌───┐\n│ A │\n└┬─┬┘\n │ │\n┌┴v┴┐\n│ B │\n└───┘";
        let drawing = crate::render(two, &Default::default()).unwrap();
        assert!(drawing.layout().arrows.is_empty());
        assert_eq!(drawing.rebuild().unwrap(), two);
    }

    #[test]
    fn lifelines_and_messages_draw() {
        assert_eq!(
            drawn("A     B\n|     |\n|---->|\n|<----|"),
            "A     B\n│     │\n│────▶│\n│◀────│"
        );
        assert_eq!(
            drawn("┌┴┐\n|a|\n└┬┘\n |\n v\n B"),
            "┌┴┐\n│a│\n└┬┘\n │\n ▼\n B"
        );
        assert_eq!(drawn("+--+\n|  |\n+--+"), "┌──┐\n│  │\n└──┘");
        assert_eq!(drawn("──> x\n==> y"), "──▶ x\n==> y");
    }

    #[test]
    fn prose_stays_text() {
        for prose in [
            "a - b",
            "x|y",
            "a->b",
            "--verbose",
            "x|y\nx|y",
            "Name  Value\n----  -----",
            "│ a -- b │",
            "grep a | sort",
            "i += 1",
            "don't -- stop. 'x' + y.",
            "a.b\n'|'",
        ] {
            assert_eq!(drawn(prose), prose, "{prose}");
        }
        // A line of dashes meeting a word is part of it, even beside a frame.
        assert_eq!(drawn("│--verbose"), "│--verbose");
    }
}

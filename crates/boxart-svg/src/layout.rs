//! From the grid and its frames to drawing primitives and structure: connector strokes
//! (collinear pieces merged into runs), arrowheads, diagonals, text runs, which frame
//! holds which text, and the flows that arrows give between frames and free text.
//! Everything is in normalized (repaired) columns.

use std::collections::BTreeMap;

use super::alignment::{Alignment, RepairKind};
use super::frames::Frame;
use super::glyphs::{DIRECTIONS, DOWN, LEFT, Line, RIGHT, UP, Weight, opposite, step};
use super::grid::{Cell, Grid};
use crate::Error;

/// A straight run of connector line, in half cells: horizontal runs along row `line`
/// from x `from` to `to` (cell `c` spans 2c to 2c+2), vertical ones along column `line`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stroke {
    /// Whether it runs along a row (else down a column).
    pub horizontal: bool,
    /// The row (horizontal) or column (vertical) it runs along.
    pub line: usize,
    /// Where it starts, in half cells.
    pub from: usize,
    /// Where it ends, in half cells.
    pub to: usize,
    pub(crate) weight: Weight,
    pub(crate) dashes: u8,
}

/// An arrowhead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arrow {
    /// Its row.
    pub row: usize,
    /// Its normalized column.
    pub col: usize,
    pub(crate) dir: usize,
    /// The character it was drawn with.
    pub glyph: char,
}

/// Text as written on one row: single spaces inside, two or more end it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextRun {
    /// Its row.
    pub row: usize,
    /// The normalized column it starts at.
    pub col: usize,
    /// Where the run starts in the source: a repair may map two source columns to one
    /// normalized column, and only the source knows which one held the text.
    pub source_col: usize,
    /// The text.
    pub text: String,
    /// Columns the text takes as written.
    pub width: usize,
    /// Columns it is drawn in (less than `width` when condensed into its box).
    pub fit: usize,
}

/// One end of an [`Edge`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Node {
    /// A frame, by its index in [`Layout::frames`].
    Frame(usize),
    /// A text run outside frames, by its index in [`Layout::texts`].
    Text(usize),
}

/// A flow drawn with an arrow, and the text beside the arrowhead that captions it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    /// Where the flow starts.
    pub from: Node,
    /// Where its arrowhead points.
    pub to: Node,
    /// The caption, by its index in [`Layout::texts`].
    pub caption: Option<usize>,
}

/// What a diagram is made of, in normalized (repaired) rows and columns.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// Rows.
    pub height: usize,
    /// Columns of the widest row.
    pub width: usize,
    /// The frames.
    pub frames: Vec<Frame>,
    /// Connector lines, merged into straight runs.
    pub strokes: Vec<Stroke>,
    /// Arrowheads.
    pub arrows: Vec<Arrow>,
    pub(crate) diagonals: Vec<(usize, usize, char)>,
    /// Rounded corners of connectors (frames keep theirs in their sides).
    pub(crate) arcs: Vec<(usize, usize)>,
    /// Runs of text.
    pub texts: Vec<TextRun>,
    /// What was repaired.
    pub alignment: Alignment,
    /// The smallest frame around each frame.
    pub frame_parent: Vec<Option<usize>>,
    /// The smallest frame around each text run.
    pub text_owner: Vec<Option<usize>>,
    /// The flows arrows draw.
    pub edges: Vec<Edge>,
    /// What the round trip needs to restore the source exactly.
    pub(crate) source_widths: Vec<usize>,
    pub(crate) tabs: Vec<(usize, usize, usize)>,
    pub(crate) crlf: Vec<bool>,
    pub(crate) trailing_newline: bool,
}

/// A normalized cell of the drawing: what is drawn there.
type Sheet = BTreeMap<(usize, usize), Cell>;

pub(crate) fn build(grid: &Grid) -> Result<Layout, Error> {
    let (frames, mut alignment) = super::frames::find(grid)?;
    super::moved_lines::align_lines(grid, &frames, &mut alignment)?;
    let sheet = normalize(grid, &alignment)?;
    let perimeter = perimeter_arms(&frames);
    let connectors = connector_arms(&sheet, &perimeter)?;
    let mut layout = Layout {
        height: grid.height(),
        frames,
        alignment,
        source_widths: grid.rows.iter().map(Vec::len).collect(),
        tabs: grid.tabs.clone(),
        crlf: grid.crlf.clone(),
        trailing_newline: grid.trailing_newline,
        ..Layout::default()
    };
    layout.strokes = strokes(&connectors);
    for (&(row, col), cell) in &sheet {
        match cell {
            Cell::Arrow { dir, glyph } => layout.arrows.push(Arrow {
                row,
                col,
                dir: *dir,
                glyph: *glyph,
            }),
            Cell::Diagonal(c) => layout.diagonals.push((row, col, *c)),
            Cell::Line(line)
                if line.arc && !layout.frames.iter().any(|f| is_corner(f, row, col)) =>
            {
                layout.arcs.push((row, col))
            }
            _ => {}
        }
    }
    layout.texts = text_runs(grid, &layout.alignment);
    layout.width = width(&layout, &sheet);
    layout.frame_parent = (0..layout.frames.len())
        .map(|i| parent_of(&layout.frames, i))
        .collect();
    layout.text_owner = layout
        .texts
        .iter()
        .map(|t| innermost(&layout.frames, t.row, t.col))
        .collect();
    layout.edges = Flows::new(&layout, &sheet, &connectors, &perimeter).edges()?;
    Ok(layout)
}

fn is_corner(frame: &Frame, row: usize, col: usize) -> bool {
    (row == frame.top || row == frame.bottom) && (col == frame.left || col == frame.right)
}

/// Drawing cells moved to their normalized columns; two landing on one cell cannot be.
fn normalize(grid: &Grid, alignment: &Alignment) -> Result<Sheet, Error> {
    let mut sheet = Sheet::new();
    for (row, cells) in grid.rows.iter().enumerate() {
        for (col, cell) in cells.iter().enumerate() {
            if !cell.is_graphic() {
                continue;
            }
            let n = alignment
                .to_normal(row, col)
                .ok_or(Error::LineLeftOfDrawing { row })?;
            if sheet.insert((row, n), cell.clone()).is_some() {
                return Err(Error::LinesCollide { row });
            }
        }
    }
    Ok(sheet)
}

type Arms = BTreeMap<(usize, usize), [Weight; 4]>;

/// The arms each frame's outline draws through each of its cells.
fn perimeter_arms(frames: &[Frame]) -> Arms {
    let mut arms = Arms::new();
    let mut add = |row: usize, col: usize, dir: usize, weight: Weight| {
        arms.entry((row, col)).or_insert([Weight::None; 4])[dir] = weight;
    };
    for f in frames {
        let [top, right, bottom, left] = f.sides.weights;
        for col in f.left..f.right {
            add(f.top, col, RIGHT, top);
            add(f.top, col + 1, LEFT, top);
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

/// What each line cell draws beyond the frames' outlines: the connectors, with dashes.
fn connector_arms(
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
    for (pos, outline) in perimeter {
        if !matches!(sheet.get(pos), Some(Cell::Line(_))) && outline.iter().any(|w| w.is_some()) {
            return Err(Error::BrokenEdge { row: pos.0 });
        }
    }
    Ok(connectors)
}

/// Connector arms merged into straight runs of one weight and dash.
fn strokes(connectors: &BTreeMap<(usize, usize), Line>) -> Vec<Stroke> {
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

/// Text runs of every row: letters with single spaces between, at normalized columns;
/// a run that a repair condensed is fitted into fewer columns.
fn text_runs(grid: &Grid, alignment: &Alignment) -> Vec<TextRun> {
    let mut runs = Vec::new();
    for (row, cells) in grid.rows.iter().enumerate() {
        let mut col = 0;
        while col < cells.len() {
            if !matches!(cells[col], Cell::Text(_)) {
                col += 1;
                continue;
            }
            let start = col;
            let mut text = String::new();
            let mut end = col;
            while col < cells.len() {
                match &cells[col] {
                    Cell::Text(t) => {
                        text.push_str(t);
                        end = col + 1;
                    }
                    Cell::Wide => end = col + 1,
                    Cell::Space if matches!(cells.get(col + 1), Some(Cell::Text(_))) => {
                        text.push(' ')
                    }
                    _ => break,
                }
                col += 1;
            }
            let width = end - start;
            let condensed: isize = alignment
                .repairs
                .iter()
                .filter(|r| r.row == row && r.col == end && r.kind == RepairKind::Condensed)
                .map(|r| r.delta)
                .sum();
            runs.push(TextRun {
                row,
                col: alignment.to_normal(row, start).unwrap_or(start),
                source_col: start,
                text,
                width,
                fit: (width as isize - condensed).max(1) as usize,
            });
            col = end;
        }
    }
    runs
}

fn width(layout: &Layout, sheet: &Sheet) -> usize {
    let drawn = sheet.keys().map(|(_, c)| c + 1).max().unwrap_or(0);
    let text = layout
        .texts
        .iter()
        .map(|t| t.col + t.fit)
        .max()
        .unwrap_or(0);
    let frames = layout.frames.iter().map(|f| f.right + 1).max().unwrap_or(0);
    drawn.max(text).max(frames)
}

fn parent_of(frames: &[Frame], i: usize) -> Option<usize> {
    (0..frames.len())
        .filter(|&j| j != i && frames[j].encloses(&frames[i]))
        .min_by_key(|&j| frames[j].area())
}

fn innermost(frames: &[Frame], row: usize, col: usize) -> Option<usize> {
    (0..frames.len())
        .filter(|&i| frames[i].contains(row, col))
        .min_by_key(|&i| frames[i].area())
}

/// Connected connectors, what their ends touch, and the flows their arrows give.
struct Flows<'a> {
    layout: &'a Layout,
    sheet: &'a Sheet,
    connectors: &'a BTreeMap<(usize, usize), Line>,
    perimeter: &'a Arms,
}

/// What a connector's end touches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Touch {
    Frame(usize),
    Text(usize),
    Nothing,
}

impl<'a> Flows<'a> {
    fn new(
        layout: &'a Layout,
        sheet: &'a Sheet,
        connectors: &'a BTreeMap<(usize, usize), Line>,
        perimeter: &'a Arms,
    ) -> Self {
        Flows {
            layout,
            sheet,
            connectors,
            perimeter,
        }
    }

    fn edges(&self) -> Result<Vec<Edge>, Error> {
        let mut edges = Vec::new();
        for component in self.components() {
            edges.extend(self.component_edges(&component)?);
        }
        Ok(edges)
    }

    /// Connector cells and arrowheads, grouped by what joins them.
    fn components(&self) -> Vec<Vec<(usize, usize)>> {
        let mut cells: Vec<(usize, usize)> = self.connectors.keys().copied().collect();
        cells.extend(self.layout.arrows.iter().map(|a| (a.row, a.col)));
        cells.sort();
        cells.dedup();
        let index: BTreeMap<(usize, usize), usize> =
            cells.iter().enumerate().map(|(i, p)| (*p, i)).collect();
        let mut parent: Vec<usize> = (0..cells.len()).collect();
        fn root(parent: &mut [usize], mut i: usize) -> usize {
            while parent[i] != i {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            i
        }
        for (&pos, line) in self.connectors {
            for dir in DIRECTIONS {
                if !line.has(dir) {
                    continue;
                }
                let Some(next) = step(pos.0, pos.1, dir) else {
                    continue;
                };
                if self.joins(next, dir) {
                    let (a, b) = (
                        root(&mut parent, index[&pos]),
                        root(&mut parent, index[&next]),
                    );
                    parent[a] = b;
                }
            }
        }
        let mut groups: BTreeMap<usize, Vec<(usize, usize)>> = BTreeMap::new();
        for (i, pos) in cells.iter().enumerate() {
            groups.entry(root(&mut parent, i)).or_default().push(*pos);
        }
        groups.into_values().collect()
    }

    /// Whether the cell `next`, reached going `dir`, continues the line.
    fn joins(&self, next: (usize, usize), dir: usize) -> bool {
        if self
            .connectors
            .get(&next)
            .is_some_and(|l| l.has(opposite(dir)))
        {
            return true;
        }
        matches!(self.sheet.get(&next), Some(Cell::Arrow { dir: d, .. }) if *d == dir)
    }

    fn component_edges(&self, cells: &[(usize, usize)]) -> Result<Vec<Edge>, Error> {
        let mut sources: Vec<Node> = Vec::new();
        let mut targets: Vec<(Node, Option<usize>)> = Vec::new();
        let mut loose_ends = 0;
        for &pos in cells {
            if let Some(line) = self.connectors.get(&pos) {
                for node in self.ports(pos, line) {
                    sources.push(node);
                }
                for dir in DIRECTIONS {
                    let Some(next) = step(pos.0, pos.1, dir).filter(|_| line.has(dir)) else {
                        continue;
                    };
                    if self.joins(next, dir) {
                        continue;
                    }
                    match self.touch(next, dir) {
                        Touch::Frame(f) => sources.push(Node::Frame(f)),
                        Touch::Text(t) => sources.push(Node::Text(t)),
                        Touch::Nothing => loose_ends += 1,
                    }
                }
            } else if let Some(arrow) = self.layout.arrows.iter().find(|a| (a.row, a.col) == pos) {
                let Some(tip) = step(arrow.row, arrow.col, arrow.dir) else {
                    return Err(Error::ArrowOffDrawing { row: arrow.row });
                };
                let node = match self.touch(tip, arrow.dir) {
                    Touch::Frame(f) => Node::Frame(f),
                    Touch::Text(t) => Node::Text(t),
                    Touch::Nothing => {
                        return Err(Error::ArrowAtNothing { row: arrow.row });
                    }
                };
                targets.push((node, self.caption(arrow)));
            }
        }
        if targets.is_empty() {
            // Trees and tables: lines without arrows say nothing about direction.
            return Ok(Vec::new());
        }
        if loose_ends > 0 || sources.is_empty() {
            return Err(Error::ArrowFromNowhere);
        }
        let target_nodes: Vec<Node> = targets.iter().map(|t| t.0).collect();
        sources.retain(|s| !target_nodes.contains(s));
        sources.sort();
        sources.dedup();
        let mut edges = Vec::new();
        for from in &sources {
            for (to, caption) in &targets {
                if from != to {
                    edges.push(Edge {
                        from: *from,
                        to: *to,
                        caption: *caption,
                    });
                }
            }
        }
        Ok(edges)
    }

    /// Frames this perimeter cell is a port of: it has connector arms leaving on one side
    /// of the frame only (arms on both sides cross the edge).
    fn ports(&self, pos: (usize, usize), line: &Line) -> Vec<Node> {
        if !self.perimeter.contains_key(&pos) {
            return Vec::new();
        }
        let mut nodes = Vec::new();
        for (i, f) in self.layout.frames.iter().enumerate() {
            if !f.on_perimeter(pos.0, pos.1) {
                continue;
            }
            let (out, inward) = if pos.0 == f.top && !is_corner(f, pos.0, pos.1) {
                (UP, DOWN)
            } else if pos.0 == f.bottom && !is_corner(f, pos.0, pos.1) {
                (DOWN, UP)
            } else if pos.1 == f.left {
                (LEFT, RIGHT)
            } else {
                (RIGHT, LEFT)
            };
            if line.has(out) != line.has(inward) {
                nodes.push(Node::Frame(i));
            }
        }
        nodes
    }

    /// What lies at `cell`, reached going `dir`: a frame's edge, text (or text one space
    /// further), or nothing.
    fn touch(&self, cell: (usize, usize), dir: usize) -> Touch {
        if let Some(f) = self
            .layout
            .frames
            .iter()
            .position(|f| f.on_perimeter(cell.0, cell.1))
        {
            return Touch::Frame(f);
        }
        if let Some(t) = self.text_at(cell) {
            return Touch::Text(t);
        }
        let beyond = step(cell.0, cell.1, dir);
        if self.sheet.contains_key(&cell) {
            return Touch::Nothing;
        }
        match beyond.and_then(|b| self.text_at(b)) {
            Some(t) => Touch::Text(t),
            None => Touch::Nothing,
        }
    }

    fn text_at(&self, (row, col): (usize, usize)) -> Option<usize> {
        self.layout
            .texts
            .iter()
            .position(|t| t.row == row && (t.col..t.col + t.fit.max(1)).contains(&col))
    }

    /// Text one space beside a vertical arrowhead captions its flow.
    fn caption(&self, arrow: &Arrow) -> Option<usize> {
        if arrow.dir != UP && arrow.dir != DOWN {
            return None;
        }
        self.layout
            .texts
            .iter()
            .position(|t| t.row == arrow.row && (t.col == arrow.col + 2 || t.col == arrow.col + 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::TAB_WIDTH;

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

    #[test]
    fn arrows_at_free_text_target_it_and_trees_have_no_flows() {
        let l = layout("┌───┐\n│ K │\n└─┬─┘\n  ├──▶ Search\n  └──▶ Audit Log");
        let to: Vec<&str> = l
            .edges
            .iter()
            .map(|e| match e.to {
                Node::Text(t) => l.texts[t].text.as_str(),
                Node::Frame(_) => "frame",
            })
            .collect();
        assert_eq!(to, ["Search", "Audit Log"]);
        let tree = layout("1. STEP\n   ├── one\n   └── two");
        assert!(tree.edges.is_empty());
        assert_eq!(tree.texts.len(), 3);
    }

    #[test]
    fn arrows_into_nothing_are_not_drawn_as_flows() {
        assert!(build(&Grid::parse("───▶", TAB_WIDTH).unwrap()).is_err());
        assert!(build(&Grid::parse("┌─┐\n│a│\n└─┘\n   ───▶ b", TAB_WIDTH).unwrap()).is_err());
    }
}

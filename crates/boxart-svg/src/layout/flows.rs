//! Flows: connectors joined into connected pieces, what each piece's ends touch (a
//! frame's edge, text, or nothing), and the [`Edge`]s its arrowheads give. Lines without
//! arrows (trees, tables) give none; an arrow from or at nothing is an error.

use std::collections::BTreeMap;

use super::connectors::Arms;
use super::{Arrow, Edge, Layout, Node, Sheet, is_corner};
use crate::Error;
use crate::glyphs::{DIRECTIONS, DOWN, LEFT, Line, RIGHT, UP, opposite, step};
use crate::grid::Cell;

/// Connected connectors, what their ends touch, and the flows their arrows give.
pub(super) struct Flows<'a> {
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
    pub(super) fn new(
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

    pub(super) fn edges(&self) -> Result<Vec<Edge>, Error> {
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
    use super::super::build;
    use super::*;
    use crate::grid::{Grid, TAB_WIDTH};

    fn layout(art: &str) -> Layout {
        build(&Grid::parse(art, TAB_WIDTH).unwrap()).unwrap()
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

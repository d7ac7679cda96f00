//! Flows: connectors joined into connected pieces, what each piece's ends touch (a
//! frame's edge, text, a lifeline, or nothing), and the [`Edge`]s its arrowheads give.
//! Lines without arrows (trees, tables) give none; an arrow from or at nothing is an
//! error. A lifeline is a vertical line hanging from a frame or a name: a line that
//! leaves it or an arrowhead at it (joined by `├` or just drawn beside `│`) is a message
//! of its owner, so each message is a flow of its own, captioned by the text above it.

use std::collections::BTreeMap;

use super::connectors::{Arms, meets_side};
use super::{Arrow, Edge, Layout, Node, Sheet, is_corner};
use crate::glyphs::{DIRECTIONS, DOWN, LEFT, Line, RIGHT, UP, opposite, step};
use crate::grid::Cell;
use crate::note::LineFault;

/// Why a piece of line gives no flow, and the normalized cell where: the arrowhead, or
/// the loose end.
pub(super) type Unread = (LineFault, (usize, usize));

/// Connected connectors, what their ends touch, and the flows their arrows give.
pub(super) struct Flows<'a> {
    layout: &'a Layout,
    sheet: &'a Sheet,
    connectors: &'a BTreeMap<(usize, usize), Line>,
    perimeter: &'a Arms,
    /// Vertical line cells that hang from a frame or a name, and whose they are.
    lifelines: BTreeMap<(usize, usize), Node>,
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
        let mut flows = Flows {
            layout,
            sheet,
            connectors,
            perimeter,
            lifelines: BTreeMap::new(),
        };
        flows.lifelines = flows.find_lifelines();
        flows
    }

    /// Row by row from the top: a vertical line's cell belongs to what the cell above
    /// belongs to, or, at its top end, to the frame it is a port of or the frame or name
    /// just above. A label written across a lifeline does not cut it from its owner.
    fn find_lifelines(&self) -> BTreeMap<(usize, usize), Node> {
        let mut owners: BTreeMap<(usize, usize), Node> = BTreeMap::new();
        for (&(row, col), line) in self.connectors {
            let owner = if line.has(UP) {
                row.checked_sub(1).and_then(|above| {
                    if self
                        .connectors
                        .get(&(above, col))
                        .is_some_and(|l| l.has(DOWN))
                    {
                        return owners.get(&(above, col)).copied();
                    }
                    let over = (2..=4)
                        .filter_map(|k| row.checked_sub(k))
                        .take_while(|&r| self.crosses((r + 1, col)))
                        .find_map(|r| owners.get(&(r, col)).copied());
                    over.or(match self.touch((above, col), UP) {
                        Touch::Frame(f) => Some(Node::Frame(f)),
                        Touch::Text(t) => Some(Node::Text(t)),
                        _ => None,
                    })
                })
            } else if line.has(DOWN) {
                let mut ports = self.ports((row, col), line).into_iter();
                ports.find(|n| matches!(n, Node::Frame(f) if self.layout.frames[*f].bottom == row))
            } else {
                None
            };
            if let Some(owner) = owner {
                owners.insert((row, col), owner);
            }
        }
        owners
    }

    /// Whether a lifeline is cut at `cell` by something drawn across it: a label, or a
    /// message to a lifeline further on.
    fn crosses(&self, cell: (usize, usize)) -> bool {
        self.text_at(cell).is_some()
            || (self.connectors.get(&cell)).is_some_and(|l| !l.has(UP) && !l.has(DOWN))
    }

    /// Whether going `dir` from `pos` to `next` crosses between a lifeline and a
    /// message (or a message drawn across the lifeline): the two are read apart.
    fn leaves_lifeline(&self, pos: (usize, usize), next: (usize, usize), dir: usize) -> bool {
        if matches!(dir, UP | DOWN) {
            return self.lifelines.contains_key(&pos) && meets_side(self.connectors, next, dir);
        }
        self.lifelines.contains_key(&pos) || self.lifelines.contains_key(&next)
    }

    pub(super) fn edges(&self) -> Result<Vec<Edge>, Unread> {
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
                if self.leaves_lifeline(pos, next, dir) {
                    continue;
                }
                if self.joins(next, dir) || meets_side(self.connectors, next, dir) {
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

    fn component_edges(&self, cells: &[(usize, usize)]) -> Result<Vec<Edge>, Unread> {
        let mut sources: Vec<Node> = Vec::new();
        let mut targets: Vec<(Node, Option<usize>)> = Vec::new();
        let mut loose_end = None;
        let mut message = false;
        for &pos in cells {
            if let Some(line) = self.connectors.get(&pos) {
                for node in self.ports(pos, line) {
                    sources.push(node);
                }
                for dir in DIRECTIONS {
                    let Some(next) = step(pos.0, pos.1, dir).filter(|_| line.has(dir)) else {
                        continue;
                    };
                    if self.leaves_lifeline(pos, next, dir) {
                        // A message leaving the lifeline: read from the message's side.
                        if let Some(&owner) = (self.lifelines.get(&next))
                            .filter(|_| !self.lifelines.contains_key(&pos))
                        {
                            sources.push(owner);
                            message = true;
                        }
                        continue;
                    }
                    if self.joins(next, dir) || meets_side(self.connectors, next, dir) {
                        continue;
                    }
                    match self.touch(next, dir) {
                        Touch::Frame(f) => sources.push(Node::Frame(f)),
                        Touch::Text(t) => sources.push(Node::Text(t)),
                        Touch::Nothing => {
                            loose_end.get_or_insert(pos);
                        }
                    }
                }
            } else if let Some(arrow) = self.layout.arrows.iter().find(|a| (a.row, a.col) == pos) {
                let Some(tip) = step(arrow.row, arrow.col, arrow.dir) else {
                    return Err((LineFault::ArrowOffDrawing, pos));
                };
                let across = matches!(arrow.dir, LEFT | RIGHT);
                let lifeline = self.lifelines.get(&tip).filter(|_| across);
                // An arrowhead cut into a frame's edge (`┌──▼──┐`) points at that frame.
                let cut_into = (self.layout.frames.iter())
                    .position(|f| f.on_perimeter(arrow.row, arrow.col))
                    .map(Touch::Frame);
                let touch = cut_into.unwrap_or_else(|| self.touch(tip, arrow.dir));
                let node = match (lifeline, touch) {
                    (Some(&owner), _) => {
                        message = true;
                        owner
                    }
                    (None, Touch::Frame(f)) => Node::Frame(f),
                    (None, Touch::Text(t)) => Node::Text(t),
                    (None, Touch::Nothing) => {
                        return Err((LineFault::ArrowAtNothing, pos));
                    }
                };
                targets.push((node, self.caption(arrow)));
            }
        }
        if targets.is_empty() {
            // Trees and tables: lines without arrows say nothing about direction.
            return Ok(Vec::new());
        }
        if loose_end.is_none() && sources.is_empty() && targets.len() >= 2 {
            // Arrowheads at both ends (`◀───▶`): it flows both ways.
            return Ok(both_ways(&targets));
        }
        if loose_end.is_some() || sources.is_empty() {
            // With no loose end, the arrow's line runs from arrowhead to arrowhead.
            let arrow = cells.iter().find(|p| !self.connectors.contains_key(p));
            let at = loose_end.or(arrow.copied()).unwrap_or(cells[0]);
            return Err((LineFault::LooseEnd, at));
        }
        if message {
            let caption = self.message_caption(cells);
            for target in &mut targets {
                target.1 = target.1.or(caption);
            }
        }
        let target_nodes: Vec<Node> = targets.iter().map(|t| t.0).collect();
        let all_sources = sources.clone();
        sources.retain(|s| !target_nodes.contains(s));
        sources.sort();
        sources.dedup();
        if sources.is_empty() && message {
            // A self-message: it leaves the lifeline it comes back to.
            return Ok((targets.iter())
                .filter(|(to, _)| all_sources.contains(to))
                .map(|&(to, caption)| Edge {
                    from: to,
                    to,
                    caption,
                })
                .collect());
        }
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
    /// What a line's end or an arrowhead at `cell`, going `dir`, touches: a frame or
    /// text there or past a few spaces (`──▶  B`, as hand-drawn art leaves them).
    fn touch(&self, cell: (usize, usize), dir: usize) -> Touch {
        let mut at = cell;
        for _ in 0..=MAX_GAP {
            if let Some(f) = (self.layout.frames.iter()).position(|f| f.on_perimeter(at.0, at.1)) {
                return Touch::Frame(f);
            }
            if let Some(t) = self.text_at(at) {
                return Touch::Text(t);
            }
            if self.sheet.contains_key(&at) {
                return Touch::Nothing;
            }
            match step(at.0, at.1, dir) {
                Some(next) => at = next,
                None => return Touch::Nothing,
            }
        }
        Touch::Nothing
    }

    fn text_at(&self, (row, col): (usize, usize)) -> Option<usize> {
        self.layout
            .texts
            .iter()
            .position(|t| t.row == row && (t.col..t.col + t.fit.max(1)).contains(&col))
    }

    /// The label of a message: free text on the row above its top line, over it; or,
    /// for a self-message, beside the line that turns back.
    fn message_caption(&self, cells: &[(usize, usize)]) -> Option<usize> {
        let top = cells.iter().map(|c| c.0).min()?;
        let bottom = cells.iter().map(|c| c.0).max()?;
        let (lo, hi) = (cells.iter().filter(|c| c.0 == top))
            .fold((usize::MAX, 0), |(lo, hi), c| (lo.min(c.1), hi.max(c.1)));
        let right = cells.iter().map(|c| c.1).max()?;
        let free = |t: &usize| self.layout.text_owner[*t].is_none();
        let texts = &self.layout.texts;
        let above = (0..texts.len()).filter(free).find(|&t| {
            let run = &texts[t];
            run.row + 1 == top && run.col <= hi && run.col + run.fit > lo
        });
        above.or_else(|| {
            (0..texts.len()).filter(free).find(|&t| {
                let run = &texts[t];
                bottom > top
                    && (top..=bottom).contains(&run.row)
                    && (right + 1..=right + 2).contains(&run.col)
            })
        })
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

/// The most spaces between a line's end and what it points at.
const MAX_GAP: usize = 3;

/// Edges from every arrowhead's node to every other's: a line that flows both ways.
fn both_ways(targets: &[(Node, Option<usize>)]) -> Vec<Edge> {
    let mut edges = Vec::new();
    for (i, &(from, _)) in targets.iter().enumerate() {
        for (j, &(to, caption)) in targets.iter().enumerate() {
            if i != j && from != to {
                edges.push(Edge { from, to, caption });
            }
        }
    }
    edges
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

    /// A few spaces between a line and what it joins, as hand-drawn art leaves them;
    /// further off, it joins nothing.
    #[test]
    fn lines_reach_across_a_few_spaces() {
        let l = layout("┌───┐       ┌───┐\n│ A │ ───▶  │ B │\n└───┘       └───┘");
        let edges: Vec<(Node, Node)> = l.edges.iter().map(|e| (e.from, e.to)).collect();
        assert_eq!(edges, [(Node::Frame(0), Node::Frame(1))]);
        let far = layout("A ───▶     B");
        assert!(far.edges.is_empty() && far.arrows.is_empty());
    }

    #[test]
    fn arrows_into_nothing_are_not_drawn_as_flows() {
        for art in ["───▶", "┌─┐\n│a│\n└─┘\n   ───▶ b"] {
            let l = build(&Grid::parse(art, TAB_WIDTH).unwrap()).unwrap();
            assert!(l.edges.is_empty() && l.arrows.is_empty(), "{art}");
            assert!(l.texts.iter().any(|t| t.text.contains("───▶")), "{art}");
        }
    }

    fn flows(l: &Layout) -> Vec<(Node, Node, Option<&str>)> {
        let text = |c: Option<usize>| c.map(|c| l.texts[c].text.as_str());
        l.edges
            .iter()
            .map(|e| (e.from, e.to, text(e.caption)))
            .collect()
    }

    #[test]
    fn a_message_crossing_a_lifeline_leaves_it_whole() {
        // B's lifeline is cut by the message from A to C, and by a label: its lower
        // part is still B's.
        let l = layout(
            "A     B     C\n\
             │     │     │\n\
             │ go  │     │\n\
             │──────────▶│\n\
             │    back   │\n\
             │     │◀────│",
        );
        let (a, b, c) = (Node::Text(0), Node::Text(1), Node::Text(2));
        assert_eq!(flows(&l), [(a, c, Some("go")), (c, b, Some("back"))]);
    }

    #[test]
    fn a_self_message_is_a_flow_to_itself() {
        let l = layout("┌───┐\n│ A │\n└─┬─┘\n  │ retry\n  ├──┐\n  │◀─┘\n  │");
        assert_eq!(flows(&l), [(Node::Frame(0), Node::Frame(0), Some("retry"))]);
    }

    #[test]
    fn a_line_meeting_a_plain_line_joins_it() {
        // B's line meets the line down from A with no `┤` drawn: both flow into C.
        let l = layout(
            "┌───┐\n\
             │ A │──────┐\n\
             └───┘      │\n\
             ┌───┐      │\n\
             │ B │──────│\n\
             └───┘      │\n\
             \x20          ▼\n\
             \x20        ┌───┐\n\
             \x20        │ C │\n\
             \x20        └───┘",
        );
        let (a, b, c) = (Node::Frame(0), Node::Frame(1), Node::Frame(2));
        assert_eq!(flows(&l), [(a, c, None), (b, c, None)]);
        assert_eq!(l.meets, [(4, 11, true)]);
    }
}

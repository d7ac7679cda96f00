//! From the grid and its frames to drawing primitives and structure: connector strokes
//! (collinear pieces merged into runs), arrowheads, diagonals, text runs, which frame
//! holds which text, and the flows that arrows give between frames and free text.
//! Everything is in normalized (repaired) columns. This module builds the [`Layout`];
//! `connectors` owns the strokes and `flows` the edges arrows give.

mod connectors;
mod flows;

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::alignment::{Alignment, RepairKind};
use super::frames::Frame;
use super::glyphs::Weight;
use super::grid::{Cell, Grid};
use super::regions::{self, Failure, Fault, Why};
use crate::Error;
use crate::note::{LineFault, RegionFault};
use connectors::{Arms, connector_arms, meetings, perimeter_arms, strokes};
use flows::Flows;

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
    /// Frames shown as text in their region, each with where and why.
    pub(crate) regions: Vec<Fault>,
    pub(crate) crlf: Vec<bool>,
    pub(crate) trailing_newline: bool,
    /// ASCII line characters as written (row, source column, character).
    pub(crate) ascii: Vec<(usize, usize, char)>,
    /// Arrowheads drawn at the end of the line they were written beside (row, source
    /// column written, how far moved).
    pub(crate) moved_heads: Vec<(usize, usize, isize)>,
    /// Line cells that a line end or an arrowhead meets from the side with no junction
    /// drawn (a `│` lifeline beside `──▶`), and whether what meets them runs along a row.
    pub(crate) meets: Vec<(usize, usize, bool)>,
}

/// A normalized cell of the drawing: what is drawn there.
type Sheet = BTreeMap<(usize, usize), Cell>;

/// How many frames, lines and arrows may be shown as text before the whole drawing is:
/// art that needs more is not a drawing with a slip in it.
const MAX_SHOWN: usize = 32;

/// The layout of `grid`. A frame, line or arrow that cannot be read with confidence is
/// shown as the text it is and the rest read again: the drawing keeps all it can draw.
pub(crate) fn build(grid: &Grid) -> Result<Layout, Error> {
    let mut grid = Cow::Borrowed(grid);
    let mut shown = Vec::new();
    loop {
        match read(&grid) {
            Ok(mut layout) => {
                layout.regions = shown;
                return Ok(layout);
            }
            Err(Failure::Stop(error)) => return Err(error),
            Err(Failure::Show(fault)) => {
                let fault = regions::with_stack(&grid, fault);
                // Each pass turns drawing into text, so the loop ends.
                if shown.len() >= MAX_SHOWN || !regions::cut(grid.to_mut(), &fault) {
                    return Err(fault.error());
                }
                shown.push(fault);
            }
        }
    }
}

fn read(grid: &Grid) -> Result<Layout, Failure> {
    let (frames, mut alignment) = super::frames::find(grid)?;
    super::moved_lines::align_lines(grid, &frames, &mut alignment)?;
    let sheet = normalize(grid, &alignment)?;
    let perimeter = perimeter_arms(&frames);
    if let Some(fault) = broken_outline(&frames, &alignment, &sheet, &perimeter) {
        return Err(Failure::Show(fault));
    }
    let connectors = connector_arms(&sheet, &perimeter)?;
    let mut layout = Layout {
        height: grid.height(),
        frames,
        alignment,
        source_widths: grid.rows.iter().map(Vec::len).collect(),
        tabs: grid.tabs.clone(),
        crlf: grid.crlf.clone(),
        trailing_newline: grid.trailing_newline,
        ascii: grid.ascii.clone(),
        moved_heads: grid.moved_heads.clone(),
        ..Layout::default()
    };
    layout.strokes = strokes(&connectors);
    layout.meets = meetings(&sheet, &connectors);
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
    layout.edges = Flows::new(&layout, &sheet, &connectors, &perimeter)
        .edges()
        .map_err(|(why, (row, col))| {
            let source = layout.alignment.to_source(row, col);
            Failure::Show(unread_line(grid, row, source, why))
        })?;
    Ok(layout)
}

/// A line or arrow that cannot be read, at `(row, col)` as written: its run of cells,
/// from the arrowhead back along its line or from the loose end along it.
fn unread_line(grid: &Grid, row: usize, col: usize, why: LineFault) -> Fault {
    let skip = match grid.rows.get(row).and_then(|r| r.get(col)) {
        Some(Cell::Arrow { dir, .. }) => Some(*dir),
        _ => None,
    };
    Fault::line(row, col, why, regions::trace(grid, (row, col), skip))
}

/// The smallest frame whose outline the drawing does not draw as its frames meet there
/// (a gap, or a character of another weight), as a region to show as text.
fn broken_outline(
    frames: &[Frame],
    alignment: &Alignment,
    sheet: &Sheet,
    perimeter: &Arms,
) -> Option<Fault> {
    let ((row, col), _) = perimeter
        .iter()
        .find(|&(pos, outline)| match sheet.get(&pos) {
            Some(Cell::Line(line)) => {
                (0..4).any(|d| outline[d].is_some() && outline[d] != line.arms[d])
            }
            Some(cell) if connectors::cut_into(outline, cell) => false,
            _ => outline.iter().any(|w| w.is_some()),
        })?;
    let f = (frames.iter())
        .filter(|f| f.on_perimeter(row, col))
        .min_by_key(|f| f.area())?;
    Some(Fault {
        row,
        col: alignment.to_source(row, col),
        why: Why::Region(RegionFault::BrokenEdge),
        top: f.top,
        spans: (f.top..=f.bottom)
            .map(|r| {
                (
                    alignment.to_source(r, f.left),
                    alignment.to_source(r, f.right),
                )
            })
            .collect(),
        cells: Vec::new(),
    })
}

impl Layout {
    /// Whether a line running along a row (`horizontal`) or down a column that ends at
    /// `(row, col)` meets a line there from the side, with no junction drawn.
    pub(crate) fn meets(&self, row: usize, col: usize, horizontal: bool) -> bool {
        self.meets.binary_search(&(row, col, horizontal)).is_ok()
    }
}

fn is_corner(frame: &Frame, row: usize, col: usize) -> bool {
    (row == frame.top || row == frame.bottom) && (col == frame.left || col == frame.right)
}

/// Drawing cells moved to their normalized columns; two landing on one cell cannot be.
fn normalize(grid: &Grid, alignment: &Alignment) -> Result<Sheet, Error> {
    let mut sheet = Sheet::new();
    for (row, cells) in grid.rows.iter().enumerate() {
        let map = alignment.row(row);
        for (col, cell) in cells.iter().enumerate() {
            if !cell.is_graphic() {
                continue;
            }
            let n = map.to_normal(col).ok_or(Error::LineLeftOfDrawing { row })?;
            if sheet.insert((row, n), cell.clone()).is_some() {
                return Err(Error::LinesCollide { row });
            }
        }
    }
    Ok(sheet)
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
            let normal = alignment.to_normal(row, start).unwrap_or(start);
            let fit = (width as isize - condensed).max(1) as usize;
            runs.push(TextRun {
                row,
                col: normal,
                source_col: start,
                text,
                width,
                fit: fit.min(room(cells, alignment, row, end, normal)),
            });
            col = end;
        }
    }
    runs
}

/// Columns from `normal` to the next drawing character after source column `end`: a
/// border moved back over wide text condenses the text rather than crossing the border.
fn room(cells: &[Cell], alignment: &Alignment, row: usize, end: usize, normal: usize) -> usize {
    (end..cells.len())
        .find(|&c| cells[c].is_graphic())
        .and_then(|c| alignment.to_normal(row, c))
        .map_or(usize::MAX, |next| next.saturating_sub(normal).max(1))
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

/// The smallest frame a text run at `(row, col)` is in, or whose title it is.
fn innermost(frames: &[Frame], row: usize, col: usize) -> Option<usize> {
    let titled = (frames.iter()).position(|f| row == f.top && f.in_title(col));
    titled.or_else(|| {
        (0..frames.len())
            .filter(|&i| frames[i].contains(row, col))
            .min_by_key(|&i| frames[i].area())
    })
}

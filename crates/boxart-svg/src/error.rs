//! Why a drawing cannot be read with confidence. Each reason names the row it was found
//! on, so an author can fix the art; the caller decides how to show it (guidebook shows
//! the art as text).

use std::fmt;

/// Why text could not be read as a diagram. Rows count from 0; [`Display`](fmt::Display)
/// counts them from 1, as an editor does.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// A control character other than a tab.
    ControlCharacter {
        /// The row it is on.
        row: usize,
        /// The character.
        character: char,
    },
    /// A zero-width character (a combining mark) with no text before it to join.
    ZeroWidthOnDrawing {
        /// The row it is on.
        row: usize,
        /// The character.
        character: char,
    },
    /// A frame's border is too far from where the frame's other rows put it to be a slip.
    BorderTooFar {
        /// The row of the border.
        row: usize,
        /// How many columns it is off.
        columns: usize,
    },
    /// Moving a border back would put it onto a line.
    BorderOntoLine {
        /// The row of the border.
        row: usize,
    },
    /// Repairing the rows above would put a frame's corner left of the first column.
    FrameLeftOfDrawing {
        /// The row of the corner.
        row: usize,
    },
    /// Two frames sharing a border put it in different columns.
    SharedBorderDisagrees {
        /// The row where they disagree.
        row: usize,
    },
    /// A line could go on into more than one line in the row below it.
    LineCouldJoinTwo {
        /// The row of the line.
        row: usize,
    },
    /// A line is too far off the line it continues to be moved under it.
    LineTooFar {
        /// The row of the line.
        row: usize,
        /// How many columns it is off.
        columns: usize,
    },
    /// Repairing the row would move a line left of the drawing's first column.
    LineLeftOfDrawing {
        /// The row of the line.
        row: usize,
    },
    /// Repairing the row would put two lines on one cell.
    LinesCollide {
        /// The row of the lines.
        row: usize,
    },
    /// A frame's edge has a gap or a character that does not continue it.
    BrokenEdge {
        /// The row of the break.
        row: usize,
    },
    /// An arrowhead points off the drawing.
    ArrowOffDrawing {
        /// The row of the arrowhead.
        row: usize,
    },
    /// An arrowhead points at neither a frame nor text.
    ArrowAtNothing {
        /// The row of the arrowhead.
        row: usize,
    },
    /// An arrow's line has a loose end, or starts at nothing.
    ArrowFromNowhere,
    /// A drawn cell falls outside the text it was read from (the reading is not whole).
    CellOutsideSource {
        /// The row of the cell.
        row: usize,
    },
    /// No character draws a junction the reading holds (the reading is not whole).
    NoGlyph {
        /// The row of the junction.
        row: usize,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Error::*;
        let row = |row: &usize| row + 1;
        match self {
            ControlCharacter { row: r, character } => write!(
                f,
                "row {}: control character U+{:04X}",
                row(r),
                *character as u32
            ),
            ZeroWidthOnDrawing { row: r, character } => write!(
                f,
                "row {}: a zero-width character (U+{:04X}) on a drawing character",
                row(r),
                *character as u32
            ),
            BorderTooFar { row: r, columns } => write!(
                f,
                "row {}: a border is {columns} columns from where its frame puts it",
                row(r)
            ),
            BorderOntoLine { row: r } => {
                write!(f, "row {}: a border cannot move onto a line", row(r))
            }
            FrameLeftOfDrawing { .. } => f.write_str("a frame starts left of column 0"),
            SharedBorderDisagrees { row: r } => write!(
                f,
                "row {}: frames disagree on where a shared border is",
                row(r)
            ),
            LineCouldJoinTwo { row: r } => write!(
                f,
                "row {}: a line could continue into more than one line below it",
                row(r)
            ),
            LineTooFar { row: r, columns } => write!(
                f,
                "row {}: a line is {columns} columns off the line it continues and cannot be moved under it",
                row(r)
            ),
            LineLeftOfDrawing { row: r } => {
                write!(f, "row {}: a line would move left of the drawing", row(r))
            }
            LinesCollide { row: r } => {
                write!(
                    f,
                    "row {}: two lines land on one cell when repaired",
                    row(r)
                )
            }
            BrokenEdge { row: r } => write!(f, "row {}: a frame's edge is broken", row(r)),
            ArrowOffDrawing { row: r } => {
                write!(f, "row {}: an arrow points off the drawing", row(r))
            }
            ArrowAtNothing { row: r } => write!(f, "row {}: an arrow points at nothing", row(r)),
            ArrowFromNowhere => f.write_str("an arrow's line starts nowhere"),
            CellOutsideSource { row: r } => {
                write!(f, "row {}: a cell lands outside the source", row(r))
            }
            NoGlyph { row: r } => write!(f, "row {}: no character draws a junction", row(r)),
        }
    }
}

impl std::error::Error for Error {}

//! What was repaired in a drawing, in words an author can act on: the reading is right,
//! but the art should be fixed so every reader of the text sees it as drawn.

use std::fmt;

use crate::alignment::{Repair, RepairKind};
use crate::layout::Layout;
use crate::regions::Why;

/// One repair, where it was made. Rows and columns count from 0, columns in display
/// cells (a tab expanded, a wide character two).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The row of the repaired cell.
    pub row: usize,
    /// The column of the repaired cell in the text as written.
    pub column: usize,
    /// What was repaired.
    pub kind: NoteKind,
}

/// Which border of its box a moved border is, as an author sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Border {
    /// A box's left side.
    Left,
    /// A box's right side.
    Right,
    /// The side two boxes share.
    Shared,
    /// A corner: the end of a top or bottom edge.
    Corner,
}

impl Border {
    fn of(layout: &Layout, row: usize, edge: usize) -> Option<Border> {
        let mut found = None;
        for f in layout
            .frames
            .iter()
            .filter(|f| (f.top..=f.bottom).contains(&row))
        {
            let here = if row == f.top || row == f.bottom {
                (f.left == edge || f.right == edge).then_some(Border::Corner)
            } else if f.left == edge {
                Some(Border::Left)
            } else if f.right == edge {
                Some(Border::Right)
            } else {
                None
            };
            found = match (found, here) {
                (Some(Border::Left), Some(Border::Right))
                | (Some(Border::Right), Some(Border::Left)) => Some(Border::Shared),
                (None, here) | (here, None) => here,
                (found, _) => found,
            };
        }
        found
    }

    fn name(border: Option<Border>) -> &'static str {
        match border {
            Some(Border::Left) => "the left border",
            Some(Border::Right) => "the right border",
            Some(Border::Shared) => "the border between two boxes",
            Some(Border::Corner) => "the corner",
            None => "a border",
        }
    }
}

/// What was repaired. Distances are in columns; a positive move is to the right.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum NoteKind {
    /// A label wider than its box pushed the border out; the label is drawn condensed.
    Condensed {
        /// The label's text, when the run ending at the border is known.
        label: Option<String>,
        /// How many columns too wide it is.
        columns: isize,
        /// The column of the box's edge, where the border belongs.
        edge: usize,
    },
    /// A border sat off its frame's edge; it is drawn on the edge.
    MovedBorder {
        /// How far it moved.
        columns: isize,
        /// Which border it is, when a frame has it.
        border: Option<Border>,
        /// The column of the box's edge, where it is drawn.
        edge: usize,
    },
    /// A cell of a line sat off the line it continues; it is drawn in line.
    MovedLine {
        /// How far off it was.
        columns: isize,
    },
    /// An arrowhead written beside the end of its line; it is drawn at the end.
    MovedArrow {
        /// How far it moved.
        columns: isize,
    },
    /// A tab, read as spaces to the next tab stop: editors may show it otherwise.
    Tab {
        /// How many spaces it was read as.
        width: usize,
    },
    /// A frame that could not be repaired with confidence: its region is shown as the
    /// text it is, in its cells, and the rest of the diagram is drawn.
    RegionAsText {
        /// What is wrong with the frame where the note points.
        fault: RegionFault,
    },
    /// A line or arrow that could not be read: its cells are shown as the text they
    /// are, and the rest of the diagram is drawn.
    LineAsText {
        /// What is wrong with it where the note points.
        fault: LineFault,
    },
}

/// Why a line or arrow could not be read. Distances are in columns; a positive one is
/// to the right.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum LineFault {
    /// A line off the line it continues, with something in the way of moving it.
    OffItsLine {
        /// How far off it is.
        columns: isize,
    },
    /// An arrowhead pointing at neither a box nor text.
    ArrowAtNothing,
    /// An arrowhead pointing off the drawing.
    ArrowOffDrawing,
    /// An arrow whose line starts at nothing, or has a loose end.
    LooseEnd,
}

impl LineFault {
    /// What is wrong, on the line `line` names.
    fn describe(&self, line: &str) -> String {
        match self {
            LineFault::OffItsLine { columns } => format!(
                "the line{line} is {} {} of the line it continues, with something in the \
                 way of moving it",
                cols(*columns),
                side(*columns)
            ),
            LineFault::ArrowAtNothing => {
                format!("the arrow{line} points at neither a box nor text")
            }
            LineFault::ArrowOffDrawing => format!("the arrow{line} points off the drawing"),
            LineFault::LooseEnd => {
                format!("the arrow's line{line} starts at neither a box nor text")
            }
        }
    }
}

/// Why a frame could not be repaired. Distances are in columns; a positive one is to
/// the right.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RegionFault {
    /// A row ends before its right border.
    RowStopsShort,
    /// The right border could be more than one bar.
    UnclearBorder,
    /// A border too far off its box's edge to be sure it is the border.
    BorderTooFar {
        /// How far off it is.
        columns: isize,
    },
    /// A border off its box's edge that could only move back across a line.
    BorderOntoLine {
        /// How far off it is.
        columns: isize,
    },
    /// Boxes sharing a border put it in different columns.
    SharedBorder,
    /// The box's edge has a gap or a character that does not continue it.
    BrokenEdge,
}

impl RegionFault {
    /// What is wrong, on the line `line` names.
    fn describe(&self, line: &str) -> String {
        match self {
            RegionFault::RowStopsShort => {
                format!("the row{line} stops before its box's right border")
            }
            RegionFault::UnclearBorder => {
                format!("the right border{line} could be either of two bars")
            }
            RegionFault::BorderTooFar { columns } => format!(
                "a border{line} is {} {} of its box's edge, too far to be sure it is the border",
                cols(*columns),
                side(*columns)
            ),
            RegionFault::BorderOntoLine { columns } => format!(
                "a border{line} is {} {} of its box's edge, with a line in between",
                cols(*columns),
                side(*columns)
            ),
            RegionFault::SharedBorder => {
                format!("the border two boxes share{line} is in a different column for each")
            }
            RegionFault::BrokenEdge => {
                format!("the box's edge{line} has a gap, or a character that does not continue it")
            }
        }
    }
}

fn cols(n: isize) -> String {
    let n = n.unsigned_abs();
    format!("{n} column{}", if n == 1 { "" } else { "s" })
}

fn side(n: isize) -> &'static str {
    if n > 0 { "right" } else { "left" }
}

/// How a note names places: `line` gives " on line 30" for a row of the diagram,
/// `column` " at column 54" for a column of the note's row.
struct Places<'a> {
    line: &'a dyn Fn(usize) -> String,
    column: &'a dyn Fn(usize) -> String,
}

impl NoteKind {
    /// What is wrong and what was done, on `row`.
    fn describe(&self, row: usize, at: &Places) -> String {
        match self {
            NoteKind::Condensed {
                label,
                columns,
                edge,
            } => {
                let label = label
                    .as_ref()
                    .map_or(String::new(), |l| format!(" \"{l}\""));
                format!(
                    "the label{label}{} is {} wider than its box, whose edge is{}; drew the \
                     label narrower to fit",
                    (at.line)(row),
                    cols(*columns),
                    (at.column)(*edge),
                )
            }
            NoteKind::MovedBorder {
                columns,
                border,
                edge,
            } => format!(
                "{}{} is {} {} of its box's edge{}; moved it onto the edge",
                Border::name(*border),
                (at.line)(row),
                cols(*columns),
                side(*columns),
                (at.column)(*edge),
            ),
            NoteKind::MovedLine { columns } => format!(
                "the vertical line{} is {} {} of the line it continues; drew it in line",
                (at.line)(row),
                cols(*columns),
                side(*columns)
            ),
            NoteKind::MovedArrow { columns } => format!(
                "the arrowhead{} is {} {} of the end of its line; drew it at the end",
                (at.line)(row),
                cols(*columns),
                side(-*columns)
            ),
            NoteKind::Tab { width } => format!(
                "the tab{} is read as {width} spaces, to the next tab stop",
                (at.line)(row)
            ),
            NoteKind::RegionAsText { fault } => {
                format!(
                    "{}; showed the box as text",
                    fault.describe(&(at.line)(row))
                )
            }
            NoteKind::LineAsText { fault } => {
                format!("{}; showed it as text", fault.describe(&(at.line)(row)))
            }
        }
    }
}

impl fmt::Display for NoteKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let places = Places {
            line: &|_| String::new(),
            column: &|column| format!(" at column {}", column + 1),
        };
        f.write_str(&self.describe(0, &places))
    }
}

impl Note {
    /// The note in an author's words, its places named by `place`: a row and column of
    /// the diagram (from 0, columns in display cells) to the line and column the author's
    /// editor shows (from 1).
    ///
    /// ```
    /// let art = "┌─────┐\n│ A   │\n│ B    │\n└─────┘";
    /// let drawing = boxart_svg::render(art, &Default::default())?;
    /// // The diagram starts on line 10 of its file, indented 2 columns.
    /// let message = drawing.notes()[0].message(&|row, column| (row + 10, column + 3));
    /// assert_eq!(
    ///     message,
    ///     "the right border on line 12 is 1 column right of its box's edge at column 9; \
    ///      moved it onto the edge"
    /// );
    /// # Ok::<(), boxart_svg::Error>(())
    /// ```
    pub fn message(&self, place: &dyn Fn(usize, usize) -> (usize, usize)) -> String {
        let places = Places {
            line: &|row| format!(" on line {}", place(row, 0).0),
            column: &|column| format!(" at column {}", place(self.row, column).1),
        };
        self.kind.describe(self.row, &places)
    }
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.row + 1, self.column + 1, self.kind)
    }
}

/// Every repair, region shown as text and tab of `layout`, by row, then column, then message (the order
/// authors have always been shown them in).
pub(crate) fn notes(layout: &Layout) -> Vec<Note> {
    // Where the border at a repair's column belongs on its row, as written.
    let edge = |r: &Repair| r.col.saturating_add_signed(-r.delta);
    let mut notes = Vec::new();
    for r in &layout.alignment.repairs {
        let kind = match r.kind {
            RepairKind::Condensed => NoteKind::Condensed {
                label: layout
                    .texts
                    .iter()
                    .find(|t| t.row == r.row && t.source_col + t.width == r.col)
                    .map(|t| t.text.clone()),
                columns: r.delta,
                edge: edge(r),
            },
            RepairKind::MovedBorder => NoteKind::MovedBorder {
                columns: r.delta,
                border: Border::of(layout, r.row, r.col.saturating_add_signed(-r.offset)),
                edge: edge(r),
            },
            RepairKind::MovedLine => NoteKind::MovedLine { columns: r.delta },
        };
        notes.push(Note {
            row: r.row,
            column: r.col,
            kind,
        });
    }
    for fault in &layout.regions {
        let kind = match fault.why {
            Why::Region(fault) => NoteKind::RegionAsText { fault },
            Why::Line(fault) => NoteKind::LineAsText { fault },
        };
        notes.push(Note {
            row: fault.row,
            column: fault.col,
            kind,
        });
    }
    for &(row, column, columns) in &layout.moved_heads {
        notes.push(Note {
            row,
            column,
            kind: NoteKind::MovedArrow { columns },
        });
    }
    for &(row, column, width) in &layout.tabs {
        let kind = NoteKind::Tab { width };
        notes.push(Note { row, column, kind });
    }
    notes.sort_by_cached_key(|n| (n.row, n.column, n.kind.to_string()));
    notes
}

//! What was repaired in a drawing, in words an author can act on: the reading is right,
//! but the art should be fixed so every reader of the text sees it as drawn.

use std::fmt;

use crate::alignment::RepairKind;
use crate::layout::Layout;

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
    },
    /// A border sat off its frame's edge; it is drawn on the edge.
    MovedBorder {
        /// How far off it was.
        columns: isize,
    },
    /// A cell of a line sat off the line it continues; it is drawn in line.
    MovedLine {
        /// How far off it was.
        columns: isize,
    },
    /// A frame that could not be repaired with confidence: its region is shown as the
    /// text it is, in its cells, and the rest of the diagram is drawn.
    RegionAsText {
        /// What is wrong with the frame where the note points.
        fault: RegionFault,
    },
    /// A tab, read as spaces to the next tab stop: editors may show it otherwise.
    Tab {
        /// How many spaces it was read as.
        width: usize,
    },
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

impl fmt::Display for RegionFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RegionFault::RowStopsShort => {
                f.write_str("diagram row's right border stops short of its box's edge")
            }
            RegionFault::UnclearBorder => {
                f.write_str("diagram row's right border could be more than one bar")
            }
            RegionFault::BorderTooFar { columns } => write!(
                f,
                "diagram border is {} {} of its box's edge, too far to be sure it is the border",
                cols(columns),
                side(columns)
            ),
            RegionFault::BorderOntoLine { columns } => write!(
                f,
                "diagram border is {} {} of its box's edge, across a line",
                cols(columns),
                side(columns)
            ),
            RegionFault::SharedBorder => {
                f.write_str("diagram boxes that share this border put it in different columns")
            }
            RegionFault::BrokenEdge => f.write_str("diagram box's edge is broken here"),
        }
    }
}

fn cols(n: &isize) -> String {
    let n = n.unsigned_abs();
    format!("{n} column{}", if n == 1 { "" } else { "s" })
}

fn side(n: &isize) -> &'static str {
    if *n > 0 { "right" } else { "left" }
}

impl fmt::Display for NoteKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NoteKind::Condensed { label, columns } => {
                let label = label
                    .as_ref()
                    .map_or(String::new(), |l| format!(" \"{l}\""));
                write!(
                    f,
                    "diagram label{label} is {} wider than its box; condensed it to fit",
                    cols(columns)
                )
            }
            NoteKind::MovedBorder { columns } => write!(
                f,
                "diagram border is {} {} of its box's edge; moved it back",
                cols(columns),
                side(columns)
            ),
            NoteKind::MovedLine { columns } => write!(
                f,
                "diagram line is {} {} of the line it continues; moved it into line",
                cols(columns),
                side(columns)
            ),
            NoteKind::RegionAsText { fault } => write!(f, "{fault}; showed this box as text"),
            NoteKind::Tab { width } => write!(
                f,
                "diagram has a tab, read as {width} spaces; use spaces so every editor shows it alike"
            ),
        }
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
            },
            RepairKind::MovedBorder => NoteKind::MovedBorder { columns: r.delta },
            RepairKind::MovedLine => NoteKind::MovedLine { columns: r.delta },
        };
        notes.push(Note {
            row: r.row,
            column: r.col,
            kind,
        });
    }
    for fault in &layout.regions {
        let kind = NoteKind::RegionAsText { fault: fault.why };
        notes.push(Note {
            row: fault.row,
            column: fault.col,
            kind,
        });
    }
    for &(row, column, width) in &layout.tabs {
        let kind = NoteKind::Tab { width };
        notes.push(Note { row, column, kind });
    }
    notes.sort_by_cached_key(|n| (n.row, n.column, n.kind.to_string()));
    notes
}

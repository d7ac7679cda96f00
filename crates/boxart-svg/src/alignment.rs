//! The map between source and normalized (repaired) columns: every [`Repair`] a row
//! carries, and how a column is carried through them either way. Frames
//! (`frames`) and moved lines (`moved_lines`) make the repairs; the
//! layout reads the drawing through the map, and the round trip and the notes read it
//! back.

/// What kind of slip a [`Repair`] put right.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RepairKind {
    /// A label wider than its box pushed the border right: the label is condensed.
    Condensed,
    /// The border itself was a column or two off: spaces before it are dropped or added.
    MovedBorder,
    /// One cell of a vertical line sat `delta` columns right (left if negative) of the
    /// line it continues: it is moved under that line, and the spaces or the straight
    /// edge it crosses shift one column the other way. Only that span of the row moves.
    MovedLine,
}

/// From `col` on (source columns), cells of `row` sit `offset` columns right of where
/// they belong; `delta` is the change from the cells before. A [`RepairKind::MovedLine`]
/// is about the one cell at `col`: it sits `offset` columns right of where it belongs,
/// and `delta` columns right of the column its row puts it in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repair {
    /// The repaired row.
    pub row: usize,
    /// The source column the repair starts at.
    pub col: usize,
    /// How far right of where they belong the cells from `col` on sit.
    pub offset: isize,
    /// The change in `offset` from the cells before `col`.
    pub delta: isize,
    /// What was put right.
    pub kind: RepairKind,
}

/// One row's repairs: where its shifts start (source column, offset) and its moved
/// lines (normalized column from, to), in the order they were made.
#[derive(Debug, Default)]
pub(crate) struct RowMap {
    shifts: Vec<(usize, isize)>,
    moves: Vec<(usize, usize)>,
}

impl RowMap {
    /// The normalized column of a source cell of the row.
    pub(crate) fn to_normal(&self, source_col: usize) -> Option<usize> {
        let offset = (self.shifts.iter())
            .rfind(|&&(col, _)| col <= source_col)
            .map_or(0, |&(_, offset)| offset);
        let shifted = usize::try_from(source_col as isize - offset).ok()?;
        for &(from, to) in &self.moves {
            if shifted == from {
                return Some(to);
            }
            if from < to && (from + 1..=to).contains(&shifted) {
                return Some(shifted - 1);
            }
            if to < from && (to..from).contains(&shifted) {
                return Some(shifted + 1);
            }
        }
        Some(shifted)
    }
}

/// Every row's repairs: the map between source and normalized columns.
#[derive(Debug, Clone, Default)]
pub struct Alignment {
    /// Every repair, by row and column.
    pub repairs: Vec<Repair>,
}

impl Alignment {
    /// The repairs that shift `row` from a column on (every kind but moved lines).
    fn shifts(&self, row: usize) -> impl Iterator<Item = &Repair> {
        self.repairs
            .iter()
            .filter(move |r| r.row == row && r.kind != RepairKind::MovedLine)
    }

    /// The moved lines of `row`: the normalized column each cell was in and is moved to.
    fn moves(&self, row: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.repairs
            .iter()
            .filter(move |r| r.row == row && r.kind == RepairKind::MovedLine)
            .map(|r| {
                let to = (r.col as isize - r.offset) as usize;
                ((to as isize + r.delta) as usize, to)
            })
    }

    /// How far right of where they belong the cells of `row` from `source_col` on sit.
    pub(crate) fn offset(&self, row: usize, source_col: usize) -> isize {
        self.shifts(row)
            .filter(|r| r.col <= source_col)
            .last()
            .map_or(0, |r| r.offset)
    }

    /// The normalized column of a source cell.
    pub(crate) fn to_normal(&self, row: usize, source_col: usize) -> Option<usize> {
        self.row(row).to_normal(source_col)
    }

    /// The map of one row, for reading a row cell by cell: its repairs are found once.
    pub(crate) fn row(&self, row: usize) -> RowMap {
        let mut map = RowMap::default();
        for r in self.repairs.iter().filter(|r| r.row == row) {
            if r.kind == RepairKind::MovedLine {
                let to = (r.col as isize - r.offset) as usize;
                map.moves.push(((to as isize + r.delta) as usize, to));
            } else {
                map.shifts.push((r.col, r.offset));
            }
        }
        map
    }

    /// The source column of a normalized drawing cell. Where a repair maps two source
    /// columns to one normalized column, the later one: the earlier holds no line
    /// (`repair_kind` refuses to move a border onto one).
    pub(crate) fn to_source(&self, row: usize, col: usize) -> usize {
        let mut col = col;
        for (from, to) in self.moves(row) {
            if col == to {
                col = from;
                break;
            }
            if from < to && (from..to).contains(&col) {
                col += 1;
                break;
            }
            if to < from && (to + 1..=from).contains(&col) {
                col -= 1;
                break;
            }
        }
        let mut starts = vec![(0usize, 0isize)];
        starts.extend(self.shifts(row).map(|r| (r.col, r.offset)));
        let mut found = None;
        for (i, (start, offset)) in starts.iter().enumerate() {
            let end = starts.get(i + 1).map_or(usize::MAX, |s| s.0);
            let source = col as isize + offset;
            if source >= *start as isize && (source as usize) < end {
                found = Some(source as usize);
            }
        }
        found.unwrap_or(col)
    }
}

/// The largest offset a row may carry before the drawing is too broken to repair.
pub(crate) const MAX_OFFSET: isize = 3;
/// The largest change in offset one repair may make.
pub(crate) const MAX_DELTA: isize = 2;

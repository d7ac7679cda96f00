//! The character grid of a diagram: one cell per display column (tabs expanded, wide
//! characters taking two cells), each cell a line, an arrowhead, a diagonal, text or
//! space. What the grid cannot hold exactly (control characters, a zero-width mark on a
//! drawing character) makes the diagram fall back to text.

use unicode_width::UnicodeWidthChar;

use crate::Error;
use crate::glyphs::{self, DOWN, LEFT, Line, RIGHT, UP};

/// Tab stops every eight columns, as browsers, GitHub and terminals show code (and as
/// hand-drawn art indented with tabs assumes).
pub(crate) const TAB_WIDTH: usize = 8;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Cell {
    Space,
    Line(Line),
    Arrow {
        dir: usize,
        glyph: char,
    },
    Diagonal(char),
    /// A character and any zero-width marks that follow it.
    Text(String),
    /// The second column of a wide character.
    Wide,
}

impl Cell {
    pub(crate) fn is_graphic(&self) -> bool {
        matches!(self, Cell::Line(_) | Cell::Arrow { .. } | Cell::Diagonal(_))
    }

    pub(crate) fn is_text(&self) -> bool {
        matches!(self, Cell::Text(_) | Cell::Wide)
    }

    pub(crate) fn line(&self) -> Option<&Line> {
        match self {
            Cell::Line(line) => Some(line),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Grid {
    pub rows: Vec<Vec<Cell>>,
    /// Tabs as written: row, column where the tab began, columns it expanded to.
    pub tabs: Vec<(usize, usize, usize)>,
    /// Rows that ended with a carriage return.
    pub crlf: Vec<bool>,
    pub trailing_newline: bool,
    /// ASCII characters read as lines (row, column, character): the round trip writes
    /// them back over the box-drawing character their arms would give.
    pub ascii: Vec<(usize, usize, char)>,
    /// Arrowheads drawn a column beside the end of their line (row, column written,
    /// how far they were moved): see [`crate::ascii`].
    pub moved_heads: Vec<(usize, usize, isize)>,
}

static SPACE: Cell = Cell::Space;

/// Display columns of `source`'s widest line, counted as the grid counts them.
pub(crate) fn columns(source: &str, tab_width: usize) -> usize {
    let width = |line: &str| {
        line.chars().fold(0, |col, c| match c {
            '\t' => col + tab_width - col % tab_width,
            c => col + c.width().unwrap_or(0),
        })
    };
    source.lines().map(width).max().unwrap_or(0)
}

impl Grid {
    pub(crate) fn parse(source: &str, tab_width: usize) -> Result<Grid, Error> {
        let mut grid = Grid::default();
        // A tab width of 0 would divide by zero: it reads as one column.
        let tab_width = tab_width.max(1);
        let body = match source.strip_suffix('\n') {
            Some(body) => {
                grid.trailing_newline = true;
                body
            }
            None => source,
        };
        for (row, line) in body.split('\n').enumerate() {
            let (line, cr) = match line.strip_suffix('\r') {
                Some(l) => (l, true),
                None => (line, false),
            };
            grid.crlf.push(cr);
            let cells = grid.parse_row(row, line, tab_width)?;
            grid.rows.push(cells);
        }
        Ok(grid)
    }

    fn parse_row(&mut self, row: usize, line: &str, tab_width: usize) -> Result<Vec<Cell>, Error> {
        let mut cells: Vec<Cell> = Vec::new();
        for c in line.chars() {
            if c == '\t' {
                let width = tab_width - cells.len() % tab_width;
                self.tabs.push((row, cells.len(), width));
                cells.extend(std::iter::repeat_n(Cell::Space, width));
                continue;
            }
            if c.is_control() {
                return Err(Error::ControlCharacter { row, character: c });
            }
            let width = c.width().unwrap_or(0);
            if width == 0 {
                match cells.iter_mut().rev().find(|cell| **cell != Cell::Wide) {
                    Some(Cell::Text(text)) => text.push(c),
                    _ => {
                        return Err(Error::ZeroWidthOnDrawing { row, character: c });
                    }
                }
                continue;
            }
            cells.push(classify(c));
            if width == 2 {
                cells.push(Cell::Wide);
            }
        }
        Ok(cells)
    }

    pub(crate) fn get(&self, row: usize, col: usize) -> &Cell {
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .unwrap_or(&SPACE)
    }

    pub(crate) fn line_at(&self, row: usize, col: usize) -> Option<&Line> {
        self.get(row, col).line()
    }

    /// The line of a frame's edge at a cell: the line there, or an arrowhead cut into
    /// the edge pointing `inward` (`┌──▼──┐` over a box, `└──▲──┘` under one, `▶` in a
    /// left side), read as the edge it interrupts when the cells on either side of it
    /// along the edge both reach into it with the same weight.
    pub(crate) fn edge_at(&self, row: usize, col: usize, inward: usize) -> Option<Line> {
        match self.get(row, col) {
            Cell::Line(line) => Some(*line),
            Cell::Arrow { dir, .. } if *dir == inward => {
                let (back, ahead) = if matches!(inward, UP | DOWN) {
                    (LEFT, RIGHT)
                } else {
                    (UP, DOWN)
                };
                let reach = |dir: usize| {
                    let (r, c) = glyphs::step(row, col, dir)?;
                    Some(self.line_at(r, c)?.arms[glyphs::opposite(dir)])
                };
                let (a, b) = (reach(back)?, reach(ahead)?);
                (a.is_some() && a == b).then(|| {
                    let mut line = Line::default();
                    (line.arms[back], line.arms[ahead]) = (a, b);
                    line
                })
            }
            _ => None,
        }
    }

    pub(crate) fn height(&self) -> usize {
        self.rows.len()
    }
}

fn classify(c: char) -> Cell {
    if let Some(line) = glyphs::line(c) {
        Cell::Line(line)
    } else if let Some(dir) = glyphs::arrow(c) {
        Cell::Arrow { dir, glyph: c }
    } else if glyphs::is_diagonal(c) {
        Cell::Diagonal(c)
    } else if c == ' ' {
        Cell::Space
    } else {
        Cell::Text(c.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_expand_and_wide_characters_take_two_cells() {
        let grid = Grid::parse("a\tb\n数据│\n", TAB_WIDTH).unwrap();
        assert_eq!(grid.rows[0].len(), 9);
        assert_eq!(grid.tabs, [(0, 1, 7)]);
        assert_eq!(grid.rows[1][0], Cell::Text("数".into()));
        assert_eq!(grid.rows[1][1], Cell::Wide);
        assert!(matches!(grid.rows[1][4], Cell::Line(_)));
        assert!(grid.trailing_newline);
    }

    /// The print stylesheet sizes a diagram's text version by its columns: a wide
    /// character or a tab counts as the cells it takes, not as one character.
    #[test]
    fn columns_count_display_cells() {
        for source in ["a\tb\n数据│\n", "数据数据数据\n", "\t\tx", "e\u{301}x"] {
            let grid = Grid::parse(source, TAB_WIDTH).unwrap();
            let widest = grid.rows.iter().map(Vec::len).max().unwrap();
            assert_eq!(columns(source, TAB_WIDTH), widest, "{source:?}");
        }
        assert_eq!(columns("数据数据数据\n", TAB_WIDTH), 12);
    }

    #[test]
    fn zero_width_marks_stay_with_their_letter() {
        let grid = Grid::parse("e\u{301}│", TAB_WIDTH).unwrap();
        assert_eq!(grid.rows[0][0], Cell::Text("e\u{301}".into()));
        assert!(Grid::parse("│\u{301}", TAB_WIDTH).is_err());
        assert!(Grid::parse("a\u{7}b", TAB_WIDTH).is_err());
    }
}

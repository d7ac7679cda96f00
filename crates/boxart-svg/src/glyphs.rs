//! The drawing characters: every box-drawing character (U+2500 to U+257F) as four arms
//! (up, right, down, left) with a weight, its dashes and whether it is an arc; arrowheads
//! as directions. And back from arms to the character, which the round trip relies on.

/// Directions, as indexes into [`Line::arms`].
pub(crate) const UP: usize = 0;
pub(crate) const RIGHT: usize = 1;
pub(crate) const DOWN: usize = 2;
pub(crate) const LEFT: usize = 3;
pub(crate) const DIRECTIONS: [usize; 4] = [UP, RIGHT, DOWN, LEFT];

pub(crate) fn opposite(dir: usize) -> usize {
    (dir + 2) % 4
}

/// The neighbour of `(row, col)` in `dir`, if it is on the grid's non-negative side.
pub(crate) fn step(row: usize, col: usize, dir: usize) -> Option<(usize, usize)> {
    match dir {
        UP => Some((row.checked_sub(1)?, col)),
        RIGHT => Some((row, col + 1)),
        DOWN => Some((row + 1, col)),
        _ => Some((row, col.checked_sub(1)?)),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub(crate) enum Weight {
    #[default]
    None,
    Light,
    Heavy,
    Double,
}

impl Weight {
    fn from_code(code: u8) -> Self {
        match code {
            1 => Weight::Light,
            2 => Weight::Heavy,
            3 => Weight::Double,
            _ => Weight::None,
        }
    }

    fn code(self) -> u8 {
        self as u8
    }

    pub(crate) fn is_some(self) -> bool {
        self != Weight::None
    }
}

/// A line character: which arms it has, how heavy, dashed or rounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Line {
    pub arms: [Weight; 4],
    /// 0 for solid lines, else the number of dashes drawn per cell.
    pub dashes: u8,
    pub arc: bool,
}

impl Line {
    pub(crate) fn has(&self, dir: usize) -> bool {
        self.arms[dir].is_some()
    }

    pub(crate) fn arm_count(&self) -> usize {
        self.arms.iter().filter(|w| w.is_some()).count()
    }
}

/// The line drawn by `c`, if it is a box-drawing character (diagonals are not lines).
pub(crate) fn line(c: char) -> Option<Line> {
    let index = (c as u32).checked_sub(0x2500)? as usize;
    let (arms, dashes, arc) = *TABLE.get(index)?;
    if arms == [0; 4] {
        return None;
    }
    Some(Line {
        arms: arms.map(Weight::from_code),
        dashes,
        arc,
    })
}

/// The character that draws `line`, if Unicode has one.
pub(crate) fn glyph(line: Line) -> Option<char> {
    let arms = line.arms.map(Weight::code);
    let index = TABLE
        .iter()
        .position(|entry| *entry == (arms, line.dashes, line.arc))?;
    char::from_u32(0x2500 + index as u32)
}

pub(crate) fn is_diagonal(c: char) -> bool {
    matches!(c, '╱' | '╲' | '╳')
}

/// The direction an arrowhead points.
pub(crate) fn arrow(c: char) -> Option<usize> {
    match c {
        '▲' => Some(UP),
        '▶' | '►' => Some(RIGHT),
        '▼' => Some(DOWN),
        '◀' | '◄' => Some(LEFT),
        _ => None,
    }
}

/// Arms (up, right, down, left: 0 none, 1 light, 2 heavy, 3 double), dashes (0 solid,
/// else the number of dashes per cell) and arc, for U+2500 to U+257F in order.
/// Generated from the Unicode character names; the diagonals (U+2571 to U+2573) have
/// no arms.
#[rustfmt::skip]
const TABLE: [([u8; 4], u8, bool); 128] = [
    ([0, 1, 0, 1], 0, false), ([0, 2, 0, 2], 0, false), ([1, 0, 1, 0], 0, false), ([2, 0, 2, 0], 0, false), // ─━│┃
    ([0, 1, 0, 1], 3, false), ([0, 2, 0, 2], 3, false), ([1, 0, 1, 0], 3, false), ([2, 0, 2, 0], 3, false), // ┄┅┆┇
    ([0, 1, 0, 1], 4, false), ([0, 2, 0, 2], 4, false), ([1, 0, 1, 0], 4, false), ([2, 0, 2, 0], 4, false), // ┈┉┊┋
    ([0, 1, 1, 0], 0, false), ([0, 2, 1, 0], 0, false), ([0, 1, 2, 0], 0, false), ([0, 2, 2, 0], 0, false), // ┌┍┎┏
    ([0, 0, 1, 1], 0, false), ([0, 0, 1, 2], 0, false), ([0, 0, 2, 1], 0, false), ([0, 0, 2, 2], 0, false), // ┐┑┒┓
    ([1, 1, 0, 0], 0, false), ([1, 2, 0, 0], 0, false), ([2, 1, 0, 0], 0, false), ([2, 2, 0, 0], 0, false), // └┕┖┗
    ([1, 0, 0, 1], 0, false), ([1, 0, 0, 2], 0, false), ([2, 0, 0, 1], 0, false), ([2, 0, 0, 2], 0, false), // ┘┙┚┛
    ([1, 1, 1, 0], 0, false), ([1, 2, 1, 0], 0, false), ([2, 1, 1, 0], 0, false), ([1, 1, 2, 0], 0, false), // ├┝┞┟
    ([2, 1, 2, 0], 0, false), ([2, 2, 1, 0], 0, false), ([1, 2, 2, 0], 0, false), ([2, 2, 2, 0], 0, false), // ┠┡┢┣
    ([1, 0, 1, 1], 0, false), ([1, 0, 1, 2], 0, false), ([2, 0, 1, 1], 0, false), ([1, 0, 2, 1], 0, false), // ┤┥┦┧
    ([2, 0, 2, 1], 0, false), ([2, 0, 1, 2], 0, false), ([1, 0, 2, 2], 0, false), ([2, 0, 2, 2], 0, false), // ┨┩┪┫
    ([0, 1, 1, 1], 0, false), ([0, 1, 1, 2], 0, false), ([0, 2, 1, 1], 0, false), ([0, 2, 1, 2], 0, false), // ┬┭┮┯
    ([0, 1, 2, 1], 0, false), ([0, 1, 2, 2], 0, false), ([0, 2, 2, 1], 0, false), ([0, 2, 2, 2], 0, false), // ┰┱┲┳
    ([1, 1, 0, 1], 0, false), ([1, 1, 0, 2], 0, false), ([1, 2, 0, 1], 0, false), ([1, 2, 0, 2], 0, false), // ┴┵┶┷
    ([2, 1, 0, 1], 0, false), ([2, 1, 0, 2], 0, false), ([2, 2, 0, 1], 0, false), ([2, 2, 0, 2], 0, false), // ┸┹┺┻
    ([1, 1, 1, 1], 0, false), ([1, 1, 1, 2], 0, false), ([1, 2, 1, 1], 0, false), ([1, 2, 1, 2], 0, false), // ┼┽┾┿
    ([2, 1, 1, 1], 0, false), ([1, 1, 2, 1], 0, false), ([2, 1, 2, 1], 0, false), ([2, 1, 1, 2], 0, false), // ╀╁╂╃
    ([2, 2, 1, 1], 0, false), ([1, 1, 2, 2], 0, false), ([1, 2, 2, 1], 0, false), ([2, 2, 1, 2], 0, false), // ╄╅╆╇
    ([1, 2, 2, 2], 0, false), ([2, 1, 2, 2], 0, false), ([2, 2, 2, 1], 0, false), ([2, 2, 2, 2], 0, false), // ╈╉╊╋
    ([0, 1, 0, 1], 2, false), ([0, 2, 0, 2], 2, false), ([1, 0, 1, 0], 2, false), ([2, 0, 2, 0], 2, false), // ╌╍╎╏
    ([0, 3, 0, 3], 0, false), ([3, 0, 3, 0], 0, false), ([0, 3, 1, 0], 0, false), ([0, 1, 3, 0], 0, false), // ═║╒╓
    ([0, 3, 3, 0], 0, false), ([0, 0, 1, 3], 0, false), ([0, 0, 3, 1], 0, false), ([0, 0, 3, 3], 0, false), // ╔╕╖╗
    ([1, 3, 0, 0], 0, false), ([3, 1, 0, 0], 0, false), ([3, 3, 0, 0], 0, false), ([1, 0, 0, 3], 0, false), // ╘╙╚╛
    ([3, 0, 0, 1], 0, false), ([3, 0, 0, 3], 0, false), ([1, 3, 1, 0], 0, false), ([3, 1, 3, 0], 0, false), // ╜╝╞╟
    ([3, 3, 3, 0], 0, false), ([1, 0, 1, 3], 0, false), ([3, 0, 3, 1], 0, false), ([3, 0, 3, 3], 0, false), // ╠╡╢╣
    ([0, 3, 1, 3], 0, false), ([0, 1, 3, 1], 0, false), ([0, 3, 3, 3], 0, false), ([1, 3, 0, 3], 0, false), // ╤╥╦╧
    ([3, 1, 0, 1], 0, false), ([3, 3, 0, 3], 0, false), ([1, 3, 1, 3], 0, false), ([3, 1, 3, 1], 0, false), // ╨╩╪╫
    ([3, 3, 3, 3], 0, false), ([0, 1, 1, 0], 0, true), ([0, 0, 1, 1], 0, true), ([1, 0, 0, 1], 0, true), // ╬╭╮╯
    ([1, 1, 0, 0], 0, true), ([0, 0, 0, 0], 0, false), ([0, 0, 0, 0], 0, false), ([0, 0, 0, 0], 0, false), // ╰╱╲╳
    ([0, 0, 0, 1], 0, false), ([1, 0, 0, 0], 0, false), ([0, 1, 0, 0], 0, false), ([0, 0, 1, 0], 0, false), // ╴╵╶╷
    ([0, 0, 0, 2], 0, false), ([2, 0, 0, 0], 0, false), ([0, 2, 0, 0], 0, false), ([0, 0, 2, 0], 0, false), // ╸╹╺╻
    ([0, 2, 0, 1], 0, false), ([1, 0, 2, 0], 0, false), ([0, 1, 0, 2], 0, false), ([2, 0, 1, 0], 0, false), // ╼╽╾╿
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_character_maps_back_to_itself() {
        let mut lines = 0;
        for code in 0x2500..0x2580 {
            let c = char::from_u32(code).unwrap();
            match line(c) {
                Some(l) => {
                    assert_eq!(glyph(l), Some(c), "{c}");
                    lines += 1;
                }
                None => assert!(is_diagonal(c), "{c} is neither a line nor a diagonal"),
            }
        }
        assert_eq!(lines, 125);
    }

    #[test]
    fn arms_follow_the_names() {
        let corner = line('┌').unwrap();
        assert!(corner.has(RIGHT) && corner.has(DOWN) && !corner.has(UP) && !corner.has(LEFT));
        assert_eq!(
            line('┞').unwrap().arms,
            [Weight::Heavy, Weight::Light, Weight::Light, Weight::None]
        );
        assert_eq!(
            line('╒').unwrap().arms,
            [Weight::None, Weight::Double, Weight::Light, Weight::None]
        );
        assert!(line('╭').unwrap().arc);
        assert_eq!(line('┄').unwrap().dashes, 3);
        assert_eq!(line('a'), None);
        assert_eq!(arrow('▼'), Some(DOWN));
    }
}

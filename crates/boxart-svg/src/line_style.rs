//! Line styles as the SVG draws them: the classes a theme's CSS targets (`dg-heavy`,
//! `dg-dashed`, `dg-double`, `dg-rounded`), rounded corners as curves, and double lines
//! as two parallel strokes that turn and branch the way `╔ ╦ ╬ ╤ ╟` draw them. Plain
//! light lines get no extra class, so drawings without styles stay as they were.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::frames::Frame;
use crate::glyphs::{DOWN, LEFT, RIGHT, UP, Weight};
use crate::layout::{Layout, Stroke};
use crate::svg::{Cell, PAD, num};

/// How far each stroke of a double line lies from the line's centre.
pub(crate) const DOUBLE_OFFSET: f32 = 1.75;
/// The radius of a frame's rounded corner (smaller frames get half their size).
pub(crate) const FRAME_RADIUS: f32 = 6.0;

/// The arms drawn through each line cell, by direction.
pub(crate) type Arms = BTreeMap<(usize, usize), [Weight; 4]>;

/// The class attribute's value: `base`, then one class per style the line has.
pub(crate) fn class(base: &str, weight: Weight, dashes: u8, rounded: bool) -> String {
    let mut class = base.to_string();
    match weight {
        Weight::Heavy => class.push_str(" dg-heavy"),
        Weight::Double => class.push_str(" dg-double"),
        _ => {}
    }
    if dashes > 0 {
        class.push_str(" dg-dashed");
    }
    if rounded {
        class.push_str(" dg-rounded");
    }
    class
}

/// Every line cell's arms, rebuilt from frames and strokes; built only when a double line
/// or a rounded connector corner needs to know what meets it, so plain drawings pay nothing.
pub(crate) fn arms(layout: &Layout) -> Option<Arms> {
    let double = layout.strokes.iter().any(|s| s.weight == Weight::Double)
        || (layout.frames.iter()).any(|f| f.sides.weights.contains(&Weight::Double));
    if !double && layout.arcs.is_empty() {
        return None;
    }
    let mut arms = Arms::new();
    for f in &layout.frames {
        for (row, col, dir, side) in perimeter(f) {
            arms.entry((row, col)).or_default()[dir] = f.sides.weights[side];
        }
    }
    for s in &layout.strokes {
        for unit in s.from..s.to {
            arms.entry(stroke_cell(s.horizontal, s.line, unit))
                .or_default()[stroke_dir(s.horizontal, unit)] = s.weight;
        }
    }
    Some(arms)
}

/// The cell a stroke's half-cell `unit` lies in.
pub(crate) fn stroke_cell(horizontal: bool, line: usize, unit: usize) -> (usize, usize) {
    if horizontal {
        (line, unit / 2)
    } else {
        (unit / 2, line)
    }
}

/// The arm of its cell a stroke's half-cell `unit` draws.
pub(crate) fn stroke_dir(horizontal: bool, unit: usize) -> usize {
    match (horizontal, unit % 2) {
        (true, 0) => LEFT,
        (true, _) => RIGHT,
        (false, 0) => UP,
        (false, _) => DOWN,
    }
}

/// Each half-arm of a frame's outline: row, column, direction and the side (top, right,
/// bottom, left) it belongs to.
pub(crate) fn perimeter(f: &Frame) -> impl Iterator<Item = (usize, usize, usize, usize)> + '_ {
    let across = (f.left..f.right).flat_map(move |col| {
        [
            (f.top, col, RIGHT, 0),
            (f.top, col + 1, LEFT, 0),
            (f.bottom, col, RIGHT, 2),
            (f.bottom, col + 1, LEFT, 2),
        ]
    });
    let down = (f.top..f.bottom).flat_map(move |row| {
        [
            (row, f.right, DOWN, 1),
            (row + 1, f.right, UP, 1),
            (row, f.left, DOWN, 3),
            (row + 1, f.left, UP, 3),
        ]
    });
    across.chain(down)
}

fn perpendicular(dir: usize) -> [usize; 2] {
    if matches!(dir, LEFT | RIGHT) {
        [UP, DOWN]
    } else {
        [LEFT, RIGHT]
    }
}

fn sign(dir: usize) -> f32 {
    if matches!(dir, RIGHT | DOWN) {
        1.0
    } else {
        -1.0
    }
}

/// Where a single line's arm `dir` stops, measured from the cell's centre towards the
/// arm's end: at the centre, except where it meets double lines across it. Between two
/// double arms (`╤`) it stops at the near stroke; beside one (`╒`) it turns the corner at
/// the far one.
pub(crate) fn single_stop(arms: &[Weight; 4], dir: usize) -> f32 {
    if arms[(dir + 2) % 4].is_some() {
        return 0.0;
    }
    let doubles = (perpendicular(dir).iter())
        .filter(|&&p| arms[p] == Weight::Double)
        .count();
    match doubles {
        2 => DOUBLE_OFFSET,
        1 => -DOUBLE_OFFSET,
        _ => 0.0,
    }
}

/// Where the stroke of double arm `dir` on the `side` towards a perpendicular direction
/// stops, measured as in [`single_stop`]: at the corner it turns with a double arm on
/// that side (`╔` inside, `╦` below), at the centre where it runs on or meets a single
/// line, and round the outside of a corner (`╔` outside).
fn double_stop(arms: &[Weight; 4], dir: usize, side: usize) -> f32 {
    match arms[side] {
        Weight::Double => DOUBLE_OFFSET,
        w if w.is_some() => 0.0,
        _ if arms[(dir + 2) % 4].is_some() => 0.0,
        _ if arms[(side + 2) % 4] == Weight::Double => -DOUBLE_OFFSET,
        _ => 0.0,
    }
}

/// Straight pieces of line, merged where they meet end to end: one subpath each, so a
/// path of them has no area for a theme's fill to paint.
#[derive(Debug, Default)]
pub(crate) struct Segments {
    /// (horizontal, the line's coordinate in hundredths) to pieces (from, to).
    lines: BTreeMap<(bool, i64), Vec<(f32, f32)>>,
}

impl Segments {
    pub(crate) fn add(&mut self, horizontal: bool, at: f32, a: f32, b: f32) {
        if (a - b).abs() < 0.01 {
            return;
        }
        let key = (horizontal, (at * 100.0).round() as i64);
        self.lines
            .entry(key)
            .or_default()
            .push((a.min(b), a.max(b)));
    }

    /// The two strokes of double arm `dir` of the cell at `(row, col)`.
    pub(crate) fn double_arm(&mut self, c: Cell, arms: &Arms, row: usize, col: usize, dir: usize) {
        let cell = arms.get(&(row, col)).copied().unwrap_or_default();
        let (cx, cy) = (c.x(col), c.y(row));
        let horizontal = matches!(dir, LEFT | RIGHT);
        let (centre, half, across) = if horizontal {
            (cx, c.width / 2.0, cy)
        } else {
            (cy, c.height / 2.0, cx)
        };
        for side in perpendicular(dir) {
            let stop = double_stop(&cell, dir, side);
            let at = across + sign(side) * DOUBLE_OFFSET;
            self.add(
                horizontal,
                at,
                centre + sign(dir) * half,
                centre + sign(dir) * stop,
            );
        }
    }

    /// Both strokes of a double line centred on `at`, from `a` to `b` along it.
    pub(crate) fn double_span(&mut self, horizontal: bool, at: f32, a: f32, b: f32) {
        self.add(horizontal, at - DOUBLE_OFFSET, a, b);
        self.add(horizontal, at + DOUBLE_OFFSET, a, b);
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The path data: every line's pieces sorted and joined where they touch.
    pub(crate) fn path(&self) -> String {
        let mut d = String::new();
        for (&(horizontal, at), pieces) in &self.lines {
            let mut pieces = pieces.clone();
            pieces.sort_by(|a, b| a.0.total_cmp(&b.0));
            let mut merged: Vec<(f32, f32)> = Vec::new();
            for (a, b) in pieces {
                match merged.last_mut() {
                    Some(last) if a <= last.1 + 0.01 => last.1 = last.1.max(b),
                    _ => merged.push((a, b)),
                }
            }
            let at = num(at as f32 / 100.0);
            for (a, b) in merged {
                if horizontal {
                    let _ = write!(d, "M{} {at}H{}", num(a), num(b));
                } else {
                    let _ = write!(d, "M{at} {}V{}", num(a), num(b));
                }
            }
        }
        d
    }
}

/// A quadratic curve round `corner` to `to`, if the corner is rounded.
pub(crate) fn curve(d: &mut String, corner: (f32, f32), to: (f32, f32), radius: f32) {
    if radius > 0.0 {
        let _ = write!(
            d,
            "Q{} {} {} {}",
            num(corner.0),
            num(corner.1),
            num(to.0),
            num(to.1)
        );
    }
}

/// How far a connector's rounded corner cuts into each of its arms.
pub(crate) fn arc_radius(c: Cell) -> f32 {
    c.width.min(c.height) / 2.0
}

/// A connector's rounded corner (`╭ ╮ ╯ ╰`) at `(row, col)`: a curve between its arms,
/// which the strokes along them stop short of.
pub(crate) fn connector_arc(d: &mut String, c: Cell, arms: &[Weight; 4], row: usize, col: usize) {
    let horizontal = if arms[LEFT].is_some() { LEFT } else { RIGHT };
    let vertical = if arms[UP].is_some() { UP } else { DOWN };
    let (x, y) = (c.x(col), c.y(row));
    let r = arc_radius(c);
    let _ = write!(d, "M{} {}", num(x + sign(horizontal) * r), num(y));
    curve(d, (x, y), (x, y + sign(vertical) * r), r);
}

/// A stroke's ends that stop mid-cell, moved to where they meet: short of a rounded
/// corner's curve, or at the stroke of a double line across them.
pub(crate) fn stroke_ends(
    c: Cell,
    layout: &Layout,
    s: &Stroke,
    (from, to): (f32, f32),
    arms: Option<&Arms>,
) -> (f32, f32) {
    let Some(arms) = arms else {
        return (from, to);
    };
    let cut = |unit: usize, dir: usize| {
        let cell = stroke_cell(s.horizontal, s.line, unit);
        if layout.arcs.contains(&cell) {
            arc_radius(c)
        } else {
            arms.get(&cell).map_or(0.0, |a| single_stop(a, dir))
        }
    };
    let (forward, back) = if s.horizontal {
        (RIGHT, LEFT)
    } else {
        (DOWN, UP)
    };
    let from = if s.from % 2 == 1 {
        from + cut(s.from, forward)
    } else {
        from
    };
    let to = if s.to % 2 == 1 {
        to - cut(s.to - 1, back)
    } else {
        to
    };
    (from, to)
}

/// A double stroke's two lines, cell by cell, and on past its ends where the stroke
/// reaches into a frame's line or an arrowhead.
pub(crate) fn double_stroke(
    segments: &mut Segments,
    c: Cell,
    s: &Stroke,
    (from, to): (f32, f32),
    arms: Option<&Arms>,
) {
    let empty = Arms::new();
    let arms = arms.unwrap_or(&empty);
    for unit in s.from..s.to {
        let (row, col) = stroke_cell(s.horizontal, s.line, unit);
        segments.double_arm(c, arms, row, col, stroke_dir(s.horizontal, unit));
    }
    let (size, at) = if s.horizontal {
        (c.width / 2.0, c.y(s.line))
    } else {
        (c.height / 2.0, c.x(s.line))
    };
    let (start, end) = (PAD + s.from as f32 * size, PAD + s.to as f32 * size);
    if from < start {
        segments.double_span(s.horizontal, at, from, start);
    }
    if to > end {
        segments.double_span(s.horizontal, at, end, to);
    }
}

//! A frame's outline as SVG: a rectangle when its sides agree, a closed path with curves
//! when corners are rounded, double sides as two strokes each (one path of straight
//! pieces, so a theme's fill paints nothing), and one path per side when the sides differ.

use std::fmt::Write as _;

use crate::frames::Frame;
use crate::glyphs::{DOWN, LEFT, RIGHT, UP, Weight, opposite};
use crate::line_style::{self, Arms, FRAME_RADIUS, Segments, single_stop};
use crate::svg::{Cell, num, stroke_attrs};

/// A frame: a rectangle when its sides agree, a path when a corner is rounded, its
/// double sides as two strokes, and a path per side when the sides differ.
pub(crate) fn frame(svg: &mut String, c: Cell, f: &Frame, arms: Option<&Arms>) {
    if let Some(title) = f.title {
        titled_frame(svg, c, f, title);
        return;
    }
    let s = f.sides;
    let uniform =
        s.weights.iter().all(|w| *w == s.weights[0]) && s.dashes.iter().all(|d| *d == s.dashes[0]);
    if s.weights.contains(&Weight::Double) {
        double_frame(svg, c, f, arms);
        if !uniform {
            frame_sides(svg, c, f, arms);
        }
        return;
    }
    if !uniform {
        frame_sides(svg, c, f, arms);
        return;
    }
    let (weight, dashes) = (s.weights[0], s.dashes[0]);
    let rounded = s.arcs.contains(&true);
    let class = line_style::class("dg-frame", weight, dashes, rounded);
    if rounded {
        let _ = writeln!(
            svg,
            "<path class=\"{class}\" d=\"{}\"{}/>",
            rounded_outline(c, f),
            stroke_attrs(weight, dashes)
        );
        return;
    }
    let (x0, y0, x1, y1) = (c.x(f.left), c.y(f.top), c.x(f.right), c.y(f.bottom));
    let _ = writeln!(
        svg,
        "<rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{}/>",
        num(x0),
        num(y0),
        num(x1 - x0),
        num(y1 - y0),
        stroke_attrs(weight, dashes)
    );
}

/// A frame's double sides, two strokes each, turning and branching as its cells do.
fn double_frame(svg: &mut String, c: Cell, f: &Frame, arms: Option<&Arms>) {
    let empty = Arms::new();
    let arms = arms.unwrap_or(&empty);
    let mut segments = Segments::default();
    for (row, col, dir, side) in line_style::perimeter(f) {
        if f.sides.weights[side] == Weight::Double {
            segments.double_arm(c, arms, row, col, dir);
        }
    }
    let _ = writeln!(
        svg,
        "<path class=\"dg-frame dg-double\" d=\"{}\"/>",
        segments.path()
    );
}

/// A frame whose sides differ, one path per side but its double ones; a rounded corner
/// goes with the side before it, clockwise. A single side beside a double one reaches
/// its stroke.
fn frame_sides(svg: &mut String, c: Cell, f: &Frame, arms: Option<&Arms>) {
    let (x0, y0, x1, y1) = (c.x(f.left), c.y(f.top), c.x(f.right), c.y(f.bottom));
    let corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)];
    let cells = [
        (f.top, f.left),
        (f.top, f.right),
        (f.bottom, f.right),
        (f.bottom, f.left),
    ];
    let radius = FRAME_RADIUS.min((x1 - x0) / 2.0).min((y1 - y0) / 2.0);
    let r = f.sides.arcs.map(|arc| if arc { radius } else { 0.0 });
    // The way each side runs, clockwise from the top, as (dx, dy).
    let runs = [
        (RIGHT, 1.0, 0.0),
        (DOWN, 0.0, 1.0),
        (LEFT, -1.0, 0.0),
        (UP, 0.0, -1.0),
    ];
    let cut = |corner: usize, dir: usize| {
        let stop = (arms.and_then(|a| a.get(&cells[corner]))).map_or(0.0, |a| single_stop(a, dir));
        r[corner] + stop
    };
    for i in 0..4 {
        let (weight, dashes) = (f.sides.weights[i], f.sides.dashes[i]);
        if weight == Weight::Double {
            continue;
        }
        let j = (i + 1) % 4;
        let (dir, dx, dy) = runs[i];
        let (a, b) = (cut(i, dir), cut(j, opposite(dir)));
        let mut d = format!(
            "M{} {}L{} {}",
            num(corners[i].0 + dx * a),
            num(corners[i].1 + dy * a),
            num(corners[j].0 - dx * b),
            num(corners[j].1 - dy * b)
        );
        let (_, nx, ny) = runs[j];
        let to = (corners[j].0 + nx * r[j], corners[j].1 + ny * r[j]);
        line_style::curve(&mut d, corners[j], to, r[j]);
        let _ = writeln!(
            svg,
            "<path class=\"{}\" d=\"{d}\"{}/>",
            line_style::class("dg-frame", weight, dashes, r[j] > 0.0),
            stroke_attrs(weight, dashes)
        );
    }
}

/// A frame's outline as one closed path, each corner drawn with an arc a curve.
fn rounded_outline(c: Cell, f: &Frame) -> String {
    let (x0, y0, x1, y1) = (c.x(f.left), c.y(f.top), c.x(f.right), c.y(f.bottom));
    let radius = FRAME_RADIUS.min((x1 - x0) / 2.0).min((y1 - y0) / 2.0);
    let r = f.sides.arcs.map(|arc| if arc { radius } else { 0.0 });
    let mut d = format!("M{} {}H{}", num(x0 + r[0]), num(y0), num(x1 - r[1]));
    line_style::curve(&mut d, (x1, y0), (x1, y0 + r[1]), r[1]);
    let _ = write!(d, "V{}", num(y1 - r[2]));
    line_style::curve(&mut d, (x1, y1), (x1 - r[2], y1), r[2]);
    let _ = write!(d, "H{}", num(x0 + r[3]));
    line_style::curve(&mut d, (x0, y1), (x0, y1 - r[3]), r[3]);
    let _ = write!(d, "V{}", num(y0 + r[0]));
    line_style::curve(&mut d, (x0, y0), (x0 + r[0], y0), r[0]);
    d.push('Z');
    d
}

/// A frame with a title set into its top: its outline from past the title round to
/// where the title starts, so the top stops at the title's cells as it does in the text.
/// Corners are square; a side of another weight or dash is its own path.
fn titled_frame(svg: &mut String, c: Cell, f: &Frame, (from, to): (usize, usize)) {
    let (x0, y0, x1, y1) = (c.x(f.left), c.y(f.top), c.x(f.right), c.y(f.bottom));
    let (gap0, gap1) = (c.x(from) - c.width / 2.0, c.x(to) - c.width / 2.0);
    let s = f.sides;
    let pieces = [
        (0, format!("M{} {}H{}", num(gap1), num(y0), num(x1))),
        (1, format!("M{} {}V{}", num(x1), num(y0), num(y1))),
        (2, format!("M{} {}H{}", num(x1), num(y1), num(x0))),
        (3, format!("M{} {}V{}", num(x0), num(y1), num(y0))),
        (0, format!("M{} {}H{}", num(x0), num(y0), num(gap0))),
    ];
    let uniform =
        s.weights.iter().all(|w| *w == s.weights[0]) && s.dashes.iter().all(|d| *d == s.dashes[0]);
    if uniform {
        let d = format!(
            "M{} {}H{}V{}H{}V{}H{}",
            num(gap1),
            num(y0),
            num(x1),
            num(y1),
            num(x0),
            num(y0),
            num(gap0)
        );
        let class = line_style::class("dg-frame", s.weights[0], s.dashes[0], false);
        let attrs = stroke_attrs(s.weights[0], s.dashes[0]);
        let _ = writeln!(svg, "<path class=\"{class}\" d=\"{d}\"{attrs}/>");
        return;
    }
    for (side, d) in pieces {
        let (weight, dashes) = (s.weights[side], s.dashes[side]);
        let class = line_style::class("dg-frame", weight, dashes, false);
        let attrs = stroke_attrs(weight, dashes);
        let _ = writeln!(svg, "<path class=\"{class}\" d=\"{d}\"{attrs}/>");
    }
}

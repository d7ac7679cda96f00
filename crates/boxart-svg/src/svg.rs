//! The diagram as SVG: frames as their outlines (`outline`), connectors as one path per
//! style with collinear pieces merged (rounded corners curved, double lines as two
//! strokes: `line_style`), arrowheads as polygons joined to their shafts, text fitted to
//! its columns so any font keeps the grid. Everything is drawn in `currentColor`, so dark
//! mode and print need nothing; it scales to its container. Frames and text that the
//! caller's link hook names link to its page.

use std::fmt::Write as _;

use crate::describe::Words;
use crate::escape::escape;
use crate::glyphs::{DOWN, LEFT, RIGHT, UP, Weight, step};
use crate::layout::{Arrow, Layout, Stroke, TextRun};
use crate::line_style::{self, Arms, Segments};
use crate::outline;

/// One grid cell, in SVG units: a monospace cell is about twice as tall as wide.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Cell {
    pub(crate) width: f32,
    pub(crate) height: f32,
}

impl Cell {
    pub(crate) fn x(self, col: usize) -> f32 {
        PAD + col as f32 * self.width + self.width / 2.0
    }

    pub(crate) fn y(self, row: usize) -> f32 {
        PAD + row as f32 * self.height + self.height / 2.0
    }
}

pub(crate) const PAD: f32 = 8.0;
pub(crate) const FONT_SIZE: f32 = 13.0;
const HEAD: f32 = 7.0;
/// How far a diagram may grow past its natural size to fill a wide column: its text
/// then matches the body text.
const MAX_SCALE: f32 = 1.25;

/// The href a frame's name or a text run links to, if any.
pub(crate) type Link<'a> = &'a dyn Fn(&str) -> Option<String>;

pub(crate) fn render(layout: &Layout, words: &Words, c: Cell, id: &str, link: Link) -> String {
    let id = escape(id);
    let width = layout.width as f32 * c.width + 2.0 * PAD;
    let height = layout.height as f32 * c.height + 2.0 * PAD;
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"diagram-svg\" viewBox=\"0 0 {w} {h}\" \
         width=\"{w}\" height=\"{h}\" style=\"max-width: {max}px\" role=\"group\" \
         aria-labelledby=\"{id}-title\" aria-describedby=\"{id}-desc\" \
         font-family=\"DejaVu Sans Mono, Menlo, Consolas, Liberation Mono, monospace\" font-size=\"{fs}\">\n\
         <title id=\"{id}-title\">{title}</title>\n<desc id=\"{id}-desc\">{desc}</desc>\n",
        w = num(width),
        h = num(height),
        max = num(width * MAX_SCALE),
        fs = num(FONT_SIZE),
        title = escape(&words.title),
        desc = escape(&words.description),
    );
    svg.push_str("<g class=\"dg-lines\" aria-hidden=\"true\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.25\" stroke-linecap=\"square\">\n");
    let arms = line_style::arms(layout);
    let mut order: Vec<usize> = (0..layout.frames.len()).collect();
    order.sort_by_key(|&f| std::cmp::Reverse(layout.frames[f].area()));
    for f in order {
        outline::frame(&mut svg, c, &layout.frames[f], arms.as_ref());
    }
    strokes(&mut svg, c, layout, arms.as_ref());
    for &(row, col, glyph) in &layout.diagonals {
        diagonal(&mut svg, c, row, col, glyph);
    }
    svg.push_str("</g>\n<g class=\"dg-arrows\" aria-hidden=\"true\" fill=\"currentColor\" stroke=\"currentColor\" stroke-width=\"1.25\">\n");
    for arrow in &layout.arrows {
        arrowhead(&mut svg, c, layout, arrow);
    }
    svg.push_str("</g>\n<g class=\"dg-text\" fill=\"currentColor\">\n");
    texts(&mut svg, c, layout, words, link);
    svg.push_str("</g>\n</svg>");
    svg
}

pub(crate) fn stroke_attrs(weight: Weight, dashes: u8) -> String {
    let mut attrs = String::new();
    if weight == Weight::Heavy {
        attrs.push_str(" stroke-width=\"2.5\"");
    }
    match dashes {
        0 => return attrs,
        2 => attrs.push_str(" stroke-dasharray=\"4 3\""),
        3 => attrs.push_str(" stroke-dasharray=\"3 2\""),
        _ => attrs.push_str(" stroke-dasharray=\"2 1.5\""),
    }
    // Square caps would grow each dash by the stroke's width and close the gaps.
    attrs.push_str(" stroke-linecap=\"butt\"");
    attrs
}

/// Strokes grouped by style, one path each, rounded corners with the plain ones; double
/// strokes as pairs in a path of their own. A loose end next to a frame reaches to the
/// frame's line, as the eye joins it in the text.
fn strokes(svg: &mut String, c: Cell, layout: &Layout, arms: Option<&Arms>) {
    let mut styles: Vec<(Weight, u8)> = layout
        .strokes
        .iter()
        .map(|s| (s.weight, s.dashes))
        .collect();
    styles.sort();
    styles.dedup();
    let mut double = Segments::default();
    for (weight, dashes) in styles {
        let mut d = String::new();
        for s in layout
            .strokes
            .iter()
            .filter(|s| s.weight == weight && s.dashes == dashes)
        {
            let span = stroke_span(c, layout, s);
            if weight == Weight::Double {
                line_style::double_stroke(&mut double, c, s, span, arms);
                continue;
            }
            let (from, to) = line_style::stroke_ends(c, layout, s, span, arms);
            if s.horizontal {
                let _ = write!(d, "M{} {}H{}", num(from), num(c.y(s.line)), num(to));
            } else {
                let _ = write!(d, "M{} {}V{}", num(c.x(s.line)), num(from), num(to));
            }
        }
        let rounded = weight == Weight::Light && dashes == 0 && !layout.arcs.is_empty();
        if let (true, Some(arms)) = (rounded, arms) {
            for &(row, col) in &layout.arcs {
                let cell = arms.get(&(row, col)).copied().unwrap_or_default();
                line_style::connector_arc(&mut d, c, &cell, row, col);
            }
        }
        if !d.is_empty() {
            let _ = writeln!(
                svg,
                "<path class=\"{}\" d=\"{d}\"{}/>",
                line_style::class("dg-connector", weight, dashes, rounded),
                stroke_attrs(weight, dashes)
            );
        }
    }
    if !double.is_empty() {
        let _ = writeln!(
            svg,
            "<path class=\"dg-connector dg-double\" d=\"{}\"/>",
            double.path()
        );
    }
}

/// Where a stroke starts and ends along its line, reaching into a frame's edge or an
/// arrowhead's base where it stops at one.
fn stroke_span(c: Cell, layout: &Layout, s: &Stroke) -> (f32, f32) {
    let unit = if s.horizontal {
        c.width / 2.0
    } else {
        c.height / 2.0
    };
    let mut from = PAD + s.from as f32 * unit;
    let mut to = PAD + s.to as f32 * unit;
    let cell_at = |cell: usize| {
        if s.horizontal {
            (s.line, cell)
        } else {
            (cell, s.line)
        }
    };
    let arrow_at =
        |(row, col): (usize, usize)| layout.arrows.iter().find(|a| (a.row, a.col) == (row, col));
    // Only ends on a cell edge are loose ends (odd units end mid-cell, at a junction).
    if s.from % 2 == 0 && s.from > 0 {
        let (row, col) = cell_at(s.from / 2 - 1);
        if on_frame(layout, row, col) || layout.meets(row, col, s.horizontal) {
            from -= unit;
        }
        if let Some(arrow) = arrow_at((row, col)) {
            let (_, tip) = arrow_span(c, layout, arrow);
            if (arrow.dir == LEFT && s.horizontal) || (arrow.dir == UP && !s.horizontal) {
                from = from.min(tip + HEAD);
            }
        }
    }
    if s.to % 2 == 0 {
        let (row, col) = cell_at(s.to / 2);
        if on_frame(layout, row, col) || layout.meets(row, col, s.horizontal) {
            to += unit;
        } else if let Some(arrow) = arrow_at((row, col)) {
            // Run the shaft through the arrow's cell to the base of its head.
            let (start, tip) = arrow_span(c, layout, arrow);
            if (arrow.dir == RIGHT && s.horizontal) || (arrow.dir == DOWN && !s.horizontal) {
                to = to.max(tip - HEAD).max(start);
            }
        }
    }
    (from, to)
}

fn on_frame(layout: &Layout, row: usize, col: usize) -> bool {
    layout.frames.iter().any(|f| f.on_perimeter(row, col))
}

/// Along the arrow's axis: where its cell starts (the shaft side) and where its tip is,
/// on the line of a frame it points at.
fn arrow_span(c: Cell, layout: &Layout, a: &Arrow) -> (f32, f32) {
    let horizontal = matches!(a.dir, RIGHT | LEFT);
    let forward = matches!(a.dir, RIGHT | DOWN);
    let (cell, size) = if horizontal {
        (a.col, c.width)
    } else {
        (a.row, c.height)
    };
    let start = PAD + (cell + usize::from(!forward)) as f32 * size;
    let tip = match step(a.row, a.col, a.dir) {
        Some((r, col)) if on_frame(layout, r, col) || layout.meets(r, col, horizontal) => {
            if horizontal {
                c.x(col)
            } else {
                c.y(r)
            }
        }
        _ if forward => start + size,
        _ => start - size,
    };
    (start, tip)
}

fn arrowhead(svg: &mut String, c: Cell, layout: &Layout, a: &Arrow) {
    let (_, tip) = arrow_span(c, layout, a);
    let half = 4.0;
    let points = match a.dir {
        RIGHT | LEFT => {
            let base = if a.dir == RIGHT {
                tip - HEAD
            } else {
                tip + HEAD
            };
            let y = c.y(a.row);
            [(base, y - half), (tip, y), (base, y + half)]
        }
        _ => {
            let base = if a.dir == DOWN {
                tip - HEAD
            } else {
                tip + HEAD
            };
            let x = c.x(a.col);
            [(x - half, base), (x, tip), (x + half, base)]
        }
    };
    let pts: Vec<String> = points
        .iter()
        .map(|(x, y)| format!("{},{}", num(*x), num(*y)))
        .collect();
    let _ = writeln!(
        svg,
        "<polygon class=\"dg-arrow\" points=\"{}\"/>",
        pts.join(" ")
    );
}

fn diagonal(svg: &mut String, cell: Cell, row: usize, col: usize, c: char) {
    let (x0, y0) = (
        PAD + col as f32 * cell.width,
        PAD + row as f32 * cell.height,
    );
    let (x1, y1) = (x0 + cell.width, y0 + cell.height);
    let mut d = String::new();
    if c != '╲' {
        let _ = write!(d, "M{} {}L{} {}", num(x0), num(y1), num(x1), num(y0));
    }
    if c != '╱' {
        let _ = write!(d, "M{} {}L{} {}", num(x0), num(y0), num(x1), num(y1));
    }
    let _ = writeln!(svg, "<path class=\"dg-diagonal\" d=\"{d}\"/>");
}

/// Text runs; a frame whose name has a link links as a whole, otherwise each run that
/// has one links on its own. Text outside links is hidden from screen readers, which
/// get the description instead.
fn texts(svg: &mut String, c: Cell, layout: &Layout, words: &Words, link: Link) {
    let mut done = vec![false; layout.texts.len()];
    for (f, frame) in layout.frames.iter().enumerate() {
        let Some(href) = link(&words.names[f]).filter(|_| !words.names[f].is_empty()) else {
            continue;
        };
        let _ = writeln!(
            svg,
            "<a class=\"dg-link\" href=\"{}\" aria-label=\"{}\">",
            escape(&href),
            escape(&words.names[f])
        );
        let (x0, y0) = (c.x(frame.left), c.y(frame.top));
        let _ = writeln!(
            svg,
            "<rect class=\"dg-hit\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"transparent\"/>",
            num(x0),
            num(y0),
            num(c.x(frame.right) - x0),
            num(c.y(frame.bottom) - y0)
        );
        for (t, run) in layout.texts.iter().enumerate() {
            if layout.text_owner[t] == Some(f) {
                text(svg, c, run, true);
                done[t] = true;
            }
        }
        svg.push_str("</a>\n");
    }
    for (t, run) in layout.texts.iter().enumerate() {
        if done[t] {
            continue;
        }
        match link(&run.text) {
            Some(href) => {
                let _ = write!(
                    svg,
                    "<a class=\"dg-link\" href=\"{}\" aria-label=\"{}\">",
                    escape(&href),
                    escape(&run.text)
                );
                text(svg, c, run, false);
                svg.push_str("</a>\n");
            }
            None => text(svg, c, run, true),
        }
    }
}

fn text(svg: &mut String, c: Cell, run: &TextRun, hidden: bool) {
    let adjust = if run.fit < run.width {
        " lengthAdjust=\"spacingAndGlyphs\""
    } else {
        ""
    };
    let _ = writeln!(
        svg,
        "<text x=\"{}\" y=\"{}\" textLength=\"{}\"{adjust}{}>{}</text>",
        num(PAD + run.col as f32 * c.width),
        num(PAD + run.row as f32 * c.height + c.height * 0.72),
        num(run.fit as f32 * c.width),
        if hidden { " aria-hidden=\"true\"" } else { "" },
        escape(&run.text)
    );
}

/// Numbers without a trailing `.0`, at most two decimals: compact and stable.
pub(crate) fn num(value: f32) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    if rounded.fract() == 0.0 {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded}")
    }
}

//! A frame is drawn whole and closed, or not drawn as a frame: rows whose border sits
//! far off (wide characters an editor counted as one column each), rows that stop short
//! and borders that could be two bars, among frames that are drawn right. Checked on the
//! SVG itself: every frame outline is a closed loop, and no stray stroke is left over.

#![allow(clippy::unwrap_used)]

use boxart_svg::{Error, NoteKind, Options, render};

/// The frames an SVG draws, each checked closed: a `<rect>`, or four `<path>` sides
/// that run corner to corner around one rectangle.
fn closed_frames(svg: &str) -> usize {
    let attr = |el: &str, name: &str| -> String {
        let start = el.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
        el[start..].split('"').next().unwrap().to_string()
    };
    let mut frames = 0;
    let mut sides: Vec<[f32; 4]> = Vec::new();
    for el in svg.split('<').filter(|e| e.contains("class=\"dg-frame\"")) {
        if el.starts_with("rect") {
            let w: f32 = attr(el, "width").parse().unwrap();
            let h: f32 = attr(el, "height").parse().unwrap();
            assert!(w > 0.0 && h > 0.0, "{el}");
            frames += 1;
            continue;
        }
        let d = attr(el, "d");
        let nums: Vec<f32> = d
            .split(['M', 'L', ' '])
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().unwrap())
            .collect();
        sides.push([nums[0], nums[1], nums[2], nums[3]]);
    }
    assert_eq!(
        sides.len() % 4,
        0,
        "a frame drawn with a side missing:\n{svg}"
    );
    for four in sides.chunks(4) {
        for i in 0..4 {
            let (a, b) = (four[i], four[(i + 1) % 4]);
            assert_eq!(
                (a[2], a[3]),
                (b[0], b[1]),
                "a frame's sides do not meet:\n{svg}"
            );
            assert!(
                a[0] == a[2] || a[1] == a[3],
                "a side is not straight:\n{svg}"
            );
        }
        frames += 1;
    }
    frames
}

/// The art drawn with `frames` closed frames, nothing else stroked, and read whole.
fn drawn_closed(source: &str, frames: usize) -> Vec<boxart_svg::Note> {
    let drawing = render(source, &Options::default()).unwrap_or_else(|e| panic!("{e}\n{source}"));
    let svg = drawing.svg("d", &|_| None);
    assert_eq!(closed_frames(&svg), frames, "{source}\n{svg}");
    assert!(
        !svg.contains("dg-connector"),
        "a stray stroke:\n{source}\n{svg}"
    );
    assert_eq!(drawing.rebuild().unwrap(), source);
    drawing.notes()
}

/// Three frames, the first labelled with `n` wide characters its author's editor counted
/// as one column each: its right border, and the frame beside it, sit `n` columns right.
fn wide_label(n: usize, label: &str) -> String {
    let wide: String = label.chars().cycle().take(n).collect();
    let inner = "─".repeat(n + 2);
    [
        format!("┌{inner}┐  ┌────┐"),
        format!("│ {wide} │  │ ok │"),
        format!("└{inner}┘  └────┘"),
        format!("┌{inner}┐"),
        format!("│ {} │", "x".repeat(n)),
        format!("└{inner}┘"),
    ]
    .join("\n")
}

#[test]
fn wide_rows_far_off_are_repaired_among_other_frames() {
    for label in ["数据", "🚀"] {
        for n in 2..=6 {
            let source = wide_label(n, label);
            let notes = drawn_closed(&source, 3);
            // The fault is the border as written, after the label's 2n display columns.
            let column = 3 + 2 * n;
            assert_eq!(notes.len(), 1, "{source}\n{notes:?}");
            assert_eq!((notes[0].row, notes[0].column), (1, column), "{source}");
            assert_eq!(
                notes[0].kind,
                NoteKind::MovedBorder {
                    columns: n as isize
                },
                "{source}"
            );
        }
    }
}

#[test]
fn a_wide_label_moved_back_into_its_box_is_condensed_not_crossing_it() {
    let drawing = render(&wide_label(4, "数据"), &Options::default()).unwrap();
    let layout = drawing.layout();
    let label = &layout.texts[0];
    assert_eq!(layout.frames.len(), 3);
    assert_eq!(label.text, "数据数据");
    assert!(label.fit < label.width, "{label:?}");
    assert!(label.col + label.fit <= layout.frames[0].right, "{label:?}");
}

#[test]
fn a_row_that_stops_short_is_not_drawn_as_a_broken_frame() {
    let source = "┌──────┐  ┌────┐\n│ ab   │  │ ok │\n│ a\n└──────┘  └────┘";
    let error = render(source, &Options::default()).unwrap_err();
    assert_eq!(error, Error::BrokenEdge { row: 2 });
}

#[test]
fn a_border_that_could_be_two_bars_is_not_drawn_as_a_broken_frame() {
    let source = "┌──────┐    ┌────┐\n│ 数据据 │x│  │ ok │\n└──────┘    └────┘";
    let error = render(source, &Options::default()).unwrap_err();
    assert_eq!(error, Error::BrokenEdge { row: 1 });
}

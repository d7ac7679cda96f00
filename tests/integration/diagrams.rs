//! The guide's diagrams as the renderer reads them: frames, flows, words and SVG, the
//! round trip back to the source, and a raster of every SVG.

use std::fmt::Write as _;

use boxart_svg::{Drawing, Node};

use crate::support::*;

fn read(source: &str) -> Drawing {
    boxart_svg::render(source, &Default::default()).unwrap_or_else(|e| panic!("{e}\n{source}"))
}

/// The SVG as guidebook draws it, with no concept links.
fn svg(source: &str) -> String {
    read(source).svg("d", &|_| None)
}

/// A reading in words a reviewer can check against the drawing.
fn summary(reading: &Drawing) -> String {
    let (layout, words) = (reading.layout(), reading.words());
    let mut out = String::new();
    for (i, f) in layout.frames.iter().enumerate() {
        let parent =
            layout.frame_parent[i].map_or(String::new(), |p| format!(" in {:?}", words.names[p]));
        let _ = writeln!(
            out,
            "frame rows {}-{} cols {}-{}: {:?} label {:?}{parent}",
            f.top, f.bottom, f.left, f.right, words.names[i], words.labels[i]
        );
    }
    let node = |n: &Node| match n {
        Node::Frame(f) => words.names[*f].clone(),
        Node::Text(t) => format!("text {:?}", layout.texts[*t].text),
    };
    for e in &layout.edges {
        let caption = e.caption.map_or(String::new(), |c| {
            format!(" captioned {:?}", layout.texts[c].text)
        });
        let _ = writeln!(out, "edge {} -> {}{caption}", node(&e.from), node(&e.to));
    }
    for r in &layout.alignment.repairs {
        let _ = writeln!(
            out,
            "repair row {} col {}: {:?} by {}",
            r.row, r.col, r.kind, r.delta
        );
    }
    let _ = writeln!(out, "title: {}", words.title);
    let _ = writeln!(out, "description: {}", words.description);
    out
}

#[test]
fn every_guide_diagram_is_read_and_described() {
    let diagrams = guide_diagrams();
    assert_eq!(
        diagrams.len(),
        5,
        "{:?}",
        diagrams.iter().map(|d| &d.0).collect::<Vec<_>>()
    );
    for (file, source) in &diagrams {
        let reading = read(source);
        let name = file.trim_end_matches(".md").replace('/', "__");
        insta::assert_snapshot!(format!("{name}__reading"), summary(&reading));
        insta::assert_snapshot!(format!("{name}__svg"), svg(source));
    }
}

#[test]
fn question_one_reads_as_the_pipeline_it_draws() {
    let (_, source) = guide_diagrams()
        .into_iter()
        .find(|(f, _)| f.ends_with("real-time-analytics.md"))
        .unwrap();
    let reading = read(&source);
    assert_eq!(
        reading.words().description,
        "Sources → Kafka → Flink/Spark Streaming → OLAP, Alerts, Data Lake; OLAP → Dashboard"
    );
    let labels = reading.words().labels.join(" | ");
    for label in [
        "(ClickHouse Druid)",
        "(PagerDuty)",
        "(S3/Delta)",
        "(Apps,IoT)",
    ] {
        assert!(labels.contains(label), "{label} lost from {labels}");
    }
    let condensed: Vec<&str> = reading
        .layout()
        .texts
        .iter()
        .filter(|t| t.fit < t.width)
        .map(|t| t.text.as_str())
        .collect();
    assert_eq!(condensed, ["(ClickHouse", "(PagerDuty)"]);
}

#[test]
fn every_guide_diagram_round_trips_to_its_source() {
    for (file, source) in guide_diagrams() {
        let reading = read(&source);
        assert_eq!(reading.rebuild().unwrap(), source, "{file}");
    }
}

/// A border drawn two columns right with a label after it: repaired, the label sits
/// just inside the box, and the source comes back with the border where it was.
#[test]
fn a_moved_border_keeps_the_label_after_it() {
    let source = "┌────────┐\n│ Name   │\n  │(Note)│\n└────────┘\n";
    let reading = read(source);
    let layout = reading.layout();
    let note = layout.texts.iter().find(|t| t.text == "(Note)").unwrap();
    assert_eq!((note.row, note.col), (2, 1));
    assert!(layout.frames[0].contains(note.row, note.col));
    assert_eq!(layout.alignment.repairs.len(), 2, "{:?}", layout.alignment);
    assert_eq!(reading.rebuild().unwrap(), source);
}

/// Heavy dashed and double frames: every element valid (one class attribute each), and
/// dashes drawn with butt caps so their gaps stay open at a heavy stroke's width.
#[test]
fn dashed_and_double_frames_draw_as_written() {
    for art in ["┏┅┅┅┅┓\n┇ ab ┇\n┗┅┅┅┅┛", "╔════╗\n║ ab ║\n╚════╝"]
    {
        let svg = svg(art);
        for tag in svg.split('<').filter(|t| !t.starts_with('/')) {
            assert!(tag.matches(" class=").count() <= 1, "{tag}");
            if tag.contains("stroke-dasharray") {
                assert!(tag.contains("stroke-linecap=\"butt\""), "{tag}");
            }
        }
        assert!(svg.contains("dg-frame"), "{svg}");
    }
    assert!(svg("┏┅┅┅┅┓\n┇ ab ┇\n┗┅┅┅┅┛").contains("stroke-dasharray"));
}

#[test]
fn every_svg_renders_with_ink_inside_each_frame() {
    let mut options = resvg::usvg::Options::default();
    options.fontdb_mut().load_system_fonts();
    assert!(
        !options.fontdb.is_empty(),
        "no system fonts for the raster test: install fonts-dejavu-core"
    );
    for (file, source) in guide_diagrams() {
        let reading = read(&source);
        let svg = svg(&source);
        let tree =
            resvg::usvg::Tree::from_str(&svg, &options).unwrap_or_else(|e| panic!("{file}: {e}"));
        let size = tree.size().to_int_size();
        let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height()).unwrap();
        resvg::render(
            &tree,
            resvg::tiny_skia::Transform::default(),
            &mut pixmap.as_mut(),
        );
        let ink = |x0: f32, y0: f32, x1: f32, y1: f32| {
            let mut count = 0;
            for y in y0 as u32..y1 as u32 {
                for x in x0 as u32..x1 as u32 {
                    if pixmap.pixel(x, y).is_some_and(|p| p.alpha() > 96) {
                        count += 1;
                    }
                }
            }
            count
        };
        assert!(
            ink(0.0, 0.0, size.width() as f32, size.height() as f32) > 500,
            "{file}: blank"
        );
        for (i, f) in reading.layout().frames.iter().enumerate() {
            // The frame's interior, one cell in from its lines (cells are 8 by 16, 8 of padding).
            let (x0, y0) = (
                8.0 + (f.left + 1) as f32 * 8.0,
                8.0 + (f.top + 1) as f32 * 16.0,
            );
            let (x1, y1) = (8.0 + f.right as f32 * 8.0, 8.0 + f.bottom as f32 * 16.0);
            assert!(
                ink(x0, y0, x1, y1) > 20,
                "{file}: frame {:?} is empty",
                reading.words().names[i]
            );
        }
    }
}

/// The vertical strokes of a reading as (column, first half row, end half row).
fn verticals(reading: &Drawing) -> Vec<(usize, usize, usize)> {
    reading
        .layout()
        .strokes
        .iter()
        .filter(|s| !s.horizontal)
        .map(|s| (s.line, s.from, s.to))
        .collect()
}

/// A port `┬` with the frame edge below it crossed one column to its left, and the line
/// going on from there: the line is moved under the port, drawn as one stroke from the
/// port to the arrowhead, the move is noted on each row, and the source comes back.
#[test]
fn a_line_drawn_off_its_port_is_moved_under_it() {
    let source = "\
┌────────────┐
│ ┌──────┐   │
│ │  A   │   │
│ └──┬───┘   │
└───┼────────┘
    │
    ▼
┌─────────┐
│    B    │
└─────────┘";
    let reading = read(source);
    let layout = reading.layout();
    // From the bottom half of the port's row 3 to the top half of the arrow's row 6.
    assert_eq!(verticals(&reading), [(5, 7, 12)], "{:?}", layout.strokes);
    let arrow = &layout.arrows[0];
    assert_eq!((arrow.row, arrow.col), (6, 5));
    let moved: Vec<(usize, usize, isize)> = layout
        .alignment
        .repairs
        .iter()
        .map(|r| (r.row, r.col, r.delta))
        .collect();
    assert_eq!(moved, [(4, 4, -1), (5, 4, -1), (6, 4, -1)]);
    assert_eq!(reading.words().description, "A → B");
    assert_eq!(reading.rebuild().unwrap(), source);
    let note = &reading.notes()[0];
    assert_eq!((note.row, note.column), (4, 4));
    assert_eq!(
        note.kind.to_string(),
        "the vertical line is 1 column left of the line it continues; drew it in line"
    );
    let svg = reading.svg("d", &|_| None);
    // One path: the line alone, port to arrowhead.
    assert!(svg.contains(r#"d="M52 64V121""#), "{svg}");
}

/// A line that could go on into either of two is not guessed at: shown as text.
#[test]
fn a_line_that_could_join_two_is_shown_as_text() {
    let source = " ┌───┐\n └─┬─┘\n  │ │\n  ▼ ▼\n ┌───┐\n └───┘";
    assert_eq!(
        boxart_svg::render(source, &Default::default()).unwrap_err(),
        boxart_svg::Error::LineCouldJoinTwo { row: 2 }
    );
}

/// The feature store's jobs feed it through its frame's edge, drawn a column or two off
/// their ports: each is one line from its port to its arrowhead, none drawn twice.
#[test]
fn the_feature_store_connectors_are_single_lines() {
    let (_, source) = guide_diagrams()
        .into_iter()
        .find(|(f, _)| f.ends_with("feature-store.md"))
        .unwrap();
    let reading = read(&source);
    let strokes = verticals(&reading);
    for arrow in reading.layout().arrows.iter().filter(|a| a.row == 9) {
        let into: Vec<_> = strokes
            .iter()
            .filter(|s| s.0 == arrow.col && s.2 == 2 * arrow.row)
            .collect();
        // From the bottom half of the ports' row 6.
        assert_eq!(into, [&(arrow.col, 13, 18)], "{strokes:?}");
    }
    for a in &strokes {
        for b in &strokes {
            let beside = a != b && a.0.abs_diff(b.0) <= 2;
            assert!(!(beside && a.1 < b.2 && b.1 < a.2), "doubled: {a:?} {b:?}");
        }
    }
}

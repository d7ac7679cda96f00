//! Line styles as a reader sees them: rounded corners drawn round, double lines as two
//! parallel strokes that turn and branch as the glyphs do, dashed lines dashed, heavy
//! lines thicker; each element styled by classes a theme can target. Geometry is read
//! back from the SVG's path data; one small diagram of each style is snapshotted in
//! `tests/styles/` (rewrite them with `BOXART_BLESS=1` after an intended change).

#![allow(clippy::unwrap_used)]

use std::path::Path;

use boxart_svg::Options;

/// How far each stroke of a double line lies from the line's centre.
const GAP: f32 = 1.75;

fn svg(art: &str) -> String {
    let drawing = boxart_svg::render(art, &Options::default()).unwrap();
    // The text alternative is the source, whatever the style.
    assert_eq!(drawing.rebuild().unwrap(), art);
    drawing.svg("d", &|_| None)
}

/// The elements whose class list starts with `class`.
fn elements<'a>(svg: &'a str, class: &str) -> Vec<&'a str> {
    let wanted = format!("class=\"{class}");
    svg.lines().filter(|l| l.contains(&wanted)).collect()
}

fn attr<'a>(element: &'a str, name: &str) -> &'a str {
    let start = element.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
    let len = element[start..].find('"').unwrap();
    &element[start..start + len]
}

/// A straight piece of path: horizontal or not, the line it runs on, from, to.
type Piece = (bool, f32, f32, f32);

/// The straight pieces of `M x yHx`, `M x yVy` and `M x yLx y` path data.
fn pieces(d: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    for part in d.split('M').filter(|p| !p.is_empty()) {
        let (start, end) = part.split_once(['H', 'V', 'L']).unwrap();
        let number = |s: &str| s.parse::<f32>().unwrap();
        let (x, y) = start.split_once(' ').unwrap();
        let (x, y) = (number(x), number(y));
        let (x1, y1) = match &part[start.len()..start.len() + 1] {
            "H" => (number(end), y),
            "V" => (x, number(end)),
            _ => {
                let (a, b) = end.split_once(' ').unwrap();
                (number(a), number(b))
            }
        };
        out.push(if y == y1 {
            (true, y, x.min(x1), x.max(x1))
        } else {
            (false, x, y.min(y1), y.max(y1))
        });
    }
    out
}

/// The pieces of every element of `class`, joined where they meet end to end.
fn lines(svg: &str, class: &str) -> Vec<Piece> {
    let mut all: Vec<Piece> = (elements(svg, class).iter())
        .flat_map(|e| pieces(attr(e, "d")))
        .collect();
    all.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let mut joined: Vec<Piece> = Vec::new();
    for p in all {
        match joined.last_mut() {
            Some(last) if (last.0, last.1) == (p.0, p.1) && p.2 <= last.3 + 0.01 => {
                last.3 = last.3.max(p.3)
            }
            _ => joined.push(p),
        }
    }
    joined
}

/// A box from (x0, y0) to (x1, y1) as four pieces, in the order `lines` sorts them.
fn outline(x0: f32, y0: f32, x1: f32, y1: f32) -> [Piece; 4] {
    [
        (false, x0, y0, y1),
        (false, x1, y0, y1),
        (true, y0, x0, x1),
        (true, y1, x0, x1),
    ]
}

fn sorted(mut pieces: Vec<Piece>) -> Vec<Piece> {
    pieces.sort_by(|a, b| a.partial_cmp(b).unwrap());
    pieces
}

#[test]
fn a_rounded_box_has_curved_corners() {
    let svg = svg("╭──╮\n│a │\n╰──╯");
    let frame = elements(&svg, "dg-frame");
    assert_eq!(frame.len(), 1, "{svg}");
    assert!(attr(frame[0], "class").contains("dg-rounded"), "{svg}");
    assert_eq!(attr(frame[0], "d").matches('Q').count(), 4, "{svg}");
}

#[test]
fn a_rounded_table_curves_its_outer_corners_only() {
    let svg = svg("╭──┬──╮\n│a │b │\n╰──┴──╯");
    let curves: Vec<usize> = (elements(&svg, "dg-frame").iter())
        .map(|e| attr(e, "d").matches('Q').count())
        .collect();
    assert_eq!(curves, [2, 2], "{svg}");
}

#[test]
fn rounded_corners_stay_round_when_the_sides_are_dashed() {
    let svg = svg("╭──╮\n┆a ┆\n╰──╯");
    let d: String = (elements(&svg, "dg-frame").iter())
        .map(|e| attr(e, "d"))
        .collect();
    assert_eq!(d.matches('Q').count(), 4, "{svg}");
}

#[test]
fn a_rounded_connector_corner_is_a_curve_its_strokes_stop_short_of() {
    // ╰ is at column 1, row 3: its centre is (20, 64).
    let svg = svg("┌──┐\n│a │\n└┬─┘\n ╰──▶ x");
    let connector = elements(&svg, "dg-connector");
    assert_eq!(connector.len(), 1, "{svg}");
    let d = attr(connector[0], "d");
    assert!(d.contains("Q20 64 "), "{svg}");
    assert!(!d.contains("V64"), "the stroke runs into the corner: {svg}");
}

#[test]
fn a_double_box_is_two_parallel_outlines() {
    // Corners at (12, 16) and (36, 48): one outline GAP outside, one GAP inside.
    let svg = svg("╔══╗\n║a ║\n╚══╝");
    assert!(attr(elements(&svg, "dg-frame")[0], "class").contains("dg-double"));
    let mut want = outline(12.0 - GAP, 16.0 - GAP, 36.0 + GAP, 48.0 + GAP).to_vec();
    want.extend(outline(12.0 + GAP, 16.0 + GAP, 36.0 - GAP, 48.0 - GAP));
    assert_eq!(lines(&svg, "dg-frame"), sorted(want), "{svg}");
    assert!(
        !svg.contains("stroke-width=\"3.5\""),
        "one thick bar: {svg}"
    );
}

#[test]
fn double_junctions_open_the_stroke_a_line_branches_from() {
    // ╦ and ╩ at x = 36: the outer strokes run through, the inner ones turn down and up.
    let svg = svg("╔══╦══╗\n║a ║b ║\n╚══╩══╝");
    let (l, m, r, t, b) = (12.0, 36.0, 60.0, 16.0, 48.0);
    let mut want = vec![
        (true, t - GAP, l - GAP, r + GAP),
        (true, b + GAP, l - GAP, r + GAP),
        (false, l - GAP, t - GAP, b + GAP),
        (false, r + GAP, t - GAP, b + GAP),
    ];
    want.extend(outline(l + GAP, t + GAP, m - GAP, b - GAP));
    want.extend(outline(m + GAP, t + GAP, r - GAP, b - GAP));
    assert_eq!(lines(&svg, "dg-frame"), sorted(want), "{svg}");
}

#[test]
fn a_double_cross_leaves_its_centre_open() {
    let svg = svg("╔══╦══╗\n║a ║b ║\n╠══╬══╣\n║c ║d ║\n╚══╩══╝");
    // Nothing crosses the gap around ╬ at (36, 48).
    for (horizontal, at, from, to) in lines(&svg, "dg-frame") {
        let (across, along) = if horizontal {
            (48.0, 36.0)
        } else {
            (36.0, 48.0)
        };
        if (at - across).abs() < GAP + 0.01 {
            assert!(
                to <= along - GAP + 0.01 || from >= along + GAP - 0.01,
                "{svg}"
            );
        }
    }
}

#[test]
fn single_lines_meet_double_ones_at_their_strokes() {
    // ╤ at (20, 48): the line down starts at the outer stroke, not in the gap.
    let branch = svg("╔══╗\n║a ║\n╚╤═╝\n │\n ▼\n x");
    let down = pieces(attr(elements(&branch, "dg-connector")[0], "d"));
    assert_eq!(down[0].2, 48.0 + GAP, "{branch}");
    // ╒ ╕ ╘ ╛: the single sides reach the outer strokes of the double ones.
    let mixed = svg("╒══╕\n│a │\n╘══╛");
    let sides: Vec<Piece> = lines(&mixed, "dg-frame")
        .into_iter()
        .filter(|p| !p.0)
        .collect();
    assert_eq!(
        sides,
        [
            (false, 12.0, 16.0 - GAP, 48.0 + GAP),
            (false, 36.0, 16.0 - GAP, 48.0 + GAP)
        ],
        "{mixed}"
    );
}

#[test]
fn a_double_connector_is_two_strokes_to_its_arrowhead() {
    let svg = svg("┌──┐   ┌──┐\n│a │══▶│b │\n└──┘   └──┘");
    let connector = elements(&svg, "dg-connector");
    assert_eq!(attr(connector[0], "class"), "dg-connector dg-double");
    let strokes = lines(&svg, "dg-connector");
    assert_eq!(strokes.len(), 2, "{svg}");
    assert_eq!((strokes[0].1, strokes[1].1), (32.0 - GAP, 32.0 + GAP));
}

#[test]
fn dashed_and_heavy_lines_carry_their_style() {
    let svg = svg("┏━━┓\n┃a ┣━━┄┄┄▶ b\n┗━━┛\n┌╌╌╌┐\n╎ c ╎\n└╌╌╌┘");
    let dashed: Vec<&str> = svg.lines().filter(|l| l.contains("dg-dashed")).collect();
    assert_eq!(dashed.len(), 2, "{svg}");
    for element in dashed {
        assert!(element.contains("stroke-dasharray"), "{element}");
    }
    let heavy: Vec<&str> = svg.lines().filter(|l| l.contains("dg-heavy")).collect();
    assert_eq!(heavy.len(), 2, "{svg}");
    for element in heavy {
        assert_eq!(attr(element, "stroke-width"), "2.5", "{element}");
    }
}

#[test]
fn plain_lines_get_no_style_class() {
    let svg = svg("┌───┐   ┌───┐\n│ A │──▶│ B │\n└─┬─┘   └───┘\n  └──▶ C");
    for class in ["dg-heavy", "dg-double", "dg-dashed", "dg-rounded"] {
        assert!(!svg.contains(class), "{svg}");
    }
    assert!(svg.contains("<rect class=\"dg-frame\" x=\"12\""), "{svg}");
}

/// One diagram of each style, as a snapshot a reviewer can open in a browser.
const SNAPSHOTS: [(&str, &str); 5] = [
    (
        "rounded",
        "╭──────╮   ╭───╮\n│ Edge │──▶│ A │\n╰──┬───╯   ╰───╯\n   ╰──▶ Audit",
    ),
    (
        "double",
        "╔═══════╦═════╗\n║ Ingest║Store╟──▶ Query\n╠═══════╬═════╣\n║ a     ║ b   ║\n╚═══╤═══╩═════╝\n    ▼\n   Out",
    ),
    (
        "mixed",
        "╒═════╕   ╓─────╖\n│ one │══▶║ two ║\n╘═════╛   ╙─────╜",
    ),
    (
        "dashed",
        "┌┄┄┄┄┄┐    ┏┅┅┅┅┓\n┆ opt ┆╌╌╌▶┇ hv ┇\n└┄┄┄┄┄┘    ┗┅┅┅┅┛",
    ),
    (
        "heavy",
        "┏━━━━━━┓    ┌───┐\n┃ Core ┠───▶│ A │\n┗━━┯━━━┛    └───┘\n   ┃\n   ▼\n  Log",
    ),
];

#[test]
fn each_style_draws_as_snapshotted() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/styles");
    let bless = std::env::var_os("BOXART_BLESS").is_some();
    for (name, art) in SNAPSHOTS {
        let svg = svg(art) + "\n";
        let path = dir.join(format!("{name}.svg"));
        if bless {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &svg).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            want == svg,
            "{name}: the SVG differs from {} (BOXART_BLESS=1 rewrites it):\n{svg}",
            path.display()
        );
    }
}

#[test]
fn every_element_has_each_attribute_once() {
    for (_, art) in SNAPSHOTS {
        let svg = svg(art);
        for tag in svg.split('<').filter(|t| !t.starts_with('/')) {
            let tag = tag.split('>').next().unwrap();
            let mut names: Vec<&str> = (tag.split('"').step_by(2))
                .filter_map(|part| part.split_whitespace().last())
                .filter_map(|name| name.strip_suffix('='))
                .collect();
            let count = names.len();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), count, "{tag}");
        }
    }
}

//! Diagrams as people really draw them: hand-drawn box-drawing and ASCII art collected
//! from public repositories and documentation (`tests/fixtures/diagrams`, each file names
//! its source above a `---` line). For each one the text version must be the source, the
//! SVG is pinned, and the raster must show every frame the author drew either whole and
//! closed or not drawn as a frame at all: a frame drawn broken is caught here, not by eye.

use boxart_svg::{Drawing, Options};

use crate::support::*;

/// Cell size and padding of the SVG at `Options::default()`, in pixels at scale 1.
const CELL_W: i64 = 8;
const CELL_H: i64 = 16;
const PAD: i64 = 8;
/// A pixel counts as ink from this alpha: a 1.25-unit stroke covers its two pixels at
/// about 160.
const INK: u8 = 96;

struct Fixture {
    name: String,
    header: Vec<String>,
    source: String,
}

fn fixtures() -> Vec<Fixture> {
    let dir = fixture("diagrams");
    let mut found: Vec<Fixture> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let (header, art) = text
                .split_once("\n---\n")
                .unwrap_or_else(|| panic!("{}: no `---` after the header", path.display()));
            Fixture {
                name: path.file_stem().unwrap().to_string_lossy().into_owned(),
                header: header.lines().map(str::to_string).collect(),
                // As guidebook's cache keys a block: the newlines that end it are not art.
                source: art.trim_end_matches('\n').to_string(),
            }
        })
        .collect();
    found.sort_by(|a, b| a.name.cmp(&b.name));
    found
}

fn read(f: &Fixture) -> Result<Drawing, boxart_svg::Error> {
    boxart_svg::render(&f.source, &Options::default())
}

#[test]
fn the_corpus_is_varied_and_every_fixture_names_its_source() {
    let all = fixtures();
    assert!(all.len() >= 30, "only {} fixtures", all.len());
    for f in &all {
        assert!(
            f.header.iter().any(|l| l.starts_with("# source: ")),
            "{}: no `# source:` line",
            f.name
        );
        assert!(f.header.iter().all(|l| l.starts_with("# ")), "{}", f.name);
        assert!(!f.source.trim().is_empty(), "{}: no diagram", f.name);
    }
}

/// The text version a reader can switch to is the source, character for character: the
/// reading rebuilds it (tabs and all), so nothing drawn was lost or invented.
#[test]
fn every_fixture_text_version_is_its_source() {
    for f in fixtures() {
        if let Ok(drawing) = read(&f) {
            assert_eq!(drawing.rebuild().unwrap(), f.source, "{}", f.name);
        }
    }
}

#[test]
fn every_fixture_svg_is_pinned() {
    for f in fixtures() {
        let pinned = match read(&f) {
            Ok(drawing) => drawing.svg("d", &|_| None),
            Err(e) => format!("not drawn: {e}"),
        };
        insta::assert_snapshot!(f.name.clone(), pinned);
    }
}

#[test]
fn every_frame_is_drawn_closed_or_not_as_a_frame() {
    let raster = Raster::options();
    let broken: Vec<String> = fixtures()
        .into_iter()
        .filter_map(|f| frame_faults(&f, &raster).map(|why| format!("{}: {why}", f.name)))
        .collect();
    assert!(broken.is_empty(), "drawn broken:\n{}", broken.join("\n"));
}

/// Why a fixture is drawn broken, if it is: not drawn at all, or a frame with a gap or a
/// stray stroke beside it.
fn frame_faults(f: &Fixture, raster: &resvg::usvg::Options) -> Option<String> {
    let drawing = match read(f) {
        Ok(d) => d,
        Err(e) => return Some(format!("the whole diagram falls back to text: {e}")),
    };
    let lines = Raster::lines_only(&drawing.svg("d", &|_| None), raster);
    let faults: Vec<String> = frames_to_check(f, &drawing)
        .iter()
        .filter_map(|b| lines.fault(b))
        .collect();
    (!faults.is_empty()).then(|| faults.join("; "))
}

/// A frame's lines in grid cells, and which of its sides are drawn dashed.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Outline {
    top: usize,
    bottom: usize,
    left: usize,
    right: usize,
    /// Top, right, bottom, left.
    dashed: [bool; 4],
}

/// The frames the author drew (found in the source, with their ragged rows forgiven) and
/// the frames the renderer read, each once; where both name a frame, at the renderer's
/// columns (a repaired row moves its border to the frame's edge).
fn frames_to_check(f: &Fixture, drawing: &Drawing) -> Vec<Outline> {
    let read: Vec<Outline> = (drawing.layout().frames.iter())
        .map(|fr| Outline {
            top: fr.top,
            bottom: fr.bottom,
            left: fr.left,
            right: fr.right,
            dashed: [false; 4],
        })
        .collect();
    let mut boxes = Vec::new();
    for drawn in source_frames(&f.source) {
        let same = read.iter().find(|r| {
            (r.top, r.bottom, r.left) == (drawn.top, drawn.bottom, drawn.left)
                && r.right.abs_diff(drawn.right) <= 3
        });
        boxes.push(same.map_or(drawn, |r| Outline {
            dashed: drawn.dashed,
            ..*r
        }));
    }
    for r in read {
        if !boxes
            .iter()
            .any(|b| (b.top, b.bottom, b.left, b.right) == (r.top, r.bottom, r.left, r.right))
        {
            boxes.push(r);
        }
    }
    boxes
}

/// The source as display cells: tabs to the renderer's stops, a wide character then a
/// filler cell.
fn cells(source: &str) -> Vec<Vec<char>> {
    let options = Options::default();
    source
        .lines()
        .map(|line| {
            let mut row = Vec::new();
            for c in line.chars() {
                if c == '\t' {
                    let stop = options.tab_width.max(1);
                    row.extend(std::iter::repeat_n(' ', stop - row.len() % stop));
                    continue;
                }
                row.push(c);
                let width = boxart_svg::columns(&c.to_string(), &options);
                row.extend(std::iter::repeat_n('\0', width.saturating_sub(1)));
            }
            row
        })
        .collect()
}

const TOP_LEFT: &str = "┌┍┎┏╒╓╔╭+";
const TOP_RIGHT: &str = "┐┑┒┓╕╖╗╮+";
const BOTTOM_LEFT: &str = "└┕┖┗╘╙╚╰+";
const BOTTOM_RIGHT: &str = "┘┙┚┛╛╜╝╯+";
/// What a top or bottom edge is drawn with: lines, junctions where a connector leaves,
/// and arrowheads cut into the edge.
const ACROSS: &str = "─━═┄┅┈┉╌╍┬┴┼┯┷┿┰┸╂╤╧╪╥╨╫┳┻╋▼▲v^-=+";
/// What a left side is drawn with.
const DOWN: &str = "│┃║┆┇┊┋╎╏├┤┼┝┥┠┨┣┫╞╡╟╢╠╣╂╋╪╫▶◀►◄|+";
const DASHED: &str = "┄┅┆┇┈┉┊┋╌╍╎╏";

/// Frames as drawn in the source: a top edge from a corner to a corner, a left side down
/// to a bottom-left corner, and a bottom edge to the bottom-right corner under the top
/// one. The right side is not required to be straight: that is what a ragged frame gets
/// wrong, and what the raster then checks.
fn source_frames(source: &str) -> Vec<Outline> {
    let grid = cells(source);
    let at = |r: usize, c: usize| grid.get(r).and_then(|row| row.get(c)).copied();
    let mut frames = Vec::new();
    for (top, row) in grid.iter().enumerate() {
        for (left, &corner) in row.iter().enumerate() {
            if !TOP_LEFT.contains(corner) {
                continue;
            }
            let mut right = left + 1;
            while let Some(c) = at(top, right) {
                if TOP_RIGHT.contains(c)
                    && let Some(b) = close(&at, top, left, right)
                {
                    frames.push(b);
                    break;
                }
                if !ACROSS.contains(c) {
                    break;
                }
                right += 1;
            }
        }
    }
    frames
}

/// The frame with this top edge, if its left side and bottom edge close it.
fn close(
    at: &dyn Fn(usize, usize) -> Option<char>,
    top: usize,
    left: usize,
    right: usize,
) -> Option<Outline> {
    let ascii = at(top, left) == Some('+');
    let mut row = top + 1;
    loop {
        let c = at(row, left)?;
        if BOTTOM_LEFT.contains(c) && (c == '+') == ascii && row > top + 1 {
            let bottom_ok = (left + 1..right)
                .all(|col| at(row, col).is_some_and(|x| ACROSS.contains(x)))
                && at(row, right).is_some_and(|x| BOTTOM_RIGHT.contains(x));
            if bottom_ok {
                let side = |r: usize, c0: usize, c1: usize| {
                    (c0..=c1).any(|c| at(r, c).is_some_and(|x| DASHED.contains(x)))
                };
                let column =
                    |c: usize| (top..=row).any(|r| at(r, c).is_some_and(|x| DASHED.contains(x)));
                return Some(Outline {
                    top,
                    bottom: row,
                    left,
                    right,
                    dashed: [
                        side(top, left, right),
                        column(right),
                        side(row, left, right),
                        column(left),
                    ],
                });
            }
            if c != '+' && !DOWN.contains(c) {
                return None;
            }
        } else if !DOWN.contains(c) {
            return None;
        }
        row += 1;
    }
}

/// The lines of a drawing (frames, connectors, arrowheads; text left out), rasterized.
struct Raster {
    pixmap: resvg::tiny_skia::Pixmap,
}

impl Raster {
    fn options() -> resvg::usvg::Options<'static> {
        let mut options = resvg::usvg::Options::default();
        options.fontdb_mut().load_system_fonts();
        options
    }

    /// Text is drawn last in its own group: what comes before it is every line.
    fn lines_only(svg: &str, options: &resvg::usvg::Options) -> Raster {
        let cut = svg
            .find("<g class=\"dg-text\"")
            .unwrap_or(svg.len() - "</svg>".len());
        let svg = format!("{}</svg>", &svg[..cut]);
        let tree = resvg::usvg::Tree::from_str(&svg, options).unwrap();
        let size = tree.size().to_int_size();
        let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height()).unwrap();
        resvg::render(
            &tree,
            resvg::tiny_skia::Transform::default(),
            &mut pixmap.as_mut(),
        );
        Raster { pixmap }
    }

    fn ink(&self, x: i64, y: i64) -> bool {
        let (Ok(x), Ok(y)) = (u32::try_from(x), u32::try_from(y)) else {
            return false;
        };
        self.pixmap.pixel(x, y).is_some_and(|p| p.alpha() > INK)
    }

    /// Ink anywhere across `span` (perpendicular to the side) at step `at` along it.
    fn ink_across(&self, horizontal: bool, line: i64, at: i64, span: (i64, i64)) -> bool {
        (span.0..=span.1).any(|d| {
            if horizontal {
                self.ink(at, line + d)
            } else {
                self.ink(line + d, at)
            }
        })
    }

    /// Why this frame is drawn broken, if it is. A frame with hardly any line along its
    /// box is not drawn as a frame (shown as text, say): that is allowed.
    fn fault(&self, b: &Outline) -> Option<String> {
        let x = |col: usize| PAD + col as i64 * CELL_W + CELL_W / 2;
        let y = |row: usize| PAD + row as i64 * CELL_H + CELL_H / 2;
        let (x0, x1, y0, y1) = (x(b.left), x(b.right), y(b.top), y(b.bottom));
        // Side: horizontal?, its line, from, to, which way is inside (+1 or -1).
        let sides = [
            ("top", true, y0, x0, x1, 1),
            ("right", false, x1, y0, y1, -1),
            ("bottom", true, y1, x0, x1, -1),
            ("left", false, x0, y0, y1, 1),
        ];
        let mut inked = 0;
        let mut steps = 0;
        let mut faults = Vec::new();
        for (i, &(name, horizontal, line, from, to, inward)) in sides.iter().enumerate() {
            let mut gap = None;
            for at in from..to {
                // Near a corner the line may curve inward (a rounded corner).
                let near_corner = at - from < 7 || to - at < 7;
                let reach = if near_corner { 8 } else { 2 };
                let span = if inward > 0 { (-3, reach) } else { (-reach, 3) };
                steps += 1;
                if self.ink_across(horizontal, line, at, span) {
                    inked += 1;
                } else if gap.is_none() {
                    gap = Some(at);
                }
            }
            if let Some(at) = gap.filter(|_| !b.dashed[i]) {
                faults.push(format!("gap in the {name} side at pixel {at}"));
            }
            let outside = if inward > 0 { (-6, -3) } else { (3, 6) };
            if let Some(at) = self.stray(horizontal, line, from, to, outside) {
                faults.push(format!(
                    "a stroke runs beside the {name} side from pixel {at}"
                ));
            }
        }
        if inked * 100 < steps * 15 || faults.is_empty() {
            return None;
        }
        Some(format!(
            "frame rows {}-{} cols {}-{}: {}",
            b.top,
            b.bottom,
            b.left,
            b.right,
            faults.join(", ")
        ))
    }

    /// Where a stroke runs alongside a side just outside it: ink in the band for longer
    /// than a connector or an arrowhead crossing it would leave.
    fn stray(
        &self,
        horizontal: bool,
        line: i64,
        from: i64,
        to: i64,
        band: (i64, i64),
    ) -> Option<i64> {
        let mut run = 0;
        for at in from..to {
            if self.ink_across(horizontal, line, at, band) {
                run += 1;
                if run > 10 {
                    return Some(at - run + 1);
                }
            } else {
                run = 0;
            }
        }
        None
    }
}

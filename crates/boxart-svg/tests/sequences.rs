//! Sequence diagrams as people draw them: participants (boxes or bare names) with
//! lifelines below, messages between the lifelines in both directions, labels above the
//! messages, and self-messages. Each is read as flows between the participants, drawn
//! with its arrowhead on the lifeline, and rebuilt to its source exactly.

// A reading that cannot find what it drew should fail on the spot, loudly.
#![allow(clippy::unwrap_used)]

use boxart_svg::{Drawing, Node, Options};

fn read(source: &str) -> Drawing {
    let drawing =
        boxart_svg::render(source, &Options::default()).unwrap_or_else(|e| panic!("{e}\n{source}"));
    assert_eq!(drawing.rebuild().unwrap(), source);
    drawing
}

/// Each flow as "from → to (caption)".
fn flows(d: &Drawing) -> Vec<String> {
    let l = d.layout();
    let name = |n: Node| match n {
        Node::Frame(f) => d.words().names[f].clone(),
        Node::Text(t) => l.texts[t].text.clone(),
    };
    l.edges
        .iter()
        .map(|e| {
            let caption = e
                .caption
                .map_or(String::new(), |c| format!(" ({})", l.texts[c].text));
            format!("{} → {}{caption}", name(e.from), name(e.to))
        })
        .collect()
}

/// The y of a text's baseline in the SVG.
fn text_y(svg: &str, text: &str) -> f32 {
    let end = svg.find(&format!(">{text}</text>")).unwrap();
    let start = svg[..end].rfind("<text ").unwrap();
    let attr = &svg[start..end];
    let y = attr.split(" y=\"").nth(1).unwrap();
    y[..y.find('"').unwrap()].parse().unwrap()
}

// Bare names with `|` lifelines, messages with labels above. After the output shown in
// the README of mpech/seqDiag2Ascii (GitHub), without its alt/opt frames.
const BARE_NAMES: &str = "\
\x20        A                      B
         |                      |
         |   get me a coffee    |
         |--------------------->|
         |          no          |
         |<---------------------|
         |                      |";

#[test]
fn bare_names_with_ascii_lifelines() {
    let d = read(BARE_NAMES);
    assert_eq!(flows(&d), ["A → B (get me a coffee)", "B → A (no)"]);
    let svg = d.svg("s", &|_| None);
    // Cells are 8 by 16 with 8 of padding: column 9 is centred at x 84, 32 at 268; row 3
    // at y 64, row 5 at y 96. The shafts leave the lifeline's centre, the heads touch
    // the other lifeline's centre.
    assert!(svg.contains("M84 64H261"), "{svg}");
    assert!(svg.contains(r#"points="261,60 268,64 261,68""#), "{svg}");
    assert!(svg.contains("M91 96H268"), "{svg}");
    assert!(svg.contains(r#"points="91,92 84,96 91,100""#), "{svg}");
    // The lifelines are drawn, from under the names to the last row.
    assert!(svg.contains("M84 24V120"), "{svg}");
    assert!(svg.contains("M268 24V120"), "{svg}");
    // Labels sit above their arrows.
    assert!(text_y(&svg, "get me a coffee") < 64.0);
    assert!(text_y(&svg, "no") < 96.0);
    assert!(!svg.contains(">|<") && !svg.contains("&gt;"), "{svg}");
}

// Rounded participant boxes, a self-message and messages both ways. After the example
// output in the README of Ja-sonYun/sequence-diagram-cli (GitHub), its dotted arrows
// drawn solid.
const BOXES: &str = "\
╭──────╮                  ╭─────╮
│ User │                  │ Dev │
╰───┬──╯                  ╰──┬──╯
    │                        │
    │ default arrow          │
    ├──────────────╮         │
    │              │         │
    │◀─────────────╯         │
    │                        │
    │      styled arrow      │
    ├───────────────────────▶│
    │                        │
    │           no           │
    │◀───────────────────────┤
    │                        │";

#[test]
fn boxes_with_lifelines_and_a_self_message() {
    let d = read(BOXES);
    assert_eq!(
        flows(&d),
        [
            "User → User (default arrow)",
            "User → Dev (styled arrow)",
            "Dev → User (no)"
        ]
    );
    assert_eq!(d.layout().frames.len(), 2);
    let svg = d.svg("s", &|_| None);
    // The self-message comes back to User's lifeline (column 4, x 44) on row 7 (y 128).
    assert!(svg.contains(r#"points="51,124 44,128 51,132""#), "{svg}");
    // Dev's lifeline is column 29 (x 244): "styled arrow" ends on it, row 10 (y 176).
    assert!(svg.contains(r#"points="237,172 244,176 237,180""#), "{svg}");
    assert!(text_y(&svg, "styled arrow") < 176.0);
}

// Boxes drawn in ASCII, ports on their bottom edges, a self-message that leaves and
// returns through `+`. After the `al` (ASCII) output in the README of
// Ja-sonYun/sequence-diagram-cli (GitHub).
const ASCII_BOXES: &str = "\
+------+          +-----+
| User |          | Dev |
+---+--+          +--+--+
    |                |
    | default arrow  |
    +------------+   |
    |            |   |
    |<-----------+   |
    |                |
    |    yes? sd     |
    +--------------->|
    |                |";

#[test]
fn ascii_boxes_ports_and_self_messages() {
    let d = read(ASCII_BOXES);
    assert_eq!(d.layout().frames.len(), 2);
    assert_eq!(
        flows(&d),
        ["User → User (default arrow)", "User → Dev (yes? sd)"]
    );
    let svg = d.svg("s", &|_| None);
    // Dev's lifeline is column 21 (x 180); the message on row 10 (y 176) ends on it.
    assert!(svg.contains(r#"points="173,172 180,176 173,180""#), "{svg}");
}

// Unicode boxes over ASCII lifelines and arrowheads: the parts join.
const MIXED: &str = "\
┌────────┐          ┌────────┐
│ Client │          │ Server │
└───┬────┘          └───┬────┘
    |    GET /index     |
    |──────────────────>|
    |       200 OK      |
    |<──────────────────|
    |                   |";

#[test]
fn ascii_lifelines_join_unicode_boxes_and_messages() {
    let d = read(MIXED);
    assert_eq!(
        flows(&d),
        ["Client → Server (GET /index)", "Server → Client (200 OK)"]
    );
    let svg = d.svg("s", &|_| None);
    // The lifelines run from the boxes' ports (row 2, y 48) down: column 4 is x 44.
    assert!(svg.contains("M44 48V"), "{svg}");
    assert!(!svg.contains(">|</text>"), "{svg}");
}

#[test]
fn a_line_meeting_a_plain_lifeline_is_no_arrow_at_nothing() {
    // The message leaves and reaches plain `│`s, no junction glyphs.
    let art = "\
┌───┐     ┌───┐
│ A │     │ B │
└─┬─┘     └─┬─┘
  │  call   │
  │────────▶│
  │         │";
    let d = read(art);
    assert_eq!(flows(&d), ["A → B (call)"]);
}

#[test]
fn prose_with_dashes_and_bars_stays_text() {
    let art = "\
┌────────────┐
│ a - b, x|y │──▶ a->b --verbose
└────────────┘";
    let d = read(art);
    let texts: Vec<&str> = d.layout().texts.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(texts, ["a - b, x|y", "a->b --verbose"]);
    assert_eq!(d.layout().strokes.len(), 1);
}

proptest::proptest! {
    // ASCII parts mixed with box drawing and words: whatever is read rebuilds exactly.
    #[test]
    fn mixed_ascii_is_read_whole_or_refused(
        text in "[ a-z│─┌┐└┘├┤┬┴┼▶◀▼|+<>v^=\\-\\n]{0,160}"
    ) {
        if let Ok(reading) = boxart_svg::render(&text, &Options::default()) {
            proptest::prop_assert_eq!(reading.rebuild().unwrap(), text.clone());
            let _ = reading.svg("d", &|_| None);
        }
    }
}

/// A sequence diagram: participants (boxes or bare names) `gap` columns apart, each
/// message between two of them (`from`, `to`, possibly the same) with a label above,
/// drawn in box-drawing characters or ASCII.
fn sequence(names: &[String], boxes: bool, ascii: bool, messages: &[(usize, usize)]) -> String {
    let gap = 16;
    let centre = |i: usize| 4 + i * gap;
    let width = centre(names.len()) + 2;
    let mut rows: Vec<Vec<char>> = Vec::new();
    let blank = |rows: &mut Vec<Vec<char>>| rows.push(vec![' '; width]);
    let put = |row: &mut Vec<char>, col: usize, s: &str| {
        for (k, c) in s.chars().enumerate() {
            row[col + k] = c;
        }
    };
    if boxes {
        for _ in 0..3 {
            blank(&mut rows);
        }
        for (i, name) in names.iter().enumerate() {
            let left = centre(i) - 2;
            let inner = name.len() + 2;
            put(&mut rows[0], left, &format!("┌{}┐", "─".repeat(inner)));
            put(&mut rows[1], left, &format!("│ {name} │"));
            put(
                &mut rows[2],
                left,
                &format!("└─┬{}┘", "─".repeat(inner - 2)),
            );
        }
    } else {
        blank(&mut rows);
        for (i, name) in names.iter().enumerate() {
            put(&mut rows[0], centre(i), name);
        }
    }
    let (bar, dash, right, left) = if ascii {
        ('|', '-', '>', '<')
    } else {
        ('│', '─', '▶', '◀')
    };
    let lifelines = |rows: &mut Vec<Vec<char>>| {
        let mut row = vec![' '; width];
        for i in 0..names.len() {
            row[centre(i)] = bar;
        }
        rows.push(row);
    };
    lifelines(&mut rows);
    for (k, &(from, to)) in messages.iter().enumerate() {
        lifelines(&mut rows);
        let label = format!("m{k}");
        if from == to {
            let c = centre(from);
            rows.last_mut().unwrap()[c + 2..c + 2 + label.len()]
                .copy_from_slice(&label.chars().collect::<Vec<_>>());
            lifelines(&mut rows);
            let (out, back) = if ascii { ('+', '+') } else { ('┐', '┘') };
            let top = rows.last_mut().unwrap();
            top[c + 1..c + 4].fill(dash);
            top[c + 4] = out;
            lifelines(&mut rows);
            rows.last_mut().unwrap()[c + 4] = bar;
            lifelines(&mut rows);
            let bottom = rows.last_mut().unwrap();
            bottom[c + 1] = left;
            bottom[c + 2..c + 4].fill(dash);
            bottom[c + 4] = back;
        } else {
            let (a, b) = (centre(from.min(to)), centre(from.max(to)));
            let at = a + 2;
            rows.last_mut().unwrap()[at..at + label.len()]
                .copy_from_slice(&label.chars().collect::<Vec<_>>());
            lifelines(&mut rows);
            let row = rows.last_mut().unwrap();
            row[a + 1..b].fill(dash);
            if from < to {
                row[b - 1] = right;
            } else {
                row[a + 1] = left;
            }
        }
    }
    lifelines(&mut rows);
    let lines: Vec<String> = rows
        .iter()
        .map(|r| r.iter().collect::<String>().trim_end().to_string())
        .collect();
    lines.join("\n")
}

proptest::proptest! {
    #[test]
    fn generated_sequences_give_one_flow_per_message(
        names in proptest::collection::vec("[A-Z][a-z]{0,6}", 2..4),
        boxes in proptest::bool::ANY,
        ascii in proptest::bool::ANY,
        picks in proptest::collection::vec((0usize..3, 0usize..3), 1..5),
    ) {
        let n = names.len();
        let messages: Vec<(usize, usize)> = picks.iter().map(|&(a, b)| (a % n, b % n)).collect();
        let source = sequence(&names, boxes, ascii, &messages);
        let reading = boxart_svg::render(&source, &Options::default())
            .map_err(|e| proptest::test_runner::TestCaseError::fail(format!("{e}\n{source}")))?;
        proptest::prop_assert_eq!(reading.rebuild().unwrap(), source.clone());
        let got = flows(&reading);
        let want: Vec<String> = messages
            .iter()
            .enumerate()
            .map(|(k, &(a, b))| format!("{} → {} (m{k})", names[a], names[b]))
            .collect();
        proptest::prop_assert_eq!(got, want, "{}", source);
    }
}

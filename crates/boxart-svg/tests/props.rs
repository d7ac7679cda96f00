//! Properties of the diagram reader over generated drawings: boxes with labels (some
//! wide), arrows between them, a frame around them all; then mutated the way hand-drawn
//! art goes wrong (a label one wider, a border shifted, tabs). Whatever it is given, the
//! reader never panics and never loses a character: what it reads rebuilds the source
//! exactly, and a mutated drawing is either recovered with a logged repair or shown as
//! text.

// A generator that cannot find what it drew should fail on the spot, loudly.
#![allow(clippy::unwrap_used)]

use boxart_svg::{Drawing, Error, Options};
use proptest::prelude::*;

fn read(source: &str) -> Result<Drawing, Error> {
    boxart_svg::render(source, &Options::default())
}

#[derive(Debug, Clone)]
struct Spec {
    labels: Vec<String>,
    gaps: Vec<usize>,
    arrows: Vec<bool>,
    outer: bool,
    height: usize,
}

fn label() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z][A-Za-z0-9()/-]{0,7}",
        "[A-Z]{1,3} [a-z]{1,4}",
        Just("数据".to_string()),
        Just("(Kafka)".to_string()),
    ]
}

fn spec() -> impl Strategy<Value = Spec> {
    (1usize..4).prop_flat_map(|n| {
        (
            proptest::collection::vec(label(), n),
            proptest::collection::vec(3usize..7, n),
            proptest::collection::vec(any::<bool>(), n),
            any::<bool>(),
            1usize..3,
        )
            .prop_map(|(labels, gaps, arrows, outer, height)| Spec {
                labels,
                gaps,
                arrows,
                outer,
                height,
            })
    })
}

/// Display columns: the generated CJK characters take two, everything else one.
fn width_of(s: &str) -> usize {
    s.chars()
        .map(|c| {
            if ('\u{4e00}'..='\u{9fff}').contains(&c) {
                2
            } else {
                1
            }
        })
        .sum()
}

/// The drawing as rows of characters, and how many frames it has.
fn draw(spec: &Spec) -> (Vec<String>, usize) {
    let inner_rows = spec.height + 2;
    let mut rows = vec![String::new(); inner_rows];
    for (i, label) in spec.labels.iter().enumerate() {
        let w = width_of(label) + 2;
        rows[0].push_str(&format!("┌{}┐", "─".repeat(w)));
        for (r, row) in rows.iter_mut().enumerate().take(inner_rows - 1).skip(1) {
            let text = if r == 1 { label.clone() } else { String::new() };
            let pad = w - 1 - width_of(&text);
            row.push_str(&format!("│ {text}{}│", " ".repeat(pad)));
        }
        rows[inner_rows - 1].push_str(&format!("└{}┘", "─".repeat(w)));
        if i + 1 < spec.labels.len() {
            let gap = spec.gaps[i];
            for (r, row) in rows.iter_mut().enumerate() {
                if r == 1 && spec.arrows[i] {
                    row.push_str(&format!("{}▶", "─".repeat(gap - 1)));
                } else {
                    row.push_str(&" ".repeat(gap));
                }
            }
        }
    }
    let mut frames = spec.labels.len();
    if spec.outer {
        let w = rows.iter().map(|r| width_of(r)).max().unwrap_or(0) + 2;
        let mut framed = vec![
            format!("┌{}┐", "─".repeat(w)),
            format!("│ OUTER{}│", " ".repeat(w - 6)),
        ];
        for row in rows {
            framed.push(format!("│ {row}{}│", " ".repeat(w - 1 - width_of(&row))));
        }
        framed.push(format!("└{}┘", "─".repeat(w)));
        rows = framed;
        frames += 1;
    }
    (rows, frames)
}

#[derive(Debug, Clone)]
enum Mutation {
    /// One more character after a label, pushing the rest of its row right.
    WiderLabel,
    /// A row's last border one or two columns right (+) or left (-).
    Shift(isize),
    /// The drawing indented eight columns, the labelled row's indent written as a tab
    /// (which lands on the same column).
    Tab,
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        Just(Mutation::WiderLabel),
        prop_oneof![Just(-2isize), Just(-1), Just(1), Just(2)].prop_map(Mutation::Shift),
        Just(Mutation::Tab),
    ]
}

/// Applies `mutation` to the row with the first label; whether it moved any border.
fn mutate(rows: &mut [String], spec: &Spec, mutation: &Mutation) -> bool {
    let row = if spec.outer { 3 } else { 1 };
    let line: Vec<char> = rows[row].chars().collect();
    match mutation {
        Mutation::WiderLabel => {
            let label = &spec.labels[0];
            let at = rows[row].find(label.as_str()).unwrap() + label.len();
            rows[row].insert(at, 'x');
            true
        }
        Mutation::Shift(by) => {
            let last = line.iter().rposition(|c| *c == '│').unwrap();
            let spaces = line[..last].iter().rev().take_while(|c| **c == ' ').count() as isize;
            let by = if *by < 0 { (*by).max(-spaces) } else { *by };
            let mut shifted: Vec<char> = line[..last].to_vec();
            if by < 0 {
                shifted.truncate(shifted.len() - (-by) as usize);
            } else {
                shifted.extend(std::iter::repeat_n(' ', by as usize));
            }
            shifted.extend(&line[last..]);
            rows[row] = shifted.into_iter().collect();
            by != 0
        }
        Mutation::Tab => {
            for r in rows.iter_mut() {
                r.insert_str(0, "        ");
            }
            rows[row] = rows[row].replacen("        ", "\t", 1);
            false
        }
    }
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300)
}

proptest! {
    // 300 cases by default; PROPTEST_CASES raises it for a longer hunt.
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn generated_drawings_are_read_whole(spec in spec()) {
        let (rows, frames) = draw(&spec);
        let source = rows.join("\n");
        let reading = read(&source).map_err(|e| TestCaseError::fail(format!("{e}\n{source}")))?;
        prop_assert_eq!(reading.layout().frames.len(), frames, "{}", source);
        prop_assert!(reading.layout().alignment.repairs.is_empty(), "{}", source);
        prop_assert!(reading.notes().is_empty(), "{}", source);
        prop_assert_eq!(reading.rebuild().unwrap(), source.clone());
        prop_assert!(reading.svg("d", &|_| None).starts_with("<svg "));
        let arrows = spec.arrows.iter().take(spec.labels.len() - 1).filter(|a| **a).count();
        prop_assert_eq!(reading.layout().edges.len(), arrows, "{}", source);
    }

    #[test]
    fn mutated_drawings_are_repaired_or_shown_as_text(spec in spec(), m in mutation()) {
        let (mut rows, frames) = draw(&spec);
        let moved = mutate(&mut rows, &spec, &m);
        let source = rows.join("\n");
        if matches!(m, Mutation::Tab) {
            prop_assert!(read(&source).is_ok(), "a tab on its column is no drift:\n{}", source);
        }
        // Otherwise it is an error: the caller shows the text as written.
        if let Ok(reading) = read(&source) {
            prop_assert_eq!(reading.rebuild().unwrap(), source.clone());
            prop_assert_eq!(reading.layout().frames.len(), frames, "{}", source);
            if moved {
                prop_assert!(!reading.layout().alignment.repairs.is_empty(), "unlogged repair:\n{}", source);
                prop_assert!(!reading.notes().is_empty(), "unnoted repair:\n{}", source);
            }
            prop_assert!(reading.svg("d", &|_| None).starts_with("<svg "));
        }
    }

    #[test]
    fn any_text_is_read_or_refused_without_panicking(text in "[ a-z│─┌┐└┘├┤┬┴┼▶▼\\t\\n数]{0,120}") {
        if let Ok(reading) = read(&text) {
            prop_assert_eq!(reading.rebuild().unwrap(), text.clone());
            let _ = reading.svg("d", &|_| None);
        }
    }
}

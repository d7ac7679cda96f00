//! Telling the author: every diagram repaired or shown as text is a warning of `build`
//! and `check`, at the line and column of the fault, in what the author sees; `check
//! --strict` fails on them.

use crate::support::*;

/// A page with one diagram whose right border on line 7 is a column right of its box's
/// edge (column 10), and one with an arrow on line 14 that points at nothing: the arrow
/// is shown as text, the box beside it still drawn.
const PAGE: &str = "# Flows\n\nText.\n\n```diagram\n┌────────┐\n│ Kafka   │\n└────────┘\n```\n\n\
                    - A list\n\n  ```diagram\n  ┌──┐ ──▶\n  └──┘\n  ```\n";

const REPAIRED: &str = "warning: guide/index.md:7:11: the right border on line 7 is 1 column \
                        right of its box's edge at column 10; moved it onto the edge";
const AS_TEXT: &str = "warning: guide/index.md:14:10: the arrow on line 14 points at \
                       neither a box nor text; showed it as text";

#[test]
fn build_warns_of_every_repair_and_diagram_shown_as_text() {
    let (tmp, _) = write_guide(&[("index.md", PAGE)]);
    let out = run(tmp.path(), &["build"], 0);
    assert!(out.contains(REPAIRED), "{out}");
    assert!(out.contains(AS_TEXT), "{out}");
    // The offending line is shown with the border underlined.
    assert!(
        out.contains("7 | │ Kafka   │\n       |           ^\n"),
        "{out}"
    );
    assert!(
        out.contains("2 warnings (errors under `guidebook check --strict`)"),
        "{out}"
    );
    assert!(out.contains("2 diagrams, 0 concepts) in "), "{out}");
    assert!(out.trim_end().ends_with("with 2 warnings"), "{out}");
    // The renderer's words: its rows (the author's file has lines), its moves.
    let words = out.split(|c: char| !c.is_alphanumeric());
    assert!(!words.into_iter().any(|w| w == "row"), "\"row\" in:\n{out}");
    for internal in ["cannot move", "normalized", "diagram border"] {
        assert!(!out.contains(internal), "{internal:?} in:\n{out}");
    }
}

#[test]
fn check_lists_diagram_warnings_and_strict_check_fails_on_them() {
    let (tmp, _) = write_guide(&[("index.md", PAGE)]);
    let relaxed = run(tmp.path(), &["check"], 0);
    assert!(
        relaxed.contains(REPAIRED) && relaxed.contains(AS_TEXT),
        "{relaxed}"
    );
    let strict = run(tmp.path(), &["check", "--strict"], 1);
    let repaired = REPAIRED.trim_start_matches("warning: ");
    assert!(strict.contains(repaired), "{strict}");
    assert!(
        strict
            .trim_end()
            .ends_with("error: 2 problems in the guide"),
        "{strict}"
    );
}

#[test]
fn a_guide_with_sound_diagrams_builds_without_warnings() {
    let page = "# Flows\n\n```diagram\n┌───────┐\n│ Kafka │\n└───────┘\n```\n";
    let (tmp, _) = write_guide(&[("index.md", page)]);
    let out = run(tmp.path(), &["build"], 0);
    assert!(!out.contains("warning"), "{out}");
    run(tmp.path(), &["check", "--strict"], 0);
}

//! Tabs in diagrams and code: stops every 8 columns, as browsers and terminals show
//! code, unless a diagram's fence (` ```diagram tab=4 `) or `guide.yaml` (`tab_size`)
//! says otherwise; a bad value is reported at its line.

use std::fs;

use crate::support::*;

/// The first diagram's SVG on the built home page.
fn svg_of(guide: &[(&str, &str)]) -> String {
    let (_tmp, dir) = write_guide(guide);
    let site = build(&dir, None);
    let html = fs::read_to_string(site.out.join("index.html")).unwrap();
    let start = html
        .find("<svg")
        .unwrap_or_else(|| panic!("no SVG in:\n{html}"));
    html[start..html.find("</svg>").unwrap()].to_string()
}

fn page(info: &str, art: &str) -> String {
    format!("# Flows\n\n```{info}\n{art}\n```\n")
}

/// Art indented and spaced with tabs, as git's documentation draws it, and its twins
/// written with spaces: at stops every 8 columns, and every 4.
const TABBED: &str = "\t┌───────┐\t┌───────┐\n\t│ A\t│──────▶│ B\t│\n\t└───────┘\t└───────┘";
const AT_8: &str = "        ┌───────┐       ┌───────┐\n        │ A     │──────▶│ B     │\n        └───────┘       └───────┘";
const TABBED_4: &str = "\t┌───┐\t┌───┐\n\t│ A\t│──▶│ B\t│\n\t└───┘\t└───┘";
const AT_4: &str = "    ┌───┐   ┌───┐\n    │ A │──▶│ B │\n    └───┘   └───┘";

#[test]
fn tab_indented_art_is_drawn_as_its_twin_with_stops_every_8_columns() {
    let tabbed = svg_of(&[("index.md", &page("diagram", TABBED))]);
    assert_eq!(tabbed, svg_of(&[("index.md", &page("diagram", AT_8))]));
    assert!(tabbed.contains("A → B"), "{tabbed}");
}

#[test]
fn a_fence_or_guide_yaml_sets_other_tab_stops() {
    let twin = svg_of(&[("index.md", &page("diagram", AT_4))]);
    assert_eq!(
        svg_of(&[("index.md", &page("diagram tab=4", TABBED_4))]),
        twin
    );
    let guide_wide = [
        (
            "index.md",
            page("diagram", TABBED_4) + "\n```\ncode\tcolumn\n```\n",
        ),
        ("guide.yaml", "title: T\ntab_size: 4\n".into()),
    ];
    let files: Vec<(&str, &str)> = guide_wide.iter().map(|(a, b)| (*a, b.as_str())).collect();
    assert_eq!(svg_of(&files), twin);
    let (_tmp, dir) = write_guide(&files);
    let html = fs::read_to_string(build(&dir, None).out.join("index.html")).unwrap();
    assert!(
        html.contains("<pre class=\"code\" tabindex=\"0\" style=\"--tab: 4\">"),
        "{html}"
    );
    assert!(
        html.contains("<pre class=\"diagram-art\" tabindex=\"0\" style=\"--tab: 4\">"),
        "{html}"
    );
}

#[test]
fn bad_tab_stops_are_reported_at_their_line() {
    let (tmp, _) = write_guide(&[
        ("index.md", &page("diagram tab=0", AT_4)),
        ("more.md", &page("diagram tabs=4", AT_4)),
        ("guide.yaml", "title: T\ntab_size: 40\n"),
    ]);
    let out = run(tmp.path(), &["build"], 1);
    for text in [
        "guide/guide.yaml:2:1: tab size 40 is out of range: tab stops are 1 to 16 columns apart",
        "guide/index.md:3:12: tab size 0 is out of range",
        "guide/more.md:3:12: unknown diagram attribute \"tabs=4\"",
        "e.g. ```diagram tab=4",
    ] {
        assert!(out.contains(text), "{text:?} missing from:\n{out}");
    }
}

//! The shipped guide is the seed guide, whole and correctly encoded.

use std::fs;

use crate::support::*;

/// Byte sequences that UTF-8 text shows after being decoded as Latin-1 or Windows-1252
/// (`’` becomes `â€™`, `─` becomes `â”€`, emoji become `ðŸ…`, `é` becomes `Ã©`).
const MOJIBAKE: &[&str] = &["â€", "â”", "ðŸ", "Ã"];

fn mojibake_in(text: &str) -> Option<(usize, &'static str)> {
    text.lines().enumerate().find_map(|(i, line)| {
        MOJIBAKE
            .iter()
            .find(|m| line.contains(*m))
            .map(|m| (i + 1, *m))
    })
}

#[test]
fn mojibake_is_detected() {
    assert_eq!(mojibake_in("fine ─ ✅ é\nbroken â”€â”€"), Some((2, "â”")));
    assert_eq!(mojibake_in("It‚Äôs"), None);
    assert_eq!(mojibake_in("cafÃ©"), Some((1, "Ã")));
}

#[test]
fn no_file_in_the_guide_has_mojibake() {
    let guide = repo().join("guide");
    let files = files_under(&guide);
    assert!(files.len() >= 20, "{files:?}");
    for file in files {
        let text = fs::read_to_string(guide.join(&file)).unwrap();
        if let Some((line, seq)) = mojibake_in(&text) {
            panic!("guide/{file}:{line}: mojibake {seq:?}: restore the text from the seed guide");
        }
    }
}

/// The guide spells behavioral numbers `Q1`; the site spells every question number out
/// as "Question 1". Both say the same, so both become `question 1` here.
fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for token in tokens(text) {
        match token.strip_prefix('q') {
            Some(n) if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) => {
                out.push("question".to_string());
                out.push(n.to_string());
            }
            _ => out.push(token),
        }
    }
    out
}

#[test]
fn every_line_of_the_seed_reaches_the_site() {
    let seed = fs::read_to_string(fixture("seed-guide.md")).unwrap();
    let site = build_shipped_guide();
    let pages: Vec<(String, String)> = site
        .html_files()
        .into_keys()
        .filter(|p| p != "404.html")
        .map(|p| {
            let doc = site.page(&p);
            let text = reader_text(one(&doc, "main"));
            (p, format!(" {} ", words(&text).join(" ")))
        })
        .collect();
    let mut missing = Vec::new();
    let mut checked = 0;
    for (n, line) in seed.lines().enumerate() {
        let line_words = words(line);
        if line_words.is_empty() {
            continue;
        }
        checked += 1;
        let needle = format!(" {} ", line_words.join(" "));
        if !pages.iter().any(|(_, text)| text.contains(&needle)) {
            missing.push(format!("seed line {}: {line}", n + 1));
        }
    }
    assert!(
        checked >= 280,
        "only {checked} lines with words: is the seed fixture whole?"
    );
    assert!(
        missing.is_empty(),
        "{} seed lines are not on any page:\n{}",
        missing.len(),
        missing.join("\n")
    );
}

#[test]
fn the_framework_and_star_method_keep_their_text() {
    let site = build_shipped_guide();
    let star = site.page("behavioral/star-method/index.html");
    let panels: Vec<String> = select(&star, ".star-panel")
        .into_iter()
        .map(|p| {
            reader_text(p)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    assert_eq!(
        panels,
        [
            "S Situation Set the context",
            "T Task What was your responsibility?",
            "A Action What did you specifically do?",
            "R Result What was the outcome? (Quantify!)",
        ]
    );
}

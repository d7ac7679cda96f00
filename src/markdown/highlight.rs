//! Build-time highlighting of fenced code with a language tag: syntect's grammars,
//! loaded once and only when a page has code to highlight, emitting `hl-` classes that
//! the theme's `highlight.css` colours (light and dark), so no colours live in the HTML.

use std::sync::OnceLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();

/// Languages that mean "plain text": never worth loading the grammars for.
const PLAIN: &[&str] = &["text", "txt", "plain", "plaintext", "none"];

/// Highlighted HTML for `code`, or `None` when `lang` is plain or unknown.
pub(super) fn highlight(code: &str, lang: &str) -> Option<String> {
    if PLAIN.contains(&lang.to_ascii_lowercase().as_str()) {
        return None;
    }
    let syntaxes = SYNTAXES.get_or_init(SyntaxSet::load_defaults_newlines);
    let syntax = syntaxes
        .find_syntax_by_token(lang)
        .or_else(|| syntaxes.find_syntax_by_token(&lang.to_ascii_lowercase()))?;
    let mut generator = ClassedHTMLGenerator::new_with_class_style(
        syntax,
        syntaxes,
        ClassStyle::SpacedPrefixed { prefix: "hl-" },
    );
    for line in LinesWithEndings::from(code) {
        generator
            .parse_html_for_line_which_includes_newline(line)
            .ok()?;
    }
    Some(generator.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_languages_get_classes() {
        let html = highlight("SELECT 1;\n", "sql").unwrap();
        assert!(html.contains("class=\"hl-keyword"), "{html}");
    }

    #[test]
    fn plain_and_unknown_languages_are_left_alone() {
        assert_eq!(highlight("x", "text"), None);
        assert_eq!(highlight("x", "no-such-language"), None);
    }
}

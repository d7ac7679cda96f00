//! Build-time highlighting of fenced code with a language tag: bat's collection of
//! grammars for syntect (two-face), loaded once and only when a page has code in a
//! language, emitting `hl-` classes that the theme's `highlight.css` colours (light and
//! dark), so no colours live in the HTML.

use std::sync::OnceLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use crate::error::closest;

static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();

/// Languages that mean "plain text": never worth loading the grammars for.
const PLAIN: &[&str] = &["text", "txt", "plain", "plaintext", "none"];

/// Fence names in common use that the grammars know by another name.
const ALIASES: &[(&str, &str)] = &[
    ("terraform", "tf"),
    // JSX's own grammar needs the Oniguruma regex engine; TypeScript's reads it.
    ("jsx", "tsx"),
    ("shell", "sh"),
    ("console", "sh"),
    ("zsh", "sh"),
    ("golang", "go"),
    ("c++", "cpp"),
    ("c#", "cs"),
    ("csharp", "cs"),
    ("docker", "Dockerfile"),
    ("jsonc", "json"),
    ("json5", "json"),
    ("proto", "proto"),
    ("protobuf", "proto"),
    ("make", "Makefile"),
    ("ps1", "ps1"),
    ("powershell", "ps1"),
    ("postgresql", "sql"),
    ("postgres", "sql"),
    ("mysql", "sql"),
    ("hive", "sql"),
    ("sparksql", "sql"),
    ("pyspark", "py"),
];

/// What a fence's language tag means for highlighting.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Language {
    /// Plain text by choice (`text`).
    Plain,
    Known,
    /// No grammar has this name; the closest name one has, if any is close.
    Unknown {
        closest: Option<String>,
    },
}

fn syntaxes() -> &'static SyntaxSet {
    SYNTAXES.get_or_init(two_face::syntax::extra_newlines)
}

fn find(lang: &str) -> Option<&'static SyntaxReference> {
    let syntaxes = syntaxes();
    let lower = lang.to_ascii_lowercase();
    let token = ALIASES
        .iter()
        .find(|(alias, _)| *alias == lower)
        .map_or(lang, |(_, name)| name);
    syntaxes
        .find_syntax_by_token(token)
        .or_else(|| syntaxes.find_syntax_by_token(&lower))
}

/// Whether `lang` is highlighted, and if not, the name meant.
pub(super) fn language(lang: &str) -> Language {
    if PLAIN.contains(&lang.to_ascii_lowercase().as_str()) {
        return Language::Plain;
    }
    if find(lang).is_some() {
        return Language::Known;
    }
    let names = syntaxes().syntaxes().iter().flat_map(|s| {
        std::iter::once(s.name.to_ascii_lowercase()).chain(s.file_extensions.iter().cloned())
    });
    let names: Vec<String> = names
        .chain(ALIASES.iter().map(|(a, _)| a.to_string()))
        .collect();
    let wanted = lang.to_ascii_lowercase();
    let closest = closest(&wanted, names.iter().map(String::as_str)).map(str::to_string);
    Language::Unknown { closest }
}

/// Highlighted HTML for `code`, or `None` when `lang` is plain or unknown.
pub(super) fn highlight(code: &str, lang: &str) -> Option<String> {
    if PLAIN.contains(&lang.to_ascii_lowercase().as_str()) {
        return None;
    }
    let syntax = find(lang)?;
    let mut generator = ClassedHTMLGenerator::new_with_class_style(
        syntax,
        syntaxes(),
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

    /// The languages guides are written with, beyond syntect's own set.
    #[test]
    fn the_languages_guides_use_are_highlighted() {
        for (lang, code) in [
            ("ts", "const x: number = 1;\n"),
            ("typescript", "interface A { b: string }\n"),
            ("tsx", "const a = <div>{x}</div>;\n"),
            ("jsx", "const a = <div>{x}</div>;\n"),
            ("graphql", "query { user(id: 1) { name } }\n"),
            ("dockerfile", "FROM rust:1\nRUN cargo build\n"),
            ("terraform", "resource \"aws_s3_bucket\" \"b\" {}\n"),
            ("hcl", "variable \"x\" { default = 1 }\n"),
            ("toml", "[section]\nkey = 123\n"),
            ("kotlin", "fun main() { val x = 1 }\n"),
            ("scala", "object A { def f(x: Int) = x }\n"),
            ("vue", "<template><div/></template>\n"),
            ("python", "def f():\n    return 1\n"),
            ("yaml", "a: 1\n"),
            ("shell", "echo hi\n"),
        ] {
            assert_eq!(language(lang), Language::Known, "{lang}");
            let html = highlight(code, lang).unwrap_or_default();
            assert!(html.contains("class=\"hl-"), "{lang}: {html}");
        }
    }

    #[test]
    fn plain_and_unknown_languages_are_left_alone() {
        assert_eq!(highlight("x", "text"), None);
        assert_eq!(language("text"), Language::Plain);
        assert_eq!(highlight("x", "no-such-language"), None);
    }

    #[test]
    fn an_unknown_language_gets_the_closest_name() {
        let near = |lang| match language(lang) {
            Language::Unknown { closest } => closest,
            other => panic!("{lang}: {other:?}"),
        };
        assert_eq!(near("typscript").as_deref(), Some("typescript"));
        assert_eq!(near("pyhton").as_deref(), Some("python"));
        assert_eq!(near("mermaid-xyz-diagram"), None);
    }
}

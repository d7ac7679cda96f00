//! Code blocks as the passes see them: what kind each is, by its language.

use pulldown_cmark::CodeBlockKind;

/// What a code block holds, by its language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Code {
    /// Diagrams name components: searched, never linked (they render themselves).
    Diagram,
    /// No language: a diagram if it is box-drawing art, else code.
    Untagged,
    /// STAR cards link their own text when the blocks pass renders them.
    Star,
    Other,
}

impl Code {
    pub(super) fn of(lang: &str) -> Code {
        match lang {
            "diagram" => Code::Diagram,
            "star" => Code::Star,
            "" => Code::Untagged,
            _ => Code::Other,
        }
    }
}

/// A code block's language: the first word of a fence's info string. Indented code has
/// none, like a bare fence.
pub(super) fn lang<'k>(kind: &'k CodeBlockKind) -> &'k str {
    match kind {
        CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or(""),
        CodeBlockKind::Indented => "",
    }
}

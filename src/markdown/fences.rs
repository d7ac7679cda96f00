//! Code blocks as the passes see them: what kind each is, by its language, and what a
//! diagram's fence sets after it (` ```diagram tab=4 `).

use pulldown_cmark::CodeBlockKind;

use crate::config::TabSize;

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

/// What a diagram's fence sets: `key=value` words after the language.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Attributes {
    /// `tab=N`: tab stops every N columns, for this diagram only.
    pub tab: Option<TabSize>,
}

/// A word of a fence's info string that is no attribute a diagram knows, or a bad value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct BadAttribute {
    /// The word as written.
    pub word: String,
    pub message: String,
    pub help: String,
}

/// The attributes of a fence's info string (after the language). Code that is not a
/// diagram keeps its words for other tools: only a diagram's are read.
pub(super) fn attributes(kind: &CodeBlockKind) -> Result<Attributes, BadAttribute> {
    let CodeBlockKind::Fenced(info) = kind else {
        return Ok(Attributes::default());
    };
    let mut found = Attributes::default();
    for word in info.split_whitespace().skip(1) {
        let bad = |message: String, help: &str| BadAttribute {
            word: word.to_string(),
            message,
            help: help.to_string(),
        };
        match word.split_once('=') {
            Some(("tab", value)) => {
                let tab = TabSize::parse(value).map_err(|why| {
                    bad(
                        why,
                        "write tab=8 (or tab=4, ...) for tab stops every N columns",
                    )
                })?;
                found.tab = Some(tab);
            }
            _ => {
                return Err(bad(
                    format!("unknown diagram attribute \"{}\"", word.escape_debug()),
                    "a diagram's fence takes tab=N (tab stops every N columns), e.g. ```diagram tab=4",
                ));
            }
        }
    }
    Ok(found)
}

/// The tab stops a fence sets, if it sets them well (the blocks pass reports it if not).
pub(super) fn tab(kind: &CodeBlockKind) -> Option<usize> {
    attributes(kind).ok()?.tab.map(TabSize::get)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(info: &str) -> Result<Attributes, BadAttribute> {
        attributes(&CodeBlockKind::Fenced(info.into()))
    }

    #[test]
    fn fences_set_tab_stops_and_refuse_what_they_do_not_know() {
        assert_eq!(of("diagram").unwrap().tab, None);
        assert_eq!(of("diagram  tab=4").unwrap().tab.map(TabSize::get), Some(4));
        for (info, word, why) in [
            ("diagram tab=0", "tab=0", "out of range"),
            ("diagram tab=x", "tab=x", "not a number"),
            ("diagram tabs=4", "tabs=4", "unknown diagram attribute"),
            ("diagram wide", "wide", "unknown diagram attribute"),
        ] {
            let bad = of(info).unwrap_err();
            assert_eq!(bad.word, word);
            assert!(bad.message.contains(why), "{info}: {}", bad.message);
        }
    }
}

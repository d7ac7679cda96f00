//! Splits a page into its YAML front matter and markdown body, and types the front matter.
//! Every key is optional; unknown keys are errors that suggest the closest known key.

use std::path::Path;

use serde::Deserialize;

use crate::error::{Diagnostic, SourceLoc};

#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub summary: Option<String>,
    pub order: Option<i64>,
    pub kind: PageKind,
    pub number: Option<u32>,
    pub concepts: Vec<String>,
    pub related: Vec<String>,
    pub timer: Vec<TimerStep>,
    pub draft: bool,
}

impl FrontMatter {
    pub const KEYS: &'static [&'static str] = &[
        "title", "summary", "order", "kind", "number", "concepts", "related", "timer", "draft",
    ];
}

#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PageKind {
    #[default]
    Page,
    Question,
    Checklist,
}

/// One step of a practice timer: `{ step: "Clarify requirements", minutes: 5 }`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct TimerStep {
    pub step: String,
    pub minutes: u32,
}

/// A page split in two: the typed front matter and where the markdown body starts.
#[derive(Debug, Clone)]
pub(super) struct Parsed {
    pub front: FrontMatter,
    pub body_offset: usize,
}

/// Splits and parses `text`, the contents of `file`. A page always comes out of it, with
/// every problem in its front matter: a bad entry takes its default and the others keep
/// their values; front matter never closed leaves the whole text as the body, since
/// where the YAML ends cannot be told. Later steps can then check the page's links, and
/// links to it, as if the front matter were right.
pub(super) fn parse(text: &str, file: &Path) -> (Parsed, Vec<Diagnostic>) {
    let split = match split(text, file) {
        Ok(Some(split)) => split,
        Ok(None) => return (Parsed::whole(), Vec::new()),
        Err(d) => return (Parsed::whole(), vec![d]),
    };
    let (mut front, mut problems): (FrontMatter, _) =
        super::yaml::parse_entries(split.yaml, file, 2, FrontMatter::KEYS, "front matter");
    if front.title.as_ref().is_some_and(|t| t.trim().is_empty()) {
        let line = super::yaml::key_line(split.yaml, "title").unwrap_or(0);
        problems.push(
            Diagnostic::new(SourceLoc::new(file, 2 + line, 1), "the title is empty")
                .with_len("title".len())
                .with_help(
                    "write the page's title after `title:`, or remove the line to take it \
                     from the page's `# ` heading",
                ),
        );
        front.title = None;
    }
    let parsed = Parsed {
        front,
        body_offset: split.body_offset,
    };
    (parsed, problems)
}

impl Parsed {
    /// A page that is all body, with the default front matter.
    fn whole() -> Self {
        Parsed {
            front: FrontMatter::default(),
            body_offset: 0,
        }
    }
}

struct Split<'a> {
    yaml: &'a str,
    body_offset: usize,
}

/// Front matter is a `---` first line, YAML, and a closing `---` (or `...`) line.
fn split<'a>(text: &'a str, file: &Path) -> Result<Option<Split<'a>>, Diagnostic> {
    let Some(first_end) = text.find('\n') else {
        return Ok(None);
    };
    if text[..first_end].trim_end() != "---" {
        return Ok(None);
    }
    let yaml_start = first_end + 1;
    let mut offset = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            return Ok(Some(Split {
                yaml: &text[yaml_start..offset],
                body_offset: offset + line.len(),
            }));
        }
        offset += line.len();
    }
    Err(
        Diagnostic::new(SourceLoc::new(file, 1, 1), "front matter is never closed")
            .with_help("end the front matter with a line containing only ---"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<Parsed, Diagnostic> {
        match parse(text, Path::new("guide/p.md")) {
            (parsed, problems) if problems.is_empty() => Ok(parsed),
            (_, mut problems) => Err(problems.remove(0)),
        }
    }

    #[test]
    fn splits_front_matter_from_body() {
        let text = "---\ntitle: Hello\nkind: question\nnumber: 3\n---\n# Body\n";
        let parsed = parse_str(text).unwrap();
        assert_eq!(parsed.front.title.as_deref(), Some("Hello"));
        assert_eq!(parsed.front.kind, PageKind::Question);
        assert_eq!(parsed.front.number, Some(3));
        assert_eq!(&text[parsed.body_offset..], "# Body\n");
    }

    #[test]
    fn pages_without_front_matter_are_all_body() {
        let parsed = parse_str("# Just text\n---\n").unwrap();
        assert_eq!(parsed.body_offset, 0);
        assert_eq!(parsed.front, FrontMatter::default());
    }

    #[test]
    fn empty_front_matter_is_default() {
        let parsed = parse_str("---\n---\nbody").unwrap();
        assert_eq!(parsed.front, FrontMatter::default());
    }

    #[test]
    fn unknown_keys_suggest_the_closest() {
        let d = parse_str("---\ntitle: A\ntitel: B\n---\n").unwrap_err();
        assert_eq!(d.loc, SourceLoc::new("guide/p.md", 3, 1));
        assert_eq!(d.message, "unknown front matter key \"titel\"");
        assert_eq!(d.help.as_deref(), Some("did you mean \"title\"?"));
    }

    #[test]
    fn wrong_types_name_the_line() {
        let d = parse_str("---\ntitle: A\nnumber: three\n---\n").unwrap_err();
        assert_eq!(d.loc.line(), Some(3));
        assert_eq!(
            d.message,
            "invalid front matter: number: expected a whole number, 0 or more, not the text \"three\""
        );
    }

    #[test]
    fn unknown_kinds_list_the_known_ones() {
        let d = parse_str("---\nkind: quiz\n---\n").unwrap_err();
        assert_eq!(d.loc.line(), Some(2));
        assert_eq!(d.message, "unknown value \"quiz\"");
        assert!(d.help.unwrap().contains("\"question\""));
    }

    #[test]
    fn tabs_get_a_hint() {
        let d = parse_str("---\ntimer:\n\t- step: a\n---\n").unwrap_err();
        assert_eq!(d.loc.line(), Some(3));
        assert!(d.help.unwrap().contains("tabs"));
    }

    #[test]
    fn unclosed_front_matter_is_reported() {
        let d = parse_str("---\ntitle: A\n\nbody text").unwrap_err();
        assert_eq!(d.loc.line(), Some(1));
        assert!(d.message.contains("never closed"));
    }

    /// One run names every bad entry, and the page keeps the rest of its front matter
    /// and its body, so later checks see the page as the author meant it.
    #[test]
    fn every_bad_entry_is_reported_and_the_good_ones_are_kept() {
        let text = "---\ntitle: Kept\nkind: questoin\nrelated:\n- a.md\n# a comment\nnumber: three\norder: 2\n---\n# Body\n";
        let (parsed, problems) = parse(text, Path::new("guide/p.md"));
        let found: Vec<(usize, &str)> = problems
            .iter()
            .map(|d| (d.loc.line().unwrap_or_default(), d.message.as_str()))
            .collect();
        assert_eq!(found[0], (3, "unknown value \"questoin\""));
        assert_eq!(found[1].0, 7);
        assert!(found[1].1.contains("expected a whole number"), "{found:?}");
        assert_eq!(found.len(), 2);
        assert_eq!(parsed.front.title.as_deref(), Some("Kept"));
        assert_eq!(parsed.front.kind, PageKind::Page);
        assert_eq!(parsed.front.related, ["a.md"]);
        assert_eq!(parsed.front.number, None);
        assert_eq!(parsed.front.order, Some(2));
        assert_eq!(&text[parsed.body_offset..], "# Body\n");
    }

    #[test]
    fn unreadable_front_matter_keeps_the_body() {
        let text = "---\ntitle: [unclosed\n---\n# Body\n";
        let (parsed, problems) = parse(text, Path::new("guide/p.md"));
        assert_eq!(problems.len(), 1);
        assert_eq!(parsed.front, FrontMatter::default());
        assert_eq!(&text[parsed.body_offset..], "# Body\n");

        let text = "---\ntitle: A\n\n# Body\n";
        let (parsed, problems) = parse(text, Path::new("guide/p.md"));
        assert_eq!(problems.len(), 1);
        assert_eq!(parsed.body_offset, 0);
    }

    /// A key written twice is reported at the second, and the first one stands.
    #[test]
    fn a_repeated_key_is_reported_at_its_line() {
        let text = "---\ntitle: A\nsummary: S\ntitle: B\n  # still B\norder: 3\n---\n";
        let (parsed, problems) = parse(text, Path::new("guide/a.md"));
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].loc, SourceLoc::new("guide/a.md", 4, 1));
        assert_eq!(problems[0].message, "duplicate front matter key \"title\"");
        assert_eq!(
            problems[0].help.as_deref(),
            Some("the first is on line 2; keep one")
        );
        assert_eq!(parsed.front.title.as_deref(), Some("A"));
        assert_eq!(parsed.front.summary.as_deref(), Some("S"));
        assert_eq!(parsed.front.order, Some(3));
    }

    #[test]
    fn an_empty_title_is_reported_at_its_line() {
        for title in ["\"\"", "'   '"] {
            let text = format!("---\nkind: question\ntitle: {title}\n---\n# Heading\n");
            let d = parse_str(&text).unwrap_err();
            assert_eq!(d.loc, SourceLoc::new("guide/p.md", 3, 1));
            assert_eq!(d.message, "the title is empty");
        }
        let (parsed, _) = parse("---\ntitle: ''\n---\n", Path::new("p.md"));
        assert_eq!(parsed.front.title, None, "the title comes from elsewhere");
    }

    #[test]
    fn deep_nesting_is_refused_at_its_line_before_parsing() {
        let text = format!("---\ntitle: A\nrelated: {}\n---\n", "[".repeat(100_000));
        let (parsed, problems) = parse(&text, Path::new("guide/p.md"));
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].loc, SourceLoc::new("guide/p.md", 3, 73));
        assert_eq!(problems[0].message, "YAML nested more than 64 levels deep");
        assert_eq!(parsed.front.title.as_deref(), Some("A"));
    }
}

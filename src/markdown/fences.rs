//! Code blocks as every pass sees them: what kind each is, and where each starts, for
//! the passes that no longer see positions (the blocks pass reports diagram repairs by
//! line). Events pass through unchanged.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Tag};

pub(super) struct Fences<'a, I> {
    events: I,
    starts: &'a RefCell<VecDeque<usize>>,
}

impl<'a, I> Fences<'a, I> {
    pub(super) fn new(events: I, starts: &'a RefCell<VecDeque<usize>>) -> Self {
        Fences { events, starts }
    }
}

impl<'e, I> Iterator for Fences<'_, I>
where
    I: Iterator<Item = (Event<'e>, Range<usize>)>,
{
    type Item = (Event<'e>, Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        let (event, range) = self.events.next()?;
        if matches!(event, Event::Start(Tag::CodeBlock(_))) {
            self.starts.borrow_mut().push_back(range.start);
        }
        Some((event, range))
    }
}

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

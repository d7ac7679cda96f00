//! Records where each code block starts, for the passes that no longer see positions
//! (the blocks pass reports diagram repairs by line). Events pass through unchanged.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::ops::Range;

use pulldown_cmark::{Event, Tag};

pub struct Fences<'a, I> {
    events: I,
    starts: &'a RefCell<VecDeque<usize>>,
}

impl<'a, I> Fences<'a, I> {
    pub fn new(events: I, starts: &'a RefCell<VecDeque<usize>>) -> Self {
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

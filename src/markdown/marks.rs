//! The marks pass: task list items become labelled checkboxes (`<li class="task">`),
//! and items that start with ✅ or ❌ are marked as do / don't, so the theme can drop
//! the bullet the emoji already replaces.

use std::collections::VecDeque;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::Item;

pub(super) struct Marks<'e, I> {
    events: I,
    ahead: VecDeque<Item<'e>>,
    /// For each open list item, whether it was opened as a task (closes a `<label>`).
    items: Vec<bool>,
}

impl<'e, I: Iterator<Item = Item<'e>>> Marks<'e, I> {
    pub(super) fn new(events: I) -> Self {
        Marks {
            events,
            ahead: VecDeque::new(),
            items: Vec::new(),
        }
    }

    fn peek(&mut self, n: usize) -> Option<&Event<'e>> {
        while self.ahead.len() <= n {
            let item = self.events.next()?;
            self.ahead.push_back(item);
        }
        self.ahead.get(n).map(|(event, _)| event)
    }

    fn pull(&mut self) -> Option<Item<'e>> {
        self.ahead.pop_front().or_else(|| self.events.next())
    }

    /// What the item's first content is: a task marker, or text starting with a mark.
    fn item_start(&mut self) -> Option<ItemStart> {
        let first = match self.peek(0)? {
            Event::Start(Tag::Paragraph) => 1,
            _ => 0,
        };
        match self.peek(first)? {
            Event::TaskListMarker(checked) => Some(ItemStart::Task(*checked, first)),
            Event::Text(t) if t.starts_with('✅') => Some(ItemStart::Mark("do")),
            Event::Text(t) if t.starts_with('❌') => Some(ItemStart::Mark("dont")),
            _ => None,
        }
    }
}

enum ItemStart {
    /// Checked or not, and where the marker is among the events ahead.
    Task(bool, usize),
    Mark(&'static str),
}

impl<'e, I: Iterator<Item = Item<'e>>> Iterator for Marks<'e, I> {
    type Item = Item<'e>;

    fn next(&mut self) -> Option<Item<'e>> {
        let (event, range) = self.pull()?;
        let event = match event {
            Event::Start(Tag::Item) => match self.item_start() {
                Some(ItemStart::Task(checked, at)) => {
                    self.ahead.remove(at);
                    self.items.push(true);
                    let checked = if checked { " checked" } else { "" };
                    Event::Html(CowStr::from(format!(
                        "<li class=\"task\"><label><input type=\"checkbox\" disabled{checked}> "
                    )))
                }
                Some(ItemStart::Mark(kind)) => {
                    self.items.push(false);
                    Event::Html(CowStr::from(format!("<li class=\"mark mark-{kind}\">")))
                }
                None => {
                    self.items.push(false);
                    Event::Start(Tag::Item)
                }
            },
            Event::End(TagEnd::Item) => match self.items.pop() {
                Some(true) => Event::Html(CowStr::from("</label></li>\n")),
                _ => Event::End(TagEnd::Item),
            },
            other => other,
        };
        Some((event, range))
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::html;

    #[test]
    fn task_items_are_labelled_checkboxes() {
        insta::assert_snapshot!(html(
            "- [ ] Review SQL window functions\n- [x] Practice Spark\n- plain item\n"
        ));
    }

    #[test]
    fn do_and_dont_items_are_marked() {
        insta::assert_snapshot!(html(
            "- ✅ Quantify results\n- ❌ Ramble\n\n1. ✅ loose\n\n2. other\n"
        ));
    }
}

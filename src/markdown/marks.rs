//! The marks pass: task list items become labelled checkboxes (`<li class="task">`),
//! each keyed by its text so the reader's ticks are kept, and items that start with ✅
//! or ❌ are marked as do / don't, so the theme can drop the bullet the emoji already
//! replaces.

use std::collections::VecDeque;

use rustc_hash::FxHashMap;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::Item;
use super::snippets::Snippets;
use crate::text::task_key;

pub(super) struct Marks<'a, 'e, I> {
    events: I,
    /// `None` when only analysing: the events pass as they are.
    snippets: Option<&'a Snippets>,
    /// The page's markdown, which the events' ranges are in: a task's key is its text.
    body: &'a str,
    ahead: VecDeque<Item<'e>>,
    /// For each open list item, how its partial closes it (`None`: as markdown does).
    items: Vec<Option<String>>,
    /// How many tasks so far have each key: a repeated text gets `-2`, `-3`.
    keys: FxHashMap<String, u32>,
}

impl<'a, 'e, I: Iterator<Item = Item<'e>>> Marks<'a, 'e, I> {
    pub(super) fn new(events: I, snippets: Option<&'a Snippets>, body: &'a str) -> Self {
        Marks {
            events,
            snippets,
            body,
            ahead: VecDeque::new(),
            items: Vec::new(),
            keys: FxHashMap::default(),
        }
    }

    /// The key of the task item written at `range` of the page, unique on the page.
    fn key(&mut self, range: &std::ops::Range<usize>) -> String {
        let key = task_key(self.body.get(range.clone()).unwrap_or(""));
        let seen = self.keys.entry(key.clone()).or_insert(0);
        *seen += 1;
        match *seen {
            1 => key,
            n => format!("{key}-{n}"),
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

impl<'e, I: Iterator<Item = Item<'e>>> Iterator for Marks<'_, 'e, I> {
    type Item = Item<'e>;

    fn next(&mut self) -> Option<Item<'e>> {
        let (event, range) = self.pull()?;
        let Some(snippets) = self.snippets else {
            return Some((event, range));
        };
        let event = match event {
            Event::Start(Tag::Item) => match self.item_start() {
                Some(ItemStart::Task(checked, at)) => {
                    self.ahead.remove(at);
                    let key = self.key(&range);
                    let (open, close) = snippets.task(checked, &key);
                    self.items.push(Some(close));
                    Event::Html(CowStr::from(open))
                }
                Some(ItemStart::Mark(kind)) => {
                    let (open, close) = snippets.mark(kind == "dont");
                    self.items.push(Some(close));
                    Event::Html(CowStr::from(open))
                }
                None => {
                    self.items.push(None);
                    Event::Start(Tag::Item)
                }
            },
            Event::End(TagEnd::Item) => match self.items.pop().flatten() {
                Some(close) => Event::Html(CowStr::from(close)),
                None => Event::End(TagEnd::Item),
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
    fn a_task_keeps_its_key_when_items_move_and_a_repeated_text_gets_its_own() {
        let keys = |markdown: &str| -> Vec<String> {
            let html = html(markdown);
            html.split("data-task=\"")
                .skip(1)
                .map(|rest| rest.split('"').next().unwrap().to_string())
                .collect()
        };
        assert_eq!(
            keys("- [ ] Alpha\n- [x] Beta\n- [ ] Alpha\n"),
            ["alpha", "beta", "alpha-2"]
        );
        assert_eq!(
            keys("- [ ] Beta\n- [ ] Gamma\n- [x] Alpha\n"),
            ["beta", "gamma", "alpha"]
        );
        assert_eq!(keys("1. [ ] Say \"hi\" <b>\n"), ["say-hi-b"]);
    }

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

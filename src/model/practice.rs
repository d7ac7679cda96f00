//! Which practice timer each page offers: its own `timer:`, or, for a question, the
//! timer of the first page of its part that declares one (the system design framework
//! times every system design question).

use rustc_hash::FxHashMap;

use super::{Page, PageId};

/// Sets each page's `timer_from`: the page whose `timer:` it practises with.
pub(super) fn link_timers(pages: &mut [Page]) {
    let mut declared: FxHashMap<Option<PageId>, PageId> = FxHashMap::default();
    for i in 0..pages.len() {
        if !pages[i].timer.is_empty() {
            declared
                .entry(part_of(pages, PageId(i)))
                .or_insert(PageId(i));
        }
    }
    for i in 0..pages.len() {
        let page = &pages[i];
        pages[i].timer_from = if !page.timer.is_empty() {
            Some(PageId(i))
        } else if page.is_question() {
            declared.get(&part_of(pages, PageId(i))).copied()
        } else {
            None
        };
    }
}

/// The part (a section just below the home page) that page `id` is in or is; `None` for
/// the home page and pages beside it.
fn part_of(pages: &[Page], id: PageId) -> Option<PageId> {
    let mut id = id;
    loop {
        match pages[id.0].parent {
            None => return None,
            Some(PageId(0)) => return (id != PageId(0)).then_some(id),
            Some(parent) => id = parent,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::testing::{page, site};

    #[test]
    fn questions_practise_with_the_timer_their_part_declares() {
        let timer = "timer:\n  - { step: Clarify, minutes: 5 }\n";
        let site = site(vec![
            page("index.md", "# Home\n"),
            page("design/index.md", "# Design\n"),
            page(
                "design/framework.md",
                &format!("---\norder: 1\n{timer}---\n"),
            ),
            page("design/q.md", "---\norder: 2\nkind: question\n---\n"),
            page("design/deep/q2.md", "---\nkind: question\n---\n"),
            page("design/notes.md", "---\norder: 3\n---\n"),
            page("talk/index.md", "# Talk\n"),
            page("talk/q.md", "---\nkind: question\n---\n"),
            page("solo/index.md", "# Solo\n"),
            page("solo/own.md", &format!("---\nkind: question\n{timer}---\n")),
        ])
        .unwrap();
        let from = |path: &str| {
            let page = site.lookup(&crate::paths::SourcePath::new(path)).unwrap();
            page.timer_from.map(|id| site.page(id).source.to_string())
        };
        let framework = Some("design/framework.md".to_string());
        assert_eq!(from("design/framework.md"), framework);
        assert_eq!(from("design/q.md"), framework);
        assert_eq!(
            from("design/deep/q2.md"),
            framework,
            "at any depth of the part"
        );
        assert_eq!(from("design/notes.md"), None, "only questions practise");
        assert_eq!(
            from("talk/q.md"),
            None,
            "another part's timer is not theirs"
        );
        assert_eq!(from("solo/own.md"), Some("solo/own.md".to_string()));
    }
}

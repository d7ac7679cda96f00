//! Question numbers: each question of a part is numbered in guide order (the first is 1)
//! unless its front matter gives a number, which wins. Two questions of a part with the
//! same number are worth a warning: readers tell questions apart by them.

use rustc_hash::FxHashMap;

use super::{Page, PageId};
use crate::error::{Diagnostic, SourceLoc};

/// Numbers every question of `pages` (in guide order) that has none, and warns of
/// numbers used twice in a part.
pub(super) fn number_questions(pages: &mut [Page], warnings: &mut Vec<Diagnostic>) {
    // By part: how many questions so far, and which page has each number.
    let mut parts: FxHashMap<Option<PageId>, (u32, FxHashMap<u32, PageId>)> = FxHashMap::default();
    for i in 0..pages.len() {
        if !pages[i].is_question() {
            continue;
        }
        let (count, taken) = parts.entry(pages[i].parent).or_default();
        *count += 1;
        let number = *pages[i].number.get_or_insert(*count);
        if let Some(first) = taken.insert(number, PageId(i)) {
            taken.insert(number, first);
            warnings.push(twice(&pages[i], number, &pages[first.0]));
        }
    }
}

fn twice(page: &Page, number: u32, first: &Page) -> Diagnostic {
    let front = &page.text[..page.body.start];
    let line = front.lines().position(|l| l.starts_with("number:"));
    let loc = match line {
        Some(line) => SourceLoc::new(&page.file, line + 1, 1),
        None => SourceLoc::new(&page.file, 1, 1),
    };
    Diagnostic::new(
        loc,
        format!(
            "question number {number} is also {}'s, in the same part",
            first.file.display()
        ),
    )
    .with_help("give each question of a part its own number, or leave `number:` out to number them in order")
}

#[cfg(test)]
mod tests {
    use crate::model::testing::{page, site};

    #[test]
    fn questions_are_numbered_in_order_within_their_part_unless_given_a_number() {
        let question = |n: Option<u32>| {
            let number = n.map_or(String::new(), |n| format!("number: {n}\n"));
            format!("---\nkind: question\n{number}---\nText\n")
        };
        let site = site(vec![
            page("index.md", "# Home\n"),
            page("a/index.md", "---\norder: 1\n---\n# A\n"),
            page("a/1.md", &question(None)),
            page("a/2.md", "Not a question\n"),
            page("a/3.md", &question(Some(7))),
            page("a/4.md", &question(None)),
            page("b/index.md", "---\norder: 2\n---\n# B\n"),
            page("b/1.md", &question(None)),
        ])
        .unwrap();
        let number = |source: &str| {
            site.lookup(&crate::paths::SourcePath::new(source))
                .unwrap()
                .number
        };
        assert_eq!(number("a/1.md"), Some(1));
        assert_eq!(number("a/2.md"), None);
        assert_eq!(number("a/3.md"), Some(7), "an explicit number wins");
        assert_eq!(number("a/4.md"), Some(3), "the third question of its part");
        assert_eq!(number("b/1.md"), Some(1), "each part counts from 1");
        assert!(site.warnings.is_empty(), "{:?}", site.warnings);
    }

    #[test]
    fn a_number_used_twice_in_a_part_is_warned_of_at_its_key() {
        let site = site(vec![
            page("index.md", "# Home\n"),
            page("a/index.md", "# A\n"),
            page("a/1.md", "---\nkind: question\n---\nText\n"),
            page("a/2.md", "---\nkind: question\nnumber: 1\n---\nText\n"),
        ])
        .unwrap();
        let [warning] = site.warnings.as_slice() else {
            panic!("{:?}", site.warnings);
        };
        assert!(warning.loc.path().ends_with("a/2.md"));
        assert_eq!(warning.loc.line(), Some(3));
        assert!(warning.message.contains("a/1.md"), "{}", warning.message);
    }
}

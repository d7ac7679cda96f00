//! Backlinks: for each page, the pages whose text links to it.

use std::collections::BTreeSet;

use super::PageFacts;
use crate::markdown::LinkTarget;
use crate::model::{PageId, Site};

pub(super) fn backlinks(site: &Site, facts: &[PageFacts]) -> Vec<Vec<PageId>> {
    let mut sets: Vec<BTreeSet<PageId>> = vec![BTreeSet::new(); site.pages.len()];
    for (from, page_facts) in facts.iter().enumerate() {
        for link in &page_facts.links {
            if let LinkTarget::Page(target) = &link.target {
                if let Some(to) = site.by_source.get(target) {
                    if to.0 != from {
                        sets[to.0].insert(PageId(from));
                    }
                }
            }
        }
    }
    sets.into_iter().map(|s| s.into_iter().collect()).collect()
}

#[cfg(test)]
mod tests {
    use crate::graph::build;
    use crate::graph::testing::{CONCEPTS, guide, titles};
    use crate::paths::SourcePath;

    #[test]
    fn backlinks_list_the_pages_that_link_here() {
        let (site, facts) = guide(
            &[
                ("index.md", "See [a](a.md) and [b](b.md#x)."),
                ("a.md", "# A\n\n[b](b.md), [self](a.md), [[b]]"),
                ("b.md", "# B\n\n## X\n"),
            ],
            CONCEPTS,
        );
        let graph = build(&site, facts.unwrap());
        let b = site.by_source[&SourcePath::new("b.md")];
        assert_eq!(titles(&site, &graph.backlinks[b.0]), ["index.md", "a.md"]);
        let a = site.by_source[&SourcePath::new("a.md")];
        assert_eq!(titles(&site, &graph.backlinks[a.0]), ["index.md"]);
    }
}

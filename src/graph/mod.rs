//! Step 4: the guide as a web. From every page's links and concept mentions: who links
//! to whom (backlinks), which concepts each page is about, the questions related to each
//! question (ranked by the concepts they share, rarer concepts counting more), and every
//! mention of each concept. Also the checks that need the whole guide: anchors of links
//! between pages, concepts never mentioned, pages nothing links to.
//!
//! Everything is computed through indexes (concept to pages, concept to the sets of
//! concepts questions name), never by comparing all pairs of pages, so the work grows
//! with the guide, not with its square.

use crate::concepts::ConceptId;
use crate::model::{PageId, Site};

mod backlinks;
mod checks;
mod facts;
mod mentions;
mod related;
#[cfg(test)]
mod testing;

use backlinks::backlinks;
pub(crate) use checks::{check_anchors, warnings};
pub(crate) use facts::PageFacts;
pub(crate) use mentions::PageMentions;
use mentions::{co_occurring, mentions, page_concepts};
use related::related;

/// A question related to another, and the concepts they share (rarest first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Related {
    pub page: PageId,
    pub shared: Vec<ConceptId>,
    /// Listed in the page's `related:` front matter.
    pub explicit: bool,
}

#[derive(Debug, Default)]
pub(crate) struct Graph {
    /// By page: the pages whose text links to it, in guide order.
    pub backlinks: Vec<Vec<PageId>>,
    /// By page: its concepts with their number of mentions, most mentioned first.
    pub page_concepts: Vec<Vec<(ConceptId, usize)>>,
    /// By page: related questions (only for questions).
    pub related: Vec<Vec<Related>>,
    /// By concept: its mentions, grouped by page in guide order.
    pub mentions: Vec<Vec<PageMentions>>,
    /// By concept: the concepts found on the same pages, most pages in common first.
    pub co_occurring: Vec<Vec<(ConceptId, usize)>>,
    /// What the graph was built from, which its mentions point into.
    pub facts: Vec<PageFacts>,
}

/// How many related questions a question shows.
const RELATED_SHOWN: usize = 5;

pub(crate) fn build(site: &Site, mut facts: Vec<PageFacts>) -> Graph {
    let page_concepts = page_concepts(site, &facts);
    let backlinks = backlinks(site, &facts);
    // The links are in the backlinks now; the mentions stay, for the concepts' pages.
    for page in &mut facts {
        page.links = Vec::new();
    }
    Graph {
        backlinks,
        related: related(site, &page_concepts),
        mentions: mentions(site, &facts),
        co_occurring: co_occurring(site, &page_concepts),
        page_concepts,
        facts,
    }
}

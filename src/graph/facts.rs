//! What analysing a page found, as the graph takes it: its links and anchors, how many
//! times it names each concept, and the first few of those mentions, kept compactly.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use crate::concepts::ConceptId;
use crate::error::Diagnostic;
use crate::markdown::{LinkRef, Mention};

/// What the analysis pass found on one page.
#[derive(Debug, Default, Clone)]
pub(crate) struct PageFacts {
    pub links: Vec<LinkRef>,
    pub anchors: Vec<String>,
    /// How many times the page names each concept.
    pub mention_counts: BTreeMap<ConceptId, usize>,
    /// The first few mentions of each concept (see [`FIRST_MENTIONS`]), in page order,
    /// kept compactly: their snippets in one string. A large guide names its concepts
    /// millions of times, and a string each would be most of the memory of a build.
    pub(super) named: Vec<Named>,
    snippets: String,
    /// Diagrams repaired or shown as text.
    pub notes: Vec<Diagnostic>,
}

#[derive(Debug, Clone)]
pub(super) struct Named {
    pub(super) concept: ConceptId,
    /// Index in `anchors` of the heading the mention is under.
    anchor: Option<u32>,
    snippet: (u32, u32),
}

/// A mention of a concept kept in a page's facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct MentionRef<'f> {
    pub concept: ConceptId,
    pub anchor: Option<&'f str>,
    pub snippet: &'f str,
}

impl PageFacts {
    /// The facts of a page from what analysing it found.
    pub(crate) fn new(
        links: Vec<LinkRef>,
        anchors: Vec<String>,
        mentions: Vec<Mention>,
        notes: Vec<Diagnostic>,
    ) -> Self {
        let mut mention_counts: BTreeMap<ConceptId, usize> = BTreeMap::new();
        let mut kept: BTreeMap<ConceptId, usize> = BTreeMap::new();
        let mut named: Vec<Named> = Vec::new();
        let mut snippets = String::new();
        for mention in mentions {
            *mention_counts.entry(mention.concept).or_insert(0) += 1;
            let kept = kept.entry(mention.concept).or_insert(0);
            if *kept == FIRST_MENTIONS {
                continue;
            }
            let anchor = mention
                .anchor
                .and_then(|a| anchors.iter().position(|known| *known == a))
                .map(|i| i as u32);
            // A sentence that names the concept twice (or by two aliases) is shown once.
            let repeated = named.iter().any(|n| {
                let (start, end) = n.snippet;
                n.concept == mention.concept
                    && n.anchor == anchor
                    && snippets[start as usize..end as usize] == mention.snippet
            });
            if repeated {
                continue;
            }
            *kept += 1;
            let start = snippets.len() as u32;
            snippets.push_str(&mention.snippet);
            named.push(Named {
                concept: mention.concept,
                anchor,
                snippet: (start, snippets.len() as u32),
            });
        }
        PageFacts {
            links,
            anchors,
            mention_counts,
            named,
            snippets,
            notes,
        }
    }

    /// What other pages and the concepts' pages see of these facts, as a number: where
    /// the links go, the anchors, the mentions kept with their snippets and counts, and
    /// the notes. Where in the file a link is written is left out: a paragraph added above
    /// it moves it, and only a report of a problem would show that.
    pub(crate) fn signature(&self) -> u64 {
        let mut hasher = DefaultHasher::new();
        for link in &self.links {
            (&link.written, &link.target, &link.fragment).hash(&mut hasher);
        }
        self.anchors.hash(&mut hasher);
        self.mention_counts.hash(&mut hasher);
        for i in 0..self.named.len() {
            let mention = self.mention(i);
            (mention.concept, mention.anchor, mention.snippet).hash(&mut hasher);
        }
        for note in &self.notes {
            format!("{note:?}").hash(&mut hasher);
        }
        hasher.finish()
    }

    /// The `i`th mention kept.
    pub(crate) fn mention(&self, i: usize) -> MentionRef<'_> {
        let named = &self.named[i];
        let (start, end) = named.snippet;
        MentionRef {
            concept: named.concept,
            anchor: named.anchor.map(|a| self.anchors[a as usize].as_str()),
            snippet: &self.snippets[start as usize..end as usize],
        }
    }
}

/// Mentions kept of each page for a concept's page: enough to see how the page uses it.
pub(crate) const FIRST_MENTIONS: usize = 3;

//! Concept mentions across the guide: the concepts each page is about, each concept's
//! mentions grouped by page, and the concepts found on the same pages.

use std::collections::BTreeMap;

use super::Graph;
use super::facts::{FIRST_MENTIONS, MentionRef, PageFacts};
use crate::concepts::ConceptId;
use crate::model::{PageId, Site};

/// One page's mentions of a concept: how many, and the first few (what a concept page
/// shows of each page), by their place in the page's facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PageMentions {
    pub page: PageId,
    pub count: usize,
    first: [u32; FIRST_MENTIONS],
    kept: usize,
}

impl PageMentions {
    /// The first mentions, from the graph's facts.
    pub(crate) fn first<'g>(
        &self,
        graph: &'g Graph,
    ) -> impl Iterator<Item = MentionRef<'g>> + use<'g, '_> {
        let facts = &graph.facts[self.page.0];
        self.first[..self.kept]
            .iter()
            .map(|&i| facts.mention(i as usize))
    }
}

const CO_OCCURRING_SHOWN: usize = 8;

pub(super) fn page_concepts(site: &Site, facts: &[PageFacts]) -> Vec<Vec<(ConceptId, usize)>> {
    site.pages
        .iter()
        .zip(facts)
        .map(|(page, facts)| {
            let mut counts: BTreeMap<ConceptId, usize> = BTreeMap::new();
            for extra in &page.concepts {
                counts.entry(*extra).or_insert(0);
            }
            for (concept, count) in &facts.mention_counts {
                *counts.entry(*concept).or_insert(0) += count;
            }
            let mut list: Vec<(ConceptId, usize)> = counts.into_iter().collect();
            list.sort_by(|a, b| {
                b.1.cmp(&a.1).then_with(|| {
                    site.concepts
                        .get(a.0)
                        .name
                        .cmp(&site.concepts.get(b.0).name)
                })
            });
            list
        })
        .collect()
}

pub(super) fn mentions(site: &Site, facts: &[PageFacts]) -> Vec<Vec<PageMentions>> {
    let mut by_concept: Vec<Vec<PageMentions>> = vec![Vec::new(); site.concepts.len()];
    for (page, page_facts) in facts.iter().enumerate() {
        for (concept, count) in &page_facts.mention_counts {
            by_concept[concept.0].push(PageMentions {
                page: PageId(page),
                count: *count,
                first: [0; FIRST_MENTIONS],
                kept: 0,
            });
        }
        for (i, named) in page_facts.named.iter().enumerate() {
            if let Some(group) = by_concept[named.concept.0].last_mut() {
                group.first[group.kept] = i as u32;
                group.kept += 1;
            }
        }
    }
    by_concept
}

pub(super) fn co_occurring(
    site: &Site,
    page_concepts: &[Vec<(ConceptId, usize)>],
) -> Vec<Vec<(ConceptId, usize)>> {
    let mut pairs: Vec<BTreeMap<ConceptId, usize>> = vec![BTreeMap::new(); site.concepts.len()];
    for concepts in page_concepts {
        for (a, _) in concepts {
            for (b, _) in concepts {
                if a != b {
                    *pairs[a.0].entry(*b).or_insert(0) += 1;
                }
            }
        }
    }
    pairs
        .into_iter()
        .map(|counts| {
            let mut list: Vec<(ConceptId, usize)> = counts.into_iter().collect();
            list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            list.truncate(CO_OCCURRING_SHOWN);
            list
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::MentionRef;
    use crate::graph::build;
    use crate::graph::testing::{CONCEPTS, guide};

    #[test]
    fn aliases_count_and_code_never_does() {
        let body = "We used CDC, i.e. change data capture.\n\n`Kafka` in code and\n\n```sql\nSELECT Kafka, Flink FROM Druid\n```\n\n    Flink indented\n";
        let (site, facts) = guide(&[("index.md", body)], CONCEPTS);
        let graph = build(&site, facts.unwrap());
        let found: Vec<(&str, usize)> = graph.page_concepts[0]
            .iter()
            .map(|(c, n)| (site.concepts.get(*c).id.as_str(), *n))
            .collect();
        assert_eq!(found, [("cdc", 2)]);
    }

    #[test]
    fn concept_mentions_are_grouped_by_page_with_their_section() {
        let (site, facts) = guide(
            &[(
                "index.md",
                "Kafka first.\n\n## Streams {#streams}\n\nKafka and Kafka again.\n\nKafka, the fourth.\n",
            )],
            CONCEPTS,
        );
        let graph = build(&site, facts.unwrap());
        let kafka = site.concepts.by_id("kafka").unwrap();
        let groups = &graph.mentions[kafka.0];
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].count, 4);
        let first: Vec<MentionRef> = groups[0].first(&graph).collect();
        let anchors: Vec<Option<&str>> = first.iter().map(|m| m.anchor).collect();
        assert_eq!(
            anchors,
            [None, Some("streams"), Some("streams")],
            "the first three sentences are kept"
        );
        let snippets: Vec<&str> = first.iter().map(|m| m.snippet).collect();
        assert_eq!(
            snippets,
            [
                "Kafka first.",
                "Kafka and Kafka again.",
                "Kafka, the fourth."
            ],
            "a sentence naming it twice is shown once"
        );
    }
}

//! A guide for the graph's tests: pages and concepts given as text, analysed.

use super::PageFacts;
use crate::concepts::{Concept, ConceptEntry, Concepts};
use crate::model::{PageId, Site};

pub(super) type ConceptSpec<'a> = (&'a str, &'a str, &'a [&'a str]);

pub(super) fn guide(
    pages: &[(&str, &str)],
    concepts: &[ConceptSpec],
) -> (Site, Result<Vec<PageFacts>, String>) {
    let concepts = concepts
        .iter()
        .map(|(id, name, aliases)| {
            let entry = ConceptEntry {
                id: id.to_string(),
                name: name.to_string(),
                aliases: aliases.iter().map(|a| a.to_string()).collect(),
                description: None,
            };
            Concept::from_entry(entry, 1)
        })
        .collect();
    let site = crate::model::test_site(pages, Concepts::new(concepts));
    let facts =
        crate::generate::analyze(&site, &Default::default()).map_err(|e| crate::report::error(&e));
    (site, facts)
}

pub(super) const CONCEPTS: &[ConceptSpec] = &[
    ("kafka", "Kafka", &[]),
    ("flink", "Flink", &[]),
    ("druid", "Druid", &[]),
    ("cdc", "Debezium / CDC", &["CDC", "change data capture"]),
    ("unused", "Unused", &[]),
];

pub(super) fn titles(site: &Site, ids: &[PageId]) -> Vec<String> {
    ids.iter()
        .map(|id| site.page(*id).source.to_string())
        .collect()
}

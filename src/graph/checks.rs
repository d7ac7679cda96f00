//! The checks that need the whole guide: anchors of links between pages, concepts never
//! mentioned, pages nothing links to.

use std::collections::BTreeSet;

use super::{Graph, PageFacts};
use crate::concepts::ConceptId;
use crate::error::{Diagnostic, SourceLoc, closest};
use crate::markdown::LinkTarget;
use crate::model::{PageId, Site};

/// Links whose `#anchor` is not a heading of the page they point to.
pub(crate) fn check_anchors(site: &Site, facts: &[PageFacts]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (from, page_facts) in facts.iter().enumerate() {
        for link in &page_facts.links {
            let Some(fragment) = &link.fragment else {
                continue;
            };
            let target = match &link.target {
                LinkTarget::SamePage => Some(PageId(from)),
                LinkTarget::Page(source) => site.by_source.get(source).copied(),
                LinkTarget::Asset(_) | LinkTarget::Concept(_) => None,
            };
            let Some(target) = target else { continue };
            let anchors = &facts[target.0].anchors;
            if fragment.is_empty() || anchors.iter().any(|a| a == fragment) {
                continue;
            }
            let page = site.page(target);
            let d = Diagnostic::new(
                link.loc.clone(),
                format!(
                    "link to \"{}\": no heading \"{fragment}\" in {}",
                    link.written, page.source
                ),
            )
            .with_len(link.len);
            problems.push(
                match closest(fragment, anchors.iter().map(String::as_str)) {
                    Some(near) => d.with_help(format!("did you mean \"#{near}\"?")),
                    None if anchors.is_empty() => d.with_help("that page has no headings"),
                    None => d.with_help(format!("its headings are #{}", anchors.join(", #"))),
                },
            );
        }
    }
    problems
}

/// Concepts no page names, and pages (other than sections) no other page links to:
/// worth a look, not fatal (unless `guidebook check --strict`).
pub(crate) fn warnings(
    site: &Site,
    graph: &Graph,
    concepts_file: &std::path::Path,
) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let mut named: BTreeSet<ConceptId> = BTreeSet::new();
    for list in &graph.page_concepts {
        named.extend(list.iter().map(|(c, _)| *c));
    }
    for (id, concept) in site.concepts.iter() {
        if !named.contains(&id) {
            warnings.push(
                Diagnostic::new(
                    SourceLoc::new(concepts_file, concept.line, 1),
                    format!("concept \"{}\" is never mentioned", concept.id),
                )
                .with_help("add an alias the guide uses, or remove the concept"),
            );
        }
    }
    // Sections are reached through the guide's structure (home map, sidebar); a page
    // inside a part needs a link from the text, or readers only find it by browsing.
    for page in site.pages.iter().filter(|p| !p.is_section()) {
        if graph.backlinks[page.id.0].is_empty() {
            warnings.push(
                Diagnostic::new(
                    SourceLoc::new(&page.file, 1, 1),
                    "no page links to this page",
                )
                .with_help("link to it from a related page, so readers find it from the text"),
            );
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::warnings;
    use crate::graph::build;
    use crate::graph::testing::{CONCEPTS, guide};

    #[test]
    fn broken_anchors_are_reported_with_their_line_and_a_hint() {
        let (_, facts) = guide(
            &[
                (
                    "index.md",
                    "Intro.\n\nSee [key points](q.md#key-point) and [top](#nowhere).",
                ),
                ("q.md", "# Q\n\n## Key points\n\n## Deep dive\n"),
            ],
            CONCEPTS,
        );
        let text = facts.unwrap_err();
        assert!(text.contains("  1. guide/index.md:3:5: link to \"q.md#key-point\": no heading \"key-point\" in q.md (did you mean \"#key-points\"?)"), "{text}");
        assert!(text.contains("  2. guide/index.md:3:38: link to \"#nowhere\": no heading \"nowhere\" in index.md (that page has no headings)"), "{text}");
    }

    #[test]
    fn warnings_name_unmentioned_concepts_and_unlinked_pages() {
        let (site, facts) = guide(
            &[
                ("index.md", "Kafka, Flink, Druid, CDC, [a](a.md)."),
                ("a.md", "A"),
                ("lonely.md", "L"),
            ],
            CONCEPTS,
        );
        let graph = build(&site, facts.unwrap());
        let warnings: Vec<String> = warnings(&site, &graph, Path::new("guide/concepts.yaml"))
            .iter()
            .map(|d| d.message.clone())
            .collect();
        assert_eq!(
            warnings,
            [
                "concept \"unused\" is never mentioned",
                "no page links to this page"
            ]
        );
    }
}

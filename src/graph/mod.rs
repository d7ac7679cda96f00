//! Step 4: the guide as a web. From every page's links and concept mentions: who links
//! to whom (backlinks), which concepts each page is about, the questions related to each
//! question (ranked by the concepts they share, rarer concepts counting more), and every
//! mention of each concept. Also the checks that need the whole guide: anchors of links
//! between pages, concepts never mentioned, pages nothing links to.
//!
//! Everything is computed through indexes (concept to pages, concept to the sets of
//! concepts questions name), never by comparing all pairs of pages, so the work grows
//! with the guide, not with its square.

use std::collections::{BTreeMap, BTreeSet};

use crate::concepts::ConceptId;
use crate::error::Diagnostic;
use crate::markdown::{LinkRef, LinkTarget, Mention};
use crate::model::{PageId, Site};

mod checks;
mod related;

pub(crate) use checks::{check_anchors, warnings};
use related::related;

/// What the analysis pass found on one page.
#[derive(Debug, Default)]
pub(crate) struct PageFacts {
    pub links: Vec<LinkRef>,
    pub anchors: Vec<String>,
    /// How many times the page names each concept.
    pub mention_counts: BTreeMap<ConceptId, usize>,
    /// The first few mentions of each concept (see [`FIRST_MENTIONS`]), in page order,
    /// kept compactly: their snippets in one string. A large guide names its concepts
    /// millions of times, and a string each would be most of the memory of a build.
    named: Vec<Named>,
    snippets: String,
    /// Diagrams repaired or shown as text.
    pub notes: Vec<Diagnostic>,
}

#[derive(Debug, Clone)]
struct Named {
    concept: ConceptId,
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

/// A question related to another, and the concepts they share (rarest first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Related {
    pub page: PageId,
    pub shared: Vec<ConceptId>,
    /// Listed in the page's `related:` front matter.
    pub explicit: bool,
}

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

/// Mentions kept of each page for a concept's page: enough to see how the page uses it.
pub(crate) const FIRST_MENTIONS: usize = 3;

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
const CO_OCCURRING_SHOWN: usize = 8;

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

fn backlinks(site: &Site, facts: &[PageFacts]) -> Vec<Vec<PageId>> {
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

fn page_concepts(site: &Site, facts: &[PageFacts]) -> Vec<Vec<(ConceptId, usize)>> {
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

fn mentions(site: &Site, facts: &[PageFacts]) -> Vec<Vec<PageMentions>> {
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

fn co_occurring(
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
    use std::path::Path;

    use super::*;
    use crate::concepts::{Concept, ConceptEntry, Concepts};
    use crate::paths::SourcePath;

    type ConceptSpec<'a> = (&'a str, &'a str, &'a [&'a str]);

    fn guide(
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
        let facts = crate::generate::analyze(&site, &Default::default())
            .map_err(|e| crate::report::error(&e));
        (site, facts)
    }

    const CONCEPTS: &[ConceptSpec] = &[
        ("kafka", "Kafka", &[]),
        ("flink", "Flink", &[]),
        ("druid", "Druid", &[]),
        ("cdc", "Debezium / CDC", &["CDC", "change data capture"]),
        ("unused", "Unused", &[]),
    ];

    fn question(n: u32, body: &str) -> String {
        format!("---\nkind: question\nnumber: {n}\n---\n{body}\n")
    }

    fn titles(site: &Site, ids: &[PageId]) -> Vec<String> {
        ids.iter()
            .map(|id| site.page(*id).source.to_string())
            .collect()
    }

    #[test]
    fn related_questions_rank_by_shared_and_rare_concepts() {
        let q1 = question(1, "Kafka, Flink and Druid.");
        let q2 = question(2, "Kafka and Flink.");
        let q3 = question(3, "Kafka alone.");
        let q4 = question(4, "Druid alone.");
        let (site, facts) = guide(
            &[
                ("index.md", "# Home"),
                ("q1.md", &q1),
                ("q2.md", &q2),
                ("q3.md", &q3),
                ("q4.md", &q4),
            ],
            CONCEPTS,
        );
        let graph = build(&site, facts.unwrap());
        let related = &graph.related[1];
        let pages: Vec<PageId> = related.iter().map(|r| r.page).collect();
        assert_eq!(titles(&site, &pages), ["q2.md", "q4.md", "q3.md"]);
        let shared: Vec<&str> = related[0]
            .shared
            .iter()
            .map(|c| site.concepts.get(*c).name.as_str())
            .collect();
        assert_eq!(shared, ["Flink", "Kafka"], "rarer concepts are named first");
        assert!(
            graph.related[0].is_empty(),
            "only questions get related questions"
        );
    }

    #[test]
    fn explicit_related_pages_come_first() {
        let q1 = "---\nkind: question\nrelated: [q3.md]\n---\nKafka and Flink.";
        let q2 = question(2, "Kafka and Flink.");
        let q3 = question(3, "Nothing shared.");
        let (site, facts) = guide(
            &[
                ("index.md", "# Home"),
                ("q1.md", q1),
                ("q2.md", &q2),
                ("q3.md", &q3),
            ],
            CONCEPTS,
        );
        let graph = build(&site, facts.unwrap());
        let related: Vec<(String, bool)> = graph.related[1]
            .iter()
            .map(|r| (site.page(r.page).source.to_string(), r.explicit))
            .collect();
        assert_eq!(
            related,
            [("q3.md".to_string(), true), ("q2.md".to_string(), false)]
        );
    }

    #[test]
    fn ties_fall_to_guide_order_after_the_explicit_ones_and_five_are_shown() {
        let q1 =
            "---\nkind: question\nrelated: [q2.md, q8.md, q1.md, q2.md]\n---\nKafka and Flink.";
        let mut pages = vec![("index.md".to_string(), "# Home".to_string())];
        pages.push(("q1.md".to_string(), q1.to_string()));
        for n in 2..=7 {
            pages.push((format!("q{n}.md"), question(n, "Kafka and Flink.")));
        }
        pages.push(("q8.md".to_string(), question(8, "Nothing shared.")));
        pages.push(("q9.md".to_string(), question(9, "Kafka alone.")));
        let pages: Vec<(&str, &str)> = pages
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        let (site, facts) = guide(&pages, CONCEPTS);
        let graph = build(&site, facts.unwrap());
        let shown = |q: usize| -> Vec<(String, bool, Vec<&str>)> {
            graph.related[q]
                .iter()
                .map(|r| {
                    let shared = r.shared.iter().map(|c| site.concepts.get(*c).name.as_str());
                    (
                        site.page(r.page).source.to_string(),
                        r.explicit,
                        shared.collect(),
                    )
                })
                .collect()
        };
        let row = |page: &str, explicit: bool, shared: &[&'static str]| {
            (page.to_string(), explicit, shared.to_vec())
        };
        let both: &[&str] = &["Flink", "Kafka"];
        assert_eq!(
            shown(1),
            [
                row("q2.md", true, both),
                row("q8.md", true, &[]),
                row("q3.md", false, both),
                row("q4.md", false, both),
                row("q5.md", false, both),
            ],
            "explicit once each and never itself, then equal scores in guide order"
        );
        assert_eq!(
            shown(9),
            ["q1.md", "q2.md", "q3.md", "q4.md", "q5.md"].map(|p| row(p, false, &["Kafka"])),
        );
        assert!(shown(8).is_empty(), "a question sharing nothing has none");
    }

    /// The ranking as first written: from each question, through every concept it names,
    /// to every question naming that concept. Quadratic at scale (thousands of questions
    /// on each of a few concepts), but plainly right: the reference for [`related`].
    fn related_by_walking(
        site: &Site,
        page_concepts: &[Vec<(ConceptId, usize)>],
    ) -> Vec<Vec<Related>> {
        let questions: Vec<PageId> = site.questions().map(|p| p.id).collect();
        let mut index: BTreeMap<ConceptId, Vec<PageId>> = BTreeMap::new();
        for q in &questions {
            for (concept, _) in &page_concepts[q.0] {
                index.entry(*concept).or_default().push(*q);
            }
        }
        let weight = |c: &ConceptId| (1.0 + questions.len() as f64 / index[c].len() as f64).ln();
        let mut all = vec![Vec::new(); site.pages.len()];
        for q in &questions {
            let mut scores: BTreeMap<PageId, (f64, Vec<ConceptId>)> = BTreeMap::new();
            for (concept, _) in &page_concepts[q.0] {
                for other in &index[concept] {
                    if other != q {
                        let entry = scores.entry(*other).or_insert((0.0, Vec::new()));
                        entry.0 += weight(concept);
                        entry.1.push(*concept);
                    }
                }
            }
            let shared_with =
                |page: PageId, scores: &mut BTreeMap<PageId, (f64, Vec<ConceptId>)>| {
                    let mut shared = scores.remove(&page).map(|s| s.1).unwrap_or_default();
                    shared.sort_by(|a, b| weight(b).total_cmp(&weight(a)).then(a.cmp(b)));
                    shared
                };
            let page = site.page(*q);
            let mut list: Vec<Related> = Vec::new();
            for explicit in &page.related {
                if list.iter().all(|r| r.page != *explicit) && explicit != q {
                    let shared = shared_with(*explicit, &mut scores);
                    list.push(Related {
                        page: *explicit,
                        shared,
                        explicit: true,
                    });
                }
            }
            let mut ranked: Vec<(f64, PageId)> =
                scores.iter().map(|(p, (s, _))| (*s, *p)).collect();
            ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            for (_, other) in ranked
                .into_iter()
                .take(RELATED_SHOWN.saturating_sub(list.len()))
            {
                let shared = shared_with(other, &mut scores);
                list.push(Related {
                    page: other,
                    shared,
                    explicit: false,
                });
            }
            all[q.0] = list;
        }
        all
    }

    #[test]
    fn related_questions_are_those_of_the_walk_through_every_concept() {
        // Sixty questions on a few concepts: many share a set of concepts (ties), name
        // them a varying number of times (so each sums its weights in its own order),
        // and some list related pages: themselves, twice, more than are shown, a page
        // that is no question, a question sharing nothing, one that would rank first.
        let names = ["Kafka", "Flink", "Druid", "change data capture"];
        let mut pages = vec![
            ("index.md".to_string(), "# Home".to_string()),
            (
                "notes.md".to_string(),
                "Kafka and Flink, in no question.".to_string(),
            ),
        ];
        let mut seed = 7u64;
        let mut first_with: BTreeMap<usize, u32> = BTreeMap::new();
        for n in 1..=60 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let bits = (seed >> 33) as usize;
            let mut body = String::new();
            for (i, name) in names.iter().enumerate() {
                if bits >> i & 1 == 1 {
                    for _ in 0..=(bits >> (8 + 2 * i) & 3) {
                        body.push_str(name);
                        body.push_str(". ");
                    }
                }
            }
            let mut front = format!("kind: question\nnumber: {n}\n");
            match n {
                3 => front.push_str("related: [q3.md, q9.md, q9.md, notes.md]\n"),
                5 => front.push_str("related: [q1.md, q2.md, q4.md, q6.md, q7.md, q8.md]\n"),
                7 => front.push_str("related: [q13.md, q12.md]\n"),
                11 => front.push_str("concepts: [unused]\n"),
                _ => {}
            }
            match first_with.get(&(bits & 15)) {
                Some(twin) if n % 4 == 0 => front.push_str(&format!("related: [q{twin}.md]\n")),
                Some(_) => {}
                None => {
                    first_with.insert(bits & 15, n);
                }
            }
            if n == 13 {
                body = "Nothing shared.".to_string();
            }
            pages.push((format!("q{n}.md"), format!("---\n{front}---\n{body}\n")));
        }
        let pages: Vec<(&str, &str)> = pages
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        let (site, facts) = guide(&pages, CONCEPTS);
        let graph = build(&site, facts.unwrap());
        let expected = related_by_walking(&site, &graph.page_concepts);
        assert_eq!(graph.related, expected);
        let full = expected.iter().filter(|r| r.len() == RELATED_SHOWN).count();
        assert!(full > 40, "most questions show all they can: {full}");
        assert!(expected[site.by_source[&SourcePath::new("q13.md")].0].is_empty());
    }

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

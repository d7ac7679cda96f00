//! Related questions: the questions that share the most concepts with each question,
//! rarer concepts counting more, found through an index of concept sets rather than by
//! comparing every pair of questions.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::{RELATED_SHOWN, Related};
use crate::concepts::ConceptId;
use crate::model::{PageId, Site};

/// Explicit `related:` pages first, then the questions sharing the most (and rarest)
/// concepts: each shared concept weighs ln(1 + questions / questions naming it).
///
/// Questions naming the same set of concepts score alike against any other question,
/// and a large guide has far fewer such sets than questions (its ~40 concepts each
/// named by thousands of questions). So each question's scores are summed per set, by
/// walking an index from concept to the sets that name it, and only the first few
/// questions of each set are candidates: the work grows with questions × sets, not
/// with questions². A score adds the shared concepts' weights in the question's own
/// concept order, so that equal scores are equal to the last bit, and ties fall to
/// guide order.
pub(super) fn related(site: &Site, page_concepts: &[Vec<(ConceptId, usize)>]) -> Vec<Vec<Related>> {
    let questions: Vec<PageId> = site.questions().map(|p| p.id).collect();
    let mut naming = vec![0usize; site.concepts.len()];
    for q in &questions {
        for (concept, _) in &page_concepts[q.0] {
            naming[concept.0] += 1;
        }
    }
    let weights: Vec<f64> = naming
        .iter()
        .map(|&n| (1.0 + questions.len() as f64 / n as f64).ln())
        .collect();
    let sets = ConceptSets::new(&questions, page_concepts, site.concepts.len());
    let is_question = {
        let mut is = vec![false; site.pages.len()];
        for q in &questions {
            is[q.0] = true;
        }
        is
    };
    // Shared concepts, most telling (rarest) first.
    let shared = |q: PageId, with: &dyn Fn(ConceptId) -> bool| {
        let mut shared: Vec<ConceptId> = page_concepts[q.0]
            .iter()
            .map(|(c, _)| *c)
            .filter(|c| with(*c))
            .collect();
        shared.sort_by(|a, b| weights[b.0].total_cmp(&weights[a.0]).then(a.cmp(b)));
        shared
    };
    let lists: Vec<(PageId, Vec<Related>)> = questions
        .par_iter()
        .map_init(
            || Scratch::new(sets.len()),
            |scratch, &q| {
                let page = site.page(q);
                let mut list: Vec<Related> = Vec::new();
                for &explicit in &page.related {
                    if explicit != q && list.iter().all(|r| r.page != explicit) {
                        let theirs = &page_concepts[explicit.0];
                        let with = |c: ConceptId| {
                            is_question[explicit.0] && theirs.iter().any(|(t, _)| *t == c)
                        };
                        list.push(Related {
                            page: explicit,
                            shared: shared(q, &with),
                            explicit: true,
                        });
                    }
                }
                let wanted = RELATED_SHOWN.saturating_sub(list.len());
                if wanted == 0 {
                    return (q, list);
                }
                scratch.score(&sets, &page_concepts[q.0], &weights);
                // Within a set all score alike, so its first questions in guide order
                // (other than this one and those already listed) are its only
                // candidates.
                let mut ranked: Vec<(f64, PageId)> = Vec::new();
                for &set in &scratch.touched {
                    let score = scratch.scores[set];
                    ranked.extend(
                        sets.members[set]
                            .iter()
                            .filter(|&&other| other != q && !page.related.contains(&other))
                            .take(wanted)
                            .map(|&other| (score, other)),
                    );
                }
                ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
                for (_, other) in ranked.into_iter().take(wanted) {
                    let set = sets.of[other.0];
                    list.push(Related {
                        page: other,
                        shared: shared(q, &|c| sets.contains(set, c)),
                        explicit: false,
                    });
                }
                (q, list)
            },
        )
        .collect();
    let mut all = vec![Vec::new(); site.pages.len()];
    for (q, list) in lists {
        all[q.0] = list;
    }
    all
}

/// The questions grouped by the set of concepts they name.
struct ConceptSets {
    /// By set: its questions, in guide order.
    members: Vec<Vec<PageId>>,
    /// By set: its concepts, a bit each.
    bits: Vec<Vec<u64>>,
    /// By concept: the sets naming it.
    naming: Vec<Vec<usize>>,
    /// By page: the set of a question (meaningless for other pages).
    of: Vec<usize>,
}

impl ConceptSets {
    fn new(
        questions: &[PageId],
        page_concepts: &[Vec<(ConceptId, usize)>],
        concepts: usize,
    ) -> Self {
        let words = concepts.div_ceil(64);
        let mut sets = ConceptSets {
            members: Vec::new(),
            bits: Vec::new(),
            naming: vec![Vec::new(); concepts],
            of: vec![usize::MAX; page_concepts.len()],
        };
        let mut known: FxHashMap<Vec<u64>, usize> = FxHashMap::default();
        for q in questions {
            let mut bits = vec![0u64; words];
            for (c, _) in &page_concepts[q.0] {
                bits[c.0 / 64] |= 1 << (c.0 % 64);
            }
            let set = *known.entry(bits).or_insert_with_key(|bits| {
                let set = sets.members.len();
                for (c, _) in &page_concepts[q.0] {
                    sets.naming[c.0].push(set);
                }
                sets.members.push(Vec::new());
                sets.bits.push(bits.clone());
                set
            });
            sets.members[set].push(*q);
            sets.of[q.0] = set;
        }
        sets
    }

    fn len(&self) -> usize {
        self.members.len()
    }

    fn contains(&self, set: usize, concept: ConceptId) -> bool {
        self.bits[set][concept.0 / 64] & (1 << (concept.0 % 64)) != 0
    }
}

/// One question's scores against each set of concepts, reused from question to question.
struct Scratch {
    scores: Vec<f64>,
    /// The sets sharing a concept with the question, which alone have a score.
    touched: Vec<usize>,
}

impl Scratch {
    fn new(sets: usize) -> Self {
        Scratch {
            scores: vec![0.0; sets],
            touched: Vec::new(),
        }
    }

    /// Sums, for each set, the weights of the concepts it shares with the question, in
    /// the question's order.
    fn score(&mut self, sets: &ConceptSets, concepts: &[(ConceptId, usize)], weights: &[f64]) {
        for &set in &self.touched {
            self.scores[set] = 0.0;
        }
        self.touched.clear();
        for (concept, _) in concepts {
            for &set in &sets.naming[concept.0] {
                // Every weight is at least ln 2: a score of 0 is one not yet touched.
                if self.scores[set] == 0.0 {
                    self.touched.push(set);
                }
                self.scores[set] += weights[concept.0];
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::graph::build;
    use crate::graph::testing::{CONCEPTS, guide, titles};
    use crate::paths::SourcePath;

    fn question(n: u32, body: &str) -> String {
        format!("---\nkind: question\nnumber: {n}\n---\n{body}\n")
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
}

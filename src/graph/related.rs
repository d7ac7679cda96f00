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

//! Beside step 6: the offline search index, written as script files so that it loads
//! from `file://` as well as from a server (a `fetch` of JSON fails from disk), and
//! split so that a query loads only what it needs, however large the guide:
//!
//! - `search/index.js`: what every query loads first: where each term, each page and
//!   each group of similar terms is, and the words left out.
//! - `search/t/N.js`: terms in sorted order, each with the pages it is on (its best
//!   place on each: title, heading, concept or body, and the section).
//! - `search/d/N.js`: a few pages each: title, address and the text of each section,
//!   for a result's heading and snippet.
//! - `search/f/N.js`: terms by first or last letter and length, for typos.
//!
//! The page script, `static/search.js`, reads them. Pages and concept pages are the
//! documents; a document's postings are gathered while its page is rendered.

mod encode;
mod gather;
pub(crate) mod tokens;

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use gather::Vocabulary;

use crate::concepts::{Concept, ConceptId};
use crate::markdown::{Mention, SectionText};
use crate::model::{Page, Site};
use crate::render::nav::push_js_string;
pub(crate) use crate::render::views::{SEARCH_INDEX as INDEX_FILE, search_url as page_url};

pub(crate) use encode::{Files, HASH_START, chain_hash};

/// Where a term is on a document, best first: ranking puts title and heading hits
/// first, then concept names and aliases, then body text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Field {
    Body = 0,
    Concept = 1,
    Heading = 2,
    Title = 3,
}

/// One term of a document: its id, the section of its best place, and that place.
pub(crate) type Posting = (u32, u16, Field);

/// Bytes of page text a file of documents aims at: a query opens one such file for each
/// result it shows (at most 10 at a time).
const DOCS_FILE_BYTES: usize = 16 * 1024;

/// The index being built: terms get ids as documents come in, from any thread.
pub(crate) struct Index {
    /// Off when `guide.yaml` says `search: false`: nothing is indexed or written.
    pub enabled: bool,
    stop_words: bool,
    /// Documents per file of documents.
    per_file: usize,
    pages: usize,
    vocabulary: Vocabulary,
    /// What a page mentioning each concept gets, by concept: read once, not per mention.
    concept_terms: Vec<Vec<(u32, Field)>>,
}

/// A document as its file of documents holds it (a JavaScript array literal) and its
/// terms.
#[derive(Default)]
pub(crate) struct Doc {
    pub entry: String,
    pub postings: Vec<Posting>,
}

impl Index {
    pub(crate) fn new(site: &Site) -> Index {
        let language = site.config.language.as_deref().unwrap_or("en");
        let pages = site.pages.len();
        let stop_words = tokens::uses_stop_words(language);
        let vocabulary = Vocabulary::new(stop_words);
        let concept_terms = site
            .concepts
            .iter()
            .map(|(_, concept)| {
                let terms = mention_terms(concept, stop_words);
                let ids = terms
                    .iter()
                    .filter_map(|(term, field)| vocabulary.id(term).map(|id| (id, *field)));
                ids.collect()
            })
            .collect();
        Index {
            enabled: site.config.search(),
            stop_words,
            per_file: per_file(site),
            pages,
            vocabulary,
            concept_terms,
        }
    }

    /// How many documents each file of documents holds: pages are rendered in groups of
    /// this many, so each group's file is written as soon as it is done.
    pub(crate) fn per_file(&self) -> usize {
        self.per_file
    }

    /// A page as a document: its title, and the text of its sections as rendered, with
    /// the concepts it mentions (`mentions`) or is about (front matter).
    pub(crate) fn page(&self, page: &Page, sections: &[SectionText], mentions: &[Mention]) -> Doc {
        if !self.enabled {
            return Doc::default();
        }
        let postings = self.vocabulary.gather(|terms| {
            terms.add(&page.title, Field::Title, 0);
            for (n, section) in sections.iter().enumerate() {
                let n = section_number(n);
                terms.add(&section.heading, Field::Heading, n);
                terms.add(&section.text, Field::Body, n);
            }
            for (concept, section) in self.first_mentions(page, sections, mentions) {
                for &(id, field) in &self.concept_terms[concept.0] {
                    terms.place(id, field, section);
                }
            }
        });
        Doc {
            entry: entry(&page.title, page.url.as_str(), sections),
            postings,
        }
    }

    /// Each concept the page mentions or is about, once, with the section of its first
    /// mention: its best place (the others add nothing).
    fn first_mentions(
        &self,
        page: &Page,
        sections: &[SectionText],
        mentions: &[Mention],
    ) -> Vec<(ConceptId, u16)> {
        let mut seen = vec![false; self.concept_terms.len()];
        let mut first: Vec<(ConceptId, Option<&str>)> = Vec::new();
        let named = mentions.iter().map(|m| (m.concept, m.anchor.as_deref()));
        let about = page.concepts.iter().map(|&id| (id, None));
        for (id, anchor) in named.chain(about) {
            if !std::mem::replace(&mut seen[id.0], true) {
                first.push((id, anchor));
            }
        }
        if first.is_empty() {
            return Vec::new();
        }
        let numbers: FxHashMap<&str, u16> = sections
            .iter()
            .enumerate()
            .filter_map(|(n, s)| Some((s.anchor.as_deref()?, section_number(n))))
            .collect();
        first
            .into_iter()
            .map(|(id, anchor)| {
                let section = anchor.and_then(|a| numbers.get(a)).copied().unwrap_or(0);
                (id, section)
            })
            .collect()
    }

    /// A concept's page as a document: its name as the title, its aliases, and its
    /// description as the text.
    pub(crate) fn concept(&self, concept: &Concept) -> Doc {
        let mut text = concept.description.clone().unwrap_or_default();
        if !concept.aliases.is_empty() {
            text.push_str(&format!(" Also: {}.", concept.aliases.join(", ")));
        }
        let postings = self.vocabulary.gather(|terms| {
            terms.add(&concept.name, Field::Title, 0);
            for alias in &concept.aliases {
                terms.add(alias, Field::Concept, 0);
            }
            terms.add(&text, Field::Body, 0);
        });
        let section = SectionText {
            text: text.clone(),
            ..SectionText::default()
        };
        Doc {
            entry: entry(&concept.name, concept.url.as_str(), &[section]),
            postings,
        }
    }

    /// The file of documents number `n`, holding `entries` in order.
    pub(crate) fn docs_file(n: usize, entries: &[String]) -> (String, String) {
        let size: usize = entries.iter().map(|e| e.len() + 2).sum();
        let mut js = String::with_capacity(size + 48);
        js.push_str(&format!("guidebookSearch.shard(\"d\",{n},[\n"));
        for (i, entry) in entries.iter().enumerate() {
            if i > 0 {
                js.push_str(",\n");
            }
            js.push_str(entry);
        }
        js.push_str("\n]);\n");
        (format!("search/d/{n}.js"), js)
    }

    /// The term files, the typo files and the index that leads to them, given every
    /// document's postings in document order (pages, then concept pages) and the hash of
    /// the files of documents, which the index's version covers.
    pub(crate) fn finish(&self, docs: &[Vec<Posting>], docs_hash: u64) -> Files {
        let names = self.vocabulary.names();
        encode::files(
            names,
            docs,
            encode::Layout {
                pages: self.pages,
                per_file: self.per_file,
                stop_words: self.stop_words,
                docs_hash,
            },
        )
    }
}

/// How many documents each file of documents holds, for `site`. A page's text is about
/// three fifths of its markdown (markup, link targets and the lines of diagrams drop
/// out: 0.5 to 0.6 in the shipped guide and the benchmark's), a fair guess of a file's
/// size before any page is read.
pub(crate) fn per_file(site: &Site) -> usize {
    let markdown: usize = site.pages.iter().map(|p| p.text.len() - p.body.start).sum();
    let average = (markdown * 3 / 5 / site.pages.len().max(1)).max(1);
    (DOCS_FILE_BYTES / average).clamp(1, 64)
}

/// What the index's version covers of the files of documents, from each one's hash in
/// order.
pub(crate) fn docs_hash(groups: &[u64]) -> u64 {
    (groups.iter()).fold(HASH_START, |hash, group| {
        chain_hash(hash, &group.to_le_bytes())
    })
}

/// Sections past 65,535 share the last number: their postings still find the page.
fn section_number(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

/// A document as a JavaScript array: `[title, url, [[anchor, heading, text], ...]]`.
fn entry(title: &str, url: &str, sections: &[SectionText]) -> String {
    let text: usize = sections
        .iter()
        .map(|s| s.text.len() + s.heading.len())
        .sum();
    let mut out = String::with_capacity(text + text / 16 + 64);
    out.push('[');
    push_js_string(&mut out, title);
    out.push(',');
    push_js_string(&mut out, url);
    out.push_str(",[");
    for (n, section) in sections.iter().enumerate() {
        out.push_str(if n > 0 { ",[" } else { "[" });
        push_js_string(&mut out, section.anchor.as_deref().unwrap_or(""));
        out.push(',');
        push_js_string(&mut out, &section.heading);
        out.push(',');
        push_js_string(&mut out, &section.text);
        out.push(']');
    }
    out.push_str("]]");
    out
}

/// The terms a page that names `concept` gets: its one-word names (`CDC`, `Debezium`)
/// stand for it; the words of longer ones are only text, so "data" in "change data
/// capture" does not rank every page about the concept as a concept hit for "data".
fn mention_terms(concept: &Concept, stop_words: bool) -> Vec<(String, Field)> {
    let mut best: BTreeMap<String, Field> = BTreeMap::new();
    for name in std::iter::once(&concept.name).chain(&concept.aliases) {
        let mut words = Vec::new();
        tokens::for_each_word(name, |word| words.push(word));
        let field = if words.len() <= 1 {
            Field::Concept
        } else {
            Field::Body
        };
        for word in words {
            for term in word.terms() {
                if tokens::indexed(&term, stop_words) {
                    let place = best.entry(term).or_insert(field);
                    *place = (*place).max(field);
                }
            }
        }
    }
    best.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The terms of one document whose text `fill` adds, by name, sorted.
    fn places(
        vocabulary: &Vocabulary,
        fill: impl FnOnce(&mut gather::Gatherer),
    ) -> Vec<(String, Field, u16)> {
        let postings = vocabulary.gather(fill);
        let mut found: Vec<_> = postings
            .into_iter()
            .map(|(id, section, field)| (vocabulary.name(id), field, section))
            .collect();
        found.sort();
        found
    }

    #[test]
    fn a_term_keeps_its_best_field_and_that_fields_first_section() {
        let found = places(&Vocabulary::new(true), |terms| {
            terms.add("Kafka in the body", Field::Body, 1);
            terms.add("Kafka topics", Field::Heading, 2);
            terms.add("More Kafka topics", Field::Heading, 3);
            terms.add("Kafka", Field::Body, 4);
            terms.add("Topics", Field::Title, 0);
        });
        assert_eq!(
            found,
            [
                ("body".to_string(), Field::Body, 1),
                ("kafka".to_string(), Field::Heading, 2),
                ("more".to_string(), Field::Heading, 3),
                ("topics".to_string(), Field::Title, 0),
            ]
        );
    }

    #[test]
    fn each_document_gets_its_own_terms_from_words_met_before() {
        let vocabulary = Vocabulary::new(true);
        let first = places(&vocabulary, |terms| {
            terms.add("Kafka and Flink", Field::Body, 2)
        });
        let second = places(&vocabulary, |terms| {
            terms.add("Flink", Field::Title, 0);
            terms.add("kafka KAFKA", Field::Body, 1);
        });
        assert_eq!(
            first,
            [
                ("flink".to_string(), Field::Body, 2),
                ("kafka".to_string(), Field::Body, 2)
            ]
        );
        assert_eq!(
            second,
            [
                ("flink".to_string(), Field::Title, 0),
                ("kafka".to_string(), Field::Body, 1)
            ]
        );
        let other = Vocabulary::new(false);
        let with_stop_words = places(&other, |terms| terms.add("Kafka and", Field::Body, 0));
        assert_eq!(with_stop_words.len(), 2, "a new index meets words afresh");
    }

    #[test]
    fn long_words_met_again_keep_their_own_terms() {
        let vocabulary = Vocabulary::new(true);
        let text = "internationalization internationalizations getUserNameFromDatabase";
        let first = places(&vocabulary, |terms| terms.add(text, Field::Body, 1));
        let second = places(&vocabulary, |terms| {
            terms.add("internationalizations", Field::Title, 0);
            terms.add(text, Field::Body, 2);
        });
        let names = |found: &[(String, Field, u16)]| -> Vec<String> {
            found.iter().map(|p| p.0.clone()).collect()
        };
        let expected = [
            "database",
            "get",
            "getusernamefromdatabase",
            "internationalization",
            "internationalizations",
            "name",
            "user",
        ];
        assert_eq!(names(&first), expected);
        assert_eq!(names(&second), expected);
        assert!(second.contains(&("internationalizations".to_string(), Field::Title, 0)));
        assert!(second.contains(&("internationalization".to_string(), Field::Body, 2)));
    }

    #[test]
    fn identifiers_are_indexed_whole_and_by_part() {
        let found = places(&Vocabulary::new(true), |terms| {
            terms.add("call getUserName(user_id)", Field::Body, 0);
        });
        let found: Vec<String> = found.into_iter().map(|p| p.0).collect();
        assert_eq!(
            found,
            [
                "call",
                "get",
                "getusername",
                "id",
                "name",
                "user",
                "user_id"
            ]
        );
    }

    #[test]
    fn one_word_names_of_a_concept_rank_as_concept_hits_longer_ones_as_text() {
        let concept = Concept {
            id: "cdc".into(),
            name: "Debezium / CDC".into(),
            aliases: vec!["CDC".into(), "change data capture".into()],
            description: None,
            url: crate::paths::UrlPath::file("concepts/cdc/"),
            line: 1,
        };
        let terms = mention_terms(&concept, true);
        assert_eq!(
            terms,
            [
                ("capture".to_string(), Field::Body),
                ("cdc".to_string(), Field::Concept),
                ("change".to_string(), Field::Body),
                ("data".to_string(), Field::Body),
                ("debezium".to_string(), Field::Body),
            ]
        );
    }
}

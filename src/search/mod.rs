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
pub(crate) mod tokens;

use std::hash::BuildHasher;
use std::sync::Mutex;

use hashbrown::HashTable;
use rustc_hash::{FxBuildHasher, FxHashMap};

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
    terms: Mutex<Terms>,
    /// What a page mentioning each concept gets, by concept: read once, not per mention.
    concept_terms: Vec<Vec<(String, Field)>>,
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
        // A page's text is about three fifths of its markdown (markup, link targets and
        // the lines of diagrams drop out: 0.5 to 0.6 in the shipped guide and the
        // benchmark's), a fair guess of a file's size before any page is read.
        let markdown: usize = site.pages.iter().map(|p| p.text.len() - p.body.start).sum();
        let average = (markdown * 3 / 5 / pages.max(1)).max(1);
        let stop_words = tokens::uses_stop_words(language);
        Index {
            enabled: site.config.search(),
            stop_words,
            per_file: (DOCS_FILE_BYTES / average).clamp(1, 64),
            pages,
            terms: Mutex::default(),
            concept_terms: site
                .concepts
                .iter()
                .map(|(_, concept)| mention_terms(concept, stop_words))
                .collect(),
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
        let mut terms = DocTerms::new(self.stop_words);
        // About one new term in ten bytes of text: grown once, not rehashed as it fills.
        terms.reserve(sections.iter().map(|s| s.text.len()).sum());
        terms.add(&page.title, Field::Title, 0);
        for (n, section) in sections.iter().enumerate() {
            let n = section_number(n);
            terms.add(&section.heading, Field::Heading, n);
            terms.add(&section.text, Field::Body, n);
        }
        // A concept's first mention is its best place: the others add nothing.
        let mut seen = vec![false; self.concept_terms.len()];
        let mut first_mentions: Vec<(ConceptId, Option<&str>)> = Vec::new();
        let named = mentions.iter().map(|m| (m.concept, m.anchor.as_deref()));
        let about = page.concepts.iter().map(|&id| (id, None));
        for (id, anchor) in named.chain(about) {
            if !std::mem::replace(&mut seen[id.0], true) {
                first_mentions.push((id, anchor));
            }
        }
        if !first_mentions.is_empty() {
            let numbers: FxHashMap<&str, u16> = sections
                .iter()
                .enumerate()
                .filter_map(|(n, s)| Some((s.anchor.as_deref()?, section_number(n))))
                .collect();
            for (id, anchor) in first_mentions {
                let section = anchor.and_then(|a| numbers.get(a)).copied().unwrap_or(0);
                for (term, field) in &self.concept_terms[id.0] {
                    terms.term(term, *field, section);
                }
            }
        }
        let postings = self.intern(terms);
        Doc {
            entry: entry(&page.title, page.url.as_str(), sections),
            postings,
        }
    }

    /// A concept's page as a document: its name as the title, its aliases, and its
    /// description as the text.
    pub(crate) fn concept(&self, concept: &Concept) -> Doc {
        let mut terms = DocTerms::new(self.stop_words);
        terms.add(&concept.name, Field::Title, 0);
        for alias in &concept.aliases {
            terms.add(alias, Field::Concept, 0);
        }
        let mut text = concept.description.clone().unwrap_or_default();
        if !concept.aliases.is_empty() {
            text.push_str(&format!(" Also: {}.", concept.aliases.join(", ")));
        }
        terms.add(&text, Field::Body, 0);
        let section = SectionText {
            text: text.clone(),
            ..SectionText::default()
        };
        Doc {
            entry: entry(&concept.name, concept.url.as_str(), &[section]),
            postings: self.intern(terms),
        }
    }

    /// Gives each term of a document its id, and returns the document's postings.
    fn intern(&self, terms: DocTerms) -> Vec<Posting> {
        let mut ids = self.terms.lock().unwrap_or_else(|e| e.into_inner());
        let mut postings: Vec<Posting> = terms
            .terms()
            .map(|(term, place)| (ids.id(term, place.hash), place.section, place.field))
            .collect();
        postings.sort_unstable_by_key(|p| p.0);
        postings
    }

    /// The file of documents number `n`, holding `entries` in order.
    pub(crate) fn docs_file(n: usize, entries: &[String]) -> (String, String) {
        let body = entries.join(",\n");
        (
            format!("search/d/{n}.js"),
            format!("guidebookSearch.shard(\"d\",{n},[\n{body}\n]);\n"),
        )
    }

    /// The term files, the typo files and the index that leads to them, given every
    /// document's postings in document order (pages, then concept pages) and the hash of
    /// the files of documents, which the index's version covers.
    pub(crate) fn finish(self, docs: Vec<Vec<Posting>>, docs_hash: u64) -> Files {
        let terms = self.terms.into_inner().unwrap_or_else(|e| e.into_inner());
        let names = terms.names;
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

/// The terms of one document, each at its best place (the first section with it).
struct DocTerms {
    stop_words: bool,
    /// Every term's lower case, end to end: no allocation per word.
    text: String,
    table: HashTable<Term>,
    /// The lower case of the word at hand, when it differs from the word.
    lower: String,
}

/// A term of a document: where it is in [`DocTerms::text`], its hash and its best place.
#[derive(Clone, Copy)]
struct Term {
    hash: u64,
    start: u32,
    end: u32,
    field: Field,
    section: u16,
}

impl DocTerms {
    fn new(stop_words: bool) -> Self {
        DocTerms {
            stop_words,
            text: String::new(),
            table: HashTable::new(),
            lower: String::new(),
        }
    }

    /// Room for a document of `bytes` bytes of text: about one new term in ten bytes.
    fn reserve(&mut self, bytes: usize) {
        self.table.reserve(bytes / 10, |t| t.hash);
        self.text.reserve(bytes / 2);
    }

    fn add(&mut self, text: &str, field: Field, section: u16) {
        let mut lower = std::mem::take(&mut self.lower);
        tokens::for_each_word(text, |word| {
            if word.compound {
                for part in tokens::parts(word.text) {
                    self.term(&part, field, section);
                }
            }
            if word.upper {
                lower.clear();
                word.push_term(&mut lower);
                self.term(&lower, field, section);
            } else {
                self.term(word.text, field, section);
            }
        });
        self.lower = lower;
    }

    /// Files `term` at its place: added if new, else kept at the better of the two.
    fn term(&mut self, term: &str, field: Field, section: u16) {
        if !tokens::indexed(term, self.stop_words) {
            return;
        }
        let hash = FxBuildHasher.hash_one(term);
        let text = &self.text;
        let found = self.table.find_mut(hash, |t| {
            t.hash == hash && &text[t.start as usize..t.end as usize] == term
        });
        if let Some(place) = found {
            if field > place.field {
                (place.field, place.section) = (field, section);
            }
            return;
        }
        let start = self.text.len() as u32;
        self.text.push_str(term);
        let place = Term {
            hash,
            start,
            end: self.text.len() as u32,
            field,
            section,
        };
        self.table.insert_unique(hash, place, |t| t.hash);
    }

    fn terms(&self) -> impl Iterator<Item = (&str, &Term)> {
        let text = &self.text;
        self.table
            .iter()
            .map(move |t| (&text[t.start as usize..t.end as usize], t))
    }
}

/// Every term of the index, by id, found by its hash.
#[derive(Default)]
struct Terms {
    names: Vec<Box<str>>,
    /// Hash and id of each name.
    table: HashTable<(u64, u32)>,
}

impl Terms {
    fn id(&mut self, term: &str, hash: u64) -> u32 {
        let names = &self.names;
        let found = self
            .table
            .find(hash, |&(h, id)| h == hash && &*names[id as usize] == term);
        if let Some(&(_, id)) = found {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(Box::from(term));
        self.table.insert_unique(hash, (hash, id), |&(h, _)| h);
        id
    }
}

/// The terms a page that names `concept` gets: its one-word names (`CDC`, `Debezium`)
/// stand for it; the words of longer ones are only text, so "data" in "change data
/// capture" does not rank every page about the concept as a concept hit for "data".
fn mention_terms(concept: &Concept, stop_words: bool) -> Vec<(String, Field)> {
    let mut terms = DocTerms::new(stop_words);
    for name in std::iter::once(&concept.name).chain(&concept.aliases) {
        let mut words = 0;
        tokens::for_each_word(name, |_| words += 1);
        let field = if words <= 1 {
            Field::Concept
        } else {
            Field::Body
        };
        terms.add(name, field, 0);
    }
    let mut terms: Vec<(String, Field)> = terms
        .terms()
        .map(|(term, place)| (term.to_string(), place.field))
        .collect();
    terms.sort();
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places(terms: &DocTerms) -> Vec<(String, Field, u16)> {
        let mut found: Vec<_> = terms
            .terms()
            .map(|(t, p)| (t.to_string(), p.field, p.section))
            .collect();
        found.sort();
        found
    }

    #[test]
    fn a_term_keeps_its_best_field_and_that_fields_first_section() {
        let mut terms = DocTerms::new(true);
        terms.add("Kafka in the body", Field::Body, 1);
        terms.add("Kafka topics", Field::Heading, 2);
        terms.add("More Kafka topics", Field::Heading, 3);
        terms.add("Kafka", Field::Body, 4);
        terms.add("Topics", Field::Title, 0);
        assert_eq!(
            places(&terms),
            [
                ("body".to_string(), Field::Body, 1),
                ("kafka".to_string(), Field::Heading, 2),
                ("more".to_string(), Field::Heading, 3),
                ("topics".to_string(), Field::Title, 0),
            ]
        );
    }

    #[test]
    fn identifiers_are_indexed_whole_and_by_part() {
        let mut terms = DocTerms::new(true);
        terms.add("call getUserName(user_id)", Field::Body, 0);
        let found: Vec<String> = places(&terms).into_iter().map(|p| p.0).collect();
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

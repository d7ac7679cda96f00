//! A document's terms, gathered as its page is rendered: each word of its text stands
//! for a term (an identifier for itself and its parts), and each term is kept once, at
//! its best place. Most words of a page were on pages before it, so each thread keeps
//! the words it has met, as written, with the ids of their terms: such a word costs a
//! hash and a lookup, with no lowering, no stop-word check and no lock. A document's
//! terms are then found by id in a table the thread keeps too, not hashed again.

use std::cell::RefCell;
use std::hash::BuildHasher;
use std::ops::Range;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

use super::tokens::{self, Word};
use super::{Field, Posting};

/// Every term of the index, by id, found by its hash.
#[derive(Default)]
struct Terms {
    names: Vec<Box<str>>,
    /// Hash and id of each name.
    table: HashTable<(u64, u32)>,
}

impl Terms {
    fn id(&mut self, term: &str) -> u32 {
        let hash = FxBuildHasher.hash_one(term);
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

/// The index's terms and how words become them, shared by every thread.
pub(super) struct Vocabulary {
    stop_words: bool,
    terms: Mutex<Terms>,
    /// Tells this vocabulary's ids from an earlier build's in a thread's [`Known`].
    generation: u64,
}

static GENERATIONS: AtomicU64 = AtomicU64::new(1);

thread_local! {
    static KNOWN: RefCell<Known> = RefCell::default();
}

impl Vocabulary {
    pub(super) fn new(stop_words: bool) -> Self {
        Vocabulary {
            stop_words,
            terms: Mutex::default(),
            generation: GENERATIONS.fetch_add(1, Ordering::Relaxed),
        }
    }

    /// The id of `term` (in lower case), or `None` when it is not indexed.
    pub(super) fn id(&self, term: &str) -> Option<u32> {
        if !tokens::indexed(term, self.stop_words) {
            return None;
        }
        Some(
            self.terms
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .id(term),
        )
    }

    /// The postings of one document, whose text `fill` adds.
    pub(super) fn gather(&self, fill: impl FnOnce(&mut Gatherer)) -> Vec<Posting> {
        KNOWN.with_borrow_mut(|known| {
            if known.generation != self.generation {
                *known = Known {
                    generation: self.generation,
                    ..Known::default()
                };
            }
            known.doc += 1;
            let mut gatherer = Gatherer {
                vocabulary: self,
                known,
                postings: Vec::new(),
            };
            fill(&mut gatherer);
            gatherer.postings
        })
    }

    /// Every term, by id.
    pub(super) fn names(&self) -> Vec<Box<str>> {
        let terms = self.terms.lock().unwrap_or_else(|e| e.into_inner());
        terms.names.clone()
    }

    #[cfg(test)]
    pub(super) fn name(&self, id: u32) -> String {
        let terms = self.terms.lock().unwrap();
        terms.names[id as usize].to_string()
    }
}

/// One document's terms being gathered.
pub(super) struct Gatherer<'a> {
    vocabulary: &'a Vocabulary,
    known: &'a mut Known,
    postings: Vec<Posting>,
}

impl Gatherer<'_> {
    /// The terms of the words of `text`, at `field` of `section`.
    pub(super) fn add(&mut self, text: &str, field: Field, section: u16) {
        tokens::for_each_word(text, |word| {
            for i in self.known.ids_of(word, self.vocabulary) {
                let id = self.known.ids[i];
                self.place(id, field, section);
            }
        });
    }

    /// Term `id` at `field` of `section`: kept if new to the document, else where it is
    /// best (the better field; of equal ones, the first).
    pub(super) fn place(&mut self, id: u32, field: Field, section: u16) {
        let seen = &mut self.known.seen;
        let id_at = id as usize;
        if seen.len() <= id_at {
            seen.resize(id_at + 1, (0, 0));
        }
        let (doc, slot) = seen[id_at];
        if doc == self.known.doc {
            let posting = &mut self.postings[slot as usize];
            if field > posting.2 {
                (posting.1, posting.2) = (section, field);
            }
        } else {
            seen[id_at] = (self.known.doc, self.postings.len() as u32);
            self.postings.push((id, section, field));
        }
    }
}

/// What one thread knows of the words it has met, for one [`Vocabulary`].
#[derive(Default)]
struct Known {
    generation: u64,
    words: HashTable<KnownWord>,
    /// Every word met, as written, end to end.
    text: String,
    /// The term ids of every word met, end to end.
    ids: Vec<u32>,
    /// By term id: the document that last had it, and where in that document's postings.
    seen: Vec<(u32, u32)>,
    /// The document being gathered, counted from 1 on this thread.
    doc: u32,
}

/// A word met: where it is in [`Known::text`], and its term ids in [`Known::ids`].
#[derive(Clone, Copy)]
struct KnownWord {
    hash: u64,
    text: (u32, u32),
    ids: (u32, u32),
}

impl Known {
    /// Where the term ids of `word` are in [`Known::ids`]; worked out the first time the
    /// thread meets the word.
    fn ids_of(&mut self, word: Word, vocabulary: &Vocabulary) -> Range<usize> {
        let hash = FxBuildHasher.hash_one(word.text);
        let text = &self.text;
        let found = self.words.find(hash, |w| {
            w.hash == hash && &text[w.text.0 as usize..w.text.1 as usize] == word.text
        });
        if let Some(w) = found {
            return w.ids.0 as usize..w.ids.1 as usize;
        }
        let first = self.ids.len();
        for term in word.terms() {
            if let Some(id) = vocabulary.id(&term) {
                if !self.ids[first..].contains(&id) {
                    self.ids.push(id);
                }
            }
        }
        let start = self.text.len() as u32;
        self.text.push_str(word.text);
        let known = KnownWord {
            hash,
            text: (start, self.text.len() as u32),
            ids: (first as u32, self.ids.len() as u32),
        };
        self.words.insert_unique(hash, known, |w| w.hash);
        first..self.ids.len()
    }
}

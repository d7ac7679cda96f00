//! A document's terms, gathered as its page is rendered: each word of its text stands
//! for a term (an identifier for itself and its parts), and each term is kept once, at
//! its best place. Most words of a page were on pages before it, so each thread keeps
//! the words it has met, as written, with the ids of their terms: such a word costs a
//! hash and a lookup, with no lowering, no stop-word check and no lock. A document's
//! terms are then found by id in a table the thread keeps too, not hashed again.

use std::cell::RefCell;
use std::hash::BuildHasher;
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
        let (vocabulary, postings) = (self.vocabulary, &mut self.postings);
        tokens::for_each_word(text, |word| {
            self.known.each_id(word, vocabulary, |known, id| {
                place(known, postings, id, field, section);
            });
        });
    }

    /// Term `id` at `field` of `section`: kept if new to the document, else where it is
    /// best (the better field; of equal ones, the first).
    pub(super) fn place(&mut self, id: u32, field: Field, section: u16) {
        place(self.known, &mut self.postings, id, field, section);
    }
}

/// [`Gatherer::place`], on the parts of a gatherer it needs.
fn place(known: &mut Known, postings: &mut Vec<Posting>, id: u32, field: Field, section: u16) {
    let id_at = id as usize;
    if known.seen.len() <= id_at {
        known.seen.resize(id_at + 1, (0, 0));
    }
    let (doc, slot) = known.seen[id_at];
    if doc == known.doc {
        let posting = &mut postings[slot as usize];
        if field > posting.2 {
            (posting.1, posting.2) = (section, field);
        }
    } else {
        known.seen[id_at] = (known.doc, postings.len() as u32);
        postings.push((id, section, field));
    }
}

/// What one thread knows of the words it has met, for one [`Vocabulary`].
#[derive(Default)]
struct Known {
    generation: u64,
    words: HashTable<KnownWord>,
    /// Words met that are too long to keep in their [`KnownWord`], end to end.
    text: String,
    /// The term ids of words met that stand for more than one term, end to end.
    ids: Vec<u32>,
    /// By term id: the document that last had it, and where in that document's postings.
    seen: Vec<(u32, u32)>,
    /// The document being gathered, counted from 1 on this thread.
    doc: u32,
}

/// Bytes of a word kept in its [`KnownWord`]: most words are shorter, so finding one
/// reads one cache line, not the line of its text too.
const INLINE: usize = 16;

/// A word met, in 32 bytes: its text (or where it is in [`Known::text`]) and its term
/// ids (its one id, or where they are in [`Known::ids`]).
#[derive(Clone, Copy)]
struct KnownWord {
    hash: u64,
    /// Its one term id, or the first of its ids in [`Known::ids`]; 0 when it has none.
    ids: u32,
    /// How many term ids it has.
    count: u16,
    len: u16,
    /// The word, when at most [`INLINE`] bytes; else its start in [`Known::text`] (the
    /// first 4 bytes).
    text: [u8; INLINE],
}

impl KnownWord {
    fn new(hash: u64, word: &str, known_text: &mut String) -> KnownWord {
        let mut text = [0; INLINE];
        if word.len() <= INLINE {
            text[..word.len()].copy_from_slice(word.as_bytes());
        } else {
            let start = known_text.len() as u32;
            text[..4].copy_from_slice(&start.to_le_bytes());
            known_text.push_str(word);
        }
        KnownWord {
            hash,
            ids: 0,
            count: 0,
            len: word.len() as u16,
            text,
        }
    }

    fn is(&self, hash: u64, word: &str, known_text: &str) -> bool {
        if self.hash != hash || usize::from(self.len) != word.len() {
            return false;
        }
        if word.len() <= INLINE {
            return &self.text[..word.len()] == word.as_bytes();
        }
        let start = u32::from_le_bytes([self.text[0], self.text[1], self.text[2], self.text[3]]);
        let start = start as usize;
        known_text.as_bytes().get(start..start + word.len()) == Some(word.as_bytes())
    }
}

impl Known {
    /// Calls `found` with each term id of `word`; works them out the first time the
    /// thread meets the word.
    fn each_id(
        &mut self,
        word: Word,
        vocabulary: &Vocabulary,
        mut found: impl FnMut(&mut Self, u32),
    ) {
        let hash = FxBuildHasher.hash_one(word.text);
        let text = &self.text;
        let known = match self.words.find(hash, |w| w.is(hash, word.text, text)) {
            Some(&known) => known,
            None => self.meet(hash, word, vocabulary),
        };
        match known.count {
            0 => {}
            1 => found(self, known.ids),
            n => {
                for i in known.ids..known.ids + u32::from(n) {
                    let id = self.ids[i as usize];
                    found(self, id);
                }
            }
        }
    }

    /// A word met for the first time: its term ids, looked up in `vocabulary`.
    fn meet(&mut self, hash: u64, word: Word, vocabulary: &Vocabulary) -> KnownWord {
        let mut ids: Vec<u32> = Vec::new();
        for term in word.terms() {
            if let Some(id) = vocabulary.id(&term) {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        // Words past u16::MAX bytes are never terms, nor are their parts this many.
        let count = u16::try_from(ids.len()).unwrap_or(0);
        let mut known = KnownWord::new(hash, word.text, &mut self.text);
        known.count = count;
        known.ids = match count {
            0 => 0,
            1 => ids[0],
            _ => {
                let first = self.ids.len() as u32;
                self.ids.extend(&ids);
                first
            }
        };
        self.words.insert_unique(hash, known, |w| w.hash);
        known
    }
}

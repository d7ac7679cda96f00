//! The index's files, as `static/search.js` decodes them. A file of terms is one string,
//! `term postings,term postings,...` (terms are letters, digits and `_`; postings use the
//! alphabet below, so neither needs escaping). Postings are numbers written
//! in a 64-letter alphabet, five bits a letter, most significant first; letters 32 to 63
//! say more follow. For each page a term is on: the gap from the previous page's number
//! times 4 plus the field, then the section. A page with a term costs 2 to 3 bytes.

use std::cmp::Ordering;
use std::hash::Hasher;

use super::Posting;
use super::tokens::STOP_WORDS;
use crate::render::nav::js_string;

/// Bytes a file of terms aims at: a query opens one for each word typed.
const TERM_FILE_BYTES: usize = 16 * 1024;
/// Bytes a file of typo keys aims at: a word with a typo opens up to six.
const TYPO_FILE_BYTES: usize = 8 * 1024;
/// Words shorter than this are matched exactly or by prefix, never with a typo; a typo
/// in a word of five letters can make it four.
const TYPO_MIN_CHARS: usize = 4;

const ALPHABET: &[u8; 64] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";

/// What the index's files need to know of the documents.
pub(crate) struct Layout {
    /// Documents `0..pages` are pages; the rest are concept pages.
    pub pages: usize,
    pub per_file: usize,
    pub stop_words: bool,
    /// A hash of the files of documents.
    pub docs_hash: u64,
}

/// The index's files: path on the site, and content.
#[derive(Debug, Default)]
pub(crate) struct Files(pub Vec<(String, String)>);

/// Appends `n` in the alphabet's letters.
fn push_number(out: &mut String, n: u64) {
    let mut groups = [0u8; 13];
    let mut len = 0;
    let mut rest = n;
    loop {
        groups[len] = (rest & 31) as u8;
        len += 1;
        rest >>= 5;
        if rest == 0 {
            break;
        }
    }
    for i in (0..len).rev() {
        let more = if i > 0 { 32 } else { 0 };
        out.push(char::from(ALPHABET[usize::from(groups[i] + more)]));
    }
}

/// The files for terms `names` (by id) and every document's postings (by document).
pub(super) fn files(names: Vec<Box<str>>, docs: &[Vec<Posting>], layout: Layout) -> Files {
    let documents = docs.len();
    let lists = posting_lists(names.len(), docs);
    // A term no document has any more (the page that had it was edited while served)
    // is left out, as a build from scratch would never have met it.
    let (names, lists): (Vec<Box<str>>, Vec<String>) = (names.into_iter().zip(lists))
        .filter(|(_, list)| !list.is_empty())
        .unzip();
    let mut order: Vec<usize> = (0..names.len()).collect();
    sort_js(&mut order, |&t| &names[t]);
    let mut files = Files::default();
    let term_files = cut(
        "t",
        order
            .iter()
            .map(|&t| (&*names[t], format!("{} {}", names[t], lists[t]))),
        TERM_FILE_BYTES,
        &mut files,
    );
    let typo_files = if term_files.len() > 1 {
        let keys = typo_keys(&names);
        let entries = keys
            .iter()
            .map(|(key, terms)| (key.as_str(), format!("{key} {}", terms.join(" "))));
        Some(cut("f", entries, TYPO_FILE_BYTES, &mut files))
    } else {
        // One file holds every term: the page script looks for typos in it.
        None
    };
    let hash = files.0.iter().fold(layout.docs_hash, |h, (_, content)| {
        chain_hash(h, content.as_bytes())
    });
    let list = |firsts: &[String]| {
        let quoted: Vec<String> = firsts.iter().map(|f| js_string(f)).collect();
        format!("[{}]", quoted.join(","))
    };
    let stop: &[&str] = if layout.stop_words { STOP_WORDS } else { &[] };
    let stop: Vec<String> = stop.iter().map(|w| js_string(w)).collect();
    let meta = format!(
        "guidebookSearch.meta({{\"v\":\"{:016x}\",\"pages\":{},\"docs\":{},\"per\":{},\"terms\":{},\"typos\":{},\"typoMin\":{},\"stop\":[{}]}});\n",
        hash,
        layout.pages,
        documents,
        layout.per_file,
        list(&term_files),
        typo_files.as_deref().map_or("null".to_string(), list),
        TYPO_MIN_CHARS + 1,
        stop.join(",")
    );
    files.0.push((super::INDEX_FILE.to_string(), meta));
    files
}

/// JavaScript's order of strings, by UTF-16 units, which the page script's binary
/// searches need. It is UTF-8's byte order unless a character past U+FFFF (four bytes)
/// meets one from U+E000 to U+FFFF.
fn js_order(a: &str, b: &str) -> Ordering {
    if astral(a) || astral(b) {
        a.encode_utf16().cmp(b.encode_utf16())
    } else {
        a.cmp(b)
    }
}

/// Whether `text` has a character past U+FFFF, whose order differs in JavaScript.
fn astral(text: &str) -> bool {
    text.bytes().any(|b| b >= 0xf0)
}

/// Sorts `items` by [`js_order`] of `key`: by bytes when no key needs more (most guides).
fn sort_js<'k, T>(items: &mut [T], key: impl Fn(&T) -> &'k str) {
    if items.iter().any(|item| astral(key(item))) {
        items.sort_unstable_by(|a, b| js_order(key(a), key(b)));
    } else {
        items.sort_unstable_by(|a, b| key(a).cmp(key(b)));
    }
}

/// Each term's postings, encoded, by term id.
fn posting_lists(terms: usize, docs: &[Vec<Posting>]) -> Vec<String> {
    let mut lists = vec![String::new(); terms];
    let mut last = vec![0u32; terms];
    for (doc, postings) in docs.iter().enumerate() {
        let doc = doc as u32;
        for &(term, section, field) in postings {
            let t = term as usize;
            push_number(
                &mut lists[t],
                (u64::from(doc - last[t]) << 2) | field as u64,
            );
            push_number(&mut lists[t], u64::from(section));
            last[t] = doc;
        }
    }
    lists
}

/// Every term of four letters or more filed twice, under its first letter and length and
/// under its last letter and length (`f` and `l` keys): a word one typo away from a term
/// shares its first or its last letter, and its length is one more, less or the same.
fn typo_keys(names: &[Box<str>]) -> Vec<(String, Vec<&str>)> {
    let mut keyed: Vec<(String, &str)> = Vec::new();
    for name in names {
        let chars = name.chars().count();
        let (Some(first), Some(last)) = (name.chars().next(), name.chars().last()) else {
            continue;
        };
        if chars < TYPO_MIN_CHARS {
            continue;
        }
        keyed.push((format!("f{first}{chars:02}"), name));
        keyed.push((format!("l{last}{chars:02}"), name));
    }
    if keyed.iter().any(|(key, name)| astral(key) || astral(name)) {
        keyed.sort_unstable_by(|a, b| js_order(&a.0, &b.0).then_with(|| js_order(a.1, b.1)));
    } else {
        keyed.sort_unstable();
    }
    let mut grouped: Vec<(String, Vec<&str>)> = Vec::new();
    for (key, name) in keyed {
        match grouped.last_mut() {
            Some((last, names)) if *last == key => names.push(name),
            _ => grouped.push((key, vec![name])),
        }
    }
    grouped
}

/// Writes `entries` (sort key, text) into files of `kind` of about `target` bytes each,
/// as one string of entries between commas, and returns the first key of each file.
fn cut<'k>(
    kind: &str,
    entries: impl Iterator<Item = (&'k str, String)>,
    target: usize,
    files: &mut Files,
) -> Vec<String> {
    let mut firsts = Vec::new();
    let mut body = String::new();
    let flush = |body: &mut String, files: &mut Files, n: usize| {
        files.0.push((
            format!("search/{kind}/{n}.js"),
            format!(
                "guidebookSearch.shard(\"{kind}\",{n},{});\n",
                js_string(body)
            ),
        ));
        body.clear();
    };
    for (key, text) in entries {
        if !body.is_empty() && body.len() + text.len() > target {
            flush(&mut body, files, firsts.len() - 1);
        }
        if body.is_empty() {
            firsts.push(key.to_string());
        } else {
            body.push(',');
        }
        body.push_str(&text);
    }
    if !body.is_empty() || firsts.is_empty() {
        if firsts.is_empty() {
            firsts.push(String::new());
        }
        flush(&mut body, files, firsts.len() - 1);
    }
    firsts
}

/// A hash of `bytes`, chained from `hash`: the index's version, which changes with any
/// file. Fx reads eight bytes a step: every page's text passes through here.
pub(crate) fn chain_hash(hash: u64, bytes: &[u8]) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write_u64(hash);
    hasher.write(bytes);
    hasher.finish()
}

/// Where [`chain_hash`] starts.
pub(crate) const HASH_START: u64 = 0xcbf2_9ce4_8422_2325;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Field;

    fn decode(text: &str) -> Vec<u64> {
        let mut out = Vec::new();
        let mut n = 0u64;
        for c in text.bytes() {
            let d = ALPHABET.iter().position(|&a| a == c).unwrap() as u64;
            if d >= 32 {
                n = n * 32 + (d - 32);
            } else {
                out.push(n * 32 + d);
                n = 0;
            }
        }
        out
    }

    #[test]
    fn numbers_round_trip_through_the_alphabet() {
        let numbers = [0, 1, 31, 32, 1023, 1024, 65_535, u64::from(u32::MAX) << 2];
        let mut text = String::new();
        for n in numbers {
            push_number(&mut text, n);
        }
        assert_eq!(decode(&text), numbers);
        let mut small = String::new();
        push_number(&mut small, 31);
        assert_eq!(small.len(), 1, "a small gap costs one letter");
    }

    #[test]
    fn postings_are_gaps_with_fields_then_sections() {
        let docs = vec![
            vec![(0, 0, Field::Title)],
            vec![],
            vec![(0, 3, Field::Body), (1, 1, Field::Heading)],
        ];
        let lists = posting_lists(2, &docs);
        assert_eq!(decode(&lists[0]), [3, 0, (2 << 2), 3]);
        assert_eq!(decode(&lists[1]), [(2 << 2) | 2, 1]);
    }

    #[test]
    fn terms_are_cut_into_files_in_order_with_their_first_terms_listed() {
        let names: Vec<Box<str>> = (0..3000).map(|i| format!("w{i:05}").into()).collect();
        let docs = vec![(0..3000).map(|t| (t, 0, Field::Body)).collect()];
        let layout = Layout {
            pages: 1,
            per_file: 1,
            stop_words: true,
            docs_hash: HASH_START,
        };
        let files = files(names, &docs, layout);
        let terms: Vec<&(String, String)> = files
            .0
            .iter()
            .filter(|(p, _)| p.starts_with("search/t/"))
            .collect();
        assert!(terms.len() > 1, "{} files", terms.len());
        assert!(terms.iter().all(|(_, c)| c.len() < TERM_FILE_BYTES + 200));
        let meta = &files.0.last().unwrap().1;
        assert!(meta.starts_with("guidebookSearch.meta("), "{meta}");
        assert!(meta.contains("\"terms\":[\"w00000\","), "{meta}");
        assert!(
            !meta.contains("\"typos\":null"),
            "many files of terms need typo files"
        );
        assert!(terms[1].1.contains(",w0"), "{}", &terms[1].1[..80]);
    }

    #[test]
    fn terms_sort_as_javascript_sorts_them() {
        let mut terms = vec!["\u{FF41}", "\u{20000}", "b", "a"];
        terms.sort_by(|a, b| js_order(a, b));
        // U+20000 is a surrogate pair (0xD840...) in UTF-16, before U+FF41.
        assert_eq!(terms, ["a", "b", "\u{20000}", "\u{FF41}"]);
    }

    #[test]
    fn typo_keys_file_terms_by_first_and_last_letter_and_length() {
        let names: Vec<Box<str>> = ["kafka", "flink", "s3", "kappa"]
            .iter()
            .map(|&n| n.into())
            .collect();
        let keys = typo_keys(&names);
        let find = |key: &str| keys.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        assert_eq!(find("fk05"), Some(vec!["kafka", "kappa"]));
        assert_eq!(find("la05"), Some(vec!["kafka", "kappa"]));
        assert_eq!(find("lk05"), Some(vec!["flink"]));
        assert!(keys.iter().all(|(_, v)| !v.contains(&"s3")));
    }
}

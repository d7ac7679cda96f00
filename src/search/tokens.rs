//! The search index's words: how text is cut into the terms that are indexed and typed.
//! `static/search.js` cuts a query the same way (its `words` function mirrors [`words`]),
//! so a word in the index is found by typing it.

/// Terms longer than this are not indexed: hashes and encoded blobs, not words.
pub(crate) const MAX_TERM: usize = 40;

/// Words too common to tell pages apart, left out of English guides' indexes and
/// queries (with the `s` of "Kafka's" and the `t` of "don't"). The list is written into
/// the index, so the page script drops the same ones. Every word of every page is looked
/// up: each stop word is kept as its bytes in one integer, in a small table built at
/// compile time, so a lookup is a multiply and a compare or two.
macro_rules! stop_words {
    ($($word:literal),* $(,)?) => {
        pub(crate) const STOP_WORDS: &[&str] = &[$($word),*];

        const STOP_TABLE: [u64; STOP_SLOTS] = stop_table(&[$(pack($word.as_bytes())),*]);
    };
}

/// Slots of the stop-word table: a power of two, under half full.
const STOP_SLOTS: usize = 128;

/// `bytes` (1 to 8) as one integer, never 0 (the empty slot).
const fn pack(bytes: &[u8]) -> u64 {
    let mut packed = 0;
    let mut i = 0;
    while i < bytes.len() {
        packed = packed << 8 | bytes[i] as u64;
        i += 1;
    }
    packed
}

const fn slot(packed: u64) -> usize {
    (packed.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 57) as usize
}

const fn stop_table(words: &[u64]) -> [u64; STOP_SLOTS] {
    let mut table = [0; STOP_SLOTS];
    let mut i = 0;
    while i < words.len() {
        let mut at = slot(words[i]);
        while table[at] != 0 {
            at = (at + 1) % STOP_SLOTS;
        }
        table[at] = words[i];
        i += 1;
    }
    table
}

fn is_stop_word(term: &str) -> bool {
    if term.is_empty() || term.len() > 8 {
        return false;
    }
    let packed = pack(term.as_bytes());
    let mut at = slot(packed);
    loop {
        match STOP_TABLE[at] {
            0 => return false,
            word if word == packed => return true,
            _ => at = (at + 1) % STOP_SLOTS,
        }
    }
}

stop_words![
    "a", "also", "an", "and", "are", "as", "at", "be", "by", "for", "from", "if", "in", "into",
    "is", "it", "its", "of", "on", "or", "s", "so", "t", "that", "the", "their", "then", "there",
    "these", "this", "to", "was", "were", "will", "with",
];

/// A word of the text, as written, and what its term (its lower case) takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Word<'t> {
    /// The word as written.
    pub text: &'t str,
    /// Whether it is all ASCII: its term is then its ASCII lower case, byte for byte.
    pub ascii: bool,
    /// Whether its term may differ from how it is written: it has an ASCII capital, or
    /// is not all ASCII.
    pub upper: bool,
    /// Whether it has `_` or a capital after its first letter: a code identifier that
    /// [`parts`] may cut.
    pub compound: bool,
}

impl<'t> Word<'t> {
    /// The terms the word stands for: its own, then its parts if it is an identifier.
    pub(crate) fn terms(&self) -> Vec<String> {
        let mut term = String::new();
        self.push_term(&mut term);
        let mut terms = vec![term];
        if self.compound {
            terms.extend(parts(self.text));
        }
        terms
    }

    /// Appends the word's term to `out`: ASCII, the most of any guide, is copied and
    /// lowered in place.
    pub(crate) fn push_term(&self, out: &mut String) {
        let start = out.len();
        if self.ascii || !self.upper {
            out.push_str(self.text);
            if self.upper {
                out[start..].make_ascii_lowercase();
            }
        } else {
            out.push_str(&self.text.to_lowercase());
        }
    }
}

/// Characters written one per word: Han, kana and Hangul are not separated by spaces,
/// so each character is a term of its own (the page script treats them the same way).
fn is_ideograph(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF
        | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

/// What each byte is to the word scanner (bits): ASCII letters and digits, capitals,
/// `_`, and bytes of characters past ASCII (looked at as characters).
const ALNUM: u8 = 1;
const UPPER: u8 = 2;
const UNDERSCORE: u8 = 4;
const WIDE: u8 = 8;
const BYTES: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            b'0'..=b'9' | b'a'..=b'z' => ALNUM,
            b'A'..=b'Z' => ALNUM | UPPER,
            b'_' => UNDERSCORE,
            0x80.. => WIDE,
            _ => 0,
        };
        b += 1;
    }
    table
};

/// The words of `text`: runs of letters, digits and `_`, with no `_` at either end, and
/// each ideograph on its own. A word's term is its lower case.
#[cfg(test)]
pub(crate) fn words(text: &str) -> Vec<Word<'_>> {
    let mut words = Vec::new();
    for_each_word(text, |word| words.push(word));
    words
}

/// Calls `found` with each of the [`words`] of `text`, in order. ASCII goes a byte at a
/// time through a table: every page's text goes through here.
pub(crate) fn for_each_word<'t>(text: &'t str, mut found: impl FnMut(Word<'t>)) {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        let kind = BYTES[usize::from(b)];
        if kind & ALNUM != 0 {
            at = word_from(text, at, kind, &mut found);
        } else if kind & WIDE == 0 {
            // White space, punctuation, and `_`: a word never starts with it.
            at += 1;
        } else {
            let c = char_at(text, at);
            let end = at + c.len_utf8();
            if is_ideograph(c) {
                found(word(&text[at..end], 0, kind));
                at = end;
            } else if c.is_alphanumeric() {
                at = word_from(text, at, kind, &mut found);
            } else {
                at = end;
            }
        }
    }
}

/// The word starting at `start`, whose first byte is of kind `first`, given to `found`;
/// returns where the scan goes on.
fn word_from<'t>(
    text: &'t str,
    start: usize,
    first: u8,
    found: &mut impl FnMut(Word<'t>),
) -> usize {
    let bytes = text.as_bytes();
    let mut at = start
        + if first & WIDE != 0 {
            char_at(text, start).len_utf8()
        } else {
            1
        };
    // Every byte after the first: what kinds of bytes the word has past it.
    let mut rest = 0;
    while let Some(&b) = bytes.get(at) {
        let kind = BYTES[usize::from(b)];
        if kind & (ALNUM | UNDERSCORE) != 0 {
            rest |= kind;
            at += 1;
            continue;
        }
        if kind & WIDE == 0 {
            break;
        }
        let c = char_at(text, at);
        if !c.is_alphanumeric() || is_ideograph(c) {
            break;
        }
        rest |= WIDE;
        at += c.len_utf8();
    }
    let mut end = at;
    while bytes[end - 1] == b'_' {
        end -= 1;
    }
    found(word(&text[start..end], rest, first));
    at
}

fn char_at(text: &str, at: usize) -> char {
    text[at..].chars().next().unwrap_or(' ')
}

/// A word, from the kinds of its first byte (`first`) and of the bytes after (`rest`).
fn word(text: &str, rest: u8, first: u8) -> Word<'_> {
    if (first | rest) & WIDE == 0 {
        return Word {
            text,
            ascii: true,
            upper: (first | rest) & UPPER != 0,
            compound: rest & (UPPER | UNDERSCORE) != 0,
        };
    }
    Word {
        text,
        ascii: false,
        upper: true,
        compound: text.contains('_') || text.chars().skip(1).any(char::is_uppercase),
    }
}

/// The parts a code identifier is made of, when it has more than one: `user_id` is
/// `user` and `id`, `getUserName` is `get`, `user` and `name`, `HTTPServer` is `http`
/// and `server`. A reader searching for one part finds the identifier.
pub(crate) fn parts(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    let mut parts = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c == '_' {
            flush(&mut current, &mut parts);
            continue;
        }
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        let lower_to_upper = prev.is_some_and(char::is_lowercase) && c.is_uppercase();
        // The last capital of a run of capitals starts the next part: HTTP|Server.
        let acronym_end = prev.is_some_and(char::is_uppercase)
            && c.is_uppercase()
            && next.is_some_and(char::is_lowercase);
        if lower_to_upper || acronym_end {
            flush(&mut current, &mut parts);
        }
        current.extend(c.to_lowercase());
    }
    flush(&mut current, &mut parts);
    if parts.len() > 1 { parts } else { Vec::new() }
}

fn flush(current: &mut String, parts: &mut Vec<String>) {
    if !current.is_empty() {
        parts.push(std::mem::take(current));
    }
}

/// Whether `term` is worth indexing in a guide written in `language`.
pub(crate) fn indexed(term: &str, stop_words: bool) -> bool {
    term.len() <= MAX_TERM && !(stop_words && is_stop_word(term))
}

/// Whether the guide's language is English, whose common words are left out.
pub(crate) fn uses_stop_words(language: &str) -> bool {
    let language = language.to_ascii_lowercase();
    language == "en" || language.starts_with("en-")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        words(text)
            .into_iter()
            .map(|w| {
                let mut term = String::new();
                w.push_term(&mut term);
                term
            })
            .collect()
    }

    #[test]
    fn stop_words_are_sorted_and_left_out() {
        assert!(
            STOP_WORDS.windows(2).all(|w| w[0] < w[1]),
            "sorted, no repeats"
        );
        assert!(STOP_WORDS.iter().all(|w| !indexed(w, true)));
        assert!(STOP_WORDS.iter().all(|w| w.len() <= 8), "each fits a u64");
        assert!(
            ["thee", "ands", "kafka", "i"]
                .iter()
                .all(|w| indexed(w, true))
        );
    }

    #[test]
    fn underscores_join_words_but_never_start_or_end_them() {
        assert_eq!(terms("_a_b_ ___ x__y _9"), ["a_b", "x__y", "9"]);
        assert_eq!(terms("über_Größe"), ["über_größe"]);
    }

    #[test]
    fn words_are_lower_case_runs_of_letters_and_digits() {
        assert_eq!(
            terms("Kafka's exactly-once: S3, 10k events/sec (p99)!"),
            [
                "kafka", "s", "exactly", "once", "s3", "10k", "events", "sec", "p99"
            ]
        );
    }

    #[test]
    fn non_ascii_words_keep_their_letters() {
        assert_eq!(
            terms("Müller's naïve café — ΣΟΦΊΑ"),
            ["müller", "s", "naïve", "café", "σοφία"]
        );
    }

    #[test]
    fn ideographs_are_words_of_their_own() {
        assert_eq!(terms("数据仓库 ETL"), ["数", "据", "仓", "库", "etl"]);
        assert_eq!(terms("データ"), ["デ", "ー", "タ"]);
    }

    #[test]
    fn code_identifiers_are_whole_words_made_of_parts() {
        assert_eq!(
            terms("df.groupBy(user_id) __init__"),
            ["df", "groupby", "user_id", "init"]
        );
        assert_eq!(parts("user_id"), ["user", "id"]);
        assert_eq!(parts("getUserName"), ["get", "user", "name"]);
        assert_eq!(parts("HTTPServer"), ["http", "server"]);
        assert_eq!(parts("max_retries_2"), ["max", "retries", "2"]);
        assert!(parts("kafka").is_empty());
        assert!(parts("Kafka").is_empty());
        assert!(parts("S3").is_empty());
    }

    #[test]
    fn common_words_are_left_out_of_english_guides_only() {
        assert!(!indexed("the", true));
        assert!(indexed("the", false));
        assert!(indexed("kafka", true));
        assert!(!indexed(&"x".repeat(MAX_TERM + 1), false));
        assert!(uses_stop_words("en-GB"));
        assert!(!uses_stop_words("de"));
    }
}

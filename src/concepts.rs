//! The guide's concepts (`concepts.yaml`): their names and aliases, and finding them in
//! text with one automaton over every alias, whatever the number of concepts.
//!
//! Case rules keep ordinary words from turning into products: an alias written with a
//! capital letter (`Spark`, `CDC`) matches only as written; an all-lowercase alias
//! (`change data capture`) matches in any case. Matches must be whole words.

use std::collections::BTreeMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};
use serde::Deserialize;

use crate::paths::{UrlPath, slugify};

/// The glossary's folder in the site; each concept's page is a folder inside it.
pub(crate) const GLOSSARY: &str = "concepts/";

/// One entry of `concepts.yaml`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ConceptEntry {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub description: Option<String>,
}

impl ConceptEntry {
    pub const KEYS: &'static [&'static str] = &["id", "name", "aliases", "description"];
}

/// A concept's position in [`Concepts`], sorted by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ConceptId(pub usize);

#[derive(Debug, Clone)]
pub struct Concept {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub description: Option<String>,
    pub url: UrlPath,
    /// Line of the entry in `concepts.yaml`, for messages.
    pub line: usize,
}

/// Every concept, and the automaton that finds them.
#[derive(Debug)]
pub struct Concepts {
    list: Vec<Concept>,
    matcher: AhoCorasick,
    /// For each automaton pattern: its concept and whether its case must match exactly.
    patterns: Vec<(ConceptId, bool)>,
    alias_texts: Vec<String>,
    by_name: BTreeMap<String, ConceptId>,
}

/// A concept named in a text, at `range` (bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub concept: ConceptId,
    pub range: Range<usize>,
}

impl Default for Concepts {
    fn default() -> Self {
        Concepts::new(Vec::new())
    }
}

impl Concepts {
    /// `list` must hold unique ids and aliases (checked when loading).
    pub fn new(mut list: Vec<Concept>) -> Self {
        list.sort_by(|a, b| a.id.cmp(&b.id));
        let mut patterns = Vec::new();
        let mut alias_texts = Vec::new();
        let mut by_name = BTreeMap::new();
        for (i, concept) in list.iter().enumerate() {
            by_name.insert(concept.id.to_lowercase(), ConceptId(i));
            // A lowercase alias already matches every spelling: an exact twin ("Data
            // quality" beside "data quality") would only shadow it in the automaton.
            let any_case: Vec<String> = concept
                .names()
                .filter(|a| !a.chars().any(char::is_uppercase))
                .map(str::to_string)
                .collect();
            for alias in concept.names() {
                by_name.insert(alias.to_lowercase(), ConceptId(i));
                let exact = alias.chars().any(char::is_uppercase);
                if exact && any_case.contains(&alias.to_lowercase()) {
                    continue;
                }
                patterns.push((ConceptId(i), exact));
                alias_texts.push(alias.to_string());
            }
        }
        let matcher = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&alias_texts)
            .expect("aliases are plain strings");
        Concepts {
            list,
            matcher,
            patterns,
            alias_texts,
            by_name,
        }
    }

    pub fn get(&self, id: ConceptId) -> &Concept {
        &self.list[id.0]
    }

    pub fn iter(&self) -> impl Iterator<Item = (ConceptId, &Concept)> {
        self.list.iter().enumerate().map(|(i, c)| (ConceptId(i), c))
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// A concept by its id, name or an alias, in any case: `[[kafka]]`, `[[CDC]]`.
    pub fn lookup(&self, name: &str) -> Option<ConceptId> {
        self.by_name.get(&name.trim().to_lowercase()).copied()
    }

    pub fn by_id(&self, id: &str) -> Option<ConceptId> {
        self.list
            .binary_search_by(|c| c.id.as_str().cmp(id))
            .ok()
            .map(ConceptId)
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.list.iter().map(|c| c.id.as_str())
    }

    /// Every concept named in `text`, left to right, longest name first where names
    /// overlap ("Spark Streaming" rather than "Spark").
    pub fn find<'t>(&'t self, text: &'t str) -> impl Iterator<Item = Hit> + 't {
        self.matcher.find_iter(text).filter_map(move |m| {
            let (concept, exact) = self.patterns[m.pattern().as_usize()];
            let found = &text[m.range()];
            let case_ok = !exact || found == self.alias_texts[m.pattern().as_usize()];
            (case_ok && whole_word(text, m.range())).then_some(Hit {
                concept,
                range: m.range(),
            })
        })
    }
}

impl Concept {
    /// The name and every alias: what text may call it.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }

    pub fn from_entry(entry: ConceptEntry, line: usize) -> Self {
        let url = UrlPath::file(&format!("{GLOSSARY}{}/", entry.id));
        Concept {
            id: entry.id,
            name: entry.name,
            aliases: entry.aliases,
            description: entry.description,
            url,
            line,
        }
    }
}

/// An id is usable in a URL as it is.
pub(crate) fn valid_id(id: &str) -> bool {
    !id.is_empty() && slugify(id) == id && id.is_ascii()
}

fn whole_word(text: &str, range: Range<usize>) -> bool {
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn concept(id: &str, name: &str, aliases: &[&str]) -> Concept {
        Concept::from_entry(
            ConceptEntry {
                id: id.into(),
                name: name.into(),
                aliases: aliases.iter().map(|a| a.to_string()).collect(),
                description: None,
            },
            1,
        )
    }

    fn concepts() -> Concepts {
        Concepts::new(vec![
            concept("spark", "Spark", &[]),
            concept("spark-streaming", "Spark Streaming", &[]),
            concept(
                "cdc",
                "Debezium / CDC",
                &["CDC", "Debezium", "change data capture"],
            ),
            concept("star-method", "STAR method", &["STAR"]),
            concept("star-schema", "Star schema", &["star schema"]),
            concept("s3", "S3", &[]),
        ])
    }

    fn found(text: &str) -> Vec<(String, String)> {
        let c = concepts();
        c.find(text)
            .map(|h| (text[h.range].to_string(), c.get(h.concept).id.clone()))
            .collect()
    }

    fn pair(text: &str, id: &str) -> (String, String) {
        (text.to_string(), id.to_string())
    }

    #[test]
    fn capitalised_names_match_only_as_written() {
        assert_eq!(found("Spark jobs"), [pair("Spark", "spark")]);
        assert!(found("a spark of insight").is_empty());
        assert!(found("five STAR-ish stars; a star is born").len() == 1);
    }

    #[test]
    fn lowercase_aliases_match_any_case() {
        assert_eq!(
            found("Change Data Capture and Star Schema"),
            [
                pair("Change Data Capture", "cdc"),
                pair("Star Schema", "star-schema")
            ]
        );
    }

    #[test]
    fn longest_name_wins_and_words_stay_whole() {
        assert_eq!(
            found("Spark Streaming"),
            [pair("Spark Streaming", "spark-streaming")]
        );
        assert!(found("Sparkling S3x CDCs").is_empty());
        assert_eq!(found("(S3/Delta)"), [pair("S3", "s3")]);
    }

    #[test]
    fn a_sentence_case_name_with_a_lowercase_alias_matches_any_case() {
        let c = Concepts::new(vec![concept(
            "data-quality",
            "Data quality",
            &["data quality"],
        )]);
        let found: Vec<&str> = c
            .find("Data quality, data quality, DATA QUALITY")
            .map(|h| &"Data quality, data quality, DATA QUALITY"[h.range])
            .collect();
        assert_eq!(found, ["Data quality", "data quality", "DATA QUALITY"]);
    }

    #[test]
    fn lookup_by_id_name_or_alias() {
        let c = concepts();
        assert_eq!(c.lookup("debezium"), c.by_id("cdc"));
        assert_eq!(c.lookup("Star Schema"), c.by_id("star-schema"));
        assert_eq!(c.lookup("nothing"), None);
        assert!(valid_id("star-schema"));
        assert!(!valid_id("Star Schema"));
    }
}

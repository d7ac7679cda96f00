//! `concepts.yaml`: a list of `{id, name, aliases, description}`. Ids must be URL-safe and
//! unique, and no two concepts may share a name or alias, or text could not tell which
//! one it names.

use std::collections::BTreeMap;
use std::path::Path;

use super::contained::Root;
use super::{decode, yaml};
use crate::concepts::{Concept, ConceptEntry, Concepts, valid_id};
use crate::error::{Diagnostic, Diagnostics, Result, SourceLoc, closest};

pub(crate) const CONCEPTS_FILE: &str = "concepts.yaml";

pub(super) fn load_concepts(
    guide_dir: &Path,
    root: &Root,
    problems: &mut Diagnostics,
) -> Result<Concepts> {
    let file = guide_dir.join(CONCEPTS_FILE);
    let Some(bytes) = super::read_named(&file, root, problems)? else {
        return Ok(Concepts::default());
    };
    let text = match decode(bytes, &file) {
        Ok(text) => text,
        Err(d) => {
            problems.push(d);
            return Ok(Concepts::default());
        }
    };
    let entries: Vec<ConceptEntry> =
        match yaml::parse(&text, &file, 1, ConceptEntry::KEYS, "concept") {
            Ok(entries) => entries,
            Err(d) => {
                problems.push(d);
                return Ok(Concepts::default());
            }
        };
    let lines = entry_lines(&text, &entries);
    let mut concepts = Vec::new();
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for (entry, line) in entries.into_iter().zip(lines) {
        let loc = SourceLoc::new(&file, line, 1);
        if let Some(d) = check_entry(&entry, &mut names, loc) {
            problems.push(d);
            continue;
        }
        concepts.push(Concept::from_entry(entry, line));
    }
    Ok(Concepts::new(concepts))
}

fn check_entry(
    entry: &ConceptEntry,
    names: &mut BTreeMap<String, String>,
    loc: SourceLoc,
) -> Option<Diagnostic> {
    if !valid_id(&entry.id) {
        return Some(
            Diagnostic::new(
                loc,
                format!("concept id \"{}\" is not usable in a URL", entry.id),
            )
            .with_help(format!(
                "use lowercase letters, digits and dashes, e.g. \"{}\"",
                crate::paths::slugify(&entry.id)
            )),
        );
    }
    if names.values().any(|id| id == &entry.id) {
        return Some(
            Diagnostic::new(loc, format!("concept id \"{}\" is used twice", entry.id))
                .with_help("give each concept its own id"),
        );
    }
    let own = std::iter::once(entry.name.as_str()).chain(entry.aliases.iter().map(String::as_str));
    for name in own {
        let key = name.trim().to_lowercase();
        if key.is_empty() {
            return Some(
                Diagnostic::new(
                    loc,
                    format!("concept \"{}\" has an empty name or alias", entry.id),
                )
                .with_help("remove it"),
            );
        }
        match names.get(&key) {
            Some(other) if other != &entry.id => {
                return Some(
                    Diagnostic::new(
                        loc,
                        format!("\"{name}\" names both \"{other}\" and \"{}\"", entry.id),
                    )
                    .with_help("keep the alias on one concept only"),
                );
            }
            _ => {
                names.insert(key, entry.id.clone());
            }
        }
    }
    None
}

/// The line where each entry's `id:` is written (entries keep their order).
fn entry_lines(text: &str, entries: &[ConceptEntry]) -> Vec<usize> {
    let mut lines = Vec::with_capacity(entries.len());
    let mut from = 0;
    let all: Vec<&str> = text.lines().collect();
    for entry in entries {
        let found = (from..all.len()).find(|&i| {
            let line = all[i].trim_start_matches(['-', ' ']).trim();
            line.strip_prefix("id:")
                .is_some_and(|v| v.trim().trim_matches(['"', '\'']) == entry.id)
        });
        let line = found.unwrap_or(from);
        lines.push(line + 1);
        from = line + 1;
    }
    lines
}

/// A hint for an unknown concept id: the closest known one.
pub(crate) fn unknown_concept(concepts: &Concepts, id: &str, loc: SourceLoc) -> Diagnostic {
    let d = Diagnostic::new(loc, format!("unknown concept \"{id}\""));
    match closest(id, concepts.ids()) {
        Some(near) => d.with_help(format!("did you mean \"{near}\"?")),
        None => d.with_help(format!("add it to {CONCEPTS_FILE}, or use one of its ids")),
    }
}

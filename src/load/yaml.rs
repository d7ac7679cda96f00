//! YAML documents (front matter, `guide.yaml`) into typed settings, with serde's errors
//! turned into `file:line:col` diagnostics that say what to do.

use std::collections::HashMap;
use std::path::Path;

use serde::de::DeserializeOwned;

use super::nesting::{self, MAX_DEPTH};
use crate::error::{Diagnostic, SourceLoc, closest};

/// Parses `yaml`, whose first line is line `first_line` of `file`. `keys` are the known
/// top-level keys, for "did you mean" hints; `what` names the document in messages.
pub(super) fn parse<T: DeserializeOwned + Default>(
    yaml: &str,
    file: &Path,
    first_line: usize,
    keys: &[&str],
    what: &str,
) -> Result<T, Diagnostic> {
    if yaml.trim().is_empty() {
        return Ok(T::default());
    }
    check_depth(yaml, file, first_line)?;
    serde_yaml::from_str(yaml).map_err(|err| {
        let (line, col) = err
            .location()
            .map_or((first_line, 1), |l| (first_line + l.line() - 1, l.column()));
        let loc = SourceLoc::new(file, line, col);
        describe(&err.to_string(), yaml, loc, keys, what)
    })
}

/// Refuses YAML nested deeper than any setting needs, before the parser sees it.
fn check_depth(yaml: &str, file: &Path, first_line: usize) -> Result<(), Diagnostic> {
    let Some((line, col)) = nesting::too_deep(yaml) else {
        return Ok(());
    };
    let loc = SourceLoc::new(file, first_line + line, col);
    let help = "no setting needs more than a few levels: close the `[` and `{` left open, \
                or indent less";
    Err(Diagnostic::new(
        loc,
        format!("YAML nested more than {MAX_DEPTH} levels deep"),
    )
    .with_len(1)
    .with_help(help))
}

/// Like [`parse`] for a mapping of known keys, but never gives up on the whole document
/// for one bad entry: each top-level `key:` entry (from its line to the next key line) is
/// also parsed on its own, so every bad entry is reported with its line, and the good ones
/// keep their values (the bad ones take their defaults). A key written again is reported
/// at its line, and the first one stands. A document that cannot be cut into entries (a
/// YAML syntax error across them) gives its one error and the defaults.
pub(super) fn parse_entries<T: DeserializeOwned + Default>(
    yaml: &str,
    file: &Path,
    first_line: usize,
    keys: &[&str],
    what: &str,
) -> (T, Vec<Diagnostic>) {
    let whole = match parse::<T>(yaml, file, first_line, keys, what) {
        Ok(value) => return (value, Vec::new()),
        Err(d) => d,
    };
    let (kept, mut problems) = without_repeated_keys(yaml, file, first_line, what);
    if !problems.is_empty() {
        let (value, found) = parse_entries(&kept, file, first_line, keys, what);
        problems.extend(found);
        return (value, problems);
    }
    let mut good = String::new();
    let mut problems = Vec::new();
    for (line, entry) in entries(yaml) {
        match parse::<T>(entry, file, first_line + line, keys, what) {
            Ok(_) => good.push_str(entry),
            Err(d) => problems.push(d),
        }
    }
    // The entries must tell the same story as the whole: else the cut was wrong.
    if !problems.iter().any(|d| d.loc == whole.loc) {
        return (T::default(), vec![whole]);
    }
    let salvaged = serde_yaml::from_str(&good).unwrap_or_default();
    (salvaged, problems)
}

/// `yaml` with every top-level key written a second time blanked out (its lines left
/// empty, so the others keep their line numbers), and a problem for each.
fn without_repeated_keys(
    yaml: &str,
    file: &Path,
    first_line: usize,
    what: &str,
) -> (String, Vec<Diagnostic>) {
    let mut first: HashMap<&str, usize> = HashMap::new();
    let mut kept = String::with_capacity(yaml.len());
    let mut problems = Vec::new();
    for (line, entry) in entries(yaml) {
        let Some((at, key)) = entry_key(entry) else {
            kept.push_str(entry);
            continue;
        };
        let line = first_line + line + at;
        let Some(&was) = first.get(key) else {
            first.insert(key, line);
            kept.push_str(entry);
            continue;
        };
        problems.push(
            Diagnostic::new(
                SourceLoc::new(file, line, 1),
                format!("duplicate {what} key \"{key}\""),
            )
            .with_len(key.chars().count())
            .with_help(format!("the first is on line {was}; keep one")),
        );
        kept.extend(entry.matches('\n'));
    }
    (kept, problems)
}

/// The line (0-based) of the first top-level `key:` in `yaml`.
pub(super) fn key_line(yaml: &str, key: &str) -> Option<usize> {
    entries(yaml)
        .into_iter()
        .find_map(|(line, entry)| match entry_key(entry) {
            Some((at, found)) if found == key => Some(line + at),
            _ => None,
        })
}

/// The key of an entry from [`entries`] and its line in the entry (the first entry may
/// begin with comments).
fn entry_key(entry: &str) -> Option<(usize, &str)> {
    entry
        .split_inclusive('\n')
        .enumerate()
        .find(|(_, line)| starts_entry(line))
        .and_then(|(at, line)| Some((at, line.split_once(':')?.0)))
}

/// The top-level entries of a block mapping, each with its first line (0-based): a line
/// that starts with a plain `key:` begins one; indented lines, comments, blank lines and
/// anything else belong to the entry above (lines before the first key, to the first).
fn entries(yaml: &str) -> Vec<(usize, &str)> {
    let mut starts = vec![(0, 0)];
    let mut seen_key = false;
    let mut offset = 0;
    for (i, line) in yaml.split_inclusive('\n').enumerate() {
        if starts_entry(line) {
            if seen_key {
                starts.push((i, offset));
            }
            seen_key = true;
        }
        offset += line.len();
    }
    let ends = starts.iter().skip(1).map(|&(_, o)| o).chain([yaml.len()]);
    starts
        .iter()
        .zip(ends)
        .map(|(&(line, start), end)| (line, &yaml[start..end]))
        .collect()
}

fn starts_entry(line: &str) -> bool {
    let Some((key, rest)) = line.split_once(':') else {
        return false;
    };
    key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && (rest.is_empty() || rest.starts_with([' ', '\t', '\n', '\r']))
}

fn describe(raw: &str, yaml: &str, loc: SourceLoc, keys: &[&str], what: &str) -> Diagnostic {
    let message = raw.split(" at line ").next().unwrap_or(raw);
    if let Some(key) = between(message, "unknown field `", "`") {
        let d = Diagnostic::new(loc, format!("unknown {what} key \"{key}\""))
            .with_len(key.chars().count());
        return match closest(key, keys.iter().copied()) {
            Some(near) => d.with_help(format!("did you mean \"{near}\"?")),
            None => d.with_help(format!("known keys: {}", keys.join(", "))),
        };
    }
    if let Some(variant) = between(message, "unknown variant `", "`") {
        let expected = message.split("expected ").nth(1).unwrap_or("");
        return Diagnostic::new(loc, format!("unknown value \"{variant}\""))
            .with_len(variant.chars().count())
            .with_help(format!("expected {}", expected.replace('`', "\"")));
    }
    let repeated = between(message, "duplicate field `", "`")
        .or_else(|| between(message, "duplicate entry with key \"", "\""));
    if let Some(key) = repeated {
        return Diagnostic::new(loc, format!("duplicate key \"{key}\""))
            .with_len(1)
            .with_help("a key may be written once in each mapping: keep one");
    }
    let said = in_authors_words(message);
    let d = Diagnostic::new(loc, format!("invalid {what}: {said}")).with_len(1);
    if yaml.lines().any(|l| l.starts_with('\t')) || message.contains("cannot start any token") {
        d.with_help("YAML does not allow tabs for indentation: indent with spaces")
    } else if message.contains("invalid type") || message.contains("invalid value") {
        d.with_help("check the value's type: text in quotes, numbers without, lists with `- `")
    } else {
        d.with_help("fix the YAML syntax: `key: value` pairs, indented with spaces")
    }
}

/// serde's "invalid type: string \"two\", expected u32" as an author would say it:
/// "expected a whole number, not the text \"two\"". Other messages stay as they are.
fn in_authors_words(message: &str) -> String {
    let Some((path, rest)) = ["invalid type: ", "invalid value: "]
        .iter()
        .find_map(|lead| message.split_once(lead))
    else {
        return message.to_string();
    };
    let Some((got, expected)) = rest.rsplit_once(", expected ") else {
        return message.to_string();
    };
    let expected = match expected {
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => "a whole number, 0 or more",
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => "a whole number",
        "f32" | "f64" => "a number",
        "a boolean" => "true or false",
        "a string" | "a character" => "text",
        "a sequence" => "a list (lines starting with `- `, or [a, b])",
        e if e.starts_with("struct ") || e.starts_with("a map") => "`key: value` lines",
        other => other,
    };
    let got = match got.split_once(' ') {
        Some(("string", text)) => format!("the text {text}"),
        Some(("integer" | "floating", number)) => {
            format!(
                "the number {}",
                number.trim_start_matches("point ").replace('`', "")
            )
        }
        Some(("boolean", value)) => value.replace('`', ""),
        _ => match got {
            "sequence" => "a list".to_string(),
            "map" => "`key: value` lines".to_string(),
            "unit value" => "nothing".to_string(),
            other => other.to_string(),
        },
    };
    format!("{path}expected {expected}, not {got}")
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let rest = &text[text.find(start)? + start.len()..];
    Some(&rest[..rest.find(end)?])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::GuideConfig;

    fn entries_of(yaml: &str) -> (GuideConfig, Vec<(usize, String)>) {
        let (config, problems) = parse_entries::<GuideConfig>(
            yaml,
            Path::new("guide.yaml"),
            1,
            GuideConfig::KEYS,
            "guide.yaml",
        );
        let found = problems
            .into_iter()
            .map(|d| (d.loc.line().unwrap_or_default(), d.message))
            .collect();
        (config, found)
    }

    #[test]
    fn type_errors_are_in_the_authors_words() {
        for (raw, said) in [
            (
                "number: invalid type: string \"two\", expected u32",
                "number: expected a whole number, 0 or more, not the text \"two\"",
            ),
            (
                "draft: invalid type: string \"maybe\", expected a boolean",
                "draft: expected true or false, not the text \"maybe\"",
            ),
            (
                "number: invalid value: integer `-1`, expected u32",
                "number: expected a whole number, 0 or more, not the number -1",
            ),
            (
                "related: invalid type: string \"a.md\", expected a sequence",
                "related: expected a list (lines starting with `- `, or [a, b]), not the text \"a.md\"",
            ),
            (
                "mapping values are not allowed",
                "mapping values are not allowed",
            ),
        ] {
            assert_eq!(in_authors_words(raw), said);
        }
    }

    #[test]
    fn a_sound_document_has_no_problems() {
        let (config, found) = entries_of("# settings\ntitle: Guide\n");
        assert_eq!(config.title, "Guide");
        assert!(found.is_empty());
    }

    #[test]
    fn each_bad_entry_is_reported_at_its_line_and_the_rest_kept() {
        let yaml = "# settings\ntitle: Guide\ncolour: blue\ndescription:\n  - not text\nlanguage: en\nrepositry: x\n";
        let (config, found) = entries_of(yaml);
        assert_eq!(config.title, "Guide");
        assert_eq!(config.language.as_deref(), Some("en"));
        assert_eq!(config.description, None);
        let lines: Vec<usize> = found.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [3, 5, 7], "{found:?}");
        assert_eq!(found[0].1, "unknown guide.yaml key \"colour\"");
        assert_eq!(found[2].1, "unknown guide.yaml key \"repositry\"");
    }

    /// What cannot be cut into entries is one problem, as serde saw it, and the defaults.
    #[test]
    fn a_document_that_cannot_be_cut_gives_its_one_error() {
        let (config, found) = entries_of("[title, A]\n");
        assert_eq!(config, GuideConfig::default());
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn repeated_keys_are_reported_at_their_lines_and_the_rest_kept() {
        let yaml = "title: A\nlanguage: en\n# note\ntitle: B\ncolour: x\ntitle: C\n";
        let (config, found) = entries_of(yaml);
        assert_eq!(
            found,
            [
                (4, "duplicate guide.yaml key \"title\"".to_string()),
                (6, "duplicate guide.yaml key \"title\"".to_string()),
                (5, "unknown guide.yaml key \"colour\"".to_string()),
            ]
        );
        assert_eq!(config.title, "A");
        assert_eq!(config.language.as_deref(), Some("en"));
    }

    /// Keys repeated below the top level are found by serde, at their mapping.
    #[test]
    fn nested_repeated_keys_say_so() {
        let d = parse::<crate::load::FrontMatter>(
            "timer:\n  - step: a\n    minutes: 1\n    step: b\n",
            Path::new("p.md"),
            2,
            &[],
            "front matter",
        )
        .unwrap_err();
        assert_eq!(d.message, "duplicate key \"step\"");
        assert_eq!(d.loc.line(), Some(3));
    }

    #[test]
    fn entries_start_only_at_plain_keys() {
        let yaml = "# c\ntitle: a\nrelated:\n- x.md\n  # more\nsummary: \"two\nlines\"\n";
        let cut: Vec<(usize, &str)> = entries(yaml);
        assert_eq!(
            cut,
            [
                (0, "# c\ntitle: a\n"),
                (2, "related:\n- x.md\n  # more\n"),
                (5, "summary: \"two\nlines\"\n"),
            ]
        );
    }
}

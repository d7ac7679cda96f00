//! YAML documents (front matter, `guide.yaml`) into typed settings, with serde's errors
//! turned into `file:line:col` diagnostics that say what to do.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::{Diagnostic, SourceLoc, closest};

/// Parses `yaml`, whose first line is line `first_line` of `file`. `keys` are the known
/// top-level keys, for "did you mean" hints; `what` names the document in messages.
pub fn parse<T: DeserializeOwned + Default>(
    yaml: &str,
    file: &Path,
    first_line: usize,
    keys: &[&str],
    what: &str,
) -> Result<T, Diagnostic> {
    if yaml.trim().is_empty() {
        return Ok(T::default());
    }
    serde_yaml::from_str(yaml).map_err(|err| {
        let (line, col) = err
            .location()
            .map_or((first_line, 1), |l| (first_line + l.line() - 1, l.column()));
        let loc = SourceLoc::new(file, line, col);
        describe(&err.to_string(), yaml, loc, keys, what)
    })
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
    let d = Diagnostic::new(loc, format!("invalid {what}: {message}")).with_len(1);
    if yaml.lines().any(|l| l.starts_with('\t')) || message.contains("cannot start any token") {
        d.with_help("YAML does not allow tabs for indentation: indent with spaces")
    } else if message.contains("invalid type") {
        d.with_help("check the value's type: text in quotes, numbers without, lists with `- `")
    } else {
        d.with_help("fix the YAML syntax: `key: value` pairs, indented with spaces")
    }
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let rest = &text[text.find(start)? + start.len()..];
    Some(&rest[..rest.find(end)?])
}

//! How problems are shown on the terminal: numbered, each with its `file:line:col` and
//! hint, then the offending line with the text underlined, as rustc does. The lines are
//! read back from the files when reporting (one read per file), so the passes that find
//! problems need not carry source text around. This is the one place a list of
//! diagnostics becomes text; `crate::error` only defines them.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use unicode_width::UnicodeWidthStr;

use crate::error::{Diagnostic, Error};

/// "1 page", "2 pages": a count with its noun (nouns that add an "s").
pub fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// Whether the diagnostics of a report stop the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// Stops the build.
    Error,
    /// Worth a look; an error only under `check --strict`.
    Warning,
}

/// `err` in full: the numbered list of its problems if it has them, then `error:` and its
/// one-line summary, then each of its causes.
pub fn error(err: &Error) -> String {
    let mut out = match err {
        Error::Content(diagnostics) => render(diagnostics, Severity::Error),
        _ => String::new(),
    };
    let _ = writeln!(out, "error: {err}");
    let mut cause = std::error::Error::source(err);
    while let Some(c) = cause {
        // A cause that shows its own source lines (Tera's) keeps them under this one.
        let text = c.to_string().replace('\n', "\n    ");
        let _ = writeln!(out, "  caused by: {}", text.trim_end());
        cause = c.source();
    }
    out
}

/// `diagnostics` as a numbered report, each with its offending line underlined.
pub fn render(diagnostics: &[Diagnostic], severity: Severity) -> String {
    let label = match severity {
        Severity::Error => "",
        Severity::Warning => "warning: ",
    };
    let mut files: HashMap<PathBuf, Option<String>> = HashMap::new();
    let mut out = String::new();
    for (i, d) in diagnostics.iter().enumerate() {
        let _ = writeln!(out, "{:>3}. {label}{d}", i + 1);
        let Some(number) = d.loc.line() else {
            continue;
        };
        let file = d.loc.path();
        let text = files.entry(file.to_path_buf()).or_insert_with(|| {
            std::fs::read(file)
                .ok()
                .map(|b| String::from_utf8_lossy(&b).into_owned())
        });
        if let Some(line) = text.as_deref().and_then(|t| t.lines().nth(number - 1)) {
            out.push_str(&snippet(line, number, d.loc.col(), d.len));
        }
    }
    out
}

/// Characters of a long line shown around the offending text.
const WINDOW: usize = 100;

/// The line with a gutter, and carets under `len` characters from column `col`. A long
/// line is cut to a window around the offending text.
fn snippet(line: &str, number: usize, col: usize, len: usize) -> String {
    let chars: Vec<char> = line.chars().collect();
    if chars.len() > WINDOW {
        let start = col
            .saturating_sub(WINDOW / 4)
            .min(chars.len().saturating_sub(WINDOW));
        let end = (start + WINDOW).min(chars.len());
        let window: String = chars[start..end].iter().collect();
        let marker = if start > 0 { "…" } else { "" };
        let shown = format!(
            "{marker}{window}{}",
            if end < chars.len() { "…" } else { "" }
        );
        let len = len.min(end.saturating_sub(col.saturating_sub(1)));
        let col = col - start + marker.chars().count();
        return draw(&shown, number, col, len);
    }
    draw(line, number, col, len)
}

fn draw(line: &str, number: usize, col: usize, len: usize) -> String {
    let shown = line.replace('\t', "    ");
    let chars: Vec<char> = line.chars().collect();
    let start = col.saturating_sub(1).min(chars.len());
    let end = (start + len.max(1)).min(chars.len().max(start + 1));
    let prefix: String = chars[..start].iter().collect();
    let marked: String = chars[start..end.min(chars.len())].iter().collect();
    let indent = prefix.replace('\t', "    ").width();
    let carets = marked.replace('\t', "    ").width().max(1);
    let gutter = " ".repeat(number.to_string().len());
    format!(
        "     {gutter} |\n     {number} | {shown}\n     {gutter} | {}{}\n",
        " ".repeat(indent),
        "^".repeat(carets)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::SourceLoc;

    #[test]
    fn an_error_lists_its_problems_then_says_what_failed_then_why() {
        let content = Error::content(vec![
            Diagnostic::new(SourceLoc::new("guide/none.md", 2, 1), "second"),
            Diagnostic::new(SourceLoc::file("guide/none.md"), "first").with_help("fix it"),
        ]);
        assert_eq!(
            error(&content),
            "  1. guide/none.md: first (fix it)\n  2. guide/none.md:2:1: second\n\
             error: 2 problems in the guide\n"
        );
        let denied = std::io::Error::new(std::io::ErrorKind::PermissionDenied, "denied");
        let io = Error::io("read", std::path::Path::new("guide/x.md"), denied);
        assert_eq!(
            error(&io),
            "error: could not read guide/x.md\n  caused by: denied\n"
        );
    }

    #[test]
    fn carets_sit_under_the_offending_text() {
        assert_eq!(
            snippet("- [The question](q.md#nope)", 5, 3, 25),
            "       |\n     5 | - [The question](q.md#nope)\n       |   ^^^^^^^^^^^^^^^^^^^^^^^^^\n"
        );
        assert_eq!(
            snippet("数据 ab", 12, 4, 2),
            "        |\n     12 | 数据 ab\n        |      ^^\n"
        );
        assert_eq!(
            snippet("\tx", 1, 2, 0),
            "       |\n     1 |     x\n       |     ^\n"
        );
        let long = format!("{}[bad](x.md){}", "a".repeat(500), "b".repeat(500));
        let shown = snippet(&long, 3, 501, 12);
        assert!(
            shown.contains("…aaaa")
                && shown.contains("[bad](x.md)bbb")
                && shown.ends_with("^^^^^^^^^^^^\n"),
            "{shown}"
        );
        assert!(shown.lines().all(|l| l.chars().count() < 120), "{shown}");
    }
}

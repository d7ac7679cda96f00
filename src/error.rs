//! The one error type of guidebook. Content problems carry a [`SourceLoc`] and are
//! collected, so a build reports every problem at once; usage and environment problems
//! stop at the first. `main.rs` maps them to exit codes 1 and 2.

use std::fmt;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

/// Where in the guide a problem is: the file as the user named it and, unless the problem
/// is with the whole file, the 1-based line and column. Sorts by file, then whole-file
/// problems before the others, then by line and column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SourceLoc {
    file: PathBuf,
    line: Option<NonZeroUsize>,
    /// 0 when there is no line.
    col: usize,
}

impl SourceLoc {
    /// A place in `file`: `line` and `col` count from 1.
    pub fn new(file: impl Into<PathBuf>, line: usize, col: usize) -> Self {
        debug_assert!(
            line > 0,
            "lines count from 1; use SourceLoc::file for no line"
        );
        SourceLoc {
            file: file.into(),
            line: NonZeroUsize::new(line),
            col,
        }
    }

    /// The whole of `file`, for a problem no line can show (a symbolic link, a page's
    /// HTML).
    pub fn file(file: impl Into<PathBuf>) -> Self {
        SourceLoc {
            file: file.into(),
            line: None,
            col: 0,
        }
    }

    /// The file, as the user named it.
    pub fn path(&self) -> &Path {
        &self.file
    }

    /// The 1-based line, if the problem has one.
    pub fn line(&self) -> Option<usize> {
        self.line.map(NonZeroUsize::get)
    }

    /// The 1-based column on [`SourceLoc::line`]; 0 when there is no line.
    pub fn col(&self) -> usize {
        self.col
    }
}

impl fmt::Display for SourceLoc {
    /// `file:line:col`, or just `file` for a problem with the whole file.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}:{}", self.file.display(), self.col),
            None => write!(f, "{}", self.file.display()),
        }
    }
}

/// One problem in the guide's content, with what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// Where the problem is.
    pub loc: SourceLoc,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
    /// How many characters from `loc` the offending text takes (0: just point at it).
    pub len: usize,
}

impl Diagnostic {
    /// A problem at `loc`.
    pub fn new(loc: SourceLoc, message: impl Into<String>) -> Self {
        Diagnostic {
            loc,
            message: message.into(),
            help: None,
            len: 0,
        }
    }

    /// Adds what to do about it.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Marks `len` characters from the location as the offending text.
    pub fn with_len(mut self, len: usize) -> Self {
        self.len = len;
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.loc, self.message)?;
        match &self.help {
            Some(help) => write!(f, " ({help})"),
            None => Ok(()),
        }
    }
}

#[derive(Debug)]
/// Everything that can go wrong in guidebook: see each variant.
pub enum Error {
    /// Problems in the guide itself, sorted by file and line; exit code 1.
    Content(Vec<Diagnostic>),
    /// A theme template that does not compile or render; exit code 1.
    Template {
        /// The template as the user knows it: the override's file under `templates/`, or
        /// the theme's name for it; at the line Tera points at when it gives one.
        loc: SourceLoc,
        /// What failed, in a few words: "does not compile", "could not render guide/a.md".
        problem: String,
        /// Tera's error, which shows the offending line of the template.
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
    /// A command line or setting that cannot work; exit code 2.
    Usage(String),
    /// The file system refused; exit code 2.
    Io {
        /// What was being done ("read", "create").
        action: &'static str,
        /// The path it was done to.
        path: PathBuf,
        /// Why it failed.
        source: std::io::Error,
    },
}

/// guidebook's `Result`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An IO error doing `action` to `path`.
    pub fn io(action: &'static str, path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }

    /// A template error without a cause of its own (the template renders, but not as
    /// guidebook needs).
    pub fn template(loc: SourceLoc, problem: impl Into<String>) -> Self {
        Error::Template {
            loc,
            problem: problem.into(),
            source: None,
        }
    }

    /// This error, if a template failed while rendering the page from `file`, saying so.
    pub fn rendering(self, file: &Path) -> Self {
        match self {
            Error::Template {
                loc,
                problem,
                source,
            } => Error::Template {
                loc,
                problem: format!("{problem} {}", file.display()),
                source,
            },
            other => other,
        }
    }

    /// Sorted so the report reads file by file, whatever order the passes found them in.
    pub fn content(mut diagnostics: Vec<Diagnostic>) -> Self {
        diagnostics.sort();
        diagnostics.dedup();
        Error::Content(diagnostics)
    }

    /// This error, joined by the problems earlier steps found and went on past: content
    /// problems are reported with them, sorted again. Any other error stops the build on
    /// its own (a template that does not compile, a file that cannot be read).
    pub fn after(self, earlier: &[Diagnostic]) -> Self {
        match self {
            Error::Content(mut diagnostics) => {
                diagnostics.extend(earlier.iter().cloned());
                Error::content(diagnostics)
            }
            other => other,
        }
    }

    /// The process exit code: 1 for problems in the guide, 2 for usage or environment.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Content(_) | Error::Template { .. } => 1,
            Error::Usage(_) | Error::Io { .. } => 2,
        }
    }
}

impl fmt::Display for Error {
    /// One line: how many content problems there are (the report lists them), or what
    /// failed; what caused it is [`std::error::Error::source`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Content(diagnostics) => {
                let n = diagnostics.len();
                write!(
                    f,
                    "{n} problem{} in the guide",
                    if n == 1 { "" } else { "s" }
                )
            }
            Error::Template { loc, problem, .. } => write!(f, "template {loc}: {problem}"),
            Error::Usage(message) => f.write_str(message),
            Error::Io { action, path, .. } => write!(f, "could not {action} {}", path.display()),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            Error::Template {
                source: Some(source),
                ..
            } => Some(source.as_ref()),
            _ => None,
        }
    }
}

/// Collects content problems across passes, then fails once with all of them. Steps that
/// can go on past a problem hand theirs on (the site carries them), so one run reports
/// what the load, the model and the link checks find, together.
#[derive(Debug, Default)]
pub(crate) struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub(crate) fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub(crate) fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(ds);
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The problems so far, for a later step to carry (see [`crate::model::Site::problems`]).
    pub(crate) fn into_vec(self) -> Vec<Diagnostic> {
        self.0
    }

    /// `Ok(value)` when nothing was reported, otherwise every problem.
    pub(crate) fn finish<T>(self, value: T) -> Result<T> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(Error::content(self.0))
        }
    }
}

/// The closest candidate within a small edit distance, for "did you mean" hints.
pub(crate) fn closest<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (wanted.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (edit_distance(wanted, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

/// Optimal string alignment distance: a swapped pair of letters ("titel") costs one edit.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_suggests_near_misses_only() {
        let keys = ["title", "summary", "order", "kind"];
        assert_eq!(closest("titel", keys), Some("title"));
        assert_eq!(closest("sumary", keys), Some("summary"));
        assert_eq!(closest("colour", keys), None);
    }

    #[test]
    fn content_errors_are_sorted_and_summed_up_in_one_line() {
        let err = Error::content(vec![
            Diagnostic::new(SourceLoc::new("guide/b.md", 2, 1), "second"),
            Diagnostic::new(SourceLoc::new("guide/a.md", 9, 3), "first").with_help("fix it"),
            Diagnostic::new(SourceLoc::file("guide/b.md"), "whole file"),
        ]);
        assert_eq!(err.to_string(), "3 problems in the guide");
        let Error::Content(found) = &err else {
            panic!("{err:?}")
        };
        let shown: Vec<String> = found.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "guide/a.md:9:3: first (fix it)",
                "guide/b.md: whole file",
                "guide/b.md:2:1: second"
            ]
        );
        assert_eq!(err.exit_code(), 1);
    }
}

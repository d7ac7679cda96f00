//! Every file of the site has one maker: a page, a file of the guide copied as it is, or
//! guidebook itself (the theme, the glossary, the handouts, the site files). A second
//! claim on a path would silently replace the first (`guide/index.html` over the home
//! page, `guide/concepts/index.md` over the glossary), so it is an error naming both.
//! Claims are settled before anything is written.

use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;

use crate::error::{Diagnostic, SourceLoc};

/// Who makes a file of the site.
#[derive(Debug, Clone)]
pub(super) struct Maker {
    /// What it is, for messages: "the page made from guide/a.md", "the concepts glossary".
    what: String,
    /// The file of the guide it comes from, where a problem is shown.
    file: Option<PathBuf>,
    /// The line to point at in `file`; `None`: the file as a whole.
    line: Option<usize>,
}

impl Maker {
    pub(super) fn page(file: &Path) -> Maker {
        Maker {
            what: format!("the page made from {}", file.display()),
            file: Some(file.to_path_buf()),
            line: Some(1),
        }
    }

    pub(super) fn asset(file: &Path) -> Maker {
        Maker {
            what: format!("the file {}", file.display()),
            file: Some(file.to_path_buf()),
            line: None,
        }
    }

    /// Made by guidebook, about the page in `file` when it has one.
    pub(super) fn generated(what: impl Into<String>, file: Option<&Path>) -> Maker {
        Maker {
            what: what.into(),
            file: file.map(Path::to_path_buf),
            line: None,
        }
    }
}

/// The files of the site claimed so far, and the claims that clashed.
#[derive(Default)]
pub(super) struct Claims {
    makers: FxHashMap<String, Maker>,
    problems: Vec<Diagnostic>,
}

impl Claims {
    /// Claims `rel` (a `/`-separated path in the site) for `maker`.
    pub(super) fn claim(&mut self, rel: &str, maker: Maker) {
        match self.makers.get(rel) {
            Some(first) => {
                let clash = clash(first, &maker, &format!("would both be written to {rel}"));
                self.problems.push(clash);
            }
            None => {
                self.makers.insert(rel.to_string(), maker);
            }
        }
    }

    /// Every clash: two claims on one path, or a file where another needs a folder
    /// (`guide/concepts`, a file, under the glossary's `concepts/index.html`).
    pub(super) fn finish(mut self) -> Vec<Diagnostic> {
        let mut folders: Vec<(&String, &str)> = Vec::new();
        for rel in self.makers.keys() {
            let mut path = rel.as_str();
            while let Some((folder, _)) = path.rsplit_once('/') {
                folders.push((rel, folder));
                path = folder;
            }
        }
        for (rel, folder) in folders {
            if let Some(file) = self.makers.get(folder) {
                let inside = &self.makers[rel];
                let why = format!("need {folder} as a file and as a folder ({rel})");
                self.problems.push(clash(inside, file, &why));
            }
        }
        self.problems.sort();
        self.problems.dedup();
        self.problems
    }
}

/// The problem of two makers clashing, shown at the guide's file that can be changed:
/// the second's, else the first's.
fn clash(first: &Maker, second: &Maker, why: &str) -> Diagnostic {
    let (shown, other) = if second.file.is_some() {
        (second, first)
    } else {
        (first, second)
    };
    let file = shown.file.clone().unwrap_or_default();
    let help = if other.file.is_some() {
        "rename or move one of the two files"
    } else {
        "rename or move the file: guidebook makes that path itself"
    };
    Diagnostic::new(
        shown.line.map_or_else(
            || SourceLoc::file(&file),
            |line| SourceLoc::new(&file, line, 1),
        ),
        format!("{} and {} {why}", shown.what, other.what),
    )
    .with_help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_claim_names_both_makers_at_the_guide_file() {
        let mut claims = Claims::default();
        claims.claim("index.html", Maker::page(Path::new("guide/index.md")));
        claims.claim("a/index.html", Maker::page(Path::new("guide/a.md")));
        claims.claim("a.png", Maker::asset(Path::new("guide/a.png")));
        assert!(Claims::default().finish().is_empty());
        claims.claim("index.html", Maker::asset(Path::new("guide/index.html")));
        let problems = claims.finish();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(
            problems[0].to_string(),
            "guide/index.html: the file guide/index.html and the page made from guide/index.md \
             would both be written to index.html (rename or move one of the two files)"
        );
    }

    #[test]
    fn generated_files_lose_to_nothing_and_name_the_guide_file() {
        let mut claims = Claims::default();
        claims.claim(
            "concepts/index.html",
            Maker::generated("the concepts glossary", None),
        );
        claims.claim("concepts", Maker::asset(Path::new("guide/concepts")));
        claims.claim(
            "concepts/index.html",
            Maker::page(Path::new("guide/concepts/index.md")),
        );
        let problems = claims.finish();
        let text: Vec<String> = problems.iter().map(|p| p.message.clone()).collect();
        assert_eq!(
            text,
            [
                "the file guide/concepts and the concepts glossary need concepts as a file \
                 and as a folder (concepts/index.html)",
                "the page made from guide/concepts/index.md and the concepts glossary would \
                 both be written to concepts/index.html",
            ]
        );
        assert_eq!(problems[1].loc.line(), Some(1));
    }
}

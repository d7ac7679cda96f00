//! Step 2: the guide as data. Pages in guide order (home, then each part and its pages),
//! with their URLs, titles and places in the tree. Pages refer to each other by
//! [`PageId`], never by reference.

use std::ops::Range;
use std::path::PathBuf;

use rustc_hash::FxHashMap;

use crate::concepts::{ConceptId, Concepts};
use crate::config::GuideConfig;
use crate::error::Diagnostic;
use crate::load::AssetSource;
// What a page is, as front matter says: the model's, though loading reads it.
pub(crate) use crate::load::{PageKind, TimerStep};
use crate::paths::{SourcePath, UrlPath, slugify};

mod numbers;
mod practice;
mod references;
#[cfg(test)]
mod testing;
mod title;
mod tree;

#[cfg(test)]
pub(crate) use testing::test_site;
pub(crate) use title::title_and_body;
pub use tree::build;

/// A page's position in guide order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PageId(pub usize);

#[derive(Debug)]
pub struct Page {
    pub id: PageId,
    pub source: SourcePath,
    /// The file as shown in messages, e.g. `guide/behavioral/tips.md`.
    pub file: PathBuf,
    pub url: UrlPath,
    pub title: String,
    pub kind: PageKind,
    /// A question's number, shown as a badge.
    pub number: Option<u32>,
    /// One line for lists of pages and the meta description.
    pub summary: Option<String>,
    /// The whole file, so offsets in the body map to lines of the file.
    pub text: String,
    pub body: Range<usize>,
    /// The section (an `index.md`) this page belongs to; `None` for the home page.
    pub parent: Option<PageId>,
    /// For sections: their pages and sub-sections, in order.
    pub children: Vec<PageId>,
    /// `related:` from the front matter, in the order written.
    pub related: Vec<PageId>,
    /// `concepts:` from the front matter: concepts the page is about beyond those it names.
    pub concepts: Vec<ConceptId>,
    /// `timer:` from the front matter: the steps of its practice timer.
    pub timer: Vec<TimerStep>,
    /// The page whose timer this page practises with: itself, or for a question the
    /// page of its part that declares one.
    pub timer_from: Option<PageId>,
    /// How many task list items (checklist boxes) the page has.
    pub tasks: u32,
}

impl Page {
    pub fn body(&self) -> &str {
        &self.text[self.body.clone()]
    }

    pub fn kind(&self) -> PageKind {
        self.kind
    }

    pub fn is_section(&self) -> bool {
        self.source.is_index()
    }

    pub fn is_question(&self) -> bool {
        self.kind == PageKind::Question
    }
}

#[derive(Debug)]
pub struct Site {
    pub config: GuideConfig,
    /// In guide order: `pages[0]` is the home page.
    pub pages: Vec<Page>,
    pub by_source: FxHashMap<SourcePath, PageId>,
    /// Pages by the slug of their file name and of their title, for `[[name]]` links:
    /// the first in guide order wins.
    pub by_name: FxHashMap<String, PageId>,
    pub assets: Vec<AssetSource>,
    pub concepts: Concepts,
    /// Problems found while loading that do not stop a build.
    pub warnings: Vec<Diagnostic>,
    /// Problems found while loading and modelling that fail the build, once the later
    /// steps have added theirs: the site is whole without them (a bad front matter entry
    /// took its default, an unknown `related:` or `concepts:` reference was left out), so
    /// its pages are still checked. Nothing may be written while there are any.
    pub problems: Vec<Diagnostic>,
}

impl Site {
    pub fn page(&self, id: PageId) -> &Page {
        &self.pages[id.0]
    }

    pub fn home(&self) -> &Page {
        &self.pages[0]
    }

    pub fn lookup(&self, source: &SourcePath) -> Option<&Page> {
        self.by_source.get(source).map(|id| self.page(*id))
    }

    /// The page a `[[name]]` link means: by file name (`.md` optional) or title.
    pub fn named(&self, name: &str) -> Option<&Page> {
        let wanted = slugify(name.trim_end_matches(".md"));
        self.by_name.get(&wanted).map(|id| self.page(*id))
    }

    /// The sections from the home page down to (not including) `id`.
    pub fn ancestors(&self, id: PageId) -> Vec<&Page> {
        let mut chain = Vec::new();
        let mut current = self.page(id).parent;
        while let Some(parent) = current {
            chain.push(self.page(parent));
            current = self.page(parent).parent;
        }
        chain.reverse();
        chain
    }

    pub fn questions(&self) -> impl Iterator<Item = &Page> {
        self.pages.iter().filter(|p| p.is_question())
    }

    /// The guide's title: `guide.yaml`, else the home page's.
    pub fn title(&self) -> &str {
        if self.config.title.is_empty() {
            &self.home().title
        } else {
            &self.config.title
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{page, site};

    #[test]
    fn wiki_names_find_pages_by_file_name_or_title_first_in_order() {
        let site = site(vec![
            page("index.md", "# Home\n"),
            page("b/index.md", "---\norder: 1\n---\n"),
            page("b/framework.md", "# The Framework\n"),
            page("b/other.md", "# Framework\n"),
        ])
        .unwrap();
        let named = |name: &str| site.named(name).map(|p| p.source.as_str());
        assert_eq!(named("framework"), Some("b/framework.md"));
        assert_eq!(named("framework.md"), Some("b/framework.md"));
        assert_eq!(named("the framework"), Some("b/framework.md"));
        assert_eq!(named("Other"), Some("b/other.md"));
        assert_eq!(named("nothing"), None);
    }
}

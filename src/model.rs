//! Step 2: the guide as data. Pages in guide order (home, then each part and its pages),
//! with their URLs, titles and places in the tree. Pages refer to each other by
//! [`PageId`], never by reference.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;

use rustc_hash::FxHashMap;

use crate::concepts::{ConceptId, Concepts};
use crate::config::GuideConfig;
use crate::error::{Diagnostic, Diagnostics, Error, Result, SourceLoc};
use crate::load::{AssetSource, GuideSource, LineIndex, PageSource, unknown_concept};
// What a page is, as front matter says: the model's, though loading reads it.
pub(crate) use crate::load::PageKind;
use crate::paths::{SourcePath, UrlPath, slugify};

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

/// Orders the loaded pages into the guide's tree. A missing home page, or pages that
/// would be written to the same URL, stop here (there is no tree to check), with the
/// problems loading found; references that name nothing are left out and reported in
/// `Site::problems`, which carries loading's too.
pub fn build(source: GuideSource, guide_dir: &std::path::Path) -> Result<Site> {
    let mut problems = Diagnostics::default();
    problems.extend(source.problems);
    let mut fatal = Diagnostics::default();
    let drafts_removed: Vec<PageSource> = source
        .pages
        .into_iter()
        .filter(|p| !p.front.draft)
        .collect();
    let mut staged: BTreeMap<SourcePath, Staged> = BTreeMap::new();
    let mut urls: BTreeMap<UrlPath, SourcePath> = BTreeMap::new();
    for page in drafts_removed {
        let url = UrlPath::for_page(&page.path);
        if let Some(first) = urls.get(&url) {
            fatal.push(
                Diagnostic::new(
                    SourceLoc::new(&page.file, 1, 1),
                    format!("this page and {first} would both be written to {url}"),
                )
                .with_help("rename one of the two files"),
            );
            continue;
        }
        urls.insert(url.clone(), page.path.clone());
        staged.insert(page.path.clone(), Staged::new(page, url));
    }
    if !staged.contains_key(&SourcePath::new("index.md")) {
        fatal.push(
            Diagnostic::new(
                SourceLoc::new(guide_dir.join("index.md"), 1, 1),
                "the guide has no home page",
            )
            .with_help("create index.md in the guide folder, with the guide's title"),
        );
    }
    if !fatal.is_empty() {
        fatal.extend(problems.into_vec());
        return Err(Error::content(fatal.into_vec()));
    }
    let order = guide_order(&staged);
    let by_source: FxHashMap<SourcePath, PageId> = order
        .iter()
        .enumerate()
        .map(|(i, (path, _))| (path.clone(), PageId(i)))
        .collect();
    let (mut pages, references): (Vec<Page>, Vec<References>) = order
        .into_iter()
        .enumerate()
        .map(|(i, (path, parent))| {
            let staged = staged.remove(&path).expect("ordered pages are staged");
            let parent = parent.and_then(|p| by_source.get(&p).copied());
            staged.into_page(PageId(i), parent)
        })
        .unzip();
    for i in 0..pages.len() {
        if let Some(parent) = pages[i].parent {
            pages[parent.0].children.push(PageId(i));
        }
    }
    for (page, written) in pages.iter_mut().zip(&references) {
        resolve_references(page, written, &by_source, &source.concepts, &mut problems);
    }
    let mut by_name = FxHashMap::default();
    for page in &pages {
        for name in [page.source.stem(), page.title.as_str()] {
            by_name.entry(slugify(name)).or_insert(page.id);
        }
    }
    let mut assets = source.assets;
    assets.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Site {
        config: source.config,
        pages,
        by_source,
        by_name,
        assets,
        concepts: source.concepts,
        warnings: source.warnings,
        problems: problems.into_vec(),
    })
}

/// `related:` paths become pages and `concepts:` ids become concepts; each one that does
/// not exist is reported at its line in the front matter, and left out.
fn resolve_references(
    page: &mut Page,
    written: &References,
    pages: &FxHashMap<SourcePath, PageId>,
    concepts: &Concepts,
    problems: &mut Diagnostics,
) {
    let locate = |needle: &str| {
        let front = &page.text[..page.body.start];
        let offset = front.find(needle).unwrap_or(0);
        let (line, col) = LineIndex::new(&page.text).line_col(&page.text, offset);
        SourceLoc::new(&page.file, line, col)
    };
    for written in &written.related {
        let target = page.source.resolve(written);
        match target.as_ref().and_then(|t| pages.get(t)) {
            Some(id) => page.related.push(*id),
            None => problems.push(
                Diagnostic::new(locate(written), format!("related page \"{written}\" does not exist"))
                    .with_help("list related pages by their path relative to this page, e.g. ../behavioral/tips.md")
                    .with_len(written.chars().count()),
            ),
        }
    }
    for id in &written.concepts {
        match concepts.by_id(id) {
            Some(concept) => page.concepts.push(concept),
            None => {
                let d = unknown_concept(concepts, id, locate(id));
                problems.push(d.with_len(id.chars().count()));
            }
        }
    }
}

/// A page's references to pages and concepts, as its front matter wrote them.
struct References {
    related: Vec<String>,
    concepts: Vec<String>,
}

/// A page between loading and its place in the guide.
struct Staged {
    source: PageSource,
    url: UrlPath,
    title: String,
    body: Range<usize>,
}

impl Staged {
    fn new(source: PageSource, url: UrlPath) -> Self {
        let (title, body) = title_and_body(&source);
        Staged {
            source,
            url,
            title,
            body,
        }
    }

    fn into_page(self, id: PageId, parent: Option<PageId>) -> (Page, References) {
        let front = self.source.front;
        let page = Page {
            id,
            source: self.source.path,
            file: self.source.file,
            url: self.url,
            title: self.title,
            kind: front.kind,
            number: front.number,
            summary: front.summary,
            text: self.source.text,
            body: self.body,
            parent,
            children: Vec::new(),
            related: Vec::new(),
            concepts: Vec::new(),
        };
        let references = References {
            related: front.related,
            concepts: front.concepts,
        };
        (page, references)
    }

    fn sort_key(&self) -> (bool, i64, String) {
        let order = self.source.front.order;
        (
            order.is_none(),
            order.unwrap_or(0),
            self.source.path.to_string(),
        )
    }
}

/// Home first, then depth-first: each section's index, then its pages in `order`. Each
/// page comes with the section it belongs to.
fn guide_order(staged: &BTreeMap<SourcePath, Staged>) -> Vec<(SourcePath, Option<SourcePath>)> {
    let mut children: BTreeMap<SourcePath, Vec<&Staged>> = BTreeMap::new();
    for (path, page) in staged {
        if let Some(parent) = section_of(path, staged) {
            children.entry(parent).or_default().push(page);
        }
    }
    for list in children.values_mut() {
        list.sort_by_key(|s| s.sort_key());
    }
    let mut order = Vec::new();
    visit(&SourcePath::new("index.md"), None, &children, &mut order);
    order
}

fn visit(
    path: &SourcePath,
    parent: Option<&SourcePath>,
    children: &BTreeMap<SourcePath, Vec<&Staged>>,
    out: &mut Vec<(SourcePath, Option<SourcePath>)>,
) {
    out.push((path.clone(), parent.cloned()));
    for child in children.get(path).into_iter().flatten() {
        visit(&child.source.path, Some(path), children, out);
    }
}

/// The nearest `index.md` above `path` (for an index, the one above its folder).
fn section_of(path: &SourcePath, pages: &BTreeMap<SourcePath, Staged>) -> Option<SourcePath> {
    if path.as_str() == "index.md" {
        return None;
    }
    let mut dir = if path.is_index() {
        parent_dir(path.dir())
    } else {
        path.dir()
    };
    loop {
        let candidate = SourcePath::new(&format!("{dir}/index.md"));
        if pages.contains_key(&candidate) {
            return Some(candidate);
        }
        if dir.is_empty() {
            return None;
        }
        dir = parent_dir(dir);
    }
}

fn parent_dir(dir: &str) -> &str {
    dir.rsplit_once('/').map_or("", |(d, _)| d)
}

/// The title from front matter, else the text of the body's leading `# ` heading (which
/// then leaves the body, as the template prints the title), else the file name.
fn title_and_body(page: &PageSource) -> (String, Range<usize>) {
    let body = page.body_offset..page.text.len();
    if let Some(title) = &page.front.title {
        return (title.clone(), body);
    }
    let mut offset = page.body_offset;
    for line in page.body().split_inclusive('\n') {
        let bare = line.trim();
        if bare.is_empty() {
            offset += line.len();
            continue;
        }
        if bare.starts_with("# ") {
            let title = crate::markdown::title_text(bare);
            if !title.is_empty() {
                return (title, offset + line.len()..page.text.len());
            }
        }
        break;
    }
    (humanize(page), body)
}

fn humanize(page: &PageSource) -> String {
    let name = if page.path.is_index() {
        page.path.dir().rsplit('/').next().unwrap_or("")
    } else {
        page.path.stem()
    };
    let words = name.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Home".to_string(),
    }
}

/// A site from pages given as (path in the guide, file text), for tests.
#[cfg(test)]
pub(crate) fn test_site(pages: &[(&str, &str)], concepts: Concepts) -> Site {
    let pages = pages
        .iter()
        .map(|(path, text)| {
            let file = PathBuf::from(format!("guide/{path}"));
            let (page, problems) =
                crate::load::parse_page(SourcePath::new(path), file, text.to_string());
            assert!(problems.is_empty(), "{path}: {problems:?}");
            page
        })
        .collect();
    let source = GuideSource {
        config: Default::default(),
        concepts,
        pages,
        assets: Vec::new(),
        warnings: Vec::new(),
        problems: Vec::new(),
    };
    let site = build(source, std::path::Path::new("guide")).unwrap();
    assert!(site.problems.is_empty(), "{:?}", site.problems);
    site
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::FrontMatter;

    fn page(path: &str, text: &str) -> PageSource {
        let parsed_front = if let Some(rest) = text.strip_prefix("---\n") {
            let end = rest.find("---\n").unwrap();
            let front: FrontMatter = serde_yaml::from_str(&rest[..end]).unwrap();
            (front, end + 8)
        } else {
            (FrontMatter::default(), 0)
        };
        PageSource {
            path: SourcePath::new(path),
            file: PathBuf::from(format!("guide/{path}")),
            text: text.to_string(),
            front: parsed_front.0,
            body_offset: parsed_front.1,
        }
    }

    fn site(pages: Vec<PageSource>) -> Result<Site> {
        let source = GuideSource {
            config: GuideConfig::default(),
            concepts: Concepts::default(),
            pages,
            assets: Vec::new(),
            warnings: Vec::new(),
            problems: Vec::new(),
        };
        build(source, std::path::Path::new("guide"))
    }

    #[test]
    fn guide_order_is_home_then_parts_by_order() {
        let site = site(vec![
            page("index.md", "# Home\n"),
            page("b/index.md", "---\norder: 1\n---\n"),
            page("b/z.md", "---\norder: 1\n---\n"),
            page("b/a.md", "---\norder: 2\n---\n"),
            page("a/index.md", "---\norder: 2\n---\n"),
            page("a/only.md", "text"),
        ])
        .unwrap();
        let order: Vec<&str> = site.pages.iter().map(|p| p.source.as_str()).collect();
        assert_eq!(
            order,
            [
                "index.md",
                "b/index.md",
                "b/z.md",
                "b/a.md",
                "a/index.md",
                "a/only.md"
            ]
        );
        let z = site.lookup(&SourcePath::new("b/z.md")).unwrap();
        assert_eq!(site.page(z.parent.unwrap()).source.as_str(), "b/index.md");
        assert_eq!(site.ancestors(z.id).len(), 2);
    }

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

    #[test]
    fn titles_come_from_front_matter_heading_or_file_name() {
        let site = site(vec![
            page("index.md", "\n# Welcome home\n\nText"),
            page("a/index.md", "---\ntitle: Part A\n---\n# Kept\n"),
            page("a/real-time-analytics.md", "Body only"),
        ])
        .unwrap();
        assert_eq!(site.home().title, "Welcome home");
        assert_eq!(site.home().body(), "\nText");
        assert_eq!(site.pages[1].title, "Part A");
        assert_eq!(site.pages[1].body(), "# Kept\n");
        assert_eq!(site.pages[2].title, "Real time analytics");
    }

    /// A title taken from a `# ` heading is what a reader sees of it: no markup, no link
    /// targets, entities decoded (the templates escape it once).
    #[test]
    fn titles_from_headings_are_plain_text() {
        let site = site(vec![
            page("index.md", "# The *best* [plan](x.md) `code` {#top}\n"),
            page("a.md", "# Q&A &amp; <b> ##\n"),
            page("b.md", "# ![](logo.png)\n\nText\n"),
        ])
        .unwrap();
        assert_eq!(site.home().title, "The best plan code");
        assert_eq!(site.pages[1].title, "Q&A & <b>");
        assert_eq!(
            site.pages[2].title, "B",
            "a heading with no text is not a title"
        );
        assert_eq!(site.pages[2].body(), "# ![](logo.png)\n\nText\n");
    }

    #[test]
    fn drafts_are_left_out() {
        let site = site(vec![
            page("index.md", "x"),
            page("d.md", "---\ndraft: true\n---\n"),
        ])
        .unwrap();
        assert_eq!(site.pages.len(), 1);
    }

    #[test]
    fn colliding_urls_and_a_missing_home_are_reported() {
        let err = site(vec![page("a b.md", "x"), page("a-b.md", "y")]).unwrap_err();
        let text = crate::report::error(&err);
        assert!(
            text.contains("guide/a-b.md:1:1: this page and a b.md would both be written to /a-b/"),
            "{text}"
        );
        assert!(
            text.contains("guide/index.md:1:1: the guide has no home page"),
            "{text}"
        );
    }

    /// A reference to nothing is reported and left out, and the site is still built, so
    /// the steps after it check its pages too; loading's problems travel with it.
    #[test]
    fn unknown_references_are_reported_and_left_out() {
        let home = page(
            "index.md",
            "---\nrelated: [a.md, missing.md]\nconcepts: [nope]\n---\n",
        );
        let source = GuideSource {
            config: GuideConfig::default(),
            concepts: Concepts::default(),
            pages: vec![home, page("a.md", "# A\n")],
            assets: Vec::new(),
            warnings: Vec::new(),
            problems: vec![Diagnostic::new(
                SourceLoc::new("guide/a.md", 1, 1),
                "loading",
            )],
        };
        let site = build(source, std::path::Path::new("guide")).unwrap();
        assert_eq!(site.home().related, [PageId(1)]);
        assert!(site.home().concepts.is_empty());
        let found: Vec<String> = site.problems.iter().map(ToString::to_string).collect();
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(
            found.contains(&"guide/a.md:1:1: loading".to_string()),
            "{found:?}"
        );
        assert!(
            found.iter().any(|p| p
                .starts_with("guide/index.md:2:17: related page \"missing.md\" does not exist")),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|p| p.starts_with("guide/index.md:3:12: unknown concept \"nope\"")),
            "{found:?}"
        );
    }

    /// When the tree cannot be made, what loading found is reported with it.
    #[test]
    fn a_guide_without_a_home_page_reports_loading_problems_too() {
        let source = GuideSource {
            config: GuideConfig::default(),
            concepts: Concepts::default(),
            pages: vec![page("a.md", "x")],
            assets: Vec::new(),
            warnings: Vec::new(),
            problems: vec![Diagnostic::new(
                SourceLoc::new("guide/a.md", 2, 1),
                "loading",
            )],
        };
        let err = build(source, std::path::Path::new("guide")).unwrap_err();
        let Error::Content(found) = &err else {
            panic!("{err:?}")
        };
        let text: Vec<String> = found.iter().map(ToString::to_string).collect();
        assert!(
            text.iter().any(|t| t == "guide/a.md:2:1: loading"),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|t| t.contains("the guide has no home page")),
            "{text:?}"
        );
        assert_eq!(err.to_string(), "2 problems in the guide");
    }
}

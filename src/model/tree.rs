//! Building the site from what loading found: drafts left out, each page's URL (two
//! pages on one URL stop the build, as does a missing home page), the pages in guide
//! order under their sections, and the names `[[name]]` links find them by.

use std::collections::BTreeMap;
use std::ops::Range;

use rustc_hash::FxHashMap;

use super::references::{References, resolve_references};
use super::title::title_and_body;
use super::{Page, PageId, Site};
use crate::error::{Diagnostic, Diagnostics, Error, Result, SourceLoc};
use crate::load::{GuideSource, PageSource};
use crate::paths::{SourcePath, UrlPath, slugify};

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
    let mut warnings = source.warnings;
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
        let page = Staged::new(page, url);
        warnings.extend(page.warning.clone());
        staged.insert(page.source.path.clone(), page);
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
    super::numbers::number_questions(&mut pages, &mut warnings);
    super::practice::link_timers(&mut pages);
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
        warnings,
        problems: problems.into_vec(),
    })
}

/// A page between loading and its place in the guide.
struct Staged {
    source: PageSource,
    url: UrlPath,
    title: String,
    body: Range<usize>,
    /// Two titles that differ.
    warning: Option<Diagnostic>,
}

impl Staged {
    fn new(source: PageSource, url: UrlPath) -> Self {
        let (title, body, warning) = title_and_body(&source);
        Staged {
            source,
            url,
            title,
            body,
            warning,
        }
    }

    fn into_page(self, id: PageId, parent: Option<PageId>) -> (Page, References) {
        let front = self.source.front;
        let tasks = crate::text::task_count(&self.source.text[self.body.clone()]);
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
            timer: front.timer,
            timer_from: None,
            tasks,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::concepts::Concepts;
    use crate::config::GuideConfig;
    use crate::model::testing::{page, site};

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

//! What templates see: one serializable view per page, with every link already made
//! relative to that page (or absolute, for the 404 page, which is served at any depth).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::load::PageKind;
use crate::markdown::TocEntry;
use crate::model::{Page, PageId, Site};
use crate::paths::UrlPath;

/// Makes hrefs from one page: relative, or absolute under the base URL.
#[derive(Clone, Copy)]
pub struct Linker<'a> {
    from: &'a UrlPath,
    absolute_base: Option<&'a str>,
}

impl<'a> Linker<'a> {
    pub fn relative(from: &'a UrlPath) -> Self {
        Linker {
            from,
            absolute_base: None,
        }
    }

    pub fn absolute(from: &'a UrlPath, base: &'a str) -> Self {
        Linker {
            from,
            absolute_base: Some(base),
        }
    }

    pub fn href(&self, to: &UrlPath) -> String {
        match self.absolute_base {
            Some(base) => to.absolute(base),
            None => self.from.relative_to(to),
        }
    }
}

/// The theme's static files, by name, at their fingerprinted URLs.
#[derive(Debug, Default, Clone)]
pub struct Assets(pub BTreeMap<String, UrlPath>);

#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub language: &'a str,
    pub root: String,
    pub assets: BTreeMap<&'a str, String>,
    pub repository: Option<&'a str>,
}

/// A link to a page, with what lists of pages show about it.
#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct LinkView {
    pub title: String,
    pub href: String,
    pub number: Option<u32>,
    pub summary: Option<String>,
    pub kind: PageKind,
    pub current: bool,
    pub children: Vec<LinkView>,
}

#[derive(Serialize)]
pub struct PageInfo<'a> {
    pub title: &'a str,
    pub summary: Option<&'a str>,
    pub kind: PageKind,
    pub number: Option<u32>,
    pub content: &'a str,
    pub toc: &'a [TocEntry],
    pub highlighted: bool,
    pub canonical: Option<String>,
    pub source: String,
}

/// The context of `page.html`, `section.html` and `home.html`.
#[derive(Serialize)]
pub struct PageView<'a> {
    pub site: SiteView<'a>,
    pub page: PageInfo<'a>,
    pub nav: Vec<LinkView>,
    pub breadcrumbs: Vec<LinkView>,
    pub prev: Option<LinkView>,
    pub next: Option<LinkView>,
    /// For sections and the home page: their pages, with summaries and sub-pages.
    pub children: Vec<LinkView>,
}

/// What markdown rendering produced for a page.
pub struct Body<'a> {
    pub html: &'a str,
    pub toc: &'a [TocEntry],
    pub highlighted: bool,
}

pub struct ViewContext<'a> {
    pub site: &'a Site,
    pub assets: &'a Assets,
    pub base_url: Option<&'a str>,
}

impl<'a> ViewContext<'a> {
    pub fn site_view(&self, linker: Linker) -> SiteView<'a> {
        let config = &self.site.config;
        SiteView {
            title: self.site.title(),
            description: config.description.as_deref(),
            language: config.language.as_deref().unwrap_or("en"),
            root: linker.href(&UrlPath::root()),
            assets: self
                .assets
                .0
                .iter()
                .map(|(name, url)| (name.as_str(), linker.href(url)))
                .collect(),
            repository: config.repository.as_deref(),
        }
    }

    pub fn page_view(&self, id: PageId, body: Body<'a>) -> PageView<'a> {
        let site = self.site;
        let page = site.page(id);
        let linker = Linker::relative(&page.url);
        let link = |p: &Page| self.link(p, linker, id);
        let children_depth = if id == PageId(0) { 2 } else { 1 };
        PageView {
            site: self.site_view(linker),
            page: PageInfo {
                title: &page.title,
                summary: page.front.summary.as_deref(),
                kind: page.kind(),
                number: page.front.number,
                content: body.html,
                toc: body.toc,
                highlighted: body.highlighted,
                canonical: self.base_url.map(|b| page.url.absolute(b)),
                source: page.source.to_string(),
            },
            nav: self.nav(id, linker),
            breadcrumbs: site.ancestors(id).into_iter().map(link).collect(),
            prev: id.0.checked_sub(1).map(|i| link(&site.pages[i])),
            next: site.pages.get(id.0 + 1).map(link),
            children: self.tree(page, linker, id, children_depth),
        }
    }

    fn link(&self, page: &Page, linker: Linker, current: PageId) -> LinkView {
        LinkView {
            title: page.title.clone(),
            href: linker.href(&page.url),
            number: page.front.number,
            summary: page.front.summary.clone(),
            kind: page.kind(),
            current: page.id == current,
            children: Vec::new(),
        }
    }

    /// `page`'s children, and theirs down to `depth` levels.
    fn tree(&self, page: &Page, linker: Linker, current: PageId, depth: usize) -> Vec<LinkView> {
        if depth == 0 {
            return Vec::new();
        }
        page.children
            .iter()
            .map(|&child| {
                let child = self.site.page(child);
                LinkView {
                    children: self.tree(child, linker, current, depth - 1),
                    ..self.link(child, linker, current)
                }
            })
            .collect()
    }

    /// The sidebar: every part, with the pages of the part being read.
    fn nav(&self, current: PageId, linker: Linker) -> Vec<LinkView> {
        let site = self.site;
        let mut trail: Vec<PageId> = site.ancestors(current).iter().map(|p| p.id).collect();
        trail.push(current);
        site.home()
            .children
            .iter()
            .map(|&id| {
                let page = site.page(id);
                let open = trail.contains(&id);
                LinkView {
                    children: if open {
                        self.tree(page, linker, current, 2)
                    } else {
                        Vec::new()
                    },
                    ..self.link(page, linker, current)
                }
            })
            .collect()
    }
}

impl<'a> ViewContext<'a> {
    /// The 404 page is served for missing URLs at any depth, so with a base URL its links
    /// are absolute; without one they are relative to the site root.
    pub fn not_found_view(&self, url: &'a UrlPath) -> PageView<'a> {
        let linker = match self.base_url {
            Some(base) => Linker::absolute(url, base),
            None => Linker::relative(url),
        };
        let home = self.site.home();
        PageView {
            site: self.site_view(linker),
            page: PageInfo {
                title: "Page not found",
                summary: None,
                kind: PageKind::Page,
                number: None,
                content: "",
                toc: &[],
                highlighted: false,
                canonical: None,
                source: String::new(),
            },
            nav: self.nav(home.id, linker),
            breadcrumbs: Vec::new(),
            prev: None,
            next: None,
            children: self.tree(home, linker, home.id, 1),
        }
    }
}

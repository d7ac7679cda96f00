//! What templates see: one serializable view per page, with every link already made
//! relative to that page (or absolute, for the 404 page, which is served at any depth).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::concepts::ConceptId;
use crate::graph::Graph;
use crate::markdown::TocEntry;
use crate::model::{Page, PageId, PageKind, Site};
use crate::paths::UrlPath;
use crate::theme::CUSTOM_CSS;

pub(crate) use super::concept_views::glossary_url;
pub(crate) use super::nav::{nav_is_shared, parts_script, shared_nav_key};
pub(crate) use super::practice_views::{PracticeView, TimerView};

/// Makes hrefs from one page: relative, or absolute under the base URL.
#[derive(Clone, Copy)]
pub(crate) struct Linker<'a> {
    from: &'a UrlPath,
    absolute_base: Option<&'a str>,
    /// Links from a page one folder below `from`.
    below: bool,
}

impl<'a> Linker<'a> {
    pub(crate) fn relative(from: &'a UrlPath) -> Self {
        Linker {
            from,
            absolute_base: None,
            below: false,
        }
    }

    pub(crate) fn absolute(from: &'a UrlPath, base: &'a str) -> Self {
        Linker {
            from,
            absolute_base: Some(base),
            below: false,
        }
    }

    /// Links from any page in a folder just below `folder`: what a part's pages share.
    pub(crate) fn below(folder: &'a UrlPath) -> Self {
        Linker {
            from: folder,
            absolute_base: None,
            below: true,
        }
    }

    pub(crate) fn href(&self, to: &UrlPath) -> String {
        match (self.absolute_base, self.below) {
            (Some(base), _) => to.absolute(base),
            (None, false) => self.from.relative_to(to),
            (None, true) => match self.from.relative_to(to).as_str() {
                "./" => "../".to_string(),
                href => format!("../{href}"),
            },
        }
    }
}

/// The theme's static files, by name, at their fingerprinted URLs.
#[derive(Debug, Default, Clone)]
pub(crate) struct Assets(pub BTreeMap<String, UrlPath>);

#[derive(Serialize, Default)]
pub(crate) struct SiteView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub language: &'a str,
    pub root: String,
    pub assets: BTreeMap<&'a str, String>,
    /// The guide's own stylesheets, loaded after the theme's: `extra_css` in
    /// `guide.yaml`, then `static/custom.css`.
    pub extra_css: Vec<String>,
    pub repository: Option<&'a str>,
    /// The A-Z of concepts, when the guide has concepts.
    pub glossary: Option<String>,
    /// The list of printable handouts.
    pub handouts: String,
    /// Whether the sidebar lists only the current part (the rest come from `parts.js`).
    pub shared_nav: bool,
    /// The search page and the search index's first file, when the site has search.
    pub search: Option<SearchLinks>,
}

/// The search page's address: it reads `?q=`, so a search can be linked.
pub(crate) fn search_url() -> UrlPath {
    UrlPath::file("search/")
}

/// The search index's first file, which every query loads.
pub(crate) const SEARCH_INDEX: &str = "search/index.js";

/// Where the search box sends a query, and where its script finds the index.
#[derive(Serialize, Debug, Default)]
pub(crate) struct SearchLinks {
    /// The search page's folder: the form adds `index.html`, so that searching works
    /// from disk without JavaScript too.
    pub page: String,
    pub index: String,
}

/// A link to a page, with what lists of pages show about it.
#[derive(Serialize, Debug, PartialEq, Eq, Default)]
pub(crate) struct LinkView<'a> {
    pub title: &'a str,
    pub href: String,
    /// The page's place on the site, as `page.url`: the sidebar marks the page being
    /// read by comparing them.
    pub url: &'a str,
    pub number: Option<u32>,
    pub summary: Option<&'a str>,
    pub kind: PageKind,
    pub children: Vec<LinkView<'a>>,
    /// In the sidebar, what a long list of children leaves out before and after those
    /// shown ("12 earlier pages"); the page itself lists them all.
    pub more_before: Option<String>,
    pub more_after: Option<String>,
    /// How many checklist boxes the page has: the sidebar shows the reader's progress.
    pub tasks: u32,
}

#[derive(Serialize, Default)]
pub(crate) struct PageInfo<'a> {
    pub title: &'a str,
    /// Where the page is on the site, from its root: `behavioral/tips/`.
    pub url: &'a str,
    pub summary: Option<&'a str>,
    pub kind: PageKind,
    pub number: Option<u32>,
    pub content: &'a str,
    pub toc: &'a [TocEntry],
    pub highlighted: bool,
    pub canonical: Option<String>,
    pub source: String,
    /// Whether this is the home page (`index.md` at the guide's top).
    pub is_home: bool,
    /// The address that edits the page's file, when `guide.yaml` sets `repository` or
    /// `edit_url`.
    pub edit_url: Option<String>,
    /// How many checklist boxes the page has.
    pub tasks: u32,
    /// The practice timer the page offers.
    pub timer: Option<TimerView<'a>>,
}

/// A concept as a chip or list entry.
#[derive(Serialize, Debug, PartialEq, Eq, Default)]
pub(crate) struct ConceptLink {
    pub name: String,
    pub href: String,
    pub count: usize,
}

/// A related question, with the concepts it shares with this one.
#[derive(Serialize, Debug, PartialEq, Eq, Default)]
pub(crate) struct RelatedView<'a> {
    pub link: LinkView<'a>,
    pub shared: Vec<String>,
    pub explicit: bool,
}

/// The context of `page.html`, `section.html` and `home.html`.
#[derive(Serialize, Default)]
pub(crate) struct PageView<'a> {
    pub site: SiteView<'a>,
    pub page: PageInfo<'a>,
    /// The sidebar; `None` when the renderer is given it ready-made (shared by every
    /// page of a part).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nav: Option<Vec<LinkView<'a>>>,
    pub breadcrumbs: Vec<LinkView<'a>>,
    pub prev: Option<LinkView<'a>>,
    pub next: Option<LinkView<'a>>,
    /// For sections and the home page: their pages, with summaries and sub-pages.
    pub children: Vec<LinkView<'a>>,
    pub concepts: Vec<ConceptLink>,
    pub related: Vec<RelatedView<'a>>,
    /// Pages whose text links here.
    pub backlinks: Vec<LinkView<'a>>,
    /// The handout that prints this page's topic.
    pub handout: Option<String>,
    /// On the home page: what there is to practise, for the reader's progress.
    pub practice: Option<PracticeView<'a>>,
}

/// What markdown rendering produced for a page.
pub(crate) struct Body<'a> {
    pub html: &'a str,
    pub toc: &'a [TocEntry],
    pub highlighted: bool,
}

/// What the frame of every page needs: known before the link graph is, so handouts are
/// written while the pages are analysed.
#[derive(Clone, Copy)]
pub(crate) struct Chrome<'a> {
    pub site: &'a Site,
    pub assets: &'a Assets,
    pub base_url: Option<&'a str>,
    pub handouts: &'a Handouts,
}

/// What every page links of the handouts: their list, and the page's own handout.
pub(crate) struct Handouts {
    pub index: UrlPath,
    /// For each page (by id), the handout that prints its topic, if any.
    pub of_page: Vec<Option<UrlPath>>,
}

/// The chrome, and the link graph for what pages show of each other.
pub(crate) struct ViewContext<'a> {
    pub chrome: Chrome<'a>,
    pub graph: &'a Graph,
}

impl<'a> std::ops::Deref for ViewContext<'a> {
    type Target = Chrome<'a>;

    fn deref(&self) -> &Chrome<'a> {
        &self.chrome
    }
}

impl<'a> Chrome<'a> {
    pub(crate) fn site_view(&self, linker: Linker) -> SiteView<'a> {
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
            extra_css: (config.extra_css.iter().map(String::as_str))
                .filter(|name| *name != CUSTOM_CSS)
                .chain([CUSTOM_CSS])
                .filter_map(|name| self.assets.0.get(name))
                .map(|url| linker.href(url))
                .collect(),
            repository: config.repository.as_deref(),
            glossary: (!self.site.concepts.is_empty()).then(|| linker.href(&glossary_url())),
            handouts: linker.href(&self.handouts.index),
            shared_nav: self.nav_is_shared(),
            search: config.search().then(|| SearchLinks {
                page: linker.href(&search_url()),
                index: linker.href(&UrlPath::file(SEARCH_INDEX)),
            }),
        }
    }

    /// The search page: the form, and where results go.
    pub(crate) fn search_view(&self, url: &'a UrlPath) -> PageView<'a> {
        let info = PageInfo {
            title: "Search",
            url: url.as_str(),
            canonical: self.base_url.map(|b| url.absolute(b)),
            ..PageInfo::default()
        };
        self.generated_view(info, Linker::relative(url), true)
    }

    pub(crate) fn link(&self, page: &'a Page, linker: Linker) -> LinkView<'a> {
        LinkView {
            title: &page.title,
            href: linker.href(&page.url),
            url: page.url.as_str(),
            number: page.number,
            summary: page.summary.as_deref(),
            kind: page.kind(),
            children: Vec::new(),
            more_before: None,
            more_after: None,
            tasks: page.tasks,
        }
    }

    /// `page`'s children, and theirs down to `depth` levels.
    fn tree(&self, page: &'a Page, linker: Linker, depth: usize) -> Vec<LinkView<'a>> {
        if depth == 0 {
            return Vec::new();
        }
        page.children
            .iter()
            .map(|&child| {
                let child = self.site.page(child);
                LinkView {
                    children: self.tree(child, linker, depth - 1),
                    ..self.link(child, linker)
                }
            })
            .collect()
    }

    /// A page that is not a markdown page (404, concepts): site chrome around `info`.
    pub(crate) fn generated_view(
        &self,
        info: PageInfo<'a>,
        linker: Linker,
        crumbs: bool,
    ) -> PageView<'a> {
        let home = self.site.home();
        let breadcrumbs = if crumbs {
            vec![self.link(home, linker)]
        } else {
            Vec::new()
        };
        PageView {
            site: self.site_view(linker),
            page: info,
            nav: Some(self.nav(None, linker)),
            breadcrumbs,
            ..PageView::default()
        }
    }

    /// The 404 page is served for missing URLs at any depth, so with a base URL its links
    /// are absolute; without one they are relative to the site root.
    pub(crate) fn not_found_view(&self, url: &'a UrlPath) -> PageView<'a> {
        let linker = match self.base_url {
            Some(base) => Linker::absolute(url, base),
            None => Linker::relative(url),
        };
        let info = PageInfo {
            title: "Page not found",
            url: url.as_str(),
            ..PageInfo::default()
        };
        let home = self.site.home();
        PageView {
            children: self.tree(home, linker, 1),
            ..self.generated_view(info, linker, false)
        }
    }
}

impl<'a> ViewContext<'a> {
    pub(crate) fn page_view(&self, id: PageId, body: Body<'a>) -> PageView<'a> {
        let site = self.site;
        let page = site.page(id);
        let linker = Linker::relative(&page.url);
        let link = |p: &'a Page| self.link(p, linker);
        let children_depth = if id == PageId(0) { 2 } else { 1 };
        PageView {
            site: self.site_view(linker),
            page: PageInfo {
                title: &page.title,
                url: page.url.as_str(),
                summary: page.summary.as_deref(),
                kind: page.kind(),
                number: page.number,
                content: body.html,
                toc: body.toc,
                highlighted: body.highlighted,
                canonical: self.base_url.map(|b| page.url.absolute(b)),
                source: page.source.to_string(),
                is_home: id == PageId(0),
                edit_url: (site.config.edit.as_ref()).map(|e| e.for_page(page.source.as_str())),
                tasks: page.tasks,
                timer: self.timer_view(page, linker),
            },
            nav: shared_nav_key(site, page)
                .is_none()
                .then(|| self.nav(Some(id), linker)),
            breadcrumbs: site.ancestors(id).into_iter().map(link).collect(),
            prev: id.0.checked_sub(1).map(|i| link(&site.pages[i])),
            next: site.pages.get(id.0 + 1).map(link),
            children: self.tree(page, linker, children_depth),
            concepts: self.graph.page_concepts[id.0]
                .iter()
                .map(|(c, n)| self.concept_link(*c, *n, linker))
                .collect(),
            related: self.graph.related[id.0]
                .iter()
                .map(|r| RelatedView {
                    link: link(site.page(r.page)),
                    shared: r
                        .shared
                        .iter()
                        .map(|c| site.concepts.get(*c).name.clone())
                        .collect(),
                    explicit: r.explicit,
                })
                .collect(),
            handout: self.handouts.of_page[page.id.0]
                .as_ref()
                .map(|url| linker.href(url)),
            backlinks: self.graph.backlinks[id.0]
                .iter()
                .map(|p| link(site.page(*p)))
                .collect(),
            practice: self.practice_view(id, linker),
        }
    }

    pub(super) fn concept_link(&self, id: ConceptId, count: usize, linker: Linker) -> ConceptLink {
        let concept = self.site.concepts.get(id);
        ConceptLink {
            name: concept.name.clone(),
            href: linker.href(&concept.url),
            count,
        }
    }
}

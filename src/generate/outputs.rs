//! What every page of the site is rendered and written with, and the second pass: every
//! page, concept page and site file rendered and written, pages in parallel (each dropped
//! once written, so memory does not grow with the guide), and the links of every page's
//! HTML recorded for checking, in page order.

use std::collections::BTreeSet;
use std::path::Path;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::claims::{Claims, Maker};
use super::{Sink, input};
use crate::concepts::ConceptId;
use crate::error::{Diagnostic, Result};
use crate::handout::{self, Topic};
use crate::linkcheck::{OutputCheck, PageScan};
use crate::markdown::{self, PageInput, Parsed, Print, diagram};
use crate::model::{Page, PageId};
use crate::paths::UrlPath;
use crate::render::views::{self, Body, Chrome, Linker, ViewContext, glossary_url};
use crate::render::{Renderer, Value};
use crate::search::{self, Posting};

/// A page written: its diagrams, its links to check, its handout's, its search postings.
type Done = (usize, PageScan, Option<PageScan>, Vec<Posting>);

/// What the pages pass made besides the files: how many diagrams the pages hold, each
/// page's search postings and the hash of each file of documents; and, for `serve` (see
/// [`Outputs::keep`]), each page's document.
#[derive(Default)]
pub(crate) struct PagesDone {
    pub diagrams: usize,
    pub postings: Vec<Vec<Posting>>,
    pub groups: Vec<u64>,
    pub entries: Vec<String>,
}

pub(crate) struct Outputs<'a> {
    pub sink: &'a dyn Sink,
    /// The handouts the site has.
    pub topics: &'a [Topic],
    pub renderer: &'a Renderer,
    pub chrome: Chrome<'a>,
    pub diagrams: &'a diagram::Cache,
    /// Keep what a build brought up to date after a save needs (`update`).
    pub keep: bool,
}

impl Outputs<'_> {
    /// Writes one HTML file and scans its links; runs on any thread.
    pub(crate) fn html(
        &self,
        check: &OutputCheck,
        url: &UrlPath,
        html: &str,
        origin: &Path,
    ) -> Result<PageScan> {
        let file = url.out_file();
        let scan = check.scan(&file, html, origin);
        self.sink.write(&file, html.as_bytes())?;
        Ok(scan)
    }

    /// Records the scans in order; the first error (in order) wins.
    pub(crate) fn record(check: &mut OutputCheck, scans: Vec<Result<PageScan>>) -> Result<()> {
        for scan in scans {
            check.record(scan?);
        }
        Ok(())
    }

    /// What the markdown passes need of `page`.
    pub(crate) fn input<'p>(&'p self, page: &'p Page, print: Option<&'p Print>) -> PageInput<'p> {
        let search = print.is_none() && self.chrome.site.config.search();
        input(
            page,
            print,
            self.diagrams,
            self.renderer.reserved_ids(),
            search,
        )
    }

    pub(crate) fn render_body(
        &self,
        page: &Page,
        parsed: Option<&Parsed>,
        print: Option<&Print>,
    ) -> Result<markdown::Rendered> {
        let site = self.chrome.site;
        markdown::render(&self.input(page, print), parsed, site, self.renderer)
            .map_err(|e| e.rendering(&page.file))
    }

    /// Claims every file the site will have, each for one maker, and registers it so that
    /// scanning a page settles its links at once. Returns the clashes.
    pub(super) fn register(&self, check: &mut OutputCheck, with_pdfs: bool) -> Vec<Diagnostic> {
        let site = self.chrome.site;
        let mut claims = Claims::default();
        let mut claim = |rel: &str, maker: Maker| {
            check.written(rel);
            claims.claim(rel, maker);
        };
        for (name, url) in &self.chrome.assets.0 {
            claim(
                url.as_str(),
                Maker::generated(format!("the theme's {name}"), None),
            );
        }
        if !site.concepts.is_empty() {
            let glossary = Maker::generated("the concepts glossary", None);
            claim(&glossary_url().out_file(), glossary);
            for (_, concept) in site.concepts.iter() {
                let what = format!("the page of the concept \"{}\"", concept.name);
                claim(&concept.url.out_file(), Maker::generated(what, None));
            }
        }
        let handouts = Maker::generated("the list of handouts", None);
        claim(&handout::index_url().out_file(), handouts);
        for topic in self.topics {
            let file = Some(site.page(topic.page).file.as_path());
            let what = format!("the handout of {}", site.page(topic.page).file.display());
            claim(&topic.url().out_file(), Maker::generated(&what, file));
            if with_pdfs {
                let pdf = format!("the PDF of {what}");
                claim(topic.pdf().as_str(), Maker::generated(pdf, file));
            }
        }
        claim(
            "404.html",
            Maker::generated("the page for missing pages", None),
        );
        if site.config.search() {
            let page = Maker::generated("the search page", None);
            claim(&search::page_url().out_file(), page);
            claim(
                search::INDEX_FILE,
                Maker::generated("the search index", None),
            );
            // How many files the index takes is known only once it is built: a script of
            // the guide's own under search/ is taken to be one of them.
            for asset in &site.assets {
                let url = UrlPath::for_asset(&asset.path);
                if url.as_str().starts_with("search/") && url.as_str().ends_with(".js") {
                    claim(url.as_str(), Maker::generated("the search index", None));
                }
            }
        }
        if self.chrome.base_url.is_some() {
            claim("sitemap.xml", Maker::generated("the sitemap", None));
        }
        claim("robots.txt", Maker::generated("robots.txt", None));
        for page in &site.pages {
            claim(&page.url.out_file(), Maker::page(&page.file));
        }
        for asset in &site.assets {
            claim(
                UrlPath::for_asset(&asset.path).as_str(),
                Maker::asset(&asset.file),
            );
        }
        // Every page is a section of the whole-guide handout, under an id of its own.
        let whole = handout::url(handout::WHOLE_GUIDE).out_file();
        for page in &site.pages {
            let section = format!("{whole}#{}", handout::section_id(page));
            let what = format!("the handout section of {}", page.file.display());
            claims.claim(&section, Maker::generated(what, Some(&page.file)));
        }
        claims.finish()
    }

    /// Every page, in parallel, in groups of [`search::Index::per_file`] pages, each
    /// group's file of search documents written once it is done (so no page's text is
    /// kept, unless [`Outputs::keep`]).
    pub(super) fn pages(
        &self,
        check: &mut OutputCheck,
        views: &ViewContext,
        index: &search::Index,
    ) -> Result<PagesDone> {
        let site = self.chrome.site;
        let navs = self.shared_navs(&site.pages);
        let mut own_handout: Vec<Option<&Topic>> = vec![None; site.pages.len()];
        for topic in self.topics.iter().filter(|t| t.pages.len() == 1) {
            own_handout[topic.page.0] = Some(topic);
        }
        type Group = (Vec<Done>, Vec<String>, u64);
        let groups: Vec<Result<Group>> = site
            .pages
            .par_chunks(index.per_file())
            .enumerate()
            .map(|(n, pages)| {
                let mut done = Vec::with_capacity(pages.len());
                let mut entries = Vec::with_capacity(pages.len());
                for page in pages {
                    let topic = own_handout[page.id.0];
                    let (diagrams, scan, handout, doc) =
                        self.page_with_handout(check, views, &navs, index, page, topic)?;
                    entries.push(doc.entry);
                    done.push((diagrams, scan, handout, doc.postings));
                }
                if !index.enabled {
                    return Ok((done, Vec::new(), 0));
                }
                let (file, js) = search::Index::docs_file(n, &entries);
                self.sink.write(&file, js.as_bytes())?;
                let hash = search::chain_hash(search::HASH_START, js.as_bytes());
                let kept = if self.keep { entries } else { Vec::new() };
                Ok((done, kept, hash))
            })
            .collect();
        let mut made = PagesDone::default();
        let mut scans = Vec::with_capacity(site.pages.len());
        let mut handouts = Vec::new();
        for group in groups {
            let (done, entries, hash) = group?;
            made.groups.push(hash);
            made.entries.extend(entries);
            for (diagrams, scan, handout, postings) in done {
                made.diagrams += diagrams;
                scans.push(Ok(scan));
                handouts.extend(handout.map(Ok));
                made.postings.push(postings);
            }
        }
        scans.extend(handouts);
        Self::record(check, scans)?;
        Ok(made)
    }

    /// A page, with its own handout when it has one (`topic`), from one parse of it.
    pub(super) fn page_with_handout(
        &self,
        check: &OutputCheck,
        views: &ViewContext,
        navs: &FxHashMap<(PageId, UrlPath), Value>,
        index: &search::Index,
        page: &Page,
        topic: Option<&Topic>,
    ) -> Result<(usize, PageScan, Option<PageScan>, search::Doc)> {
        let parsed = topic.map(|_| markdown::parse(&self.input(page, None)));
        let (diagrams, scan, doc) = self.page(check, views, navs, index, page, parsed.as_ref())?;
        let handout = topic
            .zip(parsed.as_ref())
            .map(|(topic, parsed)| self.single_handout(check, topic, page, parsed))
            .transpose()?;
        Ok((diagrams, scan, handout, doc))
    }

    /// The sidebars that pages share (every page of a part without pages of its own),
    /// each made ready for the templates once.
    pub(super) fn shared_navs(&self, pages: &[Page]) -> FxHashMap<(PageId, UrlPath), Value> {
        let site = self.chrome.site;
        let keys: BTreeSet<(PageId, UrlPath)> = pages
            .iter()
            .filter_map(|page| views::shared_nav_key(site, page))
            .collect();
        keys.into_par_iter()
            .map(|(part, folder)| {
                let nav = self.chrome.nav(Some(part), Linker::below(&folder));
                let value = Renderer::value(&nav);
                ((part, folder), value)
            })
            .collect()
    }

    fn page(
        &self,
        check: &OutputCheck,
        views: &ViewContext,
        navs: &FxHashMap<(PageId, UrlPath), Value>,
        index: &search::Index,
        page: &Page,
        parsed: Option<&Parsed>,
    ) -> Result<(usize, PageScan, search::Doc)> {
        let rendered = self.render_body(page, parsed, None)?;
        let doc = index.page(page, &rendered.sections, &rendered.mentions);
        let body = Body {
            html: &rendered.html,
            toc: &rendered.toc,
            highlighted: rendered.highlighted,
        };
        let view = views.page_view(page.id, body);
        let template = if page.id.0 == 0 {
            "home.html"
        } else if page.is_section() {
            "section.html"
        } else {
            "page.html"
        };
        let nav = views::shared_nav_key(self.chrome.site, page).and_then(|key| navs.get(&key));
        let html = match nav {
            Some(nav) => self
                .renderer
                .render_with(template, &view, &[("nav", nav)])?,
            None => self.renderer.render(template, &view)?,
        };
        let scan = self.html(check, &page.url, &html, &page.file)?;
        Ok((rendered.diagrams, scan, doc))
    }

    pub(super) fn concept_pages(
        &self,
        check: &mut OutputCheck,
        views: &ViewContext,
    ) -> Result<usize> {
        let concepts = &self.chrome.site.concepts;
        if concepts.is_empty() {
            return Ok(0);
        }
        // The longest pages first, one at a time, so that the two cores end together.
        let mut ids: Vec<_> = concepts.iter().map(|(id, _)| id).collect();
        ids.sort_by_key(|id| std::cmp::Reverse(views.graph.mentions[id.0].len()));
        let mut scans: Vec<(ConceptId, Result<PageScan>)> = ids
            .par_iter()
            .with_max_len(1)
            .map(|&id| (id, self.concept_page(check, views, id)))
            .collect();
        scans.sort_by_key(|(id, _)| *id);
        Self::record(check, scans.into_iter().map(|(_, scan)| scan).collect())?;
        let scan = self.glossary(check, views)?;
        check.record(scan);
        Ok(concepts.len())
    }

    /// The page of concept `id`.
    pub(super) fn concept_page(
        &self,
        check: &OutputCheck,
        views: &ViewContext,
        id: ConceptId,
    ) -> Result<PageScan> {
        let url = &self.chrome.site.concepts.get(id).url;
        let html = self
            .renderer
            .render("concept.html", &views.concept_view(id))?;
        self.html(check, url, &html, Path::new("templates/concept.html"))
    }

    /// The glossary: every concept, A to Z.
    pub(super) fn glossary(&self, check: &OutputCheck, views: &ViewContext) -> Result<PageScan> {
        let url = glossary_url();
        let html = self
            .renderer
            .render("concepts.html", &views.glossary_view(&url))?;
        self.html(check, &url, &html, Path::new("templates/concepts.html"))
    }

    /// The search page, when the site has search.
    pub(super) fn search_page(&self, check: &mut OutputCheck) -> Result<()> {
        if !self.chrome.site.config.search() {
            return Ok(());
        }
        let url = search::page_url();
        let html = self
            .renderer
            .render("search.html", &self.chrome.search_view(&url))?;
        let scan = self.html(check, &url, &html, Path::new("templates/search.html"))?;
        check.record(scan);
        Ok(())
    }

    /// The concept pages as search documents (in files after the pages') and the index's
    /// files, given the pages' postings and their files' hashes, which this adds the
    /// concept pages' to. Needs no link check, so it runs beside the other pages.
    pub(super) fn search_index(&self, index: &search::Index, made: &mut PagesDone) -> Result<()> {
        if !index.enabled {
            return Ok(());
        }
        let site = self.chrome.site;
        let docs: Vec<search::Doc> = site
            .concepts
            .iter()
            .map(|(_, concept)| index.concept(concept))
            .collect();
        let first = site.pages.len().div_ceil(index.per_file());
        for (n, group) in docs.chunks(index.per_file()).enumerate() {
            let entries: Vec<String> = group.iter().map(|d| d.entry.clone()).collect();
            let (file, js) = search::Index::docs_file(first + n, &entries);
            self.sink.write(&file, js.as_bytes())?;
            made.groups
                .push(search::chain_hash(search::HASH_START, js.as_bytes()));
            if self.keep {
                made.entries.extend(entries);
            }
        }
        made.postings.extend(docs.into_iter().map(|d| d.postings));
        let hash = search::docs_hash(&made.groups);
        for (file, js) in index.finish(&made.postings, hash).0 {
            self.sink.write(&file, js.as_bytes())?;
        }
        Ok(())
    }

    pub(super) fn site_files(&self, check: &mut OutputCheck) -> Result<()> {
        let site = self.chrome.site;
        for asset in &site.assets {
            let url = UrlPath::for_asset(&asset.path);
            self.sink.copy(url.as_str(), &asset.file)?;
        }
        let not_found = UrlPath::file("404.html");
        let html = self
            .renderer
            .render("404.html", &self.chrome.not_found_view(&not_found))?;
        let scan = self.html(check, &not_found, &html, Path::new("templates/404.html"))?;
        check.record(scan);
        if let Some(base) = self.chrome.base_url {
            let concepts = site.concepts.iter().map(|(_, c)| &c.url);
            let glossary = glossary_url();
            let extra: Vec<&UrlPath> = if site.concepts.is_empty() {
                Vec::new()
            } else {
                std::iter::once(&glossary).chain(concepts).collect()
            };
            let view = crate::site_files::sitemap(site, &extra, base);
            let sitemap = self.renderer.render("sitemap.xml", &view)?;
            self.sink.write("sitemap.xml", sitemap.as_bytes())?;
        }
        let view = crate::site_files::robots(self.chrome.base_url);
        let robots = self.renderer.render("robots.txt", &view)?;
        self.sink.write("robots.txt", robots.as_bytes())?;
        self.sink.write(".nojekyll", b"")
    }
}

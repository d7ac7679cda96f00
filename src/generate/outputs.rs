//! The second pass: every page, concept page, handout and site file rendered and written,
//! pages in parallel (each dropped once written, so memory does not grow with the guide),
//! and the links of every page's HTML recorded for checking, in page order.

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;

use super::{Sink, input};
use crate::error::{Error, Result};
use crate::handout::{self, Topic};
use crate::linkcheck::{OutputCheck, PageScan, Scanner};
use crate::markdown::{self, Print, diagram};
use crate::model::Page;
use crate::paths::{SourcePath, UrlPath};
use crate::render::Renderer;
use crate::render::print::Section;
use crate::render::views::{Body, ViewContext, glossary_url};

/// Pages of a big handout rendered at a time: enough for both cores, little to hold.
const WINDOW: usize = 64;

pub(super) struct Outputs<'a> {
    pub sink: &'a dyn Sink,
    pub renderer: &'a Renderer,
    pub views: &'a ViewContext<'a>,
    pub diagrams: &'a diagram::Cache,
}

impl Outputs<'_> {
    /// Writes one HTML file and scans its links; runs on any thread.
    fn html(
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
    fn record(check: &mut OutputCheck, scans: Vec<Result<PageScan>>) -> Result<()> {
        for scan in scans {
            check.record(scan?);
        }
        Ok(())
    }

    fn render_body(&self, page: &Page, print: Option<&Print>) -> Result<markdown::Rendered> {
        let site = self.views.site;
        markdown::render(&input(page, print, self.diagrams), site, self.renderer).map_err(
            |message| Error::Template {
                name: format!("a partial used by {}", page.file.display()),
                message,
            },
        )
    }

    /// Every page, in parallel; how many diagrams they hold.
    pub fn pages(&self, check: &mut OutputCheck) -> Result<usize> {
        let site = self.views.site;
        for page in &site.pages {
            check.written(&page.url.out_file());
        }
        let done: Vec<Result<(usize, PageScan)>> = site
            .pages
            .par_iter()
            .map(|page| self.page(check, page))
            .collect();
        let mut diagrams = 0;
        let mut scans = Vec::with_capacity(done.len());
        for result in done {
            scans.push(result.map(|(d, scan)| {
                diagrams += d;
                scan
            }));
        }
        Self::record(check, scans)?;
        Ok(diagrams)
    }

    fn page(&self, check: &OutputCheck, page: &Page) -> Result<(usize, PageScan)> {
        let rendered = self.render_body(page, None)?;
        let body = Body {
            html: &rendered.html,
            toc: &rendered.toc,
            highlighted: rendered.highlighted,
        };
        let view = self.views.page_view(page.id, body);
        let template = if page.id.0 == 0 {
            "home.html"
        } else if page.is_section() {
            "section.html"
        } else {
            "page.html"
        };
        let html = self.renderer.render(template, &view)?;
        let scan = self.html(check, &page.url, &html, &page.file)?;
        Ok((rendered.diagrams, scan))
    }

    pub fn concept_pages(&self, check: &mut OutputCheck) -> Result<usize> {
        let concepts = &self.views.site.concepts;
        if concepts.is_empty() {
            return Ok(0);
        }
        let glossary = glossary_url();
        check.written(&glossary.out_file());
        for (_, concept) in concepts.iter() {
            check.written(&concept.url.out_file());
        }
        let ids: Vec<_> = concepts.iter().map(|(id, _)| id).collect();
        let scans: Vec<Result<PageScan>> = ids
            .par_iter()
            .map(|&id| {
                let html = self
                    .renderer
                    .render("concept.html", &self.views.concept_view(id))?;
                let url = &concepts.get(id).url;
                self.html(check, url, &html, Path::new("templates/concept.html"))
            })
            .collect();
        Self::record(check, scans)?;
        let html = self
            .renderer
            .render("concepts.html", &self.views.glossary_view(&glossary))?;
        let scan = self.html(
            check,
            &glossary,
            &html,
            Path::new("templates/concepts.html"),
        )?;
        check.record(scan);
        Ok(concepts.len())
    }

    /// A print page per topic, and the list of them.
    pub fn handouts(&self, check: &mut OutputCheck, with_pdfs: bool) -> Result<()> {
        let topics = self.views.topics;
        let index = handout::index_url();
        for topic in topics {
            check.written(&topic.url().out_file());
        }
        check.written(&index.out_file());
        let scans: Vec<Result<PageScan>> = topics
            .par_iter()
            .map(|topic| self.handout(check, topic))
            .collect();
        Self::record(check, scans)?;
        let view = self.views.handouts_view(&index, with_pdfs);
        let html = self.renderer.render("handouts.html", &view)?;
        let scan = self.html(check, &index, &html, Path::new("templates/handouts.html"))?;
        check.record(scan);
        Ok(())
    }

    /// One handout, streamed: its frame, then its pages a window at a time, so a
    /// handout of the whole of a large guide is never held whole.
    fn handout(&self, check: &OutputCheck, topic: &Topic) -> Result<PageScan> {
        let site = self.views.site;
        let url = topic.url();
        let members: BTreeMap<SourcePath, String> = topic
            .pages
            .iter()
            .map(|id| {
                let page = site.page(*id);
                (page.source.clone(), handout::section_id(page))
            })
            .collect();
        let frame = self.renderer.render(
            "handout.html",
            &self.views.handout_view(topic, &url, SECTIONS),
        )?;
        let (head, tail) = frame.split_once(SECTIONS).ok_or_else(|| Error::Template {
            name: "handout.html".to_string(),
            message: "it must show {{ sections | safe }}".to_string(),
        })?;
        let section = |id: &crate::model::PageId| -> Result<String> {
            let page = site.page(*id);
            let print = Print {
                members: &members,
                section: &members[&page.source],
                url: &url,
                base_url: self.views.base_url,
                demote: topic.pages.len() > 1,
            };
            let rendered = self.render_body(page, Some(&print))?;
            let view = self
                .views
                .handout_section_view(Section::new(page, rendered.html), topic.pages.len() > 1);
            self.renderer.render("partials/handout-section.html", &view)
        };
        let mut scanner = Scanner::default();
        let windows = topic
            .pages
            .chunks(WINDOW)
            .flat_map(|window| window.par_iter().map(section).collect::<Vec<_>>());
        let mut pieces = std::iter::once(Ok(head.to_string()))
            .chain(windows)
            .chain(std::iter::once(Ok(tail.to_string())))
            .inspect(|piece| {
                if let Ok(html) = piece {
                    scanner.feed(html);
                }
            });
        let file = url.out_file();
        self.sink.stream(&file, &mut pieces)?;
        drop(pieces);
        Ok(check.finish_scan(scanner, &file, Path::new("templates/handout.html")))
    }

    pub fn site_files(&self, check: &mut OutputCheck) -> Result<()> {
        let site = self.views.site;
        for asset in &site.assets {
            let url = UrlPath::for_asset(&asset.path);
            self.sink.copy(url.as_str(), &asset.file)?;
            check.written(url.as_str());
        }
        let not_found = UrlPath::file("404.html");
        let html = self
            .renderer
            .render("404.html", &self.views.not_found_view(&not_found))?;
        let scan = self.html(check, &not_found, &html, Path::new("templates/404.html"))?;
        check.record(scan);
        if let Some(base) = self.views.base_url {
            let concepts = site.concepts.iter().map(|(_, c)| &c.url);
            let glossary = glossary_url();
            let extra: Vec<&UrlPath> = if site.concepts.is_empty() {
                Vec::new()
            } else {
                std::iter::once(&glossary).chain(concepts).collect()
            };
            let sitemap = crate::outputs::sitemap(site, &extra, base);
            self.sink.write("sitemap.xml", sitemap.as_bytes())?;
        }
        let robots = crate::outputs::robots(self.views.base_url);
        self.sink.write("robots.txt", robots.as_bytes())?;
        self.sink.write(".nojekyll", b"")
    }
}

/// Where a handout's pages go in its frame, while the frame is rendered.
const SECTIONS: &str = "\u{0}guidebook:sections\u{0}";

//! The second pass: every page, concept page, handout and site file rendered and written,
//! pages in parallel (each dropped once written, so memory does not grow with the guide),
//! and the links of every page's HTML recorded for checking, in page order.

use std::path::Path;

use rayon::prelude::*;

use super::{Piecewise, Sink, input};
use crate::error::{Error, Result};
use crate::handout::{self, Topic};
use crate::linkcheck::{OutputCheck, PageScan, Scanner};
use crate::markdown::{self, Print, diagram};
use crate::model::{Page, PageId};
use crate::paths::UrlPath;
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

    /// Every file the site will have, so that scanning a page settles its links at once.
    pub fn register(&self, check: &mut OutputCheck, with_pdfs: bool) {
        let site = self.views.site;
        for page in &site.pages {
            check.written(&page.url.out_file());
        }
        if !site.concepts.is_empty() {
            check.written(&glossary_url().out_file());
            for (_, concept) in site.concepts.iter() {
                check.written(&concept.url.out_file());
            }
        }
        check.written(&handout::index_url().out_file());
        for topic in self.views.topics {
            check.written(&topic.url().out_file());
            if with_pdfs {
                check.written(topic.pdf().as_str());
            }
        }
        for asset in &site.assets {
            check.written(UrlPath::for_asset(&asset.path).as_str());
        }
        check.written(&UrlPath::file("404.html").out_file());
    }

    /// Every page, in parallel; how many diagrams they hold.
    pub fn pages(&self, check: &mut OutputCheck) -> Result<usize> {
        let site = self.views.site;
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
        let (joined, single): (Vec<&Topic>, Vec<&Topic>) =
            self.views.topics.iter().partition(|t| t.pages.len() > 1);
        let scans = self.joined_handouts(check, &joined)?;
        for scan in scans {
            check.record(scan);
        }
        let scans: Vec<Result<PageScan>> = single
            .par_iter()
            .map(|topic| self.single_handout(check, topic))
            .collect();
        Self::record(check, scans)?;
        let index = handout::index_url();
        let view = self.views.handouts_view(&index, with_pdfs);
        let html = self.renderer.render("handouts.html", &view)?;
        let scan = self.html(check, &index, &html, Path::new("templates/handouts.html"))?;
        check.record(scan);
        Ok(())
    }

    /// The handouts that join several pages (the whole guide, each part), written in one
    /// walk through the guide: each page is rendered for print once, a window of pages at
    /// a time, and goes into every handout that holds it, its links settled for each. One
    /// window is written while the next renders; no handout is ever held whole.
    fn joined_handouts(&self, check: &OutputCheck, topics: &[&Topic]) -> Result<Vec<PageScan>> {
        let site = self.views.site;
        let mut holders: Vec<Vec<usize>> = vec![Vec::new(); site.pages.len()];
        for (t, topic) in topics.iter().enumerate() {
            for id in &topic.pages {
                holders[id.0].push(t);
            }
        }
        let files: Vec<String> = topics.iter().map(|t| t.url().out_file()).collect();
        let pages: Vec<&Page> = site
            .pages
            .iter()
            .filter(|p| !holders[p.id.0].is_empty())
            .collect();
        let mut writer = Joined {
            outputs: self,
            check,
            topics,
            open: topics.iter().map(|_| None).collect(),
            left: topics.iter().map(|t| t.pages.len()).collect(),
            scans: Vec::new(),
        };
        let url = handout::url(handout::WHOLE_GUIDE);
        let mut ready = Vec::new();
        for window in pages.chunks(WINDOW) {
            let (next, written) = rayon::join(
                || {
                    window
                        .par_iter()
                        .map(|page| {
                            let section = self.print_section(page, &url, true)?;
                            Ok(holders[page.id.0]
                                .iter()
                                .map(|&t| {
                                    let holds = |id: PageId| holders[id.0].contains(&t);
                                    let url = &topics[t].url();
                                    let base = self.views.base_url;
                                    let piece =
                                        handout::settle_links(&section, site, &holds, url, base);
                                    let mut scanner = check.scanner(&files[t], Path::new(HANDOUT));
                                    scanner.feed(&piece);
                                    (t, piece.into_owned(), scanner)
                                })
                                .collect::<Vec<_>>())
                        })
                        .collect::<Vec<Result<_>>>()
                },
                || writer.write(std::mem::take(&mut ready)),
            );
            written?;
            for pieces in next {
                ready.extend(pieces?);
            }
        }
        writer.write(ready)?;
        Ok(writer.scans)
    }

    /// A handout's page up to where its sections go, written, with the rest kept.
    fn open_handout<'s>(&'s self, check: &'s OutputCheck, topic: &Topic) -> Result<Handout<'s>> {
        let url = topic.url();
        let (head, tail) = self.frame(topic, &url)?;
        let file = url.out_file();
        let mut handout = Handout {
            stream: self.sink.open(&file)?,
            scanner: check.scanner(&file, Path::new(HANDOUT)),
            tail,
        };
        handout.push(&head)?;
        Ok(handout)
    }

    /// A handout of one page (a question), written whole.
    fn single_handout(&self, check: &OutputCheck, topic: &Topic) -> Result<PageScan> {
        let site = self.views.site;
        let page = site.page(topic.pages[0]);
        let url = topic.url();
        let section = self.print_section(page, &url, false)?;
        let holds = |id: PageId| id == page.id;
        let section = handout::settle_links(&section, site, &holds, &url, self.views.base_url);
        let (head, tail) = self.frame(topic, &url)?;
        let html = [head.as_str(), &section, &tail].concat();
        self.html(check, &url, &html, Path::new(HANDOUT))
    }

    /// `handout.html` for `topic`, split where its sections go.
    fn frame(&self, topic: &Topic, url: &UrlPath) -> Result<(String, String)> {
        let frame = self.renderer.render(
            "handout.html",
            &self.views.handout_view(topic, url, SECTIONS),
        )?;
        let (head, tail) = frame.split_once(SECTIONS).ok_or_else(|| Error::Template {
            name: "handout.html".to_string(),
            message: "it must show {{ sections | safe }}".to_string(),
        })?;
        Ok((head.to_string(), tail.to_string()))
    }

    /// A page rendered as a section of a handout at `url`, its links to pages marked.
    /// `several`: the handout joins several pages, and headings move a level down.
    fn print_section(&self, page: &Page, url: &UrlPath, several: bool) -> Result<String> {
        let section = handout::section_id(page);
        let print = Print {
            section: &section,
            url,
            base_url: self.views.base_url,
            demote: several,
        };
        let rendered = self.render_body(page, Some(&print))?;
        let view = self
            .views
            .handout_section_view(Section::new(page, rendered.html), several);
        self.renderer.render("partials/handout-section.html", &view)
    }

    pub fn site_files(&self, check: &mut OutputCheck) -> Result<()> {
        let site = self.views.site;
        for asset in &site.assets {
            let url = UrlPath::for_asset(&asset.path);
            self.sink.copy(url.as_str(), &asset.file)?;
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

/// The handouts that join several pages, being written in guide order.
struct Joined<'o, 's> {
    outputs: &'o Outputs<'s>,
    check: &'o OutputCheck,
    topics: &'o [&'o Topic],
    open: Vec<Option<Handout<'o>>>,
    /// Pages each has yet to take.
    left: Vec<usize>,
    scans: Vec<PageScan>,
}

impl Joined<'_, '_> {
    /// Pieces for handouts (by index in `topics`), scanned already.
    fn write(&mut self, pieces: Vec<(usize, String, Scanner)>) -> Result<()> {
        for (t, piece, scanner) in pieces {
            let handout = match &mut self.open[t] {
                Some(handout) => handout,
                None => self.open[t].insert(self.outputs.open_handout(self.check, self.topics[t])?),
            };
            handout.stream.push(&piece)?;
            handout.scanner.absorb(scanner);
            self.left[t] -= 1;
            if self.left[t] == 0 {
                if let Some(done) = self.open[t].take() {
                    self.scans.push(done.close()?);
                }
            }
        }
        Ok(())
    }
}

/// A joined handout being written.
struct Handout<'s> {
    stream: Box<dyn Piecewise + Send + 's>,
    scanner: Scanner<'s>,
    tail: String,
}

impl Handout<'_> {
    fn push(&mut self, piece: &str) -> Result<()> {
        self.scanner.feed(piece);
        self.stream.push(piece)
    }

    fn close(mut self) -> Result<PageScan> {
        let tail = std::mem::take(&mut self.tail);
        self.push(&tail)?;
        self.stream.close()?;
        Ok(self.scanner.finish())
    }
}

const HANDOUT: &str = "templates/handout.html";

/// Where a handout's pages go in its frame, while the frame is rendered.
const SECTIONS: &str = "\u{0}guidebook:sections\u{0}";

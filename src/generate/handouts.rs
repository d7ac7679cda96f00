//! The first pass over the pages, and the handouts. Each page is analysed (links,
//! anchors, concept mentions) as it is rendered for print, since printing needs nothing of
//! the link graph; the handouts that join several pages (the whole guide, each part) are
//! written as the pass goes. A page is rendered for print once, a window of pages at a
//! time, and goes into every handout that holds it, its links settled for each; one window
//! is written while the next renders, and no handout is ever held whole.

use std::path::Path;

use rayon::prelude::*;

use super::outputs::Outputs;
use super::{Analysed, Piecewise, input, page_facts};
use crate::error::{Error, Result, SourceLoc};
use crate::handout::{self, Topic};
use crate::linkcheck::{OutputCheck, PageScan, Scanner};
use crate::markdown::{self, Print};
use crate::model::{Page, PageId};
use crate::paths::UrlPath;
use crate::render::print::Section;

/// Pages rendered at a time: enough for both cores, little to hold.
const WINDOW: usize = 64;

/// A page's section, settled for one handout (by index among the joined ones), and scanned.
type Piece<'s> = (usize, String, Scanner<'s>);

/// What the first pass found: every page as analysed (in page order, without its HTML),
/// and the links of the handouts it wrote.
pub(super) struct FirstPass {
    pub analysed: Vec<Analysed>,
    pub scans: Vec<PageScan>,
}

impl Outputs<'_> {
    /// Analyses every page, writing the handouts that join several pages as it goes.
    pub(super) fn first_pass(&self, check: &OutputCheck) -> Result<FirstPass> {
        let site = self.chrome.site;
        let topics: Vec<&Topic> = self
            .chrome
            .topics
            .iter()
            .filter(|t| t.pages.len() > 1)
            .collect();
        let mut holders: Vec<Vec<usize>> = vec![Vec::new(); site.pages.len()];
        for (t, topic) in topics.iter().enumerate() {
            for id in &topic.pages {
                holders[id.0].push(t);
            }
        }
        let joined = Joined {
            topics: &topics,
            holders: &holders,
            files: topics.iter().map(|t| t.url().out_file()).collect(),
        };
        let mut writer = Writer {
            outputs: self,
            check,
            topics: &topics,
            open: topics.iter().map(|_| None).collect(),
            left: topics.iter().map(|t| t.pages.len()).collect(),
            scans: Vec::new(),
        };
        let mut analysed = Vec::with_capacity(site.pages.len());
        let mut ready = Vec::new();
        for window in site.pages.chunks(WINDOW) {
            let (next, written) = rayon::join(
                || {
                    window
                        .par_iter()
                        .map(|page| self.first_pass_page(check, &joined, page))
                        .collect::<Vec<_>>()
                },
                || writer.write(std::mem::take(&mut ready)),
            );
            written?;
            for page in next {
                let (page, pieces) = page?;
                analysed.push(page);
                ready.extend(pieces);
            }
        }
        writer.write(ready)?;
        Ok(FirstPass {
            analysed,
            scans: writer.scans,
        })
    }

    /// One page analysed, and rendered for print into the handouts that hold it.
    fn first_pass_page<'s>(
        &self,
        check: &'s OutputCheck,
        joined: &Joined,
        page: &Page,
    ) -> Result<(Analysed, Vec<Piece<'s>>)> {
        let site = self.chrome.site;
        let holders = &joined.holders[page.id.0];
        if holders.is_empty() {
            let input = input(page, None, self.diagrams);
            return Ok((page_facts(markdown::analyze(&input, site)), Vec::new()));
        }
        let url = handout::url(handout::WHOLE_GUIDE);
        let (section, analysed) = self.print_section(page, &url, true)?;
        let pieces = holders
            .iter()
            .map(|&t| {
                let holds = |id: PageId| joined.holders[id.0].contains(&t);
                let url = joined.topics[t].url();
                let base = self.chrome.base_url;
                let piece = handout::settle_links(&section, site, &holds, &url, base);
                let mut scanner = check.scanner(&joined.files[t], Path::new(HANDOUT));
                scanner.feed(&piece);
                (t, piece.into_owned(), scanner)
            })
            .collect();
        Ok((page_facts(analysed), pieces))
    }

    /// The handouts of one page (the questions), and the list of every handout.
    pub(super) fn other_handouts(&self, check: &mut OutputCheck, with_pdfs: bool) -> Result<()> {
        let scans: Vec<Result<PageScan>> = self
            .chrome
            .topics
            .par_iter()
            .filter(|t| t.pages.len() == 1)
            .map(|topic| self.single_handout(check, topic))
            .collect();
        Self::record(check, scans)?;
        let index = handout::index_url();
        let view = self.chrome.handouts_view(&index, with_pdfs);
        let html = self.renderer.render("handouts.html", &view)?;
        let scan = self.html(check, &index, &html, Path::new("templates/handouts.html"))?;
        check.record(scan);
        Ok(())
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
        let site = self.chrome.site;
        let page = site.page(topic.pages[0]);
        let url = topic.url();
        let (section, _) = self.print_section(page, &url, false)?;
        let holds = |id: PageId| id == page.id;
        let section = handout::settle_links(&section, site, &holds, &url, self.chrome.base_url);
        let (head, tail) = self.frame(topic, &url)?;
        let html = [head.as_str(), &section, &tail].concat();
        Ok(self
            .html(check, &url, &html, Path::new(HANDOUT))?
            .self_contained())
    }

    /// `handout.html` for `topic`, split where its sections go.
    fn frame(&self, topic: &Topic, url: &UrlPath) -> Result<(String, String)> {
        let frame = self.renderer.render(
            "handout.html",
            &self.chrome.handout_view(topic, url, SECTIONS),
        )?;
        let (head, tail) = frame.split_once(SECTIONS).ok_or_else(|| {
            Error::template(
                SourceLoc::file("handout.html"),
                "it must show {{ sections | safe }}",
            )
        })?;
        Ok((head.to_string(), tail.to_string()))
    }

    /// A page rendered as a section of a handout at `url`, its links to pages marked, and
    /// what rendering it found (without the HTML). `several`: the handout joins several
    /// pages, and headings move a level down.
    fn print_section(
        &self,
        page: &Page,
        url: &UrlPath,
        several: bool,
    ) -> Result<(String, markdown::Rendered)> {
        let section = handout::section_id(page);
        let print = Print {
            section: &section,
            url,
            base_url: self.chrome.base_url,
            demote: several,
        };
        let mut rendered = self.render_body(page, Some(&print))?;
        let content = std::mem::take(&mut rendered.html);
        let view = self
            .chrome
            .handout_section_view(Section::new(page, content), several);
        let html = self
            .renderer
            .render("partials/handout-section.html", &view)?;
        Ok((html, rendered))
    }
}

/// The handouts that join several pages, and which of them hold each page.
struct Joined<'t> {
    topics: &'t [&'t Topic],
    /// For each page, in guide order, the handouts that hold it.
    holders: &'t [Vec<usize>],
    files: Vec<String>,
}

/// The handouts that join several pages, being written in guide order.
struct Writer<'o, 's> {
    outputs: &'o Outputs<'s>,
    check: &'o OutputCheck,
    topics: &'o [&'o Topic],
    open: Vec<Option<Handout<'o>>>,
    /// Pages each has yet to take.
    left: Vec<usize>,
    scans: Vec<PageScan>,
}

impl Writer<'_, '_> {
    /// Pieces for handouts (by index in `topics`), scanned already.
    fn write(&mut self, pieces: Vec<Piece>) -> Result<()> {
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
        Ok(self.scanner.finish().self_contained())
    }
}

const HANDOUT: &str = "templates/handout.html";

/// Where a handout's pages go in its frame, while the frame is rendered.
const SECTIONS: &str = "\u{0}guidebook:sections\u{0}";

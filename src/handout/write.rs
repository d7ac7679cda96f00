//! The first pass over the pages, and the handouts. Each page is analysed (links,
//! anchors, concept mentions) as it is rendered for print, since printing needs nothing of
//! the link graph; the handouts that join several pages (the whole guide, each part) are
//! written as the pass goes. A page is parsed once, a window of pages at a time, and
//! written once for every handout that holds it, its links to pages settled for each; one
//! window is written while the next renders, and no handout is ever held whole. A
//! question's own handout is written with its page, from the same parse (`outputs`).

use std::path::Path;

use rayon::prelude::*;
use rustc_hash::FxHashSet;

use super::{Section, Topic};
use crate::error::Result;
use crate::generate::{Analysed, Outputs, Pdfs, Piecewise, page_facts};
use crate::handout;
use crate::linkcheck::{OutputCheck, PageScan, Scanner};
use crate::markdown::{self, Parsed, Print, Settle};
use crate::model::{Page, PageId};
use crate::paths::UrlPath;

/// Pages rendered at a time: enough for both cores, little to hold.
const WINDOW: usize = 64;

/// A page's sections of the handouts that join it with others: each handout's file, the
/// section, and its links scanned.
pub(crate) type JoinedSections = Vec<(String, String, PageScan)>;

/// A page's section, settled for one handout (by index among the joined ones), and scanned.
type Piece<'s> = (usize, String, Scanner<'s>);

/// What the first pass found: every page as analysed (in page order, without its HTML),
/// and the links of the handouts it wrote.
pub(crate) struct FirstPass {
    pub analysed: Vec<Analysed>,
    pub scans: Vec<PageScan>,
    /// The ids of each handout written, by its file, when the outputs keep them.
    pub ids: Vec<(String, FxHashSet<u64>)>,
}

impl Outputs<'_> {
    /// Analyses every page, writing the handouts that join several pages as it goes.
    pub(crate) fn first_pass(&self, check: &OutputCheck) -> Result<FirstPass> {
        let site = self.chrome.site;
        let topics: Vec<&Topic> = self.topics.iter().filter(|t| t.pages.len() > 1).collect();
        let joined = Joined::new(&topics, site.pages.len());
        let mut writer = Writer {
            outputs: self,
            check,
            topics: &topics,
            open: topics.iter().map(|_| None).collect(),
            left: topics.iter().map(|t| t.pages.len()).collect(),
            scans: Vec::new(),
            ids: Vec::new(),
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
            ids: writer.ids,
        })
    }

    /// `page` analysed, and its sections of the handouts that join it with other pages,
    /// each with the handout's file and its links scanned: what a save of the page
    /// changes in those handouts.
    pub(crate) fn joined_sections(
        &self,
        check: &OutputCheck,
        page: &Page,
    ) -> Result<(Analysed, JoinedSections)> {
        let site = self.chrome.site;
        let topics: Vec<&Topic> = self.topics.iter().filter(|t| t.pages.len() > 1).collect();
        let joined = Joined::new(&topics, site.pages.len());
        let (analysed, pieces) = self.first_pass_page(check, &joined, page)?;
        let sections = pieces
            .into_iter()
            .map(|(t, piece, scanner)| (joined.files[t].clone(), piece, scanner.finish_piece()))
            .collect();
        Ok((analysed, sections))
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
        let input = self.input(page, None);
        if holders.is_empty() {
            return Ok((page_facts(markdown::analyze(&input, site)), Vec::new()));
        }
        let base = self.chrome.base_url;
        let settles: Vec<Box<Settle>> = holders
            .iter()
            .map(|&t| {
                let url = joined.topics[t].url();
                let holds = move |id: PageId| joined.holders[id.0].contains(&t);
                Box::new(move |index: usize, fragment: Option<&str>| {
                    handout::page_href(site, &holds, &url, base, index, fragment)
                }) as Box<Settle>
            })
            .collect();
        let settles: Vec<&Settle> = settles.iter().map(Box::as_ref).collect();
        let url = handout::url(handout::WHOLE_GUIDE);
        let (sections, analysed) = self.print_sections(page, None, &url, true, &settles)?;
        let pieces = holders
            .iter()
            .zip(sections)
            .map(|(&t, piece)| {
                let mut scanner = check.scanner(&joined.files[t], Path::new(HANDOUT));
                scanner.feed(&piece);
                (t, piece, scanner)
            })
            .collect();
        Ok((page_facts(analysed), pieces))
    }

    /// The list of every handout.
    pub(crate) fn handouts_index(&self, check: &mut OutputCheck, pdfs: &Pdfs) -> Result<()> {
        let index = handout::index_url();
        let kept = match pdfs {
            Pdfs::Kept(out) => self.keep_pdfs(check, out)?,
            Pdfs::None | Pdfs::Printed => FxHashSet::default(),
        };
        let has_pdf = |t: &Topic| *pdfs == Pdfs::Printed || kept.contains(&t.slug);
        let view = self.chrome.handouts_view(self.topics, &index, &has_pdf);
        let html = self.renderer.render("handouts.html", &view)?;
        let scan = self.html(check, &index, &html, Path::new("templates/handouts.html"))?;
        check.record(scan);
        Ok(())
    }

    /// Carries over, from the site in `out`, the PDF of each handout whose page this
    /// build wrote unchanged (so the PDF still shows it); returns their slugs. A file the
    /// guide itself puts there is the guide's, not a PDF to keep; and only plain files
    /// are read, never what a link in the folder points to.
    fn keep_pdfs(&self, check: &mut OutputCheck, out: &Path) -> Result<FxHashSet<String>> {
        let plain = |path: &Path| std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file());
        let mut kept = FxHashSet::default();
        for topic in self.topics {
            let (page, pdf) = (topic.url().out_file(), topic.pdf());
            let (previous, old_page) = (out.join(pdf.as_str()), out.join(&page));
            let ours = !check.is_written(pdf.as_str());
            if ours && plain(&previous) && plain(&old_page) && self.sink.same_as(&page, &old_page) {
                self.sink.copy(pdf.as_str(), &previous)?;
                check.written(pdf.as_str());
                kept.insert(topic.slug.clone());
            }
        }
        Ok(kept)
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

    /// The handout of one page (a question), written whole, from the page as parsed
    /// for the site.
    pub(crate) fn single_handout(
        &self,
        check: &OutputCheck,
        topic: &Topic,
        page: &Page,
        parsed: &Parsed,
    ) -> Result<PageScan> {
        let site = self.chrome.site;
        let url = topic.url();
        let holds = |id: PageId| id == page.id;
        let base = self.chrome.base_url;
        let settle = |index: usize, fragment: Option<&str>| {
            handout::page_href(site, &holds, &url, base, index, fragment)
        };
        let (sections, _) = self.print_sections(page, Some(parsed), &url, false, &[&settle])?;
        let section = sections.concat();
        let view = self.chrome.handout_view(topic, &url, &section);
        let html = self.renderer.render(HANDOUT_TEMPLATE, &view)?;
        Ok(self
            .html(check, &url, &html, Path::new(HANDOUT))?
            .self_contained())
    }

    /// `handout.html` for `topic`, in the halves its sections go between.
    fn frame(&self, topic: &Topic, url: &UrlPath) -> Result<(String, String)> {
        let view = self.chrome.handout_view(topic, url, "");
        self.renderer.render_halves(HANDOUT_TEMPLATE, &view)
    }

    /// A page rendered as a section of each handout `settles` stands for (all beside
    /// `url`), and what rendering it found (without the HTML). `several`: the handouts
    /// join several pages, and headings move a level down, under the page's title.
    fn print_sections(
        &self,
        page: &Page,
        parsed: Option<&Parsed>,
        url: &UrlPath,
        several: bool,
        settles: &[&Settle],
    ) -> Result<(Vec<String>, markdown::Rendered)> {
        let section = handout::section_id(page);
        let print = Print {
            section: &section,
            url,
            base_url: self.chrome.base_url,
            demote: several,
            handouts: settles,
        };
        let mut rendered = self.render_body(page, parsed, Some(&print))?;
        let view = self
            .chrome
            .handout_section_view(Section::new(page, String::new()), several);
        let (head, tail) = self.renderer.render_halves(SECTION_TEMPLATE, &view)?;
        let first = std::mem::take(&mut rendered.html);
        let more = std::mem::take(&mut rendered.more_html);
        let sections = std::iter::once(first)
            .chain(more)
            .map(|content| [head.as_str(), &content, &tail].concat())
            .collect();
        Ok((sections, rendered))
    }
}

/// The handouts that join several pages, and which of them hold each page.
struct Joined<'t> {
    topics: &'t [&'t Topic],
    /// For each page, in guide order, the handouts that hold it.
    holders: Vec<Vec<usize>>,
    files: Vec<String>,
}

impl<'t> Joined<'t> {
    /// `topics` for a site of `pages` pages.
    fn new(topics: &'t [&'t Topic], pages: usize) -> Self {
        let mut holders: Vec<Vec<usize>> = vec![Vec::new(); pages];
        for (t, topic) in topics.iter().enumerate() {
            for id in &topic.pages {
                holders[id.0].push(t);
            }
        }
        Joined {
            topics,
            holders,
            files: topics.iter().map(|t| t.url().out_file()).collect(),
        }
    }
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
    ids: Vec<(String, FxHashSet<u64>)>,
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
                    let scan = done.close()?;
                    if self.outputs.keep {
                        let ids = scan.ids().iter().copied().collect();
                        self.ids.push((self.topics[t].url().out_file(), ids));
                    }
                    self.scans.push(scan.self_contained());
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

const HANDOUT_TEMPLATE: &str = "handout.html";
const SECTION_TEMPLATE: &str = "partials/handout-section.html";
const HANDOUT: &str = "templates/handout.html";

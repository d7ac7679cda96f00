//! Steps 3 to 6 for the whole guide: analyse every page, build the link graph, check it,
//! then render every page, concept page and site file into a [`Sink`] (a staging folder
//! for `build`, nothing for `check`), checking the links of the HTML as it is written.

use std::borrow::Cow;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::config::{BaseUrl, BuildConfig};
use crate::error::{Diagnostic, Error, Result};
use crate::graph::{self, PageFacts};
use crate::handout::{self, Topic};
use crate::linkcheck::{OutputCheck, SiteIds};
use crate::load::{self, CONCEPTS_FILE};
use crate::markdown::{self, LinkRef, PageInput, Print, Resolver, diagram};
use crate::model::{self, Page, Site};
use crate::paths::{self, SourcePath, UrlPath};
use crate::render::Renderer;
use crate::render::views::{self, Assets, Chrome, ViewContext};
use crate::search;
use crate::theme::Theme;
use crate::timings::Timings;
use crate::write::{Memory, MemoryPiece, Staging, Streamed};

mod claims;
mod outputs;
mod update;

pub(crate) use outputs::Outputs;
pub(crate) use update::{Kept, update};

/// Where the site's files go; written from several threads at once.
pub(crate) trait Sink: Sync {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()>;
    fn copy(&self, rel: &str, from: &Path) -> Result<()>;
    /// A file written piece by piece, for files too big to hold whole.
    fn open(&self, rel: &str) -> Result<Box<dyn Piecewise + Send + '_>>;
    /// Whether this build wrote `rel` with exactly the bytes of the file at `other`.
    fn same_as(&self, _rel: &str, _other: &Path) -> bool {
        false
    }
}

/// Which handouts have a PDF beside them, for the list of handouts to link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Pdfs {
    /// None: the site is served, checked, or not to be kept.
    None,
    /// Every one: `guidebook pdf` prints them all.
    Printed,
    /// Those of the site already in this folder whose handout page is written again
    /// unchanged: a build after `guidebook pdf` keeps them, and drops the rest.
    Kept(std::path::PathBuf),
}

/// A file being written piece by piece.
pub(crate) trait Piecewise {
    fn push(&mut self, piece: &str) -> Result<()>;
    fn close(self: Box<Self>) -> Result<()>;
}

impl Sink for Staging {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        Staging::write(self, rel, bytes)
    }
    fn copy(&self, rel: &str, from: &Path) -> Result<()> {
        Staging::copy(self, rel, from)
    }
    fn open(&self, rel: &str) -> Result<Box<dyn Piecewise + Send + '_>> {
        Ok(Box::new(Staging::open(self, rel)?))
    }
    fn same_as(&self, rel: &str, other: &Path) -> bool {
        Staging::made_same_as(self, rel, other)
    }
}

impl Piecewise for Streamed<'_> {
    fn push(&mut self, piece: &str) -> Result<()> {
        Streamed::push(self, piece)
    }
    fn close(self: Box<Self>) -> Result<()> {
        Streamed::close(*self)
    }
}

impl Sink for Memory {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        Memory::write(self, rel, bytes)
    }
    fn copy(&self, rel: &str, from: &Path) -> Result<()> {
        Memory::copy(self, rel, from)
    }
    fn open(&self, rel: &str) -> Result<Box<dyn Piecewise + Send + '_>> {
        Ok(Box::new(MemoryPiece::new(self, rel)))
    }
}

impl Piecewise for MemoryPiece<'_> {
    fn push(&mut self, piece: &str) -> Result<()> {
        MemoryPiece::push(self, piece);
        Ok(())
    }
    fn close(self: Box<Self>) -> Result<()> {
        MemoryPiece::close(*self);
        Ok(())
    }
}

/// For `check`: everything is rendered and checked, nothing is written.
pub(crate) struct Discard;

impl Sink for Discard {
    fn write(&self, _: &str, _: &[u8]) -> Result<()> {
        Ok(())
    }
    fn copy(&self, _: &str, _: &Path) -> Result<()> {
        Ok(())
    }
    fn open(&self, _: &str) -> Result<Box<dyn Piecewise + Send + '_>> {
        Ok(Box::new(Discard))
    }
}

impl Piecewise for Discard {
    fn push(&mut self, _: &str) -> Result<()> {
        Ok(())
    }
    fn close(self: Box<Self>) -> Result<()> {
        Ok(())
    }
}

/// A guide read from disk, with its theme compiled: everything a build needs.
pub(crate) struct Project {
    pub site: Site,
    pub theme: Theme,
    pub renderer: Renderer,
    pub base_url: Option<BaseUrl>,
    pub guide_dir: PathBuf,
}

impl Project {
    /// The guide, its theme and templates. Problems in the guide that later steps can go
    /// past are left in [`Site::problems`]; the rest fail here, with those found so far.
    pub(crate) fn load(config: &BuildConfig) -> Result<Project> {
        let source = load::load(&config.guide_dir)?;
        let mut theme = load::load_theme(&config.project_dir(), &source.config.extra_css)
            .map_err(|e| e.after(&source.problems))?;
        let mut site = model::build(source, &config.guide_dir)?;
        site.warnings.append(&mut theme.warnings);
        // A bad base_url in guide.yaml is one of the site's problems, found when loading.
        let base_url = config.base_url.clone().or_else(|| {
            let raw = site.config.base_url.as_deref()?;
            BaseUrl::parse(raw).ok()
        });
        let renderer = Renderer::new(&theme)?;
        Ok(Project {
            site,
            theme,
            renderer,
            base_url,
            guide_dir: config.guide_dir.clone(),
        })
    }
}

impl Project {
    /// [`Project::load`] for a guide that is to be generated: when the guide already has
    /// problems, every other one is found too (the site is generated into [`Discard`]),
    /// and all of them are the error.
    pub(crate) fn load_buildable(config: &BuildConfig, pdfs: &Pdfs) -> Result<Project> {
        let project = Project::load(config)?;
        if !project.site.problems.is_empty() {
            generate(&project, &Discard, pdfs, &mut Timings::start())?;
            return Err(Error::content(project.site.problems));
        }
        Ok(project)
    }
}

/// What generating the site found besides its files.
#[derive(Debug, Default)]
pub(crate) struct Report {
    pub diagrams: usize,
    pub concept_pages: usize,
    /// Worth a look, not fatal: unmentioned concepts, pages nothing links to, diagrams
    /// repaired or shown as text, and what loading noticed; by file and line.
    pub warnings: Vec<Diagnostic>,
    /// The handouts written, each at `handouts/<slug>/`.
    pub topics: Vec<Topic>,
}

/// `pdfs`: which handouts have a PDF beside them, for the list of handouts to link.
///
/// Fails with every problem found: the site's own ([`Site::problems`], from loading and
/// modelling) with those of its markdown links, or, when those are sound, with those of
/// the HTML. The HTML is not checked while markdown links are broken: each would be
/// reported again, without its line. A site with problems must be generated into
/// [`Discard`]: what a sink gets is not to be kept.
pub(crate) fn generate(
    project: &Project,
    sink: &dyn Sink,
    pdfs: &Pdfs,
    timings: &mut Timings,
) -> Result<Report> {
    generate_keeping(project, sink, pdfs, timings, false).map(|(report, _)| report)
}

/// [`generate`], keeping (when `keep`) what bringing the site up to date after a save
/// needs ([`update::update`]).
pub(crate) fn generate_keeping(
    project: &Project,
    sink: &dyn Sink,
    pdfs: &Pdfs,
    timings: &mut Timings,
    keep: bool,
) -> Result<(Report, Option<Kept>)> {
    let site = &project.site;
    let base_url = project.base_url.as_ref().map(BaseUrl::as_str);
    let mut check = OutputCheck::new(base_url);
    let statics = theme_statics(site, &project.theme);
    let assets = Assets(
        statics
            .iter()
            .map(|(name, url, _)| (name.to_string(), url.clone()))
            .collect(),
    );
    let topics = handout::topics(site);
    let handouts = handout::links(site, &topics);
    let chrome = Chrome {
        site,
        assets: &assets,
        base_url,
        handouts: &handouts,
    };
    let diagrams = diagram::Cache::new(site.config.tab_size());
    let out = Outputs {
        sink,
        topics: &topics,
        renderer: &project.renderer,
        chrome,
        diagrams: &diagrams,
        keep,
    };
    let clashes = out.register(&mut check, *pdfs == Pdfs::Printed);
    if !clashes.is_empty() {
        return Err(Error::content(clashes).after(&site.problems));
    }
    let registered = keep.then(|| check.clone());
    for (_, url, bytes) in &statics {
        sink.write(url.as_str(), bytes)?;
    }
    let first = out.first_pass(&check)?;
    let handout_ids = first.ids.into_iter().collect();
    let (mut facts, found) = facts(site, first.analysed);
    if !found.is_empty() {
        return Err(Error::content(found).after(&site.problems));
    }
    for scan in first.scans {
        check.record(scan);
    }
    timings.step("analyse, print");
    let (signatures, links): (Vec<u64>, Vec<Vec<LinkRef>>) = match keep {
        true => (facts.iter())
            .map(|f| (f.signature(), f.links.clone()))
            .unzip(),
        false => Default::default(),
    };
    let notes: Vec<Diagnostic> = facts
        .iter_mut()
        .flat_map(|f| std::mem::take(&mut f.notes))
        .collect();
    let graph = graph::build(site, facts);
    timings.step("link graph");
    let views = ViewContext {
        chrome,
        graph: &graph,
    };
    let index = search::Index::new(site);
    let mut made = out.pages(&mut check, &views, &index)?;
    timings.step("pages");
    // The index is finished on one core while the other pages take the rest.
    let (indexed, others) = rayon::join(
        || out.search_index(&index, &mut made),
        || -> Result<usize> {
            let concept_pages = out.concept_pages(&mut check, &views)?;
            out.handouts_index(&mut check, pdfs)?;
            out.site_files(&mut check)?;
            out.search_page(&mut check)?;
            Ok(concept_pages)
        },
    );
    indexed?;
    let concept_pages = others?;
    let site_ids = if keep {
        check.site_ids()
    } else {
        SiteIds::default()
    };
    let mut problems = check.finish();
    timings.step("other pages, search index");
    problems.extend(site.problems.iter().cloned());
    if !problems.is_empty() {
        return Err(Error::content(problems));
    }
    let mut warnings = site.warnings.clone();
    warnings.extend(notes);
    warnings.extend(graph::warnings(
        site,
        &graph,
        &project.guide_dir.join(CONCEPTS_FILE),
    ));
    // By file and line, as an author fixes them, whatever step found each.
    warnings.sort();
    let diagram_count = made.diagrams;
    let kept = registered.map(|check| Kept {
        check,
        graph,
        facts: signatures,
        links,
        site_ids,
        handout_ids,
        topics: topics.clone(),
        assets,
        handouts,
        diagrams,
        index,
        made: std::mem::take(&mut made),
    });
    let report = Report {
        diagrams: diagram_count,
        concept_pages,
        warnings,
        topics,
    };
    Ok((report, kept))
}

pub(super) fn input<'a>(
    page: &'a Page,
    print: Option<&'a Print<'a>>,
    diagrams: &'a diagram::Cache,
    reserved_ids: &'a HashSet<String>,
    search: bool,
) -> PageInput<'a> {
    PageInput {
        source: &page.source,
        url: &page.url,
        file: &page.file,
        text: &page.text,
        body_start: page.body.start,
        print,
        diagrams,
        reserved_ids,
        search,
    }
}

#[cfg(test)]
/// Links, anchors and mentions of every page (in parallel, in page order), or every
/// problem in them. The build gets them as it renders the handouts.
pub(crate) fn analyze(site: &Site, diagrams: &diagram::Cache) -> Result<Vec<PageFacts>> {
    use rayon::prelude::*;
    let analysed = site
        .pages
        .par_iter()
        .map(|page| {
            let reserved = Default::default();
            page_facts(markdown::analyze(
                &input(page, None, diagrams, &reserved, false),
                site,
            ))
        })
        .collect();
    let (facts, problems) = facts(site, analysed);
    if problems.is_empty() {
        Ok(facts)
    } else {
        Err(Error::content(problems))
    }
}

/// A page analysed: what the link graph needs of it, and the problems found in it.
pub(crate) type Analysed = (PageFacts, Vec<Diagnostic>);

pub(crate) fn page_facts(analysed: markdown::Rendered) -> Analysed {
    let facts = PageFacts::new(
        analysed.links,
        analysed.anchors,
        analysed.mentions,
        analysed.notes,
    );
    (facts, analysed.problems)
}

/// The facts of every page, and every problem found in them.
fn facts(site: &Site, analysed: Vec<Analysed>) -> (Vec<PageFacts>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let facts: Vec<PageFacts> = analysed
        .into_iter()
        .map(|(facts, found)| {
            problems.extend(found);
            facts
        })
        .collect();
    problems.extend(graph::check_anchors(site, &facts));
    (facts, problems)
}

/// Theme files go to `static/` under fingerprinted names, with the shared list of parts
/// when pages do not repeat it: each file's name, URL and bytes.
fn theme_statics<'t>(site: &Site, theme: &'t Theme) -> Vec<(String, UrlPath, Cow<'t, [u8]>)> {
    let mut statics: Vec<(String, UrlPath, Cow<[u8]>)> = theme
        .statics
        .iter()
        .map(|(name, bytes)| {
            let url = paths::fingerprinted(name, bytes);
            (name.clone(), url, Cow::Borrowed(bytes.as_slice()))
        })
        .collect();
    if views::nav_is_shared(site) {
        let script = views::parts_script(site).into_bytes();
        let url = paths::fingerprinted("parts.js", &script);
        statics.push(("parts.js".to_string(), url, Cow::Owned(script)));
    }
    statics
}

impl Resolver for Site {
    fn page_url(&self, source: &SourcePath) -> Option<&UrlPath> {
        self.lookup(source).map(|p| &p.url)
    }

    fn page_title(&self, source: &SourcePath) -> Option<&str> {
        self.lookup(source).map(|p| p.title.as_str())
    }

    fn page_index(&self, source: &SourcePath) -> Option<usize> {
        self.lookup(source).map(|p| p.id.0)
    }

    fn asset_exists(&self, source: &SourcePath) -> bool {
        self.assets.binary_search_by(|a| a.path.cmp(source)).is_ok()
    }

    fn page_paths(&self) -> Vec<&SourcePath> {
        self.pages.iter().map(|p| &p.source).collect()
    }

    fn page_named(&self, name: &str) -> Option<&SourcePath> {
        self.named(name).map(|p| &p.source)
    }

    fn concepts(&self) -> &crate::concepts::Concepts {
        &self.concepts
    }
}

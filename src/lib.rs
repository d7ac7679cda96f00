//! guidebook turns a folder of markdown (an interview-preparation guide) into a static
//! site. The pipeline, in order:
//!
//! 1. `load`: read `guide/` (sorted), `concepts.yaml` and the theme; type front matter.
//! 2. `model`: order the pages into parts, give each its URL and title.
//! 3. `markdown`: analyse each page (links, anchors, concept mentions).
//! 4. `graph`: backlinks, related questions, concept pages' mentions; check anchors.
//! 5. `render`: render each page again, into the theme's templates (`generate`).
//! 6. `write`: stage every file, then swap the new site in for the old.

mod concepts;
mod config;
mod error;
mod generate;
mod graph;
mod handout;
mod http;
mod init;
mod linkcheck;
mod load;
mod markdown;
mod model;
mod paths;
mod pdf;
mod render;
pub mod report;
mod search;
mod serve;
mod site_files;
mod text;
mod theme;
#[cfg(test)]
mod theme_doc;
mod timings;
mod write;

pub use config::{BaseUrl, BuildConfig};
pub use error::{Diagnostic, Error, Result, SourceLoc};
pub use init::{export_theme, init};
pub use pdf::{Options as PdfOptions, Paper};
pub use serve::{ServeConfig, serve};
pub use timings::Timings;
/// The insides that the fuzz targets and tests drive directly; not part of the API.
#[doc(hidden)]
pub mod internals {
    pub use crate::handout::css_string;
    pub use crate::load::{GuideSource, load_theme, parse_page};
    pub use crate::markdown::{PageHref, PageInput, Parsed, Print, Settle, analyze, parse, render};
    pub use crate::model::build as build_model;
    pub use crate::paths::{SourcePath, percent_decode};
    pub use crate::render::Renderer;
    pub use crate::render::escape_html;
    pub use crate::render::nav::js_string;
}

use std::path::PathBuf;
use std::time::{Duration, Instant};

use generate::{Discard, Project};
use write::Staging;

/// What a finished build reports.
#[derive(Debug, Clone)]
pub struct BuildSummary {
    /// Pages built.
    pub pages: usize,
    /// Of those, questions.
    pub questions: usize,
    /// Diagrams drawn.
    pub diagrams: usize,
    /// Concept pages written.
    pub concepts: usize,
    /// Handouts printed to PDF (by `guidebook pdf`).
    pub pdfs: usize,
    /// Wall time of the whole build.
    pub elapsed: Duration,
    /// Where the site was written.
    pub out_dir: PathBuf,
    /// How long each step took.
    pub timings: Timings,
    /// Files written: the rest were already right in the spare copy of the site.
    pub written: usize,
    /// What loading the guide warned about (mis-encoded text) and every diagram repaired
    /// or shown as text; `check` lists the rest.
    pub warnings: Vec<Diagnostic>,
}

impl std::fmt::Display for BuildSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use report::count;
        let pdfs = if self.pdfs > 0 {
            format!(" and {}", count(self.pdfs, "handout PDF"))
        } else {
            String::new()
        };
        write!(
            f,
            "built {} ({}, {}, {}){pdfs} in {} ms into {}",
            count(self.pages, "page"),
            count(self.questions, "question"),
            count(self.diagrams, "diagram"),
            count(self.concepts, "concept"),
            self.elapsed.as_millis(),
            self.out_dir.display()
        )?;
        if !self.warnings.is_empty() {
            write!(f, ", with {}", count(self.warnings.len(), "warning"))?;
        }
        Ok(())
    }
}

/// Builds the guide into `config.out_dir`. On any error the previous output is untouched.
pub fn build(config: &BuildConfig) -> Result<BuildSummary> {
    let kept = generate::Pdfs::Kept(config.out_dir.clone());
    stage(config, &kept, |_, _, _| Ok(0))
}

/// Builds the guide like [`build`], then prints every handout to `handouts/<topic>.pdf`
/// with Chromium; the site is swapped in only when every PDF was written.
pub fn pdf(
    config: &BuildConfig,
    chromium: Option<&std::path::Path>,
    options: pdf::Options,
) -> Result<BuildSummary> {
    let chromium = pdf::find_chromium(chromium)?;
    stage(
        config,
        &generate::Pdfs::Printed,
        |project, staging, report| {
            let jobs: Vec<pdf::Job> = report
                .topics
                .iter()
                .map(|t| pdf::Job {
                    page: t.url(),
                    pdf: staging.path_of(t.pdf().as_str()),
                    name: handout_name(&project.site, t),
                    one_page: t.pages.len() == 1 && project.site.page(t.page).is_question(),
                })
                .collect();
            pdf::print_all(&chromium, &staging.path_of(""), &jobs, options)?;
            for topic in &report.topics {
                staging.adopt(topic.pdf().as_str())?;
            }
            Ok(jobs.len())
        },
    )
}

/// A handout as messages name it: its slug and the guide pages it joins (the first few).
fn handout_name(site: &model::Site, topic: &handout::Topic) -> String {
    const SHOWN: usize = 3;
    let mut files: Vec<String> = topic
        .pages
        .iter()
        .take(SHOWN)
        .map(|&id| site.page(id).file.display().to_string())
        .collect();
    if topic.pages.len() > SHOWN {
        files.push(format!(
            "and {}",
            report::count(topic.pages.len() - SHOWN, "more page")
        ));
    }
    format!("handout {} ({})", topic.slug, files.join(", "))
}

/// Generates the site into a staging folder, lets `finish` add to it (returning how many
/// PDFs it wrote), then swaps it in.
fn stage(
    config: &BuildConfig,
    pdfs: &generate::Pdfs,
    finish: impl FnOnce(&Project, &Staging, &generate::Report) -> Result<usize>,
) -> Result<BuildSummary> {
    let started = Instant::now();
    let mut timings = Timings::start();
    // A guide that will not build writes nothing at all.
    let project = Project::load_buildable(config, pdfs)?;
    let staging = Staging::begin(&config.out_dir, &config.guide_dir)?;
    timings.step("load");
    let report = generate::generate(&project, &staging, pdfs, &mut timings)?;
    let pdfs = finish(&project, &staging, &report)?;
    if pdfs > 0 {
        timings.step("pdf");
    }
    let written = staging.writes();
    staging.commit()?;
    timings.step("swap in");
    Ok(BuildSummary {
        pages: project.site.pages.len(),
        questions: project.site.questions().count(),
        diagrams: report.diagrams,
        concepts: report.concept_pages,
        pdfs,
        elapsed: started.elapsed(),
        out_dir: config.out_dir.clone(),
        timings,
        written,
        warnings: report.warnings,
    })
}

/// What `guidebook check` found in a guide that builds.
#[derive(Debug)]
pub struct CheckReport {
    /// Pages checked.
    pub pages: usize,
    /// What is worth a look but not an error (errors under `--strict`).
    pub warnings: Vec<Diagnostic>,
}

/// Runs every validation of a build without writing anything. Warnings (concepts never
/// mentioned, pages nothing links to) become errors when `strict`.
pub fn check(config: &BuildConfig, strict: bool) -> Result<CheckReport> {
    let project = Project::load(config)?;
    let report = generate::generate(
        &project,
        &Discard,
        &generate::Pdfs::None,
        &mut Timings::start(),
    )?;
    if strict && !report.warnings.is_empty() {
        return Err(Error::content(report.warnings));
    }
    Ok(CheckReport {
        pages: project.site.pages.len(),
        warnings: report.warnings,
    })
}

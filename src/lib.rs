//! guidebook turns a folder of markdown (an interview-preparation guide) into a static
//! site. The pipeline, in order:
//!
//! 1. [`load`]: read `guide/` (sorted), `concepts.yaml` and the theme; type front matter.
//! 2. [`model`]: order the pages into parts, give each its URL and title.
//! 3. [`markdown`]: analyse each page (links, anchors, concept mentions).
//! 4. [`graph`]: backlinks, related questions, concept pages' mentions; check anchors.
//! 5. [`render`]: render each page again, into the theme's templates ([`generate`]).
//! 6. [`write`]: stage every file, then swap the new site in for the old.

pub mod cli;
pub mod concepts;
pub mod config;
pub mod error;
pub mod generate;
pub mod graph;
pub mod linkcheck;
pub mod load;
pub mod markdown;
pub mod model;
pub mod outputs;
pub mod paths;
pub mod render;
pub mod write;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use config::BuildConfig;
use error::{Diagnostic, Error, Result};
use generate::{Discard, Project};
use write::Staging;

/// What a finished build reports.
#[derive(Debug, Clone)]
pub struct BuildSummary {
    pub pages: usize,
    pub questions: usize,
    pub diagrams: usize,
    pub concepts: usize,
    pub elapsed: Duration,
    pub out_dir: PathBuf,
}

impl std::fmt::Display for BuildSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "built {} pages ({} questions, {} diagrams, {} concepts) in {} ms into {}",
            self.pages,
            self.questions,
            self.diagrams,
            self.concepts,
            self.elapsed.as_millis(),
            self.out_dir.display()
        )
    }
}

/// Builds the guide into `config.out_dir`. On any error the previous output is untouched.
pub fn build(config: &BuildConfig) -> Result<BuildSummary> {
    let started = Instant::now();
    let project = Project::load(config)?;
    let staging = Staging::begin(&config.out_dir, &config.guide_dir)?;
    let report = generate::generate(&project, &staging)?;
    staging.commit()?;
    Ok(BuildSummary {
        pages: project.site.pages.len(),
        questions: project.site.questions().count(),
        diagrams: report.diagrams,
        concepts: report.concept_pages,
        elapsed: started.elapsed(),
        out_dir: config.out_dir.clone(),
    })
}

/// What `guidebook check` found in a guide that builds.
#[derive(Debug)]
pub struct CheckReport {
    pub pages: usize,
    pub warnings: Vec<Diagnostic>,
}

/// Runs every validation of a build without writing anything. Warnings (concepts never
/// mentioned, pages nothing links to) become errors when `strict`.
pub fn check(config: &BuildConfig, strict: bool) -> Result<CheckReport> {
    let project = Project::load(config)?;
    let report = generate::generate(&project, &Discard)?;
    if strict && !report.warnings.is_empty() {
        return Err(Error::content(report.warnings));
    }
    Ok(CheckReport {
        pages: project.site.pages.len(),
        warnings: report.warnings,
    })
}

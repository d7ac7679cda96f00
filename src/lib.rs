//! guidebook turns a folder of markdown (an interview-preparation guide) into a static
//! site. The pipeline, in order:
//!
//! 1. [`load`]: read `guide/` (sorted) and the theme; split and type front matter.
//! 2. [`model`]: order the pages into parts, give each its URL and title.
//! 3. [`markdown`]: render each page's body (links, headings, diagrams, STAR cards).
//! 4. [`render`]: put each body into the theme's templates.
//! 5. [`write`]: stage every file, then swap the new site in for the old.

pub mod cli;
pub mod config;
pub mod error;
pub mod load;
pub mod markdown;
pub mod model;
pub mod outputs;
pub mod paths;
pub mod render;
pub mod write;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use config::{BaseUrl, BuildConfig};
use error::{Diagnostics, Error, Result};
use markdown::{PageInput, Resolver};
use model::Site;
use paths::{SourcePath, UrlPath};
use render::Renderer;
use render::views::{Assets, Body, ViewContext};
use write::Staging;

/// What a finished build reports.
#[derive(Debug, Clone)]
pub struct BuildSummary {
    pub pages: usize,
    pub questions: usize,
    pub diagrams: usize,
    pub elapsed: Duration,
    pub out_dir: PathBuf,
}

impl std::fmt::Display for BuildSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "built {} pages ({} questions, {} diagrams) in {} ms into {}",
            self.pages,
            self.questions,
            self.diagrams,
            self.elapsed.as_millis(),
            self.out_dir.display()
        )
    }
}

/// Builds the guide into `config.out_dir`. On any error the previous output is untouched.
pub fn build(config: &BuildConfig) -> Result<BuildSummary> {
    let started = Instant::now();
    let source = load::load(&config.guide_dir)?;
    let theme = load::load_theme(&config.project_dir())?;
    let site = model::build(source, &config.guide_dir)?;
    let base_url = base_url(config, &site)?;
    let renderer = Renderer::new(&theme)?;
    let staging = Staging::begin(&config.out_dir, &config.guide_dir)?;
    let assets = write_theme_statics(&staging, &theme)?;
    let views = ViewContext {
        site: &site,
        assets: &assets,
        base_url: base_url.as_ref().map(BaseUrl::as_str),
    };
    let diagrams = write_pages(&staging, &site, &renderer, &views)?;
    write_site_files(&staging, &site, &renderer, &views)?;
    staging.commit()?;
    Ok(BuildSummary {
        pages: site.pages.len(),
        questions: site.questions().count(),
        diagrams,
        elapsed: started.elapsed(),
        out_dir: config.out_dir.clone(),
    })
}

fn base_url(config: &BuildConfig, site: &Site) -> Result<Option<BaseUrl>> {
    if let Some(url) = &config.base_url {
        return Ok(Some(url.clone()));
    }
    match &site.config.base_url {
        Some(raw) => BaseUrl::parse(raw).map(Some).map_err(|e| {
            Error::Usage(format!(
                "{}: base_url: {e}",
                config.guide_dir.join("guide.yaml").display()
            ))
        }),
        None => Ok(None),
    }
}

/// Theme files go to `static/` under fingerprinted names.
fn write_theme_statics(staging: &Staging, theme: &load::Theme) -> Result<Assets> {
    let mut assets = Assets::default();
    for (name, bytes) in &theme.statics {
        let url = paths::fingerprinted(name, bytes);
        staging.write(url.as_str(), bytes)?;
        assets.0.insert(name.clone(), url);
    }
    Ok(assets)
}

/// Renders and writes every page; returns how many diagrams they hold. Content problems
/// of all pages are collected and reported together.
fn write_pages(
    staging: &Staging,
    site: &Site,
    renderer: &Renderer,
    views: &ViewContext,
) -> Result<usize> {
    let mut problems = Diagnostics::default();
    let mut diagrams = 0;
    for page in &site.pages {
        let input = PageInput {
            source: &page.source,
            url: &page.url,
            file: &page.file,
            text: &page.text,
            body_start: page.body.start,
        };
        let rendered =
            markdown::render(&input, site, renderer).map_err(|message| Error::Template {
                name: format!("a partial used by {}", page.file.display()),
                message,
            })?;
        problems.extend(rendered.problems);
        diagrams += rendered.diagrams;
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
        staging.write(
            &page.url.out_file(),
            renderer.render(template, &view)?.as_bytes(),
        )?;
    }
    problems.finish(diagrams)
}

fn write_site_files(
    staging: &Staging,
    site: &Site,
    renderer: &Renderer,
    views: &ViewContext,
) -> Result<()> {
    for asset in &site.assets {
        staging.copy(UrlPath::for_asset(&asset.path).as_str(), &asset.file)?;
    }
    let not_found = UrlPath::file("404.html");
    let view = views.not_found_view(&not_found);
    staging.write("404.html", renderer.render("404.html", &view)?.as_bytes())?;
    if let Some(base) = views.base_url {
        staging.write("sitemap.xml", outputs::sitemap(site, base).as_bytes())?;
    }
    staging.write("robots.txt", outputs::robots(views.base_url).as_bytes())?;
    staging.write(".nojekyll", b"")
}

impl Resolver for Site {
    fn page_url(&self, source: &SourcePath) -> Option<&UrlPath> {
        self.lookup(source).map(|p| &p.url)
    }

    fn asset_exists(&self, source: &SourcePath) -> bool {
        self.assets.binary_search_by(|a| a.path.cmp(source)).is_ok()
    }

    fn page_paths(&self) -> Vec<&SourcePath> {
        self.pages.iter().map(|p| &p.source).collect()
    }
}

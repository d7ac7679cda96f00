//! Steps 3 to 6 for the whole guide: analyse every page, build the link graph, check it,
//! then render every page, concept page and site file into a [`Sink`] (a staging folder
//! for `build`, nothing for `check`), checking the links of the HTML as it is written.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::config::{BaseUrl, BuildConfig};
use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::graph::{self, PageFacts};
use crate::handout::{self, Topic};
use crate::linkcheck::OutputCheck;
use crate::load::{self, CONCEPTS_FILE, Theme};
use crate::markdown::{self, PageInput, Print, Resolver};
use crate::model::{self, Page, Site};
use crate::paths::{self, SourcePath, UrlPath};
use crate::render::Renderer;
use crate::render::print::Section;
use crate::render::views::{Assets, Body, ViewContext, glossary_url};
use crate::write::Staging;

/// Where the site's files go.
pub trait Sink {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()>;
    fn copy(&self, rel: &str, from: &Path) -> Result<()>;
}

impl Sink for Staging {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        Staging::write(self, rel, bytes)
    }
    fn copy(&self, rel: &str, from: &Path) -> Result<()> {
        Staging::copy(self, rel, from)
    }
}

/// For `check`: everything is rendered and checked, nothing is written.
pub struct Discard;

impl Sink for Discard {
    fn write(&self, _: &str, _: &[u8]) -> Result<()> {
        Ok(())
    }
    fn copy(&self, _: &str, _: &Path) -> Result<()> {
        Ok(())
    }
}

/// A guide read from disk, with its theme compiled: everything a build needs.
pub struct Project {
    pub site: Site,
    pub theme: Theme,
    pub renderer: Renderer,
    pub base_url: Option<BaseUrl>,
    pub guide_dir: PathBuf,
}

impl Project {
    pub fn load(config: &BuildConfig) -> Result<Project> {
        let source = load::load(&config.guide_dir)?;
        let theme = load::load_theme(&config.project_dir())?;
        let site = model::build(source, &config.guide_dir)?;
        let base_url = match (&config.base_url, &site.config.base_url) {
            (Some(url), _) => Some(url.clone()),
            (None, Some(raw)) => Some(BaseUrl::parse(raw).map_err(|e| {
                let file = config.guide_dir.join("guide.yaml");
                Error::Usage(format!("{}: base_url: {e}", file.display()))
            })?),
            (None, None) => None,
        };
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

/// What generating the site found besides its files.
#[derive(Debug, Default)]
pub struct Report {
    pub diagrams: usize,
    pub concept_pages: usize,
    /// Worth a look, not fatal: unmentioned concepts, pages nothing links to.
    pub warnings: Vec<Diagnostic>,
    /// The handouts written, each at `handouts/<slug>/`.
    pub topics: Vec<Topic>,
}

/// `with_pdfs`: the handouts' PDFs will be written beside them (by `guidebook pdf`), so
/// the list of handouts links them.
pub fn generate(project: &Project, sink: &dyn Sink, with_pdfs: bool) -> Result<Report> {
    let site = &project.site;
    let facts = analyze(site)?;
    let graph = graph::build(site, &facts);
    let base_url = project.base_url.as_ref().map(BaseUrl::as_str);
    let mut check = OutputCheck::new(base_url);
    let assets = write_theme_statics(sink, &project.theme, &mut check)?;
    let topics = handout::topics(site);
    if with_pdfs {
        for topic in &topics {
            check.written(topic.pdf().as_str());
        }
    }
    let views = ViewContext {
        site,
        graph: &graph,
        assets: &assets,
        base_url,
        topics: &topics,
    };
    let out = Outputs {
        sink,
        renderer: &project.renderer,
        views: &views,
    };
    let diagrams = out.pages(&mut check)?;
    let concept_pages = out.concept_pages(&mut check)?;
    out.handouts(&mut check, with_pdfs)?;
    out.site_files(&mut check)?;
    let problems = check.finish();
    if !problems.is_empty() {
        return Err(Error::content(problems));
    }
    let mut warnings = site.warnings.clone();
    warnings.extend(facts.iter().flat_map(|f| f.notes.iter().cloned()));
    warnings.extend(graph::warnings(
        site,
        &graph,
        &project.guide_dir.join(CONCEPTS_FILE),
    ));
    Ok(Report {
        diagrams,
        concept_pages,
        warnings,
        topics,
    })
}

fn input<'a>(page: &'a Page, print: Option<&'a Print<'a>>) -> PageInput<'a> {
    PageInput {
        source: &page.source,
        url: &page.url,
        file: &page.file,
        text: &page.text,
        body_start: page.body.start,
        print,
    }
}

/// The first pass: links, anchors and mentions of every page, and every problem in them.
pub fn analyze(site: &Site) -> Result<Vec<PageFacts>> {
    let mut problems = Diagnostics::default();
    let facts: Vec<PageFacts> = site
        .pages
        .iter()
        .map(|page| {
            let analysed = markdown::analyze(&input(page, None), site);
            problems.extend(analysed.problems);
            PageFacts {
                links: analysed.links,
                anchors: analysed.anchors,
                mentions: analysed.mentions,
                notes: analysed.notes,
            }
        })
        .collect();
    problems.extend(graph::check_anchors(site, &facts));
    problems.finish(facts)
}

/// Theme files go to `static/` under fingerprinted names.
fn write_theme_statics(sink: &dyn Sink, theme: &Theme, check: &mut OutputCheck) -> Result<Assets> {
    let mut assets = Assets::default();
    for (name, bytes) in &theme.statics {
        let url = paths::fingerprinted(name, bytes);
        sink.write(url.as_str(), bytes)?;
        check.written(url.as_str());
        assets.0.insert(name.clone(), url);
    }
    Ok(assets)
}

struct Outputs<'a> {
    sink: &'a dyn Sink,
    renderer: &'a Renderer,
    views: &'a ViewContext<'a>,
}

impl Outputs<'_> {
    fn html(
        &self,
        check: &mut OutputCheck,
        url: &UrlPath,
        html: &str,
        origin: &Path,
    ) -> Result<()> {
        let file = url.out_file();
        check.scan(&file, html, origin);
        self.sink.write(&file, html.as_bytes())
    }

    /// The second pass: every page rendered and written, one at a time.
    fn pages(&self, check: &mut OutputCheck) -> Result<usize> {
        let site = self.views.site;
        for page in &site.pages {
            check.written(&page.url.out_file());
        }
        let mut diagrams = 0;
        for page in &site.pages {
            let rendered =
                markdown::render(&input(page, None), site, self.renderer).map_err(|message| {
                    Error::Template {
                        name: format!("a partial used by {}", page.file.display()),
                        message,
                    }
                })?;
            diagrams += rendered.diagrams;
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
            self.html(check, &page.url, &html, &page.file)?;
        }
        Ok(diagrams)
    }

    fn concept_pages(&self, check: &mut OutputCheck) -> Result<usize> {
        let concepts = &self.views.site.concepts;
        if concepts.is_empty() {
            return Ok(0);
        }
        let glossary = glossary_url();
        check.written(&glossary.out_file());
        for (_, concept) in concepts.iter() {
            check.written(&concept.url.out_file());
        }
        for (id, concept) in concepts.iter() {
            let html = self
                .renderer
                .render("concept.html", &self.views.concept_view(id))?;
            self.html(
                check,
                &concept.url,
                &html,
                Path::new("templates/concept.html"),
            )?;
        }
        let html = self
            .renderer
            .render("concepts.html", &self.views.glossary_view(&glossary))?;
        self.html(
            check,
            &glossary,
            &html,
            Path::new("templates/concepts.html"),
        )?;
        Ok(concepts.len())
    }

    /// A print page per topic, and the list of them.
    fn handouts(&self, check: &mut OutputCheck, with_pdfs: bool) -> Result<()> {
        let site = self.views.site;
        let urls: Vec<UrlPath> = self.views.topics.iter().map(Topic::url).collect();
        let index = handout::index_url();
        for url in urls.iter().chain([&index]) {
            check.written(&url.out_file());
        }
        for (topic, url) in self.views.topics.iter().zip(&urls) {
            let members: BTreeMap<SourcePath, String> = topic
                .pages
                .iter()
                .map(|id| {
                    let page = site.page(*id);
                    (page.source.clone(), handout::section_id(page))
                })
                .collect();
            let mut sections = Vec::new();
            for id in &topic.pages {
                let page = site.page(*id);
                let print = Print {
                    members: &members,
                    section: &members[&page.source],
                    url,
                    base_url: self.views.base_url,
                    demote: topic.pages.len() > 1,
                };
                let rendered = markdown::render(&input(page, Some(&print)), site, self.renderer)
                    .map_err(|message| Error::Template {
                        name: format!("a partial used by {}", page.file.display()),
                        message,
                    })?;
                sections.push(Section::new(page, rendered.html));
            }
            let view = self.views.handout_view(topic, url, sections);
            let html = self.renderer.render("handout.html", &view)?;
            self.html(check, url, &html, Path::new("templates/handout.html"))?;
        }
        let view = self.views.handouts_view(&index, with_pdfs);
        let html = self.renderer.render("handouts.html", &view)?;
        self.html(check, &index, &html, Path::new("templates/handouts.html"))
    }

    fn site_files(&self, check: &mut OutputCheck) -> Result<()> {
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
        self.html(check, &not_found, &html, Path::new("templates/404.html"))?;
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

    fn page_named(&self, name: &str) -> Option<&SourcePath> {
        let wanted = paths::slugify(name.trim_end_matches(".md"));
        self.pages
            .iter()
            .find(|p| {
                paths::slugify(p.source.stem()) == wanted || paths::slugify(&p.title) == wanted
            })
            .map(|p| &p.source)
    }

    fn concepts(&self) -> &crate::concepts::Concepts {
        &self.concepts
    }
}

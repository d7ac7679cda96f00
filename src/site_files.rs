//! What the files beside the pages show: `sitemap.xml` (when the base URL is known) and
//! `robots.txt`, each through its theme template. (`404.html` is a page, and `.nojekyll`,
//! which makes GitHub Pages serve folders starting with `_`, is empty.)

use serde::Serialize;

use crate::model::Site;
use crate::paths::UrlPath;

/// The context of `sitemap.xml`.
#[derive(Serialize, Debug, Default)]
pub(crate) struct SitemapView {
    /// Every page, then the generated pages (glossary, concepts), at absolute URLs.
    pub urls: Vec<String>,
}

/// The context of `robots.txt`.
#[derive(Serialize, Debug, Default)]
pub(crate) struct RobotsView {
    /// The sitemap's absolute URL, when the base URL is known.
    pub sitemap: Option<String>,
}

pub(crate) fn sitemap(site: &Site, extra: &[&UrlPath], base: &str) -> SitemapView {
    let pages = site.pages.iter().map(|p| &p.url);
    SitemapView {
        urls: pages
            .chain(extra.iter().copied())
            .map(|url| url.absolute(base))
            .collect(),
    }
}

pub(crate) fn robots(base: Option<&str>) -> RobotsView {
    RobotsView {
        sitemap: base.map(|base| format!("{base}sitemap.xml")),
    }
}

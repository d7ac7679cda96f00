//! Sites for tests, built from pages given as text.

use std::path::PathBuf;

use super::{Site, build};
use crate::concepts::Concepts;
use crate::config::GuideConfig;
use crate::error::Result;
use crate::load::{FrontMatter, GuideSource, PageSource};
use crate::paths::SourcePath;

/// A site from pages given as (path in the guide, file text), for tests.
pub(crate) fn test_site(pages: &[(&str, &str)], concepts: Concepts) -> Site {
    let pages = pages
        .iter()
        .map(|(path, text)| {
            let file = PathBuf::from(format!("guide/{path}"));
            let (page, problems) =
                crate::load::parse_page(SourcePath::new(path), file, text.to_string());
            assert!(problems.is_empty(), "{path}: {problems:?}");
            page
        })
        .collect();
    let source = GuideSource {
        config: Default::default(),
        concepts,
        pages,
        assets: Vec::new(),
        warnings: Vec::new(),
        problems: Vec::new(),
    };
    let site = build(source, std::path::Path::new("guide")).unwrap();
    assert!(site.problems.is_empty(), "{:?}", site.problems);
    site
}

/// A loaded page from its path and text, front matter and all, without loading's checks.
pub(super) fn page(path: &str, text: &str) -> PageSource {
    let parsed_front = if let Some(rest) = text.strip_prefix("---\n") {
        let end = rest.find("---\n").unwrap();
        let front: FrontMatter = serde_yaml::from_str(&rest[..end]).unwrap();
        (front, end + 8)
    } else {
        (FrontMatter::default(), 0)
    };
    PageSource {
        path: SourcePath::new(path),
        file: PathBuf::from(format!("guide/{path}")),
        text: text.to_string(),
        front: parsed_front.0,
        body_offset: parsed_front.1,
    }
}

/// The site of `pages`, or why it could not be built.
pub(super) fn site(pages: Vec<PageSource>) -> Result<Site> {
    let source = GuideSource {
        config: GuideConfig::default(),
        concepts: Concepts::default(),
        pages,
        assets: Vec::new(),
        warnings: Vec::new(),
        problems: Vec::new(),
    };
    build(source, std::path::Path::new("guide"))
}

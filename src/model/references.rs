//! A page's references in its front matter: `related:` pages and `concepts:`, resolved
//! against the guide, and reported where they name nothing.

use rustc_hash::FxHashMap;

use super::{Page, PageId};
use crate::concepts::Concepts;
use crate::error::{Diagnostic, Diagnostics, SourceLoc, closest};
use crate::load::unknown_concept;
use crate::paths::SourcePath;
use crate::text::LineIndex;

/// `related:` paths become pages and `concepts:` ids become concepts; each one that does
/// not exist is reported at its line in the front matter, and left out.
pub(super) fn resolve_references(
    page: &mut Page,
    written: &References,
    pages: &FxHashMap<SourcePath, PageId>,
    concepts: &Concepts,
    problems: &mut Diagnostics,
) {
    let locate = |needle: &str| {
        let front = &page.text[..page.body.start];
        let offset = front.find(needle).unwrap_or(0);
        let (line, col) = LineIndex::new(&page.text).line_col(&page.text, offset);
        SourceLoc::new(&page.file, line, col)
    };
    for written in &written.related {
        let target = page.source.resolve(written);
        match target.as_ref().and_then(|t| pages.get(t)) {
            Some(id) => page.related.push(*id),
            None => {
                let wanted = target.as_ref().map_or(written.as_str(), SourcePath::as_str);
                let near = closest(wanted, pages.keys().map(SourcePath::as_str));
                let help = match near {
                    Some(near) => format!(
                        "did you mean {}?",
                        page.source.reference_to(&SourcePath::new(near))
                    ),
                    None => "list related pages by their path relative to this page, e.g. \
                             ../behavioral/tips.md"
                        .to_string(),
                };
                problems.push(
                    Diagnostic::new(
                        locate(written),
                        format!("related page \"{written}\" does not exist"),
                    )
                    .with_help(help)
                    .with_len(written.chars().count()),
                );
            }
        }
    }
    for id in &written.concepts {
        match concepts.by_id(id) {
            Some(concept) => page.concepts.push(concept),
            None => {
                let d = unknown_concept(concepts, id, locate(id));
                problems.push(d.with_len(id.chars().count()));
            }
        }
    }
}

/// A page's references to pages and concepts, as its front matter wrote them.
pub(super) struct References {
    pub(super) related: Vec<String>,
    pub(super) concepts: Vec<String>,
}

#[cfg(test)]
mod tests {
    use crate::concepts::Concepts;
    use crate::config::GuideConfig;
    use crate::error::{Diagnostic, SourceLoc};
    use crate::load::GuideSource;
    use crate::model::testing::page;
    use crate::model::{PageId, build};

    /// A reference to nothing is reported and left out, and the site is still built, so
    /// the steps after it check its pages too; loading's problems travel with it.
    #[test]
    fn unknown_references_are_reported_and_left_out() {
        let home = page(
            "index.md",
            "---\nrelated: [a.md, missing.md]\nconcepts: [nope]\n---\n",
        );
        let source = GuideSource {
            config: GuideConfig::default(),
            concepts: Concepts::default(),
            pages: vec![home, page("a.md", "# A\n")],
            assets: Vec::new(),
            warnings: Vec::new(),
            problems: vec![Diagnostic::new(
                SourceLoc::new("guide/a.md", 1, 1),
                "loading",
            )],
        };
        let site = build(source, std::path::Path::new("guide")).unwrap();
        assert_eq!(site.home().related, [PageId(1)]);
        assert!(site.home().concepts.is_empty());
        let found: Vec<String> = site.problems.iter().map(ToString::to_string).collect();
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(
            found.contains(&"guide/a.md:1:1: loading".to_string()),
            "{found:?}"
        );
        assert!(
            found.iter().any(|p| p
                .starts_with("guide/index.md:2:17: related page \"missing.md\" does not exist")),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|p| p.starts_with("guide/index.md:3:12: unknown concept \"nope\"")),
            "{found:?}"
        );
    }

    /// A misspelt `related:` path gets the page meant, written as this page would.
    #[test]
    fn a_misspelt_related_page_suggests_the_one_meant() {
        let question = page("a/q.md", "---\nrelated: [../behavioral/tisp.md]\n---\n");
        let source = GuideSource {
            config: GuideConfig::default(),
            concepts: Concepts::default(),
            pages: vec![
                page("index.md", "# Home\n"),
                question,
                page("behavioral/tips.md", "# Tips\n"),
            ],
            assets: Vec::new(),
            warnings: Vec::new(),
            problems: Vec::new(),
        };
        let site = build(source, std::path::Path::new("guide")).unwrap();
        let [problem] = site.problems.as_slice() else {
            panic!("{:?}", site.problems);
        };
        assert_eq!(
            problem.help.as_deref(),
            Some("did you mean ../behavioral/tips.md?")
        );
    }
}

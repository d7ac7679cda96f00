//! A page's title: from its front matter, its leading `# ` heading, or its file name.

use std::ops::Range;

use crate::error::{Diagnostic, SourceLoc};
use crate::load::PageSource;
use crate::text::title_text;

/// The title from front matter, else the text of the body's leading `# ` heading, else
/// the file name; and the body, which leaves out a leading `# ` heading (the template
/// prints the title, once). A page with both titles, differing, gets a warning: the
/// front matter's is used.
pub(crate) fn title_and_body(page: &PageSource) -> (String, Range<usize>, Option<Diagnostic>) {
    let body = page.body_offset..page.text.len();
    let heading = leading_heading(page);
    match (&page.front.title, heading) {
        (Some(title), Some((heading, after))) => {
            let warning = (*title != heading).then(|| two_titles(page, title, &heading));
            (title.clone(), after..page.text.len(), warning)
        }
        (Some(title), None) => (title.clone(), body, None),
        (None, Some((heading, after))) => (heading, after..page.text.len(), None),
        (None, None) => (humanize(page), body, None),
    }
}

/// The text of the body's leading `# ` heading, and where the body goes on after it.
fn leading_heading(page: &PageSource) -> Option<(String, usize)> {
    let mut offset = page.body_offset;
    for line in page.body().split_inclusive('\n') {
        let bare = line.trim();
        if bare.is_empty() {
            offset += line.len();
            continue;
        }
        let title = bare.strip_prefix("# ").map(|_| title_text(bare));
        return title
            .filter(|t| !t.is_empty())
            .map(|t| (t, offset + line.len()));
    }
    None
}

fn two_titles(page: &PageSource, title: &str, heading: &str) -> Diagnostic {
    let at = page.body_offset + page.body().len() - page.body().trim_start().len();
    let line = page.text[..at].matches('\n').count() + 1;
    Diagnostic::new(
        SourceLoc::new(&page.file, line, 1),
        format!(
            "the page has two titles: \"{title}\" in its front matter and \"{heading}\" in \
             this heading; the front matter's is shown"
        ),
    )
    .with_help("keep one of the two: remove the heading, or the front matter's title")
}

fn humanize(page: &PageSource) -> String {
    let name = if page.path.is_index() {
        page.path.dir().rsplit('/').next().unwrap_or("")
    } else {
        page.path.stem()
    };
    let words = name.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Home".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use crate::model::testing::{page, site};

    #[test]
    fn titles_come_from_front_matter_heading_or_file_name() {
        let site = site(vec![
            page("index.md", "\n# Welcome home\n\nText"),
            page("a/index.md", "---\ntitle: Part A\n---\n# Part A\nText\n"),
            page("a/real-time-analytics.md", "Body only"),
        ])
        .unwrap();
        assert_eq!(site.home().title, "Welcome home");
        assert_eq!(site.home().body(), "\nText");
        assert_eq!(site.pages[1].title, "Part A");
        assert_eq!(
            site.pages[1].body(),
            "Text\n",
            "one title, shown by the template"
        );
        assert_eq!(site.pages[2].title, "Real time analytics");
    }

    /// Markdown that also reads well on GitHub has a `# ` heading under front matter
    /// with a title: the page shows one, and two that differ are worth a warning.
    #[test]
    fn a_page_with_two_titles_shows_the_front_matters_and_is_warned_of() {
        let site = site(vec![
            page("index.md", "---\ntitle: Home\n---\n\n# Welcome\n\nText\n"),
            page("a.md", "---\ntitle: Same\n---\n# Same\nBody\n"),
        ])
        .unwrap();
        assert_eq!(site.home().title, "Home");
        assert_eq!(site.home().body(), "\nText\n");
        assert_eq!(site.pages[1].body(), "Body\n");
        let [warning] = site.warnings.as_slice() else {
            panic!("{:?}", site.warnings);
        };
        assert_eq!(warning.loc.line(), Some(5));
        assert!(warning.loc.path().ends_with("index.md"));
        assert!(warning.message.contains("\"Home\"") && warning.message.contains("\"Welcome\""));
    }

    /// A title taken from a `# ` heading is what a reader sees of it: no markup, no link
    /// targets, entities decoded (the templates escape it once).
    #[test]
    fn titles_from_headings_are_plain_text() {
        let site = site(vec![
            page("index.md", "# The *best* [plan](x.md) `code` {#top}\n"),
            page("a.md", "# Q&A &amp; <b> ##\n"),
            page("b.md", "# ![](logo.png)\n\nText\n"),
        ])
        .unwrap();
        assert_eq!(site.home().title, "The best plan code");
        assert_eq!(site.pages[1].title, "Q&A & <b>");
        assert_eq!(
            site.pages[2].title, "B",
            "a heading with no text is not a title"
        );
        assert_eq!(site.pages[2].body(), "# ![](logo.png)\n\nText\n");
    }
}

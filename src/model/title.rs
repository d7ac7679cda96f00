//! A page's title: from its front matter, its leading `# ` heading, or its file name.

use std::ops::Range;

use crate::load::PageSource;
use crate::text::title_text;

/// The title from front matter, else the text of the body's leading `# ` heading (which
/// then leaves the body, as the template prints the title), else the file name.
pub(crate) fn title_and_body(page: &PageSource) -> (String, Range<usize>) {
    let body = page.body_offset..page.text.len();
    if let Some(title) = &page.front.title {
        return (title.clone(), body);
    }
    let mut offset = page.body_offset;
    for line in page.body().split_inclusive('\n') {
        let bare = line.trim();
        if bare.is_empty() {
            offset += line.len();
            continue;
        }
        if bare.starts_with("# ") {
            let title = title_text(bare);
            if !title.is_empty() {
                return (title, offset + line.len()..page.text.len());
            }
        }
        break;
    }
    (humanize(page), body)
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
            page("a/index.md", "---\ntitle: Part A\n---\n# Kept\n"),
            page("a/real-time-analytics.md", "Body only"),
        ])
        .unwrap();
        assert_eq!(site.home().title, "Welcome home");
        assert_eq!(site.home().body(), "\nText");
        assert_eq!(site.pages[1].title, "Part A");
        assert_eq!(site.pages[1].body(), "# Kept\n");
        assert_eq!(site.pages[2].title, "Real time analytics");
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
